//! Several raters at the TUI: the turn passing person to person under blind rating (the real
//! binary in a pseudo-terminal), and one person rating alone with `open --as NAME`.

use crate::support;

use crate::pty;

use covalue::domain::*;
use pty::Tui;
use std::path::{Path, PathBuf};
use support::{key, w, workshop_app};

const TAB: &str = "\t";

/// The list row of the first item, without the live summary beside it.
fn first_row(tui: &Tui) -> String {
    let contents = tui.contents();
    let line = contents
        .lines()
        .find(|l| l.starts_with(" 1 ") && l.contains("Fewer outages"))
        .unwrap_or_else(|| panic!("no first row:\n{contents}"))
        .to_string();
    line.split('│').next().unwrap_or_default().to_string()
}

/// A blind workshop with one provider and two consumers, and one benefit to rate.
fn three_raters(dir: &Path) -> PathBuf {
    let path = dir.join("three-voices-three001.ron");
    std::fs::write(
        &path,
        r#"(
    format: 2,
    id: "three001",
    title: "Three voices",
    service: "Service desk",
    mode: Workshop,
    participants: [
        (name: "Sam", role: Provider),
        (name: "Priya", role: Consumer, group: User),
        (name: "Ola", role: Consumer, group: Sponsor),
    ],
    blind: true,
    benefits: [(text: "Fewer outages")],
)
"#,
    )
    .unwrap();
    path
}

#[test]
fn three_raters_at_one_terminal_never_see_each_others_numbers_before_the_reveal() {
    let dir = tempfile::tempdir().unwrap();
    let path = three_raters(dir.path());
    let mut tui = Tui::start(dir.path(), &["open", path.to_str().unwrap()]);
    tui.wait_for("Three voices");
    tui.send("]]");
    tui.wait_for("Fewer outages");
    tui.wait_for("Sam · provider · service owner");

    tui.send("5");
    tui.wait_for("Sam rated 5");
    assert!(first_row(&tui).contains('5'), "Sam sees his own rating");

    tui.send(TAB);
    tui.wait_for("Priya · consumer · user");
    let row = first_row(&tui);
    assert!(
        row.contains('•') && !row.contains('5'),
        "Priya sees that Sam rated, not what: {row}"
    );
    tui.send("2");
    tui.wait_for("Priya rated 2");

    tui.send(TAB);
    tui.wait_for("Ola · consumer · sponsor");
    let row = first_row(&tui);
    assert!(
        row.contains('•') && !row.contains('5') && !row.contains('2'),
        "Ola sees neither Sam's nor Priya's number, though Priya is on her side: {row}"
    );
    // Who has rated shows, what does not.
    tui.wait_for("Rated: Sam ✓ · Priya ✓ · Ola –");
    tui.send("4");
    tui.wait_for("Ola rated 4");
    let row = first_row(&tui);
    assert!(
        row.contains("4•") && !row.contains('5') && !row.contains('2'),
        "Ola's own 4, and a mark for Priya's hidden one: {row}"
    );

    tui.send("r");
    tui.wait_for("Revealed 1 item.");
    let row = first_row(&tui);
    // Provider 5; consumers (2 + 4) ÷ 2 = 3; gap 2.
    assert!(
        row.contains('5') && row.contains('3') && !row.contains('•'),
        "every number after the reveal: {row}"
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let s = covalue::store::load(&path).unwrap();
    let r = &s.benefits[0].rating;
    assert_eq!(r.by(Side::Provider, "Sam"), Rating::new(5));
    assert_eq!(r.by(Side::Consumer, "Priya"), Rating::new(2));
    assert_eq!(r.by(Side::Consumer, "Ola"), Rating::new(4));
    assert!(r.revealed);
}

#[test]
fn rating_alone_shows_and_changes_only_ones_own_ratings() {
    let dir = tempfile::tempdir().unwrap();
    let path = three_raters(dir.path());
    let mut session = covalue::store::load(&path).unwrap();
    session.benefits[0]
        .rating
        .set_by(Side::Consumer, "Priya", Rating::new(2));
    covalue::store::save(&path, &session).unwrap();

    let p = path.to_str().unwrap();
    let mut tui = Tui::start(dir.path(), &["open", p, "--as", "ola"]);
    tui.wait_for("Three voices");
    tui.send("]]");
    tui.wait_for("Fewer outages");
    tui.wait_for("Ola · consumer · sponsor (alone)");
    let row = first_row(&tui);
    assert!(!row.contains('2') && !row.contains('•'), "{row}");
    tui.send("3");
    tui.wait_for("Ola rated 3");
    // Tab does not pass the turn, and deleting someone's item is undone at once.
    tui.send(TAB);
    tui.wait_for("You rate alone as Ola");
    tui.send("d");
    tui.wait_for("you can change only your own ratings");
    tui.wait_for("Fewer outages");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let s = covalue::store::load(&path).unwrap();
    assert_eq!(s.benefits.len(), 1);
    let r = &s.benefits[0].rating;
    assert_eq!(r.by(Side::Consumer, "Ola"), Rating::new(3));
    assert_eq!(r.by(Side::Consumer, "Priya"), Rating::new(2));

    // Someone not in the session is told who can rate, before any screen.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_covalue"))
        .args(["open", p, "--as", "Zoe"])
        .env("COVALUE_DATA_DIR", dir.path())
        .env("COVALUE_CACHE_DIR", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "covalue: \"Zoe\" is not a participant; the participants who rate are: Sam, Priya, Ola"
    );
}

#[test]
fn the_turn_goes_round_everyone_who_rates_and_a_sides_only_participant_speaks_for_it() {
    // The service-desk template: Sam Okafor (provider) and Priya Raman (consumer), its ratings
    // given by the sides' default raters, as a format-1 file's are.
    let mut app = workshop_app(support::template_session());
    let turns: Vec<String> = (0..3)
        .map(|_| {
            let who = w(&app).turn_label();
            app.key(key("<tab>"));
            who
        })
        .collect();
    assert_eq!(
        turns,
        [
            "Sam Okafor · provider · service owner",
            "Priya Raman · consumer · customer",
            "Sam Okafor · provider · service owner"
        ]
    );
    // Sam is the provider's only participant: the template's provider number was his, and his
    // rating replaces it rather than joining it.
    assert_eq!(w(&app).rater(), "Priya Raman");
    for k in ["<tab>", "]", "]", "1"] {
        app.key(key(k));
    }
    let r = &w(&app).session().benefits[0].rating;
    assert_eq!(r.by(Side::Provider, "Sam Okafor"), Rating::new(1));
    assert_eq!(r.by(Side::Provider, "provider"), None);
    assert_eq!(r.mean(Side::Provider), Some(1.0));
}

#[test]
fn setup_gives_a_participant_a_group_and_shows_a_merges_conflicts() {
    let mut session = support::template_session();
    session.conflicts.push(Conflict {
        step: Some(Step::Benefits),
        item: session.benefits[0].id.clone(),
        rater: "Priya Raman".into(),
        message: "Benefits 1 \"Less time lost\": Priya Raman 3 (ours) vs 4 (theirs)".into(),
    });
    let mut app = workshop_app(session);
    // Add Ola Berg as a consumer of the user group.
    support::keys(
        &mut app,
        &[
            "a", "Ola Berg", "<tab>", "<right>", "<tab>", "<right>", "<right>", "<enter>",
        ],
    );
    let ola = w(&app).session().participants.last().unwrap().clone();
    assert_eq!(
        (ola.name.as_str(), ola.role, ola.group),
        ("Ola Berg", Role::Consumer, Some(Group::User))
    );
    let text = support::screen(&app, 120, 40);
    assert!(
        text.contains("Ola Berg") && text.contains("consumer · user"),
        "{text}"
    );
    assert!(text.contains("⚠ 1 conflict (Setup)"), "{text}");
    assert!(text.contains("Merge conflicts (1)"), "{text}");
    assert!(
        text.contains("Priya Raman 3 (ours) vs 4 (theirs)"),
        "{text}"
    );
    // Ola now takes a turn among the consumers.
    let turns: Vec<String> = w(&app)
        .session()
        .turns()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(turns, ["Sam Okafor", "Priya Raman", "Ola Berg"]);
}

#[test]
fn setup_lists_raters_who_are_not_participants_and_removes_their_ratings_with_undo() {
    // The service-desk example, with two ratings kept from someone no longer in Setup.
    let mut session = support::template_session();
    for b in session.benefits.iter_mut().take(2) {
        b.rating
            .set_by(Side::Consumer, "earlier consumer rating", Rating::new(1));
    }
    let before = session.clone();
    let mut app = workshop_app(session);
    let text = support::screen(&app, 80, 24);
    assert!(
        text.contains("Ratings by people not in Setup (1)"),
        "{text}"
    );
    assert!(
        text.contains("earlier consumer rating") && text.contains("2 ratings"),
        "{text}"
    );
    // The last Setup row is that rater: Enter does not edit them as a participant.
    support::keys(&mut app, &["G", "<enter>"]);
    assert!(w(&app).form().is_none());
    assert!(
        w(&app).message().unwrap().contains("not a participant"),
        "{:?}",
        w(&app).message()
    );
    support::keys(&mut app, &["d"]);
    assert_eq!(
        w(&app).message(),
        Some("Removed 2 ratings by earlier consumer rating (consumer). u undoes.")
    );
    let s = w(&app).session();
    assert!(s.stray_raters().is_empty());
    assert_eq!(
        s.benefits[0]
            .rating
            .by(Side::Consumer, "earlier consumer rating"),
        None
    );
    assert_eq!(
        s.benefits[0].rating.by(Side::Consumer, "Priya Raman"),
        before.benefits[0].rating.by(Side::Consumer, "Priya Raman")
    );
    assert!(!support::screen(&app, 80, 24).contains("not in Setup"));
    support::keys(&mut app, &["u"]);
    assert_eq!(w(&app).session().benefits, before.benefits);
    assert_eq!(
        w(&app).step(),
        Step::Setup,
        "undo stays where the change was"
    );
    support::keys(&mut app, &["<c-r>"]);
    assert!(w(&app).session().stray_raters().is_empty());
}
