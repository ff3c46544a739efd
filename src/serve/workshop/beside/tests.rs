//! The server beside the local app: its panel, strip, keys and help, without a network.

use super::super::console::tests::{WAITING, room, session};
use super::*;
use crate::tui::keymap::Hint;
use crossterm::event::KeyModifiers;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The local app on Benefits with the server beside it, as `covalue serve` starts them.
pub(super) fn serving(waiting: &[&str], width: u16, height: u16) -> (App, Beside) {
    let master = Master::new(session(), Step::Benefits);
    let room = room();
    for login in waiting {
        room.enqueue(login, None);
    }
    let mut workshop = Workshop::new(session(), "x.ron", None);
    workshop.go_to_step(Step::Benefits);
    let mut app = App::for_workshop(
        workshop,
        Settings::default(),
        Theme::new(crate::tui::theme::ThemeKind::Default),
        width,
        height,
    );
    let mut beside = Beside::new(room, master);
    app.beside_help = beside.help();
    app.set_serving(beside.serving());
    // The loop's first turn, before anything is drawn.
    beside.sync(&mut app);
    (app, beside)
}

/// What the event loop does with a key: the companion first, then the app.
pub(super) fn press(app: &mut App, beside: &mut Beside, key: KeyEvent) {
    let event = Event::Key(key);
    if !beside.event(&event, app) {
        app.handle(event);
    }
    beside.sync(app);
}

pub(super) fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub(super) fn screen(app: &App, beside: &Beside) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal
        .draw(|f| {
            crate::tui::view::draw(f, app);
            beside.draw(f, app);
        })
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every serve hint the panel shows now.
fn panel_hints(beside: &Beside) -> Vec<Hint> {
    [true, false]
        .into_iter()
        .flat_map(|w| beside.console.hints(&beside.room, true, w))
        .collect()
}

#[test]
fn every_hint_on_the_panel_and_its_strip_is_its_key_and_does_something() {
    let mut checked = 0;
    for (width, height) in [(80, 24), (160, 50)] {
        for waiting in WAITING {
            // Closed: the strip names the key that opens the panel.
            let (mut app, mut beside) = serving(waiting, width, height);
            beside.open = false;
            let strip = screen(&app, &beside);
            let toggle =
                keymap::hints_where(Context::Serve, |b| b.action == Some(Action::TogglePanel));
            let text = format!("{} {}", toggle[0].keys, toggle[0].word);
            assert!(strip.lines().next().unwrap().contains(&text), "{strip}");
            press(&mut app, &mut beside, toggle[0].event());
            assert!(beside.open, "{text} opens the panel");

            let (app, mut beside) = serving(waiting, width, height);
            beside.open = true;
            let shown = screen(&app, &beside);
            let hints = panel_hints(&beside);
            for hint in &hints {
                let text = format!("{} {}", hint.keys, hint.word);
                assert!(shown.contains(&text), "{waiting:?}: `{text}`:\n{shown}");
                let (mut app, mut beside) = serving(waiting, width, height);
                beside.open = true;
                press(&mut app, &mut beside, hint.event());
                assert_ne!(
                    shown,
                    screen(&app, &beside),
                    "{waiting:?} {width}×{height}: `{text}` does nothing"
                );
                checked += 1;
            }
            for action in [Action::HidePanel, Action::ToggleItems] {
                assert!(hints.iter().any(|h| h.binding.action == Some(action)));
            }
        }
    }
    assert!(checked >= 60, "only {checked} hints pressed");
}

#[test]
fn f2_toggles_the_panel_esc_hides_it_and_other_keys_reach_the_app_when_closed() {
    let (mut app, mut beside) = serving(&[], 80, 24);
    press(&mut app, &mut beside, key(KeyCode::F(2)));
    assert!(beside.open);
    press(&mut app, &mut beside, key(KeyCode::F(2)));
    assert!(!beside.open);
    press(&mut app, &mut beside, key(KeyCode::F(2)));
    press(&mut app, &mut beside, key(KeyCode::Esc));
    assert!(!beside.open);
    assert!(
        app.workshop().is_some(),
        "Esc hid the panel, not the session"
    );
    // Closed, the panel's letters are the app's: n is nothing there, L is not taken.
    let code = beside.room.invite_code();
    press(&mut app, &mut beside, key(KeyCode::Char('n')));
    assert_eq!(beside.room.invite_code(), code);
    press(&mut app, &mut beside, key(KeyCode::Char('A')));
    assert!(!beside.master.items_allowed());
    press(&mut app, &mut beside, key(KeyCode::F(2)));
    press(&mut app, &mut beside, key(KeyCode::Char('A')));
    assert!(beside.master.items_allowed());
    assert!(screen(&app, &beside).contains("items open (A)"));
}

#[test]
fn a_form_open_in_the_app_takes_every_typed_key_and_the_panel_waits() {
    let (mut app, mut beside) = serving(&["sam"], 80, 24);
    assert!(beside.open, "someone new waiting opens the panel");
    // The facilitator was adding an item when sam arrived.
    let (mut app2, mut beside2) = serving(&[], 80, 24);
    press(&mut app2, &mut beside2, key(KeyCode::Char('a')));
    assert!(app2.typing());
    beside2.room.enqueue("sam", None);
    beside2.sync(&mut app2);
    let code = beside2.room.invite_code();
    for c in "Nina Lx".chars() {
        press(&mut app2, &mut beside2, key(KeyCode::Char(c)));
    }
    press(&mut app2, &mut beside2, key(KeyCode::F(2)));
    assert_eq!(beside2.room.invite_code(), code, "n typed, no new code");
    assert!(!beside2.master.notes_allowed() && !beside2.master.locked());
    assert_eq!(
        beside2.room.waiting().len(),
        1,
        "x typed, nobody turned away"
    );
    let shown = screen(&app2, &beside2);
    assert!(
        !shown.contains("Listening on") && !shown.contains("F2"),
        "{shown}"
    );
    assert!(shown.contains("1 waiting"), "{shown}");
    assert!(shown.contains("Nina Lx"), "{shown}");
    // Enter saves the item; then the panel shows and its keys work again.
    press(&mut app2, &mut beside2, key(KeyCode::Enter));
    assert!(!app2.typing());
    assert!(beside2.open);
    assert!(screen(&app2, &beside2).contains("Waiting: Enter admit"));
    // The other app was not typing: its panel took Enter.
    press(&mut app, &mut beside, key(KeyCode::Enter));
    assert!(beside.room.waiting().is_empty());
}

/// The help's text at `width` × `height`, opened with `?` with the panel open or not.
fn help_text(serve: bool, panel: bool, width: u16, height: u16) -> String {
    let (mut app, mut beside) = serving(&["sam"], width, height);
    if !serve {
        // The same app with nothing beside it.
        let mut app = App::for_workshop(
            app.workshop().unwrap().clone(),
            Settings::default(),
            app.theme.clone(),
            width,
            height,
        );
        app.handle(Event::Key(key(KeyCode::Char('?'))));
        assert!(app.popup.is_some(), "? opens the app's help");
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        app.draw(&mut terminal).unwrap();
        return format!("{}", terminal.backend());
    }
    beside.open = panel;
    press(&mut app, &mut beside, key(KeyCode::Char('?')));
    assert!(app.popup.is_some(), "? opens the app's help");
    screen(&app, &beside)
}

#[test]
fn the_help_lists_the_panel_keys_only_while_serving() {
    for (width, height) in [(80, 24), (120, 40), (160, 50)] {
        for panel in [false, true] {
            let shown = help_text(true, panel, width, height);
            for (keys, what) in [
                ("F2", "show/hide the server panel"),
                ("Esc", "hide the server panel"),
                ("Enter", "admit the selected person"),
                ("← →", "choose as whom they join"),
                ("x Delete", "turn the person away"),
                ("n", "new invite code"),
                ("L", "lock/open this step"),
                ("N", "open/close the notes"),
                ("A", "open/close adding items"),
            ] {
                assert!(
                    shown.contains(&format!("{keys:<10} {what}")),
                    "{width}×{height}: {keys} {what}:\n{shown}"
                );
            }
            assert!(shown.contains("Workshop step"), "{shown}");
            assert!(
                !shown.contains("Listening on"),
                "the help is over the panel"
            );
        }
        let plain = help_text(false, false, width, height);
        assert!(!plain.contains("F2"), "{plain}");
        assert!(!plain.contains("server panel"), "{plain}");
        assert!(!plain.contains("admit the selected person"), "{plain}");
        assert!(plain.contains("Workshop step"), "{plain}");
    }
}

#[test]
fn any_key_closes_the_help_before_the_panel_sees_it() {
    let (mut app, mut beside) = serving(&["sam"], 80, 24);
    beside.open = true;
    press(&mut app, &mut beside, key(KeyCode::Char('?')));
    press(&mut app, &mut beside, key(KeyCode::Enter));
    assert!(app.popup.is_none());
    assert_eq!(
        beside.room.waiting().len(),
        1,
        "Enter closed the help, admitted nobody"
    );
    assert!(screen(&app, &beside).contains("Listening on") || beside.open);
}

#[test]
fn the_facilitator_is_told_at_the_start_when_the_session_is_served_blind() {
    let (mut app, mut beside) = serving(&[], 80, 24);
    beside.notice = Some("Served blind.".into());
    beside.sync(&mut app);
    assert_eq!(app.message(), Some("Served blind."));
    // Said once, not at every turn.
    app.clear_message();
    beside.sync(&mut app);
    assert_eq!(app.message(), None);
}

#[test]
fn f2_pressed_as_the_panel_opens_by_itself_keeps_it_open_for_the_arrows() {
    let (mut app, mut beside) = serving(&[], 80, 24);
    beside.room.enqueue("sam", None);
    beside.sync(&mut app);
    assert!(beside.open, "someone waiting opens the panel");
    // The facilitator reached for F2 to open it at the same moment.
    press(&mut app, &mut beside, key(KeyCode::F(2)));
    assert!(
        beside.open,
        "F2 just after it opened by itself left it open"
    );
    let step = app.workshop().unwrap().step();
    press(&mut app, &mut beside, key(KeyCode::Right));
    assert_eq!(
        app.workshop().unwrap().step(),
        step,
        "→ stayed in the panel"
    );
    // Later, F2 closes it as ever.
    press(&mut app, &mut beside, key(KeyCode::F(2)));
    assert!(!beside.open);
}
