//! A session as plain lines, one per fact: what `covalue show` prints and what git's textconv
//! feeds to `git diff`, so a diff of a session reads as "this item, this person's rating".
//! Every line names its item, so a diff hunk is clear on its own.

use super::words::{figures_words, realisation_text};
use crate::domain::balance::CostDirection;
use crate::domain::value::{Viewer, hidden_ratings};
use crate::domain::{Part, RatedItem, Role, Session, Side, Step};
use crate::text::one_line;
use std::fmt::Write;

/// `Benefits 2 "text"`: how lines (and merge conflicts) name an item.
fn item(step: Step, index: usize, text: &str) -> String {
    format!("{} {} {:?}", step.title(), index + 1, one_line(text))
}

/// What an item says of the value balance, one fact a line: a removed cost, a risk's after,
/// a measure's figures. None for an item that uses none of them.
fn balance_facts(session: &Session, rated: &RatedItem<'_>) -> Vec<String> {
    let Some(listed) = session.item(rated.dimension.step(), rated.index) else {
        return Vec::new();
    };
    let figures = match &listed.part {
        Part::Cost(cost) => {
            let removed = cost.direction == CostDirection::Removed;
            return removed
                .then(|| "removed by the service".to_string())
                .into_iter()
                .collect();
        }
        Part::Risk(risk) => {
            return risk
                .counted_after()
                .map(|a| {
                    format!(
                        "after {}×{} (exposure {})",
                        a.likelihood,
                        a.impact,
                        risk.exposure_text()
                    )
                })
                .into_iter()
                .collect();
        }
        _ => listed.measure().and_then(|(_, figures)| figures.copied()),
    };
    figures
        .map(|f| {
            format!(
                "measure {}, realisation {}",
                figures_words(&f),
                realisation_text(f.realisation())
            )
        })
        .into_iter()
        .collect()
}

/// What stands in brackets on an item's line: its kind and every field a person wrote beside
/// its words (a benefit's status and measure, a goal, an area, how much it matters, a cost's
/// direction and amount, a risk's likelihood × impact and after). On the item's own line, so
/// a changed field shows in a diff as a changed item.
fn about(session: &Session, rated: &RatedItem<'_>) -> String {
    let mut parts = vec![rated.kind.to_string()];
    let quoted = |label: &str, text: &str| {
        let text = one_line(text);
        if text.trim().is_empty() {
            String::new()
        } else {
            format!("{label} {text:?}")
        }
    };
    let matters = |importance: Option<crate::domain::Rating>| {
        importance.map_or(String::new(), |r| format!("matters {r}"))
    };
    let item = session.item(rated.dimension.step(), rated.index);
    match item.map(|i| &i.part) {
        Some(Part::Benefit(b)) => {
            parts.push(<&str>::from(b.realisation).to_string());
            parts.push(quoted("measure", &b.measure));
        }
        Some(Part::Usefulness(u)) => {
            parts.push(quoted("goal", &u.goal));
            parts.push(matters(u.importance));
        }
        Some(Part::Importance(m)) => parts.push(quoted("area", &m.area)),
        Some(Part::Outcome(o)) => {
            parts.push(matters(o.importance));
            parts.push(quoted("measure", &o.measure));
        }
        Some(Part::Cost(cost)) => {
            parts.push(cost.direction.name().to_string());
            parts.push(one_line(cost.amount()));
        }
        Some(Part::Risk(risk)) => {
            let before = format!("{}×{}", risk.likelihood, risk.impact);
            parts.push(match risk.after {
                Some(a) => format!("{before} → {}×{}", a.likelihood, a.impact),
                None => before,
            });
        }
        _ => {}
    }
    // Who added it from their own screen (`covalue serve`), kept in the file since then.
    if let Some(by) = item.and_then(|i| session.added_by_whom(&i.id)) {
        parts.push(format!("added by {}", one_line(by)));
    }
    parts.retain(|p| !p.is_empty());
    parts.join(", ")
}

/// Every fact of the session worth a line in a diff, with the ratings `viewer` may see; the
/// first line says how many ratings not yet revealed it leaves out or includes.
pub fn lines(session: &Session, viewer: Viewer<'_>) -> String {
    let mut out = String::new();
    hidden_line(&mut out, session, viewer);
    about_session(&mut out, session);
    participants(&mut out, session);
    for c in &session.conflicts {
        let _ = writeln!(out, "Conflict: {}", one_line(&c.message));
    }
    for (index, c) in session.context.iter().enumerate() {
        let kind = c.context().kind.label();
        let _ = writeln!(out, "{} ({kind})", item(Step::Context, index, &c.text));
    }
    rated_items(&mut out, session, viewer);
    agreements(&mut out, session);
    for n in &session.notes {
        let _ = writeln!(
            out,
            "Note on {} {:?}: {}",
            n.step.title(),
            one_line(&n.item),
            one_line(&n.note)
        );
    }
    for (question, answer) in session.closing.answers() {
        if !answer.trim().is_empty() {
            let _ = writeln!(out, "{question} {}", one_line(answer));
        }
    }
    out
}

/// How many ratings not yet revealed the lines leave out, or include for `Everything`.
fn hidden_line(out: &mut String, session: &Session, viewer: Viewer<'_>) {
    let hidden = hidden_ratings(session);
    if hidden == 0 {
        return;
    }
    let ratings = if hidden == 1 { "rating" } else { "ratings" };
    let _ = match viewer {
        Viewer::Everything => writeln!(
            out,
            "Hidden: includes {hidden} {ratings} not yet revealed (--include-hidden)"
        ),
        _ => writeln!(
            out,
            "Hidden: {hidden} {ratings} not yet revealed {} left out",
            if hidden == 1 { "is" } else { "are" }
        ),
    };
}

/// The session's own fields: title, service, what it is about, mode, blind, anonymous, weights.
fn about_session(out: &mut String, session: &Session) {
    let _ = writeln!(out, "Title: {}", one_line(&session.title));
    let _ = writeln!(out, "Service: {}", one_line(&session.service));
    if !session.description.is_empty() {
        let _ = writeln!(out, "About: {}", one_line(&session.description));
    }
    let _ = writeln!(out, "Mode: {}", session.mode.describe());
    let _ = writeln!(
        out,
        "Blind rating: {}",
        if session.blind { "on" } else { "off" }
    );
    if session.anonymous {
        out.push_str("Anonymous: reports show groups and sides only\n");
    }
    if session.weights.is_some_and(|w| !w.are_equal()) {
        let _ = writeln!(
            out,
            "Weights: {}",
            crate::domain::balance::weights_words(session.weights)
        );
    }
}

/// A line per participant with their side and group, or that they facilitate.
fn participants(out: &mut String, session: &Session) {
    for p in &session.participants {
        let about = match (p.role, p.group()) {
            (Role::Facilitator, _) | (_, None) => "facilitator".to_string(),
            (_, Some(group)) => {
                format!(
                    "{}, {}",
                    p.role.side().map_or("", Side::name),
                    one_line(group.name())
                )
            }
        };
        let _ = writeln!(out, "Participant: {} ({about})", one_line(&p.name));
    }
}

/// Each rated item's line, its balance facts, a line per rating `viewer` may see, and whether
/// it was revealed.
fn rated_items(out: &mut String, session: &Session, viewer: Viewer<'_>) {
    let sight = viewer.over(session);
    for rated in session.rated_items() {
        let name = item(rated.dimension.step(), rated.index, rated.text);
        let about = about(session, &rated);
        if about.is_empty() {
            let _ = writeln!(out, "{name}");
        } else {
            let _ = writeln!(out, "{name} ({about})");
        }
        for fact in balance_facts(session, &rated) {
            let _ = writeln!(out, "{name}: {fact}");
        }
        let seen = sight.sees(rated.rating);
        for side in Side::BOTH {
            for (rater, rating) in seen.raters(side) {
                let _ = writeln!(
                    out,
                    "{name}: {} {rating} ({})",
                    one_line(rater),
                    side.name()
                );
            }
        }
        if rated.rating.revealed {
            let _ = writeln!(out, "{name}: revealed");
        }
    }
}

/// A line per agreement: its status, which side owns it, person and due date; under it the
/// item it resolves, when it names one (as the reports show it).
fn agreements(out: &mut String, session: &Session) {
    for (index, a) in session.agreements.iter().enumerate() {
        let person = if a.person.is_empty() {
            String::new()
        } else {
            format!(", {}", one_line(&a.person))
        };
        let due = a.due.map_or(String::new(), |d| format!(", due {d}"));
        let _ = writeln!(
            out,
            "{} ({}, owner {}{person}{due})",
            item(Step::Agreements, index, &a.text),
            a.status(),
            a.owner.words()
        );
        if let Some(resolved) = session.resolved_item(a) {
            let _ = writeln!(
                out,
                "  resolves {}",
                item(resolved.dimension.step(), resolved.index, resolved.text)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::Resolution;
    use crate::domain::{Agreement, Dimension, Owner, Timestamp};

    /// Found by a trial: who added an item over SSH was saved but no output said it.
    #[test]
    fn an_item_a_participant_added_says_who_added_it() {
        let mut s = Session::new("a1", "Added", Timestamp::from_unix(0));
        s.add_item(Dimension::Benefits, "Fewer repeat tickets");
        s.add_item(Dimension::Benefits, "Faster fixes");
        s.added_by.push(crate::domain::records::AddedBy {
            step: Step::Benefits,
            item_id: s.benefits[0].id.clone(),
            item: "Fewer repeat tickets".into(),
            by: "Priya Raman".into(),
        });
        let shown = lines(&s, Viewer::Room);
        let line = |text: &str| {
            shown
                .lines()
                .find(|l| l.contains(text))
                .unwrap_or_default()
                .to_string()
        };
        assert!(
            line("Fewer repeat tickets").ends_with(", added by Priya Raman)"),
            "{shown}"
        );
        assert!(!line("Faster fixes").contains("added by"), "{shown}");
    }

    /// Found by a mutation run: no test read the session's "About" line, there or not.
    #[test]
    fn the_about_line_is_there_only_for_a_session_with_a_description() {
        let mut s = Session::new("d1", "Described", Timestamp::from_unix(0));
        let shown = lines(&s, Viewer::Room);
        assert!(!shown.contains("About:"), "{shown}");
        s.description = "Why the desk\nis reviewed".into();
        let shown = lines(&s, Viewer::Room);
        assert!(
            shown.contains("Service: \nAbout: Why the desk is reviewed\nMode: "),
            "{shown}"
        );
    }

    /// Found by a mutation run: no test read the Weights line, there for weights that differ
    /// and not for equal ones (which weigh nothing).
    #[test]
    fn the_weights_line_is_there_only_for_weights_that_differ() {
        use crate::domain::balance::Weights;
        let mut s = Session::new("w1", "Weighed", Timestamp::from_unix(0));
        let weights = |perceived_value, outcomes, costs, risks| Weights {
            perceived_value,
            outcomes,
            costs,
            risks,
        };
        s.weights = Some(weights(25, 25, 25, 25));
        let shown = lines(&s, Viewer::Room);
        assert!(!shown.contains("Weights:"), "{shown}");
        s.weights = Some(weights(40, 30, 20, 10));
        let shown = lines(&s, Viewer::Room);
        assert!(
            shown.contains("\nWeights: perceived value 40 · outcomes 30 · costs 20 · risks 10\n"),
            "{shown}"
        );
    }

    /// Found in a new-user trial: `show` named neither the side that owns an agreement nor the
    /// item it resolves, which every report shows.
    #[test]
    fn an_agreement_line_names_its_owner_and_the_item_it_resolves() {
        let mut s = Session::new("a1", "Actions", Timestamp::from_unix(0));
        s.add_item(Dimension::Benefits, "Fewer password calls");
        for (text, owner) in [
            ("Publish the FAQ", Owner::Provider),
            ("Try it", Owner::Both),
        ] {
            s.agreements.push(Agreement {
                text: text.into(),
                owner,
                person: "Sam".into(),
                ..Agreement::default()
            });
        }
        s.resolutions.push(Resolution::by_text(
            "Publish the FAQ",
            Step::Benefits,
            "Fewer password calls",
        ));
        let shown = lines(&s, Viewer::Room);
        assert!(
            shown.contains(
                "Agreements 1 \"Publish the FAQ\" (open, owner provider, Sam)\n  resolves Benefits 1 \"Fewer password calls\"\n"
            ),
            "{shown}"
        );
        assert!(
            shown.contains("Agreements 2 \"Try it\" (open, owner both sides, Sam)\n"),
            "{shown}"
        );
        assert_eq!(shown.matches("resolves").count(), 1, "{shown}");
    }
}
