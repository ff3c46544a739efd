//! What the SSH tests share: keys made by `ssh-keygen` in a temporary folder, the real
//! `ssh` client in a pseudo-terminal read back through vt100, bounded waits.
#![allow(dead_code)]

#[path = "../pty/mod.rs"]
mod pty;

use pty::Pty;

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const LIMIT: Duration = Duration::from_secs(20);

/// Polls `check` until it holds or the limit passes.
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < LIMIT {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("never happened: {what}");
}

pub struct Keys {
    dir: tempfile::TempDir,
}

impl Keys {
    pub fn new() -> Keys {
        Keys {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Makes a key pair named `who`; returns its private key's path.
    pub fn make(&self, who: &str) -> PathBuf {
        let path = self.dir.path().join(who);
        let status = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", who, "-f"])
            .arg(&path)
            .status()
            .expect("ssh-keygen runs");
        assert!(status.success());
        path
    }

    pub fn public(&self, who: &str) -> String {
        let text = std::fs::read_to_string(self.dir.path().join(format!("{who}.pub"))).unwrap();
        let mut parts = text.split_whitespace();
        format!("{} {}", parts.next().unwrap(), parts.next().unwrap())
    }

    /// Writes a keys file from (key owner, comment) lines.
    pub fn file(&self, lines: &[(&str, &str)]) -> PathBuf {
        let text: String = lines
            .iter()
            .map(|(who, comment)| format!("{} {comment}\n", self.public(who)))
            .collect();
        let path = self.dir.path().join("keys");
        std::fs::write(&path, format!("# test keys\n{text}")).unwrap();
        path
    }
}

pub fn ssh_args(port: u16, key: Option<&Path>, login: &str) -> Vec<String> {
    let mut args: Vec<String> = [
        "-F",
        "/dev/null",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "ConnectTimeout=10",
        "-p",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(port.to_string());
    match key {
        Some(key) => {
            args.push("-i".into());
            args.push(key.display().to_string());
        }
        None => {
            args.extend(
                [
                    "-o",
                    "PubkeyAuthentication=no",
                    "-o",
                    "PreferredAuthentications=keyboard-interactive",
                ]
                .map(String::from),
            );
        }
    }
    args.push(format!("{login}@127.0.0.1"));
    args
}

/// Arguments for `ssh` as a participant runs it: every method the client knows, a password
/// last, and its usual messages (the test default offers only the code and shows errors only).
pub fn as_people_connect(port: u16, login: &str) -> Vec<String> {
    let mut args = ssh_args(port, None, login);
    // The first value given for an option wins.
    let usual = [
        "-o",
        "PreferredAuthentications=gssapi-with-mic,hostbased,publickey,keyboard-interactive,password",
        "-o",
        "LogLevel=INFO",
    ];
    args.splice(0..0, usual.map(String::from));
    args
}

/// `ssh` in a pseudo-terminal, its screen read through vt100.
pub struct Ssh {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
}

impl Ssh {
    pub fn start(args: &[String], cols: u16, rows: u16) -> Ssh {
        let mut command = CommandBuilder::new("ssh");
        command.args(args);
        command.env_remove("SSH_AUTH_SOCK");
        Ssh::spawn(command, cols, rows)
    }

    /// Any program in a pseudo-terminal, read back the same way.
    pub fn spawn(mut command: CommandBuilder, cols: u16, rows: u16) -> Ssh {
        command.env("TERM", "xterm-256color");
        let Pty {
            screen,
            writer,
            child,
            master,
        } = Pty::spawn(command, cols, rows, 200);
        Ssh {
            screen,
            writer,
            child,
            master,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < LIMIT {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("ssh never showed {text:?}; it shows:\n{}", self.contents());
    }

    /// Waits until `test` holds for the screen's text.
    pub fn wait_until(&self, what: &str, test: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while start.elapsed() < LIMIT {
            if test(&self.contents()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("ssh never showed {what}; it shows:\n{}", self.contents());
    }

    /// Waits until the workshop screen is on the step titled `title`.
    pub fn wait_for_step(&self, title: &str) {
        self.wait_until(&format!("the step {title}"), |t| on_step(t, title));
    }

    /// Waits until `item` is the selected item.
    pub fn wait_selected(&self, item: &str) {
        self.wait_until(&format!("{item:?} selected"), |t| selected(t) == item);
    }

    /// Waits until `item`'s row shows `shown` as its provider and consumer cells.
    pub fn wait_cells(&self, item: &str, shown: [&str; 2]) {
        self.wait_until(&format!("{item:?} rated {shown:?}"), |t| {
            cells(t, item).get(..2) == Some(&shown.map(str::to_string)[..])
        });
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        self.screen
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < LIMIT {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("ssh did not exit; it shows:\n{}", self.contents());
    }
}

impl Drop for Ssh {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// `ssh` without a terminal, for the cases that must be refused; returns (exit code, stderr).
pub fn ssh_batch(args: &[String], command: Option<&str>) -> (i32, String) {
    let mut ssh = Command::new("ssh");
    ssh.args(["-o", "BatchMode=yes"]).args(args);
    if let Some(command) = command {
        ssh.arg(command);
    }
    ssh.env_remove("SSH_AUTH_SOCK")
        .stdin(std::process::Stdio::null());
    let output = ssh.output().expect("ssh runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Whether the workshop screen's stepper shows `title` as the step on screen (the current
/// step is spelled in full after its mark, the others cut short).
pub fn on_step(text: &str, title: &str) -> bool {
    let stepper = text.lines().nth(1).unwrap_or_default();
    stepper
        .split_whitespace()
        .any(|s| s.chars().skip(1).eq(title.chars()))
}

/// The selected item, as the details under the list name it (the line under the rule).
pub fn selected(text: &str) -> String {
    let mut below = text.lines().skip_while(|l| !l.starts_with('─'));
    let line = below.nth(1).unwrap_or_default();
    line.split('│')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The rating cells of `item`'s row in the list (provider, consumer, gap).
pub fn cells(text: &str, item: &str) -> Vec<String> {
    let line = text.lines().find(|l| l.contains(item)).unwrap_or_default();
    let row = line.split('│').next().unwrap_or_default();
    let after = &row[row.find(item).map_or(row.len(), |i| i + item.len())..];
    after.split_whitespace().map(str::to_string).collect()
}
