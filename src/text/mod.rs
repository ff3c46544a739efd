//! Words and text shapes shared by the reports and the TUI (below both in the layering).
//! Text from a file is shown, never obeyed: control characters (escape sequences, bidi
//! overrides) are replaced before anything reaches a terminal, a report or a screen.

use crate::domain::value::{Score, Status, Verdict};
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// Characters that could move the cursor, recolour the screen or reorder text.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Pictographs that terminals may join with U+200D into one glyph (👩‍💻) — or may not.
fn is_pictograph(c: char) -> bool {
    matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}')
}

/// Whether the zero-width joiner at `chars[i]` joins two pictographs (skipping a variation
/// selector or skin tone before it).
fn joins_pictographs(chars: &[char], i: usize) -> bool {
    let before = chars[..i]
        .iter()
        .rev()
        .find(|c| !matches!(c, '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}'));
    before.is_some_and(|c| is_pictograph(*c)) && chars.get(i + 1).is_some_and(|c| is_pictograph(*c))
}

/// `text` with every unsafe character shown as U+FFFD; newlines and tabs kept.
///
/// Emoji joined by U+200D (👨‍👩‍👧) are drawn as one glyph by some terminals and as three by
/// others, so no width we compute can match them all. The joiner is dropped between
/// pictographs: every terminal then draws the separate emoji, two columns each, which is what
/// `width` counts, and a row can never be misaligned by them.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) || c == '\u{200D}') {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        match *c {
            '\u{200D}' if joins_pictographs(&chars, i) => {}
            c if is_unsafe(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// `text` with unsafe characters shown as U+FFFD and nothing else changed (joined emoji stay
/// joined): for documents such as a Markdown report, where no column layout depends on widths.
pub fn clean_controls(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_unsafe) {
        Cow::Owned(
            text.chars()
                .map(|c| if is_unsafe(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` cleaned and folded onto one line: newlines and tabs become spaces.
pub fn one_line(text: &str) -> String {
    clean(text)
        .chars()
        .map(|c| {
            if c == '\n' || c == '\t' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Display width in terminal columns (wide characters count two), of the text as `clean`
/// shows it: joined emoji count as the separate emoji every terminal can draw.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(clean(text).as_ref())
}

/// `text` on one line, cut to at most `max` columns with an ellipsis when it does not fit.
pub fn fit(text: &str, max: usize) -> String {
    let line = one_line(text);
    if width(&line) <= max {
        return line;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in line.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    // Summed char by char, a symbol made wide by its variation selector (`🖥\u{FE0F}`) counts
    // one column too few; measured as a whole, as `width` and the screen do, it is cut to fit.
    while width(&out) + 1 > max && out.pop().is_some() {}
    if max > 0 {
        out.push('…');
    }
    out
}

/// `text` fitted to `columns` and padded with spaces to exactly that width.
pub fn pad(text: &str, columns: usize) -> String {
    let fitted = fit(text, columns);
    let gap = columns.saturating_sub(width(&fitted));
    format!("{fitted}{}", " ".repeat(gap))
}

/// A number as people read it: a whole number, halves rounded away from zero (62.5 → 63,
/// −12.5 → −13), never "−0". Float noise below a billionth is ignored first, so a mean that is
/// 62.5 on paper but 62.499999999 in binary still reads 63.
pub fn whole(value: f64) -> i64 {
    let snapped = (value * 1e9).round() / 1e9;
    // `f64::round` rounds halves away from zero; `{:.0}` would round them to even.
    snapped.round() as i64
}

/// A score as a whole number, or an en dash when there is none.
pub fn score_text(score: Score) -> String {
    score.map_or_else(|| "–".to_string(), |s| whole(s).to_string())
}

/// The change from `old` to `new` as people read it: the difference of the two whole numbers
/// shown, so "88 → 63" always says −25. `None` when either side is missing.
pub fn change(old: Score, new: Score) -> Option<i64> {
    Some(whole(new?) - whole(old?))
}

/// A change with its sign ("+5", "−3"); no change reads "±0", never "−0".
pub fn signed(change: i64) -> String {
    match change {
        0 => "±0".to_string(),
        n if n > 0 => format!("+{n}"),
        n => format!("−{}", n.unsigned_abs()),
    }
}

/// The direction of a series of scores, as an arrow, judged on the whole numbers shown: "↑",
/// "↓" or "→"; `None` with fewer than two values.
pub fn trend_arrow(values: &[f64]) -> Option<&'static str> {
    let (first, last) = (whole(*values.first()?), whole(*values.last()?));
    if values.len() < 2 {
        return None;
    }
    Some(match last.cmp(&first) {
        std::cmp::Ordering::Greater => "↑",
        std::cmp::Ordering::Less => "↓",
        std::cmp::Ordering::Equal => "→",
    })
}

/// A bar of `cells` characters filled in proportion to a 0–100 score.
pub fn bar(score: Score, cells: usize) -> String {
    match score {
        Some(s) => {
            let filled = ((s / 100.0) * cells as f64).round() as usize;
            format!(
                "{}{}",
                "█".repeat(filled.min(cells)),
                "░".repeat(cells - filled.min(cells))
            )
        }
        None => "·".repeat(cells),
    }
}

/// What every report says where a number is missing only because its ratings are hidden.
const NOT_REVEALED: &str = "not revealed yet";

/// A verdict's words; without one, why: nothing rated, or nothing revealed yet
/// (`only_hidden`, see `Summary::only_hidden`).
pub fn verdict_text(verdict: Option<Verdict>, only_hidden: bool) -> &'static str {
    match verdict {
        Some(verdict) => verdict.words(),
        None if only_hidden => NOT_REVEALED,
        None => "no ratings yet",
    }
}

/// What stands in for a dimension's missing score (a chart's bar): nothing revealed yet
/// (`only_hidden`, as for `verdict_text`), or nothing rated.
pub fn unscored_text(only_hidden: bool) -> &'static str {
    if only_hidden {
        NOT_REVEALED
    } else {
        "no ratings"
    }
}

pub fn status_mark(status: Status) -> &'static str {
    match status {
        Status::Empty => "○",
        Status::Partial => "◐",
        Status::Complete => "●",
    }
}

/// A service's scores over its sessions, oldest first, as the browser shows them: the last four
/// as whole numbers joined by arrows, then the direction ("57→68→50 ↓"); one score alone, or
/// `None` for none. The caller leaves out partial sessions (`Summary::is_partial`), which must
/// not drive a trend.
pub fn trend_text(values: &[f64]) -> Option<String> {
    let recent = &values[values.len().saturating_sub(4)..];
    let steps: Vec<String> = recent.iter().map(|v| whole(*v).to_string()).collect();
    match trend_arrow(recent) {
        Some(arrow) => Some(format!("{} {arrow}", steps.join("→"))),
        None => steps.into_iter().next(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_never_pass() {
        let evil = "Title\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202E}txt";
        let shown = clean(evil);
        assert!(!shown.chars().any(is_unsafe), "{shown:?}");
        assert!(shown.starts_with("Title\u{FFFD}[2J"));
        assert_eq!(clean("plain — 中文\nnext"), "plain — 中文\nnext");
    }

    #[test]
    fn halves_round_away_from_zero_and_no_minus_zero() {
        assert_eq!(whole(62.5), 63);
        assert_eq!(whole(87.5), 88);
        assert_eq!(whole(-12.5), -13);
        assert_eq!(whole(62.499_999_999_9), 63, "binary noise under a half");
        assert_eq!(whole(62.4), 62);
        assert_eq!(whole(-0.4), 0);
        assert_eq!(score_text(Some(62.5)), "63");
        assert_eq!(score_text(Some(-0.2)), "0");
        assert_eq!(score_text(None), "–");
        assert_eq!(signed(0), "±0");
        assert_eq!(signed(-25), "−25");
        assert_eq!(signed(7), "+7");
    }

    #[test]
    fn a_change_is_the_difference_of_the_numbers_shown() {
        // 87.5 reads 88 and 62.5 reads 63: the change shown is −25, whatever the exact one.
        assert_eq!(change(Some(87.5), Some(62.5)), Some(-25));
        assert_eq!(change(Some(62.4), Some(62.6)), Some(1));
        assert_eq!(change(None, Some(50.0)), None);
        assert_eq!(change(Some(50.0), None), None);
    }

    #[test]
    fn a_trend_follows_the_numbers_shown() {
        assert_eq!(trend_arrow(&[57.0, 68.0, 50.0]), Some("↓"));
        assert_eq!(trend_arrow(&[50.0, 75.0]), Some("↑"));
        assert_eq!(trend_arrow(&[62.5, 62.6]), Some("→"), "both read 63");
        assert_eq!(trend_arrow(&[62.4, 62.5]), Some("↑"), "62 then 63");
        assert_eq!(trend_arrow(&[50.0]), None);
        assert_eq!(trend_arrow(&[]), None);
    }

    #[test]
    fn a_trend_shows_the_last_four_whole_numbers() {
        assert_eq!(
            trend_text(&[10.0, 57.0, 68.4, 62.5, 50.0]).as_deref(),
            Some("57→68→63→50 ↓")
        );
        assert_eq!(trend_text(&[62.5]).as_deref(), Some("63"));
        assert_eq!(trend_text(&[]), None);
    }

    #[test]
    fn joined_emoji_are_drawn_apart_so_widths_match_every_terminal() {
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(clean(family), "👨👩👧");
        assert_eq!(width(family), 6);
        assert_eq!(width(&pad(&format!("{family} x"), 10)), 10);
        let coder = "👩\u{1F3FD}\u{200D}💻";
        assert_eq!(clean(coder), "👩\u{1F3FD}💻");
        // A joiner inside a word of an Indic script shapes the letters: it stays.
        let malayalam = "ന\u{D4D}\u{200D}";
        assert_eq!(clean(malayalam), malayalam);
    }

    #[test]
    fn fitting_counts_columns_not_bytes() {
        assert_eq!(fit("中文中文中文", 7), "中文中…");
        assert_eq!(width(&fit("中文中文中文", 7)), 7);
        assert_eq!(fit("short", 10), "short");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(fit("two\nlines", 20), "two lines");
    }

    /// A helper's find: a symbol that a variation selector makes wide counted one column
    /// when `fit` summed it char by char, so the fitted text was wider than asked.
    #[test]
    fn a_symbol_made_wide_by_its_selector_is_fitted_as_wide() {
        let desk = "ab🖥\u{FE0F}cdef";
        assert_eq!(width("🖥\u{FE0F}"), 2);
        for max in 1..=8 {
            assert!(width(&fit(desk, max)) <= max, "{max}: {:?}", fit(desk, max));
        }
        assert_eq!(width(&pad(desk, 5)), 5);
    }
}
