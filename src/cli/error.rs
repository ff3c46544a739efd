//! Why a command failed, and the exit code each failure gets (1 data or a failed check, 2 wrong
//! usage). The messages are part of the command line's contract: tests and people read them.

use std::error::Error;
use std::path::PathBuf;

/// A failure the command line reports on stderr as `covalue: MESSAGE`, then exits with
/// [`Failure::code`].
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Neither `--data-dir` nor the user's data folder is known.
    #[error("cannot find a data folder for this user; give one with --data-dir DIR")]
    NoDataFolder,
    /// `new --template NAME` names no built-in template; `names` lists those there are.
    #[error("there is no template {name:?}; the templates are: {names}")]
    NoTemplate { name: String, names: String },
    /// Standard output could not take the command's output.
    #[error("cannot write the output: {0}")]
    Output(std::io::Error),
    /// `check`: some of the files did not load.
    #[error("{failed} of {of} file{} failed the check", plural(*.of))]
    ChecksFailed { failed: usize, of: usize },
    /// `serve --headless` without `--keys`: the facilitator joins by key.
    #[error(
        "--headless needs --keys with a key marked (facilitator): without one, nobody could run the workshop"
    )]
    HeadlessWithoutKeys,
    /// A headless pre-work window without `--keys`: participants join by key.
    #[error(
        "--headless with --open-until needs --keys listing the participants' keys: without one, nobody could join"
    )]
    WindowWithoutKeys,
    /// `serve --keys FILE` names no file.
    #[error("{}: no such keys file", .0.display())]
    NoKeysFile(PathBuf),
    /// `serve --open-until` that is not a time; the message is the parser's.
    #[error("{0}")]
    CloseTime(Box<dyn Error + Send + Sync>),
    /// `prework` with neither its status subcommand nor SESSION and `--out DIR`.
    #[error("prework needs SESSION and --out DIR")]
    PreworkNeedsArgs,
    /// `prework status SESSION DIR` names no folder (`dir` as shown).
    #[error("{dir}: no such folder")]
    NoFolder { dir: String },
    /// A session named on the command line fits several titles (each with its id and path).
    #[error(
        "{what:?} is part of the titles of several sessions: {}; give more of the title, the id, or the file's path",
        .names.join(", ")
    )]
    SeveralTitles { what: String, names: Vec<String> },
    /// A session named on the command line fits only a file that cannot be read.
    #[error("{what:?} names a session file that cannot be read: {error}")]
    UnreadableMatch { what: String, error: String },
    /// A session named on the command line fits only files that cannot be read.
    #[error(
        "{what:?} names {} session files that cannot be read: {}",
        .errors.len(),
        .errors.join("; ")
    )]
    UnreadableMatches { what: String, errors: Vec<String> },
    /// Nothing fits a session named on the command line; `hint` points at a sessions folder below.
    #[error(
        "no session file or session id matches {what:?}, and no title contains it (looked in {}){}",
        .dir.display(),
        .hint.as_ref().map(|hint| format!("; {hint}")).unwrap_or_default()
    )]
    NoMatch {
        what: String,
        dir: PathBuf,
        hint: Option<String>,
    },
    /// `open --as NAME` (or a merge) on someone else's pre-work copy (`path` as shown).
    #[error(
        "{path} is {owner}'s pre-work copy, so it rates only as them; open it without --as, or with --as \"{owner}\""
    )]
    NotTheOwner { path: String, owner: String },
    /// A pre-work copy holds another person's rating that no other file of the merge holds.
    #[error(
        "{path} is {owner}'s pre-work copy, but it holds {first}{more}; only {owner}'s ratings may come from it, so nothing was merged: clear that rating in the copy, leave the copy out, or merge it with that rater's own pre-work copy, which decides their ratings"
    )]
    ForeignRating {
        path: String,
        owner: String,
        first: String,
        more: String,
    },
    /// `merge` of copies whose session ids differ, without `--different-ids`.
    #[error(
        "{first_path} and {path} are different sessions (ids {first_id:?} and {id:?}); merge copies of one session, or add --different-ids to merge them anyway"
    )]
    DifferentSessions {
        first_path: String,
        path: String,
        first_id: String,
        id: String,
    },
    /// `merge --base` whose base is another session than the copies.
    #[error(
        "the base {path} is another session (id {base_id:?}) than the copies (id {copies_id:?}); give the copies' common ancestor, or add --different-ids"
    )]
    OtherBase {
        path: String,
        base_id: String,
        copies_id: String,
    },
    /// `merge` wrote OUT (`shown`) but with conflicts left to resolve.
    #[error(
        "{count} conflict{} merging into {shown}; it keeps the first copy's value of each and lists them until resolved",
        plural(*.count)
    )]
    Conflicts { count: usize, shown: String },
    /// `sync` stopped (on a conflict); the message says what it did first.
    #[error("{0}")]
    SyncStopped(String),
    /// Loading, saving, merging, listing or sharing failed below the command line; the message
    /// is that layer's own.
    #[error("{0}")]
    Data(Box<dyn Error + Send + Sync>),
    /// Another failure whose message calls files by other names (git's temporary files by the
    /// session's own path in `merge --name`): each `(from, to)` is replaced in turn.
    #[error("{}", renamed(.failure, .renames))]
    Renamed {
        failure: Box<Failure>,
        renames: Vec<(String, String)>,
    },
}

impl Failure {
    /// A failure below the command line, in that layer's words (exit 1).
    pub(super) fn data(error: impl Into<Box<dyn Error + Send + Sync>>) -> Failure {
        Failure::Data(error.into())
    }

    /// The process's exit code: 2 for wrong usage, 1 for everything else.
    pub fn code(&self) -> i32 {
        match self {
            Failure::NoDataFolder
            | Failure::NoTemplate { .. }
            | Failure::HeadlessWithoutKeys
            | Failure::WindowWithoutKeys
            | Failure::CloseTime(_)
            | Failure::PreworkNeedsArgs => 2,
            Failure::Renamed { failure, .. } => failure.code(),
            _ => 1,
        }
    }
}

/// "s" after a count other than one.
fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// `failure`'s message with each `(from, to)` replaced in turn (an empty `from` is skipped).
fn renamed(failure: &Failure, renames: &[(String, String)]) -> String {
    renames
        .iter()
        .filter(|(from, _)| !from.is_empty())
        .fold(failure.to_string(), |message, (from, to)| {
            message.replace(from, to)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_failures_exit_2_and_the_rest_1() {
        assert_eq!(Failure::NoDataFolder.code(), 2);
        assert_eq!(Failure::PreworkNeedsArgs.code(), 2);
        assert_eq!(Failure::CloseTime("not a time".into()).code(), 2);
        assert_eq!(Failure::data("cannot read x.ron").code(), 1);
        assert_eq!(Failure::ChecksFailed { failed: 1, of: 2 }.code(), 1);
    }

    #[test]
    fn a_renamed_failure_keeps_its_code_and_renames_in_order() {
        let failure = Failure::Renamed {
            failure: Box::new(Failure::HeadlessWithoutKeys),
            renames: vec![
                ("--keys".into(), "KEYS".into()),
                (String::new(), "x".into()),
            ],
        };
        assert_eq!(failure.code(), 2);
        assert!(
            failure
                .to_string()
                .starts_with("--headless needs KEYS with")
        );
    }

    #[test]
    fn counts_read_as_english() {
        let one = Failure::ChecksFailed { failed: 1, of: 1 };
        assert_eq!(one.to_string(), "1 of 1 file failed the check");
        let conflicts = Failure::Conflicts {
            count: 2,
            shown: "x.ron".into(),
        };
        assert!(
            conflicts
                .to_string()
                .starts_with("2 conflicts merging into x.ron;")
        );
    }
}
