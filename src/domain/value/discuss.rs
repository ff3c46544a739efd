//! The discuss-next list: items whose two sides, or whose people on one side, see them
//! differently enough to talk about, largest difference first.

use crate::domain::rating::{Points, Ratings, Side};
use crate::domain::session::{RatedItem, Step};
use std::cmp::Ordering;
use std::sync::Arc;

/// Why an item is on the discuss-next list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiscussKind {
    /// The two sides' ratings are `DISCUSS_GAP` or more apart.
    Gap,
    /// The raters of one side are `DISCUSS_GAP` or more apart among themselves.
    Split(Side),
}

impl DiscussKind {
    /// The JSON spelling: `gap` or `split`.
    pub fn key(self) -> &'static str {
        match self {
            DiscussKind::Gap => "gap",
            DiscussKind::Split(_) => "split",
        }
    }
}

/// An item the two sides, or the people of one side, see differently enough to talk about.
#[derive(Clone, Debug, PartialEq)]
pub struct Discussion {
    pub step: Step,
    /// Position within its step's list, so a screen can jump to it.
    pub index: usize,
    /// Shared by the item's entries and every summary that lists them: the list is put
    /// together again after each rating, and copying a count is cheaper than the words.
    pub text: Arc<str>,
    pub kind: DiscussKind,
    /// Each side's rating of the item (the mean of its raters); none where a side has not rated.
    pub provider: Points,
    pub consumer: Points,
    /// Between the sides; none unless both have rated.
    pub gap: Points,
    /// Inside the side of a split (highest − lowest); 0 for a gap between the sides.
    pub spread: u8,
    /// How much the item matters, on a 1–5 scale (see `weight`).
    pub weight: f64,
}

impl Discussion {
    /// Why the item is listed, in words: `gap 3`, or `consumer split 2`.
    pub fn why(&self) -> String {
        match self.kind {
            DiscussKind::Gap => format!("gap {}", self.gap),
            DiscussKind::Split(side) => format!("{} split {}", side.name(), self.spread),
        }
    }

    /// The same reason in few columns, for a narrow list: `gap 3`, or `C split 2` (P or C, the
    /// side's letter as the ratings beside it are marked).
    pub fn why_short(&self) -> String {
        match self.kind {
            DiscussKind::Gap => self.why(),
            DiscussKind::Split(side) => {
                let letter = match side {
                    Side::Provider => 'P',
                    Side::Consumer => 'C',
                };
                format!("{letter} split {}", self.spread)
            }
        }
    }

    /// How far apart the ratings are: the gap, or for a split the spread. The list's order.
    pub fn size(&self) -> f64 {
        match self.kind {
            DiscussKind::Gap => self.gap.value().unwrap_or(0.0),
            DiscussKind::Split(_) => f64::from(self.spread),
        }
    }
}

/// One item of the discuss-next list with every reason it is listed: screens show an item once,
/// however many reasons it has (a gap, a split on either side).
#[derive(Clone, Debug, PartialEq)]
pub struct DiscussItem {
    /// Where the item's reasons are in `Summary::discuss`, in the list's order (largest first).
    pub reasons: Reasons,
}

/// An item's places in `Summary::discuss`: at most one per reason (a gap, a split on either
/// side), so they are kept in place, not in an allocation per item of a long list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reasons {
    at: [usize; 3],
    len: usize,
}

impl Reasons {
    fn push(&mut self, at: usize) {
        // `discussions` gives an item at most three entries; a fourth cannot come.
        if let Some(slot) = self.at.get_mut(self.len) {
            *slot = at;
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Reasons {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        &self.at[..self.len]
    }
}

/// The smallest gap, in rating points, that puts an item on the discuss-next list.
pub const DISCUSS_GAP: u8 = 2;

/// How much an item matters when two gaps tie: the higher of the two sides' ratings, or for a
/// risk its exposure scaled from 1–25 down to 1–5, so risks and other items compare on one
/// scale.
fn weight(ratings: &Ratings, exposure: Option<u32>) -> f64 {
    match exposure {
        Some(exposure) => f64::from(exposure) / 5.0,
        None => Side::BOTH
            .into_iter()
            .filter_map(|s| ratings.mean(s))
            .fold(0.0, f64::max),
    }
}

/// The discuss-next entries of one item: a gap between the sides, and a split inside each side.
pub(super) fn discussions(item: &RatedItem<'_>, rating: &Ratings) -> Vec<Discussion> {
    let text: Arc<str> = Arc::from(item.text);
    let entry = |kind, spread| Discussion {
        step: item.dimension.step(),
        index: item.index,
        text: text.clone(),
        kind,
        provider: rating.side(Side::Provider),
        consumer: rating.side(Side::Consumer),
        gap: Points::new(rating.gap()),
        spread,
        weight: weight(rating, item.exposure),
    };
    let mut out = Vec::new();
    if rating.gap_reaches(DISCUSS_GAP) {
        out.push(entry(DiscussKind::Gap, 0));
    }
    for side in Side::BOTH {
        if let Some(spread) = rating.spread(side).filter(|s| *s >= DISCUSS_GAP) {
            out.push(entry(DiscussKind::Split(side), spread));
        }
    }
    out
}

/// Gathers the reasons of each item, in the order of the item's first (largest) reason.
pub(super) fn discuss_items(discuss: &[Discussion]) -> Vec<DiscussItem> {
    // Each item's row, looked up by step and position in a table rather than hashed: the list
    // may hold an entry for every one of 100,000 items, and this runs after every rating.
    const NONE: usize = usize::MAX;
    let mut row_of: Vec<Vec<usize>> = vec![Vec::new(); Step::ALL.len()];
    let mut items: Vec<DiscussItem> = Vec::new();
    for (i, d) in discuss.iter().enumerate() {
        let rows = &mut row_of[d.step.index()];
        if rows.len() <= d.index {
            rows.resize(d.index + 1, NONE);
        }
        if rows[d.index] == NONE {
            rows[d.index] = items.len();
            items.push(DiscussItem {
                reasons: Reasons::default(),
            });
        }
        items[rows[d.index]].reasons.push(i);
    }
    items
}

/// Puts discuss-next entries, given in step and item order, largest first.
pub(super) fn largest_first(discuss: &mut [Discussion]) {
    // A stable sort keeps step order among items that tie on both size and weight, and a gap
    // before a split of the same item.
    discuss.sort_by(order);
}

/// Lists each put `largest_first`, as one list largest first; on a tie the earlier list's
/// entry comes first. The same as sorting the lists one after another, without moving each
/// entry again and again: this runs after every rating, over every item's entries.
pub(super) fn merged(lists: &[&[Discussion]]) -> Vec<Discussion> {
    let mut next = vec![0; lists.len()];
    // Each list's next entry's key, worked out once per entry rather than per comparison.
    let mut heads: Vec<Option<(f64, f64)>> = lists.iter().map(|l| l.first().map(key)).collect();
    let mut out = Vec::with_capacity(lists.iter().map(|l| l.len()).sum());
    loop {
        let mut first: Option<(usize, (f64, f64))> = None;
        for (k, head) in heads.iter().enumerate() {
            let Some(head) = *head else { continue };
            if first.is_none_or(|(_, f)| by_key(head, f) == Ordering::Less) {
                first = Some((k, head));
            }
        }
        let Some((k, _)) = first else { return out };
        out.push(lists[k][next[k]].clone());
        next[k] += 1;
        heads[k] = lists[k].get(next[k]).map(key);
    }
}

/// What the list is ordered by: the difference, then how much the item matters.
fn key(d: &Discussion) -> (f64, f64) {
    (d.size(), d.weight)
}

/// Larger first, by `key`.
fn by_key(a: (f64, f64), b: (f64, f64)) -> Ordering {
    b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1))
}

/// Which of two entries comes first: the larger difference, then the item that matters more.
fn order(a: &Discussion, b: &Discussion) -> Ordering {
    by_key(key(a), key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `merged` of lists each put largest first is the stable sort of the lists one after
    /// another (the order the summary has always had), ties and all.
    #[test]
    fn merging_sorted_lists_is_sorting_them_together() {
        let mut seed = 7u64;
        let mut next = |below: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % below
        };
        for round in 0..200 {
            let lists: Vec<Vec<Discussion>> = (0..next(7))
                .map(|list| {
                    (0..next(12))
                        .map(|n| Discussion {
                            step: Step::ALL[list as usize % Step::ALL.len()],
                            index: n as usize,
                            text: Arc::from(format!("{round}.{list}.{n}")),
                            kind: if next(2) == 0 {
                                DiscussKind::Gap
                            } else {
                                DiscussKind::Split(Side::Consumer)
                            },
                            provider: Points::new(None),
                            consumer: Points::new(None),
                            // Few values, so ties are common.
                            gap: Points::new(Some(next(3) as f64 + 2.0)),
                            spread: next(3) as u8 + 2,
                            weight: next(2) as f64,
                        })
                        .collect()
                })
                .collect();
            let mut together: Vec<Discussion> = lists.concat();
            largest_first(&mut together);
            let sorted: Vec<Vec<Discussion>> = lists
                .into_iter()
                .map(|mut l| {
                    largest_first(&mut l);
                    l
                })
                .collect();
            let slices: Vec<&[Discussion]> = sorted.iter().map(Vec::as_slice).collect();
            assert_eq!(merged(&slices), together, "round {round}");
        }
    }
}
