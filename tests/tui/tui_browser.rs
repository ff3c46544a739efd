//! The session browser: opening, reviewing, filtering, deleting, starting sessions, grouping by
//! service, and reading a real folder.

use crate::support;

use covalue::domain::Rating;
use covalue::tui::action::{Effect, Start};
use covalue::tui::app::Screen;
use support::*;

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
fn the_new_session_dialog_offers_a_templates_worked_example() {
    let mut app = browser_app(Vec::new());
    keys(&mut app, &["n", "j", "j", "<enter>"]);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Start with") && text.contains("items to rate"),
        "{text}"
    );
    let effects = keys(&mut app, &["<tab>", " ", "<enter>"]);
    assert_eq!(
        effects,
        [Effect::Create {
            start: Start::Example("cloud-hosting"),
            title: "Cloud hosting renewal workshop (example)".into()
        }]
    );
    // A blank session has no example to offer.
    let mut app = browser_app(Vec::new());
    keys(&mut app, &["n", "<enter>"]);
    assert!(!screen(&app, 80, 24).contains("Start with"));
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

/// A second trial's report: a worked example moved the service's trend in the browser while
/// the portfolio left it out. It is listed, said, and left out of the trend.
#[test]
fn a_worked_example_is_listed_but_moves_no_trend() {
    let mut entries = sample_entries();
    if let Ok(row) = &mut entries[2].row {
        row.service = "Managed IT service desk".into();
        row.title = "Service desk (example)".into();
        row.value_index = Some(95.0);
        row.alignment = Some(99.0);
        row.example = true;
    }
    let app = browser_app(entries);
    let text = screen(&app, 80, 24);
    // Without the example, the trend would read value 95→60 ↓.
    assert!(
        text.contains("Managed IT service desk · 2 sessions · value 60 · alignment 78 · 1 example"),
        "{text}"
    );
}

// ------------------------------------------------------------------ snapshots

#[test]
fn the_browser_reads_the_folder_and_names_the_place_of_each_error() {
    let dir = tempfile::tempdir().unwrap();
    let store = covalue::store::Store::new(dir.path()).with_cache_dir(None);
    store.create(&template_session()).unwrap();
    let bad =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/rating.ron");
    std::fs::copy(bad, dir.path().join("rating.ron")).unwrap();
    let entries = covalue::tui::effects::browser_entries(&store).unwrap();
    assert_eq!(entries.len(), 2);
    let error = entries.iter().find_map(|e| e.row.as_ref().err()).unwrap();
    assert_eq!(
        error.to_string(),
        "line 8, column 45: 7 is not a rating: expected a whole number from 1 to 5"
    );
    let row = entries.iter().find_map(|e| e.row.as_ref().ok()).unwrap();
    assert_eq!(
        (row.title.as_str(), row.value_index.map(|v| v.round())),
        ("Service desk value review", Some(60.0))
    );
}

#[test]
fn the_browser_shows_no_number_from_a_hidden_rating_and_marks_partial_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let store = covalue::store::Store::new(dir.path());
    // A blind follow-up where only the provider has rated, nothing revealed yet.
    let mut s = template_session();
    s.clear_ratings();
    s.blind = true;
    s.benefits[0]
        .rating
        .set(covalue::domain::Side::Provider, Rating::new(1));
    store.create(&s).unwrap();
    let entries = covalue::tui::effects::browser_entries(&store).unwrap();
    let row = entries[0].row.as_ref().unwrap();
    assert_eq!(row.value_index, None, "the hidden rating gives no number");
    assert!(row.partial);
    let app = browser_app(entries);
    let text = screen(&app, 120, 24);
    assert!(text.contains("(partial)"), "{text}");
}

#[test]
fn a_partial_session_does_not_drive_the_trend() {
    let mut entries = sample_entries();
    if let Ok(row) = &mut entries[1].row {
        row.service = "Managed IT service desk".into();
    }
    if let Ok(row) = &mut entries[2].row {
        row.service = "Managed IT service desk".into();
        row.updated = "2026-12-01 09:00".into();
        row.value_index = Some(50.0);
        row.alignment = Some(40.0);
        row.partial = true;
    }
    let app = browser_app(entries);
    let text = screen(&app, 120, 24);
    assert!(!text.contains("→50"), "{text}");
    assert!(text.contains("value 64→60 ↓"), "{text}");
    assert!(text.contains("1 partial"), "{text}");
}

#[test]
fn a_session_with_overdue_actions_says_so_in_the_browser() {
    let mut entries = sample_entries();
    if let Ok(row) = &mut entries[0].row {
        row.overdue = 2;
    }
    let app = browser_app(entries);
    let text = screen(&app, 120, 24);
    assert!(
        text.contains("Service desk value review ⚠2 overdue"),
        "{text}"
    );

    // From the files: an open agreement due long ago counts.
    let dir = tempfile::tempdir().unwrap();
    let store = covalue::store::Store::new(dir.path());
    let mut s = template_session();
    s.agreements[0].due = covalue::domain::Date::new(2000, 1, 1);
    store.create(&s).unwrap();
    let entries = covalue::tui::effects::browser_entries(&store).unwrap();
    assert!(entries[0].row.as_ref().unwrap().overdue >= 1);
}

#[test]
fn the_listing_carries_due_dates_so_overdue_actions_are_counted_on_the_day_read() {
    use covalue::domain::{Agreement, Date};
    let dir = tempfile::tempdir().unwrap();
    let store = covalue::store::Store::new(dir.path());
    let mut s = template_session();
    s.agreements = vec![
        Agreement {
            text: "Long past".into(),
            due: Date::new(2001, 1, 1),
            ..Default::default()
        },
        Agreement {
            text: "Far ahead".into(),
            due: Date::new(2999, 1, 1),
            ..Default::default()
        },
    ];
    store.create(&s).unwrap();
    let entries = covalue::tui::effects::browser_entries(&store).unwrap();
    assert_eq!(entries[0].row.as_ref().unwrap().overdue, 1);
    let app = browser_app(entries);
    let text = screen(&app, 120, 24);
    assert!(text.contains("⚠1 overdue"), "{text}");
}

/// A trial's find: the first review kept `⚠1 overdue` after its follow-up marked the action
/// done, while the portfolio and `compare` counted none. A session a follow-up was made from
/// hands its open actions on: the follow-up says whether they are overdue.
#[test]
fn a_session_followed_up_shows_no_overdue_actions_of_its_own() {
    use covalue::domain::{Agreement, AgreementStatus, Date};
    let dir = tempfile::tempdir().unwrap();
    let store = covalue::store::Store::new(dir.path());
    let mut first = template_session();
    first.agreements = vec![Agreement {
        text: "Long past".into(),
        due: Date::new(2020, 1, 1),
        ..Default::default()
    }];
    store.create(&first).unwrap();
    let overdue = |store: &covalue::store::Store, id: &str| {
        let entries = covalue::tui::effects::browser_entries(store).unwrap();
        entries
            .iter()
            .filter_map(|e| e.row.as_ref().ok())
            .find(|r| r.id == id)
            .unwrap()
            .overdue
    };
    assert_eq!(overdue(&store, &first.id), 1);
    let mut next = covalue::domain::follow_up::follow_up(
        &first,
        "next0001",
        "Follow-up",
        covalue::store::now(),
    );
    next.agreements[0].status = AgreementStatus::Done;
    store.create(&next).unwrap();
    assert_eq!(overdue(&store, &first.id), 0);
    assert_eq!(overdue(&store, "next0001"), 0);
}

#[test]
fn a_weighted_value_is_marked_in_the_browser_with_the_equal_weight_one_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = covalue::store::Store::new(dir.path());
    let mut s = template_session();
    let equal = covalue::domain::summarize(&s).value_index.value;
    s.weights = Some(covalue::domain::balance::Weights::new([100, 0, 0, 0]).unwrap());
    store.create(&s).unwrap();
    let entries = covalue::tui::effects::browser_entries(&store).unwrap();
    let row = entries[0].row.clone().unwrap();
    assert_eq!(row.equal_index, equal);
    let app = browser_app(entries);
    let text = screen(&app, 120, 24);
    let weighted = covalue::text::score_text(row.value_index);
    assert!(text.contains(&format!("{weighted}w")), "{text}");
    assert!(
        text.contains(&format!(
            "with equal weights {}.",
            covalue::text::score_text(equal)
        )),
        "{text}"
    );
}

/// The filter is the one text input the forms use: arrows move its cursor, a letter goes where
/// the cursor is (shown there), and Ctrl-U clears to the start, as in every form field.
#[test]
fn the_filter_edits_like_a_form_field() {
    let mut app = browser_app(sample_entries());
    keys(&mut app, &["/", "clod", "<left>", "u"]);
    let Screen::Browser(b) = &app.screen else {
        panic!()
    };
    assert_eq!(b.filter.text(), "cloud");
    assert_eq!(b.visible().len(), 1);
    assert!(screen(&app, 80, 24).contains(" filter: clou▏d"));
    keys(&mut app, &["<c-u>", "<enter>"]);
    let Screen::Browser(b) = &app.screen else {
        panic!()
    };
    assert_eq!(b.filter.text(), "d");
}

/// An unreadable file's row says where in it, as data: a line and column, and what.
#[test]
fn an_unreadable_file_is_a_typed_error_with_its_place() {
    use covalue::tui::browser::Unreadable;
    let dir = tempfile::tempdir().unwrap();
    let store = covalue::store::Store::new(dir.path()).with_cache_dir(None);
    let bad =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/rating.ron");
    std::fs::copy(bad, dir.path().join("rating.ron")).unwrap();
    let entries = covalue::tui::effects::browser_entries(&store).unwrap();
    let Err(Unreadable::At { line, column, .. }) = &entries[0].row else {
        panic!("{:?}", entries[0].row)
    };
    assert_eq!((*line, *column), (8, 45));
}
