//! `export --format agreements-csv`: every agreement of a session as a row a tracker's CSV
//! import takes (title, description, due date, assignee, status, service, resolves), with cells
//! quoted and neutralised as the other CSV exports do.

use super::export::csv_field;
use crate::domain::Session;
use std::fmt::Write;

/// The header row, the columns a tracker's import maps to its fields.
pub const HEADER: &str = "title,description,due date,assignee,status,service,resolves";

/// One row per agreement, open ones and done or dropped ones alike (the status says which):
/// the assignee is the named person, or the owning side when nobody is named.
pub fn csv(session: &Session) -> String {
    let mut out = format!("{HEADER}\n");
    for a in &session.agreements {
        let assignee = if a.person.trim().is_empty() {
            a.owner.words().to_string()
        } else {
            a.person.trim().to_string()
        };
        let mut description = format!(
            "Agreed in the covalue session \"{}\" ({}); owner: {}.",
            session.title.trim(),
            session.created.date(),
            a.owner.words()
        );
        if a.carried {
            description.push_str(" Carried over from the previous session.");
        }
        let resolves = session
            .resolves(a)
            .map(|(step, item)| format!("{}: {item}", step.title()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{}",
            csv_field(a.text.trim()),
            csv_field(&description),
            a.due.map(|d| d.to_string()).unwrap_or_default(),
            csv_field(&assignee),
            a.status(),
            csv_field(session.service.trim()),
            csv_field(&resolves)
        );
    }
    out
}
