//! Running git in a sessions folder: the repository around it, its branch, remote and
//! upstream, and git's own words when a command fails.

use super::outcome::SyncError;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Only the session files at the top of the folder (where the store keeps them), with
/// `.portfolio.ron`; never the temporary files of a save, the trash or the server's keys.
pub(super) const SESSIONS: &str = ":(glob)*.ron";

/// The git repository around a sessions folder, and the branch and remote it syncs.
pub(super) struct Repo<'a> {
    pub(super) folder: &'a Path,
    pub(super) top: PathBuf,
    pub(super) branch: String,
    pub(super) remote: String,
}

impl Repo<'_> {
    /// Runs git in the folder; a failure becomes `SyncError::Git` with git's own words.
    pub(super) fn run(&self, args: &[&str]) -> Result<String, SyncError> {
        git_in(self.folder, args)
    }

    pub(super) fn try_run(&self, args: &[&str]) -> Result<Output, SyncError> {
        command(self.folder, args)
    }
}

fn command(folder: &Path, args: &[&str]) -> Result<Output, SyncError> {
    Command::new("git")
        .args(args)
        .current_dir(folder)
        // The driver's messages name the session, and are the ones sync reports.
        .env("COVALUE_DATA_DIR", folder)
        .output()
        .map_err(SyncError::NoGit)
}

pub(super) fn git_in(folder: &Path, args: &[&str]) -> Result<String, SyncError> {
    let output = command(folder, args)?;
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    let message = String::from_utf8_lossy(&output.stderr);
    let message = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Err(SyncError::Git {
        folder: folder.to_path_buf(),
        args: args.join(" "),
        message,
    })
}

pub(super) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Finds the repository, its branch and remote, and checks it is ready to commit.
pub(super) fn open(folder: &Path) -> Result<Repo<'_>, SyncError> {
    if !folder.is_dir() {
        return Err(SyncError::NoFolder(folder.to_path_buf()));
    }
    let top = command(folder, &["rev-parse", "--show-toplevel"])?;
    if !top.status.success() {
        return Err(SyncError::NotARepository(folder.to_path_buf()));
    }
    let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
    let branch = git_in(folder, &["symbolic-ref", "--short", "-q", "HEAD"])
        .map_err(|_| SyncError::Detached(folder.to_path_buf()))?
        .trim()
        .to_string();
    let remote = remote_of(folder, &branch)?;
    if command(folder, &["rev-parse", "-q", "--verify", "MERGE_HEAD"])?
        .status
        .success()
    {
        return Err(SyncError::MergeInProgress(folder.to_path_buf()));
    }
    let known = |what| command(folder, &["var", what]).map(|o| o.status.success());
    if !known("GIT_AUTHOR_IDENT")? || !known("GIT_COMMITTER_IDENT")? {
        return Err(SyncError::NoIdentity(folder.to_path_buf()));
    }
    Ok(Repo {
        folder,
        top,
        branch,
        remote,
    })
}

/// The branch's upstream remote, else `origin`, else the only remote there is.
fn remote_of(folder: &Path, branch: &str) -> Result<String, SyncError> {
    let configured = command(folder, &["config", &format!("branch.{branch}.remote")])?;
    if configured.status.success() {
        return Ok(String::from_utf8_lossy(&configured.stdout).trim().into());
    }
    let remotes = lines(&git_in(folder, &["remote"])?);
    match remotes.as_slice() {
        [] => Err(SyncError::NoRemote(folder.to_path_buf())),
        [one] => Ok(one.clone()),
        several if several.iter().any(|r| r == "origin") => Ok("origin".into()),
        _ => Err(SyncError::WhichRemote(folder.to_path_buf())),
    }
}

/// The ref to pull from: the branch's upstream, else the remote's branch of the same name,
/// else nothing (the remote is empty, or has no such branch yet: the push creates it).
pub(super) fn upstream(repo: &Repo<'_>) -> Result<Option<String>, SyncError> {
    let configured =
        repo.try_run(&["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"])?;
    if configured.status.success() {
        return Ok(Some(
            String::from_utf8_lossy(&configured.stdout).trim().into(),
        ));
    }
    let guess = format!("{}/{}", repo.remote, repo.branch);
    let exists = repo
        .try_run(&[
            "rev-parse",
            "-q",
            "--verify",
            &format!("refs/remotes/{guess}"),
        ])?
        .status
        .success();
    Ok(exists.then_some(guess))
}

pub(super) fn count(repo: &Repo<'_>, range: &str) -> Result<usize, SyncError> {
    let n = repo.run(&["rev-list", "--count", range])?;
    Ok(n.trim().parse().unwrap_or(0))
}
