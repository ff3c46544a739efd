//! Listing a sessions folder quickly: what `covalue list` and the browser show of each
//! session (`SessionInfo`), remembered in a small cache in the user's cache folder, keyed by
//! each file's name, size and modification time, so a folder of thousands of sessions that
//! has not changed is listed without parsing one of them. The cache is only ever a shortcut:
//! a missing, corrupt or foreign cache is ignored and rebuilt, and a file whose size or time
//! differ is read again.

use super::fs::{Capped, Keep, is_temporary, read_capped, sweep_temporary, write_replacing};
use super::{OpenError, load};
use crate::domain::value::Vocr;
use crate::domain::{Date, Mode, Session, Timestamp, summarize_for_room};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The environment variable that moves the listing cache (tests point it at a temporary
/// folder); set but empty, it turns the cache off.
pub const LIST_CACHE_ENV: &str = "COVALUE_CACHE_DIR";

/// Bumped whenever `SessionInfo` or the cache layout changes, so an old cache is rebuilt.
// 5: the equal-weight index and the weights joined the cached numbers.
// 6: `follows`, which places a review among its service's reviews.
// 7: `example`, which keeps a worked example out of the portfolio and trends.
const CACHE_VERSION: u32 = 7;

/// A cache file larger than this is not read (10,000 sessions take about 4 MB).
const CACHE_CAP: u64 = 256 * 1024 * 1024;

/// What a listing shows of one readable session: the fields `covalue list` and the browser
/// print, and the summary numbers, computed once when the file is read. The numbers are the
/// room's (`summarize_for_room`): outside the workshop screens no number may come from a
/// rating that is still hidden.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: String,
    pub title: String,
    pub service: String,
    pub mode: Mode,
    pub created: Timestamp,
    pub updated: Timestamp,
    /// The session it follows up (`Session::follows`): it breaks a tie of creation times in
    /// the portfolio's order of reviews.
    #[serde(default)]
    pub follows: String,
    /// A worked example (`Session::example`): no review, so the portfolio leaves it out.
    #[serde(default)]
    pub example: bool,
    /// The value index, 0–100, or `None` when nothing visible is rated.
    pub value_index: Option<f64>,
    /// The index with every component weighing the same, when the session agreed unequal
    /// weights (`value_index` is then the weighted one, and never shown without this).
    #[serde(default)]
    pub equal_index: Option<f64>,
    /// The session's agreed weights; `None` when equal.
    #[serde(default)]
    pub weights: Option<crate::domain::balance::Weights>,
    /// How far the two sides agree, 0–100, or `None`.
    pub alignment: Option<f64>,
    /// Rated items (of the six dimensions) in the session.
    pub items: usize,
    /// Agreements neither done nor dropped.
    pub open_agreements: usize,
    /// The due dates of the open agreements that have one: which are overdue depends on the
    /// day the listing is read, so the dates are kept rather than a count.
    #[serde(default)]
    pub open_due: Vec<Date>,
    /// Ratings of a blind workshop not revealed yet, left out of the numbers.
    pub hidden: usize,
    /// The numbers rest on too little to compare with other sessions (`Summary::is_partial`):
    /// shown marked, and never driving a trend.
    pub partial: bool,
    /// The VOCR verdicts, for the portfolio.
    #[serde(default)]
    pub vocr: Vocr,
}

impl SessionInfo {
    /// How many open agreements are past their due date on `today` (due today is not yet).
    pub fn overdue(&self, today: Date) -> usize {
        self.open_due.iter().filter(|due| **due < today).count()
    }

    pub fn of(session: &Session) -> SessionInfo {
        let summary = summarize_for_room(session);
        SessionInfo {
            id: session.id.clone(),
            title: session.title.clone(),
            service: session.service.clone(),
            mode: session.mode,
            created: session.created,
            updated: session.updated,
            follows: session.follows.clone(),
            example: session.example,
            value_index: summary.value_index.value,
            equal_index: summary.value_index.weights.and(summary.value_index.equal),
            weights: summary.value_index.weights,
            alignment: summary.alignment,
            items: session.rated_items().count(),
            open_agreements: session.agreements.iter().filter(|a| a.is_open()).count(),
            open_due: session
                .agreements
                .iter()
                .filter(|a| a.is_open())
                .filter_map(|a| a.due)
                .collect(),
            hidden: summary.hidden,
            partial: summary.is_partial(session.mode),
            vocr: summary.vocr,
        }
    }
}

/// Why a listed file could not be read: where in it (line and column from 1), and what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListError {
    pub position: Option<(usize, usize)>,
    pub message: String,
}

/// One file of a listing.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed {
    pub path: PathBuf,
    pub info: Result<SessionInfo, ListError>,
}

impl Listed {
    /// The file's name, as the browser shows it.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    }

    /// The error as `path:line:column: message`, the way `covalue check` prints it.
    pub fn error_text(&self) -> Option<String> {
        let e = self.info.as_ref().err()?;
        let path = self.path.display().to_string();
        Some(match e.position {
            Some((line, column)) => format!("{path}:{line}:{column}: {}", e.message),
            // A file that could not be read at all: that sentence names the file already.
            None if e.message.contains(&path) => e.message.clone(),
            None => format!("{path}: {}", e.message),
        })
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Cached {
    size: u64,
    /// Modification time in nanoseconds since 1970.
    modified: u64,
    info: Result<SessionInfo, ListError>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    dir: PathBuf,
    files: HashMap<String, Cached>,
}

/// The folder for the listing cache: `COVALUE_CACHE_DIR`, else the user's cache folder.
pub(super) fn default_cache_dir() -> Option<PathBuf> {
    match std::env::var_os(LIST_CACHE_ENV) {
        Some(dir) if dir.is_empty() => None,
        Some(dir) => Some(PathBuf::from(dir)),
        None => directories::ProjectDirs::from("", "", "covalue").map(|d| d.cache_dir().into()),
    }
}

/// A stable 64-bit FNV-1a hash, to name the cache of a folder (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn cache_file(cache_dir: &Path, dir: &Path) -> PathBuf {
    let hash = fnv1a(dir.as_os_str().as_encoded_bytes());
    cache_dir.join("lists").join(format!("{hash:016x}.json"))
}

fn read_cache(path: &Path, dir: &Path) -> CacheFile {
    let parsed = match read_capped(path, CACHE_CAP) {
        Ok(Capped::Bytes(bytes)) => serde_json::from_slice::<CacheFile>(&bytes).ok(),
        _ => None,
    };
    parsed
        .filter(|c| c.version == CACHE_VERSION && c.dir == dir)
        .unwrap_or_default()
}

fn nanos(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// A file changed within this long of the listing may change again within the file system's
/// time granularity without its size changing, so its row is not cached yet.
const SETTLE: Duration = Duration::from_secs(2);

/// One session file found by the listing, before it becomes a `Listed`.
struct Row {
    name: Option<String>,
    path: PathBuf,
    size: u64,
    modified: u64,
    info: Result<SessionInfo, ListError>,
    cacheable: bool,
}

/// Lists `dir` (see `Store::sessions`), through the cache in `cache_dir` when there is one.
/// One pass over the folder: a `stat` per file, the cache looked up by name, and only the
/// files that are new or changed read; temporary files of killed saves are swept on the way.
pub(super) fn sessions(dir: &Path, cache_dir: Option<&Path>) -> std::io::Result<Vec<Listed>> {
    let read = match fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let absolute = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let cache_path = cache_dir.map(|c| cache_file(c, &absolute));
    let mut old = cache_path
        .as_deref()
        .map(|p| read_cache(p, &absolute))
        .unwrap_or_default();
    let mut changed = false;
    let mut rows = Vec::with_capacity(old.files.len());
    for entry in read.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let name = file_name.to_str();
        let Some((path, meta)) = session_file(&entry) else {
            continue;
        };
        let size = meta.len();
        let modified = meta.modified().map_or(0, nanos);
        let hit = name
            .and_then(|n| old.files.remove(n))
            .filter(|c| c.size == size && c.modified == modified);
        let (info, cacheable) = match hit {
            Some(cached) => (cached.info, true),
            None => {
                changed = true;
                read_one(&path)
            }
        };
        rows.push(Row {
            name: name.map(str::to_string),
            path,
            size,
            modified,
            info,
            cacheable,
        });
    }
    // Files that were cached but are gone.
    changed |= !old.files.is_empty();
    if changed && let Some(cache_path) = cache_path {
        save_cache(&cache_path, absolute, &rows);
    }
    let listed: Vec<Listed> = rows
        .into_iter()
        .map(|r| Listed {
            path: r.path,
            info: r.info,
        })
        .collect();
    Ok(sort(listed))
}

/// A directory entry that is a session file, with its path and metadata (of the file a
/// symbolic link names); `None` for anything else. A temporary file of a killed save is swept
/// on the way.
fn session_file(entry: &fs::DirEntry) -> Option<(PathBuf, fs::Metadata)> {
    let file_name = entry.file_name();
    let lossy = file_name.to_string_lossy();
    if is_temporary(&lossy) {
        sweep_temporary(&entry.path());
        return None;
    }
    if !lossy.ends_with(".ron") || lossy.starts_with('.') {
        return None;
    }
    let path = entry.path();
    // Follow a symbolic link to the file it names; anything but a regular file is skipped.
    let meta = match entry.file_type() {
        Ok(t) if t.is_symlink() => fs::metadata(&path),
        _ => entry.metadata(),
    };
    let meta = meta.ok()?;
    meta.is_file().then_some((path, meta))
}

/// Writes the cache of `dir`'s listing: every cacheable row whose file has settled.
fn save_cache(cache_path: &Path, dir: PathBuf, rows: &[Row]) {
    let now = nanos(SystemTime::now());
    let settle = u64::try_from(SETTLE.as_nanos()).unwrap_or(u64::MAX);
    let files = rows
        .iter()
        .filter(|r| r.cacheable && now.saturating_sub(r.modified) >= settle)
        .filter_map(|r| {
            let cached = Cached {
                size: r.size,
                modified: r.modified,
                info: r.info.clone(),
            };
            Some((r.name.clone()?, cached))
        })
        .collect();
    let fresh = CacheFile {
        version: CACHE_VERSION,
        dir,
        files,
    };
    write_cache(cache_path, &fresh);
}

/// The row for one file, and whether it may be cached: an error outside the file's content
/// (permission, a vanished file) may pass without the file changing, so it is not.
fn read_one(path: &Path) -> (Result<SessionInfo, ListError>, bool) {
    match load(path) {
        Ok(session) => (Ok(SessionInfo::of(&session)), true),
        Err(OpenError::Invalid(e)) => (
            Err(ListError {
                position: e.position,
                message: e.message,
            }),
            true,
        ),
        Err(OpenError::Io(e)) => (
            Err(ListError {
                position: None,
                message: e.to_string(),
            }),
            false,
        ),
    }
}

fn write_cache(path: &Path, cache: &CacheFile) {
    let Some(folder) = path.parent() else { return };
    if fs::create_dir_all(folder).is_err() {
        return;
    }
    if let Ok(bytes) = serde_json::to_vec(cache) {
        // A cache that cannot be written only makes the next listing slower.
        let _ = write_replacing(path, &bytes, Keep::Nothing, Some(0o600));
    }
    forget_unused(folder);
}

/// How long the cache of a folder nobody lists is kept (folders deleted, test folders).
const UNUSED_FOR: Duration = Duration::from_secs(60 * 60 * 24 * 30);

/// Removes the caches of folders not listed for a month, so they do not pile up.
fn forget_unused(folder: &Path) {
    let Ok(read) = fs::read_dir(folder) else {
        return;
    };
    for entry in read.filter_map(Result::ok) {
        let unused = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > UNUSED_FOR);
        let ours = is_cache_name(&entry.file_name().to_string_lossy());
        if unused && ours {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether `name` is one `cache_file` makes (16 hex digits, `.json`): whatever else someone
/// keeps in the folder is not the listing's to delete.
fn is_cache_name(name: &str) -> bool {
    name.strip_suffix(".json")
        .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Newest first; unreadable files last, by path.
pub(super) fn sort(listed: Vec<Listed>) -> Vec<Listed> {
    // The files of one folder: their paths order as their names do, and comparing names is
    // much cheaper than comparing paths part by part (a listing of thousands compares often).
    let by_path = |a: &Listed, b: &Listed| {
        (a.path.file_name().cmp(&b.path.file_name())).then_with(|| a.path.cmp(&b.path))
    };
    // The order is found over indices and the rows moved once: a row is a few hundred bytes,
    // and sorting them in place moved each many times.
    let mut order: Vec<usize> = (0..listed.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&listed[i], &listed[j]);
        match (&a.info, &b.info) {
            (Ok(x), Ok(y)) => y.updated.cmp(&x.updated).then_with(|| by_path(a, b)),
            (Ok(_), Err(_)) => std::cmp::Ordering::Less,
            (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
            (Err(_), Err(_)) => by_path(a, b),
        }
    });
    let mut rows: Vec<Option<Listed>> = listed.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| rows.get_mut(i).and_then(Option::take))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(name: &str, updated: Option<i64>) -> Listed {
        let info = match updated {
            Some(unix) => {
                let mut s = Session::new(name, name, Timestamp::from_unix(0));
                s.updated = Timestamp::from_unix(unix);
                Ok(SessionInfo::of(&s))
            }
            None => Err(ListError {
                position: None,
                message: "unreadable".into(),
            }),
        };
        Listed {
            path: Path::new("/sessions").join(name),
            info,
        }
    }

    /// Newest first, the same time by name, unreadable files last by name: the order the
    /// listing sorts into over indices.
    #[test]
    fn a_listing_is_newest_first_then_by_name_with_unreadable_files_last() {
        let rows = vec![
            listed("e.ron", None),
            listed("b.ron", Some(10)),
            listed("d.ron", Some(20)),
            listed("a.ron", None),
            listed("c.ron", Some(10)),
            listed("a.ron.ron", Some(10)),
        ];
        let names: Vec<String> = sort(rows).iter().map(Listed::file_name).collect();
        assert_eq!(
            names,
            ["d.ron", "a.ron.ron", "b.ron", "c.ron", "a.ron", "e.ron"]
        );
    }
}
