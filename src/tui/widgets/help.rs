//! The `?` help overlay, drawn from the keymap of the screen it is opened on.

use super::popup::{centered, popup_block};
use crate::text::fit;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

pub fn help(context: Context, area: Rect, buf: &mut Buffer, theme: &Theme) {
    // (heading, entries) sections; drawn in one column when they fit, else in two.
    let mut sections: Vec<(&str, Vec<(String, &str)>)> = match context {
        Context::Browser | Context::Pick | Context::Filter | Context::Confirm => {
            vec![("Session list", keymap::help(Context::Browser))]
        }
        Context::Summary => vec![("Summary", keymap::help(Context::Summary))],
        Context::Workshop | Context::Form => {
            vec![
                ("Workshop step", keymap::help(Context::Workshop)),
                ("In a form", keymap::help(Context::Form)),
            ]
        }
    };
    let mut notes = vec!["Ratings: 1 very low · 2 low · 3 moderate · 4 high · 5 very high."];
    if context == Context::Summary {
        notes.push("Value index: geometric mean of perceived value, outcomes, costs, risks.");
        notes.push("Importance × performance: usefulness and outcome items by how much they");
        notes.push("matter and how well they do; 'concentrate here' matters most and does worst.");
    }
    if matches!(
        context,
        Context::Workshop | Context::Form | Context::Summary
    ) {
        notes.push("Blind rating (b): while one person rates, everyone else's ratings show as •");
        notes.push("and every score leaves them out, so nobody anchors on them; r reveals. It");
        notes.push("cannot stop people at one screen watching the keys; look away to be sure.");
    }
    notes.push("Any key closes this help.");
    let entry_lines: usize = sections.iter().map(|(_, e)| e.len() + 1).sum();
    let inner_height = area.height.saturating_sub(2) as usize;
    let two_columns = entry_lines + notes.len() + 1 > inner_height;
    let mut lines: Vec<Line> = Vec::new();
    let column_width = if two_columns {
        (area.width.saturating_sub(4) / 2) as usize
    } else {
        74
    };
    let key_width = 10;
    let entry = |keys: &str, what: &str| -> Vec<Span<'static>> {
        vec![
            Span::styled(format!("{:<key_width$} ", fit(keys, key_width)), theme.key),
            Span::raw(format!(
                "{:<w$}",
                fit(what, column_width.saturating_sub(key_width + 1)),
                w = column_width.saturating_sub(key_width + 1)
            )),
        ]
    };
    let mut flat: Vec<Vec<Span>> = Vec::new();
    for (heading, entries) in sections.drain(..) {
        flat.push(vec![Span::styled(
            format!("{heading:<column_width$}"),
            theme.title,
        )]);
        for (keys, what) in entries {
            flat.push(entry(&keys, what));
        }
    }
    if two_columns {
        let half = flat.len().div_ceil(2);
        for i in 0..half {
            let mut spans = flat[i].clone();
            spans.push(Span::raw(" "));
            if let Some(right) = flat.get(i + half) {
                spans.extend(right.clone());
            }
            lines.push(Line::from(spans));
        }
    } else {
        lines.extend(flat.into_iter().map(Line::from));
    }
    lines.push(Line::raw(""));
    for note in notes {
        lines.push(Line::styled(
            fit(note, area.width.saturating_sub(4) as usize),
            theme.muted,
        ));
    }
    let width = if two_columns {
        area.width
    } else {
        78.min(area.width)
    };
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = centered(area, width, height);
    super::popup::clear_for(rect, buf);
    Paragraph::new(lines)
        .block(popup_block("Help", theme))
        .render(rect, buf);
}
