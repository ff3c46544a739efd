//! A pre-work window over SSH (`covalue serve SESSION --open-until DATETIME`), end to end with
//! the real `ssh` client: two participants rating different steps at once without seeing each
//! other's numbers, a rating refused after the close, the reveal at the close, and the file.
//! The window closes a minute ahead by a clock the test moves, so nobody waits a minute.

use crate::serve_support;

use covalue::domain::{Benefit, Participant, Rating, Role, Session, Side, Timestamp, Usefulness};
use covalue::serve::workshop::{Serving, Window};
use covalue::store::Store;
use serve_support::*;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

/// A blind workshop with a facilitator, a provider, a consumer, three benefits and one
/// usefulness item.
fn session_file(data: &Path) -> (PathBuf, Session) {
    let mut session = Session::new(
        covalue::store::new_id(),
        "Desk pre-work",
        covalue::store::now(),
    );
    session.blind = true;
    for (name, role) in [
        ("Ana Lima", Role::Facilitator),
        ("Ben Okafor", Role::Provider),
        ("Priya Raman", Role::Consumer),
    ] {
        session.participants.push(Participant {
            name: name.into(),
            role,
            group: None,
        });
    }
    for text in [
        "Faster incident fixes",
        "Fewer repeat calls",
        "Clear status",
    ] {
        session.benefits.push(Benefit {
            text: text.into(),
            ..Benefit::default()
        });
    }
    session.usefulness.push(Usefulness {
        text: "Works from home".into(),
        ..Usefulness::default()
    });
    let path = Store::new(data).create(&session).unwrap();
    (path.clone(), covalue::store::load(&path).unwrap())
}

/// What the server prints, readable while it runs.
#[derive(Clone, Default)]
struct Printed(Arc<Mutex<Vec<u8>>>);

impl Write for Printed {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Printed {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    fn wait_for(&self, what: &str) {
        eventually(&format!("the server prints {what:?}"), || {
            self.text().contains(what)
        });
    }
}

#[test]
fn a_prework_window_keeps_each_persons_numbers_hidden_refuses_after_the_close_and_reveals() {
    let data = tempfile::tempdir().unwrap();
    let (file, session) = session_file(data.path());
    let keys = Keys::new();
    let (ben, priya) = (keys.make("ben"), keys.make("priya"));
    let keys_file = keys.file(&[("ben", "Ben Okafor"), ("priya", "Priya Raman")]);

    // The server in this process, with a clock that stands still until the test moves it (a
    // slow machine never closes the window early); nobody facilitates.
    let start = covalue::store::now().unix;
    let skew = Arc::new(AtomicI64::new(0));
    let read = Arc::clone(&skew);
    let clock: covalue::serve::workshop::Clock =
        Arc::new(move || Timestamp::from_unix(start + read.load(Ordering::Relaxed)));
    let until = Timestamp::from_unix(start + 60);
    let mut options = covalue::serve::Options::new(
        data.path().to_path_buf(),
        session.title.clone(),
        covalue::serve::workshop::people(&session),
    );
    options.listen = "127.0.0.1:0".parse().unwrap();
    options.keys_file = Some(keys_file);
    let serving = Serving {
        options,
        headless: true,
        allowed: Default::default(),
        window: Some(Window {
            until,
            reveal: true,
        }),
    };
    let printed = Printed::default();
    let stop = Arc::new(AtomicBool::new(false));
    let server = {
        let (mut out, stop, file) = (printed.clone(), Arc::clone(&stop), file.clone());
        let store = Store::new(data.path());
        std::thread::spawn(move || {
            covalue::serve::workshop::serve_headless_until(
                store, &file, session, serving, &mut out, &stop, clock,
            )
            .map_err(|e| e.to_string())
        })
    };
    printed.wait_for("invite code");
    let port: u16 = printed
        .text()
        .split(" on 127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .expect("the server says its port");

    let mut ben_screen = Ssh::start(&ssh_args(port, Some(&ben), "ben"), 100, 24);
    let mut priya_screen = Ssh::start(&ssh_args(port, Some(&priya), "priya"), 100, 24);
    ben_screen.wait_for("Ben Okafor · provider");
    priya_screen.wait_for("Priya Raman · consumer");
    priya_screen.wait_for("open until");

    // At the same time: Ben rates Usefulness, Priya the first benefit.
    ben_screen.send("]");
    ben_screen.wait_for_step("Usefulness");
    ben_screen.send("5");
    priya_screen.send("2");
    ben_screen.wait_cells("Works from home", ["5", "·"]);
    priya_screen.wait_cells("Faster incident fixes", ["·", "2"]);
    // Ben comes back to Benefits and rates the same item: neither sees the other's number.
    ben_screen.send("[");
    ben_screen.wait_for_step("Benefits");
    ben_screen.send("4");
    ben_screen.wait_cells("Faster incident fixes", ["4", "•"]);
    priya_screen.wait_cells("Faster incident fixes", ["•", "2"]);
    // The server's console counts each person's progress.
    printed.wait_for("Ben Okafor 2/4");
    printed.wait_for("Priya Raman 1/4");

    // The close: said with the reveal; a rating after it is refused with the time.
    skew.store(61, Ordering::Relaxed);
    printed.wait_for("The pre-work window closed at");
    assert!(printed.text().contains("revealed at the close"));
    priya_screen.send("3");
    priya_screen.wait_for("no more ratings are taken");
    assert!(
        priya_screen.contents().contains(&format!(
            "closed at {}",
            covalue::serve::workshop::shown(until)
        )),
        "{}",
        priya_screen.contents()
    );
    priya_screen.wait_cells("Faster incident fixes", ["4", "2"]);
    ben_screen.wait_cells("Faster incident fixes", ["4", "2"]);

    stop.store(true, Ordering::Relaxed);
    assert_eq!(server.join().unwrap(), Ok(()));
    assert_eq!(ben_screen.wait_exit(), 0);
    assert_eq!(priya_screen.wait_exit(), 0);

    let saved = covalue::store::load(&file).expect("the saved file loads");
    let first = &saved.benefits[0].rating;
    assert_eq!(first.by(Side::Provider, "Ben Okafor"), Rating::new(4));
    assert_eq!(first.by(Side::Consumer, "Priya Raman"), Rating::new(2));
    assert_eq!(first.count(), 2, "no rating under anyone else");
    assert!(first.revealed, "revealed at the close");
    assert!(
        saved.benefits[1].rating.is_empty(),
        "the late 3 is not kept"
    );
    let useful = &saved.usefulness[0].rating;
    assert_eq!(useful.by(Side::Provider, "Ben Okafor"), Rating::new(5));
    assert_eq!(useful.count(), 1);
    assert_eq!(saved.served.open_until, Some(until), "kept for a restart");
}

/// Runs `covalue serve` with `args` after the session and returns (exit code, stderr).
fn serve_fails(data: &Path, file: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_covalue"))
        .arg("--data-dir")
        .arg(data)
        .arg("serve")
        .arg(file)
        .args(args)
        .env("COVALUE_CACHE_DIR", data.join("cache"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn open_until_is_read_as_typed_a_bad_one_is_one_sentence_and_the_window_outlives_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let (file, _) = session_file(data.path());
    let keys = Keys::new();
    keys.make("ben");
    let keys_file = keys.file(&[("ben", "Ben Okafor")]);
    let keys_arg = keys_file.to_str().unwrap();

    let (code, err) = serve_fails(data.path(), &file, &["--open-until", "friday"]);
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("covalue: --open-until \"friday\" is not a time"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let (code, err) = serve_fails(data.path(), &file, &["--open-until", "2020-01-01 09:00"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("has passed"), "{err}");
    let (code, _) = serve_fails(data.path(), &file, &["--reveal-at-close"]);
    assert_eq!(code, Some(2), "--reveal-at-close needs a window");
    let (code, err) = serve_fails(data.path(), &file, &["--headless", "--open-until", "+2h"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("nobody could join"), "{err}");

    // A window two hours ahead, then the server stops and starts again without the flag.
    let start = |more: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_covalue"))
            .arg("--data-dir")
            .arg(data.path())
            .arg("serve")
            .arg(&file)
            .args(["--headless", "--listen", "127.0.0.1:0", "--keys", keys_arg])
            .args(more)
            .env("COVALUE_CACHE_DIR", data.path().join("cache"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut said = Vec::new();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        while !said.iter().any(|l: &String| l.starts_with("Ctrl-C")) {
            said.push(lines.next().expect("the server says it runs").unwrap());
        }
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        assert!(child.wait().unwrap().success());
        said.join("\n")
    };
    let said = start(&["--open-until", "+2h", "--reveal-at-close"]);
    assert!(said.contains("Pre-work open until"), "{said}");
    assert!(said.contains("revealed at the close"), "{said}");
    let kept = covalue::store::load(&file).unwrap().served;
    assert!(
        kept.open_until.is_some() && kept.reveal_at_close,
        "{kept:?}"
    );
    let said = start(&[]);
    assert!(said.contains("Pre-work still open until"), "{said}");

    // A window that closed while nobody served it: revealed as it was to be, then let go.
    let mut s = covalue::store::load(&file).unwrap();
    s.served.open_until = Some(Timestamp::from_unix(covalue::store::now().unix - 60));
    for (side, name, rating) in [
        (Side::Provider, "Ben Okafor", 4),
        (Side::Consumer, "Priya Raman", 2),
    ] {
        s.rate_as(
            covalue::domain::Dimension::Benefits,
            0,
            side,
            name,
            Rating::new(rating),
        );
    }
    covalue::store::save(&file, &s).unwrap();
    let said = start(&[]);
    assert!(said.contains("Pre-work closed at"), "{said}");
    assert!(said.contains("now served live"), "{said}");
    let s = covalue::store::load(&file).unwrap();
    assert!(s.benefits[0].rating.revealed);
    assert_eq!(s.served.open_until, None);
}
