use super::*;
use crate::domain::session::{CostKind, CostPart, Level, Risk, RiskEffect, RiskPart, Session};
use crate::domain::value::{Component, ValueIndex, summarize};
use crate::domain::{Outcome, Rating, Ratings, Timestamp};
use proptest::prelude::*;

fn amount(text: &str) -> Option<(f64, String, Period)> {
    parse_amount(text)
        .unwrap()
        .map(|a| (a.value, a.unit, a.per))
}

#[test]
fn amounts_read_a_number_a_unit_and_a_period_where_they_can() {
    let some = |v: f64, u: &str, p| Some((v, u.to_string(), p));
    assert_eq!(amount("6000 EUR/month"), some(6000.0, "EUR", Period::Month));
    assert_eq!(amount("40 h/month"), some(40.0, "h", Period::Month));
    assert_eq!(amount("2 days once"), some(2.0, "days", Period::Once));
    assert_eq!(amount("1 day once"), some(1.0, "days", Period::Once));
    assert_eq!(amount("€4,200 a month"), some(4200.0, "EUR", Period::Month));
    assert_eq!(amount("€650 a month"), some(650.0, "EUR", Period::Month));
    assert_eq!(amount("12.5 hours per week"), some(12.5, "h", Period::Week));
    assert_eq!(amount("300 GBP yearly"), some(300.0, "GBP", Period::Year));
    assert_eq!(amount("500 EUR"), some(500.0, "EUR", Period::Once));
    // Free text stays free text, never summed and never an error.
    for text in [
        "",
        "€18 per user a month",
        "€35 per user a month, 60 users",
        "about 15 min per ticket",
        "half a day a month",
        "one day per test",
        "2 days per person",
        "1–2 days per change",
        "about 3 developer weeks, once",
        "3 monthly",
        "2 once",
        // Free text with a slash is not a figure gone wrong: older files keep loading.
        "1/2 day a week",
        "5 EUR/user/month",
        "2 h/week per person",
        "10 / 20 minutes",
    ] {
        assert_eq!(amount(text), None, "{text}");
    }
}

#[test]
fn an_amount_written_as_a_figure_that_holds_none_is_refused_in_a_sentence() {
    let error = |text: &str| parse_amount(text).unwrap_err().to_string();
    assert_eq!(
        error("40 h/fortnight"),
        "`fortnight` in the amount `40 h/fortnight` is not a period: use once, day, week, month, quarter or year"
    );
    assert!(error("-6000 EUR/month").contains("negative"));
    assert!(error("6000/month").contains("no unit"));
    assert!(error(&format!("1{} EUR/month", "0".repeat(400))).contains("too large"));
}

fn cost(direction: CostDirection, amount: &str) -> CostPart {
    CostPart::new(CostKind::default(), direction, amount)
}

#[test]
fn the_balance_sums_within_one_unit_and_period_and_says_so() {
    use CostDirection::{Imposed, Removed};
    let costs = [
        cost(Removed, "6000 EUR/month"),
        cost(Imposed, "4000 EUR/month"),
        cost(Imposed, "€400 a month"),
        cost(Imposed, "40 h/month"),
        cost(Imposed, "€18 per user a month"),
    ];
    let balance = cost_balance(&costs);
    assert_eq!(balance.removed.count, 1);
    assert_eq!(balance.imposed.count, 4);
    assert_eq!(balance.imposed.unsummed, 1);
    assert_eq!(
        balance.text(),
        "Costs: 1 removed (6,000 EUR/month) · 4 imposed (4,400 EUR/month, 40 h/month, 1 not a figure)"
    );
    assert!(balance.is_informative());
    assert!(!cost_balance(&[cost(Imposed, "€18 per user a month")]).is_informative());
    // The totals alone, as `compare` shows them (a mutation run found none read them).
    assert_eq!(
        balance.imposed.figures_text(),
        "4,400 EUR/month, 40 h/month, 1 not a figure"
    );
    let words_only = cost_balance(&[cost(Imposed, "€18 per user a month")]);
    assert_eq!(words_only.imposed.figures_text(), "1 not a figure");
}

/// Found by a mutation run: no test summed minutes written two ways, nor asked whether a
/// balance of one removed cost without a figure says more than the old list did.
#[test]
fn minutes_add_up_however_written_and_a_removed_cost_is_worth_showing() {
    use CostDirection::{Imposed, Removed};
    let minutes = cost_balance(&[
        cost(Imposed, "30 minutes a week"),
        cost(Imposed, "15 min a week"),
    ]);
    assert_eq!(minutes.imposed.figures_text(), "45 min/week");
    // Found by shard 42: weeks written two ways were two units.
    let weeks = cost_balance(&[
        cost(Imposed, "2 weeks a year"),
        cost(Imposed, "1 Week a year"),
    ]);
    assert_eq!(weeks.imposed.figures_text(), "3 weeks/year");
    assert!(cost_balance(&[cost(Removed, "less overtime")]).is_informative());
}

#[test]
fn figures_read_as_people_write_them() {
    assert_eq!(number_text(6000.0), "6,000");
    assert_eq!(number_text(1234567.5), "1,234,567.5");
    assert_eq!(number_text(0.25), "0.25");
    assert_eq!(number_text(12.0), "12");
    // Found by a mutation run: no figure below zero was read (a change of -1,500 EUR lost its
    // sign with `==` for `<`).
    assert_eq!(number_text(-1500.0), "-1,500");
    assert_eq!(number_text(-0.5), "-0.5");
    assert_eq!(number_text(0.0), "0");
}

fn units() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["EUR", "USD", "h", "days", "licences"])
}

fn periods() -> impl Strategy<Value = Period> {
    prop::sample::select(Period::ALL.to_vec())
}

proptest! {
    /// However costs are mixed, each total holds one unit and one period, and is the sum of
    /// exactly the amounts of that unit and period.
    #[test]
    fn totals_never_mix_units_or_periods(
        costs in prop::collection::vec((0u32..100_000, units(), periods(), any::<bool>()), 0..20)
    ) {
        let list: Vec<CostPart> = costs
            .iter()
            .map(|(value, unit, per, removed)| {
                let per = match per {
                    Period::Once => " once".to_string(),
                    per => format!("/{}", per.key()),
                };
                let direction = if *removed { CostDirection::Removed } else { CostDirection::Imposed };
                cost(direction, &format!("{value} {unit}{per}"))
            })
            .collect();
        let balance = cost_balance(&list);
        for (totals, removed) in [(&balance.removed, true), (&balance.imposed, false)] {
            let mut seen = std::collections::BTreeSet::new();
            for total in &totals.totals {
                prop_assert!(seen.insert((total.unit.clone(), total.per)), "one total per unit and period");
                let expected: u64 = costs
                    .iter()
                    .filter(|(_, u, p, r)| *u == total.unit && *p == total.per && *r == removed)
                    .map(|(v, ..)| u64::from(*v))
                    .sum();
                prop_assert_eq!(total.value, expected as f64);
            }
            prop_assert_eq!(totals.count, costs.iter().filter(|c| c.3 == removed).count());
        }
    }

    /// With every component weighing the same, the weighted index is the plain one.
    #[test]
    fn equal_weights_give_the_unweighted_index(
        scores in prop::collection::vec(prop::option::of(0.0f64..=100.0), 4..=4),
        share in 1u8..=60,
    ) {
        let components: Vec<(Component, Option<f64>)> =
            Component::ALL.into_iter().zip(scores.iter().copied()).collect();
        let plain = ValueIndex::new(components.clone(), None);
        let with: Vec<(f64, u8)> = scores.iter().flatten().map(|s| (*s, share)).collect();
        let weighted = weighted_geometric_mean(&with);
        match (plain.value, weighted) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-9, "{a} vs {b}"),
            (a, b) => prop_assert_eq!(a, b),
        }
        let equal = ValueIndex::new(components, Some(Weights::new([25; 4]).unwrap()));
        prop_assert_eq!(equal.value, plain.value);
        prop_assert_eq!(equal.weights, None);
    }
}

#[test]
fn realisation_is_how_far_the_actual_moved_toward_the_target() {
    let figures = |direction, b: f64, t: f64, a: Option<f64>| Figures {
        direction,
        baseline: Figure::new(b),
        target: Figure::new(t),
        actual: a.and_then(Figure::new),
    };
    // Up is better: from 40 toward 70, now at 60.
    let up = figures(Direction::Up, 40.0, 70.0, Some(60.0));
    assert!((up.realisation().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(up.met(), Some(false));
    // Down is better: 12 hours of downtime toward 2, now at 5.
    let down = figures(Direction::Down, 12.0, 2.0, Some(5.0));
    assert!((down.realisation().unwrap() - 0.7).abs() < 1e-12);
    // Past the target counts as all of it; worse than the baseline as none.
    assert_eq!(
        figures(Direction::Down, 12.0, 2.0, Some(1.0)).realisation(),
        Some(1.0)
    );
    assert_eq!(
        figures(Direction::Down, 12.0, 2.0, Some(1.0)).met(),
        Some(true)
    );
    assert_eq!(
        figures(Direction::Up, 40.0, 70.0, Some(30.0)).realisation(),
        Some(0.0)
    );
    // Any figure missing: unknown, never 0.
    assert_eq!(figures(Direction::Up, 40.0, 70.0, None).realisation(), None);
    let no_target = Figures { target: None, ..up };
    assert_eq!(no_target.realisation(), None);
    assert_eq!(no_target.met(), None);
}

#[test]
fn a_target_on_the_wrong_side_of_the_baseline_is_refused() {
    let f = |direction, b, t| Figures {
        direction,
        baseline: Figure::new(b),
        target: Figure::new(t),
        actual: None,
    };
    assert_eq!(
        f(Direction::Up, 4.0, 1.0).check().unwrap_err().to_string(),
        "the measure's target 1 is below its baseline 4, but up is better"
    );
    assert!(f(Direction::Down, 1.0, 4.0).check().is_err());
    assert!(
        f(Direction::Up, 3.0, 3.0)
            .check()
            .unwrap_err()
            .to_string()
            .contains("equals")
    );
    assert!(f(Direction::Down, 4.0, 1.0).check().is_ok());
}

#[test]
fn weights_must_add_up_to_100() {
    assert_eq!(
        Weights::new([40, 30, 20, 5]).unwrap_err().to_string(),
        "the weights add up to 95; they must add up to 100"
    );
    let w = Weights::new([40, 30, 20, 10]).unwrap();
    assert!(!w.are_equal());
    assert!(Weights::new([25, 25, 25, 25]).unwrap().are_equal());
}

#[test]
fn weights_move_the_index_toward_the_heavier_component() {
    let components = vec![
        (Component::PerceivedValue, Some(80.0)),
        (Component::Outcomes, Some(40.0)),
        (Component::Costs, None),
        (Component::Risks, Some(50.0)),
    ];
    let plain = ValueIndex::new(components.clone(), None);
    let weights = Weights::new([70, 10, 10, 10]).unwrap();
    let weighted = ValueIndex::new(components, Some(weights));
    assert_eq!(weighted.equal, plain.value);
    assert!(weighted.value.unwrap() > plain.value.unwrap());
    // Costs have no data: the others share the weights present (70, 10, 10 of 90).
    let expected = 80f64.powf(70.0 / 90.0) * 40f64.powf(10.0 / 90.0) * 50f64.powf(10.0 / 90.0);
    assert!((weighted.value.unwrap() - expected).abs() < 1e-9);
    assert_eq!(weighted.weight(Component::PerceivedValue), Some(70));
}

fn rated(p: u8, c: u8) -> Ratings {
    Ratings {
        revealed: true,
        ..Ratings::new(Rating::new(p), Rating::new(c))
    }
}

#[test]
fn watermelons_are_measures_met_but_rated_low_and_missed_but_rated_high() {
    let mut s = Session::new("w", "W", Timestamp::default());
    let measured = |text: &str, actual: f64, ratings: Ratings| Outcome {
        text: text.into(),
        figures: Some(Figures {
            direction: Direction::Down,
            baseline: Figure::new(12.0),
            target: Figure::new(2.0),
            actual: Figure::new(actual),
        }),
        rating: ratings,
        ..Outcome::default()
    };
    s.outcomes = vec![
        measured("Met, consumer unhappy", 2.0, rated(5, 2)),
        measured("Missed, provider proud", 8.0, rated(4, 3)),
        measured("Met and liked", 1.0, rated(4, 5)),
        measured("Missed and known", 8.0, rated(2, 2)),
        Outcome {
            text: "No figures".into(),
            rating: rated(1, 1),
            ..Outcome::default()
        },
    ]
    .into();
    let summary = summarize(&s);
    assert_eq!(summary.measures.len(), 4);
    let texts = |list: &[crate::domain::value::Measured]| -> Vec<String> {
        list.iter().map(|m| m.text.clone()).collect()
    };
    assert_eq!(
        texts(&summary.watermelon.met_but_perceived_low),
        ["Met, consumer unhappy"]
    );
    assert_eq!(
        texts(&summary.watermelon.missed_but_perceived_high),
        ["Missed, provider proud"]
    );
    let m = &summary.watermelon.met_but_perceived_low[0];
    assert_eq!(
        (m.provider.value(), m.consumer.value()),
        (Some(5.0), Some(2.0))
    );
    assert_eq!(m.index, 0);
    assert_eq!(summary.watermelon.missed_but_perceived_high[0].index, 1);
}

#[test]
fn exposure_removed_is_before_minus_after_over_mitigated_risks_that_say() {
    let level = |l, i| Level {
        likelihood: Rating::new(l).unwrap(),
        impact: Rating::new(i).unwrap(),
    };
    let risk = |effect, before: Level, after: Option<Level>| Risk {
        text: "r".into(),
        effect,
        likelihood: before.likelihood,
        impact: before.impact,
        after,
        ..Risk::default()
    };
    let mut s = Session::new("r", "R", Timestamp::default());
    s.risks = vec![risk(RiskEffect::Mitigated, level(4, 5), None)].into();
    assert_eq!(summarize(&s).risk.removed_by_mitigation, None);
    s.risks = vec![
        risk(RiskEffect::Mitigated, level(4, 5), Some(level(2, 3))),
        risk(RiskEffect::Mitigated, level(3, 3), Some(level(1, 3))),
        risk(RiskEffect::Mitigated, level(2, 2), None),
        risk(RiskEffect::Introduced, level(3, 3), Some(level(1, 1))),
    ]
    .into();
    let summary = summarize(&s);
    assert_eq!(summary.risk.removed_by_mitigation, Some(14 + 6));
    // The totals of before stay what they always were.
    assert_eq!(summary.risk.mitigated, 20 + 9 + 4);
    assert_eq!(s.risks[0].risk().exposure_text(), "20 → 6");
    assert_eq!(s.risks[2].risk().exposure_text(), "4");
}

#[test]
fn a_watermelon_never_rests_on_a_rating_the_room_may_not_see() {
    let mut s = Session::new("b", "Blind", Timestamp::default());
    s.blind = true;
    s.outcomes = vec![Outcome {
        text: "Met, rated low, not yet revealed".into(),
        figures: Some(Figures {
            direction: Direction::Up,
            baseline: Figure::new(1.0),
            target: Figure::new(2.0),
            actual: Figure::new(3.0),
        }),
        rating: Ratings::new(Rating::new(4), Rating::new(1)),
        ..Outcome::default()
    }]
    .into();
    let everything = summarize(&s);
    assert_eq!(everything.watermelon.met_but_perceived_low.len(), 1);
    let room = crate::domain::summarize_for_room(&s);
    assert!(room.watermelon.is_empty(), "{:?}", room.watermelon);
    assert_eq!(room.measures[0].consumer.value(), None);
    s.outcomes[0].rating.revealed = true;
    assert_eq!(
        crate::domain::summarize_for_room(&s)
            .watermelon
            .met_but_perceived_low
            .len(),
        1
    );
}

proptest! {
    /// Any text is read without a panic, and a figure read from it reads back the same from
    /// the way totals show it.
    #[test]
    fn any_amount_text_reads_without_a_panic_and_figures_read_back(text in any::<String>()) {
        if let Ok(Some(amount)) = parse_amount(&text) {
            let shown = amount.to_string();
            let again = parse_amount(&shown).unwrap().unwrap();
            prop_assert_eq!(again.unit, amount.unit);
            prop_assert_eq!(again.per, amount.per);
            prop_assert!((again.value - amount.value).abs() <= 0.005 * amount.value.max(1.0));
        }
    }

    #[test]
    fn figure_like_texts_read_back(value in 0u32..10_000_000, unit in units(), per in periods()) {
        let text = match per {
            Period::Once => format!("{value} {unit} once"),
            per => format!("{value} {unit}/{}", per.key()),
        };
        let amount = parse_amount(&text).unwrap().unwrap();
        let again = parse_amount(&amount.to_string()).unwrap().unwrap();
        prop_assert_eq!(again, amount);
    }
}

#[test]
fn amounts_grouped_the_european_or_the_english_way_read_as_written() {
    let value = |text: &str| parse_amount(text).unwrap().unwrap().value;
    assert_eq!(value("6.000,50 EUR/month"), 6000.5);
    assert_eq!(value("6,000.50 EUR/month"), 6000.5);
    assert_eq!(value("6 000 EUR/month"), 6000.0);
    assert_eq!(value("6\u{a0}000,50 EUR/month"), 6000.5);
    assert_eq!(value("1.234.567 EUR/year"), 1_234_567.0);
    assert_eq!(value("1,234,567.25 EUR/year"), 1_234_567.25);
    assert_eq!(value("6,5 h/month"), 6.5);
    assert_eq!(value("0.125 h/month"), 0.125);
    assert_eq!(value("1234.567 EUR/month"), 1234.567);
    // A comma before three digits groups thousands: covalue shows totals so (`6,000 EUR/month`).
    assert_eq!(value("6,000 EUR/month"), 6000.0);
}

#[test]
fn an_amount_whose_number_reads_two_ways_is_refused_naming_both() {
    let error = |text: &str| parse_amount(text).unwrap_err();
    assert_eq!(
        error("6.000 EUR/month").to_string(),
        "`6.000` in the amount `6.000 EUR/month` could mean 6000 (the dot grouping thousands) or 6 (a decimal point): write 6000 or 6"
    );
    assert_eq!(
        error("€1.500 a month").short(),
        "`1.500` could mean 1500 or 1.5: write 1500 or 1.5."
    );
    assert!(
        error("6,00,000 EUR/month")
            .to_string()
            .contains("is not a number as written")
    );
    // Free text that starts with such a number is still free text.
    assert_eq!(parse_amount("1.500 EUR per user a month").unwrap(), None);
}

#[test]
fn currency_codes_in_any_case_and_short_month_words_add_up() {
    use CostDirection::Imposed;
    assert_eq!(
        amount("6000 eur/mo"),
        Some((6000.0, "EUR".into(), Period::Month))
    );
    assert_eq!(
        amount("6000 Eur/mth"),
        Some((6000.0, "EUR".into(), Period::Month))
    );
    assert_eq!(amount("2 h per wk"), Some((2.0, "h".into(), Period::Week)));
    let balance = cost_balance(&[
        cost(Imposed, "100 eur/month"),
        cost(Imposed, "200 EUR/month"),
    ]);
    assert_eq!(balance.imposed.figures_text(), "300 EUR/month");
}

#[test]
fn a_risks_after_worse_than_before_or_on_an_introduced_risk_is_named_and_counts_nowhere() {
    use crate::domain::session::AfterProblem;
    let level = |l, i| Level {
        likelihood: Rating::new(l).unwrap(),
        impact: Rating::new(i).unwrap(),
    };
    let risk = |effect, after| RiskPart {
        effect,
        likelihood: Rating::new(4).unwrap(),
        impact: Rating::new(5).unwrap(),
        after: Some(after),
    };
    let worse = risk(RiskEffect::Mitigated, level(5, 5));
    assert_eq!(
        worse.after_problem(),
        Some(AfterProblem::Worse {
            before: 20,
            after: 25
        })
    );
    assert!(
        worse
            .after_problem()
            .unwrap()
            .to_string()
            .contains("worse than before (20)")
    );
    assert_eq!(
        risk(RiskEffect::Mitigated, level(2, 3)).after_problem(),
        None
    );
    let introduced = risk(RiskEffect::Introduced, level(1, 1));
    assert_eq!(introduced.after_problem(), Some(AfterProblem::Introduced));
    // Shown and counted the same everywhere: by its level before only.
    assert_eq!(introduced.exposure_text(), "20");
    assert_eq!(introduced.exposure_after(), None);
}

#[test]
fn an_index_weighted_100_0_0_0_rests_on_perceived_value_alone_and_says_so() {
    let components = vec![
        (Component::PerceivedValue, Some(80.0)),
        (Component::Outcomes, Some(50.0)),
        (Component::Costs, Some(40.0)),
        (Component::Risks, None),
    ];
    let weighted = ValueIndex::new(
        components.clone(),
        Some(Weights::new([100, 0, 0, 0]).unwrap()),
    );
    assert_eq!(
        weighted.used().collect::<Vec<_>>(),
        [Component::PerceivedValue]
    );
    assert_eq!(weighted.missing().collect::<Vec<_>>(), [Component::Risks]);
    let plain = ValueIndex::new(components, None);
    assert_eq!(plain.used().count(), 3);
}
