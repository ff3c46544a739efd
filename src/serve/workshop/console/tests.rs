//! The console's keys and hints, without a network.

use super::*;
use crate::domain::{Benefit, Dimension, Participant, Rating};
use crate::serve::invite::Invite;
use crate::serve::keys::Keys;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub(in super::super) fn session() -> Session {
    let mut session = Session::new("s1", "Review", crate::store::now());
    for (name, role) in [
        ("Ana", Role::Facilitator),
        ("Ben", Role::Provider),
        ("Priya", Role::Consumer),
    ] {
        session.participants.push(Participant {
            name: name.into(),
            role,
            group: None,
        });
    }
    session.benefits.push(Benefit {
        text: "Faster fixes".into(),
        ..Benefit::default()
    });
    session
}

pub(in super::super) fn room() -> Room {
    Room::new(
        "Review".into(),
        "SHA256:abc".into(),
        people(&session()),
        Keys::default(),
        Invite::with_code("ABCDEFGH"),
    )
}

/// Who waits in each state the hints are walked in.
pub(in super::super) const WAITING: &[&[&str]] = &[&[], &["sam"], &["ben"], &["sam", "ben"]];

/// A remote console (on the Benefits step) with `waiting` waiting to join.
fn remote(waiting: &[&str]) -> (Console, Room, Master) {
    let master = Master::new(session(), Step::Benefits);
    let room = room();
    for login in waiting {
        room.enqueue(login, None);
    }
    let console = Console::new(Person::facilitator("Ana"), master.clone(), true);
    (console, room, master)
}

fn screen(console: &mut Console, room: &Room, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| console.draw(f, room)).unwrap();
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

fn press(console: &mut Console, room: &Room, key: KeyEvent) -> After {
    console.handle(Event::Key(key), room)
}

fn char_key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn every_hint_the_remote_console_shows_is_its_key_and_does_something() {
    let mut checked = 0;
    for (width, height) in [(80, 24), (120, 40)] {
        for waiting in WAITING {
            let (mut console, room, _) = remote(waiting);
            let shown = screen(&mut console, &room, width, height);
            let hints: Vec<Hint> = [true, false]
                .into_iter()
                .flat_map(|w| console.hints(&room, false, w))
                .collect();
            assert!(
                hints
                    .iter()
                    .all(|h| !about_panel(h.binding.action.unwrap())),
                "no panel keys over SSH"
            );
            for hint in &hints {
                let text = format!("{} {}", hint.keys, hint.word);
                assert!(
                    shown.contains(&text),
                    "{waiting:?}: `{text}` shown:\n{shown}"
                );
                let (mut console, room, _) = remote(waiting);
                let before = screen(&mut console, &room, width, height);
                press(&mut console, &room, hint.event());
                let after = screen(&mut console, &room, width, height);
                assert_ne!(before, after, "{waiting:?}: `{text}` does nothing");
                checked += 1;
            }
            // Waiting hints only when someone waits, and "as whom" only with a choice.
            assert_eq!(shown.contains("Enter admit"), !waiting.is_empty());
            assert_eq!(shown.contains("←→ as whom"), !waiting.is_empty());
        }
    }
    assert!(checked >= 40, "only {checked} hints pressed");
}

#[test]
fn the_remote_footer_names_the_workshop_keys_it_takes() {
    let (mut console, room, master) = remote(&[]);
    let shown = screen(&mut console, &room, 80, 24);
    let next = keymap::key_for(Context::Workshop, Action::NextStep);
    let prev = keymap::key_for(Context::Workshop, Action::PrevStep);
    assert!(shown.contains(&format!("{next} / {prev} step")), "{shown}");
    let step = master.step();
    let key = |name: &str| {
        let c = name.chars().next().unwrap();
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    };
    press(&mut console, &room, key(&next));
    assert_eq!(master.step(), step.next().unwrap());
    press(&mut console, &room, key(&prev));
    assert_eq!(master.step(), step);
    let quit = keymap::key_for(Context::Workshop, Action::Quit);
    assert!(shown.contains(&format!("{quit} leaves")));
    assert_eq!(press(&mut console, &room, key(&quit)), After::Leave);
}

#[test]
fn a_opens_and_closes_adding_items_and_the_status_line_says_so() {
    let (mut console, room, master) = remote(&[]);
    assert!(!master.items_allowed());
    assert!(!screen(&mut console, &room, 80, 24).contains("items open (A)"));
    press(&mut console, &room, char_key('A'));
    assert!(master.items_allowed());
    let shown = screen(&mut console, &room, 80, 24);
    assert!(shown.contains("items open (A)"), "{shown}");
    assert!(shown.contains("Participants may add items"), "{shown}");
    // A participant's item is taken now.
    master
        .submit(Change::Add {
            name: "Priya".into(),
            dimension: Dimension::Benefits,
            text: "Clear status".into(),
        })
        .unwrap();
    press(&mut console, &room, char_key('A'));
    assert!(!master.items_allowed());
    assert!(screen(&mut console, &room, 80, 24).contains("Adding items closed"));
    assert!(
        master
            .submit(Change::Add {
                name: "Priya".into(),
                dimension: Dimension::Benefits,
                text: "Fewer calls".into(),
            })
            .is_err()
    );
}

#[test]
fn the_remote_help_lists_the_console_keys_and_no_panel_key() {
    let (mut console, room, _) = remote(&["sam"]);
    for (width, height) in [(80, 24), (120, 40)] {
        press(&mut console, &room, char_key('?'));
        let shown = screen(&mut console, &room, width, height);
        for (keys, what) in [
            ("Enter", "admit the selected person"),
            ("← →", "choose as whom they join"),
            ("x Delete", "turn the person away"),
            ("n", "new invite code"),
            ("L", "lock/open this step"),
            ("N", "open/close the notes"),
            ("A", "open/close adding items"),
            ("]", "next step"),
            ("r", "reveal"),
        ] {
            assert!(
                shown
                    .lines()
                    .any(|l| l.contains(&format!("{keys:<10} {what}"))),
                "{keys} {what}:\n{shown}"
            );
        }
        assert!(!shown.contains("F2"), "{shown}");
        assert!(!shown.contains("server panel"), "{shown}");
        assert!(shown.contains("q or Ctrl-C leaves"), "{shown}");
        // Any key closes it, and does nothing else.
        press(&mut console, &room, char_key('x'));
        assert_eq!(room.waiting().len(), 1);
        assert!(!screen(&mut console, &room, width, height).contains("Any key closes"));
    }
}

#[test]
fn the_remote_console_says_what_reveal_and_the_timer_did_and_shows_the_clock() {
    let (mut console, room, master) = remote(&[]);
    let mut writer = crate::tui::workshop::Workshop::new(session(), "review.ron", None);
    writer.go_to_step(Step::Benefits);
    master.sync(&mut writer);
    press(&mut console, &room, char_key('t'));
    assert!(screen(&mut console, &room, 80, 24).contains("Timer running for Benefits."));
    // The writer takes the change; the clock shows on the console's status line.
    master.sync(&mut writer);
    assert!(
        screen(&mut console, &room, 80, 24).contains("⏱ "),
        "{}",
        screen(&mut console, &room, 80, 24)
    );
    press(&mut console, &room, char_key('t'));
    assert!(screen(&mut console, &room, 80, 24).contains("Timer paused."));
    rated_by_both(&master);
    press(&mut console, &room, char_key('r'));
    assert!(screen(&mut console, &room, 80, 24).contains("Revealed 1 item."));
    assert!(master.session().benefits[0].rating.revealed);
    // Every setting on, at 80 columns: the status line wraps instead of cutting one off.
    master.allow(Allowed {
        items: true,
        notes: true,
    });
    master.set_locked(true);
    let shown = screen(&mut console, &room, 80, 24);
    for part in ["step locked (L)", "notes open (N)", "items open (A)"] {
        assert!(shown.contains(part), "{part}:\n{shown}");
    }
}

#[test]
fn a_key_naming_nobody_in_the_session_is_pointed_out_to_the_facilitator() {
    let keys = Keys::parse(
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl Zed Unknown\n",
        std::path::Path::new("keys"),
    )
    .unwrap();
    let room = Room::new(
        "Review".into(),
        "SHA256:abc".into(),
        people(&session()),
        keys,
        Invite::with_code("ABCDEFGH"),
    );
    let master = Master::new(session(), Step::Benefits);
    let mut console = Console::new(Person::facilitator("Ana"), master, true);
    let shown = screen(&mut console, &room, 100, 30);
    assert!(
        shown.contains("Keys file line 1: \"Zed Unknown\" is not a participant"),
        "{shown}"
    );
}

#[test]
fn the_remote_console_shows_the_rooms_summary_and_the_steps_without_ratings() {
    let (mut console, room, master) = remote(&[]);
    master.submit(Change::Step(Step::Summary)).unwrap();
    assert!(screen(&mut console, &room, 100, 40).contains("Value index"));
    master.submit(Change::Step(Step::Agreements)).unwrap();
    assert!(!screen(&mut console, &room, 100, 40).contains("Value index"));
}

#[test]
fn r_on_a_step_without_ratings_reveals_nothing_anywhere() {
    let (mut console, room, master) = remote(&[]);
    rated_by_both(&master);
    master.submit(Change::Step(Step::Context)).unwrap();
    press(&mut console, &room, char_key('r'));
    assert!(screen(&mut console, &room, 80, 24).contains("Nothing to reveal on Context."));
    assert!(
        !master.session().benefits[0].rating.revealed,
        "r on Context revealed Benefits (it revealed every step before)"
    );
}

#[test]
fn the_remote_console_scrolls_a_summary_longer_than_the_screen() {
    let (mut console, room, master) = remote(&[]);
    master.submit(Change::Step(Step::Summary)).unwrap();
    let first = screen(&mut console, &room, 80, 24);
    assert!(first.contains("Value index"), "{first}");
    assert!(first.contains("J / K scroll"), "{first}");
    press(&mut console, &room, char_key('J'));
    press(&mut console, &room, char_key('J'));
    assert!(!screen(&mut console, &room, 80, 24).contains("Value index"));
    press(&mut console, &room, char_key('K'));
    press(&mut console, &room, char_key('K'));
    assert!(screen(&mut console, &room, 80, 24).contains("Value index"));
    // A screen where it all fits offers no scrolling.
    assert!(!screen(&mut console, &room, 120, 60).contains("scroll"));
}

/// Ben (provider) rates the benefit 4 and Priya (consumer) 2.
fn rated_by_both(master: &Master) {
    for (name, rating) in [("Ben", 4), ("Priya", 2)] {
        master
            .submit(Change::Rate {
                name: name.into(),
                dimension: Dimension::Benefits,
                index: 0,
                text: "Faster fixes".into(),
                rating: Rating::new(rating),
            })
            .unwrap();
    }
}
