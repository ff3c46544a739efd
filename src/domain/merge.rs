//! Merging copies of one session: a three-way merge against a common base (git's merge
//! driver), or gathering self-assessments that several people made on their own copies. Pure:
//! sessions in, a session and its conflicts out; reading and writing files is the caller's.
//!
//! The rules, field by field:
//! - Each person's ratings are their own: ratings by different raters never conflict, and a
//!   rater's rating conflicts only when copies changed it differently.
//! - Items are matched by id (see `session::item_id`); an item added in any copy is kept, an
//!   item deleted in one copy and left alone in the others is deleted, deleted in one and
//!   changed in another is kept and is a conflict.
//! - Every other field takes the value the copies changed it to; copies that changed it to
//!   different values conflict. Without a base, a field one copy lacks is one it has no view on.
//! - Book-keeping never conflicts: the earliest `created`, the latest `updated`, the longest
//!   time spent per step, revealed if revealed anywhere.
//!
//! A conflict keeps the first copy's value ("ours") and is recorded in the session, so the
//! merged file is always a valid session with no conflict markers in it.
//!
//! The merge works on the serde data model (`serde_json::Value`) rather than field by field,
//! so fields added to items later merge by the same rules without being listed here.

use super::rating::Side;
use super::session::{Conflict, Session, Step};
use super::time::Timestamp;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// One copy of the session, with the name its conflicts call it by: `ours`, `theirs`, or a
/// file name when gathering self-assessments.
#[derive(Clone, Copy, Debug)]
pub struct Copy<'a> {
    pub label: &'a str,
    pub session: &'a Session,
}

/// The result: the merged session (its `conflicts` include the new ones) and what this merge
/// could not decide.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub session: Session,
    pub conflicts: Vec<Conflict>,
}

/// Why there is nothing to merge or the merged data is not a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeError(pub String);

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MergeError {}

/// Merges `copies` of one session, against `base` when there is one.
pub fn merge(base: Option<&Session>, copies: &[Copy<'_>]) -> Result<Merged, MergeError> {
    if copies.is_empty() {
        return Err(MergeError("there is no copy to merge".into()));
    }
    let value = |s: &Session| {
        serde_json::to_value(s).map_err(|e| MergeError(format!("a session is not data: {e}")))
    };
    let mut base = base.map(value).transpose()?;
    let mut values = copies
        .iter()
        .map(|c| value(c.session))
        .collect::<Result<Vec<_>, _>>()?;
    let prework_for = common_prework_for(base.as_mut(), &mut values);
    let mut merger = Merger {
        labels: copies.iter().map(|c| c.label.to_string()).collect(),
        conflicts: Vec::new(),
        rater_of: HashMap::new(),
    };
    let copies: Vec<Option<&Value>> = values.iter().map(Some).collect();
    let merged = merger.session(base.as_ref(), &copies);
    let mut session: Session = serde_json::from_value(merged)
        .map_err(|e| MergeError(format!("the merged copies do not make a session: {e}")))?;
    session.format = Session::FORMAT;
    session.prework_for = prework_for;
    for conflict in &merger.conflicts {
        // This merge's words for a conflict a copy recorded already (a reverse merge calls
        // the copies the other way round): one record, in this merge's words.
        session.conflicts.retain(|c| !same_conflict(c, conflict));
        session.conflicts.push(conflict.clone());
    }
    session.ensure_ids();
    Ok(Merged {
        session,
        conflicts: merger.conflicts,
    })
}

/// Takes the pre-work owner out of every file: it stays only when every file names the same
/// person (two versions of one copy), so gathering copies into the session never makes the
/// session someone's copy, nor a conflict of whose it is.
fn common_prework_for(base: Option<&mut Value>, values: &mut [Value]) -> String {
    const KEY: &str = "prework_for";
    let owners: Vec<Option<Value>> = base
        .into_iter()
        .chain(values.iter_mut())
        .map(|v| v.as_object_mut().and_then(|o| o.remove(KEY)))
        .collect();
    match owners.first() {
        Some(Some(Value::String(owner))) if owners.iter().all(|o| o == &owners[0]) => owner.clone(),
        _ => String::new(),
    }
}

struct Merger {
    labels: Vec<String>,
    conflicts: Vec<Conflict>,
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

    fn session(&mut self, base: Option<&Value>, copies: &[Option<&Value>]) -> Value {
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
                "time_spent" => self.per_key(b, &cs, |_, b, cs| {
                    pick(cs.iter().copied().chain([b]), |x, y| {
                        x.as_u64() > y.as_u64()
                    })
                }),
                "participants" => self.list(List::Participants, b, &cs),
                "closing" | "timebox" => {
                    let title = if key == "closing" {
                        "Closing"
                    } else {
                        "Timebox"
                    };
                    self.per_key(b, &cs, |merger, b, cs| {
                        let mut notes = Vec::new();
                        let v = merger.leaf("", "none", b, cs, &mut notes).cloned();
                        merger.note_session(&format!("{title} {key}"), notes);
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
        mut each: impl FnMut(&mut Self, Option<&Value>, &[Option<&Value>]) -> Option<Value>,
    ) -> Option<Value> {
        let mut out = Map::new();
        for key in keys(copies.iter().copied().chain([base])) {
            if let Some(v) = each(self, field(base, &key), &fields(copies, &key)) {
                out.insert(key, v);
            }
        }
        (!out.is_empty() || base.is_some() || copies.iter().any(Option::is_some))
            .then_some(Value::Object(out))
    }

    /// A list whose elements have a key: items by id, participants by name.
    fn list(
        &mut self,
        list: List,
        base: Option<&Value>,
        copies: &[Option<&Value>],
    ) -> Option<Value> {
        let by_key = |value: Option<&Value>| -> HashMap<String, (usize, Value)> {
            value
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .enumerate()
                        .filter_map(|(i, e)| Some((list.key_of(e)?, (i, e.clone()))))
                        .collect()
                })
                .unwrap_or_default()
        };
        let base_elements = by_key(base);
        let copy_elements: Vec<_> = copies.iter().map(|c| by_key(*c)).collect();
        // The merged order: by the earliest place an element has in any copy, then by key, so
        // it does not depend on the order of the copies.
        let mut first_place: BTreeMap<String, usize> = BTreeMap::new();
        for elements in &copy_elements {
            for (key, (place, _)) in elements {
                let entry = first_place.entry(key.clone()).or_insert(*place);
                *entry = (*entry).min(*place);
            }
        }
        let mut order: Vec<(usize, String)> =
            first_place.into_iter().map(|(k, p)| (p, k)).collect();
        order.sort();

        let mut out = Vec::new();
        for (_, key) in order {
            let b = base_elements.get(&key).map(|(_, v)| v);
            let cs: Vec<Option<&Value>> = copy_elements
                .iter()
                .map(|e| e.get(&key).map(|(_, v)| v))
                .collect();
            let mut notes = Vec::new();
            if let Some(b) = b {
                let who = |test: &dyn Fn(Option<&Value>) -> bool| -> Vec<usize> {
                    (0..cs.len()).filter(|i| test(cs[*i])).collect()
                };
                let deleted = who(&|c| c.is_none());
                if !deleted.is_empty() {
                    let changed = who(&|c| c.is_some_and(|c| c != b));
                    if changed.is_empty() {
                        continue;
                    }
                    notes.push(format!(
                        "deleted ({}) vs changed ({})",
                        self.labels(&deleted),
                        self.labels(&changed)
                    ));
                }
            }
            // A copy that deleted a changed element is outvoted: it counts as unchanged.
            let cs: Vec<Option<&Value>> = cs.iter().map(|c| c.or(b)).collect();
            let element = self.element(list, b, &cs, &mut notes);
            out.push(element);
            let element = out.last().unwrap_or(&Value::Null);
            let (prefix, step) = match list {
                List::Items(step) => (
                    format!(
                        "{} {} {}",
                        step.title(),
                        out.len(),
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
            };
            let item = match list {
                List::Items(_) => key.clone(),
                List::Participants | List::Notes => String::new(),
            };
            for note in notes {
                let rater = self.rater_of.get(&note).cloned().unwrap_or_default();
                self.conflicts.push(Conflict {
                    step,
                    item: item.clone(),
                    rater,
                    message: format!("{prefix}: {note}"),
                });
            }
        }
        Some(Value::Array(out))
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
                let chosen = self
                    .leaf(
                        &rater,
                        "unrated",
                        field(b, &rater),
                        &fields(&cs, &rater),
                        notes,
                    )
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
        let revealed = copies
            .iter()
            .chain([&base])
            .any(|r| field(*r, "revealed") == Some(&Value::Bool(true)));
        if revealed {
            out.insert("revealed".into(), Value::Bool(true));
        }
        (!out.is_empty()).then_some(Value::Object(out))
    }
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

/// Whether two records are one conflict, whatever the copies were called: the same item,
/// rater and subject (`Benefits 1 "text": Priya`), and the same values on its sides, in any
/// order (`4 (ours) vs 2 (theirs)` is `2 (ours) vs 4 (theirs)` merged the other way round).
pub fn same_conflict(a: &Conflict, b: &Conflict) -> bool {
    if a == b {
        return true;
    }
    if (&a.step, &a.item, &a.rater) != (&b.step, &b.item, &b.rater) {
        return false;
    }
    // An item is known by its id: the text its message shows may be what one merge kept.
    let about = |c: &'_ Conflict| -> Option<String> {
        if c.item.is_empty() {
            return Some(c.message.clone());
        }
        after_item_text(&c.message).map(str::to_string)
    };
    let (Some(ma), Some(mb)) = (about(a), about(b)) else {
        return false;
    };
    let (Some(pa), Some(pb)) = (sides_of(&ma), sides_of(&mb)) else {
        return false;
    };
    if pa.len() != pb.len() {
        return false;
    }
    if pa[0] == pb[0] {
        return sorted(pa[1..].to_vec()) == sorted(pb[1..].to_vec());
    }
    // The first side is the subject and a value; b's first value is one of a's other values,
    // and what is before it is the subject both share.
    pa[1..].iter().any(|value| {
        let Some(subject) = pb[0].strip_suffix(value).and_then(|s| s.strip_suffix(' ')) else {
            return false;
        };
        let (Some(first_a), Some(first_b)) = (
            pa[0]
                .strip_prefix(subject)
                .and_then(|v| v.strip_prefix(' ')),
            pb[0]
                .strip_prefix(subject)
                .and_then(|v| v.strip_prefix(' ')),
        ) else {
            return false;
        };
        let mut values_a = vec![first_a];
        values_a.extend_from_slice(&pa[1..]);
        let mut values_b = vec![first_b];
        values_b.extend_from_slice(&pb[1..]);
        sorted(values_a) == sorted(values_b)
    })
}

/// What an item conflict's message says after `Benefits 2 "the item's text": `.
fn after_item_text(message: &str) -> Option<&str> {
    let open = message.find('"')?;
    let mut escaped = false;
    for (i, c) in message[open + 1..].char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return message[open + 1 + i + 1..].strip_prefix(": "),
            _ => escaped = false,
        }
    }
    None
}

fn sorted(mut values: Vec<&str>) -> Vec<&str> {
    values.sort_unstable();
    values
}

/// A conflict message's sides, each without its copies' names: `S 4 (ours) vs 2 (theirs)` is
/// `["S 4", "2"]`. `None` for a message that is not `… vs …`.
fn sides_of(message: &str) -> Option<Vec<&str>> {
    let sides: Vec<&str> = message
        .split(" vs ")
        .map(|side| match side.rfind(" (") {
            Some(open) if side.ends_with(')') => &side[..open],
            _ => side,
        })
        .collect();
    (sides.len() > 1).then_some(sides)
}

#[derive(Clone, Copy, Debug)]
enum List {
    /// A step's items, by id.
    Items(Step),
    /// The participants, by name.
    Participants,
    /// Discussion notes, by the step and text of the item they are on.
    Notes,
}

impl List {
    /// What makes an element the same element in every copy.
    fn key_of(self, element: &Value) -> Option<String> {
        let text = |field: &str| element.get(field)?.as_str().map(str::to_string);
        match self {
            List::Items(_) => text("id"),
            List::Participants => text("name"),
            List::Notes => Some(format!("{}\u{1f}{}", text("step")?, text("item")?)),
        }
    }
}

/// Why a recorded conflict cannot be settled in favour of the side asked for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettleError {
    #[error("there is no conflict {0}")]
    NoSuchConflict(usize),
    #[error("the conflict has no side {0}")]
    NoSuchSide(usize),
    #[error("that side's value cannot be read back from the conflict ({0}); edit it by hand")]
    Unreadable(String),
    #[error("the item or field of the conflict is no longer in the session")]
    Gone,
}

/// Settles the recorded conflict `index` in favour of side `side` of its message (0 is the
/// value the merge kept, 1 the next, as `A (ours) vs B (theirs)` lists them): that side's value
/// is written where the conflict is, and the conflict is dropped. Text, numbers, yes/no,
/// ratings and an agreement's status can be taken back; a list that changed cannot.
pub fn settle(session: &mut Session, index: usize, side: usize) -> Result<(), SettleError> {
    let conflict = session
        .conflicts
        .get(index)
        .cloned()
        .ok_or(SettleError::NoSuchConflict(index))?;
    if side > 0 {
        let mut value =
            serde_json::to_value(&*session).map_err(|e| SettleError::Unreadable(e.to_string()))?;
        apply_side(&mut value, &conflict, side)?;
        let mut settled: Session =
            serde_json::from_value(value).map_err(|e| SettleError::Unreadable(e.to_string()))?;
        settled.conflicts = std::mem::take(&mut session.conflicts);
        *session = settled;
    }
    session.conflicts.remove(index);
    Ok(())
}

/// Writes side `side` of `conflict` into the session's data.
fn apply_side(session: &mut Value, conflict: &Conflict, side: usize) -> Result<(), SettleError> {
    let whole = if conflict.item.is_empty() {
        conflict
            .message
            .split_once(": ")
            .map(|(_, rest)| rest)
            .ok_or(SettleError::Gone)?
    } else {
        after_item_text(&conflict.message).ok_or(SettleError::Gone)?
    };
    let sides = sides_of(whole).ok_or(SettleError::NoSuchSide(side))?;
    // Side 0 is the value kept, already in place; the others are values alone.
    let wanted = *sides
        .get(side)
        .filter(|_| side > 0)
        .ok_or(SettleError::NoSuchSide(side))?;
    // An item field's first side starts with the field's name (a serde key, one word).
    let name = sides[0].split_once(' ').map_or("", |(name, _)| name);
    match (conflict.step, conflict.item.is_empty()) {
        (Some(step), false) => {
            let item = session
                .get_mut(step.key())
                .and_then(Value::as_array_mut)
                .and_then(|items| {
                    items
                        .iter_mut()
                        .find(|i| i.get("id").and_then(Value::as_str) == Some(&conflict.item))
                })
                .ok_or(SettleError::Gone)?;
            if conflict.rater.is_empty() {
                set_field(item, name, wanted)
            } else {
                set_rating(item, &conflict.rater, wanted)
            }
        }
        (None, true) => {
            let (what, key) = conflict
                .message
                .split_once(": ")
                .and_then(|(what, _)| what.split_once(' '))
                .ok_or(SettleError::Gone)?;
            let object = match what {
                "Session" => session,
                "Closing" => session.get_mut("closing").ok_or(SettleError::Gone)?,
                _ => return Err(SettleError::Unreadable(what.to_string())),
            };
            set_field(object, key, wanted)
        }
        _ => Err(SettleError::Unreadable(conflict.message.clone())),
    }
}

/// Sets `key` of an item or the session to a value as a conflict shows it.
fn set_field(object: &mut Value, key: &str, shown: &str) -> Result<(), SettleError> {
    let object = object.as_object_mut().ok_or(SettleError::Gone)?;
    if key == "status" {
        let status = shown.trim_matches('"');
        object.insert("done".into(), Value::Bool(status == "done"));
        match status {
            "dropped" => object.insert("dropped".into(), Value::Bool(true)),
            _ => object.remove("dropped"),
        };
        return Ok(());
    }
    let value = match shown {
        "none" => {
            object.remove(key);
            return Ok(());
        }
        "yes" => Value::Bool(true),
        "no" => Value::Bool(false),
        "changed" => {
            return Err(SettleError::Unreadable(
                "a list or a group of fields".into(),
            ));
        }
        quoted if quoted.starts_with('"') => Value::String(
            unquote(quoted).ok_or_else(|| SettleError::Unreadable(quoted.to_string()))?,
        ),
        number => serde_json::from_str::<serde_json::Number>(number)
            .map(Value::Number)
            .map_err(|_| SettleError::Unreadable(number.to_string()))?,
    };
    object.insert(key.to_string(), value);
    Ok(())
}

/// Sets `rater`'s rating on an item to a value as a conflict shows it (`4`, `unrated`), on the
/// side the rater rates for in this item.
fn set_rating(item: &mut Value, rater: &str, shown: &str) -> Result<(), SettleError> {
    let ratings = item
        .as_object_mut()
        .ok_or(SettleError::Gone)?
        .entry("rating")
        .or_insert_with(|| Value::Object(Map::new()));
    let side = Side::BOTH
        .map(Side::name)
        .into_iter()
        .find(|side| {
            field(Some(ratings), side)
                .and_then(|s| s.get(rater))
                .is_some()
        })
        .ok_or(SettleError::Gone)?;
    let raters = ratings
        .get_mut(side)
        .and_then(Value::as_object_mut)
        .ok_or(SettleError::Gone)?;
    match shown {
        "unrated" => {
            raters.remove(rater);
        }
        n => {
            let n: u8 = n
                .parse()
                .map_err(|_| SettleError::Unreadable(n.to_string()))?;
            raters.insert(rater.to_string(), Value::from(n));
        }
    }
    Ok(())
}

/// The text of a string as a conflict shows it (Rust's `{:?}`): `"a \"b\""` is `a "b"`.
fn unquote(shown: &str) -> Option<String> {
    let inner = shown.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            'u' => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            other => out.push(other),
        }
    }
    Some(out)
}
