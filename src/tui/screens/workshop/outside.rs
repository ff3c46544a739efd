//! Changes to the open session that come from outside this app (a participant rating over
//! SSH in `covalue serve`): applied here so they count as changes like any other, and are
//! saved by the same writer.

use super::*;

impl Workshop {
    /// Applies `change` to the session and counts it as a change (autosave picks it up).
    /// Read-only sessions refuse it; returns whether it was applied.
    pub fn apply_outside(&mut self, change: impl FnOnce(&mut Session)) -> bool {
        if self.read_only.is_some() {
            return false;
        }
        change(&mut self.session);
        self.changed();
        true
    }

    /// Moves to `step` as the facilitator's own key would (pausing a running timer).
    pub fn go_to_step(&mut self, step: Step) {
        self.go_to(step);
    }
}
