//! `Rating`: a whole number from 1 to 5, and the pair of ratings every rated item carries.
//! Nothing here can hold a 0 or a 6; "unrated" is `None`, never a number.

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
        // Read a wide integer so that 0, 6 or 300 give our message, not an overflow one.
        let value = i64::deserialize(deserializer)?;
        u8::try_from(value)
            .ok()
            .and_then(Rating::new)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "{value} is not a rating: expected a whole number from 1 to 5"
                ))
            })
    }
}

/// One of the two sides whose view the workshop collects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Side {
    Provider,
    Consumer,
}

impl Side {
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

/// The provider's and the consumer's rating of one item, each optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer: Option<Rating>,
    /// Whether both ratings have been shown to the room (blind rating hides them until then).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revealed: bool,
}

impl Ratings {
    pub fn new(provider: Option<Rating>, consumer: Option<Rating>) -> Ratings {
        Ratings {
            provider,
            consumer,
            revealed: false,
        }
    }

    /// Whether `side`'s rating is hidden from the room while `turn` rates, with blind rating on:
    /// the other side's rating stays hidden until the item is revealed.
    pub fn hidden(&self, side: Side, turn: Side, blind: bool) -> bool {
        blind && !self.revealed && side != turn
    }

    /// These ratings as the room may see them while `turn` rates.
    pub fn visible(&self, turn: Side, blind: bool) -> Ratings {
        let mut shown = *self;
        for side in [Side::Provider, Side::Consumer] {
            if self.hidden(side, turn, blind) {
                shown.set(side, None);
            }
        }
        shown
    }

    pub fn get(&self, side: Side) -> Option<Rating> {
        match side {
            Side::Provider => self.provider,
            Side::Consumer => self.consumer,
        }
    }

    pub fn set(&mut self, side: Side, rating: Option<Rating>) {
        match side {
            Side::Provider => self.provider = rating,
            Side::Consumer => self.consumer = rating,
        }
    }

    /// The difference in rating points (0–4), when both sides have rated.
    pub fn gap(&self) -> Option<u8> {
        Some(self.provider?.get().abs_diff(self.consumer?.get()))
    }

    pub fn is_empty(&self) -> bool {
        self.provider.is_none() && self.consumer.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_to_five_exist() {
        assert_eq!(Rating::new(0), None);
        assert_eq!(Rating::new(6), None);
        assert_eq!(
            Rating::all().map(Rating::get).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
    }

    #[test]
    fn scores_follow_the_model() {
        let scores: Vec<f64> = Rating::all().map(Rating::score).collect();
        assert_eq!(scores, [0.0, 25.0, 50.0, 75.0, 100.0]);
    }

    #[test]
    fn gap_needs_both_sides() {
        let r = |n| Rating::new(n);
        assert_eq!(Ratings::new(r(2), None).gap(), None);
        assert_eq!(Ratings::new(r(2), r(5)).gap(), Some(3));
        assert_eq!(Ratings::new(r(5), r(2)).gap(), Some(3));
    }

    #[test]
    fn every_rating_has_its_own_words() {
        let labels: Vec<&str> = Rating::all().map(Rating::label).collect();
        assert_eq!(labels, ["very low", "low", "moderate", "high", "very high"]);
        assert_eq!(Rating::new(4).unwrap().to_string(), "4");
    }

    #[test]
    fn sides_name_themselves_and_each_other() {
        assert_eq!(Side::Provider.other(), Side::Consumer);
        assert_eq!(Side::Consumer.other(), Side::Provider);
        assert_eq!(
            (Side::Provider.name(), Side::Consumer.name()),
            ("provider", "consumer")
        );
    }

    #[test]
    fn blind_rating_hides_only_the_other_sides_unrevealed_rating() {
        let r = |n| Rating::new(n);
        let mut both = Ratings::new(r(2), r(5));
        assert!(both.hidden(Side::Consumer, Side::Provider, true));
        assert!(!both.hidden(Side::Provider, Side::Provider, true));
        assert!(!both.hidden(Side::Consumer, Side::Provider, false));
        assert_eq!(both.visible(Side::Provider, true), Ratings::new(r(2), None));
        assert_eq!(both.visible(Side::Consumer, true), Ratings::new(None, r(5)));
        assert_eq!(both.visible(Side::Consumer, false), both);
        both.revealed = true;
        assert_eq!(both.visible(Side::Provider, true), both);
        assert!(!both.is_empty());
        assert!(Ratings::default().is_empty());
        assert!(!Ratings::new(None, r(1)).is_empty());
        let mut set = Ratings::default();
        set.set(Side::Consumer, r(3));
        assert_eq!(
            (set.get(Side::Provider), set.get(Side::Consumer)),
            (None, r(3))
        );
    }

    #[test]
    fn ratings_outside_one_to_five_are_refused_when_read() {
        let read = |text: &str| ron::from_str::<Rating>(text).map_err(|e| e.to_string());
        assert_eq!(read("5"), Ok(Rating::new(5).unwrap()));
        assert!(read("0").unwrap_err().contains("0 is not a rating"));
        assert!(read("300").unwrap_err().contains("300 is not a rating"));
        assert_eq!(ron::to_string(&Rating::new(3).unwrap()).unwrap(), "3");
    }
}
