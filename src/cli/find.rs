//! Finding the session a command names, in one order for every command: a path as given, a
//! file name in the sessions folder, an id or a unique prefix of one, a unique part of a title.

use super::error::Failure;
use crate::domain::Session;
use crate::store::{self, Store};
use crate::text::one_line;
use std::path::{Path, PathBuf};

/// Where the sessions are when `dir` holds none but has a `sessions/` folder that does: the
/// usual mistake of giving `--data-dir` the data folder instead of its sessions folder.
fn sessions_below(dir: &Path) -> Option<PathBuf> {
    let has_sessions = |d: &Path| {
        std::fs::read_dir(d).is_ok_and(|read| {
            read.filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "ron"))
        })
    };
    let below = dir.join("sessions");
    (!has_sessions(dir) && has_sessions(&below)).then_some(below)
}

/// A sentence pointing at the sessions folder below `dir`, when there is one.
pub(super) fn sessions_hint(dir: &Path) -> Option<String> {
    sessions_below(dir).map(|below| {
        format!(
            "{} holds no sessions, but {} does; the data folder option names the folder of the session files themselves: --data-dir {}",
            dir.display(),
            below.display(),
            below.display()
        )
    })
}

/// Finds a session, in one order for every command: a path that exists as given (relative to
/// the current folder); a file name in the sessions folder; an id or a unique prefix of one;
/// a unique part of a title (any case). Several files that fit are reported with their paths,
/// and a name that fits only unreadable files says where they cannot be read.
pub(super) fn resolve(store: &Store, what: &str) -> Result<PathBuf, Failure> {
    let given = Path::new(what);
    let as_given = !what.is_empty() && std::fs::metadata(given).is_ok_and(|m| !m.is_dir());
    let in_folder = store.dir().join(what);
    if !as_given && !what.is_empty() && !given.is_absolute() && in_folder.is_file() {
        return Ok(in_folder);
    }
    match store.resolve(what) {
        Ok(path) => return Ok(path),
        Err(store::ResolveError::NotFound(_)) if !what.trim().is_empty() => {}
        Err(e) => return Err(Failure::data(e)),
    }
    let listed = store.sessions().map_err(Failure::data)?;
    by_title(store, what, &listed)
}

/// The session whose title contains `what` (a whole title first), else why none or several.
fn by_title(store: &Store, what: &str, listed: &[store::Listed]) -> Result<PathBuf, Failure> {
    let needle = what.trim().to_lowercase();
    let matches: Vec<(&Path, &store::SessionInfo)> = listed
        .iter()
        .filter_map(|l| l.info.as_ref().ok().map(|i| (l.path.as_path(), i)))
        .filter(|(_, i)| i.title.to_lowercase().contains(&needle))
        .collect();
    // A whole title beats the longer titles that contain it ("Q1" and "Q1 follow-up").
    let exact: Vec<&(&Path, &store::SessionInfo)> = matches
        .iter()
        .filter(|(_, i)| i.title.trim().to_lowercase() == needle)
        .collect();
    if let [(path, _)] = exact.as_slice() {
        return Ok(path.to_path_buf());
    }
    match matches.as_slice() {
        [(path, _)] => Ok(path.to_path_buf()),
        [] => Err(not_found(store, what, listed)),
        several => Err(Failure::SeveralTitles {
            what: what.to_string(),
            names: several
                .iter()
                .map(|(path, i)| {
                    format!(
                        "{} ({}, {})",
                        one_line(&i.title),
                        i.id,
                        shown_path(store, path)
                    )
                })
                .collect(),
        }),
    }
}

/// Why nothing matches `what`: the unreadable files whose names contain it, with where each
/// cannot be read, or else where covalue looked.
fn not_found(store: &Store, what: &str, listed: &[store::Listed]) -> Failure {
    let needle = what.trim().to_lowercase();
    let mut unreadable: Vec<String> = listed
        .iter()
        .filter(|l| l.file_name().to_lowercase().contains(&needle))
        .filter_map(store::Listed::error_text)
        .collect();
    let what = what.to_string();
    match unreadable.len() {
        0 => Failure::NoMatch {
            what,
            dir: store.dir().to_path_buf(),
            hint: sessions_hint(store.dir()),
        },
        1 => Failure::UnreadableMatch {
            what,
            error: unreadable.remove(0),
        },
        _ => Failure::UnreadableMatches {
            what,
            errors: unreadable,
        },
    }
}

/// The session `what` names, and its path.
pub(super) fn load(store: &Store, what: &str) -> Result<(PathBuf, Session), Failure> {
    let path = resolve(store, what)?;
    let session = store::load(&path).map_err(Failure::data)?;
    Ok((path, session))
}

/// A path as the list shows it: relative to the sessions folder when it is inside it.
pub(super) fn shown_path(store: &Store, path: &Path) -> String {
    path.strip_prefix(store.dir())
        .unwrap_or(path)
        .display()
        .to_string()
}
