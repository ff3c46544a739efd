//! `covalue prework`'s words: what was written for whom, and who has returned how much
//! (`prework status`). Writing and reading the copies is the caller's (the store's); the
//! caller hands over what it found as the plain types below.

use crate::domain::{Session, Side};
use crate::text::{one_line, pad, width};
use std::path::Path;

/// One person's copy as `prework --out` wrote it: who, and the two files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WrittenCopy<'a> {
    pub name: &'a str,
    pub side: Side,
    pub copy: &'a Path,
    pub instructions: &'a Path,
}

/// What came back of one person's copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnedCopy<'a> {
    pub name: &'a str,
    pub side: Side,
    pub copy: &'a Path,
    pub state: CopyState<'a>,
}

/// Where one person's copy stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopyState<'a> {
    /// No file of that name in the folder.
    Missing,
    /// The file does not read as a copy of this session (the message says why).
    Unreadable(&'a str),
    Read(Progress<'a>),
}

/// How far one person rated their copy, and what of it the session does not hold yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress<'a> {
    /// Items the person has rated in their copy, of the items in it.
    pub rated: usize,
    pub total: usize,
    /// Their ratings that a merge of the copy would bring.
    pub to_merge: usize,
    /// Nothing rated and nothing to merge: the copy is as it was written.
    pub unchanged: bool,
    /// Someone else's ratings in the copy, in words, which `merge` refuses.
    pub foreign: Vec<String>,
    /// The first other change that is not theirs to make, if any.
    pub beyond: Option<&'a str>,
}

/// What `prework --out` says after writing the copies: one line per person, then what to do.
pub fn written_text(session: &Session, dir: &str, written: &[WrittenCopy<'_>]) -> String {
    let mut text = format!(
        "Wrote {} pre-work cop{} of \"{}\" to {}:\n",
        written.len(),
        if written.len() == 1 { "y" } else { "ies" },
        one_line(&session.title),
        one_line(dir)
    );
    let names = written.iter().map(|w| width(w.name)).max().unwrap_or(0);
    for w in written {
        let file = |p: &std::path::Path| {
            p.file_name()
                .map(|n| one_line(&n.to_string_lossy()))
                .unwrap_or_default()
        };
        text.push_str(&format!(
            "  {}  {:<8}  {} and {}\n",
            pad(w.name, names),
            w.side.name(),
            file(w.copy),
            file(w.instructions)
        ));
    }
    text.push_str(
        "Send each person their two files; the .txt says how to rate.\n\
         `covalue prework status SESSION DIR` shows who has returned how much.\n",
    );
    text
}

/// `prework status`: per person, how many items they rated of how many, and whether their
/// copy is unchanged, missing or unreadable; then how to gather the copies.
pub fn status_text(session: &Session, dir: &str, returned: &[ReturnedCopy<'_>]) -> String {
    let new = returned
        .iter()
        .filter(|r| matches!(&r.state, CopyState::Read(p) if p.to_merge > 0))
        .count();
    let mut text = format!(
        "Pre-work of \"{}\" in {}: {new} of {} copies have ratings to merge\n",
        one_line(&session.title),
        one_line(dir),
        returned.len()
    );
    let names = returned.iter().map(|r| width(r.name)).max().unwrap_or(0);
    let file_of = |r: &ReturnedCopy<'_>| {
        r.copy
            .file_name()
            .map(|n| one_line(&n.to_string_lossy()))
            .unwrap_or_default()
    };
    let files = returned
        .iter()
        .map(|r| width(&file_of(r)))
        .max()
        .unwrap_or(0);
    for r in returned {
        let file = pad(&file_of(r), files);
        let (count, state) = match &r.state {
            CopyState::Missing => ("–".to_string(), "missing".to_string()),
            CopyState::Unreadable(why) => {
                ("–".to_string(), format!("unreadable: {}", one_line(why)))
            }
            CopyState::Read(p) => {
                let mut state = if p.unchanged {
                    "unchanged".to_string()
                } else if p.to_merge > 0 {
                    format!("{} to merge", p.to_merge)
                } else {
                    "in the session".to_string()
                };
                if let Some(first) = p.foreign.first() {
                    let more = match p.foreign.len() {
                        1 => String::new(),
                        n => format!(" and {} more", n - 1),
                    };
                    state.push_str(&format!(
                        "; holds {first}{more}, not theirs: merge refuses it"
                    ));
                }
                // The named foreign rating says more than alone's "someone else's rating".
                if let (Some(beyond), true) = (p.beyond, p.foreign.is_empty()) {
                    state.push_str(&format!("; also changed: {}", one_line(beyond)));
                }
                (format!("{}/{}", p.rated, p.total), state)
            }
        };
        text.push_str(&format!(
            "  {}  {:<8}  {count:>7}  {file}  {state}\n",
            pad(r.name, names),
            r.side.name(),
        ));
    }
    // "out/" as typed must not make "out//*.ron".
    let folder = match dir.trim_end_matches('/') {
        "" => dir,
        trimmed => trimmed,
    };
    text.push_str(&format!(
        "Gather them with: covalue merge SESSION {}/*.ron -o SESSION\n",
        one_line(folder)
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_reads_plain_rows_that_the_caller_fills_in() {
        let session = Session::new("s1", "Review", crate::domain::Timestamp::default());
        let row = |name, state| ReturnedCopy {
            name,
            side: Side::Consumer,
            copy: Path::new("out/ann.ron"),
            state,
        };
        let read = Progress {
            rated: 2,
            total: 3,
            to_merge: 1,
            foreign: vec![
                "Bo's provider rating of Benefits 1 \"Fast\"".into(),
                "x".into(),
            ],
            ..Progress::default()
        };
        let rows = [
            row("Ann", CopyState::Missing),
            row("Bo", CopyState::Unreadable("not a session")),
            row("Cy", CopyState::Read(read)),
        ];
        let text = status_text(&session, "out", &rows);
        assert!(
            text.starts_with("Pre-work of \"Review\" in out: 1 of 3 copies"),
            "{text}"
        );
        assert!(
            text.contains("  Ann  consumer        –  ann.ron  missing\n"),
            "{text}"
        );
        assert!(
            text.contains("–  ann.ron  unreadable: not a session\n"),
            "{text}"
        );
        assert!(
            text.contains("2/3  ann.ron  1 to merge; holds Bo's provider rating of Benefits 1 \"Fast\" and 1 more, not theirs: merge refuses it\n"),
            "{text}"
        );
    }

    #[test]
    fn the_merge_line_names_the_folder_as_typed_without_a_double_slash() {
        let session = Session::new("s1", "Review", crate::domain::Timestamp::default());
        for dir in ["out/", "out"] {
            let text = status_text(&session, dir, &[]);
            assert!(text.contains("covalue merge SESSION out/*.ron"), "{text}");
        }
    }
}
