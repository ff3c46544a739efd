//! What a session records beside its items: discussion notes, which agreement resolves which
//! item, the closing answers, and the conflicts a merge could not decide.

use super::step::Step;
use serde::{Deserialize, Serialize};

/// A discussion note on one item: what the room said about it, kept beside the items (not in
/// them) and found by the item's step and text, like `compare` matches items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemNote {
    pub step: Step,
    /// The text of the item the note belongs to.
    pub item: String,
    pub note: String,
}

/// An agreed action that resolves an item (a disagreement, a cost, a risk), by their texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// The text of the agreement.
    pub agreement: String,
    pub step: Step,
    /// The text of the item it resolves.
    pub item: String,
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

/// An item a participant added, by its step and text, and their name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedBy {
    pub step: Step,
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
