//! Reading one side's ratings from a session file, in either format.

use super::{Rating, Side, SideRatings};
use serde::Deserializer;
use serde::de::{MapAccess, Visitor};
use std::fmt;

pub(super) fn provider_raters<'de, D: Deserializer<'de>>(d: D) -> Result<SideRatings, D::Error> {
    d.deserialize_any(SideVisitor(Side::Provider))
}

pub(super) fn consumer_raters<'de, D: Deserializer<'de>>(d: D) -> Result<SideRatings, D::Error> {
    d.deserialize_any(SideVisitor(Side::Consumer))
}

/// Reads one side's ratings: a map of rater name to rating (format 2), or the single number of
/// format 1 (`provider: 4` or `provider: Some(4)`), which becomes one rating by the side's
/// default rater, so an old file keeps every number it had.
struct SideVisitor(Side);

impl SideVisitor {
    fn one<E: serde::de::Error>(&self, value: i64) -> Result<SideRatings, E> {
        let rating = rating_from(value).map_err(E::custom)?;
        Ok(SideRatings::from([(self.0.rater(), rating)]))
    }
}

/// A number in a session file that is not a rating; it holds the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a rating: expected a whole number from 1 to 5")]
pub struct NotARating(pub i64);

pub(super) fn rating_from(value: i64) -> Result<Rating, NotARating> {
    u8::try_from(value)
        .ok()
        .and_then(Rating::new)
        .ok_or(NotARating(value))
}

impl<'de> Visitor<'de> for SideVisitor {
    type Value = SideRatings;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a rating from 1 to 5, or a map of rater names to ratings")
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<SideRatings, E> {
        self.one(value)
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<SideRatings, E> {
        self.one(i64::try_from(value).unwrap_or(i64::MAX))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<SideRatings, E> {
        Err(E::custom(format!(
            "{value:?} is not a rating: expected a whole number from 1 to 5"
        )))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<SideRatings, E> {
        Ok(SideRatings::new())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<SideRatings, E> {
        Ok(SideRatings::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<SideRatings, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SideRatings, A::Error> {
        let mut raters = SideRatings::new();
        // Borrowed from the text where it can be: a name is interned, not kept as read.
        while let Some(name) = map.next_key::<RaterKey>()?.map(|key| key.0) {
            let rating: Rating = map.next_value()?;
            if name.trim().is_empty() {
                return Err(serde::de::Error::custom(
                    "a rating needs the rater's name; this one has an empty name",
                ));
            }
            if raters.insert(&name, rating).is_some() {
                return Err(serde::de::Error::custom(format!(
                    "{name:?} has two ratings here; keep one"
                )));
            }
        }
        Ok(raters)
    }
}

/// A rater's name as a map key, borrowed from the file's text when it holds no escapes.
struct RaterKey<'de>(std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for RaterKey<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = RaterKey<'de>;
            // As a `String` key said, so a file's error reads as it did.
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<RaterKey<'de>, E> {
                Ok(RaterKey(v.into()))
            }
            fn visit_str<E>(self, v: &str) -> Result<RaterKey<'de>, E> {
                Ok(RaterKey(v.to_owned().into()))
            }
            fn visit_string<E>(self, v: String) -> Result<RaterKey<'de>, E> {
                Ok(RaterKey(v.into()))
            }
        }
        d.deserialize_string(Text)
    }
}
