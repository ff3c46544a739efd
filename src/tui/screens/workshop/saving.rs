//! The bookkeeping of saves: what revision is on disk, the copy handed to the writer, and the
//! messages after a save or a failed one.

use super::*;

/// Where the session stands against its file.
#[derive(Clone, Debug, Default)]
pub(super) struct Saves {
    /// Counts changes to the session; the app loop saves when it moves past the saved one.
    pub revision: u64,
    /// The revision last written to disk.
    pub saved: u64,
    /// Why the last save failed, until one succeeds.
    pub error: Option<String>,
    /// The revision refused because it would be too large to read back: autosave leaves it.
    pub too_large: Option<u64>,
}

impl Workshop {
    /// Counts changes to the session.
    pub fn revision(&self) -> u64 {
        self.saves.revision
    }

    /// Why the last save failed, until one succeeds.
    pub fn save_error(&self) -> Option<&str> {
        self.saves.error.as_deref()
    }

    /// Stamps the session for a save and returns the revision it saves, when there is
    /// something to save.
    pub fn stamp_for_save(&mut self) -> Option<u64> {
        if self.read_only.is_some() || !self.dirty() {
            return None;
        }
        self.session.updated = crate::store::now();
        Some(self.saves.revision)
    }

    /// A copy of the session to write, and its revision, when there is something to save.
    pub fn snapshot(&mut self) -> Option<(Session, u64)> {
        let revision = self.stamp_for_save()?;
        Some((self.session.clone(), revision))
    }

    /// The session was written up to `revision`.
    pub fn saved(&mut self, revision: u64, asked: bool) {
        self.saves.saved = self.saves.saved.max(revision);
        if self.saves.error.take().is_some() {
            self.say("Saved again; nothing was lost.");
        }
        if asked {
            self.say("Saved.");
        }
    }

    /// Writing the session failed; the edits stay here and autosave tries again.
    pub fn save_failed(&mut self, error: String) {
        self.say(format!(
            "Not saved; your edits are kept here and covalue retries every few seconds: {error}"
        ));
        self.saves.error = Some(error);
    }

    /// Saving was refused: the session at `revision` would be larger than covalue can read
    /// back. Trying again cannot help until the session changes, so autosave waits for that;
    /// the store's sentence is shown as it is, once.
    pub fn save_refused_as_too_large(&mut self, revision: u64, error: String) {
        self.say(error.clone());
        self.saves.error = Some(error);
        self.saves.too_large = Some(revision);
    }

    /// Saving was refused: another program wrote the file since covalue read it, and saving
    /// would undo that. Said short enough for 80 columns (the header names the file); the
    /// store's full sentence is kept as the error, which the quit message repeats.
    pub fn save_refused_as_changed_on_disk(&mut self, error: String) {
        self.say("Not saved: the file changed on disk; q keeps your edits in a rescue file.");
        self.saves.error = Some(error);
    }

    /// Whether the changes on screen are the very ones refused as too large.
    pub fn refused_as_too_large(&self) -> bool {
        self.dirty() && self.saves.too_large == Some(self.saves.revision)
    }

    /// Whether there are changes not yet on disk.
    pub fn dirty(&self) -> bool {
        self.saves.revision != self.saves.saved
    }
}
