//! The value model of PRODUCT.md, as pure functions of a session. `summarize` returns one
//! `Summary`; docs/value-model.md explains every number in it to a facilitator.
//!
//! One module per concern, each re-exported here so `value::X` names everything:
//! `sight` (the one rule of who may see which rating), `exact` (exact fractions for means
//! of means), `scores` (dimension and stakeholder-group scores), `verdicts` (VOCR verdicts
//! and the importance–performance quadrants), `risks` (the risk picture), `discuss` (the
//! discuss-next list), `index` (the value index), `measures` (figures beside perception,
//! watermelons), `completeness` (how far each step has got) and `summary` (the `Summary`
//! that puts them together, for each kind of viewer).

mod completeness;
mod discuss;
mod exact;
mod index;
mod listed;
mod measures;
mod parts;
mod risks;
mod scores;
mod sight;
mod summary;
mod verdicts;

pub use completeness::{Completeness, Status};
pub use discuss::{DISCUSS_GAP, DiscussItem, DiscussKind, Discussion, Reasons};
pub use index::{Component, ValueIndex};
pub use measures::{Measured, WATERMELON_HIGH, WATERMELON_LOW, Watermelons};
pub use parts::SummaryMemo;
pub use risks::{HeatMap, RiskPicture};
pub use scores::{ANONYMOUS_MIN, DimensionScore, GroupScore, Score, Shown};
pub use sight::{Sight, Viewer, hidden_ratings, not_yet_revealed};
pub use summary::{
    Summary, summarize, summarize_as, summarize_for_room, summarize_own, summarize_remembering,
    summarize_seen_by, summarize_visible,
};
pub use verdicts::{Placed, Quadrant, Verdict, Vocr};

#[cfg(test)]
mod room_tests;
