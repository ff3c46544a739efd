//! Counting, not timing (issue 16): drawing a frame walks no rating of the session, a change
//! walks them once, and an idle screen draws nothing. A clock would make these flaky on a
//! loaded machine; counts fail the same way everywhere.

use crate::support::*;
use covalue::domain::*;
use covalue::tui::event_loop::FrameGate;
use std::time::Duration;

/// The template's session as five people leave it: two providers and three consumers, each of
/// whom rated every item.
fn five_raters() -> Session {
    let mut s = template_session();
    let people = [
        ("Priya", Role::Provider),
        ("Piet", Role::Provider),
        ("Chen", Role::Consumer),
        ("Carla", Role::Consumer),
        ("Kofi", Role::Consumer),
    ];
    s.participants = people
        .iter()
        .map(|(name, role)| Participant {
            name: name.to_string(),
            role: *role,
            group: None,
        })
        .collect();
    let places: Vec<(Dimension, usize)> = s.rated_items().map(|i| (i.dimension, i.index)).collect();
    for (n, (dimension, index)) in places.into_iter().enumerate() {
        *s.ratings_mut(dimension, index).unwrap() = Ratings::default();
        for (k, (name, role)) in people.iter().enumerate() {
            let rating = Rating::new(((n + k) % 5) as u8 + 1);
            s.rate_as(dimension, index, role.side().unwrap(), name, rating);
        }
    }
    s
}

#[test]
fn a_frame_walks_no_rating_a_rating_none_and_another_change_once() {
    let mut app = workshop_app(five_raters());
    keys(&mut app, &["]", "]"]);
    assert_eq!(w(&app).step(), Step::Benefits);
    for size in [(80, 24), (120, 40)] {
        let before = rater_walks();
        let shown = screen(&app, size.0, size.1);
        assert!(shown.contains("Priya"), "{shown}");
        assert_eq!(
            rater_walks() - before,
            0,
            "drawing at {size:?} walked the ratings"
        );
    }
    let before = rater_walks();
    keys(&mut app, &["j", "k", "<tab>"]);
    screen(&app, 80, 24);
    assert_eq!(
        rater_walks() - before,
        0,
        "moving or passing the turn walked them"
    );
    // A rating by someone who takes turns moves only their count: no walk at all, and the
    // counts are the ones a fresh walk gives.
    let before = rater_walks();
    keys(&mut app, &["0", "4", "0"]);
    screen(&app, 80, 24);
    assert_eq!(rater_walks() - before, 0, "a rating walked the ratings");
    assert_eq!(w(&app).turns(), w(&app).session().turns().as_slice());
    // Any other change walks them once.
    let before = rater_walks();
    keys(&mut app, &["r"]);
    assert_eq!(rater_walks() - before, 1, "a reveal walks the ratings once");
}

#[test]
fn an_idle_second_draws_nothing_and_a_running_timer_draws_its_seconds() {
    let mut app = workshop_app(five_raters());
    keys(&mut app, &["]", "]"]);
    let mut gate = FrameGate::new(false);
    let mut now = Duration::from_secs(10);
    let mut turn = |app: &mut covalue::tui::app::App, gate: &mut FrameGate, step_ms: u64| {
        now += Duration::from_millis(step_ms);
        app.tick(now);
        gate.should_draw(app.clock())
    };
    assert!(turn(&mut app, &mut gate, 0), "the first frame is drawn");
    // The loop wakes every 250 ms when nothing happens: a second of that draws nothing.
    let idle: Vec<bool> = (0..4).map(|_| turn(&mut app, &mut gate, 250)).collect();
    assert_eq!(idle, [false; 4]);
    // A key is something happening: the loop touches the gate.
    keys(&mut app, &["t"]);
    gate.touch();
    assert!(turn(&mut app, &mut gate, 0));
    assert!(app.clock().is_some(), "the timer runs");
    // Within the same second nothing new shows; the next second is drawn once.
    let ticks: Vec<bool> = (0..4).map(|_| turn(&mut app, &mut gate, 250)).collect();
    assert_eq!(ticks.iter().filter(|d| **d).count(), 1, "{ticks:?}");
}

#[test]
fn rating_alone_checks_a_change_once_and_a_move_not_at_all() {
    use covalue::domain::alone::checks;
    let mut w = covalue::tui::workshop::Workshop::new(five_raters(), "s.ron", None);
    w.rate_alone("Chen").unwrap();
    let mut app = covalue::tui::app::App::new(
        covalue::tui::app::Screen::Workshop(Box::new(w)),
        covalue::tui::theme::Theme::new(covalue::tui::theme::ThemeKind::Default),
        80,
        24,
    );
    keys(&mut app, &["]", "]"]);
    assert_eq!(crate::support::w(&app).step(), Step::Benefits);
    // Each check compares the whole session before and after: a key that changed nothing
    // must not pay for one (it cost 880 ms a key at 10,000 items).
    let before = checks();
    keys(&mut app, &["j", "k", "j", "?", "<esc>"]);
    screen(&app, 80, 24);
    assert_eq!(checks() - before, 0, "a move or a view was checked");
    let before = checks();
    keys(&mut app, &["2"]);
    assert_eq!(checks() - before, 1, "a rating is checked once");
    let ratings = crate::support::w(&app)
        .session()
        .ratings(Dimension::Benefits, 1)
        .unwrap();
    assert_eq!(ratings.by(Side::Consumer, "Chen"), Rating::new(2));
}
