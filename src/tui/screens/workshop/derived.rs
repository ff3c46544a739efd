//! What the screens read that depends on every item: who takes turns, who rated how much, what
//! is hidden. Worked out once when the session, the turn or the step changes, and only read
//! while drawing, so a frame costs what it shows, not what the session holds (issue 16).

use super::*;
use crate::domain::value::{Sight, Viewer};

/// The session's raters and the shown step's counts, as of the last change.
#[derive(Clone, Debug, Default)]
pub(super) struct Derived {
    /// `Session::turns`: who rates, in Setup's order, with how many items each has rated.
    pub turns: Vec<Rater>,
    /// `Session::stray_raters`: raters who are not participants on their side.
    pub strays: Vec<Rater>,
    /// The counts of this step, as the person rating now sees it.
    pub step: Option<Step>,
    pub counts: StepCounts,
}

/// Counts over the items of one rated step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct StepCounts {
    /// Items rated by anyone on each side (provider, consumer), hidden ones too.
    pub by_side: [usize; 2],
    /// Items rated by each person in `Derived::turns`, in the same order.
    pub by_turn: Vec<usize>,
    /// Ratings the person rating now cannot see yet.
    pub hidden: usize,
    /// Ratings each person in `Derived::turns` could not see yet, were it their turn: a turn
    /// passed takes its count from here instead of walking the step again.
    pub hidden_by_turn: Vec<usize>,
    /// How many items are not revealed.
    pub unrevealed: usize,
}

impl Derived {
    /// The people, after a change to the session; the counts follow (`recount`).
    pub fn people(session: &Session) -> Derived {
        let raters = session.raters();
        Derived {
            turns: session.turns_from(&raters),
            strays: session.strays_from(raters),
            step: None,
            counts: StepCounts::default(),
        }
    }

    /// The step counts again, for `w`'s step and viewer: after a turn or a step changes.
    pub fn recount(&mut self, w: &Workshop) {
        self.step = Some(w.step);
        self.counts = StepCounts::of(w, &self.turns);
    }

    /// Counts one person's rating of one item given (`has`) where it was not (`had`), or
    /// taken back; false when they do not take turns, and the people must be counted again.
    pub fn counted(&mut self, side: Side, name: &str, had: bool, has: bool) -> bool {
        let Some(turn) = self
            .turns
            .iter_mut()
            .find(|t| t.side == side && t.name == name)
        else {
            return false;
        };
        match (had, has) {
            (false, true) => turn.rated += 1,
            (true, false) => turn.rated = turn.rated.saturating_sub(1),
            _ => {}
        }
        true
    }

    /// The counts for the person in `turns` at `at`, whose turn it now is, without a walk:
    /// false when the counts are not the shown step's (then `recount`).
    pub fn turn_passed(&mut self, w: &Workshop, at: usize) -> bool {
        let Some(hidden) = self.counts.hidden_by_turn.get(at) else {
            return false;
        };
        if self.step != Some(w.step) || !matches!(w.viewer(), Viewer::Person(..)) {
            return false;
        }
        self.counts.hidden = *hidden;
        true
    }

    /// How many items of the shown step `name` on `side` has rated, when they take turns.
    pub fn rated_by_person(&self, side: Side, name: &str) -> Option<usize> {
        let at = self
            .turns
            .iter()
            .position(|t| t.side == side && t.name == name)?;
        self.counts.by_turn.get(at).copied()
    }
}

impl StepCounts {
    fn of(w: &Workshop, turns: &[Rater]) -> StepCounts {
        #[cfg(test)]
        STEP_WALKS.with(|walks| walks.set(walks.get() + 1));
        let mut counts = StepCounts::zero(turns.len());
        let Some(dimension) = w.step.dimension() else {
            return counts;
        };
        let counter = Counter::new(w, turns);
        for index in 0..w.session.item_count(dimension.step()) {
            if let Some(r) = w.session.ratings_ref(dimension, index) {
                counter.add(&mut counts, r, 1);
            }
        }
        counts
    }
}

impl StepCounts {
    fn zero(turns: usize) -> StepCounts {
        StepCounts {
            by_turn: vec![0; turns],
            hidden_by_turn: vec![0; turns],
            ..StepCounts::default()
        }
    }

    /// Adds (`sign` 1) or takes away (`sign` -1) the counts of one item (`Derived::of_item`).
    pub fn apply(&mut self, one: &StepCounts, sign: isize) {
        let add = |total: &mut usize, n: usize| moved(total, n, sign);
        for k in 0..2 {
            add(&mut self.by_side[k], one.by_side[k]);
        }
        for (total, n) in self.by_turn.iter_mut().zip(&one.by_turn) {
            add(total, *n);
        }
        for (total, n) in self.hidden_by_turn.iter_mut().zip(&one.hidden_by_turn) {
            add(total, *n);
        }
        add(&mut self.hidden, one.hidden);
        add(&mut self.unrevealed, one.unrevealed);
    }
}

impl Derived {
    /// The counts of item `index` of `dimension` alone, when that is the step counted now
    /// (`None` otherwise): taken before and after a rating, their difference is the rating's.
    pub fn of_item(&self, w: &Workshop, dimension: Dimension, index: usize) -> Option<StepCounts> {
        // The room's view depends on whether several people rate at all, which one rating can
        // change for every item; nobody rates in it, but it is walked whole to be sure.
        if self.step != Some(dimension.step())
            || w.step != dimension.step()
            || matches!(w.viewer(), Viewer::Room)
        {
            return None;
        }
        let r = w.session.ratings_ref(dimension, index)?;
        let mut counts = StepCounts::zero(self.turns.len());
        Counter::new(w, &self.turns).add(&mut counts, r, 1);
        Some(counts)
    }
}

/// Adds `n` to `total` (`sign` 1) or takes it away (`sign` -1), never below zero.
fn moved(total: &mut usize, n: usize, sign: isize) {
    *total = total.saturating_add_signed(sign * n as isize);
}

/// What counting one item of the shown step needs, worked out once per walk.
pub(super) struct Counter<'w> {
    turns: &'w [Rater],
    /// Whose default-rater numbers count as a person's own (`Session::speaks_for_side`).
    speaks: Vec<bool>,
    everything: Sight<'w, 'w>,
    viewer: Sight<'w, 'w>,
    /// What each person in `turns` sees, were it their turn.
    theirs: Vec<Sight<'w, 'w>>,
    counting_hidden: bool,
}

impl<'w> Counter<'w> {
    pub fn new(w: &'w Workshop, turns: &'w [Rater]) -> Counter<'w> {
        Counter {
            turns,
            speaks: turns
                .iter()
                .map(|t| w.session.speaks_for_side(t.side, &t.name))
                .collect(),
            everything: Viewer::Everything.over(&w.session),
            viewer: w.viewer().over(&w.session),
            theirs: turns
                .iter()
                .map(|t| Viewer::Person(t.side, &t.name).over(&w.session))
                .collect(),
            counting_hidden: !w.alone,
        }
    }

    /// Adds (`sign` 1) or takes away (`sign` -1) one item's ratings `r` to `counts`.
    pub fn add(&self, counts: &mut StepCounts, r: &Ratings, sign: isize) {
        let add = |total: &mut usize, n: usize| moved(total, n, sign);
        for (k, side) in Side::BOTH.into_iter().enumerate() {
            add(&mut counts.by_side[k], usize::from(r.is_rated(side)));
        }
        for (k, t) in self.turns.iter().enumerate() {
            let own = Session::own_rating(r, t.side, &t.name, self.speaks[k]);
            if let Some(total) = counts.by_turn.get_mut(k) {
                add(total, usize::from(own.is_some()));
            }
        }
        if self.counting_hidden && !r.is_empty() {
            let counted = self.everything.sees(r).count();
            add(
                &mut counts.hidden,
                counted.saturating_sub(self.viewer.sees(r).count()),
            );
            for (k, sight) in self.theirs.iter().enumerate() {
                if let Some(total) = counts.hidden_by_turn.get_mut(k) {
                    add(total, counted.saturating_sub(sight.sees(r).count()));
                }
            }
        }
        add(&mut counts.unrevealed, usize::from(!r.revealed));
    }
}

#[cfg(test)]
thread_local! {
    /// How many times the shown step's items were walked for their counts, on this thread.
    static STEP_WALKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A counting test (no clock): passing the turn round everyone and rating walk no item of
    /// the step, however many it holds; only moving to another step does.
    #[test]
    fn turns_and_ratings_walk_no_item_of_the_step() {
        let mut w = Workshop::new(session(), "t.ron", None);
        w.update(Action::NextStep);
        w.update(Action::NextStep);
        let walks = || STEP_WALKS.with(std::cell::Cell::get);
        let before = walks();
        for n in 0..12u8 {
            w.update(Action::SwitchTurn);
            w.update(Action::Rate(Rating::new(n % 5 + 1)));
            w.update(Action::Down);
        }
        assert_eq!(walks() - before, 0, "a turn or a rating walked the step");
        assert!(w.derived.counts.by_turn.iter().filter(|n| **n > 0).count() > 1);
        w.update(Action::NextStep);
        assert!(walks() > before, "a new step is counted");
    }

    /// Two providers and three consumers on five benefits, blind, nothing rated yet.
    fn session() -> Session {
        let mut s = Session::new("t", "Counts", Timestamp::from_unix(0));
        for (name, role) in [
            ("Priya", Role::Provider),
            ("Piet", Role::Provider),
            ("Chen", Role::Consumer),
            ("Carla", Role::Consumer),
            ("Kofi", Role::Consumer),
        ] {
            s.participants.push(Participant {
                name: name.into(),
                role,
                group: None,
            });
        }
        for n in 0..5 {
            s.add_item(Dimension::Benefits, &format!("benefit {n}"));
        }
        s
    }

    /// A rating moves the step's counts by its item's difference, walking no other item; after
    /// every rating, cleared rating, turn, move and reveal the counts are a fresh walk's, and
    /// the summary (kept in parts between changes) is a fresh one.
    #[test]
    fn counts_moved_by_one_rating_equal_a_fresh_walk() {
        let mut w = Workshop::new(session(), "t.ron", None);
        w.update(Action::NextStep);
        w.update(Action::NextStep);
        assert_eq!(w.step, Step::Benefits);
        // A fixed walk through the keys that change counts, long enough to meet every case
        // (first rating, a change, a clear, another person's turn, a reveal, auto-advance).
        let mut seed = 7u32;
        for _ in 0..400 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let action = match (seed >> 16) % 10 {
                0..=4 => Action::Rate(Rating::new(((seed >> 8) % 5) as u8 + 1)),
                5 => Action::Rate(None),
                6 => Action::SwitchTurn,
                7 => Action::Down,
                8 => Action::Up,
                _ => Action::Reveal,
            };
            w.update(action);
            let fresh = StepCounts::of(&w, &w.derived.turns);
            assert_eq!(w.derived.counts, fresh, "after {action:?}");
            // The remembered summary is the one worked out from scratch.
            assert_eq!(
                w.summary,
                summarize_for_room(&w.session),
                "after {action:?}"
            );
        }
        assert!(w.derived.counts.by_turn.iter().any(|n| *n > 0));
    }
}
