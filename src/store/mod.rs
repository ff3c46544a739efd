//! The store: the only code that touches the file system. A folder of session files, each
//! saved atomically with a backup, guarded by a lock while open for editing; deleted sessions
//! go to `trash/`. The folder is always passed in, so tests hand it a temporary one.

mod config;
mod file;
mod lock;
mod templates;

pub use config::{Settings, ThemeName};
pub use file::{LoadError, MAX_FILE_BYTES, parse, to_ron};
pub use lock::{Lock, LockState, acquire as lock};
pub use templates::{TEMPLATES, Template};

use crate::domain::{Session, Timestamp};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The environment variable that overrides the default sessions folder.
pub const DATA_DIR_ENV: &str = "COVALUE_DATA_DIR";

/// A failure of the file system, with the path it concerns.
#[derive(Debug)]
pub struct StoreError {
    pub path: PathBuf,
    pub action: &'static str,
    pub source: io::Error,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match self.source.kind() {
            io::ErrorKind::NotFound => "it does not exist".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
            io::ErrorKind::StorageFull => "the disk is full".to_string(),
            _ => self.source.to_string(),
        };
        write!(
            f,
            "cannot {} {}: {reason}",
            self.action,
            self.path.display()
        )
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn fail(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError {
        path,
        action,
        source,
    }
}

/// Either way a session file can fail to load.
#[derive(Debug)]
pub enum OpenError {
    Io(StoreError),
    Invalid(LoadError),
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Io(e) => e.fmt(f),
            OpenError::Invalid(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for OpenError {}

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

/// Reads and parses one session file.
pub fn load(path: &Path) -> Result<Session, OpenError> {
    let size = fs::metadata(path)
        .map_err(fail("read", path))
        .map_err(OpenError::Io)?
        .len();
    if size > MAX_FILE_BYTES {
        // Refuse before reading, so a huge file costs nothing.
        return Err(OpenError::Invalid(file::too_large(path, size)));
    }
    let bytes = fs::read(path)
        .map_err(fail("read", path))
        .map_err(OpenError::Io)?;
    parse(path, &bytes).map_err(OpenError::Invalid)
}

/// The backup beside a session file: `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes `bytes` to `path` so that a crash at any moment leaves either the old file or the new
/// one, never a mix: a temporary file in the same folder, flushed to disk, renamed over the old
/// one, then the folder flushed so the rename itself survives a power cut. The old version is
/// kept as `NAME.ron.bak`. New files are readable by their owner only.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".covalue-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail("write in", dir))?;
    temp.write_all(bytes).map_err(fail("write", temp.path()))?;
    temp.as_file()
        .sync_all()
        .map_err(fail("write", temp.path()))?;
    if path.exists() {
        let backup = backup_path(path);
        // A hard link keeps the old version without copying it; the rename below then gives
        // `path` the new content while the backup keeps the old.
        let _ = fs::remove_file(&backup);
        if fs::hard_link(path, &backup).is_err() {
            fs::copy(path, &backup).map_err(fail("back up", path))?;
        }
    }
    temp.persist(path)
        .map_err(|e| fail("save", path)(e.error))?;
    sync_dir(dir)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(fail("flush", dir))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<(), StoreError> {
    Ok(())
}

/// Saves a session to `path` (see `write_atomic`).
pub fn save(path: &Path, session: &Session) -> Result<(), StoreError> {
    write_atomic(path, to_ron(session).as_bytes())
}

/// Saves a session over a file that needs no backup beside it: git's merge driver writes the
/// merge into its own temporary copy of a file, and a `.bak` there would be left in the work
/// tree (git keeps every version itself). A backup that was already there is updated as usual.
pub fn save_without_backup(path: &Path, session: &Session) -> Result<(), StoreError> {
    let had_backup = backup_path(path).exists();
    save(path, session)?;
    if !had_backup {
        let _ = fs::remove_file(backup_path(path));
    }
    Ok(())
}

/// The format a session file says it is written in (its `format` field); `None` when the
/// file cannot be read or says nothing readable.
pub fn file_format(path: &Path) -> Option<u32> {
    fs::read(path)
        .ok()
        .and_then(|bytes| file::format_of(&bytes))
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

    /// A store on `dir`; nothing is created until something is saved.
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn ensure_dir(&self) -> Result<(), StoreError> {
        fs::create_dir_all(&self.dir).map_err(fail("create the folder", &self.dir))
    }

    /// Every `.ron` file in the folder, newest first, unreadable ones last with their error.
    /// A missing folder is an empty list, not an error. Temporary files left by a save that was
    /// killed half-way are removed once they are an hour old (a real save takes milliseconds).
    pub fn list(&self) -> Result<Vec<Entry>, StoreError> {
        let read = match fs::read_dir(&self.dir) {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(fail("read the folder", &self.dir)(e)),
        };
        let paths: Vec<PathBuf> = read.filter_map(Result::ok).map(|e| e.path()).collect();
        for path in paths.iter().filter(|p| is_stale_temporary(p)) {
            let _ = fs::remove_file(path);
        }
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

    /// Saves a new session under a file name made from its title and id; returns the path.
    pub fn create(&self, session: &Session) -> Result<PathBuf, StoreError> {
        self.ensure_dir()?;
        let path = self.dir.join(file_name(&session.title, &session.id));
        save(&path, session)?;
        Ok(path)
    }

    /// Finds a session by path, or by its id or a unique prefix of it in this folder.
    pub fn resolve(&self, what: &str) -> Result<PathBuf, ResolveError> {
        let as_path = PathBuf::from(what);
        if as_path.is_file() {
            return Ok(as_path);
        }
        if what.ends_with(".ron") || what.contains(std::path::MAIN_SEPARATOR) {
            return Err(ResolveError::NotFound(what.to_string()));
        }
        let entries = self.list().map_err(ResolveError::Store)?;
        let matches: Vec<(PathBuf, String)> = entries
            .into_iter()
            .filter_map(|e| e.session.ok().map(|s| (e.path, s.id)))
            .filter(|(_, id)| !what.is_empty() && id.starts_with(what))
            .collect();
        match matches.len() {
            0 => Err(ResolveError::NotFound(what.to_string())),
            1 => Ok(matches
                .into_iter()
                .next()
                .map(|(p, _)| p)
                .unwrap_or_default()),
            _ => {
                let exact = matches.iter().find(|(_, id)| id == what);
                match exact {
                    Some((path, _)) => Ok(path.clone()),
                    None => Err(ResolveError::Ambiguous(
                        what.to_string(),
                        matches.into_iter().map(|(_, id)| id).collect(),
                    )),
                }
            }
        }
    }

    /// Moves a session file (and its backup) into `trash/`, never overwriting an earlier one.
    pub fn trash(&self, path: &Path) -> Result<PathBuf, StoreError> {
        let trash = self.dir.join("trash");
        fs::create_dir_all(&trash).map_err(fail("create the folder", &trash))?;
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
        fs::rename(path, &target).map_err(fail("move to the trash", path))?;
        let backup = backup_path(path);
        if backup.exists() {
            let _ = fs::rename(&backup, backup_path(&target));
        }
        Ok(target)
    }
}

fn is_stale_temporary(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let old = fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 3600);
    name.starts_with(".covalue-") && name.ends_with(".tmp") && old
}

fn is_session_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    path.is_file() && name.ends_with(".ron") && !name.starts_with('.')
}

/// Why `Store::resolve` found no single session.
#[derive(Debug)]
pub enum ResolveError {
    NotFound(String),
    Ambiguous(String, Vec<String>),
    Store(StoreError),
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NotFound(what) => {
                write!(f, "no session file or session id matches {what:?}")
            }
            ResolveError::Ambiguous(what, ids) => {
                write!(
                    f,
                    "{what:?} matches several sessions ({}); give more of the id",
                    ids.join(", ")
                )
            }
            ResolveError::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ResolveError {}
