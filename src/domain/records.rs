//! What a session records beside its items: discussion notes, which agreement resolves which
//! item, the closing answers, and the conflicts a merge could not decide.

use super::step::Step;
use serde::{Deserialize, Serialize};

/// A discussion note on one item: what the room said about it, kept beside the items (not in
/// them) and found by the item's id, so it stays with the item whatever its words become.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemNote {
    pub step: Step,
    /// The id of the item the note is on; empty in a file written before notes had ids, until
    /// loading matches the note to its item by step and text (`Session::link_records`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item_id: String,
    /// The item's text: a label for a person reading the file, brought up to date on save.
    pub item: String,
    pub note: String,
}

impl ItemNote {
    /// A note on the item of `step` with text `item`, matched to its id when the session is
    /// next linked (on load, merge or save).
    pub fn by_text(step: Step, item: &str, note: &str) -> ItemNote {
        ItemNote {
            step,
            item_id: String::new(),
            item: item.to_string(),
            note: note.to_string(),
        }
    }
}

/// An agreed action that resolves an item (a disagreement, a cost, a risk), by their ids; the
/// texts beside them are labels for a person reading the file, brought up to date on save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// The id of the agreement; empty in a file written before resolutions had ids.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub agreement_id: String,
    /// The text of the agreement.
    pub agreement: String,
    pub step: Step,
    /// The id of the item it resolves; empty in a file written before resolutions had ids.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item_id: String,
    /// The text of the item it resolves.
    pub item: String,
}

impl Resolution {
    /// Agreement `agreement` resolves the item of `step` with text `item`, both by text until
    /// the session is next linked (on load, merge or save).
    pub fn by_text(agreement: &str, step: Step, item: &str) -> Resolution {
        Resolution {
            agreement_id: String::new(),
            agreement: agreement.to_string(),
            step,
            item_id: String::new(),
            item: item.to_string(),
        }
    }
}

/// Blanks the text labels of the resolutions in a session's data (`serde_json`) where they
/// name both ends by id: records that differ only in a label (an item or agreement reworded
/// since) are then the same record, for a merge or for comparing copies.
pub(crate) fn unlabel_resolutions(session: &mut serde_json::Value) {
    use serde_json::Value;
    let Some(resolutions) = session.get_mut("resolutions").and_then(Value::as_array_mut) else {
        return;
    };
    for r in resolutions.iter_mut().filter_map(Value::as_object_mut) {
        for (id, label) in [("agreement_id", "agreement"), ("item_id", "item")] {
            if r.get(id)
                .and_then(Value::as_str)
                .is_some_and(|id| !id.is_empty())
            {
                r.insert(label.into(), Value::String(String::new()));
            }
        }
    }
}

/// The four closing questions of the Summary step, answered in free text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    /// What the service helps the consumer achieve.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub achieves: String,
    /// What it costs them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub costs: String,
    /// What risks it addresses or introduces.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub risks: String,
    /// How they perceive its benefit, usefulness and importance.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub perception: String,
}

impl Closing {
    pub fn answers(&self) -> [(&'static str, &str); 4] {
        [
            (
                "What does the service help the consumer achieve?",
                &self.achieves,
            ),
            ("What does it cost them?", &self.costs),
            ("What risks does it address or introduce?", &self.risks),
            (
                "How do they perceive its benefit, usefulness and importance?",
                &self.perception,
            ),
        ]
    }
}

/// An item a participant added, by its id (with its text as a label, kept up to date as a
/// note's is), and their name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedBy {
    pub step: Step,
    /// The item's id; empty in files written before items were named by id (linked on load).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item_id: String,
    pub item: String,
    pub by: String,
}

/// One thing two copies of a session said differently, recorded by a merge: the merged file
/// keeps one value (the first copy's) and this says what the other said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// The step of the item concerned; `None` for the session's own fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    /// The item's id; empty for the session's own fields.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item: String,
    /// Whose rating it is, for a rating conflict; empty for anything else.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rater: String,
    /// As shown to people: `Benefits 2 "text": Priya 3 (ours) vs 4 (theirs)`.
    pub message: String,
}
