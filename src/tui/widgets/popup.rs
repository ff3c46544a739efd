//! Popup frames: a centred box with a rounded border, and the yes/no confirmation drawn in one.
//! They know nothing of sessions.

use crate::text::width;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget};

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

/// Margins this narrow beside a popup are cleared to the screen's edge.
const NARROW_MARGIN: u16 = 1;

/// Clears `rect` and one column either side of it (within the buffer): a wide character cut
/// by the popup's edge, or a word touching its border, would otherwise leave stray halves
/// beside it. A narrow margin to the screen's edge is cleared whole.
pub fn clear_for(rect: Rect, buf: &mut Buffer) {
    let bounds = buf.area;
    let mut left = rect.x.saturating_sub(1).max(bounds.x);
    let mut right = (rect.x + rect.width + 1).min(bounds.x + bounds.width);
    // A margin of a column to the screen's edge would show single stray letters of the screen
    // below: it is cleared to the edge.
    if left.saturating_sub(bounds.x) <= NARROW_MARGIN {
        left = bounds.x;
    }
    if (bounds.x + bounds.width).saturating_sub(right) <= NARROW_MARGIN {
        right = bounds.x + bounds.width;
    }
    let margin = Rect::new(left, rect.y, right.saturating_sub(left), rect.height);
    Clear.render(margin.intersection(bounds), buf);
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
    // As tall as the wrapped question and keys: a question longer than the screen is wide
    // (one that names people) must not push the keys out of the box.
    let inner = usize::from(width.saturating_sub(2));
    let mut lines: Vec<Line> = super::wrap::wrap(question, inner)
        .into_iter()
        .map(|l| Line::styled(l, theme.title))
        .collect();
    lines.extend(
        super::wrap::wrap(keys, inner)
            .into_iter()
            .map(|l| Line::styled(l, theme.muted)),
    );
    let rect = centered(area, width, lines.len() as u16 + 2);
    clear_for(rect, buf);
    Paragraph::new(Text::from(lines))
        .block(popup_block("Confirm", theme))
        .render(rect, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_popup_clears_a_column_either_side_and_stays_in_the_buffer() {
        let mut buf = Buffer::with_lines(["一二三四五六"]);
        clear_for(Rect::new(3, 0, 4, 1), &mut buf);
        // 二 and 四 were cut by the edges (columns 2–7 and one either side); 五 stays whole.
        assert_eq!(buf[(0, 0)].symbol(), "一");
        assert!((2..8).all(|x| buf[(x, 0)].symbol() == " "));
        assert_eq!(buf[(8, 0)].symbol(), "五");
        clear_for(Rect::new(0, 0, 12, 1), &mut buf);
    }
}
