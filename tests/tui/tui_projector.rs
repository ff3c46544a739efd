//! Projector mode (issue 8.4) and direct step jumps (8.5): a key remembered as a setting, no key
//! hints, a large turn band, the value index and the step timer in large digits, a live summary
//! that widens from 120 columns.

use crate::support;

use covalue::domain::*;
use covalue::store::Settings;
use covalue::tui::action::Effect;
use covalue::tui::app::App;
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::workshop::Workshop;
use support::*;

#[test]
fn p_turns_projector_mode_on_and_asks_to_remember_it() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]"]);
    assert!(screen(&app, 120, 40).contains("? help"));
    let effects = keys(&mut app, &["p"]);
    assert!(w(&app).projector());
    assert!(
        matches!(&effects[..], [Effect::SaveSettings(s)] if s.projector == Some(true)),
        "{effects:?}"
    );
    let text = screen(&app, 120, 40);
    assert!(
        !text.contains("? help"),
        "no key hints on a projector: {text}"
    );
    // The turn band is three rows tall.
    let band_rows = text
        .lines()
        .filter(|l| l.starts_with("\"    ") || l.contains("▶ PROVIDER rates"))
        .count();
    assert!(band_rows >= 1, "{text}");
    assert!(text.contains("Value index"), "{text}");
    let effects = keys(&mut app, &["p"]);
    assert!(!w(&app).projector());
    assert!(matches!(&effects[..], [Effect::SaveSettings(s)] if s.projector == Some(false)));
}

#[test]
fn snapshot_projector_mode() {
    let settings = Settings {
        projector: Some(true),
        ..Default::default()
    };
    let workshop = Workshop::new(template_session(), "service-desk.ron", None);
    let mut app = App::for_workshop(workshop, settings, Theme::new(ThemeKind::Default), 120, 40);
    keys(&mut app, &["]", "]", "t"]);
    app.tick(std::time::Duration::from_secs(95));
    snapshot_at("projector_benefits", &mut app, &[(120, 40), (200, 50)]);
    let text = screen(&app, 200, 50);
    // Large digits: quadrant blocks, not a plain "60".
    assert!(text.contains('▀') || text.contains('▄'), "{text}");
}

#[test]
fn the_live_summary_widens_from_120_columns() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]"]);
    let bar_width = |text: &str| {
        text.lines()
            .find(|l| l.contains("│Benefits  "))
            .map(|l| l.chars().filter(|c| "█▏▎▍▌▋▊▉░".contains(*c)).count())
            .unwrap_or(0)
    };
    let narrow = bar_width(&screen(&app, 80, 24));
    app.handle(crossterm::event::Event::Resize(200, 50));
    let wide = bar_width(&screen(&app, 200, 50));
    assert!(wide > narrow * 3, "{narrow} → {wide}");
}

#[test]
fn alt_digits_go_straight_to_a_step() {
    let mut app = workshop_app(template_session());
    let alt = |c: char| {
        crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::ALT,
        )
    };
    app.key(alt('7'));
    assert_eq!(w(&app).step(), Step::Costs);
    app.key(alt('0'));
    assert_eq!(w(&app).step(), Step::Summary);
    app.key(alt('1'));
    assert_eq!(w(&app).step(), Step::Setup);
    let help = covalue::tui::keymap::help(covalue::tui::keymap::Context::Workshop);
    assert!(
        help.iter()
            .any(|(keys, what)| keys.starts_with("Alt-1 Alt-2") && what.contains("go to a step")),
        "{help:?}"
    );
}
