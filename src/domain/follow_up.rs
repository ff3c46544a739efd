//! Follow-through between workshops: a new session that starts from the previous one of the
//! same service. Its open agreements come first, to be marked done, still open or dropped;
//! its items come along with their ratings cleared, so both sides rate afresh; it names the
//! session it follows (`follows`), so the next review can ask that one what worked.

use super::session::{Agreement, Closing, Served, Session};
use super::time::Timestamp;
use std::collections::BTreeMap;

/// A new session for the same service, built from `previous`.
pub fn follow_up(previous: &Session, id: &str, title: &str, now: Timestamp) -> Session {
    let mut next = previous.clone();
    next.id = id.to_string();
    next.title = title.to_string();
    next.created = now;
    next.updated = now;
    next.follows = previous.id.clone();
    // A follow-up is a real review, even of a worked example someone tried first.
    next.example = false;
    // The old room's state (its step, locks, what participants could add, a pre-work window)
    // was that workshop's; the new one starts closed, as any new session does.
    next.served = Served::default();
    next.prework_for = String::new();
    next.prework_shown = Vec::new();
    next.time_spent = BTreeMap::new();
    next.closing = Closing::default();
    next.blind = true;
    next.clear_ratings();
    // Only what is still open carries over; done and dropped actions stay in the old session.
    next.agreements = previous
        .agreements
        .iter()
        .filter(|a| a.is_open())
        .map(|a| Agreement {
            carried: true,
            ..a.clone()
        })
        .collect();
    // Notes belong to the discussion they record; links follow the actions that carried over.
    next.notes = Vec::new();
    next.resolutions
        .retain(|r| next.agreements.iter().any(|a| a.text == r.agreement));
    next
}

/// The newest readable session of `service` among `sessions` (by last update).
pub fn latest_of<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
    service: &str,
) -> Option<&'a Session> {
    sessions
        .into_iter()
        .filter(|s| same_service(&s.service, service))
        .max_by_key(|s| s.updated)
}

/// Whether two service names name the same service (in any case and spacing: `Managed
/// cloud  Hosting ` is `managed cloud hosting`); an empty name names none.
pub fn same_service(a: &str, b: &str) -> bool {
    !b.trim().is_empty() && super::name::same_words(a, b)
}

/// The key that gathers one service's reviews, equal for two names exactly when
/// `same_service` says they name one service.
pub fn service_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AgreementStatus, Benefit, Owner, Rating, Ratings};

    #[test]
    fn open_agreements_come_first_and_ratings_start_afresh() {
        let mut old = Session::new("old00001", "Q1", Timestamp::from_unix(100));
        old.service = "Payroll".into();
        old.benefits.push(Benefit {
            text: "On time".into(),
            rating: Ratings {
                revealed: true,
                ..Ratings::new(Rating::new(4), Rating::new(2))
            },
            ..Default::default()
        });
        let action = |text: &str, status| Agreement {
            text: text.into(),
            owner: Owner::Both,
            status,
            ..Default::default()
        };
        old.agreements = vec![
            action("Open one", AgreementStatus::Open),
            action("Done one", AgreementStatus::Done),
            action("Dropped", AgreementStatus::Dropped),
        ];
        old.closing.achieves = "Old answer".into();
        old.time_spent.insert(crate::domain::Step::Benefits, 300);

        let new = follow_up(&old, "new00001", "Q2", Timestamp::from_unix(200));
        assert_eq!(
            (new.id.as_str(), new.title.as_str(), new.service.as_str()),
            ("new00001", "Q2", "Payroll")
        );
        assert_eq!(new.benefits[0].text, "On time");
        assert_eq!(new.benefits[0].rating, Ratings::default());
        assert_eq!(new.agreements.len(), 1);
        assert!(new.agreements[0].carried && new.agreements[0].is_open());
        assert!(new.closing.achieves.is_empty() && new.time_spent.is_empty());
        assert_eq!(new.created, Timestamp::from_unix(200));
        // The follow-up names the review it follows, so the next one can ask it what worked.
        assert_eq!(new.follows, "old00001");
        assert!(old.follows.is_empty(), "a first review follows nothing");
    }

    #[test]
    fn a_follow_up_of_a_worked_example_is_a_real_review() {
        let mut demo = Session::new("demo0001", "Desk (example)", Timestamp::from_unix(100));
        demo.example = true;
        let next = follow_up(&demo, "real0001", "Desk", Timestamp::from_unix(200));
        assert!(!next.example);
    }

    /// Found by a trial: a follow-up of a served session opened adding items and notes to
    /// participants from its start, and kept the old room's step and locks.
    #[test]
    fn a_follow_up_starts_with_the_room_closed() {
        let mut old = Session::new("old00001", "Q1", Timestamp::from_unix(100));
        old.served = Served {
            step: Some(crate::domain::Step::Risks),
            locked: vec![crate::domain::Step::Benefits],
            items: true,
            notes: true,
            timer: true,
            open_until: Some(Timestamp::from_unix(150)),
            reveal_at_close: true,
        };
        old.prework_for = "Priya".into();
        old.prework_shown = vec!["b1".into()];
        let next = follow_up(&old, "new00001", "Q2", Timestamp::from_unix(200));
        assert!(next.served.is_empty(), "{:?}", next.served);
        assert!(next.prework_for.is_empty() && next.prework_shown.is_empty());
    }

    #[test]
    fn the_latest_session_of_a_service_is_found_by_name() {
        let mut a = Session::new("a", "A", Timestamp::from_unix(1));
        a.service = "Payroll".into();
        a.updated = Timestamp::from_unix(10);
        let mut b = a.clone();
        b.id = "b".into();
        b.updated = Timestamp::from_unix(20);
        let mut c = a.clone();
        c.service = "Hosting".into();
        c.updated = Timestamp::from_unix(30);
        let all = [a, b, c];
        assert_eq!(
            latest_of(&all, "payroll ").map(|s| s.id.as_str()),
            Some("b")
        );
        assert_eq!(latest_of(&all, ""), None);
    }

    /// `same_service` and `service_key` agree: one service in any case and spacing.
    #[test]
    fn one_service_in_any_case_and_spacing() {
        let names = [
            "Managed cloud hosting",
            " managed  CLOUD hosting ",
            "Managed\tcloud hosting",
            "Managed cloudhosting",
            "Managed cloud",
            "",
        ];
        for a in names {
            for b in names {
                let same = !b.trim().is_empty() && service_key(a) == service_key(b);
                assert_eq!(same_service(a, b), same, "{a:?} {b:?}");
            }
        }
        assert!(same_service("Ärztehaus Süd", "ÄRZTEHAUS  süd"));
        assert!(!same_service(
            "Managed cloudhosting",
            "Managed cloud hosting"
        ));
    }
}
