//! Crash safety through the TUI's own path: a child process edits a session the way the
//! terminal app does (keys fed to `App::handle`, effects carried out by `Effects`, autosave
//! started as the event loop starts it, written by the background writer) and reports each
//! version the app was told is saved. This test kills it with SIGKILL at random moments;
//! after every kill the session and its backup must load, and the session must hold at least
//! the newest version the child reported saved. `tests/crash.rs` does the same for the store
//! alone.

use covalue::domain::*;
use covalue::store::{self, Settings, Store};
use covalue::tui::app::App;
use covalue::tui::effects::{Effects, Outcome};
use covalue::tui::theme::{Theme, ThemeKind};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const CHILD_ENV: &str = "COVALUE_CRASH_TUI_FILE";
const SEED_ENV: &str = "COVALUE_CRASH_TUI_SEED";
/// Each added item is called "edit N"; the version of a file is its largest N.
const PREFIX: &str = "edit ";

fn version_of(session: &Session) -> u64 {
    session
        .benefits
        .iter()
        .filter_map(|b| b.text.strip_prefix(PREFIX)?.parse().ok())
        .max()
        .unwrap_or(0)
}

fn press(app: &mut App, fx: &mut Effects, code: KeyCode, modifiers: KeyModifiers) {
    for effect in app.handle(Event::Key(KeyEvent::new(code, modifiers))) {
        fx.run(effect, app);
    }
}

fn typed(app: &mut App, fx: &mut Effects, text: &str) {
    for c in text.chars() {
        press(app, fx, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

/// Not a test of its own: the body the crash tests run in a child process.
#[test]
#[ignore = "run only as the child process of the TUI crash tests"]
fn crash_tui_child_edits_in_a_loop() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let path = Path::new(&path);
    let mut seed: u64 = std::env::var(SEED_ENV)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut random = move |below: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % below
    };
    let folder = path.parent().unwrap();
    let session = store::load(path).expect("the child can read the session");
    let mut n = version_of(&session);
    let mut fx = Effects::new(Store::new(folder).with_cache_dir(None), None);
    let workshop = fx.open_loaded(path, session, false);
    assert!(
        workshop.read_only().is_none(),
        "the child holds the edit lock: {:?}",
        workshop.read_only()
    );
    let mut app = App::for_workshop(
        workshop,
        Settings::default(),
        Theme::new(ThemeKind::Default),
        80,
        24,
    );
    let none = KeyModifiers::NONE;
    // To the Benefits step.
    press(&mut app, &mut fx, KeyCode::Char(']'), none);
    press(&mut app, &mut fx, KeyCode::Char(']'), none);
    // (revision, version) after each round, to name the version a saved revision holds.
    let mut rounds: Vec<(u64, u64)> = Vec::new();
    let mut out = std::io::stdout();
    loop {
        n += 1;
        press(&mut app, &mut fx, KeyCode::Char('a'), none);
        typed(&mut app, &mut fx, &format!("{PREFIX}{n}"));
        press(&mut app, &mut fx, KeyCode::Enter, none);
        let rating = char::from(b'1' + random(5) as u8);
        press(&mut app, &mut fx, KeyCode::Char(rating), none);
        match random(8) {
            // Undo the rating and redo it.
            0 => {
                press(&mut app, &mut fx, KeyCode::Char('u'), none);
                press(&mut app, &mut fx, KeyCode::Char('r'), KeyModifiers::CONTROL);
            }
            // Save now, as Ctrl-S does.
            1 => press(&mut app, &mut fx, KeyCode::Char('s'), KeyModifiers::CONTROL),
            // Switch whose turn it is, and back.
            2 => {
                press(&mut app, &mut fx, KeyCode::Tab, none);
                press(&mut app, &mut fx, KeyCode::Tab, none);
            }
            _ => {}
        }
        // Keep the session small: the oldest item goes (the newest, "edit n", stays).
        let count = app.workshop().map_or(0, |w| w.session().benefits.len());
        if count > 40 {
            press(&mut app, &mut fx, KeyCode::Char('g'), none);
            press(&mut app, &mut fx, KeyCode::Char('d'), none);
            press(&mut app, &mut fx, KeyCode::Char('G'), KeyModifiers::SHIFT);
        }
        rounds.push((app.revision(), n));

        // As the event loop: take a finished save's outcome, then start the next autosave
        // when there are changes and no save is running (without its quiet second, so kills
        // land in saves more often).
        while let Some(outcome) = fx.finished() {
            if let Outcome::Saved { revision, .. } = outcome {
                let saved = rounds
                    .iter()
                    .rev()
                    .find(|(r, _)| *r <= revision)
                    .map(|(_, v)| *v);
                if let Some(v) = saved {
                    // Printed only once the app was told: the file already holds it.
                    writeln!(out, "saved {v}").unwrap();
                    out.flush().unwrap();
                }
                rounds.retain(|(r, _)| *r > revision);
            }
            app.on(outcome);
        }
        if app.workshop().is_some_and(|w| w.dirty())
            && !fx.saving()
            && let Some(outcome) = fx.autosave(&mut app)
        {
            app.on(outcome);
        }
    }
}

/// Each file in `dir` with its inode and link count, to explain a failure.
fn folder_listing(dir: &Path) -> String {
    use std::os::unix::fs::MetadataExt;
    let mut lines: Vec<String> = std::fs::read_dir(dir)
        .map(|read| {
            read.filter_map(Result::ok)
                .map(|e| {
                    let m = e.metadata().ok();
                    format!(
                        "{:?} inode {:?} links {:?}",
                        e.file_name(),
                        m.as_ref().map(|m| m.ino()),
                        m.as_ref().map(|m| m.nlink())
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    lines.sort();
    lines.join("\n")
}

fn check_loads(path: &Path) -> Session {
    store::load(path).unwrap_or_else(|e| panic!("after a kill, {} must load: {e}", path.display()))
}

/// Kills the child `kills` times; returns the newest version reported saved.
fn kill_repeatedly(kills: usize) -> u64 {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path()).with_cache_dir(None);
    let mut first = Session::new("crashtui", "Crash through the TUI", store::now());
    first.service = "Crash test".into();
    let path = store.create(&first).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = u64::from(std::process::id()) ^ 0x9E37_79B9_7F4A_7C15;
    let mut reported: u64 = 0;
    // The killed children, to explain a failure.
    let mut last_pids: Vec<u32> = Vec::new();
    for round in 0..kills {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                // The test's full name in the grouped binary (tests/store/main.rs).
                "crash_tui::crash_tui_child_edits_in_a_loop",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .env(SEED_ENV, seed.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // What the child says on stderr, to show if it stops on its own.
        let mut stderr = child.stderr.take().unwrap();
        let said = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
            text
        });
        let (send, receive) = mpsc::channel::<u64>();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(v) = line.strip_prefix("saved ").and_then(|v| v.parse().ok()) {
                    let _ = send.send(v);
                }
            }
        });
        // Wait until this child has saved a new version, so every kill lands in a process
        // that is busy editing and saving (however slow the machine)…
        let Ok(progress) = receive.recv_timeout(Duration::from_secs(120)) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "round {round}: the child never reported a save; it said:\n{}\nthe folder:\n{}\nkilled before: {:?}",
                said.join().unwrap_or_default(),
                folder_listing(dir.path()),
                &last_pids[last_pids.len().saturating_sub(3)..]
            );
        };
        reported = reported.max(progress);
        // …then kill it at a random moment of its loop.
        std::thread::sleep(Duration::from_micros((seed >> 40) % 20_000));
        let pid = child.id();
        child.kill().unwrap();
        child.wait().unwrap();
        last_pids.push(pid);
        reader.join().unwrap();
        drop(said);
        reported = reported.max(receive.try_iter().max().unwrap_or(0));

        let session = check_loads(&path);
        let version = version_of(&session);
        assert!(
            version >= reported,
            "round {round}: the file holds version {version}, but {reported} was reported saved"
        );
        let backup = store::backup_path(&path);
        if backup.exists() {
            check_loads(&backup);
        }
    }
    // The killed saves' temporary files are swept by the next listing of the folder.
    store.sessions().unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    reported
}

#[test]
fn killing_the_tui_while_it_edits_never_loses_a_saved_version() {
    let reported = kill_repeatedly(25);
    eprintln!("TUI crash test: 25 kills, up to version {reported} reported saved");
}

/// The long run: `cargo test --test crash_tui -- --ignored killing_the_tui_hundreds`.
#[test]
#[ignore = "the long run: hundreds of kills"]
fn killing_the_tui_hundreds_of_times() {
    let reported = kill_repeatedly(300);
    eprintln!("TUI crash test: 300 kills, up to version {reported} reported saved");
}
