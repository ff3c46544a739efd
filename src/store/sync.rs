//! `covalue sync`: shares a sessions folder through its git repository. Sets up covalue's
//! merge driver, textconv and ignore lines in that repository when they are missing, commits
//! the saved sessions, pulls with the driver and pushes. It runs the `git` command and nothing
//! else: git carries the files, so any remote git understands works, and no covalue runs there.
//! It never edits a session itself (the driver does, through `covalue merge`), and it never
//! leaves conflict markers: a merge git could not finish with the driver is aborted.

use super::{held_elsewhere, load};
use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `.gitattributes` line that sends sessions to covalue's driver and textconv.
pub const ATTRIBUTES_LINE: &str = "*.ron merge=covalue diff=covalue";
/// `.portfolio.ron` ends in `.ron` but is not a session: git merges it as text.
pub const TARGETS_ATTRIBUTES_LINE: &str = ".portfolio.ron !merge !diff";
/// The `.gitignore` lines: backups, and the edit locks of sessions open somewhere.
pub const IGNORE_LINES: [&str; 2] = ["*.ron.bak", ".*.ron.lock"];

/// Only the session files at the top of the folder (where the store keeps them), with
/// `.portfolio.ron`; never the temporary files of a save, the trash or the server's keys.
const SESSIONS: &str = ":(glob)*.ron";

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

fn plural(n: usize, one: &str, many: &str) -> String {
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
        let targets = |f: &&String| super::is_targets_file(Path::new(f.as_str()));
        let settings = self.committed.iter().any(|f| targets(&f));
        let sessions = self.committed.iter().filter(|f| !targets(f)).count();
        done.push(match (sessions, settings) {
            (0, false) => "no session to commit".to_string(),
            (0, true) => format!("{} committed", super::TARGETS_FILE),
            (n, false) => format!("{} committed", plural(n, "session", "sessions")),
            (n, true) => format!(
                "{} and {} committed",
                plural(n, "session", "sessions"),
                super::TARGETS_FILE
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

/// The git repository around a sessions folder, and the branch and remote it syncs.
struct Repo<'a> {
    folder: &'a Path,
    top: PathBuf,
    branch: String,
    remote: String,
}

impl Repo<'_> {
    /// Runs git in the folder; a failure becomes `SyncError::Git` with git's own words.
    fn run(&self, args: &[&str]) -> Result<String, SyncError> {
        git_in(self.folder, args)
    }

    fn try_run(&self, args: &[&str]) -> Result<Output, SyncError> {
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

fn git_in(folder: &Path, args: &[&str]) -> Result<String, SyncError> {
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

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Syncs the sessions folder `folder` with its repository's remote; see the module's doc.
/// `Ok` when everything was done; `SyncError::Stopped` when part was (a conflict recorded in
/// a session, a session open for editing that the pull would change, a push refused).
pub fn sync(folder: &Path, options: &SyncOptions) -> Result<Synced, SyncError> {
    let repo = open(folder)?;
    let mut synced = Synced {
        folder: folder.to_path_buf(),
        ..Synced::default()
    };
    // Fetched first, so a clone without a commit of its own builds on the remote's history
    // rather than starting a second one. Unreachable (offline, no access): what is
    // committed stays, and is said.
    let unreachable = match repo.run(&["fetch", "--quiet", &repo.remote]) {
        Ok(_) => None,
        Err(SyncError::Git { message, .. }) => Some(message),
        Err(e) => return Err(e),
    };
    let upstream = upstream(&repo)?;
    if let (None, Some(upstream)) = (&unreachable, &upstream) {
        synced.pulled = adopt(&repo, upstream)?;
    }
    synced.set_up = set_up(&repo, options)?;
    synced.committed = commit(&repo, &synced.set_up)?;
    if let Some(message) = unreachable {
        synced.stopped = Some(format!(
            "not pulled nor pushed: cannot reach {} ({message}); sync again once it can be reached",
            repo.remote
        ));
        return Err(SyncError::Stopped(Box::new(synced)));
    }
    if let Some(upstream) = &upstream {
        pull(&repo, upstream, &mut synced)?;
    }
    if synced.stopped.is_some() {
        return Err(SyncError::Stopped(Box::new(synced)));
    }
    push(&repo, upstream.as_deref(), &mut synced)?;
    match synced.stopped {
        Some(_) => Err(SyncError::Stopped(Box::new(synced))),
        None => Ok(synced),
    }
}

/// A clone with no commit yet (made before anyone pushed) takes the remote's history as its
/// own: its branch moves to `upstream`, the files it lacks are checked out, and what it has
/// of its own is committed on top later, so the team shares one root. Not when a file it has
/// differs from the remote's: the pull then merges them as unrelated histories, by the
/// driver, rather than one replacing the other. Returns the sessions it brought in.
fn adopt(repo: &Repo<'_>, upstream: &str) -> Result<Vec<String>, SyncError> {
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

/// Finds the repository, its branch and remote, and checks it is ready to commit.
fn open(folder: &Path) -> Result<Repo<'_>, SyncError> {
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

/// Sets up what is missing: the driver and textconv in the repository's own config (never
/// `--global`), the attributes and ignore lines in the folder. Returns what it set up.
fn set_up(repo: &Repo<'_>, options: &SyncOptions) -> Result<Vec<String>, SyncError> {
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
fn commit(repo: &Repo<'_>, set_up: &[String]) -> Result<Vec<String>, SyncError> {
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

/// The ref to pull from: the branch's upstream, else the remote's branch of the same name,
/// else nothing (the remote is empty, or has no such branch yet: the push creates it).
fn upstream(repo: &Repo<'_>) -> Result<Option<String>, SyncError> {
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

fn count(repo: &Repo<'_>, range: &str) -> Result<usize, SyncError> {
    let n = repo.run(&["rev-list", "--count", range])?;
    Ok(n.trim().parse().unwrap_or(0))
}

/// Merges `upstream` with the driver. A session open for editing that it would change stops
/// the pull (that covalue's next save would undo it); a conflict the driver recorded is
/// committed in its session and stops before the push; anything else git could not merge is
/// aborted, so no file is left with conflict markers.
fn pull(repo: &Repo<'_>, upstream: &str, synced: &mut Synced) -> Result<(), SyncError> {
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
fn push(repo: &Repo<'_>, upstream: Option<&str>, synced: &mut Synced) -> Result<(), SyncError> {
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
