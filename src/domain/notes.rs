//! Discussion notes and resolutions: the note on an item and the agreements that resolve an
//! item. Both name the item (and a resolution its agreement) by id, so editing an item's words
//! keeps its note and its agreement, and two items with the same words keep their own notes.
//!
//! Each record keeps the item's text beside the id as a label, so a person reading the RON
//! file sees which item a note is on without looking an id up, and so a file written before
//! records had ids can be read: its records (text only) are matched to items by step and text
//! once, on load (`link_records`), as they were matched on every lookup before. A lookup by id
//! never trusts the label; `relabel` brings labels up to date on save, merge and edit, which
//! keeps the text-keyed wrappers (`note`, `set_note`, `resolved_by`) right for callers that
//! still hold an item's text.

use super::session::{Agreement, ItemNote, RatedItem, Resolution, Session, Step};
use std::collections::HashMap;

/// The steps whose items carry ids, and so notes and resolutions.
const LIST_STEPS: [Step; 8] = [
    Step::Context,
    Step::Benefits,
    Step::Usefulness,
    Step::Importance,
    Step::Outcomes,
    Step::Costs,
    Step::Risks,
    Step::Agreements,
];

/// Whether resolution `r` names agreement `a`: by id, or by text for a record not yet linked.
fn names_agreement(r: &Resolution, a: &Agreement) -> bool {
    if r.agreement_id.is_empty() {
        r.agreement == a.text
    } else {
        r.agreement_id == a.id
    }
}

/// Whether a record (its step, item id and label) is on the item `(step, id, text)`: by id, or
/// by step and text for a record not linked yet.
fn names_item(step: Step, item_id: &str, label: &str, (on, id, text): (Step, &str, &str)) -> bool {
    if item_id.is_empty() {
        step == on && label == text
    } else {
        item_id == id
    }
}

impl Session {
    /// The id of the first item of `step` whose text is `text` and that has an id.
    fn id_by_text(&self, step: Step, text: &str) -> Option<&str> {
        self.ids_and_texts(step)
            .into_iter()
            .find(|(id, t)| *t == text && !id.is_empty())
            .map(|(id, _)| id)
    }

    /// Who added the item with id `item_id` from their own screen (`covalue serve`), if
    /// someone did.
    pub fn added_by_whom(&self, item_id: &str) -> Option<&str> {
        if item_id.is_empty() {
            return None;
        }
        self.added_by
            .iter()
            .find(|a| a.item_id == item_id)
            .map(|a| a.by.as_str())
    }

    /// The discussion note on the item with id `item_id`, if it has one.
    pub fn note_on(&self, item_id: &str) -> Option<&str> {
        if item_id.is_empty() {
            return None;
        }
        self.notes
            .iter()
            .find(|n| n.item_id == item_id && !n.note.trim().is_empty())
            .map(|n| n.note.as_str())
    }

    /// The discussion note on item `index` of `step`, if it has one.
    pub fn note_at(&self, step: Step, index: usize) -> Option<&str> {
        let (id, text) = self.id_and_text_at(step, index)?;
        self.notes
            .iter()
            .find(|n| {
                names_item(n.step, &n.item_id, &n.item, (step, id, text))
                    && !n.note.trim().is_empty()
            })
            .map(|n| n.note.as_str())
    }

    /// Sets (or, with an empty note, removes) the discussion note on item `index` of `step`.
    pub fn set_note_at(&mut self, step: Step, index: usize, note: &str) {
        let Some((id, text)) = self.id_and_text_at(step, index) else {
            return;
        };
        let (id, text) = (id.to_string(), text.to_string());
        if id.is_empty() {
            self.set_note(step, &text, note);
        } else {
            self.set_note_on(step, &id, note);
        }
    }

    /// The agreements that name item `index` of `step` as the one they resolve.
    pub fn resolved_by_at(&self, step: Step, index: usize) -> impl Iterator<Item = &Agreement> {
        let item = self.id_and_text_at(step, index);
        self.agreements.iter().filter(move |a| {
            item.is_some_and(|(id, text)| {
                self.resolutions.iter().any(|r| {
                    names_item(r.step, &r.item_id, &r.item, (step, id, text))
                        && names_agreement(r, a)
                })
            })
        })
    }

    /// Sets (or, with an empty note, removes) the discussion note on the item of `step` with
    /// id `item_id`.
    pub fn set_note_on(&mut self, step: Step, item_id: &str, note: &str) {
        let label = self
            .ids_and_texts(step)
            .into_iter()
            .find(|(id, _)| *id == item_id)
            .map_or_else(String::new, |(_, text)| text.to_string());
        // A record from an older file not linked yet, on this item's words, is this note too.
        self.notes.retain(|n| {
            n.step != step || (n.item_id != item_id && !(n.item_id.is_empty() && n.item == label))
        });
        if !note.trim().is_empty() {
            self.notes.push(ItemNote {
                step,
                item_id: item_id.to_string(),
                item: label,
                note: note.to_string(),
            });
        }
    }

    /// The discussion note on the item of `step` whose text is `item`, if it has one. For
    /// callers that hold the text; of two items with the same words, the first's note may
    /// come back: `note_on` is exact.
    pub fn note(&self, step: Step, item: &str) -> Option<&str> {
        self.notes
            .iter()
            .find(|n| n.step == step && n.item == item && !n.note.trim().is_empty())
            .map(|n| n.note.as_str())
    }

    /// Sets (or, with an empty note, removes) the discussion note on the item of `step` whose
    /// text is `item` (the first such item): `set_note_on` for callers that hold the text.
    pub fn set_note(&mut self, step: Step, item: &str, note: &str) {
        if let Some(id) = self.id_by_text(step, item).map(str::to_string) {
            return self.set_note_on(step, &id, note);
        }
        // No such item (yet, or without an id): kept by its text until it is linked.
        self.notes.retain(|n| !(n.step == step && n.item == item));
        if !note.trim().is_empty() {
            self.notes.push(ItemNote::by_text(step, item, note));
        }
    }

    /// Brings labels up to date after an item's text is edited. Records that name the item by
    /// id follow it anyway; records not linked yet follow it by text, as before ids.
    pub fn rename_item(&mut self, step: Step, old: &str, new: &str) {
        for n in self
            .notes
            .iter_mut()
            .filter(|n| n.item_id.is_empty() && n.step == step && n.item == old)
        {
            n.item = new.to_string();
        }
        for r in &mut self.resolutions {
            if step == Step::Agreements && r.agreement_id.is_empty() && r.agreement == old {
                r.agreement = new.to_string();
            } else if r.item_id.is_empty() && r.step == step && r.item == old {
                r.item = new.to_string();
            }
        }
        self.relabel();
    }

    /// The agreements that name the item with id `item_id` as the one they resolve.
    pub fn resolved_by_item<'a>(
        &'a self,
        item_id: &'a str,
    ) -> impl Iterator<Item = &'a Agreement> + 'a {
        self.agreements.iter().filter(move |a| {
            self.resolutions
                .iter()
                .any(|r| !item_id.is_empty() && r.item_id == item_id && names_agreement(r, a))
        })
    }

    /// The agreements that name the item of `step` with text `item` as the one they resolve:
    /// `resolved_by_item` for callers that hold the text.
    pub fn resolved_by<'a>(
        &'a self,
        step: Step,
        item: &'a str,
    ) -> impl Iterator<Item = &'a Agreement> + 'a {
        self.agreements.iter().filter(move |a| {
            self.resolutions
                .iter()
                .any(|r| r.step == step && r.item == item && names_agreement(r, a))
        })
    }

    /// The rated item an agreement resolves, if it names one that exists.
    pub fn resolved_item(&self, agreement: &Agreement) -> Option<RatedItem<'_>> {
        self.resolutions
            .iter()
            .filter(|r| names_agreement(r, agreement))
            .find_map(|r| {
                self.rated_items().find(|i| {
                    i.dimension.step() == r.step
                        && if r.item_id.is_empty() {
                            i.text == r.item
                        } else {
                            i.id == r.item_id
                        }
                })
            })
    }

    /// The item (step and its text now) an agreement resolves, if it names one that exists.
    pub fn resolves(&self, agreement: &Agreement) -> Option<(Step, &str)> {
        self.resolved_item(agreement)
            .map(|i| (i.dimension.step(), i.text))
    }

    /// Makes the agreement with id `agreement_id` resolve the item of `step` with id `item_id`,
    /// or (with `None`) nothing: one item per agreement.
    pub fn set_resolves(&mut self, agreement_id: &str, item: Option<(Step, &str)>) {
        let agreement = self
            .agreements
            .iter()
            .find(|a| a.id == agreement_id)
            .map_or_else(String::new, |a| a.text.clone());
        self.resolutions.retain(|r| {
            r.agreement_id != agreement_id
                && !(r.agreement_id.is_empty() && r.agreement == agreement)
        });
        if let Some((step, item_id)) = item {
            let item = (self.ids_and_texts(step).into_iter())
                .find(|(id, _)| *id == item_id)
                .map_or_else(String::new, |(_, text)| text.to_string());
            self.resolutions.push(Resolution {
                agreement_id: agreement_id.to_string(),
                agreement,
                step,
                item_id: item_id.to_string(),
                item,
            });
        }
    }

    /// Gives every note and resolution that names its item (or agreement) only by text the id
    /// of the first item of its step with that text: a file from before records had ids, or a
    /// record made by text. A record whose text names no item stays as it is.
    pub fn link_records(&mut self) {
        let unlinked = self.notes.iter().any(|n| n.item_id.is_empty())
            || self.added_by.iter().any(|a| a.item_id.is_empty())
            || self
                .resolutions
                .iter()
                .any(|r| r.item_id.is_empty() || r.agreement_id.is_empty());
        if !unlinked {
            return;
        }
        let mut by_text: HashMap<(Step, &str), &str> = HashMap::new();
        for step in LIST_STEPS {
            for (id, text) in self.ids_and_texts(step) {
                if !id.is_empty() {
                    by_text.entry((step, text)).or_insert(id);
                }
            }
        }
        let find = |step: Step, text: &str| by_text.get(&(step, text)).map(|id| id.to_string());
        let notes: Vec<Option<String>> = (self.notes.iter())
            .map(|n| {
                n.item_id
                    .is_empty()
                    .then(|| find(n.step, &n.item))
                    .flatten()
            })
            .collect();
        let resolutions: Vec<(Option<String>, Option<String>)> = (self.resolutions.iter())
            .map(|r| {
                let agreement = r.agreement_id.is_empty();
                let item = r.item_id.is_empty();
                (
                    agreement
                        .then(|| find(Step::Agreements, &r.agreement))
                        .flatten(),
                    item.then(|| find(r.step, &r.item)).flatten(),
                )
            })
            .collect();
        let added: Vec<Option<String>> = (self.added_by.iter())
            .map(|a| {
                a.item_id
                    .is_empty()
                    .then(|| find(a.step, &a.item))
                    .flatten()
            })
            .collect();
        for (n, id) in self.notes.iter_mut().zip(notes) {
            n.item_id = id.unwrap_or_else(|| std::mem::take(&mut n.item_id));
        }
        for (a, id) in self.added_by.iter_mut().zip(added) {
            a.item_id = id.unwrap_or_else(|| std::mem::take(&mut a.item_id));
        }
        for (r, (agreement, item)) in self.resolutions.iter_mut().zip(resolutions) {
            r.agreement_id = agreement.unwrap_or_else(|| std::mem::take(&mut r.agreement_id));
            r.item_id = item.unwrap_or_else(|| std::mem::take(&mut r.item_id));
        }
    }

    /// Sets every linked record's labels to its item's (and agreement's) text now, so the file
    /// says what a reader sees on screen. A record whose item is gone keeps its last label.
    pub fn relabel(&mut self) {
        if self.notes.is_empty() && self.resolutions.is_empty() && self.added_by.is_empty() {
            return;
        }
        // Only the items records name: a walk of every item, but no copy of every text (this
        // runs on every edit of an item's words).
        let named: std::collections::HashSet<&str> = (self.notes.iter())
            .map(|n| n.item_id.as_str())
            .chain(
                (self.resolutions.iter())
                    .flat_map(|r| [r.agreement_id.as_str(), r.item_id.as_str()]),
            )
            .chain(self.added_by.iter().map(|a| a.item_id.as_str()))
            .filter(|id| !id.is_empty())
            .collect();
        let texts: HashMap<String, String> = LIST_STEPS
            .into_iter()
            .flat_map(|step| self.ids_and_texts(step))
            .filter(|(id, _)| named.contains(id))
            .map(|(id, text)| (id.to_string(), text.to_string()))
            .collect();
        let label = |id: &str, label: &mut String| {
            if let Some(text) = texts.get(id) {
                label.clone_from(text);
            }
        };
        for n in &mut self.notes {
            label(&n.item_id, &mut n.item);
        }
        for r in &mut self.resolutions {
            label(&r.agreement_id, &mut r.agreement);
            label(&r.item_id, &mut r.item);
        }
        for a in &mut self.added_by {
            label(&a.item_id, &mut a.item);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{Agreement, Dimension, Session, Step, Timestamp};

    fn session() -> Session {
        let mut s = Session::new("notes001", "Notes", Timestamp::from_unix(1_795_000_000));
        s.add_item(Dimension::Costs, "Fee");
        s.add_item(Dimension::Costs, "Fee");
        s.agreements.push(Agreement {
            text: "Renegotiate".into(),
            ..Default::default()
        });
        s.ensure_ids();
        s
    }

    #[test]
    fn two_items_with_the_same_words_keep_their_own_notes() {
        let mut s = session();
        let (first, second) = (s.costs[0].id.clone(), s.costs[1].id.clone());
        s.set_note_on(Step::Costs, &first, "Per user");
        s.set_note_on(Step::Costs, &second, "Per site");
        assert_eq!(s.note_on(&first), Some("Per user"));
        assert_eq!(s.note_on(&second), Some("Per site"));
        s.set_note_on(Step::Costs, &first, "");
        assert_eq!(s.note_on(&first), None);
        assert_eq!(s.note_on(&second), Some("Per site"));
    }

    /// Found by a mutation run: a note set by id replaces an older file's note on the same
    /// item's words that is not linked yet, and leaves another item's unlinked note alone.
    #[test]
    fn a_note_set_by_id_replaces_the_unlinked_note_on_its_words_only() {
        let mut s = session();
        s.add_item(Dimension::Costs, "Licence");
        s.ensure_ids();
        s.notes = vec![
            crate::domain::ItemNote::by_text(Step::Costs, "Fee", "old note"),
            crate::domain::ItemNote::by_text(Step::Costs, "Licence", "other item's"),
        ];
        let first = s.costs[0].id.clone();
        s.set_note_on(Step::Costs, &first, "new note");
        let notes: Vec<(&str, &str)> = s
            .notes
            .iter()
            .map(|n| (n.item.as_str(), n.note.as_str()))
            .collect();
        assert_eq!(notes, [("Licence", "other item's"), ("Fee", "new note")]);
    }

    /// Found by a mutation run: a note on words no item has yet replaces only the note kept
    /// on those words in that step.
    #[test]
    fn a_note_on_words_no_item_has_replaces_only_that_steps_note_on_them() {
        let mut s = session();
        s.notes = vec![
            crate::domain::ItemNote::by_text(Step::Costs, "Licence", "one"),
            crate::domain::ItemNote::by_text(Step::Costs, "Support", "two"),
            crate::domain::ItemNote::by_text(Step::Risks, "Licence", "three"),
        ];
        s.set_note(Step::Costs, "Licence", "four");
        let notes: Vec<(Step, &str, &str)> = s
            .notes
            .iter()
            .map(|n| (n.step, n.item.as_str(), n.note.as_str()))
            .collect();
        assert_eq!(
            notes,
            [
                (Step::Costs, "Support", "two"),
                (Step::Risks, "Licence", "three"),
                (Step::Costs, "Licence", "four"),
            ]
        );
    }

    /// Found by a mutation run: `resolved_by` (by step and words) finds only the agreements
    /// whose resolution names both; the same words on another step are another item.
    #[test]
    fn resolved_by_words_takes_the_step_and_the_words() {
        let mut s = session();
        s.resolutions = vec![crate::domain::Resolution::by_text(
            "Renegotiate",
            Step::Risks,
            "Fee",
        )];
        assert_eq!(s.resolved_by(Step::Risks, "Fee").count(), 1);
        assert_eq!(s.resolved_by(Step::Costs, "Fee").count(), 0);
        assert_eq!(s.resolved_by(Step::Risks, "Licence").count(), 0);
    }

    /// Found by a mutation run: a record not linked yet names an item by its step *and* its
    /// words (`||` for `&&` in `names_item`), and an agreement resolves only the item its
    /// resolution names (`||` for `&&` in `resolved_by_item`).
    #[test]
    fn a_record_names_its_own_item_only() {
        let mut s = session();
        s.add_item(Dimension::Costs, "Licence");
        s.add_item(Dimension::Risks, "Fee");
        s.ensure_ids();
        s.notes = vec![crate::domain::ItemNote::by_text(
            Step::Costs,
            "Fee",
            "old note",
        )];
        assert_eq!(s.note_at(Step::Costs, 0), Some("old note"));
        assert_eq!(s.note_at(Step::Costs, 2), None, "another item of the step");
        assert_eq!(
            s.note_at(Step::Risks, 0),
            None,
            "the same words on another step"
        );
        let (first, second) = (s.costs[0].id.clone(), s.costs[1].id.clone());
        let agreement = s.agreements[0].id.clone();
        s.set_resolves(&agreement, Some((Step::Costs, first.as_str())));
        assert_eq!(s.resolved_by_item(&first).count(), 1);
        assert_eq!(s.resolved_by_item(&second).count(), 0);
    }

    #[test]
    fn editing_words_keeps_the_note_and_the_agreement_without_a_rename() {
        let mut s = session();
        s.set_note(Step::Costs, "Fee", "Too high");
        s.resolutions.push(crate::domain::Resolution::by_text(
            "Renegotiate",
            Step::Costs,
            "Fee",
        ));
        s.link_records();
        let id = s.costs[0].id.clone();
        s.costs[0].text = "Monthly fee".into();
        s.agreements[0].text = "Renegotiate the fee".into();
        assert_eq!(s.note_on(&id), Some("Too high"));
        assert_eq!(
            s.resolves(&s.agreements[0]),
            Some((Step::Costs, "Monthly fee"))
        );
        assert_eq!(s.resolved_by_item(&id).count(), 1);
        // The labels catch up for a person reading the file.
        s.relabel();
        assert_eq!(s.note(Step::Costs, "Monthly fee"), Some("Too high"));
        assert_eq!(s.resolutions[0].agreement, "Renegotiate the fee");
        assert_eq!(s.resolutions[0].item, "Monthly fee");
    }

    #[test]
    fn an_older_files_added_by_record_is_linked_to_its_item_by_text_once() {
        let mut s = session();
        s.added_by.push(crate::domain::AddedBy {
            step: Step::Costs,
            item_id: String::new(),
            item: "Fee".into(),
            by: "Priya".into(),
        });
        s.link_records();
        assert_eq!(s.added_by[0].item_id, s.costs[0].id);
        s.costs[0].text = "Monthly fee".into();
        s.relabel();
        assert_eq!(s.added_by[0].item, "Monthly fee");
    }

    #[test]
    fn linking_matches_a_record_by_text_to_the_first_such_item_and_leaves_strays() {
        let mut s = session();
        s.notes
            .push(crate::domain::ItemNote::by_text(Step::Costs, "Fee", "Old"));
        s.notes.push(crate::domain::ItemNote::by_text(
            Step::Costs,
            "Gone",
            "Stray",
        ));
        s.link_records();
        assert_eq!(s.notes[0].item_id, s.costs[0].id);
        assert_eq!(s.notes[1].item_id, "");
        assert_eq!(s.note(Step::Costs, "Gone"), Some("Stray"));
    }

    #[test]
    fn an_agreement_resolves_one_item_by_id() {
        let mut s = session();
        let (agreement, second) = (s.agreements[0].id.clone(), s.costs[1].id.clone());
        s.set_resolves(&agreement, Some((Step::Costs, &s.costs[0].id.clone())));
        s.set_resolves(&agreement, Some((Step::Costs, &second)));
        assert_eq!(s.resolutions.len(), 1);
        assert_eq!(s.resolved_item(&s.agreements[0]).map(|i| i.index), Some(1));
        s.set_resolves(&agreement, None);
        assert!(s.resolutions.is_empty());
    }
}
