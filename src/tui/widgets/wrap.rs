//! Text as lines on screen: the writer's own line breaks kept, tabs as spaces, long lines
//! wrapped at spaces with the continuation indented like the line it continues, and a mark
//! where text had to be cut. Knows nothing of sessions.

use crate::text::clean;
use unicode_width::UnicodeWidthChar;

/// Columns between tab stops.
const TAB: usize = 4;

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// `line` (no line breaks) with tabs expanded to the next tab stop.
fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let spaces = TAB - column % TAB;
            out.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else {
            out.push(c);
            column += char_width(c);
        }
    }
    out
}

/// `text` as lines of at most `width` columns (wide characters count two). Control
/// characters are cleaned first, so nothing from a file reaches the terminal.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    // A Windows line end is a line break, not a stray control character.
    let cleaned = clean(&text.replace("\r\n", "\n")).into_owned();
    let mut out = Vec::new();
    for raw in cleaned.split('\n') {
        let line = expand_tabs(raw.trim_end());
        let indent_cols = line
            .chars()
            .take_while(|c| *c == ' ')
            .count()
            .min(width / 2);
        let indent = " ".repeat(indent_cols);
        let mut rest: &str = &line;
        let mut first = true;
        loop {
            let prefix = if first { "" } else { indent.as_str() };
            let room = width - prefix.len();
            let body = if first { rest } else { rest.trim_start() };
            if body.chars().map(char_width).sum::<usize>() <= room {
                out.push(format!("{prefix}{body}"));
                break;
            }
            // The longest head that fits, cut at its last space when there is one.
            let mut used = 0;
            let mut end = 0;
            let mut last_space = None;
            for (i, c) in body.char_indices() {
                let w = char_width(c);
                if used + w > room {
                    break;
                }
                if c == ' ' && i > 0 {
                    last_space = Some(i);
                }
                used += w;
                end = i + c.len_utf8();
            }
            let cut = match last_space {
                Some(i) if i > 0 && body[..i].trim() != "" => i,
                _ => end.max(body.chars().next().map_or(1, char::len_utf8)),
            };
            out.push(format!("{prefix}{}", body[..cut].trim_end()));
            rest = &body[cut..];
            first = false;
            if rest.trim().is_empty() {
                break;
            }
        }
    }
    out
}

/// At most `height` of `lines`; when some are left out, the last one shown ends in "…" (within
/// `width` columns) so nobody takes a cut text for the whole.
pub fn clip(mut lines: Vec<String>, height: usize, width: usize) -> (Vec<String>, bool) {
    if lines.len() <= height {
        return (lines, false);
    }
    lines.truncate(height);
    if let Some(last) = lines.last_mut() {
        let mut kept = String::new();
        let mut used = 0;
        for c in last.chars() {
            let w = char_width(c);
            if used + w + 2 > width {
                break;
            }
            kept.push(c);
            used += w;
        }
        *last = format!("{} …", kept.trim_end());
    }
    (lines, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_stay_and_tabs_become_spaces() {
        assert_eq!(
            wrap("payslips on mobile\nsecond line", 40),
            ["payslips on mobile", "second line"]
        );
        assert_eq!(wrap("a\tb", 40), ["a   b"]);
        assert_eq!(wrap("\tindented", 40), ["    indented"]);
        assert_eq!(wrap("crlf\r\nline", 40), ["crlf", "line"]);
    }

    #[test]
    fn wrapped_lines_keep_their_indent() {
        assert_eq!(
            wrap("  - one two three four", 12),
            ["  - one two", "  three four"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        for line in wrap("  一二三四五六七八 and more words here", 9) {
            assert!(crate::text::width(&line) <= 9, "{line}");
        }
    }

    #[test]
    fn controls_are_cleaned_and_cut_text_is_marked() {
        assert_eq!(wrap("a\u{1b}[31mb", 20), ["a\u{FFFD}[31mb"]);
        let (lines, cut) = clip(wrap("one\ntwo\nthree", 10), 2, 10);
        assert!(cut);
        assert_eq!(lines, ["one", "two …"]);
        let (lines, cut) = clip(vec!["x".into()], 2, 10);
        assert!(!cut);
        assert_eq!(lines, ["x"]);
    }
}
