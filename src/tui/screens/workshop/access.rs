//! Reading the open session and its view state from outside the TUI (tests, benchmarks, a
//! server): the fields belong to the TUI, which changes them only through `update` and the
//! outcomes of effects; everyone else reads them here.

use super::*;

impl Workshop {
    /// The session as edited so far.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The value summary as the room sees it now (recomputed after every change).
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The file name, as the header shows it.
    pub fn file_label(&self) -> &str {
        &self.file_label
    }

    /// Why the session cannot be edited here, when it cannot.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// The step on screen.
    pub fn step(&self) -> Step {
        self.step
    }

    /// Who rates now (a participant, or the side's default rater).
    pub fn rater(&self) -> &str {
        &self.rater
    }

    /// Whether this is `open --as NAME`: one person rating alone.
    pub fn alone(&self) -> bool {
        self.alone
    }

    /// Whether this is the room's view (serving): no turn, and no rating shown or counted
    /// until revealed.
    pub fn room_view(&self) -> bool {
        self.room
    }

    /// The step on screen and the row selected in it, to resume there next time.
    pub fn place(&self) -> Place {
        Place {
            step: self.step,
            item: self.selection(),
        }
    }

    /// Whose turn it is to rate.
    pub fn turn(&self) -> Side {
        self.turn
    }

    /// Whether the live summary panel is shown.
    pub fn show_summary(&self) -> bool {
        self.show_summary
    }

    /// The form open over the step, if one is.
    pub fn form(&self) -> Option<&OpenForm> {
        self.form.as_ref()
    }

    /// The status line's message, if there is one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The step timer, while it runs.
    pub fn timer(&self) -> Option<RunningTimer> {
        self.timer
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Whether an item is revealed as soon as both sides have rated it.
    pub fn auto_reveal(&self) -> bool {
        self.auto_reveal
    }

    /// The part of the dashboard shown when not all of it fits.
    pub fn page(&self) -> Page {
        self.page
    }

    /// The orders the dashboard draws from.
    pub fn views(&self) -> &Views {
        &self.views
    }

    /// Whether projector mode is on (large band and digits, no key hints).
    pub fn projector(&self) -> bool {
        self.projector
    }

    /// Whether a rating moves the selection to the next item the rater has not rated.
    pub fn advance(&self) -> bool {
        self.advance
    }

    /// Today's date, which marks overdue agreements, when the opener gave one.
    pub fn today(&self) -> Option<Date> {
        self.today
    }

    /// The clock the step timer reads.
    pub fn now(&self) -> Duration {
        self.now
    }
}

/// The few changes the app makes from outside `update`: its settings, its messages, and a
/// form it closes (thrown away, or applied at quit).
impl Workshop {
    /// Reveal items by themselves as soon as both sides have rated them (a setting).
    pub(crate) fn set_auto_reveal(&mut self, on: bool) {
        self.auto_reveal = on;
    }

    /// Makes this the room's view while everyone rates at their own screen (or not).
    pub(crate) fn set_room_view(&mut self, on: bool) {
        self.room = on;
        self.recount();
    }

    /// While serving, who is at their own screen now (names as the session spells them).
    pub(crate) fn set_seated(&mut self, names: Vec<String>) {
        self.seated = names;
    }

    /// The name of participant `index` if they are at their own screen now.
    pub(crate) fn seated_participant(&self, index: usize) -> Option<String> {
        let name = &self.session.participants.get(index)?.name;
        self.seated
            .iter()
            .any(|n| n.trim().eq_ignore_ascii_case(name.trim()))
            .then(|| name.clone())
    }

    /// Replaces the status line's message.
    pub(crate) fn set_message(&mut self, message: Option<String>) {
        self.message = message;
    }

    /// Closes the open form, if any, without applying it.
    pub(crate) fn close_form(&mut self) {
        self.form = None;
    }

    /// Applies the open form, if any, as its submit key would: quitting never loses words.
    pub(crate) fn submit_form(&mut self) {
        if self.form.is_some() {
            self.alone_rules(Self::submit);
        }
    }
}
