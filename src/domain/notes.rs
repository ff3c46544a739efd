//! Discussion notes and resolutions: the note on an item, the agreements that resolve an
//! item, and keeping both attached to an item whose text is edited. Both follow an item by
//! its step and text, not its position.

use super::session::{Agreement, ItemNote, Session, Step};

impl Session {
    /// The discussion note on the item of `step` whose text is `item`, if it has one.
    pub fn note(&self, step: Step, item: &str) -> Option<&str> {
        self.notes
            .iter()
            .find(|n| n.step == step && n.item == item && !n.note.trim().is_empty())
            .map(|n| n.note.as_str())
    }

    /// Sets (or, with an empty note, removes) the discussion note on an item.
    pub fn set_note(&mut self, step: Step, item: &str, note: &str) {
        self.notes.retain(|n| !(n.step == step && n.item == item));
        if !note.trim().is_empty() {
            self.notes.push(ItemNote {
                step,
                item: item.to_string(),
                note: note.to_string(),
            });
        }
    }

    /// Keeps notes and resolutions attached when an item's text is edited.
    pub fn rename_item(&mut self, step: Step, old: &str, new: &str) {
        for n in self
            .notes
            .iter_mut()
            .filter(|n| n.step == step && n.item == old)
        {
            n.item = new.to_string();
        }
        for r in &mut self.resolutions {
            if step == Step::Agreements && r.agreement == old {
                r.agreement = new.to_string();
            } else if r.step == step && r.item == old {
                r.item = new.to_string();
            }
        }
    }

    /// The agreements that name the item of `step` with text `item` as the one they resolve.
    pub fn resolved_by<'a>(
        &'a self,
        step: Step,
        item: &'a str,
    ) -> impl Iterator<Item = &'a Agreement> + 'a {
        self.agreements.iter().filter(move |a| {
            self.resolutions
                .iter()
                .any(|r| r.step == step && r.item == item && r.agreement == a.text)
        })
    }

    /// The item (step and text) an agreement resolves, if it names one that exists.
    pub fn resolves(&self, agreement: &Agreement) -> Option<(Step, &str)> {
        self.resolutions
            .iter()
            .filter(|r| r.agreement == agreement.text)
            .find(|r| {
                self.rated_items()
                    .any(|i| i.dimension.step() == r.step && i.text == r.item)
            })
            .map(|r| (r.step, r.item.as_str()))
    }
}
