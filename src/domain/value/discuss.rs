//! The discuss-next list: items whose two sides, or whose people on one side, see them
//! differently enough to talk about, largest difference first.

use crate::domain::rating::{Points, Ratings, Side};
use crate::domain::session::{RatedItem, Step};
use std::collections::HashMap;

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
    pub text: String,
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
    pub reasons: Vec<usize>,
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
    let entry = |kind, spread| Discussion {
        step: item.dimension.step(),
        index: item.index,
        text: item.text.to_string(),
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
    let mut row_of: HashMap<(Step, usize), usize> = HashMap::new();
    let mut items: Vec<DiscussItem> = Vec::new();
    for (i, d) in discuss.iter().enumerate() {
        let row = *row_of.entry((d.step, d.index)).or_insert_with(|| {
            items.push(DiscussItem {
                reasons: Vec::new(),
            });
            items.len() - 1
        });
        items[row].reasons.push(i);
    }
    items
}

/// Puts discuss-next entries, given in step and item order, largest first.
pub(super) fn largest_first(discuss: &mut [Discussion]) {
    // A stable sort keeps step order among items that tie on both size and weight, and a gap
    // before a split of the same item.
    discuss.sort_by(|a, b| {
        b.size()
            .total_cmp(&a.size())
            .then(b.weight.total_cmp(&a.weight))
    });
}
