//! One session file: turning bytes into a `Session` with errors a person can act on, and a
//! `Session` into pretty, stable RON. No directories, locks or listing here.

use super::broken::{a_or_an, struct_words};
use crate::domain::{Session, Side};
use ron::extensions::Extensions;
use std::fmt;
use std::path::{Path, PathBuf};

/// Session files larger than this are refused rather than parsed: a mistaken multi-gigabyte
/// file must not stall the app. Five people rating 100,000 items write about 40 MB, which
/// reads, writes and opens within the budgets docs/PERFORMANCE.md measures (issue 16).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

const HEADER: &str =
    "// A covalue session. Edit it by hand if you like; `covalue check FILE` validates it.\n";

/// Why a session file could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub path: PathBuf,
    /// Line and column, both from 1, where the problem is; `None` when it is the whole file.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(
                f,
                "{}:{line}:{column}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for LoadError {}

fn options() -> ron::Options {
    // `implicit_some` lets a hand-written file say `provider: 4` rather than `provider: Some(4)`.
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// The RON text of a session, as it is written to disk.
pub fn to_ron(session: &Session) -> String {
    to_ron_indented(session, "    ")
}

/// `to_ron` without indentation: the same file, a good deal shorter (what a rescue file of a
/// session over the size cap is written as, so covalue can still open it).
pub fn to_ron_unindented(session: &Session) -> String {
    to_ron_indented(session, "")
}

fn to_ron_indented(session: &Session, indentor: &'static str) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor(indentor)
        .struct_names(false)
        // ron writes text raw (a raw string where it holds `"` or `\`); `readable_strings`
        // then writes every string the one way this program wants.
        .escape_strings(false);
    let mut session = session.clone();
    session.format = Session::FORMAT;
    // A file always says who each item is, even for a session built without ids, and its
    // notes and resolutions name items by id with labels that match the items' text.
    session.ensure_ids();
    session.link_records();
    session.relabel();
    let body = options().to_string_pretty(&session, config).expect(
        "a session always serializes: it has only strings, numbers, lists and maps with unit keys",
    );
    format!("{HEADER}{}\n", readable_strings(&body))
}

/// Characters that stay escaped in a written file: every control character but the newline
/// (ESC, BEL, NUL, CR, C1…), and the invisible marks that reorder or break lines. They could
/// drive a terminal that shows the file (`cat`, `less`, `git diff`) or hide what a line says.
pub fn stays_escaped(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Rewrites every string literal of ron's unescaped output as a plain `"…"` string a person
/// can read: each character as itself (any script, combining marks, a newline as a line
/// break), except `"` and `\` escaped, and the characters `stays_escaped` keeps as `\u{..}`.
/// In that output a plain string holds no `"` or `\`, a raw one is `r#…"…"#…`, and no `"` or
/// `#` appears outside strings, so finding the strings is a scan for quotes.
fn readable_strings(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + raw.len() / 64);
    let mut rest = raw;
    while let Some(open) = rest.find('"') {
        let before = &rest[..open];
        let hashes = before.len() - before.trim_end_matches('#').len();
        let after = &rest[open + 1..];
        let (content, tail) = if hashes > 0 {
            // `r##"…"##`: drop the `r` and the hashes, and end at a quote followed by as many.
            out.push_str(&before[..before.len() - hashes - 1]);
            let close = "\"".to_string() + &"#".repeat(hashes);
            let end = after.find(&close).unwrap_or(after.len());
            (
                &after[..end],
                &after[(end + close.len()).min(after.len())..],
            )
        } else {
            out.push_str(before);
            let end = after.find('"').unwrap_or(after.len());
            (&after[..end], &after[(end + 1).min(after.len())..])
        };
        out.push('"');
        push_string_content(&mut out, content);
        out.push('"');
        rest = tail;
    }
    out.push_str(rest);
    out
}

fn push_string_content(out: &mut String, content: &str) {
    use std::fmt::Write as _;
    let plain = |c: char| c != '"' && c != '\\' && !stays_escaped(c);
    if content.chars().all(plain) {
        out.push_str(content);
        return;
    }
    for c in content.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if stays_escaped(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
}

/// Line and column (from 1) of a byte offset in `text`, counting characters, not bytes.
fn position_of(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Where the top-level `format:` field is written, for pointing at it.
fn format_field_position(text: &str) -> Option<(usize, usize)> {
    field_position(text, "format")
}

/// Where a field called `name` is first written (`name:`), for pointing at it.
fn field_position(text: &str, name: &str) -> Option<(usize, usize)> {
    text.match_indices(name)
        .find(|(i, _)| {
            let before = text[..*i].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                && text[i + name.len()..].trim_start().starts_with(':')
        })
        .map(|(i, _)| position_of(text.as_bytes(), i))
}

/// The text as ron should see it: without a UTF-8 byte order mark (some Windows editors add
/// one; it is invisible, so a position in the file still counts from the first visible
/// character), and with CR-only line endings (old Mac editors) turned into line feeds, so a
/// `//` comment ends where the line does. A file with any line feed is left alone: its carriage
/// returns are CRLF endings or text.
fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // memchr's scans: these two and the NUL check run over every byte of every file read.
    let has = |byte: u8| memchr::memchr(byte, text.as_bytes()).is_some();
    if has(b'\r') && !has(b'\n') {
        std::borrow::Cow::Owned(text.replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A session id that could not name the session on the command line or in a file name; it
/// holds the id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a valid session id: use 1 to {max} letters, digits, `-` or `_`, starting with a letter or digit",
    max = crate::domain::session::MAX_ID_LEN
)]
pub struct InvalidId(pub String);

/// A session id names the session on the command line and in file names: the loader refuses
/// one that could not be used there (see `domain::session::valid_id`).
fn check_id(id: &str) -> Result<(), InvalidId> {
    if crate::domain::session::valid_id(id) {
        Ok(())
    } else {
        Err(InvalidId(id.to_string()))
    }
}

/// Named as the session is, so a file that starts `Session(` is probed too.
#[derive(serde::Deserialize)]
#[serde(rename = "Session")]
struct FormatProbe {
    format: Option<i64>,
}

fn describe(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::MissingStructField { field, outer } => match outer {
            Some(outer) => format!(
                "the required field `{field}` is missing from this {}",
                struct_words(outer)
            ),
            None => format!("the required field `{field}` is missing"),
        },
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let place = outer.as_deref().map(struct_words).unwrap_or("item");
            format!(
                "`{found}` is not a field of {}; expected one of: {}",
                a_or_an(place),
                expected.join(", ")
            )
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let of = outer.as_deref().map(struct_words).unwrap_or("choice");
            format!(
                "`{found}` is not a valid {of}; expected one of: {}",
                expected.join(", ")
            )
        }
        E::DuplicateStructField { field, .. } => format!("the field `{field}` is given twice"),
        E::Message(message) => message.clone(),
        E::Eof => "the file ends too early: a bracket or a quote is not closed".to_string(),
        E::ExpectedComma => "expected a `,` between two fields or items here".to_string(),
        E::ExpectedString | E::ExpectedStringEnd => {
            "expected text in double quotes here".to_string()
        }
        E::ExpectedInteger => "expected a whole number here".to_string(),
        E::ExpectedFloat => "expected a number here, such as 12 or 2.5 (no quotes)".to_string(),
        E::IntegerOutOfBounds => {
            "this number is out of range here: it cannot be negative, and a weight is at most 100"
                .to_string()
        }
        E::ExpectedBoolean => "expected `true` or `false` here".to_string(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            "expected `(` opening a group of fields here".to_string()
        }
        E::ExpectedArray => "expected `[` opening a list here".to_string(),
        E::ExpectedMap => "expected `{` opening a map here".to_string(),
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => {
            "expected a closing bracket here".to_string()
        }
        // Valid RON, perhaps, but a name where covalue's groups have none (`Foo(`, or a
        // word of prose at the start of a file that is no session).
        E::ExpectedDifferentStructName { expected, found } => {
            let what = struct_words(expected);
            format!(
                "this is not valid RON here for a {what}: it starts with `{found}` where a {what} starts with `(`"
            )
        }
        other => format!("this is not valid RON here ({other})"),
    }
}

/// The error for a file over the size cap, however its size was learnt.
pub(super) fn too_large(path: &Path, size: u64) -> LoadError {
    LoadError {
        path: path.to_path_buf(),
        position: None,
        message: format!(
            "the file is too large ({} MB); it is {size} bytes and covalue reads session files of up to {MAX_FILE_BYTES} bytes",
            size / (1024 * 1024),
        ),
    }
}

const EMPTY: &str =
    "the file is empty; expected a session such as `(format: 1, id: \"…\", title: \"…\")`";

/// Reads a session from the bytes of `path`. Older formats are brought up to date; newer ones,
/// and anything malformed, give an error naming the place.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Session, LoadError> {
    let error = |position, message: String| LoadError {
        path: path.to_path_buf(),
        position,
        message,
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(error(None, EMPTY.into()));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => normalize(text),
        Err(e) => {
            return Err(error(
                Some(position_of(bytes, e.valid_up_to())),
                "this is not a text file: the bytes here are not UTF-8 text".into(),
            ));
        }
    };
    let text = text.as_ref();
    if text.trim().is_empty() {
        return Err(error(None, EMPTY.into()));
    }
    if let Some(offset) = memchr::memchr(0, text.as_bytes()) {
        return Err(error(
            Some(position_of(text.as_bytes(), offset)),
            "this is not a text file: it holds a NUL byte".into(),
        ));
    }
    match read_quickly(text).map_or_else(|| read_with_ron(text), Ok) {
        Ok(session) if i64::from(session.format) > i64::from(Session::FORMAT) => {
            Err(newer(path, text, session.format.into()))
        }
        Ok(session) if session.format == 0 => Err(error(
            format_field_position(text),
            "format 0 does not exist; the first format is 1".into(),
        )),
        Ok(session) => match check_id(&session.id) {
            Ok(()) => Ok(migrate(session)),
            Err(invalid) => Err(error(field_position(text, "id"), invalid.to_string())),
        },
        Err(e) => Err(not_a_session(path, text, &e)),
    }
}

/// A session read by the quick reader (`store/quick`), as it stands in the text (before
/// `parse` brings an older format up to date); `None` where that reader leaves the text to
/// `ron`. Where it gives a session, `read_with_ron` gives the same one.
pub fn read_quickly(text: &str) -> Option<Session> {
    super::quick::from_str(text).ok()
}

/// A session read by `ron` alone, as it stands in the text; its error says where it stopped.
pub fn read_with_ron(text: &str) -> Result<Session, ron::error::SpannedError> {
    options().from_str(text)
}

/// The error for a file in a format newer than this version reads.
fn newer(path: &Path, text: &str, format: i64) -> LoadError {
    LoadError {
        path: path.to_path_buf(),
        position: format_field_position(text),
        message: format!(
            "the file is in format {format}, written by a newer covalue; this version reads formats up to {}",
            Session::FORMAT
        ),
    }
}

/// The error for text RON could not read as a session, at the place it stopped.
fn not_a_session(path: &Path, text: &str, e: &ron::error::SpannedError) -> LoadError {
    // A newer file may fail only because of fields we do not know; say so rather than blame
    // the field.
    if let Ok(FormatProbe {
        format: Some(format),
    }) = options().from_str::<FormatProbe>(text)
        && format > i64::from(Session::FORMAT)
    {
        return newer(path, text, format);
    }
    let position = (e.span.start.line, e.span.start.col);
    // A session ends with `)`; a file that stops before it was cut short or left open.
    let cut_short = !super::broken::ends_closed(text)
        && matches!(
            e.code,
            ron::Error::Eof
                | ron::Error::ExpectedComma
                | ron::Error::ExpectedStructLikeEnd
                | ron::Error::ExpectedArrayEnd
                | ron::Error::ExpectedMapEnd
                | ron::Error::ExpectedStringEnd
        );
    let (position, message) = match super::broken::runaway_text(text, position) {
        // Said where the quote opened: the place reading stopped is only where it noticed.
        Some(start) if !cut_short => (
            start,
            format!(
                "this text in double quotes runs on to line {}: is its closing `\"` missing? (reading stopped there: {})",
                position.0,
                describe(&e.code)
            ),
        ),
        _ if cut_short => (
            position,
            "the file ends too early: a bracket or a quote is not closed".to_string(),
        ),
        _ => (position, describe(&e.code)),
    };
    LoadError {
        path: path.to_path_buf(),
        position: Some(position),
        message,
    }
}

/// Brings a session read from an older format up to the current one, oldest step first, and
/// stamps the version. Nothing is written here: the file changes only when the session is next
/// saved after a change, and that save keeps the old file as the backup.
fn migrate(mut session: Session) -> Session {
    if session.format < 2 {
        session = from_format_1(session);
    }
    // Items written by hand without an id get theirs too, and notes and resolutions from a
    // file that named items by text alone are matched to them by step and text, once.
    session.ensure_ids();
    session.link_records();
    session.format = Session::FORMAT;
    session
}

/// Format 1 held one rating per side, which reading gives to a rater named after the side
/// (`Side::rater`). Here that number goes to whoever gave it: the side's participant when it
/// has exactly one; with several, to a rater marked as the side's earlier rating (whose it was
/// is unknown, and it must not pass for one of them; Setup lists it); with none, it stays with
/// the side's default rater, who rates for a side without people. Every number stays what it
/// was. Format 2 also adds a stable id per item, derived from its step, place and text, so
/// copies of one format-1 file upgraded separately still merge item by item.
fn from_format_1(mut session: Session) -> Session {
    for side in Side::BOTH {
        let people: Vec<&str> = session
            .participants
            .iter()
            .filter(|p| p.role.side() == Some(side))
            .map(|p| p.name.as_str())
            .collect();
        let owner = match people[..] {
            [] => continue,
            [only] => only.to_string(),
            _ => earlier_rater(&session, side),
        };
        session.rename_rater(side, side.rater(), &owner);
    }
    session.ensure_ids();
    session
}

/// The name for a side's format-1 number when it cannot be given to one person: "earlier
/// provider rating", numbered on if a participant already has that name.
fn earlier_rater(session: &Session, side: Side) -> String {
    let base = format!("earlier {} rating", side.name());
    let taken = |name: &str| session.participants.iter().any(|p| p.name == name);
    std::iter::once(base.clone())
        .chain((2..).map(|n| format!("{base} ({n})")))
        .find(|name| !taken(name))
        .unwrap_or(base)
}

/// The format a session file says it is in (its `format` field), without reading the rest;
/// `None` when there is no readable one.
pub fn format_of(bytes: &[u8]) -> Option<u32> {
    let text = normalize(std::str::from_utf8(bytes).ok()?);
    let probe: FormatProbe = options().from_str(&text).ok()?;
    u32::try_from(probe.format?).ok()
}

/// The session in `path` as its file holds it (`load` then gives an item without an id, or
/// with another item's, an id of its own); `None` where it does not read.
pub fn as_written(path: &Path) -> Option<Session> {
    let super::fs::Capped::Bytes(bytes) = super::fs::read_capped(path, MAX_FILE_BYTES).ok()? else {
        return None;
    };
    let text = normalize(std::str::from_utf8(&bytes).ok()?);
    read_quickly(&text).or_else(|| read_with_ron(&text).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by a new-user trial: `check` said a file was ok without its format when it
    /// began with a byte-order mark or with `Session(`.
    #[test]
    fn the_format_is_found_after_a_byte_order_mark_or_the_struct_name() {
        for text in [
            "(format: 2, id: \"a\")",
            "\u{FEFF}(format: 2, id: \"a\")",
            "Session(format: 2, id: \"a\")",
            "\u{FEFF}Session(\n  format: 2,\n)",
        ] {
            assert_eq!(format_of(text.as_bytes()), Some(2), "{text}");
        }
    }

    /// A new user's report: a file of RON that is no session (`Foo(…)`, or prose) was told
    /// in ron's words, "Expected struct `Session` but found `Foo`".
    #[test]
    fn a_file_that_starts_with_another_name_is_told_where_a_session_starts() {
        for (text, name) in [("Foo(a: 1)", "Foo"), ("not a session", "not")] {
            let error = parse(Path::new("x.ron"), text.as_bytes()).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!(
                    "x.ron:1:1: this is not valid RON here for a session: it starts with `{name}` where a session starts with `(`"
                )
            );
        }
    }

    /// A worked example says so in its file; an ordinary session's file, and every file
    /// written before there were examples, say nothing and are no example.
    #[test]
    fn only_an_example_writes_that_it_is_one() {
        let now = crate::domain::Timestamp::from_unix(1_800_000_000);
        let mut session = Session::new("plain001", "Desk", now);
        let text = to_ron(&session);
        assert!(!text.contains("example"), "{text}");
        session.example = true;
        let text = to_ron(&session);
        assert!(text.contains("example: true"), "{text}");
        assert_eq!(parse(Path::new("x.ron"), text.as_bytes()), Ok(session));
        let old = format!(
            "(format: {}, id: \"old00001\", title: \"Desk\")",
            Session::FORMAT
        );
        let old = parse(Path::new("old.ron"), old.as_bytes()).unwrap();
        assert!(!old.example);
    }

    #[test]
    fn a_bad_id_is_a_typed_error_in_todays_words() {
        assert_eq!(check_id("a b"), Err(InvalidId("a b".into())));
        assert_eq!(check_id("q4-review"), Ok(()));
        assert_eq!(
            InvalidId("a b".into()).to_string(),
            "\"a b\" is not a valid session id: use 1 to 64 letters, digits, `-` or `_`, starting with a letter or digit"
        );
    }
}
