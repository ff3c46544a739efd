//! Undo records one item per change; any sequence of edits undoes back to the start and redoes
//! to the end, exactly.

use crate::support;

use covalue::domain::*;
use covalue::tui::app::App;
use proptest::prelude::*;
use support::*;

fn edit() -> impl Strategy<Value = Vec<&'static str>> {
    prop_oneof![
        Just(vec!["a", "Added", "<enter>"]),
        Just(vec!["e", " more", "<enter>"]),
        Just(vec!["d"]),
        Just(vec!["3"]),
        Just(vec!["5"]),
        Just(vec![" "]),
        Just(vec!["]"]),
        Just(vec!["["]),
        Just(vec!["j"]),
        Just(vec!["k"]),
        Just(vec!["<tab>"]),
        // Blind rating on or off, a reveal, the step timer started or paused.
        Just(vec!["b"]),
        Just(vec!["r"]),
        Just(vec!["t"]),
    ]
}

fn session_now(app: &covalue::tui::app::App) -> Session {
    app.workshop().unwrap().session().clone()
}

/// The session without the room's settings, which undo leaves as they are: blind rating on or
/// off, and the time spent on each step. (A reveal is an edit of the step's ratings, so undo
/// takes it back like any other.)
fn without_room_settings(session: &Session) -> Session {
    let mut s = session.clone();
    s.blind = false;
    s.time_spent.clear();
    s
}

proptest! {
    #![proptest_config(crate::regressions::beside_the_test(ProptestConfig::with_cases(48)))]

    #[test]
    fn undo_all_returns_to_the_start_and_redo_all_to_the_end(
        edits in proptest::collection::vec(edit(), 1..40),
        blind in any::<bool>(),
    ) {
        let mut app = workshop_app(if blind { blind_session() } else { template_session() });
        let start = session_now(&app);
        for e in &edits {
            keys(&mut app, e);
            // A form that refuses what was typed (words in the Setup weights' number fields)
            // stays open with its error, as it should; a person leaves it with Esc and says yes
            // to throwing the change away. Left open, the undo keys below would go to the form.
            if app.workshop().unwrap().form().is_some() {
                keys(&mut app, &["<esc>", "y"]);
            }
        }
        let end = session_now(&app);
        for _ in 0..200 {
            keys(&mut app, &["u"]);
        }
        prop_assert_eq!(without_room_settings(&session_now(&app)), without_room_settings(&start));
        // Blind rating is as the room left it, not as it was at the start.
        prop_assert_eq!(session_now(&app).blind, end.blind);
        for _ in 0..200 {
            keys(&mut app, &["<c-r>"]);
        }
        prop_assert_eq!(without_room_settings(&session_now(&app)), without_room_settings(&end));
    }
}

#[test]
fn undo_of_a_deleted_participant_and_an_agreement_status_restores_each() {
    let mut app = workshop_app(template_session());
    let start = session_now(&app);
    // Setup: the first participant row is below the six detail rows.
    keys(&mut app, &["j", "j", "j", "j", "j", "j", "d"]);
    assert_eq!(
        session_now(&app).participants.len() + 1,
        start.participants.len()
    );
    for _ in 0..8 {
        keys(&mut app, &["]"]);
    }
    assert_eq!(app.workshop().unwrap().step(), Step::Agreements);
    keys(&mut app, &[" ", " "]);
    assert_ne!(session_now(&app).agreements, start.agreements);
    keys(&mut app, &["u", "u", "u"]);
    assert_eq!(session_now(&app), start);
}

/// The template's first provider, with no group, rating the first benefit `rating`; the app
/// on Setup with their row selected (below the six detail rows), and their row and name.
fn provider_who_rated(rating: u8) -> (App, usize, String) {
    let mut session = template_session();
    let sam = session
        .participants
        .iter()
        .position(|p| p.role == Role::Provider)
        .unwrap();
    session.participants[sam].group = None;
    let name = session.participants[sam].name.clone();
    session.benefits[0]
        .rating
        .set_by(Side::Provider, &name, Rating::new(rating));
    let mut app = workshop_app(session);
    for _ in 0..6 + sam {
        keys(&mut app, &["j"]);
    }
    (app, sam, name)
}

#[test]
fn a_renamed_participant_keeps_their_ratings_and_undo_gives_them_back() {
    let (mut app, sam, name) = provider_who_rated(4);
    let start = session_now(&app);
    keys(&mut app, &["e", " Reid", "<enter>"]);
    let renamed = format!("{name} Reid");
    let now = session_now(&app);
    assert_eq!(now.participants[sam].name, renamed);
    assert_eq!(
        now.benefits[0].rating.by(Side::Provider, &renamed),
        Rating::new(4)
    );
    assert_eq!(now.benefits[0].rating.by(Side::Provider, &name), None);
    keys(&mut app, &["u"]);
    assert_eq!(session_now(&app), start);
}

/// Found by a trial: a participant put on the other side in Setup left their ratings on the
/// old side, under their name, so `show` listed one person on both sides and the reports
/// counted the old side's numbers. Their ratings now go with them, and undo brings them back.
#[test]
fn a_participant_put_on_the_other_side_takes_their_ratings_and_undo_gives_them_back() {
    let (mut app, sam, name) = provider_who_rated(5);
    let start = session_now(&app);
    keys(&mut app, &["e", "<tab>", "<right>", "<enter>"]);
    let now = session_now(&app);
    assert_eq!(
        now.participants[sam].role,
        Role::Consumer,
        "{:?}",
        screen(&app, 80, 24)
    );
    assert_eq!(now.benefits[0].rating.by(Side::Provider, &name), None);
    assert_eq!(
        now.benefits[0].rating.by(Side::Consumer, &name),
        Rating::new(5)
    );
    keys(&mut app, &["u"]);
    assert_eq!(session_now(&app), start);
}
