//! Notes and resolutions name their item by id: a file from before (by step and text) is
//! matched once on load, and a saved file keeps the id with the item's text as a label.

use covalue::domain::Step;
use covalue::store;
use std::path::Path;

fn by_text_fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes/format-2-notes-by-text.ron")
}

#[test]
fn a_file_with_notes_by_text_loads_them_onto_their_items_by_id() {
    let s = store::load(&by_text_fixture()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.note_on("b-night"), Some("Weekdays only today"));
    assert_eq!(s.note_on("c-fee"), Some("Too high for a small office"));
    assert_eq!(s.note_on("b-fast"), None);
    let ids: Vec<(&str, &str)> = s
        .resolutions
        .iter()
        .map(|r| (r.agreement_id.as_str(), r.item_id.as_str()))
        .collect();
    assert_eq!(ids, [("a-bench", "c-fee")]);
    assert_eq!(s.resolved_by_item("c-fee").count(), 1);
}

#[test]
fn reworded_items_keep_their_note_and_agreement_through_a_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.ron");
    let mut s = store::load(&by_text_fixture()).unwrap_or_else(|e| panic!("{e}"));
    // Edited in place, with no rename walk.
    s.benefits[1].text = "Night and weekend cover".into();
    s.costs[0].text = "Licence fee per user".into();
    s.agreements[0].text = "Benchmark the fee against two rivals".into();
    store::save(&path, &s).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    // The file names the item by id, with its text now beside it for a reader.
    assert!(text.contains(r#"item_id: "b-night""#), "{text}");
    assert!(
        text.contains(r#"item: "Night and weekend cover""#),
        "{text}"
    );
    assert!(!text.contains(r#"item: "Night cover""#), "{text}");
    assert!(text.contains(r#"agreement_id: "a-bench""#), "{text}");

    let again = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.note_on("b-night"), Some("Weekdays only today"));
    assert_eq!(
        again.note(Step::Benefits, "Night and weekend cover"),
        Some("Weekdays only today")
    );
    assert_eq!(
        again.resolves(&again.agreements[0]),
        Some((Step::Costs, "Licence fee per user"))
    );
    // Saving again changes nothing: the labels were already up to date.
    let path2 = dir.path().join("again.ron");
    store::save(&path2, &again).unwrap();
    assert_eq!(std::fs::read_to_string(&path2).unwrap(), text);
}

/// Every step's items went from one struct per step to one shape (issue 16); the file layout
/// did not change. This file was written by the build before that change (63f5777, the
/// secure-backup example: measures with figures, a removed cost, risks with an after), so it
/// must read and be written back byte for byte, and keep every step's fields.
#[test]
fn a_file_written_before_the_one_item_shape_reads_and_writes_back_byte_for_byte() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/items/format-2-before-one-item-shape.ron");
    let before = std::fs::read_to_string(&path).unwrap();
    let s = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store::to_ron(&s), before);
    let risk = s.risks.iter().find(|r| r.risk().after.is_some()).unwrap();
    assert!(risk.risk().exposure_after().is_some());
    assert!(
        s.costs
            .iter()
            .any(|c| c.cost().direction.name() == "removed")
    );
    let (step, index, item) = s.item_with_id(&s.outcomes[0].id).unwrap();
    assert_eq!(
        (step, index, &item.text),
        (Step::Outcomes, 0, &s.outcomes[0].text)
    );
    assert!(s.outcomes.iter().any(|o| o.outcome().figures.is_some()));
}
