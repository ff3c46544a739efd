//! Tests of the summary as the room sees it (nothing from an unrevealed rating, partial
//! sessions, split verdicts) and of the session facts beside it (overdue actions, notes,
//! completeness).

use super::*;
use crate::domain::{
    Agreement, AgreementStatus, Cost, Date, Dimension, Mode, Outcome, Rating, Ratings, Session,
    Side, Step, Timestamp,
};

fn rated(p: Option<u8>, c: Option<u8>, revealed: bool) -> Ratings {
    Ratings {
        revealed,
        ..Ratings::new(p.and_then(Rating::new), c.and_then(Rating::new))
    }
}

fn outcome(text: &str, ratings: Ratings) -> Outcome {
    Outcome {
        text: text.into(),
        rating: ratings,
        ..Default::default()
    }
}

#[test]
fn the_room_never_sees_a_number_from_an_unrevealed_rating() {
    let mut s = Session::new("f", "Follow-up", Timestamp::default());
    s.outcomes = vec![
        outcome("Revealed", rated(Some(4), Some(4), true)),
        // One provider rating, still hidden: it gave "value 50" in the browser.
        outcome("Hidden", rated(Some(1), None, false)),
    ]
    .into();
    let room = summarize_for_room(&s);
    assert_eq!(room.dimension(Dimension::Outcomes).provider, Some(75.0));
    assert_eq!(room.dimension(Dimension::Outcomes).rated_provider, 1);
    assert_eq!(room.hidden, 1);
    assert!(room.is_partial(s.mode));
    let all = summarize(&s);
    assert_eq!(all.dimension(Dimension::Outcomes).provider, Some(37.5));
    assert_eq!(all.hidden, 0);

    // Without blind rating, or alone, nothing is hidden from anyone.
    s.blind = false;
    assert_eq!(summarize_for_room(&s).hidden, 0);
    s.blind = true;
    s.mode = Mode::ProviderSelfAssessment;
    assert_eq!(summarize_for_room(&s).hidden, 0);
}

#[test]
fn a_session_with_little_rated_is_partial() {
    let mut s = Session::new("p", "P", Timestamp::default());
    assert!(summarize(&s).is_partial(s.mode), "nothing to rate at all");
    s.blind = false;
    s.outcomes = vec![
        outcome("a", rated(Some(4), Some(4), false)),
        outcome("b", rated(None, None, false)),
        outcome("c", rated(Some(2), None, false)),
    ]
    .into();
    // 3 of the 6 ratings a workshop collects: half is enough.
    assert!(!summarize(&s).is_partial(Mode::Workshop));
    s.outcomes[0].rating.set(Side::Consumer, None);
    assert!(summarize(&s).is_partial(Mode::Workshop), "2 of 6");
    // A provider self-assessment collects 3: 2 of them is more than half.
    assert!(!summarize(&s).is_partial(Mode::ProviderSelfAssessment));
}

#[test]
fn each_sides_verdict_is_named_only_where_the_two_differ() {
    let mut s = Session::new("v", "V", Timestamp::default());
    s.costs = vec![Cost {
        text: "Fee".into(),
        rating: rated(Some(5), Some(1), true),
        ..Default::default()
    }]
    .into();
    s.outcomes = vec![outcome("o", rated(Some(4), Some(5), true))].into();
    let summary = summarize(&s);
    assert_eq!(summary.vocr.costs_acceptable, Some(Verdict::AtRisk));
    assert_eq!(
        summary.split_verdict(Dimension::Costs),
        Some((Verdict::Holds, Verdict::Fails))
    );
    assert_eq!(summary.split_verdict(Dimension::Outcomes), None);
    assert_eq!(summary.split_verdict(Dimension::Risks), None);
}

#[test]
fn an_open_action_past_its_due_date_is_overdue() {
    let today = Date::new(2026, 11, 28).unwrap();
    let mut a = Agreement {
        text: "Send the figures".into(),
        due: Date::new(2026, 11, 27),
        ..Default::default()
    };
    assert!(a.is_overdue(today));
    assert!(!a.is_overdue(Date::new(2026, 11, 27).unwrap()), "due today");
    a.status = AgreementStatus::Done;
    assert!(!a.is_overdue(today));
    a.status = AgreementStatus::Dropped;
    assert!(!a.is_overdue(today));
    a.status = AgreementStatus::Open;
    a.due = None;
    assert!(!a.is_overdue(today));
}

#[test]
fn notes_and_resolutions_follow_an_item_by_its_text() {
    let mut s = Session::new("n", "N", Timestamp::default());
    s.costs.push(Cost {
        text: "Fee".into(),
        ..Default::default()
    });
    s.agreements.push(Agreement {
        text: "Renegotiate".into(),
        ..Default::default()
    });
    s.set_note(Step::Costs, "Fee", "Too high for the consumer");
    s.resolutions.push(crate::domain::Resolution::by_text(
        "Renegotiate",
        Step::Costs,
        "Fee",
    ));
    assert_eq!(
        s.note(Step::Costs, "Fee"),
        Some("Too high for the consumer")
    );
    assert_eq!(s.note(Step::Benefits, "Fee"), None);
    assert_eq!(s.resolves(&s.agreements[0]), Some((Step::Costs, "Fee")));
    assert_eq!(s.resolved_by(Step::Costs, "Fee").count(), 1);

    s.costs[0].text = "Monthly fee".into();
    s.rename_item(Step::Costs, "Fee", "Monthly fee");
    s.agreements[0].text = "Renegotiate the fee".into();
    s.rename_item(Step::Agreements, "Renegotiate", "Renegotiate the fee");
    assert_eq!(
        s.note(Step::Costs, "Monthly fee"),
        Some("Too high for the consumer")
    );
    assert_eq!(
        s.resolves(&s.agreements[0]),
        Some((Step::Costs, "Monthly fee"))
    );

    // Renaming moves only the links of that item or that agreement.
    let link = |agreement: &str, item: &str| {
        crate::domain::Resolution::by_text(agreement, Step::Costs, item)
    };
    let mut links = s.clone();
    links.resolutions = vec![link("A", "Fee"), link("B", "Other")];
    links.rename_item(Step::Agreements, "A", "A2");
    links.rename_item(Step::Costs, "Fee", "Fee2");
    assert_eq!(links.resolutions, [link("A2", "Fee2"), link("B", "Other")]);
    // Only the renamed item's note moves: another item of the step keeps its own.
    s.set_note(Step::Costs, "Other", "Kept");
    s.rename_item(Step::Costs, "Monthly fee", "Fee per month");
    assert_eq!(s.note(Step::Costs, "Other"), Some("Kept"));
    s.rename_item(Step::Costs, "Fee per month", "Monthly fee");
    s.set_note(Step::Costs, "Other", "");
    s.set_note(Step::Costs, "Monthly fee", "  ");
    assert!(s.notes.is_empty(), "an empty note is no note");
    // A link to an item that no longer exists is not shown.
    s.costs.clear();
    assert_eq!(s.resolves(&s.agreements[0]), None);
}

#[test]
fn setup_and_summary_are_partial_until_every_field_is_filled() {
    let mut s = Session::new("c", "Title only", Timestamp::default());
    let status = |s: &Session, step: Step| {
        summarize(s)
            .completeness
            .iter()
            .find(|c| c.step == step)
            .map(|c| (c.status, c.items))
            .unwrap()
    };
    assert_eq!(status(&s, Step::Setup), (Status::Partial, 0));
    assert_eq!(status(&s, Step::Summary), (Status::Empty, 0));
    s.closing.achieves = "More sales".into();
    s.closing.risks = "Fewer outages".into();
    assert_eq!(status(&s, Step::Summary), (Status::Partial, 2));
    s.closing.costs = "A fee".into();
    s.closing.perception = "Useful".into();
    assert_eq!(status(&s, Step::Summary), (Status::Complete, 4));
    s.service = "Payroll".into();
    s.participants.push(crate::domain::Participant {
        name: "Ana".into(),
        role: crate::domain::Role::Consumer,
        group: None,
    });
    assert_eq!(status(&s, Step::Setup), (Status::Complete, 1));
    s.title = " ".into();
    s.service = String::new();
    s.participants.clear();
    assert_eq!(status(&s, Step::Setup), (Status::Empty, 0));
}

/// Found by a mutation run: whether several people rate is part of what a remembered
/// dimension rests on. In a self-assessment a second person rating one step hides another
/// step's unrevealed ratings from the room, though that step's items did not change.
#[test]
fn a_second_rater_in_another_step_hides_a_remembered_steps_unrevealed_ratings() {
    let mut s = Session::new("m", "Alone", Timestamp::default());
    s.mode = Mode::ProviderSelfAssessment;
    s.blind = true;
    s.add_item(Dimension::Benefits, "Fewer outages");
    s.add_item(Dimension::Risks, "Lock-in");
    s.benefits[0]
        .rating
        .set_by(Side::Provider, "Priya", Rating::new(4));
    let mut memo = SummaryMemo::default();
    let first = summarize_remembering(&s, Viewer::Room, &mut memo);
    assert_eq!(first, summarize_as(&s, Viewer::Room));
    s.risks[0]
        .rating
        .set_by(Side::Provider, "Piet", Rating::new(2));
    let again = summarize_remembering(&s, Viewer::Room, &mut memo);
    let fresh = summarize_as(&s, Viewer::Room);
    assert_ne!(
        first.perceived_provider, fresh.perceived_provider,
        "the case this test needs"
    );
    assert_eq!(again, fresh);
}
