//! What `export -o` and `merge -o` may write, and which file a SESSION name means: a report
//! never replaces a session, a session open for editing is never written under its editor,
//! copies of different sessions are not merged by accident, and every command finds a name
//! in the same order. Runs the binary against temporary folders.

use covalue::domain::*;
use covalue::store::{self, LockState};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const EXE: &str = env!("CARGO_BIN_EXE_covalue");

/// What a run printed and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn covalue_in(cwd: &Path, data: &Path, args: &[&str]) -> Run {
    let out = Command::new(EXE)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .current_dir(cwd)
        .env("COVALUE_CACHE_DIR", "")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    }
}

fn covalue(data: &Path, args: &[&str]) -> Run {
    covalue_in(data, data, args)
}

fn sample(id: &str, title: &str) -> Session {
    let mut s = Session::new(id, title, Timestamp::from_unix(1_795_812_435));
    s.benefits.push(Benefit {
        text: "Fewer hours lost to outages".into(),
        ..Default::default()
    });
    s.ensure_ids();
    s
}

/// A session saved at `dir/name`.
fn saved(dir: &Path, name: &str, session: &Session) -> PathBuf {
    let path = dir.join(name);
    store::save(&path, session).unwrap();
    path
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn export_onto_a_session_file_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let session = saved(dir.path(), "q1-tst00001.ron", &sample("tst00001", "Q1"));
    let other = saved(dir.path(), "q2-tst00002.ron", &sample("tst00002", "Q2"));
    let before = fs::read(&other).unwrap();
    for target in [&session, &other] {
        let run = covalue(dir.path(), &["export", s(&session), "-o", s(target)]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "not written: {} is a session file, and the report would replace it",
                target.display()
            )),
            "{}",
            run.stderr
        );
    }
    assert!(
        store::load(&session).is_ok(),
        "the exported session is whole"
    );
    assert_eq!(fs::read(&other).unwrap(), before);
    // A report over an earlier report is still fine.
    let report = dir.path().join("report.md");
    fs::write(&report, "# an older report\n").unwrap();
    let run = covalue(dir.path(), &["export", s(&session), "-o", s(&report)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(fs::read_to_string(&report).unwrap().starts_with("# Q1"));
}

/// A report given a session's name (`.ron`) would sit in the sessions folder as a broken
/// session: refused, by `export` and `portfolio` alike, and nothing is written.
#[test]
fn a_report_is_never_written_under_a_session_files_name() {
    let dir = tempfile::tempdir().unwrap();
    let session = saved(dir.path(), "q1-tst00001.ron", &sample("tst00001", "Q1"));
    for name in ["new.ron", "NEW.RON"] {
        let target = dir.path().join(name);
        for args in [
            vec!["export", s(&session), "--format", "csv", "-o", s(&target)],
            vec!["portfolio", "--format", "csv", "-o", s(&target)],
        ] {
            let run = covalue(dir.path(), &args);
            assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
            assert!(
                run.stderr.contains(&format!(
                    "not written: {} ends in .ron, the name of a session file",
                    target.display()
                )),
                "{}",
                run.stderr
            );
            assert!(!target.exists(), "{args:?} wrote {name}");
        }
    }
}

/// A second trial's report: `-o report.html` without `--format` wrote Markdown into it. The
/// file's name now says the format unless `--format` does.
#[test]
fn an_output_file_named_for_a_format_gets_that_format() {
    let dir = tempfile::tempdir().unwrap();
    let session = saved(dir.path(), "q1-tst00001.ron", &sample("tst00001", "Q1"));
    let written = |args: &[&str], name: &str| {
        let path = dir.path().join(name);
        let mut all = args.to_vec();
        all.extend(["-o", s(&path)]);
        let run = covalue(dir.path(), &all);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        fs::read_to_string(&path).unwrap()
    };
    let export = ["export", s(&session)];
    assert!(written(&export, "r.html").starts_with("<!DOCTYPE html>"));
    assert!(written(&export, "r.JSON").trim_start().starts_with('{'));
    assert!(written(&export, "r.csv").starts_with("step,text,kind,provider,consumer,gap"));
    assert!(written(&export, "r.md").starts_with("# Q1"));
    assert!(
        written(&export, "r.txt").starts_with("# Q1"),
        "an unknown end: md"
    );
    let told = ["export", s(&session), "--format", "md"];
    assert!(
        written(&told, "told.html").starts_with("# Q1"),
        "--format wins"
    );
    let portfolio = ["portfolio"];
    assert!(written(&portfolio, "p.html").starts_with("<!DOCTYPE html>"));
    assert!(written(&portfolio, "p.json").trim_start().starts_with('{'));
    assert!(written(&portfolio, "p.csv").starts_with("service,"));
    assert!(written(&portfolio, "p.txt").starts_with("Portfolio on "));
}

/// A trial's find: `-o report.pdf` wrote Markdown into a file no PDF viewer opens, exit 0.
/// A name for a document covalue cannot write is refused with what to do, unless `--format`
/// asks for a format under that name.
#[test]
fn an_output_file_named_for_a_document_covalue_cannot_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let session = saved(dir.path(), "q1-tst00001.ron", &sample("tst00001", "Q1"));
    for (args, name) in [
        (vec!["export", s(&session)], "r.pdf"),
        (vec!["export", s(&session)], "r.DOCX"),
        (vec!["portfolio"], "p.pdf"),
    ] {
        let target = dir.path().join(name);
        let mut all = args.clone();
        all.extend(["-o", s(&target)]);
        let run = covalue(dir.path(), &all);
        assert_eq!(run.code, 1, "{all:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("covalue writes no .")
                && run.stderr.contains("--format html")
                && run.stderr.contains(name),
            "{}",
            run.stderr
        );
        assert!(!target.exists(), "{all:?} wrote {name}");
    }
    let target = dir.path().join("asked.pdf");
    let run = covalue(
        dir.path(),
        &["export", s(&session), "--format", "html", "-o", s(&target)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        fs::read_to_string(&target)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn merge_and_export_never_write_a_session_open_for_editing_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let ours = saved(dir.path(), "ours-mrg00001.ron", &sample("mrg00001", "Q1"));
    let theirs = saved(dir.path(), "theirs.ron", &sample("mrg00001", "Q1"));
    let before = fs::read(&ours).unwrap();
    let held = match store::lock(&ours).unwrap() {
        LockState::Acquired(lock) => lock,
        LockState::HeldElsewhere => panic!("nobody else has it"),
    };
    let reason = format!(
        "not written: {} this session is open for editing in another covalue",
        ours.display()
    );
    let run = covalue(dir.path(), &["merge", s(&ours), s(&theirs), "-o", s(&ours)]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(&reason), "{}", run.stderr);
    let run = covalue(dir.path(), &["export", s(&theirs), "-o", s(&ours)]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains(&reason), "{}", run.stderr);
    assert_eq!(fs::read(&ours).unwrap(), before, "untouched while held");
    drop(held);
    // Another test's child forked at that moment may hold a copy of the lock until its exec.
    for _ in 0..100 {
        if !store::held_elsewhere(&ours) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let run = covalue(dir.path(), &["merge", s(&ours), s(&theirs), "-o", s(&ours)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn copies_of_different_sessions_are_not_merged_without_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let a = saved(dir.path(), "a.ron", &sample("aaaa0001", "Q1"));
    let b = saved(dir.path(), "b.ron", &sample("bbbb0002", "Q1"));
    let a2 = saved(dir.path(), "a2.ron", &sample("aaaa0001", "Q1"));
    let out = dir.path().join("out.ron");
    let run = covalue(dir.path(), &["merge", s(&a), s(&b), "-o", s(&out)]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(&format!(
            "{} and {} are different sessions (ids \"aaaa0001\" and \"bbbb0002\")",
            a.display(),
            b.display()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--different-ids"), "{}", run.stderr);
    assert!(!out.exists(), "nothing written");

    let run = covalue(
        dir.path(),
        &["merge", "--base", s(&b), s(&a), s(&a2), "-o", s(&out)],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(&format!(
            "the base {} is another session (id \"bbbb0002\") than the copies (id \"aaaa0001\")",
            b.display()
        )),
        "{}",
        run.stderr
    );
    assert!(!out.exists());

    let run = covalue(
        dir.path(),
        &["merge", "--different-ids", s(&a), s(&b), "-o", s(&out)],
    );
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert!(
        store::load(&out).is_ok(),
        "merged on purpose: {}",
        run.stderr
    );
}

#[test]
fn merge_refuses_a_stream_and_prints_its_output_path_clean() {
    let dir = tempfile::tempdir().unwrap();
    let a = saved(dir.path(), "a.ron", &sample("aaaa0001", "Q1"));
    let b = saved(dir.path(), "b.ron", &sample("aaaa0001", "Q1"));
    let run = covalue(dir.path(), &["merge", s(&a), s(&b), "-o", "/dev/stdout"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "not written: /dev/stdout is a device; a merged session is written to a regular file"
        ) || run
            .stderr
            .contains("not written: /dev/stdout is a named pipe"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("format:"), "no session on the stream");

    let hostile = dir.path().join("out\u{1b}]0;owned\u{7}.ron");
    let run = covalue(dir.path(), &["merge", s(&a), s(&b), "-o", s(&hostile)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(hostile.is_file());
    assert!(
        run.stdout.starts_with("Merged 2 copies into "),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
    assert!(!run.stdout.contains('\u{7}'), "{:?}", run.stdout);
}

fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn a_merge_sweeps_the_temporary_files_of_killed_merges_beside_its_output() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("elsewhere");
    fs::create_dir(&out_dir).unwrap();
    let a = saved(dir.path(), "a.ron", &sample("aaaa0001", "Q1"));
    let b = saved(dir.path(), "b.ron", &sample("aaaa0001", "Q1"));
    let stale = out_dir.join(format!(".covalue-{}-k1m2n3.tmp", dead_pid()));
    fs::write(&stale, "half a merge").unwrap();
    let out = out_dir.join("merged.ron");
    let run = covalue(dir.path(), &["merge", s(&a), s(&b), "-o", s(&out)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!stale.exists(), "a killed merge leaves nothing behind");
}

#[test]
fn a_path_that_exists_as_given_wins_over_the_sessions_folder_in_every_command() {
    let cwd = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    saved(cwd.path(), "x.ron", &sample("here0001", "Here"));
    saved(data.path(), "x.ron", &sample("here0001", "There"));
    let theirs = saved(cwd.path(), "theirs.ron", &sample("here0001", "Here"));
    for args in [&["summary", "x.ron"][..], &["show", "x.ron"][..]] {
        let run = covalue_in(cwd.path(), data.path(), args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(run.stdout.contains("Here"), "{args:?}: {}", run.stdout);
        assert!(!run.stdout.contains("There"), "{args:?}: {}", run.stdout);
    }
    // merge reads and writes the same ./x.ron, and leaves the folder's alone.
    let run = covalue_in(
        cwd.path(),
        data.path(),
        &["merge", "x.ron", s(&theirs), "-o", "x.ron"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        store::load(&data.path().join("x.ron")).unwrap().title,
        "There"
    );
    // A name that is no path here is still a file name in the sessions folder.
    fs::remove_file(cwd.path().join("x.ron")).unwrap();
    let run = covalue_in(cwd.path(), data.path(), &["summary", "x.ron"]);
    assert!(run.stdout.contains("There"), "{}{}", run.stdout, run.stderr);
}

#[test]
fn a_name_that_fits_only_an_unreadable_file_says_where_it_cannot_be_read() {
    let data = tempfile::tempdir().unwrap();
    let broken = data.path().join("typo-q1.ron");
    fs::write(&broken, "(format: 2, id: \"typo0001\",\n  titel: \"Q1\")\n").unwrap();
    let run = covalue(data.path(), &["summary", "typo"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(&format!(
            "\"typo\" names a session file that cannot be read: {}:2:3:",
            broken.display()
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("no session"), "{}", run.stderr);
}

#[test]
fn a_lookup_that_fits_several_copies_lists_their_paths() {
    let data = tempfile::tempdir().unwrap();
    let priya = saved(
        data.path(),
        "q1-priya-cpy00001.ron",
        &sample("cpy00001", "Q1"),
    );
    let ola = saved(
        data.path(),
        "q1-ola-cpy00001.ron",
        &sample("cpy00001", "Q1"),
    );
    let run = covalue(data.path(), &["summary", "cpy00001"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains(&format!(
            "several files hold the session \"cpy00001\" (copies of it): {}, {}",
            ola.display(),
            priya.display()
        )),
        "{}",
        run.stderr
    );
    let run = covalue(data.path(), &["summary", "Q1"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("q1-priya-cpy00001.ron"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("q1-ola-cpy00001.ron"), "{}", run.stderr);
    let run = covalue(data.path(), &["summary", s(&ola)]);
    assert_eq!(run.code, 0, "a path tells them apart: {}", run.stderr);
}
