//! Moving about an open session: to a step, to a row, back to where it was left, and the
//! detail pane's scroll. Changes only the view state, never the session.

use super::*;

impl Workshop {
    /// Goes back to where the session was left: the step, and the row as far as it still
    /// exists (the file may have changed since).
    pub(in crate::tui) fn resume(&mut self, place: Place) {
        self.go_to(place.step);
        self.select(place.item);
    }

    pub(super) fn go_to(&mut self, step: Step) {
        if step != self.step && self.timer.is_some() {
            let running = self.timer.map(|t| t.step);
            self.pause_timer();
            if let Some(paused) = running {
                self.say(format!("Timer for {} paused.", paused.title()));
            }
        }
        // Every rated step starts on the first rater's turn (Setup's order), so no rating
        // lands on whoever happened to rate last on the step before. Rating alone keeps its one.
        if step != self.step
            && step.dimension().is_some()
            && !self.alone
            && !self.room
            && let Some(first) = self.derived.turns.first().cloned()
            && (first.side, first.name.as_str()) != (self.turn, self.rater.as_str())
        {
            self.turn = first.side;
            self.rater = first.name;
            self.recount();
        }
        let moved = step != self.step;
        self.step = step;
        if moved {
            self.recount();
        }
    }

    /// Scrolls the selected item's details one line, within what a `screen`-sized terminal
    /// leaves hidden.
    pub fn scroll_detail(&mut self, down: bool, screen: ratatui::layout::Rect) {
        let main = view::areas(self, screen).main;
        let most = if matches!(self.step, Step::Setup | Step::Summary) {
            0
        } else {
            item_list::detail_overflow(self, main) as u16
        };
        let now = self.detail_offset().min(most);
        let next = if down {
            now.saturating_add(1).min(most)
        } else {
            now.saturating_sub(1)
        };
        self.detail_scroll = (self.step, self.selection(), next);
    }

    /// How many lines of the selected item's details are scrolled away (0 for a new selection).
    pub fn detail_offset(&self) -> u16 {
        let (step, row, offset) = self.detail_scroll;
        if (step, row) == (self.step, self.selection()) {
            offset
        } else {
            0
        }
    }

    /// How many rows the current step's list has.
    pub fn rows(&self) -> usize {
        self.rows_of(self.step)
    }

    pub(super) fn rows_of(&self, step: Step) -> usize {
        match step {
            Step::Setup => {
                SETUP_DETAIL_ROWS + self.session.participants.len() + self.derived.strays.len()
            }
            Step::Summary => self.summary.discuss_items.len(),
            step => self.session.item_count(step),
        }
    }

    pub fn selection(&self) -> usize {
        self.selected[self.step.index()]
    }

    pub(super) fn select(&mut self, row: usize) {
        let last = self.rows().saturating_sub(1);
        self.selected[self.step.index()] = row.min(last);
        // A moved selection shows the new item's details from the top.
        if (self.detail_scroll.0, self.detail_scroll.1) != (self.step, self.selection()) {
            self.detail_scroll.2 = 0;
        }
    }

    pub(super) fn jump(&mut self) {
        let Some(item) = self.summary.reasons(self.selection()).next() else {
            return self.say("Nothing to jump to: no item has a gap of 2 or more.");
        };
        let (step, index) = (item.step, item.index);
        self.return_to = Some(self.selection());
        self.go_to(step);
        self.select(index);
        self.say(format!(
            "{} returns to the Summary.",
            keymap::key_for(Context::Workshop, Action::BackToSummary)
        ));
    }
}
