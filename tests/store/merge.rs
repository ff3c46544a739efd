//! Merging copies of one session (src/domain/merge.rs): each person's ratings are their own,
//! items match by id, and every conflict is recorded with its exact message.

use covalue::domain::merge::{Copy, Merged, merge};
use covalue::domain::*;
use covalue::store;
use proptest::prelude::*;
use std::path::Path;

fn fixture(name: &str) -> Session {
    store::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn r(n: u8) -> Option<Rating> {
    Rating::new(n)
}

/// A small session both copies start from: two benefits, one rated by Priya.
fn base() -> Session {
    let mut s = Session::new("merge001", "Merge me", Timestamp::from_unix(1_795_000_000));
    for text in ["Fewer outages", "Faster fixes"] {
        s.benefits.push(Benefit {
            text: text.into(),
            ..Default::default()
        });
    }
    s.benefits[1].rating.set_by(Side::Consumer, "Priya", r(3));
    s.ensure_ids();
    s
}

fn three_way(base: &Session, ours: &Session, theirs: &Session) -> Merged {
    merge(
        Some(base),
        &[
            Copy {
                label: "ours",
                session: ours,
            },
            Copy {
                label: "theirs",
                session: theirs,
            },
        ],
    )
    .unwrap()
}

fn messages(m: &Merged) -> Vec<&str> {
    m.conflicts.iter().map(|c| c.message.as_str()).collect()
}

#[test]
fn disjoint_raters_merge_without_conflict() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.benefits[0]
        .rating
        .set_by(Side::Consumer, "Priya", r(4));
    theirs.benefits[0]
        .rating
        .set_by(Side::Consumer, "Ola", r(2));
    theirs.benefits[0]
        .rating
        .set_by(Side::Provider, "Sam", r(5));
    let m = three_way(&base, &ours, &theirs);
    assert_eq!(messages(&m), Vec::<&str>::new());
    let rating = &m.session.benefits[0].rating;
    assert_eq!(rating.by(Side::Consumer, "Priya"), r(4));
    assert_eq!(rating.by(Side::Consumer, "Ola"), r(2));
    assert_eq!(rating.by(Side::Provider, "Sam"), r(5));
    assert_eq!(rating.mean(Side::Consumer), Some(3.0));
    assert!(m.session.conflicts.is_empty());
}

#[test]
fn the_same_rater_differing_is_a_conflict_with_the_exact_message() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.benefits[1]
        .rating
        .set_by(Side::Consumer, "Priya", r(3));
    ours.benefits[0]
        .rating
        .set_by(Side::Consumer, "Priya", r(3));
    theirs.benefits[1]
        .rating
        .set_by(Side::Consumer, "Priya", r(4));
    theirs.benefits[0]
        .rating
        .set_by(Side::Consumer, "Priya", r(3));
    let m = three_way(&base, &ours, &theirs);
    // Benefit 2 stayed 3 in ours (unchanged from the base): theirs' change wins, no conflict.
    assert!(m.conflicts.is_empty(), "{:?}", messages(&m));
    assert_eq!(
        m.session.benefits[1].rating.by(Side::Consumer, "Priya"),
        r(4)
    );

    ours.benefits[1]
        .rating
        .set_by(Side::Consumer, "Priya", r(2));
    let m = three_way(&base, &ours, &theirs);
    assert_eq!(
        messages(&m),
        [r#"Benefits 2 "Faster fixes": Priya 2 (ours) vs 4 (theirs)"#]
    );
    // The merged session keeps ours and records the conflict.
    assert_eq!(
        m.session.benefits[1].rating.by(Side::Consumer, "Priya"),
        r(2)
    );
    assert_eq!(m.session.conflicts, m.conflicts);
    assert_eq!(m.session.conflicts[0].step, Some(Step::Benefits));
    assert_eq!(m.session.conflicts[0].item, base.benefits[1].id);
    assert_eq!(m.session.conflicts[0].rater, "Priya");
    // A cleared rating against a changed one says so.
    ours.benefits[1]
        .rating
        .set_by(Side::Consumer, "Priya", None);
    let m = three_way(&base, &ours, &theirs);
    assert_eq!(
        messages(&m),
        [r#"Benefits 2 "Faster fixes": Priya unrated (ours) vs 4 (theirs)"#]
    );
}

#[test]
fn items_added_on_both_sides_are_both_kept() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.benefits.push(Benefit {
        text: "Laptops replaced before they fail".into(),
        ..Default::default()
    });
    ours.ensure_ids();
    theirs.benefits.push(Benefit {
        text: "A named contact at the desk".into(),
        ..Default::default()
    });
    theirs.outcomes.push(Outcome {
        text: "Orders keep flowing".into(),
        ..Default::default()
    });
    theirs.ensure_ids();
    let m = three_way(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", messages(&m));
    let texts: Vec<&str> = m.session.benefits.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts.len(), 4);
    assert_eq!(&texts[..2], ["Fewer outages", "Faster fixes"]);
    assert!(texts.contains(&"Laptops replaced before they fail"));
    assert!(texts.contains(&"A named contact at the desk"));
    assert_eq!(m.session.outcomes.len(), 1);
}

#[test]
fn text_edited_on_both_sides_is_a_conflict_and_on_one_side_is_taken() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.benefits[0].text = "Fewer outages at night".into();
    theirs.benefits[0].benefit_mut().kind = BenefitKind::Intangible;
    let m = three_way(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", messages(&m));
    assert_eq!(m.session.benefits[0].text, "Fewer outages at night");
    assert_eq!(
        m.session.benefits[0].benefit().kind,
        BenefitKind::Intangible
    );

    theirs.benefits[0].text = "No outages in the busy season".into();
    let m = three_way(&base, &ours, &theirs);
    assert_eq!(
        messages(&m),
        [
            r#"Benefits 1 "Fewer outages at night": text "Fewer outages at night" (ours) vs "No outages in the busy season" (theirs)"#
        ]
    );
    assert_eq!(m.session.benefits[0].text, "Fewer outages at night");
}

#[test]
fn three_way_with_a_base_applies_deletions_and_keeps_what_changed() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    // Deleted in ours, untouched in theirs: deleted.
    ours.benefits.remove(0);
    let m = three_way(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(m.session.benefits.len(), 1);
    assert_eq!(m.session.benefits[0].text, "Faster fixes");

    // Deleted in ours, rated in theirs: kept, and a conflict.
    theirs.benefits[0]
        .rating
        .set_by(Side::Provider, "Sam", r(4));
    let m = three_way(&base, &ours, &theirs);
    assert_eq!(m.session.benefits.len(), 2);
    assert_eq!(
        messages(&m),
        [r#"Benefits 1 "Fewer outages": deleted (ours) vs changed (theirs)"#]
    );

    // Session fields: one side's change is taken; the later update time and every step's
    // longest timer win without a conflict.
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.title = "Merged title".into();
    ours.updated = Timestamp::from_unix(1_795_000_100);
    theirs.updated = Timestamp::from_unix(1_795_000_200);
    ours.time_spent.insert(Step::Benefits, 300);
    theirs.time_spent.insert(Step::Benefits, 120);
    theirs.time_spent.insert(Step::Costs, 60);
    theirs.benefits[0].rating.revealed = true;
    let m = three_way(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", messages(&m));
    assert_eq!(m.session.title, "Merged title");
    assert_eq!(m.session.updated, Timestamp::from_unix(1_795_000_200));
    assert_eq!(m.session.time_spent.get(&Step::Benefits), Some(&300));
    assert_eq!(m.session.time_spent.get(&Step::Costs), Some(&60));
    assert!(m.session.benefits[0].rating.revealed);

    theirs.title = "Another title".into();
    let m = three_way(&base, &ours, &theirs);
    assert_eq!(
        messages(&m),
        [r#"Session title: "Merged title" (ours) vs "Another title" (theirs)"#]
    );
}

/// Found by a mutation run: no test merged copies created at different times, so picking the
/// creation time with `==` instead of `<` went unnoticed. The earliest wins, without a
/// conflict, whichever copy has it.
#[test]
fn the_merge_keeps_the_earliest_creation_time() {
    let base = base();
    for earliest in ["ours", "theirs"] {
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let (early, late) = if earliest == "ours" {
            (&mut ours, &mut theirs)
        } else {
            (&mut theirs, &mut ours)
        };
        early.created = Timestamp::from_unix(1_794_000_000);
        late.created = Timestamp::from_unix(1_796_000_000);
        let m = three_way(&base, &ours, &theirs);
        assert!(m.conflicts.is_empty(), "{:?}", messages(&m));
        assert_eq!(
            m.session.created,
            Timestamp::from_unix(1_794_000_000),
            "{earliest}"
        );
    }
}

#[test]
fn a_resolved_conflict_stays_resolved_and_an_open_one_is_kept() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.benefits[0]
        .rating
        .set_by(Side::Consumer, "Priya", r(2));
    theirs.benefits[0]
        .rating
        .set_by(Side::Consumer, "Priya", r(5));
    let conflicted = three_way(&base, &ours, &theirs).session;
    assert_eq!(conflicted.conflicts.len(), 1);
    // Ours resolves it; theirs, branched from the conflicted file, changes something else.
    let mut resolved = conflicted.clone();
    resolved.conflicts.clear();
    let mut other = conflicted.clone();
    other.service = "Service desk".into();
    let m = three_way(&conflicted, &resolved, &other);
    assert!(m.session.conflicts.is_empty());
    assert_eq!(m.session.service, "Service desk");
    // Without the resolution the record stays.
    let m = three_way(&conflicted, &conflicted, &other);
    assert_eq!(m.session.conflicts.len(), 1);
}

#[test]
fn copies_of_a_format_1_file_upgraded_separately_merge_item_by_item() {
    // The facilitator mailed the same format-1 file to two more people; each rated alone.
    let (mut kim, mut ola) = (
        fixture("formats/format-1.ron"),
        fixture("formats/format-1.ron"),
    );
    assert_eq!(kim.benefits[0].id, ola.benefits[0].id);
    for b in &mut kim.benefits {
        b.rating.set_by(Side::Consumer, "Kim Lee", r(4));
    }
    for b in &mut ola.benefits {
        b.rating.set_by(Side::Consumer, "Ola Berg", r(2));
    }
    let m = merge(
        None,
        &[
            Copy {
                label: "kim.ron",
                session: &kim,
            },
            Copy {
                label: "ola.ron",
                session: &ola,
            },
        ],
    )
    .unwrap();
    assert!(m.conflicts.is_empty(), "{:?}", messages(&m));
    assert_eq!(m.session.benefits.len(), kim.benefits.len());
    for b in &m.session.benefits {
        assert_eq!(b.rating.raters(Side::Consumer).len(), 3, "{}", b.text);
    }
    // Three consumer raters: the original number (the upgrade gave it to Priya Raman, the
    // file's only consumer), Kim and Ola.
    let first = &m.session.benefits[0].rating;
    assert_eq!(first.by(Side::Consumer, "Priya Raman"), r(4));
    assert!((first.mean(Side::Consumer).unwrap() - 10.0 / 3.0).abs() < 1e-9);
    assert_eq!(first.spread(Side::Consumer), Some(2));
    // So the consumers' split on it is on the agenda.
    let summary = covalue::domain::summarize(&m.session);
    assert!(summary.discuss.iter().any(|d| d.index == 0
        && d.step == Step::Benefits
        && d.kind == covalue::domain::value::DiscussKind::Split(Side::Consumer)));
}

#[test]
fn without_a_base_different_values_conflict_naming_the_copies() {
    let base = base();
    let (mut a, mut b, mut c) = (base.clone(), base.clone(), base.clone());
    a.benefits[0].rating.set_by(Side::Consumer, "Priya", r(3));
    b.benefits[0].rating.set_by(Side::Consumer, "Priya", r(4));
    c.benefits[0].rating.set_by(Side::Consumer, "Priya", r(3));
    let m = merge(
        None,
        &[
            Copy {
                label: "a.ron",
                session: &a,
            },
            Copy {
                label: "b.ron",
                session: &b,
            },
            Copy {
                label: "c.ron",
                session: &c,
            },
        ],
    )
    .unwrap();
    assert_eq!(
        messages(&m),
        [r#"Benefits 1 "Fewer outages": Priya 3 (a.ron, c.ron) vs 4 (b.ron)"#]
    );
}

#[test]
fn merging_a_copy_with_itself_changes_nothing() {
    for session in [
        fixture("formats/format-2.ron"),
        fixture("formats/format-1.ron"),
        fixture("good/handwritten.ron"),
    ] {
        let copy = Copy {
            label: "ours",
            session: &session,
        };
        let m = merge(Some(&session), &[copy, copy]).unwrap();
        assert!(m.conflicts.is_empty());
        assert_eq!(m.session, session);
        let m = merge(None, &[copy]).unwrap();
        assert_eq!(m.session, session);
    }
}

/// A self-assessment: the base session, rated by one person alone, who may add items too.
fn assessed(base: &Session, person: usize, ratings: &[Option<u8>], added: &[String]) -> Session {
    let mut s = base.clone();
    let name = format!("Rater {person}");
    let side = if person.is_multiple_of(2) {
        Side::Consumer
    } else {
        Side::Provider
    };
    let count = s.benefits.len();
    for (i, rating) in ratings.iter().enumerate() {
        if i < count {
            s.benefits[i]
                .rating
                .set_by(side, &name, rating.and_then(Rating::new));
        }
    }
    for text in added {
        s.outcomes.push(Outcome {
            text: format!("{name}: {text}"),
            ..Default::default()
        });
    }
    s.ensure_ids();
    s
}

proptest! {
    #![proptest_config(crate::regressions::beside_the_test(ProptestConfig::with_cases(128)))]

    /// Self-assessments gathered without a base merge to the same session in any order.
    #[test]
    fn gathering_self_assessments_does_not_depend_on_their_order(
        texts in proptest::collection::vec("[a-z ]{1,12}", 1..5),
        people in proptest::collection::vec(
            (proptest::collection::vec(proptest::option::of(1u8..=5), 0..5),
             proptest::collection::vec("[a-z]{1,8}", 0..3)),
            1..5),
        shuffle in any::<proptest::sample::Index>(),
    ) {
        let mut base = Session::new("prop0001", "Gathered", Timestamp::from_unix(1_795_000_000));
        for text in &texts {
            base.benefits.push(Benefit { text: text.clone(), ..Default::default() });
        }
        base.ensure_ids();
        let copies: Vec<Session> = people
            .iter()
            .enumerate()
            .map(|(i, (ratings, added))| assessed(&base, i, ratings, added))
            .collect();
        let labels: Vec<String> = (0..copies.len()).map(|i| format!("copy{i}.ron")).collect();
        let in_order: Vec<Copy> = copies.iter().zip(&labels).map(|(s, l)| Copy { label: l, session: s }).collect();
        let mut reordered = in_order.clone();
        reordered.reverse();
        let k = shuffle.index(reordered.len());
        reordered.rotate_left(k);

        let a = merge(None, &in_order).unwrap();
        let b = merge(None, &reordered).unwrap();
        prop_assert!(a.conflicts.is_empty(), "{:?}", a.conflicts);
        prop_assert_eq!(&a.session, &b.session);
        // Everyone's ratings are all there.
        for (i, (ratings, _)) in people.iter().enumerate() {
            let name = format!("Rater {i}");
            for (j, rating) in ratings.iter().enumerate().take(texts.len()) {
                let side = if i.is_multiple_of(2) { Side::Consumer } else { Side::Provider };
                prop_assert_eq!(a.session.benefits[j].rating.by(side, &name), rating.and_then(Rating::new));
            }
        }
        let added: usize = people.iter().map(|(_, added)| added.len()).sum();
        prop_assert_eq!(a.session.outcomes.len(), added);
    }
}

#[test]
fn discussion_notes_merge_by_item_and_resolutions_as_a_set() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.set_note(Step::Benefits, "Fewer outages", "Nights are the problem");
    theirs.set_note(Step::Benefits, "Faster fixes", "Ask the desk for figures");
    theirs.resolutions.push(Resolution::by_text(
        "Publish the night number",
        Step::Benefits,
        "Fewer outages",
    ));
    let m = three_way(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", messages(&m));
    assert_eq!(m.session.notes.len(), 2);
    assert_eq!(m.session.resolutions.len(), 1);

    theirs.set_note(Step::Benefits, "Fewer outages", "Weekends too");
    let m = three_way(&base, &ours, &theirs);
    assert_eq!(
        messages(&m),
        [
            r#"Note on Benefits "Fewer outages": note "Nights are the problem" (ours) vs "Weekends too" (theirs)"#
        ]
    );
}

/// A note follows its item by id through a merge: one copy rewords the item (and so the note's
/// label), the other rewrites the note; the merge has one note, the new words on both.
#[test]
fn a_note_merges_with_its_item_whose_words_changed_in_the_other_copy() {
    let mut base = base();
    base.set_note(Step::Benefits, "Fewer outages", "Nights are the problem");
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.benefits[0].text = "Fewer outages at night".into();
    ours.rename_item(Step::Benefits, "Fewer outages", "Fewer outages at night");
    theirs.set_note(Step::Benefits, "Fewer outages", "Weekends too");
    let m = three_way(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", messages(&m));
    let notes: Vec<(&str, &str)> = m
        .session
        .notes
        .iter()
        .map(|n| (n.item.as_str(), n.note.as_str()))
        .collect();
    assert_eq!(notes, [("Fewer outages at night", "Weekends too")]);
    assert_eq!(m.session.notes[0].item_id, base.notes[0].item_id);
}

/// The time a step has taken is the longest any copy recorded, whichever copy it is in.
#[test]
fn a_steps_time_is_the_longest_of_the_copies() {
    let mut base = base();
    base.time_spent.insert(Step::Benefits, 60);
    for (ours, theirs) in [(90, 120), (120, 90)] {
        let (mut a, mut b) = (base.clone(), base.clone());
        a.time_spent.insert(Step::Benefits, ours);
        b.time_spent.insert(Step::Benefits, theirs);
        let m = three_way(&base, &a, &b);
        assert!(m.conflicts.is_empty(), "{:?}", messages(&m));
        assert_eq!(
            m.session.time_spent[&Step::Benefits],
            120,
            "{ours} and {theirs}"
        );
    }
}

/// A closing answer or a timebox changed differently in two copies is a conflict that names
/// the answer or the step (it said "Closing closing" and "Timebox timebox").
#[test]
fn closing_answers_and_timeboxes_conflict_under_their_own_names() {
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.closing.achieves = "Fewer calls".into();
    theirs.closing.achieves = "Faster fixes".into();
    ours.timebox.insert(Step::Risks, 10);
    theirs.timebox.insert(Step::Risks, 15);
    let m = three_way(&base, &ours, &theirs);
    let said = messages(&m);
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said.iter().any(|m| m.starts_with("Closing achieves: ")),
        "{said:?}"
    );
    assert!(
        said.iter().any(|m| m.starts_with("Timebox Risks: ")),
        "{said:?}"
    );
}

#[test]
fn an_agreement_done_in_one_copy_and_dropped_in_the_other_is_a_conflict() {
    let mut base = base();
    base.agreements.push(Agreement {
        text: "Publish the night number".into(),
        ..Default::default()
    });
    base.ensure_ids();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.agreements[0].status = AgreementStatus::Done;
    let m = three_way(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    assert_eq!(m.session.agreements[0].status, AgreementStatus::Done);
    theirs.agreements[0].status = AgreementStatus::Dropped;
    let m = three_way(&base, &ours, &theirs);
    assert_eq!(
        messages(&m),
        [r#"Agreements 1 "Publish the night number": status "done" (ours) vs "dropped" (theirs)"#]
    );
    assert_eq!(m.session.agreements[0].status, AgreementStatus::Done);
    // Settled either way, the status is the one chosen (found by a mutation run: no test
    // settled a status).
    use covalue::domain::merge::settle;
    let mut s = m.session.clone();
    settle(&mut s, 0, 1).unwrap();
    assert_eq!(s.agreements[0].status, AgreementStatus::Dropped);
    let m = three_way(&base, &theirs, &ours);
    let mut s = m.session.clone();
    assert_eq!(s.agreements[0].status, AgreementStatus::Dropped);
    settle(&mut s, 0, 1).unwrap();
    assert_eq!(s.agreements[0].status, AgreementStatus::Done);
    assert!(s.conflicts.is_empty());
}

/// Found by a mutation run: no test settled a conflict on a number, which is written back as
/// a number, not read as quoted text.
#[test]
fn a_conflict_on_a_number_is_settled_with_the_number() {
    use covalue::domain::merge::settle;
    let mut base = base();
    base.risks.push(Risk {
        text: "Vendor lock-in".into(),
        likelihood: Rating::new(3).unwrap(),
        ..Risk::default()
    });
    base.ensure_ids();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.risks[0].risk_mut().likelihood = Rating::new(4).unwrap();
    theirs.risks[0].risk_mut().likelihood = Rating::new(2).unwrap();
    let mut s = three_way(&base, &ours, &theirs).session;
    assert_eq!(s.conflicts.len(), 1, "{:?}", s.conflicts);
    assert_eq!(s.risks[0].risk().likelihood, Rating::new(4).unwrap());
    settle(&mut s, 0, 1).unwrap();
    assert_eq!(s.risks[0].risk().likelihood, Rating::new(2).unwrap());
    assert!(s.conflicts.is_empty());
}

#[test]
fn a_reverse_merge_records_a_conflict_once() {
    let base = base();
    let (mut monday, mut tuesday) = (base.clone(), base.clone());
    monday.benefits[1]
        .rating
        .set_by(Side::Consumer, "Priya", r(4));
    monday.benefits[1].text = "Faster fixes, every time".into();
    tuesday.benefits[1]
        .rating
        .set_by(Side::Consumer, "Priya", r(2));
    tuesday.benefits[1].text = "Faster fixes at night".into();
    // Tuesday merged into Monday, committed with its conflicts recorded...
    let on_monday = three_way(&base, &monday, &tuesday).session;
    assert_eq!(on_monday.conflicts.len(), 2, "{:?}", on_monday.conflicts);
    // ...then Monday merged into Tuesday: the same two conflicts, said the other way round.
    let back = three_way(&base, &tuesday, &on_monday);
    assert_eq!(
        messages(&back),
        [
            "Benefits 2 \"Faster fixes at night\": Priya 2 (ours) vs 4 (theirs)",
            "Benefits 2 \"Faster fixes at night\": text \"Faster fixes at night\" (ours) vs \"Faster fixes, every time\" (theirs)",
        ]
    );
    let recorded: Vec<&str> = back
        .session
        .conflicts
        .iter()
        .map(|c| c.message.as_str())
        .collect();
    assert_eq!(recorded, messages(&back), "each conflict once");
}

/// Whether two lists hold the same conflicts, whatever the copies were called and in
/// whichever order they were met.
fn same_conflicts(a: &[Conflict], b: &[Conflict]) -> bool {
    a.len() == b.len()
        && a.iter().all(|x| {
            b.iter()
                .any(|y| covalue::domain::merge::same_conflict(x, y))
        })
        && b.iter().all(|y| {
            a.iter()
                .any(|x| covalue::domain::merge::same_conflict(x, y))
        })
}

proptest! {
    #![proptest_config(crate::regressions::beside_the_test(ProptestConfig::with_cases(96)))]

    /// Copies that disagree (one person's ratings, an item's text) meet the same conflicts in
    /// any order: the set of conflicts does not depend on which copy came first.
    #[test]
    fn conflicts_do_not_depend_on_the_order_of_the_copies(
        texts in proptest::collection::vec("[a-z]{1,6}( [a-z]{1,6})?", 1..4),
        copies in proptest::collection::vec(
            (proptest::collection::vec(proptest::option::of(1u8..=5), 0..4),
             proptest::option::of("[a-z]{1,6}( [a-z]{1,6})?")),
            2..5),
        shuffle in any::<proptest::sample::Index>(),
    ) {
        let mut base = Session::new("prop0002", "Disputed", Timestamp::from_unix(1_795_000_000));
        for text in &texts {
            base.benefits.push(Benefit { text: text.clone(), ..Default::default() });
        }
        base.ensure_ids();
        let sessions: Vec<Session> = copies
            .iter()
            .enumerate()
            .map(|(i, (ratings, text))| {
                let mut s = base.clone();
                // Every copy rates the first item differently: there is always a conflict.
                s.benefits[0].rating.set_by(Side::Consumer, "Shared", Rating::new(i as u8 % 5 + 1));
                for (j, rating) in ratings.iter().enumerate().skip(1).take(texts.len().saturating_sub(1)) {
                    s.benefits[j].rating.set_by(Side::Consumer, "Shared", rating.and_then(Rating::new));
                }
                if let Some(text) = text {
                    s.benefits[texts.len() - 1].text = text.clone();
                }
                s
            })
            .collect();
        let labels: Vec<String> = (0..sessions.len()).map(|i| format!("copy{i}.ron")).collect();
        let in_order: Vec<Copy> = sessions.iter().zip(&labels).map(|(s, l)| Copy { label: l, session: s }).collect();
        let mut reordered = in_order.clone();
        reordered.reverse();
        let k = shuffle.index(reordered.len());
        reordered.rotate_left(k);

        let a = merge(None, &in_order).unwrap();
        let b = merge(None, &reordered).unwrap();
        prop_assert!(!a.conflicts.is_empty());
        prop_assert!(same_conflicts(&a.conflicts, &b.conflicts), "{:#?}\nvs\n{:#?}", a.conflicts, b.conflicts);
        prop_assert!(same_conflicts(&a.session.conflicts, &b.session.conflicts));
    }
}

#[test]
fn a_conflict_is_settled_in_favour_of_either_side_with_its_value() {
    use covalue::domain::merge::{SettleError, settle};
    let base = base();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.benefits[1]
        .rating
        .set_by(Side::Consumer, "Priya", r(4));
    theirs.benefits[1]
        .rating
        .set_by(Side::Consumer, "Priya", r(2));
    ours.benefits[0].text = "Fewer outages, \"really\"".into();
    theirs.benefits[0].text = "Fewer outages at night\nand weekends".into();
    ours.title = "Merge me (ours)".into();
    theirs.title = "Merge me (theirs)".into();
    let merged = three_way(&base, &ours, &theirs).session;
    assert_eq!(merged.conflicts.len(), 3, "{:?}", merged.conflicts);
    let find = |s: &Session, what: &str| {
        s.conflicts
            .iter()
            .position(|c| c.message.contains(what))
            .unwrap()
    };

    // Theirs, for each kind: a text with a line break, a rating, a session field.
    let mut s = merged.clone();
    let i = find(&s, ": text ");
    settle(&mut s, i, 1).unwrap();
    assert_eq!(s.benefits[0].text, "Fewer outages at night\nand weekends");
    let i = find(&s, "Priya");
    settle(&mut s, i, 1).unwrap();
    assert_eq!(s.benefits[1].rating.by(Side::Consumer, "Priya"), r(2));
    let i = find(&s, "Session title");
    settle(&mut s, i, 1).unwrap();
    assert_eq!(s.title, "Merge me (theirs)");
    assert!(s.conflicts.is_empty());

    // Ours: the kept values stay, the conflicts go.
    let mut s = merged.clone();
    for _ in 0..3 {
        settle(&mut s, 0, 0).unwrap();
    }
    assert_eq!(s.benefits[0].text, "Fewer outages, \"really\"");
    assert_eq!(s.benefits[1].rating.by(Side::Consumer, "Priya"), r(4));
    assert_eq!(s.title, "Merge me (ours)");
    assert!(s.conflicts.is_empty());

    let mut s = merged.clone();
    assert_eq!(settle(&mut s, 0, 2), Err(SettleError::NoSuchSide(2)));
    assert_eq!(settle(&mut s, 9, 1), Err(SettleError::NoSuchConflict(9)));
    assert_eq!(s, merged, "a refused settle changes nothing");
}

/// A blind session whose first benefit Priya and Ola rated and the room saw revealed.
fn revealed_base() -> Session {
    let mut s = base();
    s.blind = true;
    for (name, role) in [("Priya", Role::Consumer), ("Ola", Role::Provider)] {
        s.participants.push(Participant {
            name: name.into(),
            role,
            group: None,
        });
    }
    s.rate_as(Dimension::Benefits, 0, Side::Consumer, "Priya", r(2));
    s.rate_as(Dimension::Benefits, 0, Side::Provider, "Ola", r(1));
    s.benefits[0].rating.revealed = true;
    s
}

#[test]
fn a_rating_changed_where_it_was_hidden_again_stays_hidden_in_the_merge() {
    let base = revealed_base();
    let mut priyas = base.clone();
    priyas.rate_as(Dimension::Benefits, 0, Side::Consumer, "Priya", r(5));
    assert!(!priyas.benefits[0].rating.revealed, "rating again hides it");
    let untouched = base.clone();
    let copies = |a: &'static str, b: &'static str| {
        [(a, &priyas), (b, &untouched)].map(|(label, session)| Copy { label, session })
    };
    for m in [
        three_way(&base, &priyas, &untouched),
        three_way(&base, &untouched, &priyas),
        merge(None, &copies("priya.ron", "ola.ron")).unwrap(),
    ] {
        let rating = &m.session.benefits[0].rating;
        assert_eq!(rating.by(Side::Consumer, "Priya"), r(5));
        assert!(!rating.revealed, "the room never saw Priya's 5");
    }

    // Revealed again in the copy: the room saw the 5 there, so the merge keeps it revealed.
    priyas.benefits[0].rating.revealed = true;
    let m = three_way(&base, &untouched, &priyas);
    assert!(m.session.benefits[0].rating.revealed);
    assert!(m.session.benefits[0].rating.by(Side::Consumer, "Priya") == r(5));
}

#[test]
fn a_persons_own_prework_copy_decides_their_ratings_without_a_conflict() {
    let session = revealed_base();
    let mut priyas = session.clone();
    priyas.prework_for = "Priya".into();
    priyas.rate_as(Dimension::Benefits, 0, Side::Consumer, "Priya", r(5));
    // Ola's copy still shows Priya's old, revealed 2; his own rating changes.
    let mut olas = session.clone();
    olas.prework_for = "Ola".into();
    olas.rate_as(Dimension::Benefits, 0, Side::Provider, "Ola", r(3));
    let copies = [
        ("session.ron", &session),
        ("ola.ron", &olas),
        ("priya.ron", &priyas),
    ]
    .map(|(label, session)| Copy { label, session });
    let m = merge(None, &copies).unwrap();
    assert_eq!(messages(&m), Vec::<&str>::new());
    let rating = &m.session.benefits[0].rating;
    assert_eq!(rating.by(Side::Consumer, "Priya"), r(5));
    assert_eq!(rating.by(Side::Provider, "Ola"), r(3));
    assert!(!rating.revealed);

    // Without pre-work copies, the same two copies' old values still conflict: nothing says
    // whose change is whose.
    let (mut priyas, mut olas) = (priyas, olas);
    priyas.prework_for.clear();
    olas.prework_for.clear();
    let copies = [("ola.ron", &olas), ("priya.ron", &priyas)]
        .map(|(label, session)| Copy { label, session });
    assert_eq!(merge(None, &copies).unwrap().conflicts.len(), 2);
}
