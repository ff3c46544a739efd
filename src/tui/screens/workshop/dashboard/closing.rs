//! The dashboard's closing page: the four closing answers, then how complete each step is and
//! the time spent on it.

use super::super::{Workshop, clock};
use crate::domain::value::Status;
use crate::domain::*;
use crate::text::{fit, status_mark};
use crate::tui::action::Action;
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// The closing answers, then completeness and the time spent per step.
pub(super) fn closing(w: &Workshop, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let width = area.width as usize;
    let mut lines = Vec::new();
    for (question, answer) in w.session.closing.answers() {
        lines.push(Line::styled(fit(question, width), theme.muted));
        if answer.trim().is_empty() {
            // Only where the answers can be written (not in a review, not rating alone).
            let unanswered = if w.offers(Action::Edit) {
                "  not answered yet (e writes the answers)"
            } else {
                "  not answered yet"
            };
            lines.push(Line::styled(unanswered, theme.muted));
        } else {
            for line in wrap(answer, width.saturating_sub(2)) {
                lines.push(Line::raw(format!("  {line}")));
            }
        }
    }
    lines.push(Line::raw(""));
    let mut steps = vec![Span::styled("Steps ", theme.muted)];
    for c in &w.summary.completeness {
        let style = match c.status {
            Status::Complete => theme.good,
            Status::Partial => theme.warn,
            Status::Empty => theme.muted,
        };
        steps.push(Span::styled(
            format!(
                "{}{} ",
                status_mark(c.status),
                c.step.title().chars().take(5).collect::<String>()
            ),
            style,
        ));
    }
    lines.push(Line::from(steps));
    let spent: Vec<String> = Step::ALL
        .iter()
        .filter(|s| w.spent(**s) > 0)
        .map(|s| format!("{} {}", s.title(), clock(w.spent(*s) as i64)))
        .collect();
    if !spent.is_empty() {
        lines.push(Line::styled(
            format!("Time spent: {}", spent.join(", ")),
            theme.muted,
        ));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}
