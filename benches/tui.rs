//! Key press → state update → full frame, on large sessions; and start-up to the first frame.

mod common;

use common::large;
use covalue::domain::*;
use covalue::tui::app::{App, Screen};
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::view;
use covalue::tui::workshop::Workshop;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;

fn press(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("key to frame");
    for items in [100, 1_000, 10_000] {
        for (width, height) in [(80u16, 24u16), (120, 40)] {
            let mut workshop = Workshop::new(large(items), "large.ron", None);
            workshop.step = Step::Benefits;
            let mut app = App::new(
                Screen::Workshop(Box::new(workshop)),
                Theme::new(ThemeKind::Default),
                width,
                height,
            );
            let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
            // A rating is the heaviest common key: it records undo, changes the session and
            // recomputes the whole summary.
            let id = BenchmarkId::new(format!("rate {width}x{height}"), items);
            let mut n = 0u32;
            group.bench_function(id, |b| {
                b.iter(|| {
                    n += 1;
                    let key = press(char::from(b'1' + (n % 5) as u8));
                    black_box(app.key(key));
                    terminal.draw(|f| view::draw(f, &app)).unwrap();
                })
            });
            let id = BenchmarkId::new(format!("move {width}x{height}"), items);
            group.bench_function(id, |b| {
                b.iter(|| {
                    n += 1;
                    black_box(app.key(press(if n.is_multiple_of(2) { 'j' } else { 'k' })));
                    terminal.draw(|f| view::draw(f, &app)).unwrap();
                })
            });
        }
    }
    group.finish();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("startup.ron");
    covalue::store::save(&path, &large(1_000)).unwrap();
    c.bench_function("start-up to first frame, 1000 items", |b| {
        b.iter(|| {
            let session = covalue::store::load(&path).unwrap();
            let app = App::new(
                Screen::Workshop(Box::new(Workshop::new(session, "startup.ron", None))),
                Theme::new(ThemeKind::Default),
                80,
                24,
            );
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            terminal.draw(|f| view::draw(f, &app)).unwrap();
        })
    });
    let store = covalue::store::Store::new(dir.path());
    c.bench_function("start-up to first frame, browser", |b| {
        b.iter(|| {
            let browser = covalue::tui::effects::browser(&store);
            let app = App::new(
                Screen::Browser(Box::new(browser)),
                Theme::new(ThemeKind::Default),
                80,
                24,
            );
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            terminal.draw(|f| view::draw(f, &app)).unwrap();
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
