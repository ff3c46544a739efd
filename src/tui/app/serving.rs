//! The app while it serves a room (`covalue serve`): the console and serving flags, and what
//! they keep the facilitator from doing by accident (Ctrl-Z, leaving the served session).

use super::{App, Popup};
use crate::tui::action::{Action, Effect};
use crate::tui::keymap::{self, Context};

impl App {
    /// Makes this app the one a headless server draws to its facilitator consoles over SSH.
    pub fn set_console(&mut self) {
        self.console = true;
    }

    /// Whether this app is drawn to facilitator consoles over SSH (see [`App::set_console`]).
    pub fn console(&self) -> bool {
        self.console
    }

    /// Makes this app the room's view while people rate at their own screens (`covalue
    /// serve`): no turn and no unrevealed rating on it, pinned to its session, no Ctrl-Z.
    pub fn set_serving(&mut self, on: bool) {
        self.serving = on;
        if let Some(w) = self.workshop_mut() {
            w.set_room_view(on);
        }
    }

    /// Whether the app serves a room (see [`App::set_serving`]).
    pub fn serving(&self) -> bool {
        self.serving
    }

    /// Ctrl-Z (or SIGTSTP from outside): gives the terminal back until `fg`, except while
    /// serving, where stopping this process would freeze everyone's screen.
    pub fn suspend(&mut self) -> Vec<Effect> {
        if self.serving {
            self.say(format!(
                "While serving, Ctrl-Z would freeze everyone's screen; {} ends the workshop.",
                keymap::key_for(Context::Workshop, Action::Quit)
            ));
            return Vec::new();
        }
        vec![Effect::Suspend]
    }

    /// While serving, the app stays on the served session: whatever would leave it (Esc back
    /// to the session list) does nothing but say so. Rating alone, leaving quits.
    pub(super) fn pinned(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        // Rating alone (`open --as`), the session list would open any session with the
        // facilitator's rights: leaving the session saves and quits covalue instead.
        if self.workshop().is_some_and(|w| w.alone()) && effects.contains(&Effect::Close) {
            let mut effects: Vec<Effect> = effects
                .into_iter()
                .filter(|e| *e != Effect::Close)
                .collect();
            effects.extend(self.quit());
            return effects;
        }
        // Quitting ends the workshop on every participant's screen: asked first.
        if self.serving && effects.contains(&Effect::Quit) {
            self.popup = Some(Popup::ConfirmEnd);
            return effects.into_iter().filter(|e| *e != Effect::Quit).collect();
        }
        let leaves = |e: &Effect| {
            matches!(
                e,
                Effect::Close | Effect::Open { .. } | Effect::Create { .. } | Effect::Trash(_)
            )
        };
        if !self.serving || !effects.iter().any(leaves) {
            return effects;
        }
        let quit = keymap::key_for(Context::Workshop, Action::Quit);
        // The remote facilitator's q leaves only their console; the workshop goes on.
        let does = if self.console {
            "leaves this console; the workshop goes on"
        } else {
            "ends the workshop"
        };
        self.say(format!(
            "While serving, this session stays open; {quit} {does}."
        ));
        effects.into_iter().filter(|e| !leaves(e)).collect()
    }
}
