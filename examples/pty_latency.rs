//! Key → frame of a covalue binary in a real 80×24 pseudo-terminal, as a person at a keyboard
//! meets it (issue 16): start → first frame, memory at the first frame, key → last byte of the
//! frame per kind of key, CPU while idle, and the session file's bytes per item.
//!
//! `cargo run --release --example pty_latency -- --items 10000 --raters 5 --keys 200 --bin PATH`
//! (also `--quiet-ms MS`, default 30; `--idle-secs S`, default 10; `--show` prints the screen
//! before the keys and before quitting; `--open-only` stops at the first frame; `--slow-ms MS`
//! prints each key slower than MS, with the page faults and preemptions it met; `--seen` makes
//! the session one that does not rate blind, so every rating shows at once).
//!
//! The session is `benches/common`'s `large` with R participants (2 providers, then consumers)
//! who all rated every item, opened with `open FILE` and a temporary `--data-dir`. It is written
//! with this build's library, so a binary given with `--bin` must read that format. On the
//! Benefits step, each kind of key (move, rate, `Tab`, typing into the add form) is sent one key
//! at a time and timed from its write to the last byte of the output it causes: output is read
//! until it has been quiet for `--quiet-ms`, and that wait is not counted. p50 and p99 are
//! nearest-rank percentiles of the keys of one kind. Idle CPU is utime + stime from
//! `/proc/PID/stat` over `--idle-secs` untouched, after autosave has written the changes.

#[path = "../benches/common/mod.rs"]
mod common;

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

const COLS: u16 = 80;
const ROWS: u16 = 24;
/// How long a key may take to show anything before it counts as having drawn nothing.
const FIRST_BYTE_LIMIT: Duration = Duration::from_secs(10);
/// How long the binary may take to open the session and draw it.
const OPEN_LIMIT: Duration = Duration::from_secs(180);
/// How long quitting (which saves) may take before the binary is killed.
const QUIT_LIMIT: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(
        "{0}; usage: pty_latency [--items N] [--raters R] [--keys K] [--bin PATH] [--quiet-ms MS] [--idle-secs S] [--show] [--seen]"
    )]
    Usage(Usage),
    #[error("{}: no such program; build it first (cargo build --release) or give --bin PATH", .0.display())]
    NoBinary(PathBuf),
    #[error("cannot {what}: {source}")]
    Io {
        what: &'static str,
        source: std::io::Error,
    },
    #[error("cannot {what}: {message}")]
    Pty { what: &'static str, message: String },
    #[error("the screen never {what} within {} s; it shows:\n{screen}", .limit.as_secs())]
    Never {
        what: &'static str,
        limit: Duration,
        screen: String,
    },
}

#[derive(Debug, thiserror::Error)]
enum Usage {
    #[error("{flag} needs a whole number, not {value:?}")]
    NotANumber { flag: String, value: String },
    #[error("{0} needs a value")]
    NoValue(String),
    #[error("unknown argument {0:?}")]
    Unknown(String),
    #[error("--items, --raters and --keys must be at least 1")]
    Zero,
}

fn io(what: &'static str) -> impl FnOnce(std::io::Error) -> Failure {
    move |source| Failure::Io { what, source }
}

/// portable-pty's errors are `anyhow::Error`s; only their text is kept.
fn pty<E: std::fmt::Display>(what: &'static str) -> impl FnOnce(E) -> Failure {
    move |e| Failure::Pty {
        what,
        message: e.to_string(),
    }
}

struct Options {
    items: usize,
    raters: usize,
    keys: usize,
    bin: PathBuf,
    quiet: Duration,
    idle: Duration,
    /// Print the screen before the keys and before quitting, to see what was measured.
    show: bool,
    /// Stop after the first frame (`--open-only`): to time start-up against another program,
    /// such as `examples/hello_frame.rs`, a ratatui hello world that shows the same title.
    open_only: bool,
    /// The session does not rate blind (`--seen`): each rating changes what the room sees.
    seen: bool,
    /// Print each key slower than this (`--slow-ms MS`), with when it came and what the
    /// process met during it: page faults, and the main thread's preemptions.
    slow: Option<Duration>,
}

fn options(mut args: impl Iterator<Item = String>) -> Result<Options, Usage> {
    let mut o = Options {
        items: 10_000,
        raters: 5,
        keys: 200,
        bin: PathBuf::from("target/release/covalue"),
        quiet: Duration::from_millis(30),
        idle: Duration::from_secs(10),
        show: false,
        open_only: false,
        seen: false,
        slow: None,
    };
    while let Some(flag) = args.next() {
        if flag == "--show" || flag == "--open-only" || flag == "--seen" {
            o.show |= flag == "--show";
            o.open_only |= flag == "--open-only";
            o.seen |= flag == "--seen";
            continue;
        }
        let value = args.next().ok_or_else(|| Usage::NoValue(flag.clone()))?;
        let number = || {
            value.parse::<u64>().map_err(|_| Usage::NotANumber {
                flag: flag.clone(),
                value: value.clone(),
            })
        };
        match flag.as_str() {
            "--items" => o.items = number()? as usize,
            "--raters" => o.raters = number()? as usize,
            "--keys" => o.keys = number()? as usize,
            "--quiet-ms" => o.quiet = Duration::from_millis(number()?),
            "--idle-secs" => o.idle = Duration::from_secs(number()?),
            "--bin" => o.bin = PathBuf::from(&value),
            "--slow-ms" => o.slow = Some(Duration::from_millis(number()?)),
            _ => return Err(Usage::Unknown(flag)),
        }
    }
    if o.items == 0 || o.raters == 0 || o.keys == 0 {
        return Err(Usage::Zero);
    }
    Ok(o)
}

/// The binary in a pseudo-terminal: its output arrives on `chunks`, stamped when it was read,
/// and is kept in a terminal emulator so the screen can be checked.
struct Terminal {
    chunks: Receiver<(Instant, usize, Vec<u8>)>,
    screen: vt100::Parser,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    pid: u32,
    /// The output has ended (the program exited and closed the terminal).
    closed: bool,
    /// When the latest output arrived.
    last: Option<Instant>,
}

impl Terminal {
    fn start(command: CommandBuilder) -> Result<(Terminal, Instant), Failure> {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .map_err(pty("open a pseudo-terminal"))?;
        let mut reader = pair
            .master
            .try_clone_reader()
            .map_err(pty("read the pseudo-terminal"))?;
        let writer = pair
            .master
            .take_writer()
            .map_err(pty("write to the pseudo-terminal"))?;
        let (sender, chunks) = channel();
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 64 * 1024];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || sender.send((Instant::now(), n, buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        let started = Instant::now();
        let child = pair
            .slave
            .spawn_command(command)
            .map_err(pty("start the binary"))?;
        drop(pair.slave);
        let pid = child.process_id().unwrap_or(0);
        let terminal = Terminal {
            chunks,
            screen: vt100::Parser::new(ROWS, COLS, 0),
            writer,
            child,
            _master: pair.master,
            pid,
            closed: false,
            last: None,
        };
        Ok((terminal, started))
    }

    /// Waits up to `limit` for the next piece of output; its time of arrival and size.
    fn next(&mut self, limit: Duration) -> Option<(Instant, usize)> {
        if self.closed {
            return None;
        }
        match self.chunks.recv_timeout(limit) {
            Ok((at, n, bytes)) => {
                self.screen.process(&bytes);
                self.last = Some(at);
                Some((at, n))
            }
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => {
                self.closed = true;
                None
            }
        }
    }

    /// Reads until the output has been quiet for `quiet`; when the last byte arrived, if any did.
    fn settle(&mut self, quiet: Duration) -> Option<Instant> {
        let mut last = None;
        while let Some((at, _)) = self.next(quiet) {
            last = Some(at);
        }
        last
    }

    /// Reads whatever comes for `span` (a binary that redraws while idle is never quiet);
    /// how many reads and bytes that was.
    fn drain(&mut self, span: Duration) -> (usize, usize) {
        let start = Instant::now();
        let (mut reads, mut bytes) = (0, 0);
        while let Some(left) = span.checked_sub(start.elapsed()) {
            if let Some((_, n)) = self.next(left) {
                reads += 1;
                bytes += n;
            }
        }
        (reads, bytes)
    }

    /// Reads until the screen shows what `done` looks for (it may already).
    fn until(
        &mut self,
        what: &'static str,
        limit: Duration,
        done: impl Fn(&str) -> bool,
    ) -> Result<(), Failure> {
        let start = Instant::now();
        while start.elapsed() < limit && !self.closed {
            if done(&self.contents()) {
                return Ok(());
            }
            self.next(Duration::from_millis(50));
        }
        Err(Failure::Never {
            what,
            limit,
            screen: self.contents(),
        })
    }

    fn send(&mut self, bytes: &[u8]) -> Result<Instant, Failure> {
        let at = Instant::now();
        self.writer
            .write_all(bytes)
            .and_then(|()| self.writer.flush())
            .map_err(io("write a key"))?;
        Ok(at)
    }

    /// One key: from its write to the last byte of the output it causes, or `None` when it
    /// caused none. The output before it is let settle first, so none of it is counted.
    fn time_key(&mut self, bytes: &[u8], quiet: Duration) -> Result<Option<Duration>, Failure> {
        self.settle(quiet);
        let sent = self.send(bytes)?;
        let Some((first, _)) = self.next(FIRST_BYTE_LIMIT) else {
            return Ok(None);
        };
        let last = self.settle(quiet).unwrap_or(first);
        Ok(Some(last - sent))
    }

    fn contents(&self) -> String {
        self.screen.screen().contents()
    }

    fn header(&self) -> String {
        let contents = self.contents();
        contents
            .lines()
            .next()
            .unwrap_or_default()
            .trim_end()
            .into()
    }
}

impl Drop for Terminal {
    /// A run that fails halfway must not leave the binary running in a terminal nobody reads.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
        }
    }
}

/// A line of `/proc/PID/status`, such as `VmRSS`, in KiB.
fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status
        .lines()
        .find(|l| l.starts_with(&format!("{field}:")))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// utime + stime of a process, in clock ticks (`/proc/PID/stat`, fields 14 and 15).
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name, in parentheses, may hold spaces: count the fields after it.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// What a process met, counted by the kernel: its page faults (`/proc/PID/stat`, fields 10
/// and 12) and its main thread's involuntary context switches (`/proc/PID/status`).
struct Counters {
    minor: u64,
    major: u64,
    preempted: u64,
}

impl Counters {
    fn of(pid: u32) -> Option<Counters> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let rest = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        Some(Counters {
            minor: fields.get(7)?.parse().ok()?,
            major: fields.get(9)?.parse().ok()?,
            preempted: status_kib(pid, "nonvoluntary_ctxt_switches")?,
        })
    }
}

fn ticks_per_second() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100)
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("?".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

/// The nearest-rank percentile `q` (0 < q ≤ 1) of sorted durations, in milliseconds.
fn percentile(sorted: &[Duration], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e3
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pty_latency: {e}");
            ExitCode::from(if matches!(e, Failure::Usage(_)) { 2 } else { 1 })
        }
    }
}

fn run() -> Result<(), Failure> {
    let o = options(std::env::args().skip(1)).map_err(Failure::Usage)?;
    if !o.bin.is_file() {
        return Err(Failure::NoBinary(o.bin));
    }
    let bin = std::fs::canonicalize(&o.bin).map_err(io("find the binary"))?;
    let folder = tempfile::tempdir().map_err(io("make a temporary folder"))?;
    let file = folder.path().join("large.ron");
    let mut session = common::with_raters(o.items, o.raters);
    session.blind = !o.seen;
    let text = covalue::store::to_ron(&session);
    std::fs::write(&file, &text).map_err(io("write the session file"))?;
    let providers = o.raters.min(2);
    println!(
        "{}: {} items, {} raters (providers {providers}, consumers {}), {} keys a kind, {COLS}x{ROWS}, quiet {}",
        bin.display(),
        o.items,
        o.raters,
        o.raters - providers,
        o.keys,
        ms(o.quiet),
    );
    println!(
        "file written: {} bytes, {:.0} bytes/item",
        text.len(),
        text.len() as f64 / o.items as f64
    );
    let (mut t, started) = Terminal::start(command(&bin, folder.path(), &file))?;
    if !open(&mut t, started, &o)? {
        return Ok(());
    }
    if o.open_only {
        let _ = t.child.kill();
        return Ok(());
    }
    go_to_benefits(&mut t, &o)?;
    show(&mut t, &o, "before the keys");
    time_keys(&mut t, &o)?;
    idle(&mut t, &o)?;
    show(&mut t, &o, "before quitting");
    quit(&mut t, &file, &o)
}

fn command(bin: &Path, folder: &Path, file: &Path) -> CommandBuilder {
    let mut command = CommandBuilder::new(bin);
    command.arg("--data-dir");
    command.arg(folder.join("data"));
    command.arg("open");
    command.arg(file);
    command.cwd(folder);
    // Nothing of the user's: no listing cache, no settings (a theme, projector mode).
    command.env("COVALUE_CACHE_DIR", "");
    command.env("XDG_CONFIG_HOME", folder.join("config-home"));
    command.env("TERM", "xterm-256color");
    command.env_remove("NO_COLOR");
    command
}

/// Waits for the first frame (the session's title on screen, then quiet) and prints the time
/// and memory, and the time of the "Opening…" frame before it when there is one; false, after
/// saying why, when the binary ended without showing the session.
fn open(t: &mut Terminal, started: Instant, o: &Options) -> Result<bool, Failure> {
    // `covalue open` first says "Opening FILE…" while it reads the file: the first frame of
    // all, timed apart from the workshop's (a hello world shows its title at once).
    if t.until("showed anything", OPEN_LIMIT, |s| {
        s.contains("Opening large.ron") || s.contains("A large session")
    })
    .is_ok()
        && t.contents().contains("Opening large.ron")
    {
        let said = t.last.unwrap_or_else(Instant::now);
        println!("start → opening frame: {}", ms(said - started));
    }
    match t.until("showed the session", OPEN_LIMIT, |s| {
        s.contains("A large session")
    }) {
        Ok(_) => {}
        Err(Failure::Never { screen, .. }) if t.closed => {
            let said: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
            let code = t.child.wait().map_or(0, |status| status.exit_code());
            println!(
                "did not open (exit code {code} after {}): {}",
                ms(started.elapsed()),
                said.join(" / ")
            );
            return Ok(false);
        }
        Err(e) => return Err(e),
    }
    t.settle(o.quiet);
    let shown = t.last.unwrap_or_else(Instant::now);
    println!("start → first frame: {}", ms(shown - started));
    println!(
        "memory at first frame: VmRSS {}, VmHWM {}",
        mib(status_kib(t.pid, "VmRSS")),
        mib(status_kib(t.pid, "VmHWM"))
    );
    Ok(true)
}

fn show(t: &mut Terminal, o: &Options, when: &str) {
    if o.show {
        t.settle(o.quiet);
        println!("the screen {when}:\n{}", t.contents());
    }
}

fn go_to_benefits(t: &mut Terminal, o: &Options) -> Result<(), Failure> {
    t.send(b"]")?;
    t.settle(o.quiet);
    t.send(b"]")?;
    let step_bar = |s: &str| s.lines().nth(1).is_some_and(|l| l.contains("Benefits"));
    t.until("reached the Benefits step", OPEN_LIMIT, step_bar)?;
    Ok(())
}

/// The key to send as the n-th of its kind.
type NthKey = fn(usize) -> u8;

/// Times `o.keys` keys of each kind and prints their p50 and p99.
fn time_keys(t: &mut Terminal, o: &Options) -> Result<(), Failure> {
    let kinds: [(&str, NthKey); 3] = [
        ("move (j/k)", |n| if n % 2 == 0 { b'j' } else { b'k' }),
        ("rate (1..5)", |n| b'1' + (n % 5) as u8),
        ("Tab (turn)", |_| b'\t'),
    ];
    for (name, key) in kinds {
        let keys: Vec<u8> = (0..o.keys).map(key).collect();
        report(name, &time_each(t, &keys, o)?);
    }
    let_save(t)?;
    t.send(b"a")?;
    t.until("opened the add form", FIRST_BYTE_LIMIT, |s| {
        s.contains("Add ")
    })?;
    let letters: Vec<u8> = (0..o.keys).map(|n| b'a' + (n % 26) as u8).collect();
    report("typing (form)", &time_each(t, &letters, o)?);
    // Esc asks whether to throw the typed words away; `y` does.
    t.send(b"\x1b")?;
    t.until("asked to discard the form", FIRST_BYTE_LIMIT, |s| {
        s.contains("Throw away")
    })?;
    t.send(b"y")?;
    t.until("closed the form", FIRST_BYTE_LIMIT, |s| !s.contains("Add "))?;
    Ok(())
}

struct Timed {
    took: Vec<Duration>,
    silent: usize,
}

/// Times each key (one byte each) in turn.
fn time_each(t: &mut Terminal, keys: &[u8], o: &Options) -> Result<Timed, Failure> {
    let mut timed = Timed {
        took: Vec::with_capacity(keys.len()),
        silent: 0,
    };
    let start = Instant::now();
    for (n, key) in keys.iter().enumerate() {
        let before = o.slow.and_then(|_| Counters::of(t.pid));
        match t.time_key(&[*key], o.quiet)? {
            Some(took) => {
                if let (Some(slow), Some(before)) = (o.slow, before)
                    && took > slow
                    && let Some(after) = Counters::of(t.pid)
                {
                    eprintln!(
                        "slow key {:?} #{n} at {:.1} s: {}; page faults {} minor, {} major; main thread preempted {} times",
                        *key as char,
                        start.elapsed().as_secs_f64(),
                        ms(took),
                        after.minor - before.minor,
                        after.major - before.major,
                        after.preempted - before.preempted,
                    );
                }
                timed.took.push(took)
            }
            None => timed.silent += 1,
        }
        // Keys that draw nothing would each wait out the limit: a few are enough to tell.
        if timed.silent >= 3 {
            break;
        }
    }
    timed.took.sort();
    Ok(timed)
}

fn report(name: &str, timed: &Timed) {
    let silent = match timed.silent {
        0 => String::new(),
        n => format!(
            " ({n} keys drew nothing within {} s)",
            FIRST_BYTE_LIMIT.as_secs()
        ),
    };
    if timed.took.is_empty() {
        println!("{name:14} no key drew a frame{silent}");
        return;
    }
    println!(
        "{name:14} {} keys: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms{silent}",
        timed.took.len(),
        percentile(&timed.took, 0.5),
        percentile(&timed.took, 0.99),
        percentile(&timed.took, 1.0),
    );
}

/// Lets the changes save, then leaves the app alone for `o.idle` and prints the CPU it used.
/// Waits for autosave to write the changes (the header ends with "saved"), so a save's work
/// falls into no timed key and no idle second; says so when it never does.
fn let_save(t: &mut Terminal) -> Result<(), Failure> {
    let saved = |s: &str| {
        s.lines()
            .next()
            .is_some_and(|l| l.trim_end().ends_with(" saved"))
    };
    match t.until("said saved", QUIT_LIMIT, saved) {
        Err(Failure::Never { screen, .. }) => {
            let header = screen.lines().next().unwrap_or_default().trim_end();
            println!("the header never said saved: {header:?}");
        }
        other => {
            other?;
        }
    }
    t.drain(Duration::from_secs(1));
    Ok(())
}

fn idle(t: &mut Terminal, o: &Options) -> Result<(), Failure> {
    let_save(t)?;
    t.drain(Duration::from_secs(2));
    let before = cpu_ticks(t.pid);
    let start = Instant::now();
    let (reads, bytes) = t.drain(o.idle);
    let seconds = start.elapsed().as_secs_f64();
    match (before, cpu_ticks(t.pid)) {
        (Some(before), Some(after)) => println!(
            "idle {seconds:.1} s: {:.4} CPU-s/s ({} ticks of 1/{} s), output {bytes} bytes in {reads} reads",
            (after - before) as f64 / ticks_per_second() as f64 / seconds,
            after - before,
            ticks_per_second(),
        ),
        _ => println!("idle: /proc/{}/stat could not be read", t.pid),
    }
    println!("peak memory: VmHWM {}", mib(status_kib(t.pid, "VmHWM")));
    Ok(())
}

/// Quits with `q` (answering `y` if it asks), kills the binary if it does not end, and prints
/// the file's size as the binary saved it.
fn quit(t: &mut Terminal, file: &Path, o: &Options) -> Result<(), Failure> {
    let header = t.header();
    let asked = Instant::now();
    t.send(b"q")?;
    let mut answered = false;
    let status = loop {
        t.next(Duration::from_millis(50));
        if let Ok(Some(status)) = t.child.try_wait() {
            break Some(status);
        }
        if !answered && t.contents().contains("Confirm") {
            answered = true;
            t.send(b"y")?;
        }
        if asked.elapsed() > QUIT_LIMIT {
            let _ = t.child.kill();
            println!(
                "quit: killed after {} s; the screen showed:\n{}",
                QUIT_LIMIT.as_secs(),
                t.contents()
            );
            break None;
        }
    };
    if let Some(status) = status {
        println!(
            "quit: exit code {} after {} (header before: {header:?})",
            status.exit_code(),
            ms(asked.elapsed())
        );
    }
    let size = std::fs::metadata(file)
        .map_err(io("read the saved file"))?
        .len();
    println!(
        "file as saved: {size} bytes, {:.0} bytes/item",
        size as f64 / o.items as f64
    );
    Ok(())
}
