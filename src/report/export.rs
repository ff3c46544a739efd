//! Exports of a whole session: a Markdown report a manager would read, CSV of every rated
//! item, and the session as JSON.

use crate::domain::value::{Component, Summary};
use crate::domain::{Owner, Ratings, Role, Session, Side, Step};
use crate::text::{clean, one_line, score_text, status_mark, verdict_text};
use std::fmt::Write;

/// Text safe inside a Markdown table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    let line = one_line(text).replace('\\', "\\\\").replace('|', "\\|");
    if line.trim().is_empty() {
        "—".to_string()
    } else {
        line
    }
}

fn rating_cell(r: crate::domain::Points) -> String {
    r.to_string()
}

fn gap_cell(r: &Ratings) -> String {
    let gap = crate::domain::Points::new(r.gap());
    match gap.value() {
        None => gap.to_string(),
        Some(g) if g >= 2.0 => format!("**{gap}**"),
        Some(_) => gap.to_string(),
    }
}

fn owner_text(owner: Owner) -> &'static str {
    match owner {
        Owner::Provider => "provider",
        Owner::Consumer => "consumer",
        Owner::Both => "both",
    }
}

/// The Markdown report.
pub fn markdown(session: &Session, summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", one_line(&session.title));
    let service = if session.service.is_empty() {
        "—".to_string()
    } else {
        one_line(&session.service)
    };
    let _ = writeln!(out, "- **Service:** {service}");
    if !session.description.is_empty() {
        let _ = writeln!(out, "- **About:** {}", one_line(&session.description));
    }
    let _ = writeln!(out, "- **Mode:** {}", session.mode.describe());
    let _ = writeln!(
        out,
        "- **Date:** {} (last updated {})",
        session.created.date(),
        session.updated
    );
    if !session.participants.is_empty() {
        let people: Vec<String> = session
            .participants
            .iter()
            .map(|p| {
                let role = match p.role {
                    Role::Provider => "provider",
                    Role::Consumer => "consumer",
                    Role::Facilitator => "facilitator",
                };
                format!("{} ({role})", one_line(&p.name))
            })
            .collect();
        let people = if session.anonymous {
            anonymous_people(session)
        } else {
            people.join(", ")
        };
        let _ = writeln!(out, "- **Participants:** {people}");
    }
    let _ = writeln!(out, "- **Session id:** `{}`\n", one_line(&session.id));

    out.push_str("## Summary\n\n");
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
    if !used.is_empty() {
        let _ = write!(out, " (geometric mean of {})", used.join(", "));
    }
    if !missing.is_empty() {
        let _ = write!(
            out,
            "; left out for lack of ratings: {}",
            missing.join(", ")
        );
    }
    let _ = writeln!(
        out,
        ".  \n**Alignment: {} / 100** over {} items rated by both sides.\n",
        score_text(summary.alignment),
        summary.rated_by_both
    );
    out.push_str(
        "| Dimension | Provider | Consumer | Items | Rated (P/C) |\n|---|---:|---:|---:|---:|\n",
    );
    for d in &summary.dimensions {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {}/{} |",
            d.dimension.title(),
            score_text(d.provider),
            score_text(d.consumer),
            d.items,
            d.rated_provider,
            d.rated_consumer
        );
    }
    let _ = writeln!(
        out,
        "| *Perceived value* | {} | {} | | |\n",
        score_text(summary.perceived_provider),
        score_text(summary.perceived_consumer)
    );
    out.push_str("**VOCR check**\n\n");
    for (label, verdict) in summary.vocr.lines() {
        let _ = writeln!(out, "- {label}: **{}**", verdict_text(verdict));
    }
    let _ = writeln!(
        out,
        "- Risk exposure (likelihood × impact): {} mitigated, {} introduced\n",
        summary.risk.mitigated, summary.risk.introduced
    );

    out.push_str("## Discuss next\n\n");
    if summary.discuss.is_empty() {
        out.push_str("No item has a gap of 2 or more between the sides.\n\n");
    } else {
        out.push_str("| Step | Item | Provider | Consumer | Gap |\n|---|---|---:|---:|---:|\n");
        for d in &summary.discuss {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                d.step.title(),
                cell(&d.text),
                d.provider,
                d.consumer,
                match d.kind {
                    crate::domain::value::DiscussKind::Gap => d.gap.to_string(),
                    crate::domain::value::DiscussKind::Split(_) => d.why(),
                }
            );
        }
        out.push('\n');
    }

    out.push_str("## Open agreements\n\n");
    let open: Vec<&crate::domain::Agreement> =
        session.agreements.iter().filter(|a| a.is_open()).collect();
    if open.is_empty() {
        out.push_str("None: every agreed action is done or dropped.\n\n");
    } else {
        for a in open {
            let who = if a.person.is_empty() {
                owner_text(a.owner).to_string()
            } else {
                format!("{} ({})", one_line(&a.person), owner_text(a.owner))
            };
            let due = a.due.map_or(String::new(), |d| format!(", due {d}"));
            let carried = if a.carried {
                " *(carried over from the previous session)*"
            } else {
                ""
            };
            let _ = writeln!(out, "- [ ] {} — {who}{due}{carried}", one_line(&a.text));
        }
        out.push('\n');
    }

    out.push_str("## Importance and performance\n\n");
    if summary.quadrants.is_empty() {
        out.push_str("No rated usefulness or outcome items to place yet.\n\n");
    } else {
        out.push_str("Usefulness and outcome items by how much they matter (importance) and how well the service does (performance), both 0–100, high above 50.\n\n");
        out.push_str(
            "| Quadrant | Item | Step | Importance | Performance |\n|---|---|---|---:|---:|\n",
        );
        for quadrant in crate::domain::value::Quadrant::ALL {
            for p in summary.quadrants.iter().filter(|p| p.quadrant == quadrant) {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {:.0} | {:.0} |",
                    quadrant.words(),
                    cell(&p.text),
                    p.step.title(),
                    p.importance,
                    p.performance
                );
            }
        }
        out.push('\n');
    }

    if !session.context.is_empty() {
        out.push_str("## Context\n\n");
        for c in &session.context {
            let kind = match c.kind {
                crate::domain::ContextKind::ConsumerGoal => "Consumer goal",
                crate::domain::ContextKind::ConsumerConstraint => "Consumer constraint",
                crate::domain::ContextKind::ConsumerBehaviour => "Consumer context and behaviour",
                crate::domain::ContextKind::ProviderCapability => "Provider capability",
            };
            let _ = writeln!(out, "- *{kind}:* {}", one_line(&c.text));
        }
        out.push('\n');
    }

    let items: Vec<_> = session.rated_items().collect();
    for step in [
        Step::Benefits,
        Step::Usefulness,
        Step::Importance,
        Step::Outcomes,
        Step::Costs,
    ] {
        let rows: Vec<_> = items
            .iter()
            .filter(|i| i.dimension.step() == step)
            .collect();
        let _ = writeln!(out, "## {}\n", step.title());
        if rows.is_empty() {
            out.push_str("Nothing recorded.\n\n");
            continue;
        }
        out.push_str("| Item | Details | Provider | Consumer | Gap |\n|---|---|---:|---:|---:|\n");
        for item in &rows {
            let details = match step {
                Step::Benefits => {
                    let b = &session.benefits[item.index];
                    let realised = match b.realisation {
                        crate::domain::Realisation::Expected => "expected",
                        crate::domain::Realisation::Experienced => "experienced",
                    };
                    let measure = if b.measure.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", b.measure)
                    };
                    format!("{}, {realised}{measure}", item.kind)
                }
                Step::Usefulness => session.usefulness[item.index].goal.clone(),
                Step::Importance => session.importance[item.index].area.clone(),
                Step::Costs => {
                    let c = &session.costs[item.index];
                    if c.amount.is_empty() {
                        item.kind.to_string()
                    } else {
                        format!("{}, {}", item.kind, c.amount)
                    }
                }
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(item.text),
                cell(&details),
                rating_cell(item.rating.side(Side::Provider)),
                rating_cell(item.rating.side(Side::Consumer)),
                gap_cell(item.rating)
            );
        }
        out.push('\n');
    }

    out.push_str("## Risks\n\n");
    if session.risks.is_empty() {
        out.push_str("Nothing recorded.\n\n");
    } else {
        out.push_str("| Risk | Effect | Likelihood | Impact | Exposure | Provider | Consumer | Gap |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for r in &session.risks {
            let effect = match r.effect {
                crate::domain::RiskEffect::Mitigated => "mitigated",
                crate::domain::RiskEffect::Introduced => "introduced",
            };
            let _ = writeln!(
                out,
                "| {} | {effect} | {} | {} | {} | {} | {} | {} |",
                cell(&r.text),
                r.likelihood,
                r.impact,
                r.exposure(),
                rating_cell(r.rating.side(Side::Provider)),
                rating_cell(r.rating.side(Side::Consumer)),
                gap_cell(&r.rating)
            );
        }
        out.push('\n');
    }

    out.push_str("## Agreements\n\n");
    if session.agreements.is_empty() {
        out.push_str("No actions agreed yet.\n\n");
    } else {
        out.push_str("| Action | Owner | Person | Due | Status |\n|---|---|---|---|---|\n");
        for a in &session.agreements {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&a.text),
                owner_text(a.owner),
                cell(&a.person),
                a.due.map_or_else(|| "—".to_string(), |d| d.to_string()),
                if a.done { "done" } else { "open" }
            );
        }
        out.push('\n');
    }

    out.push_str("## Closing answers\n\n");
    for (question, answer) in session.closing.answers() {
        let answer = if answer.trim().is_empty() {
            "*Not answered.*".to_string()
        } else {
            clean(answer).into_owned()
        };
        let _ = writeln!(out, "**{question}**  \n{answer}\n");
    }

    out.push_str("## Risk heat map\n\n");
    out.push_str(
        "How many risks sit at each likelihood (rows, 5 at the top) and impact (columns).\n\n",
    );
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
        let _ = writeln!(out, "**{title}** (exposure {total})\n");
        out.push_str(
            "| Likelihood \\ Impact | 1 | 2 | 3 | 4 | 5 |\n|---|---:|---:|---:|---:|---:|\n",
        );
        for likelihood in (1..=5).rev() {
            let cells: Vec<String> = (1..=5)
                .map(|impact| match map[likelihood - 1][impact - 1] {
                    0 => "·".to_string(),
                    n => n.to_string(),
                })
                .collect();
            let _ = writeln!(out, "| {likelihood} | {} |", cells.join(" | "));
        }
        out.push('\n');
    }

    out.push_str("## Time spent\n\n");
    if session.time_spent.is_empty() {
        out.push_str("The step timers were not used.\n\n");
    } else {
        out.push_str("| Step | Planned | Spent |\n|---|---:|---:|\n");
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

/// One CSV field, quoted when it must be.
fn csv_field(text: &str) -> String {
    let text = clean(text);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// CSV: a header, then one row per rated item.
pub fn csv(session: &Session) -> String {
    let mut out = String::from("step,text,kind,provider,consumer,gap\n");
    for item in session.rated_items() {
        let number = |n: crate::domain::Points| {
            if n.is_none() {
                String::new()
            } else {
                n.to_string()
            }
        };
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            item.dimension.key(),
            csv_field(item.text),
            item.kind,
            number(item.rating.side(Side::Provider)),
            number(item.rating.side(Side::Consumer)),
            number(crate::domain::Points::new(item.rating.gap()))
        );
    }
    out
}

/// The whole session as pretty JSON.
pub fn json(session: &Session) -> String {
    serde_json::to_string_pretty(session).expect("a session always serializes to JSON")
}

/// CSV of every single rating: `step,item,text,rater,side,group,rating`, the item being its
/// number in the step. In an anonymous session the rater is left blank, rows are ordered by
/// side, group and rating rather than by name, and the ratings of a group with fewer than 3
/// raters in that step are left out, as its score is hidden in the summary.
pub fn ratings_csv(session: &Session) -> String {
    use crate::domain::value::{ANONYMOUS_MIN, summarize};
    let summary = session.anonymous.then(|| summarize(session));
    let mut out = String::from("step,item,text,rater,side,group,rating\n");
    for item in session.rated_items() {
        let mut rows: Vec<(Side, String, String, u8)> = Side::BOTH
            .into_iter()
            .flat_map(|side| {
                item.rating.raters(side).iter().map(move |(name, rating)| {
                    let group = session.rater_group(side, name).name().to_string();
                    (side, group, name.clone(), rating.get())
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
        .map(|((side, group), n)| format!("{n} {} ({})", one_line(group), side.name()))
        .collect();
    format!("{} (anonymous)", groups.join(", "))
}
