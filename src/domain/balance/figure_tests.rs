//! Reading a measure's figures: the numbers a person types, and how they show.

use super::*;
use proptest::prelude::*;

proptest! {
    /// The item form shows a figure as `typed_figure` writes it; saving the form again must
    /// read the same number (a bug: 12.345 came back as ambiguous and could not be saved).
    #[test]
    fn a_figure_as_the_form_writes_it_reads_back_the_same(value in -1e12f64..1e12) {
        use super::amount::{read_figure, typed_figure};
        prop_assert_eq!(read_figure(&typed_figure(value)), Ok(value));
    }
}

#[test]
fn a_figure_is_read_as_an_amounts_number_is() {
    use super::amount::{NumberError, read_figure};
    assert_eq!(read_figure("2,5"), Ok(2.5));
    assert_eq!(read_figure("2.5"), Ok(2.5));
    assert_eq!(read_figure("1.234,5"), Ok(1234.5));
    assert_eq!(read_figure("1,234.5"), Ok(1234.5));
    assert_eq!(read_figure("-3"), Ok(-3.0));
    // Found by a new-user trial: `-3` was taken and `+4` refused.
    assert_eq!(read_figure("+4"), Ok(4.0));
    assert_eq!(read_figure(" + 4,5 "), Ok(4.5));
    assert_eq!(read_figure("+-4"), Err(NumberError::Unreadable));
    assert_eq!(read_figure("++4"), Err(NumberError::Unreadable));
    assert_eq!(read_figure(" 48 "), Ok(48.0));
    assert!(matches!(
        read_figure("1.234"),
        Err(NumberError::Ambiguous { .. })
    ));
    assert_eq!(read_figure("1.2.3"), Err(NumberError::Unreadable));
    // Grouped thousands: the first group holds one to three digits (found by a mutation run:
    // no test had a first group too long).
    assert_eq!(read_figure("1,234,567"), Ok(1_234_567.0));
    assert_eq!(read_figure("12345,678,901"), Err(NumberError::Unreadable));
    // Rust's float syntax is not a person's number (found by a mutation run: `1.25e10` once
    // read as 12,500,000,000).
    assert_eq!(read_figure("1.25e10"), Err(NumberError::Unreadable));
    assert_eq!(read_figure("2,5 000"), Err(NumberError::Unreadable));
    // Bug: any other mark between digits was taken as a thousands separator, so `7/500`
    // was saved as 7,500.
    for text in ["7/500", "1x000", "5-000", "1_000", "1\t000", "2.5/3", "1'5"] {
        assert_eq!(read_figure(text), Err(NumberError::Unreadable), "{text}");
    }
    // Marks that do group thousands read as they did (a second read found the Swiss
    // apostrophe and the thin space refused by the first version of this fix).
    for text in ["1\u{a0}000", "1\u{2009}000", "1'000", "1’000", "12'345.5"] {
        assert!(
            read_figure(text).is_ok_and(|n| n == 1000.0 || n == 12_345.5),
            "{text}"
        );
    }
    use super::amount::typed_figure;
    for (value, typed) in [(12.345, "12.3450"), (-12.345, "-12.3450"), (0.125, "0.125")] {
        assert_eq!(typed_figure(value), typed);
        assert_eq!(read_figure(typed), Ok(value));
    }
    assert_eq!(typed_figure(1234.567), "1234.567");
}

/// Figures with no number in them are no figures: an item form left blank stores none
/// (found by a mutation run: only a screen test reached `is_empty`).
#[test]
fn figures_are_empty_until_one_number_is_written() {
    let none = Figures::default();
    assert!(none.is_empty());
    assert!(
        Figures {
            direction: Direction::Down,
            ..none
        }
        .is_empty(),
        "a direction alone is no figure"
    );
    for one in [
        Figures {
            baseline: Figure::new(1.0),
            ..none
        },
        Figures {
            target: Figure::new(1.0),
            ..none
        },
        Figures {
            actual: Figure::new(0.0),
            ..none
        },
    ] {
        assert!(!one.is_empty(), "{one:?}");
    }
}

/// Found by a mutation run: no library test read the figures in brief.
#[test]
fn figures_in_brief_say_from_where_to_where_and_how_far() {
    let mut figures = Figures {
        direction: Direction::Down,
        baseline: Figure::new(72.0),
        target: Figure::new(24.0),
        actual: Figure::new(48.0),
    };
    assert_eq!(figures.brief(), "72 → 24, now 48 · 50 %");
    figures.baseline = None;
    figures.actual = None;
    assert_eq!(figures.brief(), "? → 24");
}

/// Found by a new-user trial: a figure of 1e20 showed as u64's largest number.
#[test]
fn a_very_large_figure_shows_its_own_digits() {
    use super::amount::number_text;
    assert_eq!(number_text(1e20), "100,000,000,000,000,000,000");
    assert_eq!(number_text(-2.5e19), "-25,000,000,000,000,000,000");
    assert_eq!(number_text(1234.5), "1,234.5");
    assert_eq!(number_text(-0.25), "-0.25");
}
