//! Item ids on a session: the id of an item, and giving every item one (`session::item_id`
//! says how an id is made), so copies of a session match items by id when they merge.

use super::session::{Session, Step, item_id};
use std::collections::{HashMap, HashSet};

impl Session {
    /// The id and text of item `index` of `step` (an agreement's too).
    pub(super) fn id_and_text_at(&self, step: Step, index: usize) -> Option<(&str, &str)> {
        if step == Step::Agreements {
            let a = self.agreements.get(index)?;
            return Some((&a.id, &a.text));
        }
        self.item(step, index)
            .map(|i| (i.id.as_str(), i.text.as_str()))
    }

    /// The id and text of every item of `step` (agreements too), in list order.
    pub(super) fn ids_and_texts(&self, step: Step) -> Vec<(&str, &str)> {
        if step == Step::Agreements {
            return self
                .agreements
                .iter()
                .map(|a| (a.id.as_str(), a.text.as_str()))
                .collect();
        }
        self.items(step)
            .into_iter()
            .flat_map(|items| items.iter())
            .map(|i| (i.id.as_str(), i.text.as_str()))
            .collect()
    }

    /// The text of item `index` of `step` (an agreement's too).
    pub fn text_at(&self, step: Step, index: usize) -> Option<&str> {
        self.id_and_text_at(step, index).map(|(_, text)| text)
    }

    /// The id of item `index` of `step`; `None` when there is no such item.
    pub fn item_id(&self, step: Step, index: usize) -> Option<&str> {
        self.id_and_text_at(step, index).map(|(id, _)| id)
    }

    /// Gives every item without an id one (`item_id`), unique in the session: an item from an
    /// older file, one written by hand, or one just added. An id given twice (an item copied
    /// by hand in the file) stays with its first item; the copy gets a new one, so a merge
    /// never takes two items for one. Other ids are kept.
    pub fn ensure_ids(&mut self) {
        // Opening a file whose items all have their own ids (every file covalue wrote) stops
        // at this check, without the set of taken ids the rest builds.
        let mut seen: HashSet<&str> = HashSet::new();
        let all_given = Step::ALL.into_iter().all(|step| {
            self.ids_and_texts(step)
                .into_iter()
                .all(|(id, _)| !id.is_empty() && seen.insert(id))
        });
        if all_given {
            return;
        }
        let mut taken: HashSet<String> = Step::ALL
            .into_iter()
            .flat_map(|step| self.ids_and_texts(step))
            .filter(|(id, _)| !id.is_empty())
            .map(|(id, _)| id.to_string())
            .collect();
        // Each id's first item, by step and text.
        let mut first: HashMap<&str, (Step, &str)> = HashMap::new();
        // Found first and written after, so only the items that change are touched: the rest
        // stay shared with a save's copy (`Items`).
        let mut given = Vec::new();
        let mut copies = Vec::new();
        for step in Step::ALL {
            for (position, (id, text)) in self.ids_and_texts(step).into_iter().enumerate() {
                if !id.is_empty() {
                    match first.get(id) {
                        None => {
                            first.insert(id, (step, text));
                            continue;
                        }
                        // A record that names this id by this item's own words (and not the
                        // first item's) meant this item: it follows the new id below.
                        Some(&held) if held != (step, text) => copies.push(Copied {
                            step,
                            id: id.to_string(),
                            text: text.to_string(),
                            position,
                        }),
                        Some(_) => {}
                    }
                }
                // A clash (the same text again at a place an item held before) takes the next
                // free variant, still derived from the item alone.
                let mut salt = 0;
                let mut candidate = item_id(step, position, text);
                while taken.contains(&candidate) {
                    salt += 1;
                    candidate = item_id(step, position, &format!("{text}\u{1f}{salt}"));
                }
                taken.insert(candidate.clone());
                given.push((step, position, candidate));
            }
        }
        for copy in copies {
            if let Some((_, _, id)) = given
                .iter()
                .find(|(step, position, _)| *step == copy.step && *position == copy.position)
            {
                self.follow_new_id(&copy, id);
            }
        }
        for (step, position, id) in given {
            let slot = match step {
                Step::Agreements => self.agreements.get_mut(position).map(|a| &mut a.id),
                _ => self
                    .items_mut(step)
                    .and_then(|items| items.get_mut(position))
                    .map(|i| &mut i.id),
            };
            if let Some(slot) = slot {
                *slot = id;
            }
        }
    }
}

/// An item (or agreement) whose id an earlier one has too, as a file holds it before
/// `ensure_ids` gives the later one an id of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedId {
    pub id: String,
    /// The later item's step and place.
    pub step: Step,
    pub index: usize,
    /// The first item with the id: it keeps it.
    pub first: (Step, usize),
}

impl Session {
    /// Every item whose id an earlier item has (an item copied by hand in the file).
    pub fn shared_ids(&self) -> Vec<SharedId> {
        let mut first: HashMap<&str, (Step, usize)> = HashMap::new();
        let mut shared = Vec::new();
        for step in Step::ALL {
            for (index, (id, _)) in self.ids_and_texts(step).into_iter().enumerate() {
                if id.is_empty() {
                    continue;
                }
                match first.get(id) {
                    Some(&held) => shared.push(SharedId {
                        id: id.to_string(),
                        step,
                        index,
                        first: held,
                    }),
                    None => {
                        first.insert(id, (step, index));
                    }
                }
            }
        }
        shared
    }
}

/// An item that held an id an earlier item has (copied by hand in the file), before it gets
/// an id of its own.
struct Copied {
    step: Step,
    id: String,
    text: String,
    position: usize,
}

impl Session {
    /// Points the notes, resolutions and added-by records that name `copy`'s old id by its
    /// step and words at `new`, its own id, so they stay with the item their words name.
    fn follow_new_id(&mut self, copy: &Copied, new: &str) {
        let named = |step: Step, id: &str, label: &str| {
            step == copy.step && id == copy.id && label == copy.text
        };
        for n in &mut self.notes {
            if named(n.step, &n.item_id, &n.item) {
                n.item_id = new.to_string();
            }
        }
        for a in &mut self.added_by {
            if named(a.step, &a.item_id, &a.item) {
                a.item_id = new.to_string();
            }
        }
        for r in &mut self.resolutions {
            if named(r.step, &r.item_id, &r.item) {
                r.item_id = new.to_string();
            }
            if named(Step::Agreements, &r.agreement_id, &r.agreement) {
                r.agreement_id = new.to_string();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Benefit, ItemNote, Resolution, Timestamp};

    /// A trial's find: an item given another's id by hand took that item's note, and lost it
    /// again when the item was deleted, while `show` named the item the note's words name.
    #[test]
    fn a_record_stays_with_the_item_its_words_name_when_an_id_was_copied() {
        let mut s = Session::new("dup00001", "Dup", Timestamp::from_unix(1_795_000_000));
        for text in ["Web shop stays up", "One fixed fee"] {
            s.benefits.push(Benefit {
                id: "b2".into(),
                text: text.into(),
                ..Benefit::default()
            });
        }
        s.agreements.push(crate::domain::Agreement {
            id: "a1".into(),
            text: "Plan the fee".into(),
            ..Default::default()
        });
        let note = |item: &str, note: &str| ItemNote {
            step: Step::Benefits,
            item_id: "b2".into(),
            item: item.into(),
            note: note.into(),
        };
        s.notes.push(note("One fixed fee", "Finance loves it"));
        s.notes.push(note("Web shop stays up", "Two centres"));
        s.resolutions.push(Resolution {
            agreement_id: "a1".into(),
            agreement: "Plan the fee".into(),
            step: Step::Benefits,
            item_id: "b2".into(),
            item: "One fixed fee".into(),
        });
        assert_eq!(
            s.shared_ids(),
            [SharedId {
                id: "b2".into(),
                step: Step::Benefits,
                index: 1,
                first: (Step::Benefits, 0),
            }]
        );
        s.ensure_ids();
        assert_eq!(s.benefits[0].id, "b2", "the first item keeps the id");
        let own = s.benefits[1].id.clone();
        assert_ne!(own, "b2");
        assert_eq!(s.notes[0].item_id, own);
        assert_eq!(s.notes[1].item_id, "b2");
        assert_eq!(s.resolutions[0].item_id, own);
        assert_eq!(s.resolutions[0].agreement_id, "a1");
        assert_eq!(s.shared_ids(), []);
    }
}
