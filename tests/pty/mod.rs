//! The real binary in an 80×24 pseudo-terminal, read back through a terminal emulator (vt100):
//! what the end-to-end test files share. The listing cache is off and the settings folder is the
//! test's own, so a test never reads or writes the user's.

#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Any program in a pseudo-terminal of its own, its output read into a vt100 screen by a
/// thread: what the binary's tests and the `ssh` tests both drive.
pub struct Pty {
    pub screen: Arc<Mutex<vt100::Parser>>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
}

impl Pty {
    pub fn spawn(command: CommandBuilder, cols: u16, rows: u16, scrollback: usize) -> Pty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let child = pty
            .slave
            .spawn_command(command)
            .expect("the program starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, scrollback)));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        Pty {
            screen,
            writer,
            child,
            master: pty.master,
        }
    }
}

/// The binary in a pseudo-terminal, its screen as a terminal would show it.
pub struct Tui {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Tui {
    pub fn start(data_dir: &Path, args: &[&str]) -> Tui {
        Tui::start_with(data_dir, args, &[])
    }

    /// Starts the binary with extra environment variables.
    pub fn start_with(data_dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Tui {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_covalue"));
        command.args(args);
        command.env("COVALUE_DATA_DIR", data_dir);
        // The listing cache off: a test never writes into the user's cache folder.
        command.env("COVALUE_CACHE_DIR", "");
        // The settings too: the user's own (projector mode, a theme) must not change a test.
        command.env("XDG_CONFIG_HOME", data_dir.join("config-home"));
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        for (name, value) in env {
            command.env(name, value);
        }
        let Pty {
            screen,
            writer,
            child,
            master,
        } = Pty::spawn(command, 80, 24, 0);
        Tui {
            screen,
            writer,
            child,
            _master: master,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "the screen never showed {text:?} ({}); it shows:\n{}",
            self.process_state(),
            self.contents()
        );
    }

    /// The program's state as the kernel has it (running, sleeping, stopped, gone), for a
    /// failure's message: a blank screen reads alike whether the program stopped or ended.
    pub fn process_state(&self) -> String {
        let pid = self.child.process_id().unwrap_or(0);
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| {
                let state = stat[stat.rfind(')')? + 2..].chars().next()?;
                Some(format!("process {pid} state {state}"))
            })
            .unwrap_or_else(|| format!("process {pid} gone"))
    }

    /// Waits until the header says "saved" (not "unsaved").
    pub fn wait_saved(&self) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            let contents = self.contents();
            let header = contents
                .lines()
                .next()
                .unwrap_or_default()
                .trim_end()
                .to_string();
            if header.ends_with(" saved") {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the header never said saved:\n{}", self.contents());
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Give the app a moment per key, as a person would; keys sent in one burst are fine too,
        // but the screen checks below read more clearly this way.
        std::thread::sleep(Duration::from_millis(30));
    }

    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "covalue did not exit; the screen shows:\n{}",
            self.contents()
        );
    }
}

impl Tui {
    /// How the binary ended: its exit code, or the signal that ended it.
    pub fn wait_status(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "covalue did not exit; the screen shows:\n{}",
            self.contents()
        );
    }

    /// The process id of the binary, for signals a test sends itself.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a process id")
    }

    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("a process id");
        let status = std::process::Command::new("kill")
            .args([format!("-{name}"), pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{name}");
    }

    /// Whether the program has the terminal: the alternate screen, the cursor hidden.
    pub fn has_terminal(&self) -> bool {
        let parser = self.screen.lock().unwrap();
        parser.screen().alternate_screen() && parser.screen().hide_cursor()
    }

    /// Whether the terminal is as the shell left it: the main screen, the cursor shown.
    pub fn gave_terminal_back(&self) -> bool {
        let parser = self.screen.lock().unwrap();
        !parser.screen().alternate_screen() && !parser.screen().hide_cursor()
    }

    pub fn wait_until(&self, what: &str, done: impl Fn(&Tui) -> bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if done(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("never {what}; the screen shows:\n{}", self.contents());
    }
}

impl Drop for Tui {
    /// A failed test must not leave a covalue running in a terminal nobody reads.
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
