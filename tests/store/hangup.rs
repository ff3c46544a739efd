//! The terminal itself goes away (a window closed, `tmux kill-session`, a dropped connection):
//! every end of the pseudo-terminal is closed, so the program's terminal reads end-of-file
//! and polls as hung up. It must save what was typed and end, not spin on the dead terminal
//! holding its lock (it did: crossterm reads end-of-file over and over, crossterm issue 793).

use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::fd::OwnedFd;
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(15);

/// A pseudo-terminal of 80×24: its controlling side, and its terminal side opened three
/// times for the program's standard streams.
fn pty() -> (OwnedFd, [std::fs::File; 3]) {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    rustix::termios::tcsetwinsize(
        &master,
        rustix::termios::Winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )
    .unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let path = std::path::PathBuf::from(name.to_str().unwrap());
    let open = || {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .unwrap()
    };
    (master, [open(), open(), open()])
}

/// Reads what the program drew for up to `wait`, into the screen.
fn pump(master: &OwnedFd, screen: &mut vt100::Parser, wait: Duration) {
    let start = Instant::now();
    let mut buf = [0u8; 8192];
    while start.elapsed() < wait {
        let mut fds = [PollFd::new(master, PollFlags::IN)];
        let timeout = Timespec {
            tv_sec: 0,
            tv_nsec: 20_000_000,
        };
        if poll(&mut fds, Some(&timeout)).unwrap_or(0) > 0 {
            match rustix::io::read(master, &mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => screen.process(&buf[..n]),
            }
        }
    }
}

fn wait_for(master: &OwnedFd, screen: &mut vt100::Parser, text: &str) {
    let start = Instant::now();
    while !screen.screen().contents().contains(text) {
        assert!(
            start.elapsed() < LIMIT,
            "never showed {text:?}:\n{}",
            screen.screen().contents()
        );
        pump(master, screen, Duration::from_millis(50));
    }
}

#[test]
fn a_terminal_that_disappears_saves_what_was_typed_and_ends_the_program() {
    let dir = tempfile::tempdir().unwrap();
    let (master, [stdin, stdout, stderr]) = pty();
    let mut child = Command::new(env!("CARGO_BIN_EXE_covalue"))
        .args(["new", "--title", "Window gone"])
        .env("COVALUE_DATA_DIR", dir.path())
        .env("COVALUE_CACHE_DIR", "")
        .env("XDG_CONFIG_HOME", dir.path().join("config-home"))
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .stdin(Stdio::from(stdin))
        .stdout(Stdio::from(stdout))
        .stderr(Stdio::from(stderr))
        .spawn()
        .unwrap();
    let mut screen = vt100::Parser::new(24, 80, 0);
    wait_for(&master, &mut screen, "Window gone");
    for keys in ["]", "a", "Typed as the window closed", "\r"] {
        rustix::io::write(&master, keys.as_bytes()).unwrap();
        pump(&master, &mut screen, Duration::from_millis(80));
    }
    wait_for(&master, &mut screen, "Typed as the window closed");
    // The window closes: the only descriptor of the controlling side goes.
    drop(master);

    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("covalue kept running after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let session = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ron"))
        .expect("the session file");
    let saved = covalue::store::load(&session).unwrap();
    assert_eq!(saved.context[0].text, "Typed as the window closed");
}
