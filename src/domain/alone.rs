//! Rating alone as one participant (`covalue open SESSION --as NAME`): the self-assessment of
//! one stakeholder on their own copy. They see only their own ratings (`Ratings::own`,
//! `value::summarize_own`) and may change nothing but their ratings, the notes of items and
//! items they add. `check` says whether a change kept to that, whatever screen made it, so the
//! rule holds in one place rather than in every key handler.

use super::item::Item;
use super::items::Items;
use super::rating::Side;
use super::session::{Session, Step};
use serde_json::Value;

thread_local! {
    /// How many times `check` has run on this thread.
    static CHECKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many times [`check`] has run on this thread, so a counting test (no clock) can hold a
/// key that changed nothing to no check: each one compares whole sessions.
#[doc(hidden)]
pub fn checks() -> usize {
    CHECKS.with(std::cell::Cell::get)
}

/// Item fields a person rating alone may write: their notes.
const NOTE_FIELDS: [&str; 2] = ["note", "notes"];

/// Session fields that change as a matter of course, and the session's discussion notes (kept
/// beside the items, by item).
const BOOK_KEEPING: [&str; 4] = ["format", "updated", "time_spent", "notes"];

/// The first change a person rating alone made that was not theirs to make, in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotTheirs {
    /// The sessions could not be turned into values to compare.
    #[error("the session could not be compared")]
    Incomparable,
    /// A session field outside the steps' lists changed; it holds the field's name.
    #[error("the session's {0} changed")]
    SessionField(String),
    /// An item was deleted.
    #[error("{0} was deleted")]
    Deleted(ItemAt),
    /// An item that was there before changed.
    #[error("{at}: {change}")]
    Item { at: ItemAt, change: ItemChange },
    /// An item they added holds something not theirs to write.
    #[error("a new {} item: {change}", .step.key())]
    NewItem { step: Step, change: ItemChange },
}

/// Where an item stood before the change: its step, its number from 1 and its text as JSON
/// (quoted), as in "Benefits 1 \"Fewer outages\"".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} {number} {text}", .step.title())]
pub struct ItemAt {
    pub step: Step,
    pub number: usize,
    pub text: String,
}

/// What changed within one item that was not theirs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ItemChange {
    /// A field other than the notes; it holds the field's name.
    #[error("its {0} changed")]
    Field(String),
    /// The item's ratings were revealed (or hidden again).
    #[error("it was revealed")]
    Revealed,
    /// A rating by someone else on this side changed.
    #[error("someone else's {} rating changed", .0.name())]
    OthersRating(Side),
}

/// `Ok` when `after` differs from `before` only in `name`'s ratings on `side`, notes, and new
/// items (rated by nobody else); otherwise the first other change, in words. When `name`
/// speaks for the side (`Session::speaks_for_side`), the side's default rater's ratings are
/// theirs too.
pub fn check(before: &Session, after: &Session, side: Side, name: &str) -> Result<(), NotTheirs> {
    CHECKS.with(|checks| checks.set(checks.get() + 1));
    let legacy = before.speaks_for_side(side, name).then(|| side.rater());
    // A step's list that holds the same items in the same places is compared item by item,
    // and only the items that differ are looked at as values: after a rating that is one
    // item, where writing both whole sessions out took 60 ms at 10,000 items. The rest of
    // the session, and any list whose items were added, removed or moved, is compared whole.
    let (mut before_rest, mut after_rest) = (before.clone(), after.clone());
    for step in Step::ALL {
        let (Some(old), Some(new)) = (before.items(step), after.items(step)) else {
            continue;
        };
        let Some(changed) = changed_in_place(old, new) else {
            continue;
        };
        for (index, old, new) in changed {
            let (Ok(old), Ok(new)) = (item_value(step, old), item_value(step, new)) else {
                return Err(NotTheirs::Incomparable);
            };
            item(&old, &new, side, name, legacy).map_err(|change| NotTheirs::Item {
                at: ItemAt {
                    step,
                    number: index + 1,
                    text: old.get("text").map_or_else(String::new, |t| t.to_string()),
                },
                change,
            })?;
        }
        for rest in [&mut before_rest, &mut after_rest] {
            if let Some(items) = rest.items_mut(step) {
                *items = Items::new();
            }
        }
    }
    let (Ok(mut before), Ok(mut after)) = (
        serde_json::to_value(&before_rest),
        serde_json::to_value(&after_rest),
    ) else {
        return Err(NotTheirs::Incomparable);
    };
    // A resolution names its ends by id; the texts beside them are labels that follow an
    // item's words, not a change of what resolves what.
    super::records::unlabel_resolutions(&mut before);
    super::records::unlabel_resolutions(&mut after);
    let empty = serde_json::Map::new();
    let (b, a) = (
        before.as_object().unwrap_or(&empty),
        after.as_object().unwrap_or(&empty),
    );
    let keys: std::collections::BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    for key in keys {
        if BOOK_KEEPING.contains(&key.as_str()) {
            continue;
        }
        let step = Step::ALL
            .into_iter()
            .filter(|s| !matches!(s, Step::Setup | Step::Summary))
            .find(|s| s.key() == key);
        match step {
            Some(step) => list(step, b.get(key), a.get(key), side, name, legacy)?,
            None if b.get(key) != a.get(key) => {
                return Err(NotTheirs::SessionField(key.clone()));
            }
            None => {}
        }
    }
    Ok(())
}

/// The items of a list that differ when `before` and `after` hold the same items (by id) in
/// the same places, with their places; `None` when they do not. Items shared with `before`
/// (all but the changed ones, after a change to a copy) are passed over by address.
fn changed_in_place<'s>(
    before: &'s Items<Item>,
    after: &'s Items<Item>,
) -> Option<Vec<(usize, &'s Item, &'s Item)>> {
    if before.ptr_eq(after) {
        return Some(Vec::new());
    }
    if before.len() != after.len() {
        return None;
    }
    let mut changed = Vec::new();
    for (index, (old, new)) in before.iter().zip(after.iter()).enumerate() {
        if std::ptr::eq(old, new) || old == new {
            continue;
        }
        if old.id != new.id {
            return None;
        }
        changed.push((index, old, new));
    }
    Some(changed)
}

/// One item as its step writes it in the file, as a value to compare field by field.
fn item_value(step: Step, item: &Item) -> serde_json::Result<Value> {
    use super::captured::{Benefit, ContextItem, Cost, Importance, Outcome, Risk, Usefulness};
    match step {
        Step::Context => serde_json::to_value(ContextItem::from(item)),
        Step::Benefits => serde_json::to_value(Benefit::from(item)),
        Step::Usefulness => serde_json::to_value(Usefulness::from(item)),
        Step::Importance => serde_json::to_value(Importance::from(item)),
        Step::Outcomes => serde_json::to_value(Outcome::from(item)),
        Step::Costs => serde_json::to_value(Cost::from(item)),
        Step::Risks => serde_json::to_value(Risk::from(item)),
        Step::Setup | Step::Agreements | Step::Summary => serde_json::to_value(item.id.as_str()),
    }
}

fn items(list: Option<&Value>) -> Vec<&Value> {
    list.and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn list(
    step: Step,
    before: Option<&Value>,
    after: Option<&Value>,
    side: Side,
    name: &str,
    legacy: Option<&str>,
) -> Result<(), NotTheirs> {
    let (before, after) = (items(before), items(after));
    fn id(v: &Value) -> &str {
        v.get("id").and_then(Value::as_str).unwrap_or("")
    }
    // Each id's first item after the change, found once: a search per item made a check of
    // ten thousand items take most of a second.
    let mut after_by_id = std::collections::HashMap::with_capacity(after.len());
    for new in &after {
        after_by_id.entry(id(new)).or_insert(*new);
    }
    for (index, old) in before.iter().enumerate() {
        let at = || ItemAt {
            step,
            number: index + 1,
            text: old.get("text").map_or_else(String::new, |t| t.to_string()),
        };
        let Some(new) = after_by_id.get(id(old)) else {
            return Err(NotTheirs::Deleted(at()));
        };
        item(old, new, side, name, legacy)
            .map_err(|change| NotTheirs::Item { at: at(), change })?;
    }
    let before_ids: std::collections::HashSet<&str> = before.iter().map(|o| id(o)).collect();
    for new in after.iter().filter(|n| !before_ids.contains(id(n))) {
        // A new item starts unrated, so everything it holds must be theirs to write.
        item(&Value::Null, new, side, name, legacy)
            .map_err(|change| NotTheirs::NewItem { step, change })?;
    }
    Ok(())
}

/// One item: only notes and `name`'s own rating may differ.
fn item(
    before: &Value,
    after: &Value,
    side: Side,
    name: &str,
    legacy: Option<&str>,
) -> Result<(), ItemChange> {
    let fields = |v: &Value| {
        v.as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let new = before.is_null();
    let mut keys = fields(before);
    keys.extend(fields(after));
    keys.sort();
    keys.dedup();
    for key in keys {
        let (b, a) = (before.get(&key), after.get(&key));
        if key == "rating" {
            ratings(b, a, side, name, legacy)?;
        } else if b != a && !new && !NOTE_FIELDS.contains(&key.as_str()) {
            return Err(ItemChange::Field(key));
        }
    }
    Ok(())
}

fn ratings(
    before: Option<&Value>,
    after: Option<&Value>,
    side: Side,
    name: &str,
    legacy: Option<&str>,
) -> Result<(), ItemChange> {
    let field = |v: Option<&Value>, key: &str| v.and_then(|v| v.get(key)).cloned();
    let (was, now) = (field(before, "revealed"), field(after, "revealed"));
    if was != now {
        // Blind rating hides a revealed item again when a rating on it changes: that is their
        // own rating's doing, not a reveal (a bug refused every re-rating after a reveal).
        let own = |v: Option<&Value>| {
            let theirs = field(v, side.name());
            [Some(name), legacy]
                .map(|n| n.and_then(|n| theirs.as_ref().and_then(|t| t.get(n)).cloned()))
        };
        let hidden_again = was == Some(Value::Bool(true)) && now != Some(Value::Bool(true));
        if !(hidden_again && own(before) != own(after)) {
            return Err(ItemChange::Revealed);
        }
    }
    for s in Side::BOTH {
        let (b, a) = (field(before, s.name()), field(after, s.name()));
        let raters = |v: &Option<Value>| {
            v.as_ref()
                .and_then(Value::as_object)
                .map(|o| {
                    o.iter()
                        .filter(|(rater, _)| {
                            !(s == side
                                && (rater.as_str() == name || Some(rater.as_str()) == legacy))
                        })
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        if raters(&b) != raters(&a) {
            return Err(ItemChange::OthersRating(s));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Benefit, Rating, Timestamp};

    fn session() -> Session {
        let mut s = Session::new("alone001", "Alone", Timestamp::default());
        s.benefits.push(Benefit {
            text: "Fewer outages".into(),
            ..Default::default()
        });
        s.benefits[0]
            .rating
            .set_by(Side::Consumer, "Ola", Rating::new(2));
        s.ensure_ids();
        s
    }

    #[test]
    fn only_their_ratings_notes_and_new_items_may_change() {
        let before = session();
        let ok = |after: &Session| {
            check(&before, after, Side::Consumer, "Priya").map_err(|e| e.to_string())
        };

        let mut after = before.clone();
        after.benefits[0]
            .rating
            .set_by(Side::Consumer, "Priya", Rating::new(4));
        after.updated = Timestamp::from_unix(60);
        after.benefits.push(Benefit {
            text: "Faster fixes".into(),
            ..Default::default()
        });
        after.benefits[1]
            .rating
            .set_by(Side::Consumer, "Priya", Rating::new(5));
        after.ensure_ids();
        assert_eq!(ok(&after), Ok(()));

        let mut other = after.clone();
        other.benefits[0]
            .rating
            .set_by(Side::Consumer, "Ola", Rating::new(5));
        assert_eq!(
            ok(&other),
            Err("Benefits 1 \"Fewer outages\": someone else's consumer rating changed".into())
        );
        let mut other = after.clone();
        other.benefits[1]
            .rating
            .set_by(Side::Provider, "Sam", Rating::new(5));
        assert_eq!(
            ok(&other),
            Err("a new benefits item: someone else's provider rating changed".into())
        );
        let mut other = after.clone();
        other.benefits[0].text = "Fewer outages at night".into();
        assert_eq!(
            ok(&other),
            Err("Benefits 1 \"Fewer outages\": its text changed".into())
        );
        let mut other = after.clone();
        other.benefits.remove(0);
        assert_eq!(
            ok(&other),
            Err("Benefits 1 \"Fewer outages\" was deleted".into())
        );
        let mut other = after.clone();
        other.title = "Mine now".into();
        assert_eq!(ok(&other), Err("the session's title changed".into()));
        let mut other = after.clone();
        other.benefits[0].rating.revealed = true;
        assert!(ok(&other).is_err());
    }

    #[test]
    fn a_resolution_is_the_same_whatever_its_labels_say_and_changed_when_its_ids_change() {
        let mut before = session();
        before.agreements.push(crate::domain::Agreement {
            text: "Publish the night number".into(),
            ..Default::default()
        });
        before.ensure_ids();
        let (agreement, item) = (
            before.agreements[0].id.clone(),
            before.benefits[0].id.clone(),
        );
        before.set_resolves(&agreement, Some((Step::Benefits, &item)));
        // A copy written while the item had other words: the same record.
        let mut after = before.clone();
        after.resolutions[0].item = "Fewer outages at night".into();
        assert_eq!(check(&before, &after, Side::Consumer, "Priya"), Ok(()));
        let mut after = before.clone();
        after.set_resolves(&agreement, None);
        assert_eq!(
            check(&before, &after, Side::Consumer, "Priya"),
            Err(NotTheirs::SessionField("resolutions".into()))
        );
    }

    /// A list that keeps its items in place is compared item by item, only the changed ones
    /// as values: the rules are the same, on a copy that shares the items and on one read
    /// apart from it.
    #[test]
    fn a_list_changed_in_place_is_held_to_the_same_rules() {
        let mut before = session();
        for text in ["Faster fixes", "Clear bills"] {
            before.benefits.push(Benefit {
                text: text.into(),
                ..Default::default()
            });
        }
        before.ensure_ids();
        let read_apart =
            |s: &Session| -> Session { ron::from_str(&ron::to_string(s).unwrap()).unwrap() };
        for apart in [false, true] {
            let changed = |change: &dyn Fn(&mut Session)| {
                let mut after = if apart {
                    read_apart(&before)
                } else {
                    before.clone()
                };
                change(&mut after);
                check(&before, &after, Side::Consumer, "Priya").map_err(|e| e.to_string())
            };
            let own = |s: &mut Session| {
                s.benefits[1]
                    .rating
                    .set_by(Side::Consumer, "Priya", Rating::new(4));
            };
            assert_eq!(changed(&own), Ok(()), "apart: {apart}");
            assert_eq!(changed(&|_| {}), Ok(()), "apart: {apart}");
            assert_eq!(
                changed(&|s| s.benefits[0]
                    .rating
                    .set_by(Side::Consumer, "Ola", Rating::new(5))),
                Err("Benefits 1 \"Fewer outages\": someone else's consumer rating changed".into())
            );
            assert_eq!(
                changed(&|s| s.benefits[2].text = "Clearer bills".into()),
                Err("Benefits 3 \"Clear bills\": its text changed".into())
            );
            // Items that moved are matched by id, as before.
            let swapped = |s: &mut Session| {
                let first = s.benefits[0].clone();
                s.benefits[0] = s.benefits[1].clone();
                s.benefits[1] = first;
            };
            assert_eq!(changed(&swapped), Ok(()), "apart: {apart}");
            assert_eq!(
                changed(&|s| {
                    swapped(s);
                    s.benefits[1].rating.revealed = true;
                }),
                Err("Benefits 1 \"Fewer outages\": it was revealed".into())
            );
        }
    }

    /// Bug: a person rating alone could not change their own rating on a revealed item,
    /// since blind rating hides the item again and that counted as a reveal.
    #[test]
    fn their_own_rating_on_a_revealed_item_may_change_and_hide_it_again() {
        let mut before = session();
        before.blind = true;
        before.benefits[0].rating.revealed = true;
        let rerate = |name: &str, rating: u8| {
            let mut after = before.clone();
            after.rate_as(
                crate::domain::Dimension::Benefits,
                0,
                Side::Consumer,
                name,
                Rating::new(rating),
            );
            assert!(!after.benefits[0].rating.revealed, "blind rating hid it");
            after
        };
        assert_eq!(
            check(&before, &rerate("Ola", 5), Side::Consumer, "Ola"),
            Ok(())
        );
        // A first rating of their own hides it too, and is theirs.
        assert_eq!(
            check(&before, &rerate("Priya", 3), Side::Consumer, "Priya"),
            Ok(())
        );
        // Hiding it without a rating of theirs changing is not theirs, nor is someone else's
        // re-rating.
        let change = |change| {
            Err(NotTheirs::Item {
                at: ItemAt {
                    step: Step::Benefits,
                    number: 1,
                    text: "\"Fewer outages\"".into(),
                },
                change,
            })
        };
        let mut hidden = before.clone();
        hidden.benefits[0].rating.revealed = false;
        assert_eq!(
            check(&before, &hidden, Side::Consumer, "Ola"),
            change(ItemChange::Revealed)
        );
        assert_eq!(
            check(&before, &rerate("Ola", 5), Side::Consumer, "Priya"),
            change(ItemChange::Revealed)
        );
        // Hidden again by their own rating, but someone else's changed too: not theirs.
        let mut both = rerate("Priya", 3);
        both.benefits[0]
            .rating
            .set_by(Side::Consumer, "Ola", Rating::new(5));
        assert_eq!(
            check(&before, &both, Side::Consumer, "Priya"),
            change(ItemChange::OthersRating(Side::Consumer))
        );
        // Nor is revealing, whatever else changed.
        let mut unrevealed = session();
        unrevealed.blind = true;
        let mut shown = unrevealed.clone();
        shown.benefits[0].rating.revealed = true;
        shown.benefits[0]
            .rating
            .set_by(Side::Consumer, "Ola", Rating::new(4));
        assert_eq!(
            check(&unrevealed, &shown, Side::Consumer, "Ola"),
            change(ItemChange::Revealed)
        );
    }

    #[test]
    fn the_change_refused_is_typed() {
        let before = session();
        let mut after = before.clone();
        after.benefits[0].rating.revealed = true;
        let at = ItemAt {
            step: Step::Benefits,
            number: 1,
            text: "\"Fewer outages\"".into(),
        };
        assert_eq!(
            check(&before, &after, Side::Consumer, "Priya"),
            Err(NotTheirs::Item {
                at,
                change: ItemChange::Revealed
            })
        );
        assert_eq!(
            check(&before, &after, Side::Consumer, "Priya")
                .unwrap_err()
                .to_string(),
            "Benefits 1 \"Fewer outages\": it was revealed"
        );
    }
}
