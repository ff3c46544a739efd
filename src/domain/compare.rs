//! What changed between two sessions of the same service: scores, items added or removed, and
//! gaps between the sides that closed or opened. Items are matched by step and text.

use super::rating::{Points, Side};
use super::session::{Agreement, Dimension, Session, Step};
use super::value::{DISCUSS_GAP, Score, Summary, summarize};
use std::collections::BTreeMap;

/// A score before and after.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    pub old: Score,
    pub new: Score,
}

impl Change {
    /// New minus old, when both exist.
    pub fn delta(&self) -> Score {
        Some(self.new? - self.old?)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ItemRef {
    pub step: Step,
    pub text: String,
}

/// An item in both sessions whose gap crossed the discuss-next line.
#[derive(Clone, Debug, PartialEq)]
pub struct GapChange {
    pub step: Step,
    pub text: String,
    pub old_gap: Points,
    pub new_gap: Points,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub value_index: Change,
    pub alignment: Change,
    /// Per dimension: the provider's and the consumer's change.
    pub dimensions: Vec<(Dimension, Change, Change)>,
    pub added: Vec<ItemRef>,
    pub removed: Vec<ItemRef>,
    /// Gaps of 2 or more that are now under 2.
    pub gaps_closed: Vec<GapChange>,
    /// Gaps under 2 (or not yet measured) that are now 2 or more.
    pub gaps_opened: Vec<GapChange>,
    /// Actions open in the old session and done in the new one (matched by text).
    pub completed: Vec<String>,
    /// Actions open in the old session and dropped in the new one.
    pub dropped: Vec<String>,
}

fn texts(session: &Session) -> Vec<ItemRef> {
    let mut out = Vec::new();
    let mut push = |step: Step, texts: Vec<&String>| {
        out.extend(texts.into_iter().map(|t| ItemRef {
            step,
            text: t.clone(),
        }));
    };
    push(
        Step::Context,
        session.context.iter().map(|i| &i.text).collect(),
    );
    push(
        Step::Benefits,
        session.benefits.iter().map(|i| &i.text).collect(),
    );
    push(
        Step::Usefulness,
        session.usefulness.iter().map(|i| &i.text).collect(),
    );
    push(
        Step::Importance,
        session.importance.iter().map(|i| &i.text).collect(),
    );
    push(
        Step::Outcomes,
        session.outcomes.iter().map(|i| &i.text).collect(),
    );
    push(Step::Costs, session.costs.iter().map(|i| &i.text).collect());
    push(Step::Risks, session.risks.iter().map(|i| &i.text).collect());
    push(
        Step::Agreements,
        session.agreements.iter().map(|i| &i.text).collect(),
    );
    out
}

fn gaps(session: &Session) -> BTreeMap<(Step, String), Option<f64>> {
    session
        .rated_items()
        .map(|i| ((i.dimension.step(), i.text.to_string()), i.rating.gap()))
        .collect()
}

pub fn compare(old: &Session, new: &Session) -> Comparison {
    let (a, b): (Summary, Summary) = (summarize(old), summarize(new));
    let dimensions = Dimension::ALL
        .into_iter()
        .map(|d| {
            let side = |s: Side| Change {
                old: a.dimension(d).side(s),
                new: b.dimension(d).side(s),
            };
            (d, side(Side::Provider), side(Side::Consumer))
        })
        .collect();

    let (old_items, new_items) = (texts(old), texts(new));
    let added = new_items
        .iter()
        .filter(|i| !old_items.contains(i))
        .cloned()
        .collect();
    let removed = old_items
        .iter()
        .filter(|i| !new_items.contains(i))
        .cloned()
        .collect();

    let (old_gaps, new_gaps) = (gaps(old), gaps(new));
    let mut gaps_closed = Vec::new();
    let mut gaps_opened = Vec::new();
    for ((step, text), new_gap) in &new_gaps {
        let Some(old_gap) = old_gaps.get(&(*step, text.clone())) else {
            continue;
        };
        let change = |old_gap: f64, new_gap: f64| GapChange {
            step: *step,
            text: text.clone(),
            old_gap: Points::new(Some(old_gap)),
            new_gap: Points::new(Some(new_gap)),
        };
        let line = f64::from(DISCUSS_GAP);
        match (*old_gap, *new_gap) {
            (Some(o), Some(n)) if o >= line && n < line => gaps_closed.push(change(o, n)),
            (Some(o), Some(n)) if o < line && n >= line => gaps_opened.push(change(o, n)),
            _ => {}
        }
    }
    let order = |g: &GapChange| (g.step, g.text.clone());
    gaps_closed.sort_by_key(order);
    gaps_opened.sort_by_key(order);

    let closed_since = |closed: fn(&Agreement) -> bool| -> Vec<String> {
        old.agreements
            .iter()
            .filter(|a| a.is_open())
            .filter(|a| new.agreements.iter().any(|b| b.text == a.text && closed(b)))
            .map(|a| a.text.clone())
            .collect()
    };
    let completed = closed_since(|a| a.done && !a.dropped);
    let dropped = closed_since(|a| a.dropped);

    Comparison {
        completed,
        dropped,
        value_index: Change {
            old: a.value_index.value,
            new: b.value_index.value,
        },
        alignment: Change {
            old: a.alignment,
            new: b.alignment,
        },
        dimensions,
        added,
        removed,
        gaps_closed,
        gaps_opened,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Timestamp;

    #[test]
    fn actions_completed_or_dropped_since_the_previous_session_are_listed() {
        let action = |text: &str, done, dropped| Agreement {
            text: text.into(),
            done,
            dropped,
            ..Default::default()
        };
        let mut old = Session::new("a", "Q1", Timestamp::from_unix(0));
        old.agreements = vec![
            action("Fix the VPN", false, false),
            action("Hire", false, false),
            action("Already done", true, false),
            action("Still open", false, false),
        ];
        let mut new = old.clone();
        new.agreements = vec![
            action("Fix the VPN", true, false),
            action("Hire", false, true),
            action("Already done", true, false),
            action("Still open", false, false),
            action("New and done", true, false),
        ];
        let c = compare(&old, &new);
        assert_eq!(c.completed, ["Fix the VPN"]);
        assert_eq!(c.dropped, ["Hire"]);
        let none = compare(&new, &new);
        assert!(none.completed.is_empty() && none.dropped.is_empty());
    }
}
