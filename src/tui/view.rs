//! Drawing the whole app: the too-small guard, the screen, then any popup on top. Nothing here
//! changes state or touches a file; each screen draws itself from its own `view` module.
//! `App::draw` and `App::render` live here, so the app's state never imports its drawing.

use super::action::Action;
use super::app::{App, MIN_HEIGHT, MIN_WIDTH, Popup, Screen};
use super::keymap::{self, Context};
use super::screens::{browser, portfolio, workshop};
use super::widgets::{help, popup};
use crate::tui::theme::Theme;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui::{Frame, Terminal};

impl App {
    /// Draws the app to `terminal`, whatever its backend.
    pub fn draw<B: Backend>(&self, terminal: &mut Terminal<B>) -> Result<(), B::Error> {
        terminal.draw(|frame| draw(frame, self)).map(|_| ())
    }

    /// Renders the app into `buf`.
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        render(self, area, buf);
    }

    /// The keys of the question a popup asks (yes, no), which the footer shows in place of
    /// the screen's while it is up; `None` under any other popup or none.
    pub fn question_hints(&self) -> Option<Vec<keymap::Hint>> {
        match self.popup {
            Some(Popup::ConfirmDiscard | Popup::ConfirmEnd | Popup::ConfirmLeave) => {
                Some(keymap::hints_where(Context::Confirm, |_| true))
            }
            _ => None,
        }
    }
}

/// Asked before a served workshop ends for everyone, at full size and on the too-small notice.
const END_QUESTION: &str = "End the workshop for everyone connected? It is saved either way.";

/// The question before the workshop ends for everyone, naming whoever is typing a line they
/// have not sent: it is not saved (their goodbye gives it back to them).
fn end_question(typing: &[String]) -> String {
    let question = END_QUESTION;
    let names = typing
        .iter()
        .map(|n| crate::text::one_line(n))
        .collect::<Vec<_>>();
    match names.as_slice() {
        [] => question.to_string(),
        [one] => format!("{question} {one} is typing a line not yet sent."),
        [rest @ .., last] => format!(
            "{question} {} and {last} are typing lines not yet sent.",
            rest.join(", ")
        ),
    }
}

pub fn draw(frame: &mut Frame, app: &App) {
    render(app, frame.area(), frame.buffer_mut());
}

/// Renders the whole app into `buf` (tests render into a `TestBackend` the same way).
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    buf.set_style(area, theme.base);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let behind = match app.popup {
            _ if app.typing() => Behind::Typing,
            Some(Popup::ConfirmEnd) => Behind::Ending,
            _ => Behind::Nothing,
        };
        too_small(area, buf, theme, behind);
        return;
    }
    match &app.screen {
        Screen::Browser(b) => browser::view::render(b, area, buf, theme),
        Screen::Workshop(w) => {
            // Under a question, the footer names its keys, not the form's or the step's.
            let hints = app
                .question_hints()
                .unwrap_or_else(|| w.hints_at(area.width, area.height));
            workshop::view::render(w, &app.beside_status, &hints, area, buf, theme)
        }
        Screen::Portfolio(p) => portfolio::view::render(p, area, buf, theme),
    }
    match app.popup {
        Some(Popup::Help(context)) => help::help(
            context,
            app.beside_help,
            &|b| app.offers_key(b),
            reader_of(app),
            area,
            buf,
            theme,
        ),
        Some(Popup::Explain) => {
            if let Screen::Workshop(w) = &app.screen {
                workshop::dashboard::explain(w, area, buf, theme);
            }
        }
        Some(Popup::ConfirmEnd) => popup::confirm(
            &end_question(&app.typing_elsewhere),
            &format!(
                "{} ends it · any other key goes back",
                keymap::key_for(Context::Confirm, Action::Yes)
            ),
            area,
            buf,
            theme,
        ),
        Some(Popup::ConfirmLeave) => popup::confirm(
            "The step timer is running. Leave this session for the list?",
            &format!(
                "{} leaves (the timer pauses) · any other key stays",
                keymap::key_for(Context::Confirm, Action::Yes)
            ),
            area,
            buf,
            theme,
        ),
        Some(Popup::ConfirmDiscard) => popup::confirm(
            "Throw away the changes in this form?",
            &format!(
                "{} discards · any other key goes back",
                keymap::key_for(Context::Confirm, Action::Yes)
            ),
            area,
            buf,
            theme,
        ),
        None => {}
    }
}

/// What waits behind the too-small notice, which the notice tells of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behind {
    Nothing,
    /// A form or prompt is open: the keys still go there, and `q` is a letter.
    Typing,
    /// The question whether to end a served workshop for everyone.
    Ending,
}

/// The notice drawn instead of the app below its smallest size, with what waits behind it.
pub fn too_small(area: Rect, buf: &mut Buffer, theme: &Theme, behind: Behind) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let now = format!("now {}×{}", area.width, area.height);
    let quit = keymap::key_for(Context::TooSmall, Action::Quit);
    let mut lines = vec![Line::styled(
        format!("terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT})"),
        theme.warn,
    )];
    if behind == Behind::Ending {
        lines.push(Line::styled(END_QUESTION, theme.warn));
        let yes = keymap::key_for(Context::Confirm, Action::Yes);
        lines.push(Line::styled(
            format!("{now} · {yes} ends it · any other key goes back"),
            theme.muted,
        ));
    } else if behind == Behind::Typing {
        let close = keymap::key_for(Context::Form, Action::Cancel);
        lines.push(Line::styled(
            format!("{now} · your typing still goes into the open form"),
            theme.muted,
        ));
        lines.push(Line::styled(
            format!("{close} closes it, then {quit} quits"),
            theme.muted,
        ));
    } else {
        lines.push(Line::styled(format!("{now} · {quit} quits"), theme.muted));
    }
    // Rows the wrapped lines take, so the notice sits in the middle however narrow it is.
    let columns = usize::from(area.width);
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(columns).max(1))
        .sum();
    let height = area.height.min(u16::try_from(rows).unwrap_or(u16::MAX));
    let y = area.y + (area.height - height) / 2;
    let rect = Rect::new(area.x, y, area.width, height);
    Paragraph::new(Text::from(lines))
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(rect, buf);
}

/// Whose screen `app` is, for the help's notes.
fn reader_of(app: &App) -> help::Reader {
    let workshop = app.workshop();
    if workshop.is_some_and(|w| w.seat().is_some()) {
        help::Reader::Participant
    } else if app.console() {
        help::Reader::Console
    } else if app.serving() {
        help::Reader::Room
    } else if workshop.is_some_and(|w| w.alone()) {
        help::Reader::Alone
    } else if workshop.is_some_and(|w| w.read_only().is_some()) {
        help::Reader::Review
    } else {
        help::Reader::Local
    }
}
