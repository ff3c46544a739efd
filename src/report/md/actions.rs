//! The Markdown report's sections about what to do: the open actions at the top, the done and
//! dropped ones under Agreements, and discuss-next with what the room said about each item.

use crate::domain::value::{DiscussKind, Summary};
use crate::domain::{Agreement, AgreementStatus, Date, Points, Session, Step};
use crate::report::markdown::{cell, inline, phrase};
use std::fmt::Write;

/// An agreement in one line: who, when, whether it is overdue, what it resolves.
fn action_line(session: &Session, a: &Agreement, today: Date) -> String {
    let who = if a.person.trim().is_empty() {
        a.owner.words().to_string()
    } else {
        format!("{} ({})", phrase(&a.person), a.owner.words())
    };
    let mut line = format!("{} — {who}", inline(&a.text));
    if let Some(due) = a.due {
        let _ = write!(line, ", due {due}");
        if a.is_overdue(today) {
            line.push_str(" — **overdue**");
        }
    }
    if let Some((step, item)) = session.resolves(a) {
        let _ = write!(line, "; resolves {} item “{}”", step.title(), phrase(item));
    }
    if a.carried {
        line.push_str(" *(carried over from the previous session)*");
    }
    line
}

/// The open actions as of `today`, overdue first, then by due date, undated last; and how
/// many more are done or dropped.
pub(super) fn open(out: &mut String, session: &Session, today: Date) {
    let _ = writeln!(out, "## Open actions (as of {today})\n");
    let mut open: Vec<&Agreement> = session.agreements.iter().filter(|a| a.is_open()).collect();
    open.sort_by_key(|a| (!a.is_overdue(today), a.due.is_none(), a.due));
    let closed = session.agreements.len() - open.len();
    if session.agreements.is_empty() {
        out.push_str("No actions were agreed.\n\n");
        return;
    }
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

/// The Agreements section: the actions done or dropped (the open ones are at the top).
pub(super) fn closed(out: &mut String, session: &Session, today: Date) {
    out.push_str("## Agreements\n\n");
    let closed: Vec<&Agreement> = session.agreements.iter().filter(|a| !a.is_open()).collect();
    if session.agreements.is_empty() {
        out.push_str("No actions were agreed.\n\n");
        return;
    }
    if closed.is_empty() {
        out.push_str("None done or dropped yet; the open ones are listed at the top.\n\n");
        return;
    }
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

/// What the room said about an item, and the actions that resolve it, for a table cell.
pub(super) fn discussion_cell(session: &Session, step: Step, index: usize) -> String {
    let mut parts = Vec::new();
    if let Some(note) = session.note_at(step, index) {
        parts.push(phrase(note));
    }
    for a in session.resolved_by_at(step, index) {
        parts.push(format!("→ action: {} ({})", phrase(&a.text), a.status()));
    }
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join("<br>")
    }
}

/// Discuss next, in a workshop or where one side's people split: what it lists, then the
/// table; nothing in a self-assessment without a split.
pub(super) fn discuss_next(out: &mut String, session: &Session, summary: &Summary) {
    let splits = summary
        .discuss
        .iter()
        .any(|d| matches!(d.kind, DiscussKind::Split(_)));
    if session.mode.sides().len() != 2 && !splits {
        return;
    }
    out.push_str("## Discuss next\n\n");
    if summary.discuss.is_empty() {
        out.push_str("No item has a gap of 2 or more between the sides.\n\n");
        return;
    }
    out.push_str(if splits {
        "The items the sides rate 2 or more points apart, or the people of one side do (a split), largest first.\n\n"
    } else {
        "The items the sides rate 2 or more points apart, largest gap first.\n\n"
    });
    discuss_table(out, session, summary);
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
            discussion_cell(session, d.step, d.index)
        );
    }
    out.push('\n');
}
