//! The store: the only code that touches the file system. A folder of session files, each
//! saved atomically with a backup, guarded by a lock while open for editing, listed through a
//! small cache; deleted sessions go to `trash/`. The folder is always passed in, so tests hand
//! it a temporary one. Reports and rescue files are written here too (`write_report`,
//! `rescue`), so no other layer opens a file itself.
//!
//! Where things are: this file (loading, saving, `Store` over one folder), `file` (bytes to
//! `Session` and back, with the typed errors of a bad file), `fs` (capped reads, atomic
//! writes, backups, report and rescue files), `lock` (the edit lock), `list` (the listing and
//! its cache), `places` (where each session was left), `config` (the user's settings),
//! `targets` (the portfolio's settings), `templates` (the built-in examples), `prework`
//! (copies for pre-work by file) and `sync` (sharing a folder through git, split under
//! `sync/` into `outcome`, `git`, `setup` and `pull`).

mod broken;
mod config;
mod file;
mod fs;
mod list;
mod lock;
mod places;
pub mod prework;
mod quick;
mod sync;
mod targets;
mod templates;

pub use config::{Settings, SettingsError, ThemeName};
pub use file::{
    LoadError, MAX_FILE_BYTES, as_written, parse, read_quickly, read_with_ron, stays_escaped,
    to_ron,
};
pub use fs::{
    LinkKind, StoreError, backup_path, link_kind, sweep_temporaries, write_atomic, write_report,
};
pub use list::{LIST_CACHE_ENV, ListError, Listed, SessionInfo};
pub use lock::{
    Access, Lock, LockState, ReadOnly, acquire as lock, held_elsewhere, open_for_editing,
};
pub use places::Place;
pub use sync::{SyncError, SyncOptions, Synced, sync};
pub use targets::{
    PortfolioError, TARGETS_FILE, TargetsError, is_targets_file, load_targets, review_of,
    save_targets, targets_path,
};
pub use templates::{TEMPLATES, Template, example_title};

use crate::domain::{Session, Timestamp};
use fs::{Capped, fail};
use std::fs as stdfs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The environment variable that overrides the default sessions folder.
pub const DATA_DIR_ENV: &str = "COVALUE_DATA_DIR";

/// Either way a session file can fail to load.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file could not be read (missing, not a regular file, no permission…).
    #[error(transparent)]
    Io(StoreError),
    /// The file was read but is not a valid session.
    #[error(transparent)]
    Invalid(LoadError),
}

/// Why a path given to `-o` is refused before anything is written there.
#[derive(Debug, thiserror::Error)]
pub enum OutputRefused {
    /// A report would replace a session.
    #[error(
        "not written: {} is a session file, and the report would replace it; give -o another path",
        .0.display()
    )]
    IsSession(PathBuf),
    /// Another covalue has the file open for editing, and would save over what is written.
    #[error(
        "not written: {} {}; close it there first, or write somewhere else",
        .0.display(),
        ReadOnly::HeldElsewhere
    )]
    OpenElsewhere(PathBuf),
    /// A report named like a session: the sessions folder would list it as a broken one.
    #[error(
        "not written: {} ends in .ron, the name of a session file, and a report is none; give -o a name such as report.md, .csv, .json or .html",
        .0.display()
    )]
    SessionName(PathBuf),
    /// A merged session is a file to open later, not a stream.
    #[error("not written: {} is {kind}; a merged session is written to a regular file", path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
}

/// Whether `path` is a regular file that loads as a session.
pub fn holds_session(path: &Path) -> bool {
    // Asked first, so a device or a pipe is never opened to find out.
    stdfs::metadata(path).is_ok_and(|m| m.is_file()) && load(path).is_ok()
}

/// Checks a report's `-o` path: never a session file or a name ending in `.ron`, nor one open
/// for editing elsewhere.
pub fn check_report_target(path: &Path) -> Result<(), OutputRefused> {
    if held_elsewhere(path) {
        return Err(OutputRefused::OpenElsewhere(path.to_path_buf()));
    }
    if holds_session(path) {
        return Err(OutputRefused::IsSession(path.to_path_buf()));
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        return Err(OutputRefused::SessionName(path.to_path_buf()));
    }
    Ok(())
}

/// Checks a merged session's `-o` path: a regular file or a new name, not open for editing
/// elsewhere (that covalue's next save would undo the merge).
pub fn check_session_target(path: &Path) -> Result<(), OutputRefused> {
    if let Ok(meta) = stdfs::metadata(path)
        && !meta.is_file()
    {
        return Err(OutputRefused::NotRegular {
            path: path.to_path_buf(),
            kind: fs::kind_words(meta.file_type()),
        });
    }
    if held_elsewhere(path) {
        return Err(OutputRefused::OpenElsewhere(path.to_path_buf()));
    }
    Ok(())
}

/// The current time, for stamping sessions.
pub fn now() -> Timestamp {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Timestamp::from_unix(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// A fresh short id: eight characters from an alphabet without look-alikes.
pub fn new_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    // RandomState is seeded from the OS per instance: random enough for ids, with no extra crate.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    let mut bits = hasher.finish();
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..8)
        .map(|_| {
            let c = ALPHABET[(bits % ALPHABET.len() as u64) as usize];
            bits /= ALPHABET.len() as u64;
            char::from(c)
        })
        .collect()
}

/// A file name from a title: lower-case words joined by dashes, then the id.
pub fn file_name(title: &str, id: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(48).collect();
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("session-{id}.ron")
    } else {
        format!("{slug}-{id}.ron")
    }
}

/// Reads and parses one session file. Only a regular file is read (a FIFO or a device is
/// refused at once), and never more than `MAX_FILE_BYTES`.
pub fn load(path: &Path) -> Result<Session, OpenError> {
    match fs::read_capped(path, MAX_FILE_BYTES).map_err(OpenError::Io)? {
        Capped::Bytes(bytes) => parse(path, &bytes).map_err(OpenError::Invalid),
        Capped::TooLarge(size) => Err(OpenError::Invalid(file::too_large(path, size))),
    }
}

/// Saves a session to `path` (see `write_atomic`). Refused, with nothing written, when the
/// text would be larger than the loader accepts, or when `path` is a link (see `Access`):
/// the caller keeps the edit in memory and shows the error.
pub fn save(path: &Path, session: &Session) -> Result<(), StoreError> {
    let text = to_ron(session);
    let size = text.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    if let Some(kind) = link_kind(path) {
        return Err(StoreError::Linked {
            path: path.to_path_buf(),
            kind,
        });
    }
    write_atomic(path, text.as_bytes())
}

/// What a session file was when covalue last read or wrote it: enough to notice that another
/// program has written it since (a merge, an editor, git), which replaces or resizes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
}

impl FileStamp {
    /// The stamp of the file at `path` now; `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<FileStamp> {
        let meta = stdfs::metadata(path).ok()?;
        Some(FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: {
                use std::os::unix::fs::MetadataExt;
                (meta.dev(), meta.ino())
            },
        })
    }
}

/// `save` for the session open for editing: refused when the file is no longer the one
/// covalue last read or wrote (`known`, updated after each save), so another program's write
/// is never silently undone. A file gone missing is written again. `None` knows nothing, and
/// saves as `save` does.
pub fn save_unless_changed(
    path: &Path,
    session: &Session,
    known: &mut Option<FileStamp>,
) -> Result<(), StoreError> {
    if let Some(before) = *known
        && let Some(now) = FileStamp::of(path)
        && now != before
    {
        return Err(StoreError::ChangedOnDisk {
            path: path.to_path_buf(),
        });
    }
    save(path, session)?;
    *known = FileStamp::of(path);
    Ok(())
}

/// Saves a session that could not be saved to its own file under a fresh name in the
/// temporary folder, and returns that name. The name is made from `original`'s file name,
/// never from the session's content. A session too large to save is usually too large to load too: its rescue file is then
/// written without indentation, which covalue opens while it fits under the cap.
pub fn rescue(original: &Path, session: &Session) -> Result<PathBuf, StoreError> {
    let mut text = to_ron(session);
    if text.len() as u64 > MAX_FILE_BYTES {
        text = file::to_ron_unindented(session);
    }
    fs::write_rescue(original, text.as_bytes())
}

/// The session id a file name made by `file_name` ends with: `title-words-ID.ron` → `ID`.
pub fn id_from_file_name(name: &str) -> Option<&str> {
    let stem = name.strip_suffix(".ron")?;
    let id = stem.rsplit_once('-').map_or(stem, |(_, id)| id);
    crate::domain::session::valid_id(id).then_some(id)
}

/// Saves a session over a file that needs no backup beside it: git's merge driver writes the
/// merge into its own temporary copy of a file, and a `.bak` there would be left in the work
/// tree (git keeps every version itself).
pub fn save_without_backup(path: &Path, session: &Session) -> Result<(), StoreError> {
    let text = to_ron(session);
    let size = text.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    fs::write_replacing(path, text.as_bytes(), fs::Keep::Nothing, None)
}

/// Writes a merge's result to `path`: without a backup when it replaces one of the copies (see
/// `save_without_backup`), else as `save` does. Temporary files that killed merges left in the
/// folder are swept first: nothing else lists a folder outside the sessions folder.
pub fn save_merged(path: &Path, session: &Session, over_a_copy: bool) -> Result<(), StoreError> {
    sweep_temporaries(fs::folder_of(path));
    if over_a_copy {
        save_without_backup(path, session)
    } else {
        save(path, session)
    }
}

/// The format a session file says it is written in (its `format` field); `None` when the
/// file cannot be read or says nothing readable.
pub fn file_format(path: &Path) -> Option<u32> {
    match fs::read_capped(path, MAX_FILE_BYTES).ok()? {
        Capped::Bytes(bytes) => file::format_of(&bytes),
        Capped::TooLarge(_) => None,
    }
}

/// One file found in the sessions folder.
#[derive(Debug)]
pub struct Entry {
    pub path: PathBuf,
    pub session: Result<Session, OpenError>,
}

/// A folder of session files.
#[derive(Clone, Debug)]
pub struct Store {
    dir: PathBuf,
    /// Where the listing cache lives; `None` lists without one.
    cache: Option<PathBuf>,
}

impl Store {
    /// The folder used when neither `--data-dir` nor `COVALUE_DATA_DIR` is given:
    /// `sessions/` under the user's data folder.
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "covalue")
            .map(|dirs| dirs.data_dir().join("sessions"))
    }

    /// The folder to use: the flag, else the environment variable, else the default.
    pub fn choose_dir(flag: Option<PathBuf>) -> Option<PathBuf> {
        flag.or_else(|| {
            std::env::var_os(DATA_DIR_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(Store::default_dir)
    }

    /// A store on `dir`; nothing is created until something is saved. The listing cache is
    /// in the user's cache folder, or where `COVALUE_CACHE_DIR` says.
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store {
            dir: dir.into(),
            cache: list::default_cache_dir(),
        }
    }

    /// Where the session at `path` was left last time (see `places`); `None` without a cache.
    pub fn place(&self, path: &Path) -> Option<Place> {
        places::place(self.cache.as_deref()?, path)
    }

    /// Remembers where the session at `path` was left, so reopening resumes there.
    pub fn remember_place(&self, path: &Path, place: Place) -> Result<(), StoreError> {
        match self.cache.as_deref() {
            Some(cache) => places::remember(cache, path, place),
            None => Ok(()),
        }
    }

    /// The same store with its listing cache in `cache` (`None`: no cache).
    pub fn with_cache_dir(self, cache: Option<PathBuf>) -> Store {
        Store { cache, ..self }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn ensure_dir(&self) -> Result<(), StoreError> {
        stdfs::create_dir_all(&self.dir).map_err(fail("create the folder", &self.dir))
    }

    /// Every `.ron` file in the folder, parsed in full, newest first, unreadable ones last with
    /// their error. A missing folder is an empty list, not an error. Temporary files left by a
    /// save that was killed are removed. For showing a folder, `sessions` is much faster.
    pub fn list(&self) -> Result<Vec<Entry>, StoreError> {
        let read = match stdfs::read_dir(&self.dir) {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(fail("read the folder", &self.dir)(e)),
        };
        let paths: Vec<PathBuf> = read.filter_map(Result::ok).map(|e| e.path()).collect();
        sweep_temporaries(&self.dir);
        let mut entries: Vec<Entry> = paths
            .into_iter()
            .filter(|p| is_session_file(p))
            .map(|path| Entry {
                session: load(&path),
                path,
            })
            .collect();
        entries.sort_by(|a, b| match (&a.session, &b.session) {
            (Ok(x), Ok(y)) => y.updated.cmp(&x.updated).then_with(|| a.path.cmp(&b.path)),
            (Ok(_), Err(_)) => std::cmp::Ordering::Less,
            (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
            (Err(_), Err(_)) => a.path.cmp(&b.path),
        });
        Ok(entries)
    }

    /// What `covalue list` and the browser show: each `.ron` file in the folder with its
    /// `SessionInfo` (or where and why it cannot be read), newest first, unreadable ones last.
    /// A file unchanged since the last listing (same name, size and modification time) is not
    /// read again, so an unchanged folder of 10,000 sessions lists in milliseconds. Temporary
    /// files of killed saves are swept as in `list`.
    pub fn sessions(&self) -> Result<Vec<Listed>, StoreError> {
        list::sessions(&self.dir, self.cache.as_deref()).map_err(fail("read the folder", &self.dir))
    }

    /// Saves a new session under a file name made from its title and id; returns the path.
    /// Temporary files of a `new` that was killed are swept first.
    pub fn create(&self, session: &Session) -> Result<PathBuf, StoreError> {
        self.ensure_dir()?;
        sweep_temporaries(&self.dir);
        let path = self.dir.join(file_name(&session.title, &session.id));
        save(&path, session)?;
        Ok(path)
    }

    /// The session a follow-up follows (its `follows` id), when it is still in the folder and
    /// readable; `None` otherwise (a follow-up then just has no "did it work" lines).
    pub fn earlier_of(&self, session: &Session) -> Option<Session> {
        if session.follows.is_empty() {
            return None;
        }
        self.resolve(&session.follows)
            .ok()
            .and_then(|path| load(&path).ok())
            .filter(|earlier| earlier.id == session.follows)
    }

    /// Finds a session by path, or by its id or a unique prefix of it in this folder. The id
    /// is looked for in file names first (`file_name` ends them with it), reading only the
    /// files whose names match; a session whose file was renamed by hand is still found,
    /// through the (cached) listing.
    pub fn resolve(&self, what: &str) -> Result<PathBuf, ResolveError> {
        let as_path = PathBuf::from(what);
        match stdfs::metadata(&as_path) {
            Ok(meta) if meta.is_file() => return Ok(as_path),
            Ok(meta) if !meta.is_dir() => {
                // A FIFO or device named on the command line: say so rather than "no session".
                return Err(ResolveError::Store(
                    fs::read_capped(&as_path, 0).err().unwrap_or_else(|| {
                        fail("read", &as_path)(io::ErrorKind::InvalidInput.into())
                    }),
                ));
            }
            _ => {}
        }
        if what.is_empty() || what.ends_with(".ron") || what.contains(std::path::MAIN_SEPARATOR) {
            return Err(ResolveError::NotFound(what.to_string()));
        }
        let by_name = self.resolve_by_file_name(what);
        let matches = if by_name.is_empty() {
            self.sessions()
                .map_err(ResolveError::Store)?
                .into_iter()
                .filter_map(|l| l.info.ok().map(|i| (l.path, i.id)))
                .filter(|(_, id)| id.starts_with(what))
                .collect()
        } else {
            by_name
        };
        match matches.len() {
            0 => Err(ResolveError::NotFound(what.to_string())),
            1 => Ok(matches
                .into_iter()
                .next()
                .map(|(p, _)| p)
                .unwrap_or_default()),
            _ => {
                let mut exact: Vec<PathBuf> = matches
                    .iter()
                    .filter(|(_, id)| id == what)
                    .map(|(p, _)| p.clone())
                    .collect();
                let mut ids: Vec<String> = matches.into_iter().map(|(_, id)| id).collect();
                ids.sort();
                ids.dedup();
                match (exact.len(), ids.as_slice()) {
                    (1, _) => Ok(exact.remove(0)),
                    // Copies of one session (self-assessments) share its id: only a path tells
                    // them apart.
                    (_, [id]) => {
                        let mut paths = self.paths_of_id(id);
                        paths.sort();
                        Err(ResolveError::SameId(id.clone(), paths))
                    }
                    _ => Err(ResolveError::Ambiguous(what.to_string(), ids)),
                }
            }
        }
    }

    /// Every file in the folder (named after the id or not) holding the session `id`.
    fn paths_of_id(&self, id: &str) -> Vec<PathBuf> {
        self.sessions()
            .map(|listed| {
                listed
                    .into_iter()
                    .filter(|l| l.info.as_ref().is_ok_and(|i| i.id == id))
                    .map(|l| l.path)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The sessions whose file names end with an id starting with `what`, and whose content
    /// confirms it.
    fn resolve_by_file_name(&self, what: &str) -> Vec<(PathBuf, String)> {
        let Ok(read) = stdfs::read_dir(&self.dir) else {
            return Vec::new();
        };
        read.filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .filter(|n| !n.starts_with('.'))
                    .and_then(id_from_file_name)
                    .is_some_and(|id| id.starts_with(what))
            })
            .filter_map(|e| {
                let path = e.path();
                let id = load(&path).ok()?.id;
                id.starts_with(what).then_some((path, id))
            })
            .collect()
    }

    /// Moves a session file (and its backup) into `trash/`, never overwriting an earlier one.
    pub fn trash(&self, path: &Path) -> Result<PathBuf, StoreError> {
        let trash = self.dir.join("trash");
        stdfs::create_dir_all(&trash).map_err(fail("create the folder", &trash))?;
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let mut target = trash.join(&name);
        let mut n = 1;
        while target.exists() {
            n += 1;
            target = trash.join(format!("{}.{n}", name));
        }
        stdfs::rename(path, &target).map_err(fail("move to the trash", path))?;
        let backup = backup_path(path);
        if backup.exists() {
            let _ = stdfs::rename(&backup, backup_path(&target));
        }
        Ok(target)
    }
}

fn is_session_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    path.is_file() && name.ends_with(".ron") && !name.starts_with('.')
}

/// Why `Store::resolve` found no single session.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("no session file or session id matches {0:?}")]
    NotFound(String),
    #[error("{:?} matches several sessions ({}); give more of the id", .0, .1.join(", "))]
    Ambiguous(String, Vec<String>),
    /// Several files hold copies of one session (the same id): only a path tells them apart.
    #[error(
        "several files hold the session {:?} (copies of it): {}; give the path of the one you mean",
        .0,
        .1.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    SameId(String, Vec<PathBuf>),
    #[error(transparent)]
    Store(StoreError),
}
