//! Tests of ratings: the 1–5 range, scores and points, gaps, sides, raters, blind rating and
//! reading both formats.

use super::*;

#[test]
fn a_number_out_of_range_is_a_typed_error_in_todays_words() {
    assert_eq!(rating_from(7), Err(NotARating(7)));
    assert_eq!(rating_from(-1), Err(NotARating(-1)));
    assert_eq!(
        NotARating(7).to_string(),
        "7 is not a rating: expected a whole number from 1 to 5"
    );
    assert_eq!(rating_from(5).map(Rating::get), Ok(5));
}

#[test]
fn only_one_to_five_exist() {
    assert_eq!(Rating::new(0), None);
    assert_eq!(Rating::new(6), None);
    assert_eq!(
        Rating::all().map(Rating::get).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
}

#[test]
fn scores_follow_the_model() {
    let scores: Vec<f64> = Rating::all().map(Rating::score).collect();
    assert_eq!(scores, [0.0, 25.0, 50.0, 75.0, 100.0]);
}

#[test]
fn gap_needs_both_sides() {
    let r = |n| Rating::new(n);
    assert_eq!(Ratings::new(r(2), None).gap(), None);
    assert_eq!(Ratings::new(r(2), r(5)).gap(), Some(3.0));
    assert_eq!(Ratings::new(r(5), r(2)).gap(), Some(3.0));
}

#[test]
fn points_read_as_whole_numbers_or_one_decimal() {
    let p = |v: f64| Points::new(Some(v)).to_string();
    assert_eq!(p(4.0), "4");
    assert_eq!(p(3.5), "3.5");
    assert_eq!(p(10.0 / 3.0), "3.3");
    // Half away from zero, as every number people read: 3.25 (exact in binary) is 3.3.
    assert_eq!(p(3.25), "3.3");
    assert_eq!(Points::default().to_string(), "–");
    let json = |v: Option<f64>| serde_json::to_string(&Points::new(v)).unwrap();
    assert_eq!(json(Some(2.0)), "2");
    assert_eq!(json(Some(2.5)), "2.5");
    assert_eq!(json(None), "null");
}

#[test]
fn a_side_reads_from_format_1_numbers_and_format_2_maps() {
    let read = |text: &str| serde_json::from_str::<Ratings>(text);
    let old = read(r#"{"provider": 4, "consumer": null}"#).unwrap();
    assert_eq!(old, Ratings::new(Rating::new(4), None));
    assert_eq!(old.by(Side::Provider, "provider"), Rating::new(4));
    let new = read(r#"{"consumer": {"Priya": 5, "Ola": 2}, "revealed": true}"#).unwrap();
    assert_eq!(new.mean(Side::Consumer), Some(3.5));
    assert_eq!(new.spread(Side::Consumer), Some(3));
    assert!(new.revealed && !new.is_rated(Side::Provider));
    let bad = |text: &str| read(text).unwrap_err().to_string();
    assert!(bad(r#"{"provider": 7}"#).starts_with("7 is not a rating"));
    assert!(bad(r#"{"consumer": {"Priya": 0}}"#).starts_with("0 is not a rating"));
    assert!(bad(r#"{"consumer": {"": 3}}"#).contains("needs the rater's name"));
    // And back: a map per side, one entry per rater.
    assert_eq!(
        serde_json::to_string(&new).unwrap(),
        r#"{"consumer":{"Ola":2,"Priya":5},"revealed":true}"#
    );
}

#[test]
fn setting_and_clearing_a_raters_rating() {
    let mut r = Ratings::default();
    r.set_by(Side::Consumer, "Priya", Rating::new(4));
    r.set_by(Side::Consumer, "", Rating::new(1));
    r.set(Side::Consumer, Rating::new(2));
    assert_eq!(r.count(), 2);
    assert_eq!(r.by(Side::Consumer, "consumer"), Rating::new(2));
    r.set_by(Side::Consumer, "Priya", None);
    assert_eq!(r.raters(Side::Consumer).len(), 1);
    assert_eq!(r.gap(), None);
}

#[test]
fn every_rating_has_its_own_words() {
    let labels: Vec<&str> = Rating::all().map(Rating::label).collect();
    assert_eq!(labels, ["very low", "low", "moderate", "high", "very high"]);
    assert_eq!(Rating::new(4).unwrap().to_string(), "4");
}

#[test]
fn sides_name_themselves_and_each_other() {
    assert_eq!(Side::Provider.other(), Side::Consumer);
    assert_eq!(Side::Consumer.other(), Side::Provider);
    assert_eq!(
        (Side::Provider.name(), Side::Consumer.name()),
        ("provider", "consumer")
    );
}

#[test]
fn blind_rating_hides_only_the_other_sides_unrevealed_rating() {
    let r = |n| Rating::new(n);
    let mut both = Ratings::new(r(2), r(5));
    assert!(both.hidden(Side::Consumer, Side::Provider, true));
    assert!(!both.hidden(Side::Provider, Side::Provider, true));
    assert!(!both.hidden(Side::Consumer, Side::Provider, false));
    assert_eq!(both.visible(Side::Provider, true), Ratings::new(r(2), None));
    assert_eq!(both.visible(Side::Consumer, true), Ratings::new(None, r(5)));
    assert_eq!(both.visible(Side::Consumer, false), both);
    both.revealed = true;
    assert_eq!(both.visible(Side::Provider, true), both);
    assert!(!both.is_empty());
    assert!(Ratings::default().is_empty());
    assert!(!Ratings::new(None, r(1)).is_empty());
    let mut set = Ratings::default();
    set.set(Side::Consumer, r(3));
    assert_eq!(
        (
            set.by(Side::Provider, "provider"),
            set.by(Side::Consumer, "consumer")
        ),
        (None, r(3))
    );
}

#[test]
fn ratings_outside_one_to_five_are_refused_when_read() {
    let read = |text: &str| ron::from_str::<Rating>(text).map_err(|e| e.to_string());
    assert_eq!(read("5"), Ok(Rating::new(5).unwrap()));
    assert!(read("0").unwrap_err().contains("0 is not a rating"));
    assert!(read("300").unwrap_err().contains("300 is not a rating"));
    assert_eq!(ron::to_string(&Rating::new(3).unwrap()).unwrap(), "3");
}

/// A new user's report: a half point (`4.5`) in a file was refused with "expected a `,`",
/// the parser having read the 4 as the rating. It is named as no rating, in both formats.
#[test]
fn a_half_point_is_no_rating_in_either_format() {
    let read = |text: &str| ron::from_str::<Ratings>(text).map_err(|e| e.to_string());
    for text in [
        r#"(consumer: { "Priya": 4.5 })"#,
        "(provider: 4.5)",
        r#"(consumer: { "Priya": 4.0 })"#,
    ] {
        let error = read(text).unwrap_err();
        assert!(
            error.contains(" is not a rating: expected a whole number from 1 to 5"),
            "{text}: {error}"
        );
        assert!(
            error.contains("4.5 is") || error.contains("4.0 is"),
            "{error}"
        );
    }
}

/// Found by a mutation run: no test read what a side's ratings were expected to be when a
/// file holds something else there (the reader's `expecting` made to say nothing).
#[test]
fn a_side_that_is_no_rating_nor_map_says_what_it_should_be() {
    for text in [r#"(provider: "four")"#, "(consumer: [4])"] {
        let error = ron::from_str::<Ratings>(text).unwrap_err().to_string();
        assert!(
            error.contains("a rating from 1 to 5, or a map of rater names to ratings"),
            "{text}: {error}"
        );
    }
}

/// Found by a mutation run: no test read whether a person's own view of a revealed item says it
/// is revealed (`open --as` sees only its own rating, of an item revealed or not).
#[test]
fn ones_own_rating_keeps_whether_the_item_was_revealed() {
    let mut ratings = Ratings::default();
    ratings.set_by(Side::Consumer, "Chen", Rating::new(4));
    ratings.set_by(Side::Consumer, "Kofi", Rating::new(2));
    for revealed in [false, true] {
        ratings.revealed = revealed;
        let own = ratings.own(Side::Consumer, "Chen");
        assert_eq!(own.revealed, revealed);
        assert_eq!(own.by(Side::Consumer, "Chen"), Rating::new(4));
        assert_eq!(own.by(Side::Consumer, "Kofi"), None);
    }
}

/// Found by a mutation run: no test read a rating turned into points.
#[test]
fn a_rating_is_its_own_number_of_points() {
    for n in 1..=5 {
        let points = Points::from(Rating::new(n).unwrap());
        assert_eq!(points, Points::new(Some(f64::from(n))));
        assert_eq!(points.to_string(), n.to_string());
    }
}
