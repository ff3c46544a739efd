//! Measures resident memory before and after 200 item adds to a 10,000-item session, the undo
//! history's cost (docs/PERFORMANCE.md). Run: `cargo run --example undo_rss`.

use covalue::tui::app::{App, Screen};
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::workshop::Workshop;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[path = "../benches/common/mod.rs"]
mod common;

/// Resident set size in KiB, from /proc (Linux only; 0 elsewhere).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let mut app = App::new(
        Screen::Workshop(Box::new(Workshop::new(
            common::large(10_000),
            "large.ron",
            None,
        ))),
        Theme::new(ThemeKind::Default),
        80,
        24,
    );
    let key = |c: KeyCode| KeyEvent::new(c, KeyModifiers::NONE);
    // To the Benefits step.
    app.key(key(KeyCode::Char(']')));
    app.key(key(KeyCode::Char(']')));
    let before = rss_kib();
    for n in 0..200 {
        app.key(key(KeyCode::Char('a')));
        for c in format!("Added item {n}").chars() {
            app.key(key(KeyCode::Char(c)));
        }
        app.key(key(KeyCode::Enter));
    }
    let after = rss_kib();
    println!(
        "RSS before {:.1} MiB, after 200 adds {:.1} MiB, ratio {:.2}",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        after as f64 / before.max(1) as f64
    );
}
