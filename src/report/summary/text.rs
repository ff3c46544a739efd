//! The value summary as plain text for an 80-column terminal (`covalue summary`, and the
//! participant's summary over SSH): one function per section, in the order they are printed.

use crate::domain::value::{Component, HeatMap, Quadrant, Summary};
use crate::domain::{Points, Session, Side, Step};
use crate::report::words::{
    capitalized, figures_text, group_rows, hidden_note, realisation_text, split_verdict_text,
    watermelon_lists, weights_text,
};
use crate::text::{bar, clean, fit, pad, score_text, status_mark, verdict_text, whole, width};
use std::fmt::Write;

/// How many discuss-next items the text summary lists.
const DISCUSS_SHOWN: usize = 10;

/// The summary as text that reads well in 80 columns.
pub fn text(session: &Session, summary: &Summary) -> String {
    let mut out = String::new();
    let sides = session.mode.sides();
    heading(&mut out, session, summary);
    index_lines(&mut out, summary);
    alignment_line(&mut out, summary, sides);
    dimension_table(&mut out, summary, sides);
    group_lines(&mut out, session, summary);
    vocr_lines(&mut out, summary, sides);
    risk_lines(&mut out, session, summary);
    balance_lines(&mut out, summary);
    quadrant_lines(&mut out, summary);
    // A self-assessment has one side: no alignment and no gaps to discuss.
    if sides.len() == 2 {
        discuss_section(&mut out, summary);
    }
    completeness_lines(&mut out, summary);
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    clean(&(lines.join("\n") + "\n")).into_owned()
}

/// The title, the service with the mode and the last update, and what was left out.
fn heading(out: &mut String, session: &Session, summary: &Summary) {
    let _ = writeln!(out, "{}", fit(&session.title, 78));
    let service = if session.service.is_empty() {
        "no service named"
    } else {
        &session.service
    };
    // The service gives way, not the mode or the time of the last update.
    let tail = format!(
        " · {} · updated {}",
        session.mode.describe(),
        session.updated
    );
    let room = 78usize.saturating_sub(width(&tail));
    let _ = writeln!(out, "{}{tail}", fit(service, room));
    if let Some(note) = hidden_note(summary) {
        let _ = writeln!(out, "{}", fit(&note, 78));
    }
    out.push('\n');
}

/// The value index with what it rests on, what it leaves out and the agreed weights.
fn index_lines(out: &mut String, summary: &Summary) {
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
}

/// The alignment in a workshop; whose ratings a self-assessment holds.
fn alignment_line(out: &mut String, summary: &Summary, sides: &[Side]) {
    if sides.len() == 2 {
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
}

/// Each dimension's score per side as a number and a bar, with how many items are rated,
/// then the perceived value.
fn dimension_table(out: &mut String, summary: &Summary, sides: &[Side]) {
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

/// The three VOCR conditions in words with their scores, and each side's own verdict where
/// the two differ (a self-assessment has one side).
fn vocr_lines(out: &mut String, summary: &Summary, sides: &[Side]) {
    out.push_str("VOCR check\n");
    for ((label, verdict), dimension) in summary
        .vocr
        .lines()
        .into_iter()
        .zip(crate::domain::value::Vocr::DIMENSIONS)
    {
        let combined = summary.dimension(dimension).combined();
        let split = split_verdict_text(summary, dimension, sides);
        let score = combined.map_or(String::new(), |s| format!("score {}", whole(s)));
        let _ = writeln!(
            out,
            "  {:<19}{:<9}{:<9}{split}",
            label,
            verdict_text(verdict, summary.only_hidden(dimension)),
            score
        );
    }
}

/// The risk exposure, what mitigation removes, the two heat maps when any risk counts, and
/// under them where each risk that says its after goes.
fn risk_lines(out: &mut String, session: &Session, summary: &Summary) {
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
            let _ = writeln!(
                out,
                "  {likelihood:>10}   {:<24} {}",
                heat_row(&summary.risk.heat_mitigated, likelihood),
                heat_row(&summary.risk.heat_introduced, likelihood)
            );
        }
    }
    for r in session
        .risks
        .iter()
        .filter(|r| r.risk().counted_after().is_some())
    {
        let _ = writeln!(
            out,
            "  {:>7}  {}",
            r.risk().exposure_text(),
            fit(&r.text, 67)
        );
    }
    out.push('\n');
}

/// One likelihood's row of a heat map: the count per impact, `·` for none.
fn heat_row(map: &HeatMap, likelihood: usize) -> String {
    (1..=5)
        .map(|impact| match map[likelihood - 1][impact - 1] {
            0 => "·".to_string(),
            n => n.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
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
        out.push_str("Measures (realisation: how far from baseline to target)\n");
        for m in &summary.measures {
            let figures = figures_text(m);
            if width(&figures) <= 36 {
                let _ = writeln!(
                    out,
                    "  {:>7}  {}  {}",
                    realisation_text(m.realisation),
                    pad(&fit(&m.text, 30), 30),
                    figures
                );
            } else {
                // Long figures take a line of their own rather than lose their end (the
                // actual, "now …", went first).
                let _ = writeln!(
                    out,
                    "  {:>7}  {}\n           {}",
                    realisation_text(m.realisation),
                    fit(&m.text, 67),
                    fit(&figures, 67)
                );
            }
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

/// How many usefulness and outcome items fall in each quadrant, and those to concentrate on.
fn quadrant_lines(out: &mut String, summary: &Summary) {
    if summary.quadrants.is_empty() {
        return;
    }
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

/// Discuss next: the first `DISCUSS_SHOWN` items and how many more, or that there is none.
fn discuss_section(out: &mut String, summary: &Summary) {
    if summary.discuss.is_empty() {
        out.push_str("Discuss next: no item has a gap of 2 or more between the sides.\n");
    } else {
        out.push_str("Discuss next (largest gaps first)\n");
        discuss_lines(out, summary);
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

/// Each step's status mark, five to a line, and how many items are still unrated.
fn completeness_lines(out: &mut String, summary: &Summary) {
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
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
