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

/// `text` with every unsafe character shown as U+FFFD; newlines and tabs kept.
pub fn clean(text: &str) -> Cow<'_, str> {
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

/// Display width in terminal columns (wide characters count two).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
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

/// A score as a whole number, or an en dash when there is none.
pub fn score_text(score: Score) -> String {
    score.map_or_else(|| "–".to_string(), |s| format!("{:.0}", s))
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

pub fn verdict_text(verdict: Option<Verdict>) -> &'static str {
    verdict.map_or("no ratings yet", Verdict::words)
}

pub fn status_mark(status: Status) -> &'static str {
    match status {
        Status::Empty => "○",
        Status::Partial => "◐",
        Status::Complete => "●",
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
    fn fitting_counts_columns_not_bytes() {
        assert_eq!(fit("中文中文中文", 7), "中文中…");
        assert_eq!(width(&fit("中文中文中文", 7)), 7);
        assert_eq!(fit("short", 10), "short");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(fit("two\nlines", 20), "two lines");
    }
}
