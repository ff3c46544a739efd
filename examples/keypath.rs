//! Times key → frame on a large session with five raters per item, key by key, and prints the
//! median and the 99th percentile per key: the figures of issue 16, without criterion, so a
//! profiler (`perf record`) can watch the same loop. `cargo run --release --example keypath
//! -- ITEMS KEYS RATERS`; `PARTS=1` times the per-change parts instead; `ALONE=NAME` rates
//! alone as that participant; `SEEN=1` rates in the open (not blind).

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
    if let Ok(kind) = std::env::var("BESIDE") {
        return beside(&kind);
    }
    if let Ok(items) = std::env::var("FILE") {
        return file(items.parse().unwrap());
    }
    let mut args = std::env::args().skip(1);
    let items: usize = args.next().map_or(10_000, |a| a.parse().unwrap());
    let keys: usize = args.next().map_or(400, |a| a.parse().unwrap());
    let raters: usize = args.next().map_or(5, |a| a.parse().unwrap());
    let (mut app, mut terminal) = opened(items, raters);
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
    if std::env::var("ONLY_RATE").is_ok() {
        return time("rate", &|n| press(char::from(b'1' + (n % 5) as u8)));
    }
    time("move", &|n| press(if n % 2 == 0 { 'j' } else { 'k' }));
    time("rate", &|n| press(char::from(b'1' + (n % 5) as u8)));
    time("tab", &|_| tab);
    // A rating while a save's copy of the session is held (the copy taken before the key and
    // dropped after it, neither timed): what copy-on-write adds to the key, without a thread.
    let mut took: Vec<Duration> = (0..keys)
        .map(|n| {
            let copy = app.workshop().unwrap().session().clone();
            let start = Instant::now();
            app.key(press(char::from(b'1' + (n % 5) as u8)));
            app.draw(&mut terminal).unwrap();
            let took = start.elapsed();
            drop(copy);
            took
        })
        .collect();
    took.sort();
    let at = |q: f64| took[((took.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e3;
    println!(
        "rate, a save's copy held, {items} items, {raters} raters: p50 {:.3} ms, p99 {:.3} ms",
        at(0.5),
        at(0.99)
    );
}

/// A session of `items` items, each rated by `raters` people, open on its Benefits step in an
/// 80×24 app, its first frame drawn.
fn opened(items: usize, raters: usize) -> (App, Terminal<TestBackend>) {
    let mut session = common::with_raters(items, raters);
    // `SEEN=1`: a session that does not rate blind, so the room sees every rating at once.
    session.blind = std::env::var("SEEN").is_err();
    let mut workshop = Workshop::new(session, "large.ron", None);
    // `ALONE=NAME` rates alone as that participant (`covalue open --as NAME`), whose every
    // change is checked against the rules of rating alone.
    if let Ok(name) = std::env::var("ALONE") {
        workshop.rate_alone(&name).unwrap();
    }
    // `STEP=N` opens the Nth step instead (0 Setup, 2 Benefits, 5 Outcomes, 8 Agreements).
    let step: usize = std::env::var("STEP").map_or(2, |s| s.parse().unwrap());
    for _ in 0..step {
        workshop.update(Action::NextStep);
    }
    let app = App::new(
        Screen::Workshop(Box::new(workshop)),
        Theme::new(ThemeKind::Default),
        80,
        24,
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    app.draw(&mut terminal).unwrap();
    (app, terminal)
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

/// With `BESIDE=KIND`: ratings at 10,000 items while another thread works beside them:
/// `none`, `ron` (writing a copy of the session as a save does, over and over), `alloc`
/// (as many allocations of its own, touching no session) or `spin` (no memory at all). Which
/// of them slows a key tells whether a save costs the key through the data it shares.
fn beside(kind: &str) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let (mut app, mut terminal) = opened(10_000, 5);
    let stop = Arc::new(AtomicBool::new(false));
    let copy = app.workshop().unwrap().session().clone();
    let worker = {
        let stop = Arc::clone(&stop);
        let kind = kind.to_string();
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                match kind.as_str() {
                    "ron" => n += covalue::store::to_ron(&copy).len() as u64,
                    "save" => {
                        let path = std::env::temp_dir().join("keypath-beside.ron");
                        covalue::store::save(&path, &copy).unwrap();
                        n += 1;
                    }
                    "alloc" => {
                        let words: Vec<String> = (0..50_000).map(|i| format!("word {i}")).collect();
                        n += words.len() as u64;
                    }
                    "spin" => n = n.wrapping_mul(31).wrapping_add(7),
                    _ => std::thread::sleep(Duration::from_millis(1)),
                }
            }
            n
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    if let Some(job) = kind.strip_prefix("fresh-") {
        return fresh(app, terminal, job);
    }
    let mut took: Vec<Duration> = (0..2000)
        .map(|n| {
            let start = Instant::now();
            app.key(KeyEvent::new(
                KeyCode::Char(char::from(b'1' + (n % 5) as u8)),
                KeyModifiers::NONE,
            ));
            app.draw(&mut terminal).unwrap();
            start.elapsed()
        })
        .collect();
    stop.store(true, Ordering::Relaxed);
    std::hint::black_box(worker.join().unwrap());
    took.sort();
    let at = |q: f64| took[((took.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e3;
    println!(
        "rate beside {kind}: p50 {:.3} ms, p99 {:.3} ms",
        at(0.5),
        at(0.99)
    );
}

/// `BESIDE=fresh-JOB`: as the bench's save stall does it, a copy of the session taken before
/// each timed rating and handed to a worker thread that does JOB with it (`save`, `ron`,
/// `sleep`: nothing for 5 ms, `hold`: no worker, the copy only kept until after the key).
///
/// What the stall was: the UI thread waiting for the worker between keys, so each timed key
/// ran on a CPU that had idled; `IDLE_MS=N` gives `hold` the same idle spell with no worker.
/// Ways tried earlier to keep the worker off the key's back (none could help): `gated-walk-…`
/// makes the walking worker wait, item by item, while the key is handled (spinning, or
/// sleeping 50 µs at a time with `GATE_SLEEP=1`); `WORKER_NICE=19` lowers the worker's
/// priority; `MAIN_CPU=0 WORKER_CPU=1` pins the two threads to different CPUs (`taskset`).
fn fresh(mut app: App, mut terminal: Terminal<TestBackend>, job: &str) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let label = job;
    let key_running = Arc::new(AtomicBool::new(false));
    let gated = job.starts_with("gated-");
    let job = job.strip_prefix("gated-").unwrap_or(job);
    let sleep_at_gate = std::env::var_os("GATE_SLEEP").is_some();
    let wait_for_key = {
        let key_running = Arc::clone(&key_running);
        move || {
            while key_running.load(Ordering::Acquire) {
                if sleep_at_gate {
                    std::thread::sleep(Duration::from_micros(50))
                } else {
                    std::hint::spin_loop()
                }
            }
        }
    };
    let (send, jobs) = std::sync::mpsc::channel::<covalue::domain::Session>();
    let (finished, done) = std::sync::mpsc::channel::<usize>();
    let kind = job.to_string();
    let worker = std::thread::spawn(move || {
        if let Ok(nice) = std::env::var("WORKER_NICE") {
            // On Linux the nice value of `setpriority(PRIO_PROCESS, 0)` is the calling thread's.
            rustix::process::setpriority_process(None, nice.parse().unwrap()).unwrap();
        }
        pin("WORKER_CPU");
        let path = std::env::temp_dir().join("keypath-fresh.ron");
        let mut kept = String::with_capacity(16 << 20);
        kept.push_str(&"x".repeat(16 << 20));
        for copy in jobs {
            let n = match kind.as_str() {
                "save" => {
                    covalue::store::save(&path, &copy).unwrap();
                    1
                }
                "ron" => covalue::store::to_ron(&copy).len(),
                "raw" => ron::ser::to_string(&copy).unwrap().len(),
                // One step's list read as a writer reads it (ids, words, every rating).
                "walk-benefits" | "walk-risks" => {
                    let step = if kind == "walk-risks" {
                        covalue::domain::Step::Risks
                    } else {
                        covalue::domain::Step::Benefits
                    };
                    let mut out = String::new();
                    for _ in 0..6 {
                        out.clear();
                        for item in copy.items(step).into_iter().flatten() {
                            wait_for_key();
                            out.push_str(&item.id);
                            out.push_str(&item.text);
                            let rating = &item.rating;
                            for (name, r) in rating.provider.iter().chain(rating.consumer.iter()) {
                                out.push_str(name);
                                out.push_str(&r.to_string());
                            }
                        }
                    }
                    out.len()
                }
                "kept" => {
                    kept.clear();
                    ron::ser::to_writer(&mut kept, &copy).unwrap();
                    kept.len()
                }
                "ids" => {
                    let mut copy = copy.clone();
                    copy.ensure_ids();
                    copy.link_records();
                    copy.relabel();
                    copy.benefits.len()
                }
                _ => {
                    std::thread::sleep(Duration::from_millis(5));
                    0
                }
            };
            drop(copy);
            finished.send(n).unwrap();
        }
    });
    pin("MAIN_CPU");
    // `IDLE_MS=N`: the UI thread waits N ms before each timed key, as it does between a
    // person's keys (the control in a tight loop never idles).
    let idle = std::env::var("IDLE_MS")
        .ok()
        .map(|ms| Duration::from_millis(ms.parse().unwrap()));
    let press = |n: usize| {
        KeyEvent::new(
            KeyCode::Char(char::from(b'1' + (n % 5) as u8)),
            KeyModifiers::NONE,
        )
    };
    let mut took: Vec<Duration> = (0..400)
        .map(|n| {
            app.key(press(n));
            let copy = app.workshop().unwrap().session().clone();
            let held = if job == "hold" {
                Some(copy)
            } else {
                send.send(copy).unwrap();
                None
            };
            if let Some(idle) = idle {
                std::thread::sleep(idle);
            }
            key_running.store(gated, Ordering::Release);
            let start = Instant::now();
            app.key(press(n + 2));
            app.draw(&mut terminal).unwrap();
            let took = start.elapsed();
            key_running.store(false, Ordering::Release);
            drop(held);
            if job != "hold" {
                done.recv().unwrap();
            }
            took
        })
        .collect();
    drop(send);
    worker.join().unwrap();
    took.sort();
    let at = |q: f64| took[((took.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e3;
    println!(
        "rate, fresh copy, {label}: p50 {:.3} ms, p99 {:.3} ms",
        at(0.5),
        at(0.99)
    );
}

/// Pins the calling thread to the CPU named in the environment variable `var`, if set.
fn pin(var: &str) {
    if let Ok(cpu) = std::env::var(var) {
        let me = std::fs::read_link("/proc/thread-self").unwrap();
        let tid = me.file_name().unwrap().to_string_lossy().into_owned();
        let ok = std::process::Command::new("taskset")
            .args(["-p", "-c", &cpu, &tid])
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(ok, "taskset failed");
    }
}
