//! The store against the file system's corners: the backup that must never vanish, the size
//! cap shared by writer and reader, links, FIFOs and devices, files shared between users,
//! report files, rescue files, temporary files of killed processes, and the cached listing.

use covalue::domain::*;
use covalue::store::{self, Access, LinkKind, OpenError, ReadOnly, Store, StoreError};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

fn sample(id: &str, title: &str) -> Session {
    let mut s = Session::new(id, title, Timestamp::from_unix(1_795_812_435));
    s.service = "Managed service desk".into();
    s.benefits.push(Benefit {
        text: "Fewer hours lost to outages".into(),
        rating: Ratings::new(Rating::new(4), Rating::new(2)),
        ..Default::default()
    });
    // As a loaded session has them.
    s.ensure_ids();
    s
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// Sets a file's modification time an hour back, as if it had been written long ago.
fn age(path: &Path) {
    let past = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(past)
        .unwrap();
}

#[test]
fn the_backup_never_vanishes_while_saving() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("watched.ron");
    let mut s = sample("back0001", "Watched");
    store::save(&path, &s).unwrap();
    store::save(&path, &s).unwrap();
    let backup = store::backup_path(&path);
    assert!(backup.exists());

    // A watcher looks for the backup as fast as it can while the saves run.
    let done = Arc::new(AtomicBool::new(false));
    let missing = Arc::new(AtomicUsize::new(0));
    let watcher = {
        let (done, missing, backup) = (done.clone(), missing.clone(), backup.clone());
        std::thread::spawn(move || {
            let mut looks = 0u64;
            while !done.load(Ordering::Relaxed) {
                if fs::symlink_metadata(&backup).is_err() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
                looks += 1;
            }
            looks
        })
    };
    for n in 0..300 {
        s.title = format!("Watched {n}");
        store::save(&path, &s).unwrap();
    }
    done.store(true, Ordering::Relaxed);
    let looks = watcher.join().unwrap();
    assert!(looks > 0);
    assert_eq!(
        missing.load(Ordering::Relaxed),
        0,
        "the backup was missing at some instant ({looks} looks)"
    );
    let previous = store::load(&backup).unwrap();
    assert_eq!(previous.title, "Watched 298");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_save_over_the_size_cap_is_refused_and_the_file_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let mut s = sample("big00001", "Big");
    store::save(&path, &s).unwrap();
    let before = fs::read(&path).unwrap();
    s.closing.achieves = "x".into();
    let overhead = store::to_ron(&s).len() - 1;
    // Exactly at the cap saves and loads again.
    s.closing.achieves = "x".repeat(store::MAX_FILE_BYTES as usize - overhead);
    assert_eq!(store::to_ron(&s).len() as u64, store::MAX_FILE_BYTES);
    store::save(&path, &s).unwrap();
    assert_eq!(store::load(&path).unwrap(), s);
    let saved = fs::read(&path).unwrap();

    // One edit more is refused, with both sizes exact, and nothing is written.
    s.closing.achieves.push_str(&"y".repeat(100));
    let size = store::to_ron(&s).len() as u64;
    let e = store::save(&path, &s).unwrap_err();
    assert!(matches!(e, StoreError::TooLarge { .. }), "{e:?}");
    let shown = e.to_string();
    assert!(shown.contains(&format!("{size} bytes")), "{shown}");
    assert!(
        shown.contains(&format!("{} bytes", store::MAX_FILE_BYTES)),
        "{shown}"
    );
    assert_eq!(fs::read(&path).unwrap(), saved);
    assert_ne!(saved, before);

    // The loader's message also tells sizes that differ.
    let huge = dir.path().join("huge.ron");
    fs::File::create(&huge)
        .unwrap()
        .set_len(store::MAX_FILE_BYTES + 1)
        .unwrap();
    let e = store::load(&huge).unwrap_err().to_string();
    assert!(
        e.contains(&format!("{} bytes", store::MAX_FILE_BYTES + 1))
            && e.contains(&format!("{} bytes", store::MAX_FILE_BYTES)),
        "{e}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
    // Run where a hang shows as a failure instead of stopping the test run.
    let (send, receive) = std::sync::mpsc::channel();
    let (a, b) = (fifo.clone(), dir.path().to_path_buf());
    std::thread::spawn(move || {
        let load = store::load(&a);
        let zero = store::load(Path::new("/dev/zero"));
        let resolve = Store::new(&b)
            .with_cache_dir(None)
            .resolve(a.to_str().unwrap());
        let listed = Store::new(&b).with_cache_dir(None).sessions();
        let _ = send.send((load, zero, resolve, listed));
    });
    let (load, zero, resolve, listed) = receive
        .recv_timeout(Duration::from_secs(60))
        .expect("reading a FIFO or /dev/zero must not block");
    for result in [load, zero] {
        match result {
            Err(OpenError::Io(e @ StoreError::NotRegular { .. })) => {
                assert!(e.to_string().contains("not a regular file"), "{e}")
            }
            other => panic!("{other:?}"),
        }
    }
    let e = resolve.unwrap_err().to_string();
    assert!(e.contains("named pipe"), "{e}");
    assert!(listed.unwrap().is_empty(), "a FIFO is not listed");
}

#[cfg(unix)]
#[test]
fn linked_sessions_open_read_only_and_saves_never_replace_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.ron");
    let s = sample("link0001", "Linked");
    store::save(&real, &s).unwrap();

    let soft = dir.path().join("soft.ron");
    std::os::unix::fs::symlink(&real, &soft).unwrap();
    match store::open_for_editing(&soft) {
        Access::ReadOnly(reason @ ReadOnly::Linked(LinkKind::Symlink)) => {
            assert!(reason.to_string().contains("symbolic link"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    let mut edited = s.clone();
    edited.title = "Edited through the link".into();
    let e = store::save(&soft, &edited).unwrap_err();
    assert!(matches!(e, StoreError::Linked { .. }), "{e:?}");
    assert!(
        fs::symlink_metadata(&soft)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        store::load(&soft).unwrap(),
        s,
        "reading through a link works"
    );

    let hard = dir.path().join("hard.ron");
    fs::hard_link(&real, &hard).unwrap();
    for name in [&real, &hard] {
        assert!(
            matches!(
                store::open_for_editing(name),
                Access::ReadOnly(ReadOnly::Linked(LinkKind::HardLinks))
            ),
            "{}",
            name.display()
        );
    }
    fs::remove_file(&hard).unwrap();

    // A save killed after making the backup leaves the file and its backup as one file:
    // that is not a second name, and the session still opens for editing.
    fs::remove_file(store::backup_path(&real)).ok();
    fs::hard_link(&real, store::backup_path(&real)).unwrap();
    assert!(matches!(store::open_for_editing(&real), Access::Edit(_)));

    // A save killed after staging its new backup, before renaming it to `.bak`, leaves the
    // staged name linked to the file. The session must still save and open for editing: the
    // crash test found saves refused for good after such a kill.
    let dead_pid = u32::MAX - 1;
    let staged = dir
        .path()
        .join(format!(".covalue-{dead_pid}-bak0-k3x9a2f1.tmp"));
    fs::hard_link(&real, &staged).unwrap();
    store::save(&real, &s).expect("a dead save's staged backup is not a second name");
    assert!(!staged.exists(), "the dead save's staged backup is swept");
    fs::hard_link(&real, &staged).unwrap();
    assert!(matches!(store::open_for_editing(&real), Access::Edit(_)));
    assert!(!staged.exists(), "opening sweeps it too");

    // The same staged name from a process that looks alive (its id reused since, or a save
    // still running: here this test's own id) is still the store's, not a person's.
    let alive = dir
        .path()
        .join(format!(".covalue-{}-bak0-k3x9a2f1.tmp", std::process::id()));
    fs::hard_link(&real, &alive).unwrap();
    assert!(matches!(store::open_for_editing(&real), Access::Edit(_)));
    store::save(&real, &s).expect("a live save's staged backup is not a second name");
    // A name a person made still counts.
    fs::remove_file(&alive).unwrap();
    let person = dir.path().join("copy.ron");
    fs::hard_link(&real, &person).unwrap();
    assert!(matches!(
        store::open_for_editing(&real),
        Access::ReadOnly(ReadOnly::Linked(LinkKind::HardLinks))
    ));
    fs::remove_file(&person).unwrap();
}

#[cfg(unix)]
#[test]
fn the_lock_never_follows_a_link_nor_creates_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    fs::create_dir(&sessions).unwrap();
    let path = sessions.join("x.ron");
    store::save(&path, &sample("lock0001", "Lock")).unwrap();
    let victim = dir.path().join("outside-victim");
    std::os::unix::fs::symlink(&victim, sessions.join(".x.ron.lock")).unwrap();
    let e = store::lock(&path).unwrap_err();
    assert!(e.to_string().contains("symbolic link"), "{e}");
    assert!(
        !victim.exists(),
        "the lock created a file outside the folder"
    );
    match store::open_for_editing(&path) {
        Access::ReadOnly(reason @ ReadOnly::LockUnavailable(_)) => {
            assert!(reason.to_string().contains("edit lock cannot be taken"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_lock_that_cannot_be_opened_gives_read_only_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.ron");
    store::save(&path, &sample("lock0002", "Shared")).unwrap();
    // A folder where the lock file should be: no user, root included, can open it as a file.
    fs::create_dir(dir.path().join(".shared.ron.lock")).unwrap();
    match store::open_for_editing(&path) {
        Access::ReadOnly(reason @ ReadOnly::LockUnavailable(_)) => {
            let shown = reason.to_string();
            assert!(shown.contains(".shared.ron.lock"), "{shown}");
            assert!(std::error::Error::source(&reason).is_some());
        }
        other => panic!("{other:?}"),
    }
    // And the usual cases through the same door.
    let other = dir.path().join("other.ron");
    store::save(&other, &sample("lock0003", "Other")).unwrap();
    let first = store::open_for_editing(&other);
    assert!(matches!(first, Access::Edit(_)));
    assert!(matches!(
        store::open_for_editing(&other),
        Access::ReadOnly(ReadOnly::HeldElsewhere)
    ));
    drop(first);
    assert!(matches!(store::open_for_editing(&other), Access::Edit(_)));
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_mode_and_the_backup_is_never_more_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.ron");
    let s = sample("mode0001", "Team");
    store::save(&path, &s).unwrap();
    assert_eq!(mode(&path), 0o600, "a new session is its owner's only");
    set_mode(&path, 0o640);
    // An old backup left more open than the session.
    fs::write(store::backup_path(&path), store::to_ron(&s)).unwrap();
    set_mode(&store::backup_path(&path), 0o666);
    store::save(&path, &s).unwrap();
    assert_eq!(mode(&path), 0o640, "the team's access is kept");
    let backup = mode(&store::backup_path(&path));
    assert_eq!(backup & !mode(&path), 0, "backup {backup:o} is more open");
}

#[cfg(unix)]
#[test]
fn a_file_owned_by_someone_else_keeps_its_owner_or_is_refused() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("theirs.ron");
    let s = sample("own00001", "Theirs");
    store::save(&path, &s).unwrap();
    let root = rustix::process::geteuid().is_root();
    if root {
        // Root may keep the owner: the file stays theirs, with its mode.
        std::os::unix::fs::chown(&path, Some(4242), Some(4343)).unwrap();
        set_mode(&path, 0o660);
        assert!(matches!(store::open_for_editing(&path), Access::Edit(_)));
        store::save(&path, &s).unwrap();
        let meta = fs::metadata(&path).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
        assert_eq!(mode(&path), 0o660);
    } else {
        // Anyone else cannot make a file of another user to test with: root's files serve.
        // The refusal comes before anything is written.
        let e = store::save(Path::new("/etc/passwd"), &s);
        assert!(matches!(e, Err(StoreError::OwnedByOther { .. })), "{e:?}");
        assert!(matches!(
            store::open_for_editing(Path::new("/etc/passwd")),
            Access::ReadOnly(ReadOnly::OwnedByOther(0))
        ));
    }
}

#[test]
fn a_rescue_file_is_named_from_the_file_not_its_content() {
    let mut s = sample("resc0001", "Rescued");
    s.id = "x/../../escaped".into();
    let original = Path::new("/nowhere/sessions/q4 review-resc0001.ron");
    let rescued = store::rescue(original, &s).unwrap();
    assert_eq!(rescued.parent().unwrap(), std::env::temp_dir());
    let name = rescued.file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with("covalue-rescue-q4review-resc0001-"),
        "{name}"
    );
    assert!(name.ends_with(".ron"), "{name}");
    assert_eq!(fs::read_to_string(&rescued).unwrap(), store::to_ron(&s));
    // A second rescue of the same file never overwrites the first.
    let again = store::rescue(original, &s).unwrap();
    assert_ne!(again, rescued);
    fs::remove_file(rescued).unwrap();
    fs::remove_file(again).unwrap();
}

/// A process id that no longer runs: a child that has exited and been waited for.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn temporary_files_of_a_killed_new_or_export_are_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path()).with_cache_dir(None);
    let dead = dir
        .path()
        .join(format!(".covalue-{}-a1b2c3.tmp", dead_pid()));
    let alive = dir.path().join(".covalue-1-d4e5f6.tmp");
    fs::write(&dead, "half a session").unwrap();
    fs::write(&alive, "a save in progress in a live process").unwrap();
    store.create(&sample("tmp00001", "New")).unwrap();
    assert!(!dead.exists(), "a killed `new` leaves nothing behind");
    assert!(alive.exists(), "a live process's file is left alone");

    let out = tempfile::tempdir().unwrap();
    let dead = out
        .path()
        .join(format!(".covalue-{}-g7h8j9.tmp", dead_pid()));
    fs::write(&dead, "half a report").unwrap();
    store::write_report(&out.path().join("report.md"), b"# Report\n").unwrap();
    assert!(!dead.exists(), "a killed `export -o` leaves nothing behind");
}

/// The process's umask, from /proc (Linux); `None` elsewhere.
fn umask() -> Option<u32> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Umask:"))?;
    u32::from_str_radix(line.split_whitespace().nth(1)?, 8).ok()
}

#[cfg(unix)]
#[test]
fn a_report_is_written_as_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.md");
    store::write_report(&path, b"first\n").unwrap();
    store::write_report(&path, b"second\n").unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "second\n");
    assert!(
        !store::backup_path(&path).exists(),
        "a report has no backup"
    );
    if let Some(umask) = umask() {
        assert_eq!(mode(&path), 0o666 & !umask, "the user's normal mode");
    }
    set_mode(&path, 0o640);
    store::write_report(&path, b"third\n").unwrap();
    assert_eq!(mode(&path), 0o640, "an existing report keeps its mode");

    // Through a link, the file it points to is written and the link stays.
    let link = dir.path().join("latest.md");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    store::write_report(&link, b"fourth\n").unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "fourth\n");

    // A device is written straight through, never replaced.
    store::write_report(Path::new("/dev/null"), b"gone\n").unwrap();
    use std::os::unix::fs::FileTypeExt;
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

fn cached_store(dir: &Path, cache: &Path) -> Store {
    Store::new(dir).with_cache_dir(Some(cache.to_path_buf()))
}

fn cache_files(cache: &Path) -> Vec<PathBuf> {
    fs::read_dir(cache.join("lists"))
        .map(|r| r.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

#[test]
fn the_listing_shows_what_list_and_the_browser_print() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let store = cached_store(dir.path(), cache.path());
    let mut older = sample("list0001", "Older");
    older.updated = Timestamp::from_unix(1_000);
    older.mode = Mode::ConsumerSelfAssessment;
    let mut newer = sample("list0002", "Newer");
    newer.updated = Timestamp::from_unix(2_000);
    newer.agreements.push(Agreement {
        text: "Call back".into(),
        ..Default::default()
    });
    let older_path = store.create(&older).unwrap();
    store.create(&newer).unwrap();
    fs::write(
        dir.path().join("broken.ron"),
        "(format: 1, id: \"b\",\n  title: 7)",
    )
    .unwrap();
    let killed = dir
        .path()
        .join(format!(".covalue-{}-k1l2m3.tmp", dead_pid()));
    fs::write(&killed, "half a save").unwrap();

    let listed = store.sessions().unwrap();
    assert!(
        !killed.exists(),
        "the listing sweeps a killed save's temporary file"
    );
    assert_eq!(listed.len(), 3);
    let info = listed[0].info.as_ref().unwrap();
    // The room's numbers: outside the workshop no number comes from a hidden rating.
    let summary = summarize_for_room(&newer);
    assert_eq!(
        (info.id.as_str(), info.title.as_str(), info.service.as_str()),
        ("list0002", "Newer", "Managed service desk")
    );
    assert_eq!((info.mode, info.updated), (Mode::Workshop, newer.updated));
    assert_eq!(info.value_index, summary.value_index.value);
    assert_eq!(info.alignment, summary.alignment);
    assert_eq!((info.items, info.open_agreements), (1, 1));
    assert_eq!(
        (info.hidden, info.partial),
        (2, true),
        "blind, not revealed"
    );
    assert_eq!(listed[1].path, older_path);
    assert_eq!(
        listed[1].info.as_ref().unwrap().mode,
        Mode::ConsumerSelfAssessment
    );
    // A self-assessment hides nothing: its numbers are the full summary's.
    assert_eq!(
        listed[1].info.as_ref().unwrap().value_index,
        summarize(&older).value_index.value
    );
    let shown = listed[2].error_text().unwrap();
    assert!(shown.contains("broken.ron:2:"), "{shown}");
    assert_eq!(listed[2].file_name(), "broken.ron");

    // The same as the full listing, file for file.
    let full: Vec<PathBuf> = store.list().unwrap().into_iter().map(|e| e.path).collect();
    let fast: Vec<PathBuf> = listed.iter().map(|l| l.path.clone()).collect();
    assert_eq!(full, fast);
}

#[test]
fn an_unchanged_file_is_not_read_again_and_a_changed_one_is() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let store = cached_store(dir.path(), cache.path());
    let path = store.create(&sample("cach0001", "Cached")).unwrap();
    age(&path);
    let first = store.sessions().unwrap();
    assert_eq!(cache_files(cache.path()).len(), 1);

    // Same size, same time, different bytes: the cache answers, so the file was not parsed.
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let len = fs::metadata(&path).unwrap().len() as usize;
    fs::write(&path, "x".repeat(len)).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(store.sessions().unwrap(), first);

    // A new modification time: read again.
    age(&path);
    let again = store.sessions().unwrap();
    assert!(again[0].info.is_err(), "{again:?}");

    // A corrupt or foreign cache is rebuilt.
    store.create(&sample("cach0002", "Second")).unwrap();
    for junk in [
        "",
        "{",
        "\u{0}\u{1}garbage",
        "{\"version\":99,\"dir\":\"/\",\"files\":{}}",
    ] {
        fs::write(&cache_files(cache.path())[0], junk).unwrap();
        let listed = store.sessions().unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].info.as_ref().unwrap().id, "cach0002");
    }
    // A cache folder that cannot be used only costs speed.
    let blocked = dir.path().join("not-a-folder");
    fs::write(&blocked, "").unwrap();
    let listed = cached_store(dir.path(), &blocked).sessions().unwrap();
    assert_eq!(listed.len(), 2);
}

#[test]
fn an_id_is_found_from_the_file_name_and_a_renamed_file_still_is() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let store = cached_store(dir.path(), cache.path());
    assert_eq!(
        store::id_from_file_name("q4-review-k3x9a2f1.ron"),
        Some("k3x9a2f1")
    );
    assert_eq!(store::id_from_file_name("session-abc.ron"), Some("abc"));
    assert_eq!(store::id_from_file_name("notes.txt"), None);
    let a = store.create(&sample("abcd1234", "First")).unwrap();
    let b = store.create(&sample("abzz9999", "Second")).unwrap();
    assert_eq!(store.resolve("abcd").unwrap(), a);
    assert_eq!(store.resolve("abzz9999").unwrap(), b);
    let e = store.resolve("ab").unwrap_err().to_string();
    assert!(e.contains("abcd1234, abzz9999"), "{e}");
    // A file renamed by hand, and one whose name names another id.
    let renamed = dir.path().join("my notes.ron");
    fs::rename(&b, &renamed).unwrap();
    assert_eq!(store.resolve("abzz").unwrap(), renamed);
    let copied = dir.path().join("copy-qqqq0000.ron");
    fs::copy(&a, &copied).unwrap();
    assert_eq!(store.resolve("abcd1234").unwrap(), a);
    assert!(store.resolve("qqqq").is_err(), "the content's id counts");
}

#[test]
fn an_open_error_keeps_the_operating_system_error_as_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let missing = store::load(&dir.path().join("missing.ron")).unwrap_err();
    assert!(matches!(missing, OpenError::Io(_)));
    let source = std::error::Error::source(&missing).expect("a source");
    let io = source
        .downcast_ref::<std::io::Error>()
        .expect("the io::Error itself");
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    // Its sentence is the store's, with the path.
    assert!(missing.to_string().contains("missing.ron"), "{missing}");
}

#[test]
fn a_session_over_the_cap_is_rescued_in_a_form_covalue_opens() {
    let mut s = sample("big00002", "Big");
    s.closing.achieves = "x".into();
    let overhead = store::to_ron(&s).len() - 1;
    s.closing.achieves = "x".repeat(store::MAX_FILE_BYTES as usize - overhead + 20);
    assert!(store::to_ron(&s).len() as u64 > store::MAX_FILE_BYTES);
    let rescued = store::rescue(Path::new("/nowhere/big-big00002.ron"), &s).unwrap();
    let loaded = store::load(&rescued);
    fs::remove_file(&rescued).unwrap();
    assert_eq!(loaded.unwrap(), s, "the rescue file opens, whole");
}

#[test]
fn the_listing_cache_forgets_only_its_own_old_files() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let lists = cache.path().join("lists");
    fs::create_dir_all(&lists).unwrap();
    let month_ago = SystemTime::now() - Duration::from_secs(60 * 60 * 24 * 40);
    let old = |name: &str| {
        let path = lists.join(name);
        fs::write(&path, "{}").unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(month_ago)
            .unwrap();
        path
    };
    let ours = old("0123456789abcdef.json");
    let someone_elses = old("settings.json");
    let store = cached_store(dir.path(), cache.path());
    store.create(&sample("cach0001", "Cached")).unwrap();
    store.sessions().unwrap();
    assert!(!ours.exists(), "an unused cache of the listing's own goes");
    assert!(someone_elses.exists(), "a file it did not write stays");
}

#[test]
fn a_folder_is_a_folder_not_a_file_with_other_names() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("looks-like-a-session.ron");
    fs::create_dir_all(folder.join("inside")).unwrap();
    assert_eq!(store::link_kind(&folder), None);
    let e = store::save(&folder, &sample("fold0001", "Folder")).unwrap_err();
    assert!(
        e.to_string().contains("is a folder, not a regular file"),
        "{e}"
    );
    assert!(
        !matches!(
            store::open_for_editing(&folder),
            Access::ReadOnly(ReadOnly::Linked(_))
        ),
        "not read-only for links"
    );
}
