//! JSON as covalue prints it: indented, one final newline, and every character that could drive
//! a terminal or reorder text written as a `\u` escape, so `cat` of the output is harmless and a
//! JSON reader still gets the exact text back. Does not decide what goes into the JSON.

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::{self, Write};

/// Characters serde_json writes raw but a terminal might obey: DEL, the C1 controls and the bidi
/// marks and overrides (the C0 controls serde_json escapes already).
fn needs_escape(c: char) -> bool {
    matches!(c, '\u{7F}'..='\u{9F}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// serde_json's pretty layout, with the extra escapes of `needs_escape` inside strings.
struct SafeFormatter(PrettyFormatter<'static>);

impl Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Below DEL, ASCII holds nothing to escape beyond what serde_json escapes itself; the
        // test over bytes is far cheaper than decoding characters (a listing writes 4 MB).
        if fragment.bytes().all(|b| b < 0x7F) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_escape(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// `value` as indented JSON with a final newline, safe to print to a terminal.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    let mut bytes = Vec::new();
    write_pretty(&mut bytes, value)
        .expect("covalue's JSON has only strings, numbers, lists and maps with string keys");
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

/// `pretty`, written to `writer` as it is made rather than gathered first (a listing of
/// thousands of sessions need not be held twice).
pub fn write_pretty<W: Write, T: Serialize + ?Sized>(mut writer: W, value: &T) -> io::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut writer, SafeFormatter(PrettyFormatter::new()));
    value.serialize(&mut serializer)?;
    writer.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn terminal_controls_and_bidi_marks_are_escaped_and_round_trip() {
        let hostile = "a\u{1b}]52;c;eA==\u{7}b\u{9b}31m\u{85}c\u{202E}txt.exe\u{2066}d\u{7f}中文";
        let text = pretty(&json!({ "title": hostile }));
        for c in [
            '\u{1b}', '\u{7}', '\u{9b}', '\u{85}', '\u{202E}', '\u{2066}', '\u{7f}',
        ] {
            assert!(!text.contains(c), "{c:?} written raw in {text}");
        }
        assert!(
            text.contains("\\u009b") && text.contains("\\u202e"),
            "{text}"
        );
        assert!(text.contains("中文"), "ordinary text stays readable");
        assert!(text.ends_with("}\n") && text.contains("\n  \"title\""));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["title"], hostile);
        // A mark alone, with no ASCII beside it, is escaped too (found by a mutation run:
        // the ASCII fast path taken for text of only high bytes).
        for alone in ["\u{202E}", "\u{9b}\u{85}"] {
            let text = pretty(&json!({ "t": alone }));
            assert!(!text.contains(alone), "{alone:?} written raw in {text}");
        }
        // DEL among plain ASCII: the fast path stops below it (found by a mutation run: `<=`
        // for `<` let it through raw).
        let text = pretty(&json!({ "t": "rm\u{7f}\u{7f}x" }));
        assert!(text.contains("rm\\u007f\\u007fx"), "{text}");
    }

    #[test]
    fn the_layout_is_serde_jsons_pretty_one() {
        let value = json!({"a": [1, 2], "b": {"c": null}, "d": []});
        assert_eq!(pretty(&value), format!("{value:#}\n"));
    }
}
