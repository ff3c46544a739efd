//! `export --format ics`: a session's open agreements as RFC 5545 to-dos (VTODO) and, when the
//! service has a review cadence, its next review as an all-day event (VEVENT), for a calendar
//! or task app. Lines end in CRLF and are folded at 75 octets; text values are escaped.
//! The file is the same on every export of an unchanged session (UIDs and DTSTAMP come from it).
//! The review event is the same whichever of the service's sessions is exported: it comes
//! from the service and its latest review, so a calendar given two exports keeps one event.

use crate::domain::follow_up::service_key;
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

/// A service's next review, as its event says it: the day, and the service's latest review,
/// which the cadence counts from (which session was exported makes no difference).
#[derive(Clone, Debug, PartialEq)]
pub struct NextReview {
    pub day: Date,
    /// The service as its latest review spells it.
    pub service: String,
    /// The latest review's title and creation time, which the event's text names.
    pub after: String,
    pub after_created: Timestamp,
    /// When the latest review last changed: the event's DTSTAMP. A newer review moves the
    /// day and has a later stamp, so a calendar takes it for a newer version of the event.
    pub changed: Timestamp,
}

/// The calendar: one VTODO per open agreement, and a VEVENT on `next_review` when the
/// service's cadence gives one.
pub fn calendar(session: &Session, next_review: Option<&NextReview>) -> String {
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
    if let Some(next) = next_review {
        review(&mut out, session, next);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// The review event's UID, from the service alone: the same from every session of it and
/// after a newer review moves the day, so a calendar replaces the event instead of adding one.
/// A session without a service is a service of its own.
fn review_uid(session: &Session, next: &NextReview) -> String {
    let key = service_key(&next.service);
    if key.is_empty() {
        format!("review.{}@covalue", session.id)
    } else {
        format!("next-review.{}@covalue", uid_part(&key))
    }
}

/// `key` in characters any UID may hold, one to one so that two services never share a UID:
/// ASCII letters and digits as they are, a space as `-`, any other byte as `_` and two hex
/// digits.
fn uid_part(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for b in key.bytes() {
        match b {
            b if b.is_ascii_alphanumeric() => out.push(char::from(b)),
            b' ' => out.push('-'),
            b => {
                let _ = write!(out, "_{b:02x}");
            }
        }
    }
    out
}

fn review(out: &mut String, session: &Session, next: &NextReview) {
    let service = if next.service.trim().is_empty() {
        session.title.trim()
    } else {
        next.service.trim()
    };
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", review_uid(session, next)));
    line(out, &format!("DTSTAMP:{}", stamp(next.changed)));
    line(out, &format!("DTSTART;VALUE=DATE:{}", date(next.day)));
    line(
        out,
        &format!("SUMMARY:{}", text(&format!("Value review: {service}"))),
    );
    let about = format!(
        "The next value co-creation review of {service}, by its review cadence, counted from \
         its latest review, \"{}\" ({}).",
        next.after.trim(),
        next.after_created.date()
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

    /// Spellings of one service share a UID; names a slug would merge (`a-b`, `a b`) do not.
    #[test]
    fn a_review_uid_is_one_per_service() {
        let session = Session::new("s1", "Q1", Timestamp::from_unix(0));
        let uid = |service: &str| {
            let next = NextReview {
                day: Date::new(2027, 1, 1).unwrap(),
                service: service.into(),
                after: "Q1".into(),
                after_created: Timestamp::from_unix(0),
                changed: Timestamp::from_unix(0),
            };
            review_uid(&session, &next)
        };
        assert_eq!(uid("Ärztehaus  Süd"), uid("ärztehaus süd"));
        assert_eq!(
            uid("Ärztehaus Süd"),
            "next-review._c3_a4rztehaus-s_c3_bcd@covalue"
        );
        assert_ne!(uid("a-b"), uid("a b"));
        assert_ne!(uid("a_b"), uid("a b"));
        // Without a service, the session's own.
        assert_eq!(uid(" "), "review.s1@covalue");
    }

    #[test]
    fn text_escapes_what_ends_a_value_or_a_line() {
        assert_eq!(text("a;b,c\\d\r\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(text("\u{1b}[2J"), "\u{FFFD}[2J");
    }
}
