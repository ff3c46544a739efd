//! `Rating`: a whole number from 1 to 5, and the pair of ratings every rated item carries.
//! Nothing here can hold a 0 or a 6; "unrated" is `None`, never a number.

use super::name::Name;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A rating (or a likelihood or impact level) from 1 to 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rating(u8);

impl Rating {
    pub const MIN: u8 = 1;
    pub const MAX: u8 = 5;

    /// `None` for anything outside 1–5.
    pub fn new(value: u8) -> Option<Rating> {
        (Self::MIN..=Self::MAX)
            .contains(&value)
            .then_some(Rating(value))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// The rating on the 0–100 scale of the value model: 1 → 0, 3 → 50, 5 → 100.
    pub fn score(self) -> f64 {
        f64::from(self.0 - 1) / 4.0 * 100.0
    }

    /// The words shown beside the number on screen and in reports.
    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "very low",
            2 => "low",
            3 => "moderate",
            4 => "high",
            _ => "very high",
        }
    }

    /// Every rating, lowest first.
    pub fn all() -> impl Iterator<Item = Rating> {
        (Self::MIN..=Self::MAX).map(Rating)
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Rating {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.0)
    }
}

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Any number, so that 0, 6, 300 or 4.5 get our message, not an overflow one or a
        // parser's "expected a comma" after reading the 4 of 4.5.
        struct Number;
        impl serde::de::Visitor<'_> for Number {
            type Value = Rating;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a rating, a whole number from 1 to 5")
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Rating, E> {
                read::rating_from(value).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Rating, E> {
                self.visit_i64(i64::try_from(value).unwrap_or(i64::MAX))
            }
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Rating, E> {
                Err(E::custom(format!(
                    "{value:?} is not a rating: expected a whole number from 1 to 5"
                )))
            }
        }
        deserializer.deserialize_any(Number)
    }
}

/// One of the two sides whose view the workshop collects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Side {
    Provider,
    Consumer,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Provider, Side::Consumer];

    /// The name of the side's default rater: who rates when a terminal rates side by side, and
    /// whom a format-1 file's single number per side belongs to.
    pub fn rater(self) -> &'static str {
        self.name()
    }

    pub fn other(self) -> Side {
        match self {
            Side::Provider => Side::Consumer,
            Side::Consumer => Side::Provider,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Side::Provider => "provider",
            Side::Consumer => "consumer",
        }
    }
}

/// A number of rating points that people read: a side's rating of an item (the mean of its
/// raters, 1–5), or a gap or spread between ratings (0–4); or none, where nobody has rated.
/// Shown as a whole number when it is one and with one decimal otherwise; in JSON a whole
/// number stays an integer, so one rater per side gives exactly the numbers it always gave.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Points(Option<f64>);

impl Points {
    pub fn new(value: Option<f64>) -> Points {
        Points(value)
    }

    pub fn value(self) -> Option<f64> {
        self.0
    }

    pub fn is_none(self) -> bool {
        self.0.is_none()
    }
}

impl From<Rating> for Points {
    fn from(rating: Rating) -> Points {
        Points(Some(f64::from(rating.get())))
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.is_whole();
        f.write_str(&self.shown(!whole))
    }
}

impl Points {
    /// Whether there is no value or a whole one (shown without decimals on its own).
    pub fn is_whole(self) -> bool {
        self.0.is_none_or(|v| v.fract() == 0.0)
    }

    /// The value as people read it, with one decimal or none: a column of numbers uses one
    /// of the two for every row (see `tenths`), never `1.0` beside `1`. Never `-0`.
    pub fn shown(self, tenths: bool) -> String {
        match self.0 {
            None => "–".to_string(),
            // Tenths rounded half away from zero, as every number people read; `+ 0.0` turns
            // a negative zero into zero.
            Some(v) if tenths => format!("{:.1}", (v * 10.0).round() / 10.0 + 0.0),
            Some(v) => format!("{:.0}", v.round() + 0.0),
        }
    }

    /// Whether a column holding `values` shows tenths: when any of them is not whole.
    pub fn tenths(values: impl IntoIterator<Item = Points>) -> bool {
        values.into_iter().any(|p| !p.is_whole())
    }

    /// The exact value as JSON writes it (an integer when whole, else the shortest decimal
    /// that reads back as the same number); empty for none. CSV uses it, so it carries the
    /// precision JSON does.
    pub fn exact(self) -> String {
        match self.0 {
            None => String::new(),
            Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", v as i64),
            Some(v) => format!("{v}"),
        }
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            None => serializer.serialize_none(),
            Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => serializer.serialize_i64(v as i64),
            Some(v) => serializer.serialize_f64(v),
        }
    }
}

/// Every rater's rating on one side of one item, by rater name, kept in name order so a file
/// lists them in a stable order, one line each. A short sorted list of interned names: a
/// handful of people rate an item, and a map per side per item cost ten times the memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SideRatings(Vec<(Name, Rating)>);

impl SideRatings {
    pub fn new() -> SideRatings {
        SideRatings::default()
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }

    pub fn get(&self, name: &str) -> Option<&Rating> {
        self.find(name).ok().map(|at| &self.0[at].1)
    }

    /// `name`'s rating with the shared name itself, to copy into other ratings.
    fn entry(&self, name: &str) -> Option<(Name, Rating)> {
        self.find(name).ok().map(|at| self.0[at].clone())
    }

    /// Sets a rating under a name already shared (no lookup of the name).
    fn put(&mut self, (name, rating): (Name, Rating)) {
        match self.find(&name) {
            Ok(at) => self.0[at].1 = rating,
            Err(at) => self.0.insert(at, (name, rating)),
        }
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Sets `name`'s rating; returns the one it replaces.
    pub fn insert(&mut self, name: &str, rating: Rating) -> Option<Rating> {
        match self.find(name) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, rating)),
            Err(at) => {
                self.0.insert(at, (Name::new(name), rating));
                None
            }
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Rating> {
        self.find(name).ok().map(|at| self.0.remove(at).1)
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Keeps the ratings for which `keep` says yes.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &Rating) -> bool) {
        self.0.retain(|(n, r)| keep(n, r));
    }

    /// The raters' names, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.0.iter().map(|(n, _)| n.as_str())
    }

    /// The raters' names as shared names, in order.
    pub fn names(&self) -> impl Iterator<Item = &Name> {
        self.0.iter().map(|(n, _)| n)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Rating> + ExactSizeIterator {
        self.0.iter().map(|(_, r)| r)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &Rating)> + ExactSizeIterator {
        self.0.iter().map(|(n, r)| (n.as_str(), r))
    }
}

impl<'a> IntoIterator for &'a SideRatings {
    type Item = (&'a str, &'a Rating);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Name, Rating)>,
        fn(&'a (Name, Rating)) -> (&'a str, &'a Rating),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(n, r)| (n.as_str(), r))
    }
}

impl<'a, const N: usize> From<[(&'a str, Rating); N]> for SideRatings {
    fn from(ratings: [(&'a str, Rating); N]) -> SideRatings {
        let mut side = SideRatings::new();
        for (name, rating) in ratings {
            side.insert(name, rating);
        }
        side
    }
}

impl Serialize for SideRatings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// Every rating of one item: per side, one rating per rater. A side's rating of the item is
/// the mean of its raters' ratings; someone who has not rated is simply absent (never a 0).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratings {
    #[serde(
        default,
        skip_serializing_if = "SideRatings::is_empty",
        deserialize_with = "provider_raters"
    )]
    pub provider: SideRatings,
    #[serde(
        default,
        skip_serializing_if = "SideRatings::is_empty",
        deserialize_with = "consumer_raters"
    )]
    pub consumer: SideRatings,
    /// Whether the ratings have been shown to the room (blind rating hides them until then).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revealed: bool,
}

impl Ratings {
    /// One rating per side, each by the side's default rater (see `Side::rater`): the shape of
    /// a format-1 file, and a short way to write a test.
    pub fn new(provider: Option<Rating>, consumer: Option<Rating>) -> Ratings {
        let mut ratings = Ratings::default();
        ratings.set(Side::Provider, provider);
        ratings.set(Side::Consumer, consumer);
        ratings
    }

    /// Whether `side`'s ratings are hidden from the room while `turn` rates, with blind rating
    /// on: the other side's ratings stay hidden until the item is revealed.
    pub fn hidden(&self, side: Side, turn: Side, blind: bool) -> bool {
        blind && !self.revealed && side != turn
    }

    /// These ratings as the room may see them while `turn` rates.
    pub fn visible(&self, turn: Side, blind: bool) -> Ratings {
        let mut shown = self.clone();
        for side in Side::BOTH {
            if self.hidden(side, turn, blind) {
                shown.raters_mut(side).clear();
            }
        }
        shown
    }

    /// These ratings as the room may see them while one person, `name` on `side`, rates: with
    /// blind rating on and the item not revealed, everyone else's rating is hidden, including
    /// the people on the same side; that anyone has rated still shows (`raters`).
    pub fn visible_to(&self, side: Side, name: &str, blind: bool) -> Ratings {
        if self.open(blind) {
            return self.clone();
        }
        self.own(side, name)
    }

    /// Whether everyone's ratings of the item may be seen by everyone: blind rating is off, or
    /// the item has been revealed. Otherwise each person sees only their own.
    pub fn open(&self, blind: bool) -> bool {
        !blind || self.revealed
    }

    /// Only the rating by `name` on `side`: what a person rating alone (`open --as`) sees.
    pub fn own(&self, side: Side, name: &str) -> Ratings {
        let mut own = Ratings {
            revealed: self.revealed,
            ..Ratings::default()
        };
        own.copy_from(self, side, name);
        own
    }

    /// Copies `name`'s rating on `side` from `other`, if they gave one, sharing the name.
    pub fn copy_from(&mut self, other: &Ratings, side: Side, name: &str) {
        if let Some(entry) = other.raters(side).entry(name) {
            self.raters_mut(side).put(entry);
        }
    }

    /// Every rating on one side, by rater name.
    pub fn raters(&self, side: Side) -> &SideRatings {
        match side {
            Side::Provider => &self.provider,
            Side::Consumer => &self.consumer,
        }
    }

    pub fn raters_mut(&mut self, side: Side) -> &mut SideRatings {
        match side {
            Side::Provider => &mut self.provider,
            Side::Consumer => &mut self.consumer,
        }
    }

    /// One rater's rating on one side.
    pub fn by(&self, side: Side, rater: &str) -> Option<Rating> {
        self.raters(side).get(rater).copied()
    }

    /// Sets (or with `None` clears) one rater's rating on one side. A rater needs a name: an
    /// empty one changes nothing.
    pub fn set_by(&mut self, side: Side, rater: &str, rating: Option<Rating>) {
        if rater.is_empty() {
            return;
        }
        match rating {
            Some(r) => {
                self.raters_mut(side).insert(rater, r);
            }
            None => {
                self.raters_mut(side).remove(rater);
            }
        }
    }

    /// Sets the side's rating as its default rater, the way one terminal rates side by side.
    pub fn set(&mut self, side: Side, rating: Option<Rating>) {
        self.set_by(side, side.rater(), rating);
    }

    /// Whether anyone on `side` has rated.
    pub fn is_rated(&self, side: Side) -> bool {
        !self.raters(side).is_empty()
    }

    /// The side's rating: the mean of its raters' ratings, 1–5; `None` if nobody rated.
    pub fn mean(&self, side: Side) -> Option<f64> {
        mean_of(self.raters(side).values().copied())
    }

    /// The side's rating as points people read.
    pub fn side(&self, side: Side) -> Points {
        Points(self.mean(side))
    }

    /// The sum and the number of the side's ratings; `None` if nobody rated. The exact
    /// arithmetic of thresholds works on these whole numbers.
    pub fn sum_count(&self, side: Side) -> Option<(u32, u32)> {
        let raters = self.raters(side);
        let count = u32::try_from(raters.len()).ok().filter(|n| *n > 0)?;
        Some((raters.values().map(|r| u32::from(r.get())).sum(), count))
    }

    /// Highest minus lowest rating inside the side (0 with one rater); `None` if nobody rated.
    pub fn spread(&self, side: Side) -> Option<u8> {
        spread_of(self.raters(side).values().copied())
    }

    /// The difference between the two sides' ratings in points (0–4), when both have rated:
    /// |sp/np − sc/nc| as one division of whole numbers, so three raters a side whose means
    /// differ by exactly 2 give 2.0, not 1.9999999999999998.
    pub fn gap(&self) -> Option<f64> {
        let (num, den) = self.gap_fraction()?;
        Some(num as f64 / den as f64)
    }

    /// The gap as a fraction of whole numbers (numerator, denominator), when both have rated.
    pub fn gap_fraction(&self) -> Option<(u64, u64)> {
        let (sp, np) = self.sum_count(Side::Provider)?;
        let (sc, nc) = self.sum_count(Side::Consumer)?;
        let (a, b) = (u64::from(sp) * u64::from(nc), u64::from(sc) * u64::from(np));
        Some((a.abs_diff(b), u64::from(np) * u64::from(nc)))
    }

    /// Whether both sides have rated and their ratings are `points` or more apart, compared
    /// in whole numbers (no rounding can move an item across the line).
    pub fn gap_reaches(&self, points: u8) -> bool {
        self.gap_fraction()
            .is_some_and(|(num, den)| num >= u64::from(points) * den)
    }

    /// How many single ratings the item holds, over both sides.
    pub fn count(&self) -> usize {
        self.provider.len() + self.consumer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.provider.is_empty() && self.consumer.is_empty()
    }
}

/// The mean of some ratings on the 1–5 scale; `None` for none.
pub fn mean_of(ratings: impl IntoIterator<Item = Rating>) -> Option<f64> {
    let (sum, count) = ratings
        .into_iter()
        .fold((0u32, 0u32), |(s, n), r| (s + u32::from(r.get()), n + 1));
    (count > 0).then(|| f64::from(sum) / f64::from(count))
}

/// Highest minus lowest of some ratings; `None` for none.
pub fn spread_of(ratings: impl IntoIterator<Item = Rating>) -> Option<u8> {
    let (low, high) = ratings.into_iter().fold((None, None), |(lo, hi), r| {
        (
            Some(lo.map_or(r, |l: Rating| l.min(r))),
            Some(hi.map_or(r, |h: Rating| h.max(r))),
        )
    });
    Some(high?.get() - low?.get())
}

mod read;

pub use read::NotARating;
#[cfg(test)]
use read::rating_from;
use read::{consumer_raters, provider_raters};

#[cfg(test)]
mod tests;
