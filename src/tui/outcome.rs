//! What came of an effect, as a message for `App::on`, and how the app ended. The effects make
//! these and the app reads them; keeping them here lets neither side import the other.

use super::screens::browser::{Browser, BrowserEntry};
use super::screens::workshop::Workshop;
use crate::domain::portfolio::Portfolio;
use crate::domain::trend::Trend;
use crate::store::{PortfolioError, StoreError};
use std::path::PathBuf;

/// What came of an effect, fed back to the app as an event.
#[derive(Debug)]
pub enum Outcome {
    /// The session was written up to `revision`; `asked` when the user pressed save.
    Saved { revision: u64, asked: bool },
    /// The user asked to save and there was nothing new.
    NothingToSave,
    /// Writing the session failed; the edits stay in memory.
    SaveFailed { error: String },
    /// The session at `revision` is too large to be read back once saved, so nothing was
    /// written; saving it again cannot help until it changes. The edits stay in memory.
    SaveTooLarge { revision: u64, error: String },
    /// Another program wrote the session's file since covalue read or saved it, so nothing was
    /// written over it; the edits stay in memory (and go to a rescue file at quit).
    SaveChangedOnDisk { error: String },
    /// A session was opened (or created and opened) from the browser.
    Opened { workshop: Box<Workshop>, new: bool },
    /// A session could not be opened or created; the sentence says why.
    OpenFailed(String),
    /// The folder was read again for the browser.
    Listed(Result<Vec<BrowserEntry>, StoreError>),
    /// The open session was closed (saved first): show this browser.
    Closed(Box<Browser>),
    /// Closing was refused because the session could not be saved.
    CloseRefused,
    /// A session was moved to the trash, to this path.
    Trashed(PathBuf),
    /// A session was not trashed: another covalue has it open.
    TrashRefused,
    /// Trashing failed.
    TrashFailed(String),
    /// The settings could not be written.
    SettingsFailed(String),
    /// Quitting was refused: the session could be saved neither to its file nor to a rescue file.
    QuitRefused(String),
    /// The portfolio for the Portfolio screen, or why it could not be made.
    Portfolio(Result<Portfolio, PortfolioError>),
    /// A service's targets were written: the portfolio judged by them, or why not.
    TargetSaved(Result<Portfolio, PortfolioError>),
    /// A service's trend with its session files (oldest first), or why not.
    Trend(Result<(Trend, Vec<PathBuf>), PortfolioError>),
    /// The app should end.
    Ended(Ending),
}

impl Outcome {
    /// The store's sentence when this is a save that wrote nothing.
    pub fn save_error(&self) -> Option<&str> {
        match self {
            Outcome::SaveFailed { error }
            | Outcome::SaveTooLarge { error, .. }
            | Outcome::SaveChangedOnDisk { error } => Some(error),
            _ => None,
        }
    }
}

/// How the app ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    /// Everything is saved (or there was nothing to save).
    Clean,
    /// The session file could not be written; the session went to a rescue file.
    Rescued {
        path: PathBuf,
        error: String,
        rescue: PathBuf,
    },
    /// Nothing could be written and a signal asked to end regardless.
    Lost { path: PathBuf, error: String },
}
