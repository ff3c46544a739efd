//! Item ids on a session: the id of an item, and giving every item one (`session::item_id`
//! says how an id is made), so copies of a session match items by id when they merge.

use super::session::{Session, Step, item_id};

impl Session {
    /// The ids of every item of every list step, by step, in list order.
    fn ids_mut(&mut self) -> [(Step, Vec<(&mut String, &str)>); 8] {
        fn of<'a, T: 'a>(
            list: impl IntoIterator<Item = &'a mut T>,
            parts: fn(&'a mut T) -> (&'a mut String, &'a str),
        ) -> Vec<(&'a mut String, &'a str)> {
            list.into_iter().map(parts).collect()
        }
        [
            (
                Step::Context,
                of(&mut self.context, |i| (&mut i.id, &i.text)),
            ),
            (
                Step::Benefits,
                of(&mut self.benefits, |i| (&mut i.id, &i.text)),
            ),
            (
                Step::Usefulness,
                of(&mut self.usefulness, |i| (&mut i.id, &i.text)),
            ),
            (
                Step::Importance,
                of(&mut self.importance, |i| (&mut i.id, &i.text)),
            ),
            (
                Step::Outcomes,
                of(&mut self.outcomes, |i| (&mut i.id, &i.text)),
            ),
            (Step::Costs, of(&mut self.costs, |i| (&mut i.id, &i.text))),
            (Step::Risks, of(&mut self.risks, |i| (&mut i.id, &i.text))),
            (
                Step::Agreements,
                of(&mut self.agreements, |i| (&mut i.id, &i.text)),
            ),
        ]
    }

    /// The id of item `index` of `step`; `None` when there is no such item.
    pub fn item_id(&self, step: Step, index: usize) -> Option<&str> {
        let id = match step {
            Step::Setup | Step::Summary => return None,
            Step::Context => &self.context.get(index)?.id,
            Step::Benefits => &self.benefits.get(index)?.id,
            Step::Usefulness => &self.usefulness.get(index)?.id,
            Step::Importance => &self.importance.get(index)?.id,
            Step::Outcomes => &self.outcomes.get(index)?.id,
            Step::Costs => &self.costs.get(index)?.id,
            Step::Risks => &self.risks.get(index)?.id,
            Step::Agreements => &self.agreements.get(index)?.id,
        };
        Some(id)
    }

    /// Gives every item without an id one (`item_id`), unique in the session: an item from an
    /// older file, one written by hand, or one just added. An id given twice (an item copied
    /// by hand in the file) stays with its first item; the copy gets a new one, so a merge
    /// never takes two items for one. Other ids are kept.
    pub fn ensure_ids(&mut self) {
        let mut lists = self.ids_mut();
        let mut taken: std::collections::HashSet<String> = lists
            .iter()
            .flat_map(|(_, items)| items.iter().map(|(id, _)| (**id).clone()))
            .filter(|id| !id.is_empty())
            .collect();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (step, items) in lists.iter_mut() {
            for (position, (id, text)) in items.iter_mut().enumerate() {
                if !id.is_empty() && seen.insert((**id).clone()) {
                    continue;
                }
                // A clash (the same text again at a place an item held before) takes the next
                // free variant, still derived from the item alone.
                let mut salt = 0;
                let mut candidate = item_id(*step, position, text);
                while taken.contains(&candidate) {
                    salt += 1;
                    candidate = item_id(*step, position, &format!("{text}\u{1f}{salt}"));
                }
                taken.insert(candidate.clone());
                seen.insert(candidate.clone());
                **id = candidate;
            }
        }
    }
}
