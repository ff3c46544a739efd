//! The per-session edit lock: an OS file lock on a hidden `.NAME.ron.lock` beside the session.
//! The OS drops the lock when the process ends, however it ends, so a crash never leaves a
//! session stuck read-only.

use super::{StoreError, fail};
use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};

/// Held while a session is open for editing; dropping it releases the lock.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    path: PathBuf,
}

impl Lock {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The outcome of asking for the edit lock.
#[derive(Debug)]
pub enum LockState {
    /// This program may edit the session.
    Acquired(Lock),
    /// Another program has it open for editing: open it read-only.
    HeldElsewhere,
}

fn lock_path(session: &Path) -> PathBuf {
    let name = session.file_name().unwrap_or_default().to_string_lossy();
    session.with_file_name(format!(".{name}.lock"))
}

/// Tries to take the edit lock of the session at `session` without waiting. The lock file is
/// left in place afterwards: deleting it could let two programs lock two different files.
pub fn acquire(session: &Path) -> Result<LockState, StoreError> {
    let path = lock_path(session);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(fail("create the lock", &path))?;
    match file.try_lock() {
        Ok(()) => Ok(LockState::Acquired(Lock { _file: file, path })),
        Err(TryLockError::WouldBlock) => Ok(LockState::HeldElsewhere),
        Err(TryLockError::Error(e)) => Err(fail("lock", &path)(e)),
    }
}
