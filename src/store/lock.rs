//! The per-session edit lock: an OS file lock on a hidden `.NAME.ron.lock` beside the session.
//! The OS drops the lock when the process ends, however it ends, so a crash never leaves a
//! session stuck read-only. The lock file is opened without following a symbolic link, so it
//! never creates or touches anything but that one name in the session's own folder.
//!
//! The rule for links (README "Files and links"): a session reached through a symbolic link,
//! or a file with other hard links, opens read-only with the reason, so two names can never
//! hold two locks on one session, and a save never replaces a link instead of its file.

use super::fs::{LinkKind, StoreError, fail, link_kind};
use std::fs::{self, File, TryLockError};
use std::io;
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

/// How a session may be opened, from `open_for_editing`.
#[derive(Debug)]
pub enum Access {
    /// This program holds the edit lock and may save.
    Edit(Lock),
    /// Open it read-only, and show the reason.
    ReadOnly(ReadOnly),
}

/// Why a session opens read-only; its `Display` is a sentence for the status line.
#[derive(Debug, thiserror::Error)]
pub enum ReadOnly {
    /// Another program holds the edit lock.
    #[error("this session is open for editing in another covalue")]
    HeldElsewhere,
    /// A symbolic link or a file with several names (see the module's rule).
    #[error("this session file {}", .0.words())]
    Linked(LinkKind),
    /// The file belongs to another user; saving would take it from them.
    #[error("this session file belongs to another user (uid {0}); covalue will not take it over")]
    OwnedByOther(u32),
    /// The lock file could not be opened or locked (permissions, a read-only folder…).
    #[error("its edit lock cannot be taken ({0})")]
    LockUnavailable(#[source] StoreError),
}

fn lock_path(session: &Path) -> PathBuf {
    let name = session.file_name().unwrap_or_default().to_string_lossy();
    session.with_file_name(format!(".{name}.lock"))
}

/// Decides how the session at `session` opens: for editing, with its lock held, or read-only
/// with the reason (held elsewhere, linked, someone else's, or a lock that cannot be taken).
/// Never fails: whatever stands in the way of editing becomes the reason.
pub fn open_for_editing(session: &Path) -> Access {
    if let Some(kind) = link_kind(session) {
        return Access::ReadOnly(ReadOnly::Linked(kind));
    }
    if let Some(owner) = fs::metadata(session)
        .ok()
        .and_then(|m| super::fs::Ownership::of(&m).other_owner())
        && !running_as_root()
    {
        return Access::ReadOnly(ReadOnly::OwnedByOther(owner));
    }
    match acquire(session) {
        Ok(LockState::Acquired(lock)) => Access::Edit(lock),
        Ok(LockState::HeldElsewhere) => Access::ReadOnly(ReadOnly::HeldElsewhere),
        Err(e) => Access::ReadOnly(ReadOnly::LockUnavailable(e)),
    }
}

/// Open flags for the lock: never through a link, never waiting on a FIFO, never taking a tty.
#[cfg(unix)]
fn no_follow_flags() -> i32 {
    use rustix::fs::OFlags;
    (OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY).bits() as i32
}

fn running_as_root() -> bool {
    #[cfg(unix)]
    {
        rustix::process::geteuid().is_root()
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Opens the lock file: created if missing (as open as the session, so whoever may edit the
/// session may lock it), never through a symbolic link, never anything but a regular file.
fn open_lock_file(path: &Path, session: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
        let mode = fs::metadata(session).map_or(0o600, |m| m.mode() & 0o666);
        options.mode(mode).custom_flags(no_follow_flags());
    }
    let file = match options.open(path) {
        // A lock file another user made may be readable but not writable: a read-only open
        // still takes an OS lock.
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            let mut read_only = fs::OpenOptions::new();
            read_only.read(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                read_only.custom_flags(no_follow_flags());
            }
            read_only.open(path).map_err(|_| e)?
        }
        other => other?,
    };
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the lock is not a regular file",
        ));
    }
    Ok(file)
}

/// Tries to take the edit lock of the session at `session` without waiting. The lock file is
/// left in place afterwards: deleting it could let two programs lock two different files.
/// `open_for_editing` is the full decision; this is the lock alone.
pub fn acquire(session: &Path) -> Result<LockState, StoreError> {
    let path = lock_path(session);
    let file = open_lock_file(&path, session).map_err(|e| {
        // O_NOFOLLOW reports a symbolic link as ELOOP; say what it is.
        #[cfg(unix)]
        if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
            return fail("use the lock", &path)(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the lock is a symbolic link, which covalue never follows",
            ));
        }
        fail("create the lock", &path)(e)
    })?;
    match file.try_lock() {
        Ok(()) => Ok(LockState::Acquired(Lock { _file: file, path })),
        Err(TryLockError::WouldBlock) => Ok(LockState::HeldElsewhere),
        Err(TryLockError::Error(e)) => Err(fail("lock", &path)(e)),
    }
}

/// Whether another program holds the edit lock of the session at `session`, asked without
/// creating a lock file (a report or git's temporary file must not gain one beside it). A lock
/// file that cannot be opened is no proof of an editor, so it counts as not held.
pub fn held_elsewhere(session: &Path) -> bool {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(no_follow_flags());
    }
    let Ok(file) = options.open(lock_path(session)) else {
        return false;
    };
    matches!(file.try_lock(), Err(TryLockError::WouldBlock))
}
