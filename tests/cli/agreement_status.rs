//! An agreement's status is one of three, read from and written to the two flags the file
//! format has always had, and the report shows each with its real status. `check` warns of an
//! action owned by the side its person is not on.

use covalue::domain::*;
use covalue::report::export;
use covalue::store;

fn session_with_three() -> Session {
    let mut s = Session::new("agree001", "Review", Timestamp::from_unix(100));
    for (text, status) in [
        ("Still to do", AgreementStatus::Open),
        ("Finished", AgreementStatus::Done),
        ("Given up", AgreementStatus::Dropped),
    ] {
        s.agreements.push(Agreement {
            text: text.into(),
            status,
            ..Default::default()
        });
    }
    s
}

#[test]
fn the_markdown_report_shows_open_done_and_dropped() {
    let s = session_with_three();
    let md = export::markdown(&s, &summarize(&s), Date::new(2026, 11, 28).unwrap());
    // The report lists open actions at the top and closed ones under Agreements, each with
    // its status in words.
    assert!(md.contains("- [ ] Still to do — both sides"), "{md}");
    assert!(md.contains("- [x] done — Finished — both sides"), "{md}");
    assert!(md.contains("- [ ] dropped — Given up — both sides"), "{md}");
    assert!(!md.contains("open — Given up"), "{md}");
}

#[test]
fn the_status_round_trips_through_the_file_as_two_flags() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agree001.ron");
    let s = session_with_three();
    store::save(&path, &s).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("done: true") && text.contains("dropped: true"),
        "{text}"
    );
    assert!(
        !text.contains("status"),
        "the file format is unchanged: {text}"
    );
    let back = store::load(&path).unwrap();
    let statuses: Vec<_> = back.agreements.iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        [
            AgreementStatus::Open,
            AgreementStatus::Done,
            AgreementStatus::Dropped
        ]
    );
}

#[test]
fn an_old_file_with_both_flags_reads_as_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agree001.ron");
    let mut s = session_with_three();
    s.agreements.truncate(1);
    store::save(&path, &s).unwrap();
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("done: false", "done: true, dropped: true");
    std::fs::write(&path, text).unwrap();
    let back = store::load(&path).unwrap();
    assert_eq!(back.agreements[0].status, AgreementStatus::Dropped);
    assert_eq!(back.agreements[0].status(), "dropped");
}

#[test]
fn the_review_cycle_goes_open_done_dropped_open() {
    let mut s = AgreementStatus::Open;
    let mut seen = Vec::new();
    for _ in 0..3 {
        s = s.next();
        seen.push(s.name());
    }
    assert_eq!(seen, ["done", "dropped", "open"]);
}

/// A hand-edited action whose owner is one side and whose person is the other's participant:
/// the Agreements form refuses it, and `check` says it (a warning: the file still loads).
#[test]
fn check_warns_of_an_owner_on_the_other_side_from_the_person() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agree002.ron");
    let mut s = Session::new("agree002", "Review", Timestamp::from_unix(100));
    for (name, role) in [("Priya", Role::Provider), ("Chen", Role::Consumer)] {
        s.participants.push(Participant {
            name: name.into(),
            role,
            group: None,
        });
    }
    for (text, owner, person) in [
        ("Crossed", Owner::Consumer, "priya"),
        ("Agreed", Owner::Provider, "Priya"),
        ("Shared", Owner::Both, "Chen"),
    ] {
        s.agreements.push(Agreement {
            text: text.into(),
            owner,
            person: person.into(),
            ..Default::default()
        });
    }
    store::save(&path, &s).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_covalue"))
        .arg("check")
        .arg(&path)
        .env("COVALUE_CACHE_DIR", "")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    let warnings: Vec<&str> = stdout.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{stdout}");
    assert!(
        warnings[0].ends_with(
            ": warning: agreement 1 \"Crossed\": priya is on the provider side, but the owner is consumer: make the owner provider or both sides"
        ),
        "{stdout}"
    );
}
