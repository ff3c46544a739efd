//! `covalue sync`: shares a sessions folder through its git repository. Sets up covalue's
//! merge driver, textconv and ignore lines in that repository when they are missing, commits
//! the saved sessions, pulls with the driver and pushes. It runs the `git` command and nothing
//! else: git carries the files, so any remote git understands works, and no covalue runs there.
//! It never edits a session itself (the driver does, through `covalue merge`), and it never
//! leaves conflict markers: a merge git could not finish with the driver is aborted.
//!
//! The parts: `outcome` (what a sync says), `git` (running git, the repository), `setup`
//! (adopting, setting up, committing) and `pull` (pulling with the driver, pushing).

mod git;
mod outcome;
mod pull;
mod setup;

pub use outcome::{SyncError, SyncOptions, Synced};

use git::{open, upstream};
use pull::{pull, push};
use setup::{adopt, commit, set_up};
use std::path::Path;

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
