//! The workshop driven by key events: every key of the keys table, forms, undo, rating,
//! read-only sessions, and the too-small guard.

use crate::support;

use covalue::domain::*;
use covalue::tui::action::Effect;
use covalue::tui::app::{App, Popup, Screen};
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::workshop::Workshop;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use support::*;

#[test]
fn steps_move_with_brackets_and_arrows_and_stop_at_the_ends() {
    let mut app = workshop_app(template_session());
    assert_eq!(w(&app).step(), Step::Setup);
    keys(&mut app, &["["]);
    assert_eq!(w(&app).step(), Step::Setup);
    assert!(w(&app).message().unwrap().contains("first step"));
    keys(&mut app, &["]", "<right>"]);
    assert_eq!(w(&app).step(), Step::Benefits);
    keys(&mut app, &["<left>"]);
    assert_eq!(w(&app).step(), Step::Context);
    for _ in 0..12 {
        keys(&mut app, &["]"]);
    }
    assert_eq!(w(&app).step(), Step::Summary);
}

#[test]
fn moving_in_a_list_with_arrows_vim_keys_top_and_bottom() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]"]);
    keys(&mut app, &["j", "<down>"]);
    assert_eq!(w(&app).selection(), 2);
    keys(&mut app, &["k"]);
    assert_eq!(w(&app).selection(), 1);
    keys(&mut app, &["G"]);
    assert_eq!(w(&app).selection(), 3);
    keys(&mut app, &["j"]);
    assert_eq!(
        w(&app).selection(),
        3,
        "the selection stays on the last item"
    );
    keys(&mut app, &["g"]);
    assert_eq!(w(&app).selection(), 0);
    keys(&mut app, &["<up>"]);
    assert_eq!(w(&app).selection(), 0);
}

#[test]
fn a_then_text_then_enter_adds_the_item_and_selects_it() {
    let mut app = workshop_app(template_session());
    keys(
        &mut app,
        &["]", "]", "a", "Faster fixes — 更快的修复", "<enter>"],
    );
    let ws = w(&app);
    assert!(ws.form().is_none());
    assert_eq!(ws.session().benefits.len(), 5);
    assert_eq!(ws.session().benefits[4].text, "Faster fixes — 更快的修复");
    assert_eq!(
        ws.session().benefits[4].benefit().kind,
        BenefitKind::Tangible,
        "other fields have defaults"
    );
    assert_eq!(ws.selection(), 4);
    assert!(ws.dirty());
}

#[test]
fn a_form_keeps_typed_q_and_brackets_as_text() {
    let mut app = workshop_app(template_session());
    let effects = keys(
        &mut app,
        &["]", "]", "a", "q", "[", "]", "<left>", "<enter>"],
    );
    assert!(effects.is_empty(), "q in a form does not quit: {effects:?}");
    assert_eq!(w(&app).session().benefits[4].text, "q[]");
    assert_eq!(w(&app).step(), Step::Benefits);
}

#[test]
fn paste_goes_into_the_field_being_edited() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "a"]);
    let effects = app.handle(Event::Paste("quit q\u{1b}[2J now".into()));
    assert!(effects.is_empty());
    keys(&mut app, &["<enter>"]);
    assert_eq!(w(&app).session().benefits[4].text, "quit q[2J now");
}

#[test]
fn enter_and_e_edit_and_tab_moves_between_fields() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "]", "]", "]", "]", "]"]);
    assert_eq!(w(&app).step(), Step::Risks);
    keys(
        &mut app,
        &[
            "e", "<tab>", "<right>", "<tab>", "5", "<tab>", "<s-tab>", "<s-tab>", "<s-tab>",
            " more", "<enter>",
        ],
    );
    let r = &w(&app).session().risks[0];
    assert_eq!(
        r.text,
        "A laptop fault stops a salesperson for a whole day more"
    );
    assert_eq!(r.risk().effect, RiskEffect::Introduced);
    assert_eq!(r.risk().likelihood.get(), 5);
    assert_eq!(
        r.rating,
        template_session().risks[0].rating,
        "editing keeps the ratings"
    );
    keys(&mut app, &["<enter>", "<esc>"]);
    assert!(
        w(&app).form().is_none(),
        "Esc on an unchanged form closes it"
    );
}

#[test]
fn escape_on_a_changed_form_asks_first() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "e", "!", "<esc>"]);
    assert_eq!(app.popup, Some(Popup::ConfirmDiscard));
    keys(&mut app, &["n"]);
    assert!(
        w(&app).form().is_some(),
        "any key but y goes back to the form"
    );
    keys(&mut app, &["<esc>", "y"]);
    assert!(w(&app).form().is_none());
    assert_eq!(
        w(&app).session().benefits[0].text,
        "Less time lost when laptops or email stop working"
    );
}

#[test]
fn an_empty_text_is_refused_with_a_message() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "a", "<enter>"]);
    let form = &w(&app).form().unwrap().form;
    assert!(form.error.as_deref().unwrap().contains("Write some text"));
    assert_eq!(w(&app).session().benefits.len(), 4);
}

#[test]
fn a_bad_due_date_is_explained_and_the_form_stays_open() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["[", "]", "]", "]", "]", "]", "]", "]", "]"]);
    assert_eq!(w(&app).step(), Step::Agreements);
    keys(
        &mut app,
        &[
            "a",
            "Send the report",
            "<tab>",
            "<tab>",
            "<tab>",
            "next friday",
            "<enter>",
        ],
    );
    let form = &w(&app).form().unwrap().form;
    assert!(
        form.error.as_deref().unwrap().contains("is not a date"),
        "{:?}",
        form.error
    );
}

#[test]
fn delete_undo_and_redo() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "j", "d"]);
    assert_eq!(w(&app).session().benefits.len(), 3);
    assert!(
        w(&app)
            .message()
            .unwrap()
            .starts_with("Deleted “Staff know where to go")
    );
    keys(&mut app, &["u"]);
    assert_eq!(w(&app).session().benefits.len(), 4);
    assert_eq!(
        w(&app).session().benefits[1].text,
        "Staff know where to go when something breaks"
    );
    keys(&mut app, &["<c-r>"]);
    assert_eq!(w(&app).session().benefits.len(), 3);
    keys(&mut app, &["<del>"]);
    assert_eq!(w(&app).session().benefits.len(), 2);
    keys(&mut app, &["u", "u"]);
    assert_eq!(w(&app).session().benefits.len(), 4);
    keys(&mut app, &["u"]);
    assert_eq!(w(&app).message(), Some("Nothing to undo."));
}

#[test]
fn number_keys_rate_for_the_side_whose_turn_it_is() {
    let mut session = template_session();
    session.benefits[0].rating = Ratings::default();
    let mut app = workshop_app(session);
    // The template names one person per side; the number keys rate as whoever's turn it is.
    let rated = |provider: Option<Rating>, consumer: Option<Rating>| {
        let mut r = Ratings::default();
        r.set_by(Side::Provider, "Sam Okafor", provider);
        r.set_by(Side::Consumer, "Priya Raman", consumer);
        r
    };
    keys(&mut app, &["]", "]"]);
    assert_eq!(
        w(&app).turn(),
        Side::Provider,
        "a workshop starts with the provider's turn"
    );
    keys(&mut app, &["4"]);
    assert_eq!(
        w(&app).session().benefits[0].rating,
        rated(Rating::new(4), None)
    );
    keys(&mut app, &["<tab>", "2"]);
    assert_eq!(w(&app).turn(), Side::Consumer);
    assert_eq!(
        w(&app).session().benefits[0].rating,
        rated(Rating::new(4), Rating::new(2))
    );
    assert_eq!(
        w(&app)
            .summary()
            .dimension(Dimension::Benefits)
            .rated_consumer,
        4,
        "the summary follows at once"
    );
    keys(&mut app, &["0"]);
    assert_eq!(
        w(&app).session().benefits[0].rating,
        rated(Rating::new(4), None)
    );
    keys(&mut app, &["u"]);
    assert_eq!(
        w(&app).session().benefits[0]
            .rating
            .by(Side::Consumer, "Priya Raman"),
        Rating::new(2)
    );
    keys(&mut app, &["<tab>"]);
    assert_eq!(w(&app).turn(), Side::Provider);
}

#[test]
fn a_self_assessment_has_one_side_only() {
    let mut session = template_session();
    session.mode = Mode::ConsumerSelfAssessment;
    let mut app = workshop_app(session);
    assert_eq!(w(&app).turn(), Side::Consumer);
    keys(&mut app, &["]", "]", "<tab>"]);
    assert_eq!(w(&app).turn(), Side::Consumer);
    assert!(
        w(&app)
            .message()
            .unwrap()
            .contains("Only the consumer rates")
    );
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Cons") && !text.contains("Prov") && !text.contains("Gap"),
        "{text}"
    );
}

#[test]
fn rating_where_nothing_is_rated_says_so() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["3"]);
    assert!(
        w(&app)
            .message()
            .unwrap()
            .contains("Nothing to rate on Setup")
    );
    assert!(!w(&app).dirty());
}

#[test]
fn s_hides_the_summary_ctrl_s_saves_q_and_ctrl_c_quit() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["s"]);
    assert!(!w(&app).show_summary());
    assert!(!screen(&app, 80, 24).contains("Live summary"));
    keys(&mut app, &["s"]);
    assert!(screen(&app, 80, 24).contains("Live summary"));
    assert_eq!(keys(&mut app, &["<c-s>"]), [Effect::Save]);
    assert_eq!(keys(&mut app, &["q"]), [Effect::Quit]);
    assert_eq!(keys(&mut app, &["<c-c>"]), [Effect::Quit]);
    assert_eq!(keys(&mut app, &["<esc>"]), [Effect::Close]);
}

#[test]
fn ctrl_c_in_a_form_keeps_the_words_then_quits() {
    let mut app = workshop_app(template_session());
    let effects = keys(&mut app, &["]", "]", "a", "Half-typed idea", "<c-c>"]);
    assert_eq!(effects, [Effect::Quit]);
    assert_eq!(w(&app).session().benefits[4].text, "Half-typed idea");
}

#[test]
fn question_mark_opens_help_and_any_key_closes_it() {
    let mut app = workshop_app(template_session());
    // On a rated step, where passing the turn is one of the keys.
    keys(&mut app, &["]", "]", "?"]);
    assert!(matches!(app.popup, Some(Popup::Help(_))));
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("undo the last change") && text.contains("switch whose turn"),
        "{text}"
    );
    keys(&mut app, &["x"]);
    assert_eq!(app.popup, None);
}

#[test]
fn a_read_only_session_says_so_for_every_editing_key() {
    let w0 = Workshop::new(
        template_session(),
        "x.ron",
        Some("opened for review".into()),
    );
    let mut app = App::new(
        Screen::Workshop(Box::new(w0)),
        Theme::new(ThemeKind::Default),
        80,
        24,
    );
    keys(&mut app, &["]", "]"]);
    for k in ["a", "e", "<enter>", "d", "4", "0", "u", "<c-r>"] {
        keys(&mut app, &[k]);
        assert_eq!(
            w(&app).message(),
            Some("read-only: opened for review"),
            "{k}"
        );
        assert!(w(&app).form().is_none());
    }
    assert_eq!(w(&app).revision(), 0);
    assert!(screen(&app, 80, 24).contains("read-only"));
}

#[test]
fn setup_edits_details_and_participants() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["<enter>", "<end>"]);
    // The title field: clear it with Ctrl-U? It undoes; use backspaces instead.
    for _ in 0..30 {
        app.key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    }
    keys(
        &mut app,
        &[
            "Q4 review",
            "<tab>",
            "<tab>",
            "<tab>",
            "<right>",
            "<tab>",
            "1",
            "5",
            "<enter>",
        ],
    );
    let s = &w(&app).session();
    assert_eq!(s.title, "Q4 review");
    assert_eq!(s.mode, Mode::ProviderSelfAssessment);
    assert_eq!(s.timebox.get(&Step::Context), Some(&15));
    keys(&mut app, &["a", "Ana Lima", "<tab>", "<right>", "<enter>"]);
    let s = &w(&app).session();
    assert_eq!(
        s.participants.last().unwrap(),
        &Participant {
            name: "Ana Lima".into(),
            role: Role::Consumer,
            group: None,
        }
    );
    keys(&mut app, &["d"]);
    assert_eq!(w(&app).session().participants.len(), 3);
}

#[test]
fn summary_lists_discussions_and_enter_jumps_to_the_item() {
    let mut app = workshop_app(template_session());
    for _ in 0..9 {
        keys(&mut app, &["]"]);
    }
    assert_eq!(w(&app).step(), Step::Summary);
    keys(&mut app, &["j", "<enter>"]);
    assert_eq!(w(&app).step(), Step::Usefulness);
    assert_eq!(
        w(&app).session().usefulness[w(&app).selection()].text,
        "Out-of-hours cover for the night shift"
    );
    for _ in 0..9 {
        keys(&mut app, &["]"]);
    }
    keys(
        &mut app,
        &[
            "e",
            "<tab>",
            "<tab>",
            "<tab>",
            " Both sides agreed.",
            "<enter>",
        ],
    );
    assert!(
        w(&app)
            .session()
            .closing
            .perception
            .ends_with("Both sides agreed.")
    );
}

#[test]
fn key_releases_do_nothing() {
    let mut app = workshop_app(template_session());
    let mut release = KeyEvent::new(KeyCode::Char(']'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    app.handle(Event::Key(release));
    assert_eq!(w(&app).step(), Step::Setup);
}

#[test]
fn a_too_small_terminal_says_so_and_still_quits() {
    let mut app = workshop_app(template_session());
    app.handle(Event::Resize(60, 20));
    let text = screen(&app, 60, 20);
    assert!(text.contains("terminal too small (need 80×24)"), "{text}");
    assert!(keys(&mut app, &["]"]).is_empty());
    assert_eq!(w(&app).step(), Step::Setup);
    assert_eq!(keys(&mut app, &["q"]), [Effect::Quit]);
}

#[test]
fn control_characters_from_the_file_never_reach_the_screen() {
    let mut session = template_session();
    session.title = "Evil\u{1b}]0;owned\u{7}\u{1b}[2J".into();
    session.benefits[0].text = "x\u{9b}31m\u{202e}txt".into();
    let mut app = workshop_app(session);
    keys(&mut app, &["]", "]"]);
    for (width, height) in [(80, 24), (120, 40)] {
        let text = screen(&app, width, height);
        assert!(
            !text.contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}']),
            "{text}"
        );
    }
}

#[test]
fn rendering_into_tiny_areas_never_panics() {
    let mut app = workshop_app(template_session());
    // Every step, drawn into every small size (keys are refused while the terminal is too
    // small, so the steps are walked at 80×24 in between).
    for step in Step::ALL {
        for (width, height) in [(0, 0), (1, 1), (2, 1), (79, 23), (80, 24)] {
            app.handle(Event::Resize(width, height));
            let _ = screen(&app, width.max(1), height.max(1));
            let area = ratatui::layout::Rect::new(0, 0, width, height);
            let mut buf = ratatui::buffer::Buffer::empty(area);
            app.render(area, &mut buf);
        }
        assert_eq!(w(&app).step(), step);
        app.handle(Event::Resize(80, 24));
        keys(&mut app, &["]"]);
    }
}

#[test]
fn editing_a_usefulness_item_keeps_its_importance() {
    let mut session = template_session();
    session.usefulness[0].usefulness_mut().importance = Rating::new(4);
    let mut app = workshop_app(session);
    keys(&mut app, &["]", "]", "]"]);
    assert_eq!(w(&app).step(), Step::Usefulness);
    keys(&mut app, &["e", " (edited)", "<enter>"]);
    let item = &w(&app).session().usefulness[0];
    assert!(item.text.ends_with(" (edited)"), "{}", item.text);
    assert_eq!(
        item.usefulness().importance,
        Rating::new(4),
        "the form does not show it, so it must not clear it"
    );
}

#[test]
fn esc_asks_before_leaving_the_session_while_a_timer_runs() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "t"]);
    assert!(w(&app).timer().is_some());
    assert!(keys(&mut app, &["<esc>"]).is_empty(), "not left at once");
    let text = screen(&app, 80, 24);
    assert!(text.contains("The step timer is running"), "{text}");
    // Any other key stays, with the timer still running.
    assert!(keys(&mut app, &["n"]).is_empty());
    assert!(app.popup.is_none() && w(&app).timer().is_some());
    keys(&mut app, &["<esc>"]);
    assert_eq!(keys(&mut app, &["y"]), [Effect::Close]);
    assert!(w(&app).timer().is_none(), "the timer paused on the way out");
    // With no timer running, Esc leaves at once.
    let mut app = workshop_app(template_session());
    assert_eq!(keys(&mut app, &["<esc>"]), [Effect::Close]);
}

#[test]
fn a_form_at_80x24_leaves_no_stray_letters_beside_it() {
    let mut app = workshop_app(template_session());
    summary_step(&mut app);
    keys(&mut app, &["e"]);
    let text = screen(&app, 80, 24);
    let lines: Vec<Vec<char>> = text
        .lines()
        .map(|l| l.trim_matches('"').chars().collect())
        .collect();
    let top = lines
        .iter()
        .position(|l| l.iter().collect::<String>().contains("╭ Closing answers"))
        .expect(&text);
    let bottom = top + lines[top..].iter().position(|l| l.contains(&'╰')).unwrap();
    // Every row the form covers is blank from the screen's edges to the form's border.
    for row in &lines[top..=bottom] {
        let first = row.iter().position(|c| "╭│╰".contains(*c)).unwrap();
        let last = row.iter().rposition(|c| "╮│╯".contains(*c)).unwrap();
        let beside: String = row[..first].iter().chain(&row[last + 1..]).collect();
        assert!(
            beside.trim().is_empty(),
            "stray `{beside}` beside the form:\n{text}"
        );
    }
}

#[test]
fn the_new_session_dialog_grows_with_the_terminal() {
    let mut app = browser_app(sample_entries());
    keys(&mut app, &["n"]);
    app.handle(Event::Resize(160, 48));
    let text = screen(&app, 160, 48);
    let follow_ups: Vec<&str> = text.lines().filter(|l| l.contains("follow up")).collect();
    assert!(!follow_ups.is_empty(), "{text}");
    for line in follow_ups {
        assert!(line.contains("open actions and items of “"), "{line}");
        assert!(
            line.contains('”') && !line.contains('…'),
            "the title is cut: {line}"
        );
    }
}

/// Ctrl-Z and Ctrl-C are keymap keys of every layer, and the `?` help says so where there is
/// room: Ctrl-Z under "Anywhere" (Ctrl-C already stands beside q on the screen's own list).
#[test]
fn ctrl_z_suspends_from_every_layer_and_the_help_lists_it() {
    let mut app = workshop_app(template_session());
    assert_eq!(keys(&mut app, &["<c-z>"]), [Effect::Suspend]);
    keys(&mut app, &["]", "]", "a", "Half"]);
    assert_eq!(keys(&mut app, &["<c-z>"]), [Effect::Suspend]);
    assert!(w(&app).form().is_some(), "the form stays open");
    keys(&mut app, &["<esc>"]);
    assert_eq!(app.popup, Some(Popup::ConfirmDiscard));
    assert_eq!(keys(&mut app, &["<c-z>"]), [Effect::Suspend]);
    keys(&mut app, &["y"]);
    keys(&mut app, &["?"]);
    let help = screen(&app, 120, 40);
    assert!(help.contains("Anywhere"), "{help}");
    assert!(help.contains("Ctrl-Z     suspend"), "{help}");
    assert!(help.contains("q Ctrl-C   save and quit"), "{help}");
    assert_eq!(keys(&mut app, &["<c-c>"]), [Effect::Quit]);
}

/// While serving, Ctrl-Z would freeze everyone's screen, so it is refused and the help does not
/// offer it.
#[test]
fn serving_the_help_leaves_ctrl_z_out_and_ctrl_z_is_refused() {
    let mut app = workshop_app(template_session());
    app.set_serving(true);
    keys(&mut app, &["?"]);
    let help = screen(&app, 120, 40);
    assert!(help.contains("save and quit"), "{help}");
    assert!(!help.contains("Ctrl-Z"), "{help}");
    keys(&mut app, &["x"]);
    assert_eq!(keys(&mut app, &["<c-z>"]), []);
    assert!(app.message().unwrap().contains("Ctrl-Z would freeze"));
}
