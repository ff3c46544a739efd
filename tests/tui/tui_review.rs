//! Review mode and the status line tell the truth (bug 7's leftovers): a read-only review shows
//! no turn, no blind mark and no timer; "hidden" is said only while something is hidden.

use crate::support;

use covalue::domain::*;
use covalue::tui::app::{App, Screen};
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::workshop::Workshop;
use support::*;

fn review_app(session: Session) -> App {
    let w = Workshop::new(
        session,
        "service-desk-value-review-snap0001.ron",
        Some("opened for review".into()),
    );
    App::new(
        Screen::Workshop(Box::new(w)),
        Theme::new(ThemeKind::Default),
        80,
        24,
    )
}

#[test]
fn a_review_shows_no_turn_no_blind_mark_and_no_timer() {
    let mut s = template_session();
    s.blind = true;
    s.time_spent.insert(Step::Benefits, 300);
    let mut app = review_app(s);
    keys(&mut app, &["]", "]"]);
    let text = screen(&app, 80, 24);
    let header = text.lines().next().unwrap();
    for lie in ["BLIND", "▶", "⏸", "⏱"] {
        assert!(!header.contains(lie), "{lie} in {header}");
    }
    assert!(
        !text.contains("rates ·"),
        "no turn band in a review: {text}"
    );
    assert!(!text.contains("ratings hidden"), "{text}");
    assert!(text.contains("Review (read-only) · Benefits"), "{text}");
    snapshot_sizes("review_benefits", &mut app);
}

#[test]
fn after_a_reveal_the_status_no_longer_says_ratings_are_hidden() {
    let mut app = workshop_app(blind_session());
    keys(&mut app, &["]", "]", "4", "<tab>", "3", "k"]);
    assert!(screen(&app, 80, 24).contains("ratings hidden"));
    keys(&mut app, &["r", "k"]);
    let items = w(&app).session().benefits.len();
    assert!(items > 1);
    // Only item 1 was rated by both and revealed; the provider's other ratings are none.
    let text = screen(&app, 80, 24);
    assert!(!text.contains("ratings hidden"), "{text}");
}

/// Issue 15: a review cannot write the closing answers, so its Summary step does not offer
/// `e`; the workshop still does.
#[test]
fn a_review_summary_does_not_offer_writing_the_answers() {
    let mut s = template_session();
    s.closing = Default::default();
    let mut app = review_app(s.clone());
    let mut workshop = workshop_app(s);
    for app in [&mut app, &mut workshop] {
        for _ in 0..9 {
            keys(app, &["]"]);
        }
        // The closing answers are the Summary's fourth view.
        keys(app, &["v", "v", "v"]);
    }
    let text = screen(&app, 80, 24);
    assert!(text.contains("not answered yet"), "{text}");
    assert!(!text.contains("writes the answers"), "{text}");
    let text = screen(&workshop, 80, 24);
    assert!(text.contains("(e writes the answers)"), "{text}");
}

/// Issue 15: a self-assessment that is not blind hides nothing, so its review shows no
/// "• a rating not yet revealed" legend even when the file holds the other side's ratings.
#[test]
fn a_review_of_a_self_assessment_that_is_not_blind_shows_no_hidden_legend() {
    let mut s = template_session();
    s.mode = Mode::ConsumerSelfAssessment;
    s.blind = false;
    let mut app = review_app(s);
    keys(&mut app, &["]", "]"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Review (read-only)"), "{text}");
    assert!(!text.contains("not yet revealed"), "{text}");
}

/// A new user's report: `?` in a review listed adding, deleting, rating, the turn, blind
/// rating and undo, none of which a review does. Its help lists only what works there.
#[test]
fn a_reviews_help_lists_no_key_that_would_change_the_session() {
    let mut s = template_session();
    s.blind = true;
    let mut app = review_app(s);
    keys(&mut app, &["]", "]", "?"]);
    let help = screen(&app, 80, 24);
    for key_of in [
        "add an item",
        "delete",
        "1-5",
        "pass the turn",
        "blind rating (b)",
        "undo",
        "save now",
        "in a form",
    ] {
        assert!(
            !help.to_lowercase().contains(key_of),
            "{key_of:?} in a review's help: {help}"
        );
    }
    assert!(help.contains("A review is read-only"), "{help}");
    assert!(
        !help.contains("save and quit") && help.contains("quit"),
        "{help}"
    );
    // Moving about still is.
    assert!(help.contains("next step"), "{help}");
}
