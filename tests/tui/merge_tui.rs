//! Merge conflicts on the Setup step: each shown in full at 80 columns, and the first settled
//! with one key in favour of either side.

use crate::support;

use covalue::domain::merge::{Copy, merge};
use covalue::domain::*;
use support::*;

/// A session merged from two copies that gave the first benefit different long texts and
/// Priya different ratings of it.
fn conflicted() -> Session {
    let mut base = template_session();
    base.conflicts.clear();
    // The template's example has Priya's own rating there; this round she has not rated yet.
    base.benefits[1]
        .rating
        .set_by(Side::Consumer, "Priya Raman", None);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.benefits[0].text =
        "Less time lost when laptops or email stop working, counted by the desk every week".into();
    theirs.benefits[0].text =
        "Less time lost when laptops or email stop working, as the staff survey reports it".into();
    ours.benefits[1]
        .rating
        .set_by(Side::Consumer, "Priya Raman", Rating::new(4));
    theirs.benefits[1]
        .rating
        .set_by(Side::Consumer, "Priya Raman", Rating::new(2));
    let copies = [
        Copy {
            label: "ours",
            session: &ours,
        },
        Copy {
            label: "theirs",
            session: &theirs,
        },
    ];
    merge(Some(&base), &copies).unwrap().session
}

#[test]
fn setup_shows_every_conflict_in_full_and_one_key_keeps_either_side() {
    let session = conflicted();
    assert_eq!(session.conflicts.len(), 2, "{:?}", session.conflicts);
    let mut app = workshop_app(session);
    // The live summary hidden, as a facilitator deciding conflicts would, for the room.
    keys(&mut app, &["s"]);
    let shown = screen(&app, 80, 24);
    let flat: String = shown
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '"' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("as the staff survey reports it\" (theirs)"),
        "the whole conflict is shown, wrapped:\n{shown}"
    );
    assert!(flat.contains("< keeps it, > takes the other"), "{shown}");
    assert!(
        shown.contains("< keep  > take"),
        "the footer offers both: {shown}"
    );

    // The first conflict is the text: take the other copy's.
    let first = w(&app).session().conflicts[0].message.clone();
    assert!(first.contains(": text "), "{first}");
    keys(&mut app, &[">"]);
    let now = w(&app).session();
    assert_eq!(
        now.benefits[0].text,
        "Less time lost when laptops or email stop working, as the staff survey reports it"
    );
    assert_eq!(now.conflicts.len(), 1);
    assert_eq!(app.message(), Some("Took the other copy's value; 1 left."));
    // Then Priya's rating: keep the kept one.
    keys(&mut app, &["<"]);
    let now = w(&app).session();
    assert_eq!(
        now.benefits[1].rating.by(Side::Consumer, "Priya Raman"),
        Rating::new(4)
    );
    assert!(now.conflicts.is_empty());
    // Undo takes the text back.
    keys(&mut app, &["u", "u"]);
    assert!(
        w(&app).session().benefits[0]
            .text
            .ends_with("counted by the desk every week")
    );
}
