//! Measures beside perception: the benefits and outcomes with figures, and the watermelons
//! (measures met while perceived low, or missed while perceived high).

use super::sight::Viewer;
use crate::domain::balance::Figures;
use crate::domain::rating::{Points, Side};
use crate::domain::session::{Session, Step};

/// A benefit or outcome with a measure's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    pub step: Step,
    pub index: usize,
    pub text: String,
    /// What is measured, in words ("hours of downtime a month"); may be empty.
    pub measure: String,
    pub figures: Figures,
    /// How far the actual moved from the baseline toward the target, 0–1.
    pub realisation: Option<f64>,
    /// Each side's rating of the item as the viewer sees it.
    pub provider: Points,
    pub consumer: Points,
}

/// Items whose measure and perception disagree ("watermelons": green outside, red inside).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Watermelons {
    /// The target is met while a side rates the item `WATERMELON_LOW` or lower.
    pub met_but_perceived_low: Vec<Measured>,
    /// The target is missed while a side rates the item `WATERMELON_HIGH` or higher.
    pub missed_but_perceived_high: Vec<Measured>,
}

impl Watermelons {
    pub fn is_empty(&self) -> bool {
        self.met_but_perceived_low.is_empty() && self.missed_but_perceived_high.is_empty()
    }
}

/// A side's rating at or below this, with the measure met, is a watermelon.
pub const WATERMELON_LOW: f64 = 2.0;

/// A side's rating at or above this, with the measure missed, is the reverse.
pub const WATERMELON_HIGH: f64 = 4.0;

/// The benefits and outcomes with figures, each with its ratings as `viewer` sees them.
pub(super) fn measures(session: &Session, viewer: Viewer<'_>) -> Vec<Measured> {
    let benefits = session.benefits.iter().enumerate().map(|(index, b)| {
        (
            Step::Benefits,
            index,
            &b.text,
            &b.benefit().measure,
            b.benefit().figures,
            &b.rating,
        )
    });
    let outcomes = session.outcomes.iter().enumerate().map(|(index, o)| {
        (
            Step::Outcomes,
            index,
            &o.text,
            &o.outcome().measure,
            o.outcome().figures,
            &o.rating,
        )
    });
    // The whole session's part of the visibility rule once, not once per item.
    let sight = viewer.over(session);
    benefits
        .chain(outcomes)
        .filter_map(|(step, index, text, measure, figures, rating)| {
            let figures = figures?;
            let seen = sight.sees(rating);
            Some(Measured {
                step,
                index,
                text: text.clone(),
                measure: measure.clone(),
                figures,
                realisation: figures.realisation(),
                provider: seen.side(Side::Provider),
                consumer: seen.side(Side::Consumer),
            })
        })
        .collect()
}

/// The measured items whose perception says the opposite of their figures.
pub(super) fn watermelons(measures: &[Measured]) -> Watermelons {
    let sides = |m: &Measured| {
        [m.provider.value(), m.consumer.value()]
            .into_iter()
            .flatten()
    };
    let pick = |met: bool, perceived: &dyn Fn(f64) -> bool| -> Vec<Measured> {
        measures
            .iter()
            .filter(|m| m.figures.met() == Some(met) && sides(m).any(perceived))
            .cloned()
            .collect()
    };
    Watermelons {
        met_but_perceived_low: pick(true, &|r| r <= WATERMELON_LOW),
        missed_but_perceived_high: pick(false, &|r| r >= WATERMELON_HIGH),
    }
}
