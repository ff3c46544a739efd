//! Raters and groups through the real binary: old files keep their numbers, `summary` JSON
//! gains raters and groups, `export --format ratings-csv`, the anonymous setting, `check`'s
//! format and `merge`'s exit codes.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn covalue(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_covalue"))
        .args(args)
        .env("COVALUE_DATA_DIR", dir)
        .env("COVALUE_CACHE_DIR", "")
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let run = covalue(dir, args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// Every key and value of `old` is in `new` with the same value (new keys may be added).
fn contains(new: &Value, old: &Value, path: &str) {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            for (key, value) in o {
                let inner = n
                    .get(key)
                    .unwrap_or_else(|| panic!("{path}.{key} is missing"));
                contains(inner, value, &format!("{path}.{key}"));
            }
        }
        (Value::Array(o), Value::Array(n)) => {
            assert_eq!(o.len(), n.len(), "{path} has another length");
            for (i, (o, n)) in o.iter().zip(n).enumerate() {
                contains(n, o, &format!("{path}[{i}]"));
            }
        }
        // covalue 0.1 rounded scores to two decimals; JSON now keeps them exact.
        (Value::Number(o), Value::Number(n)) if o.is_f64() || n.is_f64() => {
            let (o, n) = (o.as_f64().unwrap(), n.as_f64().unwrap());
            assert!((o - n).abs() < 0.005 + 1e-9, "{path}: {n} was {o}");
        }
        _ => assert_eq!(new, old, "{path}"),
    }
}

#[test]
fn a_format_1_file_gives_the_same_summary_json_as_before() {
    let dir = tempfile::tempdir().unwrap();
    // Written by covalue 0.1 (format 1, one number per side) from this very fixture.
    let before: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("expected/format-1-summary.json")).unwrap(),
    )
    .unwrap();
    let now = json(
        dir.path(),
        &[
            "summary",
            &fixture("formats/format-1.ron"),
            "--format",
            "json",
        ],
    );
    contains(&now, &before, "summary");
    // Integers stay integers: a gap of 2 is 2, not 2.0.
    assert_eq!(now["discuss"][0]["gap"].to_string(), "2");
    assert_eq!(now["discuss"][0]["kind"], "gap");
    // One rater per side: since issue 15 the side's only participant, whose number it was,
    // rather than a rater named after the side.
    let names: Vec<&str> = now["raters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, ["Sam Okafor", "Priya Raman"]);
}

#[test]
fn summary_json_has_raters_groups_spread_and_splits() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(
        dir.path(),
        &[
            "summary",
            &fixture("formats/format-2.ron"),
            "--format",
            "json",
        ],
    );
    let priya = v["raters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Priya Raman")
        .unwrap();
    assert_eq!(priya["side"], "consumer");
    assert_eq!(priya["group"], "user");
    assert_eq!(priya["rated"], 3);
    let benefits = &v["dimensions"]["benefits"];
    // Consumer: (4 + 2 + 4) / 3 and 3 → scores 58.33 and 50 → 54.17.
    assert!((benefits["consumer"].as_f64().unwrap() - (175.0 / 3.0 + 50.0) / 2.0).abs() < 1e-9);
    assert_eq!(benefits["spread"]["consumer"], 1.0);
    let users = benefits["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "user")
        .unwrap();
    assert_eq!(
        (users["side"].as_str(), users["raters"].as_u64()),
        (Some("consumer"), Some(2))
    );
    assert_eq!(users["score"], 50.0);
    let split = v["discuss"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["text"] == "Orders keep flowing during system problems")
        .unwrap();
    assert_eq!(split["kind"], "split");
    assert_eq!(split["side"], "consumer");
    assert_eq!(split["spread"], 3);
    assert_eq!(split["consumer"], 3);
    let text = covalue(dir.path(), &["summary", &fixture("formats/format-2.ron")]);
    assert!(text.stdout.contains("consumer split 3"), "{}", text.stdout);
    // Group scores where a side has several groups, in the text summary and the report.
    assert!(
        text.stdout
            .contains("  Benefits   consumer: user 50 (2) · sponsor 75 (1)"),
        "{}",
        text.stdout
    );
    let md = covalue(
        dir.path(),
        &["export", &fixture("formats/format-2.ron"), "--format", "md"],
    );
    assert!(
        md.stdout
            .contains("| Benefits | consumer | user | 2 | 50 |"),
        "{}",
        md.stdout
    );
    assert!(md.stdout.contains("consumer split 3"), "{}", md.stdout);
    // One rater per side: no group lines at all.
    let one = covalue(dir.path(), &["summary", &fixture("formats/format-1.ron")]);
    assert!(
        !one.stdout.contains("By stakeholder group"),
        "{}",
        one.stdout
    );
}

#[test]
fn ratings_csv_has_one_row_per_rating() {
    let dir = tempfile::tempdir().unwrap();
    let run = covalue(
        dir.path(),
        &[
            "export",
            &fixture("formats/format-2.ron"),
            "--format",
            "ratings-csv",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "step,item,text,rater,side,group,rating");
    assert_eq!(
        &lines[1..6],
        [
            "benefits,1,Less time lost when laptops or email stop working,Lee Chen,provider,delivery,4",
            "benefits,1,Less time lost when laptops or email stop working,Sam Okafor,provider,service owner,5",
            "benefits,1,Less time lost when laptops or email stop working,Marta Lopez,consumer,sponsor,4",
            "benefits,1,Less time lost when laptops or email stop working,Ola Berg,consumer,user,2",
            "benefits,1,Less time lost when laptops or email stop working,Priya Raman,consumer,user,4",
        ]
    );
    // 5 + 3 + 5 + 3 ratings in the fixture.
    assert_eq!(lines.len(), 1 + 16);
    assert!(lines.contains(&"costs,1,Monthly fee per user,Jo Park,consumer,Finance,2"));
}

#[test]
fn an_anonymous_session_shows_groups_never_names_and_hides_small_groups() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("formats/format-2.ron"))
        .unwrap()
        .replace("blind: false,", "blind: false,\n    anonymous: true,")
        // A third user, so one group is big enough to show.
        .replace(
            r#"consumer: {"Marta Lopez": 4, "Ola Berg": 2, "Priya Raman": 4},"#,
            r#"consumer: {"Marta Lopez": 4, "Ola Berg": 2, "Priya Raman": 4, "Kim Lee": 5},"#,
        )
        .replace(
            r#"(name: "Ola Berg", role: Consumer, group: User),"#,
            r#"(name: "Ola Berg", role: Consumer, group: User),
        (name: "Kim Lee", role: Consumer, group: User),"#,
        );
    let file = dir.path().join("anonymous.ron");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();
    let names = [
        "Sam Okafor",
        "Lee Chen",
        "Priya Raman",
        "Ola Berg",
        "Marta Lopez",
        "Jo Park",
        "Kim Lee",
    ];

    let run = covalue(dir.path(), &["summary", file, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in names {
        assert!(!run.stdout.contains(name), "{name} in {}", run.stdout);
    }
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["anonymous"], true);
    let groups = v["dimensions"]["benefits"]["groups"].as_array().unwrap();
    let score = |group: &str| {
        groups
            .iter()
            .find(|g| g["group"] == group)
            .map(|g| g["score"].clone())
            .unwrap()
    };
    // Three users rated benefits: shown. One sponsor, one service owner: hidden.
    assert!(score("user").is_number(), "{groups:?}");
    assert_eq!(score("sponsor"), "hidden (fewer than 3)");
    assert_eq!(score("service owner"), "hidden (fewer than 3)");

    for format in ["md", "ratings-csv"] {
        let run = covalue(dir.path(), &["export", file, "--format", format]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        // The people are counted per side and group instead of named.
        assert!(
            format != "md" || run.stdout.contains("**Participants:** 1 delivery (provider), 1 service owner (provider), 1 Finance (consumer), 1 sponsor (consumer), 3 user (consumer) (anonymous)"),
            "{}",
            run.stdout
        );
        // Agreements keep the person who will act (an assignment, not an opinion): the one
        // agreement's lines may name its owner; nothing else names anyone.
        let shown: Vec<&str> = run
            .stdout
            .lines()
            .filter(|l| format != "md" || !l.contains("night-shift escalation"))
            .collect();
        for name in names {
            assert!(
                !shown.iter().any(|l| l.contains(name)),
                "{name} in the {format} export"
            );
        }
    }
    let md = covalue(dir.path(), &["export", file, "--format", "md"]).stdout;
    assert!(
        md.contains("| Benefits | consumer | sponsor | 1 | hidden (fewer than 3) |"),
        "{md}"
    );
    assert!(md.contains("| Benefits | consumer | user | 3 |"), "{md}");
    let csv = covalue(dir.path(), &["export", file, "--format", "ratings-csv"]).stdout;
    // Only the three users' benefit-1 ratings and two user ratings of benefit 2 survive.
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(
        rows.iter().all(|r| r.contains(",consumer,user,")),
        "{rows:?}"
    );
    assert_eq!(rows.len(), 5, "{rows:?}");
}

#[test]
fn check_says_which_format_a_file_is() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (
        fixture("formats/format-1.ron"),
        fixture("formats/format-2.ron"),
    );
    let run = covalue(dir.path(), &["check", &one, &two]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "{one} (format 1, written as format 2 at the next change): ok\n{two} (format 2): ok\n"
        )
    );
}

#[test]
fn merge_exits_1_listing_each_conflict_and_still_writes_a_valid_session() {
    let dir = tempfile::tempdir().unwrap();
    let base = fixture("formats/format-2.ron");
    let text = std::fs::read_to_string(&base).unwrap();
    let ours = dir.path().join("ours.ron");
    let theirs = dir.path().join("theirs.ron");
    std::fs::write(&ours, text.replace(r#""Ola Berg": 3"#, r#""Ola Berg": 1"#)).unwrap();
    std::fs::write(
        &theirs,
        text.replace(r#""Ola Berg": 3"#, r#""Ola Berg": 5"#)
            .replace(r#""Jo Park": 2, "#, r#""Jo Park": 2, "Kim Lee": 4, "#),
    )
    .unwrap();
    let out = dir.path().join("out.ron");
    let (o, t, m) = (
        ours.to_str().unwrap(),
        theirs.to_str().unwrap(),
        out.to_str().unwrap(),
    );
    let run = covalue(dir.path(), &["merge", "--base", &base, o, t, "-o", m]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[0],
        r#"Benefits 2 "Staff know where to go when something breaks": Ola Berg 1 (ours) vs 5 (theirs)"#
    );
    assert!(
        lines[1].starts_with("covalue: 1 conflict merging into"),
        "{lines:?}"
    );
    let check = covalue(dir.path(), &["check", m]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(
        check.stdout,
        format!("{m} (format 2, 1 merge conflict to resolve): ok\n")
    );
    let merged = covalue::store::load(&out).unwrap();
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(
        merged.costs[0]
            .rating
            .by(covalue::domain::Side::Consumer, "Kim Lee"),
        covalue::domain::Rating::new(4)
    );
    assert!(!covalue::store::backup_path(&out).exists());

    // Without the clash it merges cleanly; one copy alone is wrong usage.
    let run = covalue(dir.path(), &["merge", "--base", &base, &base, t, "-o", m]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, format!("Merged 2 copies into {m}.\n"));
    let run = covalue(dir.path(), &["merge", o, "-o", m]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_format_1_file_is_rewritten_only_after_a_change_and_kept_as_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.ron");
    std::fs::copy(fixture("formats/format-1.ron"), &path).unwrap();
    let original = std::fs::read_to_string(&path).unwrap();
    let p = path.to_str().unwrap();
    for args in [
        vec!["summary", p],
        vec!["check", p],
        vec!["show", p],
        vec!["export", p, "--format", "ratings-csv"],
    ] {
        assert_eq!(covalue(dir.path(), &args).code, 0, "{args:?}");
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);

    let mut session = covalue::store::load(&path).unwrap();
    session.benefits[0].rating.set_by(
        covalue::domain::Side::Consumer,
        "Ola Berg",
        covalue::domain::Rating::new(2),
    );
    covalue::store::save(&path, &session).unwrap();
    let upgraded = std::fs::read_to_string(&path).unwrap();
    assert!(upgraded.contains("format: 2,"), "{upgraded}");
    assert!(upgraded.contains(r#""Ola Berg": 2,"#), "{upgraded}");
    assert_eq!(
        std::fs::read_to_string(covalue::store::backup_path(&path)).unwrap(),
        original
    );
    // Every number is kept through the upgrade.
    let again = covalue::store::load(&path).unwrap();
    assert_eq!(again.benefits[1].rating, session.benefits[1].rating);
    assert_eq!(
        covalue::store::load(&path).unwrap().benefits[0].id,
        session.benefits[0].id
    );
}
