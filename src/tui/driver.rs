//! Between one app and its effects: takes from the app what an effect needs (a copy of the
//! session to write, where it was left), has the effects carry it out, and hands every outcome
//! back to `App::on`. The one place that holds both, so neither `app` nor `effects` imports the
//! other. The terminal's loop, the server's headless loop and the tests all drive apps this way.

use super::action::Effect;
use super::app::App;
use super::effects::{Effects, Ending, Leaving, Outcome, Snapshot, Task};

impl Effects {
    /// Carries out `effect` for `app`, feeding every outcome back to it. Returns how the app
    /// ended, when it has.
    pub fn run(&mut self, effect: Effect, app: &mut App) -> Option<Ending> {
        for outcome in self.perform(effect, app) {
            if let Outcome::Ended(ending) = outcome {
                return Some(ending);
            }
            app.on(outcome);
        }
        None
    }

    /// Carries out `effect` with what it needs of `app`; the outcomes are for `App::on`. A
    /// save, close or quit first waits for the save being written and hands its outcome to
    /// the app, so what it writes is what is on screen now.
    pub fn perform(&mut self, effect: Effect, app: &mut App) -> Vec<Outcome> {
        let task = match effect {
            Effect::Save => {
                let writable = app.workshop().is_some_and(|w| w.read_only().is_none());
                if !self.holds_file() || !writable {
                    return Vec::new();
                }
                self.settle(app);
                Task::Save(app.workshop_mut().and_then(|w| w.snapshot()).map(copy))
            }
            Effect::Quit => Task::Quit(self.leaving(app)),
            Effect::Close => Task::Close(self.leaving(app)),
            effect => Task::Other(effect),
        };
        self.carry_out(task)
    }

    /// Starts a background save of the app's session if it has changes and none is running.
    pub fn autosave(&mut self, app: &mut App) -> Option<Outcome> {
        if self.saving() || !self.holds_file() {
            return None;
        }
        let w = app.workshop_mut()?;
        // A session refused as too large is not tried again until it changes.
        if w.refused_as_too_large() {
            return None;
        }
        let snapshot = w.snapshot()?;
        self.save_in_background(copy(snapshot), false)
    }

    /// Hands the outcome of the save being written, once it is, to the app.
    fn settle(&mut self, app: &mut App) {
        if let Some(earlier) = self.wait() {
            app.on(earlier);
        }
    }

    /// What leaving the app's session needs: where it is left, and (its timer paused) a copy
    /// of what is not saved yet.
    fn leaving(&mut self, app: &mut App) -> Leaving {
        let place = app.workshop().map(|w| w.place());
        self.settle(app);
        if !self.holds_file() {
            return Leaving::default();
        }
        let unsaved = app.workshop_mut().and_then(|w| {
            w.pause_timer();
            let revision = w.stamp_for_save()?;
            Some(Snapshot {
                session: w.session().clone(),
                revision,
            })
        });
        Leaving { place, unsaved }
    }
}

fn copy((session, revision): (crate::domain::Session, u64)) -> Snapshot {
    Snapshot { session, revision }
}
