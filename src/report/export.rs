//! Exports of a whole session: the Markdown report a manager forwards (the verdict first, the
//! step tables last), CSV of every rated item, and the session as JSON. Session text is
//! escaped for each format (`markdown::inline`, `csv_field`); nothing here prints or writes.

use super::markdown::{block, cell, inline};
use super::words::{
    capitalized, figures_text, figures_words, group_rows, realisation_text, viewer_of,
    watermelon_lists, weights_text,
};
pub use super::words::{hidden_note, verdict_with};
use crate::domain::value::{Component, DISCUSS_GAP, DiscussKind, Quadrant, Summary, Viewer};
use crate::domain::{
    Agreement, AgreementStatus, Date, Dimension, Owner, Points, Rating, Ratings, Session, Side,
    Step,
};
use crate::text::{clean, score_text, status_mark, verdict_text, whole};
use std::fmt::Write;

fn owner_text(owner: Owner) -> &'static str {
    owner.words()
}

/// The rating columns of a table: both sides and the gap in a workshop, the one side alone in
/// a self-assessment (no column of dashes for a side that does not rate).
struct Columns<'a> {
    sides: &'a [Side],
}

impl Columns<'_> {
    fn header(&self) -> String {
        let mut head: Vec<String> = self.sides.iter().map(|s| capitalized(s.name())).collect();
        if self.sides.len() == 2 {
            head.push("Gap".to_string());
        }
        head.join(" | ")
    }

    fn rule(&self) -> String {
        vec!["---:"; self.sides.len() + usize::from(self.sides.len() == 2)].join("|")
    }

    /// The rating cells of one row; `tenths` is the table's one format for its numbers.
    fn cells(&self, r: &Ratings, tenths: bool) -> String {
        let mut cells: Vec<String> = self
            .sides
            .iter()
            .map(|s| r.side(*s).shown(tenths))
            .collect();
        if self.sides.len() == 2 {
            let gap = Points::new(r.gap()).shown(tenths);
            cells.push(if r.gap_reaches(DISCUSS_GAP) {
                format!("**{gap}**")
            } else {
                gap
            });
        }
        cells.join(" | ")
    }

    /// Whether any number these rows show is not whole, so that every row shows tenths.
    fn tenths<'r>(&self, rows: impl IntoIterator<Item = &'r Ratings>) -> bool {
        Points::tenths(rows.into_iter().flat_map(|r| {
            let mut shown: Vec<Points> = self.sides.iter().map(|s| r.side(*s)).collect();
            shown.push(Points::new(r.gap()));
            shown
        }))
    }
}

/// An agreement in one line: who, when, whether it is overdue, what it resolves.
fn action_line(session: &Session, a: &Agreement, today: Date) -> String {
    let who = if a.person.trim().is_empty() {
        owner_text(a.owner).to_string()
    } else {
        format!("{} ({})", inline(&a.person), owner_text(a.owner))
    };
    let mut line = format!("{} — {who}", inline(&a.text));
    if let Some(due) = a.due {
        let _ = write!(line, ", due {due}");
        if a.is_overdue(today) {
            line.push_str(" — **overdue**");
        }
    }
    if let Some((step, item)) = session.resolves(a) {
        let _ = write!(line, "; resolves {} item “{}”", step.title(), inline(item));
    }
    if a.carried {
        line.push_str(" *(carried over from the previous session)*");
    }
    line
}

/// What the room said about an item, and the actions that resolve it, for a table cell.
fn discussion_cell(session: &Session, step: Step, item: &str) -> String {
    let mut parts = Vec::new();
    if let Some(note) = session.note(step, item) {
        parts.push(inline(note));
    }
    for a in session.resolved_by(step, item) {
        parts.push(format!("→ action: {} ({})", inline(&a.text), a.status()));
    }
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join("<br>")
    }
}

/// Whether any item of `step` has a note or an action that resolves it.
fn has_discussion(session: &Session, step: Step) -> bool {
    session
        .rated_items()
        .filter(|i| i.dimension.step() == step)
        .any(|i| {
            session.note(step, i.text).is_some()
                || session.resolved_by(step, i.text).next().is_some()
        })
}

/// The verdict in one sentence, for the top of the report.
pub fn verdict_sentence(session: &Session, summary: &Summary) -> String {
    verdict_with(session, summary, |service| {
        format!("**{}**", inline(service))
    })
}

/// The Markdown report a manager forwards: the verdict, value index and alignment, VOCR in
/// words, the closing answers, open and overdue actions (as of `today`), discuss-next with
/// the room's notes; then the step tables. Session text never changes its structure.
pub fn markdown(session: &Session, summary: &Summary, today: Date) -> String {
    let sides = session.mode.sides();
    let workshop = sides.len() == 2;
    let columns = Columns { sides };
    let mut out = String::new();

    let _ = writeln!(out, "# {}\n", cell(&session.title));
    if let Some(note) = hidden_note(summary) {
        let _ = writeln!(out, "*{note}*\n");
    }
    let _ = writeln!(out, "{}\n", verdict_sentence(session, summary));
    let mut facts = vec![format!("**Service:** {}", cell(&session.service))];
    if !session.description.trim().is_empty() {
        facts.push(format!("**About:** {}", inline(&session.description)));
    }
    facts.push(format!("**Mode:** {}", session.mode.describe()));
    let (held, updated) = (session.created.date(), session.updated.date());
    facts.push(if held == updated {
        format!("**Date:** {held}")
    } else {
        format!("**Date:** {held} (last updated {updated})")
    });
    if !session.participants.is_empty() {
        let people: Vec<String> = session
            .participants
            .iter()
            .map(|p| {
                let role: &str = p.role.into();
                format!("{} ({role})", inline(&p.name))
            })
            .collect();
        let people = if session.anonymous {
            anonymous_people(session)
        } else {
            people.join(", ")
        };
        facts.push(format!("**Participants:** {people}"));
    }
    for fact in facts {
        let _ = writeln!(out, "- {fact}");
    }
    out.push('\n');

    // The two numbers, each with what it rests on.
    let used: Vec<&str> = summary.value_index.used().map(Component::words).collect();
    let missing: Vec<&str> = summary
        .value_index
        .missing()
        .map(Component::words)
        .collect();
    let _ = write!(
        out,
        "**Value index: {} / 100**",
        score_text(summary.value_index.value)
    );
    if summary.value_index.weights.is_some() {
        let _ = write!(
            out,
            " (equal weights: {})",
            score_text(summary.value_index.equal)
        );
    }
    if !used.is_empty() {
        let _ = write!(out, " — the geometric mean of {}", used.join(", "));
    }
    if let Some(words) = weights_text(summary) {
        let _ = write!(
            out,
            ", {}",
            words.replacen("weights:", "weighted as agreed:", 1)
        );
    }
    if !missing.is_empty() {
        let _ = write!(
            out,
            "; left out for lack of ratings: {}",
            missing.join(", ")
        );
    }
    out.push_str(".  \n");
    if workshop {
        let _ = writeln!(
            out,
            "**Alignment: {} / 100** — how closely the two sides' ratings agree, over {} item{} rated by both.\n",
            score_text(summary.alignment),
            summary.rated_by_both,
            if summary.rated_by_both == 1 { "" } else { "s" }
        );
    } else {
        let _ = writeln!(
            out,
            "A self-assessment: only the {} rated, so there is no alignment between sides.\n",
            sides[0].name()
        );
    }

    out.push_str("## VOCR check\n\n");
    out.push_str("VOCR asks three questions from the consumer's side: are the **o**utcomes achieved, are the **c**osts acceptable, are the **r**isks managed (ITIL 4's value: outcomes, costs, risks).\n\n");
    for ((label, verdict), dimension) in summary.vocr.lines().into_iter().zip([
        Dimension::Outcomes,
        Dimension::Costs,
        Dimension::Risks,
    ]) {
        let _ = write!(out, "- {label}: **{}**", verdict_text(verdict));
        if let Some(score) = summary.dimension(dimension).combined() {
            let _ = write!(out, " (score {})", whole(score));
        }
        // Each side's own verdict where they differ; a self-assessment has one side only.
        if let Some((provider, consumer)) = summary.split_verdict(dimension).filter(|_| workshop) {
            let _ = write!(
                out,
                " — consumer: {}, provider: {}",
                consumer.words(),
                provider.words()
            );
        }
        out.push('\n');
    }
    out.push('\n');

    out.push_str("## Closing answers\n\n");
    for (question, answer) in session.closing.answers() {
        let answer = block(answer);
        let answer = if answer.is_empty() {
            "*Not answered.*".to_string()
        } else {
            answer
        };
        let _ = writeln!(out, "**{question}**  \n{answer}\n");
    }

    let _ = writeln!(out, "## Open actions (as of {today})\n");
    let mut open: Vec<&Agreement> = session.agreements.iter().filter(|a| a.is_open()).collect();
    // Overdue first, then by due date; undated last.
    open.sort_by_key(|a| (!a.is_overdue(today), a.due.is_none(), a.due));
    let closed = session.agreements.len() - open.len();
    if session.agreements.is_empty() {
        out.push_str("No actions were agreed.\n\n");
    } else {
        let overdue = open.iter().filter(|a| a.is_overdue(today)).count();
        if open.is_empty() {
            out.push_str("None open: every agreed action is done or dropped.\n");
        } else if overdue > 0 {
            let _ = writeln!(out, "{} open, {overdue} of them overdue.\n", open.len());
        }
        for a in &open {
            let _ = writeln!(out, "- [ ] {}", action_line(session, a, today));
        }
        if closed > 0 {
            let _ = writeln!(
                out,
                "\n{closed} more {} done or dropped (listed under Agreements below).",
                if closed == 1 { "is" } else { "are" }
            );
        }
        out.push('\n');
    }

    let splits = summary
        .discuss
        .iter()
        .any(|d| matches!(d.kind, crate::domain::value::DiscussKind::Split(_)));
    if workshop || splits {
        out.push_str("## Discuss next\n\n");
        if summary.discuss.is_empty() {
            out.push_str("No item has a gap of 2 or more between the sides.\n\n");
        } else {
            out.push_str(if splits {
                "The items the sides rate 2 or more points apart, or the people of one side do (a split), largest first.\n\n"
            } else {
                "The items the sides rate 2 or more points apart, largest gap first.\n\n"
            });
            discuss_table(&mut out, session, summary);
        }
    }

    balance_section(&mut out, summary);

    // The step tables.
    out.push_str("## Scores\n\n");
    let _ = writeln!(
        out,
        "Each dimension's score (0–100) per side, and how many items it rests on.\n\n| Dimension | {} | Items | Rated |\n|---|{}|---:|---:|",
        sides
            .iter()
            .map(|s| capitalized(s.name()))
            .collect::<Vec<_>>()
            .join(" | "),
        vec!["---:"; sides.len()].join("|")
    );
    for d in &summary.dimensions {
        let scores: Vec<String> = sides.iter().map(|s| score_text(d.side(*s))).collect();
        let rated: Vec<String> = sides
            .iter()
            .map(|s| match s {
                Side::Provider => d.rated_provider.to_string(),
                Side::Consumer => d.rated_consumer.to_string(),
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            d.dimension.title(),
            scores.join(" | "),
            d.items,
            rated.join("/")
        );
    }
    let perceived: Vec<String> = sides
        .iter()
        .map(|s| {
            score_text(match s {
                Side::Provider => summary.perceived_provider,
                Side::Consumer => summary.perceived_consumer,
            })
        })
        .collect();
    let _ = writeln!(
        out,
        "| *Perceived value* | {} | | |\n",
        perceived.join(" | ")
    );
    group_table(&mut out, session, summary);

    if !session.context.is_empty() {
        out.push_str("## Context\n\n");
        for c in &session.context {
            let kind = c.kind.heading();
            let _ = writeln!(out, "- *{kind}:* {}", inline(&c.text));
        }
        out.push('\n');
    }

    let rated = |r: Option<Rating>| {
        r.map_or_else(|| "not set".to_string(), |r| format!("{r} ({})", r.label()))
    };
    for step in [
        Step::Benefits,
        Step::Usefulness,
        Step::Importance,
        Step::Outcomes,
        Step::Costs,
        Step::Risks,
    ] {
        let _ = writeln!(out, "## {}\n", step.title());
        let sight = viewer_of(summary).over(session);
        let rows: Vec<_> = session
            .rated_items()
            .filter(|i| i.dimension.step() == step)
            .map(|i| {
                let seen = sight.sees(i.rating);
                (i, seen)
            })
            .collect();
        let tenths = columns.tenths(rows.iter().map(|(_, r)| r.as_ref()));
        if rows.is_empty() {
            out.push_str("Nothing recorded.\n\n");
            continue;
        }
        let discussion = has_discussion(session, step);
        let _ = writeln!(
            out,
            "| Item | Details | {}{} |\n|---|---|{}{}|",
            columns.header(),
            if discussion { " | Discussion" } else { "" },
            columns.rule(),
            if discussion { "|---" } else { "" }
        );
        for (item, seen) in &rows {
            // Every field a person entered, with its label.
            let details: Vec<String> = match step {
                Step::Benefits => {
                    let b = &session.benefits[item.index];
                    let status: &str = b.realisation.into();
                    let mut d = vec![format!("Kind: {}", item.kind), format!("Status: {status}")];
                    if !b.measure.trim().is_empty() {
                        d.push(format!("Measure: {}", inline(&b.measure)));
                    }
                    d.extend(figures_details(b.figures));
                    d
                }
                Step::Usefulness => {
                    let u = &session.usefulness[item.index];
                    let mut d = Vec::new();
                    if !u.goal.trim().is_empty() {
                        d.push(format!("Goal served: {}", inline(&u.goal)));
                    }
                    d.push(format!("How much it matters: {}", rated(u.importance)));
                    d
                }
                Step::Importance => {
                    let m = &session.importance[item.index];
                    if m.area.trim().is_empty() {
                        Vec::new()
                    } else {
                        vec![format!("Area: {}", inline(&m.area))]
                    }
                }
                Step::Outcomes => {
                    let o = &session.outcomes[item.index];
                    let mut d = vec![format!("How much it matters: {}", rated(o.importance))];
                    if !o.measure.trim().is_empty() {
                        d.push(format!("Measure: {}", inline(&o.measure)));
                    }
                    d.extend(figures_details(o.figures));
                    d
                }
                Step::Costs => {
                    let c = &session.costs[item.index];
                    let kind: &str = c.kind.into();
                    let mut d = vec![format!("Kind: {kind}")];
                    if c.direction == crate::domain::balance::CostDirection::Removed {
                        d.push("The service removes it".to_string());
                    }
                    if !c.amount.trim().is_empty() {
                        d.push(format!("Amount: {}", inline(&c.amount)));
                    }
                    d
                }
                Step::Risks => {
                    let r = &session.risks[item.index];
                    let effect: &str = r.effect.into();
                    vec![
                        format!("Effect: {effect}"),
                        format!("Likelihood: {}", r.likelihood),
                        format!("Impact: {}", r.impact),
                        format!("Exposure: {}", r.exposure_text()),
                    ]
                }
                _ => Vec::new(),
            };
            let details = if details.is_empty() {
                "—".to_string()
            } else {
                details.join(" · ")
            };
            let _ = write!(
                out,
                "| {} | {details} | {}",
                cell(item.text),
                columns.cells(seen, tenths)
            );
            if discussion {
                let _ = write!(out, " | {}", discussion_cell(session, step, item.text));
            }
            out.push_str(" |\n");
        }
        out.push('\n');
        if step == Step::Risks {
            risk_picture(&mut out, summary);
        }
    }

    out.push_str("## Agreements\n\n");
    let closed: Vec<&Agreement> = session.agreements.iter().filter(|a| !a.is_open()).collect();
    if session.agreements.is_empty() {
        out.push_str("No actions were agreed.\n\n");
    } else if closed.is_empty() {
        out.push_str("None done or dropped yet; the open ones are listed at the top.\n\n");
    } else {
        out.push_str("Done or dropped (the open ones are listed at the top).\n\n");
        for a in closed {
            let _ = writeln!(
                out,
                "- [{}] {} — {}",
                if a.status == AgreementStatus::Done {
                    "x"
                } else {
                    " "
                },
                a.status(),
                action_line(session, a, today)
            );
        }
        out.push('\n');
    }

    if !summary.quadrants.is_empty() {
        out.push_str("## Importance and performance\n\n");
        out.push_str("Usefulness and outcome items by how much they matter (importance) and how well the service does (performance), both 0–100; above 50 counts as high.\n\n");
        out.push_str(
            "| Quadrant | Item | Step | Importance | Performance |\n|---|---|---|---:|---:|\n",
        );
        for quadrant in Quadrant::ALL {
            for p in summary.quadrants.iter().filter(|p| p.quadrant == quadrant) {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    quadrant.words(),
                    cell(&p.text),
                    p.step.title(),
                    whole(p.importance),
                    whole(p.performance)
                );
            }
        }
        out.push('\n');
    }

    if !session.time_spent.is_empty() {
        out.push_str("## Time spent\n\n| Step | Planned | Spent |\n|---|---:|---:|\n");
        for (step, seconds) in &session.time_spent {
            let _ = writeln!(
                out,
                "| {} | {} min | {}:{:02} |",
                step.title(),
                session.minutes_for(*step),
                seconds / 60,
                seconds % 60
            );
        }
        out.push('\n');
    }

    out.push_str("## Completeness\n\n");
    for c in &summary.completeness {
        let detail = if c.unrated > 0 {
            format!(" ({} unrated)", c.unrated)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "- {} {}{detail}",
            status_mark(c.status),
            c.step.title()
        );
    }
    out
}

/// A measure's figures as a report's details: `Figures: 72 → 24 (down is better), now 20`
/// and the realisation.
fn figures_details(figures: Option<crate::domain::balance::Figures>) -> Vec<String> {
    let Some(f) = figures else {
        return Vec::new();
    };
    vec![
        format!("Figures: {}", figures_words(&f)),
        format!("Realisation: {}", realisation_text(f.realisation())),
    ]
}

/// The value balance: costs removed and imposed, the exposure mitigation removes, the measures
/// and the watermelons; nothing for a session that has none of them.
fn balance_section(out: &mut String, summary: &Summary) {
    let costs = summary.cost_balance.is_informative();
    let removed = summary.risk.removed_by_mitigation;
    if !costs && removed.is_none() && summary.measures.is_empty() {
        return;
    }
    out.push_str("## Value balance\n\n");
    if costs {
        let _ = writeln!(
            out,
            "- {} — each total sums one unit and period, never more.",
            inline(&summary.cost_balance.text())
        );
    }
    if let Some(removed) = removed {
        let _ = writeln!(
            out,
            "- Risk exposure removed by mitigation: {removed} (before − after, over the mitigated risks that say their after)"
        );
    }
    out.push('\n');
    if !summary.measures.is_empty() {
        out.push_str("| Measured item | Step | Figures | Realisation | Provider | Consumer |\n|---|---|---|---:|---:|---:|\n");
        for m in &summary.measures {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                cell(&m.text),
                m.step.title(),
                cell(&figures_text(m)),
                realisation_text(m.realisation),
                m.provider,
                m.consumer
            );
        }
        out.push('\n');
    }
    if !summary.watermelon.is_empty() {
        out.push_str("**Watermelons** — the measure and the perception disagree:\n\n");
        for (words, list) in watermelon_lists(summary) {
            for m in list {
                let _ = writeln!(
                    out,
                    "- {}: {} ({}; provider {}, consumer {})",
                    capitalized(words),
                    inline(&m.text),
                    m.step.title(),
                    m.provider,
                    m.consumer
                );
            }
        }
        out.push('\n');
    }
}

/// The risk heat maps as counts a reader takes in at a glance: risks by exposure band.
fn risk_picture(out: &mut String, summary: &Summary) {
    let band =
        |map: &crate::domain::value::HeatMap, range: std::ops::RangeInclusive<usize>| -> u32 {
            let mut n = 0;
            for (l, row) in map.iter().enumerate() {
                for (i, count) in row.iter().enumerate() {
                    if range.contains(&((l + 1) * (i + 1))) {
                        n += count;
                    }
                }
            }
            n
        };
    out.push_str("**Risk picture** — how many risks fall in each exposure band (likelihood × impact, 1–25), and the total exposure.\n\n");
    out.push_str("| Risks | High (15–25) | Medium (8–14) | Low (1–7) | Total exposure |\n|---|---:|---:|---:|---:|\n");
    for (title, map, total) in [
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
            "| {title} | {} | {} | {} | {total} |",
            band(map, 15..=25),
            band(map, 8..=14),
            band(map, 1..=7)
        );
    }
    out.push('\n');
}

/// One CSV field, quoted when it must be. A field a spreadsheet would read as a formula (it
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return, also after leading spaces) gets
/// a leading apostrophe and is quoted, as OWASP's CSV injection advice says: the spreadsheet
/// then shows the text instead of running it.
pub(crate) fn csv_field(text: &str) -> String {
    let text = clean(text);
    let formula = text.trim_start_matches(' ').starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ]);
    let text = if formula {
        format!("'{text}")
    } else {
        text.into_owned()
    };
    if formula || text.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// CSV: a header, then one row per rated item, with the ratings `viewer` may see, exact as
/// JSON writes them (a side's mean of 11/3 is 3.6666666666666665, not 3.7).
pub fn csv(session: &Session, viewer: Viewer<'_>) -> String {
    let mut out = String::from("step,text,kind,provider,consumer,gap\n");
    let sight = viewer.over(session);
    for item in session.rated_items() {
        let seen = sight.sees(item.rating);
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            item.dimension.key(),
            csv_field(item.text),
            item.kind,
            seen.side(Side::Provider).exact(),
            seen.side(Side::Consumer).exact(),
            Points::new(seen.gap()).exact()
        );
    }
    out
}

/// The whole session as pretty JSON, with a final newline and terminal controls escaped.
/// Every rating is kept; each item's `rating` says whether it was `revealed` (the file leaves
/// out a `false`) and whether the room may not see it yet (`hidden`, see
/// `value::not_yet_revealed`).
pub fn json(session: &Session) -> String {
    let room = crate::domain::value::Viewer::Room.over(session);
    let mut value = serde_json::to_value(session).unwrap_or_default();
    for item in session.rated_items() {
        let key = item.dimension.step().key();
        if let Some(rating) = value
            .get_mut(key)
            .and_then(|list| list.get_mut(item.index))
            .and_then(|i| i.get_mut("rating"))
            .and_then(|r| r.as_object_mut())
        {
            rating.insert("revealed".into(), item.rating.revealed.into());
            rating.insert("hidden".into(), room.not_yet_revealed(item.rating).into());
        }
    }
    super::json::pretty(&value)
}

/// CSV of every single rating: `step,item,text,rater,side,group,rating`, the item being its
/// number in the step. In an anonymous session the rater is left blank, rows are ordered by
/// side, group and rating rather than by name, and the ratings of a group with fewer than 3
/// raters in that step are left out, as its score is hidden in the summary.
/// Only the ratings `viewer` may see are rows.
pub fn ratings_csv(session: &Session, viewer: Viewer<'_>) -> String {
    use crate::domain::value::{ANONYMOUS_MIN, summarize_as};
    let summary = session.anonymous.then(|| summarize_as(session, viewer));
    let mut out = String::from("step,item,text,rater,side,group,rating\n");
    let sight = viewer.over(session);
    for item in session.rated_items() {
        let seen = sight.sees(item.rating);
        let mut rows: Vec<(Side, String, String, u8)> = Side::BOTH
            .into_iter()
            .flat_map(|side| {
                seen.raters(side).iter().map(move |(name, rating)| {
                    let group = session.rater_group(side, name).name().to_string();
                    (side, group, name.to_string(), rating.get())
                })
            })
            .collect();
        if let Some(summary) = &summary {
            let groups = &summary.dimension(item.dimension).groups;
            rows.retain(|(side, group, _, _)| {
                groups
                    .iter()
                    .find(|g| g.side == *side && g.group.name() == group)
                    .is_some_and(|g| g.raters >= ANONYMOUS_MIN)
            });
            for row in &mut rows {
                row.2.clear();
            }
            rows.sort();
        }
        for (side, group, rater, rating) in rows {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{rating}",
                item.dimension.key(),
                item.index + 1,
                csv_field(item.text),
                csv_field(&rater),
                side.name(),
                csv_field(&group),
            );
        }
    }
    out
}

/// The participants of an anonymous session: how many per side and group, never names.
fn anonymous_people(session: &Session) -> String {
    let mut counts: std::collections::BTreeMap<(Side, String), usize> = Default::default();
    for p in &session.participants {
        if let (Some(side), Some(group)) = (p.role.side(), p.group()) {
            *counts.entry((side, group.name().to_string())).or_default() += 1;
        }
    }
    let groups: Vec<String> = counts
        .iter()
        .map(|((side, group), n)| format!("{n} {} ({})", inline(group), side.name()))
        .collect();
    format!("{} (anonymous)", groups.join(", "))
}

/// The scores of each stakeholder group, where a side has more than one.
fn group_table(out: &mut String, session: &Session, summary: &Summary) {
    let rows = group_rows(session, summary);
    if rows.is_empty() {
        return;
    }
    out.push_str("**By stakeholder group**\n\n| Dimension | Side | Group | Raters | Score |\n|---|---|---|---:|---:|\n");
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            r.dimension.title(),
            r.side.name(),
            cell(&r.group),
            r.raters,
            r.score
        );
    }
    out.push('\n');
}

/// The discuss-next table: one row per item with every reason it is listed (a gap, a split on
/// either side), as the workshop's dashboard lists it.
fn discuss_table(out: &mut String, session: &Session, summary: &Summary) {
    out.push_str(
        "| Step | Item | Provider | Consumer | Gap | Discussion |\n|---|---|---:|---:|---:|---|\n",
    );
    let firsts: Vec<_> = (0..summary.discuss_items.len())
        .filter_map(|row| summary.reasons(row).next())
        .collect();
    let tenths = Points::tenths(firsts.iter().flat_map(|d| [d.provider, d.consumer, d.gap]));
    for (row, d) in firsts.iter().enumerate() {
        let reasons: Vec<_> = summary.reasons(row).collect();
        // A gap alone shows its number; several reasons, or a split, are named.
        let why = match reasons.as_slice() {
            [only] if only.kind == DiscussKind::Gap => d.gap.shown(tenths),
            _ => reasons
                .iter()
                .map(|r| r.why())
                .collect::<Vec<_>>()
                .join(" · "),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {why} | {} |",
            d.step.title(),
            cell(&d.text),
            d.provider.shown(tenths),
            d.consumer.shown(tenths),
            discussion_cell(session, d.step, &d.text)
        );
    }
    out.push('\n');
}
