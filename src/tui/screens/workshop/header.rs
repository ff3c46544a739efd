//! The two lines atop an open session: the header (title, what runs beside the app, the
//! timer, conflicts, blind rating, whose turn, saved or not) and the stepper. Reads the
//! `Workshop`, never changes it.

use super::{TimerView, Workshop, clock};
use crate::domain::value::Status;
use crate::domain::*;
use crate::text::{fit, status_mark, width};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Draws the header; `beside` is the status text of what runs beside the app (short forms,
/// longest first).
pub(super) fn header(w: &Workshop, beside: &[String], area: Rect, buf: &mut Buffer, theme: &Theme) {
    let (save_text, save_style) = save_badge(w, theme);
    let mut turn = badges(w, area.width, theme);
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

/// Where the session stands against its file, at the header's right end.
fn save_badge(w: &Workshop, theme: &Theme) -> (String, Style) {
    match (&w.read_only, w.save_error(), !w.dirty()) {
        (Some(_), _, _) => ("read-only".to_string(), theme.warn),
        (None, Some(_), _) => (
            "NOT SAVED".to_string(),
            theme.bad.add_modifier(Modifier::BOLD),
        ),
        (None, None, true) => ("saved".to_string(), theme.good),
        (None, None, false) => ("unsaved".to_string(), theme.warn),
    }
}

/// The badges before the save badge, each with the space after it: the timer, the merge
/// conflicts, blind rating and whose turn, on a header `area_width` wide.
fn badges(w: &Workshop, area_width: u16, theme: &Theme) -> Vec<Span<'static>> {
    let mut turn = Vec::new();
    // A review has no timer running, no turn and no blind rating to announce.
    let live = w.read_only.is_none();
    if let Some(timer) = w.timer_view(w.step).filter(|_| live) {
        turn.push(timer_badge(timer, theme));
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
        turn.push(turn_badge(w, area_width, theme));
        turn.push(Span::raw(" "));
    }
    turn
}

/// The step's time left (or over), bold and coloured in its last minute and after.
fn timer_badge(timer: TimerView, theme: &Theme) -> Span<'static> {
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
    Span::styled(text, style)
}

/// Who rates now, in that side's colour, reversed.
fn turn_badge(w: &Workshop, area_width: u16, theme: &Theme) -> Span<'static> {
    let style = match w.turn {
        Side::Provider => theme.provider,
        Side::Consumer => theme.consumer,
    };
    let alone = if w.alone { " (alone)" } else { "" };
    // The group goes first when the header is narrow; who and which side stay.
    let mut label = w.turn_label();
    if width(&label) > (area_width as usize) * 2 / 5 && !w.side_by_side() {
        label = format!("{} · {}", w.rater, w.turn.name());
    }
    Span::styled(
        format!(" ▶ {}{alone} ", fit(&label, 36)),
        style.add_modifier(Modifier::REVERSED | Modifier::BOLD),
    )
}

/// The steps in a line, the current one highlighted and each marked complete, partial or
/// empty; the others cut to four letters when the line is too narrow for all.
pub(super) fn stepper(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
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
