//! What changed between two sessions of the same service: scores, items added or removed, and
//! gaps between the sides that closed or opened. Items are matched by step and text.

use super::rating::{Points, Side};
use super::session::{Agreement, AgreementStatus, Dimension, Session, Step};
use super::value::{DISCUSS_GAP, Score, Summary, Viewer, summarize_as};
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

/// Did the action work: an item an agreement of the earlier session resolves, with its gap
/// between the sides then and now, and where the agreement stands now.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub step: Step,
    pub item: String,
    pub agreement: String,
    /// The agreement's status in the later session (or the earlier, if not carried over).
    pub status: AgreementStatus,
    /// The gap in the earlier session; none where one side had not rated.
    pub old_gap: Points,
    /// The gap now; none where the item is gone or not rated by both sides yet.
    pub new_gap: Points,
}

impl Resolved {
    /// Whether the action closed in on its gap: `Some(true)` when the gap now is smaller
    /// than then, `Some(false)` when it is not, `None` while either is unmeasured (so a mark
    /// never claims a result nobody has rated yet).
    pub fn narrowed(&self) -> Option<bool> {
        Some(self.new_gap.value()? < self.old_gap.value()?)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub value_index: Change,
    /// The index with every component weighing the same; `None` unless either session has
    /// agreed weights (then it stands beside the weighted one).
    pub equal_weights_index: Option<Change>,
    pub alignment: Change,
    /// Per dimension: the provider's and the consumer's change.
    pub dimensions: Vec<(Dimension, Change, Change)>,
    pub added: Vec<ItemRef>,
    pub removed: Vec<ItemRef>,
    /// Gaps of 2 or more that are now under 2.
    pub gaps_closed: Vec<GapChange>,
    /// Gaps under 2 (or not yet measured) that are now 2 or more.
    pub gaps_opened: Vec<GapChange>,
    /// The items the old session's agreements resolve, with their gaps then and now.
    pub resolved: Vec<Resolved>,
    /// Actions open in the old session and done in the new one (matched by text).
    pub completed: Vec<String>,
    /// Actions open in the old session and dropped in the new one.
    pub dropped: Vec<String>,
    /// Ratings not yet revealed that the viewer may not see and that were left out, in the old
    /// and the new session.
    pub hidden: (usize, usize),
    /// Ratings not yet revealed that the numbers include (`Viewer::Everything`), old and new.
    pub included_hidden: (usize, usize),
}

fn texts(session: &Session) -> Vec<ItemRef> {
    Step::ALL
        .into_iter()
        .flat_map(|step| {
            session
                .ids_and_texts(step)
                .into_iter()
                .map(move |(_, text)| ItemRef {
                    step,
                    text: text.to_string(),
                })
        })
        .collect()
}

/// Each rated item's gap as `viewer` sees it, and whether it reaches the discuss-next line.
fn gaps(session: &Session, viewer: Viewer<'_>) -> BTreeMap<(Step, String), Option<(f64, bool)>> {
    let sight = viewer.over(session);
    session
        .rated_items()
        .map(|i| {
            let seen = sight.sees(i.rating);
            let gap = seen.gap().map(|g| (g, seen.gap_reaches(DISCUSS_GAP)));
            ((i.dimension.step(), i.text.to_string()), gap)
        })
        .collect()
}

type Gaps = BTreeMap<(Step, String), Option<(f64, bool)>>;

/// Each item an agreement of `old` resolves, with its gap then and now (items matched by step
/// and text, agreements by text), in the order of the old session's agreements.
fn resolved(old: &Session, new: &Session, old_gaps: &Gaps, new_gaps: &Gaps) -> Vec<Resolved> {
    let gap = |gaps: &Gaps, step: Step, item: &str| {
        Points::new(
            gaps.get(&(step, item.to_string()))
                .copied()
                .flatten()
                .map(|(g, _)| g),
        )
    };
    old.agreements
        .iter()
        .filter_map(|a| {
            let (step, item) = old.resolves(a)?;
            let now = new.agreements.iter().find(|b| b.text == a.text);
            // Carried into the earlier review and closed there: its comparison was that
            // review's (against the one before), not this one's. An action agreed in the
            // earlier review is this comparison's, even when it was done before this review.
            if now.is_none() && !a.is_open() && a.carried {
                return None;
            }
            Some(Resolved {
                step,
                item: item.to_string(),
                agreement: a.text.clone(),
                status: now.map_or(a.status, |b| b.status),
                old_gap: gap(old_gaps, step, item),
                new_gap: gap(new_gaps, step, item),
            })
        })
        .collect()
}

/// The comparison of every rating (the facilitator's own use); see `compare_as`.
pub fn compare(old: &Session, new: &Session) -> Comparison {
    compare_as(old, new, Viewer::Everything)
}

/// What changed between two sessions, in the numbers `viewer` may see of each.
pub fn compare_as(old: &Session, new: &Session, viewer: Viewer<'_>) -> Comparison {
    let (a, b): (Summary, Summary) = (summarize_as(old, viewer), summarize_as(new, viewer));
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

    let (added, removed) = added_and_removed(old, new);
    let (old_gaps, new_gaps) = (gaps(old, viewer), gaps(new, viewer));
    let (gaps_closed, gaps_opened) = gap_changes(&old_gaps, &new_gaps);
    let completed = closed_since(old, new, |a| a.status == AgreementStatus::Done);
    let dropped = closed_since(old, new, |a| a.status == AgreementStatus::Dropped);

    Comparison {
        resolved: resolved(old, new, &old_gaps, &new_gaps),
        hidden: (a.hidden, b.hidden),
        included_hidden: (a.included_hidden, b.included_hidden),
        completed,
        dropped,
        value_index: Change {
            old: a.value_index.value,
            new: b.value_index.value,
        },
        equal_weights_index: (a.value_index.weights.is_some() || b.value_index.weights.is_some())
            .then_some(Change {
                old: a.value_index.equal,
                new: b.value_index.equal,
            }),
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

/// The items only the new session has, and those only the old one had.
fn added_and_removed(old: &Session, new: &Session) -> (Vec<ItemRef>, Vec<ItemRef>) {
    let (old_items, new_items) = (texts(old), texts(new));
    let added = new_items
        .iter()
        .filter(|i| !old_items.contains(i))
        .cloned()
        .collect();
    // An action done or dropped in the old session is not carried into a follow-up: it was
    // closed, not removed, and is listed as completed or dropped instead.
    let closed_before = |i: &ItemRef| {
        i.step == Step::Agreements
            && old
                .agreements
                .iter()
                .any(|a| a.text == i.text && !a.is_open())
    };
    let removed = old_items
        .iter()
        .filter(|i| !new_items.contains(i) && !closed_before(i))
        .cloned()
        .collect();
    (added, removed)
}

/// The gaps of items in both sessions that closed, and those that opened, each in step and
/// text order.
fn gap_changes(old_gaps: &Gaps, new_gaps: &Gaps) -> (Vec<GapChange>, Vec<GapChange>) {
    let mut gaps_closed = Vec::new();
    let mut gaps_opened = Vec::new();
    for ((step, text), new_gap) in new_gaps {
        let Some(old_gap) = old_gaps.get(&(*step, text.clone())) else {
            continue;
        };
        let change = |old_gap: f64, new_gap: f64| GapChange {
            step: *step,
            text: text.clone(),
            old_gap: Points::new(Some(old_gap)),
            new_gap: Points::new(Some(new_gap)),
        };
        match (*old_gap, *new_gap) {
            (Some((o, true)), Some((n, false))) => gaps_closed.push(change(o, n)),
            (Some((o, false)), Some((n, true))) => gaps_opened.push(change(o, n)),
            _ => {}
        }
    }
    let order = |g: &GapChange| (g.step, g.text.clone());
    gaps_closed.sort_by_key(order);
    gaps_opened.sort_by_key(order);
    (gaps_closed, gaps_opened)
}

/// The old session's actions that `closed` says are closed: open before and closed now; or
/// closed in the old session after it was held, and so not carried into the new one.
fn closed_since(old: &Session, new: &Session, closed: fn(&Agreement) -> bool) -> Vec<String> {
    old.agreements
        .iter()
        .filter(|a| {
            let now = new.agreements.iter().find(|b| b.text == a.text);
            match now {
                Some(b) => a.is_open() && closed(b),
                None => closed(a),
            }
        })
        .map(|a| a.text.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Timestamp;

    /// Found by a mutation run: which resolving actions a comparison looks back on. One done
    /// before the earlier review and not carried on is that review's story (it was carried
    /// into the earlier review, `carried`, and closed there); one that was open then, or that
    /// the later session still holds, is this one's.
    #[test]
    fn the_actions_looked_back_on_are_the_open_and_the_carried() {
        use crate::domain::{Benefit, Resolution};
        let action = |text: &str, status| Agreement {
            text: text.into(),
            status,
            ..Default::default()
        };
        let mut old = Session::new("a", "Q1", Timestamp::from_unix(0));
        old.benefits.push(Benefit {
            text: "Fewer outages".into(),
            ..Default::default()
        });
        old.agreements = vec![
            action("Open, not carried", AgreementStatus::Open),
            action("Done, carried", AgreementStatus::Done),
            Agreement {
                carried: true,
                ..action("Done, not carried", AgreementStatus::Done)
            },
        ];
        for a in &old.agreements {
            old.resolutions.push(Resolution::by_text(
                &a.text,
                Step::Benefits,
                "Fewer outages",
            ));
        }
        old.ensure_ids();
        old.link_records();
        let mut new = old.clone();
        new.agreements = vec![action("Done, carried", AgreementStatus::Done)];
        let looked_back: Vec<String> = compare(&old, &new)
            .resolved
            .into_iter()
            .map(|r| r.agreement)
            .collect();
        assert_eq!(looked_back, ["Open, not carried", "Done, carried"]);
    }

    /// A trial's find: an action agreed in the earlier review and done before the follow-up
    /// was made (so not carried into it) was left out of "did the actions work", though its
    /// item's gap went from 3.5 to 1 and nothing had looked back on it before.
    #[test]
    fn an_action_agreed_and_done_in_the_earlier_review_is_looked_back_on() {
        use crate::domain::{Outcome, Rating, Ratings, Resolution};
        let mut old = Session::new("a", "Q1", Timestamp::from_unix(0));
        old.blind = false;
        old.outcomes.push(Outcome {
            text: "Orders grow".into(),
            rating: Ratings::new(Rating::new(1), Rating::new(5)),
            ..Default::default()
        });
        old.agreements.push(Agreement {
            text: "Share the dashboard".into(),
            status: AgreementStatus::Done,
            ..Default::default()
        });
        old.resolutions.push(Resolution::by_text(
            "Share the dashboard",
            Step::Outcomes,
            "Orders grow",
        ));
        old.ensure_ids();
        old.link_records();
        let mut new = crate::domain::follow_up::follow_up(&old, "b", "Q2", Timestamp::from_unix(9));
        assert!(new.agreements.is_empty(), "done actions stay behind");
        new.blind = false;
        new.outcomes[0].rating = Ratings::new(Rating::new(4), Rating::new(5));
        let resolved = compare(&old, &new).resolved;
        assert_eq!(resolved.len(), 1, "{resolved:?}");
        assert_eq!(resolved[0].agreement, "Share the dashboard");
        assert_eq!(resolved[0].status, AgreementStatus::Done);
        assert_eq!(resolved[0].old_gap, Points::new(Some(4.0)));
        assert_eq!(resolved[0].new_gap, Points::new(Some(1.0)));
        assert_eq!(resolved[0].narrowed(), Some(true));
    }

    #[test]
    fn actions_completed_or_dropped_since_the_previous_session_are_listed() {
        let action = |text: &str, done, dropped| Agreement {
            text: text.into(),
            status: match (done, dropped) {
                (_, true) => AgreementStatus::Dropped,
                (true, false) => AgreementStatus::Done,
                (false, false) => AgreementStatus::Open,
            },
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
        assert!(c.removed.is_empty(), "{:?}", c.removed);
        let none = compare(&new, &new);
        assert!(none.completed.is_empty() && none.dropped.is_empty());
    }

    fn outcome(text: &str, p: Option<u8>, c: Option<u8>) -> crate::domain::Outcome {
        crate::domain::Outcome {
            text: text.into(),
            rating: crate::domain::Ratings::new(
                p.and_then(crate::domain::Rating::new),
                c.and_then(crate::domain::Rating::new),
            ),
            ..Default::default()
        }
    }

    #[test]
    fn a_gap_opens_or_closes_only_when_it_crosses_the_discuss_line() {
        // (text, old provider/consumer, new provider/consumer)
        let cases = [
            ("2 to 1", (3, 1), (3, 2)),
            ("3 to 0", (4, 1), (4, 4)),
            ("1 to 2", (3, 2), (4, 2)),
            ("0 to 4", (3, 3), (5, 1)),
            ("3 stays 3", (4, 1), (1, 4)),
            ("0 to 1", (3, 3), (3, 4)),
            ("2 stays 2", (3, 1), (1, 3)),
            ("1 stays 1", (2, 3), (2, 3)),
        ];
        let mut old = Session::new("a", "Q1", Timestamp::from_unix(0));
        let mut new = Session::new("b", "Q2", Timestamp::from_unix(0));
        for (text, (op, oc), (np, nc)) in cases {
            old.outcomes.push(outcome(text, Some(op), Some(oc)));
            new.outcomes.push(outcome(text, Some(np), Some(nc)));
        }
        old.outcomes.push(outcome("unrated before", Some(1), None));
        new.outcomes
            .push(outcome("unrated before", Some(1), Some(5)));
        old.outcomes
            .push(outcome("unrated after", Some(1), Some(5)));
        new.outcomes.push(outcome("unrated after", Some(1), None));
        let c = compare(&old, &new);
        let texts = |g: &[GapChange]| -> Vec<(String, Option<f64>, Option<f64>)> {
            g.iter()
                .map(|g| (g.text.clone(), g.old_gap.value(), g.new_gap.value()))
                .collect()
        };
        assert_eq!(
            texts(&c.gaps_closed),
            [
                ("2 to 1".to_string(), Some(2.0), Some(1.0)),
                ("3 to 0".to_string(), Some(3.0), Some(0.0))
            ]
        );
        assert_eq!(
            texts(&c.gaps_opened),
            [
                ("0 to 4".to_string(), Some(0.0), Some(4.0)),
                ("1 to 2".to_string(), Some(1.0), Some(2.0))
            ]
        );
        assert!(c.added.is_empty() && c.removed.is_empty());
    }

    #[test]
    fn changes_are_new_minus_old_and_items_are_matched_by_step_and_text() {
        let mut old = Session::new("a", "Q1", Timestamp::from_unix(0));
        old.outcomes.push(outcome("kept", Some(5), Some(5)));
        old.outcomes.push(outcome("gone", Some(1), Some(1)));
        let mut new = Session::new("b", "Q2", Timestamp::from_unix(0));
        new.outcomes.push(outcome("kept", Some(2), Some(5)));
        new.costs.push(crate::domain::Cost {
            text: "kept".into(),
            ..Default::default()
        });
        let c = compare(&old, &new);
        let (_, provider, consumer) = c.dimensions[3];
        assert_eq!((provider.old, provider.new), (Some(50.0), Some(25.0)));
        assert_eq!(provider.delta(), Some(-25.0));
        assert_eq!(consumer.delta(), Some(50.0));
        assert_eq!(
            c.value_index.delta(),
            Some(c.value_index.new.unwrap() - c.value_index.old.unwrap())
        );
        assert!(c.alignment.delta().unwrap() < 0.0, "gap 0 and 0 became 3");
        assert_eq!(
            Change {
                old: None,
                new: Some(1.0)
            }
            .delta(),
            None
        );
        let refs = |items: &[ItemRef]| -> Vec<(Step, String)> {
            items.iter().map(|i| (i.step, i.text.clone())).collect()
        };
        assert_eq!(refs(&c.added), [(Step::Costs, "kept".to_string())]);
        assert_eq!(refs(&c.removed), [(Step::Outcomes, "gone".to_string())]);
    }

    #[test]
    fn an_action_done_before_the_follow_up_is_completed_not_removed() {
        let action = |text: &str, status| Agreement {
            text: text.into(),
            status,
            ..Default::default()
        };
        let mut old = Session::new("a", "Q1", Timestamp::from_unix(0));
        old.agreements = vec![
            action("Fix the VPN", AgreementStatus::Done),
            action("Hire", AgreementStatus::Dropped),
            action("Still open", AgreementStatus::Open),
        ];
        // The follow-up carries only what is open.
        let new = crate::domain::follow_up::follow_up(&old, "b", "Q2", Timestamp::from_unix(9));
        let c = compare(&old, &new);
        assert_eq!(c.completed, ["Fix the VPN"]);
        assert_eq!(c.dropped, ["Hire"]);
        assert!(c.removed.is_empty(), "{:?}", c.removed);
        // An open action that is gone was removed.
        let mut gone = new.clone();
        gone.agreements.clear();
        let c = compare(&old, &gone);
        assert_eq!(
            c.removed,
            [ItemRef {
                step: Step::Agreements,
                text: "Still open".into()
            }]
        );
    }

    #[test]
    fn an_item_an_action_resolves_shows_its_gap_then_and_now() {
        let mut old = Session::new("a", "Q1", Timestamp::from_unix(0));
        old.outcomes
            .push(outcome("Staff know where to go", Some(5), Some(3)));
        old.outcomes.push(outcome("Untouched", Some(2), Some(5)));
        old.agreements.push(Agreement {
            text: "Signpost the portal".into(),
            ..Default::default()
        });
        old.resolutions.push(crate::domain::Resolution::by_text(
            "Signpost the portal",
            Step::Outcomes,
            "Staff know where to go",
        ));
        let mut new = crate::domain::follow_up::follow_up(&old, "b", "Q2", Timestamp::from_unix(9));
        new.agreements[0].status = AgreementStatus::Done;
        new.outcomes[0].rating = crate::domain::Ratings::new(
            crate::domain::Rating::new(4),
            crate::domain::Rating::new(4),
        );
        let c = compare(&old, &new);
        assert_eq!(
            c.resolved,
            [Resolved {
                step: Step::Outcomes,
                item: "Staff know where to go".into(),
                agreement: "Signpost the portal".into(),
                status: AgreementStatus::Done,
                old_gap: Points::new(Some(2.0)),
                new_gap: Points::new(Some(0.0)),
            }]
        );
        // Not yet rated again: the gap now is unknown, never 0.
        let unrated = crate::domain::follow_up::follow_up(&old, "c", "Q2", Timestamp::from_unix(9));
        let c = compare(&old, &unrated);
        assert_eq!(c.resolved[0].new_gap, Points::new(None));
        assert_eq!(c.resolved[0].status, AgreementStatus::Open);
        // Done before the next review and so not carried into the one after: listed once.
        let after = crate::domain::follow_up::follow_up(&new, "d", "Q3", Timestamp::from_unix(99));
        assert!(compare(&new, &after).resolved.is_empty());
    }

    #[test]
    fn an_action_narrowed_its_gap_only_where_both_gaps_are_measured() {
        let resolved = |old: Option<f64>, new: Option<f64>| Resolved {
            step: Step::Benefits,
            item: "Staff know where to go".into(),
            agreement: "Signpost the portal".into(),
            status: AgreementStatus::Open,
            old_gap: Points::new(old),
            new_gap: Points::new(new),
        };
        assert_eq!(resolved(Some(2.0), Some(0.0)).narrowed(), Some(true));
        assert_eq!(resolved(Some(2.0), Some(2.0)).narrowed(), Some(false));
        assert_eq!(resolved(Some(1.0), Some(3.0)).narrowed(), Some(false));
        assert_eq!(resolved(Some(1.8), None).narrowed(), None);
        assert_eq!(resolved(None, Some(1.0)).narrowed(), None);
    }
}
