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
        if self.alone {
            return self.say("Rating alone, nobody else's ratings are shown anyway.");
        }
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
        if self.alone {
            return self
                .say("Rating alone, nothing is revealed: the facilitator reveals after merging.");
        }
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
        let auto_reveal = self.auto_reveal && self.session.blind && !self.alone;
        let sides = self.session.mode.sides();
        let rater = self.rater.clone();
        self.session.rate_as(dimension, index, side, &rater, rating);
        // Rating the item again decides a merge conflict over this person's rating of it.
        let id = self
            .session
            .item_id(dimension.step(), index)
            .unwrap_or_default()
            .to_string();
        self.session.resolve_conflicts(&id, &rater);
        if let Some(ratings) = self.session.ratings_mut(dimension, index)
            && auto_reveal
            && sides.iter().all(|s| ratings.is_rated(*s))
        {
            ratings.revealed = true;
        }
        self.changed();
        let who = if self.side_by_side() {
            side_label(side).to_string()
        } else {
            rater
        };
        self.say(match rating {
            Some(r) => format!("{who} rated {} ({}).", r, r.label()),
            None if self.side_by_side() => format!("{who} rating cleared."),
            None => format!("{who}'s rating cleared."),
        });
    }
}
