//! The value dashboard: explain, its views, the quadrants, any area; and random key sequences
//! that never panic.

use crate::support;

use covalue::domain::*;
use covalue::store::Template;
use covalue::tui::app::{Popup, Screen};
use covalue::tui::theme::{Theme, ThemeKind};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::*;

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
            covalue::tui::workshop::dashboard::render(ws, area, &mut buf, &theme);
            covalue::tui::workshop::dashboard::explain(ws, area, &mut buf, &theme);
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
            covalue::tui::workshop::dashboard::render(ws, area, &mut buf, &theme);
        }
    }
}

mod random_keys {
    use super::*;
    use proptest::prelude::*;

    /// The sessions the random keys are typed into: the worked example, a blank one, a
    /// self-assessment, one with several raters per side and a merge conflict, and one with
    /// a hundred items on a step.
    fn sessions() -> Vec<Session> {
        let blank = Session::new("blank001", "Blank", Timestamp::from_unix(0));
        let mut alone = template_session();
        alone.mode = Mode::ProviderSelfAssessment;
        let mut crowded = template_session();
        for (i, name) in ["Ola", "Marta", "Jon"].into_iter().enumerate() {
            for b in &mut crowded.benefits {
                b.rating
                    .set_by(Side::Consumer, name, Rating::new(i as u8 + 2));
                b.rating.set_by(
                    Side::Provider,
                    &format!("{name} P"),
                    Rating::new(5 - i as u8),
                );
            }
        }
        crowded.conflicts.push(Conflict {
            step: Some(Step::Benefits),
            item: crowded.benefits[0].id.clone(),
            rater: "Ola".into(),
            message: "Benefits 1 \"x\": Ola 2 (ours) vs 4 (theirs)".into(),
        });
        let mut long = template_session();
        for i in 0..100u8 {
            long.benefits.push(Benefit {
                text: format!(
                    "Benefit number {i} with a longer text than fits in one row of the list"
                ),
                rating: Ratings::new(Rating::new(i % 5 + 1), Rating::new(i % 3 + 2)),
                ..Default::default()
            });
        }
        long.ensure_ids();
        vec![template_session(), blank, alone, crowded, long]
    }

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
        #![proptest_config(crate::regressions::beside_the_test(ProptestConfig::with_cases(40)))]

        /// Whatever is typed, in whatever order, on whichever session and at whatever size
        /// (changed halfway, as a resize would), nothing panics and every frame draws.
        #[test]
        fn no_key_sequence_panics(
            sequence in proptest::collection::vec(any_key(), 0..80),
            blind in any::<bool>(),
            which in 0usize..5,
            sizes in proptest::collection::vec(
                prop_oneof![Just((80u16, 24u16)), Just((150, 45)), Just((200, 60)), Just((40, 12)), (1u16..240, 1u16..80)],
                1..3,
            ),
        ) {
            let mut session = sessions().swap_remove(which);
            session.blind = blind;
            let mut app = workshop_app(session);
            let halfway = sequence.len() / 2;
            for (i, key) in sequence.into_iter().enumerate() {
                let (width, height) = if i < halfway { sizes[0] } else { sizes[sizes.len() - 1] };
                if (app.width, app.height) != (width, height) {
                    app.handle(crossterm::event::Event::Resize(width, height));
                }
                let _ = app.key(key);
                let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
                app.draw(&mut terminal).unwrap();
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
                app.draw(&mut terminal).unwrap();
            }
        }
    }
}

#[test]
fn the_full_dashboard_needs_150x45_says_so_in_the_readme_and_closes_every_box() {
    use covalue::tui::workshop::dashboard::FULL_DASHBOARD;
    assert_eq!(FULL_DASHBOARD, (150, 45));
    let readme = include_str!("../../README.md");
    assert!(
        readme.contains("150×45"),
        "README names the size the code needs"
    );
    let mut app = workshop_app(template_session());
    summary_step(&mut app);
    app.handle(crossterm::event::Event::Resize(150, 45));
    let text = screen(&app, 150, 45);
    for title in [
        "Overview",
        "Risk heat map",
        "Importance × performance",
        "Closing answers",
    ] {
        assert!(text.contains(&format!(" {title} ")), "{title}: {text}");
    }
    assert!(
        !text.contains("v next view"),
        "all shown, no views to cycle: {text}"
    );
    // Four outer boxes, each with both right-hand corners.
    let lines: Vec<&str> = text.lines().collect();
    let top_right = lines.iter().map(|l| l.matches('┐').count()).sum::<usize>();
    let bottom_right = lines.iter().map(|l| l.matches('┘').count()).sum::<usize>();
    assert!(top_right >= 4 && bottom_right >= 4, "{text}");
    snapshot("dashboard_full_150x45", &text);
    app.handle(crossterm::event::Event::Resize(150, 44));
    assert!(screen(&app, 150, 44).contains("v next view"));
}

#[test]
fn discuss_next_takes_the_room_the_scores_leave_at_160x48() {
    let mut app = workshop_app(template_session());
    summary_step(&mut app);
    app.handle(crossterm::event::Event::Resize(160, 48));
    let text = screen(&app, 160, 48);
    // The scores keep their bars and words whole; the rest goes to the items' words.
    assert!(
        text.contains("from perceived value, outcomes, costs, risks"),
        "{text}"
    );
    assert!(text.contains("Staff know where to go when"), "{text}");
}

#[test]
fn the_explanation_rounds_a_components_half_tenth_away_from_zero() {
    let mut s = template_session();
    s.blind = false;
    for cost in &mut s.costs {
        cost.rating = Ratings::default();
    }
    // The provider's costs score is 50, the consumer's (50 + 75) / 2 = 62.5: the component
    // is their mean, 56.25, exact in binary, which `{:.1}` rounds to even (56.2).
    s.costs[0].rating = Ratings::new(Rating::new(3), Rating::new(3));
    s.costs[1].rating = Ratings::new(None, Rating::new(4));
    let costs = summarize(&s)
        .value_index
        .components
        .iter()
        .find(|(c, _)| *c == covalue::domain::value::Component::Costs)
        .and_then(|(_, v)| *v);
    assert_eq!(costs, Some(56.25));
    let mut app = workshop_app(s);
    summary_step(&mut app);
    keys(&mut app, &["x"]);
    let text = screen(&app, 80, 24);
    // The component's line: its name padded to 18 columns, then the score.
    let row = format!("costs{}56.3", " ".repeat(13));
    assert!(text.contains(&row) && !text.contains("56.2"), "{text}");
    assert!(
        text.contains("× 56.3 ×") || text.contains("× 56.3)"),
        "{text}"
    );
}
