//! The portfolio as one HTML page for leadership: every service worst first with its latest
//! numbers, its value-index trend as a sparkline and its flags in words, under the counts of
//! services by state. It reads a made `Portfolio`; it neither finds nor judges services.

use super::{escape, page, svg, table};
use crate::domain::portfolio::{Portfolio, Row};
use crate::domain::value::Vocr;
use crate::report::portfolio::{delta_text, examples_note, footer, reasons};
use crate::text::score_text;
use std::fmt::Write;

/// The columns of the table; `#` marks a number column.
const HEAD: [&str; 10] = [
    "Service",
    "#Reviews",
    "Latest",
    "#Value index",
    "#Change",
    "#Alignment",
    "VOCR",
    "Trend",
    "#Open / overdue",
    "Needs attention",
];

/// The whole page.
pub fn report(p: &Portfolio) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "<h1>Service portfolio</h1>");
    // Under the table, or under the sentence that there is none.
    let examples = examples_note(p)
        .map(|n| format!("<p class=\"legend muted\">{}.</p>\n", escape(&n)))
        .unwrap_or_default();
    if p.rows.is_empty() {
        body.push_str("<p class=\"verdict\">No services yet: the portfolio lists the services of the saved sessions.</p>\n");
        body.push_str(&examples);
        return page("Service portfolio — covalue", &body);
    }
    // The counts first: they are what a reader of one page needs before any row.
    let _ = writeln!(
        body,
        "<p class=\"verdict\">{}</p>\n<p class=\"facts\">On {}, worst first: below target, never rated, stale, then partial.</p>",
        escape(&footer(p)),
        p.today
    );
    let rows: Vec<Vec<String>> = p.rows.iter().map(row_cells).collect();
    body.push_str(&table(&HEAD, &rows).replacen("<table>", "<table class=\"portfolio\">", 1));
    body.push_str(LEGEND);
    body.push_str(&examples);
    page(
        &format!("Service portfolio on {} — covalue", p.today),
        &body,
    )
}

/// What the columns mean, under the table.
const LEGEND: &str = "<p class=\"legend muted\">Latest: the day of the latest review. Change: \
    since the full review before it, left out while the latest is partial. VOCR: are outcomes \
    achieved, costs acceptable, risks managed. Trend: the value index of each review, oldest \
    first; a review without a number is a gap in the line, never a 0. Numbers use only the \
    ratings the room has seen.</p>\n";

/// One service's cells, escaped.
fn row_cells(row: &Row) -> Vec<String> {
    let latest = row.latest();
    let mut service = escape(&row.service);
    if let Some(l) = latest
        && !l.title.trim().is_empty()
    {
        let _ = write!(
            service,
            "<br><span class=\"muted\">{}</span>",
            escape(&l.title)
        );
    }
    let n = row.reviews.len();
    let values: Vec<_> = row.reviews.iter().map(|r| r.value_index).collect();
    let title = format!(
        "{}: value index over {n} review{}",
        row.service.trim(),
        if n == 1 { "" } else { "s" }
    );
    let overdue = if row.overdue_agreements > 0 {
        format!(
            " / <span class=\"overdue\">{}</span>",
            row.overdue_agreements
        )
    } else {
        " / 0".into()
    };
    let attention = if row.flags.is_empty() {
        "on track".to_string()
    } else {
        let words: Vec<String> = reasons(row).iter().map(|r| escape(r)).collect();
        format!("<span class=\"flagged\">{}</span>", words.join("<br>"))
    };
    vec![
        service,
        n.to_string(),
        latest.map_or("–".into(), |l| l.date().to_string()),
        index_html(latest),
        escape(&delta_text(row)),
        score_text(latest.and_then(|l| l.alignment)),
        latest.map_or("–".into(), |l| vocr_words(&l.vocr)),
        format!(
            "<span class=\"spark\">{}</span>",
            svg::sparkline(&title, &values)
        ),
        format!("{}{overdue}", row.open_agreements),
        attention,
    ]
}

/// The latest value index; a weighted one says so, with the equal-weight index beside it.
fn index_html(latest: Option<&crate::domain::portfolio::Review>) -> String {
    let index = score_text(latest.and_then(|l| l.value_index));
    match latest.and_then(|l| l.value_index.and(l.equal_index)) {
        Some(equal) => format!(
            "{index}<br><small>weighted; equal weights: {}</small>",
            score_text(Some(equal))
        ),
        None => index,
    }
}

/// The three VOCR verdicts in words, one short line each (the legend says what they ask).
fn vocr_words(vocr: &Vocr) -> String {
    let lines: Vec<String> = ["Outcomes", "Costs", "Risks"]
        .iter()
        .zip(vocr.lines())
        .map(|(label, (_, verdict))| {
            let (class, words) = verdict.map_or(("none", "not rated"), |v| (v.key(), v.words()));
            format!("<span class=\"v {class}\">{label} {words}</span>")
        })
        .collect();
    lines.join("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Date;
    use crate::domain::portfolio::{Review, Targets, portfolio};
    use crate::domain::value::Verdict;

    /// Backup's review `title` of 2026-12-01, index 73, unweighted.
    fn review(title: &str) -> Review {
        Review {
            session: "s".into(),
            title: title.into(),
            service: "Backup".into(),
            created: "2026-12-01T10:00:00Z".parse().unwrap(),
            updated: "2026-12-01T10:00:00Z".parse().unwrap(),
            follows: String::new(),
            example: false,
            value_index: Some(73.0),
            equal_index: None,
            weights: None,
            alignment: None,
            vocr: Vocr::default(),
            partial: false,
            hidden: 0,
            items: 4,
            open_agreements: 0,
            open_due: Vec::new(),
        }
    }

    #[test]
    fn a_weighted_index_stands_beside_its_equal_weight_one() {
        let review = Review {
            equal_index: Some(68.0),
            ..review("t")
        };
        assert_eq!(
            index_html(Some(&review)),
            "73<br><small>weighted; equal weights: 68</small>"
        );
        let equal = Review {
            equal_index: None,
            ..review
        };
        assert_eq!(index_html(Some(&equal)), "73");
        assert_eq!(index_html(None), "–");
    }

    /// Found by a mutation run: no test read the open / overdue cell, whose overdue count is
    /// marked only when there is one.
    #[test]
    fn the_open_agreements_cell_marks_an_overdue_count_only() {
        let today = Date::new(2026, 12, 6).unwrap();
        let cell = |open_due: Vec<Date>| {
            let review = Review {
                open_agreements: 2,
                open_due,
                ..review("t")
            };
            let p = portfolio(vec![review], &Targets::default(), today);
            let column = HEAD.iter().position(|c| *c == "#Open / overdue").unwrap();
            row_cells(&p.rows[0])[column].clone()
        };
        let past = Date::new(2026, 11, 1).unwrap();
        let future = Date::new(2027, 1, 1).unwrap();
        assert_eq!(
            cell(vec![past, future]),
            "2 / <span class=\"overdue\">1</span>"
        );
        assert_eq!(cell(vec![future]), "2 / 0");
    }

    /// Found by a mutation run: no test read the service cell, which names the latest review
    /// under the service only when the review has a title.
    #[test]
    fn the_service_cell_names_the_latest_review_when_it_has_a_title() {
        let today = Date::new(2026, 12, 6).unwrap();
        let cells = |title: &str| {
            let p = portfolio(vec![review(title)], &Targets::default(), today);
            row_cells(&p.rows[0])
        };
        assert_eq!(
            cells("Q4 review")[0],
            "Backup<br><span class=\"muted\">Q4 review</span>"
        );
        assert_eq!(cells("  ")[0], "Backup");
    }

    /// Found by a mutation run: no test read the VOCR cell.
    #[test]
    fn the_vocr_cell_gives_each_verdict_in_words_and_marks_what_is_not_rated() {
        let today = Date::new(2026, 12, 6).unwrap();
        let review = Review {
            vocr: Vocr {
                outcomes_achieved: Some(Verdict::Holds),
                costs_acceptable: Some(Verdict::AtRisk),
                risks_managed: None,
            },
            ..review("t")
        };
        let p = portfolio(vec![review], &Targets::default(), today);
        let column = HEAD.iter().position(|c| c.contains("VOCR")).unwrap();
        assert_eq!(
            row_cells(&p.rows[0])[column],
            "<span class=\"v holds\">Outcomes holds</span><br>\
             <span class=\"v at_risk\">Costs at risk</span><br>\
             <span class=\"v none\">Risks not rated</span>"
        );
    }

    #[test]
    fn an_empty_folder_is_a_page_that_says_so() {
        let today = Date::new(2026, 12, 6).unwrap();
        let html = report(&portfolio(Vec::new(), &Targets::default(), today));
        assert!(html.contains("No services yet"), "{html}");
        assert!(!html.contains("<table") && !html.contains("<svg"), "{html}");
    }
}
