//! The footer: a status line over the key hints, which come from the keymap.

use crate::text::{fit, width};
use crate::tui::action::Action;
use crate::tui::keymap::Hint;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The footer: a status message (or the default) above the key hints.
pub fn footer(message: Line, hints: &[Hint], area: Rect, buf: &mut Buffer, theme: &Theme) {
    let [status, keys] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let room = status.width as usize;
    let text: String = message.spans.iter().map(|s| s.content.as_ref()).collect();
    let style = message.spans.first().map(|s| s.style).unwrap_or_default();
    Paragraph::new(Line::styled(fit(&text, room), style)).render(status, buf);
    let mut spans = Vec::new();
    for hint in hints {
        spans.push(Span::styled(hint.keys.clone(), theme.key));
        spans.push(Span::styled(format!(" {}  ", hint.word), theme.muted));
    }
    Paragraph::new(Line::from(spans)).render(keys, buf);
}

/// The columns `hints` take in the footer, without the gap after the last one.
fn columns(hints: &[Hint]) -> usize {
    let drawn: usize = hints
        .iter()
        .map(|h| width(&h.keys) + 1 + width(h.word))
        .sum();
    drawn + 2 * hints.len().saturating_sub(1)
}

/// `hints` as many as fit in `room` columns, so the footer never ends in a cut word: the last
/// ones go first, but `? help` stays, since the help lists every key the footer leaves out.
pub fn fitting(mut hints: Vec<Hint>, room: u16) -> Vec<Hint> {
    while columns(&hints) > room as usize {
        let last_droppable = hints
            .iter()
            .rposition(|h| h.binding.action != Some(Action::Help));
        match last_droppable {
            Some(i) => {
                hints.remove(i);
            }
            None => break,
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::{Context, hints_where};

    #[test]
    fn hints_that_do_not_fit_are_left_out_whole_and_help_stays() {
        let all = hints_where(Context::Agenda, |_| true);
        assert_eq!(fitting(all.clone(), 200).len(), all.len());
        let fitted = fitting(all.clone(), 30);
        assert!(columns(&fitted) <= 30, "{fitted:?}");
        assert_eq!(fitted[0].keys, all[0].keys, "the first hints are kept");
        assert!(
            fitted
                .iter()
                .any(|h| h.binding.action == Some(Action::Help)),
            "{fitted:?}"
        );
    }
}
