//! What the screens read that depends on every item: who takes turns, who rated how much, what
//! is hidden. Worked out once when the session, the turn or the step changes, and only read
//! while drawing, so a frame costs what it shows, not what the session holds (issue 16).

use super::*;

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
    /// Whether some item is not revealed.
    pub unrevealed: bool,
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
        use crate::domain::value::Viewer;
        let mut counts = StepCounts {
            by_turn: vec![0; turns.len()],
            ..StepCounts::default()
        };
        let Some(dimension) = w.step.dimension() else {
            return counts;
        };
        // Whose default-rater numbers count as a person's own (`Session::speaks_for_side`).
        let speaks: Vec<bool> = turns
            .iter()
            .map(|t| w.session.speaks_for_side(t.side, &t.name))
            .collect();
        let everything = Viewer::Everything.over(&w.session);
        let viewer = w.viewer().over(&w.session);
        let counting_hidden = !w.alone;
        for index in 0..w.session.item_count(dimension.step()) {
            let Some(r) = w.session.ratings_ref(dimension, index) else {
                continue;
            };
            for (k, side) in Side::BOTH.into_iter().enumerate() {
                counts.by_side[k] += usize::from(r.is_rated(side));
            }
            for (k, t) in turns.iter().enumerate() {
                let own = Session::own_rating(r, t.side, &t.name, speaks[k]);
                counts.by_turn[k] += usize::from(own.is_some());
            }
            if counting_hidden && !r.is_empty() {
                let counted = everything.sees(r).count();
                counts.hidden += counted.saturating_sub(viewer.sees(r).count());
            }
            counts.unrevealed |= !r.revealed;
        }
        counts
    }
}
