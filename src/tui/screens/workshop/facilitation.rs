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

    /// Turns blind rating on or off; off asks first when it would show hidden ratings
    /// (`asked`: this is the second press in a row).
    pub(super) fn toggle_blind(&mut self, asked: bool) {
        if self.alone {
            return self.say("Rating alone, nobody else's ratings are shown anyway.");
        }
        if self.session.mode != Mode::Workshop {
            return self.say("Blind rating matters only when both sides rate (a workshop).");
        }
        if !self.editable() {
            return;
        }
        if self.room_view() {
            // Off would show every hidden rating on every step to everyone at once.
            return self.say(format!(
                "While serving, blind rating stays as the workshop started; {} reveals this step.",
                keymap::key_for(Context::Workshop, Action::Reveal)
            ));
        }
        // Off shows every hidden rating of every step to the room at once, which no undo
        // takes back from people's eyes: the first press says so, the second does it.
        let hidden = if self.session.blind {
            crate::domain::value::hidden_ratings(&self.session)
        } else {
            0
        };
        if hidden > 0 && !asked {
            self.blind_off_asked = true;
            let key = keymap::key_for(Context::Workshop, Action::ToggleBlind);
            let ratings = if hidden == 1 { "rating" } else { "ratings" };
            return self.say_briefly(
                format!(
                    "Blind rating off shows {hidden} hidden {ratings} to everyone at once: {key} again to turn it off, any other key keeps it on."
                ),
                vec![
                    format!("Blind off shows {hidden} hidden {ratings}: {key} again to turn it off."),
                    format!("{key} again: show {hidden} hidden {ratings}"),
                ],
            );
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
        let Some(scope) = self.step.reveal_scope() else {
            return self.say(format!("Nothing to reveal on {}.", self.step.title()));
        };
        // What undo puts back: the mark on the items this reveal opens, and nothing else, so
        // an undo never takes back what people rated at their own screens meanwhile.
        let hidden = hidden_items(&self.session, scope);
        let (revealed, waiting) = self.session.reveal(scope);
        if revealed > 0 {
            let opened = hidden_items(&self.session, scope);
            let items = hidden.into_iter().filter(|i| !opened.contains(i)).collect();
            self.history.push(Part::Revealed {
                step: scope.unwrap_or(Step::Summary),
                items,
                revealed: false,
            });
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
        if self.room {
            return self.say(super::turns::room_rates());
        }
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
        let given = |w: &Self| {
            w.session
                .ratings_ref(dimension, index)
                .is_some_and(|r| r.by(side, &rater).is_some())
        };
        // Taking over the side's default rater's rating (`rate_as`) changes who has rated.
        let adopts = self.session.speaks_for_side(side, &rater)
            && self
                .session
                .ratings_ref(dimension, index)
                .is_some_and(|r| r.by(side, side.rater()).is_some());
        let had = given(self);
        let before = self.derived.of_item(self, dimension, index);
        self.session.rate_as(dimension, index, side, &rater, rating);
        let has = given(self);
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
        // One person's rating of one item: their count moves by one and nobody else's, so the
        // people need no walk over every rating (`derived.rs`).
        if !adopts && self.derived.counted(side, &rater, had, has) {
            self.changed_one_item(dimension, index, before);
        } else {
            self.changed();
        }
        let who = if self.side_by_side() {
            side_label(side).to_string()
        } else {
            rater
        };
        let said = match rating {
            Some(r) => format!("{who} rated {} ({}).", r, r.label()),
            None if self.side_by_side() => format!("{who} rating cleared."),
            None => format!("{who}'s rating cleared."),
        };
        let (Some(given), true) = (rating, self.advance) else {
            return self.say(said);
        };
        match self.next_unrated(dimension, index) {
            Some(next) => {
                self.select(next);
                self.say(said);
            }
            None => self.say_done(&said, &who, given),
        }
    }

    /// Says `said` about the rating `given` by `who`, and that the person rating now is done
    /// with the step: shorter forms keep who or what is next on a narrow line.
    fn say_done(&mut self, said: &str, who: &str, given: Rating) {
        let [done, brief] = self.done_with_step();
        let rated = if self.side_by_side() {
            // "PROVIDER rated 4. The provider is done" would name the side twice.
            let next = &self.what_comes_next()[1];
            format!(
                "{who} rated {given}, done with {}; {next}",
                self.step.title()
            )
        } else {
            format!("{who} rated {given}. {brief}")
        };
        self.say_briefly(format!("{said} {done}"), vec![rated, brief]);
    }

    /// Whether the person rating now has rated `r` (their own rating; a side's default rater's
    /// counts when they speak for the side, as everywhere they are shown).
    fn has_rated(&self, r: &Ratings, side: Side, name: &str) -> bool {
        let speaks = self.session.speaks_for_side(side, name);
        Session::own_rating(r, side, name, speaks).is_some()
    }

    /// With advance on, selects the first item the person now rating has not rated (after the
    /// turn passes), so they start where their work is.
    pub(super) fn select_first_unrated(&mut self) {
        let (Some(dimension), true) = (self.step.dimension(), self.advance) else {
            return;
        };
        let count = self.rows();
        if count == 0 {
            return;
        }
        if let Some(first) = self.next_unrated(dimension, count - 1) {
            self.select(first);
        } else if self
            .session
            .ratings(dimension, count - 1)
            .is_some_and(|r| !self.has_rated(&r, self.turn, &self.rater))
        {
            self.select(count - 1);
        }
    }

    /// The next item after `index` (wrapping round) that the person rating now has not rated.
    fn next_unrated(&self, dimension: Dimension, index: usize) -> Option<usize> {
        let count = self.session.item_count(dimension.step());
        // Someone who has rated every item has nothing left to find: no walk over the step.
        if self.derived.step == Some(dimension.step())
            && self.derived.rated_by_person(self.turn, &self.rater) == Some(count)
        {
            return None;
        }
        (1..count).map(|k| (index + k) % count).find(|&i| {
            self.session
                .ratings_ref(dimension, i)
                .is_some_and(|r| !self.has_rated(r, self.turn, &self.rater))
        })
    }

    /// How many items of this step `name` on `side` has rated.
    fn rated_by_person(&self, side: Side, name: &str) -> usize {
        let Some(dimension) = self.step.dimension() else {
            return 0;
        };
        // Everyone who takes turns is counted per change; anyone else (rare) is counted here.
        if let Some(rated) = self.derived.rated_by_person(side, name) {
            return rated;
        }
        (0..self.rows())
            .filter(|&i| {
                self.session
                    .ratings_ref(dimension, i)
                    .is_some_and(|r| self.has_rated(r, side, name))
            })
            .count()
    }

    /// What to say when the person rating now has rated every item of this step: done, and
    /// who comes next (the next in turn with items left), reveal when everyone has rated a
    /// blind step, or the next step. The full sentence, then a shorter one that still says
    /// what comes next.
    pub(super) fn done_with_step(&self) -> [String; 2] {
        let step = self.step.title();
        let [next, brief] = self.what_comes_next();
        let who = if self.side_by_side() {
            format!("The {}", self.turn.name())
        } else {
            self.rater.clone()
        };
        [
            format!("{who} is done with {step}: every item rated. {next}"),
            format!("{who} is done with {step}; {brief}"),
        ]
    }

    /// What comes next when the person rating now is done with this step, in full and brief.
    pub(super) fn what_comes_next(&self) -> [String; 2] {
        let turns = self.turns();
        let at = turns
            .iter()
            .position(|r| r.side == self.turn && r.name == self.rater);
        let after = at.map_or(0, |i| i + 1);
        // The first after this rater, in Setup's order, who still has items to rate.
        let waiting = (0..turns.len())
            .map(|k| (k, &turns[(after + k) % turns.len()]))
            .filter(|(_, r)| !(r.side == self.turn && r.name == self.rater))
            .find(|(_, r)| self.rated_by_person(r.side, &r.name) < self.rows());
        let key = keymap::key_for(Context::Workshop, Action::SwitchTurn);
        let next_step = || {
            let next = format!(
                "{} goes to the next step.",
                keymap::key_for(Context::Workshop, Action::NextStep)
            );
            [next.clone(), next]
        };
        match waiting {
            _ if self.alone => next_step(),
            Some((_, r)) if r.name == r.side.rater() => {
                let next = format!("{key} switches to the {}.", r.side.name());
                [next.clone(), next]
            }
            Some((0, r)) => {
                let next = format!("{key} passes the turn to {}.", r.name);
                [next.clone(), next]
            }
            // Those next in order are done: the key passes the turn, possibly more than once.
            Some((_, r)) => [
                format!("{key} passes the turn on; {} has items left.", r.name),
                format!("{} has items left ({key} passes on).", r.name),
            ],
            None if self.hides_until_reveal() => {
                let reveal = keymap::key_for(Context::Workshop, Action::Reveal);
                [
                    format!("Everyone has rated: {reveal} reveals the ratings."),
                    format!("everyone has rated: {reveal} reveals."),
                ]
            }
            None => next_step(),
        }
    }

    /// Whether this step, rated blind, still has an item whose ratings are not revealed.
    fn hides_until_reveal(&self) -> bool {
        self.step.dimension().is_some()
            && self.session.blind
            && self.session.mode == Mode::Workshop
            && self.derived.counts.unrevealed > 0
    }

    /// Whether everyone who rates has rated every item of this blind step and some ratings
    /// wait for the reveal: then the reveal is what comes next.
    pub fn ready_to_reveal(&self) -> bool {
        self.rows() > 0
            && !self.alone
            && !self.room
            && self.read_only.is_none()
            && self.hides_until_reveal()
            && self
                .turns()
                .iter()
                .all(|r| self.rated_by_person(r.side, &r.name) == self.rows())
    }

    /// Who has rated an item, in Setup's order: each person who rates and their rating if
    /// they have given one; then raters from a merge or an older file who are not in Setup.
    /// The numbers are for showing only where the item is open to the room (`Ratings::open`).
    pub fn who_rated(&self, r: &Ratings) -> Vec<(String, Option<Rating>)> {
        let turns = self.turns();
        // A side's only participant owns the side's default rater's rating (a format-1 number).
        let speaks = |side: Side, name: &str| self.session.speaks_for_side(side, name);
        let mut names: Vec<(String, Option<Rating>)> = turns
            .iter()
            .map(|t| {
                let speaks = speaks(t.side, &t.name);
                let rating = Session::own_rating(r, t.side, &t.name, speaks);
                (t.name.clone(), rating)
            })
            .collect();
        for side in Side::BOTH {
            for name in r.raters(side).keys() {
                let listed = turns.iter().any(|t| {
                    t.side == side
                        && (t.name == name || (name == side.rater() && speaks(side, &t.name)))
                });
                if !listed {
                    names.push((name.to_string(), r.by(side, name)));
                }
            }
        }
        names
    }

    /// How many of the ratings this step asks for (every item by everyone who rates) are
    /// given, and how many it asks for.
    pub fn ratings_given(&self) -> (usize, usize) {
        if self.step.dimension().is_none() {
            return (0, 0);
        }
        // Each person's own ratings, as `who_rated` counts them, worked out per change.
        let people = self.turns().len();
        let given = self.derived.counts.by_turn.iter().sum();
        (given, self.rows() * people)
    }

    /// How many ratings on this step the person rating now cannot see yet.
    pub fn hidden_on_step(&self) -> usize {
        // Counted against what counts at all (a self-assessment's file may hold the other
        // side's ratings, which are left out, not hidden), per change (`derived.rs`).
        if self.step.dimension().is_none() || self.alone {
            return 0;
        }
        self.derived.counts.hidden
    }

    /// When one side has rated every item of this step and the other none: says so, naming
    /// the key that passes the turn (longest form first).
    pub fn lopsided(&self) -> Option<Vec<String>> {
        // The room's view has no turn to pass.
        if self.session.mode != Mode::Workshop || self.rows() == 0 || self.alone || self.room {
            return None;
        }
        let all = self.rows();
        let rated_by =
            |side: Side| self.derived.counts.by_side[usize::from(side == Side::Consumer)];
        let done = [Side::Provider, Side::Consumer]
            .into_iter()
            .find(|s| rated_by(*s) == all && rated_by(s.other()) == 0)?;
        if done == self.turn {
            // Someone on this side rated everything; it is news only if it is who rates now.
            return (self.rated_by_person(self.turn, &self.rater) == all)
                .then(|| self.done_with_step().to_vec());
        }
        let (now, back) = if self.side_by_side() {
            (side_label(self.turn).to_string(), "switches back")
        } else {
            (self.turn_label(), "passes the turn")
        };
        Some(vec![format!(
            "The {} has rated every item, the {} none yet: {now} rates now ({} {back}).",
            done.name(),
            done.other().name(),
            keymap::key_for(Context::Workshop, Action::SwitchTurn)
        )])
    }
}

/// The rated items of `scope` (every step's for `None`) whose ratings are not revealed yet.
fn hidden_items(
    session: &Session,
    scope: Option<Step>,
) -> std::collections::BTreeSet<(Dimension, usize)> {
    session
        .rated_items()
        .filter(|i| scope.is_none_or(|s| s == i.dimension.step()) && !i.rating.revealed)
        .map(|i| (i.dimension, i.index))
        .collect()
}
