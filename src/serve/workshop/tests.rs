//! The writer, the visibility rule as the served session holds it, and the console's choices,
//! without a network.

use super::console::admit_choices;
use super::*;
use crate::domain::{Benefit, Participant, Rating, Viewer};

pub(super) fn session() -> Session {
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

pub(super) fn rate(name: &str, index: usize, rating: u8) -> Change {
    Change::Rate {
        name: name.into(),
        dimension: Dimension::Benefits,
        index,
        text: ["Faster fixes", "Fewer calls"][index].into(),
        rating: Rating::new(rating),
    }
}

pub(super) fn who(session: &Session, name: &str) -> Option<(Side, String)> {
    rater_of(session, name)
}

/// Every rating of the first benefit `name` may see, by rater, as the domain's rule says.
fn seen_by(s: &Session, name: &str) -> Vec<(String, Option<Rating>)> {
    let ratings = &s.benefits[0].rating;
    let viewer = match who(s, name) {
        Some((side, _)) => Viewer::Person(
            side,
            s.participants
                .iter()
                .find(|p| p.name == name)
                .map_or(name, |p| p.name.as_str()),
        ),
        None => Viewer::Room,
    };
    let seen = viewer.sees(s, ratings);
    Side::BOTH
        .into_iter()
        .flat_map(|side| {
            let seen = &seen;
            ratings
                .raters(side)
                .keys()
                .map(move |rater| (rater.to_string(), seen.by(side, rater)))
        })
        .collect()
}

#[test]
fn before_the_reveal_nobody_sees_another_number_even_on_their_own_side() {
    let master = Master::new(session(), Step::Benefits);
    for (name, rating) in [("Ben", 4), ("Priya", 2), ("Sam", 5)] {
        master.submit(rate(name, 0, rating)).unwrap();
    }
    let s = master.session();
    let priya = seen_by(&s, "Priya");
    assert!(priya.contains(&("Priya".to_string(), Rating::new(2))));
    assert!(priya.contains(&("Ben".to_string(), None)));
    assert!(priya.contains(&("Sam".to_string(), None)));
    // Someone who rates nothing sees no number either.
    assert!(seen_by(&s, "Ana").iter().all(|(_, shown)| shown.is_none()));

    master.submit(Change::Reveal).unwrap();
    let s = master.session();
    let priya = seen_by(&s, "Priya");
    assert!(priya.contains(&("Ben".to_string(), Rating::new(4))));
    assert!(priya.contains(&("Sam".to_string(), Rating::new(5))));
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
    assert_eq!(
        master.submit(stale).unwrap_err().to_string(),
        "That item has changed meanwhile; look again."
    );
    // The facilitator rates nothing; strangers neither.
    let rates_nothing = "Only the session's providers and consumers rate.";
    assert_eq!(
        master.submit(rate("Ana", 0, 3)).unwrap_err().to_string(),
        rates_nothing
    );
    assert_eq!(
        master
            .submit(rate("Mallory", 0, 3))
            .unwrap_err()
            .to_string(),
        rates_nothing
    );
    master.set_locked(true);
    assert_eq!(
        master.submit(rate("Priya", 0, 3)).unwrap_err().to_string(),
        "The facilitator has locked this step."
    );
    master.set_locked(false);
    master.submit(rate("Priya", 0, 3)).unwrap();
    assert_eq!(master.close().len(), 1);
    assert_eq!(
        master.submit(rate("Priya", 1, 3)).unwrap_err().to_string(),
        "The workshop is ending; nothing more can change."
    );
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
        master.submit(add("Night cover")).unwrap_err().to_string(),
        "The facilitator has not opened adding items to participants."
    );
    master.allow_items(true);
    master.submit(add("  Night\tcover\u{1b}[2J ")).unwrap();
    assert_eq!(
        master
            .submit(add("night  COVER\u{1b}[2J"))
            .unwrap_err()
            .to_string(),
        "That item is already on this step.",
        "the same words again are the same item"
    );
    assert!(
        master.submit(add(" ")).is_err(),
        "an empty item adds nothing"
    );
    let s = master.session();
    let texts: Vec<_> = s.benefits.iter().map(|b| b.text.clone()).collect();
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
    let choices = admit_choices(&s, "sam", &[]);
    assert_eq!(choices[0], ("Sam".to_string(), None));
    let choices = admit_choices(&s, "zoe", &[]);
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

/// The test session on Benefits, with adding items and notes open to participants as given.
pub(super) fn open_to(items: bool, notes: bool) -> Master {
    let master = Master::new(session(), Step::Benefits);
    master.allow(Allowed { items, notes });
    master
}

/// A room for screens drawn without a network.
pub(super) fn room() -> Room {
    Room::new(
        "Review".into(),
        "SHA256:x".into(),
        people(&session()),
        super::super::keys::Keys::default(),
        super::super::invite::Invite::with_code("ABCDEFGH"),
    )
}

#[test]
fn the_facilitators_count_of_each_persons_ratings_agrees_with_their_rows() {
    let master = Master::new(session(), Step::Benefits);
    master.submit(rate("Priya", 1, 3)).unwrap();
    master.submit(rate("Ben", 0, 4)).unwrap();
    master.submit(rate("Ben", 1, 2)).unwrap();
    let s = master.session();
    for name in ["Ben", "Priya", "Sam"] {
        let who = who(&s, name).unwrap();
        let speaks = s.speaks_for_side(who.0, &who.1);
        let own: Vec<bool> = s
            .benefits
            .iter()
            .map(|b| Session::own_rating(&b.rating, who.0, &who.1, speaks).is_some())
            .collect();
        let done = own.iter().filter(|rated| **rated).count();
        assert_eq!(
            rated_count(&s, Dimension::Benefits, &who),
            (done, own.len()),
            "{name}"
        );
    }
    assert_eq!(
        rated_count(&s, Dimension::Benefits, &who(&s, "Ben").unwrap()),
        (2, 2)
    );
}

#[test]
fn a_lock_belongs_to_its_step_and_refuses_items_and_notes_too() {
    let master = Master::new(session(), Step::Benefits);
    // A lock belongs to its step: locked Benefits stays locked after a visit elsewhere,
    // and items and notes are refused there too.
    master.allow(Allowed {
        items: true,
        notes: true,
    });
    master.set_locked(true);
    master.submit(Change::Step(Step::Costs)).unwrap();
    assert!(!master.locked(), "Costs is open");
    master.submit(Change::Step(Step::Benefits)).unwrap();
    assert!(master.locked(), "Benefits is still locked");
    let add = Change::Add {
        name: "Priya".into(),
        dimension: Dimension::Benefits,
        text: "Late idea".into(),
    };
    assert_eq!(
        master.submit(add).unwrap_err().to_string(),
        "The facilitator has locked this step."
    );
    let note = Change::Note {
        name: "Priya".into(),
        dimension: Dimension::Benefits,
        index: 0,
        text: "Faster fixes".into(),
        line: "late".into(),
    };
    assert!(master.submit(note.clone()).is_err());
    master.set_locked(false);
    master.submit(note).unwrap();
}

#[test]
fn nobody_is_admitted_into_the_seat_of_someone_connected() {
    let s = session();
    let connected = ["Priya".to_string(), "Ben".to_string()];
    // Claiming a connected person's name offers a new person of another name, never them.
    let choices = admit_choices(&s, "priya", &connected);
    assert_eq!(choices[0], ("priya 2".to_string(), Some(Role::Consumer)));
    assert_eq!(choices[1], ("priya 2".to_string(), Some(Role::Provider)));
    assert!(
        !choices.iter().any(|(n, _)| n == "Priya" || n == "Ben"),
        "{choices:?}"
    );
    // Someone not connected can still be chosen (they may have lost their key).
    assert!(choices.contains(&("Sam".to_string(), None)));
    let choices = admit_choices(&s, "sam", &connected);
    assert_eq!(choices[0], ("Sam".to_string(), None));
}

#[test]
fn a_side_s_default_rating_is_someone_elses_when_the_side_has_several_people() {
    // Priya and Sam both rate for the consumers, so an older file's "consumer" number is
    // neither's own: Priya sees it as someone else's rating.
    let mut s = session();
    s.benefits[0]
        .rating
        .set_by(Side::Consumer, Side::Consumer.rater(), Rating::new(3));
    let speaks = s.speaks_for_side(Side::Consumer, "Priya");
    assert_eq!(
        Session::own_rating(&s.benefits[0].rating, Side::Consumer, "Priya", speaks),
        None
    );
    let priya = seen_by(&s, "Priya");
    assert!(
        priya.iter().any(|(name, _)| name == Side::Consumer.rater()),
        "{priya:?}"
    );
}

#[test]
fn the_room_is_kept_in_the_session_and_a_restart_takes_it_up() {
    let master = open_to(true, false);
    let mut workshop = Workshop::new(session(), "review.ron", None);
    master.submit(Change::Step(Step::Benefits)).unwrap();
    master.sync(&mut workshop);
    master.set_locked(true);
    master.submit(Change::Timer).unwrap();
    master.sync(&mut workshop);
    let served = workshop.session().served.clone();
    assert_eq!(
        served,
        Served {
            step: Some(Step::Benefits),
            locked: vec![Step::Benefits],
            items: true,
            notes: false,
            timer: true,
            ..Served::default()
        }
    );
    assert!(workshop.dirty(), "saved with the ratings");

    // A restarted server, from what was saved.
    let saved = workshop.session().clone();
    let mut again = Workshop::new(saved.clone(), "review.ron", None);
    resume_workshop(&mut again, &saved.served);
    let master = Master::new(again.session().clone(), again.step());
    master.resume(&saved.served, Allowed::default());
    assert_eq!(again.step(), Step::Benefits);
    assert!(again.timer_view(Step::Benefits).is_some_and(|t| t.running));
    assert!(master.locked());
    assert!(master.items_allowed() && !master.notes_allowed());
    // A session never served keeps no room at all.
    assert!(session().served.is_empty());
}

#[test]
fn an_item_a_participant_adds_records_who_added_it() {
    let master = open_to(true, false);
    master
        .submit(Change::Add {
            name: "Priya".into(),
            dimension: Dimension::Benefits,
            text: "Night cover".into(),
        })
        .unwrap();
    let session = master.session();
    let added = session.benefits.last().unwrap();
    assert_eq!(added.text, "Night cover");
    assert!(!added.id.is_empty());
    assert_eq!(
        session.added_by,
        [crate::domain::AddedBy {
            step: Step::Benefits,
            item_id: added.id.clone(),
            item: "Night cover".into(),
            by: "Priya".into(),
        }]
    );
    // Reworded by the facilitator, the record still names the item, by id, with its new words.
    let mut session = session.clone();
    let last = session.benefits.len() - 1;
    session.benefits[last].text = "Night and weekend cover".into();
    session.relabel();
    assert_eq!(session.added_by[0].item, "Night and weekend cover");
    assert_eq!(session.added_by[0].item_id, added.id);
}

/// A master in a pre-work window closing a minute after `start`, judged by a clock the test
/// moves; a usefulness item besides the benefits.
pub(super) fn prework(reveal: bool) -> (Master, Arc<std::sync::atomic::AtomicI64>, Session) {
    let mut s = session();
    s.blind = true;
    s.usefulness.push(crate::domain::Usefulness {
        text: "Works from home".into(),
        ..Default::default()
    });
    let start = crate::domain::Timestamp::from_unix(1_796_000_000);
    let now = Arc::new(std::sync::atomic::AtomicI64::new(start.unix));
    let master = Master::new(s.clone(), Step::Setup);
    let read = Arc::clone(&now);
    master.set_clock(Arc::new(move || {
        crate::domain::Timestamp::from_unix(read.load(Ordering::Relaxed))
    }));
    master.open_window(Some(Window {
        until: crate::domain::Timestamp::from_unix(start.unix + 60),
        reveal,
    }));
    (master, now, s)
}

#[test]
fn the_console_shows_each_persons_prework_progress_connected_or_not() {
    let (master, _, _) = prework(false);
    master.submit(rate("Priya", 0, 2)).unwrap();
    master.submit(rate("Priya", 1, 3)).unwrap();
    let room = room();
    let console = Console::new(master.clone());
    let lines: Vec<String> = console
        .lines(&room, 80)
        .iter()
        .map(|l| l.to_string())
        .collect();
    let text = lines.join("\n");
    assert!(
        text.contains("Pre-work open until 2026-11-30 00:54:20 UTC"),
        "{text}"
    );
    assert!(text.contains("○ Priya 2/3"), "{text}");
    assert!(text.contains("○ Ben 0/3"), "{text}");
    assert!(text.contains("○ Sam 0/3"), "{text}");
}

#[test]
fn a_client_that_sends_no_color_or_has_a_dumb_terminal_gets_the_monochrome_theme() {
    let master = Master::new(session(), Step::Benefits);
    let host = WorkshopHost::new(master);
    let room = room();
    let colours = |client: &crate::serve::Client| {
        let mut screen = host.open_for(&Person::new("Priya", "consumer"), &room, client);
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| screen.draw(frame, &room)).unwrap();
        let buffer = terminal.backend().buffer().clone();
        buffer
            .content()
            .iter()
            .filter(|c| {
                c.fg != ratatui::style::Color::Reset || c.bg != ratatui::style::Color::Reset
            })
            .count()
    };
    let xterm = crate::serve::Client {
        term: Some("xterm-256color".into()),
        no_color: false,
    };
    assert!(colours(&xterm) > 0, "the default theme has colours");
    let no_color = crate::serve::Client {
        no_color: true,
        ..xterm.clone()
    };
    assert_eq!(colours(&no_color), 0);
    let dumb = crate::serve::Client {
        term: Some("dumb".into()),
        no_color: false,
    };
    assert_eq!(colours(&dumb), 0);
}
