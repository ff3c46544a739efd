//! The small ones of bug 9: a resumed timer says what is left, the browser's delete confirmation
//! names the title, the live summary says how many discuss-next items it could not show, and a
//! text field left behind shows its start.

use crate::support;

use covalue::domain::*;
use support::*;

#[test]
fn a_resumed_timer_says_what_is_left() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]", "t"]);
    assert!(
        w(&app)
            .message()
            .unwrap()
            .starts_with("Timer started: 15:00 left for Benefits."),
        "{:?}",
        w(&app).message()
    );
    app.tick(std::time::Duration::from_secs(15 * 60 - 47));
    keys(&mut app, &["t", "t"]);
    assert!(
        w(&app)
            .message()
            .unwrap()
            .starts_with("Timer resumed: 0:47 left for Benefits."),
        "{:?}",
        w(&app).message()
    );
}

#[test]
fn the_delete_confirmation_names_the_sessions_title() {
    let mut app = browser_app(sample_entries());
    keys(&mut app, &["d"]);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Move “Service desk value review” to the trash?"),
        "{text}"
    );
    assert!(!text.contains("a.ron to the trash"), "{text}");
}

#[test]
fn the_live_summary_says_how_many_items_to_discuss_it_cannot_show() {
    let mut app = workshop_app(template_session());
    keys(&mut app, &["]", "]"]);
    assert_eq!(w(&app).summary().discuss.len(), 5);
    let text = screen(&app, 80, 24);
    let shown = text.lines().filter(|l| l.contains("│gap 2 ")).count();
    assert!(shown >= 1, "{text}");
    let heading = format!("Discuss next ({shown} of 5)");
    assert!(text.contains(&heading), "{heading}: {text}");
    app.handle(crossterm::event::Event::Resize(120, 40));
    assert!(screen(&app, 120, 40).contains("Discuss next (5)"));
}

#[test]
fn a_text_field_left_behind_shows_its_start() {
    let mut s = template_session();
    s.description = format!("START{}END", "x".repeat(300));
    let mut app = workshop_app(s);
    keys(&mut app, &["e", "<tab>", "<tab>", "<end>", "<tab>"]);
    let text = screen(&app, 80, 24);
    let row = text
        .lines()
        .find(|l| l.contains("Description"))
        .expect(&text);
    assert!(row.contains("START"), "{row}");
}

#[test]
fn a_popup_leaves_no_half_of_a_wide_character_beside_it() {
    let mut s = template_session();
    s.risks[3].text = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十".into();
    let mut app = workshop_app(s);
    for _ in 0..7 {
        keys(&mut app, &["]"]);
    }
    assert_eq!(w(&app).step(), Step::Risks);
    keys(&mut app, &["e"]);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    app.draw(&mut terminal).unwrap();
    let buf = terminal.backend().buffer();
    // Left of the form's border: blank, never the first half of a cut character.
    let form_top = (0..24)
        .find(|&y| buf[(2, y)].symbol() == "╭")
        .expect("the form's corner");
    for y in form_top..form_top + 5 {
        assert_eq!(buf[(1, y)].symbol(), " ", "row {y}");
    }
}
