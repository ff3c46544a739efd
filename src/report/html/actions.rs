//! The HTML report's agreed actions: the open ones near the top, the done and dropped ones in
//! the detail, and for a follow-up whether the earlier session's actions closed their gaps.

use super::{escape, table};
use crate::domain::compare::Resolved;
use crate::domain::{Agreement, Date, Session};
use std::fmt::Write;

/// An agreement as table cells: the action, who, when, what it resolves.
fn action_cells(session: &Session, a: &Agreement, today: Date) -> Vec<String> {
    let owner = a.owner.words();
    let who = if a.person.trim().is_empty() {
        owner.to_string()
    } else {
        format!("{} ({owner})", escape(&a.person))
    };
    let due = match a.due {
        Some(due) if a.is_overdue(today) => {
            format!("{due} <span class=\"overdue\">overdue</span>")
        }
        Some(due) => due.to_string(),
        None => "—".to_string(),
    };
    let mut text = escape(&a.text);
    if a.carried {
        text.push_str(" <span class=\"muted\">(carried over)</span>");
    }
    let resolves = session.resolves(a).map_or_else(
        || "—".to_string(),
        |(step, item)| format!("{}: {}", step.title(), escape(item)),
    );
    vec![text, who, due, resolves]
}

/// Each item an earlier session's agreement resolves: its gap then and now.
pub(super) fn did_it_work(out: &mut String, worked: &[Resolved]) {
    if worked.is_empty() {
        return;
    }
    out.push_str("<h2>Did the actions work</h2>\n");
    let rows: Vec<Vec<String>> = worked
        .iter()
        .map(|r| {
            vec![
                escape(&r.item),
                format!("{} → {}", r.old_gap, r.new_gap),
                escape(&r.agreement),
                escape(r.status.name()),
            ]
        })
        .collect();
    out.push_str(&table(
        &["Item", "Gap then → now", "Resolved by", "Status"],
        &rows,
    ));
}

/// The open actions, overdue first, then by due date, undated last.
pub(super) fn open_actions(out: &mut String, session: &Session, today: Date) {
    let _ = writeln!(out, "<h2>Open actions (as of {today})</h2>");
    let mut open: Vec<&Agreement> = session.agreements.iter().filter(|a| a.is_open()).collect();
    open.sort_by_key(|a| (!a.is_overdue(today), a.due.is_none(), a.due));
    if session.agreements.is_empty() {
        out.push_str("<p>No actions were agreed.</p>\n");
        return;
    }
    if open.is_empty() {
        out.push_str("<p>None open: every agreed action is done or dropped.</p>\n");
        return;
    }
    let overdue = open.iter().filter(|a| a.is_overdue(today)).count();
    if overdue > 0 {
        let _ = writeln!(
            out,
            "<p>{} open, {overdue} of them overdue.</p>",
            open.len()
        );
    }
    let rows: Vec<Vec<String>> = open
        .iter()
        .map(|a| action_cells(session, a, today))
        .collect();
    out.push_str(&table(&["Action", "Who", "Due", "Resolves"], &rows));
}

/// The actions done or dropped, with their status first.
pub(super) fn closed_actions(out: &mut String, session: &Session, today: Date) {
    let closed: Vec<&Agreement> = session.agreements.iter().filter(|a| !a.is_open()).collect();
    if closed.is_empty() {
        return;
    }
    out.push_str("<h3>Actions done or dropped</h3>\n");
    let rows: Vec<Vec<String>> = closed
        .iter()
        .map(|a| {
            let mut row = vec![a.status().to_string()];
            row.extend(action_cells(session, a, today));
            row
        })
        .collect();
    out.push_str(&table(
        &["Status", "Action", "Who", "Due", "Resolves"],
        &rows,
    ));
}
