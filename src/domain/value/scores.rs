//! The scores of a dimension, per side and per stakeholder group, on the 0–100 scale.

use super::exact::Exact;
use crate::domain::rating::{Ratings, Side};
use crate::domain::session::{Dimension, Group, Session};

/// A score on the 0–100 scale, or `None` when there is nothing to base it on.
pub type Score = Option<f64>;

/// One dimension's scores, per side, with how many items they rest on.
#[derive(Clone, Debug, PartialEq)]
pub struct DimensionScore {
    pub dimension: Dimension,
    pub provider: Score,
    pub consumer: Score,
    pub items: usize,
    pub rated_provider: usize,
    pub rated_consumer: usize,
    /// Per side, the mean spread (highest − lowest, in rating points) over the items that
    /// several of its raters rated; `None` where no item has more than one rater on the side.
    pub spread_provider: Option<f64>,
    pub spread_consumer: Option<f64>,
    /// The score of every stakeholder group that rated, per side.
    pub groups: Vec<GroupScore>,
    /// Ratings of this dimension the viewer may not see (not yet revealed), left out above.
    pub hidden: usize,
    /// The two sides' scores as exact fractions, for `combined` and the verdicts.
    pub(super) exact: [Option<Exact>; 2],
}

/// One stakeholder group's score of a dimension: the mean over the items the group rated of the
/// mean of its raters' ratings, on 0–100, as for a side.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupScore {
    pub side: Side,
    pub group: Group,
    pub score: Score,
    /// How many different people of the group rated in this dimension.
    pub raters: usize,
}

/// The fewest raters a group needs before an anonymous session shows its score: with fewer,
/// the score would tell who said what.
pub const ANONYMOUS_MIN: usize = 3;

/// A group's score as a report may show it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shown {
    Score(Score),
    /// Anonymous session, fewer than `ANONYMOUS_MIN` raters.
    Hidden,
}

impl GroupScore {
    /// The score, or `Hidden` when the session is anonymous and the group too small.
    pub fn shown(&self, anonymous: bool) -> Shown {
        if anonymous && self.raters < ANONYMOUS_MIN {
            Shown::Hidden
        } else {
            Shown::Score(self.score)
        }
    }
}

impl DimensionScore {
    pub fn side(&self, side: Side) -> Score {
        match side {
            Side::Provider => self.provider,
            Side::Consumer => self.consumer,
        }
    }

    /// The side's mean spread (see `spread_provider`).
    pub fn spread(&self, side: Side) -> Option<f64> {
        match side {
            Side::Provider => self.spread_provider,
            Side::Consumer => self.spread_consumer,
        }
    }

    /// The mean of the two sides' scores that exist, from the exact scores, so a verdict band's
    /// edge (60, 40) is met exactly when the ratings meet it.
    pub fn combined(&self) -> Score {
        self.combined_exact().map(Exact::value)
    }

    fn combined_exact(&self) -> Option<Exact> {
        Exact::mean(self.exact.iter().flatten().copied())
    }
}

fn mean(values: impl IntoIterator<Item = f64>) -> Score {
    let (sum, count) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (count > 0).then(|| sum / count as f64)
}

pub(super) fn dimension_score(
    session: &Session,
    dimension: Dimension,
    ratings: &[&Ratings],
) -> DimensionScore {
    let rated = |side: Side| ratings.iter().filter(|r| r.is_rated(side)).count();
    let exact = |side: Side| Exact::mean(ratings.iter().filter_map(|r| Exact::score(r, side)));
    let (exact_provider, exact_consumer) = (exact(Side::Provider), exact(Side::Consumer));
    let spread = |side: Side| {
        mean(
            ratings
                .iter()
                .filter(|r| r.raters(side).len() > 1)
                .filter_map(|r| r.spread(side).map(f64::from)),
        )
    };
    DimensionScore {
        dimension,
        provider: exact_provider.map(Exact::value),
        consumer: exact_consumer.map(Exact::value),
        items: ratings.len(),
        rated_provider: rated(Side::Provider),
        rated_consumer: rated(Side::Consumer),
        spread_provider: spread(Side::Provider),
        spread_consumer: spread(Side::Consumer),
        groups: group_scores(session, ratings),
        hidden: 0,
        exact: [exact_provider, exact_consumer],
    }
}

/// One stakeholder group's running tally over the items, in item order.
struct GroupTally {
    side: Side,
    group: Group,
    /// The sum and count of the group's item scores, added in item order (as `mean` adds).
    sum: f64,
    scored: usize,
    /// How many different people of the group rated.
    raters: usize,
    /// This item's ratings by the group: their sum and count.
    item_sum: u32,
    item_count: u32,
}

/// Every group's score over some items' ratings, per side, ordered by side and group.
fn group_scores(session: &Session, ratings: &[&Ratings]) -> Vec<GroupScore> {
    // Each rater seen so far with the index of their group's tally: a rater's group is looked
    // up once, and a rating costs a short scan of a few names (interned, so usually compared by
    // address) instead of a map of owned groups per item.
    let mut raters: Vec<(Side, &str, usize)> = Vec::new();
    let mut tallies: Vec<GroupTally> = Vec::new();
    let mut touched: Vec<usize> = Vec::new();
    for r in ratings {
        for side in Side::BOTH {
            for (name, rating) in r.raters(side) {
                let at = match raters
                    .iter()
                    .find(|(s, n, _)| *s == side && same_name(n, name))
                {
                    Some(&(_, _, at)) => at,
                    None => {
                        let group = session.rater_group(side, name);
                        let at = match tallies
                            .iter()
                            .position(|t| t.side == side && t.group == group)
                        {
                            Some(at) => at,
                            None => {
                                tallies.push(GroupTally {
                                    side,
                                    group,
                                    sum: 0.0,
                                    scored: 0,
                                    raters: 0,
                                    item_sum: 0,
                                    item_count: 0,
                                });
                                tallies.len() - 1
                            }
                        };
                        tallies[at].raters += 1;
                        raters.push((side, name, at));
                        at
                    }
                };
                let tally = &mut tallies[at];
                if tally.item_count == 0 {
                    touched.push(at);
                }
                tally.item_sum += u32::from(rating.get());
                tally.item_count += 1;
            }
        }
        for at in touched.drain(..) {
            let tally = &mut tallies[at];
            // As `mean_of` then the 0–100 scale: the same operations, so the same bits.
            let m = f64::from(tally.item_sum) / f64::from(tally.item_count);
            tally.sum += (m - 1.0) / 4.0 * 100.0;
            tally.scored += 1;
            tally.item_sum = 0;
            tally.item_count = 0;
        }
    }
    tallies.sort_by(|a, b| (a.side, &a.group).cmp(&(b.side, &b.group)));
    tallies
        .into_iter()
        .map(|t| GroupScore {
            side: t.side,
            group: t.group,
            score: (t.scored > 0).then(|| t.sum / t.scored as f64),
            raters: t.raters,
        })
        .collect()
}

/// Two rater names are the same: interned names share an address, so most checks end there.
fn same_name(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || a == b
}

/// The scores of `dimension` among `dimensions` (one per dimension, in `Dimension::ALL`
/// order).
pub(super) fn of_dimension(dimensions: &[DimensionScore], dimension: Dimension) -> &DimensionScore {
    &dimensions[Dimension::ALL
        .iter()
        .position(|d| *d == dimension)
        .unwrap_or(0)]
}
