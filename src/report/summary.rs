//! The value summary as plain text for an 80-column terminal, and as JSON for scripts
//! (the keys are a contract: PRODUCT.md "The command line").

use crate::domain::value::{Component, Score, Status, Summary, Verdict};
use crate::domain::{Dimension, Session, Side, Step};
use crate::text::{bar, clean, fit, one_line, pad, score_text, status_mark, verdict_text};
use serde_json::{Value, json};
use std::fmt::Write;

/// A score for JSON: two decimals, or null when there is none.
pub fn score_json(score: Score) -> Value {
    score.map_or(Value::Null, |s| json!((s * 100.0).round() / 100.0))
}

/// The summary as text that reads well in 80 columns.
pub fn text(session: &Session, summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", fit(&session.title, 78));
    let service = if session.service.is_empty() {
        "no service named"
    } else {
        &session.service
    };
    let _ = writeln!(
        out,
        "{}",
        fit(
            &format!(
                "{service} · {} · updated {}",
                session.mode.describe(),
                session.updated
            ),
            78
        )
    );
    out.push('\n');

    let index = &summary.value_index;
    let used: Vec<&str> = index.used().map(Component::words).collect();
    let missing: Vec<&str> = index.missing().map(Component::words).collect();
    let _ = write!(out, "Value index  {:>3} / 100", score_text(index.value));
    if used.is_empty() {
        out.push_str("  (nothing rated yet)\n");
    } else {
        let _ = writeln!(out, "  from {}", used.join(", "));
    }
    if !missing.is_empty() && !used.is_empty() {
        let _ = writeln!(
            out,
            "             left out for lack of ratings: {}",
            missing.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "Alignment    {:>3} / 100  ({} item{} rated by both sides)",
        score_text(summary.alignment),
        summary.rated_by_both,
        if summary.rated_by_both == 1 { "" } else { "s" }
    );
    out.push('\n');

    let sides = session.mode.sides();
    let _ = write!(out, "{:<12}", "");
    for side in sides {
        let _ = write!(out, "{:<18}", capitalize(side.name()));
    }
    out.push_str("Rated\n");
    for d in &summary.dimensions {
        let _ = write!(out, "{:<12}", d.dimension.title());
        for side in sides {
            let _ = write!(
                out,
                "{:>3} {}    ",
                score_text(d.side(*side)),
                bar(d.side(*side), 10)
            );
        }
        let counts: Vec<String> = sides
            .iter()
            .map(|s| match s {
                Side::Provider => d.rated_provider.to_string(),
                Side::Consumer => d.rated_consumer.to_string(),
            })
            .collect();
        let _ = writeln!(out, "{} of {}", counts.join("/"), d.items);
    }
    let _ = write!(out, "{:<12}", "Perceived");
    for side in sides {
        let score = match side {
            Side::Provider => summary.perceived_provider,
            Side::Consumer => summary.perceived_consumer,
        };
        let _ = write!(out, "{:>3} {}    ", score_text(score), bar(score, 10));
    }
    out.push_str("\n\n");

    out.push_str("VOCR check\n");
    for ((label, verdict), dimension) in summary.vocr.lines().into_iter().zip([
        Dimension::Outcomes,
        Dimension::Costs,
        Dimension::Risks,
    ]) {
        let combined = summary.dimension(dimension).combined();
        let _ = writeln!(
            out,
            "  {:<19}{:<16}{}",
            label,
            verdict_text(verdict),
            combined.map_or(String::new(), |s| format!("score {s:.0}"))
        );
    }
    let _ = writeln!(
        out,
        "Risk exposure  mitigated {} · introduced {}  (likelihood × impact, summed)",
        summary.risk.mitigated, summary.risk.introduced
    );
    if summary.risk.mitigated + summary.risk.introduced > 0 {
        out.push_str("  likelihood   mitigated (impact 1-5)   introduced (impact 1-5)\n");
        for likelihood in (1..=5).rev() {
            let row = |map: &crate::domain::value::HeatMap| -> String {
                (1..=5)
                    .map(|impact| match map[likelihood - 1][impact - 1] {
                        0 => "·".to_string(),
                        n => n.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let _ = writeln!(
                out,
                "  {likelihood:>10}   {:<24} {}",
                row(&summary.risk.heat_mitigated),
                row(&summary.risk.heat_introduced)
            );
        }
    }
    out.push('\n');

    if !summary.quadrants.is_empty() {
        use crate::domain::value::Quadrant;
        let counts: Vec<String> = Quadrant::ALL
            .iter()
            .map(|q| {
                format!(
                    "{} {}",
                    q.words(),
                    summary
                        .quadrants
                        .iter()
                        .filter(|p| p.quadrant == *q)
                        .count()
                )
            })
            .collect();
        out.push_str("Importance × performance (usefulness and outcomes)\n");
        let _ = writeln!(out, "  {}", counts.join(" · "));
        for p in summary
            .quadrants
            .iter()
            .filter(|p| p.quadrant == Quadrant::ConcentrateHere)
        {
            let _ = writeln!(out, "  concentrate here: {}", fit(&p.text, 58));
        }
        out.push('\n');
    }

    if summary.discuss.is_empty() {
        out.push_str("Discuss next: no item has a gap of 2 or more between the sides.\n");
    } else {
        out.push_str("Discuss next (largest gaps first)\n");
        for d in summary.discuss.iter().take(10) {
            let _ = writeln!(
                out,
                "  {:<11}{}  P{} C{}  {}",
                d.step.title(),
                pad(&d.text, 46),
                d.provider,
                d.consumer,
                d.why()
            );
        }
        if summary.discuss.len() > 10 {
            let _ = writeln!(out, "  … and {} more", summary.discuss.len() - 10);
        }
    }
    out.push('\n');

    out.push_str("Completeness  ");
    let marks: Vec<String> = summary
        .completeness
        .iter()
        .filter(|c| c.step != Step::Summary)
        .map(|c| format!("{} {}", status_mark(c.status), c.step.title()))
        .collect();
    for (i, mark) in marks.iter().enumerate() {
        if i == 5 {
            out.push_str("\n              ");
        }
        let _ = write!(out, "{mark:<13}");
    }
    out.push('\n');
    let unrated: usize = summary.completeness.iter().map(|c| c.unrated).sum();
    if unrated > 0 {
        let _ = writeln!(
            out,
            "              {unrated} item{} still unrated",
            if unrated == 1 { "" } else { "s" }
        );
    }
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    clean(&(lines.join("\n") + "\n")).into_owned()
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn heat(map: &[[u32; 5]; 5]) -> Value {
    json!(map)
}

/// The summary as JSON: the contract keys, and a few more for richer tools.
pub fn json(session: &Session, summary: &Summary) -> Value {
    let mut dimensions = serde_json::Map::new();
    for d in &summary.dimensions {
        dimensions.insert(
            d.dimension.key().to_string(),
            json!({
                "provider": score_json(d.provider),
                "consumer": score_json(d.consumer),
                "items": d.items,
                "rated_provider": d.rated_provider,
                "rated_consumer": d.rated_consumer,
                "spread": spread_json(d),
                "groups": groups_json(session, d),
            }),
        );
    }
    let verdict = |v: Option<Verdict>| v.map_or(Value::Null, |v| json!(v.key()));
    let discuss: Vec<Value> = summary
        .discuss
        .iter()
        .map(|d| {
            let mut entry = json!({"step": d.step.key(), "text": d.text, "provider": d.provider, "consumer": d.consumer, "gap": d.gap});
            add_kind_json(&mut entry, d);
            entry
        })
        .collect();
    let completeness: serde_json::Map<String, Value> = summary
        .completeness
        .iter()
        .map(|c| {
            let status = match c.status {
                Status::Empty => "empty",
                Status::Partial => "partial",
                Status::Complete => "complete",
            };
            (
                c.step.key().to_string(),
                json!({"status": status, "items": c.items, "unrated": c.unrated}),
            )
        })
        .collect();
    json!({
        "session": {
            "id": session.id,
            "title": session.title,
            "service": session.service,
            "mode": session.mode.name(),
            "updated": session.updated.to_string(),
        },
        "value_index": score_json(summary.value_index.value),
        "value_index_components": summary.value_index.components.iter()
            .map(|(c, s)| (c.key().to_string(), score_json(*s)))
            .collect::<serde_json::Map<_, _>>(),
        "alignment": score_json(summary.alignment),
        "rated_by_both": summary.rated_by_both,
        "perceived_value": {"provider": score_json(summary.perceived_provider), "consumer": score_json(summary.perceived_consumer)},
        "dimensions": dimensions,
        "vocr": {
            "outcomes_achieved": verdict(summary.vocr.outcomes_achieved),
            "costs_acceptable": verdict(summary.vocr.costs_acceptable),
            "risks_managed": verdict(summary.vocr.risks_managed),
        },
        "risk_exposure": {
            "mitigated": summary.risk.mitigated,
            "introduced": summary.risk.introduced,
            "heat_map_mitigated": heat(&summary.risk.heat_mitigated),
            "heat_map_introduced": heat(&summary.risk.heat_introduced),
        },
        "discuss": discuss,
        "anonymous": session.anonymous,
        "raters": raters_json(session),
        "quadrants": summary.quadrants.iter().map(|p| json!({
            "step": p.step.key(),
            "text": p.text,
            "importance": score_json(Some(p.importance)),
            "performance": score_json(Some(p.performance)),
            "quadrant": p.quadrant.words(),
        })).collect::<Vec<_>>(),
        "time_spent": session.time_spent.iter().map(|(s, secs)| (s.key().to_string(), json!(secs))).collect::<serde_json::Map<_, _>>(),
        "completeness": completeness,
    })
}

/// One line per session for `covalue list`.
pub fn list_line(session: &Session, summary: &Summary, file: &str) -> String {
    format!(
        "{}  {}  {}  {:<10} value {:>3}  align {:>3}  {}",
        pad(&session.id, 8),
        pad(&session.title, 28),
        pad(&session.service, 20),
        session.mode.name(),
        score_text(summary.value_index.value),
        score_text(summary.alignment),
        one_line(file)
    )
}

/// Per side, the mean spread inside the side in rating points (null where no item has more
/// than one rater on that side).
fn spread_json(d: &crate::domain::value::DimensionScore) -> Value {
    json!({
        "provider": d.spread_provider,
        "consumer": d.spread_consumer,
    })
}

/// The words an anonymous session shows instead of a small group's score.
pub const HIDDEN_GROUP: &str = "hidden (fewer than 3)";

/// Every stakeholder group's score of a dimension, per side; in an anonymous session a group
/// with fewer than 3 raters shows `HIDDEN_GROUP` instead of its score.
fn groups_json(session: &Session, d: &crate::domain::value::DimensionScore) -> Value {
    use crate::domain::value::Shown;
    d.groups
        .iter()
        .map(|g| {
            let score = match g.shown(session.anonymous) {
                Shown::Score(score) => score_json(score),
                Shown::Hidden => json!(HIDDEN_GROUP),
            };
            json!({"side": g.side.name(), "group": g.group.name(), "raters": g.raters, "score": score})
        })
        .collect()
}

/// Marks a discuss-next entry as a gap between the sides or a split inside one side.
fn add_kind_json(entry: &mut Value, d: &crate::domain::value::Discussion) {
    use crate::domain::value::DiscussKind;
    entry["kind"] = json!(d.kind.key());
    if let DiscussKind::Split(side) = d.kind {
        entry["side"] = json!(side.name());
        entry["spread"] = json!(d.spread);
    }
}

/// Everyone who rates, with their side, group and how many items they rated; an anonymous
/// session leaves the names out.
fn raters_json(session: &Session) -> Value {
    session
        .raters()
        .iter()
        .map(|r| {
            let mut entry =
                json!({"side": r.side.name(), "group": r.group.name(), "rated": r.rated});
            if !session.anonymous {
                entry["name"] = json!(r.name);
            }
            entry
        })
        .collect()
}
