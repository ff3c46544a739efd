//! The local app while serving is the room's view: no turn, no unrevealed rating shown or
//! counted anywhere, pinned to the served session, and Ctrl-Z never freezes the server.

use super::tests::{key, press, screen, serving};
use super::*;
use crate::domain::{Dimension, Rating};
use crate::tui::theme::ThemeKind;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Serving a blind workshop on Benefits in which Ben (provider) rated 4 and Priya (consumer)
/// 2 over SSH, not yet revealed.
fn rated_blind(width: u16, height: u16) -> (App, Beside) {
    let (mut app, mut beside) = serving(&[], width, height);
    // A new session rates blind.
    assert!(app.workshop().unwrap().session().blind);
    for (name, rating) in [("Ben", 4), ("Priya", 2)] {
        beside
            .master
            .submit(Change::Rate {
                name: name.into(),
                dimension: Dimension::Benefits,
                index: 0,
                text: "Faster fixes".into(),
                rating: Rating::new(rating),
            })
            .unwrap();
    }
    beside.sync(&mut app);
    let r = app
        .workshop()
        .unwrap()
        .session()
        .ratings(Dimension::Benefits, 0)
        .unwrap();
    assert_eq!(r.count(), 2, "both ratings reached the app's session");
    (app, beside)
}

/// The list's row of the one benefit.
fn row(shown: &str) -> &str {
    shown
        .lines()
        .find(|l| l.contains(" 1  Faster fixes"))
        .expect("the benefit's row")
}

fn ratings(app: &App) -> crate::domain::Ratings {
    app.workshop()
        .unwrap()
        .session()
        .ratings(Dimension::Benefits, 0)
        .unwrap()
}

#[test]
fn no_unrevealed_rating_is_shown_or_counted_on_the_projector_until_r() {
    for (width, height) in [(80, 24), (120, 40)] {
        let (mut app, mut beside) = rated_blind(width, height);
        let shown = screen(&app, &beside);
        let line = row(&shown);
        assert!(line.contains('•'), "who rated shows: {line}");
        assert!(!line.contains('4') && !line.contains('2'), "{line}");
        let summary = app.workshop().unwrap().summary();
        assert_eq!(summary.value_index.value, None, "nothing counted");
        assert_eq!(summary.hidden, 2);
        assert!(!shown.contains("75") && !shown.contains("25"), "{shown}");
        assert!(!shown.contains('▶'), "nobody has the turn: {shown}");
        assert!(shown.contains("2 of 2 rated this item"), "{shown}");
        assert!(shown.contains("Rated: Ben ✓ · Priya ✓"), "{shown}");

        rating_keys_neither_rate_nor_pass_the_turn(&mut app, &mut beside, width, height);
        the_dashboard_counts_nothing_hidden(&mut app, &mut beside);

        // r reveals: now the numbers show and count.
        press(
            &mut app,
            &mut beside,
            KeyEvent::new(KeyCode::Char('3'), KeyModifiers::ALT),
        );
        press(&mut app, &mut beside, key(KeyCode::Char('r')));
        let revealed = screen(&app, &beside);
        let line = row(&revealed);
        assert!(line.contains('4') && line.contains('2'), "{line}");
        assert_eq!(
            app.workshop().unwrap().summary().value_index.value,
            Some(50.0)
        );
    }
}

/// Tab and the rating keys on the room's view while serving (see the test above).
fn rating_keys_neither_rate_nor_pass_the_turn(
    app: &mut App,
    beside: &mut Beside,
    width: u16,
    height: u16,
) {
    // Tab and the rating keys neither pass a turn nor rate; they say why, and the
    // screen shows the same numbers (none).
    for k in [
        KeyCode::Tab,
        KeyCode::Char('1'),
        KeyCode::Char('5'),
        KeyCode::Char('0'),
    ] {
        press(app, beside, key(k));
        assert_eq!(ratings(app), ratings(&rated_blind(width, height).0));
        let message = app.message().unwrap_or_default().to_string();
        assert!(
            message.contains("everyone rates at their own screen"),
            "{k:?}: {message}"
        );
        let after = screen(app, beside);
        assert!(!row(&after).contains('4') && !row(&after).contains('2'));
        assert!(!after.contains("75") && !after.contains("25"), "{after}");
    }
    for hint in app.hints() {
        assert!(
            !matches!(
                hint.binding.action,
                Some(Action::Rate(_) | Action::SwitchTurn | Action::Back)
            ),
            "the footer offers `{} {}`",
            hint.keys,
            hint.word
        );
    }
}

/// The Summary dashboard and its explanation while ratings are hidden (see the test above).
fn the_dashboard_counts_nothing_hidden(app: &mut App, beside: &mut Beside) {
    // The Summary dashboard and its explanation count nothing hidden either.
    press(
        app,
        beside,
        KeyEvent::new(KeyCode::Char('0'), KeyModifiers::ALT),
    );
    assert_eq!(app.workshop().unwrap().step(), Step::Summary);
    let dashboard = screen(app, beside);
    assert!(
        !dashboard.contains("75") && !dashboard.contains("25"),
        "{dashboard}"
    );
    press(app, beside, key(KeyCode::Tab));
    assert!(!screen(app, beside).contains("75"));
    press(app, beside, key(KeyCode::Char('x')));
    let explain = screen(app, beside);
    assert!(explain.contains("no ratings, left out"), "{explain}");
    assert!(
        !explain.contains("75.0") && !explain.contains("25.0"),
        "{explain}"
    );
    press(app, beside, key(KeyCode::Esc));
}

#[test]
fn the_same_app_not_serving_still_rates_on_its_turn() {
    let (mut app, mut beside) = rated_blind(80, 24);
    app.set_serving(false);
    let shown = screen(&app, &beside);
    assert!(shown.contains('▶'), "a turn again: {shown}");
    assert!(row(&shown).contains('4'), "Ben's turn shows Ben's own 4");
    press(&mut app, &mut beside, key(KeyCode::Char('5')));
    assert_eq!(
        ratings(&app).by(crate::domain::Side::Provider, "Ben"),
        Rating::new(5)
    );
}

#[test]
fn while_serving_esc_and_every_way_out_keep_the_session_and_say_so() {
    let (mut app, mut beside) = rated_blind(80, 24);
    let esc = key(KeyCode::Esc);
    let effects = app.handle(Event::Key(esc));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(app.workshop().is_some());
    assert!(
        app.message()
            .is_some_and(|m| m.contains("this session stays open; q ends the workshop")),
        "{:?}",
        app.message()
    );
    // On the Summary too, and with the panel closed by the companion first.
    press(
        &mut app,
        &mut beside,
        KeyEvent::new(KeyCode::Char('0'), KeyModifiers::ALT),
    );
    assert!(app.handle(Event::Key(esc)).is_empty());
    assert!(app.workshop().is_some());
    // Not serving, Esc goes back to the list as it always did.
    let (mut plain, _) = rated_blind(80, 24);
    plain.set_serving(false);
    assert_eq!(plain.handle(Event::Key(esc)), vec![Effect::Close]);
    // q still ends the workshop, once the facilitator says yes: it ends it for everyone.
    assert!(app.handle(Event::Key(key(KeyCode::Char('q')))).is_empty());
    assert!(screen(&app, &beside).contains("End the workshop for everyone connected?"));
    assert_eq!(
        app.handle(Event::Key(key(KeyCode::Char('y')))),
        vec![Effect::Quit]
    );
    // Any other key goes back to the workshop.
    assert!(app.handle(Event::Key(key(KeyCode::Char('q')))).is_empty());
    assert!(app.handle(Event::Key(key(KeyCode::Char('n')))).is_empty());
    assert!(app.workshop().is_some());
}

#[test]
fn while_serving_the_help_offers_no_rating_turn_or_way_back() {
    for (width, height) in [(80, 24), (120, 40), (160, 50)] {
        for summary in [false, true] {
            let (mut app, mut beside) = rated_blind(width, height);
            if summary {
                press(
                    &mut app,
                    &mut beside,
                    KeyEvent::new(KeyCode::Char('0'), KeyModifiers::ALT),
                );
            }
            press(&mut app, &mut beside, key(KeyCode::Char('?')));
            let help = screen(&app, &beside);
            for gone in [
                "back to the session list",
                "rate (1 low",
                "clear the rater's rating",
                "switch whose turn",
                "switch turn",
            ] {
                assert!(!help.contains(gone), "{width}×{height}: `{gone}`:\n{help}");
            }
            assert!(help.contains("reveal"), "{help}");
            // The same help not serving lists them (the filter is the serving one).
            let (mut plain, _) = rated_blind(width, height);
            plain.set_serving(false);
            plain.beside_help = None;
            if summary {
                plain.key(KeyEvent::new(KeyCode::Char('0'), KeyModifiers::ALT));
            }
            plain.key(key(KeyCode::Char('?')));
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            plain.draw(&mut terminal).unwrap();
            let text = format!("{}", terminal.backend());
            assert!(text.contains("back to the session list"), "{text}");
        }
    }
}

#[test]
fn ctrl_z_does_not_suspend_the_server_and_says_why() {
    let (mut app, _) = rated_blind(80, 24);
    let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert!(app.key(ctrl_z).is_empty());
    assert!(
        app.message().is_some_and(|m| m.contains("freeze")),
        "{:?}",
        app.message()
    );
    // SIGTSTP from outside goes the same way.
    assert!(app.suspend().is_empty());
    // Even with a form open.
    app.key(key(KeyCode::Char('a')));
    assert!(app.typing());
    assert!(app.key(ctrl_z).is_empty());
    assert!(app.typing(), "the form stays open");
    let (mut plain, _) = rated_blind(80, 24);
    plain.set_serving(false);
    assert_eq!(plain.key(ctrl_z), vec![Effect::Suspend]);
}

#[test]
fn the_header_keeps_every_badge_beside_the_server_status() {
    for (width, height) in [(80, 24), (120, 40)] {
        let (mut app, mut beside) = rated_blind(width, height);
        // A long title, a running timer and an unsaved change: the title gives way.
        app.workshop_mut().unwrap().apply_outside(|s| {
            s.title = "Quarterly service review of the managed desk".into();
            s.service = "Service desk".into();
        });
        press(&mut app, &mut beside, key(KeyCode::Char('t')));
        let shown = screen(&app, &beside);
        let head = shown.lines().next().unwrap();
        for badge in ["covalue", "BLIND", "unsaved", "left", "ABCD-EFGH", "F2"] {
            assert!(head.contains(badge), "{width}×{height}: {badge}: {head}");
        }
        assert!(head.contains("Quarterly"), "{head}");
        // Typing in a form, the status stays and names no panel key.
        press(&mut app, &mut beside, key(KeyCode::Char('a')));
        let head = screen(&app, &beside).lines().next().unwrap().to_string();
        assert!(head.contains("ABCD-EFGH") && !head.contains("F2"), "{head}");
        assert!(head.contains("BLIND") && head.contains("unsaved"), "{head}");
    }
}

#[test]
fn the_rated_line_marks_who_has_not_rated_with_a_dash_also_without_colour() {
    let (mut app, mut beside) = serving(&[], 80, 24);
    app.theme = Theme::new(ThemeKind::NoColor);
    beside
        .master
        .submit(Change::Rate {
            name: "Ben".into(),
            dimension: Dimension::Benefits,
            index: 0,
            text: "Faster fixes".into(),
            rating: Rating::new(3),
        })
        .unwrap();
    beside.sync(&mut app);
    let shown = screen(&app, &beside);
    assert!(shown.contains("Rated: Ben ✓ · Priya –"), "{shown}");
    assert!(shown.contains("1 of 2 rated this item"), "{shown}");
}

#[test]
fn snapshot_of_the_serving_projector_with_a_hidden_rating() {
    let (mut app, mut beside) = rated_blind(120, 40);
    let normal = screen(&app, &beside);
    // Projector mode on the same screen: large digits, no footer.
    press(&mut app, &mut beside, key(KeyCode::Char('p')));
    let projector = screen(&app, &beside);
    for shown in [&normal, &projector] {
        assert!(!row(shown).contains('4') && !row(shown).contains('2'));
    }
    insta::assert_snapshot!("serving_blind_hidden_120x40", normal);
    insta::assert_snapshot!("serving_projector_blind_hidden_120x40", projector);
}

#[test]
fn while_serving_neither_blind_rating_nor_the_mode_can_change_and_show_hidden_ratings() {
    let (mut app, mut beside) = rated_blind(120, 40);
    press(&mut app, &mut beside, key(KeyCode::Char('b')));
    assert!(app.workshop().unwrap().session().blind, "still blind");
    assert!(
        app.message()
            .is_some_and(|m| m.contains("blind rating stays as the workshop started")),
        "{:?}",
        app.message()
    );
    assert!(!row(&screen(&app, &beside)).contains('4'));
    // Setup's session details: the mode moved to a self-assessment is refused, the rest kept.
    press(
        &mut app,
        &mut beside,
        KeyEvent::new(KeyCode::Char('1'), KeyModifiers::ALT),
    );
    press(&mut app, &mut beside, key(KeyCode::Home));
    press(&mut app, &mut beside, key(KeyCode::Enter));
    for _ in 0..3 {
        press(&mut app, &mut beside, key(KeyCode::Tab));
    }
    press(&mut app, &mut beside, key(KeyCode::Right));
    press(&mut app, &mut beside, key(KeyCode::Enter));
    let w = app.workshop().unwrap();
    assert_eq!(w.session().mode, crate::domain::Mode::Workshop);
    assert!(
        screen(&app, &beside).contains("While serving, the mode stays as the workshop started"),
        "{}",
        screen(&app, &beside)
    );
    // Not serving, b turns blind rating off as it always did; with ratings still hidden it
    // asks first, and a second b does it.
    let (mut plain, mut plain_beside) = rated_blind(120, 40);
    plain.set_serving(false);
    press(&mut plain, &mut plain_beside, key(KeyCode::Char('b')));
    press(&mut plain, &mut plain_beside, key(KeyCode::Char('b')));
    assert!(!plain.workshop().unwrap().session().blind);
}

#[test]
fn the_rated_line_shows_each_persons_number_once_revealed_and_only_then() {
    let (mut app, mut beside) = rated_blind(120, 40);
    let rated_line = |app: &App, beside: &Beside| {
        screen(app, beside)
            .lines()
            .find(|l| l.contains("Rated:"))
            .unwrap_or_default()
            .to_string()
    };
    let before = rated_line(&app, &beside);
    assert!(
        before.contains("Ben ✓") && before.contains("Priya ✓"),
        "{before}"
    );
    press(&mut app, &mut beside, key(KeyCode::Char('r')));
    let after = rated_line(&app, &beside);
    // The room can talk a split through: whose number is whose.
    assert!(
        after.contains("Ben 4") && after.contains("Priya 2"),
        "{after}"
    );
}

#[test]
fn someone_at_their_own_screen_is_neither_deleted_nor_renamed_under_them() {
    let (mut app, mut beside) = serving(&[], 120, 40);
    beside.room.arrive(
        crate::serve::room::ConnectionId(1),
        crate::serve::Person::new("Priya", "consumer"),
        None,
    );
    beside.sync(&mut app);
    press(
        &mut app,
        &mut beside,
        KeyEvent::new(KeyCode::Char('1'), KeyModifiers::ALT),
    );
    press(&mut app, &mut beside, key(KeyCode::Home));
    // Setup: six detail rows, then Ana, Ben and Priya.
    for _ in 0..8 {
        press(&mut app, &mut beside, key(KeyCode::Char('j')));
    }
    press(&mut app, &mut beside, key(KeyCode::Char('d')));
    let names = |app: &App| {
        app.workshop()
            .unwrap()
            .session()
            .participants
            .iter()
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&app), ["Ana", "Ben", "Priya"]);
    assert!(
        app.message()
            .is_some_and(|m| m.contains("Priya rates at their own screen now")),
        "{:?}",
        app.message()
    );
    // A rename is refused too; the form stays open with the reason.
    press(&mut app, &mut beside, key(KeyCode::Char('e')));
    for c in " Raman".chars() {
        press(&mut app, &mut beside, key(KeyCode::Char(c)));
    }
    press(&mut app, &mut beside, key(KeyCode::Enter));
    assert_eq!(names(&app), ["Ana", "Ben", "Priya"]);
    let shown = screen(&app, &beside);
    assert!(
        shown.contains("Priya rates at their own screen: change them after the workshop."),
        "{shown}"
    );
    // Ben is not connected: he can be deleted.
    press(&mut app, &mut beside, key(KeyCode::Esc));
    press(&mut app, &mut beside, key(KeyCode::Char('y')));
    press(&mut app, &mut beside, key(KeyCode::Char('k')));
    press(&mut app, &mut beside, key(KeyCode::Char('d')));
    assert_eq!(names(&app), ["Ana", "Priya"]);
}

/// Ending the workshop while someone at their own screen is typing: the question names
/// them (their line is not saved; their goodbye gives it back).
#[test]
fn the_question_to_end_names_whoever_is_typing() {
    for (width, height) in [(120, 40), (80, 24)] {
        asks_naming_the_typist(width, height);
    }
}

/// A screen's words with the box edges and line ends gone, for a sentence that wraps.
fn flat(screen: &str) -> String {
    screen
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn asks_naming_the_typist(width: u16, height: u16) {
    let (mut app, mut beside) = serving(&[], width, height);
    beside.room.arrive(
        crate::serve::room::ConnectionId(1),
        crate::serve::Person::new("Priya", "consumer"),
        None,
    );
    let open = crate::tui::seat::RoomNow {
        notes: true,
        ..crate::tui::seat::RoomNow::at(Step::Benefits)
    };
    let theme = Theme::new(crate::tui::theme::ThemeKind::Default);
    let mut priya = crate::tui::seat::ParticipantApp::new(
        "Priya",
        app.workshop().unwrap().session(),
        open,
        theme,
        (80, 24),
        None,
    );
    for c in "eslow at night".chars() {
        priya.handle(Event::Key(key(KeyCode::Char(c))));
    }
    let places = super::super::Places::default();
    places.lock().unwrap().insert("priya".into(), priya.keep());
    beside.watch_typing(places.clone());
    beside.sync(&mut app);
    press(&mut app, &mut beside, key(KeyCode::Char('q')));
    let asked = screen(&app, &beside);
    assert!(
        asked.contains("End the workshop for everyone connected?")
            && flat(&asked).contains("Priya is typing a line not yet sent."),
        "{asked}"
    );
    // However narrow the screen, the keys that answer stay in the box.
    assert!(
        asked.contains("y ends it · any other key goes back"),
        "{asked}"
    );
    // Once she has sent it (or left), nobody is named.
    places.lock().unwrap().clear();
    beside.sync(&mut app);
    assert!(!screen(&app, &beside).contains("is typing"));
}
