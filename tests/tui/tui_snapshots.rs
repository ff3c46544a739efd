//! Snapshots of every screen at 80×24 and 120×40 (the dashboard also at 160×50), from a
//! built-in template.

use crate::support;

use covalue::domain::*;
use covalue::tui::action::Effect;
use covalue::tui::app::{App, Screen};
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::workshop::Workshop;
use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::*;

#[test]
fn snapshot_every_step() {
    let mut app = workshop_app(template_session());
    for step in Step::ALL {
        snapshot_sizes(&format!("step_{}", step.key()), &mut app);
        keys(&mut app, &["]"]);
    }
}

#[test]
fn snapshot_forms_and_overlays() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "]", "]", "]", "]", "]", "e"]);
    snapshot_sizes("form_risk", &mut app);
    keys(
        &mut app,
        &["<esc>", "[", "[", "[", "[", "[", "[", "[", "<enter>"],
    );
    snapshot_sizes("form_details", &mut app);
    keys(&mut app, &["<esc>", "]", "]", "?"]);
    snapshot_sizes("help_workshop", &mut app);
    keys(&mut app, &["x", "s"]);
    snapshot_sizes("benefits_without_summary", &mut app);
    let mut app = workshop_app(template_session());
    app.handle(Event::Resize(60, 20));
    snapshot("too_small_60x20", &screen(&app, 60, 20));
}

#[test]
fn snapshot_the_browser() {
    let mut app = browser_app(Vec::new());
    snapshot_sizes("browser_empty", &mut app);
    let mut app = browser_app(sample_entries());
    snapshot_sizes("browser", &mut app);
    keys(&mut app, &["n"]);
    snapshot_sizes("browser_new", &mut app);
    keys(&mut app, &["<esc>", "?"]);
    snapshot_sizes("help_browser", &mut app);
}

// ------------------------------------------------------------------ facilitation

#[test]
fn snapshot_the_dashboard() {
    let mut app = workshop_app(template_session());
    summary_step(&mut app);
    snapshot_three_sizes("dashboard_overview", &mut app);
    for page in ["risks", "quadrants", "closing"] {
        keys(&mut app, &["v"]);
        snapshot(&format!("dashboard_{page}_80x24"), &screen(&app, 80, 24));
    }
    let mut hidden = template_session();
    hidden.blind = true;
    let mut app = workshop_app(hidden);
    summary_step(&mut app);
    snapshot_three_sizes("dashboard_blind_hidden", &mut app);
    keys(&mut app, &["r"]);
    snapshot_three_sizes("dashboard_blind_revealed", &mut app);
}

#[test]
fn snapshot_the_high_contrast_theme() {
    let w0 = Workshop::new(template_session(), "x.ron", None);
    let mut app = App::new(
        Screen::Workshop(Box::new(w0)),
        Theme::new(ThemeKind::HighContrast),
        80,
        24,
    );
    summary_step(&mut app);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    app.draw(&mut terminal).unwrap();
    // The buffer's debug form lists the styles too, so colours are part of the snapshot.
    snapshot(
        "dashboard_high_contrast_80x24",
        &format!("{:?}", terminal.backend().buffer()),
    );
    let mut app = App::new(app.screen.clone(), Theme::new(ThemeKind::NoColor), 80, 24);
    keys(&mut app, &["["]);
    app.draw(&mut terminal).unwrap();
    snapshot(
        "agreements_no_color_80x24",
        &format!("{:?}", terminal.backend().buffer()),
    );
}

#[test]
fn c_cycles_the_theme_and_asks_to_remember_it() {
    let mut app = workshop_app(template_session());
    let effects = keys(&mut app, &["c"]);
    assert_eq!(app.theme.kind, ThemeKind::HighContrast);
    assert!(
        matches!(&effects[..], [Effect::SaveSettings(s)] if s.theme == Some(covalue::store::ThemeName::HighContrast))
    );
}

#[test]
fn snapshot_the_summary_help() {
    let mut app = workshop_app(template_session());
    summary_step(&mut app);
    keys(&mut app, &["?"]);
    snapshot_sizes("help_summary", &mut app);
}
