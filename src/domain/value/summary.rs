//! The whole value summary of a session as one viewer may see it (`summarize_as`), and the
//! shorthands for each viewer. The parts come from the sibling modules; this one puts them
//! together.

use super::completeness::{Completeness, completeness};
use super::discuss::{DiscussItem, Discussion, discuss_items, merged};
use super::exact::{Exact, Total};
use super::index::{Component, ValueIndex};
use super::listed::Listed;
use super::measures::{Measured, Watermelons, measures, watermelons};
use super::parts::{DimensionPart, SummaryMemo, part_of};
use super::risks::RiskPicture;
use super::scores::{DimensionScore, Score, of_dimension};
use super::sight::{Viewer, hidden_ratings};
use super::verdicts::{Placed, Verdict, Vocr, quadrants};
use crate::domain::balance::CostBalance;
use crate::domain::rating::Side;
use crate::domain::session::{Dimension, Session, Step};

/// Everything the live summary, the dashboard and `covalue summary` show.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub dimensions: Vec<DimensionScore>,
    /// Mean of benefits, usefulness and importance per side.
    pub perceived_provider: Score,
    pub perceived_consumer: Score,
    pub vocr: Vocr,
    pub risk: RiskPicture,
    pub alignment: Score,
    /// Items rated by both sides, for the alignment and a count on screen.
    pub rated_by_both: usize,
    /// One entry per reason: an item with a gap and a split is here twice.
    pub discuss: Vec<Discussion>,
    /// The same list one entry per item, placed where its largest reason is.
    pub discuss_items: Vec<DiscussItem>,
    pub value_index: ValueIndex,
    pub completeness: Vec<Completeness>,
    /// Usefulness and outcome items placed by importance and performance.
    pub quadrants: Vec<Placed>,
    /// Ratings the viewer may not see, left out of every number (see `Viewer`).
    pub hidden: usize,
    /// Ratings not yet revealed that every number includes: only for `Viewer::Everything`
    /// (`--include-hidden`), so an output can say so at its top.
    pub included_hidden: usize,
    /// Costs removed and imposed, with their amounts summed per unit and period.
    pub cost_balance: CostBalance,
    /// The benefits and outcomes that carry a measure's figures, in step order.
    pub measures: Vec<Measured>,
    /// Measures and perceptions that disagree.
    pub watermelon: Watermelons,
}

impl Summary {
    /// The reasons of the discuss-next item on `row` of `discuss_items`, largest first; none
    /// past the end.
    pub fn reasons(&self, row: usize) -> impl Iterator<Item = &Discussion> {
        self.discuss_items
            .get(row)
            .into_iter()
            .flat_map(|item| item.reasons.iter().map(|&i| &self.discuss[i]))
    }

    pub fn dimension(&self, dimension: Dimension) -> &DimensionScore {
        of_dimension(&self.dimensions, dimension)
    }

    /// Whether every rating of `dimension` is one the viewer may not see yet: it has no score
    /// because nothing is revealed, not because nobody rated.
    pub fn only_hidden(&self, dimension: Dimension) -> bool {
        let d = self.dimension(dimension);
        d.combined().is_none() && d.hidden > 0
    }
}

/// The summary as `viewer` may see it.
pub fn summarize_as(session: &Session, viewer: Viewer<'_>) -> Summary {
    summarize_as_seen(session, viewer)
}

/// Computes the whole value summary of a session.
pub fn summarize(session: &Session) -> Summary {
    summarize_as_seen(session, Viewer::Everything)
}

/// The summary as the room may see it while `turn` rates. With blind rating on, ratings not
/// yet revealed to the other side are left out, so no score, gap or list on screen gives them
/// away; `hidden` says how many were left out.
pub fn summarize_visible(session: &Session, turn: Side) -> Summary {
    summarize_as_seen(session, Viewer::Turn(turn))
}

/// The summary as it may be shown outside the workshop screens (the session browser, `list`,
/// on a projector): in a blind workshop no number comes from a rating not yet revealed.
/// `hidden` says how many ratings were left out; see `is_partial`.
pub fn summarize_for_room(session: &Session) -> Summary {
    summarize_as_seen(session, Viewer::Room)
}

/// The summary as the room may see it while one person (`name` on `side`) rates: with blind
/// rating on, every other person's unrevealed rating is left out, their own side's too.
pub fn summarize_seen_by(session: &Session, side: Side, name: &str) -> Summary {
    summarize_as_seen(session, Viewer::Person(side, name))
}

/// The summary of one person's own ratings, for rating alone (`covalue open --as NAME`).
pub fn summarize_own(session: &Session, side: Side, name: &str) -> Summary {
    summarize_as_seen(session, Viewer::Alone(side, name))
}

impl Summary {
    /// Whether the numbers rest on too little to compare with other sessions (for a trend):
    /// some ratings are hidden, or fewer than half of the ratings the mode collects exist.
    pub fn is_partial(&self, mode: crate::domain::session::Mode) -> bool {
        let sides = mode.sides();
        let wanted: usize = self.dimensions.iter().map(|d| d.items * sides.len()).sum();
        let given: usize = self
            .dimensions
            .iter()
            .map(|d| {
                sides
                    .iter()
                    .map(|s| match s {
                        Side::Provider => d.rated_provider,
                        Side::Consumer => d.rated_consumer,
                    })
                    .sum::<usize>()
            })
            .sum();
        self.hidden > 0 || wanted == 0 || given * 2 < wanted
    }

    /// Each side's own VOCR verdict on `dimension` (provider, consumer), when both sides have
    /// rated it and their verdicts differ; `None` when they agree or a side is missing.
    pub fn split_verdict(&self, dimension: Dimension) -> Option<(Verdict, Verdict)> {
        let d = self.dimension(dimension);
        let (provider, consumer) = (Verdict::of(d.provider?), Verdict::of(d.consumer?));
        (provider != consumer).then_some((provider, consumer))
    }
}

fn summarize_as_seen(session: &Session, viewer: Viewer<'_>) -> Summary {
    let sight = viewer.over(session);
    let parts = Dimension::ALL.map(|d| part_of(session, &sight, d));
    let listed = Listed::of(session);
    let measures = measures(session, viewer);
    assemble(session, viewer, parts.each_ref(), listed, measures)
}

/// The summary as `viewer` may see it, working out again only the dimensions whose items (or
/// whose viewer, mode, blindness or people) changed since the last call with this `memo`: for a
/// screen that summarizes after every change. The same numbers as `summarize_as`.
pub fn summarize_remembering(
    session: &Session,
    viewer: Viewer<'_>,
    memo: &mut SummaryMemo,
) -> Summary {
    let listed = memo.listed(session);
    let measures = memo.measures(session, viewer);
    let parts = memo.parts(session, viewer);
    assemble(session, viewer, parts, listed, measures)
}

/// The whole summary from each dimension's part (`Dimension::ALL` order) and what the session
/// holds beyond its ratings.
fn assemble(
    session: &Session,
    viewer: Viewer<'_>,
    parts: [&DimensionPart; 6],
    listed: Listed,
    measures: Vec<Measured>,
) -> Summary {
    let dimensions: Vec<DimensionScore> = parts.iter().map(|p| p.score.clone()).collect();
    let by = |d: Dimension| of_dimension(&dimensions, d);
    let exact_perceived = Side::BOTH.map(|side| perceived(&dimensions, side));
    let vocr = Vocr {
        outcomes_achieved: by(Dimension::Outcomes).combined().map(Verdict::of),
        costs_acceptable: by(Dimension::Costs).combined().map(Verdict::of),
        risks_managed: by(Dimension::Risks).combined().map(Verdict::of),
    };

    let gaps = parts.iter().fold(Total::default(), |t, p| t.add(p.gaps));
    let alignment = gaps
        .mean()
        .map(|g| Exact::whole(100).sub(g.times(25)).value());
    let discuss = merged(&parts.map(|p| p.discussions.as_slice()));

    let combined_perceived = Exact::mean(exact_perceived.into_iter().flatten()).map(Exact::value);
    let components: Vec<(Component, Score)> = vec![
        (Component::PerceivedValue, combined_perceived),
        (Component::Outcomes, by(Dimension::Outcomes).combined()),
        (Component::Costs, by(Dimension::Costs).combined()),
        (Component::Risks, by(Dimension::Risks).combined()),
    ];
    let quadrants = quadrants(
        parts.iter().flat_map(|p| &p.unplaced),
        by(Dimension::Importance).combined(),
    );

    Summary {
        perceived_provider: exact_perceived[0].map(Exact::value),
        perceived_consumer: exact_perceived[1].map(Exact::value),
        vocr,
        risk: listed.risk,
        alignment,
        rated_by_both: gaps.count(),
        discuss_items: discuss_items(&discuss),
        discuss,
        value_index: ValueIndex::new(components, session.weights),
        completeness: Step::ALL
            .into_iter()
            .map(|step| match step.dimension() {
                Some(d) => parts[Dimension::ALL.iter().position(|x| *x == d).unwrap_or(0)]
                    .completeness
                    .clone(),
                None => completeness(session, step),
            })
            .collect(),
        quadrants,
        dimensions,
        hidden: parts.iter().map(|p| p.hidden).sum(),
        included_hidden: match viewer {
            Viewer::Everything => hidden_ratings(session),
            _ => 0,
        },
        cost_balance: listed.cost_balance,
        watermelon: watermelons(&measures),
        measures,
    }
}

/// A side's perceived value, exactly: the mean of its benefits, usefulness and importance
/// scores.
fn perceived(dimensions: &[DimensionScore], side: Side) -> Option<Exact> {
    Exact::mean(
        [
            Dimension::Benefits,
            Dimension::Usefulness,
            Dimension::Importance,
        ]
        .into_iter()
        .filter_map(|d| of_dimension(dimensions, d).exact[usize::from(side == Side::Consumer)]),
    )
}
