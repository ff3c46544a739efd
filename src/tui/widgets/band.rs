//! The turn band: a strip across a list in one side's colour that says who acts now. It takes
//! only what to show (a label and a side), so the label can name a side or a person; with no
//! side it is neutral (the room's view, where nobody has the turn).

use crate::domain::Side;
use crate::text::fit;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// A band filling `area` in `side`'s colour (reversed, so it reads without colour too), with
/// `label` on its middle row. A taller area makes a larger band for a projector.
pub struct SideBand<'a> {
    pub label: &'a str,
    /// Whose band it is; `None` for a neutral band without the ▶ of someone acting.
    pub side: Option<Side>,
}

impl SideBand<'_> {
    pub fn render(self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        if area.is_empty() {
            return;
        }
        let colour = match self.side {
            Some(side) => theme.side(side),
            None => theme.title,
        };
        let style = colour.add_modifier(Modifier::REVERSED | Modifier::BOLD);
        buf.set_style(area, style);
        let middle = Rect {
            y: area.y + area.height / 2,
            height: 1,
            ..area
        };
        let mark = if self.side.is_some() { " ▶ " } else { " " };
        let text = fit(&format!("{mark}{}", self.label), area.width as usize);
        Paragraph::new(Line::styled(text, style)).render(middle, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_fills_its_area_and_survives_a_zero_size_one() {
        let theme = Theme::new(crate::tui::theme::ThemeKind::NoColor);
        let area = Rect::new(0, 0, 20, 3);
        let mut buf = Buffer::empty(area);
        SideBand {
            label: "CONSUMER rates",
            side: Some(Side::Consumer),
        }
        .render(area, &mut buf, &theme);
        let row: String = (0..20).map(|x| buf[(x, 1)].symbol()).collect();
        assert!(row.starts_with(" ▶ CONSUMER rates"), "{row:?}");
        assert!(buf[(19, 0)].modifier.contains(Modifier::REVERSED));
        let mut empty = Buffer::empty(Rect::new(0, 0, 0, 0));
        SideBand {
            label: "x",
            side: Some(Side::Provider),
        }
        .render(Rect::new(0, 0, 0, 0), &mut empty, &theme);
    }
}
