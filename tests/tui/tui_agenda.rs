//! The gaps-only agenda (issue 20, point 3): `w` on the Summary step, or `open --agenda gaps`,
//! walks only the discuss-next items, largest first, one at a time: both sides' and each
//! person's ratings (revealed as shown), the note, an agreement that resolves the item in two
//! keys, `Gap 3 of 9` in the header, a timer per item, and at the end how many items were
//! agreed in pre-work. Key events into the app, snapshots, and the binary in a pseudo-terminal.

use crate::pty::Tui;
use crate::support;

use covalue::domain::*;
use covalue::tui::keymap::Context;
use std::time::Duration;
use support::*;

/// The template as rated in its example: five items with a gap of 2 (the Summary's list).
fn on_agenda() -> covalue::tui::app::App {
    let mut app = workshop_app(template_session());
    summary_step(&mut app);
    keys(&mut app, &["w"]);
    app
}

/// The discuss-next items as the Summary lists them: (step, text), largest first.
fn discuss_next(session: &Session) -> Vec<(Step, String)> {
    let summary = summarize_for_room(session);
    (0..summary.discuss_items.len())
        .map(|row| {
            let d = summary.reasons(row).next().unwrap();
            (d.step, d.text.to_string())
        })
        .collect()
}

/// The (step, text) of the gap the agenda shows.
fn shown(app: &covalue::tui::app::App) -> Option<(Step, String)> {
    let w = w(app);
    let at = w.agenda()?.at;
    let (step, index) = w.gap_at(at)?;
    let text = w
        .session()
        .rated_items()
        .find(|i| i.dimension.step() == step && i.index == index)?
        .text
        .to_string();
    Some((step, text))
}

#[test]
fn the_agenda_walks_only_the_discuss_next_items_largest_first() {
    let mut app = on_agenda();
    assert_eq!(w(&app).context(), Context::Agenda);
    let expected = discuss_next(w(&app).session());
    assert_eq!(expected.len(), 5, "the example has five gaps of 2");
    let mut walked = Vec::new();
    for i in 0..expected.len() {
        let screen = screen(&app, 80, 24);
        assert!(
            screen.contains(&format!("Gap {} of {}", i + 1, expected.len())),
            "{screen}"
        );
        walked.push(shown(&app).unwrap());
        keys(&mut app, &["]"]);
    }
    assert_eq!(walked, expected);
    assert!(w(&app).agenda().unwrap().finished());
    let end = screen(&app, 80, 24);
    // 20 items rated by both sides, 5 of them walked.
    assert!(
        end.contains("15 items were agreed in pre-work and not discussed."),
        "{end}"
    );
    // Back a gap, and out to the Summary.
    keys(&mut app, &["["]);
    assert_eq!(shown(&app), expected.last().cloned());
    keys(&mut app, &["<esc>"]);
    assert!(w(&app).agenda().is_none());
    assert_eq!(w(&app).step(), Step::Summary);
}

#[test]
fn a_adds_an_agreement_that_resolves_the_gap_shown_with_its_text_and_enter() {
    let mut app = on_agenda();
    keys(&mut app, &["]"]);
    let (step, item) = shown(&app).unwrap();
    let agreements = w(&app).session().agreements.len();
    keys(
        &mut app,
        &["a", "Cover nights from the Lisbon desk", "<enter>"],
    );
    let session = w(&app).session();
    assert_eq!(session.agreements.len(), agreements + 1);
    assert!(
        session
            .resolutions
            .iter()
            .any(|r| r.agreement == "Cover nights from the Lisbon desk"
                && r.step == step
                && r.item == item),
        "{:?}",
        session.resolutions
    );
    // Still on the same gap, which lists its agreement.
    assert_eq!(shown(&app), Some((step, item)));
    assert!(screen(&app, 80, 24).contains("· Cover nights from the Lisbon desk"));
    // Undo takes it back, and the walk stays where it was.
    keys(&mut app, &["u"]);
    assert_eq!(w(&app).session().agreements.len(), agreements);
    assert_eq!(w(&app).agenda().unwrap().at, 1);
}

#[test]
fn e_writes_the_note_of_the_gap_shown() {
    let mut app = on_agenda();
    let (step, item) = shown(&app).unwrap();
    keys(&mut app, &["e", "Priya never saw the portal", "<enter>"]);
    assert_eq!(
        w(&app).session().note(step, &item),
        Some("Priya never saw the portal")
    );
    assert!(screen(&app, 80, 24).contains("Note: Priya never saw the portal"));
}

#[test]
fn hidden_ratings_are_walked_and_each_item_is_revealed_as_it_is_shown() {
    let mut session = template_session();
    session.blind = true;
    for r in session.benefits.iter_mut().map(|b| &mut b.rating) {
        r.revealed = false;
    }
    session.usefulness[0].rating.revealed = false;
    let mut app = workshop_app(session);
    summary_step(&mut app);
    keys(&mut app, &["w"]);
    let (step, item) = shown(&app).unwrap();
    assert_eq!(step, Step::Benefits, "the hidden gap is on the agenda");
    let session = w(&app).session();
    let revealed = |text: &str| {
        session
            .benefits
            .iter()
            .find(|b| b.text == text)
            .unwrap()
            .rating
            .revealed
    };
    assert!(revealed(&item), "shown, so revealed");
    let screen = screen(&app, 80, 24);
    assert!(
        screen.contains("Sam Okafor 4") && screen.contains("Priya Raman 2"),
        "each person's rating: {screen}"
    );
    let others = session.benefits.iter().filter(|b| b.text != item);
    assert!(
        others.into_iter().all(|b| !b.rating.revealed),
        "items not shown stay hidden"
    );
}

#[test]
fn the_timer_counts_each_gap_apart_and_adds_to_the_summary_steps_time() {
    let mut app = on_agenda();
    app.tick(Duration::from_secs(100));
    keys(&mut app, &["t"]);
    app.tick(Duration::from_secs(165));
    assert!(screen(&app, 80, 24).contains("Gap 1 of 5 · ⏱ 1:05 on this gap"));
    // What the event loop's frame gate asks to draw a ticking timer.
    let agenda = w(&app).agenda().unwrap();
    assert_eq!(agenda.running_seconds(w(&app).now()), Some(65));
    keys(&mut app, &["]"]);
    let agenda = w(&app).agenda().unwrap();
    assert_eq!(agenda.spent, vec![65, 0, 0, 0, 0]);
    assert!(agenda.running.is_none(), "moving on stops the timer");
    assert!(
        !screen(&app, 80, 24).contains("on this gap"),
        "gap 2 has no time yet"
    );
    assert_eq!(w(&app).session().time_spent.get(&Step::Summary), Some(&65));
    // A quit (or a signal) saves through pause_timer, which stops the gap's timer too.
    keys(&mut app, &["t"]);
    app.tick(Duration::from_secs(175));
    app.workshop_mut().unwrap().pause_timer();
    assert_eq!(w(&app).agenda().unwrap().spent, vec![65, 10, 0, 0, 0]);
    assert_eq!(w(&app).session().time_spent.get(&Step::Summary), Some(&75));
}

#[test]
fn a_review_walks_the_gaps_without_revealing_anything() {
    let mut session = template_session();
    session.blind = true;
    session.reveal(None);
    for r in session.benefits.iter_mut().map(|b| &mut b.rating) {
        r.revealed = false;
    }
    let w0 = covalue::tui::workshop::Workshop::new(session, "r.ron", Some("a review".into()));
    let mut app = covalue::tui::app::App::new(
        covalue::tui::app::Screen::Workshop(Box::new(w0)),
        covalue::tui::theme::Theme::new(covalue::tui::theme::ThemeKind::Default),
        80,
        24,
    );
    summary_step(&mut app);
    keys(&mut app, &["w"]);
    // The room's list: the hidden benefits' gap is not on it, and nothing is revealed.
    let expected = discuss_next(w(&app).session());
    assert_eq!(w(&app).agenda().unwrap().gaps.len(), expected.len());
    assert_eq!(shown(&app), expected.first().cloned());
    assert_ne!(shown(&app).map(|(s, _)| s), Some(Step::Benefits));
    assert!(
        w(&app)
            .session()
            .benefits
            .iter()
            .all(|b| !b.rating.revealed)
    );
    let screen = screen(&app, 80, 24);
    assert!(screen.contains("Gap 1 of 4"), "{screen}");
    assert!(
        !screen.contains("a agree"),
        "a review adds nothing: {screen}"
    );
    // Nor does its page offer keys to write a note or an agreement (a second trial's report).
    assert!(
        !screen.contains("writes what the room said") && !screen.contains("adds one"),
        "{screen}"
    );
}

/// The template's session in a read-only review, on the agenda (`w` on the Summary step).
fn review_agenda(session: Session) -> covalue::tui::app::App {
    let w0 = covalue::tui::workshop::Workshop::new(session, "r.ron", Some("a review".into()));
    let mut app = covalue::tui::app::App::new(
        covalue::tui::app::Screen::Workshop(Box::new(w0)),
        covalue::tui::theme::Theme::new(covalue::tui::theme::ThemeKind::Default),
        80,
        24,
    );
    summary_step(&mut app);
    keys(&mut app, &["w"]);
    app
}

#[test]
fn an_agenda_without_gaps_says_plainly_there_is_nothing_to_walk() {
    // Nothing rated yet.
    let mut session = template_session();
    for dimension in Dimension::ALL {
        for i in 0..session.item_count(dimension.step()) {
            *session.ratings_mut(dimension, i).unwrap() = Ratings::default();
        }
    }
    let mut app = workshop_app(session.clone());
    summary_step(&mut app);
    keys(&mut app, &["w"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Nothing to walk"), "{text}");
    assert!(!text.contains("goes back to a gap"), "{text}");
    assert!(!text.contains("0 items were agreed"), "{text}");
    // Every item rated alike by both sides: agreed, so nothing to walk either.
    for dimension in Dimension::ALL {
        for i in 0..session.item_count(dimension.step()) {
            let r = session.ratings_mut(dimension, i).unwrap();
            r.set_by(Side::Provider, "Sam Okafor", Rating::new(4));
            r.set_by(Side::Consumer, "Priya Raman", Rating::new(4));
        }
    }
    let mut app = workshop_app(session);
    summary_step(&mut app);
    keys(&mut app, &["w"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Nothing to walk"), "{text}");
    assert!(text.contains("were agreed in pre-work"), "{text}");
    assert!(!text.contains("goes back to a gap"), "{text}");
}

#[test]
fn a_review_says_which_gaps_it_leaves_out_because_their_ratings_are_hidden() {
    let mut session = template_session();
    session.blind = true;
    let walked = {
        let mut all = session.clone();
        all.reveal(None);
        discuss_next(&all).len()
    };
    // Nothing revealed: the room sees no gap, the facilitator's agenda walks them all.
    let app = review_agenda(session.clone());
    assert_eq!(w(&app).agenda().unwrap().gaps.len(), 0);
    let text = screen(&app, 80, 24);
    assert!(!text.contains("No item is on discuss-next"), "{text}");
    assert!(
        text.contains(&format!("{walked} gaps")) && text.contains("not yet revealed"),
        "{text}"
    );
    // Some revealed: the review walks those and says how many it leaves out.
    session.reveal(None);
    for r in session.benefits.iter_mut().map(|b| &mut b.rating) {
        r.revealed = false;
    }
    let app = review_agenda(session);
    let text = screen(&app, 80, 24);
    assert!(text.contains("not yet revealed"), "{text}");
}

#[test]
fn the_summary_offers_the_agenda_in_its_hints_and_help() {
    let mut app = workshop_app(template_session());
    summary_step(&mut app);
    assert!(screen(&app, 80, 24).contains("w gaps"));
    keys(&mut app, &["?"]);
    assert!(screen(&app, 120, 40).contains("the gaps agenda"));
    keys(&mut app, &["<esc>", "w", "?"]);
    let help = screen(&app, 120, 40);
    assert!(
        help.contains("Gaps agenda") && help.contains("next gap"),
        "{help}"
    );
}

/// The template with two agreements that resolve its first gap, one done and one dropped.
fn first_gap_with_closed_agreements() -> Session {
    let mut session = template_session();
    let (step, text) = discuss_next(&session).remove(0);
    let item_id = session
        .rated_items()
        .find(|i| i.dimension.step() == step && i.text == text)
        .unwrap()
        .id
        .to_string();
    for (id, words, status) in [
        (
            "agr-done",
            "Share the orders dashboard every month",
            AgreementStatus::Done,
        ),
        (
            "agr-dropped",
            "Print the orders report",
            AgreementStatus::Dropped,
        ),
    ] {
        session.agreements.push(Agreement {
            id: id.into(),
            text: words.into(),
            status,
            ..Agreement::default()
        });
        session.set_resolves(id, Some((step, &item_id)));
    }
    session
}

#[test]
fn the_agenda_says_which_agreements_are_done_or_dropped() {
    let mut app = workshop_app(first_gap_with_closed_agreements());
    summary_step(&mut app);
    keys(&mut app, &["w"]);
    for (width, height) in [(80, 24), (120, 40)] {
        let screen = screen(&app, width, height);
        assert!(
            screen.contains("· Share the orders dashboard every month ✓ done"),
            "{screen}"
        );
        assert!(
            screen.contains("· Print the orders report ✗ dropped"),
            "{screen}"
        );
    }
}

/// The bottom row of `app` drawn at `width` × 24: the footer's keys.
fn footer_at(app: &covalue::tui::app::App, width: u16) -> String {
    screen(app, width, 24).lines().last().unwrap().to_string()
}

#[test]
fn the_agenda_footer_shows_every_hint_whole_at_80_columns() {
    // The most keys the agenda offers: a gap past the first (back), with a change to undo.
    let mut app = on_agenda();
    keys(
        &mut app,
        &["]", "a", "Cover nights from the Lisbon desk", "<enter>"],
    );
    let footer = footer_at(&app, 80);
    for hint in app.hints() {
        let shown = format!("{} {}", hint.keys, hint.word);
        assert!(
            footer.contains(&shown),
            "`{shown}` is not whole in {footer}"
        );
    }
    // The backend's rows are quoted.
    let row = footer.trim_matches('"').trim_end();
    assert!(row.ends_with("q quit"), "{footer}");
}

#[test]
fn agenda_snapshots() {
    let mut app = on_agenda();
    keys(&mut app, &["e", "Priya never saw the portal", "<enter>"]);
    keys(&mut app, &["a", "Signpost the portal", "<enter>"]);
    snapshot_sizes("agenda_gap", &mut app);
    for _ in 0..5 {
        keys(&mut app, &["]"]);
    }
    snapshot_sizes("agenda_done", &mut app);
}

#[test]
fn open_agenda_gaps_in_a_terminal_links_an_agreement_to_its_item_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.ron");
    covalue::store::save(&path, &template_session()).unwrap();
    let expected = discuss_next(&template_session());
    let mut tui = Tui::start(
        dir.path(),
        &["open", path.to_str().unwrap(), "--agenda", "gaps"],
    );
    tui.wait_for("Gap 1 of 5");
    assert!(
        tui.contents().contains("●Summary"),
        "the walk is the Summary's"
    );
    let mut seen = Vec::new();
    for i in 0..expected.len() {
        tui.wait_for(&format!("Gap {} of 5", i + 1));
        let screen = tui.contents();
        let on = expected
            .iter()
            .filter(|(_, text)| screen.contains(&text[..30.min(text.len())]))
            .count();
        assert_eq!(on, 1, "one discuss-next item at a time:\n{screen}");
        seen.push(screen);
        tui.send("]");
    }
    tui.wait_for("items were agreed in pre-work");
    // Not one item off the list was shown.
    let session = template_session();
    for item in session.rated_items() {
        let listed = expected.iter().any(|(_, t)| t == item.text);
        let prefix: String = item.text.chars().take(30).collect();
        if !listed {
            assert!(
                seen.iter().all(|s| !s.contains(&prefix)),
                "{prefix} is not on discuss-next"
            );
        }
    }
    tui.send("[");
    tui.wait_for("Gap 5 of 5");
    tui.send("a");
    tui.wait_for("Agreement on");
    tui.send("Review remote access every quarter\r");
    tui.wait_for("· Review remote access every quarter");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let saved = covalue::store::load(&path).unwrap();
    let (step, item) = expected.last().unwrap();
    assert!(
        saved
            .resolutions
            .iter()
            .any(|r| r.agreement == "Review remote access every quarter"
                && r.step == *step
                && &r.item == item),
        "{:?}",
        saved.resolutions
    );
}
