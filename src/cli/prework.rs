//! `covalue prework`: a copy of the session per participant to rate alone, and who has
//! returned how much. `merge` gathers the copies; the copies themselves are the store's.

use super::error::Failure;
use super::find::load;
use super::output::out;
use crate::domain::Session;
use crate::report;
use crate::store::{self, Store};
use crate::text::clean;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `covalue prework`: SESSION and `--out DIR`, or the `status` subcommand.
#[derive(Args, Debug)]
pub struct PreworkArgs {
    #[command(subcommand)]
    pub status: Option<PreworkStatus>,
    /// The session to copy
    #[arg(required = true)]
    pub session: Option<String>,
    /// The folder to write the copies to (made if missing; no file in it is replaced)
    #[arg(long, value_name = "DIR", required = true)]
    pub out: Option<PathBuf>,
}

/// `covalue prework status`.
#[derive(Subcommand, Debug)]
pub enum PreworkStatus {
    /// Who has returned how much: per person, items rated of all, and which copies are
    /// unchanged or missing
    Status {
        /// The session the copies were made from (found like SESSION elsewhere: path, file
        /// name, id or title)
        session: String,
        /// The folder the copies were written to
        dir: PathBuf,
    },
}

/// A folder as messages show it.
fn shown(dir: &Path) -> String {
    clean(&dir.display().to_string()).into_owned()
}

impl PreworkArgs {
    /// Writes the copies, or with `status` says who has returned how much.
    pub fn run(self, store: &Store, w: &mut dyn Write) -> Result<(), Failure> {
        if let Some(PreworkStatus::Status { session, dir }) = self.status {
            return status(store, &session, &dir, w);
        }
        // clap requires both when there is no subcommand.
        let (Some(session), Some(dir)) = (self.session, self.out) else {
            return Err(Failure::PreworkNeedsArgs);
        };
        let (_, session) = load(store, &session)?;
        let written = store::prework::write_copies(&session, &dir).map_err(Failure::data)?;
        let written: Vec<_> = written
            .iter()
            .map(|c| report::prework::WrittenCopy {
                name: &c.name,
                side: c.side,
                copy: &c.copy,
                instructions: &c.instructions,
            })
            .collect();
        out(
            w,
            &report::prework::written_text(&session, &shown(&dir), &written),
        )
    }
}

/// `covalue prework status SESSION DIR`.
fn status(store: &Store, session: &str, dir: &Path, w: &mut dyn Write) -> Result<(), Failure> {
    let (_, session) = load(store, session)?;
    if !dir.is_dir() {
        return Err(Failure::NoFolder { dir: shown(dir) });
    }
    let returned = store::prework::status(&session, dir);
    let returned: Vec<_> = returned.iter().map(returned_copy).collect();
    out(
        w,
        &report::prework::status_text(&session, &shown(dir), &returned),
    )
}

/// What `prework status` reports of one returned copy (the report does not read the store).
fn returned_copy(r: &store::prework::Returned) -> report::prework::ReturnedCopy<'_> {
    use report::prework::{CopyState, Progress};
    use store::prework::CopyState as Found;
    let state = match &r.state {
        Found::Missing => CopyState::Missing,
        Found::Unreadable(why) => CopyState::Unreadable(why),
        Found::Read(p) => CopyState::Read(Progress {
            rated: p.rated,
            total: p.total,
            to_merge: p.to_merge,
            unchanged: p.unchanged(),
            foreign: p.foreign.iter().map(ToString::to_string).collect(),
            beyond: p.beyond.as_deref(),
        }),
    };
    report::prework::ReturnedCopy {
        name: &r.name,
        side: r.side,
        copy: &r.copy,
        state,
    }
}

/// The person a pre-work copy is for: `open` on it rates as them.
pub(super) fn owner_of(session: &Session) -> Option<String> {
    (!session.prework_for.is_empty()).then(|| session.prework_for.clone())
}
