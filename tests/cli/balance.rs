//! The value balance of issue 19 through the real binary: costs removed and imposed, risk
//! before and after, measures and watermelons, agreed weights; bad figures in a hand-edited
//! file named by place; old files unchanged.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
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

/// The secure-backup template's worked example, made in `dir`.
fn backup_example(dir: &Path) -> PathBuf {
    let run = covalue(
        dir,
        &[
            "new",
            "--template",
            "secure-backup",
            "--example",
            "--no-open",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    PathBuf::from(run.stdout.trim())
}

fn summary_json(dir: &Path, path: &Path) -> Value {
    let run = covalue(
        dir,
        &["summary", path.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn a_bad_amount_measure_or_weight_is_named_by_its_place_in_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "bad/amount.ron",
            "9:22: `fortnight` in the amount `400 EUR/fortnight` is not a period: use once, day, week, month, quarter or year",
        ),
        (
            "bad/measure.ron",
            "9:63: the measure's target 12 is above its baseline 4, but down is better",
        ),
        (
            "bad/weights.ron",
            "5:70: the weights add up to 110; they must add up to 100",
        ),
    ];
    for (name, expected) in cases {
        let path = fixture(name);
        let run = covalue(dir.path(), &["check", &path]);
        assert_eq!(run.code, 1, "{name}");
        assert!(
            run.stderr.contains(&format!("{path}:{expected}")),
            "{name}: {}",
            run.stderr
        );
    }
}

#[test]
fn the_backup_example_shows_the_balance_in_summary_json() {
    let dir = tempfile::tempdir().unwrap();
    let v = summary_json(dir.path(), &backup_example(dir.path()));
    assert_eq!(
        v["cost_balance"],
        json!({
            "removed": {"count": 1, "totals": [{"value": 300.0, "unit": "EUR", "per": "month"}]},
            "imposed": {"count": 2, "totals": [
                {"value": 650.0, "unit": "EUR", "per": "month"},
                {"value": 4.0, "unit": "days", "per": "year"},
            ]},
        })
    );
    // Ransomware 15 → 3 and a disk failure 9 → 3.
    assert_eq!(v["risk_exposure"]["removed_by_mitigation"], 18);
    assert_eq!(v["risk_exposure"]["mitigated"], 24, "before, as always");
    let measures = v["measures"].as_array().unwrap();
    assert_eq!(measures.len(), 3);
    assert_eq!(
        measures[0],
        json!({"step": "benefits", "text": "The business could survive a ransomware attack",
               "direction": "down", "baseline": 72.0, "target": 24.0, "actual": null,
               "realisation": null})
    );
    assert_eq!(measures[2]["realisation"], 1.0);
    assert_eq!(
        v["watermelon"],
        json!({
            "met_but_perceived_low": [{
                "step": "outcomes",
                "text": "A full restore of the finance database is proven to work",
                "provider": 4, "consumer": 1, "realisation": 1.0,
            }],
            "missed_but_perceived_high": [],
        })
    );
    assert_eq!(v["weights"], Value::Null);
}

#[test]
fn the_text_summary_shows_the_balance_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = backup_example(dir.path());
    let text = covalue(dir.path(), &["summary", path.to_str().unwrap()]).stdout;
    for line in [
        "Costs: 1 removed (300 EUR/month) · 2 imposed (650 EUR/month, 4 days/year)",
        "               removed by mitigation 18  (before − after, where a risk says)",
        "   15 → 3  Ransomware encrypts the file servers",
        "    9 → 3  A server disk fails",
        "    100 %  Any lost file is back within …  48 → 8 (down is better), now 6",
        "  unknown  The business could survive a …  72 → 24 (down is better)",
        "  measure met, perceived low: A full restore of th…  (provider 4 · consumer 1)",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
    }
}

#[test]
fn a_file_without_the_new_fields_has_empty_balance_keys() {
    let dir = tempfile::tempdir().unwrap();
    let v = summary_json(dir.path(), Path::new(&fixture("formats/format-1.ron")));
    assert_eq!(v["risk_exposure"]["removed_by_mitigation"], Value::Null);
    assert_eq!(v["measures"], json!([]));
    assert_eq!(v["weights"], Value::Null);
    assert_eq!(v["cost_balance"]["removed"]["count"], 0);
    assert_eq!(v["watermelon"]["met_but_perceived_low"], json!([]));
}

/// The backup example with `weights` written into its file by hand.
fn with_weights(dir: &Path, weights: &str) -> PathBuf {
    let path = backup_example(dir);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "    context: [",
        &format!("    weights: {weights},\n    context: ["),
        1,
    );
    let out = dir.join(format!("weighted-{}.ron", weights.len()));
    std::fs::write(&out, text).unwrap();
    out
}

#[test]
fn agreed_weights_move_the_index_and_the_equal_one_stands_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let plain = summary_json(dir.path(), &backup_example(dir.path()));
    let path = with_weights(
        dir.path(),
        "(perceived_value: 10, outcomes: 20, costs: 60, risks: 10)",
    );
    let v = summary_json(dir.path(), &path);
    assert_eq!(v["weights"]["costs"], 60);
    assert_eq!(v["weights"]["equal_weights_index"], plain["value_index"]);
    let weighted = v["value_index"].as_f64().unwrap();
    assert!(
        weighted < plain["value_index"].as_f64().unwrap(),
        "costs are the weakest"
    );
    let text = covalue(dir.path(), &["summary", path.to_str().unwrap()]).stdout;
    assert!(
        text.contains(
            "Value index   62 / 100 (equal weights: 66)\n             from perceived value, outcomes, costs, risks\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "\n             weights: perceived value 10 · outcomes 20 · costs 60 · risks 10\n"
        ),
        "{text}"
    );
    // Equal weights are no weights: the same index, and `weights` null.
    let equal = with_weights(
        dir.path(),
        "(perceived_value: 25, outcomes: 25, costs: 25, risks: 25)",
    );
    let v = summary_json(dir.path(), &equal);
    assert_eq!(v["value_index"], plain["value_index"]);
    assert_eq!(v["weights"], Value::Null);
}

#[test]
fn the_reports_and_show_carry_the_balance() {
    let dir = tempfile::tempdir().unwrap();
    let path = backup_example(dir.path());
    let path = path.to_str().unwrap();
    let md = covalue(dir.path(), &["export", path, "--format", "md"]).stdout;
    for words in [
        "## Value balance",
        "- Costs: 1 removed (300 EUR/month) · 2 imposed (650 EUR/month, 4 days/year) — each total sums one unit and period, never more.",
        "- Risk exposure removed by mitigation: 18 ",
        "| A full restore of the finance database is proven to work | Outcomes | 72 → 24 (down is better), now 20 | 100 % | 4 | 1 |",
        "- Measure met, perceived low: A full restore of the finance database is proven to work (Outcomes; provider 4, consumer 1)",
        "Exposure: 15 → 3",
        "The service removes it · Amount: 300 EUR/month",
    ] {
        assert!(md.contains(words), "{words:?} in\n{md}");
    }
    let html = covalue(dir.path(), &["export", path, "--format", "html"]).stdout;
    for words in [
        "<h2>Value balance</h2>",
        "(exposure 24, 18 removed by mitigation)",
        "<strong>Watermelon</strong>, measure met, perceived low: A full restore",
        "mitigated, exposure 15 → 3",
        "money, removed",
        // Each item's details, as the Markdown's (a trial found them left out).
        "Figures: 72 → 24 (down is better), now 20 · Realisation: 100 %",
        "Amount: 300 EUR/month",
    ] {
        assert!(html.contains(words), "{words:?} in the HTML report");
    }
    let show = covalue(dir.path(), &["show", path]).stdout;
    for line in [
        "Costs 3 \"The tape rotation and courier runs it replaces\": removed by the service",
        "Risks 1 \"Ransomware encrypts the file servers\": after 1×3 (exposure 15 → 3)",
        "Benefits 2 \"The business could survive a ransomware attack\": measure 72 → 24 (down is better), realisation unknown",
        // An outcome's measure too (a mutation run found no test read one).
        "Outcomes 1 \"Any lost file is back within a day\": measure 48 → 8 (down is better), now 6, realisation 100 %",
    ] {
        assert!(show.lines().any(|l| l == line), "{line:?} in\n{show}");
    }
}

#[test]
fn a_file_without_the_new_fields_reports_no_balance() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture("formats/format-1.ron");
    let md = covalue(dir.path(), &["export", &path, "--format", "md"]).stdout;
    assert!(!md.contains("Value balance"), "{md}");
    let show = covalue(dir.path(), &["show", &path]).stdout;
    assert!(
        !show.contains("Weights") && !show.contains(": measure"),
        "{show}"
    );
}

#[test]
fn compare_says_the_weights_differ_before_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let plain = backup_example(dir.path());
    let weighted = with_weights(
        dir.path(),
        "(perceived_value: 10, outcomes: 20, costs: 60, risks: 10)",
    );
    let run = covalue(
        dir.path(),
        &[
            "compare",
            plain.to_str().unwrap(),
            weighted.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let said = run
        .stdout
        .find("The weights of the value index differ")
        .expect(&run.stdout);
    assert!(
        said < run.stdout.find("Value index").unwrap(),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "  from equal\n  to   perceived value 10 · outcomes 20 · costs 60 · risks 10\n"
        ),
        "{}",
        run.stdout
    );
    let run = covalue(
        dir.path(),
        &[
            "compare",
            plain.to_str().unwrap(),
            weighted.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        v["weights"],
        json!({"old": null, "new": {"perceived_value": 10, "outcomes": 20, "costs": 60, "risks": 10}, "differ": true})
    );
    // The same weights: nothing to say.
    let same = covalue(
        dir.path(),
        &["compare", plain.to_str().unwrap(), plain.to_str().unwrap()],
    );
    assert!(!same.stdout.contains("weights"), "{}", same.stdout);
}

#[test]
fn the_balance_worked_example_in_the_docs_is_right() {
    use covalue::domain::value::{Component, summarize};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let session = covalue::store::load(&root.join("docs/examples/balance-example.ron")).unwrap();
    let doc = std::fs::read_to_string(root.join("docs/value-model.md")).unwrap();
    let s = summarize(&session);
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 0.005);

    assert_eq!(
        s.cost_balance.text(),
        "Costs: 1 removed (1,500 EUR/month) · 3 imposed (2,100 EUR/month, 6 h/month, 3 days once)"
    );
    assert_eq!(s.risk.removed_by_mitigation, Some(14));
    assert_eq!(session.risks[0].risk().exposure_text(), "20 → 6");
    let realisations: Vec<Option<f64>> = s.measures.iter().map(|m| m.realisation).collect();
    assert_eq!(realisations[..2], [Some(1.0), Some(1.0)]);
    assert!(close(realisations[2], 2.0 / 3.0));
    let texts = |list: &[covalue::domain::value::Measured]| -> Vec<String> {
        list.iter().map(|m| m.text.clone()).collect()
    };
    assert_eq!(
        texts(&s.watermelon.met_but_perceived_low),
        ["Fewer calls to HR about pay"]
    );
    assert_eq!(
        texts(&s.watermelon.missed_but_perceived_high),
        ["HR spends less time on payroll questions"]
    );
    let components: Vec<Option<f64>> = s.value_index.components.iter().map(|(_, v)| *v).collect();
    for (component, expected) in components.iter().zip([70.83, 37.5, 62.5, 56.25]) {
        assert!(close(*component, expected), "{component:?} vs {expected}");
    }
    assert!(
        close(s.value_index.value, 61.13),
        "{:?}",
        s.value_index.value
    );
    assert!(
        close(s.value_index.equal, 55.28),
        "{:?}",
        s.value_index.equal
    );
    assert_eq!(s.value_index.weight(Component::Costs), Some(30));

    // Too long for one line of the text summary: the imposed side goes under the removed one.
    let dir = tempfile::tempdir().unwrap();
    let path = root.join("docs/examples/balance-example.ron");
    let text = covalue(dir.path(), &["summary", path.to_str().unwrap()]).stdout;
    assert!(
        text.contains(
            "Costs: 1 removed (1,500 EUR/month)\n       3 imposed (2,100 EUR/month, 6 h/month, 3 days once)\n"
        ),
        "{text}"
    );
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");

    // The document states the same numbers, so it cannot drift from the model unnoticed.
    for figure in [
        "`Costs: 1 removed (1,500 EUR/month) · 3 imposed (2,100 EUR/month, 6 h/month, 3 days\nonce)`",
        "before 4 × 5 = 20, after 2 × 3 = 6, shown as `20 → 6`",
        "20 − 6 = 14",
        "(35 − 80) ÷ (40 − 80) = 1.125, kept at 1: 100 %",
        "(100 − 94) ÷ (99 − 94) = 1.2, kept at 1: 100 %",
        "(6 − 12) ÷ (3 − 12) = 0.667: 67 %",
        "perceived value 40, outcomes 10, costs 30, risks 20",
        "70.83^0.4 × 37.5^0.1 × 62.5^0.3 × 56.25^0.2 = 61.13",
        "`Value index 61 (equal weights: 55)`",
        "the plain index is 55.28",
    ] {
        assert!(doc.contains(figure), "docs/value-model.md lacks {figure:?}");
    }
}

#[test]
fn show_puts_a_costs_amount_and_direction_and_a_risks_levels_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = backup_example(dir.path());
    let show = |path: &Path| covalue(dir.path(), &["show", path.to_str().unwrap()]).stdout;
    let before = show(&path);
    for line in [
        "Costs 1 \"Storage fee\" (money, imposed, 650 EUR/month)",
        "Costs 3 \"The tape rotation and courier runs it replaces\" (money, removed, 300 EUR/month)",
        "Risks 1 \"Ransomware encrypts the file servers\" (mitigated, 3×5 → 1×3)",
        "Risks 3 \"The encryption key is lost and the backups cannot be read\" (introduced, 1×5)",
    ] {
        assert!(before.lines().any(|l| l == line), "{line:?} in\n{before}");
    }
    // A changed amount changes a line, so `git diff` through textconv shows it.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("\"650 EUR/month\"", "\"700 EUR/month\""),
    )
    .unwrap();
    let after = show(&path);
    assert!(
        after.contains("Costs 1 \"Storage fee\" (money, imposed, 700 EUR/month)"),
        "{after}"
    );
    assert_ne!(before, after);
}

#[test]
fn check_warns_of_an_after_worse_than_before_and_of_an_introduced_risks_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = backup_example(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let written = "after: (\n                likelihood: 1,\n                impact: 3,";
    assert!(text.contains(written), "{text}");
    let text = text.replacen(written, "after: (likelihood: 5, impact: 5,", 1);
    std::fs::write(&path, text).unwrap();
    let run = covalue(dir.path(), &["check", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            ": warning: risk 1 \"Ransomware encrypts the file servers\": its exposure after (25) is worse than before (15)"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_weighted_index_names_only_its_weighted_in_terms_and_compare_shows_the_equal_one() {
    let dir = tempfile::tempdir().unwrap();
    let plain = backup_example(dir.path());
    let only = with_weights(
        dir.path(),
        "(perceived_value: 100, outcomes: 0, costs: 0, risks: 0)",
    );
    let summary = covalue(dir.path(), &["summary", only.to_str().unwrap()]).stdout;
    assert!(summary.contains("  from perceived value\n"), "{summary}");
    let compare = covalue(
        dir.path(),
        &["compare", plain.to_str().unwrap(), only.to_str().unwrap()],
    );
    assert_eq!(compare.code, 0, "{}", compare.stderr);
    let equal = summary_json(dir.path(), &plain)["value_index"]
        .as_f64()
        .unwrap()
        .round();
    assert!(
        compare
            .stdout
            .contains(&format!("\n  equal weights   {equal} →  {equal}")),
        "{}",
        compare.stdout
    );
}

#[test]
fn list_says_a_weighted_value_is_weighted_with_the_equal_weight_one() {
    let dir = tempfile::tempdir().unwrap();
    let plain = backup_example(dir.path());
    let equal = summary_json(dir.path(), &plain)["value_index"]
        .as_f64()
        .unwrap()
        .round();
    with_weights(
        dir.path(),
        "(perceived_value: 100, outcomes: 0, costs: 0, risks: 0)",
    );
    let list = covalue(dir.path(), &["list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(
        list.stdout
            .contains(&format!("(value weighted; equal weights: {equal})")),
        "{}",
        list.stdout
    );
}

#[test]
fn a_negative_weight_a_word_for_a_baseline_and_half_an_after_are_named_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &str| {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!("(\n    format: 2,\n    id: \"bad01\",\n    title: \"Bad\",\n{body})\n"),
        )
        .unwrap();
        path
    };
    let cases = [
        (
            write(
                "weight.ron",
                "    weights: (perceived_value: -10, outcomes: 50, costs: 30, risks: 30),\n",
            ),
            "this number is out of range here: it cannot be negative",
        ),
        (
            write(
                "baseline.ron",
                "    outcomes: [(text: \"o\", figures: (baseline: \"lots\", target: 2))],\n",
            ),
            "expected a number here, such as 12 or 2.5",
        ),
        (
            write(
                "after.ron",
                "    risks: [(text: \"r\", effect: Mitigated, after: (likelihood: 2))],\n",
            ),
            "the required field `impact` is missing from this risk level (it takes `likelihood` and `impact`, each 1 to 5)",
        ),
    ];
    for (path, expected) in cases {
        let run = covalue(dir.path(), &["check", path.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
        assert!(!run.stderr.contains("RON"), "{}", run.stderr);
    }
}

#[test]
fn compare_reports_what_moved_in_the_balance() {
    let dir = tempfile::tempdir().unwrap();
    let old = backup_example(dir.path());
    let text = std::fs::read_to_string(&old).unwrap();
    assert!(text.contains("actual: 20.0,") && text.contains("\"650 EUR/month\""));
    let changed = text
        .replacen("actual: 20.0,", "actual: 48.0,", 1)
        .replacen("\"650 EUR/month\"", "\"700 EUR/month\"", 1)
        .replacen("id: \"", "id: \"z", 1);
    let new = dir.path().join("later.ron");
    std::fs::write(&new, changed).unwrap();
    let run = covalue(
        dir.path(),
        &["compare", old.to_str().unwrap(), new.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "Exposure removed by mitigation  18 → 18",
        "Costs imposed  650 EUR/month, 4 days/year → 700 EUR/month, 4 days/year",
        "Realised 100 % → 50 %  A full restore of the finance database is proven to work",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "{line:?} in\n{}",
            run.stdout
        );
    }
    assert!(!run.stdout.contains("Costs removed"), "{}", run.stdout);
    // Only the measure whose realisation moved: the example's other measures kept theirs
    // (found by a mutation run: `&&` for `||` listed every measure, as `X → X`).
    let realised = run.stdout.lines().filter(|l| l.starts_with("Realised"));
    assert_eq!(realised.count(), 1, "{}", run.stdout);
}

/// Found by a new-user trial: `show` (and so `git diff` through the textconv) left out what a
/// person wrote beside an item's words: a context item's kind, a benefit's status and measure,
/// the goal, the area and how much an item matters. Each is now on the item's own line.
#[test]
fn show_puts_every_field_written_beside_an_item_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let example = backup_example(dir.path());
    let path = example.to_str().unwrap();
    let show = covalue(dir.path(), &["show", path]).stdout;
    for line in [
        "Context 1 \"Recover from ransomware without paying\" (consumer goal)",
        "Benefits 2 \"The business could survive a ransomware attack\" (tangible, expected, measure \"hours to restore every server after an attack\")",
        "Usefulness 1 \"Copies nobody inside the company can delete\" (goal \"Recover from ransomware\", matters 5)",
        "Importance 2 \"The insurer asks for offsite, tested backups\" (area \"Compliance\")",
        "Outcomes 3 \"The cyber-insurance renewal goes through\" (matters 2)",
        "Costs 1 \"Storage fee\" (money, imposed, 650 EUR/month)",
    ] {
        assert!(show.lines().any(|l| l == line), "{line:?} in\n{show}");
    }
}

/// Found by a mutation run: no test read the completeness lines of `summary`, so listing
/// only the Summary step (the one they leave out) went unnoticed.
#[test]
fn the_text_summary_marks_every_step_but_the_summary_itself() {
    let dir = tempfile::tempdir().unwrap();
    let example = backup_example(dir.path());
    let text = covalue(dir.path(), &["summary", example.to_str().unwrap()]).stdout;
    let at = text.find("Completeness").expect("a completeness line");
    let lines: String = text[at..].lines().take(2).collect::<Vec<_>>().join("\n");
    for step in ["Setup", "Context", "Benefits", "Risks", "Agreements"] {
        assert!(lines.contains(&format!("● {step}")), "{step} in\n{lines}");
    }
    assert!(!lines.contains("Summary"), "{lines}");
}
