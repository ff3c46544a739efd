//! Drawing an open session: the header, the stepper, the step (Setup, a list, or the dashboard),
//! the live summary beside it, an open form and the footer. Reads the `Workshop`, never changes it.

use super::header::{header, stepper};
use super::item_list::item_list;
use super::live_summary::summary_lines;
use super::setup::setup;
use super::status::status_line;
use super::{Workshop, clock, steps};
use crate::domain::*;
use crate::text::{fit, score_text};
use crate::tui::keymap::Hint;
use crate::tui::theme::Theme;
use crate::tui::widgets::footer::footer;
use crate::tui::widgets::popup::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

/// Where each part of an open session goes on a screen of `area`.
pub struct Areas {
    pub head: Rect,
    pub stepper: Rect,
    pub question: Rect,
    pub body: Rect,
    /// The step itself (Setup, a list, or the dashboard).
    pub main: Rect,
    /// The live summary beside it (zero wide when hidden).
    pub panel: Rect,
    pub foot: Rect,
}

pub fn areas(w: &Workshop, area: Rect) -> Areas {
    // Projector mode keeps the status line (the room reads "done with the step" there) and
    // drops the key hints.
    let foot_height = if w.projector { 1 } else { 2 };
    let [head, stepper, question, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(foot_height),
    ])
    .areas(area);
    let panel_width = if w.show_summary && w.step != Step::Summary && w.agenda().is_none() {
        live_panel_width(area.width)
    } else {
        0
    };
    let [main, panel] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(panel_width)]).areas(body);
    Areas {
        head,
        stepper,
        question,
        body,
        main,
        panel,
        foot,
    }
}

/// Draws the open session into `area`; `beside` is the status text of what runs beside the
/// app (short forms, longest first), shown among the header's badges; `hints` are the footer's
/// keys (the app's, since a popup over the session may have keys of its own).
pub fn render(
    w: &Workshop,
    beside: &[String],
    hints: &[Hint],
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let Areas {
        head,
        stepper: stepper_area,
        question,
        body,
        main,
        panel,
        foot,
    } = areas(w, area);
    header(w, beside, head, buf, theme);
    stepper(w, stepper_area, buf, theme);
    if let Some(agenda) = w.agenda() {
        // The gaps agenda takes the step's place (agenda_view.rs).
        Paragraph::new(super::agenda_view::header_line(w, agenda, theme)).render(question, buf);
        super::agenda_view::render(w, agenda, main, buf, theme);
    } else {
        Paragraph::new(Line::styled(
            format!(" {}", steps::question_in(w.step, w.session.mode)),
            theme.muted.add_modifier(Modifier::ITALIC),
        ))
        .render(question, buf);
    }
    match w.step {
        _ if w.agenda().is_some() => {}
        Step::Setup => setup(w, main, buf, theme),
        Step::Summary => super::dashboard::render(w, main, buf, theme),
        _ => item_list(w, main, buf, theme),
    }
    if panel.width > 0 {
        live_panel(w, panel, buf, theme);
    }

    let message = status_line(w, foot.width, theme);
    if w.projector {
        let text: String = message.spans.iter().map(|s| s.content.as_ref()).collect();
        let style = message.spans.first().map(|s| s.style).unwrap_or_default();
        Paragraph::new(Line::styled(fit(&text, foot.width as usize), style)).render(foot, buf);
    } else {
        footer(message, hints, foot, buf, theme);
    }

    if let Some(open) = &w.form {
        // Dialogs grow with the terminal, so long text needs fewer lines.
        let width = if body.width >= 120 {
            (body.width * 2 / 3).min(120)
        } else {
            76.min(body.width)
        };
        let rect = centered(body, width, open.form.height(width));
        open.form.render(rect, buf, theme);
    }
}

/// The live summary beside the step, with the large numbers in projector mode.
fn live_panel(w: &Workshop, panel: Rect, buf: &mut Buffer, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(theme.border)
        .title(Span::styled(" Live summary ", theme.title));
    let inner = block.inner(panel);
    block.render(panel, buf);
    let big_height = if w.projector && inner.height >= 20 {
        6
    } else {
        0
    };
    let [big, lines] =
        Layout::vertical([Constraint::Length(big_height), Constraint::Min(1)]).areas(inner);
    if big_height > 0 {
        big_numbers(w, big, buf, theme);
    }
    // The bars take what the panel's width leaves after the names and the numbers.
    let sides = w.session.mode.sides().len() as u16;
    let bar_cells = ((lines.width.saturating_sub(11)) / sides.max(1)).saturating_sub(6);
    Paragraph::new(summary_lines(
        &w.summary,
        w.session.mode,
        (lines.width as usize, lines.height as usize),
        usize::from(bar_cells.max(4)),
        theme,
    ))
    .render(lines, buf);
}

/// The live summary's width: 32 columns, and from 120 columns up two fifths of the screen, so
/// a wide screen shows longer bars instead of leaving its right side empty.
pub fn live_panel_width(width: u16) -> u16 {
    if width >= 120 {
        (width * 2 / 5).clamp(32, 80)
    } else {
        32
    }
}

/// The value index and the step's time left in large digits, for the back of the room.
fn big_numbers(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let [labels, digits] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(4)]).areas(area);
    let [index_area, timer_area] =
        Layout::horizontal([Constraint::Length(14), Constraint::Min(1)]).areas(digits);
    let [index_label, timer_label] =
        Layout::horizontal([Constraint::Length(14), Constraint::Min(1)]).areas(labels);
    Paragraph::new(Line::styled("Value index", theme.muted)).render(index_label, buf);
    big(
        &score_text(w.summary.value_index.value),
        theme.title,
        index_area,
        buf,
    );
    if let Some(timer) = w.timer_view(w.step).filter(|_| w.read_only.is_none()) {
        let (label, style) = if timer.left < 0 {
            ("Over time", theme.bad)
        } else if timer.left < 60 {
            ("Time left", theme.warn)
        } else {
            ("Time left", theme.base)
        };
        Paragraph::new(Line::styled(label, theme.muted)).render(timer_label, buf);
        big(&clock(timer.left), style, timer_area, buf);
    }
}

fn big(text: &str, style: Style, area: Rect, buf: &mut Buffer) {
    // The large font is ASCII: an en dash ("no value yet") would draw as nothing at all.
    let text = text.replace('–', "-");
    tui_big_text::BigText::builder()
        .pixel_size(tui_big_text::PixelSize::Quadrant)
        .style(style)
        .lines(vec![Line::raw(text)])
        .build()
        .render(area, buf);
}
