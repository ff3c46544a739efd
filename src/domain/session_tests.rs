//! The session's own tests: ids, items, raters, notes and the file's rules.

use super::*;

#[test]
fn ids_that_could_escape_a_folder_or_a_command_line_are_not_valid() {
    for id in [
        "k3x9a2f1",
        "template",
        "Q4_review-2",
        &"a".repeat(MAX_ID_LEN),
    ] {
        assert!(valid_id(id), "{id}");
    }
    for id in [
        "",
        "a/b",
        "x/../../escaped",
        "..",
        "-rf",
        "has space",
        "tab\there",
        "é",
        &"a".repeat(MAX_ID_LEN + 1),
    ] {
        assert!(!valid_id(id), "{id:?}");
    }
}

#[test]
fn rating_alone_takes_a_unique_part_of_a_name_and_says_which_names_a_part_matches() {
    let mut session = Session::new("s1", "Review", Timestamp::default());
    for (name, role) in [
        ("Priya Raman", Role::Consumer),
        ("Sam Okafor", Role::Provider),
        ("Samira Diallo", Role::Consumer),
    ] {
        session.participants.push(Participant {
            name: name.into(),
            role,
            group: None,
        });
    }
    let priya = session.rater_named("priya").unwrap();
    assert_eq!(
        (priya.name.as_str(), priya.side),
        ("Priya Raman", Side::Consumer)
    );
    assert_eq!(session.rater_named("okafor").unwrap().name, "Sam Okafor");
    // A whole name wins over a longer name that contains it.
    session.participants[1].name = "Sam".into();
    assert_eq!(session.rater_named("sam").unwrap().name, "Sam");
    session.participants[1].name = "Sam Okafor".into();
    assert_eq!(
        session.rater_named("Sam").unwrap_err().to_string(),
        "\"Sam\" is part of several participants' names: Sam Okafor, Samira Diallo; give more of the name"
    );
    assert_eq!(
        session.rater_named("Sam").unwrap_err(),
        crate::domain::NotARater::Several {
            name: "Sam".into(),
            matches: "Sam Okafor, Samira Diallo".into()
        }
    );
}

/// A second trial's find: `open --as "tom  berger"` was refused while `check` saw it was Tom
/// Berger. A whole name is found in any case, however spaced.
#[test]
fn rating_alone_finds_a_whole_name_however_spaced() {
    let mut session = Session::new("s1", "Review", Timestamp::default());
    session.participants.push(Participant {
        name: "Tom Berger".into(),
        role: Role::Provider,
        group: None,
    });
    for typed in ["tom  berger", " Tom Berger ", "TOM\tBERGER"] {
        assert_eq!(
            session.rater_named(typed).unwrap().name,
            "Tom Berger",
            "{typed:?}"
        );
    }
    assert!(session.rater_named("tomberger").is_err());
}

#[test]
fn an_item_added_by_its_text_lands_last_on_its_step_with_an_id_of_its_own() {
    let mut session = Session::new("s1", "Review", Timestamp::default());
    for dimension in Dimension::ALL {
        assert_eq!(session.add_item(dimension, "First"), 0);
        assert_eq!(session.add_item(dimension, "Second"), 1);
        let items: Vec<_> = session
            .rated_items()
            .filter(|i| i.dimension == dimension)
            .map(|i| (i.text.to_string(), i.id.to_string()))
            .collect();
        assert_eq!(items[1].0, "Second");
        assert!(valid_id(&items[1].1), "{dimension:?}: {items:?}");
        assert_ne!(items[0].1, items[1].1);
        assert!(session.ratings_ref(dimension, 1).unwrap().is_empty());
    }
    // A risk starts at the middle of both scales, as the form's does.
    assert_eq!(session.risks[0].risk().exposure(), 9);
}

#[test]
fn a_renamed_rater_keeps_their_ratings_on_their_side_only() {
    let mut session = Session::new("s1", "Review", Timestamp::default());
    session.add_item(Dimension::Benefits, "One");
    session.add_item(Dimension::Risks, "Two");
    let four = Rating::new(4);
    session.benefits[0]
        .rating
        .set_by(Side::Consumer, "Sam", four);
    session.risks[0]
        .rating
        .set_by(Side::Consumer, "Sam", Rating::new(2));
    session.risks[0]
        .rating
        .set_by(Side::Provider, "Sam", Rating::new(5));
    session.risks[0]
        .rating
        .set_by(Side::Consumer, "Sam Reid", Rating::new(1));
    session.rename_rater(Side::Consumer, "Sam", "Sam Reid");
    assert_eq!(
        session.benefits[0].rating.by(Side::Consumer, "Sam Reid"),
        four
    );
    assert_eq!(session.benefits[0].rating.by(Side::Consumer, "Sam"), None);
    // A rating the new name already gave stays; the other side's Sam is someone else.
    assert_eq!(
        session.risks[0].rating.by(Side::Consumer, "Sam Reid"),
        Rating::new(1)
    );
    assert_eq!(
        session.risks[0].rating.by(Side::Provider, "Sam"),
        Rating::new(5)
    );
}

#[test]
fn a_reveal_covers_its_rated_step_every_step_from_the_summary_and_nothing_elsewhere() {
    assert_eq!(Step::Benefits.reveal_scope(), Some(Some(Step::Benefits)));
    assert_eq!(Step::Risks.reveal_scope(), Some(Some(Step::Risks)));
    assert_eq!(Step::Summary.reveal_scope(), Some(None));
    for step in [Step::Setup, Step::Context, Step::Agreements] {
        assert_eq!(step.reveal_scope(), None, "{step:?}");
    }
}

#[test]
fn a_step_timer_total_saturates_instead_of_wrapping() {
    let mut s = Session::new("t1", "Timer", Timestamp::from_unix(0));
    s.add_time_spent(Step::Benefits, 90);
    s.add_time_spent(Step::Benefits, 30);
    assert_eq!(s.time_spent[&Step::Benefits], 120);
    s.time_spent.insert(Step::Costs, u32::MAX - 5);
    s.add_time_spent(Step::Costs, 60);
    assert_eq!(s.time_spent[&Step::Costs], u32::MAX);
    s.add_time_spent(Step::Costs, u64::MAX);
    assert_eq!(s.time_spent[&Step::Costs], u32::MAX);
}

fn r(n: u8) -> Option<Rating> {
    Rating::new(n)
}

#[test]
fn steps_walk_in_order_and_know_their_dimension() {
    assert_eq!(Step::Setup.next(), Some(Step::Context));
    assert_eq!(Step::Risks.next(), Some(Step::Agreements));
    assert_eq!(Step::Summary.next(), None);
    assert_eq!(Step::Context.prev(), Some(Step::Setup));
    assert_eq!(Step::Setup.prev(), None);
    assert_eq!(Step::Costs.index(), 6);
    assert_eq!(Step::Costs.dimension(), Some(Dimension::Costs));
    assert_eq!(Step::Agreements.dimension(), None);
    for d in Dimension::ALL {
        assert_eq!(d.step().dimension(), Some(d));
        assert_eq!(d.key(), d.step().key());
        assert_eq!(d.title(), d.step().title());
    }
}

#[test]
fn reveal_shows_items_both_sides_rated_and_counts_the_rest() {
    let mut s = Session::new("r", "R", Timestamp::default());
    let outcome = |p, c| Outcome {
        text: "o".into(),
        rating: Ratings::new(p, c),
        ..Default::default()
    };
    s.outcomes = vec![
        outcome(r(4), r(2)),
        outcome(r(3), None),
        outcome(None, None),
    ]
    .into();
    s.costs = vec![Cost {
        text: "c".into(),
        rating: Ratings::new(r(1), r(1)),
        ..Default::default()
    }]
    .into();
    assert_eq!(s.reveal(Some(Step::Outcomes)), (1, 1));
    assert!(s.outcomes[0].rating.revealed && !s.costs[0].rating.revealed);
    assert_eq!(s.reveal(Some(Step::Outcomes)), (0, 1), "already revealed");
    assert_eq!(s.reveal(None), (1, 1));
    assert!(s.costs[0].rating.revealed);
}

#[test]
fn counts_defaults_and_clearing() {
    let mut s = Session::new("c", "C", Timestamp::default());
    assert_eq!(s.minutes_for(Step::Summary), 15);
    assert_eq!(s.minutes_for(Step::Benefits), 10);
    s.timebox.insert(Step::Benefits, 25);
    assert_eq!(s.minutes_for(Step::Benefits), 25);
    s.risks.push(Risk {
        likelihood: Rating::new(4).unwrap(),
        impact: Rating::new(5).unwrap(),
        rating: Ratings::new(r(2), r(3)),
        ..Default::default()
    });
    s.agreements.push(Agreement::default());
    assert_eq!(s.risks[0].risk().exposure(), 20);
    assert_eq!(RiskPart::default().exposure(), 9);
    assert_eq!(s.item_count(Step::Risks), 1);
    assert_eq!(s.item_count(Step::Agreements), 1);
    assert_eq!(s.item_count(Step::Summary), 0);
    assert_eq!(
        s.ratings(Dimension::Risks, 0),
        Some(Ratings::new(r(2), r(3)))
    );
    assert_eq!(s.ratings(Dimension::Risks, 1), None);
    s.clear_ratings();
    assert_eq!(s.ratings(Dimension::Risks, 0), Some(Ratings::default()));
    let a = |done, dropped| Agreement {
        status: match (done, dropped) {
            (_, true) => AgreementStatus::Dropped,
            (true, false) => AgreementStatus::Done,
            (false, false) => AgreementStatus::Open,
        },
        ..Default::default()
    };
    assert_eq!(
        [a(false, false), a(true, false), a(false, true)].map(|a| a.status()),
        ["open", "done", "dropped"]
    );
    assert!(a(false, false).is_open() && !a(true, false).is_open() && !a(false, true).is_open());
}
fn person(name: &str, role: Role) -> Participant {
    Participant {
        name: name.into(),
        role,
        group: None,
    }
}

#[test]
fn raters_who_are_not_participants_are_strays_and_their_ratings_can_go() {
    let r = Rating::new;
    let mut s = Session::new("s1", "Desk", Timestamp::from_unix(0));
    for text in ["Fewer outages", "Faster fixes"] {
        s.add_item(Dimension::Benefits, text);
    }
    s.add_item(Dimension::Risks, "Lock-in");
    // No participants yet: the sides' default raters rate, and are nobody's strays.
    s.benefits[0].rating = Ratings::new(r(4), r(2));
    assert!(s.stray_raters().is_empty());
    // Two consumers join: the old "consumer" number is nobody's now; "provider" still
    // rates for a side without people.
    s.participants = vec![
        person("Dana", Role::Facilitator),
        person("Priya", Role::Consumer),
        person("Ola", Role::Consumer),
    ];
    for (index, rating) in [(0, 5), (1, 3)] {
        s.benefits[index]
            .rating
            .set_by(Side::Consumer, "Priya", r(rating));
    }
    s.risks[0].rating.set_by(Side::Consumer, "consumer", r(1));
    s.risks[0].rating.set_by(Side::Provider, "Kim", r(3));
    let strays: Vec<(Side, String, usize)> = s
        .stray_raters()
        .into_iter()
        .map(|r| (r.side, r.name, r.rated))
        .collect();
    assert_eq!(
        strays,
        [
            (Side::Provider, "Kim".to_string(), 1),
            (Side::Consumer, "consumer".to_string(), 2)
        ]
    );
    assert_eq!(s.remove_ratings_by(Side::Consumer, "consumer"), 2);
    assert_eq!(s.benefits[0].rating.by(Side::Consumer, "consumer"), None);
    assert_eq!(s.benefits[0].rating.by(Side::Consumer, "Priya"), r(5));
    assert_eq!(s.benefits[0].rating.by(Side::Provider, "provider"), r(4));
    assert!(s.risks[0].rating.by(Side::Consumer, "consumer").is_none());
    assert_eq!(s.remove_ratings_by(Side::Consumer, "consumer"), 0);
    // A name rates per side: Kim's provider rating is not a consumer's.
    assert_eq!(s.remove_ratings_by(Side::Consumer, "Kim"), 0);
    assert_eq!(s.remove_ratings_by(Side::Provider, "Kim"), 1);
    assert!(s.stray_raters().is_empty());
}

/// A trial's find: ratings given before anyone joined showed on the step as the side's only
/// participant's (`Rated: Kim Park 4`), while Setup listed them as "people not in Setup" and
/// `d` there removed what the step had shown as Kim's.
#[test]
fn a_sides_only_participant_owns_its_earlier_ratings_and_they_are_no_strays() {
    let r = Rating::new;
    let mut s = Session::new("s1", "Desk", Timestamp::from_unix(0));
    s.add_item(Dimension::Benefits, "Fewer outages");
    s.benefits[0].rating = Ratings::new(r(4), r(2));
    s.participants = vec![
        person("Kim Park", Role::Provider),
        person("Jo Diaz", Role::Consumer),
    ];
    assert!(s.speaks_for_side(Side::Provider, "Kim Park"));
    assert!(s.stray_raters().is_empty(), "{:?}", s.stray_raters());
    // A second consumer: whose the old consumer number was is unknown, so it is listed.
    s.participants.push(person("Ola", Role::Consumer));
    let strays: Vec<(Side, String)> = s
        .stray_raters()
        .into_iter()
        .map(|r| (r.side, r.name))
        .collect();
    assert_eq!(strays, [(Side::Consumer, "consumer".to_string())]);
}

#[test]
fn a_new_participant_is_on_the_side_the_mode_collects() {
    assert_eq!(
        Role::default_for(Mode::ConsumerSelfAssessment),
        Role::Consumer
    );
    assert_eq!(
        Role::default_for(Mode::ProviderSelfAssessment),
        Role::Provider
    );
    assert_eq!(Role::default_for(Mode::Workshop), Role::Provider);
}

#[test]
fn a_rating_given_or_changed_after_a_reveal_is_hidden_until_the_next_reveal() {
    let mut s = Session::new("s1", "Review", Timestamp::default());
    for (name, role) in [("Ben", Role::Provider), ("Priya", Role::Consumer)] {
        s.participants.push(Participant {
            name: name.into(),
            role,
            group: None,
        });
    }
    s.benefits.push(Benefit {
        text: "Faster fixes".into(),
        ..Benefit::default()
    });
    s.blind = true;
    let rate = |s: &mut Session, side, name: &str, n| {
        s.rate_as(Dimension::Benefits, 0, side, name, Rating::new(n));
    };
    rate(&mut s, Side::Provider, "Ben", 4);
    rate(&mut s, Side::Consumer, "Priya", 2);
    assert_eq!(s.reveal(Some(Step::Benefits)), (1, 0));
    // The same number again changes nothing: still revealed.
    rate(&mut s, Side::Consumer, "Priya", 2);
    assert!(s.benefits[0].rating.revealed);
    // A changed number is hidden again (nobody reads it before the next reveal)...
    rate(&mut s, Side::Consumer, "Priya", 3);
    assert!(!s.benefits[0].rating.revealed);
    assert_eq!(s.reveal(Some(Step::Benefits)), (1, 0));
    // ...and so is a late rater's first one.
    s.participants.push(Participant {
        name: "Lee".into(),
        role: Role::Consumer,
        group: None,
    });
    rate(&mut s, Side::Consumer, "Lee", 5);
    assert!(!s.benefits[0].rating.revealed);
    // Without blind rating nothing is hidden to begin with.
    s.blind = false;
    s.benefits[0].rating.revealed = true;
    rate(&mut s, Side::Consumer, "Lee", 1);
    assert!(s.benefits[0].rating.revealed);
}

/// A per-step map that is not a map says what it should be, whatever reads it (ron checks the
/// `{` itself; a reader that hands the visitor something else gets this message).
#[test]
fn a_per_step_map_that_is_not_a_map_says_what_was_expected() {
    use serde::de::value::{Error, StrDeserializer};
    let e = unique_keys::<_, u32>(StrDeserializer::<Error>::new("ten minutes")).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"invalid type: string "ten minutes", expected a map from steps to numbers"#
    );
}

/// Found by a mutation run: no test of the library met an id clash, where an item's own id is
/// already another's and the next variant of it is taken, still derived from the item alone.
#[test]
fn an_id_clash_takes_the_next_variant_derived_from_the_item() {
    let mut s = Session::new("ids001", "Ids", Timestamp::from_unix(0));
    s.add_item(Dimension::Costs, "Licence");
    s.add_item(Dimension::Costs, "Fee");
    // The first item holds the id the second would be given (an item that moved, say).
    s.costs[0].id = item_id(Step::Costs, 1, "Fee");
    s.ensure_ids();
    assert_eq!(s.costs[0].id, item_id(Step::Costs, 1, "Fee"));
    assert_eq!(s.costs[1].id, item_id(Step::Costs, 1, "Fee\u{1f}1"));
}

/// Found by a mutation run: `raters` guesses that a rating's rater is the one counted after
/// the last, and a name rated on both sides must not be taken for the other side's.
#[test]
fn one_name_rating_on_both_sides_is_counted_on_each_side_apart() {
    let mut s = Session::new("s2", "Desk", Timestamp::from_unix(0));
    for (n, side) in [
        Side::Consumer,
        Side::Provider,
        Side::Consumer,
        Side::Consumer,
    ]
    .into_iter()
    .enumerate()
    {
        s.add_item(Dimension::Benefits, &format!("Benefit {n}"));
        s.benefits[n].rating.set_by(side, "Ola", Rating::new(3));
    }
    let counted: Vec<(Side, String, usize)> = s
        .raters()
        .into_iter()
        .map(|r| (r.side, r.name, r.rated))
        .collect();
    assert_eq!(
        counted,
        [
            (Side::Provider, "Ola".to_string(), 1),
            (Side::Consumer, "Ola".to_string(), 3)
        ]
    );
}

/// Found by a mutation run: each person's turn counts their own items, not those of the
/// first rater on their side.
#[test]
fn each_turn_counts_the_items_its_own_person_rated() {
    let r = Rating::new;
    let mut s = Session::new("s3", "Desk", Timestamp::from_unix(0));
    s.participants = vec![
        person("Priya", Role::Provider),
        person("Piet", Role::Provider),
        person("Chen", Role::Consumer),
    ];
    for text in ["Fewer outages", "Faster fixes"] {
        s.add_item(Dimension::Benefits, text);
    }
    s.benefits[0].rating.set_by(Side::Provider, "Priya", r(3));
    s.benefits[0].rating.set_by(Side::Provider, "Piet", r(4));
    s.benefits[1].rating.set_by(Side::Provider, "Priya", r(2));
    s.benefits[1].rating.set_by(Side::Consumer, "Chen", r(5));
    let turns: Vec<(String, usize)> = s.turns().into_iter().map(|t| (t.name, t.rated)).collect();
    assert_eq!(
        turns,
        [
            ("Priya".to_string(), 2),
            ("Piet".to_string(), 1),
            ("Chen".to_string(), 1)
        ]
    );
}

/// Found by a mutation run (`speaks_for_side` made `false`, no test failed): a side's only
/// participant speaks for the side, so its default rater's number (a format-1 file's, or
/// one given before anyone was named) is theirs: seen as their own, and their first rating
/// takes its place rather than standing beside it.
#[test]
fn a_sides_only_participant_owns_its_default_raters_rating() {
    let r = Rating::new;
    let mut s = Session::new("s4", "Desk", Timestamp::from_unix(0));
    s.blind = true;
    s.participants = vec![
        person("Priya", Role::Provider),
        person("Chen", Role::Consumer),
    ];
    s.add_item(Dimension::Benefits, "Fewer outages");
    s.benefits[0].rating.set(Side::Provider, r(4));
    assert!(s.speaks_for_side(Side::Provider, "Priya"));
    assert!(!s.speaks_for_side(Side::Provider, "provider"));
    assert!(!s.speaks_for_side(Side::Consumer, "Priya"));
    let ratings = s.benefits[0].rating.clone();
    assert_eq!(
        s.own_of(&ratings, Side::Provider, "Priya")
            .by(Side::Provider, "provider"),
        r(4)
    );
    assert_eq!(
        s.seen_by(&ratings, Side::Provider, "Priya")
            .by(Side::Provider, "provider"),
        r(4)
    );
    s.rate_as(Dimension::Benefits, 0, Side::Provider, "Priya", r(2));
    let side: Vec<(&str, Rating)> = s.benefits[0]
        .rating
        .raters(Side::Provider)
        .iter()
        .map(|(name, rating)| (name, *rating))
        .collect();
    assert_eq!(side, [("Priya", r(2).unwrap())]);

    // With a second provider, nobody speaks for the side and the number stays the side's.
    s.participants.push(person("Piet", Role::Provider));
    s.benefits[0].rating.set(Side::Provider, r(4));
    assert!(!s.speaks_for_side(Side::Provider, "Priya"));
    s.rate_as(Dimension::Benefits, 0, Side::Provider, "Priya", r(3));
    assert_eq!(s.benefits[0].rating.by(Side::Provider, "provider"), r(4));
}

/// Found by a mutation run: past sixteen raters the tally looks names up in an index, and
/// no test had more than seventeen, so an index that stopped growing at sixteen (`==` for
/// `>`) counted the later ones twice over.
#[test]
fn every_one_of_many_raters_is_counted_once_with_all_their_items() {
    let r = Rating::new;
    let mut s = Session::new("s5", "Desk", Timestamp::from_unix(0));
    for text in ["Fewer outages", "Faster fixes"] {
        s.add_item(Dimension::Benefits, text);
    }
    let names: Vec<String> = (1..=24).map(|n| format!("Rater {n:02}")).collect();
    // Everyone rates the first item, every other one the second: the walk then skips
    // about, so the tally cannot find each name just after the one before.
    for name in &names {
        s.benefits[0].rating.set_by(Side::Consumer, name, r(3));
    }
    for name in names.iter().step_by(2) {
        s.benefits[1].rating.set_by(Side::Consumer, name, r(4));
    }
    let raters = s.raters();
    assert_eq!(raters.len(), names.len(), "{raters:?}");
    for (i, rater) in raters.iter().enumerate() {
        assert_eq!(rater.rated, if i % 2 == 0 { 2 } else { 1 }, "{raters:?}");
    }
}

/// Found by shard 42: `resolve_conflicts` made to return 0 went unnoticed, and no test of
/// the domain asked which conflicts a decision drops.
#[test]
fn a_decision_drops_only_its_own_conflicts_and_counts_them() {
    let conflict = |item: &str, rater: &str| crate::domain::Conflict {
        step: Some(Step::Benefits),
        item: item.into(),
        rater: rater.into(),
        message: format!("{item} {rater}"),
    };
    let mut session = Session::new("c1", "Conflicts", Timestamp::from_unix(0));
    session.conflicts = vec![
        conflict("b1", "Priya"),
        conflict("b1", "Ben"),
        conflict("b1", ""),
        conflict("b2", "Priya"),
        conflict("", ""),
    ];
    assert_eq!(session.resolve_conflicts("b1", "Priya"), 1);
    assert_eq!(session.resolve_conflicts("b1", ""), 1);
    // The session's own fields (no item) are never decided by an item's edit.
    assert_eq!(session.resolve_conflicts("", ""), 0);
    let left: Vec<_> = session
        .conflicts
        .iter()
        .map(|c| c.message.as_str())
        .collect();
    assert_eq!(left, ["b1 Ben", "b2 Priya", " "]);
}
