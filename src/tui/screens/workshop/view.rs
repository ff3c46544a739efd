//! Drawing an open session: the header, the stepper, the step (Setup, a list, or the dashboard),
//! the live summary beside it, an open form and the footer. Reads the `Workshop`, never changes it.

use super::item_list::item_list;
use super::live_summary::summary_lines;
use super::setup::setup;
use super::{Workshop, clock, steps};
use crate::domain::value::Status;
use crate::domain::*;
use crate::text::{fit, one_line, score_text, status_mark, width};
use crate::tui::action::Action;
use crate::tui::action::side_label;
use crate::tui::keymap::{self, Context};
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
/// app (short forms, longest first), shown among the header's badges.
pub fn render(w: &Workshop, beside: &[String], area: Rect, buf: &mut Buffer, theme: &Theme) {
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

    let (forms, style) = match w.message_forms() {
        forms if forms.is_empty() => (default_status(w), theme.muted),
        forms => (forms.into_iter().map(one_line).collect(), theme.title),
    };
    let message = Line::styled(format!(" {}", longest_fitting(&forms, foot.width)), style);
    if w.projector {
        let text: String = message.spans.iter().map(|s| s.content.as_ref()).collect();
        let style = message.spans.first().map(|s| s.style).unwrap_or_default();
        Paragraph::new(Line::styled(fit(&text, foot.width as usize), style)).render(foot, buf);
    } else {
        footer(
            message,
            &w.hints_at(area.width, area.height),
            foot,
            buf,
            theme,
        );
    }

    if let Some(open) = &w.form {
        // Dialogs grow with the terminal, so long text needs fewer lines.
        let width = if body.width >= 120 {
            (body.width * 2 / 3).min(120)
        } else {
            76.min(body.width)
        };
        let rect = centered(body, width, open.form.height());
        open.form.render(rect, buf, theme);
    }
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

/// The longest of `forms` (longest first) that fits a status line `room` wide after its
/// leading space; the shortest when none fits.
fn longest_fitting(forms: &[String], room: u16) -> &str {
    forms
        .iter()
        .find(|f| width(f) < room as usize)
        .or(forms.last())
        .map_or("", String::as_str)
}

/// What the status line says when no message is on it: its forms, longest first.
fn default_status(w: &Workshop) -> Vec<String> {
    if w.agenda().is_some_and(|a| a.finished()) {
        return vec!["Nothing left to walk".into()];
    }
    if w.agenda().is_some() {
        return vec![
            "Talk about this gap, agree an action or write a note, then move on".into(),
            "Talk, agree or note, then move on".into(),
        ];
    }
    if w.ready_to_reveal() {
        let reveal = keymap::key_for(Context::Workshop, Action::Reveal);
        let hidden = w.hidden_on_step();
        return vec![
            format!(
                "Everyone has rated {}: {reveal} reveals the ratings ({hidden} hidden: •)",
                w.step.title()
            ),
            format!("Everyone has rated: {reveal} reveals the ratings"),
        ];
    }
    // A review has no turn to pass.
    if let Some(lopsided) = w.lopsided().filter(|_| w.read_only.is_none()) {
        return lopsided;
    }
    vec![status_now(w)]
}

/// What the status line says when no message is on it and nobody is done.
fn status_now(w: &Workshop) -> String {
    let rated = w.step.dimension().is_some();
    if w.alone && rated {
        return format!(
            "{} rates alone ({}) · 1–5 rate, 0 clears · others' ratings are not shown",
            w.rater,
            steps::rating_meaning(w.step)
        );
    }
    if w.room && rated {
        // What matters most first, as a narrow screen cuts the end.
        let hidden = w.hidden_on_step();
        return if w.session.blind && w.session.mode == Mode::Workshop && hidden > 0 {
            format!(
                "Ratings hidden: {hidden}, • rated · {} reveals · everyone rates at their own screen",
                keymap::key_for(Context::Workshop, Action::Reveal)
            )
        } else {
            let (given, wanted) = w.ratings_given();
            let given = if wanted > 0 {
                format!("{given} of {wanted} ratings given · ")
            } else {
                String::new()
            };
            format!(
                "{given}everyone rates at their own screen ({})",
                steps::rating_meaning(w.step)
            )
        };
    }
    if w.read_only.is_some() {
        let hidden = if rated && w.hidden_on_step() > 0 {
            " · • a rating not yet revealed"
        } else {
            ""
        };
        return format!(
            "Review (read-only) · {}{hidden} · {}",
            w.step.title(),
            fit(&w.file_label, 40)
        );
    }
    if !rated {
        return format!("{} · {}", w.step.title(), fit(&w.file_label, 50));
    }
    let switch = keymap::key_for(Context::Workshop, Action::SwitchTurn);
    if !w.side_by_side() {
        // One person rating a self-assessment has nobody to pass the turn to.
        let pass = if w.turns().len() > 1 {
            format!(" · {switch} passes the turn")
        } else {
            String::new()
        };
        let hidden = w.hidden_on_step();
        let rest = if w.session.blind && w.session.mode == Mode::Workshop && hidden > 0 {
            format!(
                "ratings hidden: {hidden}, • rated · {} reveals",
                keymap::key_for(Context::Workshop, Action::Reveal)
            )
        } else {
            "1–5 rate, 0 clears".to_string()
        };
        return format!(
            "{} rates ({}){pass} · {rest}",
            w.rater,
            steps::rating_meaning(w.step)
        );
    }
    match w.session.mode {
        Mode::Workshop if w.session.blind && w.hidden_on_step() > 0 => format!(
            "{} rates ({}) · {} {} ratings hidden: • rated, · not yet · {} reveals",
            side_label(w.turn),
            steps::rating_meaning(w.step),
            w.hidden_on_step(),
            w.turn.other().name(),
            keymap::key_for(Context::Workshop, Action::Reveal)
        ),
        Mode::Workshop => format!(
            "{} rates now ({}) · {switch} switches · 1–5 rate, 0 clears",
            side_label(w.turn),
            steps::rating_meaning(w.step)
        ),
        _ => format!(
            "{} self-assessment · 1–5 rate ({}), 0 clears",
            side_label(w.turn),
            steps::rating_meaning(w.step)
        ),
    }
}

fn header(w: &Workshop, beside: &[String], area: Rect, buf: &mut Buffer, theme: &Theme) {
    let (save_text, save_style) = match (&w.read_only, w.save_error(), !w.dirty()) {
        (Some(_), _, _) => ("read-only".to_string(), theme.warn),
        (None, Some(_), _) => (
            "NOT SAVED".to_string(),
            theme.bad.add_modifier(Modifier::BOLD),
        ),
        (None, None, true) => ("saved".to_string(), theme.good),
        (None, None, false) => ("unsaved".to_string(), theme.warn),
    };
    let mut turn = Vec::new();
    // A review has no timer running, no turn and no blind rating to announce.
    let live = w.read_only.is_none();
    if let Some(timer) = w.timer_view(w.step).filter(|_| live) {
        let icon = if timer.running { "⏱" } else { "⏸" };
        let (text, style) = if timer.left < 0 {
            (
                format!("{icon} {} over", clock(timer.left)),
                theme.bad.add_modifier(Modifier::BOLD),
            )
        } else if timer.left < 60 {
            (
                format!("{icon} {} left", clock(timer.left)),
                theme.warn.add_modifier(Modifier::BOLD),
            )
        } else {
            (format!("{icon} {} left", clock(timer.left)), theme.base)
        };
        turn.push(Span::styled(text, style));
        turn.push(Span::raw("  "));
    }
    if !w.session.conflicts.is_empty() {
        // Until resolved, on every step: the merged file kept one value of each.
        let n = w.session.conflicts.len();
        turn.push(Span::styled(
            format!("⚠ {n} conflict{} (Setup)", if n == 1 { "" } else { "s" }),
            theme.bad.add_modifier(Modifier::BOLD),
        ));
        turn.push(Span::raw("  "));
    }
    if live && w.step.dimension().is_some() && w.session.blind && w.session.mode == Mode::Workshop {
        turn.push(Span::styled(
            "BLIND",
            theme.warn.add_modifier(Modifier::BOLD),
        ));
        turn.push(Span::raw(" "));
    }
    // The room's view has no turn: everyone rates at their own screen.
    if live && w.step.dimension().is_some() && !w.room {
        let style = match w.turn {
            Side::Provider => theme.provider,
            Side::Consumer => theme.consumer,
        };
        let alone = if w.alone { " (alone)" } else { "" };
        // The group goes first when the header is narrow; who and which side stay.
        let mut label = w.turn_label();
        if width(&label) > (area.width as usize) * 2 / 5 && !w.side_by_side() {
            label = format!("{} · {}", w.rater, w.turn.name());
        }
        turn.push(Span::styled(
            format!(" ▶ {}{alone} ", fit(&label, 36)),
            style.add_modifier(Modifier::REVERSED | Modifier::BOLD),
        ));
        turn.push(Span::raw(" "));
    }
    let mut right_width: usize =
        turn.iter().map(|s| width(&s.content)).sum::<usize>() + width(&save_text) + 2;
    let service = if w.session.service.is_empty() {
        String::new()
    } else {
        format!(" — {}", w.session.service)
    };
    // What runs beside the app, in the longest form that leaves the title some room (else
    // the shortest that fits at all): never over the other badges.
    let fixed = right_width + 12;
    let title = width(&w.session.title) + width(&service);
    let status = beside
        .iter()
        .find(|s| fixed + width(s) + 2 + title.min(16) <= area.width as usize)
        .or_else(|| {
            beside
                .last()
                .filter(|s| fixed + width(s) + 2 <= area.width as usize)
        });
    if let Some(status) = status {
        turn.insert(0, Span::raw("  "));
        turn.insert(
            0,
            Span::styled(status.clone(), theme.base.add_modifier(Modifier::REVERSED)),
        );
        right_width += width(status) + 2;
    }
    let left_room = (area.width as usize).saturating_sub(right_width + 12);
    let mut spans = vec![
        Span::styled(" covalue ", theme.current_step),
        Span::styled(
            format!(
                " {}",
                fit(&format!("{}{service}", w.session.title), left_room)
            ),
            theme.title,
        ),
    ];
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    spans.push(Span::raw(
        " ".repeat((area.width as usize).saturating_sub(used + right_width)),
    ));
    spans.extend(turn);
    spans.push(Span::styled(save_text, save_style));
    Paragraph::new(Line::from(spans)).render(area, buf);
}

fn stepper(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let full: usize = Step::ALL.iter().map(|s| s.title().len() + 3).sum();
    let short = full > area.width as usize;
    let mut spans = vec![Span::raw(" ")];
    for (i, step) in Step::ALL.into_iter().enumerate() {
        let status = w.summary.completeness[i].status;
        let mark = status_mark(status);
        let name: String = if short && step != w.step {
            step.title().chars().take(4).collect()
        } else {
            step.title().to_string()
        };
        let style = if step == w.step {
            theme.current_step
        } else {
            match status {
                Status::Complete => theme.good,
                Status::Partial => theme.warn,
                Status::Empty => theme.muted,
            }
        };
        spans.push(Span::styled(format!("{mark}{name}"), style));
        spans.push(Span::raw(" "));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}
