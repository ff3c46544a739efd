//! Times key → frame on a large session with five raters per item, key by key, and prints the
//! median and the 99th percentile per key: the figures of issue 16, without criterion, so a
//! profiler (`perf record`) can watch the same loop. `cargo run --release --example keypath
//! -- ITEMS KEYS RATERS`; `PARTS=1` times the per-change parts instead.

#[path = "../benches/common/mod.rs"]
mod common;

use covalue::tui::action::Action;
use covalue::tui::app::{App, Screen};
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::workshop::Workshop;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};

fn main() {
    if std::env::var("PARTS").is_ok() {
        return parts();
    }
    if let Ok(items) = std::env::var("FILE") {
        return file(items.parse().unwrap());
    }
    let mut args = std::env::args().skip(1);
    let items: usize = args.next().map_or(10_000, |a| a.parse().unwrap());
    let keys: usize = args.next().map_or(400, |a| a.parse().unwrap());
    let raters: usize = args.next().map_or(5, |a| a.parse().unwrap());
    let mut workshop = Workshop::new(common::with_raters(items, raters), "large.ron", None);
    workshop.update(Action::NextStep);
    workshop.update(Action::NextStep);
    let mut app = App::new(
        Screen::Workshop(Box::new(workshop)),
        Theme::new(ThemeKind::Default),
        80,
        24,
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    app.draw(&mut terminal).unwrap();
    let press = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let tab = KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE);
    let mut time = |name: &str, key: &dyn Fn(usize) -> KeyEvent| {
        let mut took: Vec<Duration> = (0..keys)
            .map(|n| {
                let start = Instant::now();
                app.key(key(n));
                app.draw(&mut terminal).unwrap();
                start.elapsed()
            })
            .collect();
        took.sort();
        let at = |q: f64| took[((took.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e3;
        println!(
            "{name:5} {items} items, {raters} raters: p50 {:.3} ms, p99 {:.3} ms",
            at(0.5),
            at(0.99)
        );
    };
    time("move", &|n| press(if n % 2 == 0 { 'j' } else { 'k' }));
    time("rate", &|n| press(char::from(b'1' + (n % 5) as u8)));
    time("tab", &|_| tab);
}

/// With `PARTS=1`: what one change costs at 10,000 items and 5 raters, part by part.
fn parts() {
    let s = common::with_raters(10_000, 5);
    let t = |name: &str, f: &dyn Fn()| {
        let start = Instant::now();
        for _ in 0..20 {
            f();
        }
        println!(
            "{name}: {:.3} ms",
            start.elapsed().as_secs_f64() * 1e3 / 20.0
        );
    };
    t("raters", &|| {
        std::hint::black_box(s.raters());
    });
    t("turns", &|| {
        std::hint::black_box(s.turns());
    });
    t("summarize_for_room", &|| {
        std::hint::black_box(covalue::domain::summarize_for_room(&s));
    });
    t("clone", &|| {
        std::hint::black_box(s.clone());
    });
}

/// With `FILE=ITEMS`: the file of so many items rated by five people: its bytes per item, and
/// the time to write it and to read it back (store::save, store::load).
fn file(items: usize) {
    let dir = std::env::temp_dir().join(format!("keypath-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("large.ron");
    let session = common::with_raters(items, 5);
    let start = Instant::now();
    covalue::store::save(&path, &session).unwrap();
    let saved = start.elapsed();
    let bytes = std::fs::metadata(&path).unwrap().len();
    let start = Instant::now();
    let loaded = covalue::store::load(&path).unwrap();
    let read = start.elapsed();
    assert_eq!(loaded.benefits.len(), session.benefits.len());
    println!(
        "{items} items, 5 raters: {bytes} bytes ({} per item), save {:.0} ms, load {:.0} ms",
        bytes / items as u64,
        saved.as_secs_f64() * 1e3,
        read.as_secs_f64() * 1e3
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
