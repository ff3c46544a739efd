//! The report's figures: the value index, the alignment and the VOCR check, each with what
//! it rests on.

use super::escape;
use crate::domain::Session;
use crate::domain::value::Summary;
use crate::report::words::{index_parts, split_verdict_text, weights_text};
use crate::text::{score_text, verdict_text, whole};
use std::fmt::Write;

/// The value index, the alignment and the three VOCR conditions, each with what it rests on.
pub(super) fn figures(out: &mut String, session: &Session, summary: &Summary) {
    out.push_str("<div class=\"figures\">\n");
    let (used, missing) = index_parts(summary);
    let mut basis = if used.is_empty() {
        "Nothing it needs is rated yet.".to_string()
    } else {
        format!("The geometric mean of {}.", used.join(", "))
    };
    if !missing.is_empty() && !used.is_empty() {
        let _ = write!(
            basis,
            " Left out for lack of ratings: {}.",
            missing.join(", ")
        );
    }
    if summary.value_index.weights.is_some() {
        let _ = write!(
            basis,
            " Equal weights would give {}; {}.",
            score_text(summary.value_index.equal),
            weights_text(summary).unwrap_or_default().replacen(
                "weights:",
                "the weights agreed:",
                1
            )
        );
    }
    figure(out, "Value index", summary.value_index.value, &basis);
    let sides = session.mode.sides();
    if sides.len() == 2 {
        let n = summary.rated_by_both;
        let basis = format!(
            "How closely the two sides' ratings agree, over {n} item{} rated by both.",
            if n == 1 { "" } else { "s" }
        );
        figure(out, "Alignment", summary.alignment, &basis);
    } else {
        let basis = format!(
            "A self-assessment: only the {} rated, so there is no alignment between sides.",
            sides[0].name()
        );
        let _ = writeln!(
            out,
            "<div class=\"figure\"><p class=\"muted\">{basis}</p></div>"
        );
    }
    vocr_check(out, session, summary);
    out.push_str("</ul></div>\n</div>\n");
}

/// The three VOCR conditions in words, with their scores and each side's own verdict where
/// the two sides differ.
fn vocr_check(out: &mut String, session: &Session, summary: &Summary) {
    let sides = session.mode.sides();
    out.push_str("<div class=\"figure\"><strong>VOCR check</strong>\n<ul class=\"vocr\">\n");
    for ((label, verdict), dimension) in summary
        .vocr
        .lines()
        .into_iter()
        .zip(crate::domain::value::Vocr::DIMENSIONS)
    {
        let class = verdict.map_or("none", |v| v.key());
        let score = summary
            .dimension(dimension)
            .combined()
            .map(|s| format!(" (score {})", whole(s)))
            .unwrap_or_default();
        // Each side's own verdict where they differ, as the Markdown report and `summary`
        // give it (the HTML report left it out).
        let split = split_verdict_text(summary, dimension, sides);
        let _ = writeln!(
            out,
            "<li><span class=\"chip {class}\">{}</span> {label}{score}{split}</li>",
            verdict_text(verdict, summary.only_hidden(dimension))
        );
    }
}

fn figure(out: &mut String, name: &str, score: Option<f64>, basis: &str) {
    let _ = writeln!(
        out,
        "<div class=\"figure\"><strong>{name}</strong><div><span class=\"number\">{}</span> <span class=\"of\">/ 100</span></div><p class=\"muted\">{}</p></div>",
        score_text(score),
        escape(basis)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::summarize;

    /// Bug: the HTML report gave each VOCR condition's verdict but not the two sides' own
    /// where they differ, which the Markdown report and `summary` give.
    #[test]
    fn the_vocr_check_gives_each_sides_verdict_where_they_differ() {
        use crate::domain::{Cost, Rating, Ratings};
        let mut session = Session::new("v1", "Split", crate::domain::Timestamp::from_unix(0));
        session.costs.push(Cost {
            text: "Licence fee".into(),
            rating: Ratings {
                revealed: true,
                ..Ratings::new(Rating::new(5), Rating::new(1))
            },
            ..Default::default()
        });
        let html = |s: &Session| {
            let mut out = String::new();
            figures(&mut out, s, &summarize(s));
            out
        };
        let shown = html(&session);
        assert!(
            shown.contains("Costs acceptable (score 50) — consumer: fails, provider: holds</li>"),
            "{shown}"
        );
        // A condition with nothing rated, or a session where one side rated alone, has no
        // split to add.
        assert!(shown.contains("Outcomes achieved</li>"), "{shown}");
        let mut alone = session.clone();
        alone.mode = crate::domain::Mode::ConsumerSelfAssessment;
        let shown = html(&alone);
        assert!(!shown.contains("— consumer:"), "{shown}");
    }
}
