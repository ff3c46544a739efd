//! The value summary as plain text for an 80-column terminal, and as JSON for scripts
//! (the keys are a contract: PRODUCT.md "The command line").

use super::words::{
    HIDDEN_GROUP, capitalized, figures_text, group_rows, hidden_note, realisation_text,
    watermelon_lists, weights_text,
};
use crate::domain::balance::{CostBalance, Figure};
use crate::domain::value::{
    Component, DiscussKind, HeatMap, Measured, Score, Status, Summary, Verdict,
};
use crate::domain::{Dimension, Points, Session, Side, Step};
use crate::store::SessionInfo;
use crate::text::{bar, clean, fit, one_line, pad, score_text, status_mark, verdict_text, width};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A score for JSON: exact (people read rounded numbers; scripts get the real ones), or null.
pub fn score_json(score: Score) -> Value {
    score.map_or(Value::Null, |s| json!(s))
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
    if let Some(note) = hidden_note(summary) {
        let _ = writeln!(out, "{}", fit(&note, 78));
    }
    out.push('\n');

    let index = &summary.value_index;
    let used: Vec<&str> = index.used().map(Component::words).collect();
    let missing: Vec<&str> = index.missing().map(Component::words).collect();
    let _ = write!(out, "Value index  {:>3} / 100", score_text(index.value));
    if index.weights.is_some() {
        // The basis goes on the next line, so the first stays within 80 columns.
        let _ = write!(
            out,
            " (equal weights: {})\n           ",
            score_text(index.equal)
        );
    }
    if used.is_empty() && summary.hidden > 0 {
        // Rated, but the room has not seen it: "nothing rated" would be untrue.
        out.push_str("  (ratings not yet revealed)\n");
    } else if used.is_empty() {
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
    if let Some(words) = weights_text(summary) {
        let _ = writeln!(out, "             {}", fit(&words, 65));
    }
    let sides = session.mode.sides();
    // A self-assessment has one side: no alignment and no gaps to discuss.
    let workshop = sides.len() == 2;
    if workshop {
        let _ = writeln!(
            out,
            "Alignment    {:>3} / 100  ({} item{} rated by both sides)",
            score_text(summary.alignment),
            summary.rated_by_both,
            if summary.rated_by_both == 1 { "" } else { "s" }
        );
    } else {
        let _ = writeln!(
            out,
            "Self-assessment: the {}'s ratings only",
            sides[0].name()
        );
    }
    out.push('\n');

    let _ = write!(out, "{:<12}", "");
    for side in sides {
        let _ = write!(out, "{:<18}", capitalized(side.name()));
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
    group_lines(&mut out, session, summary);

    out.push_str("VOCR check\n");
    for ((label, verdict), dimension) in summary.vocr.lines().into_iter().zip([
        Dimension::Outcomes,
        Dimension::Costs,
        Dimension::Risks,
    ]) {
        let combined = summary.dimension(dimension).combined();
        // Each side's own verdict where the two differ (a self-assessment has one side).
        let split = summary
            .split_verdict(dimension)
            .filter(|_| sides.len() == 2)
            .map_or(String::new(), |(provider, consumer)| {
                format!(
                    " — consumer: {}, provider: {}",
                    consumer.words(),
                    provider.words()
                )
            });
        let score = combined.map_or(String::new(), |s| {
            format!("score {}", crate::text::whole(s))
        });
        let _ = writeln!(
            out,
            "  {:<19}{:<9}{:<9}{split}",
            label,
            verdict_text(verdict),
            score
        );
    }
    let _ = writeln!(
        out,
        "Risk exposure  mitigated {} · introduced {}  (likelihood × impact, summed)",
        summary.risk.mitigated, summary.risk.introduced
    );
    if let Some(removed) = summary.risk.removed_by_mitigation {
        let _ = writeln!(
            out,
            "               removed by mitigation {removed}  (before − after, where a risk says)"
        );
    }
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
    // Under the map, where each risk that says its after goes.
    for r in session.risks.iter().filter(|r| r.counted_after().is_some()) {
        let _ = writeln!(out, "  {:>7}  {}", r.exposure_text(), fit(&r.text, 67));
    }
    out.push('\n');
    balance_lines(&mut out, summary);

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

    if workshop {
        if summary.discuss.is_empty() {
            out.push_str("Discuss next: no item has a gap of 2 or more between the sides.\n");
        } else {
            out.push_str("Discuss next (largest gaps first)\n");
            discuss_lines(&mut out, summary);
            if summary.discuss_items.len() > DISCUSS_SHOWN {
                let _ = writeln!(
                    out,
                    "  … and {} more",
                    summary.discuss_items.len() - DISCUSS_SHOWN
                );
            }
        }
        out.push('\n');
    }

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

/// The lines of the value balance, each only when the session has what it shows: the costs
/// removed and imposed, the measures and the watermelons.
fn balance_lines(out: &mut String, summary: &Summary) {
    let mut any = false;
    if summary.cost_balance.is_informative() {
        let text = summary.cost_balance.text();
        // Too long for a line: the imposed side goes on its own, under the removed one.
        match text.split_once(" · ").filter(|_| width(&text) > 78) {
            Some((removed, imposed)) => {
                let _ = writeln!(out, "{}\n       {}", fit(removed, 78), fit(imposed, 71));
            }
            None => {
                let _ = writeln!(out, "{text}");
            }
        }
        any = true;
    }
    if !summary.measures.is_empty() {
        out.push_str(
            "Measures (realisation: how far from baseline to target)
",
        );
        for m in &summary.measures {
            let _ = writeln!(
                out,
                "  {:>7}  {}  {}",
                realisation_text(m.realisation),
                pad(&fit(&m.text, 30), 30),
                fit(&figures_text(m), 36)
            );
        }
        any = true;
    }
    if !summary.watermelon.is_empty() {
        out.push_str("Watermelons (the measure and the perception disagree)\n");
    }
    for (words, list) in watermelon_lists(summary) {
        for m in list {
            let ratings = format!("  (provider {} · consumer {})", m.provider, m.consumer);
            let room = 78usize.saturating_sub(width(words) + 4 + width(&ratings));
            let _ = writeln!(out, "  {words}: {}{ratings}", fit(&m.text, room.max(10)));
        }
    }
    if any || !summary.watermelon.is_empty() {
        out.push('\n');
    }
}

/// How many discuss-next items the text summary lists.
const DISCUSS_SHOWN: usize = 10;

/// The discuss-next items, one line each with every reason it is listed (`gap 2 · consumer
/// split 2`), the ratings in one format for every line.
fn discuss_lines(out: &mut String, summary: &Summary) {
    let rows = 0..summary.discuss_items.len().min(DISCUSS_SHOWN);
    let firsts: Vec<_> = rows
        .clone()
        .filter_map(|row| summary.reasons(row).next())
        .collect();
    let tenths = Points::tenths(firsts.iter().flat_map(|d| [d.provider, d.consumer]));
    let ratings: Vec<String> = firsts
        .iter()
        .map(|d| {
            format!(
                "P{} C{}",
                d.provider.shown(tenths),
                d.consumer.shown(tenths)
            )
        })
        .collect();
    let reasons: Vec<String> = rows
        .map(|row| {
            summary
                .reasons(row)
                .map(|d| d.why())
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .collect();
    let widest = |texts: &[String]| texts.iter().map(|t| width(t)).max().unwrap_or(0);
    let ratings_width = widest(&ratings);
    // The item's words give way so that the reasons still fit in 78 columns (a participant's
    // screen over SSH is 78 wide inside its frame).
    let words = 46.min(78usize.saturating_sub(2 + 11 + 2 + ratings_width + 2 + widest(&reasons)));
    for ((d, rating), why) in firsts.iter().zip(&ratings).zip(&reasons) {
        let _ = writeln!(
            out,
            "  {:<11}{}  {}  {}",
            d.step.title(),
            pad(&d.text, words),
            pad(rating, ratings_width),
            why
        );
    }
}

/// The `summary --format json` document, built from typed structs so the output is written
/// straight from the summary (no generic JSON tree in memory). Keys are the contract of
/// PRODUCT.md plus a few more for richer tools; scores are exact, 0–100 or null.
#[derive(Serialize)]
pub struct SummaryJson<'a> {
    session: SessionJson<'a>,
    value_index: Score,
    value_index_components: BTreeMap<&'static str, Score>,
    alignment: Score,
    rated_by_both: usize,
    perceived_value: SidesJson,
    dimensions: BTreeMap<&'static str, DimensionJson>,
    vocr: VocrJson,
    risk_exposure: RiskJson<'a>,
    discuss: Vec<DiscussJson<'a>>,
    quadrants: Vec<QuadrantJson<'a>>,
    time_spent: BTreeMap<&'static str, u32>,
    completeness: BTreeMap<&'static str, CompletenessJson>,
    /// Reports show sides and groups only, never names.
    anonymous: bool,
    raters: Vec<RaterJson>,
    /// Ratings not yet revealed, left out of every number here.
    hidden_ratings: usize,
    /// Ratings not yet revealed that every number here includes (`--include-hidden`).
    included_hidden_ratings: usize,
    /// Costs removed and imposed: `{count, totals: [{value, unit, per}]}` each.
    cost_balance: &'a CostBalance,
    /// Benefits and outcomes with a measure's figures.
    measures: Vec<MeasureJson<'a>>,
    watermelon: WatermelonJson<'a>,
    /// The agreed weights of the value index, with the equal-weight index beside them; null
    /// when there are none or they are equal.
    weights: Option<WeightsJson>,
}

#[derive(Serialize)]
struct MeasureJson<'a> {
    step: &'static str,
    text: &'a str,
    direction: &'static str,
    baseline: Option<Figure>,
    target: Option<Figure>,
    actual: Option<Figure>,
    /// 0–1, null when a figure is missing.
    realisation: Option<f64>,
}

/// An item whose measure and perception disagree, with both sides' ratings.
#[derive(Serialize)]
struct WatermelonItemJson<'a> {
    step: &'static str,
    text: &'a str,
    provider: Points,
    consumer: Points,
    realisation: Option<f64>,
}

#[derive(Serialize)]
struct WatermelonJson<'a> {
    met_but_perceived_low: Vec<WatermelonItemJson<'a>>,
    missed_but_perceived_high: Vec<WatermelonItemJson<'a>>,
}

#[derive(Serialize)]
struct WeightsJson {
    perceived_value: u8,
    outcomes: u8,
    costs: u8,
    risks: u8,
    /// The value index with every component weighing the same.
    equal_weights_index: Score,
}

#[derive(Serialize)]
struct SessionJson<'a> {
    id: &'a str,
    title: &'a str,
    service: &'a str,
    mode: &'static str,
    updated: String,
}

#[derive(Serialize)]
struct SidesJson {
    provider: Score,
    consumer: Score,
}

#[derive(Serialize)]
struct DimensionJson {
    provider: Score,
    consumer: Score,
    items: usize,
    rated_provider: usize,
    rated_consumer: usize,
    /// Per side, the mean spread inside the side in rating points, over the items that several
    /// of its people rated.
    spread: SpreadJson,
    groups: Vec<GroupJson>,
}

#[derive(Serialize)]
struct SpreadJson {
    provider: Option<f64>,
    consumer: Option<f64>,
}

/// One stakeholder group's score of a dimension.
#[derive(Serialize)]
struct GroupJson {
    side: &'static str,
    group: String,
    raters: usize,
    score: GroupScoreJson,
}

/// A group's score, or in an anonymous session with fewer than 3 raters `HIDDEN_GROUP`.
#[derive(Serialize)]
#[serde(untagged)]
enum GroupScoreJson {
    Score(Score),
    Hidden(&'static str),
}

/// Someone who rates; no name in an anonymous session.
#[derive(Serialize)]
struct RaterJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    side: &'static str,
    group: String,
    rated: usize,
}

#[derive(Serialize)]
struct VocrJson {
    outcomes_achieved: Option<&'static str>,
    costs_acceptable: Option<&'static str>,
    risks_managed: Option<&'static str>,
}

#[derive(Serialize)]
struct RiskJson<'a> {
    mitigated: u32,
    introduced: u32,
    heat_map_mitigated: &'a HeatMap,
    heat_map_introduced: &'a HeatMap,
    /// Exposure before minus after over the mitigated risks that say their after; null when
    /// none does.
    removed_by_mitigation: Option<i64>,
}

#[derive(Serialize)]
struct DiscussJson<'a> {
    step: &'static str,
    text: &'a str,
    provider: Points,
    consumer: Points,
    gap: Points,
    /// `gap` between the sides, or `split` inside one side.
    kind: &'static str,
    /// For a split: the side and its spread.
    #[serde(skip_serializing_if = "Option::is_none")]
    side: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    spread: Option<u8>,
}

#[derive(Serialize)]
struct QuadrantJson<'a> {
    step: &'static str,
    text: &'a str,
    importance: f64,
    performance: f64,
    quadrant: &'static str,
}

#[derive(Serialize)]
struct CompletenessJson {
    status: &'static str,
    items: usize,
    unrated: usize,
}

/// The summary as typed JSON: the contract keys, and a few more for richer tools.
pub fn json<'a>(session: &'a Session, summary: &'a Summary) -> SummaryJson<'a> {
    let verdict = |v: Option<Verdict>| v.map(Verdict::key);
    SummaryJson {
        session: SessionJson {
            id: &session.id,
            title: &session.title,
            service: &session.service,
            mode: session.mode.name(),
            updated: session.updated.to_string(),
        },
        value_index: summary.value_index.value,
        value_index_components: summary
            .value_index
            .components
            .iter()
            .map(|(c, s)| (c.key(), *s))
            .collect(),
        alignment: summary.alignment,
        rated_by_both: summary.rated_by_both,
        perceived_value: SidesJson {
            provider: summary.perceived_provider,
            consumer: summary.perceived_consumer,
        },
        dimensions: summary
            .dimensions
            .iter()
            .map(|d| {
                (
                    d.dimension.key(),
                    DimensionJson {
                        provider: d.provider,
                        consumer: d.consumer,
                        items: d.items,
                        rated_provider: d.rated_provider,
                        rated_consumer: d.rated_consumer,
                        spread: SpreadJson {
                            provider: d.spread_provider,
                            consumer: d.spread_consumer,
                        },
                        groups: groups_json(session, d),
                    },
                )
            })
            .collect(),
        vocr: VocrJson {
            outcomes_achieved: verdict(summary.vocr.outcomes_achieved),
            costs_acceptable: verdict(summary.vocr.costs_acceptable),
            risks_managed: verdict(summary.vocr.risks_managed),
        },
        risk_exposure: RiskJson {
            mitigated: summary.risk.mitigated,
            introduced: summary.risk.introduced,
            heat_map_mitigated: &summary.risk.heat_mitigated,
            heat_map_introduced: &summary.risk.heat_introduced,
            removed_by_mitigation: summary.risk.removed_by_mitigation,
        },
        cost_balance: &summary.cost_balance,
        measures: summary.measures.iter().map(measure_json).collect(),
        watermelon: WatermelonJson {
            met_but_perceived_low: watermelon_json(&summary.watermelon.met_but_perceived_low),
            missed_but_perceived_high: watermelon_json(
                &summary.watermelon.missed_but_perceived_high,
            ),
        },
        weights: summary.value_index.weights.map(|w| WeightsJson {
            perceived_value: w.perceived_value,
            outcomes: w.outcomes,
            costs: w.costs,
            risks: w.risks,
            equal_weights_index: summary.value_index.equal,
        }),
        discuss: summary
            .discuss
            .iter()
            .map(|d| {
                let split = match d.kind {
                    DiscussKind::Split(side) => Some(side.name()),
                    DiscussKind::Gap => None,
                };
                DiscussJson {
                    step: d.step.key(),
                    text: &d.text,
                    provider: d.provider,
                    consumer: d.consumer,
                    gap: d.gap,
                    kind: d.kind.key(),
                    side: split,
                    spread: split.map(|_| d.spread),
                }
            })
            .collect(),
        quadrants: summary
            .quadrants
            .iter()
            .map(|p| QuadrantJson {
                step: p.step.key(),
                text: &p.text,
                importance: p.importance,
                performance: p.performance,
                quadrant: p.quadrant.words(),
            })
            .collect(),
        time_spent: session
            .time_spent
            .iter()
            .map(|(s, secs)| (s.key(), *secs))
            .collect(),
        completeness: summary
            .completeness
            .iter()
            .map(|c| {
                let status = match c.status {
                    Status::Empty => "empty",
                    Status::Partial => "partial",
                    Status::Complete => "complete",
                };
                (
                    c.step.key(),
                    CompletenessJson {
                        status,
                        items: c.items,
                        unrated: c.unrated,
                    },
                )
            })
            .collect(),
        hidden_ratings: summary.hidden,
        included_hidden_ratings: summary.included_hidden,
        anonymous: session.anonymous,
        raters: session
            .raters()
            .into_iter()
            .map(|r| RaterJson {
                name: (!session.anonymous).then_some(r.name),
                side: r.side.name(),
                group: r.group.name().to_string(),
                rated: r.rated,
            })
            .collect(),
    }
}

fn measure_json(m: &Measured) -> MeasureJson<'_> {
    MeasureJson {
        step: m.step.key(),
        text: &m.text,
        direction: m.figures.direction.key(),
        baseline: m.figures.baseline,
        target: m.figures.target,
        actual: m.figures.actual,
        realisation: m.realisation,
    }
}

fn watermelon_json(list: &[Measured]) -> Vec<WatermelonItemJson<'_>> {
    list.iter()
        .map(|m| WatermelonItemJson {
            step: m.step.key(),
            text: &m.text,
            provider: m.provider,
            consumer: m.consumer,
            realisation: m.realisation,
        })
        .collect()
}

/// The header row of `covalue list`, aligned with `list_line`.
pub const LIST_HEADER: &str =
    "ID        TITLE                       SERVICE             MODE      VALUE ALIGN";

/// One session for `covalue list`, in 80 columns: a row under `LIST_HEADER`, then the file
/// (relative to the sessions folder) on its own line, so it is never cut. The numbers are the
/// listing's, which are the room's (`SessionInfo`): a partial session says so beside the file.
pub fn list_line(info: &SessionInfo, file: &str) -> String {
    let note = if info.partial {
        let why = if info.hidden > 0 {
            format!(
                "{} rating{} not revealed yet",
                info.hidden,
                if info.hidden == 1 { "" } else { "s" }
            )
        } else {
            "little rated yet".to_string()
        };
        format!("  (partial: {why})")
    } else {
        String::new()
    };
    // A weighted value never stands alone: the equal-weight one goes beside the file.
    let note = match info.equal_index {
        Some(_) if info.value_index.is_some() => format!(
            "{note}  (value weighted; equal weights: {})",
            score_text(info.equal_index)
        ),
        _ => note,
    };
    let row = format!(
        "{}  {}  {}  {:<8}  {:>5} {:>5}",
        pad(&info.id, 8),
        pad(&info.title, 26),
        pad(&info.service, 18),
        info.mode.name(),
        score_text(info.value_index),
        score_text(info.alignment),
    );
    let below = fit(&format!("{}{note}", one_line(file)), 70);
    format!("{}\n          {below}", row.trim_end())
}

/// Every stakeholder group's score of a dimension, per side; in an anonymous session a group
/// with fewer than 3 raters shows `HIDDEN_GROUP` instead of its score.
fn groups_json(session: &Session, d: &crate::domain::value::DimensionScore) -> Vec<GroupJson> {
    use crate::domain::value::Shown;
    d.groups
        .iter()
        .map(|g| GroupJson {
            side: g.side.name(),
            group: g.group.name().to_string(),
            raters: g.raters,
            score: match g.shown(session.anonymous) {
                Shown::Score(score) => GroupScoreJson::Score(score),
                Shown::Hidden => GroupScoreJson::Hidden(HIDDEN_GROUP),
            },
        })
        .collect()
}

/// The text summary's lines of group scores, one per dimension and side, where a side has
/// several groups: `Benefits    consumer: user 50 (2) · sponsor 75 (1)`.
fn group_lines(out: &mut String, session: &Session, summary: &Summary) {
    let rows = group_rows(session, summary);
    if rows.is_empty() {
        return;
    }
    out.push_str("By stakeholder group (score, raters)\n");
    for d in &summary.dimensions {
        for side in Side::BOTH {
            let parts: Vec<String> = rows
                .iter()
                .filter(|r| r.dimension == d.dimension && r.side == side)
                .map(|r| format!("{} {} ({})", r.group, r.score, r.raters))
                .collect();
            if !parts.is_empty() {
                let line = format!(
                    "  {:<11}{}: {}",
                    d.dimension.title(),
                    side.name(),
                    parts.join(" · ")
                );
                let _ = writeln!(out, "{}", fit(&line, 78));
            }
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Timestamp, summarize};
    use crate::store::TEMPLATES;

    // The generic JSON tree `summary --format json` was built from before the typed structs;
    // kept here as the reference the typed output must equal, key for key and value for value.
    fn heat(map: &[[u32; 5]; 5]) -> Value {
        json!(map)
    }

    fn json_tree(session: &Session, summary: &Summary) -> Value {
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
                }),
            );
        }
        let verdict = |v: Option<Verdict>| v.map_or(Value::Null, |v| json!(v.key()));
        let discuss: Vec<Value> = summary
            .discuss
            .iter()
            .map(|d| json!({"step": d.step.key(), "text": d.text, "provider": d.provider, "consumer": d.consumer, "gap": d.gap}))
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

    /// The typed JSON without the keys issue 9 added (raters, groups, spreads, what kind of
    /// disagreement), which the generic tree predates.
    fn without_stakeholder_keys(mut typed: Value) -> Value {
        if let Some(o) = typed.as_object_mut() {
            o.remove("anonymous");
            o.remove("hidden_ratings");
            o.remove("included_hidden_ratings");
            o.remove("raters");
            // Issue 19's value balance, which the generic tree predates too.
            for key in ["cost_balance", "measures", "watermelon", "weights"] {
                o.remove(key);
            }
        }
        if let Some(risk) = typed["risk_exposure"].as_object_mut() {
            risk.remove("removed_by_mitigation");
        }
        for d in typed["dimensions"]
            .as_object_mut()
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            if let Some(d) = d.as_object_mut() {
                d.remove("spread");
                d.remove("groups");
            }
        }
        for d in typed["discuss"].as_array_mut().into_iter().flatten() {
            if let Some(d) = d.as_object_mut() {
                assert_eq!(d.remove("kind"), Some(json!("gap")));
            }
        }
        typed
    }

    #[test]
    fn typed_summary_json_has_the_same_keys_and_values_as_the_generic_tree() {
        for template in TEMPLATES {
            let mut session = template.instantiate("abcd1234", Timestamp::from_unix(1_800_000_000));
            session.time_spent.insert(crate::domain::Step::Costs, 95);
            let summary = summarize(&session);
            let typed =
                without_stakeholder_keys(serde_json::to_value(json(&session, &summary)).unwrap());
            assert_eq!(typed, json_tree(&session, &summary), "{}", template.name);
        }
        let empty = crate::domain::Session::new("e", "Empty", Timestamp::from_unix(0));
        let summary = summarize(&empty);
        let typed = without_stakeholder_keys(serde_json::to_value(json(&empty, &summary)).unwrap());
        assert_eq!(typed, json_tree(&empty, &summary));
        assert!(typed["value_index"].is_null() && typed["vocr"]["costs_acceptable"].is_null());
    }

    #[test]
    fn a_self_assessment_summary_talks_about_one_side() {
        let mut session = crate::store::Template::find("reporting-tool")
            .unwrap()
            .instantiate("abcd1234", Timestamp::from_unix(1_800_000_000));
        let both = text(&session, &summarize(&session));
        assert!(both.contains("Alignment"), "{both}");
        assert!(
            both.contains(
                "  Costs acceptable   at risk  score 42  — consumer: fails, provider: at risk"
            ),
            "{both}"
        );
        session.mode = crate::domain::Mode::ConsumerSelfAssessment;
        let alone = text(&session, &summarize(&session));
        for words in [
            "Alignment",
            "Discuss next",
            "both sides",
            "provider:",
            "Provider",
        ] {
            assert!(!alone.contains(words), "{words:?} in\n{alone}");
        }
        assert!(alone.contains("Self-assessment: the consumer's ratings only"));
    }
}
