//! The text summary's tests, beside it so that `text.rs` reads at once.

use super::*;
use crate::domain::{Timestamp, summarize};

/// Found by a mutation run: the balance lines end with a blank line whether or not the
/// session has watermelons (`&&` for `||` left the costs run into the next section).
#[test]
fn the_balance_lines_end_with_a_blank_line_without_watermelons_too() {
    let mut session = Session::new("b1", "Balance", Timestamp::from_unix(0));
    session.add_item(crate::domain::Dimension::Costs, "Licence fee");
    session.costs[0].cost_mut().set_amount("500 EUR/month");
    let summary = summarize(&session);
    assert!(summary.watermelon.is_empty() && summary.measures.is_empty());
    let out = text(&session, &summary);
    let lines: Vec<&str> = out.lines().collect();
    let costs = lines.iter().position(|l| l.starts_with("Costs: ")).unwrap();
    assert_eq!(lines.get(costs + 1), Some(&""), "{out}");
}

/// Found by a mutation run: no test had exactly as many items to discuss as are shown, where
/// nothing more is left to mention.
/// An open (not blind) session whose benefits, one per text, are each rated 1 by the
/// provider Priya and 5 by the consumer Chen: a gap of 4 to discuss.
fn with_gaps(texts: &[String]) -> Session {
    use crate::domain::{Dimension, Rating, Side};
    let mut session = Session::new("g1", "Gaps", Timestamp::from_unix(0));
    session.blind = false;
    for (i, text) in texts.iter().enumerate() {
        session.add_item(Dimension::Benefits, text);
        let rating = &mut session.benefits[i].rating;
        rating.set_by(Side::Provider, "Priya", Rating::new(1));
        rating.set_by(Side::Consumer, "Chen", Rating::new(5));
    }
    session
}

#[test]
fn discuss_next_mentions_more_only_when_there_are_more() {
    let with_gaps = |n: usize| {
        let texts: Vec<String> = (0..n).map(|i| format!("Gap {i}")).collect();
        let summary = summarize(&with_gaps(&texts));
        let mut out = String::new();
        discuss_section(&mut out, &summary);
        out
    };
    let exactly = with_gaps(DISCUSS_SHOWN);
    // The heading, a line per item, and the blank line that ends the section.
    assert_eq!(exactly.lines().count(), DISCUSS_SHOWN + 2, "{exactly}");
    assert!(!exactly.contains("more"), "{exactly}");
    let more = with_gaps(DISCUSS_SHOWN + 2);
    assert!(more.contains("\n  … and 2 more\n"), "{more}");
}

/// Found by a mutation run: no test had words long enough to give way, where a line of
/// the discuss-next list must end at 78 columns exactly.
#[test]
fn long_words_on_discuss_next_give_way_to_fill_78_columns() {
    let words = "A benefit described at great length, far longer than any column could hold";
    let mut session = with_gaps(&[words.to_string()]);
    // A second reason (the consumers split) makes the reasons wide enough.
    session.benefits[0].rating.set_by(
        crate::domain::Side::Consumer,
        "Carla",
        crate::domain::Rating::new(1),
    );
    let mut out = String::new();
    discuss_lines(&mut out, &summarize(&session));
    let line = out.lines().next().unwrap();
    assert_eq!(width(line), 78, "{line:?}");
    assert!(
        line.starts_with("  Benefits   A benefit described"),
        "{line:?}"
    );
}

/// Found by a mutation run: no test read which items the quadrant lines name.
#[test]
fn the_quadrant_lines_name_only_the_items_to_concentrate_on() {
    use crate::domain::value::{Placed, Quadrant};
    let session = Session::new("q1", "Quadrants", Timestamp::from_unix(0));
    let mut summary = summarize(&session);
    let placed = |text: &str, quadrant| Placed {
        step: crate::domain::Step::Usefulness,
        index: 0,
        text: text.into(),
        importance: 80.0,
        performance: 30.0,
        quadrant,
    };
    summary.quadrants = vec![
        placed("Password resets", Quadrant::ConcentrateHere),
        placed("Opening hours", Quadrant::KeepItUp),
    ];
    let mut out = String::new();
    quadrant_lines(&mut out, &summary);
    assert_eq!(
        out,
        "Importance × performance (usefulness and outcomes)\n  \
         concentrate here 1 · keep it up 1 · low priority 0 · possible overkill 0\n  \
         concentrate here: Password resets\n\n"
    );
}

/// Bug: at 80 columns a measure's long figures lost their end, the actual ("now -3").
#[test]
fn a_measures_long_figures_take_a_line_of_their_own() {
    use crate::domain::balance::{Direction, Figure, Figures};
    let mut session = Session::new("m1", "Measures", Timestamp::from_unix(0));
    for (text, baseline) in [
        ("Payslips on time", 12.0),
        ("Calls answered", 123.0),
        ("Tickets closed", 1234.5),
    ] {
        session.add_item(crate::domain::Dimension::Outcomes, text);
        let at = session.outcomes.len() - 1;
        session.outcomes[at].outcome_mut().figures = Some(Figures {
            direction: Direction::Up,
            baseline: Figure::new(baseline),
            target: Figure::new(300_000.0),
            actual: Figure::new(-3.0),
        });
    }
    let out = text(&session, &summarize(&session));
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Tickets closed"))
        .unwrap();
    assert_eq!(
        lines[at + 1].trim(),
        "1,234.5 → 300,000 (up is better), now -3",
        "{out}"
    );
    let short = lines.iter().find(|l| l.contains("Payslips")).unwrap();
    assert!(
        short.ends_with("12 → 300,000 (up is better), now -3"),
        "{out}"
    );
    // Exactly 36 columns of figures still share the line.
    let widest = lines.iter().find(|l| l.contains("Calls answered")).unwrap();
    assert!(
        widest.ends_with("  123 → 300,000 (up is better), now -3"),
        "{out}"
    );
    for line in &lines {
        assert!(width(line) <= 80, "{line:?}");
    }
}

/// Found by a mutation run: a session without costs, measures or watermelons writes no
/// balance lines, not even a blank one (`any || watermelon.is_empty()` wrote one).
#[test]
fn no_costs_and_no_measures_write_no_balance_lines() {
    let session = Session::new("b2", "Nothing to weigh", Timestamp::from_unix(0));
    let mut out = String::new();
    balance_lines(&mut out, &summarize(&session));
    assert_eq!(out, "");
}

#[test]
fn a_self_assessment_summary_talks_about_one_side() {
    let mut session = crate::store::Template::find("reporting-tool")
        .unwrap()
        .instantiate("abcd1234", Timestamp::from_unix(1_800_000_000));
    let both = text(&session, &summarize(&session));
    assert!(both.contains("Alignment"), "{both}");
    assert!(
        both.contains(
            "  Costs acceptable   at risk  score 42  — consumer: fails, provider: at risk"
        ),
        "{both}"
    );
    session.mode = crate::domain::Mode::ConsumerSelfAssessment;
    let alone = text(&session, &summarize(&session));
    for words in [
        "Alignment",
        "Discuss next",
        "both sides",
        "provider:",
        "Provider",
    ] {
        assert!(!alone.contains(words), "{words:?} in\n{alone}");
    }
    assert!(alone.contains("Self-assessment: the consumer's ratings only"));
}

/// A new user's report: a long service name cut the heading's end, the time of the last
/// update. The service gives way instead.
#[test]
fn a_long_service_gives_way_to_the_mode_and_the_last_update() {
    let mut session = Session::new("h1", "Heading", Timestamp::from_unix(1_796_000_000));
    session.service = "Managed IT service desk for every office, laptop and phone we run".into();
    session.mode = crate::domain::Mode::ProviderSelfAssessment;
    let out = text(&session, &summarize(&session));
    let line = out.lines().nth(1).unwrap();
    assert!(width(line) <= 78, "{line}");
    assert!(line.starts_with("Managed IT serv"), "{line}");
    assert!(
        line.ends_with(&format!(
            " · {} · updated {}",
            session.mode.describe(),
            session.updated
        )),
        "{line}"
    );
}
