//! The `?` help overlay, drawn from the keymap of the screen it is opened on.

use super::popup::{centered, popup_block};
use crate::text::fit;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// One titled list of (keys, what they do) in the help.
pub type Section<'a> = (&'a str, Vec<(String, &'static str)>);

/// The help of the screen with keymap `context`, plus `beside`: a titled context of keys that
/// something running beside the app offers (the server's panel while the app serves). Only
/// the keys `keep` says work in this app are listed (while serving, not the rating keys);
/// `room` is the room's view, where everyone rates at their own screen.
pub fn help(
    context: Context,
    beside: Option<(&str, Context)>,
    keep: &dyn Fn(&keymap::Binding) -> bool,
    room: bool,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    // The screen's own keys first, then what runs beside it, then the form's keys (which a
    // form's footer shows too): on a small screen the last sections give way first.
    let keys = |context| keymap::help_where(context, |b, _| keep(b));
    let (mut sections, forms): (Vec<Section>, Option<Section>) = match context {
        Context::Browser | Context::Pick | Context::Filter | Context::Confirm => {
            (vec![("Session list", keys(Context::Browser))], None)
        }
        Context::Summary => (vec![("Summary", keys(Context::Summary))], None),
        Context::Workshop | Context::Form => (
            vec![("Workshop step", keys(Context::Workshop))],
            Some(("In a form", keys(Context::Form))),
        ),
        Context::Portfolio => (vec![("Portfolio", keys(Context::Portfolio))], None),
        Context::Trend => (vec![("Trend", keys(Context::Trend))], None),
        Context::Serve => (Vec::new(), None),
    };
    if let Some((heading, context)) = beside {
        // The screen's section already lists `?`.
        let keys = keymap::help_where(context, |b, _| {
            b.action != Some(crate::tui::action::Action::Help)
        });
        sections.push((heading, keys));
    }
    sections.extend(forms);
    let mut notes: Vec<&[&str]> =
        vec![&["Ratings: 1 very low · 2 low · 3 moderate · 4 high · 5 very high."]];
    if context == Context::Summary {
        notes.push(&["Value index: geometric mean of perceived value, outcomes, costs, risks."]);
        notes.push(&[
            "Importance × performance: usefulness and outcome items by how much they",
            "matter and how well they do; 'concentrate here' matters most and does worst.",
        ]);
    }
    let rated_here = matches!(
        context,
        Context::Workshop | Context::Form | Context::Summary
    );
    if rated_here && room {
        notes.push(&[
            "Everyone rates at their own screen. Blind rating (b): until r reveals, this",
            "screen shows only who has rated (•) and every score leaves those ratings out.",
        ]);
    } else if rated_here {
        notes.push(&[
            "Blind rating (b): while one person rates, everyone else's ratings show as •",
            "and every score leaves them out, so nobody anchors on them; r reveals. It",
            "cannot stop people at one screen watching the keys; look away to be sure.",
        ]);
    }
    render(sections, notes, area, buf, theme);
}

/// How the help is laid out in `inner_height` rows: in two columns or one, and whether it fits.
fn layout(sections: &[Section], note_lines: usize, inner_height: usize) -> (bool, bool) {
    let entry_lines: usize = sections.iter().map(|(_, e)| e.len() + 1).sum();
    // A blank line and "Any key closes this help." follow the keys and the notes.
    let two_columns = entry_lines + note_lines + 2 > inner_height;
    let rows = if two_columns {
        entry_lines.div_ceil(2)
    } else {
        entry_lines
    };
    (two_columns, rows + note_lines + 2 <= inner_height)
}

/// Draws `sections` of keys and then `notes` (paragraphs of lines) in a popup over `area`: in
/// one column when they fit, else in two. When even two columns do not fit, whole notes give
/// way from the last, then whole sections from the last but the first, and the closing line
/// says which sections a larger window would show; a paragraph is never cut in half.
pub fn render(
    mut sections: Vec<Section>,
    mut notes: Vec<&[&str]>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let inner_height = area.height.saturating_sub(2) as usize;
    let mut left_out: Vec<&str> = Vec::new();
    let two_columns = loop {
        let note_lines = notes.iter().map(|n| n.len()).sum::<usize>();
        let (two_columns, fits) = layout(&sections, note_lines, inner_height);
        if fits {
            break two_columns;
        }
        if notes.pop().is_some() {
            continue;
        }
        if sections.len() > 1
            && let Some((heading, _)) = sections.pop()
        {
            left_out.insert(0, heading);
            continue;
        }
        break two_columns;
    };
    let closing = if left_out.is_empty() {
        "Any key closes this help.".to_string()
    } else {
        format!(
            "Any key closes this help · a larger window also shows {}.",
            left_out.join(", ")
        )
    };
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
    let note_width = area.width.saturating_sub(4) as usize;
    for note in notes
        .into_iter()
        .flatten()
        .copied()
        .chain([closing.as_str()])
    {
        lines.push(Line::styled(fit(note, note_width), theme.muted));
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
