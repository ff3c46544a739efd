//! Rating and the facilitator's switches: rate for the side whose turn it is, blind rating,
//! reveal, and moving an agreement through its statuses.

use super::*;

impl Workshop {
    pub(super) fn cycle_status(&mut self) {
        if self.step != Step::Agreements {
            return self.say(format!(
                "{} changes an agreement's status on the Agreements step.",
                keymap::key_for(Context::Workshop, Action::CycleStatus)
            ));
        }
        if self.rows() == 0 || !self.editable() {
            return;
        }
        let row = self.selection();
        if let Some(before) = Item::get(&self.session, Step::Agreements, row) {
            self.history.push(Part::Item {
                index: row,
                item: Box::new(before),
            });
        }
        let a = &mut self.session.agreements[row];
        a.status = a.status.next();
        let status = a.status();
        self.changed();
        self.say(format!("Agreement {status}."));
    }

    pub(super) fn toggle_blind(&mut self) {
        if self.session.mode != Mode::Workshop {
            return self.say("Blind rating matters only when both sides rate (a workshop).");
        }
        if !self.editable() {
            return;
        }
        self.session.blind = !self.session.blind;
        self.changed();
        self.say(if self.session.blind {
            format!(
                "Blind rating on: the side not rating sees • instead of numbers until {} reveals them.",
                keymap::key_for(Context::Workshop, Action::Reveal)
            )
        } else {
            "Blind rating off: both sides' ratings are shown.".to_string()
        });
    }

    pub(super) fn reveal(&mut self) {
        if !self.editable() {
            return;
        }
        let (scope, parts) = if self.step == Step::Summary {
            (
                None,
                Dimension::ALL
                    .map(|d| Part::of(&self.session, d.step()))
                    .to_vec(),
            )
        } else if let Some(d) = self.step.dimension() {
            (Some(d.step()), vec![Part::of(&self.session, d.step())])
        } else {
            return self.say(format!("Nothing to reveal on {}.", self.step.title()));
        };
        let (revealed, waiting) = self.session.reveal(scope);
        if revealed > 0 {
            self.history.push(Part::Several(parts));
            self.changed();
        }
        let waiting = match waiting {
            0 => String::new(),
            1 => " 1 item still waits for the other side.".to_string(),
            n => format!(" {n} items still wait for the other side."),
        };
        let revealed = match revealed {
            0 => "Nothing new to reveal.".to_string(),
            1 => "Revealed 1 item.".to_string(),
            n => format!("Revealed {n} items."),
        };
        self.say(format!("{revealed}{waiting}"));
    }

    pub(super) fn rated_step(&self) -> Option<Dimension> {
        self.step.dimension()
    }

    pub(super) fn rate(&mut self, rating: Option<Rating>) {
        let Some(dimension) = self.rated_step() else {
            self.say(format!("Nothing to rate on {}.", self.step.title()));
            return;
        };
        if self.rows() == 0 {
            self.say("Add an item first (a).");
            return;
        }
        if !self.editable() {
            return;
        }
        let side = self.turn;
        let index = self.selection();
        self.history
            .push(Part::rating(&self.session, dimension, index));
        let auto_reveal = self.auto_reveal && self.session.blind;
        if let Some(ratings) = self.session.ratings_mut(dimension, index) {
            ratings.set(side, rating);
            if auto_reveal && ratings.provider.is_some() && ratings.consumer.is_some() {
                ratings.revealed = true;
            }
        }
        self.changed();
        let said = match rating {
            Some(r) => format!("{} rated {} ({}).", side_label(side), r, r.label()),
            None => format!("{} rating cleared.", side_label(side)),
        };
        if rating.is_none() || !self.advance {
            return self.say(said);
        }
        match self.next_unrated(dimension, side, index) {
            Some(next) => {
                self.select(next);
                self.say(said);
            }
            None => {
                let done = self.done_with_step(side);
                self.say(format!("{said} {done}"));
            }
        }
    }

    /// With advance on, selects the first item the side now rating has not rated (after a
    /// switch of turn), so the new side starts where its work is.
    pub(super) fn select_first_unrated(&mut self) {
        let (Some(dimension), true) = (self.step.dimension(), self.advance) else {
            return;
        };
        let count = self.rows();
        if count == 0 {
            return;
        }
        if let Some(first) = self.next_unrated(dimension, self.turn, count - 1) {
            self.select(first);
        } else if self
            .session
            .ratings(dimension, count - 1)
            .is_some_and(|r| r.get(self.turn).is_none())
        {
            self.select(count - 1);
        }
    }

    /// The next item after `index` (wrapping round) that `side` has not rated.
    fn next_unrated(&self, dimension: Dimension, side: Side, index: usize) -> Option<usize> {
        let count = self.session.item_count(dimension.step());
        (1..count).map(|k| (index + k) % count).find(|&i| {
            self.session
                .ratings(dimension, i)
                .is_some_and(|r| r.get(side).is_none())
        })
    }

    /// What to say when `side` has rated every item of this step: done, and what comes next.
    pub(super) fn done_with_step(&self, side: Side) -> String {
        let step = self.step.title();
        let next = if self.session.mode == Mode::Workshop
            && self.rated_by(self.step, side.other()) < self.rows()
        {
            format!(
                "{} switches to the {}.",
                keymap::key_for(Context::Workshop, Action::SwitchTurn),
                side.other().name()
            )
        } else {
            format!(
                "{} goes to the next step.",
                keymap::key_for(Context::Workshop, Action::NextStep)
            )
        };
        format!(
            "The {} is done with {step}: every item rated. {next}",
            side.name()
        )
    }

    /// How many items of `step` `side` has rated (hidden ones too: only the count shows).
    pub(super) fn rated_by(&self, step: Step, side: Side) -> usize {
        let Some(dimension) = step.dimension() else {
            return 0;
        };
        (0..self.session.item_count(step))
            .filter(|&i| {
                self.session
                    .ratings(dimension, i)
                    .is_some_and(|r| r.get(side).is_some())
            })
            .count()
    }

    /// Whether `side`'s rating in `r` is kept from the screen: in a blind workshop, the side not
    /// rating now; in a review (no one's turn), every rating not yet revealed.
    pub fn is_hidden(&self, r: &Ratings, side: Side) -> bool {
        let blind = self.session.blind && self.session.mode == Mode::Workshop;
        if self.read_only.is_some() {
            blind && !r.revealed
        } else {
            r.hidden(side, self.turn, blind)
        }
    }

    /// How many ratings on this step the side not rating cannot see yet.
    pub fn hidden_on_step(&self) -> usize {
        let Some(dimension) = self.step.dimension() else {
            return 0;
        };
        (0..self.rows())
            .filter_map(|i| self.session.ratings(dimension, i))
            .map(|r| {
                [Side::Provider, Side::Consumer]
                    .iter()
                    .filter(|s| r.get(**s).is_some() && self.is_hidden(&r, **s))
                    .count()
            })
            .sum()
    }

    /// When one side has rated every item of this step and the other none: says so, naming
    /// the key that switches.
    pub fn lopsided(&self) -> Option<String> {
        if self.session.mode != Mode::Workshop || self.rows() == 0 {
            return None;
        }
        let all = self.rows();
        let done = [Side::Provider, Side::Consumer].into_iter().find(|s| {
            self.rated_by(self.step, *s) == all && self.rated_by(self.step, s.other()) == 0
        })?;
        Some(if done == self.turn {
            self.done_with_step(done)
        } else {
            format!(
                "The {} has rated every item, the {} none yet: {} rates now ({} switches back).",
                done.name(),
                done.other().name(),
                side_label(self.turn),
                keymap::key_for(Context::Workshop, Action::SwitchTurn)
            )
        })
    }
}
