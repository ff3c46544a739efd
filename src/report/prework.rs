//! `covalue prework`'s words: what was written for whom, and who has returned how much
//! (`prework status`). The files themselves are `store::prework`'s.

use crate::domain::Session;
use crate::store::prework::{CopyState, Returned, Written};
use crate::text::{one_line, pad, width};

/// What `prework --out` says after writing the copies: one line per person, then what to do.
pub fn written_text(session: &Session, dir: &str, written: &[Written]) -> String {
    let mut text = format!(
        "Wrote {} pre-work cop{} of \"{}\" to {}:\n",
        written.len(),
        if written.len() == 1 { "y" } else { "ies" },
        one_line(&session.title),
        one_line(dir)
    );
    let names = written.iter().map(|w| width(&w.name)).max().unwrap_or(0);
    for w in written {
        let file = |p: &std::path::Path| {
            p.file_name()
                .map(|n| one_line(&n.to_string_lossy()))
                .unwrap_or_default()
        };
        text.push_str(&format!(
            "  {}  {:<8}  {} and {}\n",
            pad(&w.name, names),
            w.side.name(),
            file(&w.copy),
            file(&w.instructions)
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
pub fn status_text(session: &Session, dir: &str, returned: &[Returned]) -> String {
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
    let names = returned.iter().map(|r| width(&r.name)).max().unwrap_or(0);
    let file_of = |r: &Returned| {
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
                let mut state = if p.unchanged() {
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
                if let (Some(beyond), true) = (&p.beyond, p.foreign.is_empty()) {
                    state.push_str(&format!("; also changed: {}", one_line(beyond)));
                }
                (format!("{}/{}", p.rated, p.total), state)
            }
        };
        text.push_str(&format!(
            "  {}  {:<8}  {count:>7}  {file}  {state}\n",
            pad(&r.name, names),
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
    fn the_merge_line_names_the_folder_as_typed_without_a_double_slash() {
        let session = Session::new("s1", "Review", crate::domain::Timestamp::default());
        for dir in ["out/", "out"] {
            let text = status_text(&session, dir, &[]);
            assert!(text.contains("covalue merge SESSION out/*.ron"), "{text}");
        }
    }
}
