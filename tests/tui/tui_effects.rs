//! What a user reads after each effect (save, failed save, open, create, trash, close, quit),
//! with the real store in a temporary folder and no terminal; and two apps in one process.

use crate::support;

use covalue::domain::*;
use covalue::store::{self, LockState, Settings, Store};
use covalue::tui::action::{Effect, Start};
use covalue::tui::app::{App, Screen};
use covalue::tui::effects::{self, Effects, Ending, Outcome};
use covalue::tui::theme::{Theme, ThemeKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use support::*;

/// A sessions folder with one saved template session; returns its path.
fn folder_with_session(dir: &Path) -> (Store, PathBuf) {
    let store = Store::new(dir.join("sessions")).with_cache_dir(None);
    let path = store.create(&template_session()).unwrap();
    (store, path)
}

/// An app on the session at `path`, opened through the effects as `covalue open` does.
fn open_app(store: &Store, path: &Path) -> (App, Effects) {
    let mut effects = Effects::new(store.clone(), None);
    let session = store::load(path).unwrap();
    let workshop = effects.open_loaded(path, session, false);
    let app = App::for_workshop(
        workshop,
        Settings::default(),
        Theme::new(ThemeKind::Default),
        80,
        24,
    );
    (app, effects)
}

fn browser_on(store: &Store) -> (App, Effects) {
    let app = App::new(
        Screen::Browser(Box::new(effects::browser(store))),
        Theme::new(ThemeKind::Default),
        80,
        24,
    );
    (app, Effects::new(store.clone(), None))
}

/// Carries out `effects`, then waits for a save they started, feeding every outcome back.
fn perform(app: &mut App, fx: &mut Effects, effects: Vec<Effect>) -> Option<Ending> {
    for effect in effects {
        if let Some(ending) = fx.run(effect, app) {
            return Some(ending);
        }
    }
    if let Some(outcome) = fx.wait() {
        app.on(outcome);
    }
    None
}

fn add_benefit(app: &mut App, text: &str) {
    keys(app, &["]", "]", "a", text, "<enter>"]);
}

#[test]
fn ctrl_s_says_saved_then_nothing_new_and_the_file_has_the_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = folder_with_session(dir.path());
    let (mut app, mut fx) = open_app(&store, &path);
    add_benefit(&mut app, "Faster fixes");
    assert!(app.workshop().unwrap().dirty());
    let effects = keys(&mut app, &["<c-s>"]);
    perform(&mut app, &mut fx, effects);
    assert_eq!(app.message(), Some("Saved."));
    assert!(!app.workshop().unwrap().dirty());
    let saved = store::load(&path).unwrap();
    assert!(saved.benefits.iter().any(|b| b.text == "Faster fixes"));
    let effects = keys(&mut app, &["<c-s>"]);
    perform(&mut app, &mut fx, effects);
    assert_eq!(app.message(), Some("Nothing new to save."));
}

#[test]
fn a_failed_save_says_so_keeps_the_edit_and_a_later_save_says_nothing_was_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = folder_with_session(dir.path());
    let (mut app, mut fx) = open_app(&store, &path);
    add_benefit(&mut app, "Kept in memory");
    std::fs::remove_dir_all(store.dir()).unwrap();
    let effects = keys(&mut app, &["<c-s>"]);
    perform(&mut app, &mut fx, effects);
    let message = app.message().unwrap().to_string();
    assert!(
        message.starts_with("Not saved; your edits are kept here and covalue retries"),
        "{message}"
    );
    assert!(message.contains("it does not exist"), "{message}");
    assert!(app.workshop().unwrap().dirty());
    assert!(app.workshop().unwrap().save_error().is_some());

    // The folder comes back: the next autosave writes and says nothing was lost.
    std::fs::create_dir_all(store.dir()).unwrap();
    if let Some(outcome) = fx.autosave(&mut app) {
        app.on(outcome);
    }
    app.on(fx.wait().expect("the autosave ran"));
    assert_eq!(app.message(), Some("Saved again; nothing was lost."));
    assert!(!app.workshop().unwrap().dirty());
    assert!(
        store::load(&path)
            .unwrap()
            .benefits
            .iter()
            .any(|b| b.text == "Kept in memory")
    );
}

#[test]
fn a_key_pressed_while_a_save_is_written_counts_and_stays_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = folder_with_session(dir.path());
    let (mut app, mut fx) = open_app(&store, &path);
    add_benefit(&mut app, "First");
    assert!(fx.autosave(&mut app).is_none(), "written off this thread");
    keys(&mut app, &["a", "Second", "<enter>"]);
    app.on(fx.wait().unwrap());
    assert!(
        app.workshop().unwrap().dirty(),
        "the second edit came after the copy was taken"
    );
    let on_disk = store::load(&path).unwrap();
    assert!(on_disk.benefits.iter().any(|b| b.text == "First"));
    assert!(!on_disk.benefits.iter().any(|b| b.text == "Second"));
}

#[test]
fn opening_from_the_browser_shows_the_session_and_review_says_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = folder_with_session(dir.path());
    let (mut app, mut fx) = browser_on(&store);
    let effects = keys(&mut app, &["<enter>"]);
    perform(&mut app, &mut fx, effects);
    let w = app.workshop().expect("the session is open");
    assert_eq!(w.session().id, "snap0001");
    assert_eq!(app.message(), None);

    let effects = keys(&mut app, &["<esc>"]);
    perform(&mut app, &mut fx, effects);
    assert!(app.browser().is_some(), "Esc goes back to the list");
    let effects = keys(&mut app, &["v"]);
    perform(&mut app, &mut fx, effects);
    assert_eq!(app.message(), Some("Read-only: opened for review."));
}

#[test]
fn a_session_that_cannot_be_opened_says_why_in_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = folder_with_session(dir.path());
    let (mut app, mut fx) = browser_on(&store);
    std::fs::write(&path, "not a session").unwrap();
    perform(
        &mut app,
        &mut fx,
        vec![Effect::Open {
            path: path.clone(),
            read_only: false,
        }],
    );
    assert!(app.browser().is_some());
    let message = app.message().unwrap();
    assert!(message.contains(":1:1: this is not valid RON"), "{message}");
}

#[test]
fn creating_a_session_opens_it_and_names_the_keys_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("sessions")).with_cache_dir(None);
    let (mut app, mut fx) = browser_on(&store);
    let effects = keys(&mut app, &["n", "<enter>", "Quarterly review", "<enter>"]);
    assert!(matches!(
        &effects[..],
        [Effect::Create {
            start: Start::Blank,
            ..
        }]
    ));
    perform(&mut app, &mut fx, effects);
    assert_eq!(
        app.message(),
        Some("New session: Enter edits its details, a adds people, ] goes to the next step.")
    );
    assert_eq!(app.workshop().unwrap().session().title, "Quarterly review");
    assert_eq!(store.list().unwrap().len(), 1);
}

#[test]
fn a_template_starts_a_blind_unrated_workshop_and_its_example_is_rated_by_its_people() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("sessions")).with_cache_dir(None);
    let (mut app, mut fx) = browser_on(&store);
    let effects = keys(&mut app, &["n", "j", "<enter>", "<enter>"]);
    assert!(matches!(
        &effects[..],
        [Effect::Create {
            start: Start::Template("service-desk"),
            ..
        }]
    ));
    perform(&mut app, &mut fx, effects);
    let s = app.workshop().unwrap().session();
    assert!(!s.benefits.is_empty());
    assert!(s.rated_items().all(|i| i.rating.is_empty()));
    assert!(s.agreements.is_empty() && s.participants.is_empty() && s.blind);
    // How much an item matters is the room's to say too (this session's trial found the
    // example's values placing a new room's items in the importance-performance view).
    let matters = |s: &Session| {
        (s.usefulness.iter().chain(s.outcomes.iter())).any(|i| i.importance_given().is_some())
    };
    assert!(!matters(s));

    let (mut app, mut fx) = browser_on(&store);
    let effects = keys(
        &mut app,
        &["n", "j", "j", "<enter>", "<tab>", " ", "<enter>"],
    );
    perform(&mut app, &mut fx, effects);
    let s = app.workshop().unwrap().session();
    assert!(s.title.ends_with("(example)"), "{}", s.title);
    assert!(s.rated_items().all(|i| !i.rating.is_empty()));
    assert!(s.stray_raters().is_empty());
    assert!(matters(s));
}

#[test]
fn trashing_says_where_it_went_and_refuses_a_session_open_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = folder_with_session(dir.path());
    let held = match store::lock(&path).unwrap() {
        LockState::Acquired(lock) => lock,
        LockState::HeldElsewhere => panic!("nobody else has it"),
    };
    // The lock is an OS lock on an open file: another open of it, even in this process, finds
    // it held, as another covalue would.
    let (mut app, mut fx) = browser_on(&store);
    let effects = keys(&mut app, &["d", "y"]);
    perform(&mut app, &mut fx, effects);
    assert_eq!(
        app.message(),
        Some("That session is open in another covalue; close it there first.")
    );
    assert!(path.exists());
    drop(held);
    let effects = keys(&mut app, &["d", "y"]);
    perform(&mut app, &mut fx, effects);
    let message = app.message().unwrap();
    assert!(
        message.starts_with("Moved to ") && message.contains("trash"),
        "{message}"
    );
    assert!(!path.exists());
    assert!(
        app.browser().unwrap().entries.is_empty(),
        "the list is read again"
    );
}

#[test]
fn a_setting_that_cannot_be_written_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = folder_with_session(dir.path());
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "").unwrap();
    let mut fx = Effects::new(store.clone(), Some(blocker.join("settings.ron")));
    let session = store::load(&path).unwrap();
    let workshop = fx.open_loaded(&path, session, false);
    let mut app = App::for_workshop(
        workshop,
        Settings::default(),
        Theme::new(ThemeKind::Default),
        80,
        24,
    );
    let effects = keys(&mut app, &["c"]);
    perform(&mut app, &mut fx, effects);
    let message = app.message().unwrap();
    assert!(
        message.starts_with("Could not remember the setting: "),
        "{message}"
    );
}

#[test]
fn quitting_saves_and_a_save_that_fails_goes_to_a_rescue_file() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = folder_with_session(dir.path());
    let (mut app, mut fx) = open_app(&store, &path);
    add_benefit(&mut app, "Saved at quit");
    let effects = keys(&mut app, &["q"]);
    assert_eq!(perform(&mut app, &mut fx, effects), Some(Ending::Clean));
    assert!(
        store::load(&path)
            .unwrap()
            .benefits
            .iter()
            .any(|b| b.text == "Saved at quit")
    );

    let mut session = template_session();
    session.id = "rescue01".into();
    let path = store.create(&session).unwrap();
    let (mut app, mut fx) = open_app(&store, &path);
    add_benefit(&mut app, "Rescued");
    std::fs::remove_dir_all(store.dir()).unwrap();
    let effects = keys(&mut app, &["q"]);
    match perform(&mut app, &mut fx, effects) {
        Some(Ending::Rescued { rescue, error, .. }) => {
            assert!(error.contains("does not exist"), "{error}");
            let rescued = store::load(&rescue).unwrap();
            assert!(rescued.benefits.iter().any(|b| b.text == "Rescued"));
            std::fs::remove_file(&rescue).unwrap();
            let _ = std::fs::remove_file(store::backup_path(&rescue));
        }
        other => panic!("expected a rescue, got {other:?}"),
    }
}

#[test]
fn closing_a_session_that_cannot_be_saved_stays_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = folder_with_session(dir.path());
    let (mut app, mut fx) = open_app(&store, &path);
    add_benefit(&mut app, "Unsaved");
    std::fs::remove_dir_all(store.dir()).unwrap();
    let effects = keys(&mut app, &["<esc>"]);
    perform(&mut app, &mut fx, effects);
    assert!(app.workshop().is_some(), "still on the session");
    assert!(app.message().unwrap().starts_with("Not saved;"));
}

#[test]
fn outcomes_alone_drive_the_messages() {
    let mut app = workshop_app(template_session());
    app.on(Outcome::SaveFailed {
        error: "the disk is full".into(),
    });
    assert_eq!(
        app.message(),
        Some(
            "Not saved; your edits are kept here and covalue retries every few seconds: the disk is full"
        )
    );
    app.on(Outcome::Saved {
        revision: 0,
        asked: true,
    });
    assert_eq!(app.message(), Some("Saved."));
    app.on(Outcome::QuitRefused("no space".into()));
    assert_eq!(
        app.message(),
        Some("Cannot save anywhere (no space); not quitting, so nothing is lost.")
    );
}

#[test]
fn two_apps_run_side_by_side_in_one_process() {
    let dir = tempfile::tempdir().unwrap();
    let (store, first) = folder_with_session(dir.path());
    let mut other = template_session();
    other.id = "other001".into();
    other.title = "Second workshop".into();
    let second = store.create(&other).unwrap();
    let (mut a, mut fa) = open_app(&store, &first);
    let (mut b, mut fb) = open_app(&store, &second);
    let mut ta = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut tb = Terminal::new(TestBackend::new(120, 40)).unwrap();
    b.handle(crossterm::event::Event::Resize(120, 40));

    // Keys interleaved between the two, each drawn to its own backend.
    keys(&mut a, &["]", "]"]);
    keys(&mut b, &["]"]);
    keys(&mut a, &["a", "Only in the first", "<enter>"]);
    keys(&mut b, &["]", "a", "Only in the second", "<enter>", "4"]);
    a.draw(&mut ta).unwrap();
    b.draw(&mut tb).unwrap();
    let (sa, sb) = (ta.backend().to_string(), tb.backend().to_string());
    assert!(sa.contains("Only in the first") && !sa.contains("Only in the second"));
    assert!(sb.contains("Only in the second") && !sb.contains("Only in the first"));
    assert!(sb.contains("Second workshop") && !sa.contains("Second workshop"));
    assert_eq!(a.workshop().unwrap().turn(), Side::Provider);

    let effects = keys(&mut a, &["q"]);
    assert_eq!(perform(&mut a, &mut fa, effects), Some(Ending::Clean));
    let effects = keys(&mut b, &["q"]);
    assert_eq!(perform(&mut b, &mut fb, effects), Some(Ending::Clean));
    let first = store::load(&first).unwrap();
    let second = store::load(&second).unwrap();
    assert!(first.benefits.iter().any(|x| x.text == "Only in the first"));
    assert!(
        !first
            .benefits
            .iter()
            .any(|x| x.text == "Only in the second")
    );
    let rated = second
        .benefits
        .iter()
        .find(|x| x.text == "Only in the second")
        .unwrap();
    // The template names its provider, Sam Okafor, whose turn it is first.
    assert_eq!(
        rated.rating.by(Side::Provider, "Sam Okafor"),
        Rating::new(4)
    );
}

#[test]
fn reopening_a_session_resumes_at_the_step_and_item_where_it_was_left() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        Store::new(dir.path().join("sessions")).with_cache_dir(Some(dir.path().join("cache")));
    let path = store.create(&template_session()).unwrap();
    let (mut app, mut fx) = open_app(&store, &path);
    assert_eq!(app.workshop().unwrap().step(), Step::Setup);
    keys(&mut app, &["]", "]", "]", "]", "]", "]", "]", "j", "j"]);
    let left = app.workshop().unwrap().place();
    assert_eq!((left.step, left.item), (Step::Risks, 2));
    perform(&mut app, &mut fx, vec![Effect::Close]);
    assert!(app.browser().is_some());

    // From the browser, and from the command line, it opens where it was left.
    perform(
        &mut app,
        &mut fx,
        vec![Effect::Open {
            path: path.clone(),
            read_only: false,
        }],
    );
    let w = app.workshop().unwrap();
    assert_eq!((w.step(), w.selection()), (Step::Risks, 2));
    perform(&mut app, &mut fx, vec![Effect::Close]);
    let (again, _fx) = open_app(&store, &path);
    let w = again.workshop().unwrap();
    assert_eq!((w.step(), w.selection()), (Step::Risks, 2));

    // An item that no longer exists leaves the selection on the last one there is.
    let mut shorter = store::load(&path).unwrap();
    shorter.risks.truncate(1);
    store::save(&path, &shorter).unwrap();
    let (app, _fx) = open_app(&store, &path);
    let w = app.workshop().unwrap();
    assert_eq!((w.step(), w.selection()), (Step::Risks, 0));
}

/// Effects are data: a quit carrying its own copy of the session is carried out with no app at
/// all, and what came of it is a list of outcomes to hand to one.
#[test]
fn a_quit_task_writes_its_copy_and_ends_without_an_app() {
    use covalue::tui::effects::{Leaving, Snapshot, Task};
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = folder_with_session(dir.path());
    let mut fx = Effects::new(store.clone(), None);
    let workshop = fx.open_loaded(&path, store::load(&path).unwrap(), false);
    let mut session = workshop.session().clone();
    session.title = "Written from the task".into();
    let outcomes = fx.carry_out(Task::Quit(Leaving {
        place: None,
        unsaved: Some(Snapshot {
            session,
            revision: 3,
        }),
    }));
    assert!(matches!(
        outcomes.as_slice(),
        [
            Outcome::Saved {
                revision: 3,
                asked: false
            },
            Outcome::Ended(Ending::Clean)
        ]
    ));
    assert_eq!(store::load(&path).unwrap().title, "Written from the task");
    // Nothing new to save is said as much, again without an app.
    let said = fx.carry_out(Task::Save(None));
    assert!(matches!(said.as_slice(), [Outcome::NothingToSave]));
}

/// A session asked of a template covalue does not have is refused in today's words, through a
/// typed error.
#[test]
fn a_missing_template_is_refused_in_so_many_words() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = folder_with_session(dir.path());
    let (mut app, mut fx) = browser_on(&store);
    let outcomes = fx.perform(
        Effect::Create {
            start: Start::Template("no-such-template"),
            title: "T".into(),
        },
        &mut app,
    );
    let [Outcome::OpenFailed(said)] = outcomes.as_slice() else {
        panic!("{outcomes:?}")
    };
    assert_eq!(said, "there is no template \"no-such-template\"");
    let missing = effects::NotOpened::NoTemplate("x");
    assert_eq!(missing.to_string(), "there is no template \"x\"");
}
