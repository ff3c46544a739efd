//! `covalue sync`: shares the sessions folder through its git repository; the git work is the
//! store's, this says what happened and how git should call covalue back.

use super::error::Failure;
use super::output::out;
use crate::store::{self, Store};
use crate::text::clean;
use std::io::Write;

/// `covalue sync`: what was done on stdout; on a conflict, each one on stderr as `merge`
/// lists them, then exit 1.
pub fn sync(store: &Store, w: &mut dyn Write) -> Result<(), Failure> {
    let options = store::SyncOptions {
        program: program_word(),
    };
    match store::sync(store.dir(), &options) {
        Ok(synced) => out(w, &format!("{}\n", clean(&synced.to_string()))),
        Err(store::SyncError::Stopped(synced)) => {
            for (file, conflicts) in &synced.conflicts {
                for conflict in conflicts {
                    eprintln!("{}", clean(conflict));
                }
                // Said as `merge` says it, for each file.
                let merged = Failure::Conflicts {
                    count: conflicts.len(),
                    shown: clean(file).into_owned(),
                };
                eprintln!("covalue: {merged}");
            }
            Err(Failure::SyncStopped(synced.to_string()))
        }
        Err(e) => Err(Failure::data(e)),
    }
}

/// How git should run covalue as driver and textconv: `covalue` when that is what the PATH
/// finds (the config then survives a reinstall), else this program's own path (quoted for
/// the shell git runs it with).
fn program_word() -> String {
    let Ok(me) = std::env::current_exe().and_then(std::fs::canonicalize) else {
        return "covalue".into();
    };
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("covalue"))
            .find(|p| p.is_file())
    });
    if on_path.and_then(|p| std::fs::canonicalize(p).ok()).as_ref() == Some(&me) {
        return "covalue".into();
    }
    format!("'{}'", me.display().to_string().replace('\'', r"'\''"))
}
