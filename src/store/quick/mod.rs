//! A quick reader for the RON that covalue writes. `ron`'s own reader spends about ten times
//! longer per byte (docs/PERFORMANCE.md, issue 16's start-up), so a session file is first read
//! here, and only text outside this reader's subset, or text that does not make a session, is
//! read again by `ron`, which then gives any error its place and words.
//!
//! The subset is what the writer produces and what a person editing the file is likely to
//! write: structs without names, unit and newtype enum variants, lists, maps, `"…"` strings with
//! the common escapes, decimal numbers, `true`/`false`, `None`, `Some(…)` or a bare value for an
//! option, and `//` comments. Anything else (raw strings, block comments, `0x10`, `1_000`, a
//! struct's name, an attribute, a field the type does not know) is refused with [`Unread`], never
//! read differently: where this reader gives a value, `ron` gives the same one
//! (`tests.rs` here and the fuzz target check that).
//!
//! That also rests on the session's types: only a side's ratings are read as "any" value,
//! and every struct but two refuses unknown fields. A new field read as "any" (a tuple, a
//! float), or a struct that takes unknown fields, needs `deserialize_any` and
//! `deserialize_ignored_any` here looked at again.

use serde::de;
use std::borrow::Cow;
use std::fmt;

/// The text is outside the quick reader's subset, or is not the value asked for; read it with
/// `ron` to learn which, and where.
#[derive(Debug)]
pub struct Unread;

impl fmt::Display for Unread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside what the quick reader reads")
    }
}

impl std::error::Error for Unread {}

impl de::Error for Unread {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unread
    }
}

type Read<T> = Result<T, Unread>;

/// Nesting deeper than this is left to `ron`, whose own limit then answers.
const MAX_DEPTH: usize = 64;

/// Reads one value of type `T` from the whole of `text`.
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Read<T> {
    let mut reader = Reader {
        text,
        at: 0,
        depth: 0,
    };
    let value = T::deserialize(&mut reader)?;
    reader.skip_blank()?;
    if reader.at == text.len() {
        Ok(value)
    } else {
        Err(Unread)
    }
}

struct Reader<'de> {
    text: &'de str,
    /// Byte offset of the next unread character; always on a character boundary.
    at: usize,
    depth: usize,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_rest(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'de> Reader<'de> {
    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes().get(at).copied()
    }

    /// Skips spaces, tabs, line breaks and `//` comments. A block comment, or any other
    /// character `ron` counts as white space, is left for `ron`.
    fn skip_blank(&mut self) -> Read<()> {
        loop {
            // Indentation is most of a written file's blank: eight spaces at a time.
            while self.bytes().get(self.at..self.at + 8) == Some(b"        ") {
                self.at += 8;
            }
            match self.byte(self.at) {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.at += 1,
                Some(b'/') if self.byte(self.at + 1) == Some(b'/') => {
                    // A comment may end the file without a line break, as `ron` allows.
                    let rest = &self.bytes()[self.at..];
                    self.at += memchr::memchr(b'\n', rest).map_or(rest.len(), |end| end + 1);
                }
                _ => return Ok(()),
            }
        }
    }

    /// The next character that is not blank, left unread.
    fn peek(&mut self) -> Read<Option<u8>> {
        self.skip_blank()?;
        Ok(self.byte(self.at))
    }

    fn eat(&mut self, wanted: u8) -> Read<bool> {
        let found = self.peek()? == Some(wanted);
        if found {
            self.at += 1;
        }
        Ok(found)
    }

    fn expect(&mut self, wanted: u8) -> Read<()> {
        if self.eat(wanted)? {
            Ok(())
        } else {
            Err(Unread)
        }
    }

    /// The identifier at the cursor, left unread; `None` where there is none. One that runs on
    /// into a character beyond ASCII, or a raw identifier (`r#…`), is left for `ron`.
    fn peek_ident(&mut self) -> Read<Option<&'de str>> {
        self.skip_blank()?;
        let start = self.at;
        if !self.byte(start).is_some_and(is_ident_start) {
            return Ok(None);
        }
        let len = self.bytes()[start..]
            .iter()
            .position(|&b| !is_ident_rest(b))
            .unwrap_or(self.text.len() - start);
        match self.byte(start + len) {
            Some(b) if b >= 0x80 || b == b'#' || b == b'"' => Err(Unread),
            _ => Ok(Some(&self.text[start..start + len])),
        }
    }

    fn ident(&mut self) -> Read<&'de str> {
        let ident = self.peek_ident()?.ok_or(Unread)?;
        self.at += ident.len();
        Ok(ident)
    }

    /// A `"…"` string: borrowed from the text when it has no escapes.
    fn string(&mut self) -> Read<Cow<'de, str>> {
        self.expect(b'"')?;
        let start = self.at;
        let rest = &self.bytes()[start..];
        let end = memchr::memchr2(b'"', b'\\', rest).ok_or(Unread)?;
        if rest[end] == b'"' {
            self.at = start + end + 1;
            return Ok(Cow::Borrowed(&self.text[start..start + end]));
        }
        let mut out = String::from(&self.text[start..start + end]);
        self.at = start + end;
        loop {
            let rest = &self.bytes()[self.at..];
            let next = memchr::memchr2(b'"', b'\\', rest).ok_or(Unread)?;
            out.push_str(&self.text[self.at..self.at + next]);
            self.at += next;
            if self.byte(self.at) == Some(b'"') {
                self.at += 1;
                return Ok(Cow::Owned(out));
            }
            self.at += 1;
            out.push(self.escape()?);
        }
    }

    /// The character an escape stands for, the cursor just after its `\`. `\x..` and a line
    /// continuation are left for `ron`.
    fn escape(&mut self) -> Read<char> {
        let kind = self.byte(self.at).ok_or(Unread)?;
        self.at += 1;
        Ok(match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'\'' => '\'',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'0' => '\0',
            b'u' => {
                if self.byte(self.at) != Some(b'{') {
                    return Err(Unread);
                }
                let digits = self.bytes()[self.at + 1..]
                    .iter()
                    .take(7)
                    .position(|&b| b == b'}')
                    .filter(|&n| (1..=6).contains(&n))
                    .ok_or(Unread)?;
                let hex = &self.text[self.at + 1..self.at + 1 + digits];
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(Unread);
                }
                let code = u32::from_str_radix(hex, 16).map_err(|_| Unread)?;
                self.at += digits + 2;
                char::from_u32(code).ok_or(Unread)?
            }
            _ => return Err(Unread),
        })
    }

    /// A decimal number's text, sign included: `-12`, `3.5`, `1e-3`. What could run on into
    /// another kind of number (`0x1f`, `1_000`, `5u8`, `1.`) is left for `ron`.
    fn number_text(&mut self, fraction: bool) -> Read<&'de str> {
        self.skip_blank()?;
        let start = self.at;
        let mut at = start;
        if self.byte(at) == Some(b'-') {
            at += 1;
        }
        let digits = |from: usize| {
            self.bytes()[from..]
                .iter()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(self.text.len() - from)
        };
        let whole = digits(at);
        if whole == 0 || (whole > 1 && self.byte(at) == Some(b'0')) {
            return Err(Unread);
        }
        at += whole;
        if fraction {
            if self.byte(at) == Some(b'.') {
                let part = digits(at + 1);
                if part == 0 {
                    return Err(Unread);
                }
                at += 1 + part;
            }
            if matches!(self.byte(at), Some(b'e' | b'E')) {
                at += 1;
                if matches!(self.byte(at), Some(b'-' | b'+')) {
                    at += 1;
                }
                let part = digits(at);
                if part == 0 {
                    return Err(Unread);
                }
                at += part;
            }
        }
        if self
            .byte(at)
            .is_some_and(|b| is_ident_rest(b) || b == b'.' || b >= 0x80)
        {
            return Err(Unread);
        }
        self.at = at;
        Ok(&self.text[start..at])
    }

    fn integer<T: std::str::FromStr>(&mut self) -> Read<T> {
        self.number_text(false)?.parse().map_err(|_| Unread)
    }

    fn float<T: std::str::FromStr>(&mut self) -> Read<T> {
        self.number_text(true)?.parse().map_err(|_| Unread)
    }

    fn nested<T>(&mut self, read: impl FnOnce(&mut Self) -> Read<T>) -> Read<T> {
        if self.depth >= MAX_DEPTH {
            return Err(Unread);
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }
}

mod deserializer;

#[cfg(test)]
mod tests;
