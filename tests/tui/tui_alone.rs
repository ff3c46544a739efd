//! Rating alone (`covalue open --as NAME`): only what that person may change is offered, in
//! the footer and the help, and a key or form that would be refused does not open.

use crate::support;

use covalue::domain::*;
use covalue::tui::app::{App, Screen};
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::workshop::Workshop;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::*;

fn alone_as(name: &str) -> App {
    alone_in(template_session(), name)
}

/// `session` opened to rate alone as `name`.
fn alone_in(session: Session, name: &str) -> App {
    let mut w = Workshop::new(session, "s.ron", None);
    w.rate_alone(name).unwrap();
    App::new(
        Screen::Workshop(Box::new(w)),
        Theme::new(ThemeKind::Default),
        80,
        24,
    )
}

fn footer(app: &App) -> String {
    screen(app, 80, 24).lines().last().unwrap().to_string()
}

#[test]
fn a_unique_part_of_a_name_rates_alone_as_that_person() {
    let app = alone_as("priya");
    assert_eq!(w(&app).rater(), "Priya Raman");
    assert!(w(&app).alone());
}

#[test]
fn rating_alone_setup_and_summary_offer_no_form_and_open_none() {
    let mut app = alone_as("Priya");
    let hints = footer(&app);
    assert!(!hints.contains("edit") && !hints.contains("add"), "{hints}");
    for key in ["e", "<enter>", "a"] {
        keys(&mut app, &[key]);
        assert!(w(&app).form().is_none(), "{key} opened a form on Setup");
        let said = w(&app).message().unwrap_or_default().to_string();
        assert!(said.contains("Rating alone as Priya Raman"), "{said}");
    }
    keys(&mut app, &["j", "j", "j", "j", "j", "d"]);
    assert_eq!(
        w(&app).session().participants,
        template_session().participants
    );
    summary_step(&mut app);
    let hints = footer(&app);
    assert!(!hints.contains("edit"), "{hints}");
    keys(&mut app, &["e"]);
    assert!(w(&app).form().is_none(), "the closing answers opened");
}

#[test]
fn rating_alone_an_item_edits_only_its_note_and_nothing_is_deleted() {
    let mut app = alone_as("Priya");
    keys(&mut app, &["]", "]"]);
    let hints = footer(&app);
    assert!(!hints.contains("del"), "{hints}");
    keys(&mut app, &["d"]);
    let benefits = template_session().benefits.len();
    assert_eq!(w(&app).session().benefits.len(), benefits);
    assert!(
        w(&app)
            .message()
            .is_some_and(|m| m.contains("you can change only your own ratings")),
        "{:?}",
        w(&app).message()
    );
    // At 80 columns the whole sentence would lose its end, the reason: a shorter form says
    // it first.
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Not deleting an item: you can change only your own ratings"),
        "{shown}"
    );
    keys(&mut app, &["e"]);
    let form = &w(&app).form().expect("the note opens").form;
    assert_eq!(form.fields.len(), 1, "only the note: {}", form.title);
    keys(&mut app, &["Said twice", "<enter>"]);
    assert!(w(&app).form().is_none());
    let text = &w(&app).session().benefits[0].text;
    assert_eq!(
        w(&app).session().note(Step::Benefits, text),
        Some("Said twice")
    );
    assert!(
        !w(&app)
            .message()
            .is_some_and(|m| m.contains("you can change only")),
        "{:?}",
        w(&app).message()
    );
}

#[test]
fn rating_alone_agreements_offer_adding_but_not_editing_or_the_status() {
    let mut app = alone_as("Priya");
    app.key(KeyEvent::new(KeyCode::Char('9'), KeyModifiers::ALT));
    let s = w(&app).session().clone();
    assert_eq!(w(&app).step(), Step::Agreements);
    let hints = footer(&app);
    assert!(
        !hints.contains("edit") && !hints.contains("Space"),
        "{hints}"
    );
    assert!(hints.contains("add"), "{hints}");
    keys(&mut app, &[" ", "e"]);
    assert!(w(&app).form().is_none());
    assert_eq!(w(&app).session().agreements, s.agreements);
    // A new agreement is theirs; naming the item it resolves would change the session's.
    keys(&mut app, &["a"]);
    let form = &w(&app).form().expect("adding opens").form;
    assert!(
        form.fields.iter().all(|f| f.label != "Resolves"),
        "{:?}",
        form.fields.iter().map(|f| f.label).collect::<Vec<_>>()
    );
    keys(&mut app, &["Call the desk weekly", "<enter>"]);
    assert_eq!(w(&app).session().agreements.len(), s.agreements.len() + 1);
}

#[test]
fn rating_alone_the_help_lists_no_key_that_would_be_refused() {
    let mut app = alone_as("Priya");
    keys(&mut app, &["]", "]", "?"]);
    let help = screen(&app, 120, 40);
    for gone in [
        "delete the item",
        "switch whose turn",
        "blind rating on or off",
        "reveal hidden ratings",
        "agreement done/dropped",
    ] {
        assert!(!help.contains(gone), "{gone}:\n{help}");
    }
    assert!(help.contains("rate (1 low"), "{help}");
}

/// Issue 15: rating alone, Esc saves and quits covalue instead of opening the session list,
/// where Enter would open any session with the facilitator's rights; the help says so.
#[test]
fn rating_alone_esc_saves_and_quits_and_never_opens_the_session_list() {
    use covalue::tui::action::Effect;
    let mut app = alone_as("Priya");
    keys(&mut app, &["?"]);
    let help = screen(&app, 120, 40);
    assert!(!help.contains("back to the session list"), "{help}");
    assert!(help.contains("Esc or q saves and quits"), "{help}");
    keys(&mut app, &["<esc>"]);
    let effects = keys(&mut app, &["<esc>"]);
    assert!(app.browser().is_none());
    assert!(effects.contains(&Effect::Quit), "{effects:?}");
    assert!(!effects.contains(&Effect::Close), "{effects:?}");
    // With the step timer running it does not ask to leave "for the list" either.
    let mut app = alone_as("Priya");
    keys(&mut app, &["]", "t"]);
    assert!(w(&app).timer().is_some());
    let effects = keys(&mut app, &["<esc>"]);
    assert!(effects.contains(&Effect::Quit), "{effects:?}");
}

/// Issue 15: rating alone, Setup's pane does not offer editing, adding or removing people,
/// which would be refused; the facilitator's pane still does.
#[test]
fn rating_alone_the_setup_pane_offers_no_edit_add_or_remove() {
    let offer = "adds a person";
    let text = screen(&alone_as("Priya"), 80, 24);
    assert!(
        !text.contains(offer) && !text.contains("removes one") && !text.contains("edits"),
        "{text}"
    );
    let text = screen(&workshop_app(template_session()), 80, 24);
    assert!(text.contains(offer), "{text}");
}

/// Bug: after a reveal, rating alone refused every change to one's own rating ("it was
/// revealed"): blind rating hides the re-rated item again, and that counted as a reveal.
#[test]
fn rating_alone_changes_ones_own_rating_on_a_revealed_item() {
    let mut s = template_session();
    s.blind = true;
    let priya = s
        .participants
        .iter()
        .find(|p| p.name == "Priya Raman")
        .unwrap();
    let side = priya.role.side().unwrap();
    s.rate_as(Dimension::Benefits, 0, side, "Priya Raman", Rating::new(2));
    s.benefits[0].rating.revealed = true;
    let mut app = alone_in(s, "Priya");
    keys(&mut app, &["]", "]", "4"]);
    assert!(
        !w(&app)
            .message()
            .is_some_and(|m| m.contains("you can change only")),
        "{:?}",
        w(&app).message()
    );
    let rating = &w(&app).session().benefits[0].rating;
    assert_eq!(rating.by(side, "Priya Raman"), Rating::new(4));
    assert!(!rating.revealed, "hidden again until the room reveals it");
    // Undo puts the item back as it was, revealed, and redo does the rating again: both only
    // revisit changes that were allowed (a second read found undo refused as a reveal).
    keys(&mut app, &["u"]);
    let rating = &w(&app).session().benefits[0].rating;
    assert_eq!(rating.by(side, "Priya Raman"), Rating::new(2));
    assert!(rating.revealed);
    keys(&mut app, &["<c-r>"]);
    assert_eq!(
        w(&app).session().benefits[0].rating.by(side, "Priya Raman"),
        Rating::new(4)
    );
    assert!(
        !w(&app)
            .message()
            .is_some_and(|m| m.contains("you can change only")),
        "{:?}",
        w(&app).message()
    );
}

/// Bug (older than the one above): undoing an item one had just added while rating alone was
/// refused as a deletion of someone else's item.
#[test]
fn rating_alone_an_added_item_can_be_undone() {
    let mut app = alone_as("Priya");
    let benefits = template_session().benefits.len();
    keys(
        &mut app,
        &["]", "]", "a", "Fewer calls at night", "<enter>"],
    );
    assert_eq!(w(&app).session().benefits.len(), benefits + 1);
    keys(&mut app, &["u"]);
    assert_eq!(
        w(&app).session().benefits.len(),
        benefits,
        "{:?}",
        w(&app).message()
    );
}

/// Bug: rating alone, the Summary offered `r` to reveal the hidden ratings, a key that is
/// refused there; only the facilitator reveals, after merging.
#[test]
fn rating_alone_the_summary_offers_no_reveal_key() {
    let mut s = blind_session();
    s.rate_as(
        Dimension::Benefits,
        0,
        Side::Provider,
        "Sam Okafor",
        Rating::new(4),
    );
    let mut app = alone_in(s, "Priya");
    summary_step(&mut app);
    let shown = screen(&app, 80, 24);
    assert!(
        !shown.contains("· r reveals") && !shown.contains("(r)"),
        "{shown}"
    );
    assert!(shown.contains("the facilitator reveals"), "{shown}");
}
