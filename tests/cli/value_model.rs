//! The value model against the worked example in docs/value-model.md, edge cases of missing
//! data, and the built-in templates.

use covalue::domain::value::{Component, Status, Verdict, summarize};
use covalue::domain::*;
use covalue::store::{self, TEMPLATES};
use std::path::Path;

use crate::support;

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 0.01)
}

#[test]
fn the_worked_example_in_the_docs_is_right() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let session = store::load(&root.join("docs/examples/worked-example.ron")).unwrap();
    let doc = std::fs::read_to_string(root.join("docs/value-model.md")).unwrap();
    let s = summarize(&session);

    let expect = [
        (Dimension::Benefits, 75.0, 50.0),
        (Dimension::Usefulness, 25.0, 75.0),
        (Dimension::Importance, 100.0, 100.0),
        (Dimension::Outcomes, 75.0, 0.0),
        (Dimension::Costs, 75.0, 50.0),
        (Dimension::Risks, 62.5, 50.0),
    ];
    for (d, p, c) in expect {
        assert!(
            close(s.dimension(d).provider, p),
            "{d:?} provider {:?}",
            s.dimension(d).provider
        );
        assert!(
            close(s.dimension(d).consumer, c),
            "{d:?} consumer {:?}",
            s.dimension(d).consumer
        );
    }
    assert_eq!(s.dimension(Dimension::Outcomes).rated_consumer, 1);
    assert_eq!(s.dimension(Dimension::Outcomes).rated_provider, 2);
    assert!(close(s.perceived_provider, 66.667));
    assert!(close(s.perceived_consumer, 75.0));
    assert_eq!(s.vocr.outcomes_achieved, Some(Verdict::Fails));
    assert_eq!(s.vocr.costs_acceptable, Some(Verdict::Holds));
    assert_eq!(s.vocr.risks_managed, Some(Verdict::AtRisk));
    assert_eq!((s.risk.mitigated, s.risk.introduced), (20, 6));
    assert_eq!(s.risk.heat_mitigated[3][4], 1);
    assert_eq!(s.risk.heat_introduced[1][2], 1);
    assert_eq!(s.rated_by_both, 8);
    assert!(close(s.alignment, 71.875));
    let discuss: Vec<(&str, Option<f64>)> = s
        .discuss
        .iter()
        .map(|d| (&*d.text, d.gap.value()))
        .collect();
    assert_eq!(
        discuss,
        [
            ("HR spends less time on payroll questions", Some(3.0)),
            ("Self-service portal for payslips", Some(2.0)),
            ("Fewer calls to HR about pay", Some(2.0))
        ]
    );
    assert!(close(s.value_index.value, 55.28));
    assert_eq!(s.value_index.used().count(), 4);

    // The document states the same numbers, so it cannot drift from the model unnoticed.
    for figure in [
        "= 75",
        "66.7",
        "37.5: **fails**",
        "62.5: **holds**",
        "56.25: **at risk**",
        "4 × 5 = 20",
        "2 × 3 = 6",
        "71.875",
        "55.28",
        "gap 3",
    ] {
        assert!(
            doc.contains(figure),
            "docs/value-model.md should state {figure:?}"
        );
    }
}

fn rated(text: &str, p: Option<u8>, c: Option<u8>) -> Outcome {
    Outcome {
        text: text.into(),
        rating: Ratings::new(p.and_then(Rating::new), c.and_then(Rating::new)),
        ..Default::default()
    }
}

#[test]
fn missing_data_is_missing_not_low() {
    let mut s = Session::new("empty001", "Empty", Timestamp::default());
    let summary = summarize(&s);
    assert_eq!(summary.value_index.value, None);
    assert_eq!(summary.alignment, None);
    assert_eq!(summary.vocr.outcomes_achieved, None);
    assert!(
        summary
            .dimensions
            .iter()
            .all(|d| d.provider.is_none() && d.consumer.is_none())
    );
    assert_eq!(
        summary.completeness[Step::Benefits.index()].status,
        Status::Empty
    );

    s.outcomes.push(rated("Only outcomes", Some(5), None));
    let summary = summarize(&s);
    assert!(close(summary.value_index.value, 100.0));
    assert_eq!(
        summary.value_index.used().collect::<Vec<_>>(),
        [Component::Outcomes]
    );
    assert_eq!(summary.value_index.missing().count(), 3);
    assert_eq!(summary.alignment, None, "one side alone is no agreement");
    assert_eq!(
        summary.completeness[Step::Outcomes.index()].status,
        Status::Partial
    );
    assert_eq!(summary.completeness[Step::Outcomes.index()].unrated, 1);

    s.mode = Mode::ProviderSelfAssessment;
    assert_eq!(
        summarize(&s).completeness[Step::Outcomes.index()].status,
        Status::Complete
    );
}

#[test]
fn one_component_at_zero_makes_the_index_zero() {
    let mut s = Session::new("zero0001", "Zero", Timestamp::default());
    s.outcomes.push(rated("Great", Some(5), Some(5)));
    s.costs.push(Cost {
        text: "Ruinous".into(),
        rating: Ratings::new(Rating::new(1), Rating::new(1)),
        ..Default::default()
    });
    assert!(close(summarize(&s).value_index.value, 0.0));
}

#[test]
fn verdict_boundaries_follow_the_model() {
    assert_eq!(Verdict::of(60.0), Verdict::Holds);
    assert_eq!(Verdict::of(59.99), Verdict::AtRisk);
    assert_eq!(Verdict::of(40.0), Verdict::AtRisk);
    assert_eq!(Verdict::of(39.99), Verdict::Fails);
}

#[test]
fn risks_tie_on_gap_by_exposure() {
    let mut s = Session::new("ties0001", "Ties", Timestamp::default());
    let r = |n| Rating::new(n).unwrap();
    s.benefits.push(Benefit {
        text: "weight 3".into(),
        rating: Ratings::new(Some(r(3)), Some(r(1))),
        ..Default::default()
    });
    s.risks.push(Risk {
        text: "exposure 25 weighs 5".into(),
        likelihood: r(5),
        impact: r(5),
        rating: Ratings::new(Some(r(1)), Some(r(3))),
        ..Default::default()
    });
    s.risks.push(Risk {
        text: "exposure 4 weighs 0.8".into(),
        likelihood: r(2),
        impact: r(2),
        rating: Ratings::new(Some(r(2)), Some(r(4))),
        ..Default::default()
    });
    let order: Vec<String> = summarize(&s)
        .discuss
        .into_iter()
        .map(|d| d.text.to_string())
        .collect();
    assert_eq!(
        order,
        ["exposure 25 weighs 5", "weight 3", "exposure 4 weighs 0.8"]
    );
}

#[test]
fn every_template_is_a_complete_realistic_workshop() {
    for t in TEMPLATES {
        let s = t.session();
        let summary = summarize(&s);
        let name = t.name;
        for c in &summary.completeness {
            assert_eq!(
                c.status,
                Status::Complete,
                "{name}: {:?} is not complete",
                c.step
            );
        }
        // Every list step: all but Setup and Summary.
        for step in Step::ALL[1..9].iter().copied() {
            assert!(
                s.item_count(step) >= 3,
                "{name}: {step:?} needs several items"
            );
        }
        assert!(
            s.rated_items()
                .all(|i| i.rating.is_rated(Side::Provider) && i.rating.is_rated(Side::Consumer)),
            "{name}: rate every item from both sides"
        );
        assert!(
            summary.discuss.len() >= 2,
            "{name}: at least two disagreements of 2 points or more"
        );
        assert!(
            s.risks
                .iter()
                .any(|r| r.risk().effect == RiskEffect::Mitigated),
            "{name}"
        );
        assert!(
            s.risks
                .iter()
                .any(|r| r.risk().effect == RiskEffect::Introduced),
            "{name}"
        );
        assert!(s.agreements.iter().all(|a| !a.text.is_empty()), "{name}");
        assert!(
            s.agreements.iter().any(|a| !a.person.is_empty()),
            "{name}: agreements name their owners"
        );
        assert!(
            summary.value_index.value.is_some() && summary.alignment.is_some(),
            "{name}"
        );
        assert_eq!(s.mode, Mode::Workshop, "{name}");
    }
}

#[test]
fn template_summaries_are_what_the_readme_shows() {
    let figures: Vec<(&str, String, String)> = TEMPLATES
        .iter()
        .map(|t| {
            let s = summarize(&t.session());
            (
                t.name,
                format!("{:.0}", s.value_index.value.unwrap()),
                format!("{:.0}", s.alignment.unwrap()),
            )
        })
        .collect();
    let expected = [
        ("service-desk", "60", "78"),
        ("cloud-hosting", "64", "78"),
        ("secure-backup", "66", "78"),
        ("reporting-tool", "45", "67"),
    ];
    let got: Vec<(&str, &str, &str)> = figures
        .iter()
        .map(|(n, v, a)| (*n, v.as_str(), a.as_str()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn the_quadrants_of_the_worked_example() {
    use covalue::domain::value::Quadrant;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let session = store::load(&root.join("docs/examples/worked-example.ron")).unwrap();
    let summary = summarize(&session);
    let placed: Vec<(&str, Quadrant)> = summary
        .quadrants
        .iter()
        .map(|p| (p.text.as_str(), p.quadrant))
        .collect();
    assert_eq!(
        placed,
        [
            (
                "Self-service portal for payslips",
                Quadrant::ConcentrateHere
            ),
            (
                "HR spends less time on payroll questions",
                Quadrant::ConcentrateHere
            ),
            (
                "Year-end tax filing is done without overtime",
                Quadrant::KeepItUp
            ),
        ],
        "a performance of exactly 50 is not yet performing well"
    );
    assert_eq!(Quadrant::of(50.0, 50.1), Quadrant::PossibleOverkill);
    assert_eq!(Quadrant::of(50.1, 50.0), Quadrant::ConcentrateHere);
    assert_eq!(Quadrant::of(20.0, 10.0), Quadrant::LowPriority);
}

fn rater(s: &mut Session, name: &str, role: Role, group: Option<Group>) {
    s.participants.push(Participant {
        name: name.into(),
        role,
        group,
    });
}

/// Consumers Priya and Ola (users), Marta (sponsor); provider Sam.
fn three_consumers() -> Session {
    let mut s = Session::new("raters01", "Raters", Timestamp::default());
    rater(&mut s, "Sam", Role::Provider, None);
    rater(&mut s, "Priya", Role::Consumer, Some(Group::User));
    rater(&mut s, "Ola", Role::Consumer, Some(Group::User));
    rater(&mut s, "Marta", Role::Consumer, Some(Group::Sponsor));
    for text in ["A", "B", "C"] {
        s.benefits.push(Benefit {
            text: text.into(),
            ..Default::default()
        });
    }
    s.ensure_ids();
    s
}

#[test]
fn a_side_is_the_mean_of_its_raters_and_unrated_never_counts() {
    let mut s = three_consumers();
    let r = Rating::new;
    let b = &mut s.benefits;
    b[0].rating.set_by(Side::Consumer, "Priya", r(5));
    b[0].rating.set_by(Side::Consumer, "Ola", r(2));
    // Marta has not rated A: the mean is of the two who did, not (5 + 2 + 0) / 3.
    b[0].rating.set_by(Side::Provider, "Sam", r(4));
    b[1].rating.set_by(Side::Consumer, "Marta", r(3));
    // C: nobody rated.
    let a = &s.benefits[0].rating;
    assert_eq!(a.mean(Side::Consumer), Some(3.5));
    assert_eq!(a.spread(Side::Consumer), Some(3));
    assert_eq!(a.spread(Side::Provider), Some(0));
    assert_eq!(a.gap(), Some(0.5));
    assert_eq!(s.benefits[2].rating.mean(Side::Consumer), None);
    assert_eq!(s.benefits[2].rating.spread(Side::Consumer), None);

    let summary = summarize(&s);
    let d = summary.dimension(Dimension::Benefits);
    // Consumer: A 3.5 → 62.5, B 3 → 50; C left out.
    assert!(close(d.consumer, 56.25));
    assert_eq!(d.rated_consumer, 2);
    assert!(close(d.provider, 75.0));
    // Only A has several consumer raters.
    assert_eq!(d.spread_consumer, Some(3.0));
    assert_eq!(d.spread_provider, None);
    // Groups: users rated A (mean 3.5) only; the sponsor rated B.
    let group = |g: Group| d.groups.iter().find(|x| x.group == g).unwrap();
    assert!(close(group(Group::User).score, 62.5));
    assert_eq!(group(Group::User).raters, 2);
    assert!(close(group(Group::Sponsor).score, 50.0));
    assert_eq!(group(Group::ServiceOwner).side, Side::Provider);
    assert!(close(summary.alignment, 100.0 - 0.5 / 4.0 * 100.0));

    // docs/value-model.md tells this example; its numbers must be these.
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/value-model.md"))
            .unwrap();
    assert!(doc.contains("(5 + 2) ÷ 2 = 3.5, a score of 62.5"));
    assert_eq!(
        covalue::domain::Points::new(a.mean(Side::Consumer)).to_string(),
        "3.5"
    );
}

#[test]
fn raters_who_disagree_by_two_or_more_put_the_item_on_the_agenda_as_split() {
    use covalue::domain::value::DiscussKind;
    let mut s = three_consumers();
    let r = Rating::new;
    s.benefits[0].rating.set_by(Side::Consumer, "Priya", r(5));
    s.benefits[0].rating.set_by(Side::Consumer, "Ola", r(2));
    s.benefits[0].rating.set_by(Side::Provider, "Sam", r(4));
    // B: one point apart inside the side, and a gap of 2.5 between the sides.
    s.benefits[1].rating.set_by(Side::Consumer, "Priya", r(1));
    s.benefits[1].rating.set_by(Side::Consumer, "Marta", r(2));
    s.benefits[1].rating.set_by(Side::Provider, "Sam", r(4));
    let discuss = summarize(&s).discuss;
    let entries: Vec<(&str, DiscussKind, String)> = discuss
        .iter()
        .map(|d| (&*d.text, d.kind, d.why()))
        .collect();
    assert_eq!(
        entries,
        [
            (
                "A",
                DiscussKind::Split(Side::Consumer),
                "consumer split 3".into()
            ),
            ("B", DiscussKind::Gap, "gap 2.5".into()),
        ]
    );
    assert_eq!(discuss[0].consumer.to_string(), "3.5");
    assert_eq!(discuss[0].gap.to_string(), "0.5");
}

#[test]
fn an_anonymous_session_hides_groups_of_fewer_than_three() {
    use covalue::domain::value::{ANONYMOUS_MIN, Shown};
    let mut s = three_consumers();
    rater(&mut s, "Kim", Role::Consumer, Some(Group::User));
    let r = Rating::new;
    for (name, rating) in [("Priya", 4), ("Ola", 2), ("Marta", 5)] {
        s.benefits[0].rating.set_by(Side::Consumer, name, r(rating));
    }
    let groups = |s: &Session| summarize(s).dimension(Dimension::Benefits).groups.clone();
    let users = |s: &Session| {
        groups(s)
            .into_iter()
            .find(|g| g.group == Group::User)
            .unwrap()
    };
    assert_eq!(ANONYMOUS_MIN, 3);
    assert_eq!(users(&s).raters, 2);
    assert_eq!(users(&s).shown(true), Shown::Hidden);
    assert_eq!(users(&s).shown(false), Shown::Score(Some(50.0)));
    // A third user on another item of the dimension makes the group big enough.
    s.benefits[1].rating.set_by(Side::Consumer, "Kim", r(5));
    assert_eq!(users(&s).raters, 3);
    assert!(matches!(users(&s).shown(true), Shown::Score(Some(_))));
    let sponsor = groups(&s)
        .into_iter()
        .find(|g| g.group == Group::Sponsor)
        .unwrap();
    assert_eq!(sponsor.shown(true), Shown::Hidden);
}

#[test]
fn raters_without_a_participant_fall_in_their_sides_default_group() {
    let mut s = three_consumers();
    s.benefits[0].rating = Ratings::new(Rating::new(4), Rating::new(2));
    s.benefits[1]
        .rating
        .set_by(Side::Consumer, "Priya", Rating::new(3));
    let raters = s.raters();
    let found: Vec<(&str, Side, &str, usize)> = raters
        .iter()
        .map(|r| (r.name.as_str(), r.side, r.group.name(), r.rated))
        .collect();
    assert_eq!(
        found,
        [
            ("Sam", Side::Provider, "service owner", 0),
            ("provider", Side::Provider, "service owner", 1),
            ("consumer", Side::Consumer, "customer", 1),
            ("Ola", Side::Consumer, "user", 0),
            ("Priya", Side::Consumer, "user", 1),
            ("Marta", Side::Consumer, "sponsor", 0),
        ]
    );
}

#[test]
fn item_ids_are_stable_and_unique() {
    // Pinned (FNV-1a 64 of "benefits\x1f0\x1fFewer outages", top 40 bits, checked by hand):
    // a change here would split every upgraded copy from its siblings.
    assert_eq!(
        item_id(Step::Benefits, 0, "Fewer outages"),
        item_id(Step::Benefits, 0, "Fewer outages")
    );
    assert_eq!(item_id(Step::Benefits, 0, "Fewer outages"), "152ceec9c3");
    assert_ne!(
        item_id(Step::Benefits, 1, "Fewer outages"),
        item_id(Step::Benefits, 0, "Fewer outages")
    );
    assert_ne!(
        item_id(Step::Outcomes, 0, "Fewer outages"),
        item_id(Step::Benefits, 0, "Fewer outages")
    );
    let mut s = Session::new("ids00001", "Ids", Timestamp::default());
    for _ in 0..3 {
        s.benefits.push(Benefit {
            text: "Same text".into(),
            ..Default::default()
        });
    }
    s.ensure_ids();
    let kept = s.benefits[1].id.clone();
    s.benefits.remove(0);
    s.benefits.push(Benefit {
        text: "Same text".into(),
        ..Default::default()
    });
    // The new last item sits where the old third was: it must not take an id in use.
    s.ensure_ids();
    let ids: std::collections::BTreeSet<&str> = s.benefits.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(s.benefits[0].id, kept, "ids never move");
    // An item copied by hand, id and all: the copy gets an id of its own.
    let copy = s.benefits[0].clone();
    s.benefits.push(copy);
    s.ensure_ids();
    assert_eq!(s.benefits[0].id, kept);
    assert_ne!(s.benefits[3].id, kept);
    let ids: std::collections::BTreeSet<&str> = s.benefits.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids.len(), 4);
}

#[test]
fn the_turn_passes_person_to_person_and_blind_hides_everyone_else() {
    let mut s = three_consumers();
    let turns: Vec<(String, Side, String)> = s
        .turns()
        .into_iter()
        .map(|r| (r.name, r.side, r.group.name().to_string()))
        .collect();
    assert_eq!(
        turns,
        [
            (
                "Sam".to_string(),
                Side::Provider,
                "service owner".to_string()
            ),
            ("Priya".into(), Side::Consumer, "user".into()),
            ("Ola".into(), Side::Consumer, "user".into()),
            ("Marta".into(), Side::Consumer, "sponsor".into()),
        ]
    );
    let r = Rating::new;
    s.benefits[0].rating.set_by(Side::Consumer, "Priya", r(5));
    s.benefits[0].rating.set_by(Side::Consumer, "Ola", r(1));
    // Marta's turn, blind: she sees that two people rated, not what.
    let seen = s.benefits[0]
        .rating
        .visible_to(Side::Consumer, "Marta", true);
    assert!(seen.is_empty());
    let summary = covalue::domain::summarize_seen_by(&s, Side::Consumer, "Marta");
    assert_eq!(summary.dimension(Dimension::Benefits).consumer, None);
    assert_eq!(summary.hidden, 2);
    assert!(
        summary.discuss.is_empty(),
        "a split would give the numbers away"
    );
    // Priya sees her own.
    let seen = s.benefits[0]
        .rating
        .visible_to(Side::Consumer, "Priya", true);
    assert_eq!(seen.by(Side::Consumer, "Priya"), r(5));
    assert_eq!(seen.count(), 1);
    // Not revealed until every side has rated; then everyone sees everything.
    assert_eq!(s.reveal(None), (0, 1));
    s.benefits[0].rating.set_by(Side::Provider, "Sam", r(3));
    assert_eq!(s.reveal(None), (1, 0));
    assert_eq!(
        s.benefits[0]
            .rating
            .visible_to(Side::Consumer, "Marta", true)
            .count(),
        3
    );
    // Rating alone shows only one's own, revealed or not.
    let own = covalue::domain::summarize_own(&s, Side::Consumer, "Ola");
    assert!(close(own.dimension(Dimension::Benefits).consumer, 0.0));
    assert_eq!(own.dimension(Dimension::Benefits).provider, None);

    // A consumer self-assessment reveals once the consumers have rated.
    s.mode = Mode::ConsumerSelfAssessment;
    s.benefits[1].rating.set_by(Side::Consumer, "Ola", r(4));
    assert_eq!(s.reveal(Some(Step::Benefits)), (1, 0));
    assert_eq!(s.turns().len(), 3);
}

#[test]
fn rating_alone_needs_a_participant_who_rates() {
    let s = three_consumers();
    let priya = s.rater_named("priya").unwrap();
    assert_eq!((priya.name.as_str(), priya.side), ("Priya", Side::Consumer));
    let mut with_facilitator = s.clone();
    rater(&mut with_facilitator, "Dana", Role::Facilitator, None);
    assert!(
        with_facilitator
            .rater_named("Dana")
            .unwrap_err()
            .to_string()
            .contains("facilitator")
    );
    assert_eq!(
        s.rater_named("Zoe").unwrap_err().to_string(),
        "\"Zoe\" is not a participant; the participants who rate are: Sam, Priya, Ola, Marta"
    );
}

/// An outcome rated by the people named `p1`, `p2`… on the provider side and `c1`, `c2`… on
/// the consumer side, with these ratings.
fn by_many(text: &str, provider: &[u8], consumer: &[u8]) -> Outcome {
    let mut rating = Ratings {
        revealed: true,
        ..Ratings::default()
    };
    for (side, ratings, letter) in [
        (Side::Provider, provider, 'p'),
        (Side::Consumer, consumer, 'c'),
    ] {
        for (i, n) in ratings.iter().enumerate() {
            rating.set_by(side, &format!("{letter}{}", i + 1), Rating::new(*n));
        }
    }
    Outcome {
        text: text.into(),
        rating,
        ..Default::default()
    }
}

#[test]
fn a_gap_of_exactly_two_in_thirds_is_on_discuss_next() {
    let mut s = Session::new("thirds01", "Thirds", Timestamp::default());
    // Provider mean 5/3, consumer mean 11/3: a gap of exactly 2, which the difference of two
    // means made 1.9999999999999998, and the item was missing from discuss-next.
    s.outcomes = vec![by_many("Thirds", &[1, 2, 2], &[3, 4, 4])].into();
    let summary = summarize(&s);
    assert_eq!(s.outcomes[0].rating.gap(), Some(2.0));
    assert!(s.outcomes[0].rating.gap_reaches(2));
    assert_eq!(summary.discuss.len(), 1, "{:?}", summary.discuss);
    assert_eq!(summary.discuss[0].gap.value(), Some(2.0));
    assert_eq!(summary.alignment, Some(50.0));
}

#[test]
fn a_verdict_on_the_edge_of_its_band_is_judged_exactly() {
    let mut s = Session::new("edge0001", "Edge", Timestamp::default());
    // Provider 50 and 83⅓, consumer 66⅔ and 40: the mean of the two sides is exactly 60,
    // which the sum of floating means made 59.99999999999999, "at risk".
    s.outcomes = vec![
        by_many("One", &[5, 5, 1, 1], &[3, 5, 3]),
        by_many("Two", &[4, 5, 4], &[5, 5, 1, 1, 1]),
    ]
    .into();
    let summary = summarize(&s);
    assert_eq!(
        summary.dimension(Dimension::Outcomes).combined(),
        Some(60.0)
    );
    assert_eq!(summary.vocr.outcomes_achieved, Some(Verdict::Holds));
}

#[test]
fn a_self_assessment_counts_only_its_own_side() {
    let mut s = Session::new("alone001", "Alone", Timestamp::default());
    s.blind = false;
    // The provider's ratings are left in the file (a template, an earlier workshop).
    s.outcomes = vec![
        rated("Faster", Some(1), Some(5)),
        rated("Cheaper", Some(1), Some(3)),
    ]
    .into();
    s.mode = Mode::ConsumerSelfAssessment;
    let summary = summarize(&s);
    let outcomes = summary.dimension(Dimension::Outcomes);
    assert_eq!((outcomes.provider, outcomes.consumer), (None, Some(75.0)));
    assert_eq!(outcomes.rated_provider, 0);
    assert_eq!(outcomes.combined(), Some(75.0));
    assert_eq!(summary.alignment, None);
    assert_eq!(summary.rated_by_both, 0);
    assert!(summary.discuss.is_empty(), "{:?}", summary.discuss);
    assert_eq!(summary.value_index.value, Some(75.0));
    assert_eq!(
        summary.hidden, 0,
        "the other side is not counted, not hidden"
    );
}

#[test]
fn what_the_room_may_not_see_yet() {
    use covalue::domain::value::{Viewer, hidden_ratings, not_yet_revealed, summarize_as};
    let mut s = Session::new("room0001", "Room", Timestamp::default());
    s.outcomes = vec![by_many("Hidden", &[2], &[4, 5])].into();
    s.outcomes[0].rating.revealed = false;
    let r = s.outcomes[0].rating.clone();
    // A blind workshop: hidden until revealed.
    assert!(not_yet_revealed(&s, &r));
    assert_eq!(hidden_ratings(&s), 3);
    assert_eq!(summarize_as(&s, Viewer::Room).hidden, 3);
    assert_eq!(summarize_as(&s, Viewer::Room).value_index.value, None);
    assert_eq!(summarize_as(&s, Viewer::Everything).hidden, 0);
    // A consumer self-assessment with two consumers: still hidden, one from the other.
    s.mode = Mode::ConsumerSelfAssessment;
    assert!(not_yet_revealed(&s, &r));
    assert_eq!(
        hidden_ratings(&s),
        2,
        "the provider's rating is not counted at all"
    );
    // One person alone has seen all of it.
    s.outcomes[0].rating.set_by(Side::Consumer, "c2", None);
    assert!(!not_yet_revealed(&s, &s.outcomes[0].rating));
    assert_eq!(hidden_ratings(&s), 0);
    // Not blind: everything was seen as it was given.
    s.mode = Mode::Workshop;
    s.blind = false;
    assert_eq!(hidden_ratings(&s), 0);
    assert_eq!(summarize_as(&s, Viewer::Room).hidden, 0);
}

mod one_truth {
    //! Property: every output that shows the room's numbers shows the same ones, and no rating
    //! the room has not seen moves any of them.
    use covalue::domain::compare::compare_as;
    use covalue::domain::value::{Summary, Viewer, not_yet_revealed, summarize_as};
    use covalue::domain::*;
    use covalue::report;
    use covalue::tui::workshop::Workshop;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    struct Item {
        provider: Vec<u8>,
        consumer: Vec<u8>,
        revealed: bool,
        step: u8,
    }

    fn item() -> impl Strategy<Value = Item> {
        (
            prop::collection::vec(1u8..=5, 1..=6),
            prop::collection::vec(1u8..=5, 1..=6),
            any::<bool>(),
            0u8..3,
        )
            .prop_map(|(provider, consumer, revealed, step)| Item {
                provider,
                consumer,
                revealed,
                step,
            })
    }

    fn session(items: &[Item], blind: bool, mode: u8) -> Session {
        let mut s = Session::new("prop0001", "Property", Timestamp::from_unix(1_800_000_000));
        s.blind = blind;
        s.mode = match mode {
            0 | 1 => Mode::Workshop,
            2 => Mode::ProviderSelfAssessment,
            _ => Mode::ConsumerSelfAssessment,
        };
        for (i, it) in items.iter().enumerate() {
            let mut rating = Ratings {
                revealed: it.revealed,
                ..Ratings::default()
            };
            for (side, ratings, letter) in [
                (Side::Provider, &it.provider, 'p'),
                (Side::Consumer, &it.consumer, 'c'),
            ] {
                for (n, r) in ratings.iter().enumerate() {
                    rating.set_by(side, &format!("{letter}{}", n + 1), Rating::new(*r));
                }
            }
            let text = format!("Item {i}");
            match it.step {
                0 => s.outcomes.push(Outcome {
                    text,
                    rating,
                    ..Default::default()
                }),
                1 => s.costs.push(Cost {
                    text,
                    rating,
                    ..Default::default()
                }),
                _ => s.benefits.push(Benefit {
                    text,
                    rating,
                    ..Default::default()
                }),
            }
        }
        // The raters are the session's people, so the workshop's first turn (p1) is someone
        // whose ratings may not be revealed yet.
        for (letter, role) in [('p', Role::Provider), ('c', Role::Consumer)] {
            for n in 1..=6 {
                s.participants.push(Participant {
                    name: format!("{letter}{n}"),
                    role,
                    group: None,
                });
            }
        }
        s.ensure_ids();
        s
    }

    /// Everything the room is shown, as text: the summary (text and JSON), the md report and
    /// the comparison of the session with itself.
    fn outputs(s: &Session) -> [String; 4] {
        let summary = summarize_as(s, Viewer::Room);
        let today = Date::new(2026, 12, 6).unwrap();
        let comparison = compare_as(s, s, Viewer::Room);
        [
            report::summary::text(s, &summary),
            report::json::pretty(&report::summary::json(s, &summary)),
            report::export::markdown(s, &summary, today),
            report::json::pretty(&report::compare::json(s, &comparison, today)),
        ]
    }

    /// The whole number after `label` on the line that has it, or `None` for `–`.
    fn shown(text: &str, label: &str) -> Option<Option<i64>> {
        let rest = text.split(label).nth(1)?;
        let word = rest.split_whitespace().next()?;
        Some(word.trim_matches('*').parse().ok())
    }

    fn whole(score: Option<f64>) -> Option<i64> {
        score.map(covalue::text::whole)
    }

    /// The items of the md report's discuss-next table, in order.
    fn md_discuss(md: &str) -> Vec<String> {
        md.split("## Discuss next")
            .nth(1)
            .and_then(|part| part.split("\n## ").next())
            .map(|part| {
                part.lines()
                    .skip_while(|l| !l.starts_with("|---"))
                    .skip(1)
                    .take_while(|l| l.starts_with("| "))
                    .filter_map(|l| l.split(" | ").nth(1).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn firsts(room: &Summary) -> Vec<String> {
        (0..room.discuss_items.len())
            .filter_map(|row| room.reasons(row).next().map(|d| d.text.to_string()))
            .collect()
    }

    proptest! {
        #![proptest_config(crate::regressions::beside_the_test(ProptestConfig::with_cases(64)))]

        #[test]
        fn every_output_shows_the_rooms_numbers(
            items in prop::collection::vec(item(), 1..8),
            blind in any::<bool>(),
            mode in 0u8..4,
            change in any::<prop::sample::Index>(),
        ) {
            let s = session(&items, blind, mode);
            // The live summary as the room sees it (a review, or a served room's screen).
            let live = Workshop::new(s.clone(), "p.ron", Some("review".into()));
            let room = live.summary().clone();
            // The workshop while its first person rates shows the room's numbers too, not that
            // person's own ratings not yet revealed (a trial found three indexes for one session).
            let rating = Workshop::new(s.clone(), "p.ron", None);
            prop_assert_eq!(rating.summary(), &room);
            let [text, _, md, _] = outputs(&s);
            // As values, not read back from text: serde_json's reader may be an ulp off.
            let seen = summarize_as(&s, Viewer::Room);
            let json = serde_json::to_value(report::summary::json(&s, &seen)).unwrap();
            let today = Date::new(2026, 12, 6).unwrap();
            let compare_json = report::compare::json(&s, &compare_as(&s, &s, Viewer::Room), today);

            // Exact in JSON, whole numbers where people read them.
            prop_assert_eq!(json["value_index"].as_f64(), room.value_index.value);
            prop_assert_eq!(json["alignment"].as_f64(), room.alignment);
            prop_assert_eq!(compare_json["value_index"]["new"].as_f64(), room.value_index.value);
            prop_assert_eq!(compare_json["alignment"]["new"].as_f64(), room.alignment);
            prop_assert_eq!(shown(&text, "Value index"), Some(whole(room.value_index.value)));
            prop_assert_eq!(shown(&md, "**Value index:"), Some(whole(room.value_index.value)));
            if s.mode == Mode::Workshop {
                prop_assert_eq!(shown(&text, "Alignment"), Some(whole(room.alignment)));
                prop_assert_eq!(shown(&md, "**Alignment:"), Some(whole(room.alignment)));
            } else {
                prop_assert_eq!(room.alignment, None);
                prop_assert!(!text.contains("Alignment") && !md.contains("**Alignment"));
            }
            // Discuss-next: every reason in JSON, each item once in the md report.
            let reasons: Vec<(String, String)> = room
                .discuss
                .iter()
                .map(|d| (d.text.to_string(), d.kind.key().to_string()))
                .collect();
            let in_json: Vec<(String, String)> = json["discuss"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| (d["text"].as_str().unwrap().to_string(), d["kind"].as_str().unwrap().to_string()))
                .collect();
            prop_assert_eq!(in_json, reasons);
            let splits = room.discuss.iter().any(|d| d.kind != value::DiscussKind::Gap);
            if s.mode == Mode::Workshop || splits {
                prop_assert_eq!(md_discuss(&md), firsts(&room));
            }
            prop_assert_eq!(json["hidden_ratings"].as_u64(), Some(room.hidden as u64));
            // A gap of 2 or more is on the list, exactly.
            for (d, r) in room.discuss.iter().filter(|d| d.kind == value::DiscussKind::Gap).zip(0..) {
                prop_assert!(d.gap.value().unwrap() >= 2.0, "{r}: {d:?}");
            }

            // Change one rating the room has not seen: nothing it is shown changes.
            let hidden: Vec<(Dimension, usize)> = s
                .rated_items()
                .filter(|i| not_yet_revealed(&s, i.rating))
                .map(|i| (i.dimension, i.index))
                .collect();
            if !hidden.is_empty() {
                let (dimension, index) = hidden[change.index(hidden.len())];
                let mut other = s.clone();
                let ratings = other.ratings_mut(dimension, index).unwrap();
                let side = if ratings.is_rated(Side::Provider) { Side::Provider } else { Side::Consumer };
                let (name, rating) = ratings.raters(side).iter().next().map(|(n, r)| (n.to_string(), *r)).unwrap();
                let moved = Rating::new(rating.get() % 5 + 1);
                ratings.set_by(side, &name, moved);
                prop_assert_eq!(outputs(&other), outputs(&s));
                let live = Workshop::new(other.clone(), "p.ron", Some("review".into()));
                prop_assert_eq!(live.summary(), &room);
                let rating = Workshop::new(other, "p.ron", None);
                prop_assert_eq!(rating.summary(), &room);
            }
        }
    }
}

#[test]
fn the_live_summary_of_a_self_assessment_counts_only_its_side() {
    use covalue::tui::workshop::Workshop;
    let mut s = Session::new("alone002", "Alone", Timestamp::default());
    s.mode = Mode::ConsumerSelfAssessment;
    // The provider's ratings left in the file (a template, an earlier workshop).
    s.outcomes = vec![rated("Faster", Some(1), Some(5))].into();
    s.outcomes[0].rating.revealed = true;
    for read_only in [None, Some("review".to_string())] {
        let w = Workshop::new(s.clone(), "a.ron", read_only);
        let summary = w.summary();
        assert_eq!(summary.value_index.value, Some(100.0));
        assert_eq!(summary.dimension(Dimension::Outcomes).provider, None);
        assert_eq!(summary.alignment, None);
        // Nor does the list show the provider's number.
        assert!(!w.seen(&s.outcomes[0].rating).is_rated(Side::Provider));
    }
}

#[test]
fn a_self_assessments_detail_line_names_only_its_side() {
    use support::{keys, screen, template_session, workshop_app};
    let mut s = template_session();
    // A consumer self-assessment made from a workshop: the provider's ratings are still there.
    s.mode = Mode::ConsumerSelfAssessment;
    let mut app = workshop_app(s);
    keys(&mut app, &["]", "]"]);
    let text = screen(&app, 80, 24);
    let line = text
        .lines()
        .find(|l| l.contains("Rated:"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(!line.contains("provider"), "{line}");
}
