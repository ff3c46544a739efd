//! The one-page HTML report (`export --format html`) as a reader gets it: self-contained, the
//! verdict and the numbers first, session text shown as text, ratings not yet revealed left
//! out, and printed by a real browser (headless Chromium) to one or two A4 pages.

use covalue::domain::{Agreement, Date, Dimension, Owner, Rating, Resolution, Session, Side, Step};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary; returns its exit code, stdout and stderr.
fn covalue(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_covalue"))
        .args(args)
        .env("COVALUE_DATA_DIR", dir)
        .env("COVALUE_CACHE_DIR", "")
        .output()
        .expect("the binary runs");
    (
        out.status.code().expect("exited normally"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The worked example of docs/value-model.md with what a real review also has: actions (one
/// overdue, one done), a note, an action that resolves an item, and closing answers.
fn reviewed() -> Session {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/worked-example.ron");
    let mut s = covalue::store::load(&path).unwrap();
    s.agreements = vec![
        Agreement {
            text: "Publish a payroll FAQ for staff".into(),
            owner: Owner::Provider,
            person: "Ana".into(),
            due: Date::new(2020, 1, 31),
            ..Default::default()
        },
        Agreement {
            text: "Review the tax deduction checks with HR".into(),
            due: Date::new(2099, 1, 15),
            ..Default::default()
        },
        Agreement {
            text: "Send last year's invoices".into(),
            status: covalue::domain::AgreementStatus::Done,
            ..Default::default()
        },
    ];
    s.resolutions.push(Resolution::by_text(
        "Publish a payroll FAQ for staff",
        Step::Benefits,
        "Fewer calls to HR about pay",
    ));
    s.set_note(
        Step::Benefits,
        "Fewer calls to HR about pay",
        "HR still gets ten calls a week",
    );
    s.closing.achieves = "Staff are paid on time.".into();
    s.ensure_ids();
    s
}

fn save(dir: &Path, session: &Session) -> PathBuf {
    let path = dir.join(format!("{}.ron", session.id));
    covalue::store::save(&path, session).unwrap();
    path
}

fn export_html(dir: &Path, session: &Session, extra: &[&str]) -> String {
    let path = save(dir, session);
    let mut args = vec!["export", path.to_str().unwrap(), "--format", "html"];
    args.extend(extra);
    let (code, out, err) = covalue(dir, &args);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn the_report_is_self_contained_and_puts_the_verdict_and_numbers_first() {
    let dir = tempfile::tempdir().unwrap();
    let html = export_html(dir.path(), &reviewed(), &[]);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    // Nothing runs and nothing is fetched.
    for banned in [
        "<script", "src=", "href=", "url(", "@import", "<link", "<iframe",
    ] {
        assert!(!html.contains(banned), "{banned} in the page");
    }
    // Every chart has a title for screen readers.
    let svgs = html.matches("<svg").count();
    assert!(svgs >= 4, "bars, quadrant, two risk maps: {svgs}");
    assert_eq!(html.matches("role=\"img\"><title>").count(), svgs);
    // The order a manager reads: verdict, value index, alignment, VOCR, charts, discuss-next,
    // open actions, then the detail.
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing from {html}"))
    };
    let order = [
        "delivers some value, with reservations (value index 55 / 100)",
        "<strong>Value index</strong><div><span class=\"number\">55</span>",
        "<strong>Alignment</strong><div><span class=\"number\">72</span>",
        "<span class=\"chip fails\">fails</span> Outcomes achieved (score 38)",
        "Scores by dimension",
        "Importance and performance",
        "Risks: likelihood × impact",
        "<h2>Discuss next</h2>",
        "<h2>Open actions",
        "<h2>Detail</h2>",
        "<h3 class=\"items\">Rated items</h3>",
    ];
    for pair in order.windows(2) {
        assert!(
            at(pair[0]) < at(pair[1]),
            "{:?} before {:?}",
            pair[0],
            pair[1]
        );
    }
    // Discuss-next carries the room's note and the action that resolves the item.
    assert!(
        html.contains(
            "HR still gets ten calls a week<br>→ action: Publish a payroll FAQ for staff (open)"
        ),
        "{html}"
    );
    // Open actions: the overdue one first and marked; the done one only in the detail.
    let open = &html[at("<h2>Open actions")..at("<h2>Detail</h2>")];
    assert!(open.contains("2 open, 1 of them overdue."), "{open}");
    assert!(open.contains("2020-01-31 <span class=\"overdue\">overdue</span>"));
    assert!(
        open.contains("Benefits: Fewer calls to HR about pay"),
        "{open}"
    );
    assert!(!open.contains("Send last year"), "{open}");
    assert!(html[at("<h2>Detail</h2>")..].contains("Send last year&#39;s invoices"));
    // Whole numbers, as the Markdown report shows them: no decimals in the key figures.
    assert!(!html.contains("55.") && !html.contains("71.8"), "{html}");
}

#[test]
fn a_session_title_with_markup_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let attack = "<img src=x onerror=alert(1)>";
    let mut s = reviewed();
    s.title = attack.into();
    s.service = format!("{attack} payroll");
    s.benefits[0].text = format!("{attack}</td></tr></table>");
    s.agreements[0].person = attack.into();
    s.closing.risks = format!("<script>alert(2)</script>\n{attack}");
    let html = export_html(dir.path(), &s, &[]);
    assert!(
        html.contains("<h1>&lt;img src=x onerror=alert(1)&gt;</h1>"),
        "{html}"
    );
    assert!(html.contains("<title>&lt;img src=x onerror=alert(1)&gt; — covalue report</title>"));
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("</td></tr></table>"), "{html}");
    // The page still has its own structure: one table row per rated item.
    let detail = &html[html.find("<h3 class=\"items\">Rated items</h3>").unwrap()..];
    let table = &detail[..detail.find("</table>").unwrap()];
    assert_eq!(table.matches("<tr>").count(), 1 + 9, "{table}");
}

/// A blind workshop with one item revealed (provider 4, consumer 2) and one not (provider 1,
/// consumers 5 and 5): 3 ratings the room has not seen.
fn half_revealed() -> Session {
    let mut s = reviewed();
    s.clear_ratings();
    s.blind = true;
    let seen = &mut s.outcomes[0].rating;
    seen.set(Side::Provider, Rating::new(4));
    seen.set(Side::Consumer, Rating::new(2));
    seen.revealed = true;
    let hidden = &mut s.outcomes[1].rating;
    hidden.set(Side::Provider, Rating::new(1));
    hidden.set_by(Side::Consumer, "Priya", Rating::new(5));
    hidden.set_by(Side::Consumer, "Ola", Rating::new(5));
    s
}

#[test]
fn ratings_not_yet_revealed_are_left_out_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let html = export_html(dir.path(), &half_revealed(), &[]);
    assert!(
        html.contains("<p class=\"note\">3 ratings not yet revealed are left out.</p>"),
        "{html}"
    );
    // Only the revealed item counts: outcomes provider 75, consumer 25.
    assert!(
        html.contains("Outcomes: Provider 75, Consumer 25"),
        "{html}"
    );
    let row = "<td>Year-end tax filing is done without overtime</td><td></td><td class=\"n\">–</td><td class=\"n\">–</td>";
    assert!(html.contains(row), "{html}");

    let all = export_html(dir.path(), &half_revealed(), &["--include-hidden"]);
    assert!(all.contains("Includes 3 ratings not yet revealed (--include-hidden)"));
    assert!(
        all.contains("<td>Year-end tax filing is done without overtime</td><td></td><td class=\"n\">1</td><td class=\"n\">5</td>"),
        "{all}"
    );
}

/// The Markdown report's words as they stand in HTML: its backslash escapes undone, then
/// escaped as the page escapes every piece of session text.
fn md_words_in_html(md: &str) -> String {
    let mut plain = String::with_capacity(md.len());
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {}
            _ => plain.push(c),
        }
    }
    covalue::report::html::escape(&plain)
}

/// Where an item's row in the HTML says one of its Markdown details: in the same words, but
/// for what the Kind cell says in short (the kind or a risk's effect, a risk's exposure, a
/// cost the service removes).
fn in_html_row(piece: &str) -> String {
    match piece.split_once(": ") {
        Some(("Kind" | "Effect", kind)) => format!("<td>{kind}"),
        Some(("Exposure", exposure)) => format!(", exposure {exposure}"),
        _ if piece == "The service removes it" => ", removed".to_string(),
        _ => piece.to_string(),
    }
}

/// A trial's find: the HTML report left out the Context section and most of each item's
/// details (cost amounts, measures without figures, goals served, areas, how much an item
/// matters), which the Markdown report has.
#[test]
fn the_detail_says_every_item_detail_and_the_context_the_markdown_report_says() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = covalue(
        dir.path(),
        &[
            "new",
            "--template",
            "cloud-hosting",
            "--example",
            "--no-open",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let mut s = covalue::store::load(Path::new(out.trim())).unwrap();
    // Markup in the person's words is shown as text in both reports.
    s.costs[1]
        .cost_mut()
        .set_amount("<b>1–2 days</b> per change & more");
    s.context[0].text = "Grow online <orders> by a quarter".into();
    let html = export_html(dir.path(), &s, &[]);
    let path = save(dir.path(), &s);
    let (code, md, err) = covalue(dir.path(), &["export", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for words in [
        "Amount: €4,200 a month",
        "Amount: about 3 developer weeks, once",
        "Amount: &lt;b&gt;1–2 days&lt;/b&gt; per change &amp; more",
        "Measure: availability 99.95 %",
        "Goal served: Grow online orders",
        "Area: Critical operations",
        "How much it matters: 4 (high)",
        "Status: experienced",
        "Likelihood: 2",
        "Finance wants hosting as one predictable line in the budget",
        "Grow online &lt;orders&gt; by a quarter",
    ] {
        assert!(html.contains(words), "{words:?} missing from {html}");
    }
    assert!(
        !html.contains("<b>1–2") && !html.contains("<orders>"),
        "{html}"
    );
    // Every piece of the Markdown's context, and of each item's details in that item's row.
    let rated = &html[html
        .find("<h3 class=\"items\">")
        .expect("a rated items table")..];
    // Only the step tables have an Item and a Details column.
    let (mut section, mut step_table, mut checked) = ("", false, 0);
    for line in md.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading;
        }
        step_table = line.starts_with("| Item | Details |") || (step_table && !line.is_empty());
        if let Some(entry) = line.strip_prefix("- *").filter(|_| section == "Context") {
            for piece in entry.split(":* ") {
                let piece = md_words_in_html(piece);
                assert!(html.contains(&piece), "{piece:?} (from {line:?}) missing");
                checked += 1;
            }
            continue;
        }
        let cells: Vec<&str> = line.split(" | ").collect();
        if !step_table || !line.starts_with("| ") || cells[0] == "| Item" {
            continue;
        }
        let item = format!("<td>{}</td>", md_words_in_html(&cells[0][2..]));
        let row = rated
            .lines()
            .find(|l| l.starts_with("<tr>") && l.contains(&item));
        let row = row.unwrap_or_else(|| panic!("no row for {item} in {rated}"));
        for piece in cells[1].split(" · ").filter(|p| *p != "—") {
            let piece = in_html_row(&md_words_in_html(piece));
            assert!(
                row.contains(&piece),
                "{piece:?} (from {line:?}) not in {row}"
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} pieces read from\n{md}");
}

/// The bar chart's row for `dimension` ("Risks"): its label and its bars, on one line.
fn bar_row<'h>(html: &'h str, dimension: &str) -> &'h str {
    let label = format!(">{dimension}</text>");
    let line = html.lines().find(|l| l.contains(&label));
    line.unwrap_or_else(|| panic!("no bar row for {dimension} in {html}"))
}

/// Bug: with blind rating on and a step rated but not revealed, the bars said "no ratings"
/// where `summary` and the Markdown report say "not revealed yet".
#[test]
fn a_dimension_rated_but_not_revealed_says_so_in_the_bars() {
    let mut s = reviewed();
    s.clear_ratings();
    s.blind = true;
    let hidden = &mut s.risks[0].rating;
    hidden.set(Side::Provider, Rating::new(4));
    hidden.set(Side::Consumer, Rating::new(2));
    let dir = tempfile::tempdir().unwrap();
    let html = export_html(dir.path(), &s, &[]);
    let risks = bar_row(&html, "Risks");
    assert_eq!(
        risks.matches(">not revealed yet</text>").count(),
        2,
        "{risks}"
    );
    assert!(!risks.contains("no ratings"), "{risks}");
    // A step nobody rated still says so.
    let costs = bar_row(&html, "Costs");
    assert_eq!(costs.matches(">no ratings</text>").count(), 2, "{costs}");
}

/// Bug: a self-assessment's one series was drawn in the provider's colour whichever side it
/// was, so a consumer self-assessment's bars were blue under a legend saying "Consumer".
#[test]
fn a_self_assessments_bars_are_drawn_in_its_own_sides_colour() {
    use covalue::domain::Mode;
    let dir = tempfile::tempdir().unwrap();
    for (mode, own, other) in [
        (Mode::ConsumerSelfAssessment, "consumer", "provider"),
        (Mode::ProviderSelfAssessment, "provider", "consumer"),
    ] {
        let mut s = reviewed();
        s.mode = mode;
        let html = export_html(dir.path(), &s, &[]);
        // The legend's key and a bar for each of the six dimensions.
        let chart = &html[html.find("Scores by dimension").unwrap()..];
        let chart = &chart[..chart.find("</svg>").unwrap()];
        let own = format!("class=\"{own}\"");
        assert_eq!(chart.matches(&own).count(), 1 + 6, "{chart}");
        assert!(!chart.contains(&format!("class=\"{other}\"")), "{chart}");
    }
}

#[test]
fn export_html_writes_the_file_given_with_o() {
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), &reviewed());
    let out = dir.path().join("report.html");
    let (code, stdout, err) = covalue(
        dir.path(),
        &[
            "export",
            path.to_str().unwrap(),
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("value index 55 / 100"));
}

// ---- In a real browser ----

/// A program on the PATH, if it is there.
fn program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Runs `command` to its end, or kills it after `limit`: a browser that hangs fails the test
/// instead of the whole run.
fn run_bounded(command: &mut Command, limit: Duration) -> std::process::Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// Prints `html` to PDF with headless Chromium and returns the text of each page (from
/// poppler's pdftotext, which splits pages with a form feed).
fn print_to_pdf(chromium: &Path, pdftotext: &Path, html: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&page, html).unwrap();
    let out = run_bounded(
        Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("profile").display()
            ))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", page.display())),
        Duration::from_secs(90),
    );
    assert!(
        pdf.is_file(),
        "Chromium wrote no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = run_bounded(
        Command::new(pdftotext).args([pdf.as_os_str(), "-".as_ref()]),
        Duration::from_secs(30),
    );
    assert!(text.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let mut pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    // pdftotext ends every page with a form feed, the last one too.
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

/// A fuller session than the worked example: the service-desk template with every item rated
/// by both sides, several actions and notes, to show the report still fits two pages.
fn full_service_desk() -> Session {
    let mut s = covalue::store::Template::find("service-desk")
        .unwrap()
        .instantiate(
            "desk0001",
            covalue::domain::Timestamp::from_unix(1_795_132_800),
        );
    // Whatever the template holds, every rating below is this test's own.
    s.clear_ratings();
    let mut n = 0u8;
    let items: Vec<(Dimension, usize, String)> = s
        .rated_items()
        .map(|i| (i.dimension, i.index, i.text.to_string()))
        .collect();
    {
        for (dimension, i, text) in &items {
            let (i, step) = (*i, dimension.step());
            n = n.wrapping_add(1);
            let rating = s.ratings_mut(*dimension, i).unwrap();
            rating.set(Side::Provider, Rating::new(1 + (n % 5)));
            rating.set(Side::Consumer, Rating::new(1 + (n * 3 % 5)));
            rating.revealed = true;
            if i == 0 {
                s.set_note(
                    step,
                    text,
                    "The room talked about this at length; see the minutes.",
                );
            }
        }
    }
    for i in 0..6 {
        s.agreements.push(Agreement {
            text: format!("Action number {i}: follow up with the service owner"),
            person: "Sam".into(),
            due: Date::new(2026, 12, 1 + i),
            ..Default::default()
        });
    }
    s.ensure_ids();
    s
}

/// Headless Chromium and pdftotext, or `None` after saying the test is skipped (outside CI;
/// under CI their absence fails the test).
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = program(&["chromium-headless-shell", "chromium"]);
    let pdftotext = program(&["pdftotext"]);
    let (Some(chromium), Some(pdftotext)) = (chromium, pdftotext) else {
        let missing = "headless Chromium (Debian: chromium-headless-shell) and pdftotext (Debian: poppler-utils)";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("CI needs {missing} for the browser test; .ci/run installs them");
        }
        eprintln!("SKIPPED: the browser test needs {missing}; see README");
        return None;
    };
    Some((chromium, pdftotext))
}

#[test]
fn printed_by_chromium_it_fits_two_a4_pages_with_the_verdict_on_the_first() {
    let Some((chromium, pdftotext)) = browser() else {
        return;
    };
    for session in [reviewed(), full_service_desk()] {
        let summary = covalue::domain::summarize(&session);
        let html = covalue::report::html::session::report(
            &session,
            &summary,
            Date::new(2026, 11, 20).unwrap(),
        );
        let pages = print_to_pdf(&chromium, &pdftotext, &html);
        assert!(
            (1..=2).contains(&pages.len()),
            "{}: {} pages",
            session.title,
            pages.len()
        );
        let verdict = covalue::report::export::verdict_with(&session, &summary, str::to_string);
        let verdict = verdict.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            pages[0].contains(&verdict),
            "{verdict:?} not on page 1: {}",
            pages[0]
        );
        // The card's label and number: pdftotext reads the three cards' labels before their
        // numbers, so they are checked apart.
        let index = covalue::text::score_text(summary.value_index.value);
        assert!(
            pages[0].contains("Value index") && pages[0].contains(&format!("{index} / 100")),
            "the value index is not on page 1: {}",
            pages[0]
        );
    }
}

#[test]
fn the_portfolio_printed_by_chromium_fits_two_a4_pages_with_the_counts_on_the_first() {
    let Some((chromium, pdftotext)) = browser() else {
        return;
    };
    // A copy of tests/portfolio.rs's fixtures: four services, one of each state.
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/portfolio");
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let (code, html, err) = covalue(
        dir.path(),
        &["portfolio", "--format", "html", "--today", "2026-12-06"],
    );
    assert_eq!(code, 0, "{err}");
    let pages = print_to_pdf(&chromium, &pdftotext, &html);
    assert!((1..=2).contains(&pages.len()), "{} pages", pages.len());
    assert!(
        pages[0]
            .contains("4 services: 1 below target, 1 never rated, 1 stale, 1 partial, 1 on track"),
        "the counts are not on page 1: {}",
        pages[0]
    );
    assert!(pages[0].contains("Managed IT service desk"), "{}", pages[0]);
}
