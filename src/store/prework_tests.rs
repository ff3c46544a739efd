//! The pre-work copies' unit tests: names, what a copy holds, status and progress.
use super::*;
use crate::domain::{Benefit, Participant, Rating, Role};

fn session() -> Session {
    let mut s = Session::new("abc", "Desk review", crate::domain::Timestamp::default());
    for (name, role) in [
        ("Ana", Role::Facilitator),
        ("Ben Okafor", Role::Provider),
        ("Priya Raman", Role::Consumer),
        ("priya raman!", Role::Consumer),
    ] {
        s.participants.push(Participant {
            name: name.into(),
            role,
            group: None,
        });
    }
    for (id, text) in [("b1", "Fast fixes"), ("b2", "Clear status")] {
        s.benefits.push(Benefit {
            id: id.into(),
            text: text.into(),
            ..Benefit::default()
        });
    }
    s
}

#[test]
fn stems_are_safe_file_names_and_never_the_same_twice() {
    assert_eq!(stem("Priya Raman"), "priya-raman");
    assert_eq!(stem("../../etc/passwd"), "etc-passwd");
    assert_eq!(stem("Zoë Ü"), "zoë-ü");
    assert_eq!(stem("  ///  "), "participant");
    let stems: Vec<String> = stems(&session()).into_iter().map(|(_, s)| s).collect();
    assert_eq!(stems, ["ben-okafor", "priya-raman", "priya-raman-2"]);
}

#[test]
fn a_self_assessment_has_copies_for_its_side_only_and_a_session_without_raters_none() {
    let mut s = session();
    s.mode = crate::domain::Mode::ConsumerSelfAssessment;
    let names: Vec<String> = raters(&s).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["Priya Raman", "priya raman!"]);
    s.participants.retain(|p| p.role == Role::Facilitator);
    let dir = tempfile::tempdir().unwrap();
    let refused = write_copies(&s, dir.path()).unwrap_err();
    assert!(matches!(refused, PreworkError::Nobody), "{refused}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_copy_holds_no_rating_hidden_from_its_person_and_nothing_of_the_server() {
    let mut s = session();
    s.blind = true;
    s.served.items = true;
    s.rate_as(
        Dimension::Benefits,
        0,
        Side::Provider,
        "Ben Okafor",
        Rating::new(4),
    );
    s.rate_as(
        Dimension::Benefits,
        0,
        Side::Consumer,
        "Priya Raman",
        Rating::new(2),
    );
    let copy = copy_for(&s, Side::Consumer, "Priya Raman");
    let r = &copy.benefits[0].rating;
    assert_eq!(r.by(Side::Consumer, "Priya Raman"), Rating::new(2));
    assert_eq!(r.by(Side::Provider, "Ben Okafor"), None);
    assert!(copy.served.is_empty());
    assert_eq!(
        copy.prework_shown,
        Vec::<String>::new(),
        "nothing of Ben's shown"
    );
}

#[test]
fn a_copy_records_the_items_it_shows_others_ratings_on() {
    let mut s = session();
    s.blind = true;
    for (index, side, name) in [
        (0, Side::Provider, "Ben Okafor"),
        (1, Side::Provider, "Ben Okafor"),
        (1, Side::Consumer, "Priya Raman"),
    ] {
        s.rate_as(Dimension::Benefits, index, side, name, Rating::new(3));
    }
    s.benefits[1].rating.revealed = true;
    // Blind: only the revealed item shows Ben's rating; Priya's own is no one else's.
    assert_eq!(
        copy_for(&s, Side::Consumer, "Priya Raman").prework_shown,
        ["b2"]
    );
    assert_eq!(
        copy_for(&s, Side::Provider, "Ben Okafor").prework_shown,
        ["b2"]
    );
    // Not blind, every rating is shown, so both of Ben's items are recorded for Priya.
    s.blind = false;
    assert_eq!(
        copy_for(&s, Side::Consumer, "Priya Raman").prework_shown,
        ["b1", "b2"]
    );
}

#[test]
fn the_instructions_give_each_rated_steps_meaning_of_the_scale() {
    let mut s = session();
    s.costs.push(crate::domain::Cost {
        text: "Licence fees".into(),
        ..Default::default()
    });
    s.risks.push(crate::domain::Risk {
        text: "Data loss".into(),
        ..Default::default()
    });
    let text = instructions_text(&s, Side::Consumer, "Priya Raman", "priya-raman.ron");
    let line = |step: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(step))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("Benefits").contains("how strongly felt"), "{text}");
    assert!(line("Costs").contains("how acceptable"), "{text}");
    assert!(line("Risks").contains("how well managed"), "{text}");
    // Steps without items are not rated in this copy: not listed.
    assert_eq!(line("Outcomes"), "", "{text}");
}

#[test]
fn a_rating_is_foreign_unless_it_is_the_owners_on_their_side_or_held_elsewhere() {
    let mut s = session();
    s.blind = false;
    s.rate_as(
        Dimension::Benefits,
        0,
        Side::Provider,
        "Ben Okafor",
        Rating::new(3),
    );
    let mut copy = copy_for(&s, Side::Consumer, "Priya Raman");
    copy.rate_as(
        Dimension::Benefits,
        0,
        Side::Consumer,
        "Priya Raman",
        Rating::new(4),
    );
    // Ben's rating, shown to her, is the session's as it is.
    assert_eq!(foreign_ratings(&copy, "Priya Raman", &[&s]), []);
    // Her name on the other side is not hers to give.
    copy.benefits[1]
        .rating
        .set_by(Side::Provider, "Priya Raman", Rating::new(2));
    let foreign = foreign_ratings(&copy, "Priya Raman", &[&s]);
    assert_eq!(
        foreign.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["Priya Raman's provider rating of Benefits 2 \"Clear status\""]
    );
}

#[test]
fn status_names_a_copy_that_is_someone_elses() {
    let s = session();
    let dir = tempfile::tempdir().unwrap();
    write_copies(&s, dir.path()).unwrap();
    std::fs::copy(
        dir.path().join("priya-raman.ron"),
        dir.path().join("ben-okafor.ron"),
    )
    .unwrap();
    let ben = status(&s, dir.path()).remove(0);
    assert_eq!(ben.name, "Ben Okafor");
    assert!(
        matches!(&ben.state, CopyState::Unreadable(why)
            if why.contains("is Priya Raman's pre-work copy, not Ben Okafor's")),
        "{:?}",
        ben.state
    );
}

#[test]
fn progress_counts_the_persons_ratings_and_what_the_session_lacks() {
    let s = session();
    let mut copy = copy_for(&s, Side::Provider, "Ben Okafor");
    let fresh = progress(&s, &copy, Side::Provider, "Ben Okafor", &[&s]);
    assert!(fresh.unchanged(), "{fresh:?}");
    assert_eq!(fresh.total, 2);
    copy.rate_as(
        Dimension::Benefits,
        1,
        Side::Provider,
        "Ben Okafor",
        Rating::new(5),
    );
    let p = progress(&s, &copy, Side::Provider, "Ben Okafor", &[&s]);
    assert_eq!((p.rated, p.total, p.to_merge), (1, 2, 1));
    assert!(!p.unchanged());
    // Another person's rating is not theirs to give.
    copy.rate_as(
        Dimension::Benefits,
        0,
        Side::Consumer,
        "Priya Raman",
        Rating::new(1),
    );
    assert!(
        progress(&s, &copy, Side::Provider, "Ben Okafor", &[&s])
            .beyond
            .is_some()
    );
}
