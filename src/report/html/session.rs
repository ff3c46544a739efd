//! The one-page HTML report of a session (`export --format html`): what a manager needs first
//! (verdict, value index, alignment, VOCR in words, the charts, discuss-next, open actions),
//! then the detail. It uses the same summary, visibility rule and words as the Markdown report.

use super::actions::{closed_actions, did_it_work, open_actions};
use super::figures::figures;
use super::svg::{self, BarRow, QuadrantPoint};
use super::{escape, escape_lines, page, table};
use crate::domain::balance::CostDirection;
use crate::domain::compare::Resolved;
use crate::domain::value::{DISCUSS_GAP, DiscussKind, Summary};
use crate::domain::{Date, Dimension, Points, RatedItem, Ratings, Session, Side, Step};
use crate::report::words::{
    Field, capitalized, figures_text, hidden_note, item_details, realisation_text, verdict_with,
    viewer_of, watermelon_lists,
};
use crate::text::{status_mark, unscored_text};
use std::fmt::Write;

/// The whole page for `session`, whose `summary` was computed for the reader (the room's, or
/// with `--include-hidden` everything); open actions are judged as of `today`.
pub fn report(session: &Session, summary: &Summary, today: Date) -> String {
    report_with(session, summary, today, &[])
}

/// [`report`] of a follow-up, with whether the earlier session's actions closed their gaps.
pub fn report_with(
    session: &Session,
    summary: &Summary,
    today: Date,
    worked: &[Resolved],
) -> String {
    let mut body = String::new();
    head(&mut body, session, summary);
    figures(&mut body, session, summary);
    charts(&mut body, session, summary);
    discuss(&mut body, session, summary);
    balance(&mut body, summary);
    did_it_work(&mut body, worked);
    open_actions(&mut body, session, today);
    body.push_str("<div class=\"detail\">\n<h2>Detail</h2>\n");
    closing(&mut body, session);
    context(&mut body, session);
    items(&mut body, session, summary);
    closed_actions(&mut body, session, today);
    completeness(&mut body, summary);
    body.push_str("</div>\n");
    let title = if session.title.trim().is_empty() {
        "covalue report".to_string()
    } else {
        format!("{} — covalue report", session.title.trim())
    };
    page(&title, &body)
}

/// Title, what was left out, the verdict in one sentence and the facts of the session.
fn head(out: &mut String, session: &Session, summary: &Summary) {
    let _ = writeln!(out, "<h1>{}</h1>", escape(&session.title));
    if let Some(note) = hidden_note(summary) {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(&note));
    }
    let verdict = verdict_with(session, summary, |s| {
        format!("<strong>{}</strong>", escape(s))
    });
    // The sentence's own words are fixed text; only the service name came from the file.
    let _ = writeln!(out, "<p class=\"verdict\">{verdict}</p>");
    let mut facts = Vec::new();
    if !session.service.trim().is_empty() {
        facts.push(format!("Service: {}", escape(&session.service)));
    }
    facts.push(format!("Mode: {}", session.mode.describe()));
    facts.push(format!("Date: {}", crate::report::words::held_on(session)));
    if !session.participants.is_empty() {
        facts.push(if session.anonymous {
            format!("{} participants (anonymous)", session.participants.len())
        } else {
            let people: Vec<String> = session
                .participants
                .iter()
                .map(|p| {
                    let role: &str = p.role.into();
                    format!("{} ({role})", escape(&p.name))
                })
                .collect();
            format!("Participants: {}", people.join(", "))
        });
    }
    if !session.description.trim().is_empty() {
        facts.push(escape(&session.description));
    }
    let _ = writeln!(out, "<p class=\"facts\">{}</p>", facts.join(" · "));
}

/// The paired bars per dimension, the importance–performance square and the risk maps.
fn charts(out: &mut String, session: &Session, summary: &Summary) {
    let sides = session.mode.sides();
    let names: Vec<String> = sides.iter().map(|s| capitalized(s.name())).collect();
    // Each side in its own colour: a self-assessment's one series may be the consumer's.
    let series: Vec<(&str, &str)> = names
        .iter()
        .zip(sides)
        .map(|(n, s)| (n.as_str(), s.name()))
        .collect();
    let rows: Vec<BarRow> = summary
        .dimensions
        .iter()
        .map(|d| BarRow {
            label: d.dimension.title().to_string(),
            values: sides.iter().map(|s| d.side(*s)).collect(),
            // Hidden ratings are not missing ones: say which, as `summary` and Markdown do.
            missing: unscored_text(summary.only_hidden(d.dimension)),
        })
        .collect();
    out.push_str(
        "<div class=\"charts\">\n<div class=\"chart bars\"><h3>Scores by dimension (0–100)</h3>\n",
    );
    out.push_str(&svg::paired_bars(
        "Each dimension's score per side, 0 to 100",
        &series,
        &rows,
    ));
    out.push_str("</div>\n");
    if !summary.quadrants.is_empty() {
        let points: Vec<QuadrantPoint> = summary
            .quadrants
            .iter()
            .map(|p| QuadrantPoint {
                label: p.text.clone(),
                importance: p.importance,
                performance: p.performance,
            })
            .collect();
        out.push_str("<div class=\"chart quadrant\"><h3>Importance and performance</h3>\n");
        out.push_str(&svg::quadrant(
            "Usefulness and outcome items by importance and performance",
            &points,
        ));
        // The dots' numbers in one running paragraph: a list would take a line per item.
        let legend: Vec<String> = summary
            .quadrants
            .iter()
            .enumerate()
            .map(|(i, p)| {
                format!(
                    "<b>{}</b> {} <span class=\"muted\">({})</span>",
                    i + 1,
                    escape(&p.text),
                    p.quadrant.words()
                )
            })
            .collect();
        let _ = writeln!(out, "<p class=\"legend\">{}</p></div>", legend.join(" · "));
    }
    if !session.risks.is_empty() {
        risk_maps(out, summary);
    }
    out.push_str("</div>\n");
}

fn risk_maps(out: &mut String, summary: &Summary) {
    out.push_str("<div class=\"chart risks\"><h3>Risks: likelihood × impact</h3>\n");
    for (name, map, total) in [
        (
            "Mitigated",
            &summary.risk.heat_mitigated,
            summary.risk.mitigated,
        ),
        (
            "Introduced",
            &summary.risk.heat_introduced,
            summary.risk.introduced,
        ),
    ] {
        let _ = writeln!(
            out,
            "<figure><figcaption><strong>{name}</strong> <span class=\"muted\">(exposure {total}{})</span></figcaption>",
            match (name, summary.risk.removed_by_mitigation) {
                ("Mitigated", Some(removed)) => format!(", {removed} removed by mitigation"),
                _ => String::new(),
            }
        );
        out.push_str(&svg::risk_map(
            &format!(
                "Risks the service {}, by likelihood and impact",
                name.to_lowercase()
            ),
            map,
        ));
        out.push_str("</figure>\n");
    }
    out.push_str("</div>\n");
}

/// What the room said about an item, and the actions that resolve it.
fn discussion(session: &Session, step: Step, index: usize) -> String {
    let mut parts = Vec::new();
    if let Some(note) = session.note_at(step, index) {
        parts.push(escape_lines(note));
    }
    for a in session.resolved_by_at(step, index) {
        parts.push(format!("→ action: {} ({})", escape(&a.text), a.status()));
    }
    parts.join("<br>")
}

/// Discuss-next: one row per item with every reason it is listed, and the room's notes.
fn discuss(out: &mut String, session: &Session, summary: &Summary) {
    let splits = summary
        .discuss
        .iter()
        .any(|d| matches!(d.kind, DiscussKind::Split(_)));
    if session.mode.sides().len() < 2 && !splits {
        return;
    }
    out.push_str("<h2>Discuss next</h2>\n");
    let firsts: Vec<_> = (0..summary.discuss_items.len())
        .filter_map(|row| summary.reasons(row).next())
        .collect();
    if firsts.is_empty() {
        out.push_str("<p>No item has a gap of 2 or more between the sides.</p>\n");
        return;
    }
    let tenths = Points::tenths(firsts.iter().flat_map(|d| [d.provider, d.consumer, d.gap]));
    let rows: Vec<Vec<String>> = firsts
        .iter()
        .enumerate()
        .map(|(row, d)| {
            let reasons: Vec<_> = summary.reasons(row).collect();
            let why = match reasons.as_slice() {
                [only] if only.kind == DiscussKind::Gap => d.gap.shown(tenths),
                _ => escape(
                    &reasons
                        .iter()
                        .map(|r| r.why())
                        .collect::<Vec<_>>()
                        .join(" · "),
                ),
            };
            vec![
                d.step.title().to_string(),
                escape(&d.text),
                d.provider.shown(tenths),
                d.consumer.shown(tenths),
                why,
                discussion(session, d.step, d.index),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "Step",
            "Item",
            "#Provider",
            "#Consumer",
            "#Gap",
            "Discussion",
        ],
        &rows,
    ));
}

/// The value balance: costs removed and imposed, the exposure mitigation removes, the measures
/// beside both sides' ratings, and the watermelons; nothing for a session without them.
fn balance(out: &mut String, summary: &Summary) {
    let costs = summary.cost_balance.is_informative();
    let removed = summary.risk.removed_by_mitigation;
    if !costs && removed.is_none() && summary.measures.is_empty() {
        return;
    }
    out.push_str("<h2>Value balance</h2>\n<ul>\n");
    if costs {
        let _ = writeln!(
            out,
            "<li>{} <span class=\"muted\">(each total sums one unit and period)</span></li>",
            escape(&summary.cost_balance.text())
        );
    }
    if let Some(removed) = removed {
        let _ = writeln!(
            out,
            "<li>Risk exposure removed by mitigation: {removed} <span class=\"muted\">(before − after)</span></li>"
        );
    }
    for (words, list) in watermelon_lists(summary) {
        for m in list {
            let _ = writeln!(
                out,
                "<li><strong>Watermelon</strong>, {words}: {} (provider {}, consumer {})</li>",
                escape(&m.text),
                m.provider,
                m.consumer
            );
        }
    }
    out.push_str("</ul>\n");
    if summary.measures.is_empty() {
        return;
    }
    let rows: Vec<Vec<String>> = summary
        .measures
        .iter()
        .map(|m| {
            vec![
                m.step.title().to_string(),
                escape(&m.text),
                escape(&figures_text(m)),
                realisation_text(m.realisation),
                m.provider.to_string(),
                m.consumer.to_string(),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "Step",
            "Measured item",
            "Figures",
            "#Realisation",
            "#Provider",
            "#Consumer",
        ],
        &rows,
    ));
}

fn closing(out: &mut String, session: &Session) {
    out.push_str("<h3>Closing answers</h3>\n");
    for (question, answer) in session.closing.answers() {
        let answer = if answer.trim().is_empty() {
            "<em>Not answered.</em>".to_string()
        } else {
            escape_lines(answer)
        };
        let _ = writeln!(out, "<p><strong>{question}</strong><br>{answer}</p>");
    }
}

/// The co-creation context, one entry a line with its kind, as the Markdown report lists it.
fn context(out: &mut String, session: &Session) {
    if session.context.is_empty() {
        return;
    }
    out.push_str("<h3>Context</h3>\n<ul class=\"context\">\n");
    for c in &session.context {
        let kind = c.context().kind.heading();
        let _ = writeln!(out, "<li><em>{kind}:</em> {}</li>", escape(&c.text));
    }
    out.push_str("</ul>\n");
}

/// Every rated item in one table, step by step, with its details and the ratings the reader
/// may see; one number format per column as in the Markdown report (tenths only where a
/// side's mean needs them), and a discussion column only when some item has a note or an
/// action.
fn items(out: &mut String, session: &Session, summary: &Summary) {
    let sight = viewer_of(summary).over(session);
    let sides = session.mode.sides();
    let rows: Vec<_> = session
        .rated_items()
        .map(|i| (i, sight.sees(i.rating)))
        .collect();
    if rows.is_empty() {
        return;
    }
    let tenths = Points::tenths(rows.iter().flat_map(|(_, r)| {
        let mut shown: Vec<Points> = sides.iter().map(|s| r.side(*s)).collect();
        shown.push(Points::new(r.gap()));
        shown
    }));
    let details: Vec<String> = rows.iter().map(|(i, _)| details_cell(session, i)).collect();
    let notes: Vec<String> = rows
        .iter()
        .map(|(i, _)| discussion(session, i.dimension.step(), i.index))
        .collect();
    let with_details = details.iter().any(|d| !d.is_empty());
    let with_notes = notes.iter().any(|n| !n.is_empty());
    let mut head: Vec<String> = vec!["Step".into(), "Item".into(), "Kind".into()];
    head.extend(sides.iter().map(|s| format!("#{}", capitalized(s.name()))));
    if sides.len() == 2 {
        head.push("#Gap".into());
    }
    if with_details {
        head.push("Details".into());
    }
    if with_notes {
        head.push("Discussion".into());
    }
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .zip(details.into_iter().zip(notes))
        .map(|((item, seen), (details, note))| {
            let step = item.dimension.step().title().to_string();
            let mut row = vec![step, escape(item.text), kind_cell(session, item)];
            row.extend(rating_cells(sides, seen, tenths));
            if with_details {
                row.push(details);
            }
            if with_notes {
                row.push(note);
            }
            row
        })
        .collect();
    out.push_str("<h3 class=\"items\">Rated items</h3>\n");
    out.push_str(&table(&head, &cells));
}

/// What the Kind cell says: the kind (a risk's effect), a risk's exposure, and that the
/// service removes a cost.
const IN_KIND_CELL: [Field; 3] = [Field::Kind, Field::Exposure, Field::Removed];

/// The item's kind in short, with what a reader of the table most needs beside it.
fn kind_cell(session: &Session, item: &RatedItem<'_>) -> String {
    let mut kind = item.kind.to_string();
    match item.dimension {
        Dimension::Risks => {
            let exposure = session.risks[item.index].risk().exposure_text();
            let _ = write!(kind, ", exposure {exposure}");
        }
        Dimension::Costs
            if session.costs[item.index].cost().direction == CostDirection::Removed =>
        {
            kind.push_str(", removed");
        }
        _ => {}
    }
    kind
}

/// The rest of what a person entered for the item, in the Markdown report's words.
fn details_cell(session: &Session, item: &RatedItem<'_>) -> String {
    let details: Vec<String> = item_details(session, item, escape)
        .into_iter()
        .filter(|d| !IN_KIND_CELL.contains(&d.field))
        .map(|d| d.words)
        .collect();
    details.join(" · ")
}

fn rating_cells(sides: &[Side], seen: &Ratings, tenths: bool) -> Vec<String> {
    let mut cells: Vec<String> = sides.iter().map(|s| seen.side(*s).shown(tenths)).collect();
    if sides.len() == 2 {
        let gap = Points::new(seen.gap()).shown(tenths);
        cells.push(if seen.gap_reaches(DISCUSS_GAP) {
            format!("<span class=\"big-gap\">{gap}</span>")
        } else {
            gap
        });
    }
    cells
}

fn completeness(out: &mut String, summary: &Summary) {
    out.push_str("<h3>Completeness</h3>\n<p>");
    let steps: Vec<String> = summary
        .completeness
        .iter()
        .map(|c| {
            let unrated = if c.unrated > 0 {
                format!(" ({} unrated)", c.unrated)
            } else {
                String::new()
            };
            format!("{} {}{unrated}", status_mark(c.status), c.step.title())
        })
        .collect();
    out.push_str(&steps.join(" · "));
    out.push_str("</p>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::summarize;
    use crate::domain::value::Quadrant;

    #[test]
    fn the_quadrant_names_match_the_svg_corners() {
        let svg = svg::quadrant("q", &[]);
        for quadrant in Quadrant::ALL {
            assert!(svg.contains(quadrant.words()), "{}", quadrant.words());
        }
    }

    #[test]
    fn an_empty_session_says_what_is_missing_instead_of_zeros() {
        let session = Session::new("e1", "Empty", crate::domain::Timestamp::from_unix(0));
        let html = report(
            &session,
            &summarize(&session),
            Date::new(2026, 1, 1).unwrap(),
        );
        assert!(html.contains("cannot be judged yet"), "{html}");
        assert!(html.contains("<span class=\"number\">–</span>"), "{html}");
        assert!(html.contains("No actions were agreed."));
        // Found by a mutation run: with nothing rated, the basis says so and lists nothing
        // as left out.
        assert!(html.contains("Nothing it needs is rated yet."), "{html}");
        assert!(!html.contains("Left out for lack of ratings"), "{html}");
    }

    /// Found by a mutation run: the open actions said "0 of them overdue" with `>=` for `>`
    /// and no test noticed.
    #[test]
    fn open_actions_mention_overdue_ones_only_when_there_are_some() {
        let mut session = Session::new("o1", "Open", crate::domain::Timestamp::from_unix(0));
        session.agreements.push(crate::domain::Agreement {
            text: "Publish the FAQ".into(),
            due: Some(Date::new(2026, 3, 1).unwrap()),
            ..Default::default()
        });
        let on = |day| report(&session, &summarize(&session), day);
        let before = on(Date::new(2026, 1, 1).unwrap());
        assert!(before.contains("Publish the FAQ"), "{before}");
        assert!(!before.contains("overdue."), "{before}");
        let after = on(Date::new(2026, 4, 1).unwrap());
        assert!(
            after.contains("<p>1 open, 1 of them overdue.</p>"),
            "{after}"
        );
    }

    /// Found by a mutation run: no test read the completeness line (removing it passed).
    #[test]
    fn the_report_says_how_complete_each_step_is() {
        let mut session = Session::new("c1", "Complete", crate::domain::Timestamp::from_unix(0));
        session.add_item(crate::domain::Dimension::Benefits, "Rated by nobody");
        let html = report(
            &session,
            &summarize(&session),
            Date::new(2026, 1, 1).unwrap(),
        );
        let line = html
            .lines()
            .skip_while(|l| *l != "<h3>Completeness</h3>")
            .nth(1)
            .unwrap_or_default();
        assert!(line.starts_with("<p>") && line.ends_with("</p>"), "{html}");
        assert!(line.contains("◐ Benefits (1 unrated)"), "{line}");
        assert!(line.contains("○ Risks"), "{line}");
        // A step with nothing unrated says nothing about it.
        assert!(!line.contains("(0 unrated)"), "{line}");
        assert_eq!(line.matches(" · ").count(), Step::ALL.len() - 1, "{line}");
    }

    /// Found by shard 42: a self-assessment with no side split had a "Discuss next" section
    /// with `>` for `<`, and no test read which sessions have one.
    #[test]
    fn only_two_sides_or_a_split_side_have_a_discuss_next_section() {
        let day = Date::new(2026, 1, 1).unwrap();
        let mut session = Session::new("d1", "Both", crate::domain::Timestamp::from_unix(0));
        let heading = "<h2>Discuss next</h2>";
        assert!(report(&session, &summarize(&session), day).contains(heading));
        session.mode = crate::domain::Mode::ProviderSelfAssessment;
        assert!(!report(&session, &summarize(&session), day).contains(heading));
    }

    /// Found by a mutation run: no test read the facts line with and without a service.
    #[test]
    fn the_facts_name_the_service_only_when_there_is_one() {
        let mut session = Session::new("s1", "Review", crate::domain::Timestamp::from_unix(0));
        let day = Date::new(2026, 1, 1).unwrap();
        let html = report(&session, &summarize(&session), day);
        assert!(!html.contains("Service:"), "{html}");
        session.service = "Payroll & pay".into();
        let html = report(&session, &summarize(&session), day);
        assert!(html.contains("Service: Payroll &amp; pay"), "{html}");
        // The description closes the facts when there is one, and adds nothing when not.
        let facts = |html: &str| {
            let line = html.lines().find(|l| l.starts_with("<p class=\"facts\">"));
            line.unwrap_or_default().to_string()
        };
        // Service · Mode · Date, and no empty fact after them.
        assert_eq!(facts(&html).matches(" · ").count(), 2, "{html}");
        session.description = "Pay <everyone> on time".into();
        let html = report(&session, &summarize(&session), day);
        assert!(
            facts(&html).ends_with(" · Pay &lt;everyone&gt; on time</p>"),
            "{html}"
        );
    }
}
