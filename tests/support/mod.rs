//! What every TUI test file shares: a template session, apps on a workshop or the browser, key
//! sequences by name, screens drawn to a `TestBackend`, and snapshots.

#![allow(dead_code)]

use covalue::domain::*;
use covalue::store::Template;
use covalue::tui::action::Effect;
use covalue::tui::app::{App, Screen};
use covalue::tui::browser::{Browser, BrowserEntry, SessionRow};
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::workshop::Workshop;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub fn template_session() -> Session {
    let mut s = Template::find("service-desk")
        .unwrap()
        .instantiate("snap0001", Timestamp::from_unix(1_795_812_435));
    s.updated = Timestamp::from_unix(1_795_812_435);
    s
}

pub fn workshop_app(session: Session) -> App {
    let w = Workshop::new(session, "service-desk-value-review-snap0001.ron", None);
    App::new(
        Screen::Workshop(Box::new(w)),
        Theme::new(ThemeKind::Default),
        80,
        24,
    )
}

pub fn w(app: &App) -> &Workshop {
    match &app.screen {
        Screen::Workshop(w) => w,
        _ => panic!("not in a workshop"),
    }
}

/// Parses a key name: "<enter>", "<esc>", "<tab>", "<s-tab>", "<up>", "<c-r>", or one char.
pub fn key(name: &str) -> KeyEvent {
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    match name {
        "<enter>" => plain(KeyCode::Enter),
        "<esc>" => plain(KeyCode::Esc),
        "<tab>" => plain(KeyCode::Tab),
        "<s-tab>" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        "<up>" => plain(KeyCode::Up),
        "<down>" => plain(KeyCode::Down),
        "<left>" => plain(KeyCode::Left),
        "<right>" => plain(KeyCode::Right),
        "<del>" => plain(KeyCode::Delete),
        "<home>" => plain(KeyCode::Home),
        "<end>" => plain(KeyCode::End),
        "<a-enter>" => KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT),
        n if n.starts_with("<c-") => KeyEvent::new(
            KeyCode::Char(n.chars().nth(3).unwrap()),
            KeyModifiers::CONTROL,
        ),
        n => {
            let c = n.chars().next().unwrap();
            let modifiers = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            KeyEvent::new(KeyCode::Char(c), modifiers)
        }
    }
}

/// Feeds keys; a name in angle brackets is one key, anything else is typed character by character.
pub fn keys(app: &mut App, sequence: &[&str]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for part in sequence {
        if part.starts_with('<') || part.chars().count() == 1 {
            effects.extend(app.key(key(part)));
        } else {
            for c in part.chars() {
                effects.extend(app.key(key(&c.to_string())));
            }
        }
    }
    effects
}

pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    app.draw(&mut terminal).unwrap();
    terminal.backend().to_string()
}

pub fn browser_app(entries: Vec<BrowserEntry>) -> App {
    let mut b = Browser {
        dir_label: "/home/dana/.local/share/covalue/sessions".into(),
        ..Browser::default()
    };
    b.set_entries(entries);
    App::new(
        Screen::Browser(Box::new(b)),
        Theme::new(ThemeKind::Default),
        80,
        24,
    )
}

pub fn sample_entries() -> Vec<BrowserEntry> {
    let row = |id: &str, title: &str, service: &str, v, a| SessionRow {
        id: id.into(),
        title: title.into(),
        service: service.into(),
        mode: "workshop",
        updated: "2026-11-02 11:30".into(),
        value_index: v,
        equal_index: None,
        alignment: a,
        partial: false,
        overdue: 0,
        hidden: 0,
        example: false,
    };
    let mut entries = vec![
        BrowserEntry {
            path: "/s/a.ron".into(),
            file: "a.ron".into(),
            row: Ok(row(
                "k3x9a2f1",
                "Service desk value review",
                "Managed IT service desk",
                Some(59.7),
                Some(77.5),
            )),
        },
        BrowserEntry {
            path: "/s/b.ron".into(),
            file: "b.ron".into(),
            row: Ok(row(
                "p2m4n6q8",
                "Cloud hosting renewal",
                "Managed cloud hosting",
                Some(64.2),
                Some(78.0),
            )),
        },
        BrowserEntry {
            path: "/s/c.ron".into(),
            file: "c.ron".into(),
            row: Ok(row("z9y8x7w6", "Blank start", "", None, None)),
        },
        BrowserEntry {
            path: "/s/broken.ron".into(),
            file: "broken.ron".into(),
            row: Err(covalue::tui::browser::Unreadable::At {
                line: 5,
                column: 5,
                message: "expected a `,` between two fields or items here".into(),
            }),
        },
    ];
    for (entry, updated) in
        entries
            .iter_mut()
            .zip(["2026-11-02 11:30", "2026-10-14 15:10", "2026-09-01 10:00"])
    {
        if let Ok(row) = &mut entry.row {
            row.updated = updated.into();
        }
    }
    entries
}

pub fn snapshot_sizes(name: &str, app: &mut App) {
    snapshot_at(name, app, &[(80, 24), (120, 40)]);
}

pub fn snapshot_at(name: &str, app: &mut App, sizes: &[(u16, u16)]) {
    for &(width, height) in sizes {
        app.handle(Event::Resize(width, height));
        snapshot(
            &format!("{name}_{width}x{height}"),
            &screen(app, width, height),
        );
    }
}

/// One snapshot in `tests/snapshots`, named as when every TUI test lived in `tests/tui.rs`, so
/// the split kept every snapshot file.
pub fn snapshot(name: &str, screen: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(format!("tui__{name}"), screen));
}

pub fn blind_session() -> Session {
    let mut s = template_session();
    s.blind = true;
    s.clear_ratings();
    s
}

pub fn summary_step(app: &mut App) {
    for _ in 0..9 {
        keys(app, &["]"]);
    }
}

pub fn snapshot_three_sizes(name: &str, app: &mut App) {
    snapshot_at(name, app, &[(80, 24), (120, 40), (160, 50)]);
}
