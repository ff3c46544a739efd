//! Text as the writer wrote it: line breaks and tabs on screen (bug 2), and a detail pane that
//! uses the free rows and marks what it had to cut (bug 9).

use crate::support;

use support::*;

#[test]
fn the_detail_pane_keeps_line_breaks_and_tabs() {
    let mut s = template_session();
    s.benefits[0].text = "payslips on mobile\nsecond line\n\tindented with a tab".into();
    let mut app = workshop_app(s);
    keys(&mut app, &["]", "]"]);
    let text = screen(&app, 80, 24);
    assert!(!text.contains("mobilesecond"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.starts_with("\"payslips on mobile"))
        .expect(&text);
    assert!(lines[first + 1].starts_with("\"second line"), "{text}");
    assert!(
        lines[first + 2].starts_with("\"    indented with a tab"),
        "{text}"
    );
}

#[test]
fn the_closing_answers_keep_line_breaks() {
    let mut s = template_session();
    s.closing.achieves = "fewer lost hours\nhappier staff".into();
    let mut app = workshop_app(s);
    summary_step(&mut app);
    keys(&mut app, &["v", "v", "v"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains("  fewer lost hours "), "{text}");
    assert!(text.contains("  happier staff "), "{text}");
    assert!(!text.contains("hourshappier"), "{text}");
}

#[test]
fn the_detail_pane_uses_the_free_rows_and_marks_cut_text() {
    let mut s = template_session();
    let long = (1..=30)
        .map(|i| format!("line {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    s.benefits[0].text = long;
    let mut app = workshop_app(s);
    keys(&mut app, &["]", "]"]);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("line 6"),
        "more than 3 lines when rows are free: {text}"
    );
    assert!(!text.contains("line 30"), "{text}");
    assert!(text.contains(" …"), "cut text is marked: {text}");
}

#[test]
fn a_long_list_shows_where_its_window_is() {
    let mut s = template_session();
    let first = s.benefits[0].clone();
    s.benefits = (1..=21)
        .map(|i| covalue::domain::Item {
            text: format!("Benefit number {i}"),
            ..first.clone()
        })
        .collect();
    let mut app = workshop_app(s);
    keys(&mut app, &["]", "]"]);
    let text = screen(&app, 80, 24);
    assert!(text.contains(" 1–"), "{text}");
    assert!(text.contains(" of 21 "), "{text}");
    keys(&mut app, &["G"]);
    let text = screen(&app, 80, 24);
    let shown = text
        .lines()
        .filter(|l| l.contains("Benefit number"))
        .count()
        - 1;
    assert!(
        text.contains(&format!(" {}–21 of 21 ", 22 - shown)),
        "{shown}: {text}"
    );
}

#[test]
fn the_detail_pane_scrolls_and_starts_at_the_top_for_another_item() {
    let mut s = template_session();
    s.benefits[0].text = (1..=30)
        .map(|i| format!("line {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut app = workshop_app(s);
    keys(&mut app, &["]", "]"]);
    assert!(!screen(&app, 80, 24).contains("line 30"));
    for _ in 0..40 {
        keys(&mut app, &["J"]);
    }
    let text = screen(&app, 80, 24);
    assert!(text.contains("line 30"), "scrolled to the end: {text}");
    assert!(!text.contains("\"line 1 "), "{text}");
    assert!(text.contains("… line"), "the cut top is marked: {text}");
    // Line 30 is third to last (the benefit's kind and who has rated follow): three K hide
    // it, however many J.
    keys(&mut app, &["K", "K", "K"]);
    assert!(
        !screen(&app, 80, 24).contains("line 30"),
        "scrolling back starts at the end, however many J were pressed"
    );
    keys(&mut app, &["j", "k"]);
    assert!(
        screen(&app, 80, 24).contains("\"line 1 "),
        "another selection starts at the top"
    );
}

/// The display column where the provider's rating starts on each discuss-next row of `screen`.
fn rating_columns(screen: &str) -> Vec<usize> {
    screen
        .lines()
        .filter(|l| l.contains(" gap "))
        .filter_map(|l| l.rfind(" P").map(|at| covalue::text::width(&l[..at])))
        .collect()
}

#[test]
fn discuss_next_rows_with_emoji_or_cjk_keep_their_columns() {
    let mut s = template_session();
    let at = s
        .benefits
        .iter()
        .position(|b| b.text == "Staff know where to go when something breaks")
        .unwrap();
    s.benefits[at].text = "Checkout 🛒 page loads fast in 東京".into();
    let mut app = workshop_app(s);
    summary_step(&mut app);
    for (width, height) in [(80, 24), (120, 40)] {
        app.handle(crossterm::event::Event::Resize(width, height));
        let text = screen(&app, width, height);
        assert!(text.contains("Checkout 🛒"), "{text}");
        let columns = rating_columns(&text);
        assert!(columns.len() >= 3, "{text}");
        assert!(
            columns.iter().all(|c| *c == columns[0]),
            "{columns:?}\n{text}"
        );
    }
}
