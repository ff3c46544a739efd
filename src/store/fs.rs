//! File-system primitives for the store: capped reads of regular files only, atomic writes
//! that keep a backup, report files, rescue files and the sweep of temporary files left by a
//! killed process. Nothing here knows what a session is.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Every way the store can fail on the file system, each with the path it concerns.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The operating system refused something.
    #[error("cannot {action} {}: {}", path.display(), io_reason(source))]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },
    /// The text to save is bigger than the loader accepts; nothing was written.
    #[error(
        "not saved: {} would be {size} bytes, over the {limit} bytes covalue can read back; shorten or split the session (the edit is kept in memory)",
        path.display()
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// A FIFO, device, folder or socket where a file was expected.
    #[error("{} is {kind}, not a regular file; covalue reads and writes regular files only", path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
    /// The file belongs to another user; replacing it would take it from them.
    #[error(
        "not saved: {} belongs to another user (uid {owner}) and saving would take it over; save a copy instead",
        path.display()
    )]
    OwnedByOther { path: PathBuf, owner: u32 },
    /// The name is a symbolic link or one of several hard links (see `store::Access`).
    #[error("not saved: {} {}", path.display(), kind.words())]
    Linked { path: PathBuf, kind: LinkKind },
    /// Another program wrote the file since covalue read or saved it; saving would undo that.
    #[error(
        "not saved: {} was changed on disk by another program since covalue read it, and saving would undo that change",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
}

impl StoreError {
    /// The path the error concerns.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Io { path, .. }
            | StoreError::TooLarge { path, .. }
            | StoreError::NotRegular { path, .. }
            | StoreError::OwnedByOther { path, .. }
            | StoreError::Linked { path, .. }
            | StoreError::ChangedOnDisk { path } => path,
        }
    }
}

/// How a session file is linked, which makes it read-only (the rule in README "Files and links").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// The name is a symbolic link to a file elsewhere.
    Symlink,
    /// The file has other names (hard links) besides this one and its backup.
    HardLinks,
}

impl LinkKind {
    pub(super) fn words(self) -> &'static str {
        match self {
            LinkKind::Symlink => {
                "is a symbolic link; covalue edits a session under its real name only (open the file it points to)"
            }
            LinkKind::HardLinks => {
                "has other names (hard links); saving would split them, so covalue opens it read-only"
            }
        }
    }
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "it does not exist".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
        io::ErrorKind::StorageFull => "the disk is full".to_string(),
        _ => e.to_string(),
    }
}

pub(super) fn fail(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        path,
        action,
        source,
    }
}

/// The folder a path lives in (`.` for a bare name).
pub(super) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

pub(super) fn kind_words(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// What `read_capped` found.
#[derive(Debug)]
pub enum Capped {
    Bytes(Vec<u8>),
    /// More than `cap` bytes: the size if the file system knows it, else `cap + 1`.
    TooLarge(u64),
}

/// Reads a regular file (through symlinks), never more than `cap` bytes: a FIFO, a device or a
/// folder is refused without blocking, and a file that grows while it is read stops at the cap.
pub fn read_capped(path: &Path, cap: u64) -> Result<Capped, StoreError> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Opening a FIFO for reading waits for a writer unless non-blocking; O_NOCTTY keeps a
        // terminal device from becoming ours. Neither changes how a regular file reads.
        options.custom_flags(
            (rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY).bits() as i32,
        );
    }
    let file = options.open(path).map_err(fail("read", path))?;
    let meta = file.metadata().map_err(fail("read", path))?;
    if !meta.is_file() {
        return Err(StoreError::NotRegular {
            path: path.to_path_buf(),
            kind: kind_words(meta.file_type()),
        });
    }
    if meta.len() > cap {
        return Ok(Capped::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(fail("read", path))?;
    if bytes.len() as u64 > cap {
        return Ok(Capped::TooLarge(cap + 1));
    }
    Ok(Capped::Bytes(bytes))
}

/// The prefix of every temporary file the store writes; the process id follows, so a later
/// run can tell a file of a killed process from one still being written.
const TEMP_PREFIX: &str = ".covalue-";

fn temp_prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

/// Removes temporary files left in `dir` by store writes that never finished: those of a
/// process that no longer exists, and any over an hour old (a real write takes milliseconds).
/// Errors are ignored: a file another user owns stays, and that is fine.
pub fn sweep_temporaries(dir: &Path) {
    let Ok(read) = fs::read_dir(dir) else {
        return;
    };
    for entry in read.filter_map(Result::ok) {
        if is_temporary(&entry.file_name().to_string_lossy()) {
            sweep_temporary(&entry.path());
        }
    }
}

/// Whether a file name is one of the store's temporary files.
pub(super) fn is_temporary(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(".tmp")
}

/// Removes one temporary file if its process has gone or it is over an hour old.
pub(super) fn sweep_temporary(path: &Path) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let pid = name
        .strip_prefix(TEMP_PREFIX)
        .and_then(|rest| rest.split_once('-'))
        .and_then(|(pid, _)| pid.parse::<u32>().ok());
    let dead = pid.is_some_and(|pid| pid != std::process::id() && !process_alive(pid));
    let old = || {
        fs::symlink_metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600)
    };
    if dead || old() {
        let _ = fs::remove_file(path);
    }
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // Signal 0 checks without sending: EPERM means it exists under another user.
    rustix::process::test_kill_process(pid) != Err(rustix::io::Errno::SRCH)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// Who owns an existing file and how open it is, to give its replacement the same.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ownership {
    #[cfg(unix)]
    mode: u32,
    #[cfg(unix)]
    uid: u32,
    #[cfg(unix)]
    gid: u32,
}

impl Ownership {
    pub(super) fn of(meta: &fs::Metadata) -> Ownership {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Ownership {
                mode: meta.mode() & 0o7777,
                uid: meta.uid(),
                gid: meta.gid(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            Ownership {}
        }
    }

    /// The owner's uid when that is not the user running covalue.
    pub(super) fn other_owner(self) -> Option<u32> {
        #[cfg(unix)]
        {
            let me = rustix::process::geteuid().as_raw();
            (self.uid != me).then_some(self.uid)
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    /// Gives `file` this mode, and this owner and group where allowed (root may give any owner;
    /// a user may give a group they belong to). The mode is applied last, since a change of
    /// owner clears set-id bits.
    fn apply(self, file: &File) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let root = rustix::process::geteuid().is_root();
            let owner = root.then_some(self.uid);
            // Where the group cannot be kept, the group bits would open the file to another
            // group than before: drop them instead.
            let mode = match std::os::unix::fs::fchown(file, owner, Some(self.gid)) {
                Ok(()) => self.mode,
                Err(_) => self.mode & !0o070,
            };
            file.set_permissions(fs::Permissions::from_mode(mode))?;
        }
        #[cfg(not(unix))]
        let _ = file;
        Ok(())
    }
}

/// A fresh temporary file in `dir`, named so `sweep_temporaries` can clean it after a kill.
fn temporary_in(dir: &Path, mode: Option<u32>) -> Result<tempfile::NamedTempFile, StoreError> {
    let prefix = temp_prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder.tempfile_in(dir).map_err(fail("write in", dir))
}

/// The backup beside a file: `NAME.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Makes `NAME.bak` the current content of `path` without a moment when no backup exists: the
/// new backup is made under a temporary name (a hard link, or a copy where links are not
/// supported) and then renamed over the old one, which the rename replaces atomically.
fn replace_backup(path: &Path, dir: &Path) -> Result<(), StoreError> {
    let backup = backup_path(path);
    let mut staged = None;
    for attempt in 0..16 {
        let candidate = dir.join(format!(
            "{}bak{attempt}-{}.tmp",
            temp_prefix(),
            super::new_id()
        ));
        match fs::hard_link(path, &candidate) {
            Ok(()) => {
                staged = Some(candidate);
                break;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(_) => {
                // No hard links here (some network and FAT file systems): a copy keeps the
                // mode, and is flushed so the backup is whole before it takes the name.
                fs::copy(path, &candidate).map_err(fail("back up", path))?;
                File::open(&candidate)
                    .and_then(|f| f.sync_all())
                    .map_err(fail("back up", path))?;
                staged = Some(candidate);
                break;
            }
        }
    }
    let staged = staged.ok_or_else(|| {
        fail("back up", path)(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free temporary name",
        ))
    })?;
    fs::rename(&staged, &backup).map_err(|e| {
        let _ = fs::remove_file(&staged);
        fail("back up", path)(e)
    })
}

/// How `write_atomic` treats what is already at the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keep {
    /// Keep the previous version as `NAME.bak`.
    Backup,
    /// Replace it without a backup (reports, settings).
    Nothing,
}

/// Writes `bytes` to `path` so that a crash at any moment leaves either the old file or the new
/// one, never a mix: a temporary file in the same folder, flushed to disk, renamed over the old
/// one, then the folder flushed so the rename itself survives a power cut. The old version is
/// kept as `NAME.bak` (see `replace_backup`). A new file is readable by its owner only; an
/// existing one keeps its mode, and its owner where the user may keep it, or the save is
/// refused rather than take another user's file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_replacing(path, bytes, Keep::Backup, None)
}

pub(super) fn write_replacing(
    path: &Path,
    bytes: &[u8],
    keep: Keep,
    new_mode: Option<u32>,
) -> Result<(), StoreError> {
    let dir = folder_of(path);
    let existing = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(StoreError::Linked {
                path: path.to_path_buf(),
                kind: LinkKind::Symlink,
            });
        }
        Ok(meta) if !meta.is_file() => {
            return Err(StoreError::NotRegular {
                path: path.to_path_buf(),
                kind: kind_words(meta.file_type()),
            });
        }
        Ok(meta) => Some(Ownership::of(&meta)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail("save", path)(e)),
    };
    #[cfg(unix)]
    if let Some(owner) = existing.and_then(Ownership::other_owner)
        && !rustix::process::geteuid().is_root()
    {
        return Err(StoreError::OwnedByOther {
            path: path.to_path_buf(),
            owner,
        });
    }
    let mut temp = temporary_in(dir, if existing.is_some() { None } else { new_mode })?;
    temp.write_all(bytes).map_err(fail("write", temp.path()))?;
    if let Some(ownership) = existing {
        ownership
            .apply(temp.as_file())
            .map_err(fail("write", temp.path()))?;
    }
    temp.as_file()
        .sync_all()
        .map_err(fail("write", temp.path()))?;
    if existing.is_some() && keep == Keep::Backup {
        replace_backup(path, dir)?;
    }
    temp.persist(path)
        .map_err(|e| fail("save", path)(e.error))?;
    sync_dir(dir)
}

/// Writes a report (an export) to `path` as a person expects from `> path`: no backup, a new
/// file in the user's normal mode (0666 less the umask), an existing file keeps its mode, a
/// symbolic link writes the file it points to, and a device or pipe (`-o /dev/stdout`) is
/// written straight through. A regular file is still replaced atomically, so a kill never
/// leaves half a report, and temporary files of a killed export are swept from the folder.
pub fn write_report(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    // Asked of the kernel first: `/dev/stdout` is a link to `/proc/self/fd/1`, whose own
    // "target" (`pipe:[…]`) is no path, yet opening it reaches the pipe or terminal.
    if let Ok(meta) = fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut out = fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(fail("write", path))?;
        return out.write_all(bytes).map_err(fail("write", path));
    }
    let target = follow_links(path)?;
    sweep_temporaries(folder_of(&target));
    write_replacing(&target, bytes, Keep::Nothing, Some(0o666))
}

/// Saves `bytes` under a new, unique name in the temporary folder when their real file cannot
/// be written. The name comes from the file's own name (never from the text inside it), made
/// safe, plus a random part, and the file is created fresh, readable by its owner only.
pub fn write_rescue(original: &Path, bytes: &[u8]) -> Result<PathBuf, StoreError> {
    let stem: String = original
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(48)
        .collect();
    let dir = std::env::temp_dir();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!("covalue-rescue-{stem}-"))
        .suffix(".ron")
        .tempfile_in(&dir)
        .map_err(fail("write in", &dir))?;
    temp.write_all(bytes).map_err(fail("write", temp.path()))?;
    temp.as_file()
        .sync_all()
        .map_err(fail("write", temp.path()))?;
    let (_, path) = temp.keep().map_err(|e| fail("save", &dir)(e.error))?;
    Ok(path)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(fail("flush", dir))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<(), StoreError> {
    Ok(())
}

/// Whether the name `path` is a symbolic link, or a file with other hard links than its own
/// backup (a save killed between making the backup and renaming the new file leaves the file
/// and its backup as one; that is not a second name a person made).
pub fn link_kind(path: &Path) -> Option<LinkKind> {
    let meta = fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() {
        return Some(LinkKind::Symlink);
    }
    // A folder's link count counts its subfolders, not names a person gave it; a folder (or
    // a device) is refused as what it is, elsewhere.
    if !meta.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let same = |other: &fs::Metadata| other.dev() == meta.dev() && other.ino() == meta.ino();
        let backup_is_same = fs::symlink_metadata(backup_path(path)).is_ok_and(|b| same(&b));
        let own_names = 1 + u64::from(backup_is_same);
        if meta.nlink() > own_names {
            // A save killed after staging its backup leaves that staged name linked to the
            // file: clear the temporaries of dead saves before calling it a name a person made.
            sweep_temporaries(folder_of(path));
            // A staged name still there is the store's own all the same (its process looks
            // alive, as when its id was reused since): not a name a person made.
            let staged = store_temporaries_linked_to(folder_of(path), same);
            if fs::symlink_metadata(path).is_ok_and(|m| m.nlink() > own_names + staged) {
                return Some(LinkKind::HardLinks);
            }
        }
    }
    None
}

/// How many of the store's temporary files in `dir` are names of the file `same` accepts.
#[cfg(unix)]
fn store_temporaries_linked_to(dir: &Path, same: impl Fn(&fs::Metadata) -> bool) -> u64 {
    let Ok(read) = fs::read_dir(dir) else {
        return 0;
    };
    read.filter_map(Result::ok)
        .filter(|e| is_temporary(&e.file_name().to_string_lossy()))
        .filter(|e| fs::symlink_metadata(e.path()).is_ok_and(|m| same(&m)))
        .count() as u64
}

/// The file a chain of symbolic links at `path` ends in, which need not exist yet (as a shell's
/// `> path` would create it). `path` itself when it is not a link.
pub(super) fn follow_links(path: &Path) -> Result<PathBuf, StoreError> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current).map_err(fail("follow the link", path))?;
                current = folder_of(&current).join(target);
            }
            _ => return Ok(current),
        }
    }
    Err(fail("follow the link", path)(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    )))
}
