//! Key press → state update → full frame, on large sessions; and start-up to the first frame.

mod common;

use common::large;
use covalue::domain::Session;
use covalue::store::{self, Settings, Store};
use covalue::tui::app::{App, Screen};
use covalue::tui::effects::Effects;
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::workshop::Workshop;
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn press(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// `common::with_raters`, checked to be what the figures claim: exactly these raters, each
/// with every item rated.
fn with_raters(items: usize, raters: usize) -> Session {
    let session = common::with_raters(items, raters);
    let counted = session.raters();
    assert_eq!(counted.len(), raters);
    assert!(counted.iter().all(|r| r.rated == items));
    session
}

/// The bench's label for a session rated by `raters` people (0: the two default raters).
fn who(raters: usize) -> String {
    match raters {
        0 => String::new(),
        1 => ", 1 rater".to_string(),
        n => format!(", {n} raters"),
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("key to frame");
    // The two default raters (as before), and 1, 5 and 20 participants who all rated every
    // item: the same run, so they can be compared as ratios.
    for items in [100, 1_000, 10_000] {
        for raters in [0, 1, 5, 20] {
            let session = match raters {
                0 => large(items),
                n => with_raters(items, n),
            };
            for (width, height) in [(80u16, 24u16), (120, 40)] {
                let copy = session.clone();
                key_to_frame(&mut group, copy, &who(raters), items, (width, height));
            }
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
            app.draw(&mut terminal).unwrap();
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
            app.draw(&mut terminal).unwrap();
        })
    });
}

/// "rate" and "move" on the Benefits step of `session`, one key and a full frame per iteration.
fn key_to_frame(
    group: &mut BenchmarkGroup<'_, WallTime>,
    session: Session,
    who: &str,
    items: usize,
    (width, height): (u16, u16),
) {
    let mut workshop = Workshop::new(session, "large.ron", None);
    // To the Benefits step, as the keys would.
    workshop.update(covalue::tui::action::Action::NextStep);
    workshop.update(covalue::tui::action::Action::NextStep);
    let mut app = App::new(
        Screen::Workshop(Box::new(workshop)),
        Theme::new(ThemeKind::Default),
        width,
        height,
    );
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    // A rating is the heaviest common key: it records undo, changes the session and
    // recomputes the whole summary.
    let id = BenchmarkId::new(format!("rate {width}x{height}{who}"), items);
    let mut n = 0u32;
    group.bench_function(id, |b| {
        b.iter(|| {
            n += 1;
            let key = press(char::from(b'1' + (n % 5) as u8));
            black_box(app.key(key));
            app.draw(&mut terminal).unwrap();
        })
    });
    let id = BenchmarkId::new(format!("move {width}x{height}{who}"), items);
    group.bench_function(id, |b| {
        b.iter(|| {
            n += 1;
            black_box(app.key(press(if n.is_multiple_of(2) { 'j' } else { 'k' })));
            app.draw(&mut terminal).unwrap();
        })
    });
}

/// A rating (and its frame) that lands while the session is being saved by the background
/// thread, against the same key with no save running (the control), on sessions rated by five
/// people; and what taking the save's copy costs on the UI thread.
///
/// Both arms do the same work in each round: a rating, the timed rating and its frame, a save
/// of the session and the wait for it. Only the save's place differs: under the timed key, or
/// after it. The UI thread is idle while it waits in both, as it is between a person's keys; a
/// CPU that has been idle runs the next key slower, so a control that never waits (`keys back
/// to back`, the control until 2026-12-07) measured that wake-up as if it were the save's cost.
fn key_during_save(c: &mut Criterion) {
    #[derive(Clone, Copy, PartialEq)]
    enum Arm {
        SaveUnder,
        SaveAfter,
        BackToBack,
    }
    let mut group = c.benchmark_group("key during a save");
    for items in [10_000, 40_000, 100_000] {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let session = with_raters(items, 5);
        let path = store.create(&session).unwrap();
        let mut effects = Effects::new(store.clone(), None);
        let workshop = effects.open_loaded(&path, session, false);
        let mut app = App::for_workshop(
            workshop,
            Settings::default(),
            Theme::new(ThemeKind::Default),
            80,
            24,
        );
        app.key(press(']'));
        app.key(press(']'));
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut n = 0u32;
        for arm in [Arm::SaveAfter, Arm::SaveUnder, Arm::BackToBack] {
            let label = match arm {
                Arm::SaveUnder => "key while a save is written",
                Arm::SaveAfter => "key with no save (control: the save after it)",
                Arm::BackToBack => "key with no save, keys back to back (old control)",
            };
            let save = |effects: &mut Effects, app: &mut App| {
                // The copy is taken after a second of quiet, not on a key press.
                assert!(effects.autosave(app).is_none());
            };
            group.bench_function(BenchmarkId::new(label, items), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        n += 1;
                        app.key(press(char::from(b'1' + (n % 5) as u8)));
                        if arm == Arm::SaveUnder {
                            save(&mut effects, &mut app);
                        }
                        // A rating, the key that changes the session the save is copying.
                        let start = Instant::now();
                        black_box(app.key(press(char::from(b'1' + ((n + 2) % 5) as u8))));
                        app.draw(&mut terminal).unwrap();
                        total += start.elapsed();
                        if arm == Arm::SaveAfter {
                            save(&mut effects, &mut app);
                        }
                        if arm != Arm::BackToBack {
                            let outcome = effects.wait().expect("the save finished");
                            app.on(outcome);
                        }
                    }
                    total
                })
            });
        }
        group.bench_function(BenchmarkId::new("copy taken for a save", items), |b| {
            b.iter(|| black_box(app.workshop().unwrap().session().clone()))
        });
    }
    group.finish();
}

/// `covalue open` on a 10,000-item session: from the file to the first frame, reading it once
/// (now) and twice (before: the command line checked it, then the TUI read it again).
fn open_to_first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("open to first frame, 10000 items");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("open.ron");
    store::save(&path, &large(10_000)).unwrap();
    for (label, reads) in [("parsed once", 1), ("parsed twice (before)", 2)] {
        group.bench_function(label, |b| {
            b.iter(|| {
                let mut session = store::load(&path).unwrap();
                for _ in 1..reads {
                    session = store::load(&path).unwrap();
                }
                let app = App::new(
                    Screen::Workshop(Box::new(Workshop::new(session, "open.ron", None))),
                    Theme::new(ThemeKind::Default),
                    80,
                    24,
                );
                let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
                app.draw(&mut terminal).unwrap();
            })
        });
    }
    group.finish();
}

/// j/k on the full four-view dashboard of a 100,000-item session at 200×50.
fn dashboard_move(c: &mut Criterion) {
    let mut app = App::new(
        Screen::Workshop(Box::new(Workshop::new(large(100_000), "big.ron", None))),
        Theme::new(ThemeKind::Default),
        200,
        50,
    );
    for _ in 0..9 {
        app.key(press(']'));
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let mut n = 0u32;
    c.bench_function("dashboard j/k, 100000 items, 200x50", |b| {
        b.iter(|| {
            n += 1;
            black_box(app.key(press(if n.is_multiple_of(2) { 'j' } else { 'k' })));
            app.draw(&mut terminal).unwrap();
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    targets = bench, key_during_save, open_to_first_frame, dashboard_move
}
criterion_main!(benches);
