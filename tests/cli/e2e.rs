//! End to end: the real binary in a pseudo-terminal, driven by keystrokes, read back through a
//! terminal emulator (vt100), and the files it saved.

use crate::pty;

use covalue::domain::*;
use pty::Tui;
use std::path::{Path, PathBuf};

const ENTER: &str = "\r";
const TAB: &str = "\t";
const RIGHT: &str = "\x1b[C";

fn only_session(dir: &Path) -> (PathBuf, Session) {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "ron")
                && !p.file_name().unwrap().to_string_lossy().starts_with('.')
        })
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let session = covalue::store::load(&files[0]).unwrap();
    (files[0].clone(), session)
}

#[test]
fn a_short_workshop_typed_in_a_terminal_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(
        dir.path(),
        &["new", "--title", "Pty workshop", "--service", "Payroll"],
    );
    tui.wait_for("Pty workshop");
    tui.wait_for("Setup");

    tui.send("]");
    tui.send("]");
    tui.wait_for("No benefit yet");
    tui.send("a");
    tui.wait_for("Add benefit");
    tui.send("更快的修复 — faster fixes");
    tui.send(ENTER);
    tui.wait_for("更快的修复");
    tui.send("4");
    tui.wait_for("PROVIDER rated 4");
    tui.send(TAB);
    tui.wait_for("CONSUMER");
    tui.send("2");
    tui.wait_for("CONSUMER rated 2");

    for _ in 0..5 {
        tui.send("]");
    }
    tui.wait_for("No risk yet");
    tui.send("a");
    tui.send("Vendor lock-in");
    tui.send(TAB);
    tui.send(RIGHT);
    tui.send(ENTER);
    tui.wait_for("Vendor lock-in");
    tui.send("]");
    tui.send("]");
    tui.wait_for("Discuss next");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let (_, s) = only_session(dir.path());
    assert_eq!(s.title, "Pty workshop");
    assert_eq!(s.service, "Payroll");
    assert_eq!(s.benefits.len(), 1);
    assert_eq!(s.benefits[0].text, "更快的修复 — faster fixes");
    assert_eq!(
        s.benefits[0].rating,
        Ratings::new(Rating::new(4), Rating::new(2))
    );
    assert_eq!(s.risks.len(), 1);
    assert_eq!(s.risks[0].text, "Vendor lock-in");
    assert_eq!(s.risks[0].risk().effect, RiskEffect::Introduced);
}

#[test]
fn sigterm_mid_workshop_keeps_everything_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(dir.path(), &["new", "--title", "Interrupted"]);
    tui.wait_for("Interrupted");
    tui.send("]");
    tui.send("a");
    tui.send("Our goal: close the books in three days");
    tui.send(ENTER);
    tui.wait_for("close the books");
    // Autosave runs after a second of quiet; the header then says so.
    tui.wait_for("unsaved");
    tui.wait_saved();
    let (_, autosaved) = only_session(dir.path());
    assert_eq!(autosaved.context.len(), 1, "autosave wrote the first item");

    tui.send("a");
    tui.send("Constraint: no new hires");
    tui.send(ENTER);
    tui.wait_for("no new hires");
    let pid = tui.pid();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    tui.wait_exit();

    let (_, s) = only_session(dir.path());
    let texts: Vec<&str> = s.context.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Our goal: close the books in three days",
            "Constraint: no new hires"
        ]
    );
}

#[test]
fn a_second_program_opens_a_session_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_covalue"))
        .args(["new", "--template", "service-desk", "--no-open"])
        .env("COVALUE_DATA_DIR", dir.path())
        .env("COVALUE_CACHE_DIR", "")
        .output()
        .unwrap();
    let path = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let mut first = Tui::start(dir.path(), &["open", &path]);
    first.wait_saved();
    let mut second = Tui::start(dir.path(), &["open", &path]);
    second.wait_for("read-only");
    second.send("]");
    second.send("]");
    second.send("d");
    second.wait_for("read-only: this session is open for editing in another covalue");
    second.send("q");
    second.wait_exit();
    first.send("q");
    first.wait_exit();
    assert_eq!(
        covalue::store::load(Path::new(&path))
            .unwrap()
            .benefits
            .len(),
        4
    );
}

/// The row of the list that shows `text`, without the live summary beside it.
fn row_of(tui: &Tui, text: &str) -> String {
    let contents = tui.contents();
    let line = contents
        .lines()
        .find(|l| l.starts_with(" 1 ") && l.contains(text))
        .unwrap_or_else(|| panic!("no row with {text:?}:\n{contents}"));
    line.split('│').next().unwrap_or_default().to_string()
}

#[test]
fn a_blind_round_hides_numbers_until_the_reveal() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(dir.path(), &["new", "--title", "Blind round"]);
    tui.wait_for("Blind round");
    tui.send("]");
    tui.send("]");
    tui.send("a");
    tui.send("Fewer outages");
    tui.send(ENTER);
    tui.wait_for("Fewer outages");
    tui.wait_for("BLIND");

    tui.send("5");
    tui.wait_for("PROVIDER rated 5");
    assert!(
        row_of(&tui, "Fewer outages").contains('5'),
        "the provider sees its own rating"
    );
    tui.send(TAB);
    tui.wait_for("consumer's turn");
    let row = row_of(&tui, "Fewer outages");
    assert!(
        row.contains('•') && !row.contains('5'),
        "the consumer sees that the provider rated, not the number: {row}"
    );
    tui.send("2");
    tui.wait_for("CONSUMER rated 2");
    let row = row_of(&tui, "Fewer outages");
    assert!(
        row.contains('•') && row.contains('?') && !row.contains('5'),
        "no provider number before the reveal: {row}"
    );
    tui.send(TAB);
    tui.wait_for("provider's turn");
    let row = row_of(&tui, "Fewer outages");
    assert!(
        !row.contains('2') && row.contains('5'),
        "the provider does not see the consumer's number either: {row}"
    );

    tui.send("r");
    tui.wait_for("Revealed 1 item.");
    let row = row_of(&tui, "Fewer outages");
    assert!(
        row.contains('5') && row.contains('2') && row.contains('3') && !row.contains('•'),
        "both numbers and the gap after the reveal: {row}"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let (path, s) = only_session(dir.path());
    assert_eq!(
        s.benefits[0].rating.by(Side::Provider, "provider"),
        Rating::new(5)
    );
    assert_eq!(
        s.benefits[0].rating.by(Side::Consumer, "consumer"),
        Rating::new(2)
    );
    assert!(s.benefits[0].rating.revealed);
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        // Format 2: one line per rater, the default raters named after their sides.
        text.contains("\"provider\": 5")
            && text.contains("\"consumer\": 2")
            && text.contains("revealed: true"),
        "{text}"
    );
}

#[test]
fn a_failed_save_keeps_the_edits_and_retries() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("sessions");
    std::fs::create_dir(&data).unwrap();
    let mut tui = Tui::start(&data, &["new", "--title", "Folder goes away"]);
    tui.wait_for("Folder goes away");
    let (path, _) = only_session(&data);
    // The folder disappears mid-workshop (an unplugged drive, a sync tool).
    let aside = dir.path().join("aside");
    std::fs::rename(&data, &aside).unwrap();
    tui.send("]");
    tui.send("a");
    tui.send("Written while the folder was gone");
    tui.send(ENTER);
    tui.wait_for("NOT SAVED");
    tui.wait_for("your edits are kept here");
    // The folder comes back; the next retry saves everything.
    std::fs::rename(&aside, &data).unwrap();
    tui.wait_saved();
    let saved = covalue::store::load(&path).unwrap();
    assert_eq!(saved.context[0].text, "Written while the folder was gone");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn closing_the_terminal_saves_what_was_typed_a_moment_before() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(dir.path(), &["new", "--title", "Window closed"]);
    tui.wait_for("Window closed");
    tui.send("]");
    tui.send("a");
    tui.send("Typed just before the window closed");
    tui.send(ENTER);
    tui.wait_for("Typed just before");
    // A closing terminal window sends SIGHUP, well inside the second autosave waits.
    let pid = tui.pid();
    let status = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    tui.wait_exit();
    let (_, s) = only_session(dir.path());
    assert_eq!(s.context[0].text, "Typed just before the window closed");
}

#[test]
fn a_session_open_elsewhere_is_not_moved_to_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_covalue"))
        .args(["new", "--template", "cloud-hosting", "--no-open"])
        .env("COVALUE_DATA_DIR", dir.path())
        .env("COVALUE_CACHE_DIR", "")
        .output()
        .unwrap();
    let path = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let mut editing = Tui::start(dir.path(), &["open", &path]);
    editing.wait_saved();
    let mut browser = Tui::start(dir.path(), &[]);
    browser.wait_for("Cloud hosting renewal workshop");
    browser.send("d");
    browser.wait_for("Move ");
    browser.send("y");
    browser.wait_for("open in another covalue");
    assert!(Path::new(&path).exists(), "the file stays where it is");
    browser.send("q");
    browser.wait_exit();
    editing.send("q");
    editing.wait_exit();
}

#[test]
fn sigint_and_sigquit_save_the_open_form_and_give_the_terminal_back() {
    for signal in ["INT", "QUIT"] {
        let dir = tempfile::tempdir().unwrap();
        let title = format!("Stopped by {signal}");
        let mut tui = Tui::start(dir.path(), &["new", "--title", &title]);
        tui.wait_for(&title);
        tui.wait_until("took the terminal", Tui::has_terminal);
        tui.send("]");
        tui.send("a");
        tui.send("Still typing when the signal came");
        tui.wait_for("Still typing");
        tui.signal(signal);
        assert_eq!(tui.wait_exit(), 0, "SIG{signal} ends cleanly after saving");
        tui.wait_until("gave the terminal back", |t| !t.has_terminal());
        let (_, s) = only_session(dir.path());
        let texts: Vec<&str> = s.context.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Still typing when the signal came"],
            "SIG{signal}: the open form was saved with its item"
        );
    }
}

#[test]
fn sigtstp_gives_the_terminal_back_and_sigcont_redraws_in_raw_mode() {
    let dir = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(dir.path(), &["new", "--title", "Suspended"]);
    tui.wait_for("Suspended");
    tui.signal("TSTP");
    tui.wait_until("left the alternate screen", |t| !t.has_terminal());
    // As a shell's `fg` does, continue the program once it has stopped: a SIGCONT that came
    // before covalue stopped itself was lost, and covalue then stayed stopped (about one run
    // in ten under load; the screen checks alone can pass too early).
    tui.wait_until("stopped", |t| t.process_state().ends_with("state T"));
    tui.signal("CONT");
    tui.wait_until("took the terminal again", |t| t.has_terminal());
    tui.wait_for("Suspended");
    // Raw mode: one key without Enter moves to the next step.
    tui.send("]");
    tui.wait_for("What is the consumer after");
    // Ctrl-Z typed in raw mode does the same as SIGTSTP from outside.
    tui.send("\x1a");
    tui.wait_until("left the alternate screen after Ctrl-Z", |t| {
        !t.has_terminal()
    });
    tui.wait_until("stopped after Ctrl-Z", |t| {
        t.process_state().ends_with("state T")
    });
    tui.signal("CONT");
    tui.wait_until("took the terminal again after Ctrl-Z", |t| t.has_terminal());
    tui.send("]");
    tui.wait_for("What good does the consumer expect");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// A session file of `items` benefits, big enough that reading it (in the test build) takes
/// longer than the screen is polled.
fn large_file(dir: &Path, items: usize) -> PathBuf {
    let mut session = Session::new("large01", "Opened slowly", Timestamp::from_unix(0));
    for i in 0..items {
        session.benefits.push(Benefit {
            text: format!("Benefit {i}, one of many"),
            ..Default::default()
        });
    }
    session.ensure_ids();
    let path = dir.join("large.ron");
    covalue::store::save(&path, &session).unwrap();
    path
}

#[test]
fn a_large_file_says_opening_until_the_workshop_replaces_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_file(dir.path(), 20_000);
    let tui = Tui::start(dir.path(), &["open", path.to_str().unwrap()]);
    tui.wait_for("Opening large.ron…");
    assert!(tui.has_terminal(), "{}", tui.contents());
    tui.wait_for("Opened slowly");
    tui.wait_for("Setup");
    // Once the workshop's frame has arrived whole, nothing of the opening line is left
    // between its words.
    tui.wait_until("drew over the opening line", |t| {
        let screen = t.contents();
        !screen.contains("Opening") && !screen.contains("large.ron…")
    });
    assert!(tui.contents().contains("Opened slowly"));
}

#[test]
fn sigterm_while_the_file_is_read_ends_as_before_and_gives_the_terminal_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_file(dir.path(), 40_000);
    let before = std::fs::read(&path).unwrap();
    // The gaps agenda changes the session as it opens: nothing of it may be saved, since the
    // signal came before anything was opened.
    let args = ["open", "--agenda", "gaps", path.to_str().unwrap()];
    let mut tui = Tui::start(dir.path(), &args);
    tui.wait_for("Opening large.ron…");
    tui.signal("TERM");
    let status = tui.wait_status();
    assert_eq!(status.signal(), Some("Terminated"), "{status:?}");
    tui.wait_until("gave the terminal back", |t| t.gave_terminal_back());
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing was changed");
}

#[test]
fn a_file_that_cannot_be_read_is_reported_on_the_shell_screen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "(\n    format: 2,\n    title: \"Cut short").unwrap();
    let mut tui = Tui::start(dir.path(), &["open", path.to_str().unwrap()]);
    assert_eq!(tui.wait_exit(), 1);
    tui.wait_for("broken.ron:3");
    tui.wait_until("gave the terminal back", |t| t.gave_terminal_back());
    // So is a name that rates nothing, refused after the file was read.
    let path = large_file(dir.path(), 3);
    let mut tui = Tui::start(
        dir.path(),
        &["open", "--as", "Nobody", path.to_str().unwrap()],
    );
    assert_eq!(tui.wait_exit(), 1);
    tui.wait_for("\"Nobody\" is not a participant, and this session has none");
    tui.wait_until("gave the terminal back", |t| t.gave_terminal_back());
}

#[test]
fn a_quit_that_could_only_save_to_a_rescue_file_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("sessions");
    let temp = dir.path().join("tmp");
    std::fs::create_dir(&data).unwrap();
    std::fs::create_dir(&temp).unwrap();
    let mut tui = Tui::start_with(&data, &["new", "--title", "Rescued"], &[("TMPDIR", &temp)]);
    tui.wait_for("Rescued");
    std::fs::remove_dir_all(&data).unwrap();
    tui.send("]");
    tui.send("a");
    tui.send("Only in the rescue file");
    tui.send(ENTER);
    tui.wait_for("Only in the rescue");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 1, "a rescued session is not a clean exit");
    let rescued: Vec<PathBuf> = std::fs::read_dir(&temp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    assert_eq!(rescued.len(), 1, "{rescued:?}");
    let s = covalue::store::load(&rescued[0]).unwrap();
    assert_eq!(s.context[0].text, "Only in the rescue file");
}

#[test]
fn a_whole_step_rated_by_both_sides_without_moving_lands_on_the_right_sides() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    // The worked example: it names one rater a side.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_covalue"))
        .args([
            "new",
            "--template",
            "service-desk",
            "--example",
            "--no-open",
        ])
        .env("COVALUE_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let (path, mut s) = only_session(dir.path());
    s.clear_ratings();
    covalue::store::save(&path, &s).unwrap();
    let items = s.benefits.len();
    assert!(items >= 3);

    // A fresh config folder: the default settings (moving on after a rating is on).
    let mut tui = Tui::start_with(
        dir.path(),
        &["open", path.to_str().unwrap()],
        &[("HOME", home.path()), ("XDG_CONFIG_HOME", home.path())],
    );
    tui.wait_for("Setup");
    tui.send("]");
    tui.send("]");
    // The template names one rater a side: the turn passes between them by name.
    tui.wait_for("Sam Okafor · provider rates");
    // The provider rates every item, then the consumer: no `j` anywhere.
    for i in 0..items {
        tui.send(&(5 - i % 5).to_string());
    }
    tui.wait_for("Sam Okafor is done with Benefits");
    tui.send(TAB);
    tui.wait_for("Priya Raman · consumer rates");
    for i in 0..items {
        tui.send(&(1 + i % 5).to_string());
    }
    tui.wait_for("Priya Raman is done with Benefits");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let saved = covalue::store::load(&path).unwrap();
    for (i, b) in saved.benefits.iter().enumerate() {
        let mut expected = Ratings::default();
        expected.set_by(Side::Provider, "Sam Okafor", Rating::new((5 - i % 5) as u8));
        expected.set_by(
            Side::Consumer,
            "Priya Raman",
            Rating::new((1 + i % 5) as u8),
        );
        assert_eq!(b.rating, expected, "item {}", i + 1);
    }
}
