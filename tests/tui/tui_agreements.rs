//! Agreements on screen (bug 4, overdue from issue 8.6, bug 9's lost ↻) and the form's choices,
//! Ctrl-U and the Alt-Enter hint (bugs 4 and 7, issue 8.8).

use crate::support;

use covalue::domain::*;
use covalue::tui::app::{App, Screen};
use covalue::tui::theme::{Theme, ThemeKind};
use support::*;

fn agreements_app(session: Session) -> App {
    let mut app = workshop_app(session);
    if let Screen::Workshop(w) = &mut app.screen {
        w.set_today(Date::new(2026, 11, 28));
    }
    for _ in 0..8 {
        keys(&mut app, &["]"]);
    }
    assert_eq!(w(&app).step(), Step::Agreements);
    app
}

fn one_agreement(owner: Owner, person: &str, due: Option<Date>) -> Session {
    let mut s = template_session();
    s.agreements = vec![Agreement {
        text: "Publish the night-cover rota".into(),
        owner,
        person: person.into(),
        due,
        ..Agreement::default()
    }];
    s
}

#[test]
fn the_owner_side_shows_beside_the_person_at_80_columns() {
    let app = agreements_app(one_agreement(Owner::Consumer, "Tom", None));
    let text = screen(&app, 80, 24);
    let row = text.lines().find(|l| l.contains("Publish")).expect(&text);
    assert!(row.contains("consumer"), "{row}");
}

#[test]
fn a_done_carried_action_keeps_its_mark() {
    let mut s = one_agreement(Owner::Provider, "", None);
    s.agreements[0].carried = true;
    s.agreements[0].status = AgreementStatus::Done;
    let app = agreements_app(s);
    let text = screen(&app, 80, 24);
    let row = text.lines().find(|l| l.contains("Publish")).expect(&text);
    assert!(row.contains("↻✓"), "{row}");
}

#[test]
fn an_overdue_action_is_flagged_and_a_past_date_is_taken_with_a_word() {
    let app = agreements_app(one_agreement(Owner::Both, "", Date::new(2026, 11, 1)));
    let text = screen(&app, 80, 24);
    let row = text.lines().find(|l| l.contains("Publish")).expect(&text);
    assert!(row.contains("OVERDUE"), "{row}");
    assert!(text.contains("Overdue: its due date has passed"), "{text}");
    // Bug: the line was not wrapped, so 80 columns cut "open." off with no mark.
    let pane: Vec<&str> = text
        .lines()
        .map(|l| {
            l.split('│')
                .next()
                .unwrap_or_default()
                .trim_matches([' ', '"'])
        })
        .collect();
    assert!(
        pane.join(" ")
            .contains("Overdue: its due date has passed and it is still open."),
        "{text}"
    );

    let mut app = agreements_app(one_agreement(Owner::Both, "", Date::new(2026, 12, 24)));
    assert!(!screen(&app, 80, 24).contains("OVERDUE"));
    keys(
        &mut app,
        &[
            "a",
            "Call the vendor",
            "<tab>",
            "<tab>",
            "<tab>",
            "2026-11-02",
            "<enter>",
        ],
    );
    let s = &w(&app).session();
    assert_eq!(s.agreements.len(), 2);
    assert_eq!(s.agreements[1].due, Date::new(2026, 11, 2));
    assert_eq!(
        w(&app).message(),
        Some(
            "Saved with a due date in the past (2026-11-02): it shows as overdue until it is done."
        )
    );
}

#[test]
fn choices_show_every_option_marked_without_colour_and_do_not_wrap() {
    let s = one_agreement(Owner::Both, "", None);
    let mut app = agreements_app(s);
    app.theme = Theme::new(ThemeKind::NoColor);
    keys(&mut app, &["e", "<tab>"]);
    let text = screen(&app, 80, 24);
    let row = text.lines().find(|l| l.contains("Owner")).expect(&text);
    assert!(
        row.contains("○ provider") && row.contains("○ consumer") && row.contains("● both"),
        "{row}"
    );
    keys(&mut app, &["<right>"]);
    assert!(
        screen(&app, 80, 24).contains("● both"),
        "the last option stays: no wrap to the first"
    );
    keys(&mut app, &["<home>"]);
    assert!(screen(&app, 80, 24).contains("● provider"));
    keys(&mut app, &["<left>"]);
    assert!(screen(&app, 80, 24).contains("● provider"));
    keys(&mut app, &["<end>", "<left>", "<enter>"]);
    assert_eq!(w(&app).session().agreements[0].owner, Owner::Consumer);
}

#[test]
fn ctrl_u_clears_to_the_start_of_the_line_and_alt_enter_shows_only_where_it_works() {
    let mut app = agreements_app(one_agreement(Owner::Both, "", None));
    keys(&mut app, &["a"]);
    assert!(
        screen(&app, 80, 24).contains("Alt-Enter new line"),
        "the action is three lines"
    );
    keys(&mut app, &["<tab>", "<tab>"]);
    assert!(
        !screen(&app, 80, 24).contains("Alt-Enter"),
        "the person is one line"
    );
    keys(
        &mut app,
        &[
            "Tom Smith",
            "<c-u>",
            "Ann",
            "<s-tab>",
            "<s-tab>",
            "Fix it",
            "<enter>",
        ],
    );
    assert_eq!(w(&app).session().agreements[1].person, "Ann");
    assert_eq!(w(&app).session().agreements[1].text, "Fix it");
}

#[test]
fn the_usefulness_goal_can_be_picked_from_the_context_goals() {
    let s = template_session();
    let goals: Vec<String> = s
        .context
        .iter()
        .filter(|c| c.context().kind == ContextKind::ConsumerGoal)
        .map(|c| c.text.clone())
        .collect();
    assert!(!goals.is_empty());
    let mut app = workshop_app(s);
    keys(&mut app, &["]", "]", "]"]);
    assert_eq!(w(&app).step(), Step::Usefulness);
    keys(
        &mut app,
        &[
            "a",
            "Self-service password reset",
            "<tab>",
            "<tab>",
            "<right>",
        ],
    );
    assert!(screen(&app, 120, 40).contains("Context goal"));
    keys(&mut app, &["<enter>"]);
    let added = w(&app).session().usefulness.last().unwrap();
    assert_eq!(added.text, "Self-service password reset");
    assert_eq!(added.usefulness().goal, goals[0]);
}

#[test]
fn a_number_that_may_be_left_out_says_so_in_its_range() {
    let mut s = template_session();
    s.outcomes[0].outcome_mut().importance = None;
    let mut app = workshop_app(s);
    for _ in 0..5 {
        keys(&mut app, &["]"]);
    }
    assert_eq!(w(&app).step(), Step::Outcomes);
    keys(&mut app, &["e"]);
    let text = screen(&app, 80, 24);
    let row = text.lines().find(|l| l.contains("Matters")).expect(&text);
    assert!(
        row.contains("‹ not said ›") && row.contains("1–5, 0 = not said"),
        "{row}"
    );
    assert!(!row.contains("(1-5)") && !row.contains("0–5"), "{row}");
}

#[test]
fn the_footer_names_space_for_an_agreements_status() {
    let mut app = agreements_app(template_session());
    let footer = screen(&app, 80, 24).lines().last().unwrap().to_string();
    assert!(footer.contains("Space status"), "{footer}");
    keys(&mut app, &[" "]);
    assert_eq!(
        w(&app).session().agreements[0].status,
        AgreementStatus::Done
    );
    // Not on a step without agreements.
    keys(&mut app, &["["]);
    let footer = screen(&app, 80, 24).lines().last().unwrap().to_string();
    assert!(!footer.contains("Space"), "{footer}");
}

#[test]
fn the_due_and_owner_column_takes_the_room_a_wide_terminal_has() {
    let mut app = agreements_app(template_session());
    app.handle(crossterm::event::Event::Resize(160, 48));
    let text = screen(&app, 160, 48);
    let row = text
        .lines()
        .find(|l| l.contains("night-shift"))
        .expect(&text);
    assert!(
        row.contains("OVERDUE 2026-11-16 · provider · Sam Okafor"),
        "{row}"
    );
    // The action's words still have most of the rest.
    assert!(row.contains("Add a night-shift escalation number"), "{row}");
}

#[test]
fn at_80_columns_an_overdue_action_still_shows_its_owner_side() {
    let app = agreements_app(template_session());
    let text = screen(&app, 80, 24);
    let row = text
        .lines()
        .find(|l| l.contains("night-shift"))
        .expect(&text);
    assert!(row.contains("OVERDUE 11-16 · provider"), "{row}");
}

/// Found by a new-user trial: an action the consumer owns could name a provider's person.
#[test]
fn an_owner_that_is_not_the_persons_side_is_refused_with_the_side_to_pick() {
    let mut s = one_agreement(Owner::Both, "", None);
    s.participants = vec![Participant {
        name: "Priya".into(),
        role: Role::Provider,
        group: None,
    }];
    let mut app = agreements_app(s);
    // Owner: consumer (one left of "both"); person: Priya.
    keys(
        &mut app,
        &["e", "<tab>", "<left>", "<tab>", "Priya", "<enter>"],
    );
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Priya is on the provider side: make the owner provider or both sides."),
        "{shown}"
    );
    assert_eq!(w(&app).session().agreements[0].person, "");
    // The form stays open with what was typed: choosing the provider saves it.
    keys(&mut app, &["<s-tab>", "<home>", "<enter>"]);
    let saved = &w(&app).session().agreements[0];
    assert_eq!(
        (saved.owner, saved.person.as_str()),
        (Owner::Provider, "Priya")
    );
}

/// Found by a new-user trial: a form's message was one row, so a long one lost its end
/// ("make the owner" with no side), at 80 columns and at 120.
#[test]
fn a_long_form_message_wraps_onto_more_rows() {
    let name = "Maximilian von Hohenstein-Richter";
    let mut s = one_agreement(Owner::Both, "", None);
    s.participants = vec![Participant {
        name: name.into(),
        role: Role::Provider,
        group: None,
    }];
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = agreements_app(s.clone());
        keys(
            &mut app,
            &["e", "<tab>", "<left>", "<tab>", name, "<enter>"],
        );
        let shown = screen(&app, width, height);
        let inside: Vec<&str> = shown
            .lines()
            .filter_map(|l| l.split('│').nth(1).map(str::trim))
            .collect();
        assert!(
            inside.join(" ").contains(&format!(
                "{name} is on the provider side: make the owner provider or both sides."
            )),
            "{shown}"
        );
    }
}
