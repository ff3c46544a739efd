//! A participant's app without a server: keys in, changes out, screens in every theme.

use super::*;
use crate::domain::{Benefit, Participant, Role};
use crate::tui::theme::ThemeKind;
use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn session() -> Session {
    let mut session = Session::new("s1", "Review", crate::store::now());
    session.blind = true;
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

fn room() -> RoomNow {
    RoomNow::at(Step::Benefits)
}

fn seat(name: &str, session: &Session, kind: ThemeKind) -> ParticipantApp {
    ParticipantApp::new(name, session, room(), Theme::new(kind), (80, 24), None)
}

fn press(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn screen(seat: &ParticipantApp) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| seat.render(f.area(), f.buffer_mut()))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn rated(mut session: Session) -> Session {
    session.rate_as(
        Dimension::Benefits,
        0,
        Side::Provider,
        "Ben",
        Rating::new(4),
    );
    session.rate_as(
        Dimension::Benefits,
        0,
        Side::Consumer,
        "Priya",
        Rating::new(2),
    );
    session
}

#[test]
fn a_rating_key_names_the_change_and_changes_nothing_itself() {
    let s = session();
    let mut priya = seat("priya", &s, ThemeKind::Default);
    let effects = priya.handle(press('3'));
    assert_eq!(
        effects,
        [SeatEffect::Send(Change::Rate {
            name: "priya".into(),
            dimension: Dimension::Benefits,
            index: 0,
            text: "Faster fixes".into(),
            rating: Rating::new(3),
        })]
    );
    assert_eq!(priya.workshop().session().benefits[0].rating.count(), 0);
}

#[test]
fn the_room_moves_the_steps_and_reveals() {
    let s = session();
    let mut priya = seat("Priya", &s, ThemeKind::Default);
    for key in ['n', 'r', 'd'] {
        assert!(priya.handle(press(key)).is_empty());
        assert_eq!(priya.step(), Step::Benefits);
    }
    assert!(screen(&priya).contains("The facilitator moves the steps and reveals."));
    // Esc does not leave (a trial's find: pressed twice to close a form, it cut a
    // participant off); it says how to.
    let esc = Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(priya.handle(esc).is_empty(), "Esc left the workshop");
    assert!(screen(&priya).contains("q leaves the workshop"));
    priya.handle(press('?'));
    let help = screen(&priya);
    assert!(
        help.contains("leave the workshop") && !help.contains("save and quit"),
        "{help}"
    );
    priya.handle(press('?'));
    // With notes open, her help says what her footer does: Enter adds to the note (a trial
    // found "edit the selected item" there).
    priya.show(
        s.clone(),
        RoomNow {
            notes: true,
            ..RoomNow::at(Step::Benefits)
        },
    );
    priya.handle(press('?'));
    let help = screen(&priya);
    assert!(
        help.contains("add to the item's note") && !help.contains("edit the selected"),
        "{help}"
    );
    priya.handle(press('?'));
    // On the Summary, with notes and items open to her, the help does not offer the
    // closing answers, which are the room's (a trial's find).
    let open = RoomNow {
        notes: true,
        items: true,
        ..RoomNow::at(Step::Summary)
    };
    priya.show(s.clone(), open);
    priya.handle(press('?'));
    let help = screen(&priya);
    assert!(
        help.contains("Summary") && !help.contains("closing answers"),
        "{help}"
    );
    priya.handle(press('?'));
    assert_eq!(priya.handle(press('q')), [SeatEffect::Leave]);
    // Ctrl-C leaves too, through the keymap's Anywhere keys.
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(priya.handle(ctrl_c), [SeatEffect::Leave]);
}

#[test]
fn participant_screen_in_each_theme() {
    let s = rated(session());
    for (kind, name) in [
        (ThemeKind::Default, "default"),
        (ThemeKind::HighContrast, "high_contrast"),
        (ThemeKind::NoColor, "no_color"),
    ] {
        let priya = seat("Priya", &s, kind);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| priya.render(f.area(), f.buffer_mut()))
            .unwrap();
        // The buffer's debug form holds each cell run's colours and modifiers: the themes
        // differ there, not in the text.
        insta::assert_debug_snapshot!(
            format!("participant_{name}_80x24"),
            terminal.backend().buffer()
        );
    }
}

#[test]
fn a_participants_help_explains_blind_rating_in_their_words_not_the_facilitators_keys() {
    let s = session();
    let mut priya = seat("Priya", &s, ThemeKind::Default);
    priya.handle(press('?'));
    let help = screen(&priya);
    assert!(help.contains("You rate at your own screen."), "{help}");
    assert!(!help.contains("Blind rating (b)"), "{help}");
}

#[test]
fn a_participant_is_not_told_to_press_keys_only_the_facilitator_has() {
    let mut s = session();
    s.rate_as(
        Dimension::Benefits,
        0,
        Side::Provider,
        "Ben",
        Rating::new(4),
    );
    let mut priya = seat("Priya", &s, ThemeKind::Default);
    // An empty step: nothing to add from here unless the facilitator opens it.
    priya.show(s.clone(), RoomNow::at(Step::Agreements));
    let agreements = screen(&priya);
    assert!(agreements.contains("No agreement yet."), "{agreements}");
    assert!(!agreements.contains("Press a"), "{agreements}");
    // The Summary's hidden note names who reveals, not a key she does not have.
    priya.show(s, RoomNow::at(Step::Summary));
    let summary = screen(&priya);
    assert!(
        summary.contains("1 rating hidden until revealed"),
        "{summary}"
    );
    assert!(
        summary.contains("Gaps show once the facilitator reveals"),
        "{summary}"
    );
    assert!(
        !summary.contains("· r reveals") && !summary.contains("(r)"),
        "{summary}"
    );
    // Enter jumps to an item only on the facilitator's screen.
    assert!(summary.contains("Discuss next"), "{summary}");
    assert!(!summary.contains("Enter jumps"), "{summary}");
}

#[test]
fn words_a_participant_types_while_too_small_are_kept_and_the_notice_says_so() {
    let mut room = room();
    room.items = true;
    let theme = Theme::new(ThemeKind::Default);
    let mut seat = ParticipantApp::new("Priya", &session(), room, theme, (80, 24), None);
    for c in "aLess".chars() {
        seat.handle(press(c));
    }
    seat.handle(Event::Resize(40, 10));
    for c in " quick".chars() {
        assert!(seat.handle(press(c)).is_empty(), "{c} did something");
    }
    let mut terminal = Terminal::new(TestBackend::new(40, 10)).unwrap();
    terminal
        .draw(|f| seat.render(f.area(), f.buffer_mut()))
        .unwrap();
    let notice = terminal.backend().to_string();
    assert!(notice.contains("open form"), "{notice}");
    seat.handle(Event::Resize(80, 24));
    let enter = Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(
        seat.handle(enter),
        [SeatEffect::Send(Change::Add {
            name: "Priya".into(),
            dimension: Dimension::Benefits,
            text: "Less quick".into(),
        })]
    );
}

/// Put on the other side while connected (the facilitator's Setup), a participant rates and
/// sees their ratings as the session now says: their turn, their column, their next item.
#[test]
fn a_participant_moved_to_the_other_side_is_seated_there() {
    let mut s = session();
    s.rate_as(
        Dimension::Benefits,
        0,
        Side::Consumer,
        "Priya",
        Rating::new(3),
    );
    let mut priya = seat("Priya", &s, ThemeKind::Default);
    assert!(screen(&priya).contains("Priya · consumer"));
    s.participants[2].role = Role::Provider;
    s.move_rater((Side::Consumer, "Priya"), (Side::Provider, "Priya"));
    priya.show(s.clone(), room());
    let shown = screen(&priya);
    assert!(
        shown.contains("Priya · provider") && !shown.contains("Priya · consumer"),
        "{shown}"
    );
    // Her own 3, now a provider's, is in the provider's column, and she goes on from there.
    let row = shown.lines().find(|l| l.contains("Faster fixes")).unwrap();
    let list = row.split('│').next().unwrap_or_default();
    let cells: Vec<&str> = list.split_whitespace().collect();
    assert_eq!(cells[cells.len() - 3..], ["3", "·", "·"], "{row}");
}
