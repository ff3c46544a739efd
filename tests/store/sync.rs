//! `covalue sync` between two clones of a bare repository in a temporary folder: each clone's
//! people rate, both sync, and both clones end with everyone's ratings, with no git
//! configuration done by hand; the same person's conflicting ratings stop the sync with exit 1,
//! the conflicts listed and valid files. Runs the real binary and the `git` command.

use covalue::domain::*;
use covalue::store::{self, LockState, Store};
use std::path::{Path, PathBuf};
use std::process::Command;

const EXE: &str = env!("CARGO_BIN_EXE_covalue");

/// A bare repository and two clones of it, with an environment that has a git identity but
/// no configuration of the user's (HOME is the temporary folder).
struct Team {
    dir: tempfile::TempDir,
}

impl Team {
    fn new() -> Team {
        let team = Team {
            dir: tempfile::tempdir().unwrap(),
        };
        team.git(
            team.root(),
            &["init", "-q", "--bare", "-b", "main", "shared.git"],
        );
        team
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn clone(&self, name: &str) -> PathBuf {
        self.git(self.root(), &["clone", "-q", "shared.git", name]);
        self.root().join(name)
    }

    fn env(&self, command: &mut Command, person: &str) {
        command
            .env("HOME", self.root())
            .env("XDG_CONFIG_HOME", self.root().join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", person)
            .env("GIT_AUTHOR_EMAIL", format!("{person}@example.com"))
            .env("GIT_COMMITTER_NAME", person)
            .env("GIT_COMMITTER_EMAIL", format!("{person}@example.com"))
            .env("COVALUE_CACHE_DIR", "");
    }

    fn git(&self, cwd: &Path, args: &[&str]) -> String {
        let mut command = Command::new("git");
        command.args(args).current_dir(cwd);
        self.env(&mut command, "Setup");
        let out = command.output().expect("git is installed");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into()
    }

    /// `covalue --data-dir CLONE sync` as `person`: exit code, stdout, stderr.
    fn sync(&self, clone: &Path, person: &str) -> (i32, String, String) {
        let mut command = Command::new(EXE);
        command.arg("--data-dir").arg(clone).arg("sync");
        self.env(&mut command, person);
        let out = command.output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into(),
            String::from_utf8_lossy(&out.stderr).into(),
        )
    }

    fn synced(&self, clone: &Path, person: &str) -> String {
        let (code, stdout, stderr) = self.sync(clone, person);
        assert_eq!(code, 0, "sync in {}: {stdout}{stderr}", clone.display());
        stdout
    }
}

fn review() -> Session {
    let mut session = Session::new(
        "sync0001",
        "Desk review",
        Timestamp::from_unix(1_795_000_000),
    );
    for text in ["Fewer outages", "Staff know where to go"] {
        session.benefits.push(Benefit {
            text: text.into(),
            ..Default::default()
        });
    }
    session.ensure_ids();
    session
}

/// `name` rates every benefit on `side` with `rating`, saved through the library.
fn rate(path: &Path, side: Side, name: &str, rating: u8) {
    let mut session = store::load(path).unwrap();
    for b in &mut session.benefits {
        b.rating.set_by(side, name, Rating::new(rating));
    }
    store::save(path, &session).unwrap();
}

/// The first clone holds the review, synced to the shared repository; the second is cloned
/// after it. Returns both clones and the session's file name.
fn two_clones(team: &Team) -> (PathBuf, PathBuf, String) {
    let a = team.clone("ana");
    let path = Store::new(&a).create(&review()).unwrap();
    let first = team.synced(&a, "Ana");
    assert!(
        first.contains("1 session committed") && first.contains("pushed to origin/main"),
        "{first}"
    );
    let b = team.clone("ola");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(b.join(&name).is_file(), "the second clone has the session");
    (a, b, name)
}

#[test]
fn two_clones_each_rating_end_with_everyones_ratings_after_both_sync() {
    let team = Team::new();
    let (a, b, name) = two_clones(&team);
    rate(&a.join(&name), Side::Provider, "Sam", 4);
    rate(&a.join(&name), Side::Consumer, "Priya", 2);
    rate(&b.join(&name), Side::Provider, "Lee", 5);
    rate(&b.join(&name), Side::Consumer, "Ola", 3);

    let said = team.synced(&a, "Ana");
    assert!(said.starts_with(&format!("{}: ", a.display())), "{said}");
    assert!(said.contains("1 session committed"), "{said}");
    let said = team.synced(&b, "Ola");
    assert!(
        said.contains("set up the merge driver, the textconv"),
        "sync set up the second clone itself: {said}"
    );
    assert!(
        said.contains("1 session committed, 1 pulled, pushed to origin/main"),
        "{said}"
    );
    team.synced(&a, "Ana");

    for clone in [&a, &b] {
        let session = store::load(&clone.join(&name)).unwrap();
        let rating = &session.benefits[1].rating;
        for (side, person, number) in [
            (Side::Provider, "Sam", 4),
            (Side::Consumer, "Priya", 2),
            (Side::Provider, "Lee", 5),
            (Side::Consumer, "Ola", 3),
        ] {
            assert_eq!(
                rating.by(side, person),
                Rating::new(number),
                "{person} in {}",
                clone.display()
            );
        }
        assert!(session.conflicts.is_empty());
        let status = team.git(clone, &["status", "--porcelain"]);
        assert_eq!(status, "", "everything committed in {}", clone.display());
        let driver = team.git(clone, &["config", "--local", "merge.covalue.driver"]);
        assert!(
            driver.contains("merge --base %O %A %B -o %A --name %P"),
            "{driver}"
        );
        let ignore = std::fs::read_to_string(clone.join(".gitignore")).unwrap();
        assert!(
            ignore.contains(".*.ron.lock") && ignore.contains("*.ron.bak"),
            "{ignore}"
        );
    }
    // Nothing of the user's own git configuration was written.
    assert!(!team.root().join(".gitconfig").exists());
}

#[test]
fn the_same_persons_conflicting_ratings_stop_sync_with_the_conflicts_and_valid_files() {
    let team = Team::new();
    let (a, b, name) = two_clones(&team);
    rate(&a.join(&name), Side::Consumer, "Priya", 4);
    rate(&b.join(&name), Side::Consumer, "Priya", 2);
    team.synced(&a, "Priya");

    let (code, stdout, stderr) = team.sync(&b, "Priya");
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("Benefits 1 \"Fewer outages\": Priya 2 (ours) vs 4 (theirs)"),
        "listed as merge lists it: {stderr}"
    );
    assert!(
        stderr.contains(&format!("covalue: 2 conflicts merging into {name};")),
        "{stderr}"
    );
    assert!(stderr.contains("not pushed"), "{stderr}");

    let text = std::fs::read_to_string(b.join(&name)).unwrap();
    assert!(
        !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
        "{text}"
    );
    let session = store::load(&b.join(&name)).unwrap();
    assert_eq!(session.conflicts.len(), 2);
    assert_eq!(
        session.benefits[0].rating.by(Side::Consumer, "Priya"),
        Rating::new(2)
    );
    // The merge is finished (recorded in the session), not left half-done in git.
    assert_eq!(team.git(&b, &["status", "--porcelain"]), "");
    assert_eq!(team.git(&b, &["ls-files", "--unmerged"]), "");

    // Undecided, the conflicts are not pushed to everyone else.
    let (code, _, stderr) = team.sync(&b, "Priya");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "not pushed: {name} (2) still lists merge conflicts"
        )),
        "{stderr}"
    );
    // Decided (here through the library: Priya's 4 stands), the next sync pushes it.
    let path = b.join(&name);
    let mut session = store::load(&path).unwrap();
    for b in &mut session.benefits {
        b.rating.set_by(Side::Consumer, "Priya", Rating::new(4));
    }
    session.conflicts.clear();
    store::save(&path, &session).unwrap();
    let said = team.synced(&b, "Priya");
    assert!(
        said.contains("1 session committed, nothing to pull, pushed"),
        "{said}"
    );
    team.synced(&a, "Priya");
    assert!(store::load(&a.join(&name)).unwrap().conflicts.is_empty());
}

#[test]
fn a_clone_made_before_anything_was_shared_syncs_too() {
    let team = Team::new();
    let a = team.clone("ana");
    let b = team.clone("ola");
    let path = Store::new(&a).create(&review()).unwrap();
    team.synced(&a, "Ana");
    let said = team.synced(&b, "Ola");
    // Ola's clone takes Ana's history as it is: no setup commit of its own to push.
    assert!(said.contains("1 pulled, nothing to push"), "{said}");
    let name = path.file_name().unwrap();
    assert!(store::load(&b.join(name)).is_ok());
    let said = team.synced(&a, "Ana");
    assert!(
        said.contains("no session to commit, nothing to pull"),
        "{said}"
    );
}

/// The commits of `clone`'s history that have no parent.
fn roots(team: &Team, clone: &Path) -> Vec<String> {
    let roots = team.git(clone, &["rev-list", "--max-parents=0", "HEAD"]);
    roots.lines().map(String::from).collect()
}

#[test]
fn a_clone_made_before_anyone_pushed_builds_on_the_remotes_history_with_one_root() {
    let team = Team::new();
    let a = team.clone("ana");
    let b = team.clone("ola");
    let path = Store::new(&a).create(&review()).unwrap();
    team.synced(&a, "Ana");
    // Ola made a session of her own before her first sync: it is committed on top.
    let mut hers = review();
    hers.id = "sync0002".into();
    hers.title = "Her own review".into();
    let own = Store::new(&b).create(&hers).unwrap();
    let said = team.synced(&b, "Ola");
    assert!(
        said.contains("1 session committed") && said.contains("1 pulled, pushed to origin/main"),
        "{said}"
    );
    assert_eq!(
        roots(&team, &b),
        roots(&team, &a),
        "one history, Ana's root"
    );
    let log = team.git(&b, &["log", "--format=%an %s"]);
    assert!(!log.contains("Ola covalue sync: set up sharing"), "{log}");
    assert!(!log.contains("Merge"), "{log}");
    // Ola's setup found the shared lines in place and wrote no second copy of them.
    let attributes = std::fs::read_to_string(b.join(".gitattributes")).unwrap();
    assert_eq!(
        attributes.matches("*.ron merge=covalue").count(),
        1,
        "{attributes}"
    );
    assert_eq!(team.git(&b, &["status", "--porcelain"]), "");
    team.synced(&a, "Ana");
    assert!(store::load(&a.join(own.file_name().unwrap())).is_ok());
    assert!(store::load(&b.join(path.file_name().unwrap())).is_ok());
}

#[test]
fn a_session_open_for_editing_is_synced_as_last_saved() {
    let team = Team::new();
    let (a, b, name) = two_clones(&team);
    let path = a.join(&name);
    rate(&path, Side::Consumer, "Priya", 4);
    let LockState::Acquired(_lock) = store::lock(&path).unwrap() else {
        panic!("the lock is free");
    };
    let said = team.synced(&a, "Priya");
    assert!(said.contains("1 session committed"), "{said}");
    team.synced(&b, "Ola");
    let session = store::load(&b.join(&name)).unwrap();
    assert_eq!(
        session.benefits[0].rating.by(Side::Consumer, "Priya"),
        Rating::new(4)
    );
    assert!(
        !b.join(format!(".{name}.lock")).exists(),
        "the lock stays home"
    );
}

#[test]
fn a_pull_that_would_change_a_session_open_for_editing_waits() {
    let team = Team::new();
    let (a, b, name) = two_clones(&team);
    rate(&b.join(&name), Side::Consumer, "Ola", 3);
    team.synced(&b, "Ola");
    let path = a.join(&name);
    let LockState::Acquired(_lock) = store::lock(&path).unwrap() else {
        panic!("the lock is free");
    };
    let before = std::fs::read(&path).unwrap();
    let (code, _, stderr) = team.sync(&a, "Ana");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("the pull changes {name}, open for editing")),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "left as its editor saved it"
    );
}

#[test]
fn a_file_git_cannot_merge_as_a_session_undoes_the_pull_and_leaves_no_markers() {
    let team = Team::new();
    let (a, b, _) = two_clones(&team);
    std::fs::write(a.join(".portfolio.ron"), "(default: (cadence_days: 30))\n").unwrap();
    let said = team.synced(&a, "Ana");
    assert!(
        !said.contains("1 session committed") && said.contains(".portfolio.ron committed"),
        "{said}"
    );
    std::fs::write(b.join(".portfolio.ron"), "(default: (cadence_days: 60))\n").unwrap();
    let (code, _, stderr) = team.sync(&b, "Ola");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(".portfolio.ron changed on both sides and cannot be merged as sessions"),
        "{stderr}"
    );
    assert!(!stderr.contains("nothing to pull"), "{stderr}");
    let text = std::fs::read_to_string(b.join(".portfolio.ron")).unwrap();
    assert_eq!(
        text, "(default: (cadence_days: 60))\n",
        "as it was, no markers"
    );
    assert_eq!(team.git(&b, &["status", "--porcelain"]), "");
    assert_eq!(team.git(&b, &["ls-files", "--unmerged"]), "");
}

#[test]
fn an_unreachable_remote_keeps_the_commit_and_says_so() {
    let team = Team::new();
    let (a, _, name) = two_clones(&team);
    rate(&a.join(&name), Side::Consumer, "Priya", 4);
    std::fs::rename(
        team.root().join("shared.git"),
        team.root().join("moved.git"),
    )
    .unwrap();
    let (code, _, stderr) = team.sync(&a, "Ana");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("1 session committed; not pulled nor pushed: cannot reach origin"),
        "{stderr}"
    );
    assert_eq!(team.git(&a, &["status", "--porcelain"]), "");
}

#[test]
fn sync_without_a_git_identity_says_how_to_give_one() {
    let team = Team::new();
    let a = team.clone("ana");
    Store::new(&a).create(&review()).unwrap();
    let out = Command::new(EXE)
        .arg("--data-dir")
        .arg(&a)
        .arg("sync")
        .env("HOME", team.root())
        .env("XDG_CONFIG_HOME", team.root().join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("COVALUE_CACHE_DIR", "")
        .env("EMAIL", "")
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .env_remove("GIT_COMMITTER_NAME")
        .env_remove("GIT_COMMITTER_EMAIL")
        // Never guess an address from the host name, whatever machine runs the test.
        .env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", "user.useConfigOnly")
        .env("GIT_CONFIG_VALUE_0", "true")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("git does not know who you are in"),
        "{stderr}"
    );
    assert!(
        stderr.contains("git config --global user.email"),
        "{stderr}"
    );
}

#[test]
fn sync_outside_a_git_repository_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(EXE)
        .arg("--data-dir")
        .arg(dir.path())
        .arg("sync")
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is not in a git repository"), "{stderr}");
}
