//! A comparison of two sessions as text or JSON.

use super::summary::score_json;
use super::words::realisation_text;
use crate::domain::compare::{Change, Comparison, GapChange, ItemRef, Resolved};
use crate::domain::{Date, Session};
use crate::text::{self, clean, fit, one_line, score_text};
use serde_json::{Value, json};
use std::fmt::Write;

fn change_text(change: Change) -> String {
    // The change shown is the difference of the two numbers shown, not of the exact scores.
    let delta = text::change(change.old, change.new)
        .map_or(String::new(), |d| format!("  ({})", text::signed(d)));
    format!(
        "{:>3} → {:>3}{delta}",
        score_text(change.old),
        score_text(change.new)
    )
}

fn change_json(change: Change) -> Value {
    json!({"old": score_json(change.old), "new": score_json(change.new), "change": score_json(change.delta())})
}

/// The new session's open actions past their due date on `today`, each with its due date.
fn overdue(new: &Session, today: Date) -> Vec<(&str, Date)> {
    new.agreements
        .iter()
        .filter(|a| a.is_overdue(today))
        .filter_map(|a| Some((a.text.as_str(), a.due?)))
        .collect()
}

/// How many ratings not yet revealed the comparison left out of each session, or that it
/// includes them (`--include-hidden`); nothing when neither session has any.
fn hidden_note(c: &Comparison) -> Option<String> {
    let ratings = |n: usize| format!("{n} rating{}", if n == 1 { "" } else { "s" });
    match c.hidden {
        (0, 0) => match c.included_hidden.0 + c.included_hidden.1 {
            0 => None,
            n => Some(format!(
                "Includes {} not yet revealed (--include-hidden), not for the room.",
                ratings(n)
            )),
        },
        (o, n) => Some(format!(
            "Ratings not yet revealed are left out: {} of the earlier session, {} of the later.",
            ratings(o),
            ratings(n)
        )),
    }
}

/// One resolved item in lines of at most `columns`: `Staff know where to go: gap 2 → 0,
/// resolved by "Signpost the portal" (done)` on one line when it fits, else broken after the
/// gaps with the agreement on an indented second line; texts too long for a line are cut.
pub fn resolved_lines(r: &Resolved, columns: usize) -> Vec<String> {
    let gaps = format!(": gap {} → {},", r.old_gap, r.new_gap);
    let by = format!(" resolved by \"{}\" ({})", r.agreement, r.status);
    let whole = format!("{}{gaps}{by}", one_line(&r.item));
    if text::width(&whole) <= columns {
        return vec![whole];
    }
    let status = format!("\" ({})", r.status);
    let item_room = columns.saturating_sub(text::width(&gaps));
    let agreement_room = columns.saturating_sub(4 + "resolved by \"".len() + text::width(&status));
    vec![
        format!("{}{gaps}", fit(&r.item, item_room)),
        format!(
            "  resolved by \"{}{status}",
            fit(&r.agreement, agreement_room)
        ),
    ]
}

/// "Did the actions work" as a Markdown section for a follow-up's report: each item an earlier
/// agreement resolves, with its gap then and now; empty when there is none.
pub fn resolved_markdown(resolved: &[Resolved]) -> String {
    if resolved.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n## Did the actions work\n\n");
    for r in resolved {
        let _ = writeln!(
            out,
            "- {}: gap {} → {}, resolved by \"{}\" ({})",
            super::markdown::inline(&r.item),
            r.old_gap,
            r.new_gap,
            super::markdown::inline(&r.agreement),
            r.status
        );
    }
    out
}

/// The resolved items as JSON: `gap` then and now, null where not measured.
pub fn resolved_json(resolved: &[Resolved]) -> Vec<Value> {
    resolved
        .iter()
        .map(|r| {
            json!({"step": r.step.key(), "item": r.item, "agreement": r.agreement,
                "status": r.status.name(), "old_gap": r.old_gap, "new_gap": r.new_gap})
        })
        .collect()
}

/// The two sessions' weights in words, when they differ (equal weights are no weights).
pub fn weights_differ(old: &Session, new: &Session) -> Option<(String, String)> {
    let words = |s: &Session| crate::domain::balance::weights_words(s.weights);
    (words(old) != words(new)).then(|| (words(old), words(new)))
}

/// What moved in the value balance between two sessions, a line each: exposure removed by
/// mitigation, the cost totals, and each measure's realisation (matched by step and text).
/// None of these rests on a rating, so no hidden rating shows through them.
pub fn balance_changes(old: &Session, new: &Session) -> Vec<String> {
    use crate::domain::summarize;
    let (a, b) = (summarize(old), summarize(new));
    let mut lines = Vec::new();
    let (was, now) = (a.risk.removed_by_mitigation, b.risk.removed_by_mitigation);
    if was.is_some() || now.is_some() {
        let shown = |n: Option<i64>| n.map_or("–".to_string(), |n| n.to_string());
        lines.push(format!(
            "Exposure removed by mitigation  {} → {}",
            shown(was),
            shown(now)
        ));
    }
    if a.cost_balance.is_informative() || b.cost_balance.is_informative() {
        for (word, was, now) in [
            ("removed", &a.cost_balance.removed, &b.cost_balance.removed),
            ("imposed", &a.cost_balance.imposed, &b.cost_balance.imposed),
        ] {
            let (was, now) = (was.figures_text(), now.figures_text());
            if was != now {
                lines.push(format!("Costs {word}  {was} → {now}"));
            }
        }
    }
    for m in &b.measures {
        let before = a
            .measures
            .iter()
            .find(|o| o.step == m.step && o.text == m.text);
        let was = before.and_then(|o| o.realisation);
        if before.is_some() && was != m.realisation {
            lines.push(format!(
                "Realised {} → {}  {}",
                realisation_text(was),
                realisation_text(m.realisation),
                one_line(&m.text)
            ));
        }
    }
    lines
}

/// The comparison as text for 80 columns; `today` decides which open actions are overdue.
pub fn text(old: &Session, new: &Session, c: &Comparison, today: Date) -> String {
    let mut out = String::new();
    heading(&mut out, old, new, c);
    numbers(&mut out, old, new, c);
    item_lists(&mut out, c);
    action_lists(&mut out, new, c, today);
    clean(&out).into_owned()
}

/// Which sessions are compared, what was left out, and whether their weights differ.
fn heading(out: &mut String, old: &Session, new: &Session, c: &Comparison) {
    let _ = writeln!(
        out,
        "From: {}\nTo:   {}\n",
        fit(&old.title, 70),
        fit(&new.title, 70)
    );
    if let Some(note) = hidden_note(c) {
        let _ = writeln!(out, "{note}\n");
    }
    // Said before the indexes, which each rest on their own session's weights.
    if let Some((was, now)) = weights_differ(old, new) {
        let _ = writeln!(
            out,
            "The weights of the value index differ, so its change is partly theirs:\n  from {}\n  to   {}\n",
            fit(&was, 70),
            fit(&now, 70)
        );
    }
}

/// The value index, the alignment, the value balance and each dimension per side, then and now.
fn numbers(out: &mut String, old: &Session, new: &Session, c: &Comparison) {
    let _ = writeln!(out, "Value index  {}", change_text(c.value_index));
    if let Some(equal) = c.equal_weights_index {
        // A weighted index never stands alone: the plain one beside it.
        let _ = writeln!(out, "  equal weights  {}", change_text(equal));
    }
    let _ = writeln!(out, "Alignment    {}\n", change_text(c.alignment));
    let balance = balance_changes(old, new);
    if !balance.is_empty() {
        for line in balance {
            let _ = writeln!(out, "{}", fit(&line, 80));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{:<12}{:<24}Consumer", "", "Provider");
    for (d, p, s) in &c.dimensions {
        let _ = writeln!(
            out,
            "{:<12}{:<24}{}",
            d.title(),
            change_text(*p),
            change_text(*s)
        );
    }
}

/// A heading with its count, then its rows indented.
fn list(out: &mut String, heading: &str, rows: Vec<String>) {
    let _ = writeln!(out, "\n{heading} ({})", rows.len());
    for row in rows {
        let _ = writeln!(out, "  {row}");
    }
}

/// Items added and removed, gaps closed (and whether the actions closed them), gaps opened.
fn item_lists(out: &mut String, c: &Comparison) {
    let item_row = |i: &ItemRef| format!("{:<11}{}", i.step.title(), fit(&i.text, 64));
    list(out, "Added", c.added.iter().map(item_row).collect());
    list(out, "Removed", c.removed.iter().map(item_row).collect());
    // The words padded by the columns they take (not by characters), to the longest of both
    // lists, so every `gap` lines up, also after emoji or CJK.
    let words = c
        .gaps_closed
        .iter()
        .chain(&c.gaps_opened)
        .map(|g| text::width(&fit(&g.text, 50)))
        .max()
        .unwrap_or(0);
    let gap_row = |g: &GapChange| {
        format!(
            "{:<11}{}  gap {} → {}",
            g.step.title(),
            text::pad(&g.text, words),
            g.old_gap,
            g.new_gap
        )
    };
    list(
        out,
        "Gaps closed",
        c.gaps_closed.iter().map(gap_row).collect(),
    );
    if !c.resolved.is_empty() {
        list(
            out,
            "Did the actions work",
            c.resolved
                .iter()
                .map(|r| resolved_lines(r, 76).join("\n    "))
                .collect(),
        );
    }
    list(
        out,
        "Gaps opened",
        c.gaps_opened.iter().map(gap_row).collect(),
    );
}

/// Actions completed and dropped since the earlier session, and those overdue on `today`.
fn action_lists(out: &mut String, new: &Session, c: &Comparison, today: Date) {
    list(
        out,
        "Actions completed since the previous session",
        c.completed.iter().map(|a| fit(a, 76)).collect(),
    );
    if !c.dropped.is_empty() {
        list(
            out,
            "Actions dropped since the previous session",
            c.dropped.iter().map(|a| fit(a, 76)).collect(),
        );
    }
    list(
        out,
        &format!("Overdue actions (open, due before {today})"),
        overdue(new, today)
            .into_iter()
            .map(|(a, due)| format!("{}  due {due}", fit(a, 62)))
            .collect(),
    );
}

/// [`json`] with both sessions' weights of the value index (`weights`: `old`, `new`, each null
/// when equal, and whether they `differ`), so a script knows whether the indexes compare.
pub fn json_between(old: &Session, new: &Session, c: &Comparison, today: Date) -> Value {
    let mut out = json(new, c, today);
    let weights = |s: &Session| {
        s.weights
            .filter(|w| !w.are_equal())
            .map_or(Value::Null, |w| {
                json!({"perceived_value": w.perceived_value, "outcomes": w.outcomes,
                   "costs": w.costs, "risks": w.risks})
            })
    };
    out["weights"] = json!({
        "old": weights(old),
        "new": weights(new),
        "differ": weights_differ(old, new).is_some(),
    });
    out
}

/// The comparison as JSON; exact scores, and the overdue actions as of `today`.
pub fn json(new: &Session, c: &Comparison, today: Date) -> Value {
    let dimensions: serde_json::Map<String, Value> = c
        .dimensions
        .iter()
        .map(|(d, p, s)| {
            (
                d.key().to_string(),
                json!({"provider": change_json(*p), "consumer": change_json(*s)}),
            )
        })
        .collect();
    let items = |items: &[crate::domain::compare::ItemRef]| -> Vec<Value> {
        items
            .iter()
            .map(|i| json!({"step": i.step.key(), "text": i.text}))
            .collect()
    };
    let gaps = |gaps: &[crate::domain::compare::GapChange]| -> Vec<Value> {
        gaps.iter()
            .map(|g| json!({"step": g.step.key(), "text": g.text, "old_gap": g.old_gap, "new_gap": g.new_gap}))
            .collect()
    };
    json!({
        "value_index": change_json(c.value_index),
        "equal_weights_index": c.equal_weights_index.map(change_json),
        "alignment": change_json(c.alignment),
        "dimensions": dimensions,
        "added": items(&c.added),
        "removed": items(&c.removed),
        "gaps_closed": gaps(&c.gaps_closed),
        "gaps_opened": gaps(&c.gaps_opened),
        "resolved": resolved_json(&c.resolved),
        "completed_actions": c.completed,
        "dropped_actions": c.dropped,
        "hidden_ratings": {"old": c.hidden.0, "new": c.hidden.1},
        "overdue_actions": overdue(new, today).into_iter()
            .map(|(a, due)| json!({"text": a, "due": due.to_string()}))
            .collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trial's find: `compare`'s "Gaps closed" rows put `gap` at a column that moved with
    /// each item's words (and by one more after emoji or CJK).
    #[test]
    fn every_gap_row_has_its_gap_in_one_column() {
        use crate::domain::{Outcome, Rating, Ratings, Timestamp, compare::compare};
        let rated = |p: u8, c: u8| Ratings::new(Rating::new(p), Rating::new(c));
        let mut old = Session::new("cmp00003", "Q1", Timestamp::from_unix(0));
        old.blind = false;
        for text in ["Checkout 🛒 loads fast in 東京", "Orders grow", "A"] {
            old.outcomes.push(Outcome {
                text: text.into(),
                rating: rated(1, 5),
                ..Default::default()
            });
        }
        let mut new = old.clone();
        for outcome in &mut new.outcomes {
            outcome.rating = rated(4, 5);
        }
        let c = compare(&old, &new);
        let out = text(&old, &new, &c, Date::new(2026, 12, 7).unwrap());
        let columns: Vec<usize> = out
            .lines()
            .filter_map(|l| l.find("  gap ").map(|at| crate::text::width(&l[..at])))
            .collect();
        assert_eq!(columns.len(), 3, "{out}");
        assert!(
            columns.iter().all(|c| *c == columns[0]),
            "{columns:?}\n{out}"
        );
    }

    /// Found by a mutation run: the cost totals are compared when either session has any, so
    /// a first cost with a figure shows against none.
    #[test]
    fn cost_totals_show_when_only_the_newer_session_has_any() {
        use crate::domain::{Dimension, Step, Timestamp};
        let old = Session::new("cmp00002", "Costs", Timestamp::from_unix(0));
        let mut new = old.clone();
        new.add_item(Dimension::Costs, "Licence");
        new.items_mut(Step::Costs).unwrap()[0]
            .cost_mut()
            .set_amount("6000 EUR/month");
        let lines = balance_changes(&old, &new);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("Costs imposed") && l.contains("6,000 EUR/month")),
            "{lines:?}"
        );
    }

    /// Found by a mutation run: exposure removed by mitigation is compared when either
    /// session has one, so a risk given its after between the two shows as `– → 8`.
    #[test]
    fn exposure_removed_shows_when_only_one_session_has_it() {
        use crate::domain::captured::Level;
        use crate::domain::{Dimension, Rating, RiskEffect, Step, Timestamp};
        let mut old = Session::new("cmp00001", "Risks", Timestamp::from_unix(0));
        old.add_item(Dimension::Risks, "Data loss");
        let mut new = old.clone();
        let risk = new.items_mut(Step::Risks).unwrap()[0].risk_mut();
        risk.effect = RiskEffect::Mitigated;
        risk.after = Some(Level {
            likelihood: Rating::new(1).unwrap(),
            impact: Rating::new(1).unwrap(),
        });
        assert_eq!(old.risks[0].risk().removed(), None);
        let lines = balance_changes(&old, &new);
        assert!(
            lines.contains(&"Exposure removed by mitigation  – → 8".to_string()),
            "{lines:?}"
        );
    }

    /// Found by a mutation run: each measure is compared with the same measure of the
    /// earlier session (same step, same words), not with another of its step.
    #[test]
    fn a_measure_is_compared_with_itself_not_with_its_neighbour() {
        use crate::domain::balance::{Figure, Figures};
        use crate::domain::{Dimension, Step, Timestamp};
        let figures = |actual: f64| {
            Some(Figures {
                baseline: Figure::new(0.0),
                target: Figure::new(100.0),
                actual: Figure::new(actual),
                ..Figures::default()
            })
        };
        let mut old = Session::new("cmp00003", "Measures", Timestamp::from_unix(0));
        for (text, actual) in [("Faster restores", 50.0), ("Fewer tickets", 100.0)] {
            old.add_item(Dimension::Benefits, text);
            let last = old.benefits.len() - 1;
            old.items_mut(Step::Benefits).unwrap()[last]
                .benefit_mut()
                .figures = figures(actual);
        }
        let mut new = old.clone();
        new.items_mut(Step::Benefits).unwrap()[0]
            .benefit_mut()
            .figures = figures(80.0);
        let realised: Vec<String> = balance_changes(&old, &new)
            .into_iter()
            .filter(|l| l.starts_with("Realised"))
            .collect();
        assert_eq!(realised, ["Realised 50 % → 80 %  Faster restores"]);
    }

    #[test]
    fn a_change_shown_is_the_difference_of_the_scores_shown() {
        let change = Change {
            old: Some(87.5),
            new: Some(62.5),
        };
        // Half-to-even printed "88 → 62 (-25)"; halves now round away from zero.
        assert_eq!(change_text(change), " 88 →  63  (−25)");
        let tiny = Change {
            old: Some(50.2),
            new: Some(49.9),
        };
        assert_eq!(change_text(tiny), " 50 →  50  (±0)", "never −0");
        let json = change_json(change);
        assert_eq!(json["change"], -25.0);
        assert_eq!(json["old"], 87.5);
    }

    #[test]
    fn dropped_actions_are_listed_only_when_there_are_some() {
        use crate::domain::{Agreement, Timestamp};
        let today = Date::new(2026, 11, 28).unwrap();
        let mut old = Session::new("a", "Q1", Timestamp::from_unix(0));
        old.agreements.push(Agreement {
            text: "Hire".into(),
            ..Default::default()
        });
        let mut new = old.clone();
        let quiet = text(
            &old,
            &new,
            &crate::domain::compare::compare(&old, &new),
            today,
        );
        assert!(!quiet.contains("dropped"), "{quiet}");
        assert!(quiet.contains("Actions completed since the previous session (0)"));
        new.agreements[0].status = crate::domain::AgreementStatus::Dropped;
        let shown = text(
            &old,
            &new,
            &crate::domain::compare::compare(&old, &new),
            today,
        );
        assert!(
            shown.contains("Actions dropped since the previous session (1)\n  Hire\n"),
            "{shown}"
        );
    }

    #[test]
    fn a_resolved_item_reads_gap_then_and_now_and_fits() {
        use crate::domain::{AgreementStatus, Points, Step};
        let r = Resolved {
            step: Step::Outcomes,
            item: "Staff know where to go".into(),
            agreement: "Signpost the portal".into(),
            status: AgreementStatus::Done,
            old_gap: Points::new(Some(2.0)),
            new_gap: Points::new(Some(0.0)),
        };
        assert_eq!(
            resolved_lines(&r, 76),
            ["Staff know where to go: gap 2 → 0, resolved by \"Signpost the portal\" (done)"]
        );
        let long = Resolved {
            item: "x".repeat(90),
            agreement: "y".repeat(90),
            new_gap: Points::new(None),
            ..r
        };
        let lines = resolved_lines(&long, 76);
        assert!(lines.iter().all(|l| text::width(l) <= 76), "{lines:?}");
        assert!(lines[0].ends_with("…: gap 2 → –,"), "{lines:?}");
        assert!(lines[1].starts_with("  resolved by \"yyy"), "{lines:?}");
        assert!(lines[1].ends_with("…\" (done)"), "{lines:?}");
        assert_eq!(resolved_json(&[long])[0]["new_gap"], Value::Null);
    }

    /// Found by a mutation run: no test had an agreement that fits its own line whole while
    /// the item needs the first (`4 * …` for `4 + …` left the agreement no room).
    #[test]
    fn an_agreement_that_fits_its_line_is_not_cut() {
        use crate::domain::{AgreementStatus, Points, Step};
        let r = Resolved {
            step: Step::Outcomes,
            item: "x".repeat(90),
            agreement: "y".repeat(50),
            status: AgreementStatus::Open,
            old_gap: Points::new(Some(3.0)),
            new_gap: Points::new(Some(1.0)),
        };
        let lines = resolved_lines(&r, 76);
        assert_eq!(
            lines[1],
            format!("  resolved by \"{}\" (open)", "y".repeat(50))
        );
    }
}
