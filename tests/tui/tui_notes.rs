//! Recording the discussion (issue 8.3, TUI side): a note on a rated item, edited in its form,
//! shown in the detail pane and the discuss-next table; one key back to the Summary after a jump.

use crate::support;

use covalue::domain::*;
use support::*;

#[test]
fn a_note_is_edited_in_the_items_form_and_shown_beside_it() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "j", "e"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Note"), "{text}");
    // Text, Kind, Measure, Realisation, then the note.
    let fields = w(&app).form().unwrap().form.fields.len();
    for _ in 0..fields - 1 {
        keys(&mut app, &["<tab>"]);
    }
    keys(&mut app, &["Staff still phone Sam", "<enter>"]);
    let item = w(&app).session().benefits[1].text.clone();
    assert_eq!(
        w(&app).session().note(Step::Benefits, &item),
        Some("Staff still phone Sam")
    );
    let text = screen(&app, 80, 24);
    assert!(text.contains("Note: Staff still phone Sam"), "{text}");

    // Renaming the item keeps its note.
    keys(
        &mut app,
        &["e", "<c-u>", "Staff know where to go", "<enter>"],
    );
    assert_eq!(
        w(&app)
            .session()
            .note(Step::Benefits, "Staff know where to go"),
        Some("Staff still phone Sam")
    );

    // The discuss-next table shows it, and a jump comes back with one key.
    summary_step(&mut app);
    app.handle(crossterm::event::Event::Resize(250, 50));
    let text = screen(&app, 250, 50);
    assert!(text.contains("— Staff still phone Sam"), "{text}");
    keys(&mut app, &["j", "<enter>"]);
    assert_eq!(w(&app).step(), Step::Usefulness);
    assert!(screen(&app, 160, 50).contains("⌫ summary"));
    app.key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Backspace,
        crossterm::event::KeyModifiers::NONE,
    ));
    assert_eq!(w(&app).step(), Step::Summary);
    assert_eq!(w(&app).selection(), 1, "back on the row it jumped from");
}

#[test]
fn an_agreement_names_the_item_it_resolves_and_the_item_shows_it() {
    let mut app = workshop_app(template_session());
    let alt = |c: char| {
        crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::ALT,
        )
    };
    app.key(alt('9'));
    assert_eq!(w(&app).step(), Step::Agreements);
    keys(&mut app, &["a", "Publish the escalation number"]);
    let fields = w(&app).form().unwrap().form.fields.len();
    for _ in 0..fields - 1 {
        keys(&mut app, &["<tab>"]);
    }
    // The first rated item is the first benefit.
    keys(&mut app, &["<right>", "<enter>"]);
    let s = &w(&app).session();
    let first = s.benefits[0].text.clone();
    let a = s.agreements.last().unwrap();
    assert_eq!(s.resolves(a), Some((Step::Benefits, first.as_str())));
    let text = screen(&app, 120, 40);
    assert!(text.contains("Resolves: Benefits — "), "{text}");
    app.key(alt('3'));
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Resolved by: Publish the escalation number"),
        "{text}"
    );
}

#[test]
fn the_resolves_picker_finds_an_item_by_part_of_its_text() {
    let mut app = workshop_app(template_session());
    app.key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('9'),
        crossterm::event::KeyModifiers::ALT,
    ));
    keys(&mut app, &["a", "Publish the escalation number"]);
    let fields = w(&app).form().unwrap().form.fields.len();
    for _ in 0..fields - 1 {
        keys(&mut app, &["<tab>"]);
    }
    let wanted = w(&app).session().risks[1].text.clone();
    assert!(wanted.contains("failing backup"), "{wanted}");
    // Letters that move a short choice (h, l, space) are part of what is typed here.
    keys(&mut app, &["FAILING bx"]);
    app.key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Backspace,
        crossterm::event::KeyModifiers::NONE,
    ));
    keys(&mut app, &["ack"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Risks: Nobody notices a fail"), "{text}");
    assert!(
        text.contains("FAILING back"),
        "what was typed shows: {text}"
    );
    keys(&mut app, &["<enter>"]);
    let s = &w(&app).session();
    let a = s.agreements.last().unwrap();
    assert_eq!(s.resolves(a), Some((Step::Risks, wanted.as_str())));
}

#[test]
fn two_items_with_the_same_words_keep_their_own_note_in_the_form_and_the_detail_pane() {
    let mut session = template_session();
    let mut twin = session.benefits[1].clone();
    twin.id = String::new();
    session.benefits.insert(2, twin);
    session.ensure_ids();
    let mut app = workshop_app(session);
    // The second item, then its twin below it: each gets its own note.
    keys(&mut app, &["]", "]", "j", "e"]);
    let fields = w(&app).form().unwrap().form.fields.len();
    let tabs = vec!["<tab>"; fields - 1];
    keys(&mut app, &tabs);
    keys(&mut app, &["The first one", "<enter>", "j", "e"]);
    keys(&mut app, &tabs);
    keys(&mut app, &["The twin", "<enter>"]);
    let s = w(&app).session();
    assert_eq!(s.benefits[1].text, s.benefits[2].text);
    assert_eq!(s.note_on(&s.benefits[1].id), Some("The first one"));
    assert_eq!(s.note_on(&s.benefits[2].id), Some("The twin"));
    let text = screen(&app, 80, 24);
    assert!(text.contains("Note: The twin"), "{text}");
    keys(&mut app, &["k"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Note: The first one"), "{text}");
}

/// Found trying the one item shape as a new user: a form that changed only the item's note
/// showed the note but counted no change, so nothing saved it (the file kept the old note after
/// Ctrl-S and quitting) and `u` undid something else. The note is now a change like any other:
/// saved, and undone with the item.
#[test]
fn an_edit_of_only_the_note_is_saved_and_undone() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "j", "e"]);
    let fields = w(&app).form().unwrap().form.fields.len();
    for _ in 0..fields - 1 {
        keys(&mut app, &["<tab>"]);
    }
    let revision = app.revision();
    keys(&mut app, &["Staff still phone Sam", "<enter>"]);
    let item = w(&app).session().benefits[1].text.clone();
    let note = |app: &covalue::tui::app::App| {
        w(app)
            .session()
            .note(Step::Benefits, &item)
            .map(str::to_string)
    };
    assert_eq!(note(&app).as_deref(), Some("Staff still phone Sam"));
    assert_ne!(
        app.revision(),
        revision,
        "a changed note is a change to save"
    );
    keys(&mut app, &["u"]);
    assert_eq!(note(&app), None, "undo takes the note back");
    keys(&mut app, &["<c-r>"]);
    assert_eq!(note(&app).as_deref(), Some("Staff still phone Sam"));
}
