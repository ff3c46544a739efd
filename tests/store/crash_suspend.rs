//! The terminal a stopped covalue leaves behind: after Ctrl-Z the shell gets the cursor back,
//! as after a quit or a crash. Runs the binary in a pseudo-terminal.

use crate::pty;

use portable_pty::CommandBuilder;
use pty::Pty;
use std::io::Write;
use std::time::{Duration, Instant};

/// Waits until the screen's (alternate screen, cursor hidden) modes pass `done`.
fn wait_modes(pty: &Pty, what: &str, done: impl Fn(bool, bool) -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(15) {
        {
            let parser = pty.screen.lock().unwrap();
            let screen = parser.screen();
            if done(screen.alternate_screen(), screen.hide_cursor()) {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("never {what}");
}

#[test]
fn the_cursor_is_shown_while_suspended() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_covalue"));
    command.args(["new", "--title", "Suspended"]);
    command.env("COVALUE_DATA_DIR", dir.path());
    command.env("COVALUE_CACHE_DIR", "");
    command.env("XDG_CONFIG_HOME", dir.path().join("config-home"));
    command.env("TERM", "xterm-256color");
    let mut pty = Pty::spawn(command, 80, 24, 0);
    wait_modes(&pty, "took the terminal", |alt, hidden| alt && hidden);
    pty.writer.write_all(b"\x1a").unwrap();
    pty.writer.flush().unwrap();
    wait_modes(&pty, "left the alternate screen", |alt, _| !alt);
    // Give a late "hide" a moment to arrive before judging.
    std::thread::sleep(Duration::from_millis(200));
    let hidden = pty.screen.lock().unwrap().screen().hide_cursor();
    let pid = pty.child.process_id().unwrap();
    std::process::Command::new("kill")
        .args(["-CONT", &pid.to_string()])
        .status()
        .unwrap();
    wait_modes(&pty, "took the terminal again", |alt, hidden| alt && hidden);
    pty.writer.write_all(b"q").unwrap();
    pty.writer.flush().unwrap();
    let _ = pty.child.wait();
    assert!(!hidden, "the shell after Ctrl-Z got a hidden cursor");
}
