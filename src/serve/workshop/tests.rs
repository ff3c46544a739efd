//! The writer, the rows and the console's choices, without a network.

use super::console::admit_choices;
use super::*;
use crate::domain::{Benefit, Participant};
use crate::tui::seat::TYPED_MAX;

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
    assert_eq!(
        master.submit(stale),
        Err("That item has changed meanwhile; look again.")
    );
    // The facilitator rates nothing; strangers neither.
    let rates_nothing = Err("Only the session's providers and consumers rate.");
    assert_eq!(master.submit(rate("Ana", 0, 3)), rates_nothing);
    assert_eq!(master.submit(rate("Mallory", 0, 3)), rates_nothing);
    master.set_locked(true);
    assert_eq!(
        master.submit(rate("Priya", 0, 3)),
        Err("The facilitator has locked this step.")
    );
    master.set_locked(false);
    master.submit(rate("Priya", 0, 3)).unwrap();
    assert_eq!(master.close().len(), 1);
    assert_eq!(
        master.submit(rate("Priya", 1, 3)),
        Err("The workshop is ending; nothing more can change.")
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
fn open_to(items: bool, notes: bool) -> Master {
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

fn press(seat: &mut ParticipantScreen, room: &Room, keys: &str) -> After {
    let mut after = After::Draw;
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        after = seat.handle(Event::Key(KeyEvent::from(code)), room);
    }
    after
}

/// The seat's screen as text, one line per row.
fn screen(seat: &mut ParticipantScreen, room: &Room, width: u16, height: u16) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| seat.draw(frame, room)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The key hints: the screen's last line.
fn footer(seat: &mut ParticipantScreen, room: &Room) -> String {
    screen(seat, room, 80, 24)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string()
}

/// The selected item, as the details under the list name it (the line under the rule).
fn selected_item(shown: &str) -> String {
    let mut lines = shown.lines().skip_while(|l| !l.starts_with('─'));
    let line = lines.nth(1).unwrap_or_default();
    line.split('│')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Whether the stepper shows `title` as the current step (spelled in full, the others cut).
fn on_step(shown: &str, title: &str) -> bool {
    let stepper = shown.lines().nth(1).unwrap_or_default();
    stepper
        .split_whitespace()
        .any(|s| s.chars().skip(1).eq(title.chars()))
}

/// The rating cells of `item`'s row (provider, consumer, gap), as the list shows them.
pub(super) fn cells(shown: &str, item: &str) -> Vec<String> {
    let line = shown.lines().find(|l| l.contains(item)).unwrap_or_default();
    let row = line.split('│').next().unwrap_or_default();
    let after = &row[row.find(item).map_or(row.len(), |i| i + item.len())..];
    after.split_whitespace().map(str::to_string).collect()
}

pub(super) fn seat(master: &Master, name: &str) -> ParticipantScreen {
    let about = side_of(&master.session(), name).map_or("participant", |s| s.name());
    ParticipantScreen::new(
        Person::new(name, about),
        master.clone(),
        Places::default(),
        Theme::new(crate::tui::theme::ThemeKind::Default),
    )
}

#[test]
fn a_participant_adds_an_item_only_when_allowed_and_it_is_selected_for_rating() {
    let master = Master::new(session(), Step::Benefits);
    let room = room();
    let mut priya = seat(&master, "Priya");
    press(&mut priya, &room, "a");
    assert!(
        screen(&mut priya, &room, 80, 24)
            .contains("The facilitator has not opened adding items to participants."),
        "{}",
        screen(&mut priya, &room, 80, 24)
    );
    assert!(
        !footer(&mut priya, &room).contains("a add"),
        "no hint for a key that does nothing"
    );
    master.allow_items(true);
    assert!(footer(&mut priya, &room).contains("a add"));
    press(&mut priya, &room, "aNight cover");
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(
        shown.contains("New item for Benefits") && shown.contains("Night cover"),
        "{shown}"
    );
    assert_eq!(press(&mut priya, &room, "\n"), After::DrawAll);
    assert_eq!(master.session().benefits[2].text, "Night cover");
    // The new item is selected: the next digit rates it.
    press(&mut priya, &room, "4");
    assert_eq!(
        master.session().benefits[2]
            .rating
            .by(Side::Consumer, "Priya"),
        Rating::new(4)
    );
    // Esc drops what was typed.
    press(&mut priya, &room, "aDropped\u{1b}");
    assert_eq!(master.session().benefits.len(), 3);
    assert!(screen(&mut priya, &room, 80, 24).contains("Item dropped."));
}

#[test]
fn after_a_rating_the_seat_moves_to_the_next_item_the_person_has_not_rated() {
    let master = Master::new(session(), Step::Benefits);
    master.allow_items(true);
    master
        .submit(Change::Add {
            name: "Ben".into(),
            dimension: Dimension::Benefits,
            text: "Clear status".into(),
        })
        .unwrap();
    let room = room();
    let mut priya = seat(&master, "Priya");
    // Rates item 0, then item 1 (selected by the advance), then back to item 0 with k.
    press(&mut priya, &room, "jj3");
    press(&mut priya, &room, "4");
    let rated = |m: &Master, i: usize| m.session().benefits[i].rating.by(Side::Consumer, "Priya");
    assert_eq!(rated(&master, 2), Rating::new(3));
    assert_eq!(
        rated(&master, 0),
        Rating::new(4),
        "wrapped round to the first unrated"
    );
    press(&mut priya, &room, "5");
    assert_eq!(rated(&master, 1), Rating::new(5));
    assert!(
        screen(&mut priya, &room, 80, 24).contains("You have rated every item of Benefits"),
        "{}",
        screen(&mut priya, &room, 80, 24)
    );
}

#[test]
fn the_step_timer_counts_down_on_every_participants_screen() {
    let master = Master::new(session(), Step::Setup);
    let mut workshop = Workshop::new(session(), "review.ron", None);
    let room = room();
    let mut priya = seat(&master, "Priya");
    master.submit(Change::Step(Step::Benefits)).unwrap();
    master.sync(&mut workshop);
    assert!(!screen(&mut priya, &room, 100, 24).contains("⏱"));
    master.submit(Change::Timer).unwrap();
    assert!(master.sync(&mut workshop), "a started timer is news");
    let minutes = session().minutes_for(Step::Benefits);
    let shown = screen(&mut priya, &room, 100, 24);
    assert!(shown.contains(&format!("⏱ {minutes}:00 left")), "{shown}");
    assert!(master.timer().unwrap().running);
    // Screens count down from what was published, without the writer saying more. (A sleep
    // of over a second: the count is in whole seconds. Slowness only makes it count more.)
    let published = master.timer().unwrap().left;
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(master.timer().unwrap().left < published);
    // The writer's clock moves 90 s; pausing publishes what is left.
    workshop.tick(std::time::Duration::from_secs(90));
    master.submit(Change::Timer).unwrap();
    assert!(master.sync(&mut workshop));
    let left = i64::from(minutes) * 60 - 90;
    assert_eq!(master.timer().unwrap().left, left);
    // Started again from the same place: the screens must see it run again.
    master.submit(Change::Timer).unwrap();
    assert!(master.sync(&mut workshop), "a restarted timer is news");
    assert!(master.timer().unwrap().running);
    master.submit(Change::Timer).unwrap();
    master.sync(&mut workshop);
    assert!(
        screen(&mut priya, &room, 100, 24)
            .contains(&format!("⏸ {} left", crate::tui::workshop::clock(left))),
        "{}",
        screen(&mut priya, &room, 100, 24)
    );
}

#[test]
fn fifty_names_become_a_count_and_after_the_reveal_a_range_and_mean() {
    let mut others: Vec<(String, Shown)> = (0..50)
        .map(|i| (format!("Person {i:02}"), Shown::Rated))
        .collect();
    assert_eq!(super::rows::others_fit(&others, 40), "50 rated");
    assert_eq!(
        super::rows::others_fit(&others[..2], 40),
        "Person 00: rated · Person 01: rated"
    );
    for (i, (_, shown)) in others.iter_mut().enumerate() {
        *shown = Shown::Number(Rating::new([2, 3, 5, 4][i % 4]).unwrap());
    }
    // 13×2 + 13×3 + 12×5 + 12×4 = 173; 173 / 50 = 3.46, shown 3.5.
    assert_eq!(
        super::rows::others_fit(&others, 40),
        "50 rated · mean 3.5 (2–5)"
    );
    let same: Vec<(String, Shown)> = (0..9)
        .map(|i| {
            (
                format!("Person {i:02}"),
                Shown::Number(Rating::new(4).unwrap()),
            )
        })
        .collect();
    assert_eq!(super::rows::others_fit(&same, 20), "9 rated · all 4");
}

#[test]
fn no_number_of_another_person_reaches_a_participants_screen_before_the_reveal() {
    let mut blind = session();
    blind.blind = true;
    let master = Master::new(blind, Step::Benefits);
    master.submit(rate("Ben", 0, 5)).unwrap();
    master.submit(rate("Sam", 0, 1)).unwrap();
    let room = room();
    let mut priya = seat(&master, "Priya");
    press(&mut priya, &room, "2k");
    for (w, h) in [(80, 24), (160, 50)] {
        let shown = screen(&mut priya, &room, w, h);
        assert!(shown.contains("Ben ✓"), "{shown}");
        let line = shown.lines().find(|l| l.contains("Faster fixes")).unwrap();
        // The item's row, not the live summary beside it.
        let row = line.split('│').next().unwrap();
        let after = &row[row.find("Faster fixes").unwrap()..];
        let digits: String = after.chars().filter(char::is_ascii_digit).collect();
        assert_eq!(digits, "2", "only her own number on the item:\n{shown}");
    }
    press(&mut priya, &room, "?");
    let shown = screen(&mut priya, &room, 160, 50);
    assert!(shown.contains("Any key closes this help."), "{shown}");
    assert!(
        !shown.contains("Ben 5") && !shown.contains("Sam 1"),
        "{shown}"
    );
    master.submit(Change::Reveal).unwrap();
    press(&mut priya, &room, "k");
    assert!(screen(&mut priya, &room, 80, 24).contains("Ben 5"));
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
        let rows = rows(&s, Dimension::Benefits, Some(&who));
        let done = rows.iter().filter(|r| r.own.is_some()).count();
        assert_eq!(
            rated_count(&s, Dimension::Benefits, &who),
            (done, rows.len()),
            "{name}"
        );
    }
    assert_eq!(
        rated_count(&s, Dimension::Benefits, &who(&s, "Ben").unwrap()),
        (2, 2)
    );
}

#[test]
fn on_the_summary_step_a_participant_sees_the_summary_without_hidden_ratings() {
    let mut blind = session();
    blind.blind = true;
    let master = Master::new(blind, Step::Benefits);
    master.submit(rate("Ben", 0, 5)).unwrap();
    master.submit(rate("Priya", 0, 1)).unwrap();
    master.submit(Change::Step(Step::Summary)).unwrap();
    let room = room();
    let mut priya = seat(&master, "Priya");
    let s = master.session();
    let hers = crate::domain::summarize_seen_by(&s, Side::Consumer, "Priya");
    let everything = crate::domain::summarize(&s);
    assert_ne!(
        hers.value_index.value, everything.value_index.value,
        "the example must hide something"
    );
    let shown = screen(&mut priya, &room, 100, 40);
    // The dashboard's value index, as the live summary writes it.
    let index_line = |summary: &crate::domain::value::Summary| {
        format!(
            "Value index {:>3} /100",
            crate::text::score_text(summary.value_index.value)
        )
    };
    assert!(shown.contains(&index_line(&hers)), "{shown}");
    assert!(!shown.contains(&index_line(&everything)), "{shown}");
    assert!(shown.contains("1 rating by others stays hidden"), "{shown}");
    // After the reveal, the whole summary.
    master.submit(Change::Step(Step::Benefits)).unwrap();
    master.submit(Change::Reveal).unwrap();
    master.submit(Change::Step(Step::Summary)).unwrap();
    let s = master.session();
    let shown = screen(&mut priya, &room, 100, 40);
    assert!(
        shown.contains(&index_line(&crate::domain::summarize(&s))),
        "{shown}"
    );
    // Moving down the summary at 80×24 past its end does not panic; the dashboard keeps its
    // value index in view (it pages with v rather than scrolling away).
    press(
        &mut priya,
        &room,
        "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj",
    );
    let small = screen(&mut priya, &room, 80, 24);
    assert!(small.contains("Value index"), "{small}");
    press(&mut priya, &room, "g");
    assert!(screen(&mut priya, &room, 80, 24).contains("Value index"));
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
        master.submit(add),
        Err("The facilitator has locked this step.")
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
fn what_a_participant_types_goes_where_they_started_even_if_the_step_moves_meanwhile() {
    let master = open_to(true, true);
    let room = room();
    let mut priya = seat(&master, "Priya");
    // A note on the second benefit, half typed when the facilitator moves on.
    press(&mut priya, &room, "j\nhalf typed");
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(
        shown.contains("Note on \"Fewer calls\"") && shown.contains("half typed"),
        "{shown}"
    );
    master.submit(Change::Step(Step::Costs)).unwrap();
    press(&mut priya, &room, " thought\n");
    let s = master.session();
    assert_eq!(
        s.note(Step::Benefits, "Fewer calls"),
        Some("Priya: half typed thought")
    );
    // An item started on Costs lands on Costs after the facilitator went to Risks.
    press(&mut priya, &room, "aLicence fees");
    master.submit(Change::Step(Step::Risks)).unwrap();
    press(&mut priya, &room, "\n");
    let s = master.session();
    assert_eq!(s.costs.len(), 1);
    assert_eq!(s.costs[0].text, "Licence fees");
    assert!(s.risks.is_empty());
    assert!(screen(&mut priya, &room, 80, 24).contains("Item added to Costs."));
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
fn a_locked_step_offers_no_rating_keys_and_an_empty_item_says_so() {
    let master = open_to(true, true);
    let room = room();
    let mut priya = seat(&master, "Priya");
    press(&mut priya, &room, "a   \n");
    assert!(screen(&mut priya, &room, 80, 24).contains("An item needs some words."));
    // A pasted line break becomes a space, not a stray mark.
    press(&mut priya, &room, "a");
    priya.handle(Event::Paste("Night\r\ncover".into()), &room);
    press(&mut priya, &room, "\n");
    assert_eq!(master.session().benefits[2].text, "Night cover");
    assert!(footer(&mut priya, &room).contains("1-5 rate"));
    master.set_locked(true);
    let locked = footer(&mut priya, &room);
    assert!(
        !locked.contains("rate") && !locked.contains("note") && !locked.contains("add"),
        "{locked}"
    );
    assert!(screen(&mut priya, &room, 80, 24).contains("The facilitator has locked this step."));
    press(&mut priya, &room, "a");
    assert!(!screen(&mut priya, &room, 80, 24).contains("New item for"));
}

#[test]
fn a_participant_reads_what_they_rate_and_the_steps_without_ratings() {
    let mut s = session();
    s.benefits[0].text =
        "A benefit whose words run on far past the width of the list column".into();
    s.context.push(crate::domain::ContextItem {
        text: "Keep the shop open at night".into(),
        ..crate::domain::ContextItem::default()
    });
    let master = Master::new(s, Step::Benefits);
    let room = room();
    let mut priya = seat(&master, "Priya");
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(
        shown.contains("far past the width") && shown.contains("of the list column"),
        "the whole text of the selected item:\n{shown}"
    );
    assert!(shown.contains("how strongly felt"), "{shown}");
    master.submit(Change::Step(Step::Context)).unwrap();
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(shown.contains("Keep the shop open at night"), "{shown}");
}

#[test]
fn a_participant_reads_each_line_of_the_selected_items_note_under_it() {
    let master = open_to(false, true);
    let room = room();
    let mut priya = seat(&master, "Priya");
    let mut ben = seat(&master, "Ben");
    press(&mut priya, &room, "\nslow at night\n");
    press(&mut ben, &room, "\nwe know\n");
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(shown.contains("Note: Priya: slow at night"), "{shown}");
    assert!(shown.contains("Ben: we know"), "{shown}");
    // A message does not hide the note.
    assert!(screen(&mut ben, &room, 80, 24).contains("Note added."));
    assert!(screen(&mut ben, &room, 80, 24).contains("Note: Priya: slow at night"));
}

#[test]
fn words_typed_for_an_item_that_went_meanwhile_are_shown_not_lost() {
    let master = open_to(false, true);
    let room = room();
    let mut priya = seat(&master, "Priya");
    let mut writer = Workshop::new(session(), "review.ron", None);
    writer.go_to_step(Step::Benefits);
    press(&mut priya, &room, "\nslow at night");
    // The facilitator renames the item while she types.
    writer.apply_outside(|s| s.benefits[0].text = "Quicker fixes".into());
    master.sync(&mut writer);
    press(&mut priya, &room, "\n");
    let shown = screen(&mut priya, &room, 120, 30);
    assert!(shown.contains("Your words: slow at night"), "{shown}");
}

#[test]
fn typing_takes_plain_characters_up_to_the_limit_and_no_control_keys() {
    let master = open_to(true, false);
    let room = room();
    let mut priya = seat(&master, "Priya");
    press(&mut priya, &room, "a");
    priya.handle(
        Event::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL)),
        &room,
    );
    press(&mut priya, &room, "ok");
    for _ in 0..310 {
        press(&mut priya, &room, "z");
    }
    press(&mut priya, &room, "\n");
    let text = &master.session().benefits[2].text;
    assert!(text.starts_with("okz"), "Ctrl-X typed nothing: {text:?}");
    assert_eq!(
        text.chars().count(),
        300,
        "the longest item a participant may type"
    );
}

#[test]
fn a_paste_cut_to_the_longest_line_says_so() {
    let master = open_to(true, false);
    let room = room();
    let mut priya = seat(&master, "Priya");
    press(&mut priya, &room, "a");
    priya.handle(Event::Paste("z".repeat(TYPED_MAX + 20)), &room);
    let shown = screen(&mut priya, &room, 100, 24);
    assert!(
        shown.contains("Only the first 300 characters are sent; Enter adds them, Esc drops it."),
        "{shown}"
    );
    press(&mut priya, &room, "\n");
    assert_eq!(master.session().benefits[2].text.chars().count(), TYPED_MAX);
}

#[test]
fn a_side_s_default_rating_is_someone_elses_when_the_side_has_several_people() {
    // Priya and Sam both rate for the consumers, so an older file's "consumer" number is
    // neither's own: Priya sees it as someone else's rating.
    let mut s = session();
    s.benefits[0]
        .rating
        .set_by(Side::Consumer, Side::Consumer.rater(), Rating::new(3));
    let priya = rows(&s, Dimension::Benefits, who(&s, "Priya").as_ref());
    assert_eq!(priya[0].own, None);
    assert!(
        priya[0]
            .others
            .iter()
            .any(|(name, _)| name == Side::Consumer.rater()),
        "{:?}",
        priya[0].others
    );
}

#[test]
fn a_seat_opened_again_for_the_same_person_finds_their_place() {
    let master = Master::new(session(), Step::Benefits);
    let room = room();
    let places = Places::default();
    let about = |name| Person::new(name, "consumer");
    let theme = || Theme::new(crate::tui::theme::ThemeKind::Default);
    let mut first =
        ParticipantScreen::new(about("Priya"), master.clone(), Arc::clone(&places), theme());
    press(&mut first, &room, "j");
    screen(&mut first, &room, 80, 24);
    drop(first);
    let mut again =
        ParticipantScreen::new(about("Priya"), master.clone(), Arc::clone(&places), theme());
    let shown = screen(&mut again, &room, 80, 24);
    assert_eq!(again.app().place(), (Step::Benefits, 1), "{shown}");
    assert_eq!(selected_item(&shown), "Fewer calls", "{shown}");
}

#[test]
fn the_participants_help_is_the_apps_help_and_any_key_closes_it() {
    let master = Master::new(session(), Step::Benefits);
    let room = room();
    let mut priya = seat(&master, "Priya");
    press(&mut priya, &room, "?");
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(shown.contains("╭ Help"), "{shown}");
    assert!(shown.contains("Any key closes this help."), "{shown}");
    // Only what a participant can do: no deleting, no steps of their own outside a pre-work
    // window, no adding while the facilitator has not opened it.
    assert!(!shown.contains("delete"), "{shown}");
    assert!(!shown.contains("next step"), "{shown}");
    assert!(!shown.contains("add an item"), "{shown}");
    press(&mut priya, &room, "x");
    assert!(!screen(&mut priya, &room, 80, 24).contains("╭ Help"));
}

#[test]
fn the_status_line_and_the_summary_say_hidden_only_while_something_is() {
    let mut blind = session();
    blind.blind = true;
    let master = Master::new(blind, Step::Benefits);
    master.submit(rate("Ben", 0, 5)).unwrap();
    master.submit(rate("Priya", 0, 1)).unwrap();
    master.submit(rate("Ben", 1, 4)).unwrap();
    master.submit(rate("Priya", 1, 2)).unwrap();
    let room = room();
    let mut priya = seat(&master, "Priya");
    assert!(screen(&mut priya, &room, 80, 24).contains("until the facilitator reveals"));
    master.submit(Change::Step(Step::Summary)).unwrap();
    assert!(screen(&mut priya, &room, 100, 40).contains("Your view:"));
    master.submit(Change::Reveal).unwrap();
    let shown = screen(&mut priya, &room, 100, 40);
    assert!(
        !shown.contains("Your view:"),
        "nothing is hidden now:\n{shown}"
    );
    assert!(
        !shown.contains("hidden until"),
        "nothing is hidden now:\n{shown}"
    );
    master.submit(Change::Step(Step::Benefits)).unwrap();
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(
        shown.contains("everyone's ratings on this step are open to all"),
        "{shown}"
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
    assert_eq!(
        session.added_by,
        [crate::domain::AddedBy {
            step: Step::Benefits,
            item: "Night cover".into(),
            by: "Priya".into(),
        }]
    );
}

/// A master in a pre-work window closing a minute after `start`, judged by a clock the test
/// moves; a usefulness item besides the benefits.
fn prework(reveal: bool) -> (Master, Arc<std::sync::atomic::AtomicI64>, Session) {
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
fn in_a_prework_window_each_person_moves_alone_and_nothing_is_rated_after_the_close() {
    let (master, now, s) = prework(true);
    let mut workshop = Workshop::new(s, "review.ron", None);
    let room = room();
    let (mut ben, mut priya) = (seat(&master, "Ben"), seat(&master, "Priya"));
    // Both start on Benefits whatever the facilitator's step; each moves on their own.
    assert!(on_step(&screen(&mut priya, &room, 100, 24), "Benefits"));
    press(&mut priya, &room, "]");
    let hers = screen(&mut priya, &room, 100, 24);
    assert!(on_step(&hers, "Usefulness"), "{hers}");
    assert!(
        hers.contains("open until 2026-11-30 00:54:20 UTC"),
        "{hers}"
    );
    assert!(on_step(&screen(&mut ben, &room, 100, 24), "Benefits"));
    press(&mut priya, &room, "2");
    press(&mut ben, &room, "4");
    press(&mut priya, &room, "[4");
    let hers = screen(&mut priya, &room, 100, 24);
    assert!(hers.contains("you rated 2/3"), "{hers}");
    // Ben (the provider) has rated, hidden from her: a mark, not his 4.
    assert_eq!(cells(&hers, "Faster fixes")[0], "•", "{hers}");
    // No reveal while the window is open, not even the facilitator's.
    assert!(master.submit(Change::Reveal).is_err());
    assert!(master.sync(&mut workshop));
    assert_eq!(master.close_news(), None);

    // The close: a rating is refused with the time it closed; the writer reveals and says so.
    now.fetch_add(60, Ordering::Relaxed);
    assert_eq!(master.submit(rate("Sam", 0, 3)), Err(WINDOW_CLOSED));
    press(&mut ben, &room, "j5");
    let his = screen(&mut ben, &room, 100, 24);
    assert!(
        his.contains("The pre-work window closed at 2026-11-30 00:54:20 UTC"),
        "{his}"
    );
    assert!(master.sync(&mut workshop), "the close is news");
    let news = master.close_news().expect("the close is said");
    assert!(news.contains("revealed at the close: 1 item"), "{news}");
    assert_eq!(master.close_news(), None, "said once");
    let saved = workshop.session();
    assert!(saved.benefits[0].rating.revealed);
    assert_eq!(saved.benefits[1].rating.by(Side::Provider, "Ben"), None);
    assert_eq!(
        saved.served.open_until,
        Some(crate::domain::Timestamp::from_unix(1_796_000_060)),
        "the window is kept in the session for a restart"
    );
    assert!(saved.served.reveal_at_close);
    let his = screen(&mut ben, &room, 100, 24);
    assert_eq!(cells(&his, "Faster fixes")[1], "4", "Priya's 4:\n{his}");
}

#[test]
fn the_console_shows_each_persons_prework_progress_connected_or_not() {
    let (master, _, _) = prework(false);
    master.submit(rate("Priya", 0, 2)).unwrap();
    master.submit(rate("Priya", 1, 3)).unwrap();
    let room = room();
    let console = Console::new(Person::facilitator("Ana"), master.clone(), true);
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
