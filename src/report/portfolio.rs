//! The portfolio and a service's trend as text (80 columns), JSON (the contracts of issue 18)
//! and CSV. A number that does not exist is `–` in text, null in JSON, blank in CSV: never 0.

use super::compare::{resolved_json, resolved_lines};
use super::export::csv_field;
use super::summary::score_json;
use crate::domain::portfolio::{Flag, Portfolio, Review, Row};
use crate::domain::trend::{Point, Trend};
use crate::domain::value::{Score, Verdict, Vocr};
use crate::domain::{Dimension, Side};
use crate::text::{self, clean, fit, pad, score_text, trend_arrow};
use serde_json::{Value, json};
use std::fmt::Write;

/// The header row of the portfolio, aligned with `row_line`.
pub const HEADER: &str = "SERVICE          REV LATEST     INDEX    Δ ALIGN VOCR OPEN LATE  FLAGS";

/// The three VOCR verdicts in three columns: ✓ holds, ~ at risk, ✗ fails, · not rated.
pub fn vocr_marks(vocr: &Vocr) -> String {
    vocr.lines()
        .iter()
        .map(|(_, v)| match v {
            Some(Verdict::Holds) => '✓',
            Some(Verdict::AtRisk) => '~',
            Some(Verdict::Fails) => '✗',
            None => '·',
        })
        .collect()
}

/// The change shown: the difference of the two whole numbers shown, signed; blank without one.
pub fn delta_text(row: &Row) -> String {
    match row.delta {
        Some(_) => text::change(row.previous, row.latest().and_then(|l| l.value_index))
            .map(text::signed)
            .unwrap_or_default(),
        None => String::new(),
    }
}

/// Why each flag is set, in words, for the line under a flagged row.
pub fn reasons(row: &Row) -> Vec<String> {
    let latest = row.latest();
    row.flags
        .iter()
        .map(|flag| match flag {
            Flag::BelowTarget => {
                let mut under = Vec::new();
                let l = latest.expect("below target needs a review");
                for (what, score, target) in [
                    ("index", l.value_index, row.target.value_index),
                    ("alignment", l.alignment, row.target.alignment),
                ] {
                    if let (Some(s), Some(t)) = (score, target)
                        && s < t
                    {
                        under.push(format!(
                            "{what} {} < {}",
                            score_text(Some(s)),
                            text::whole(t)
                        ));
                    }
                }
                format!("below target ({})", under.join(", "))
            }
            Flag::Never => format!(
                "never rated ({})",
                row.missing_reason().unwrap_or_else(|| "no numbers".into())
            ),
            Flag::Stale => format!(
                "stale ({} days old, cadence {})",
                row.age_days.unwrap_or_default(),
                row.target.cadence_days.unwrap_or_default()
            ),
            Flag::Partial => match row.missing_reason() {
                Some(why) => format!("partial ({why})"),
                None if latest.is_some_and(|l| l.hidden > 0) => {
                    let hidden = latest.map_or(0, |l| l.hidden);
                    let s = if hidden == 1 { "" } else { "s" };
                    format!("partial ({hidden} rating{s} not revealed yet)")
                }
                None => "partial (little rated yet)".into(),
            },
        })
        .collect()
}

/// The latest index, `w` after it when weighted (the line under the row says with what).
pub fn index_cell(latest: Option<&Review>) -> String {
    let index = latest.and_then(|l| l.value_index);
    let weighted = latest.is_some_and(|l| l.equal_index.is_some()) && index.is_some();
    format!("{}{}", score_text(index), if weighted { "w" } else { "" })
}

/// Under a row whose latest index is weighted: the weights and the equal-weight index.
fn weighted_note(latest: &Review) -> Option<String> {
    latest.value_index?;
    let equal = latest.equal_index?;
    Some(format!(
        "index weighted, equal weights: {} ({})",
        score_text(Some(equal)),
        crate::domain::balance::weights_words(latest.weights)
    ))
}

/// When the services' latest reviews weigh their index differently, so their indexes do not
/// compare as like for like.
pub fn weights_differ(p: &Portfolio) -> Option<String> {
    let mut kinds: Vec<String> = p
        .rows
        .iter()
        .filter_map(|r| r.latest())
        .filter(|l| l.value_index.is_some())
        .map(|l| crate::domain::balance::weights_words(l.weights))
        .collect();
    kinds.sort();
    kinds.dedup();
    (kinds.len() > 1).then(|| {
        "The services' indexes use different weights (w = weighted): compare with care.".to_string()
    })
}

/// One service in 80 columns: its row, then (when flagged) why, indented.
pub fn row_line(row: &Row) -> String {
    let latest = row.latest();
    let line = format!(
        "{} {:>3} {:<10} {:>5} {:>4} {:>5} {:>4} {:>4} {:>4}  ",
        pad(&row.service, 16),
        row.reviews.len(),
        latest.map_or("–".to_string(), |l| l.date().to_string()),
        index_cell(latest),
        delta_text(row),
        score_text(latest.and_then(|l| l.alignment)),
        latest.map_or("···".to_string(), |l| vocr_marks(&l.vocr)),
        row.open_agreements,
        row.overdue_agreements,
    );
    let words: Vec<&str> = row.flags.iter().map(|f| f.short()).collect();
    let mut flags = if words.is_empty() {
        "on track".to_string()
    } else {
        words.join(" ")
    };
    let room = 80 - text::width(&line);
    if text::width(&flags) > room {
        flags = format!("{} +{}", words[0], words.len() - 1);
    }
    let mut out = format!("{line}{flags}");
    if let Some(note) = latest.and_then(weighted_note) {
        out.push_str("\n    ");
        out.push_str(&fit(&note, 76));
    }
    if !row.flags.is_empty() {
        out.push_str("\n    ");
        out.push_str(&fit(&reasons(row).join("; "), 76));
    }
    out
}

/// The footer: how many services are in each state.
pub fn footer(p: &Portfolio) -> String {
    let mut parts: Vec<String> = Flag::ALL
        .iter()
        .filter(|f| p.count(**f) > 0)
        .map(|f| format!("{} {}", p.count(*f), f.words()))
        .collect();
    parts.push(format!("{} on track", p.on_track()));
    let n = p.rows.len();
    format!(
        "{n} service{}: {}",
        if n == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

/// How many worked examples the portfolio left out, when it left any: said wherever the
/// portfolio is read, so a missing demo is not taken for a lost review.
pub fn examples_note(p: &Portfolio) -> Option<String> {
    let n = p.examples;
    (n > 0).then(|| {
        format!(
            "{n} example session{} left out (a worked example from `new --example` is a demo, not a review)",
            if n == 1 { "" } else { "s" }
        )
    })
}

/// The portfolio as text for 80 columns, worst first.
pub fn text(p: &Portfolio) -> String {
    let mut out = String::new();
    if p.rows.is_empty() {
        return "No services yet: the portfolio lists the services of the saved sessions.\n".into();
    }
    let _ = writeln!(out, "Portfolio on {}, worst first\n\n{HEADER}", p.today);
    for row in &p.rows {
        let _ = writeln!(out, "{}", row_line(row));
    }
    let _ = writeln!(
        out,
        "\n{}\nVOCR: outcomes, costs, risks (✓ holds, ~ at risk, ✗ fails, · not rated)",
        fit(&footer(p), 80)
    );
    if let Some(note) = weights_differ(p) {
        let _ = writeln!(out, "{}", fit(&note, 80));
    }
    clean(&out).into_owned()
}

fn vocr_json(vocr: &Vocr) -> Value {
    let v = |v: Option<Verdict>| v.map_or(Value::Null, |v| Value::from(v.key()));
    json!({"outcomes_achieved": v(vocr.outcomes_achieved),
        "costs_acceptable": v(vocr.costs_acceptable), "risks_managed": v(vocr.risks_managed)})
}

fn row_json(row: &Row) -> Value {
    let latest = row.latest().map_or(Value::Null, |l| {
        json!({"session": l.session, "title": l.title, "date": l.date().to_string(),
            "value_index": score_json(l.value_index), "alignment": score_json(l.alignment),
            "vocr": vocr_json(&l.vocr), "partial": l.partial})
    });
    let series = |f: fn(&Review) -> Score| -> Vec<Value> {
        row.reviews.iter().map(|r| score_json(f(r))).collect()
    };
    json!({
        "service": row.service,
        "reviews": row.reviews.len(),
        "latest": latest,
        "delta": score_json(row.delta),
        "trend": {
            "value_index": series(|r| r.value_index),
            "alignment": series(|r| r.alignment),
            "partial": row.reviews.iter().map(|r| r.partial).collect::<Vec<_>>(),
        },
        "open_agreements": row.open_agreements,
        "overdue_agreements": row.overdue_agreements,
        "flags": row.flags.iter().map(|f| f.key()).collect::<Vec<_>>(),
        "reasons": reasons(row),
        "target": {
            "value_index": score_json(row.target.value_index),
            "alignment": score_json(row.target.alignment),
            "cadence_days": row.target.cadence_days,
        },
    })
}

/// The portfolio as JSON: `{today, services: [...], counts: {...}}`.
pub fn json(p: &Portfolio) -> Value {
    let mut counts = serde_json::Map::new();
    counts.insert("services".into(), p.rows.len().into());
    for flag in Flag::ALL {
        counts.insert(flag.key().into(), p.count(flag).into());
    }
    counts.insert("on_track".into(), p.on_track().into());
    json!({
        "today": p.today.to_string(),
        "services": p.rows.iter().map(row_json).collect::<Vec<_>>(),
        "counts": counts,
    })
}

/// A number for CSV: exact, blank when there is none.
fn csv_number(score: Score) -> String {
    score.map_or(String::new(), |s| s.to_string())
}

/// The portfolio as CSV: a header, then one row per service, worst first.
pub fn csv(p: &Portfolio) -> String {
    let mut out = String::from(
        "service,reviews,latest_session,latest_date,value_index,alignment,delta,outcomes_achieved,costs_acceptable,risks_managed,open_agreements,overdue_agreements,flags\n",
    );
    for row in &p.rows {
        let latest = row.latest();
        let verdicts: Vec<&str> = latest.map_or(vec![""; 3], |l| {
            l.vocr
                .lines()
                .iter()
                .map(|(_, v)| v.map_or("", Verdict::key))
                .collect()
        });
        let flags: Vec<&str> = row.flags.iter().map(|f| f.key()).collect();
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(&row.service),
            row.reviews.len(),
            csv_field(latest.map_or("", |l| l.session.as_str())),
            latest.map_or(String::new(), |l| l.date().to_string()),
            csv_number(latest.and_then(|l| l.value_index)),
            csv_number(latest.and_then(|l| l.alignment)),
            csv_number(row.delta),
            verdicts.join(","),
            row.open_agreements,
            row.overdue_agreements,
            flags.join(";"),
        );
    }
    out
}

/// How many reviews fit across 80 columns beside the labels.
const TREND_COLUMNS: usize = 6;

/// A line of the trend table: a label, one number per review, and the direction.
fn trend_row(
    label: &str,
    points: &[&Point],
    value: impl Fn(&Point) -> Score,
    all: &Trend,
) -> String {
    let mut line = pad(label, 21);
    for p in points {
        let mark = if p.partial { "*" } else { " " };
        let _ = write!(line, " {:>7}{mark}", score_text(value(p)));
    }
    let arrow = trend_arrow(&all.steady(&value)).unwrap_or("");
    format!("{line}  {arrow}").trim_end().to_string()
}

/// A service's trend as text for 80 columns: the latest six reviews, oldest first.
pub fn trend_text(t: &Trend) -> String {
    let mut out = String::new();
    let n = t.points.len();
    let (Some(first), Some(last)) = (t.points.first(), t.points.last()) else {
        return format!("{}: no reviews yet.\n", clean(&t.service));
    };
    // Within one quarter, the days say the span; "2026-Q4 to 2026-Q4" says nothing.
    let (from, to) = if first.period == last.period {
        (first.date.to_string(), last.date.to_string())
    } else {
        (first.period.clone(), last.period.clone())
    };
    let _ = writeln!(
        out,
        "{}: {n} review{}, {from} to {to}",
        fit(&t.service, 50),
        if n == 1 { "" } else { "s" },
    );
    let shown: Vec<&Point> = t.points[n.saturating_sub(TREND_COLUMNS)..].iter().collect();
    if shown.len() < n {
        let _ = writeln!(
            out,
            "(the latest {TREND_COLUMNS}; --format json has every review)"
        );
    }
    let mut head = pad("", 21);
    for p in &shown {
        let _ = write!(head, " {:>7} ", p.label);
    }
    let _ = writeln!(out, "\n{}", head.trim_end());
    let weighted = t.any_weighted();
    let label = if weighted {
        "Value index weighted"
    } else {
        "Value index"
    };
    let _ = writeln!(out, "{}", trend_row(label, &shown, |p| p.value_index, t));
    if weighted {
        // A weighted index never stands alone: the equal-weight one under it.
        let _ = writeln!(
            out,
            "{}",
            trend_row("  equal weights", &shown, |p| t.equal_index(p), t)
        );
    }
    let _ = writeln!(
        out,
        "{}",
        trend_row("Alignment", &shown, |p| p.alignment, t)
    );
    for d in Dimension::ALL {
        for side in Side::BOTH {
            let label = format!("{:<11}{}", d.title(), side.name());
            let value = move |p: &Point| Trend::score(p, d, side);
            let _ = writeln!(out, "{}", trend_row(&label, &shown, value, t));
        }
    }
    if t.points.iter().any(|p| p.partial) {
        let _ = writeln!(
            out,
            "* partial: too little rated or revealed; the arrows leave it out"
        );
    }
    if t.points.iter().any(|p| !p.resolved.is_empty()) {
        let _ = writeln!(out, "\nDid the actions work");
        for p in t.points.iter().filter(|p| !p.resolved.is_empty()) {
            let _ = writeln!(out, "  {} ({})", p.period, p.date);
            for r in &p.resolved {
                let _ = writeln!(out, "    {}", resolved_lines(r, 76).join("\n    "));
            }
        }
    }
    clean(&out).into_owned()
}

/// Every review's resolved items, each with the review's session and period.
fn resolved_all(t: &Trend) -> Vec<Value> {
    t.points
        .iter()
        .flat_map(|p| {
            resolved_json(&p.resolved).into_iter().map(move |mut r| {
                r["session"] = p.session.clone().into();
                r["period"] = p.period.clone().into();
                r
            })
        })
        .collect()
}

/// A service's trend as JSON: `{service, periods, sessions, value_index, alignment,
/// dimensions: {benefits: {provider, consumer}, ...}}`, every list oldest first.
pub fn trend_json(t: &Trend) -> Value {
    let series = |f: &dyn Fn(&Point) -> Score| -> Vec<Value> {
        t.points.iter().map(|p| score_json(f(p))).collect()
    };
    let dimensions: serde_json::Map<String, Value> = Dimension::ALL
        .iter()
        .map(|d| {
            let side = |s: Side| series(&|p: &Point| Trend::score(p, *d, s));
            (
                d.key().to_string(),
                json!({"provider": side(Side::Provider), "consumer": side(Side::Consumer)}),
            )
        })
        .collect();
    json!({
        "service": t.service,
        "periods": t.points.iter().map(|p| p.period.clone()).collect::<Vec<_>>(),
        "sessions": t.points.iter().map(|p| p.session.clone()).collect::<Vec<_>>(),
        "dates": t.points.iter().map(|p| p.date.to_string()).collect::<Vec<_>>(),
        "partial": t.points.iter().map(|p| p.partial).collect::<Vec<_>>(),
        "value_index": series(&|p| p.value_index),
        "alignment": series(&|p| p.alignment),
        "dimensions": dimensions,
        "resolved": resolved_all(t),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::portfolio::Target;

    fn row(flags: Vec<Flag>) -> Row {
        Row {
            service: "Payroll".into(),
            reviews: Vec::new(),
            target: Target::default(),
            previous: None,
            delta: None,
            open_agreements: 0,
            overdue_agreements: 0,
            flags,
            age_days: None,
        }
    }

    /// A trial's find: two reviews of one quarter were said to span "2026-Q4 to 2026-Q4";
    /// within a quarter the days say it, and the columns have a label each.
    #[test]
    fn a_trend_within_one_quarter_spans_its_days() {
        use crate::domain::{Session, Timestamp, trend::trend};
        let review = |id: &str, day: &str| {
            let created: Timestamp = format!("{day}T10:00:00Z").parse().unwrap();
            let mut s = Session::new(id, id, created);
            s.service = "Desk".into();
            s
        };
        let t = trend(
            "Desk",
            &[review("a", "2026-10-05"), review("b", "2026-11-20")],
        );
        let text = trend_text(&t);
        assert!(
            text.starts_with("Desk: 2 reviews, 2026-10-05 to 2026-11-20\n"),
            "{text}"
        );
        assert!(text.contains("2026-10  2026-11"), "{text}");
    }

    /// Found by a mutation run: no test had a score exactly at its target beside one under it,
    /// so listing a score at its target as under it (`<=` for `<`) went unnoticed.
    #[test]
    fn below_target_names_only_the_scores_under_their_target() {
        let mut below = row(vec![Flag::BelowTarget]);
        below.target = Target {
            value_index: Some(60.0),
            alignment: Some(70.0),
            ..Target::default()
        };
        below.reviews.push(review(Some(40.0), Some(70.0), 0));
        assert_eq!(reasons(&below), ["below target (index 40 < 60)"]);
    }

    /// Found by a mutation run: every fixture has each flag once, so `>=` for `>` (a flag
    /// nobody has, counted as "0 stale") went unnoticed.
    #[test]
    fn the_footer_names_only_the_flags_some_service_has() {
        let p = Portfolio {
            today: crate::domain::Date::new(2026, 12, 7).unwrap(),
            targets: Default::default(),
            rows: vec![row(Vec::new()), row(vec![Flag::Stale])],
            examples: 0,
        };
        assert_eq!(footer(&p), "2 services: 1 stale, 1 on track");
    }

    fn review(value_index: Option<f64>, alignment: Option<f64>, hidden: usize) -> Review {
        Review {
            session: "s1".into(),
            title: "Q1".into(),
            service: "Payroll".into(),
            created: "2026-01-01T10:00:00Z".parse().unwrap(),
            updated: "2026-01-01T10:00:00Z".parse().unwrap(),
            follows: String::new(),
            example: false,
            value_index,
            equal_index: None,
            weights: None,
            alignment,
            vocr: Default::default(),
            partial: true,
            hidden,
            items: 3,
            open_agreements: 0,
            open_due: Vec::new(),
        }
    }

    /// Found by a mutation run: no test read the index cell of an unweighted review, or of a
    /// weighted one without an index; only a weighted index is marked `w`.
    #[test]
    fn only_a_weighted_index_is_marked() {
        let mut latest = review(Some(62.0), None, 0);
        assert_eq!(index_cell(Some(&latest)), "62");
        latest.equal_index = Some(58.0);
        assert_eq!(index_cell(Some(&latest)), "62w");
        latest.value_index = None;
        assert_eq!(index_cell(Some(&latest)), "–");
        assert_eq!(index_cell(None), "–");
    }

    /// Found by a mutation run: a partial review with nothing hidden said how many ratings were
    /// hidden anyway when the guard was always true.
    #[test]
    fn a_partial_row_says_hidden_ratings_only_when_there_are_some() {
        let mut partial = row(vec![Flag::Partial]);
        partial.reviews.push(review(Some(55.0), Some(60.0), 0));
        assert_eq!(reasons(&partial), ["partial (little rated yet)"]);
        partial.reviews[0].hidden = 4;
        assert_eq!(reasons(&partial), ["partial (4 ratings not revealed yet)"]);
        // One is one rating (it said "1 ratings").
        partial.reviews[0].hidden = 1;
        assert_eq!(reasons(&partial), ["partial (1 rating not revealed yet)"]);
    }

    /// Found by a mutation run: no fixture had a row whose flags are wider than the 15
    /// columns left for them, so comparing the widths with `==` instead of `>` went unnoticed.
    #[test]
    fn flags_too_wide_for_the_row_are_cut_to_the_first_and_a_count() {
        let three = row(vec![Flag::Never, Flag::Stale, Flag::Partial]);
        let line = row_line(&three);
        let first = line.lines().next().unwrap();
        assert!(first.ends_with("never +2"), "{line}");
        assert!(text::width(first) <= 80, "{line}");
        // The reasons for the flags go on a line under the row; a row without flags has none.
        let reasons = line.lines().nth(1).unwrap_or_default();
        assert!(reasons.contains("never rated (no review yet)"), "{line}");
        assert_eq!(row_line(&row(Vec::new())).lines().count(), 1);
        let two = row_line(&row(vec![Flag::Never, Flag::Stale]));
        assert!(
            two.lines().next().unwrap().ends_with("never stale"),
            "{two}"
        );
    }
}
