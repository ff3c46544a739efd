//! Popup frames: a centred box with a rounded border, and the yes/no confirmation drawn in one.
//! They know nothing of sessions.

use crate::text::width;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};

pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn popup_block<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.title)
        .title(Span::styled(format!(" {title} "), theme.title))
        .style(theme.base)
}

pub fn confirm(question: &str, keys: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let width = (width(question).max(width(keys)) as u16 + 4).min(area.width);
    let rect = centered(area, width, 4);
    Clear.render(rect, buf);
    let text = Text::from(vec![
        Line::styled(question.to_string(), theme.title),
        Line::styled(keys.to_string(), theme.muted),
    ]);
    Paragraph::new(text)
        .block(popup_block("Confirm", theme))
        .wrap(Wrap { trim: true })
        .render(rect, buf);
}
