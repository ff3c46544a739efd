//! Before the pull: adopting the remote's history in a clone with no commit yet, setting up
//! the driver, textconv, attributes and ignore lines that are missing, and committing the
//! saved sessions.

use super::git::{Repo, SESSIONS, git_in, lines};
use super::outcome::{SyncError, SyncOptions, plural};
use std::collections::BTreeSet;
use std::io;
use std::path::Path;

/// The `.gitattributes` line that sends sessions to covalue's driver and textconv.
pub const ATTRIBUTES_LINE: &str = "*.ron merge=covalue diff=covalue";

/// `.portfolio.ron` ends in `.ron` but is not a session: git merges it as text.
pub const TARGETS_ATTRIBUTES_LINE: &str = ".portfolio.ron !merge !diff";

/// The `.gitignore` lines: backups, and the edit locks of sessions open somewhere.
pub const IGNORE_LINES: [&str; 2] = ["*.ron.bak", ".*.ron.lock"];

/// A clone with no commit yet (made before anyone pushed) takes the remote's history as its
/// own: its branch moves to `upstream`, the files it lacks are checked out, and what it has
/// of its own is committed on top later, so the team shares one root. Not when a file it has
/// differs from the remote's: the pull then merges them as unrelated histories, by the
/// driver, rather than one replacing the other. Returns the sessions it brought in.
pub(super) fn adopt(repo: &Repo<'_>, upstream: &str) -> Result<Vec<String>, SyncError> {
    let born = repo
        .try_run(&["rev-parse", "-q", "--verify", "HEAD"])?
        .status
        .success();
    if born {
        return Ok(Vec::new());
    }
    // Whole-repository paths: the reset moves the whole branch, not only this folder.
    let theirs: Vec<(String, String)> = lines(&git_in(
        &repo.top,
        &["ls-tree", "-r", "--full-tree", upstream],
    )?)
    .iter()
    .filter_map(|l| {
        let (meta, path) = l.split_once('\t')?;
        Some((
            meta.split_whitespace().nth(2)?.to_string(),
            path.to_string(),
        ))
    })
    .collect();
    let both: Vec<&(String, String)> = theirs
        .iter()
        .filter(|(_, path)| repo.top.join(path).symlink_metadata().is_ok())
        .collect();
    if !both.is_empty() {
        let mut args = vec!["hash-object", "--"];
        args.extend(both.iter().map(|(_, path)| path.as_str()));
        let ours = lines(&git_in(&repo.top, &args)?);
        if ours.len() != both.len() || both.iter().zip(&ours).any(|((h, _), o)| h != o) {
            return Ok(Vec::new());
        }
    }
    // The folder's own level only, as `SESSIONS` (ls-tree takes no glob).
    let missing: Vec<String> = lines(&repo.run(&["ls-tree", "--name-only", upstream])?)
        .into_iter()
        .filter(|f| f.ends_with(".ron") && repo.folder.join(f).symlink_metadata().is_err())
        .collect();
    // A mixed reset: the branch and the index take the remote's commit, the work tree keeps
    // this clone's files; those only the remote has are then checked out.
    repo.run(&["reset", "--quiet", upstream])?;
    let deleted = lines(&git_in(
        &repo.top,
        &["ls-files", "--deleted", "--full-name"],
    )?);
    if !deleted.is_empty() {
        let mut args = vec!["checkout", "--quiet", "--"];
        args.extend(deleted.iter().map(String::as_str));
        git_in(&repo.top, &args)?;
    }
    Ok(missing)
}

/// Sets up what is missing: the driver and textconv in the repository's own config (never
/// `--global`), the attributes and ignore lines in the folder. Returns what it set up.
pub(super) fn set_up(repo: &Repo<'_>, options: &SyncOptions) -> Result<Vec<String>, SyncError> {
    let program = &options.program;
    let settings = [
        (
            "merge.covalue.driver",
            format!("{program} merge --base %O %A %B -o %A --name %P"),
            "the merge driver",
        ),
        (
            "merge.covalue.name",
            "covalue sessions: each person's ratings are their own".to_string(),
            "",
        ),
        (
            "diff.covalue.textconv",
            format!("{program} show"),
            "the textconv",
        ),
    ];
    let mut done = Vec::new();
    for (key, value, words) in settings {
        if !repo.try_run(&["config", "--get", key])?.status.success() {
            repo.run(&["config", "--local", key, &value])?;
            if !words.is_empty() {
                done.push(words.to_string());
            }
        }
    }
    let attributes = [ATTRIBUTES_LINE, TARGETS_ATTRIBUTES_LINE];
    if add_lines(repo.folder, ".gitattributes", &attributes)? > 0 {
        done.push("the .gitattributes lines".into());
    }
    match add_lines(repo.folder, ".gitignore", &IGNORE_LINES)? {
        0 => {}
        n => done.push(plural(n, "ignore line", "ignore lines")),
    }
    Ok(done)
}

/// Appends to the folder's `name` each of `wanted` it does not hold yet; returns how many.
fn add_lines(folder: &Path, name: &str, wanted: &[&str]) -> Result<usize, SyncError> {
    let path = folder.join(name);
    let failed = |source| SyncError::Write {
        folder: folder.to_path_buf(),
        file: path.clone(),
        source,
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(failed(e)),
    };
    let have: BTreeSet<&str> = text.lines().map(str::trim).collect();
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|l| !have.contains(l))
        .collect();
    if missing.is_empty() {
        return Ok(0);
    }
    let mut more = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        more.push('\n');
    }
    for line in &missing {
        more.push_str(line);
        more.push('\n');
    }
    // Appended, not rewritten: the lines already there stay as they were, mode included.
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut file| io::Write::write_all(&mut file, more.as_bytes()))
        .map_err(failed)?;
    Ok(missing.len())
}

/// Commits the saved sessions (added, changed or deleted) and the files `set_up` touched.
/// A session open for editing is committed as last saved: its lock file is ignored. Returns
/// the session files committed.
pub(super) fn commit(repo: &Repo<'_>, set_up: &[String]) -> Result<Vec<String>, SyncError> {
    // Listed first: `git add` refuses a pattern that matches no file (a folder without
    // sessions yet), `ls-files` does not. Tracked files are listed even when deleted.
    let candidates = lines(&repo.run(&[
        "ls-files",
        "--cached",
        "--others",
        "--exclude-standard",
        "--",
        SESSIONS,
        ":(glob).gitattributes",
        ":(glob).gitignore",
    ])?);
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let mut add = vec!["add", "--all", "--"];
    add.extend(candidates.iter().map(String::as_str));
    repo.run(&add)?;
    let staged = lines(&repo.run(&["diff", "--cached", "--name-only", "--relative"])?);
    if staged.is_empty() {
        return Ok(Vec::new());
    }
    let sessions: Vec<String> = staged
        .iter()
        .filter(|f| f.ends_with(".ron"))
        .cloned()
        .collect();
    let message = commit_message(&sessions, set_up);
    let mut args = vec!["commit", "--quiet", "-m", &message, "--"];
    args.extend(staged.iter().map(String::as_str));
    repo.run(&args)?;
    Ok(sessions)
}

fn commit_message(sessions: &[String], set_up: &[String]) -> String {
    let mut subject = match sessions {
        [] => "covalue sync: set up sharing sessions".to_string(),
        [one] => format!("covalue sync: {one}"),
        many => format!("covalue sync: {} sessions", many.len()),
    };
    if !set_up.is_empty() && !sessions.is_empty() {
        subject.push_str(" (and set up sharing)");
    }
    if sessions.len() > 1 {
        subject.push_str("\n\n");
        subject.push_str(&sessions.join("\n"));
    }
    subject
}
