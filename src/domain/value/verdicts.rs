//! Words for scores: the VOCR verdicts (outcomes achieved, costs acceptable, risks managed)
//! and the four parts of the importance–performance view.

use super::exact::Exact;
use crate::domain::rating::{Ratings, Side};
use crate::domain::session::{Dimension, RatedItem, Step};

/// The three VOCR verdicts on a combined score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Verdict {
    /// 60 or more.
    Holds,
    /// From 40 up to 60.
    AtRisk,
    /// Under 40.
    Fails,
}

impl Verdict {
    pub fn of(score: f64) -> Verdict {
        if score >= 60.0 {
            Verdict::Holds
        } else if score >= 40.0 {
            Verdict::AtRisk
        } else {
            Verdict::Fails
        }
    }

    /// The JSON spelling: `holds`, `at_risk`, `fails`.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::AtRisk => "at_risk",
            Verdict::Fails => "fails",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::AtRisk => "at risk",
            Verdict::Fails => "fails",
        }
    }
}

/// Are outcomes achieved, costs acceptable, risks managed? `None` where nothing is rated.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Vocr {
    pub outcomes_achieved: Option<Verdict>,
    pub costs_acceptable: Option<Verdict>,
    pub risks_managed: Option<Verdict>,
}

impl Vocr {
    /// The dimension each of `lines` judges, in the same order.
    pub const DIMENSIONS: [Dimension; 3] =
        [Dimension::Outcomes, Dimension::Costs, Dimension::Risks];

    pub fn lines(&self) -> [(&'static str, Option<Verdict>); 3] {
        [
            ("Outcomes achieved", self.outcomes_achieved),
            ("Costs acceptable", self.costs_acceptable),
            ("Risks managed", self.risks_managed),
        ]
    }
}

/// The four parts of the importance–performance view. On both axes only a score above 50 (the
/// "moderate" middle of the scale) counts as high: an item the sides rate 4 and 2 is not yet
/// performing well.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quadrant {
    /// Matters a lot, performs poorly: the place to act.
    ConcentrateHere,
    /// Matters a lot, performs well.
    KeepItUp,
    /// Matters little, performs poorly.
    LowPriority,
    /// Matters little, performs well: effort that may be better spent elsewhere.
    PossibleOverkill,
}

impl Quadrant {
    pub const ALL: [Quadrant; 4] = [
        Quadrant::ConcentrateHere,
        Quadrant::KeepItUp,
        Quadrant::LowPriority,
        Quadrant::PossibleOverkill,
    ];

    pub fn of(importance: f64, performance: f64) -> Quadrant {
        match (importance > 50.0, performance > 50.0) {
            (true, false) => Quadrant::ConcentrateHere,
            (true, true) => Quadrant::KeepItUp,
            (false, false) => Quadrant::LowPriority,
            (false, true) => Quadrant::PossibleOverkill,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Quadrant::ConcentrateHere => "concentrate here",
            Quadrant::KeepItUp => "keep it up",
            Quadrant::LowPriority => "low priority",
            Quadrant::PossibleOverkill => "possible overkill",
        }
    }
}

/// An item on the importance–performance view.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub step: Step,
    pub index: usize,
    pub text: String,
    /// The item's own importance, or the session's Importance score (0–100).
    pub importance: f64,
    /// The mean of the two sides' scores of the item (0–100).
    pub performance: f64,
    pub quadrant: Quadrant,
}

/// A usefulness or outcome item as seen, with its performance, before the session's
/// Importance score is known (`quadrants` places it).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Unplaced {
    step: Step,
    index: usize,
    text: String,
    /// The item's own importance (0–100), where it says.
    importance: Option<f64>,
    performance: f64,
}

/// A usefulness or outcome item's performance as seen; `None` for another item or one
/// neither side has rated.
pub(super) fn unplaced(item: &RatedItem<'_>, ratings: &Ratings) -> Option<Unplaced> {
    if !matches!(item.dimension, Dimension::Usefulness | Dimension::Outcomes) {
        return None;
    }
    let performance = Exact::mean(
        Side::BOTH
            .into_iter()
            .filter_map(|s| Exact::score(ratings, s)),
    )?
    .value();
    Some(Unplaced {
        step: item.dimension.step(),
        index: item.index,
        text: item.text.to_string(),
        importance: item.importance.map(|r| r.score()),
        performance,
    })
}

/// The usefulness and outcome items as seen, placed by importance (the item's own, else
/// `overall_importance`) and performance; an item without either is left out.
pub(super) fn quadrants<'u>(
    items: impl IntoIterator<Item = &'u Unplaced>,
    overall_importance: Option<f64>,
) -> Vec<Placed> {
    items
        .into_iter()
        .filter_map(|u| {
            let importance = u.importance.or(overall_importance)?;
            Some(Placed {
                step: u.step,
                index: u.index,
                text: u.text.clone(),
                importance,
                performance: u.performance,
                quadrant: Quadrant::of(importance, u.performance),
            })
        })
        .collect()
}
