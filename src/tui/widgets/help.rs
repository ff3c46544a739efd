//! The `?` help overlay, drawn from the keymap of the screen it is opened on.

use super::popup::{centered, popup_block};
use crate::text::{fit, width};
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// One titled list of (keys, what they do) in the help.
pub type Section<'a> = (&'a str, Vec<(String, &'static str)>);

/// Whose screen the help is drawn on, for what its notes say about rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// People rating in turn at one screen.
    Local,
    /// The room's view while everyone rates at their own screen (`covalue serve`).
    Room,
    /// One person rating alone (`open --as`), for whom Esc saves and quits.
    Alone,
    /// A participant at their own screen over SSH.
    Participant,
    /// The headless server's facilitator console over SSH: the room's view, where q leaves
    /// the console and the workshop goes on.
    Console,
    /// A read-only review (`covalue review`, or a session open for editing elsewhere).
    Review,
}

/// The help of the screen with keymap `context`, plus `beside`: a titled context of keys that
/// something running beside the app offers (the server's panel while the app serves). Only
/// the keys `keep` says work in this app are listed (while serving, not the rating keys);
/// `reader` says whose screen it is, for the notes under the keys.
pub fn help(
    context: Context,
    beside: Option<(&str, Context)>,
    keep: &dyn Fn(&keymap::Binding) -> bool,
    reader: Reader,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    // The screen's own keys first, then what runs beside it, then the form's keys (which a
    // form's footer shows too): on a small screen the last sections give way first.
    let keys = |context| {
        let mut keys = keymap::help_where(context, |b, _| keep(b));
        for (_, what) in &mut keys {
            *what = as_read_by(reader, what);
        }
        keys
    };
    let (mut sections, forms): (Vec<Section>, Option<Section>) = match context {
        Context::Browser | Context::Pick | Context::Filter | Context::Confirm => {
            (vec![("Session list", keys(Context::Browser))], None)
        }
        Context::Summary => (vec![("Summary", keys(Context::Summary))], None),
        Context::Agenda => (
            vec![("Gaps agenda", keys(Context::Agenda))],
            Some(("In a form", keys(Context::Form))),
        ),
        Context::Workshop | Context::Form => (
            vec![("Workshop step", keys(Context::Workshop))],
            Some(("In a form", keys(Context::Form))),
        ),
        Context::Portfolio => (vec![("Portfolio", keys(Context::Portfolio))], None),
        Context::Trend => (vec![("Trend", keys(Context::Trend))], None),
        Context::Serve | Context::Anywhere | Context::TooSmall => (Vec::new(), None),
    };
    if let Some((heading, context)) = beside {
        // The screen's section already lists `?`.
        let keys = keymap::help_where(context, |b, _| {
            b.action != Some(crate::tui::action::Action::Help)
        });
        sections.push((heading, keys));
    }
    // A review opens no form.
    if reader != Reader::Review {
        sections.extend(forms);
    }
    // Ctrl-Z and the like, unless the screen's own section lists them already; given way
    // first on a small screen.
    let anywhere = keymap::help_where(Context::Anywhere, |b, k| {
        let press = crossterm::event::KeyEvent::new(k.code, k.modifiers);
        keep(b) && keymap::action_for(context, &press) != b.action
    });
    if !anywhere.is_empty() {
        sections.push(("Anywhere", anywhere));
    }
    render(sections, notes(context, reader), area, buf, theme);
}

/// What a key does, in the words of whoever reads the help. A review saves nothing: its way
/// out only quits. A participant's leaves the workshop, which the server goes on saving, and
/// their Enter adds a line to the item's note (as their footer says), editing nothing.
fn as_read_by(reader: Reader, what: &'static str) -> &'static str {
    match (reader, what) {
        (Reader::Review, "save and quit") => "quit",
        (Reader::Participant, "save and quit") => "leave the workshop",
        (Reader::Participant, "edit the selected item") => "add to the item's note",
        _ => what,
    }
}

/// The notes under the keys: the scale, the Summary's terms, and what blind rating does for
/// whoever reads this screen.
fn notes(context: Context, reader: Reader) -> Vec<&'static [&'static str]> {
    let mut notes: Vec<&'static [&'static str]> =
        vec![&["Ratings: 1 very low · 2 low · 3 moderate · 4 high · 5 very high."]];
    if context == Context::Summary {
        notes.push(&["Value index: geometric mean of perceived value, outcomes, costs, risks."]);
        notes.push(&[
            "Importance × performance: usefulness and outcome items by how much they",
            "matter and how well they do; 'concentrate here' matters most and does worst.",
        ]);
    }
    if reader == Reader::Alone {
        notes.push(&["Rating alone: Esc or q saves and quits covalue."]);
    }
    if reader == Reader::Review {
        notes.push(&["A review is read-only: no key here changes the session."]);
    }
    if reader == Reader::Console {
        notes.push(&[
            "Over SSH, q and Ctrl-C leave this console: the workshop goes on, saved as it",
            "changes, until the server is stopped where it runs.",
        ]);
    }
    let rated_here = matches!(
        context,
        Context::Workshop | Context::Form | Context::Summary
    );
    if rated_here {
        notes.push(match reader {
            Reader::Room | Reader::Console => &[
                "Everyone rates at their own screen. Blind rating (b): until r reveals, this",
                "screen shows only who has rated (•) and every score leaves those ratings out.",
            ],
            Reader::Participant => &[
                "You rate at your own screen. Until the facilitator reveals, everyone else's",
                "ratings show as • and every score leaves them out, so nobody anchors on them.",
            ],
            Reader::Review => &[
                "Ratings not yet revealed show as • and every score leaves them out, as the",
                "room saw them.",
            ],
            Reader::Local | Reader::Alone => &[
                "Blind rating (b): while one person rates, everyone else's ratings show as •",
                "and every score leaves them out, so nobody anchors on them; r reveals. It",
                "cannot stop people at one screen watching the keys; look away to be sure.",
            ],
        });
    }
    notes
}

/// The width of the keys column; a description takes the rest of its column.
const KEY_WIDTH: usize = 10;

/// One row of the help's key list: a section's heading, or an entry's keys (on its first row)
/// and a line of its description, wrapped rather than cut.
enum Row {
    Heading(String),
    Entry(Option<String>, String),
}

/// The rows of `sections` in columns `column_width` wide.
fn rows_of(sections: &[Section], column_width: usize) -> Vec<Row> {
    let room = column_width.saturating_sub(KEY_WIDTH + 1).max(8);
    let mut rows = Vec::new();
    for (heading, entries) in sections {
        rows.push(Row::Heading(heading.to_string()));
        for (keys, what) in entries {
            for (i, line) in super::wrap::wrap(what, room).into_iter().enumerate() {
                rows.push(Row::Entry((i == 0).then(|| key_range(keys)), line));
            }
        }
    }
    rows
}

/// Keys too wide for their column that share a modifier, as a range: "Alt-1 Alt-2 … Alt-0"
/// becomes "Alt-1…0".
fn key_range(keys: &str) -> String {
    let all: Vec<&str> = keys.split(' ').collect();
    let prefix = all[0].split_once('-').map(|(m, _)| format!("{m}-"));
    match (prefix, all.as_slice()) {
        (Some(prefix), [first, .., last])
            if width(keys) > KEY_WIDTH && all.iter().all(|k| k.starts_with(&prefix)) =>
        {
            format!("{first}…{}", &last[prefix.len()..])
        }
        _ => keys.to_string(),
    }
}

/// Where the right column starts: half way, moved on past a wrapped line so an entry never
/// starts in one column and ends in the other.
fn split_at(rows: &[Row]) -> usize {
    let mut half = rows.len().div_ceil(2);
    while matches!(rows.get(half), Some(Row::Entry(None, _))) {
        half += 1;
    }
    half
}

/// How the help is laid out in `inner_height` rows of an `area_width` screen: its rows, in two
/// columns or one, and whether they fit.
fn layout(
    sections: &[Section],
    note_lines: usize,
    inner_height: usize,
    area_width: usize,
) -> (Vec<Row>, bool, bool) {
    // A blank line and "Any key closes this help." follow the keys and the notes.
    let one = rows_of(sections, ONE_COLUMN);
    if one.len() + note_lines + 2 <= inner_height {
        return (one, false, true);
    }
    let two = rows_of(sections, area_width.saturating_sub(4) / 2);
    let half = split_at(&two);
    let rows = half.max(two.len() - half);
    let fits = rows + note_lines + 2 <= inner_height;
    (two, true, fits)
}

/// The width of the one column the help uses when everything fits in one.
const ONE_COLUMN: usize = 74;

/// Draws `sections` of keys and then `notes` (paragraphs of lines) in a popup over `area`: in
/// one column when they fit, else in two. When even two columns do not fit, whole notes give
/// way from the last, then whole sections from the last but the first, and the closing line
/// says which sections a larger window would show; a paragraph is never cut in half, and a
/// description too long for its column wraps under itself.
pub fn render(
    mut sections: Vec<Section>,
    mut notes: Vec<&[&str]>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let inner_height = area.height.saturating_sub(2) as usize;
    let mut left_out: Vec<&str> = Vec::new();
    let (rows, two_columns) = loop {
        let note_lines = notes.iter().map(|n| n.len()).sum::<usize>();
        let (rows, two_columns, fits) =
            layout(&sections, note_lines, inner_height, area.width as usize);
        if fits {
            break (rows, two_columns);
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
        break (rows, two_columns);
    };
    let closing = if left_out.is_empty() {
        "Any key closes this help.".to_string()
    } else {
        format!(
            "Any key closes this help · a larger window also shows {}.",
            left_out.join(", ")
        )
    };
    let column_width = if two_columns {
        (area.width.saturating_sub(4) / 2) as usize
    } else {
        ONE_COLUMN
    };
    let mut lines = key_lines(&rows, two_columns, column_width, theme);
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

/// The lines of the keys: `rows` in one column, or split in two side by side.
fn key_lines(
    rows: &[Row],
    two_columns: bool,
    column_width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let flat: Vec<Vec<Span>> = rows
        .iter()
        .map(|row| row_spans(row, column_width, theme))
        .collect();
    if !two_columns {
        return flat.into_iter().map(Line::from).collect();
    }
    let half = split_at(rows);
    let blank = vec![Span::raw(" ".repeat(column_width))];
    (0..half.max(flat.len() - half))
        .map(|i| {
            let mut spans = flat.get(i).cloned().unwrap_or_else(|| blank.clone());
            spans.push(Span::raw(" "));
            if let Some(right) = flat.get(i + half) {
                spans.extend(right.clone());
            }
            Line::from(spans)
        })
        .collect()
}

/// One help row as spans `column_width` wide: a heading, or keys and a line of what they do.
fn row_spans(row: &Row, column_width: usize, theme: &Theme) -> Vec<Span<'static>> {
    let what_width = column_width.saturating_sub(KEY_WIDTH + 1);
    match row {
        Row::Heading(heading) => vec![Span::styled(
            format!("{heading:<column_width$}"),
            theme.title,
        )],
        Row::Entry(keys, what) => vec![
            Span::styled(
                format!(
                    "{:<KEY_WIDTH$} ",
                    fit(keys.as_deref().unwrap_or(""), KEY_WIDTH)
                ),
                theme.key,
            ),
            Span::raw(format!("{:<what_width$}", fit(what, what_width))),
        ],
    }
}
