//! Where each session was left (its step and selected item), so that reopening it resumes
//! there. This is view state, not content: it lives in the cache folder beside the listing
//! cache and never in the session file, so moving around a session changes nothing a diff shows.
//! Losing it costs only the resume; a missing or damaged file reads as empty.

use super::fs::{Capped, Keep, StoreError, read_capped, write_replacing};
use crate::domain::Step;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The newest places kept; older ones are forgotten first.
const MAX_PLACES: usize = 200;
const PLACES_CAP: u64 = 1024 * 1024;
const PLACES_VERSION: u32 = 1;

/// A step and the row selected in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub step: Step,
    pub item: usize,
}

#[derive(Default, Serialize, Deserialize)]
struct PlacesFile {
    version: u32,
    /// Session file paths with their place, the most recently left last.
    places: Vec<(PathBuf, Place)>,
}

fn places_file(cache_dir: &Path) -> PathBuf {
    cache_dir.join("places.json")
}

fn read(cache_dir: &Path) -> PlacesFile {
    match read_capped(&places_file(cache_dir), PLACES_CAP) {
        Ok(Capped::Bytes(bytes)) => serde_json::from_slice::<PlacesFile>(&bytes)
            .ok()
            .filter(|f| f.version == PLACES_VERSION)
            .unwrap_or_default(),
        _ => PlacesFile::default(),
    }
}

/// Where the session at `path` was left, if it was.
pub(super) fn place(cache_dir: &Path, path: &Path) -> Option<Place> {
    let path = absolute(path);
    read(cache_dir)
        .places
        .into_iter()
        .rev()
        .find_map(|(p, place)| (p == path).then_some(place))
}

/// Remembers that the session at `path` was left at `place`.
pub(super) fn remember(cache_dir: &Path, path: &Path, place: Place) -> Result<(), StoreError> {
    let path = absolute(path);
    let mut file = read(cache_dir);
    file.version = PLACES_VERSION;
    file.places.retain(|(p, _)| *p != path);
    file.places.push((path, place));
    let over = file.places.len().saturating_sub(MAX_PLACES);
    file.places.drain(..over);
    std::fs::create_dir_all(cache_dir).map_err(super::fs::fail("create", cache_dir))?;
    let bytes = serde_json::to_vec(&file).unwrap_or_default();
    write_replacing(&places_file(cache_dir), &bytes, Keep::Nothing, Some(0o600))
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_place_of_each_session_is_kept_and_old_ones_are_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let a = dir.path().join("a.ron");
        assert_eq!(place(&cache, &a), None);
        let risks = Place {
            step: Step::Risks,
            item: 2,
        };
        remember(&cache, &a, risks).unwrap();
        remember(
            &cache,
            &dir.path().join("b.ron"),
            Place {
                step: Step::Costs,
                item: 0,
            },
        )
        .unwrap();
        assert_eq!(place(&cache, &a), Some(risks));
        for i in 0..MAX_PLACES {
            remember(&cache, &dir.path().join(format!("{i}.ron")), risks).unwrap();
        }
        assert_eq!(place(&cache, &a), None, "the oldest is forgotten first");
        std::fs::write(places_file(&cache), b"{ not json").unwrap();
        assert_eq!(place(&cache, &dir.path().join("1.ron")), None);
        remember(&cache, &a, risks).unwrap();
        assert_eq!(place(&cache, &a), Some(risks), "a damaged file is rebuilt");
    }
}
