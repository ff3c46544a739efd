//! What a sync says: why it stopped (`SyncError`), what it did (`Synced`, one sentence per
//! part for the user), and how git is asked to run covalue (`SyncOptions`).

use crate::store::{TARGETS_FILE, is_targets_file};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Why a sync stopped. Each names the folder; `Display` is one sentence for the user.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{}: no such folder", .0.display())]
    NoFolder(PathBuf),
    #[error("cannot run git ({0}); covalue sync needs the git command on your PATH")]
    NoGit(#[source] io::Error),
    #[error(
        "{} is not in a git repository; clone the team's repository there (git clone URL {}), or run git init and git remote add origin URL",
        .0.display(), .0.display()
    )]
    NotARepository(PathBuf),
    #[error("{} is a git repository without a remote to sync with; add one: git remote add origin URL", .0.display())]
    NoRemote(PathBuf),
    #[error("{} has several git remotes and none named origin; set the branch's upstream (git branch -u REMOTE/BRANCH) to choose one", .0.display())]
    WhichRemote(PathBuf),
    #[error("{} is not on a branch (a detached HEAD); check out the branch to sync (git switch main)", .0.display())]
    Detached(PathBuf),
    #[error("{} is in the middle of a git merge; finish it (git commit) or abort it (git merge --abort), then sync again", .0.display())]
    MergeInProgress(PathBuf),
    #[error(
        "git does not know who you are in {}, and every commit names its author; tell it once: git config --global user.name \"Your Name\" and git config --global user.email you@example.com",
        .0.display()
    )]
    NoIdentity(PathBuf),
    #[error("{}: cannot write {} ({source})", .folder.display(), .file.display())]
    Write {
        folder: PathBuf,
        file: PathBuf,
        source: io::Error,
    },
    #[error("{}: git {args} failed: {message}", .folder.display())]
    Git {
        folder: PathBuf,
        args: String,
        message: String,
    },
    /// The sync went part of the way: what was done, and why it stopped there.
    #[error("{}", .0)]
    Stopped(Box<Synced>),
}

/// What a sync did, for its message; `stopped` says why it went no further.
#[derive(Debug, Default)]
pub struct Synced {
    pub folder: PathBuf,
    /// What was set up in the repository (the driver, the textconv, ignore lines).
    pub set_up: Vec<String>,
    /// The session files committed (names relative to the folder).
    pub committed: Vec<String>,
    /// The session files the pull changed.
    pub pulled: Vec<String>,
    /// Where it pushed (`origin/main`), if it pushed anything.
    pub pushed: Option<String>,
    /// The upstream it is level with, when there was nothing to push.
    pub level_with: Option<String>,
    /// Each session whose merge recorded conflicts, with their messages as `merge` gives them.
    pub conflicts: Vec<(String, Vec<String>)>,
    /// Why it stopped before the end, as the end of the message.
    pub stopped: Option<String>,
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl fmt::Display for Synced {
    /// `~/sessions: 3 sessions committed, 2 pulled, pushed to origin/main.`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut done = Vec::new();
        if !self.set_up.is_empty() {
            done.push(format!("set up {}", self.set_up.join(", ")));
        }
        // The portfolio settings travel with the sessions but are not one.
        let targets = |f: &&String| is_targets_file(Path::new(f.as_str()));
        let settings = self.committed.iter().any(|f| targets(&f));
        let sessions = self.committed.iter().filter(|f| !targets(f)).count();
        done.push(match (sessions, settings) {
            (0, false) => "no session to commit".to_string(),
            (0, true) => format!("{} committed", TARGETS_FILE),
            (n, false) => format!("{} committed", plural(n, "session", "sessions")),
            (n, true) => format!(
                "{} and {} committed",
                plural(n, "session", "sessions"),
                TARGETS_FILE
            ),
        });
        // A pull that was stopped or undone says so at the end instead.
        let undone = self.stopped.is_some() && self.pulled.is_empty() && self.conflicts.is_empty();
        match self.pulled.len() {
            _ if undone => {}
            0 => done.push("nothing to pull".to_string()),
            n => done.push(format!("{n} pulled")),
        }
        let conflicted: usize = self.conflicts.iter().map(|(_, c)| c.len()).sum();
        if conflicted > 0 {
            let files: Vec<&str> = self.conflicts.iter().map(|(f, _)| f.as_str()).collect();
            done.push(format!(
                "{} recorded in {}",
                plural(conflicted, "conflict", "conflicts"),
                files.join(", ")
            ));
        }
        match (&self.pushed, &self.level_with) {
            (Some(to), _) => done.push(format!("pushed to {to}")),
            (None, Some(with)) if self.stopped.is_none() => {
                done.push(format!("nothing to push (level with {with})"));
            }
            _ => {}
        }
        write!(f, "{}: {}", self.folder.display(), done.join(", "))?;
        match &self.stopped {
            Some(why) => write!(f, "; {why}"),
            None => write!(f, "."),
        }
    }
}

/// How git is asked to run covalue: the command word for the driver and the textconv
/// (`covalue`, or this program's full path when that is not what `covalue` finds).
#[derive(Clone, Debug)]
pub struct SyncOptions {
    pub program: String,
}
