//! Sessions in git: with `covalue merge` as the merge driver, two branches that each hold one
//! person's ratings merge without a conflict, and `covalue show` as textconv makes `git diff`
//! name whose ratings changed. Uses the `git` command in a temporary repository.

use covalue::domain::*;
use covalue::store;
use std::path::Path;
use std::process::Command;

const EXE: &str = env!("CARGO_BIN_EXE_covalue");

fn git(repo: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new("git")
        .args(args)
        .current_dir(repo)
        // The driver runs covalue; its data folder must not be the user's.
        .env("COVALUE_DATA_DIR", repo.join(".covalue-data"))
        .env("COVALUE_CACHE_DIR", "")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo)
        .output()
        .expect("git is installed");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn ok(repo: &Path, args: &[&str]) -> String {
    let (success, text) = git(repo, args);
    assert!(success, "git {args:?} failed: {text}");
    text
}

/// A repository set up as the README says, holding one session on `main`.
fn repository() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    ok(repo, &["init", "-q", "-b", "main"]);
    ok(repo, &["config", "user.email", "facilitator@example.com"]);
    ok(repo, &["config", "user.name", "Facilitator"]);
    // The README's lines.
    std::fs::write(
        repo.join(".gitattributes"),
        "*.ron merge=covalue diff=covalue\n",
    )
    .unwrap();
    std::fs::write(repo.join(".gitignore"), "*.ron.bak\n.covalue-data/\n").unwrap();
    ok(
        repo,
        &[
            "config",
            "merge.covalue.driver",
            &format!("{EXE} merge --base %O %A %B -o %A"),
        ],
    );
    ok(
        repo,
        &["config", "diff.covalue.textconv", &format!("{EXE} show")],
    );

    let path = repo.join("review.ron");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/format-1.ron");
    std::fs::copy(fixture, &path).unwrap();
    ok(repo, &["add", "."]);
    ok(
        repo,
        &[
            "commit",
            "-q",
            "-m",
            "The session as the facilitator sent it",
        ],
    );
    (dir, path)
}

/// Rates every benefit as `name` on the consumer side, and commits it on `branch`.
fn rate_on_branch(repo: &Path, path: &Path, branch: &str, name: &str, rating: u8) {
    ok(repo, &["checkout", "-q", "-b", branch, "main"]);
    let mut session = store::load(path).unwrap();
    for b in &mut session.benefits {
        b.rating.set_by(Side::Consumer, name, Rating::new(rating));
    }
    store::save(path, &session).unwrap();
    ok(repo, &["commit", "-q", "-am", &format!("{name}'s ratings")]);
}

#[test]
fn two_branches_with_one_persons_ratings_each_merge_without_conflict() {
    let (dir, path) = repository();
    let repo = dir.path();
    rate_on_branch(repo, &path, "priya", "Priya Raman", 4);
    rate_on_branch(repo, &path, "ola", "Ola Berg", 2);

    // The textconv shows whose rating changed, as a line.
    let diff = ok(repo, &["diff", "main", "ola", "--", "review.ron"]);
    assert!(
        diff.lines().any(|l| l.starts_with('+')
            && l.contains("Benefits 1 \"Less time lost when laptops or email stop working\": Ola Berg 2 (consumer)")),
        "{diff}"
    );

    ok(repo, &["checkout", "-q", "priya"]);
    let (merged, output) = git(repo, &["merge", "--no-edit", "ola"]);
    assert!(merged, "the driver merges without a conflict: {output}");
    let status = ok(repo, &["status", "--porcelain"]);
    assert_eq!(status, "", "nothing left behind in the work tree");

    let summary = Command::new(EXE)
        .args(["--data-dir", dir.path().to_str().unwrap(), "summary"])
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(summary.status.success());
    let v: serde_json::Value = serde_json::from_slice(&summary.stdout).unwrap();
    let raters: Vec<&str> = v["raters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert!(
        raters.contains(&"Priya Raman") && raters.contains(&"Ola Berg"),
        "{raters:?}"
    );
    let session = store::load(&path).unwrap();
    let first = &session.benefits[0].rating;
    assert_eq!(first.by(Side::Consumer, "Priya Raman"), Rating::new(4));
    assert_eq!(first.by(Side::Consumer, "Ola Berg"), Rating::new(2));
    assert!(session.conflicts.is_empty());
}

#[test]
fn the_same_person_rating_differently_on_two_branches_stops_the_merge_with_a_valid_file() {
    let (dir, path) = repository();
    let repo = dir.path();
    // The upgrade gave the file's consumer numbers to Priya, its only consumer; this round she
    // rates afresh, so the facilitator clears them first.
    let mut session = store::load(&path).unwrap();
    session.remove_ratings_by(Side::Consumer, "Priya Raman");
    store::save(&path, &session).unwrap();
    ok(repo, &["commit", "-q", "-am", "A fresh round for Priya"]);
    rate_on_branch(repo, &path, "monday", "Priya Raman", 4);
    rate_on_branch(repo, &path, "tuesday", "Priya Raman", 2);
    ok(repo, &["checkout", "-q", "monday"]);
    let (merged, output) = git(repo, &["merge", "--no-edit", "tuesday"]);
    assert!(!merged, "a conflict stops the merge: {output}");
    assert!(
        output.contains(
            "Benefits 1 \"Less time lost when laptops or email stop working\": Priya Raman 4 (ours) vs 2 (theirs)"
        ),
        "{output}"
    );
    // No conflict markers: the file is a session that records its conflicts.
    let session = store::load(&path).unwrap();
    assert_eq!(session.conflicts.len(), session.benefits.len());
    assert_eq!(
        session.benefits[0].rating.by(Side::Consumer, "Priya Raman"),
        Rating::new(4)
    );
}

/// A repository whose sessions folder is the work tree itself (as `covalue sync` keeps it),
/// with the driver line as the README gives it now.
fn sessions_repository() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, path) = repository();
    let repo = dir.path();
    ok(
        repo,
        &[
            "config",
            "merge.covalue.driver",
            &format!("{EXE} merge --base %O %A %B -o %A --name %P"),
        ],
    );
    (dir, path)
}

/// `git` with the data folder the repository itself.
fn git_in_folder(repo: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("COVALUE_DATA_DIR", repo)
        .env("COVALUE_CACHE_DIR", "")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo)
        .output()
        .expect("git is installed");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn a_conflicted_merge_names_the_session_and_leaves_nothing_in_the_work_tree() {
    let (dir, path) = sessions_repository();
    let repo = dir.path();
    // Ola has no ratings in the file yet (Priya has the upgraded format-1 numbers, some of
    // which equal one branch's), so every benefit conflicts.
    rate_on_branch(repo, &path, "monday", "Ola Berg", 4);
    rate_on_branch(repo, &path, "tuesday", "Ola Berg", 2);
    ok(repo, &["checkout", "-q", "monday"]);
    let (merged, output) = git_in_folder(repo, &["merge", "--no-edit", "tuesday"]);
    assert!(!merged, "a conflict stops the merge: {output}");
    assert!(
        output.contains("conflicts merging into review.ron;"),
        "{output}"
    );
    assert!(!output.contains(".merge_file"), "{output}");
    let status = ok(repo, &["status", "--porcelain", "--ignored"]);
    // (review.ron.bak is the test's own saves', ignored by the README's line.)
    assert!(!status.contains(".merge_file"), "{status}");
}

#[test]
fn a_session_added_on_both_branches_merges_two_way() {
    let (dir, _) = sessions_repository();
    let repo = dir.path();
    let added = repo.join("added.ron");
    let mut session = Session::new("added001", "Added", Timestamp::from_unix(1_795_000_000));
    session.benefits.push(Benefit {
        text: "Fewer outages".into(),
        ..Default::default()
    });
    session.ensure_ids();
    for (branch, name, rating) in [("priya", "Priya", 4), ("ola", "Ola", 2)] {
        ok(repo, &["checkout", "-q", "-b", branch, "main"]);
        let mut mine = session.clone();
        mine.benefits[0]
            .rating
            .set_by(Side::Consumer, name, Rating::new(rating));
        store::save(&added, &mine).unwrap();
        ok(repo, &["add", "added.ron"]);
        ok(repo, &["commit", "-q", "-m", &format!("{name} adds it")]);
    }
    let (merged, output) = git(repo, &["merge", "--no-edit", "priya"]);
    assert!(merged, "add/add merges: {output}");
    let rating = &store::load(&added).unwrap().benefits[0].rating;
    assert_eq!(rating.by(Side::Consumer, "Priya"), Rating::new(4));
    assert_eq!(rating.by(Side::Consumer, "Ola"), Rating::new(2));
}

#[test]
fn the_readme_gives_the_driver_path_and_ignores_the_lock_file() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(
            "git config merge.covalue.driver 'covalue merge --base %O %A %B -o %A --name %P'"
        ),
        "the README's driver line names the session"
    );
    assert!(
        readme.contains("echo '.*.ron.lock' >> .gitignore"),
        "the README ignores the lock file"
    );
}
