//! Discuss-next rows say why an item is listed (a gap, a split inside a side, or both) and show
//! each item once, in the live summary, the Summary dashboard and the text summary.

use crate::support;

use covalue::domain::*;
use support::*;

const BOTH: &str = "Less time lost when laptops or email stop working";
const GAP: &str = "Staff know where to go when something breaks";
const SPLIT: &str = "New starters have a working laptop on day one";

/// The template with a second consumer, Ola, on the first and last benefits: the first now has
/// a gap of 2 and a consumer split of 2 (P4, consumers 1 and 3), the last only a consumer split
/// of 2 (P5 C4, consumers 3 and 5). "Staff know where to go" keeps its gap of 2 (P4 C2).
fn split_session() -> Session {
    let mut s = template_session();
    let r = Rating::new;
    let mut rate = |text: &str, provider: u8, consumers: [u8; 2]| {
        let item = s.benefits.iter_mut().find(|b| b.text == text).unwrap();
        item.rating = Ratings::new(None, None);
        item.rating
            .set_by(Side::Provider, "Sam Okafor", r(provider));
        item.rating
            .set_by(Side::Consumer, "Priya Raman", r(consumers[0]));
        item.rating
            .set_by(Side::Consumer, "Ola Berg", r(consumers[1]));
    };
    rate(BOTH, 4, [1, 3]);
    rate(SPLIT, 5, [3, 5]);
    s
}

/// The lines of `screen` that show `text` (or as much of it as fits: 8 columns at 80×24).
fn rows_with<'a>(screen: &'a str, text: &str) -> Vec<&'a str> {
    let start = &text[..8];
    screen.lines().filter(|l| l.contains(start)).collect()
}

#[test]
fn the_domain_lists_each_reason_and_gathers_them_per_item() {
    let summary = summarize(&split_session());
    let why = |text: &str| -> Vec<String> {
        summary
            .discuss
            .iter()
            .filter(|d| &*d.text == text)
            .map(|d| d.why())
            .collect()
    };
    assert_eq!(why(BOTH), ["gap 2", "consumer split 2"]);
    assert_eq!(why(SPLIT), ["consumer split 2"]);
    assert_eq!(why(GAP), ["gap 2"]);
    // One row per item, with every reason of that item, largest first.
    let rows: Vec<(String, Vec<String>)> = (0..summary.discuss_items.len())
        .map(|row| {
            let reasons: Vec<_> = summary.reasons(row).collect();
            (
                reasons[0].text.to_string(),
                reasons.iter().map(|d| d.why_short()).collect(),
            )
        })
        .collect();
    let texts: Vec<&str> = rows.iter().map(|(t, _)| t.as_str()).collect();
    for text in [BOTH, GAP, SPLIT] {
        assert_eq!(texts.iter().filter(|t| **t == text).count(), 1, "{texts:?}");
    }
    let reasons_of = |text: &str| rows.iter().find(|(t, _)| t == text).unwrap().1.clone();
    assert_eq!(reasons_of(BOTH), ["gap 2", "C split 2"]);
    assert_eq!(reasons_of(SPLIT), ["C split 2"]);
    assert_eq!(reasons_of(GAP), ["gap 2"]);
    // Every reason is on exactly one row.
    let on_rows: usize = summary.discuss_items.iter().map(|i| i.reasons.len()).sum();
    assert_eq!(on_rows, summary.discuss.len());
}

#[test]
fn the_dashboard_shows_each_item_once_with_its_real_reasons() {
    let mut app = workshop_app(split_session());
    summary_step(&mut app);
    for (width, height) in [(80, 24), (120, 40), (150, 45)] {
        app.handle(crossterm::event::Event::Resize(width, height));
        let text = screen(&app, width, height);
        let both = rows_with(&text, BOTH);
        let split = rows_with(&text, SPLIT);
        let gap = rows_with(&text, GAP);
        assert_eq!(
            (both.len(), split.len(), gap.len()),
            (1, 1, 1),
            "{width}x{height}\n{text}"
        );
        // The full words fit beside the 120-column overview; at 80 columns, and in the
        // overview's box of the full 150×45 dashboard, the short ones.
        let (both_why, split_why) = if width == 120 {
            ("gap 2 · consumer split 2", "consumer split 2")
        } else {
            ("gap 2 · C split 2", "C split 2")
        };
        assert!(both[0].contains(both_why), "{width}x{height}\n{text}");
        assert!(split[0].contains(split_why), "{width}x{height}\n{text}");
        assert!(!split[0].contains("gap"), "{width}x{height}\n{text}");
        assert!(
            gap[0].contains("gap 2") && !gap[0].contains("split"),
            "{text}"
        );
        assert!(
            !text.contains("…gap") && !text.contains("consumer …"),
            "{text}"
        );
    }
}

#[test]
fn enter_on_a_discuss_next_row_jumps_to_that_rows_item() {
    let mut app = workshop_app(split_session());
    summary_step(&mut app);
    let rows = w(&app).summary().discuss_items.len();
    assert_eq!(
        rows, 7,
        "the template's five gaps, one split, one item with both"
    );
    for row in 0..rows {
        let first = w(&app).summary().reasons(row).next().unwrap().clone();
        let mut app = workshop_app(split_session());
        summary_step(&mut app);
        for _ in 0..row {
            keys(&mut app, &["j"]);
        }
        keys(&mut app, &["<enter>"]);
        assert_eq!(w(&app).step(), first.step, "row {row}");
        assert_eq!(w(&app).selection(), first.index, "row {row}");
    }
}

#[test]
fn the_live_summary_says_why_in_words_that_fit() {
    let mut app = workshop_app(split_session());
    keys(&mut app, &["]", "]"]);
    for (width, height, words) in [
        (80, 24, ["gap 2 · C split 2", "C split 2"]),
        (120, 40, ["gap 2 · consumer split 2", "consumer split 2"]),
    ] {
        app.handle(crossterm::event::Event::Resize(width, height));
        let text = screen(&app, width, height);
        let panel: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split_once('│').map(|(_, right)| right))
            .collect();
        let heading = panel
            .iter()
            .position(|l| l.starts_with("Discuss next"))
            .expect(&text);
        let rows = &panel[heading + 1..];
        let row_of = |item: &str| rows.iter().find(|l| l.contains(&item[..12])).copied();
        // At 80×24 only the first rows fit; those shown say their reasons.
        if let Some(row) = row_of(BOTH) {
            assert!(row.starts_with(words[0]), "{width}x{height}\n{text}");
        }
        if let Some(row) = row_of(SPLIT) {
            assert!(row.starts_with(words[1]), "{width}x{height}\n{text}");
        }
        assert!(rows.iter().any(|l| l.contains("split 2")), "{text}");
        assert_eq!(
            rows.iter().filter(|l| l.contains(&BOTH[..12])).count(),
            usize::from(row_of(BOTH).is_some()),
            "{text}"
        );
    }
}

#[test]
fn discuss_reasons_snapshots() {
    let mut app = workshop_app(split_session());
    keys(&mut app, &["]", "]"]);
    snapshot_sizes("discuss_reasons_live", &mut app);
    summary_step(&mut app);
    snapshot_at(
        "discuss_reasons_dashboard",
        &mut app,
        &[(80, 24), (120, 40), (150, 45)],
    );
}

#[test]
fn the_text_summary_keeps_a_splits_reason_inside_78_columns() {
    let session = split_session();
    let text = covalue::report::summary::text(&session, &summarize(&session));
    let listed: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Discuss next"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(
        listed.iter().any(|l| l.ends_with("consumer split 2")),
        "{text}"
    );
    for line in &listed {
        assert!(
            covalue::text::width(line) <= 78,
            "{} columns: {line}",
            covalue::text::width(line)
        );
    }
}

/// Issue 15: a column shows one format. With a consumer mean of 3.5 on one benefit, every
/// number in the Cons and Gap columns shows tenths (`2.0`, not `2`), as the reports do; the
/// Prov column, all whole, stays whole.
#[test]
fn each_rating_column_of_the_item_list_shows_one_format() {
    let mut s = split_session();
    let item = s.benefits.iter_mut().find(|b| b.text == SPLIT).unwrap();
    item.rating
        .set_by(Side::Consumer, "Ola Berg", Rating::new(4));
    let mut app = workshop_app(s);
    keys(&mut app, &["]", "]"]);
    let text = screen(&app, 80, 24);
    let both = rows_with(&text, BOTH);
    let split = rows_with(&text, SPLIT);
    // Cons 2.0 and Gap 2.0 beside 3.5 and 1.5; Prov has only whole numbers and stays whole.
    assert!(
        both[0].contains("  4   2.0  2.0") && split[0].contains("  5   3.5  1.5"),
        "{text}"
    );
}

/// The README's promise: a note "shows under the item and in the Summary's discuss-next list".
/// A row cuts it after the item's words, so the selected item's note shows in full under the
/// rows, where they leave room; another item's note does not.
#[test]
fn the_selected_discuss_item_shows_its_note_under_the_list() {
    let mut s = split_session();
    let index = s.benefits.iter().position(|b| b.text == GAP).unwrap();
    s.set_note_at(
        Step::Benefits,
        index,
        "Consumers say the portal is hard to find",
    );
    let mut app = workshop_app(s);
    summary_step(&mut app);
    for (width, height) in [(80, 24), (150, 45)] {
        app.handle(crossterm::event::Event::Resize(width, height));
        // Select the noted item's row (the rows are ordered by their largest reason).
        let mut found = false;
        for _ in 0..10 {
            let text = screen(&app, width, height);
            let selected_is_gap = text
                .lines()
                .any(|l| l.contains(&GAP[..8]) && l.contains("gap 2"));
            if text.contains("Note: Consumers say") {
                found = true;
                assert!(selected_is_gap, "{width}x{height}\n{text}");
                break;
            }
            app.key(key("j"));
        }
        assert!(found, "no note under the list at {width}x{height}");
        app.key(key("g"));
        let top = screen(&app, width, height);
        assert!(
            !top.contains("Note: Consumers say"),
            "{width}x{height}\n{top}"
        );
    }
}
