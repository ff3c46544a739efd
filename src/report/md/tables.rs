//! The Markdown report's figures beyond the step tables: the value balance, the scores per
//! side and per stakeholder group, the context, the importance–performance quadrants, the
//! time spent and the completeness of each step.

use crate::domain::value::{Quadrant, Summary};
use crate::domain::{Session, Side};
use crate::report::markdown::{cell, inline, phrase};
use crate::report::words::{
    capitalized, figures_text, group_rows, realisation_text, watermelon_lists,
};
use crate::text::{score_text, status_mark, whole};
use std::fmt::Write;

/// The value balance: costs removed and imposed, the exposure mitigation removes, the measures
/// and the watermelons; nothing for a session that has none of them.
pub(super) fn balance(out: &mut String, summary: &Summary) {
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
    measures(out, summary);
    watermelons(out, summary);
}

/// The measured items with their figures, realisation and both sides' ratings.
fn measures(out: &mut String, summary: &Summary) {
    if summary.measures.is_empty() {
        return;
    }
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

/// The items whose measure and perception disagree.
fn watermelons(out: &mut String, summary: &Summary) {
    if summary.watermelon.is_empty() {
        return;
    }
    out.push_str("**Watermelons** — the measure and the perception disagree:\n\n");
    for (words, list) in watermelon_lists(summary) {
        for m in list {
            let _ = writeln!(
                out,
                "- {}: {} ({}; provider {}, consumer {})",
                capitalized(words),
                phrase(&m.text),
                m.step.title(),
                m.provider,
                m.consumer
            );
        }
    }
    out.push('\n');
}

/// Each dimension's score per side and how many items it rests on, then the perceived value.
pub(super) fn scores(out: &mut String, session: &Session, summary: &Summary) {
    let sides = session.mode.sides();
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
}

/// The scores of each stakeholder group, where a side has more than one.
pub(super) fn groups(out: &mut String, session: &Session, summary: &Summary) {
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

/// The co-creation context, one line per entry with its kind.
pub(super) fn context(out: &mut String, session: &Session) {
    if session.context.is_empty() {
        return;
    }
    out.push_str("## Context\n\n");
    for c in &session.context {
        let kind = c.context().kind.heading();
        let _ = writeln!(out, "- *{kind}:* {}", phrase(&c.text));
    }
    out.push('\n');
}

/// Usefulness and outcome items by quadrant of importance and performance.
pub(super) fn quadrants(out: &mut String, summary: &Summary) {
    if summary.quadrants.is_empty() {
        return;
    }
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

/// The time planned and spent per step, where the timer ran.
pub(super) fn time_spent(out: &mut String, session: &Session) {
    if session.time_spent.is_empty() {
        return;
    }
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

/// Each step's status mark and how many of its items are unrated.
pub(super) fn completeness(out: &mut String, summary: &Summary) {
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
}
