//! The writer, the rows and the console's choices, without a network.

use super::console::admit_choices;
use super::*;
use crate::domain::{Benefit, Participant};

fn session() -> Session {
    let mut session = Session::new("s1", "Review", crate::store::now());
    for (name, role) in [
        ("Ana", Role::Facilitator),
        ("Ben", Role::Provider),
        ("Priya", Role::Consumer),
        ("Sam", Role::Consumer),
    ] {
        session.participants.push(Participant {
            name: name.into(),
            role,
            group: None,
        });
    }
    for text in ["Faster fixes", "Fewer calls"] {
        session.benefits.push(Benefit {
            text: text.into(),
            ..Benefit::default()
        });
    }
    session
}

fn rate(name: &str, index: usize, rating: u8) -> Change {
    Change::Rate {
        name: name.into(),
        dimension: Dimension::Benefits,
        index,
        text: ["Faster fixes", "Fewer calls"][index].into(),
        rating: Rating::new(rating),
    }
}

fn who(session: &Session, name: &str) -> Option<(Side, String)> {
    rater_of(session, name)
}

#[test]
fn before_the_reveal_nobody_sees_another_number_even_on_their_own_side() {
    let master = Master::new(session(), Step::Benefits);
    for (name, rating) in [("Ben", 4), ("Priya", 2), ("Sam", 5)] {
        master.submit(rate(name, 0, rating)).unwrap();
    }
    let s = master.session();
    let priya = rows(&s, Dimension::Benefits, who(&s, "Priya").as_ref());
    assert_eq!(priya[0].own, Rating::new(2));
    assert_eq!(
        priya[0].others,
        [
            ("Ben".to_string(), Shown::Rated),
            ("Sam".to_string(), Shown::Rated)
        ]
    );
    // Someone who rates nothing sees no number either.
    let ana = rows(&s, Dimension::Benefits, None);
    assert!(
        ana[0]
            .others
            .iter()
            .all(|(_, shown)| *shown == Shown::Rated)
    );

    master.submit(Change::Reveal).unwrap();
    let s = master.session();
    let priya = rows(&s, Dimension::Benefits, who(&s, "Priya").as_ref());
    assert!(
        priya[0]
            .others
            .contains(&("Ben".to_string(), Shown::Number(Rating::new(4).unwrap())))
    );
    assert!(
        priya[0]
            .others
            .contains(&("Sam".to_string(), Shown::Number(Rating::new(5).unwrap())))
    );
}

#[test]
fn the_writer_takes_every_change_and_publishes_its_own() {
    let master = Master::new(session(), Step::Setup);
    let mut workshop = Workshop::new(session(), "review.ron", None);
    master.submit(rate("Priya", 1, 3)).unwrap();
    master.submit(Change::Step(Step::Benefits)).unwrap();
    assert!(master.sync(&mut workshop));
    assert_eq!(workshop.step(), Step::Benefits);
    assert!(
        workshop.dirty(),
        "a participant's rating is saved like any change"
    );
    assert_eq!(
        workshop.session().benefits[1]
            .rating
            .by(Side::Consumer, "Priya"),
        Rating::new(3)
    );
    // Nothing new: nothing to redraw.
    assert!(!master.sync(&mut workshop));
    // The writer's own change reaches everyone, with the participant's still there.
    workshop.apply_outside(|s| s.benefits[0].text = "Quicker fixes".into());
    assert!(master.sync(&mut workshop));
    let s = master.session();
    assert_eq!(s.benefits[0].text, "Quicker fixes");
    assert_eq!(
        s.benefits[1].rating.by(Side::Consumer, "Priya"),
        Rating::new(3)
    );
}

#[test]
fn stale_locked_and_late_changes_are_refused() {
    let master = Master::new(session(), Step::Benefits);
    // The item's text changed under the person: the rating does not land elsewhere.
    let mut stale = rate("Priya", 0, 3);
    if let Change::Rate { text, .. } = &mut stale {
        *text = "Something else".into();
    }
    assert!(master.submit(stale).is_err());
    // The facilitator rates nothing; strangers neither.
    assert!(master.submit(rate("Ana", 0, 3)).is_err());
    assert!(master.submit(rate("Mallory", 0, 3)).is_err());
    master.set_locked(true);
    assert!(master.submit(rate("Priya", 0, 3)).is_err());
    master.set_locked(false);
    master.submit(rate("Priya", 0, 3)).unwrap();
    assert_eq!(master.close().len(), 1);
    assert!(master.submit(rate("Priya", 1, 3)).is_err());
    assert!(
        master
            .session()
            .benefits
            .iter()
            .all(|b| b.rating.count() <= 1)
    );
}

#[test]
fn notes_are_added_under_each_name_only_when_the_facilitator_opens_them() {
    let master = Master::new(session(), Step::Benefits);
    let note = |name: &str, line: &str| Change::Note {
        name: name.into(),
        dimension: Dimension::Benefits,
        index: 0,
        text: "Faster fixes".into(),
        line: line.into(),
    };
    assert!(master.submit(note("Priya", "slow at night")).is_err());
    master.allow_notes(true);
    master.submit(note("Priya", "slow at night")).unwrap();
    master.submit(note("Ben", "we know\u{1b}[2J")).unwrap();
    assert!(
        master.submit(note("Ben", "   ")).is_err(),
        "an empty line adds nothing"
    );
    let s = master.session();
    let text = s.note(Step::Benefits, "Faster fixes").unwrap();
    assert!(text.starts_with("Priya: slow at night\nBen: we know"));
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn items_are_added_only_when_the_facilitator_opens_them_and_never_twice() {
    let master = Master::new(session(), Step::Benefits);
    let add = |text: &str| Change::Add {
        name: "Priya".into(),
        dimension: Dimension::Benefits,
        text: text.into(),
    };
    assert_eq!(
        master.submit(add("Night cover")),
        Err("The facilitator has not opened adding items to participants.")
    );
    master.allow_items(true);
    master.submit(add("  Night\tcover\u{1b}[2J ")).unwrap();
    assert_eq!(
        master.submit(add("night  COVER\u{1b}[2J")),
        Err("That item is already on this step."),
        "the same words again are the same item"
    );
    assert!(
        master.submit(add(" ")).is_err(),
        "an empty item adds nothing"
    );
    let s = master.session();
    let texts: Vec<_> = rows(&s, Dimension::Benefits, None)
        .into_iter()
        .map(|r| r.text)
        .collect();
    assert_eq!(texts.len(), 3);
    assert!(texts[2].starts_with("Night cover"), "{texts:?}");
    assert!(!texts[2].contains('\u{1b}'));
    // The new item can be rated at once, by its text.
    master
        .submit(Change::Rate {
            name: "Priya".into(),
            dimension: Dimension::Benefits,
            index: 2,
            text: texts[2].clone(),
            rating: Rating::new(4),
        })
        .unwrap();
}

#[test]
fn a_newcomer_is_admitted_as_a_new_participant_unless_their_name_is_known() {
    let s = session();
    let choices = admit_choices(&s, "sam");
    assert_eq!(choices[0], ("Sam".to_string(), None));
    let choices = admit_choices(&s, "zoe");
    assert_eq!(choices[0], ("zoe".to_string(), Some(Role::Consumer)));
    assert_eq!(choices[1], ("zoe".to_string(), Some(Role::Provider)));
    assert!(
        !choices.iter().any(|(n, _)| n == "Ana"),
        "not as the facilitator"
    );
    let master = Master::new(s, Step::Setup);
    master
        .submit(Change::Join {
            name: "zoe".into(),
            role: Role::Provider,
        })
        .unwrap();
    assert_eq!(side_of(&master.session(), "Zoe"), Some(Side::Provider));
}
