//! Pulling with the driver and pushing: what stops either (a session open elsewhere, conflicts
//! the driver recorded, a merge git cannot finish, a refused push), never leaving conflict
//! markers behind.

use super::git::{Repo, SESSIONS, count, git_in, lines};
use super::outcome::{SyncError, Synced};
use crate::store::{held_elsewhere, load};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

/// Merges `upstream` with the driver. A session open for editing that it would change stops
/// the pull (that covalue's next save would undo it); a conflict the driver recorded is
/// committed in its session and stops before the push; anything else git could not merge is
/// aborted, so no file is left with conflict markers.
pub(super) fn pull(repo: &Repo<'_>, upstream: &str, synced: &mut Synced) -> Result<(), SyncError> {
    let born = repo
        .try_run(&["rev-parse", "-q", "--verify", "HEAD"])?
        .status
        .success();
    if born && count(repo, &format!("HEAD..{upstream}"))? == 0 {
        return Ok(());
    }
    let changed = incoming_sessions(repo, upstream, born)?;
    let open: Vec<&str> = changed
        .iter()
        .map(String::as_str)
        .filter(|f| held_elsewhere(&repo.folder.join(f)))
        .collect();
    if !open.is_empty() {
        synced.stopped = Some(format!(
            "not pulled nor pushed: the pull changes {}, open for editing in another covalue, whose next save would undo it; close it there, then sync again",
            open.join(", ")
        ));
        return Ok(());
    }
    let before = recorded_conflicts(repo.folder, &changed);
    // Unrelated histories: a clone that committed before its first pull (its own setup lines,
    // a session made offline) joins the shared history; the same files merge as usual.
    let merged = repo.try_run(&[
        "merge",
        "--no-edit",
        "--quiet",
        "--allow-unrelated-histories",
        upstream,
    ])?;
    synced.pulled = changed;
    if merged.status.success() {
        return Ok(());
    }
    settle_merge(repo, &before, &merged, synced)
}

/// The session files the pull brings changes to: since the common ancestor; against the
/// branch itself when the histories are unrelated (a clone that committed before its first
/// pull); all of them before a clone's first commit.
fn incoming_sessions(
    repo: &Repo<'_>,
    upstream: &str,
    born: bool,
) -> Result<Vec<String>, SyncError> {
    let related = born
        && repo
            .try_run(&["merge-base", "HEAD", upstream])?
            .status
            .success();
    let from = if related {
        format!("HEAD...{upstream}")
    } else if born {
        "HEAD".to_string()
    } else {
        repo.run(&["hash-object", "-t", "tree", "/dev/null"])?
            .trim()
            .to_string()
    };
    let mut args = vec!["diff", "--name-only", "--relative", from.as_str()];
    if !related {
        args.push(upstream);
    }
    args.extend(["--", SESSIONS]);
    Ok(lines(&repo.run(&args)?))
}

/// The conflicts each session already records, so a merge's new ones can be told apart.
fn recorded_conflicts(folder: &Path, files: &[String]) -> Vec<(String, BTreeSet<String>)> {
    files
        .iter()
        .map(|f| {
            let messages = load(&folder.join(f))
                .map(|s| s.conflicts.into_iter().map(|c| c.message).collect())
                .unwrap_or_default();
            (f.clone(), messages)
        })
        .collect()
}

/// After a merge that stopped: when every unmerged file is a session in which the driver
/// recorded its conflicts, commits the merge as it is (valid sessions that list their
/// conflicts) and stops before the push; otherwise aborts the merge and says which files.
fn settle_merge(
    repo: &Repo<'_>,
    before: &[(String, BTreeSet<String>)],
    merged: &Output,
    synced: &mut Synced,
) -> Result<(), SyncError> {
    let unmerged: BTreeSet<String> = lines(&git_in(
        &repo.top,
        &["diff", "--name-only", "--diff-filter=U"],
    )?)
    .into_iter()
    .collect();
    let folder = repo.folder.canonicalize().unwrap_or(repo.folder.into());
    let mut conflicts = Vec::new();
    let mut other = Vec::new();
    for path in &unmerged {
        let relative = repo
            .top
            .join(path)
            .strip_prefix(&folder)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| path.clone());
        match new_conflicts(repo.folder, &relative, before) {
            Some(messages) => conflicts.push((relative, messages)),
            None => other.push(relative),
        }
    }
    if unmerged.is_empty() || !other.is_empty() {
        repo.try_run(&["merge", "--abort"])?;
        synced.pulled.clear();
        synced.stopped = Some(if other.is_empty() {
            format!(
                "not pulled nor pushed: git could not merge ({}); nothing was changed",
                String::from_utf8_lossy(&merged.stderr).trim()
            )
        } else {
            format!(
                "not pulled nor pushed: {} changed on both sides and cannot be merged as sessions, so the pull was undone and nothing was changed; merge them by hand with git pull",
                other.join(", ")
            )
        });
        return Ok(());
    }
    let mut add = vec!["add", "--"];
    add.extend(conflicts.iter().map(|(f, _)| f.as_str()));
    repo.run(&add)?;
    repo.run(&["commit", "--quiet", "--no-edit"])?;
    synced.conflicts = conflicts;
    synced.stopped = Some(
        "not pushed: decide the conflicts in covalue (the header and Setup list them), then sync again".into(),
    );
    Ok(())
}

/// The conflicts the merge recorded in the session `file` beyond those it had; `None` when it
/// is not a session that loads, or holds no new conflict (the driver did not merge it).
fn new_conflicts(
    folder: &Path,
    file: &str,
    before: &[(String, BTreeSet<String>)],
) -> Option<Vec<String>> {
    let session = load(&folder.join(file)).ok()?;
    let had = before
        .iter()
        .find(|(f, _)| f == file)
        .map(|(_, m)| m.clone())
        .unwrap_or_default();
    let new: Vec<String> = session
        .conflicts
        .into_iter()
        .map(|c| c.message)
        .filter(|m| !had.contains(m))
        .collect();
    (!new.is_empty()).then_some(new)
}

/// The sessions the push would send that still list merge conflicts (with how many): sent
/// as they are, everyone would meet conflicts nobody has decided.
fn undecided_conflicts(repo: &Repo<'_>, upstream: Option<&str>) -> Result<Vec<String>, SyncError> {
    let outgoing = match upstream {
        Some(upstream) => lines(&repo.run(&[
            "diff",
            "--name-only",
            "--relative",
            upstream,
            "HEAD",
            "--",
            SESSIONS,
        ])?),
        None => lines(&repo.run(&["ls-files", "--", SESSIONS])?),
    };
    Ok(outgoing
        .into_iter()
        .filter_map(|file| {
            let n = load(&repo.folder.join(&file)).ok()?.conflicts.len();
            (n > 0).then(|| format!("{file} ({n})"))
        })
        .collect())
}

/// Pushes the branch when it is ahead of the remote (setting the upstream the first time).
pub(super) fn push(
    repo: &Repo<'_>,
    upstream: Option<&str>,
    synced: &mut Synced,
) -> Result<(), SyncError> {
    let target = format!("{}/{}", repo.remote, repo.branch);
    if let Some(upstream) = upstream
        && count(repo, &format!("{upstream}..HEAD"))? == 0
    {
        synced.level_with = Some(upstream.to_string());
        return Ok(());
    }
    let undecided = undecided_conflicts(repo, upstream)?;
    if !undecided.is_empty() {
        synced.stopped = Some(format!(
            "not pushed: {} still {} merge conflicts to decide; decide them in covalue (the header and Setup list them), then sync again",
            undecided.join(", "),
            if undecided.len() == 1 {
                "lists"
            } else {
                "list"
            }
        ));
        return Ok(());
    }
    let refspec = format!("HEAD:{}", repo.branch);
    let mut args = vec!["push", "--quiet"];
    let tracked = repo
        .try_run(&["rev-parse", "--abbrev-ref", "@{u}"])?
        .status
        .success();
    if !tracked {
        args.push("--set-upstream");
    }
    args.extend([repo.remote.as_str(), refspec.as_str()]);
    let pushed = repo.try_run(&args)?;
    if pushed.status.success() {
        synced.pushed = Some(target);
    } else {
        synced.stopped = Some(format!(
            "not pushed: {} refused it ({}); someone may have pushed meanwhile, so sync again",
            repo.remote,
            lines(&String::from_utf8_lossy(&pushed.stderr)).join(" ")
        ));
    }
    Ok(())
}
