//! The value model against the worked example in docs/value-model.md, edge cases of missing
//! data, and the built-in templates.

use covalue::domain::value::{Component, Status, Verdict, summarize};
use covalue::domain::*;
use covalue::store::{self, TEMPLATES};
use std::path::Path;

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
        .map(|d| (d.text.as_str(), d.gap.value()))
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
    let order: Vec<String> = summarize(&s).discuss.into_iter().map(|d| d.text).collect();
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
            s.risks.iter().any(|r| r.effect == RiskEffect::Mitigated),
            "{name}"
        );
        assert!(
            s.risks.iter().any(|r| r.effect == RiskEffect::Introduced),
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
