//! The footer never offers a key that does nothing: on every screen and layer, in many states,
//! each hint shown is pressed and must change what is on screen or ask for an effect.

use crate::support;

use covalue::domain::*;
use covalue::tui::app::App;
use covalue::tui::workshop::Workshop;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::*;

/// The screen without its status line's message, so a refusal ("Nothing to rate here") does not
/// count as doing something.
fn quiet_screen(app: &App) -> String {
    let mut app = app.clone();
    app.clear_message();
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    app.draw(&mut terminal).unwrap();
    // With styles, so a move of the focus or the highlight counts.
    format!("{:?}", terminal.backend().buffer())
}

/// Presses every hint `app` shows and checks that each does something. A screen given here
/// must show hints, and the footer must show at least the first of them: a screen with none
/// would otherwise pass with nothing checked.
fn every_hint_works(name: &str, app: &App) -> usize {
    let before = quiet_screen(app);
    let hints = app.hints();
    assert!(
        !hints.is_empty(),
        "{name}: the screen shows no hints at all"
    );
    let drawn = screen(app, app.width, app.height);
    let first = &hints[0];
    assert!(
        drawn.contains(&format!("{} {}", first.keys, first.word)),
        "{name}: the footer does not show its first hint `{} {}`:\n{drawn}",
        first.keys,
        first.word
    );
    for hint in &hints {
        let mut pressed = app.clone();
        let effects = pressed.key(hint.event());
        let changed = quiet_screen(&pressed) != before;
        assert!(
            !effects.is_empty() || changed,
            "{name}: the hint `{} {}` does nothing",
            hint.keys,
            hint.word
        );
    }
    hints.len()
}

/// The app at every step of `session`, also with the selection on the last row.
fn walk_steps(name: &str, app: App, sizes: &[(u16, u16)]) -> usize {
    let mut checked = 0;
    for &(width, height) in sizes {
        let mut app = app.clone();
        app.handle(crossterm::event::Event::Resize(width, height));
        for step in Step::ALL {
            let label = format!("{name} {} {width}×{height}", step.title());
            checked += every_hint_works(&label, &app);
            let mut last = app.clone();
            keys(&mut last, &["G"]);
            checked += every_hint_works(&format!("{label} (last row)"), &last);
            keys(&mut app, &["]"]);
        }
    }
    checked
}

const SIZES: &[(u16, u16)] = &[(80, 24), (160, 50)];

#[test]
fn every_hint_on_every_step_does_something() {
    let mut checked = walk_steps("template", workshop_app(template_session()), SIZES);

    let blank = Session::new("blank001", "Blank", Timestamp::from_unix(0));
    checked += walk_steps("blank", workshop_app(blank.clone()), SIZES);

    let mut alone = template_session();
    alone.mode = Mode::ConsumerSelfAssessment;
    checked += walk_steps("self-assessment", workshop_app(alone), SIZES);

    checked += walk_steps("blind", workshop_app(blind_session()), SIZES);

    // The room's view while serving: no rating key, no turn and no way back is offered.
    for (name, session) in [
        ("serving", template_session()),
        ("serving blind", blind_session()),
    ] {
        let mut serving = workshop_app(session);
        serving.set_serving(true);
        checked += walk_steps(name, serving, SIZES);
    }

    let review = Workshop::new(
        template_session(),
        "x.ron",
        Some("opened for review".into()),
    );
    let review = covalue::tui::app::App::new(
        covalue::tui::app::Screen::Workshop(Box::new(review)),
        covalue::tui::theme::Theme::new(covalue::tui::theme::ThemeKind::Default),
        80,
        24,
    );
    checked += walk_steps("read-only", review, SIZES);

    // After an edit, undo is offered; after an undo, redo.
    let mut edited = workshop_app(template_session());
    keys(&mut edited, &["]", "]", "d"]);
    checked += every_hint_works("after a delete", &edited);
    keys(&mut edited, &["u"]);
    checked += every_hint_works("after an undo", &edited);
    assert!(checked > 300, "only {checked} hints checked");
}

#[test]
fn every_hint_in_forms_and_popups_does_something() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["<enter>"]);
    every_hint_works("details form", &app);
    keys(&mut app, &["<esc>", "G", "<enter>"]);
    every_hint_works("participant form", &app);
    keys(&mut app, &["<esc>", "]", "]", "a"]);
    every_hint_works("new benefit form", &app);
    keys(&mut app, &["typed", "<esc>"]);
    assert!(
        app.hints().is_empty(),
        "the screen's own keys do not act under the discard question (its footer shows the question's, question_hints)"
    );
    keys(&mut app, &["n"]);
    every_hint_works("benefit form with text", &app);
    keys(&mut app, &["<esc>", "y", "?"]);
    assert!(app.hints().is_empty(), "the help shows no footer keys");
}

#[test]
fn every_hint_in_the_browser_and_its_prompts_does_something() {
    let app = browser_app(Vec::new());
    every_hint_works("empty browser", &app);
    let mut app = browser_app(sample_entries());
    every_hint_works("browser", &app);
    keys(&mut app, &["/"]);
    every_hint_works("filter", &app);
    keys(&mut app, &["<esc>", "d"]);
    every_hint_works("delete confirmation", &app);
    keys(&mut app, &["n", "n"]);
    every_hint_works("new session: pick", &app);
    keys(&mut app, &["<enter>"]);
    every_hint_works("new session: title", &app);
}

/// The help's key lists read column by column (left, then right), in one line of words.
fn help_words(screen: &str) -> String {
    let rows: Vec<Vec<char>> = screen
        .lines()
        .map(|l| l.trim_matches('"').chars().collect())
        .filter(|r: &Vec<char>| r.first() == Some(&'│'))
        .collect();
    let mut text = String::new();
    for range in [1..39, 40..78] {
        for row in &rows {
            text.extend(row[range.clone()].iter());
            text.push(' ');
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_help_at_80x24_cuts_no_description() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "?"]);
    let mut workshop = help_words(&screen(&app, 80, 24));
    // A step's own keys are listed on that step only: an agreement's status on Agreements,
    // a conflict's sides on Setup.
    for step in ['9', '1'] {
        let mut app = workshop_app(template_session());
        app.key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(step),
            crossterm::event::KeyModifiers::ALT,
        ));
        keys(&mut app, &["?"]);
        workshop = format!("{workshop} {}", help_words(&screen(&app, 80, 24)));
    }
    let mut app = workshop_app(template_session());
    summary_step(&mut app);
    keys(&mut app, &["?"]);
    let summary = help_words(&screen(&app, 80, 24));
    for (context, shown) in [
        (covalue::tui::keymap::Context::Workshop, &workshop),
        (covalue::tui::keymap::Context::Summary, &summary),
    ] {
        for (_, what) in covalue::tui::keymap::help(context) {
            assert!(
                shown.contains(what),
                "{context:?}: `{what}` cut in:\n{shown}"
            );
        }
        // Keys too many for their column read as a range.
        assert!(shown.contains("Alt-1…0 go to a step"), "{shown}");
    }
}

/// Found by a new user: the help listed every step's own keys on every step (Space for an
/// agreement's status on Risks, the rating keys on Agreements).
#[test]
fn the_help_lists_a_steps_own_keys_on_that_step_only() {
    let help_on = |step: char| {
        let mut app = workshop_app(template_session());
        app.key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(step),
            crossterm::event::KeyModifiers::ALT,
        ));
        keys(&mut app, &["?"]);
        help_words(&screen(&app, 120, 40))
    };
    let (setup, risks, agreements) = (help_on('1'), help_on('8'), help_on('9'));
    assert!(risks.contains("rate (1 low … 5 high)"), "{risks}");
    assert!(!risks.contains("agreement done/dropped/open"), "{risks}");
    assert!(!risks.contains("conflict: keep ours"), "{risks}");
    assert!(
        agreements.contains("agreement done/dropped/open"),
        "{agreements}"
    );
    assert!(!agreements.contains("rate (1 low"), "{agreements}");
    assert!(
        !agreements.contains("reveal hidden ratings"),
        "{agreements}"
    );
    assert!(risks.contains("reveal hidden ratings"), "{risks}");
    assert!(setup.contains("conflict: keep ours"), "{setup}");
    // Passing the turn works on every step, so it is listed on every step.
    for help in [&setup, &risks, &agreements] {
        assert!(help.contains("switch whose turn it is"), "{help}");
    }
}

/// The bottom row of `app` drawn at 80×24: the footer's keys.
fn footer_keys(app: &App) -> String {
    let text = screen(app, 80, 24);
    text.lines().last().unwrap_or_default().to_string()
}

#[test]
fn a_question_over_the_session_shows_its_own_keys_in_the_footer() {
    use covalue::tui::app::Popup;
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "a", "typed"]);
    assert!(footer_keys(&app).contains("Tab field"));
    keys(&mut app, &["<esc>"]);
    assert_eq!(app.popup, Some(Popup::ConfirmDiscard));
    let footer = footer_keys(&app);
    assert!(
        footer.contains("y yes") && footer.contains("n no"),
        "{footer}"
    );
    assert!(
        !footer.contains("Tab") && !footer.contains("Esc"),
        "{footer}"
    );
    // Each does what the footer says: n goes back to the form, y throws it away.
    let mut no = app.clone();
    keys(&mut no, &["n"]);
    assert!(no.popup.is_none() && w(&no).form().is_some());
    keys(&mut app, &["y"]);
    assert!(w(&app).form().is_none());
    assert!(footer_keys(&app).contains("a add"), "{}", footer_keys(&app));
    // Ending a served workshop asks too.
    app.set_serving(true);
    keys(&mut app, &["q"]);
    assert_eq!(app.popup, Some(Popup::ConfirmEnd));
    let footer = footer_keys(&app);
    assert!(
        footer.contains("y yes") && footer.contains("n no"),
        "{footer}"
    );
}
