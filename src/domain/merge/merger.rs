//! The merge itself, on the serde data model: the session key by key, keyed lists (items,
//! participants, notes) element by element, ratings rater by rater; every disagreement becomes
//! a conflict record.

use super::conflicts::same_conflict;
use crate::domain::rating::Side;
use crate::domain::session::{Conflict, Session, Step};
use crate::domain::time::Timestamp;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The state of one merge: the copies' names and the conflicts found so far.
pub(super) struct Merger {
    labels: Vec<String>,
    /// Whose pre-work copy each copy is (`prework_for`), if anyone's: that copy alone
    /// decides its owner's ratings.
    owners: Vec<Option<String>>,
    pub(super) conflicts: Vec<Conflict>,
    /// The rater a rating conflict's note is about, so the record can say whose rating it is.
    rater_of: HashMap<String, String>,
}

/// The lists of items, matched by their `id`.
fn item_step(key: &str) -> Option<Step> {
    Step::ALL
        .into_iter()
        .filter(|s| !matches!(s, Step::Setup | Step::Summary))
        .find(|s| s.key() == key)
}

fn field<'v>(value: Option<&'v Value>, key: &str) -> Option<&'v Value> {
    value?.get(key)
}

fn fields<'v>(of: &[Option<&'v Value>], key: &str) -> Vec<Option<&'v Value>> {
    of.iter().map(|v| field(*v, key)).collect()
}

/// Every key of the objects among `values`, in order.
fn keys<'v>(values: impl IntoIterator<Item = Option<&'v Value>>) -> BTreeSet<String> {
    values
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|o| o.keys().cloned())
        .collect()
}

/// A value as a conflict shows it; `absent` names a missing one ("unrated", "none").
fn show(value: Option<&Value>, absent: &str) -> String {
    match value {
        None | Some(Value::Null) => absent.to_string(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(Value::Bool(true)) => "yes".into(),
        Some(Value::Bool(false)) => "no".into(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Array(_) | Value::Object(_)) => "changed".into(),
    }
}

/// Book-keeping fields merge by picking one of the values: the least or the greatest.
fn pick<'v>(
    values: impl IntoIterator<Item = Option<&'v Value>>,
    better: impl Fn(&Value, &Value) -> bool,
) -> Option<Value> {
    values
        .into_iter()
        .flatten()
        .fold(None::<&Value>, |best, v| match best {
            Some(b) if !better(v, b) => Some(b),
            _ => Some(v),
        })
        .cloned()
}

fn timestamp(value: &Value) -> Option<Timestamp> {
    value.as_str()?.parse().ok()
}

impl Merger {
    /// A merge of copies called `labels`, in the order their values will be given, each
    /// someone's pre-work copy or not (`owners`, in the same order).
    pub(super) fn new(labels: Vec<String>, owners: Vec<Option<String>>) -> Merger {
        Merger {
            labels,
            owners,
            conflicts: Vec::new(),
            rater_of: HashMap::new(),
        }
    }

    fn labels(&self, copies: &[usize]) -> String {
        copies
            .iter()
            .map(|i| self.labels[*i].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The rule for one value: what the copies changed it to (from `base`, or from nothing
    /// without a base). Copies that changed it differently add a note `what A (ours) vs B
    /// (theirs)` and the first of them is kept.
    fn leaf<'v>(
        &self,
        what: &str,
        absent: &str,
        base: Option<&'v Value>,
        copies: &[Option<&'v Value>],
        notes: &mut Vec<String>,
    ) -> Option<&'v Value> {
        // Without a base (or a base that lacks it), a copy without the value has no view on it.
        let changed: Vec<(usize, Option<&Value>)> = copies
            .iter()
            .enumerate()
            .filter(|(_, v)| match base {
                Some(b) => *v != &Some(b),
                None => v.is_some(),
            })
            .map(|(i, v)| (i, *v))
            .collect();
        let Some((_, first)) = changed.first().copied() else {
            return base;
        };
        let mut distinct: Vec<(Option<&Value>, Vec<usize>)> = Vec::new();
        for (i, v) in &changed {
            match distinct.iter_mut().find(|(d, _)| d == v) {
                Some((_, who)) => who.push(*i),
                None => distinct.push((*v, vec![*i])),
            }
        }
        if distinct.len() > 1 {
            let sides: Vec<String> = distinct
                .iter()
                .map(|(v, who)| format!("{} ({})", show(*v, absent), self.labels(who)))
                .collect();
            let note = sides.join(" vs ");
            notes.push(if what.is_empty() {
                note
            } else {
                format!("{what} {note}")
            });
        }
        first
    }

    pub(super) fn session(&mut self, base: Option<&Value>, copies: &[Option<&Value>]) -> Value {
        let mut out = Map::new();
        for key in keys(copies.iter().copied().chain([base])) {
            let b = field(base, &key);
            let cs = fields(copies, &key);
            let all = || cs.iter().copied().chain([b]);
            let merged = match key.as_str() {
                "format" => Some(Value::from(Session::FORMAT)),
                "created" => pick(all(), |a, b| timestamp(a) < timestamp(b)),
                "updated" => pick(all(), |a, b| timestamp(a) > timestamp(b)),
                "conflicts" | "resolutions" => recorded(b, &cs),
                "notes" => self.list(List::Notes, b, &cs),
                "time_spent" => self.per_key(b, &cs, |_, _, b, cs| {
                    pick(cs.iter().copied().chain([b]), |x, y| {
                        x.as_u64() > y.as_u64()
                    })
                }),
                "participants" => self.list(List::Participants, b, &cs),
                "closing" | "timebox" => {
                    // Named for what differs: `Closing achieves`, `Timebox Risks`.
                    let title = if key == "closing" {
                        "Closing"
                    } else {
                        "Timebox"
                    };
                    self.per_key(b, &cs, |merger, answer, b, cs| {
                        let mut notes = Vec::new();
                        let v = merger.leaf("", "none", b, cs, &mut notes).cloned();
                        merger.note_session(&format!("{title} {answer}"), notes);
                        v
                    })
                }
                k => match item_step(k) {
                    Some(step) => self.list(List::Items(step), b, &cs),
                    None => {
                        let mut notes = Vec::new();
                        let v = self.leaf("", "none", b, &cs, &mut notes).cloned();
                        self.note_session(&format!("Session {k}"), notes);
                        v
                    }
                },
            };
            if let Some(v) = merged {
                out.insert(key, v);
            }
        }
        Value::Object(out)
    }

    fn note_session(&mut self, what: &str, notes: Vec<String>) {
        for note in notes {
            self.conflicts.push(Conflict {
                step: None,
                item: String::new(),
                rater: String::new(),
                message: format!("{what}: {note}"),
            });
        }
    }

    /// Merges a map value by value with `each`.
    fn per_key(
        &mut self,
        base: Option<&Value>,
        copies: &[Option<&Value>],
        mut each: impl FnMut(&mut Self, &str, Option<&Value>, &[Option<&Value>]) -> Option<Value>,
    ) -> Option<Value> {
        let mut out = Map::new();
        for key in keys(copies.iter().copied().chain([base])) {
            if let Some(v) = each(self, &key, field(base, &key), &fields(copies, &key)) {
                out.insert(key, v);
            }
        }
        // An empty map is left out: the session reads a missing map as an empty one.
        (!out.is_empty()).then_some(Value::Object(out))
    }

    /// A list whose elements have a key: items by id, participants by name.
    fn list(
        &mut self,
        list: List,
        base: Option<&Value>,
        copies: &[Option<&Value>],
    ) -> Option<Value> {
        let base_elements = list.by_key(base);
        let copy_elements: Vec<_> = copies.iter().map(|c| list.by_key(*c)).collect();
        let mut out = Vec::new();
        for key in merged_order(&copy_elements) {
            let b = base_elements.get(&key).map(|(_, v)| v);
            let cs: Vec<Option<&Value>> = copy_elements
                .iter()
                .map(|e| e.get(&key).map(|(_, v)| v))
                .collect();
            let mut notes = Vec::new();
            if let Some(b) = b
                && self.stays_deleted(b, &cs, &mut notes)
            {
                continue;
            }
            // A copy that deleted a changed element is outvoted: it counts as unchanged.
            let cs: Vec<Option<&Value>> = cs.iter().map(|c| c.or(b)).collect();
            let element = self.element(list, b, &cs, &mut notes);
            out.push(element);
            let element = out.last().unwrap_or(&Value::Null);
            let (prefix, step) = list.place(element, out.len());
            let item = match list {
                List::Items(_) => key.clone(),
                List::Participants | List::Notes => String::new(),
            };
            self.note_element(step, &item, &prefix, notes);
        }
        Some(Value::Array(out))
    }

    /// Whether an element of the base that some copies deleted stays deleted: so when no copy
    /// changed it; when one did, the deletion is outvoted and a note says so.
    fn stays_deleted(
        &self,
        base: &Value,
        copies: &[Option<&Value>],
        notes: &mut Vec<String>,
    ) -> bool {
        let who = |test: &dyn Fn(Option<&Value>) -> bool| -> Vec<usize> {
            (0..copies.len()).filter(|i| test(copies[*i])).collect()
        };
        let deleted = who(&|c| c.is_none());
        if deleted.is_empty() {
            return false;
        }
        let changed = who(&|c| c.is_some_and(|c| c != base));
        if changed.is_empty() {
            return true;
        }
        notes.push(format!(
            "deleted ({}) vs changed ({})",
            self.labels(&deleted),
            self.labels(&changed)
        ));
        false
    }

    /// Records one element's notes as conflicts, each with the rater it is about.
    fn note_element(&mut self, step: Option<Step>, item: &str, prefix: &str, notes: Vec<String>) {
        for note in notes {
            let rater = self.rater_of.get(&note).cloned().unwrap_or_default();
            self.conflicts.push(Conflict {
                step,
                item: item.to_string(),
                rater,
                message: format!("{prefix}: {note}"),
            });
        }
    }

    /// One item or participant, field by field; ratings rater by rater.
    fn element(
        &mut self,
        list: List,
        base: Option<&Value>,
        copies: &[Option<&Value>],
        notes: &mut Vec<String>,
    ) -> Value {
        let mut out = Map::new();
        // An agreement's status is one choice written as two flags: merged as one, so done in
        // one copy and dropped in the other is a conflict rather than both.
        let agreement = matches!(list, List::Items(Step::Agreements));
        if agreement {
            let status = |v: Option<&Value>| -> Option<Value> {
                let v = v?;
                let flag = |k: &str| v.get(k) == Some(&Value::Bool(true));
                Some(Value::from(if flag("dropped") {
                    "dropped"
                } else if flag("done") {
                    "done"
                } else {
                    "open"
                }))
            };
            let b = status(base);
            let cs: Vec<Option<Value>> = copies.iter().map(|c| status(*c)).collect();
            let cs: Vec<Option<&Value>> = cs.iter().map(Option::as_ref).collect();
            let chosen = self.leaf("status", "none", b.as_ref(), &cs, notes);
            let chosen = chosen.and_then(Value::as_str).unwrap_or("open");
            out.insert("done".into(), Value::Bool(chosen == "done"));
            if chosen == "dropped" {
                out.insert("dropped".into(), Value::Bool(true));
            }
        }
        for key in keys(copies.iter().copied().chain([base])) {
            if agreement && (key == "done" || key == "dropped") {
                continue;
            }
            let b = field(base, &key);
            let cs = fields(copies, &key);
            let merged = if key == "rating" && matches!(list, List::Items(_)) {
                self.ratings(b, &cs, notes)
            } else if key == "item" && matches!(list, List::Notes) {
                // The item's text is a label (the merged session is relabelled): a copy that
                // reworded the item is no conflict about the note.
                self.leaf(&key, "none", b, &cs, &mut Vec::new()).cloned()
            } else {
                self.leaf(&key, "none", b, &cs, notes).cloned()
            };
            if let Some(v) = merged {
                out.insert(key, v);
            }
        }
        Value::Object(out)
    }

    /// Each side's ratings rater by rater: different raters never meet.
    fn ratings(
        &mut self,
        base: Option<&Value>,
        copies: &[Option<&Value>],
        notes: &mut Vec<String>,
    ) -> Option<Value> {
        let mut out = Map::new();
        for side in Side::BOTH.map(Side::name) {
            let b = field(base, side);
            let cs = fields(copies, side);
            let mut raters = Map::new();
            for rater in keys(cs.iter().copied().chain([b])) {
                let before = notes.len();
                let values = self.owners_decide(&rater, field(b, &rater), fields(&cs, &rater));
                let chosen = self
                    .leaf(&rater, "unrated", field(b, &rater), &values, notes)
                    .cloned();
                for note in &notes[before..] {
                    self.rater_of.insert(note.clone(), rater.clone());
                }
                if let Some(v) = chosen {
                    raters.insert(rater, v);
                }
            }
            if !raters.is_empty() {
                out.insert(side.to_string(), Value::Object(raters));
            }
        }
        if seen_by_the_room(&out, base, copies, &self.owners) {
            out.insert("revealed".into(), Value::Bool(true));
        }
        (!out.is_empty()).then_some(Value::Object(out))
    }

    /// The copies' values of `rater`'s rating, with a say only for `rater`'s own pre-work
    /// copy when the merge has one: another copy's value of it is one its owner could not
    /// change (an old one), so it counts as unchanged, or without a base as no view.
    fn owners_decide<'v>(
        &self,
        rater: &str,
        base: Option<&'v Value>,
        values: Vec<Option<&'v Value>>,
    ) -> Vec<Option<&'v Value>> {
        let owns = |i: usize| {
            self.owners
                .get(i)
                .is_some_and(|o| o.as_deref() == Some(rater))
        };
        if !(0..values.len()).any(owns) {
            return values;
        }
        values
            .into_iter()
            .enumerate()
            .map(|(i, v)| if owns(i) { v } else { base })
            .collect()
    }
}

/// Whether an item's merged ratings (`merged`, side by side) stay revealed: when the base or a
/// copy had them revealed and every merged rating is one such a revealed version showed. A
/// rating changed or added where the item was hidden again is one the room has not seen.
fn seen_by_the_room(
    merged: &Map<String, Value>,
    base: Option<&Value>,
    copies: &[Option<&Value>],
    owners: &[Option<String>],
) -> bool {
    // Each revealed version with whose pre-work copy it is: a copy shows its owner's own
    // number to nobody (one changed in the file by hand keeps the flag the copy was written
    // with), only the others' numbers as the room saw them.
    let revealed: Vec<(&Value, Option<&str>)> = copies
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (c, owners.get(i).and_then(|o| o.as_deref()))))
        .chain(base.map(|b| (b, None)))
        .filter(|(r, _)| r.get("revealed") == Some(&Value::Bool(true)))
        .collect();
    let shown = |side: &str, rater: &str, value: &Value| {
        revealed.iter().any(|(r, owner)| {
            *owner != Some(rater) && field(field(Some(*r), side), rater) == Some(value)
        })
    };
    !revealed.is_empty()
        && merged.iter().all(|(side, raters)| {
            raters.as_object().is_none_or(|raters| {
                raters
                    .iter()
                    .all(|(rater, value)| shown(side, rater, value))
            })
        })
}

/// The merged order of a list's keys: by the earliest place an element has in any copy, then
/// by key, so it does not depend on the order of the copies.
fn merged_order(copy_elements: &[HashMap<String, (usize, Value)>]) -> Vec<String> {
    let mut first_place: BTreeMap<String, usize> = BTreeMap::new();
    for elements in copy_elements {
        for (key, (place, _)) in elements {
            let entry = first_place.entry(key.clone()).or_insert(*place);
            *entry = (*entry).min(*place);
        }
    }
    let mut order: Vec<(usize, String)> = first_place.into_iter().map(|(k, p)| (p, k)).collect();
    order.sort();
    order.into_iter().map(|(_, key)| key).collect()
}

/// The conflicts recorded in the copies, each once, in the order first seen; one that the base
/// has and a copy no longer has was resolved there, and stays resolved.
fn recorded(base: Option<&Value>, copies: &[Option<&Value>]) -> Option<Value> {
    let list = |v: Option<&Value>| -> Vec<Value> {
        v.and_then(Value::as_array).cloned().unwrap_or_default()
    };
    let base = list(base);
    let copies: Vec<Vec<Value>> = copies.iter().map(|c| list(*c)).collect();
    let mut out: Vec<Value> = Vec::new();
    for conflict in copies.iter().flatten() {
        let resolved = base.contains(conflict) && copies.iter().any(|c| !c.contains(conflict));
        let seen = out.iter().any(|o| {
            o == conflict
                || matches!(
                    (
                        serde_json::from_value::<Conflict>(o.clone()),
                        serde_json::from_value::<Conflict>(conflict.clone())
                    ),
                    (Ok(a), Ok(b)) if same_conflict(&a, &b)
                )
        });
        if !resolved && !seen {
            out.push(conflict.clone());
        }
    }
    (!out.is_empty()).then_some(Value::Array(out))
}

#[derive(Clone, Copy, Debug)]
enum List {
    /// A step's items, by id.
    Items(Step),
    /// The participants, by name.
    Participants,
    /// Discussion notes, by the id of the item they are on (by step and text for a note
    /// not linked to an id).
    Notes,
}

impl List {
    /// The elements of a list value by key, each with its place in the list.
    fn by_key(self, value: Option<&Value>) -> HashMap<String, (usize, Value)> {
        value
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .enumerate()
                    .filter_map(|(i, e)| Some((self.key_of(e)?, (i, e.clone()))))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How a conflict names a merged element (`Benefits 2 "text"`, `Participant "Priya"`,
    /// `Note on Risks "text"`), and its step; `number` is its place from 1.
    fn place(self, element: &Value, number: usize) -> (String, Option<Step>) {
        match self {
            List::Items(step) => (
                format!(
                    "{} {} {}",
                    step.title(),
                    number,
                    show(element.get("text"), "\"\"")
                ),
                Some(step),
            ),
            List::Participants => (
                format!("Participant {}", show(element.get("name"), "\"\"")),
                None,
            ),
            List::Notes => {
                let step = element
                    .get("step")
                    .and_then(Value::as_str)
                    .and_then(|k| Step::ALL.into_iter().find(|s| format!("{s:?}") == k));
                (
                    format!(
                        "Note on {} {}",
                        step.map_or("", Step::title),
                        show(element.get("item"), "\"\"")
                    ),
                    step,
                )
            }
        }
    }

    /// What makes an element the same element in every copy.
    fn key_of(self, element: &Value) -> Option<String> {
        let text = |field: &str| element.get(field)?.as_str().map(str::to_string);
        match self {
            List::Items(_) => text("id"),
            List::Participants => text("name"),
            List::Notes => match text("item_id").filter(|id| !id.is_empty()) {
                Some(id) => Some(format!("id\u{1f}{id}")),
                None => Some(format!("{}\u{1f}{}", text("step")?, text("item")?)),
            },
        }
    }
}
