//! The Markdown report a manager forwards (`export --format md`): the verdict, value index and
//! alignment, VOCR in words, the closing answers, open and overdue actions, discuss-next with
//! the room's notes, the value balance; then the scores and the step tables. One function per
//! section, called in the order the report reads. Every piece of session text goes through
//! `report::markdown`'s escaping, so it never changes the report's structure.

mod actions;
mod steps;
mod tables;

use super::markdown::{block, cell, inline, phrase};
use super::words::{hidden_note, index_parts, split_verdict_text, verdict_with, weights_text};
use crate::domain::value::Summary;
use crate::domain::{Date, Session, Side};
use crate::text::{score_text, verdict_text, whole};
use std::fmt::Write;

/// The Markdown report of `session`, whose `summary` was computed for the reader (the room's,
/// or with `--include-hidden` everything); open actions are judged as of `today`.
pub fn markdown(session: &Session, summary: &Summary, today: Date) -> String {
    let mut out = String::new();
    heading(&mut out, session, summary);
    facts(&mut out, session);
    numbers(&mut out, session, summary);
    vocr(&mut out, session, summary);
    closing_answers(&mut out, session);
    actions::open(&mut out, session, today);
    actions::discuss_next(&mut out, session, summary);
    tables::balance(&mut out, summary);
    tables::scores(&mut out, session, summary);
    tables::groups(&mut out, session, summary);
    tables::context(&mut out, session);
    steps::step_tables(&mut out, session, summary);
    actions::closed(&mut out, session, today);
    tables::quadrants(&mut out, summary);
    tables::time_spent(&mut out, session);
    tables::completeness(&mut out, summary);
    out
}

/// The verdict in one sentence, for the top of the report.
pub fn verdict_sentence(session: &Session, summary: &Summary) -> String {
    verdict_with(session, summary, |service| {
        format!("**{}**", inline(service))
    })
}

/// The title, what was left out, and the verdict.
fn heading(out: &mut String, session: &Session, summary: &Summary) {
    let _ = writeln!(out, "# {}\n", cell(&session.title));
    if let Some(note) = hidden_note(summary) {
        let _ = writeln!(out, "*{note}*\n");
    }
    let _ = writeln!(out, "{}\n", verdict_sentence(session, summary));
}

/// The facts of the session as a list: service, what it is about, mode, date, participants.
fn facts(out: &mut String, session: &Session) {
    let mut facts = vec![format!("**Service:** {}", cell(&session.service))];
    if !session.description.trim().is_empty() {
        facts.push(format!("**About:** {}", phrase(&session.description)));
    }
    facts.push(format!("**Mode:** {}", session.mode.describe()));
    facts.push(format!(
        "**Date:** {}",
        crate::report::words::held_on(session)
    ));
    if !session.participants.is_empty() {
        let people = if session.anonymous {
            anonymous_people(session)
        } else {
            let people: Vec<String> = session
                .participants
                .iter()
                .map(|p| {
                    let role: &str = p.role.into();
                    format!("{} ({role})", inline(&p.name))
                })
                .collect();
            people.join(", ")
        };
        facts.push(format!("**Participants:** {people}"));
    }
    for fact in facts {
        let _ = writeln!(out, "- {fact}");
    }
    out.push('\n');
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

/// The two numbers, each with what it rests on: the value index, then the alignment (or why
/// a self-assessment has none).
fn numbers(out: &mut String, session: &Session, summary: &Summary) {
    let (used, missing) = index_parts(summary);
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
    let sides = session.mode.sides();
    if sides.len() == 2 {
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
}

/// The VOCR check: each condition's verdict and score, and each side's own where they differ.
fn vocr(out: &mut String, session: &Session, summary: &Summary) {
    out.push_str("## VOCR check\n\n");
    out.push_str("VOCR asks three questions from the consumer's side: are the **o**utcomes achieved, are the **c**osts acceptable, are the **r**isks managed (ITIL 4's value: outcomes, costs, risks).\n\n");
    for ((label, verdict), dimension) in summary
        .vocr
        .lines()
        .into_iter()
        .zip(crate::domain::value::Vocr::DIMENSIONS)
    {
        let _ = write!(
            out,
            "- {label}: **{}**",
            verdict_text(verdict, summary.only_hidden(dimension))
        );
        if let Some(score) = summary.dimension(dimension).combined() {
            let _ = write!(out, " (score {})", whole(score));
        }
        out.push_str(&split_verdict_text(
            summary,
            dimension,
            session.mode.sides(),
        ));
        out.push('\n');
    }
    out.push('\n');
}

/// The four closing questions with the room's answers, or that one was not answered.
fn closing_answers(out: &mut String, session: &Session) {
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
}
