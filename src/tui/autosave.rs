//! When an open session is saved by itself: after a quiet second with no change, never while
//! a save is under way, and after a failed save not again for a few seconds, so a full disk
//! or a read-only folder is not hammered. One rule for the local loop and the headless server
//! of `covalue serve`; it decides only, the loop's `Effects` saves.

use super::workshop::Workshop;
use std::time::{Duration, Instant};

/// How long the session must be left alone before it is saved.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(1);
/// How long after a failed save the next attempt waits.
pub const RETRY_AFTER: Duration = Duration::from_secs(5);

/// The autosave's clock: when the session last changed and when a save was last tried.
#[derive(Clone, Copy, Debug)]
pub struct Autosave {
    last_change: Instant,
    last_attempt: Option<Instant>,
}

impl Default for Autosave {
    fn default() -> Self {
        Autosave::new(Instant::now())
    }
}

impl Autosave {
    /// A session opened (and so unchanged) at `now`.
    pub fn new(now: Instant) -> Autosave {
        Autosave {
            last_change: now,
            last_attempt: None,
        }
    }

    /// The session changed at `now`: the quiet time starts again.
    pub fn changed(&mut self, now: Instant) {
        self.last_change = now;
    }

    /// Whether to save `workshop` at `now` (`saving`: a save is under way); a yes counts as
    /// an attempt, so a failure waits [`RETRY_AFTER`] before the next.
    pub fn due(&mut self, workshop: &Workshop, saving: bool, now: Instant) -> bool {
        let quiet = now.duration_since(self.last_change) >= AUTOSAVE_AFTER;
        let may_retry = workshop.save_error().is_none()
            || self
                .last_attempt
                .is_none_or(|t| now.duration_since(t) >= RETRY_AFTER);
        let due = workshop.dirty() && quiet && may_retry && !saving;
        if due {
            self.last_attempt = Some(now);
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Session;
    use crate::tui::effects::Outcome;

    fn changed_workshop() -> crate::tui::app::App {
        let session = Session::new("s1", "Review", crate::store::now());
        let mut workshop = Workshop::new(session, "review.ron", None);
        workshop.apply_outside(|s| s.title = "Changed".into());
        crate::tui::app::App::for_workshop(
            workshop,
            crate::store::Settings::default(),
            crate::tui::theme::Theme::new(crate::tui::theme::ThemeKind::Default),
            80,
            24,
        )
    }

    #[test]
    fn a_change_is_saved_after_a_quiet_second_and_a_failure_waits_before_the_next_try() {
        let start = Instant::now();
        let mut app = changed_workshop();
        let mut autosave = Autosave::new(start);
        let w = |app: &crate::tui::app::App| app.workshop().unwrap().clone();
        assert!(
            !autosave.due(&w(&app), false, start),
            "not before a quiet second"
        );
        let quiet = start + AUTOSAVE_AFTER;
        assert!(
            !autosave.due(&w(&app), true, quiet),
            "not while a save runs"
        );
        assert!(autosave.due(&w(&app), false, quiet));
        app.on(Outcome::SaveFailed {
            error: "disk full".into(),
        });
        let soon = quiet + Duration::from_secs(1);
        assert!(
            !autosave.due(&w(&app), false, soon),
            "a failure is not retried at once"
        );
        assert!(autosave.due(&w(&app), false, quiet + RETRY_AFTER));
    }
}
