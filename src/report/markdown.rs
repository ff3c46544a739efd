//! Markdown that session text cannot reshape: every piece of text from a session goes through
//! `inline` or `block`, which escape what Markdown (and the HTML it allows) would obey, so the
//! report's headings, tables, lists and links are exactly the ones covalue wrote.

use crate::text::clean_controls;

/// Characters that mean something to CommonMark or GitHub's tables wherever they stand.
/// `&` starts entities, `<` raw HTML and autolinks, `[`/`]` links, `|` table cells.
fn always_escaped(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~' | '&' | '$'
    )
}

/// One line of session text, safe anywhere inside a line of Markdown: controls replaced,
/// line breaks and tabs folded to spaces, and every character that could start markup
/// backslash-escaped (also a list, heading or quote marker at the start of a line).
pub fn inline(text: &str) -> String {
    escaped(text, true)
}

/// `inline`'s escaping; `line_start` adds the escapes a marker needs at the start of a line.
fn escaped(text: &str, line_start: bool) -> String {
    let folded: String = clean_controls(text)
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let trimmed = folded.trim();
    let mut out = String::with_capacity(trimmed.len() + 8);
    let mut leading_digits = true;
    let chars: Vec<char> = trimmed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let at_start = line_start && i == 0 && c.is_ascii_punctuation();
        // "1. " or "1)" ending the line would begin an ordered list; "2.5" would not.
        let marker_ends = chars.get(i + 1).is_none_or(|next| next.is_whitespace());
        let list_number =
            line_start && leading_digits && i > 0 && matches!(c, '.' | ')') && marker_ends;
        if always_escaped(c) || at_start || list_number {
            out.push('\\');
        }
        leading_digits = leading_digits && c.is_ascii_digit();
        out.push(c);
    }
    out
}

/// Session text that follows covalue's own words on a line (`Measure: …`) or stands in a
/// table cell: no list, heading or quote can start there, so only the characters that act
/// anywhere are escaped.
pub fn phrase(text: &str) -> String {
    escaped(text, false)
}

/// Text for a table cell: `phrase`, or an em dash for nothing (an empty cell reads as missing).
pub fn cell(text: &str) -> String {
    let line = phrase(text);
    if line.is_empty() {
        "—".to_string()
    } else {
        line
    }
}

/// Multi-line session text as the lines of one paragraph: each line escaped like `inline`
/// (so no line can become a heading, a table row, a list, a quote, a fence or HTML) and joined
/// with hard line breaks; blank lines are dropped, so the paragraph cannot end early.
pub fn block(text: &str) -> String {
    clean_controls(text)
        .split(['\n', '\r'])
        .map(inline)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("  \n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_shown_not_obeyed() {
        assert_eq!(inline("a | b"), "a \\| b");
        assert_eq!(inline("<script>x</script>"), "\\<script\\>x\\</script\\>");
        assert_eq!(
            inline("[click](javascript:alert(1))"),
            "\\[click\\](javascript:alert(1))"
        );
        assert_eq!(inline("# not a heading"), "\\# not a heading");
        assert_eq!(inline("- not a list"), "\\- not a list");
        assert_eq!(inline("12. not a list"), "12\\. not a list");
        assert_eq!(inline("costs 3.5 %"), "costs 3.5 %");
        assert_eq!(inline("line\nbreak"), "line break");
        assert_eq!(inline("R&D &lt;"), "R\\&D \\&lt;");
        assert_eq!(cell("  "), "—");
        // Found by a new-user trial: a cell read `2\.5 hours` where other tables had `2.5`.
        // Only the line-start escapes are left out of a cell.
        assert_eq!(cell("2.5 hours"), "2.5 hours");
        assert_eq!(cell("- a dash"), "- a dash");
        assert_eq!(cell("# a | b"), "\\# a \\| b");
        // A number's point starts no list, even at the start of a line (a trial found
        // `2\.5` in a closing answer); "2. " and "2)" at the end still would.
        assert_eq!(inline("2.5 hours"), "2.5 hours");
        assert_eq!(inline("2. hours"), "2\\. hours");
        assert_eq!(inline("1)"), "1\\)");
        assert_eq!(phrase("1) €18 per user"), "1) €18 per user");
        assert_eq!(phrase("- keep <b>"), "- keep \\<b\\>");
        assert_eq!(
            block("one\n\n## two\n| a | b |\n---"),
            "one  \n\\#\\# two  \n\\| a \\| b \\|  \n\\---"
        );
    }
}
