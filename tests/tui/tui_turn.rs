//! Whose turn it is and fewer keys per rating: every rated step starts on the provider's turn,
//! the turn band, the status line when one side is done, and the move to the next unrated item.

use crate::support;

use covalue::domain::*;
use covalue::store::Settings;
use covalue::tui::app::App;
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::workshop::Workshop;
use support::*;

/// The template's one rater on each side: the turn passes between them by name.
const SAM: &str = "Sam Okafor";
const PRIYA: &str = "Priya Raman";

fn unrated() -> Session {
    let mut s = template_session();
    s.clear_ratings();
    s
}

#[test]
fn every_rated_step_starts_on_the_providers_turn() {
    let mut app = workshop_app(unrated());
    keys(&mut app, &["]", "]", "<tab>"]);
    assert_eq!(w(&app).turn(), Side::Consumer);
    keys(&mut app, &["]"]);
    assert_eq!(w(&app).step(), Step::Usefulness);
    assert_eq!(
        w(&app).turn(),
        Side::Provider,
        "a new step never starts on the side that rated last"
    );
    keys(&mut app, &["4"]);
    assert_eq!(
        w(&app).session().usefulness[0]
            .rating
            .by(Side::Provider, SAM),
        Rating::new(4)
    );
    assert_eq!(
        w(&app).session().usefulness[0]
            .rating
            .by(Side::Consumer, PRIYA),
        None
    );

    let mut s = unrated();
    s.mode = Mode::ConsumerSelfAssessment;
    let mut app = workshop_app(s);
    keys(&mut app, &["]", "]"]);
    assert_eq!(w(&app).turn(), Side::Consumer);
}

#[test]
fn the_band_across_the_list_names_the_side_rating_now() {
    let mut app = workshop_app(unrated());
    keys(&mut app, &["]", "]"]);
    let text = screen(&app, 80, 24);
    let band = text.lines().nth(3).unwrap();
    assert!(
        band.contains("▶ Sam Okafor · provider rates · how strongly"),
        "{text}"
    );
    // Wide enough, the band names the person's group too.
    let wide = screen(&app, 120, 40);
    assert!(
        wide.lines()
            .nth(3)
            .unwrap()
            .contains("▶ Sam Okafor · provider · service owner rates · how strongly felt"),
        "{wide}"
    );
    keys(&mut app, &["<tab>"]);
    let text = screen(&app, 80, 24);
    assert!(
        text.lines()
            .nth(3)
            .unwrap()
            .contains("▶ Priya Raman · consumer rates"),
        "{text}"
    );
    // The band takes the side's colour across the list's width.
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    app.draw(&mut terminal).unwrap();
    let buffer = terminal.backend().buffer();
    let theme = Theme::new(ThemeKind::Default);
    assert_eq!(buffer[(30, 3)].fg, theme.consumer.fg.unwrap());
    assert!(
        buffer[(30, 3)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
    // No band where nothing is rated.
    keys(&mut app, &["["]);
    assert!(!screen(&app, 80, 24).contains("▶ Sam Okafor · provider rates ·"));
}

#[test]
fn each_rating_moves_to_the_next_unrated_item_and_the_end_says_the_side_is_done() {
    let mut app = workshop_app(unrated());
    keys(&mut app, &["]", "]"]);
    let items = w(&app).session().benefits.len();
    assert!(items >= 3);
    keys(&mut app, &["4"]);
    assert_eq!(w(&app).selection(), 1);
    keys(&mut app, &["k", "k", "0"]);
    assert_eq!(w(&app).selection(), 0, "clearing a rating stays put");
    for _ in 0..items {
        keys(&mut app, &["3"]);
    }
    assert!(
        w(&app)
            .session()
            .benefits
            .iter()
            .all(|b| b.rating.by(Side::Provider, SAM) == Rating::new(3)
                && b.rating.by(Side::Consumer, PRIYA).is_none())
    );
    assert_eq!(
        w(&app).message(),
        Some(
            format!(
                "Sam Okafor rated 3 ({}). Sam Okafor is done with Benefits: every item rated. Tab passes the turn to Priya Raman.",
                Rating::new(3).unwrap().label()
            )
            .as_str()
        )
    );
    // Later, with no message on the line, the status still says so and names the key.
    keys(&mut app, &["k"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Sam Okafor is done with Benefits"), "{text}");
    keys(&mut app, &["<tab>"]);
    assert_eq!(
        w(&app).selection(),
        0,
        "the consumer starts at its first unrated item"
    );
    keys(&mut app, &["k"]);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("The provider has rated every item, the consumer none yet"),
        "{text}"
    );
    keys(&mut app, &["2"]);
    assert_eq!(
        w(&app).session().benefits[0]
            .rating
            .by(Side::Consumer, PRIYA),
        Rating::new(2)
    );
    assert_eq!(w(&app).selection(), 1);
}

#[test]
fn a_setting_turns_the_move_off() {
    let settings = Settings {
        advance: Some(false),
        ..Default::default()
    };
    let workshop = Workshop::new(unrated(), "s.ron", None);
    let mut app = App::for_workshop(workshop, settings, Theme::new(ThemeKind::Default), 80, 24);
    keys(&mut app, &["]", "]", "4", "5"]);
    assert_eq!(w(&app).selection(), 0);
    assert_eq!(
        w(&app).session().benefits[0].rating.by(Side::Provider, SAM),
        Rating::new(5)
    );
    assert_eq!(
        w(&app).session().benefits[1].rating.by(Side::Provider, SAM),
        None
    );
}

#[test]
fn with_two_raters_on_a_side_each_moves_through_their_own_unrated_items() {
    let mut s = unrated();
    s.participants.push(Participant {
        name: "Ola Berg".into(),
        role: Role::Consumer,
        group: None,
    });
    s.blind = false;
    let mut app = workshop_app(s);
    keys(&mut app, &["]", "]"]);
    let items = w(&app).session().benefits.len();
    // Sam rates everything, then Priya rates the first item.
    for _ in 0..items {
        keys(&mut app, &["3"]);
    }
    keys(&mut app, &["<tab>"]);
    assert_eq!(w(&app).rater(), PRIYA);
    keys(&mut app, &["4"]);
    assert_eq!(
        w(&app).selection(),
        1,
        "Priya moves on to her next unrated item"
    );
    // Ola, on the same side, starts at the first item: Priya's rating of it is not his.
    keys(&mut app, &["<tab>"]);
    assert_eq!(w(&app).rater(), "Ola Berg");
    assert_eq!(w(&app).selection(), 0, "Ola starts where his own work is");
    for _ in 0..items {
        keys(&mut app, &["2"]);
    }
    let b = &w(&app).session().benefits;
    assert!(
        b.iter()
            .all(|b| b.rating.by(Side::Consumer, "Ola Berg") == Rating::new(2))
    );
    assert_eq!(b[0].rating.by(Side::Consumer, PRIYA), Rating::new(4));
    assert_eq!(b[1].rating.by(Side::Consumer, PRIYA), None);
    // Done, he is told who still has items: Sam has none, Priya has.
    let message = w(&app).message().unwrap_or_default().to_string();
    assert!(
        message.contains(
            "Ola Berg is done with Benefits: every item rated. Tab passes the turn on; Priya Raman has items left."
        ),
        "{message}"
    );
}

/// The status line (the row above the key hints) of a screen drawn at `width` × 24.
fn status_at(app: &App, width: u16) -> String {
    screen(app, width, 24).lines().nth(22).unwrap().to_string()
}

#[test]
fn when_the_last_person_has_rated_a_blind_step_the_status_names_reveal() {
    let mut app = workshop_app(blind_session());
    keys(&mut app, &["]", "]"]);
    let items = w(&app).session().benefits.len();
    for _ in 0..items {
        keys(&mut app, &["3"]);
    }
    // At 80 columns the status still says who is next, just after the rating and later.
    let status = status_at(&app, 80);
    assert!(
        status.contains("Tab passes the turn to Priya Raman"),
        "{status}"
    );
    keys(&mut app, &["k"]);
    let status = status_at(&app, 80);
    assert!(
        status.contains("Tab passes the turn to Priya Raman"),
        "{status}"
    );

    keys(&mut app, &["<tab>"]);
    for _ in 0..items {
        keys(&mut app, &["4"]);
    }
    let message = w(&app).message().unwrap_or_default().to_string();
    assert!(
        message.contains("Everyone has rated: r reveals the ratings."),
        "{message}"
    );
    assert!(!message.contains("next step"), "{message}");
    let status = status_at(&app, 80);
    assert!(status.contains("r reveals"), "{status}");
    keys(&mut app, &["k"]);
    let status = status_at(&app, 80);
    assert!(status.contains("r reveals"), "{status}");

    // Once revealed, the next step is what is left.
    keys(&mut app, &["r", "k"]);
    let status = status_at(&app, 80);
    assert!(!status.contains("r reveals"), "{status}");
}

#[test]
fn when_the_last_person_has_rated_an_open_step_the_status_names_the_next_step() {
    let mut s = unrated();
    s.blind = false;
    let mut app = workshop_app(s);
    keys(&mut app, &["]", "]"]);
    let items = w(&app).session().benefits.len();
    for _ in 0..items {
        keys(&mut app, &["3"]);
    }
    keys(&mut app, &["<tab>"]);
    for _ in 0..items {
        keys(&mut app, &["4"]);
    }
    let message = w(&app).message().unwrap_or_default().to_string();
    assert!(message.ends_with("] goes to the next step."), "{message}");
    let status = status_at(&app, 80);
    assert!(status.contains("] goes to the next step"), "{status}");
}

/// Bug: a side that rates as one, with one rating hidden, read "1 provider ratings hidden".
#[test]
fn one_hidden_rating_is_one_rating_on_the_status_line() {
    let mut s = Session::new(
        "one00001",
        "One hidden",
        Timestamp::from_unix(1_795_812_435),
    );
    s.blind = true;
    s.add_item(Dimension::Benefits, "Fewer outages");
    s.add_item(Dimension::Benefits, "Faster fixes");
    s.rate_as(
        Dimension::Benefits,
        0,
        Side::Provider,
        Side::Provider.rater(),
        Rating::new(4),
    );
    let mut app = workshop_app(s);
    keys(&mut app, &["]", "]", "<tab>"]);
    assert_eq!(w(&app).turn(), Side::Consumer);
    // A move clears the turn's message, and the status line says what it always says.
    keys(&mut app, &["j"]);
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("1 provider rating hidden"), "{shown}");
}
