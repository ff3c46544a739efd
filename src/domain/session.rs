//! The session and everything a workshop writes down, step by step (PRODUCT.md "The ideas it
//! captures"). Plain data with serde derives; the on-disk details (format version, file names)
//! belong to the store.

use super::balance::weights::Weights;
use super::item;
use super::items::Items;
use super::rating::{Rating, Ratings, Side};
use super::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::agreements::*;
pub use super::captured::*;
pub use super::item::*;
pub use super::people::*;
pub use super::raters::rater_walks;
pub use super::records::*;
pub use super::step::*;

/// One workshop or self-assessment, everything it captured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// The version of the file layout; the store checks it on load and sets it on save.
    pub format: u32,
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub service: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub mode: Mode,
    #[serde(default)]
    pub participants: Vec<Participant>,
    #[serde(default)]
    pub created: Timestamp,
    #[serde(default)]
    pub updated: Timestamp,
    /// The id of the earlier review this follow-up was made from (`new --from`), so the Agreements
    /// step can show whether its actions closed their gaps; empty for a first review.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub follows: String,
    /// A template's worked example (`new --example`): rated by invented people for a demo, so
    /// it is no review of its service, and the portfolio and trends leave it out. Not written
    /// when false, so an ordinary session's file does not change.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
    /// Minutes planned per step; steps without an entry use a default.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub timebox: BTreeMap<Step, u32>,
    /// Seconds the step timer has run per step.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub time_spent: BTreeMap<Step, u32>,
    /// Blind rating: the side not rating cannot see the other side's unrevealed ratings.
    /// A file that does not say (written by hand, or before blind rating) was not rated
    /// blind: its ratings were shown as they were given, so no output hides them. A new
    /// session is blind (`Session::new`).
    #[serde(default)]
    pub blind: bool,
    /// Reports and JSON show sides and groups only, never names, and hide the score of a group
    /// with fewer than `value::ANONYMOUS_MIN` raters.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
    /// The shares of the value index the room agreed (a 100-point split); none means equal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Weights>,
    #[serde(
        default,
        serialize_with = "item::write_as::<ContextItem, _>",
        deserialize_with = "item::read_as::<ContextItem, _>"
    )]
    pub context: Items<Item>,
    #[serde(
        default,
        serialize_with = "item::write_as::<Benefit, _>",
        deserialize_with = "item::read_as::<Benefit, _>"
    )]
    pub benefits: Items<Item>,
    #[serde(
        default,
        serialize_with = "item::write_as::<Usefulness, _>",
        deserialize_with = "item::read_as::<Usefulness, _>"
    )]
    pub usefulness: Items<Item>,
    #[serde(
        default,
        serialize_with = "item::write_as::<Importance, _>",
        deserialize_with = "item::read_as::<Importance, _>"
    )]
    pub importance: Items<Item>,
    #[serde(
        default,
        serialize_with = "item::write_as::<Outcome, _>",
        deserialize_with = "item::read_as::<Outcome, _>"
    )]
    pub outcomes: Items<Item>,
    #[serde(
        default,
        serialize_with = "item::write_as::<Cost, _>",
        deserialize_with = "item::read_as::<Cost, _>"
    )]
    pub costs: Items<Item>,
    #[serde(
        default,
        serialize_with = "item::write_as::<Risk, _>",
        deserialize_with = "item::read_as::<Risk, _>"
    )]
    pub risks: Items<Item>,
    #[serde(default)]
    pub agreements: Vec<Agreement>,
    #[serde(default)]
    pub closing: Closing,
    /// What a merge of copies could not decide, until someone resolves it (domain/merge.rs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// Discussion notes on items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<ItemNote>,
    /// Which agreement resolves which item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolutions: Vec<Resolution>,
    /// The room of a served workshop, so a restart of `covalue serve` picks up where it was.
    #[serde(default, skip_serializing_if = "Served::is_empty")]
    pub served: Served,
    /// Who added which item from their own screen (`covalue serve`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added_by: Vec<AddedBy>,
    /// The participant this file is a pre-work copy for (`covalue prework`): `open` rates as
    /// them, and `merge` takes no one else's rating from it. Empty (and not written) in a
    /// session itself.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prework_for: String,
    /// In a pre-work copy: the items (by id) on which it was written holding other people's
    /// ratings (revealed ones, or any in a session not rated blind). Such a number is one its
    /// owner was shown, also after their own change hid the item again; empty (and not
    /// written) in a session itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prework_shown: Vec<String>,
}

/// What a served workshop's room was doing; empty (and not written) if never served.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Served {
    /// The facilitator's step, which participants follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    /// Steps locked to participants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locked: Vec<Step>,
    /// Participants may add items / lines to the notes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub items: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notes: bool,
    /// The step's timer was running.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub timer: bool,
    /// A pre-work window: participants rate at their own pace until this moment, and no
    /// rating is taken after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_until: Option<Timestamp>,
    /// The window reveals every rating it can at its close.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reveal_at_close: bool,
}

impl Served {
    pub fn is_empty(&self) -> bool {
        *self == Served::default()
    }
}

/// The longest session id the store accepts.
pub const MAX_ID_LEN: usize = 64;

/// Whether `id` can name a session: 1 to `MAX_ID_LEN` ASCII letters, digits, `-` or `_`,
/// starting with a letter or digit. Ids end up in file names and on command lines, so nothing
/// else (no `/`, `..`, spaces or controls) is allowed.
pub fn valid_id(id: &str) -> bool {
    id.len() <= MAX_ID_LEN
        && id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A map read from a file where a key given twice is an error, as a field given twice is,
/// rather than the later value silently winning.
fn unique_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<Step, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Visit<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
        type Value = BTreeMap<Step, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map from steps to numbers")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<Step, V>()? {
                if out.insert(key, value).is_some() {
                    return Err(serde::de::Error::custom(format!(
                        "the step `{key:?}` is given twice in this map"
                    )));
                }
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Visit(std::marker::PhantomData))
}

/// A stable id for an item that has none, from what it is and where it is: its step, its
/// position in the step's list and its text. The same item of the same file therefore gets
/// the same id in every copy, however separately the copies were upgraded. FNV-1a, written out
/// here so the id never changes with the Rust version or the platform (`DefaultHasher` may).
pub fn item_id(step: Step, position: usize, text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        step.key().as_bytes(),
        &[0x1f],
        position.to_string().as_bytes(),
        &[0x1f],
        text.as_bytes(),
    ] {
        for byte in part {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{:010x}", hash >> 24)
}

/// A rated item of any dimension, seen the same way by the value model and by reports.
#[derive(Clone, Copy, Debug)]
pub struct RatedItem<'a> {
    pub dimension: Dimension,
    /// Position within its step's list.
    pub index: usize,
    /// The item's stable id.
    pub id: &'a str,
    pub text: &'a str,
    /// The item's kind in words ("tangible", "money", "introduced"…); empty where there is none.
    pub kind: &'static str,
    pub rating: &'a Ratings,
    /// Likelihood × impact for risks.
    pub exposure: Option<u32>,
    /// How much the item matters, where the item says (usefulness and outcomes).
    pub importance: Option<Rating>,
}

impl<'a> RatedItem<'a> {
    /// Item `index` of `dimension`'s list, as the value model sees it.
    pub fn of(dimension: Dimension, index: usize, item: &'a Item) -> RatedItem<'a> {
        RatedItem {
            dimension,
            index,
            id: &item.id,
            text: &item.text,
            kind: item.part.kind_word(),
            rating: &item.rating,
            exposure: match &item.part {
                Part::Risk(risk) => Some(risk.exposure()),
                _ => None,
            },
            importance: item.importance_given(),
        }
    }
}

impl Session {
    /// The newest file layout this program reads and the one it writes.
    pub const FORMAT: u32 = 2;

    /// The planned minutes for a step: its timebox, or a default that suits the step.
    pub fn minutes_for(&self, step: Step) -> u32 {
        self.timebox.get(&step).copied().unwrap_or(match step {
            Step::Summary => 15,
            _ => 10,
        })
    }

    /// Every rating, with the room-visible `revealed` flag set where every side the mode
    /// collects has rated (both sides in a workshop).
    /// Returns how many items were revealed, and how many still wait for a side.
    pub fn reveal(&mut self, step: Option<Step>) -> (usize, usize) {
        let (mut revealed, mut waiting) = (0, 0);
        let sides = self.mode.sides();
        for dimension in Dimension::ALL {
            if step.is_some_and(|s| s != dimension.step()) {
                continue;
            }
            for index in 0..self.item_count(dimension.step()) {
                if let Some(r) = self.ratings_mut(dimension, index) {
                    if r.revealed {
                        continue;
                    }
                    if sides.iter().all(|s| r.is_rated(*s)) {
                        r.revealed = true;
                        revealed += 1;
                    } else if !r.is_empty() {
                        waiting += 1;
                    }
                }
            }
        }
        (revealed, waiting)
    }
    pub fn new(id: impl Into<String>, title: impl Into<String>, now: Timestamp) -> Session {
        Session {
            format: Session::FORMAT,
            id: id.into(),
            title: title.into(),
            service: String::new(),
            description: String::new(),
            mode: Mode::Workshop,
            participants: Vec::new(),
            created: now,
            updated: now,
            follows: String::new(),
            example: false,
            timebox: BTreeMap::new(),
            time_spent: BTreeMap::new(),
            blind: true,
            anonymous: false,
            weights: None,
            context: Items::new(),
            benefits: Items::new(),
            usefulness: Items::new(),
            importance: Items::new(),
            outcomes: Items::new(),
            costs: Items::new(),
            risks: Items::new(),
            agreements: Vec::new(),
            closing: Closing::default(),
            conflicts: Vec::new(),
            notes: Vec::new(),
            resolutions: Vec::new(),
            served: Served::default(),
            added_by: Vec::new(),
            prework_for: String::new(),
            prework_shown: Vec::new(),
        }
    }

    /// The items of `step`; `None` for a step without items of this shape (Setup,
    /// Agreements, Summary).
    pub fn items(&self, step: Step) -> Option<&Items<Item>> {
        Some(match step {
            Step::Context => &self.context,
            Step::Benefits => &self.benefits,
            Step::Usefulness => &self.usefulness,
            Step::Importance => &self.importance,
            Step::Outcomes => &self.outcomes,
            Step::Costs => &self.costs,
            Step::Risks => &self.risks,
            Step::Setup | Step::Agreements | Step::Summary => return None,
        })
    }

    /// The items of `step`, to change them; `None` as for `items`.
    pub fn items_mut(&mut self, step: Step) -> Option<&mut Items<Item>> {
        Some(match step {
            Step::Context => &mut self.context,
            Step::Benefits => &mut self.benefits,
            Step::Usefulness => &mut self.usefulness,
            Step::Importance => &mut self.importance,
            Step::Outcomes => &mut self.outcomes,
            Step::Costs => &mut self.costs,
            Step::Risks => &mut self.risks,
            Step::Setup | Step::Agreements | Step::Summary => return None,
        })
    }

    /// Item `index` of `step`; `None` when there is no such item.
    pub fn item(&self, step: Step, index: usize) -> Option<&Item> {
        self.items(step)?.get(index)
    }

    /// The item with this id, with its step and position; `None` when no item has it.
    pub fn item_with_id(&self, id: &str) -> Option<(Step, usize, &Item)> {
        Step::ALL.into_iter().find_map(|step| {
            let items = self.items(step)?;
            let index = items.iter().position(|item| item.id == id)?;
            Some((step, index, &items[index]))
        })
    }

    /// Every rated item, in step order and list order.
    pub fn rated_items(&self) -> impl Iterator<Item = RatedItem<'_>> {
        Dimension::ALL
            .into_iter()
            .flat_map(move |dimension| self.rated_items_of(dimension))
    }

    /// The rated items of one dimension, in list order.
    pub fn rated_items_of(&self, dimension: Dimension) -> impl Iterator<Item = RatedItem<'_>> {
        self.items(dimension.step())
            .into_iter()
            .flat_map(|items| items.iter().enumerate())
            .map(move |(index, item)| RatedItem::of(dimension, index, item))
    }

    /// The ratings of one item; `None` when there is no such item.
    pub fn ratings(&self, dimension: Dimension, index: usize) -> Option<Ratings> {
        self.ratings_ref(dimension, index).cloned()
    }

    /// The ratings of one item, borrowed.
    pub fn ratings_ref(&self, dimension: Dimension, index: usize) -> Option<&Ratings> {
        Some(&self.item(dimension.step(), index)?.rating)
    }

    /// The ratings of one item, for the screens that rate it.
    pub fn ratings_mut(&mut self, dimension: Dimension, index: usize) -> Option<&mut Ratings> {
        Some(&mut self.items_mut(dimension.step())?.get_mut(index)?.rating)
    }

    /// Adds an item with only its text to a rated step's list (the rest at its defaults) and
    /// gives it an id; returns its index. For items added by someone who fills in nothing else,
    /// such as a participant over SSH.
    pub fn add_item(&mut self, dimension: Dimension, text: &str) -> usize {
        let item = Item {
            id: String::new(),
            text: text.to_string(),
            rating: Ratings::default(),
            part: Part::of_dimension(dimension),
        };
        let Some(items) = self.items_mut(dimension.step()) else {
            return 0;
        };
        let index = push(items, item);
        self.ensure_ids();
        index
    }

    /// Moves every rating `old` gave on `side` to the name `new`: a participant renamed keeps
    /// their ratings. An item `new` already rated keeps that rating.
    pub fn rename_rater(&mut self, side: Side, old: &str, new: &str) {
        self.move_rater((side, old), (side, new));
    }

    /// Moves every rating `old` gave on side `from` to `new` on side `to`: a participant
    /// renamed, or put on the other side in Setup, keeps their ratings rather than leaving
    /// them behind under a side they no longer rate for. An item `new` already rated there
    /// keeps that rating.
    pub fn move_rater(&mut self, (from, old): (Side, &str), (to, new): (Side, &str)) {
        if (from, old) == (to, new) || new.is_empty() {
            return;
        }
        for dimension in Dimension::ALL {
            let mut index = 0;
            while let Some(ratings) = self.ratings_mut(dimension, index) {
                if let Some(rating) = ratings.raters_mut(from).remove(old) {
                    let there = ratings.raters_mut(to);
                    if !there.contains_key(new) {
                        there.insert(new, rating);
                    }
                }
                index += 1;
            }
        }
    }

    /// How many items a step's list holds (0 for Setup and Summary).
    pub fn item_count(&self, step: Step) -> usize {
        match step {
            Step::Agreements => self.agreements.len(),
            _ => self.items(step).map_or(0, |items| items.len()),
        }
    }

    /// Adds `seconds` to the step timer's total for `step`, stopping at the largest total a
    /// file can hold rather than wrapping round to a small number.
    pub fn add_time_spent(&mut self, step: Step, seconds: u64) {
        let total = self.time_spent.entry(step).or_insert(0);
        let sum = u64::from(*total).saturating_add(seconds);
        *total = u32::try_from(sum).unwrap_or(u32::MAX);
    }

    /// Removes every rating, keeping the items (for carrying them into a new session).
    pub fn clear_ratings(&mut self) {
        for dimension in Dimension::ALL {
            for index in 0..self.item_count(dimension.step()) {
                if let Some(r) = self.ratings_mut(dimension, index) {
                    *r = Ratings::default();
                }
            }
        }
    }
}

/// Pushes `item` and returns its index.
fn push<T: Clone>(list: &mut Items<T>, item: T) -> usize {
    list.push(item);
    list.len() - 1
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
