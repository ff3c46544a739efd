//! The footer: a status line over the key hints, which come from the keymap.

use crate::text::fit;
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
