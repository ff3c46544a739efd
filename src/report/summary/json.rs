//! The value summary as JSON for scripts (`summary --format json`): typed structs written
//! straight from the summary. The keys are a contract (PRODUCT.md "The command line"); new
//! keys may be added, never removed.

use crate::domain::Points;
use crate::domain::Session;
use crate::domain::balance::{CostBalance, Figure};
use crate::domain::value::{
    Completeness, DimensionScore, DiscussKind, Discussion, HeatMap, Measured, Placed, Score, Shown,
    Status, Summary, Verdict,
};
use crate::report::words::HIDDEN_GROUP;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A score for JSON: exact (people read rounded numbers; scripts get the real ones), or null.
pub fn score_json(score: Score) -> Value {
    score.map_or(Value::Null, |s| json!(s))
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
    let index = &summary.value_index;
    SummaryJson {
        session: SessionJson {
            id: &session.id,
            title: &session.title,
            service: &session.service,
            mode: session.mode.name(),
            updated: session.updated.to_string(),
        },
        value_index: index.value,
        value_index_components: index
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
            .map(|d| (d.dimension.key(), dimension_json(session, d)))
            .collect(),
        vocr: vocr_json(summary),
        risk_exposure: risk_json(summary),
        cost_balance: &summary.cost_balance,
        measures: summary.measures.iter().map(measure_json).collect(),
        watermelon: WatermelonJson {
            met_but_perceived_low: watermelon_json(&summary.watermelon.met_but_perceived_low),
            missed_but_perceived_high: watermelon_json(
                &summary.watermelon.missed_but_perceived_high,
            ),
        },
        weights: weights_json(summary),
        discuss: summary.discuss.iter().map(discuss_json).collect(),
        quadrants: summary.quadrants.iter().map(quadrant_json).collect(),
        time_spent: session
            .time_spent
            .iter()
            .map(|(s, secs)| (s.key(), *secs))
            .collect(),
        completeness: summary.completeness.iter().map(completeness_json).collect(),
        hidden_ratings: summary.hidden,
        included_hidden_ratings: summary.included_hidden,
        anonymous: session.anonymous,
        raters: raters_json(session),
    }
}

fn dimension_json(session: &Session, d: &DimensionScore) -> DimensionJson {
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
    }
}

fn vocr_json(summary: &Summary) -> VocrJson {
    let verdict = |v: Option<Verdict>| v.map(Verdict::key);
    VocrJson {
        outcomes_achieved: verdict(summary.vocr.outcomes_achieved),
        costs_acceptable: verdict(summary.vocr.costs_acceptable),
        risks_managed: verdict(summary.vocr.risks_managed),
    }
}

fn risk_json(summary: &Summary) -> RiskJson<'_> {
    RiskJson {
        mitigated: summary.risk.mitigated,
        introduced: summary.risk.introduced,
        heat_map_mitigated: &summary.risk.heat_mitigated,
        heat_map_introduced: &summary.risk.heat_introduced,
        removed_by_mitigation: summary.risk.removed_by_mitigation,
    }
}

/// The agreed weights beside the equal-weight index; none when there are no weights.
fn weights_json(summary: &Summary) -> Option<WeightsJson> {
    summary.value_index.weights.map(|w| WeightsJson {
        perceived_value: w.perceived_value,
        outcomes: w.outcomes,
        costs: w.costs,
        risks: w.risks,
        equal_weights_index: summary.value_index.equal,
    })
}

fn discuss_json(d: &Discussion) -> DiscussJson<'_> {
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
}

fn quadrant_json(p: &Placed) -> QuadrantJson<'_> {
    QuadrantJson {
        step: p.step.key(),
        text: &p.text,
        importance: p.importance,
        performance: p.performance,
        quadrant: p.quadrant.words(),
    }
}

fn completeness_json(c: &Completeness) -> (&'static str, CompletenessJson) {
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
}

/// Everyone who rates, with how much; no names in an anonymous session.
fn raters_json(session: &Session) -> Vec<RaterJson> {
    session
        .raters()
        .into_iter()
        .map(|r| RaterJson {
            name: (!session.anonymous).then_some(r.name),
            side: r.side.name(),
            group: r.group.name().to_string(),
            rated: r.rated,
        })
        .collect()
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

/// Every stakeholder group's score of a dimension, per side; in an anonymous session a group
/// with fewer than 3 raters shows `HIDDEN_GROUP` instead of its score.
fn groups_json(session: &Session, d: &DimensionScore) -> Vec<GroupJson> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::value::Status;
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
}
