//! The too-small notice over an open form (a trial's find): a projector switch that shrinks the
//! terminal for a moment must not lose the words typed meanwhile, nor quit at a `q` in them.

use crate::support;

use covalue::tui::action::Effect;
use covalue::tui::app::App;
use crossterm::event::Event;
use support::*;

/// A new benefit's form on the Benefits step with `words` typed, at 80×24.
fn benefit_form(words: &str) -> App {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "a", words]);
    assert!(w(&app).form().is_some());
    app
}

#[test]
fn words_typed_while_the_terminal_is_too_small_go_into_the_open_form() {
    let mut app = benefit_form("A long benefit");
    app.handle(Event::Resize(40, 10));
    assert!(screen(&app, 40, 10).contains("terminal too small"));
    assert!(keys(&mut app, &[" more"]).is_empty());
    app.handle(Event::Resize(80, 24));
    let text = screen(&app, 80, 24);
    assert!(text.contains("A long benefit more"), "{text}");
    // A `q` in the words is a letter, not the notice's quit.
    app.handle(Event::Resize(40, 10));
    assert!(keys(&mut app, &[" quick"]).is_empty(), "a q in a form quit");
    app.handle(Event::Resize(80, 24));
    keys(&mut app, &["<enter>"]);
    let benefits = &w(&app).session().benefits;
    assert!(
        benefits
            .iter()
            .any(|b| b.text == "A long benefit more quick"),
        "{:?}",
        benefits.iter().map(|b| &b.text).collect::<Vec<_>>()
    );
}

#[test]
fn the_notice_over_a_form_says_typing_goes_on_and_how_to_leave() {
    let mut app = benefit_form("Faster");
    app.handle(Event::Resize(40, 10));
    let text = screen(&app, 40, 10);
    assert!(text.contains("open form"), "{text}");
    assert!(text.contains("Esc closes it, then q"), "{text}");
    // Esc asks about the typed words, as at full size; yes throws them away; then q quits.
    assert!(keys(&mut app, &["q", "<esc>", "y"]).is_empty());
    assert!(w(&app).form().is_none());
    let text = screen(&app, 40, 10);
    assert!(
        text.contains("q quits") && !text.contains("open form"),
        "{text}"
    );
    assert_eq!(keys(&mut app, &["q"]), [Effect::Quit]);
}

#[test]
fn ctrl_c_at_the_notice_over_a_form_keeps_the_words_and_quits() {
    let mut app = benefit_form("Faster fixes");
    app.handle(Event::Resize(40, 10));
    assert_eq!(keys(&mut app, &["<c-c>"]), [Effect::Quit]);
    assert!(
        w(&app)
            .session()
            .benefits
            .iter()
            .any(|b| b.text == "Faster fixes")
    );
}

/// Found by a trial over SSH: while serving, one `q` on the too-small notice ended the
/// workshop for every participant, where at full size `q` asks first.
#[test]
fn ending_a_served_workshop_from_the_notice_is_asked_first() {
    let mut app = workshop_app(template_session());
    app.set_serving(true);
    app.handle(Event::Resize(60, 15));
    assert!(keys(&mut app, &["q"]).is_empty(), "q ended the workshop");
    let text = screen(&app, 60, 15);
    assert!(text.contains("End the workshop for everyone"), "{text}");
    assert!(text.contains("y ends it"), "{text}");
    // Any other key goes back to the plain notice; Ctrl-C asks too; a yes ends it.
    assert!(keys(&mut app, &["n"]).is_empty());
    assert!(!screen(&app, 60, 15).contains("End the workshop"));
    assert!(
        keys(&mut app, &["<c-c>"]).is_empty(),
        "Ctrl-C ended the workshop"
    );
    assert_eq!(keys(&mut app, &["y"]), [Effect::Quit]);
    // A question asked at full size is answered on the notice, as it shows it.
    app.handle(Event::Resize(80, 24));
    assert!(keys(&mut app, &["q"]).is_empty());
    app.handle(Event::Resize(60, 15));
    assert!(screen(&app, 60, 15).contains("End the workshop"));
    assert_eq!(keys(&mut app, &["y"]), [Effect::Quit]);
    // Not serving, the notice's q quits at once, as before.
    let mut alone = workshop_app(template_session());
    alone.handle(Event::Resize(60, 15));
    assert_eq!(keys(&mut alone, &["q"]), [Effect::Quit]);
}
