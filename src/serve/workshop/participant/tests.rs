//! A participant's screen over the master, without a network: what they see, type and rate.

use super::super::tests::{open_to, prework, rate, room, session};
use super::*;
use crate::tui::seat::TYPED_MAX;

fn press(seat: &mut ParticipantScreen, room: &Room, keys: &str) -> After {
    let mut after = After::Draw;
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        after = seat.handle(Event::Key(KeyEvent::from(code)), room);
    }
    after
}

/// The seat's screen as text, one line per row.
fn screen(seat: &mut ParticipantScreen, room: &Room, width: u16, height: u16) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| seat.draw(frame, room)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The key hints: the screen's last line.
fn footer(seat: &mut ParticipantScreen, room: &Room) -> String {
    screen(seat, room, 80, 24)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string()
}

/// The selected item, as the details under the list name it (the line under the rule).
fn selected_item(shown: &str) -> String {
    let mut lines = shown.lines().skip_while(|l| !l.starts_with('─'));
    let line = lines.nth(1).unwrap_or_default();
    line.split('│')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Whether the stepper shows `title` as the current step (spelled in full, the others cut).
fn on_step(shown: &str, title: &str) -> bool {
    let stepper = shown.lines().nth(1).unwrap_or_default();
    stepper
        .split_whitespace()
        .any(|s| s.chars().skip(1).eq(title.chars()))
}

/// The rating cells of `item`'s row (provider, consumer, gap), as the list shows them.
pub(in crate::serve::workshop) fn cells(shown: &str, item: &str) -> Vec<String> {
    let line = shown.lines().find(|l| l.contains(item)).unwrap_or_default();
    let row = line.split('│').next().unwrap_or_default();
    let after = &row[row.find(item).map_or(row.len(), |i| i + item.len())..];
    after.split_whitespace().map(str::to_string).collect()
}

pub(in crate::serve::workshop) fn seat(master: &Master, name: &str) -> ParticipantScreen {
    let about = side_of(&master.session(), name).map_or("participant", |s| s.name());
    ParticipantScreen::new(
        Person::new(name, about),
        master.clone(),
        Places::default(),
        Theme::new(crate::tui::theme::ThemeKind::Default),
    )
}

#[test]
fn a_participant_adds_an_item_only_when_allowed_and_it_is_selected_for_rating() {
    let master = Master::new(session(), Step::Benefits);
    let room = room();
    let mut priya = seat(&master, "Priya");
    press(&mut priya, &room, "a");
    assert!(
        screen(&mut priya, &room, 80, 24)
            .contains("The facilitator has not opened adding items to participants."),
        "{}",
        screen(&mut priya, &room, 80, 24)
    );
    assert!(
        !footer(&mut priya, &room).contains("a add"),
        "no hint for a key that does nothing"
    );
    master.allow_items(true);
    assert!(footer(&mut priya, &room).contains("a add"));
    press(&mut priya, &room, "aNight cover");
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(
        shown.contains("New item for Benefits") && shown.contains("Night cover"),
        "{shown}"
    );
    assert_eq!(press(&mut priya, &room, "\n"), After::DrawAll);
    assert_eq!(master.session().benefits[2].text, "Night cover");
    // The new item is selected: the next digit rates it.
    press(&mut priya, &room, "4");
    assert_eq!(
        master.session().benefits[2]
            .rating
            .by(Side::Consumer, "Priya"),
        Rating::new(4)
    );
    // Esc drops what was typed.
    press(&mut priya, &room, "aDropped\u{1b}");
    assert_eq!(master.session().benefits.len(), 3);
    assert!(screen(&mut priya, &room, 80, 24).contains("Item dropped."));
}

#[test]
fn after_a_rating_the_seat_moves_to_the_next_item_the_person_has_not_rated() {
    let master = Master::new(session(), Step::Benefits);
    master.allow_items(true);
    master
        .submit(Change::Add {
            name: "Ben".into(),
            dimension: Dimension::Benefits,
            text: "Clear status".into(),
        })
        .unwrap();
    let room = room();
    let mut priya = seat(&master, "Priya");
    // Rates item 0, then item 1 (selected by the advance), then back to item 0 with k.
    press(&mut priya, &room, "jj3");
    press(&mut priya, &room, "4");
    let rated = |m: &Master, i: usize| m.session().benefits[i].rating.by(Side::Consumer, "Priya");
    assert_eq!(rated(&master, 2), Rating::new(3));
    assert_eq!(
        rated(&master, 0),
        Rating::new(4),
        "wrapped round to the first unrated"
    );
    press(&mut priya, &room, "5");
    assert_eq!(rated(&master, 1), Rating::new(5));
    assert!(
        screen(&mut priya, &room, 80, 24).contains("You have rated every item of Benefits"),
        "{}",
        screen(&mut priya, &room, 80, 24)
    );
}

#[test]
fn the_step_timer_counts_down_on_every_participants_screen() {
    let master = Master::new(session(), Step::Setup);
    let mut workshop = Workshop::new(session(), "review.ron", None);
    let room = room();
    let mut priya = seat(&master, "Priya");
    master.submit(Change::Step(Step::Benefits)).unwrap();
    master.sync(&mut workshop);
    assert!(!screen(&mut priya, &room, 100, 24).contains("⏱"));
    master.submit(Change::Timer).unwrap();
    assert!(master.sync(&mut workshop), "a started timer is news");
    let minutes = session().minutes_for(Step::Benefits);
    let shown = screen(&mut priya, &room, 100, 24);
    assert!(shown.contains(&format!("⏱ {minutes}:00 left")), "{shown}");
    assert!(master.timer().unwrap().running);
    // Screens count down from what was published, without the writer saying more. (A sleep
    // of over a second: the count is in whole seconds. Slowness only makes it count more.)
    let published = master.timer().unwrap().left;
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(master.timer().unwrap().left < published);
    // The writer's clock moves 90 s; pausing publishes what is left.
    workshop.tick(std::time::Duration::from_secs(90));
    master.submit(Change::Timer).unwrap();
    assert!(master.sync(&mut workshop));
    let left = i64::from(minutes) * 60 - 90;
    assert_eq!(master.timer().unwrap().left, left);
    // Started again from the same place: the screens must see it run again.
    master.submit(Change::Timer).unwrap();
    assert!(master.sync(&mut workshop), "a restarted timer is news");
    assert!(master.timer().unwrap().running);
    master.submit(Change::Timer).unwrap();
    master.sync(&mut workshop);
    assert!(
        screen(&mut priya, &room, 100, 24)
            .contains(&format!("⏸ {} left", crate::tui::workshop::clock(left))),
        "{}",
        screen(&mut priya, &room, 100, 24)
    );
}

#[test]
fn no_number_of_another_person_reaches_a_participants_screen_before_the_reveal() {
    let mut blind = session();
    blind.blind = true;
    let master = Master::new(blind, Step::Benefits);
    master.submit(rate("Ben", 0, 5)).unwrap();
    master.submit(rate("Sam", 0, 1)).unwrap();
    let room = room();
    let mut priya = seat(&master, "Priya");
    press(&mut priya, &room, "2k");
    for (w, h) in [(80, 24), (160, 50)] {
        let shown = screen(&mut priya, &room, w, h);
        assert!(shown.contains("Ben ✓"), "{shown}");
        let line = shown.lines().find(|l| l.contains("Faster fixes")).unwrap();
        // The item's row, not the live summary beside it.
        let row = line.split('│').next().unwrap();
        let after = &row[row.find("Faster fixes").unwrap()..];
        let digits: String = after.chars().filter(char::is_ascii_digit).collect();
        assert_eq!(digits, "2", "only her own number on the item:\n{shown}");
    }
    press(&mut priya, &room, "?");
    let shown = screen(&mut priya, &room, 160, 50);
    assert!(shown.contains("Any key closes this help."), "{shown}");
    assert!(
        !shown.contains("Ben 5") && !shown.contains("Sam 1"),
        "{shown}"
    );
    master.submit(Change::Reveal).unwrap();
    press(&mut priya, &room, "k");
    assert!(screen(&mut priya, &room, 80, 24).contains("Ben 5"));
}

#[test]
fn on_the_summary_step_a_participant_sees_the_summary_without_hidden_ratings() {
    let mut blind = session();
    blind.blind = true;
    let master = Master::new(blind, Step::Benefits);
    master.submit(rate("Ben", 0, 5)).unwrap();
    master.submit(rate("Priya", 0, 1)).unwrap();
    master.submit(Change::Step(Step::Summary)).unwrap();
    let room = room();
    let mut priya = seat(&master, "Priya");
    let s = master.session();
    let hers = crate::domain::summarize_seen_by(&s, Side::Consumer, "Priya");
    let everything = crate::domain::summarize(&s);
    assert_ne!(
        hers.value_index.value, everything.value_index.value,
        "the example must hide something"
    );
    let shown = screen(&mut priya, &room, 100, 40);
    // The dashboard's value index, as the live summary writes it.
    let index_line = |summary: &crate::domain::value::Summary| {
        format!(
            "Value index {:>3} /100",
            crate::text::score_text(summary.value_index.value)
        )
    };
    assert!(shown.contains(&index_line(&hers)), "{shown}");
    assert!(!shown.contains(&index_line(&everything)), "{shown}");
    assert!(shown.contains("1 rating by others stays hidden"), "{shown}");
    // After the reveal, the whole summary.
    master.submit(Change::Step(Step::Benefits)).unwrap();
    master.submit(Change::Reveal).unwrap();
    master.submit(Change::Step(Step::Summary)).unwrap();
    let s = master.session();
    let shown = screen(&mut priya, &room, 100, 40);
    assert!(
        shown.contains(&index_line(&crate::domain::summarize(&s))),
        "{shown}"
    );
    // Moving down the summary at 80×24 past its end does not panic; the dashboard keeps its
    // value index in view (it pages with v rather than scrolling away).
    press(
        &mut priya,
        &room,
        "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj",
    );
    let small = screen(&mut priya, &room, 80, 24);
    assert!(small.contains("Value index"), "{small}");
    press(&mut priya, &room, "g");
    assert!(screen(&mut priya, &room, 80, 24).contains("Value index"));
}

#[test]
fn what_a_participant_types_goes_where_they_started_even_if_the_step_moves_meanwhile() {
    let master = open_to(true, true);
    let room = room();
    let mut priya = seat(&master, "Priya");
    // A note on the second benefit, half typed when the facilitator moves on.
    press(&mut priya, &room, "j\nhalf typed");
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(
        shown.contains("Note on \"Fewer calls\"") && shown.contains("half typed"),
        "{shown}"
    );
    master.submit(Change::Step(Step::Costs)).unwrap();
    press(&mut priya, &room, " thought\n");
    let s = master.session();
    assert_eq!(
        s.note(Step::Benefits, "Fewer calls"),
        Some("Priya: half typed thought")
    );
    // An item started on Costs lands on Costs after the facilitator went to Risks.
    press(&mut priya, &room, "aLicence fees");
    master.submit(Change::Step(Step::Risks)).unwrap();
    press(&mut priya, &room, "\n");
    let s = master.session();
    assert_eq!(s.costs.len(), 1);
    assert_eq!(s.costs[0].text, "Licence fees");
    assert!(s.risks.is_empty());
    assert!(screen(&mut priya, &room, 80, 24).contains("Item added to Costs."));
}

#[test]
fn a_locked_step_offers_no_rating_keys_and_an_empty_item_says_so() {
    let master = open_to(true, true);
    let room = room();
    let mut priya = seat(&master, "Priya");
    press(&mut priya, &room, "a   \n");
    assert!(screen(&mut priya, &room, 80, 24).contains("An item needs some words."));
    // A pasted line break becomes a space, not a stray mark.
    press(&mut priya, &room, "a");
    priya.handle(Event::Paste("Night\r\ncover".into()), &room);
    press(&mut priya, &room, "\n");
    assert_eq!(master.session().benefits[2].text, "Night cover");
    assert!(footer(&mut priya, &room).contains("1-5 rate"));
    master.set_locked(true);
    let locked = footer(&mut priya, &room);
    assert!(
        !locked.contains("rate") && !locked.contains("note") && !locked.contains("add"),
        "{locked}"
    );
    assert!(screen(&mut priya, &room, 80, 24).contains("The facilitator has locked this step."));
    press(&mut priya, &room, "a");
    assert!(!screen(&mut priya, &room, 80, 24).contains("New item for"));
}

#[test]
fn a_participant_reads_what_they_rate_and_the_steps_without_ratings() {
    let mut s = session();
    s.benefits[0].text =
        "A benefit whose words run on far past the width of the list column".into();
    s.context.push(crate::domain::ContextItem {
        text: "Keep the shop open at night".into(),
        ..crate::domain::ContextItem::default()
    });
    let master = Master::new(s, Step::Benefits);
    let room = room();
    let mut priya = seat(&master, "Priya");
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(
        shown.contains("far past the width") && shown.contains("of the list column"),
        "the whole text of the selected item:\n{shown}"
    );
    assert!(shown.contains("how strongly felt"), "{shown}");
    master.submit(Change::Step(Step::Context)).unwrap();
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(shown.contains("Keep the shop open at night"), "{shown}");
}

#[test]
fn a_participant_reads_each_line_of_the_selected_items_note_under_it() {
    let master = open_to(false, true);
    let room = room();
    let mut priya = seat(&master, "Priya");
    let mut ben = seat(&master, "Ben");
    press(&mut priya, &room, "\nslow at night\n");
    press(&mut ben, &room, "\nwe know\n");
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(shown.contains("Note: Priya: slow at night"), "{shown}");
    assert!(shown.contains("Ben: we know"), "{shown}");
    // A message does not hide the note.
    assert!(screen(&mut ben, &room, 80, 24).contains("Note added."));
    assert!(screen(&mut ben, &room, 80, 24).contains("Note: Priya: slow at night"));
}

#[test]
fn words_typed_for_an_item_that_went_meanwhile_are_shown_not_lost() {
    let master = open_to(false, true);
    let room = room();
    let mut priya = seat(&master, "Priya");
    let mut writer = Workshop::new(session(), "review.ron", None);
    writer.go_to_step(Step::Benefits);
    press(&mut priya, &room, "\nslow at night");
    // The facilitator renames the item while she types.
    writer.apply_outside(|s| s.benefits[0].text = "Quicker fixes".into());
    master.sync(&mut writer);
    press(&mut priya, &room, "\n");
    let shown = screen(&mut priya, &room, 120, 30);
    assert!(shown.contains("Your words: slow at night"), "{shown}");
}

#[test]
fn typing_takes_plain_characters_up_to_the_limit_and_no_control_keys() {
    let master = open_to(true, false);
    let room = room();
    let mut priya = seat(&master, "Priya");
    press(&mut priya, &room, "a");
    priya.handle(
        Event::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL)),
        &room,
    );
    press(&mut priya, &room, "ok");
    for _ in 0..310 {
        press(&mut priya, &room, "z");
    }
    press(&mut priya, &room, "\n");
    let text = &master.session().benefits[2].text;
    assert!(text.starts_with("okz"), "Ctrl-X typed nothing: {text:?}");
    assert_eq!(
        text.chars().count(),
        300,
        "the longest item a participant may type"
    );
}

#[test]
fn a_paste_cut_to_the_longest_line_says_so() {
    let master = open_to(true, false);
    let room = room();
    let mut priya = seat(&master, "Priya");
    press(&mut priya, &room, "a");
    priya.handle(Event::Paste("z".repeat(TYPED_MAX + 20)), &room);
    let shown = screen(&mut priya, &room, 100, 24);
    assert!(
        shown.contains("Only the first 300 characters are sent; Enter adds them, Esc drops it."),
        "{shown}"
    );
    press(&mut priya, &room, "\n");
    assert_eq!(master.session().benefits[2].text.chars().count(), TYPED_MAX);
}

#[test]
fn a_seat_opened_again_for_the_same_person_finds_their_place() {
    let master = Master::new(session(), Step::Benefits);
    let room = room();
    let places = Places::default();
    let about = |name| Person::new(name, "consumer");
    let theme = || Theme::new(crate::tui::theme::ThemeKind::Default);
    let mut first =
        ParticipantScreen::new(about("Priya"), master.clone(), Arc::clone(&places), theme());
    press(&mut first, &room, "j");
    screen(&mut first, &room, 80, 24);
    drop(first);
    let mut again =
        ParticipantScreen::new(about("Priya"), master.clone(), Arc::clone(&places), theme());
    let shown = screen(&mut again, &room, 80, 24);
    assert_eq!(again.app().place(), (Step::Benefits, 1), "{shown}");
    assert_eq!(selected_item(&shown), "Fewer calls", "{shown}");
}

/// Found by a trial: a line half typed was lost when the same person connected again (a
/// dropped ssh, the same key elsewhere); their next connection opens it again.
#[test]
fn a_line_typed_and_not_sent_is_there_on_the_next_connection() {
    let master = open_to(true, false);
    let room = room();
    let places = Places::default();
    let theme = || Theme::new(crate::tui::theme::ThemeKind::Default);
    let priya = || Person::new("Priya", "consumer");
    let mut first = ParticipantScreen::new(priya(), master.clone(), Arc::clone(&places), theme());
    press(&mut first, &room, "aHalf a thought");
    drop(first);
    let mut again = ParticipantScreen::new(priya(), master.clone(), Arc::clone(&places), theme());
    let shown = screen(&mut again, &room, 80, 24);
    assert!(shown.contains("Half a thought"), "{shown}");
    assert!(shown.contains("Your unsent words are back"), "{shown}");
    press(&mut again, &room, " more\n");
    let texts: Vec<String> = master
        .session()
        .benefits
        .iter()
        .map(|b| b.text.clone())
        .collect();
    assert!(
        texts.iter().any(|t| t == "Half a thought more"),
        "{texts:?}"
    );
    // Sent, it is not offered again.
    drop(again);
    let mut third = ParticipantScreen::new(priya(), master.clone(), Arc::clone(&places), theme());
    let shown = screen(&mut third, &room, 80, 24);
    assert!(!shown.contains("Your unsent words are back"), "{shown}");
    assert!(!third.typing(), "{shown}");
}

#[test]
fn the_participants_help_is_the_apps_help_and_any_key_closes_it() {
    let master = Master::new(session(), Step::Benefits);
    let room = room();
    let mut priya = seat(&master, "Priya");
    press(&mut priya, &room, "?");
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(shown.contains("╭ Help"), "{shown}");
    assert!(shown.contains("Any key closes this help."), "{shown}");
    // Only what a participant can do: no deleting, no steps of their own outside a pre-work
    // window, no adding while the facilitator has not opened it.
    assert!(!shown.contains("delete"), "{shown}");
    assert!(!shown.contains("next step"), "{shown}");
    assert!(!shown.contains("add an item"), "{shown}");
    press(&mut priya, &room, "x");
    assert!(!screen(&mut priya, &room, 80, 24).contains("╭ Help"));
}

#[test]
fn the_status_line_and_the_summary_say_hidden_only_while_something_is() {
    let mut blind = session();
    blind.blind = true;
    let master = Master::new(blind, Step::Benefits);
    master.submit(rate("Ben", 0, 5)).unwrap();
    master.submit(rate("Priya", 0, 1)).unwrap();
    master.submit(rate("Ben", 1, 4)).unwrap();
    master.submit(rate("Priya", 1, 2)).unwrap();
    let room = room();
    let mut priya = seat(&master, "Priya");
    assert!(screen(&mut priya, &room, 80, 24).contains("until the facilitator reveals"));
    master.submit(Change::Step(Step::Summary)).unwrap();
    assert!(screen(&mut priya, &room, 100, 40).contains("Your view:"));
    master.submit(Change::Reveal).unwrap();
    let shown = screen(&mut priya, &room, 100, 40);
    assert!(
        !shown.contains("Your view:"),
        "nothing is hidden now:\n{shown}"
    );
    assert!(
        !shown.contains("hidden until"),
        "nothing is hidden now:\n{shown}"
    );
    master.submit(Change::Step(Step::Benefits)).unwrap();
    let shown = screen(&mut priya, &room, 80, 24);
    assert!(
        shown.contains("everyone's ratings on this step are open to all"),
        "{shown}"
    );
}

#[test]
fn in_a_prework_window_each_person_moves_alone_and_nothing_is_rated_after_the_close() {
    let (master, now, s) = prework(true);
    let mut workshop = Workshop::new(s, "review.ron", None);
    let room = room();
    let (mut ben, mut priya) = (seat(&master, "Ben"), seat(&master, "Priya"));
    // Both start on Benefits whatever the facilitator's step; each moves on their own.
    assert!(on_step(&screen(&mut priya, &room, 100, 24), "Benefits"));
    press(&mut priya, &room, "]");
    let hers = screen(&mut priya, &room, 100, 24);
    assert!(on_step(&hers, "Usefulness"), "{hers}");
    assert!(
        hers.contains("open until 2026-11-30 00:54:20 UTC"),
        "{hers}"
    );
    assert!(on_step(&screen(&mut ben, &room, 100, 24), "Benefits"));
    press(&mut priya, &room, "2");
    press(&mut ben, &room, "4");
    press(&mut priya, &room, "[4");
    let hers = screen(&mut priya, &room, 100, 24);
    assert!(hers.contains("you rated 2/3"), "{hers}");
    // Ben (the provider) has rated, hidden from her: a mark, not his 4.
    assert_eq!(cells(&hers, "Faster fixes")[0], "•", "{hers}");
    // No reveal while the window is open, not even the facilitator's.
    assert!(master.submit(Change::Reveal).is_err());
    assert!(master.sync(&mut workshop));
    assert_eq!(master.close_news(), None);

    // The close: a rating is refused with the time it closed; the writer reveals and says so.
    now.fetch_add(60, Ordering::Relaxed);
    assert_eq!(master.submit(rate("Sam", 0, 3)), Err(Refused::WindowClosed));
    press(&mut ben, &room, "j5");
    let his = screen(&mut ben, &room, 100, 24);
    assert!(
        his.contains("The pre-work window closed at 2026-11-30 00:54:20 UTC"),
        "{his}"
    );
    assert!(master.sync(&mut workshop), "the close is news");
    let news = master.close_news().expect("the close is said");
    assert!(news.contains("revealed at the close: 1 item"), "{news}");
    assert_eq!(master.close_news(), None, "said once");
    let saved = workshop.session();
    assert!(saved.benefits[0].rating.revealed);
    assert_eq!(saved.benefits[1].rating.by(Side::Provider, "Ben"), None);
    assert_eq!(
        saved.served.open_until,
        Some(crate::domain::Timestamp::from_unix(1_796_000_060)),
        "the window is kept in the session for a restart"
    );
    assert!(saved.served.reveal_at_close);
    let his = screen(&mut ben, &room, 100, 24);
    assert_eq!(cells(&his, "Faster fixes")[1], "4", "Priya's 4:\n{his}");
}

#[test]
fn once_notes_are_open_the_footer_offers_enter_as_a_note_not_an_edit() {
    let master = Master::new(session(), Step::Benefits);
    let room = room();
    let mut priya = seat(&master, "Priya");
    assert!(!footer(&mut priya, &room).contains("note"));
    master.allow_notes(true);
    let shown = footer(&mut priya, &room);
    assert!(shown.contains("Enter note"), "{shown}");
    assert!(!shown.contains("edit"), "{shown}");
}
