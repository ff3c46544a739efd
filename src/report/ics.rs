//! `export --format ics`: a session's open agreements as RFC 5545 to-dos (VTODO) and, when the
//! service has a review cadence, its next review as an all-day event (VEVENT), for a calendar
//! or task app. Lines end in CRLF and are folded at 75 octets; text values are escaped.
//! The file is the same on every export of an unchanged session (UIDs and DTSTAMP come from it).

use crate::domain::{Agreement, Date, Session, Step, Timestamp, item_id};
use crate::text::clean_controls;
use std::fmt::Write;

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped, and
/// terminal controls shown as U+FFFD.
pub fn text(value: &str) -> String {
    let value = value.replace("\r\n", "\n");
    let value = clean_controls(&value);
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded (§3.1): no line longer than 75 octets before its CRLF, each
/// continuation starting with a space, and never a UTF-8 character cut in two.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

fn date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

/// A UTC date-time as iCalendar writes it: 20261120T110000Z.
fn stamp(t: Timestamp) -> String {
    t.to_string().replace(['-', ':'], "")
}

/// A UID that stays the same on every export: the agreement's own id in its session's.
fn uid(session: &Session, index: usize, a: &Agreement) -> String {
    let id = if a.id.is_empty() {
        item_id(Step::Agreements, index, &a.text)
    } else {
        a.id.clone()
    };
    format!("{id}.{}@covalue", session.id)
}

/// Who does it, in words: the person and their side, or the side alone.
pub fn owner(a: &Agreement) -> String {
    let side = a.owner.words();
    if a.person.trim().is_empty() {
        side.to_string()
    } else {
        format!("{} ({side})", a.person.trim())
    }
}

/// Where an agreement came from and what it is for, for a description.
fn description(session: &Session, a: &Agreement) -> String {
    let mut d = format!("Agreed in the covalue session \"{}\"", session.title.trim());
    if !session.service.trim().is_empty() {
        let _ = write!(d, " for the service {}", session.service.trim());
    }
    let _ = write!(d, " ({}).\nOwner: {}.", session.created.date(), owner(a));
    if let Some((step, item)) = session.resolves(a) {
        let _ = write!(d, "\nResolves the {} item \"{item}\".", step.title());
    }
    if a.carried {
        d.push_str("\nCarried over from the previous session.");
    }
    d
}

/// The calendar: one VTODO per open agreement, and a VEVENT on `next_review` when the
/// service's cadence gives one.
pub fn calendar(session: &Session, next_review: Option<Date>) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!(
            "PRODID:-//covalue//covalue {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    let dtstamp = stamp(session.updated);
    for (index, a) in session.agreements.iter().enumerate() {
        if !a.is_open() {
            continue;
        }
        line(&mut out, "BEGIN:VTODO");
        line(&mut out, &format!("UID:{}", uid(session, index, a)));
        line(&mut out, &format!("DTSTAMP:{dtstamp}"));
        line(&mut out, &format!("SUMMARY:{}", text(a.text.trim())));
        line(
            &mut out,
            &format!("DESCRIPTION:{}", text(&description(session, a))),
        );
        line(&mut out, &format!("CONTACT:{}", text(&owner(a))));
        if let Some(due) = a.due {
            line(&mut out, &format!("DUE;VALUE=DATE:{}", date(due)));
        }
        line(&mut out, "STATUS:NEEDS-ACTION");
        line(&mut out, "END:VTODO");
    }
    if let Some(day) = next_review {
        review(&mut out, session, day, &dtstamp);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn review(out: &mut String, session: &Session, day: Date, dtstamp: &str) {
    let service = if session.service.trim().is_empty() {
        session.title.trim()
    } else {
        session.service.trim()
    };
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:review.{}@covalue", session.id));
    line(out, &format!("DTSTAMP:{dtstamp}"));
    line(out, &format!("DTSTART;VALUE=DATE:{}", date(day)));
    line(
        out,
        &format!("SUMMARY:{}", text(&format!("Value review: {service}"))),
    );
    let about = format!(
        "The next value co-creation review of {service}, by its review cadence, after \"{}\" ({}).",
        session.title.trim(),
        session.created.date()
    );
    line(out, &format!("DESCRIPTION:{}", text(&about)));
    line(out, "END:VEVENT");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_cutting_a_character() {
        let mut out = String::new();
        let content = format!("SUMMARY:{}", "é".repeat(100));
        line(&mut out, &content);
        for l in out.split_terminator("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{content}\r\n"));
    }

    /// Found by a mutation run: no test read a date-time as iCalendar writes it.
    #[test]
    fn a_time_is_written_in_the_basic_utc_form() {
        let t: Timestamp = "2026-11-20T11:00:00Z".parse().unwrap();
        assert_eq!(stamp(t), "20261120T110000Z");
    }

    /// Found by a mutation run: no test had a line of exactly 75 octets (`>=` for `>` folded it).
    #[test]
    fn a_line_of_exactly_75_octets_is_not_folded() {
        let mut out = String::new();
        line(&mut out, &"x".repeat(75));
        assert_eq!(out, format!("{}\r\n", "x".repeat(75)));
        let mut out = String::new();
        line(&mut out, &"x".repeat(76));
        assert_eq!(out, format!("{}\r\n x\r\n", "x".repeat(75)));
    }

    #[test]
    fn text_escapes_what_ends_a_value_or_a_line() {
        assert_eq!(text("a;b,c\\d\r\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(text("\u{1b}[2J"), "\u{FFFD}[2J");
    }
}
