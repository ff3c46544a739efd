//! Item ids on a session: the id of an item, and giving every item one (`session::item_id`
//! says how an id is made), so copies of a session match items by id when they merge.

use super::session::{Session, Step, item_id};
use std::collections::HashSet;

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
        let mut seen: HashSet<&str> = HashSet::new();
        // Found first and written after, so only the items that change are touched: the rest
        // stay shared with a save's copy (`Items`).
        let mut given = Vec::new();
        for step in Step::ALL {
            for (position, (id, text)) in self.ids_and_texts(step).into_iter().enumerate() {
                if !id.is_empty() && seen.insert(id) {
                    continue;
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
