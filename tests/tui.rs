//! The workshop screens driven by key events: state updates for every key of the keys table,
//! and snapshots of every screen at 80×24 and 120×40 from a built-in template.

use covalue::domain::*;
use covalue::store::Template;
use covalue::tui::action::{Effect, Start};
use covalue::tui::app::{App, Popup, Screen};
use covalue::tui::browser::{Browser, BrowserEntry, SessionRow};
use covalue::tui::theme::{Theme, ThemeKind};
use covalue::tui::view;
use covalue::tui::workshop::Workshop;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn template_session() -> Session {
    let mut s = Template::find("service-desk")
        .unwrap()
        .instantiate("snap0001", Timestamp::from_unix(1_795_812_435));
    s.updated = Timestamp::from_unix(1_795_812_435);
    s
}

fn workshop_app(session: Session) -> App {
    let w = Workshop::new(session, "service-desk-value-review-snap0001.ron", None);
    App::new(
        Screen::Workshop(Box::new(w)),
        Theme::new(ThemeKind::Default),
        80,
        24,
    )
}

fn w(app: &App) -> &Workshop {
    match &app.screen {
        Screen::Workshop(w) => w,
        Screen::Browser(_) => panic!("not in a workshop"),
    }
}

/// Parses a key name: "<enter>", "<esc>", "<tab>", "<s-tab>", "<up>", "<c-r>", or one char.
fn key(name: &str) -> KeyEvent {
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    match name {
        "<enter>" => plain(KeyCode::Enter),
        "<esc>" => plain(KeyCode::Esc),
        "<tab>" => plain(KeyCode::Tab),
        "<s-tab>" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        "<up>" => plain(KeyCode::Up),
        "<down>" => plain(KeyCode::Down),
        "<left>" => plain(KeyCode::Left),
        "<right>" => plain(KeyCode::Right),
        "<del>" => plain(KeyCode::Delete),
        "<home>" => plain(KeyCode::Home),
        "<end>" => plain(KeyCode::End),
        "<a-enter>" => KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT),
        n if n.starts_with("<c-") => KeyEvent::new(
            KeyCode::Char(n.chars().nth(3).unwrap()),
            KeyModifiers::CONTROL,
        ),
        n => {
            let c = n.chars().next().unwrap();
            let modifiers = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            KeyEvent::new(KeyCode::Char(c), modifiers)
        }
    }
}

/// Feeds keys; a name in angle brackets is one key, anything else is typed character by character.
fn keys(app: &mut App, sequence: &[&str]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for part in sequence {
        if part.starts_with('<') || part.chars().count() == 1 {
            effects.extend(app.key(key(part)));
        } else {
            for c in part.chars() {
                effects.extend(app.key(key(&c.to_string())));
            }
        }
    }
    effects
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| view::draw(f, app)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn steps_move_with_brackets_and_arrows_and_stop_at_the_ends() {
    let mut app = workshop_app(template_session());
    assert_eq!(w(&app).step, Step::Setup);
    keys(&mut app, &["["]);
    assert_eq!(w(&app).step, Step::Setup);
    assert!(w(&app).message.as_deref().unwrap().contains("first step"));
    keys(&mut app, &["]", "<right>"]);
    assert_eq!(w(&app).step, Step::Benefits);
    keys(&mut app, &["<left>"]);
    assert_eq!(w(&app).step, Step::Context);
    for _ in 0..12 {
        keys(&mut app, &["]"]);
    }
    assert_eq!(w(&app).step, Step::Summary);
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
    assert!(ws.form.is_none());
    assert_eq!(ws.session.benefits.len(), 5);
    assert_eq!(ws.session.benefits[4].text, "Faster fixes — 更快的修复");
    assert_eq!(
        ws.session.benefits[4].kind,
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
    assert_eq!(w(&app).session.benefits[4].text, "q[]");
    assert_eq!(w(&app).step, Step::Benefits);
}

#[test]
fn paste_goes_into_the_field_being_edited() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "a"]);
    let effects = app.handle(Event::Paste("quit q\u{1b}[2J now".into()));
    assert!(effects.is_empty());
    keys(&mut app, &["<enter>"]);
    assert_eq!(w(&app).session.benefits[4].text, "quit q[2J now");
}

#[test]
fn enter_and_e_edit_and_tab_moves_between_fields() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "]", "]", "]", "]", "]"]);
    assert_eq!(w(&app).step, Step::Risks);
    keys(
        &mut app,
        &[
            "e", "<tab>", "<right>", "<tab>", "5", "<tab>", "<s-tab>", "<s-tab>", "<s-tab>",
            " more", "<enter>",
        ],
    );
    let r = &w(&app).session.risks[0];
    assert_eq!(
        r.text,
        "A laptop fault stops a salesperson for a whole day more"
    );
    assert_eq!(r.effect, RiskEffect::Introduced);
    assert_eq!(r.likelihood.get(), 5);
    assert_eq!(
        r.rating,
        Ratings::new(Rating::new(4), Rating::new(4)),
        "editing keeps the ratings"
    );
    keys(&mut app, &["<enter>", "<esc>"]);
    assert!(w(&app).form.is_none(), "Esc on an unchanged form closes it");
}

#[test]
fn escape_on_a_changed_form_asks_first() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "e", "!", "<esc>"]);
    assert_eq!(app.popup, Some(Popup::ConfirmDiscard));
    keys(&mut app, &["n"]);
    assert!(
        w(&app).form.is_some(),
        "any key but y goes back to the form"
    );
    keys(&mut app, &["<esc>", "y"]);
    assert!(w(&app).form.is_none());
    assert_eq!(
        w(&app).session.benefits[0].text,
        "Less time lost when laptops or email stop working"
    );
}

#[test]
fn an_empty_text_is_refused_with_a_message() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "a", "<enter>"]);
    let form = &w(&app).form.as_ref().unwrap().form;
    assert!(form.error.as_deref().unwrap().contains("Write some text"));
    assert_eq!(w(&app).session.benefits.len(), 4);
}

#[test]
fn a_bad_due_date_is_explained_and_the_form_stays_open() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["[", "]", "]", "]", "]", "]", "]", "]", "]"]);
    assert_eq!(w(&app).step, Step::Agreements);
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
    let form = &w(&app).form.as_ref().unwrap().form;
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
    assert_eq!(w(&app).session.benefits.len(), 3);
    assert!(
        w(&app)
            .message
            .as_deref()
            .unwrap()
            .starts_with("Deleted “Staff know where to go")
    );
    keys(&mut app, &["u"]);
    assert_eq!(w(&app).session.benefits.len(), 4);
    assert_eq!(
        w(&app).session.benefits[1].text,
        "Staff know where to go when something breaks"
    );
    keys(&mut app, &["<c-r>"]);
    assert_eq!(w(&app).session.benefits.len(), 3);
    keys(&mut app, &["<del>"]);
    assert_eq!(w(&app).session.benefits.len(), 2);
    keys(&mut app, &["u", "u"]);
    assert_eq!(w(&app).session.benefits.len(), 4);
    keys(&mut app, &["u"]);
    assert_eq!(w(&app).message.as_deref(), Some("Nothing to undo."));
}

#[test]
fn number_keys_rate_for_the_side_whose_turn_it_is() {
    let mut session = template_session();
    session.benefits[0].rating = Ratings::default();
    let mut app = workshop_app(session);
    keys(&mut app, &["]", "]"]);
    assert_eq!(
        w(&app).turn,
        Side::Provider,
        "a workshop starts with the provider's turn"
    );
    keys(&mut app, &["4"]);
    assert_eq!(
        w(&app).session.benefits[0].rating,
        Ratings::new(Rating::new(4), None)
    );
    keys(&mut app, &["<tab>", "2"]);
    assert_eq!(w(&app).turn, Side::Consumer);
    assert_eq!(
        w(&app).session.benefits[0].rating,
        Ratings::new(Rating::new(4), Rating::new(2))
    );
    assert_eq!(
        w(&app)
            .summary
            .dimension(Dimension::Benefits)
            .rated_consumer,
        4,
        "the summary follows at once"
    );
    keys(&mut app, &["0"]);
    assert_eq!(
        w(&app).session.benefits[0].rating,
        Ratings::new(Rating::new(4), None)
    );
    keys(&mut app, &["u"]);
    assert_eq!(
        w(&app).session.benefits[0]
            .rating
            .by(Side::Consumer, "consumer"),
        Rating::new(2)
    );
    keys(&mut app, &["<tab>"]);
    assert_eq!(w(&app).turn, Side::Provider);
}

#[test]
fn a_self_assessment_has_one_side_only() {
    let mut session = template_session();
    session.mode = Mode::ConsumerSelfAssessment;
    let mut app = workshop_app(session);
    assert_eq!(w(&app).turn, Side::Consumer);
    keys(&mut app, &["]", "]", "<tab>"]);
    assert_eq!(w(&app).turn, Side::Consumer);
    assert!(
        w(&app)
            .message
            .as_deref()
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
            .message
            .as_deref()
            .unwrap()
            .contains("Nothing to rate on Setup")
    );
    assert!(!w(&app).dirty());
}

#[test]
fn s_hides_the_summary_ctrl_s_saves_q_and_ctrl_c_quit() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["s"]);
    assert!(!w(&app).show_summary);
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
    assert_eq!(w(&app).session.benefits[4].text, "Half-typed idea");
}

#[test]
fn question_mark_opens_help_and_any_key_closes_it() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["?"]);
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
            w(&app).message.as_deref(),
            Some("read-only: opened for review"),
            "{k}"
        );
        assert!(w(&app).form.is_none());
    }
    assert_eq!(w(&app).revision, 0);
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
    let s = &w(&app).session;
    assert_eq!(s.title, "Q4 review");
    assert_eq!(s.mode, Mode::ProviderSelfAssessment);
    assert_eq!(s.timebox.get(&Step::Context), Some(&15));
    keys(&mut app, &["a", "Ana Lima", "<tab>", "<right>", "<enter>"]);
    let s = &w(&app).session;
    assert_eq!(
        s.participants.last().unwrap(),
        &Participant {
            name: "Ana Lima".into(),
            role: Role::Consumer,
            group: None,
        }
    );
    keys(&mut app, &["d"]);
    assert_eq!(w(&app).session.participants.len(), 3);
}

#[test]
fn summary_lists_discussions_and_enter_jumps_to_the_item() {
    let mut app = workshop_app(template_session());
    for _ in 0..9 {
        keys(&mut app, &["]"]);
    }
    assert_eq!(w(&app).step, Step::Summary);
    keys(&mut app, &["j", "<enter>"]);
    assert_eq!(w(&app).step, Step::Usefulness);
    assert_eq!(
        w(&app).session.usefulness[w(&app).selection()].text,
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
            .session
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
    assert_eq!(w(&app).step, Step::Setup);
}

#[test]
fn a_too_small_terminal_says_so_and_still_quits() {
    let mut app = workshop_app(template_session());
    app.handle(Event::Resize(60, 20));
    let text = screen(&app, 60, 20);
    assert!(text.contains("terminal too small (need 80×24)"), "{text}");
    assert!(keys(&mut app, &["]"]).is_empty());
    assert_eq!(w(&app).step, Step::Setup);
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
            app.width = width;
            app.height = height;
            let _ = screen(&app, width.max(1), height.max(1));
            let area = ratatui::layout::Rect::new(0, 0, width, height);
            let mut buf = ratatui::buffer::Buffer::empty(area);
            view::render(&app, area, &mut buf);
        }
        assert_eq!(w(&app).step, step);
        (app.width, app.height) = (80, 24);
        keys(&mut app, &["]"]);
    }
}

fn browser_app(entries: Vec<BrowserEntry>) -> App {
    let mut b = Browser {
        dir_label: "/home/dana/.local/share/covalue/sessions".into(),
        ..Browser::default()
    };
    b.set_entries(entries);
    App::new(
        Screen::Browser(Box::new(b)),
        Theme::new(ThemeKind::Default),
        80,
        24,
    )
}

fn sample_entries() -> Vec<BrowserEntry> {
    let row = |id: &str, title: &str, service: &str, v, a| SessionRow {
        id: id.into(),
        title: title.into(),
        service: service.into(),
        mode: "workshop",
        updated: "2026-11-02 11:30".into(),
        value_index: v,
        alignment: a,
    };
    let mut entries = vec![
        BrowserEntry {
            path: "/s/a.ron".into(),
            file: "a.ron".into(),
            row: Ok(row(
                "k3x9a2f1",
                "Service desk value review",
                "Managed IT service desk",
                Some(59.7),
                Some(77.5),
            )),
        },
        BrowserEntry {
            path: "/s/b.ron".into(),
            file: "b.ron".into(),
            row: Ok(row(
                "p2m4n6q8",
                "Cloud hosting renewal",
                "Managed cloud hosting",
                Some(64.2),
                Some(78.0),
            )),
        },
        BrowserEntry {
            path: "/s/c.ron".into(),
            file: "c.ron".into(),
            row: Ok(row("z9y8x7w6", "Blank start", "", None, None)),
        },
        BrowserEntry {
            path: "/s/broken.ron".into(),
            file: "broken.ron".into(),
            row: Err("line 5, column 5: expected a `,` between two fields or items here".into()),
        },
    ];
    for (entry, updated) in
        entries
            .iter_mut()
            .zip(["2026-11-02 11:30", "2026-10-14 15:10", "2026-09-01 10:00"])
    {
        if let Ok(row) = &mut entry.row {
            row.updated = updated.into();
        }
    }
    entries
}

#[test]
fn the_browser_opens_reviews_filters_and_deletes() {
    let mut app = browser_app(sample_entries());
    assert_eq!(
        keys(&mut app, &["<enter>"]),
        [Effect::Open {
            path: "/s/a.ron".into(),
            read_only: false
        }]
    );
    assert_eq!(
        keys(&mut app, &["j", "v"]),
        [Effect::Open {
            path: "/s/b.ron".into(),
            read_only: true
        }]
    );
    keys(&mut app, &["G", "o"]);
    let Screen::Browser(b) = &app.screen else {
        panic!()
    };
    assert!(
        b.message
            .as_deref()
            .unwrap()
            .contains("broken.ron cannot be read")
    );
    keys(&mut app, &["/", "cloud", "<enter>"]);
    let Screen::Browser(b) = &app.screen else {
        panic!()
    };
    assert_eq!(b.visible().len(), 1);
    assert_eq!(keys(&mut app, &["d", "n"]), []);
    assert_eq!(
        keys(&mut app, &["d", "y"]),
        [Effect::Trash("/s/b.ron".into()), Effect::Refresh]
    );
    keys(&mut app, &["/", "<esc>"]);
    let Screen::Browser(b) = &app.screen else {
        panic!()
    };
    assert_eq!(b.visible().len(), 4);
    assert_eq!(keys(&mut app, &["q"]), [Effect::Quit]);
}

#[test]
fn the_browser_starts_a_session_from_a_template_or_blank() {
    let mut app = browser_app(Vec::new());
    assert!(screen(&app, 80, 24).contains("No sessions yet"));
    let effects = keys(&mut app, &["n", "j", "j", "<enter>", "<enter>"]);
    assert_eq!(
        effects,
        [Effect::Create {
            start: Start::Template("cloud-hosting"),
            title: "Cloud hosting renewal workshop".into()
        }]
    );
    let mut app = browser_app(Vec::new());
    let effects = keys(&mut app, &["n", "<enter>", "<enter>"]);
    assert!(effects.is_empty(), "a blank session needs a title");
    let effects = keys(&mut app, &["Kick-off", "<enter>"]);
    assert_eq!(
        effects,
        [Effect::Create {
            start: Start::Blank,
            title: "Kick-off".into()
        }]
    );
}

#[test]
fn a_service_with_sessions_is_offered_a_follow_up_from_its_latest() {
    let mut entries = sample_entries();
    if let Ok(row) = &mut entries[2].row {
        row.service = "Managed IT service desk".into();
        row.updated = "2026-11-20 09:00".into();
    }
    let mut app = browser_app(entries);
    keys(&mut app, &["n"]);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("follow up") && text.contains("Managed IT service desk: open actions"),
        "{text}"
    );
    let effects = keys(&mut app, &["<enter>", "<enter>"]);
    assert_eq!(
        effects,
        [Effect::Create {
            start: Start::FollowUp("/s/c.ron".into()),
            title: "Managed IT service desk follow-up".into()
        }],
        "the latest session of the service is the one to follow up"
    );
}

#[test]
fn the_browser_groups_sessions_by_service_with_their_trend() {
    let mut entries = sample_entries();
    if let Ok(row) = &mut entries[2].row {
        row.service = "Managed IT service desk".into();
        row.updated = "2026-10-01 09:00".into();
        row.value_index = Some(48.0);
        row.alignment = Some(61.0);
    }
    let app = browser_app(entries);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Managed IT service desk · 2 sessions · value 48→60 ↑ · alignment 61→78 ↑"),
        "{text}"
    );
}

// ------------------------------------------------------------------ snapshots

fn snapshot_sizes(name: &str, app: &mut App) {
    snapshot_at(name, app, &[(80, 24), (120, 40)]);
}

fn snapshot_at(name: &str, app: &mut App, sizes: &[(u16, u16)]) {
    for &(width, height) in sizes {
        app.width = width;
        app.height = height;
        insta::assert_snapshot!(
            format!("{name}_{width}x{height}"),
            screen(app, width, height)
        );
    }
}

#[test]
fn snapshot_every_step() {
    let mut app = workshop_app(template_session());
    for step in Step::ALL {
        snapshot_sizes(&format!("step_{}", step.key()), &mut app);
        keys(&mut app, &["]"]);
    }
}

#[test]
fn snapshot_forms_and_overlays() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "]", "]", "]", "]", "]", "e"]);
    snapshot_sizes("form_risk", &mut app);
    keys(
        &mut app,
        &["<esc>", "[", "[", "[", "[", "[", "[", "[", "<enter>"],
    );
    snapshot_sizes("form_details", &mut app);
    keys(&mut app, &["<esc>", "]", "]", "?"]);
    snapshot_sizes("help_workshop", &mut app);
    keys(&mut app, &["x", "s"]);
    snapshot_sizes("benefits_without_summary", &mut app);
    let mut app = workshop_app(template_session());
    app.handle(Event::Resize(60, 20));
    insta::assert_snapshot!("too_small_60x20", screen(&app, 60, 20));
}

#[test]
fn snapshot_the_browser() {
    let mut app = browser_app(Vec::new());
    snapshot_sizes("browser_empty", &mut app);
    let mut app = browser_app(sample_entries());
    snapshot_sizes("browser", &mut app);
    keys(&mut app, &["n"]);
    snapshot_sizes("browser_new", &mut app);
    keys(&mut app, &["<esc>", "?"]);
    snapshot_sizes("help_browser", &mut app);
}

// ------------------------------------------------------------------ facilitation

fn blind_session() -> Session {
    let mut s = template_session();
    s.blind = true;
    s.clear_ratings();
    s
}

fn summary_step(app: &mut App) {
    for _ in 0..9 {
        keys(app, &["]"]);
    }
}

#[test]
fn blind_rating_hides_the_other_side_until_revealed() {
    let mut app = workshop_app(blind_session());
    keys(&mut app, &["]", "]", "4", "j", "5"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("BLIND"), "{text}");
    // The provider's own ratings show while it is the provider's turn.
    assert!(text.contains(" 4 ") && text.contains(" 5 "), "{text}");
    keys(&mut app, &["<tab>"]);
    let text = screen(&app, 80, 24);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("\" 1 ") || l.starts_with("\" 2 "))
        .collect();
    assert!(
        rows.iter()
            .all(|r| r.contains('•') && !r.contains(" 4 ") && !r.contains(" 5 ")),
        "{rows:#?}"
    );
    assert_eq!(
        w(&app).summary.hidden,
        2,
        "the summary leaves hidden ratings out"
    );
    assert_eq!(
        w(&app).summary.dimension(Dimension::Benefits).provider,
        None
    );

    keys(&mut app, &["k", "2"]);
    let text = screen(&app, 80, 24);
    let row = text.lines().find(|l| l.contains("Less time lost")).unwrap();
    assert!(
        row.contains('•') && row.contains('?'),
        "rated by both, not yet revealed: {row}"
    );

    keys(&mut app, &["r"]);
    assert_eq!(
        w(&app).message.as_deref(),
        Some("Revealed 1 item. 1 item still waits for the other side.")
    );
    let text = screen(&app, 80, 24);
    let row = text.lines().find(|l| l.contains("Less time lost")).unwrap();
    assert!(
        row.contains('4') && row.contains('2') && !row.contains('•'),
        "{row}"
    );
    assert!(w(&app).session.benefits[0].rating.revealed);
    assert!(!w(&app).session.benefits[1].rating.revealed);
    keys(&mut app, &["u"]);
    assert!(
        !w(&app).session.benefits[0].rating.revealed,
        "a reveal can be undone: {:?}",
        w(&app).message
    );
}

#[test]
fn blind_rating_can_be_turned_off_and_reveal_all_from_the_summary() {
    let mut app = workshop_app(blind_session());
    keys(
        &mut app,
        &["]", "]", "3", "<tab>", "3", "]", "5", "<tab>", "1"],
    );
    assert_eq!(w(&app).summary.hidden, 2);
    keys(&mut app, &["b"]);
    assert!(!w(&app).session.blind);
    assert_eq!(w(&app).summary.hidden, 0);
    keys(&mut app, &["b"]);
    summary_step(&mut app);
    keys(&mut app, &["r"]);
    assert_eq!(w(&app).message.as_deref(), Some("Revealed 2 items."));
    assert_eq!(w(&app).summary.hidden, 0);
    assert_eq!(
        w(&app).summary.discuss.len(),
        1,
        "the usefulness gap of 4 is now on the agenda"
    );
}

#[test]
fn auto_reveal_shows_an_item_once_both_sides_have_rated() {
    let mut app = workshop_app(blind_session());
    if let Screen::Workshop(w) = &mut app.screen {
        w.auto_reveal = true;
    }
    keys(&mut app, &["]", "]", "4"]);
    assert!(!w(&app).session.benefits[0].rating.revealed);
    keys(&mut app, &["<tab>", "2"]);
    assert!(w(&app).session.benefits[0].rating.revealed);
}

#[test]
fn a_reopened_session_keeps_its_hidden_ratings() {
    let mut app = workshop_app(blind_session());
    keys(&mut app, &["]", "]", "4", "<tab>", "2", "j", "5"]);
    let saved = covalue::store::to_ron(&w(&app).session);
    let reopened = covalue::store::parse(std::path::Path::new("x.ron"), saved.as_bytes()).unwrap();
    assert!(reopened.blind);
    assert_eq!(
        reopened.benefits[0].rating,
        Ratings::new(Rating::new(4), Rating::new(2))
    );
    assert!(!reopened.benefits[0].rating.revealed);
    let mut app = workshop_app(reopened);
    keys(&mut app, &["]", "]"]);
    let text = screen(&app, 80, 24);
    let row = text.lines().find(|l| l.contains("Less time lost")).unwrap();
    assert!(
        row.contains('•') && !row.contains('2'),
        "a new session starts on the provider's turn: {row}"
    );
}

#[test]
fn the_step_timer_counts_down_pauses_and_overruns_on_a_fake_clock() {
    let mut app = workshop_app(template_session());
    let at = |app: &mut App, secs: u64| {
        if let Screen::Workshop(w) = &mut app.screen {
            w.tick(std::time::Duration::from_secs(secs));
        }
    };
    keys(&mut app, &["]", "]"]);
    assert_eq!(w(&app).timer_view(Step::Benefits), None);
    keys(&mut app, &["t"]);
    at(&mut app, 60);
    assert_eq!(
        w(&app).timer_view(Step::Benefits).unwrap().left,
        14 * 60,
        "15-minute timebox, 1 minute gone"
    );
    assert!(screen(&app, 80, 24).contains("⏱ 14:00 left"));
    keys(&mut app, &["t"]);
    assert_eq!(w(&app).session.time_spent.get(&Step::Benefits), Some(&60));
    assert!(w(&app).dirty(), "time spent is saved");
    at(&mut app, 600);
    assert_eq!(
        w(&app).timer_view(Step::Benefits).unwrap().left,
        14 * 60,
        "a paused timer does not move"
    );
    assert!(screen(&app, 80, 24).contains("⏸ 14:00 left"));
    keys(&mut app, &["t"]);
    at(&mut app, 600 + 14 * 60 - 30);
    assert!(screen(&app, 80, 24).contains("⏱ 0:30 left"));
    at(&mut app, 600 + 14 * 60 + 65);
    assert!(screen(&app, 80, 24).contains("⏱ +1:05 over"));
    assert_eq!(w(&app).step, Step::Benefits, "nothing moves on by itself");
    keys(&mut app, &["]"]);
    assert!(w(&app).timer.is_none(), "leaving the step pauses its timer");
    assert_eq!(
        w(&app).session.time_spent.get(&Step::Benefits),
        Some(&(15 * 60 + 65))
    );
}

#[test]
fn the_dashboard_explains_the_index_and_cycles_its_views() {
    let mut app = workshop_app(template_session());
    summary_step(&mut app);
    keys(&mut app, &["x"]);
    assert_eq!(app.popup, Some(Popup::Explain));
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("geometric mean") && text.contains("= 60"),
        "{text}"
    );
    keys(&mut app, &["x"]);
    assert_eq!(app.popup, None);
    for title in ["Mitigated · exposure 22", "concentrate here", "Time spent"] {
        keys(&mut app, &["v"]);
        let text = screen(&app, 80, 24);
        assert!(
            text.contains(title) || title == "Time spent",
            "{title}: {text}"
        );
    }
}

#[test]
fn the_quadrant_view_places_items_by_importance_and_performance() {
    let summary = summarize(&Template::find("reporting-tool").unwrap().session());
    let concentrate: Vec<&str> = summary
        .quadrants
        .iter()
        .filter(|p| p.quadrant == covalue::domain::value::Quadrant::ConcentrateHere)
        .map(|p| p.text.as_str())
        .collect();
    assert!(
        concentrate.contains(&"Fewer products out of stock"),
        "{concentrate:?}"
    );
    let overkill: Vec<&str> = summary
        .quadrants
        .iter()
        .filter(|p| {
            p.quadrant != covalue::domain::value::Quadrant::ConcentrateHere && p.importance < 50.0
        })
        .map(|p| p.text.as_str())
        .collect();
    assert!(overkill.contains(&"Dozens of chart types"), "{overkill:?}");
}

fn snapshot_three_sizes(name: &str, app: &mut App) {
    snapshot_at(name, app, &[(80, 24), (120, 40), (160, 50)]);
}

#[test]
fn snapshot_the_dashboard() {
    let mut app = workshop_app(template_session());
    summary_step(&mut app);
    snapshot_three_sizes("dashboard_overview", &mut app);
    for page in ["risks", "quadrants", "closing"] {
        keys(&mut app, &["v"]);
        insta::assert_snapshot!(format!("dashboard_{page}_80x24"), screen(&app, 80, 24));
    }
    let mut hidden = template_session();
    hidden.blind = true;
    let mut app = workshop_app(hidden);
    summary_step(&mut app);
    snapshot_three_sizes("dashboard_blind_hidden", &mut app);
    keys(&mut app, &["r"]);
    snapshot_three_sizes("dashboard_blind_revealed", &mut app);
}

#[test]
fn snapshot_the_high_contrast_theme() {
    let w0 = Workshop::new(template_session(), "x.ron", None);
    let mut app = App::new(
        Screen::Workshop(Box::new(w0)),
        Theme::new(ThemeKind::HighContrast),
        80,
        24,
    );
    summary_step(&mut app);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| view::draw(f, &app)).unwrap();
    // The buffer's debug form lists the styles too, so colours are part of the snapshot.
    insta::assert_snapshot!(
        "dashboard_high_contrast_80x24",
        format!("{:?}", terminal.backend().buffer())
    );
    let mut app = App::new(app.screen.clone(), Theme::new(ThemeKind::NoColor), 80, 24);
    keys(&mut app, &["["]);
    terminal.draw(|f| view::draw(f, &app)).unwrap();
    insta::assert_snapshot!(
        "agreements_no_color_80x24",
        format!("{:?}", terminal.backend().buffer())
    );
}

#[test]
fn c_cycles_the_theme_and_asks_to_remember_it() {
    let mut app = workshop_app(template_session());
    let effects = keys(&mut app, &["c"]);
    assert_eq!(app.theme.kind, ThemeKind::HighContrast);
    assert!(
        matches!(&effects[..], [Effect::SaveSettings(s)] if s.theme == Some(covalue::store::ThemeName::HighContrast))
    );
}

#[test]
fn snapshot_the_summary_help() {
    let mut app = workshop_app(template_session());
    summary_step(&mut app);
    keys(&mut app, &["?"]);
    snapshot_sizes("help_summary", &mut app);
}

#[test]
fn the_dashboard_renders_into_any_area_without_panicking() {
    let mut app = workshop_app(template_session());
    summary_step(&mut app);
    let Screen::Workshop(ws) = &app.screen else {
        panic!()
    };
    let theme = Theme::new(ThemeKind::Default);
    for (width, height) in [
        (0, 0),
        (1, 1),
        (3, 2),
        (20, 5),
        (40, 8),
        (80, 10),
        (200, 60),
    ] {
        for _ in 0..4 {
            let area = ratatui::layout::Rect::new(0, 0, width, height);
            let mut buf = ratatui::buffer::Buffer::empty(area);
            covalue::tui::dashboard::render(ws, area, &mut buf, &theme);
            covalue::tui::dashboard::explain(ws, area, &mut buf, &theme);
        }
    }
    for _ in 0..4 {
        keys(&mut app, &["v"]);
        let Screen::Workshop(ws) = &app.screen else {
            panic!()
        };
        for (width, height) in [(1, 1), (21, 6), (45, 12)] {
            let area = ratatui::layout::Rect::new(0, 0, width, height);
            let mut buf = ratatui::buffer::Buffer::empty(area);
            covalue::tui::dashboard::render(ws, area, &mut buf, &theme);
        }
    }
}

mod random_keys {
    use super::*;
    use proptest::prelude::*;

    fn any_key() -> impl Strategy<Value = KeyEvent> {
        let chars = "abcdegjkqrstuvx012345[]?/ nGyé中\u{1b}";
        prop_oneof![
            6 => proptest::sample::select(chars.chars().collect::<Vec<_>>()).prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            1 => Just(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
            1 => Just(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
            1 => Just(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)),
            1 => Just(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
            1 => Just(KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE)),
            1 => Just(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
            1 => Just(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE)),
            1 => Just(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE)),
            1 => Just(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE)),
            1 => Just(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
            1 => Just(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]

        /// Whatever is typed, in whatever order, nothing panics and every frame draws.
        #[test]
        fn no_key_sequence_panics(sequence in proptest::collection::vec(any_key(), 0..80), blind in any::<bool>()) {
            let mut session = template_session();
            session.blind = blind;
            let mut app = workshop_app(session);
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            for key in sequence {
                let _ = app.key(key);
                terminal.draw(|f| view::draw(f, &app)).unwrap();
            }
            let w = w(&app);
            prop_assert!(w.selection() <= w.rows().max(1));
        }

        #[test]
        fn no_key_sequence_panics_the_browser(sequence in proptest::collection::vec(any_key(), 0..60)) {
            let mut app = browser_app(sample_entries());
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            for key in sequence {
                let _ = app.key(key);
                terminal.draw(|f| view::draw(f, &app)).unwrap();
            }
        }
    }
}

#[test]
fn the_browser_reads_the_folder_and_names_the_place_of_each_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = covalue::store::Store::new(dir.path());
    store.create(&template_session()).unwrap();
    let bad =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/rating.ron");
    std::fs::copy(bad, dir.path().join("rating.ron")).unwrap();
    let entries = covalue::tui::browser_entries(&store).unwrap();
    assert_eq!(entries.len(), 2);
    let error = entries.iter().find_map(|e| e.row.as_ref().err()).unwrap();
    assert_eq!(
        error,
        "line 8, column 45: 7 is not a rating: expected a whole number from 1 to 5"
    );
    let row = entries.iter().find_map(|e| e.row.as_ref().ok()).unwrap();
    assert_eq!(
        (row.title.as_str(), row.value_index.map(|v| v.round())),
        ("Service desk value review", Some(60.0))
    );
}

#[test]
fn space_moves_an_agreement_through_open_done_and_dropped() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["[", "]", "]", "]", "]", "]", "]", "]", "]"]);
    assert_eq!(w(&app).step, Step::Agreements);
    let status = |app: &App| w(app).session.agreements[0].status();
    assert_eq!(status(&app), "open");
    keys(&mut app, &[" "]);
    assert_eq!(status(&app), "done");
    keys(&mut app, &[" "]);
    assert_eq!(status(&app), "dropped");
    keys(&mut app, &[" "]);
    assert_eq!(status(&app), "open");
    keys(&mut app, &["u"]);
    assert_eq!(status(&app), "dropped");
    assert!(screen(&app, 80, 24).contains("✗"));
}
