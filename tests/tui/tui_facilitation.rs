//! Facilitation: blind rating and reveal, step timers on a fake clock, agreement status.

use crate::support;

use covalue::domain::*;
use covalue::tui::app::App;
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::workshop::Workshop;
use support::*;

#[test]
fn blind_rating_hides_the_other_side_until_revealed() {
    let mut app = workshop_app(blind_session());
    // Each rating moves on to the next item this side has not rated.
    keys(&mut app, &["]", "]", "4", "5"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("BLIND"), "{text}");
    // The provider's own ratings show while it is the provider's turn.
    assert!(text.contains(" 4 ") && text.contains(" 5 "), "{text}");
    keys(&mut app, &["<tab>"]);
    let text = screen(&app, 80, 24);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("\" 1 ") || l.starts_with("\" 2 "))
        .collect();
    assert!(
        rows.iter()
            .all(|r| r.contains('•') && !r.contains(" 4 ") && !r.contains(" 5 ")),
        "{rows:#?}"
    );
    assert_eq!(
        w(&app).summary().hidden,
        2,
        "the summary leaves hidden ratings out"
    );
    assert_eq!(
        w(&app).summary().dimension(Dimension::Benefits).provider,
        None
    );

    keys(&mut app, &["k", "2"]);
    let text = screen(&app, 80, 24);
    let row = text.lines().find(|l| l.contains("Less time lost")).unwrap();
    assert!(
        row.contains('•') && row.contains('?'),
        "rated by both, not yet revealed: {row}"
    );

    keys(&mut app, &["r"]);
    assert_eq!(
        w(&app).message(),
        Some("Revealed 1 item. 1 item still waits for the other side.")
    );
    let text = screen(&app, 80, 24);
    let row = text.lines().find(|l| l.contains("Less time lost")).unwrap();
    assert!(
        row.contains('4') && row.contains('2') && !row.contains('•'),
        "{row}"
    );
    assert!(w(&app).session().benefits[0].rating.revealed);
    assert!(!w(&app).session().benefits[1].rating.revealed);
    keys(&mut app, &["u"]);
    assert!(
        !w(&app).session().benefits[0].rating.revealed,
        "a reveal can be undone: {:?}",
        w(&app).message()
    );
}

#[test]
fn blind_rating_can_be_turned_off_and_reveal_all_from_the_summary() {
    let mut app = workshop_app(blind_session());
    keys(
        &mut app,
        &["]", "]", "3", "<tab>", "3", "]", "5", "<tab>", "1"],
    );
    // The room's numbers (issue 15): all four ratings are hidden from the room until the
    // reveal, not only the two the consumer rating now cannot see.
    assert_eq!(w(&app).summary().hidden, 4);
    // Off would show the four to the room at once: the first press asks, another key keeps
    // blind rating on, and `b` twice in a row turns it off.
    keys(&mut app, &["b"]);
    assert!(w(&app).session().blind);
    assert_eq!(
        w(&app).message(),
        Some(
            "Blind rating off shows 4 hidden ratings to everyone at once: b again to turn it off, any other key keeps it on."
        )
    );
    keys(&mut app, &["k", "b"]);
    assert!(w(&app).session().blind, "a key between asks again");
    keys(&mut app, &["b"]);
    assert!(!w(&app).session().blind);
    assert_eq!(w(&app).summary().hidden, 0);
    keys(&mut app, &["b"]);
    summary_step(&mut app);
    keys(&mut app, &["r"]);
    assert_eq!(w(&app).message(), Some("Revealed 2 items."));
    assert_eq!(w(&app).summary().hidden, 0);
    assert_eq!(
        w(&app).summary().discuss.len(),
        1,
        "the usefulness gap of 4 is now on the agenda"
    );
}

#[test]
fn auto_reveal_shows_an_item_once_both_sides_have_rated() {
    let settings = covalue::store::Settings {
        auto_reveal: Some(true),
        ..Default::default()
    };
    let workshop = Workshop::new(blind_session(), "blind.ron", None);
    let mut app = App::for_workshop(workshop, settings, Theme::new(ThemeKind::Default), 80, 24);
    keys(&mut app, &["]", "]", "4"]);
    assert!(!w(&app).session().benefits[0].rating.revealed);
    keys(&mut app, &["<tab>", "2"]);
    assert!(w(&app).session().benefits[0].rating.revealed);
}

#[test]
fn a_reopened_session_keeps_its_hidden_ratings() {
    let mut app = workshop_app(blind_session());
    keys(&mut app, &["]", "]", "4", "<tab>", "2", "j", "5"]);
    let saved = covalue::store::to_ron(w(&app).session());
    let reopened = covalue::store::parse(std::path::Path::new("x.ron"), saved.as_bytes()).unwrap();
    assert!(reopened.blind);
    // The template names one person per side, whose turns these were (issue 9).
    let mut expected = Ratings::default();
    expected.set_by(Side::Provider, "Sam Okafor", Rating::new(4));
    expected.set_by(Side::Consumer, "Priya Raman", Rating::new(2));
    assert_eq!(reopened.benefits[0].rating, expected);
    assert!(!reopened.benefits[0].rating.revealed);
    let mut app = workshop_app(reopened);
    keys(&mut app, &["]", "]"]);
    let text = screen(&app, 80, 24);
    let row = text.lines().find(|l| l.contains("Less time lost")).unwrap();
    assert!(
        row.contains('•') && !row.contains('2'),
        "a new session starts on the provider's turn: {row}"
    );
}

#[test]
fn the_step_timer_counts_down_pauses_and_overruns_on_a_fake_clock() {
    let mut app = workshop_app(template_session());
    let at = |app: &mut App, secs: u64| app.tick(std::time::Duration::from_secs(secs));
    keys(&mut app, &["]", "]"]);
    assert_eq!(w(&app).timer_view(Step::Benefits), None);
    keys(&mut app, &["t"]);
    at(&mut app, 60);
    assert_eq!(
        w(&app).timer_view(Step::Benefits).unwrap().left,
        14 * 60,
        "15-minute timebox, 1 minute gone"
    );
    assert!(screen(&app, 80, 24).contains("⏱ 14:00 left"));
    keys(&mut app, &["t"]);
    assert_eq!(w(&app).session().time_spent.get(&Step::Benefits), Some(&60));
    assert!(w(&app).dirty(), "time spent is saved");
    at(&mut app, 600);
    assert_eq!(
        w(&app).timer_view(Step::Benefits).unwrap().left,
        14 * 60,
        "a paused timer does not move"
    );
    assert!(screen(&app, 80, 24).contains("⏸ 14:00 left"));
    keys(&mut app, &["t"]);
    at(&mut app, 600 + 14 * 60 - 30);
    assert!(screen(&app, 80, 24).contains("⏱ 0:30 left"));
    at(&mut app, 600 + 14 * 60 + 65);
    assert!(screen(&app, 80, 24).contains("⏱ +1:05 over"));
    assert_eq!(w(&app).step(), Step::Benefits, "nothing moves on by itself");
    keys(&mut app, &["]"]);
    assert!(
        w(&app).timer().is_none(),
        "leaving the step pauses its timer"
    );
    assert_eq!(
        w(&app).session().time_spent.get(&Step::Benefits),
        Some(&(15 * 60 + 65))
    );
}

#[test]
fn space_moves_an_agreement_through_open_done_and_dropped() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["[", "]", "]", "]", "]", "]", "]", "]", "]"]);
    assert_eq!(w(&app).step(), Step::Agreements);
    let status = |app: &App| w(app).session().agreements[0].status();
    assert_eq!(status(&app), "open");
    keys(&mut app, &[" "]);
    assert_eq!(status(&app), "done");
    keys(&mut app, &[" "]);
    assert_eq!(status(&app), "dropped");
    keys(&mut app, &[" "]);
    assert_eq!(status(&app), "open");
    keys(&mut app, &["u"]);
    assert_eq!(status(&app), "dropped");
    assert!(screen(&app, 80, 24).contains("✗"));
}

/// Issue 15: with every rating still hidden, the live summary says the ratings are not yet
/// revealed beside the empty value index, not nothing; with nothing rated it says no such thing.
#[test]
fn the_live_summary_says_when_every_rating_is_still_hidden() {
    let mut s = template_session();
    s.clear_ratings();
    s.blind = true;
    let mut app = workshop_app(s);
    keys(&mut app, &["]", "]"]);
    assert!(!screen(&app, 80, 24).contains("not yet revealed"));
    keys(&mut app, &["3"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("ratings not yet revealed"), "{text}");
}
