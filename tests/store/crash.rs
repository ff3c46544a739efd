//! Crash safety: a child process saves a session over and over while this test kills it at
//! random moments. After every kill the file must load as one complete version, old or new.

use covalue::domain::*;
use covalue::store;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "COVALUE_CRASH_CHILD_FILE";

fn version(n: u64) -> Session {
    let mut s = Session::new(
        "crash001",
        format!("save {n}"),
        Timestamp::from_unix(n as i64),
    );
    // Enough items that a write takes a while, and a different count each time, so a torn
    // write could not pass for a whole one.
    s.outcomes = (0..(300 + n % 97))
        .map(|i| Outcome {
            text: format!("outcome {i} of save {n}, with some words to make it longer"),
            ..Default::default()
        })
        .collect();
    // As a loaded session has them.
    s.ensure_ids();
    s
}

/// Not a test of its own: the body the crash test runs in a child process.
#[test]
#[ignore = "run only as the child process of the crash test"]
fn crash_child_saves_in_a_loop() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let path = Path::new(&path);
    let start = store::load(path).map_or(0, |s| s.updated.unix as u64 + 1);
    for n in start.. {
        store::save(path, &version(n)).expect("the child can save");
    }
}

fn check_whole(path: &Path) -> u64 {
    let s = store::load(path).unwrap_or_else(|e| panic!("after a kill the session must load: {e}"));
    let n = s.updated.unix as u64;
    assert_eq!(s, version(n), "the file is exactly one saved version");
    n
}

#[test]
fn killing_a_saving_process_never_leaves_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.ron");
    let exe = std::env::current_exe().unwrap();
    // A small linear congruential generator: varied kill times without a dependency.
    let mut seed: u64 = std::process::id() as u64 ^ 0x9E37_79B9_7F4A_7C15;
    let mut last: Option<u64> = None;
    let mut had_backup = false;
    for _ in 0..40 {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                // The test's full name in the grouped binary (tests/store/main.rs).
                "crash::crash_child_saves_in_a_loop",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the child has written a version this round, so every kill lands in a
        // process that is busy saving (however slow the machine), then kill it at a random
        // moment of its loop.
        let started = Instant::now();
        loop {
            let saved = store::load(&path).ok().map(|s| s.updated.unix as u64);
            if saved.is_some_and(|n| last.is_none_or(|l| n > l)) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the child never saved"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        std::thread::sleep(Duration::from_micros((seed >> 33) % 20_000));
        child.kill().unwrap();
        child.wait().unwrap();

        let n = check_whole(&path);
        assert!(
            last.is_none_or(|l| n > l),
            "a version older than one already seen came back"
        );
        last = Some(n);
        // Once there is a backup, no kill may leave the session without one.
        if store::backup_path(&path).exists() {
            check_whole(&store::backup_path(&path));
            had_backup = true;
        } else {
            assert!(!had_backup, "a kill left the session without its backup");
        }
    }
    // The killed children's temporary files are swept by the next listing of the folder.
    store::Store::new(dir.path())
        .with_cache_dir(None)
        .list()
        .unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    eprintln!(
        "crash test: 40 kills, {} versions saved in all",
        last.unwrap_or(0) + 1
    );
}
