//! The real binary: every subcommand, its output and its exit code, including bad arguments
//! and bad files. Each test gets its own data folder through COVALUE_DATA_DIR or --data-dir.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary on the data folder `dir`, with the listing cache off, so a test run never
/// writes into the user's own cache folder.
fn covalue(dir: &Path, args: &[&str]) -> Run {
    covalue_cached(dir, Path::new(""), args)
}

/// The same with the listing cache in `cache` (an empty path turns it off).
fn covalue_cached(dir: &Path, cache: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_covalue"))
        .args(args)
        .env("COVALUE_DATA_DIR", dir)
        .env("COVALUE_CACHE_DIR", cache)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    Run {
        code: status.code().expect("exited normally"),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn new_from(dir: &Path, template: &str) -> PathBuf {
    let run = covalue(dir, &["new", "--template", template, "--no-open"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    PathBuf::from(run.stdout.trim())
}

/// A template's worked example as shipped, its title and dates as written, saved in the
/// sessions folder as `new --template` made it before a template became a starting point.
fn example_from(dir: &Path, template: &str) -> PathBuf {
    let session = covalue::store::Template::find(template)
        .unwrap()
        .instantiate(&covalue::store::new_id(), covalue::store::now());
    covalue::store::Store::new(dir.to_path_buf())
        .create(&session)
        .unwrap()
}

#[test]
fn help_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let help = covalue(dir.path(), &["--help"]);
    assert_eq!(help.code, 0);
    for command in [
        "new",
        "open",
        "review",
        "list",
        "summary",
        "export",
        "check",
        "compare",
        "templates",
        "--data-dir",
    ] {
        assert!(help.stdout.contains(command), "help lists {command}");
    }
    let version = covalue(dir.path(), &["--version"]);
    assert_eq!((version.code, version.stdout.trim()), (0, "covalue 0.1.0"));
    assert_eq!(covalue(dir.path(), &["export", "--help"]).code, 0);
}

#[test]
fn wrong_usage_exits_2_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["frobnicate"][..],
        &["summary"],
        &["summary", "x", "--format", "xml"],
        // `export x` alone is now a Markdown export (issue 8); a format that does not exist is not.
        &["export", "x", "--format", "pdf"],
        &["new", "--mode", "alone", "--no-open"],
        &["check"],
        &["new", "--template", "no-such-template", "--no-open"],
    ] {
        let run = covalue(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            !run.stderr.is_empty() && !run.stderr.contains("panicked"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let run = covalue(
        dir.path(),
        &["new", "--template", "no-such-template", "--no-open"],
    );
    assert!(
        run.stderr
            .contains("service-desk, cloud-hosting, secure-backup, reporting-tool"),
        "{}",
        run.stderr
    );
}

#[test]
fn templates_are_listed_one_per_line_name_first() {
    let dir = tempfile::tempdir().unwrap();
    let run = covalue(dir.path(), &["templates"]);
    assert_eq!(run.code, 0);
    let names: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "service-desk",
            "cloud-hosting",
            "secure-backup",
            "reporting-tool"
        ]
    );
}

#[test]
fn new_creates_a_session_file_and_prints_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let run = covalue(
        dir.path(),
        &[
            "new",
            "--title",
            "Q1 review",
            "--service",
            "Payroll",
            "--mode",
            "consumer",
            "--no-open",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = PathBuf::from(run.stdout.trim());
    assert!(
        path.starts_with(dir.path()) && path.exists(),
        "{}",
        path.display()
    );
    assert!(
        path.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("q1-review-")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("title: \"Q1 review\"") && text.contains("service: \"Payroll\""),
        "{text}"
    );
    assert!(text.contains("mode: ConsumerSelfAssessment"), "{text}");

    let from_template = new_from(dir.path(), "secure-backup");
    let text = std::fs::read_to_string(from_template).unwrap();
    assert!(text.contains("Ransomware encrypts the file servers"));
    assert!(
        !text.contains("id: \"template\""),
        "a new session gets its own id"
    );
}

const TEMPLATE_NAMES: [&str; 4] = [
    "service-desk",
    "cloud-hosting",
    "secure-backup",
    "reporting-tool",
];

#[test]
fn new_from_a_template_gives_items_to_rate_and_nothing_of_another_room() {
    let dir = tempfile::tempdir().unwrap();
    for name in TEMPLATE_NAMES {
        let path = new_from(dir.path(), name);
        let s = covalue::store::load(&path).unwrap();
        assert!(s.rated_items().count() > 0, "{name}: items to rate");
        assert!(!s.context.is_empty(), "{name}: its context");
        assert!(
            s.rated_items().all(|i| i.rating.is_empty()),
            "{name}: no ratings"
        );
        assert!(s.agreements.is_empty(), "{name}: no agreements");
        assert!(
            s.closing.answers().iter().all(|(_, a)| a.is_empty()),
            "{name}"
        );
        assert!(s.notes.is_empty() && s.resolutions.is_empty(), "{name}");
        assert!(s.time_spent.is_empty(), "{name}");
        assert!(
            s.participants.is_empty(),
            "{name}: the example's people stay there"
        );
        assert!(s.blind, "{name}: blind, like a blank workshop");
        let p = path.to_str().unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&covalue(dir.path(), &["summary", p, "--format", "json"]).stdout)
                .unwrap();
        assert!(v["value_index"].is_null(), "{name}: {v}");
        assert!(v["discuss"].as_array().unwrap().is_empty(), "{name}");
    }
}

/// Every key and value of `expected` is in `actual` (keys added since may be there too; lists
/// keep their length and order).
fn holds(actual: &serde_json::Value, expected: &serde_json::Value, path: &str) {
    use serde_json::Value;
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            for (key, value) in e {
                holds(&a[key.as_str()], value, &format!("{path}.{key}"));
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "{path}: {actual}");
            for (i, (a, e)) in a.iter().zip(e).enumerate() {
                holds(a, e, &format!("{path}[{i}]"));
            }
        }
        // Numbers agree to 1e-9: the exact arithmetic of thresholds (issue 15) rounds once
        // instead of at every step, which moves some values in their last binary digit.
        (Value::Number(a), Value::Number(e)) => {
            let (a, e) = (a.as_f64().unwrap(), e.as_f64().unwrap());
            assert!(
                (a - e).abs() <= 1e-9 * e.abs().max(1.0),
                "{path}: {a} vs {e}"
            );
        }
        _ => assert_eq!(actual, expected, "{path}"),
    }
}

#[test]
fn new_with_example_gives_the_worked_example_with_its_numbers_and_todays_dates() {
    let dir = tempfile::tempdir().unwrap();
    let today = covalue::store::now().date();
    for name in TEMPLATE_NAMES {
        let run = covalue(
            dir.path(),
            &["new", "--template", name, "--example", "--no-open"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let path = PathBuf::from(run.stdout.trim());
        let s = covalue::store::load(&path).unwrap();
        assert!(s.title.ends_with("(example)"), "{name}: {}", s.title);
        assert!(!s.agreements.is_empty(), "{name}");
        assert!(
            s.agreements.iter().all(|a| !a.is_overdue(today)),
            "{name}: nothing overdue on the day it is made"
        );
        for rater in s.raters() {
            assert!(
                s.participants
                    .iter()
                    .any(|p| p.name == rater.name && p.role.side() == Some(rater.side)),
                "{name}: {} rates but is not in Setup",
                rater.name
            );
        }
        // The numbers are the ones the template always gave (written before the raters were
        // named after its participants).
        let v: serde_json::Value = serde_json::from_str(
            &covalue(
                dir.path(),
                &["summary", path.to_str().unwrap(), "--format", "json"],
            )
            .stdout,
        )
        .unwrap();
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(fixture(&format!("expected/templates/{name}-summary.json")))
                .unwrap(),
        )
        .unwrap();
        for (key, value) in expected.as_object().unwrap() {
            holds(&v[key], value, &format!("{name}: {key}"));
        }
    }
    let run = covalue(
        dir.path(),
        &[
            "new",
            "--template",
            "service-desk",
            "--example",
            "--title",
            "Demo for the board",
            "--no-open",
        ],
    );
    let s = covalue::store::load(Path::new(run.stdout.trim())).unwrap();
    assert_eq!(s.title, "Demo for the board (example)");
    let run = covalue(dir.path(), &["new", "--example", "--no-open"]);
    assert_eq!(run.code, 2, "an example of what? {}", run.stderr);
    let help = covalue(dir.path(), &["new", "--help"]).stdout;
    let line = help.lines().find(|l| l.contains("--example")).unwrap_or("");
    assert!(line.contains("worked example"), "{help}");
}

#[test]
fn the_data_dir_flag_beats_the_environment() {
    let env_dir = tempfile::tempdir().unwrap();
    let flag_dir = tempfile::tempdir().unwrap();
    let run = covalue(
        env_dir.path(),
        &[
            "--data-dir",
            flag_dir.path().to_str().unwrap(),
            "new",
            "--no-open",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .trim()
            .starts_with(flag_dir.path().to_str().unwrap())
    );
    assert_eq!(std::fs::read_dir(env_dir.path()).unwrap().count(), 0);
}

#[test]
fn list_shows_every_session_and_every_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    let empty = covalue(dir.path(), &["list"]);
    assert_eq!(empty.code, 0);
    assert!(empty.stdout.contains("No sessions"), "{}", empty.stdout);

    example_from(dir.path(), "service-desk");
    example_from(dir.path(), "reporting-tool");
    std::fs::copy(fixture("bad/syntax.ron"), dir.path().join("broken.ron")).unwrap();
    let text = covalue(dir.path(), &["list"]);
    assert_eq!(text.code, 0);
    let lines: Vec<&str> = text.stdout.lines().collect();
    // A header row, then each session on a row with its file on the line below (issue 8).
    assert_eq!(lines.len(), 6, "{}", text.stdout);
    assert!(lines[0].starts_with("ID") && lines[0].ends_with("VALUE ALIGN"));
    let desk = lines
        .iter()
        .find(|l| l.contains("Service desk value review"))
        .unwrap();
    assert!(desk.ends_with("   60    78"), "{desk}");
    assert!(
        lines[5].starts_with("unreadable") && lines[5].contains("broken.ron:5:5:"),
        "{}",
        lines[5]
    );
    for line in &lines {
        assert!(unicode_width(line) <= 80, "too wide: {line:?}");
        assert!(
            !line.contains(&dir.path().display().to_string()),
            "paths are relative to the sessions folder: {line}"
        );
    }

    let json = covalue(dir.path(), &["list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().any(|r| {
        r["error"]
            .as_str()
            .is_some_and(|e| e.contains("expected a `,`"))
    }));
    assert!(
        rows.iter()
            .any(|r| r["title"] == "Reporting tool: value check" && r["value_index"].is_number())
    );
}

#[test]
fn summary_as_text_fits_80_columns_and_as_json_has_the_contract_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_from(dir.path(), "cloud-hosting");
    let text = covalue(dir.path(), &["summary", path.to_str().unwrap()]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    for line in text.stdout.lines() {
        assert!(unicode_width(line) <= 80, "too wide: {line:?}");
    }
    assert!(
        text.stdout.contains("Value index   64 / 100"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("Discuss next"));

    let id = path
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .rsplit('-')
        .next()
        .unwrap()
        .to_string();
    let json = covalue(dir.path(), &["summary", &id[..4], "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(
        v["value_index"]
            .as_f64()
            .is_some_and(|x| (0.0..=100.0).contains(&x))
    );
    assert!(v["alignment"].is_number());
    for d in [
        "benefits",
        "usefulness",
        "importance",
        "outcomes",
        "costs",
        "risks",
    ] {
        for key in [
            "provider",
            "consumer",
            "items",
            "rated_provider",
            "rated_consumer",
        ] {
            assert!(!v["dimensions"][d][key].is_null(), "dimensions.{d}.{key}");
        }
    }
    for key in ["outcomes_achieved", "costs_acceptable", "risks_managed"] {
        assert!(
            ["holds", "at_risk", "fails"].contains(&v["vocr"][key].as_str().unwrap()),
            "{key}"
        );
    }
    assert!(
        v["risk_exposure"]["mitigated"].is_number() && v["risk_exposure"]["introduced"].is_number()
    );
    let first = &v["discuss"][0];
    for key in ["step", "text", "provider", "consumer", "gap"] {
        assert!(!first[key].is_null(), "discuss[0].{key}");
    }
}

fn unicode_width(line: &str) -> usize {
    line.chars()
        .map(|c| {
            if ('\u{1100}'..='\u{ffdc}').contains(&c) && !('\u{2000}'..='\u{2bff}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn an_empty_session_summarises_with_missing_values_as_null() {
    let dir = tempfile::tempdir().unwrap();
    let path = covalue(dir.path(), &["new", "--no-open"])
        .stdout
        .trim()
        .to_string();
    let v: serde_json::Value =
        serde_json::from_str(&covalue(dir.path(), &["summary", &path, "--format", "json"]).stdout)
            .unwrap();
    assert!(v["value_index"].is_null() && v["alignment"].is_null());
    assert!(v["vocr"]["outcomes_achieved"].is_null());
    assert!(v["dimensions"]["benefits"]["provider"].is_null());
    let text = covalue(dir.path(), &["summary", &path]);
    assert!(text.stdout.contains("nothing rated yet"), "{}", text.stdout);
}

#[test]
fn bad_files_and_unknown_sessions_exit_1_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let bad = fixture("bad/rating.ron");
    let run = covalue(dir.path(), &["summary", &bad]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr.trim(),
        format!("covalue: {bad}:8:45: 7 is not a rating: expected a whole number from 1 to 5")
    );
    let run = covalue(dir.path(), &["export", "zzzz", "--format", "md"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("no session file or session id matches \"zzzz\""),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
}

/// A trial's find: an item given another's id by hand passed `check`, and the note naming
/// the other item showed on it in the report and on screen (while `show` named the right
/// one), then vanished from both when that item was deleted.
#[test]
fn an_item_copied_with_its_id_keeps_no_one_elses_note_and_check_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_from(dir.path(), "cloud-hosting");
    let session = covalue::store::load(&path).unwrap();
    let (first, second) = (&session.benefits[0], &session.benefits[1]);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        &format!("id: {:?}", first.id),
        &format!("id: {:?}", second.id),
        1,
    );
    let text = text.replacen(
        "    closing: (",
        &format!(
            "    notes: [(step: Benefits, item_id: {:?}, item: {:?}, note: \"Finance loves it\")],\n    closing: (",
            second.id, second.text
        ),
        1,
    );
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();

    let run = covalue(dir.path(), &["check", file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "warning: Benefits 2 {:?} has the id {:?} of Benefits 1 {:?}",
            second.text, second.id, first.text
        )),
        "{}",
        run.stdout
    );
    // The report's row of the second benefit holds the note; the first's does not.
    let run = covalue(dir.path(), &["export", file]);
    let row = |text: &str| {
        run.stdout
            .lines()
            .find(|l| l.starts_with(&format!("| {text}")))
            .unwrap_or_else(|| panic!("no row for {text}: {}", run.stdout))
            .to_string()
    };
    assert!(
        row(&second.text).contains("Finance loves it"),
        "{}",
        run.stdout
    );
    assert!(
        !row(&first.text).contains("Finance loves it"),
        "{}",
        run.stdout
    );
    let loaded = covalue::store::load(&path).unwrap();
    let note = &loaded.notes[0];
    assert_eq!(
        Some(note.item_id.as_str()),
        loaded.item_id(covalue::domain::Step::Benefits, 1)
    );
}

/// A trial's find: a rating under a participant's name typed with two spaces passed
/// `check` as ok, though it counts as a stranger's (Setup lists it).
#[test]
fn check_warns_of_ratings_by_no_participant_and_names_the_likely_one() {
    let dir = tempfile::tempdir().unwrap();
    let run = covalue(
        dir.path(),
        &[
            "new",
            "--template",
            "cloud-hosting",
            "--example",
            "--no-open",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = PathBuf::from(run.stdout.trim());
    let session = covalue::store::load(&path).unwrap();
    let provider = session
        .participants
        .iter()
        .find(|p| p.role == covalue::domain::Role::Provider)
        .unwrap()
        .name
        .clone();
    let typo = provider.replacen(' ', "  ", 1);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(&format!("{provider:?}: "), &format!("{typo:?}: "), 1);
    std::fs::write(&path, text).unwrap();
    let run = covalue(dir.path(), &["check", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "warning: 1 rating by {typo:?}, who is no provider participant (is it {provider:?}?)"
        )),
        "{}",
        run.stdout
    );
}

/// A trial's find: a text whose closing quote was missing was reported two lines later, at
/// the next field's text, as "expected a `,`". The error now points where the quote opened.
#[test]
fn a_quote_left_open_is_named_where_it_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_from(dir.path(), "cloud-hosting");
    let text = std::fs::read_to_string(&path).unwrap();
    let session = covalue::store::load(&path).unwrap();
    let item = &session.benefits[0].text;
    let (before, _) = text.split_once(&format!("text: {item:?}")).unwrap();
    let line = before.lines().count();
    let column = before.lines().last().unwrap().chars().count() + "text: ".len() + 1;
    std::fs::write(
        &path,
        text.replacen(&format!("text: {item:?},"), &format!("text: \"{item},"), 1),
    )
    .unwrap();
    let run = covalue(dir.path(), &["check", path.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(&format!(
            ":{line}:{column}: this text in double quotes runs on to line {}: is its closing `\"` missing?",
            line + 2
        )),
        "{}",
        run.stderr
    );
}

/// A trial's find: `compare NEW OLD` said nothing, and read every closed gap as opened and a
/// done action as overdue. The later session first is now named on stderr.
#[test]
fn compare_warns_when_the_later_session_comes_first() {
    let dir = tempfile::tempdir().unwrap();
    let old = new_from(dir.path(), "service-desk");
    let first = covalue::store::load(&old).unwrap();
    let next = covalue::domain::follow_up::follow_up(
        &first,
        "next0001",
        "Next review",
        covalue::domain::Timestamp::from_unix(first.created.unix + 86_400),
    );
    let new = dir.path().join("next.ron");
    covalue::store::save(&new, &next).unwrap();
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let right = covalue(dir.path(), &["compare", old, new]);
    assert_eq!(right.code, 0, "{}", right.stderr);
    assert!(!right.stderr.contains("later than"), "{}", right.stderr);
    let swapped = covalue(dir.path(), &["compare", new, old]);
    assert_eq!(swapped.code, 0, "{}", swapped.stderr);
    assert!(
        swapped.stderr.contains("\"Next review\"")
            && swapped
                .stderr
                .contains("compare takes the earlier session first: compare OLD NEW"),
        "{}",
        swapped.stderr
    );
}

#[test]
fn exports_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_from(dir.path(), "service-desk");
    let p = path.to_str().unwrap();

    let md = covalue(dir.path(), &["export", p, "--format", "md"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    for part in [
        "# Service desk value review",
        "**Service:** Managed IT service desk",
        "Dana Whitfield (facilitator)",
        // The report as issue 8 laid it out: scores table, actions at the top, the heat maps
        // as counts by exposure band rather than grids of dots, the timers only when used.
        "## Scores",
        "| Benefits |",
        "## Discuss next",
        "## Risks",
        "Exposure: 12",
        "## Agreements",
        "Sam Okafor",
        "## Closing answers",
        "**Value index: 60 / 100**",
        "## Open actions",
        "- [ ] Add a night-shift escalation number to the desk page — Sam Okafor (provider), due 2026-11-16",
        "**Risk picture**",
        "| Risks | High (15–25) | Medium (8–14) | Low (1–7) | Total exposure |",
        "| Mitigated | 0 | 2 | 0 | 22 |",
        "## Importance and performance",
        "| keep it up | Password resets handled within minutes | Usefulness | 100 | 100 |",
    ] {
        assert!(md.stdout.contains(part), "the report has {part:?}");
    }

    let csv = covalue(dir.path(), &["export", p, "--format", "csv"]);
    let mut lines = csv.stdout.lines();
    assert_eq!(lines.next(), Some("step,text,kind,provider,consumer,gap"));
    assert_eq!(lines.clone().count(), 20, "one row per rated item");
    assert!(
        csv.stdout
            .contains("benefits,Less time lost when laptops or email stop working,tangible,5,4,1"),
        "{}",
        csv.stdout
    );
    assert!(
        csv.stdout
            .contains("risks,Remote access tools widen the attack surface,introduced,4,2,2")
    );

    let json = covalue(dir.path(), &["export", p, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["title"], "Service desk value review");
    assert_eq!(v["benefits"].as_array().unwrap().len(), 4);

    let out = dir.path().join("report.md");
    let run = covalue(
        dir.path(),
        &["export", p, "--format", "md", "-o", out.to_str().unwrap()],
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), md.stdout);
}

#[test]
fn csv_quotes_what_needs_quoting_and_leaves_unrated_blank() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("quotes.ron");
    std::fs::write(
        &file,
        r#"(format: 1, id: "quote001", title: "Q", outcomes: [(text: "Faster, \"better\"
fixes", rating: (consumer: 2, revealed: true))])"#,
    )
    .unwrap();
    let csv = covalue(
        dir.path(),
        &["export", file.to_str().unwrap(), "--format", "csv"],
    );
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert_eq!(
        csv.stdout,
        "step,text,kind,provider,consumer,gap\noutcomes,\"Faster, \"\"better\"\"\nfixes\",,,2,\n"
    );
}

#[test]
fn check_reports_every_bad_file_as_path_line_column() {
    let dir = tempfile::tempdir().unwrap();
    let good = new_from(dir.path(), "service-desk");
    let ok = covalue(dir.path(), &["check", good.to_str().unwrap()]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(ok.stdout.ends_with(": ok\n"));

    let (syntax, unknown) = (
        fixture("bad/syntax.ron"),
        fixture("bad/unknown_variant.ron"),
    );
    let run = covalue(
        dir.path(),
        &["check", good.to_str().unwrap(), &syntax, &unknown],
    );
    assert_eq!(run.code, 1);
    let errors: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        errors[0],
        format!("{syntax}:5:5: expected a `,` between two fields or items here")
    );
    assert!(errors[1].starts_with(&format!(
        "{unknown}:8:21: `Reduced` is not a valid risk effect"
    )));
    assert_eq!(errors[2], "covalue: 2 of 3 files failed the check");
    let missing = covalue(dir.path(), &["check", "/no/such/file.ron"]);
    assert_eq!(missing.code, 1);
    assert!(
        missing
            .stderr
            .contains("/no/such/file.ron: it does not exist"),
        "{}",
        missing.stderr
    );
}

#[test]
fn compare_shows_scores_items_and_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let old = example_from(dir.path(), "service-desk");
    // The next workshop: the night-shift gap is closed, one benefit is reworded, one is new.
    let mut next = covalue::store::load(&old).unwrap();
    let night = next
        .usefulness
        .iter_mut()
        .find(|u| u.text.starts_with("Out-of-hours"))
        .unwrap();
    use covalue::domain::Side;
    // The example's raters are its participants, Sam (provider) and Priya (consumer).
    let provider = night.rating.by(Side::Provider, "Sam Okafor");
    night.rating.set_by(Side::Consumer, "Priya Raman", provider);
    next.benefits[1].text = "Staff always know where to go".into();
    next.benefits.push(covalue::domain::Benefit {
        text: "Laptops are replaced before they fail".into(),
        ..Default::default()
    });
    let new_path = dir.path().join("next.ron");
    covalue::store::save(&new_path, &next).unwrap();

    let run = covalue(
        dir.path(),
        &["compare", old.to_str().unwrap(), new_path.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Added (2)")
            && run.stdout.contains("Laptops are replaced before they fail"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Removed (1)"));
    assert!(
        run.stdout.contains("Gaps closed (1)") && run.stdout.contains("Out-of-hours cover"),
        "{}",
        run.stdout
    );

    let json = covalue(
        dir.path(),
        &[
            "compare",
            old.to_str().unwrap(),
            new_path.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["gaps_closed"][0]["old_gap"], 2);
    assert_eq!(v["gaps_closed"][0]["new_gap"], 0);
    assert!(v["alignment"]["change"].as_f64().unwrap() > 0.0);
    assert!(v["dimensions"]["usefulness"]["consumer"]["new"].is_number());
}

#[test]
fn escape_sequences_from_a_file_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evil.ron");
    std::fs::write(
        &file,
        "(format: 1, id: \"evil0001\", title: \"Hi\u{1b}]0;owned\u{7}\u{1b}[2J\", service: \"\u{9b}31mred\", outcomes: [(text: \"x\u{1b}[5m\", rating: (provider: 1, consumer: 5))])",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    for args in [
        &["list"][..],
        &["summary", f],
        &["export", f, "--format", "md"],
        &["export", f, "--format", "csv"],
        &["compare", f, f],
    ] {
        let run = covalue(dir.path(), args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            !run.stdout.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "{args:?} let a control character through: {:?}",
            run.stdout
        );
    }
    let json = covalue(dir.path(), &["summary", f, "--format", "json"]);
    assert!(
        !json.stdout.contains('\u{1b}'),
        "JSON escapes control characters"
    );
    assert!(json.stdout.contains("\\u001b"));
}

#[test]
fn new_from_an_earlier_session_carries_open_agreements_and_clears_ratings() {
    let dir = tempfile::tempdir().unwrap();
    let old = example_from(dir.path(), "cloud-hosting");
    let hint = covalue(
        dir.path(),
        &["new", "--service", "Managed cloud hosting", "--no-open"],
    );
    assert!(
        hint.stderr
            .contains("already has sessions; `covalue new --from"),
        "{}",
        hint.stderr
    );
    let run = covalue(
        dir.path(),
        &["new", "--from", old.to_str().unwrap(), "--no-open"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = covalue::store::load(std::path::Path::new(run.stdout.trim())).unwrap();
    assert_eq!(s.title, "Managed cloud hosting follow-up");
    assert_eq!(s.service, "Managed cloud hosting");
    assert!(s.rated_items().all(|i| i.rating.is_empty()));
    let carried: Vec<&str> = s.agreements.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        carried,
        [
            "Offer self-service firewall changes for pre-approved rules",
            "Write down an exit plan with data export formats"
        ],
        "the done one stays behind"
    );
    assert!(s.agreements.iter().all(|a| a.carried));
    let both = covalue(
        dir.path(),
        &[
            "new",
            "--from",
            "x",
            "--template",
            "service-desk",
            "--no-open",
        ],
    );
    assert_eq!(both.code, 2);
}

fn write_session(
    dir: &Path,
    name: &str,
    edit: impl FnOnce(&mut covalue::domain::Session),
) -> PathBuf {
    let mut session = covalue::store::Template::find("service-desk")
        .unwrap()
        .instantiate(name, covalue::domain::Timestamp::from_unix(1_800_000_000));
    edit(&mut session);
    let path = dir.join(format!("{name}.ron"));
    covalue::store::save(&path, &session).unwrap();
    path
}

#[test]
fn list_never_shows_a_number_from_a_hidden_rating_and_marks_partial_sessions() {
    let dir = tempfile::tempdir().unwrap();
    // A follow-up with one provider rating, not revealed: it used to show "value 50".
    write_session(dir.path(), "followup", |s| {
        s.title = "Follow-up".into();
        s.clear_ratings();
        s.blind = true;
        s.costs[0].rating.set(
            covalue::domain::Side::Provider,
            covalue::domain::Rating::new(3),
        );
    });
    let run = covalue(dir.path(), &["list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let row = run.stdout.lines().nth(1).unwrap();
    assert!(row.ends_with("workshop      –     –"), "{row:?}");
    let below = run.stdout.lines().nth(2).unwrap();
    assert!(
        below.contains("followup.ron") && below.contains("partial: 1 rating not revealed yet"),
        "{below}"
    );
    let json = covalue(dir.path(), &["list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(rows[0]["value_index"].is_null(), "{}", json.stdout);
    assert_eq!(rows[0]["partial"], true);
    assert_eq!(rows[0]["hidden_ratings"], 1);
    assert_eq!(rows[0]["file"], "followup.ron");
}

#[test]
fn a_session_is_found_by_a_unique_part_of_its_title() {
    let dir = tempfile::tempdir().unwrap();
    new_from(dir.path(), "service-desk");
    new_from(dir.path(), "cloud-hosting");
    let run = covalue(dir.path(), &["summary", "desk VALUE"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Service desk value review"),
        "{}",
        run.stdout
    );
    // "E" is in both titles (any case), and cannot be an id prefix: ids are lower case.
    let both = covalue(dir.path(), &["summary", "E"]);
    assert_eq!(both.code, 1);
    assert!(
        both.stderr.contains("several sessions")
            && both.stderr.contains("Service desk value review")
            && both.stderr.contains("Cloud hosting renewal workshop"),
        "{}",
        both.stderr
    );
    // A whole title wins over longer titles that contain it.
    write_session(dir.path(), "short001", |s| s.title = "Service desk".into());
    let whole = covalue(dir.path(), &["summary", "SERVICE DESK"]);
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    assert!(
        whole.stdout.starts_with("Service desk\n"),
        "{}",
        whole.stdout
    );
    let none = covalue(dir.path(), &["summary", "payroll"]);
    assert_eq!(none.code, 1);
    assert!(
        none.stderr.contains("matches \"payroll\""),
        "{}",
        none.stderr
    );
    // A file name as `list` shows it works from any folder.
    let listed = covalue(dir.path(), &["list"]);
    let file = listed.stdout.lines().nth(2).unwrap().trim().to_string();
    let by_file = covalue(dir.path(), &["summary", &file]);
    assert_eq!(by_file.code, 0, "{file}: {}", by_file.stderr);
}

#[test]
fn export_defaults_to_the_markdown_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_from(dir.path(), "secure-backup");
    let run = covalue(dir.path(), &["export", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("# "), "{}", run.stdout);
    let md = covalue(
        dir.path(),
        &["export", path.to_str().unwrap(), "--format", "md"],
    );
    assert_eq!(run.stdout, md.stdout);
}

#[test]
fn compare_warns_when_the_services_differ() {
    let dir = tempfile::tempdir().unwrap();
    let desk = new_from(dir.path(), "service-desk");
    let cloud = new_from(dir.path(), "cloud-hosting");
    let run = covalue(
        dir.path(),
        &["compare", desk.to_str().unwrap(), cloud.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("different services") && run.stderr.contains("Managed cloud hosting"),
        "{}",
        run.stderr
    );
    let same = covalue(
        dir.path(),
        &["compare", desk.to_str().unwrap(), desk.to_str().unwrap()],
    );
    assert!(same.stderr.is_empty(), "{}", same.stderr);
}

#[test]
fn a_data_dir_above_the_sessions_folder_says_where_the_sessions_are() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("sessions");
    new_from(&sessions, "service-desk");
    let help = covalue(dir.path(), &["--help"]);
    assert!(
        help.stdout.contains("holds the session files themselves"),
        "{}",
        help.stdout
    );
    let run = covalue(dir.path(), &["list"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("No sessions"));
    assert!(
        run.stderr
            .contains(&format!("--data-dir {}", sessions.display())),
        "{}",
        run.stderr
    );
    let missing = covalue(dir.path(), &["summary", "desk"]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains(&sessions.display().to_string()),
        "{}",
        missing.stderr
    );
}

#[test]
fn hostile_file_names_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // OSC 0 retitles the terminal, OSC 52 sets the clipboard.
    let evil_dir = dir
        .path()
        .join("x\u{1b}]0;owned\u{7}\u{1b}]52;c;ZWNobyBoaQ==\u{7}");
    std::fs::create_dir(&evil_dir).unwrap();
    let file = evil_dir.join("s\u{9b}2J.ron");
    std::fs::copy(fixture("formats/format-1.ron"), &file).unwrap();
    let bad = evil_dir.join("b\u{1b}[5m.ron");
    std::fs::copy(fixture("bad/syntax.ron"), &bad).unwrap();
    let evil = evil_dir.to_str().unwrap();
    for args in [
        vec!["check", file.to_str().unwrap(), bad.to_str().unwrap()],
        vec!["--data-dir", evil, "list"],
        vec![
            "--data-dir",
            evil,
            "new",
            "--title",
            "t\u{1b}[2J",
            "--no-open",
        ],
        vec!["--data-dir", &format!("{evil}/empty"), "list"],
        vec!["--data-dir", evil, "summary", "nothing-like-it"],
        // Wrong usage quotes the argument back.
        vec!["frobnicate\u{1b}]0;owned\u{7}"],
        vec!["summary", "x", "--format", "\u{9b}2J"],
    ] {
        let run = covalue(dir.path(), &args);
        for (name, stream) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            assert!(
                !stream.contains(['\u{1b}', '\u{7}', '\u{9b}']),
                "{args:?} let a control character through on {name}: {stream:?}"
            );
        }
    }
}

#[test]
fn compare_lists_actions_completed_since_and_flags_overdue_ones() {
    let dir = tempfile::tempdir().unwrap();
    let old = example_from(dir.path(), "service-desk");
    let follow = covalue(
        dir.path(),
        &["new", "--from", old.to_str().unwrap(), "--no-open"],
    );
    assert_eq!(follow.code, 0, "{}", follow.stderr);
    let new_path = PathBuf::from(follow.stdout.trim());
    let mut next = covalue::store::load(&new_path).unwrap();
    let done = next
        .agreements
        .iter_mut()
        .find(|a| a.text.starts_with("Add a night-shift escalation number"))
        .unwrap();
    done.status = covalue::domain::AgreementStatus::Done;
    covalue::store::save(&new_path, &next).unwrap();

    let run = covalue(
        dir.path(),
        &["compare", old.to_str().unwrap(), new_path.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = |heading: &str| -> Vec<String> {
        run.stdout
            .split(heading)
            .nth(1)
            .unwrap_or_else(|| panic!("{heading} missing: {}", run.stdout))
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .map(|l| l.trim().to_string())
            .collect()
    };
    assert_eq!(
        after("Actions completed since the previous session (1)"),
        ["Add a night-shift escalation number to the desk page"]
    );
    // Due 2026-11-09, still open: overdue from then on; the completed one is not.
    let overdue = after("Overdue actions (open, due before ");
    assert!(
        overdue.iter().any(
            |l| l.starts_with("Remind staff to raise tickets") && l.ends_with("due 2026-11-09")
        ),
        "{}",
        run.stdout
    );
    assert!(!overdue.iter().any(|l| l.contains("night-shift")));

    let json = covalue(
        dir.path(),
        &[
            "compare",
            old.to_str().unwrap(),
            new_path.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        v["completed_actions"][0],
        "Add a night-shift escalation number to the desk page"
    );
    assert!(
        v["overdue_actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["due"] == "2026-11-09")
    );
}

#[test]
fn json_output_escapes_c1_controls_and_bidi_marks_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let title = "Q4 \u{9b}31m review \u{202E}fdp.exe\u{2066}";
    let path = write_session(dir.path(), "bidi0001", |s| s.title = title.into());
    let p = path.to_str().unwrap();
    for args in [
        vec!["summary", p, "--format", "json"],
        vec!["export", p, "--format", "json"],
        vec!["list", "--format", "json"],
        vec!["compare", p, p, "--format", "json"],
    ] {
        let run = covalue(dir.path(), &args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            !run.stdout.contains(['\u{9b}', '\u{202E}', '\u{2066}']),
            "{args:?} wrote a control raw"
        );
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        if args[0] != "compare" {
            let back = [&v["session"]["title"], &v["title"], &v[0]["title"]]
                .into_iter()
                .find(|t| t.is_string())
                .unwrap()
                .clone();
            assert_eq!(back, title, "{args:?}");
            assert!(run.stdout.contains("\\u009b") && run.stdout.contains("\\u202e"));
        }
    }
}

#[test]
fn export_to_a_file_writes_a_report_not_a_session() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let session = new_from(dir.path(), "service-desk");
    let p = session.to_str().unwrap();
    let out = dir.path().join("report.md");
    for _ in 0..2 {
        let run = covalue(
            dir.path(),
            &["export", p, "--format", "md", "-o", out.to_str().unwrap()],
        );
        assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    }
    // Written twice, and still no backup beside it: a report is not a session.
    assert!(!covalue::store::backup_path(&out).exists());
    // The user's normal mode (0666 less the umask), not a session's owner-only one.
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode & 0o600, 0o600);
    assert_ne!(mode, 0o600, "a report is as open as the umask allows");
    // A device is written straight through, so `-o /dev/stdout` is standard output.
    let run = covalue(
        dir.path(),
        &["export", p, "--format", "csv", "-o", "/dev/stdout"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("step,text,kind,provider,consumer,gap")
    );
}

#[test]
fn list_through_its_cache_reads_the_same_and_notices_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let desk = new_from(dir.path(), "service-desk");
    let session = new_from(dir.path(), "reporting-tool");
    // Files changed in the last seconds are never cached (their time may not have settled):
    // age them, so the warm run really reads its rows from the cache.
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for file in [&desk, &session] {
        let f = std::fs::File::options().write(true).open(file).unwrap();
        f.set_modified(hour_ago).unwrap();
    }
    let uncached = covalue(dir.path(), &["list", "--format", "json"]);
    let cold = covalue_cached(dir.path(), cache.path(), &["list", "--format", "json"]);
    let warm = covalue_cached(dir.path(), cache.path(), &["list", "--format", "json"]);
    assert_eq!(cold.code, 0, "{}", cold.stderr);
    assert_eq!(cold.stdout, uncached.stdout);
    assert_eq!(warm.stdout, uncached.stdout);
    let caches: Vec<_> = std::fs::read_dir(cache.path().join("lists"))
        .expect("the cache lives where COVALUE_CACHE_DIR says")
        .map(|e| e.unwrap().path())
        .collect();
    let cached = std::fs::read_to_string(&caches[0]).unwrap();
    assert!(cached.contains("Reporting tool: value check"), "{cached}");
    // An edit (a new size) is seen at once.
    let mut s = covalue::store::load(&session).unwrap();
    s.title = "Renamed".into();
    covalue::store::save(&session, &s).unwrap();
    let after = covalue_cached(dir.path(), cache.path(), &["list"]);
    assert!(after.stdout.contains("Renamed"), "{}", after.stdout);
}

#[test]
fn a_follow_up_of_a_session_without_a_service_is_named_after_its_title() {
    let dir = tempfile::tempdir().unwrap();
    let made = covalue(
        dir.path(),
        &["new", "--title", "Quarterly review", "--no-open"],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let run = covalue(
        dir.path(),
        &["new", "--from", made.stdout.trim(), "--no-open"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = covalue::store::load(Path::new(run.stdout.trim())).unwrap();
    assert_eq!(s.title, "Quarterly review follow-up");
}

/// A blind workshop with one item revealed (provider 4, consumer 2) and one not yet revealed
/// (provider 1, consumers 5 and 5 by two people): 3 ratings the room has not seen.
fn half_revealed(dir: &Path) -> PathBuf {
    use covalue::domain::{Rating, Side};
    write_session(dir, "halfshow", |s| {
        s.title = "Half revealed".into();
        s.clear_ratings();
        s.blind = true;
        s.mode = covalue::domain::Mode::Workshop;
        let seen = &mut s.outcomes[0].rating;
        seen.set(Side::Provider, Rating::new(4));
        seen.set(Side::Consumer, Rating::new(2));
        seen.revealed = true;
        let hidden = &mut s.outcomes[1].rating;
        hidden.set(Side::Provider, Rating::new(1));
        hidden.set_by(Side::Consumer, "Priya", Rating::new(5));
        hidden.set_by(Side::Consumer, "Ola", Rating::new(5));
    })
}

#[test]
fn summary_leaves_out_ratings_not_yet_revealed_and_says_how_many() {
    let dir = tempfile::tempdir().unwrap();
    let path = half_revealed(dir.path());
    let file = path.to_str().unwrap();
    let text = covalue(dir.path(), &["summary", file]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .contains("3 ratings not yet revealed are left out."),
        "{}",
        text.stdout
    );
    // Only the revealed item counts: provider 75, consumer 25, one gap of 2.
    assert!(text.stdout.contains("Outcomes     75 "), "{}", text.stdout);
    assert!(text.stdout.contains("1/1 of"), "{}", text.stdout);
    let json = covalue(dir.path(), &["summary", file, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["hidden_ratings"], 3);
    assert_eq!(v["dimensions"]["outcomes"]["provider"], 75.0);
    assert_eq!(v["dimensions"]["outcomes"]["rated_consumer"], 1);
    assert_eq!(v["discuss"].as_array().unwrap().len(), 1, "{v}");

    let all = covalue(dir.path(), &["summary", file, "--include-hidden"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    let top: Vec<&str> = all.stdout.lines().take(4).collect();
    assert!(
        top.iter()
            .any(|l| l.starts_with("Includes 3 ratings not yet revealed")),
        "{}",
        all.stdout
    );
    assert!(all.stdout.contains("Outcomes     38 "), "{}", all.stdout);
    let json = covalue(
        dir.path(),
        &["summary", file, "--format", "json", "--include-hidden"],
    );
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["hidden_ratings"], 0);
    assert_eq!(v["included_hidden_ratings"], 3);
    assert_eq!(v["dimensions"]["outcomes"]["rated_consumer"], 2);
}

#[test]
fn exports_show_and_compare_leave_out_ratings_not_yet_revealed() {
    let dir = tempfile::tempdir().unwrap();
    let path = half_revealed(dir.path());
    let file = path.to_str().unwrap();

    let md = covalue(dir.path(), &["export", file, "--format", "md"]);
    assert!(
        md.stdout
            .contains("*3 ratings not yet revealed are left out.*"),
        "{}",
        md.stdout
    );
    assert!(!md.stdout.contains("| 1 | 5 |"), "{}", md.stdout);
    let md_all = covalue(
        dir.path(),
        &["export", file, "--format", "md", "--include-hidden"],
    );
    assert!(
        md_all
            .stdout
            .contains("*Includes 3 ratings not yet revealed")
    );
    assert!(
        md_all.stdout.contains("| 1 | 5 | **4** |"),
        "{}",
        md_all.stdout
    );

    let csv = covalue(dir.path(), &["export", file, "--format", "csv"]);
    let second: Vec<&str> = csv
        .stdout
        .lines()
        .filter(|l| l.starts_with("outcomes,"))
        .collect();
    assert!(second[0].ends_with(",4,2,2"), "{}", csv.stdout);
    assert!(second[1].ends_with(",,,"), "{}", csv.stdout);
    assert!(
        csv.stderr
            .contains("3 ratings not yet revealed are left out"),
        "{}",
        csv.stderr
    );
    let ratings = covalue(dir.path(), &["export", file, "--format", "ratings-csv"]);
    assert_eq!(ratings.stdout.lines().count(), 1 + 2, "{}", ratings.stdout);
    let ratings_all = covalue(
        dir.path(),
        &[
            "export",
            file,
            "--format",
            "ratings-csv",
            "--include-hidden",
        ],
    );
    assert_eq!(ratings_all.stdout.lines().count(), 1 + 5);

    let json = covalue(dir.path(), &["export", file, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["outcomes"][0]["rating"]["revealed"], true);
    assert_eq!(v["outcomes"][0]["rating"]["hidden"], false);
    assert_eq!(v["outcomes"][1]["rating"]["revealed"], false);
    assert_eq!(v["outcomes"][1]["rating"]["hidden"], true);
    assert_eq!(v["outcomes"][1]["rating"]["consumer"]["Priya"], 5);

    let show = covalue(dir.path(), &["show", file]);
    assert!(
        show.stdout
            .starts_with("Hidden: 3 ratings not yet revealed are left out\n"),
        "{}",
        show.stdout
    );
    assert!(!show.stdout.contains("Priya 5"), "{}", show.stdout);
    let show_all = covalue(dir.path(), &["show", file, "--include-hidden"]);
    assert!(show_all.stdout.starts_with("Hidden: includes 3 ratings"));
    assert!(show_all.stdout.contains(": Priya 5 (consumer)"));

    let compare = covalue(dir.path(), &["compare", file, file, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&compare.stdout).unwrap();
    assert_eq!(v["dimensions"]["outcomes"]["provider"]["new"], 75.0);
    assert_eq!(v["hidden_ratings"]["new"], 3);
    let text = covalue(dir.path(), &["compare", file, file]);
    assert!(
        text.stdout
            .contains("Ratings not yet revealed are left out: 3 ratings of the earlier"),
        "{}",
        text.stdout
    );
    let all = covalue(
        dir.path(),
        &[
            "compare",
            file,
            file,
            "--format",
            "json",
            "--include-hidden",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&all.stdout).unwrap();
    assert_eq!(v["dimensions"]["outcomes"]["provider"]["new"], 37.5);
}

#[test]
fn csv_carries_json_precision_and_a_self_assessment_only_its_side() {
    use covalue::domain::{Rating, Side};
    let dir = tempfile::tempdir().unwrap();
    let path = write_session(dir.path(), "thirds", |s| {
        s.clear_ratings();
        s.blind = false;
        let r = &mut s.outcomes[0].rating;
        for (name, n) in [("A", 3), ("B", 4), ("C", 4)] {
            r.set_by(Side::Consumer, name, Rating::new(n));
        }
        r.set(Side::Provider, Rating::new(1));
    });
    let file = path.to_str().unwrap();
    let csv = covalue(dir.path(), &["export", file, "--format", "csv"]);
    let row = csv
        .stdout
        .lines()
        .find(|l| l.starts_with("outcomes,"))
        .unwrap();
    assert!(
        row.ends_with(",1,3.6666666666666665,2.6666666666666665"),
        "{row}"
    );
    let json = covalue(dir.path(), &["summary", file, "--format", "json"]);
    assert!(
        json.stdout.contains("3.6666666666666665"),
        "{}",
        json.stdout
    );

    let mut session = covalue::store::load(&path).unwrap();
    session.mode = covalue::domain::Mode::ConsumerSelfAssessment;
    covalue::store::save(&path, &session).unwrap();
    let csv = covalue(dir.path(), &["export", file, "--format", "csv"]);
    let row = csv
        .stdout
        .lines()
        .find(|l| l.starts_with("outcomes,"))
        .unwrap();
    assert!(row.ends_with(",,3.6666666666666665,"), "{row}");
    let json = covalue(dir.path(), &["summary", file, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(v["alignment"].is_null(), "{v}");
    assert!(v["dimensions"]["outcomes"]["provider"].is_null());
    let text = covalue(dir.path(), &["summary", file]);
    assert!(!text.stdout.contains("Alignment"), "{}", text.stdout);
    // The listing counts the same side only.
    let list = covalue(dir.path(), &["list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(rows[0]["value_index"], v["value_index"], "{}", list.stdout);
    assert!(rows[0]["alignment"].is_null());
}

#[test]
fn new_help_describes_every_option() {
    let dir = tempfile::tempdir().unwrap();
    let help = covalue(dir.path(), &["new", "--help"]);
    assert_eq!(help.code, 0, "{}", help.stderr);
    // Every option line says what it is for, not just its name.
    for option in ["--title <TITLE>", "--service <SERVICE>"] {
        let line = help
            .stdout
            .lines()
            .find(|l| l.contains(option))
            .unwrap_or_else(|| panic!("new --help lists {option}: {}", help.stdout));
        let said = line.split_once(option).unwrap().1.trim();
        assert!(said.len() > 10, "{option} has no description: {line:?}");
    }
}

/// Issue 15: when every rating is still hidden, `summary` says the ratings are not yet
/// revealed instead of "nothing rated yet".
#[test]
fn summary_of_only_hidden_ratings_says_they_are_not_yet_revealed() {
    use covalue::domain::{Rating, Side};
    let dir = tempfile::tempdir().unwrap();
    let path = write_session(dir.path(), "allhide", |s| {
        s.clear_ratings();
        s.blind = true;
        s.mode = covalue::domain::Mode::Workshop;
        let hidden = &mut s.outcomes[0].rating;
        hidden.set(Side::Provider, Rating::new(3));
        hidden.set(Side::Consumer, Rating::new(4));
    });
    let text = covalue(dir.path(), &["summary", path.to_str().unwrap()]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .contains("Value index    – / 100  (ratings not yet revealed)\n"),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("nothing rated"), "{}", text.stdout);
    // The verdicts say the same: Outcomes were rated, the Costs were not.
    assert!(
        text.stdout.contains("Outcomes achieved  not revealed yet"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("Costs acceptable   no ratings yet"),
        "{}",
        text.stdout
    );
}

/// Found by the stable fuzzer (tests/fuzz.rs): a stakeholder group's name reached `show`, and so
/// `git diff` through textconv, with its control characters raw.
#[test]
fn show_writes_no_control_character_from_a_group_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_session(dir.path(), "groupesc", |s| {
        s.participants.push(covalue::domain::Participant {
            name: "Jo Park".into(),
            role: covalue::domain::Role::Consumer,
            group: Some(covalue::domain::Group::Other(
                "Fin\u{1b}]0;owned\u{7}ance".into(),
            )),
        });
    });
    let run = covalue(dir.path(), &["show", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Participant: Jo Park"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{:?}",
        run.stdout
    );
}
