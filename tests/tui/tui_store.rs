//! The TUI against the hardened store: why a session opens read-only, a save refused as too
//! large, the rescue file's name, the timer's saturating total, and the browser's rows from the
//! cached listing (never a number from a hidden rating). No terminal; a temporary folder.

use crate::support;

use covalue::domain::*;
use covalue::store::{self, Settings, Store};
use covalue::tui::action::Effect;
use covalue::tui::app::App;
use covalue::tui::effects::{self, Effects, Ending, Outcome};
use covalue::tui::theme::{Theme, ThemeKind};
use std::path::Path;
use std::time::Duration;
use support::*;

fn store_in(dir: &Path) -> Store {
    Store::new(dir.join("sessions")).with_cache_dir(None)
}

/// An app on `session`, opened from `path` through the effects as `covalue open` does.
fn open(store: &Store, path: &Path, session: Session) -> (App, Effects) {
    let mut fx = Effects::new(store.clone(), None);
    let workshop = fx.open_loaded(path, session, false);
    let app = App::for_workshop(
        workshop,
        Settings::default(),
        Theme::new(ThemeKind::Default),
        80,
        24,
    );
    (app, fx)
}

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

#[test]
fn a_session_reached_through_a_symbolic_link_opens_read_only_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let real = store.create(&template_session()).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (app, _fx) = open(&store, &link, store::load(&link).unwrap());
    let reason = app
        .workshop()
        .unwrap()
        .read_only()
        .map(str::to_string)
        .unwrap();
    assert!(reason.contains("symbolic link"), "{reason}");
    assert_eq!(
        app.message(),
        Some(format!("Read-only: {reason}.").as_str())
    );
    // No lock was taken through the link: the real name can still be edited.
    let (other, _fx2) = open(&store, &real, store::load(&real).unwrap());
    assert_eq!(other.workshop().unwrap().read_only(), None);
}

#[test]
fn a_session_open_in_another_app_opens_read_only_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let path = store.create(&template_session()).unwrap();
    let (first, _fx1) = open(&store, &path, store::load(&path).unwrap());
    assert_eq!(first.workshop().unwrap().read_only(), None);
    let (second, _fx2) = open(&store, &path, store::load(&path).unwrap());
    assert_eq!(
        second.message(),
        Some("Read-only: this session is open for editing in another covalue.")
    );
}

#[test]
fn a_lock_that_cannot_be_taken_opens_read_only_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let path = store.create(&template_session()).unwrap();
    // A folder where the lock file should be: no program can lock it, root included.
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    std::fs::create_dir(store.dir().join(format!(".{name}.lock"))).unwrap();
    let (mut app, mut fx) = open(&store, &path, store::load(&path).unwrap());
    let message = app.message().unwrap().to_string();
    assert!(
        message.starts_with("Read-only: its edit lock cannot be taken ("),
        "{message}"
    );
    // Read-only means no edit and no save.
    keys(&mut app, &["]", "]", "a"]);
    assert!(!app.workshop().unwrap().dirty());
    let effects = keys(&mut app, &["q"]);
    assert_eq!(perform(&mut app, &mut fx, effects), Some(Ending::Clean));
}

#[test]
fn a_save_too_large_to_read_back_is_refused_once_kept_in_memory_and_not_retried() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let path = store.create(&template_session()).unwrap();
    let on_disk = std::fs::read(&path).unwrap();
    // In memory the session holds one very long benefit, as after a large paste.
    let mut session = store::load(&path).unwrap();
    session.benefits.insert(
        0,
        Benefit {
            text: "x".repeat(store::MAX_FILE_BYTES as usize),
            ..Default::default()
        }
        .into(),
    );
    let (mut app, mut fx) = open(&store, &path, session);
    keys(&mut app, &["]", "]", "a", "One more", "<enter>"]);
    assert!(app.workshop().unwrap().dirty());
    assert!(fx.autosave(&mut app).is_none(), "written off the UI thread");
    let outcome = fx.wait().unwrap();
    let Outcome::SaveTooLarge { ref error, .. } = outcome else {
        panic!("expected a refusal, got {outcome:?}");
    };
    let error = error.clone();
    app.on(outcome);
    // The store's sentence as it is: no "retries every few seconds", since it would not help.
    assert_eq!(app.message(), Some(error.as_str()));
    assert!(
        error.starts_with("not saved: ") && error.contains("bytes"),
        "{error}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        on_disk,
        "nothing was written"
    );
    assert!(!store::backup_path(&path).exists());
    let w = app.workshop().unwrap();
    assert!(w.dirty() && w.refused_as_too_large());
    assert!(w.session().benefits.iter().any(|b| b.text == "One more"));
    // Autosave leaves the refused revision alone.
    assert!(fx.autosave(&mut app).is_none());
    assert!(!fx.saving(), "no save was started again");
    // Once the session changes (the long item deleted), saving works again.
    keys(&mut app, &["g", "d"]);
    assert!(!app.workshop().unwrap().refused_as_too_large());
    assert!(fx.autosave(&mut app).is_none());
    app.on(fx.wait().unwrap());
    assert_eq!(app.message(), Some("Saved again; nothing was lost."));
    let saved = store::load(&path).unwrap();
    assert!(saved.benefits.iter().any(|b| b.text == "One more"));
}

#[test]
fn the_rescue_file_is_named_after_the_session_file_never_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let path = store.create(&template_session()).unwrap();
    // An id that names a path: it must not decide where the rescue goes.
    let mut session = store::load(&path).unwrap();
    session.id = "x/../../escaped".into();
    let (mut app, mut fx) = open(&store, &path, session);
    keys(&mut app, &["]", "]", "a", "Kept in the rescue", "<enter>"]);
    std::fs::remove_dir_all(store.dir()).unwrap();
    let effects = keys(&mut app, &["q"]);
    match perform(&mut app, &mut fx, effects) {
        Some(Ending::Rescued { rescue, .. }) => {
            assert_eq!(rescue.parent(), Some(std::env::temp_dir().as_path()));
            let name = rescue.file_name().unwrap().to_string_lossy().to_string();
            assert!(name.contains("service-desk-value-review"), "{name}");
            assert!(!name.contains("escaped"), "{name}");
            let rescued = std::fs::read_to_string(&rescue).unwrap();
            assert!(rescued.contains("Kept in the rescue"));
            std::fs::remove_file(&rescue).unwrap();
        }
        other => panic!("expected a rescue, got {other:?}"),
    }
}

#[test]
fn a_step_timer_total_saturates_instead_of_wrapping() {
    let mut session = template_session();
    session.time_spent.insert(Step::Setup, u32::MAX - 5);
    let mut app = workshop_app(session);
    keys(&mut app, &["t"]);
    app.tick(Duration::from_secs(600));
    keys(&mut app, &["t"]);
    assert_eq!(
        app.workshop().unwrap().session().time_spent[&Step::Setup],
        u32::MAX
    );
}

/// A blind follow-up of the service desk with one provider rating not revealed yet.
fn hidden_follow_up() -> Session {
    let mut s = template_session();
    s.id = "hidden01".into();
    s.title = "Desk follow-up".into();
    s.clear_ratings();
    s.blind = true;
    s.costs[0].rating.set(Side::Provider, Rating::new(3));
    s.updated = Timestamp::from_unix(1_800_000_000);
    s
}

#[test]
fn the_browser_shows_no_number_from_a_hidden_rating_and_marks_partial_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_in(dir.path());
    let mut earlier = template_session();
    earlier.id = "early001".into();
    store.create(&earlier).unwrap();
    let mut middle = template_session();
    middle.id = "middle01".into();
    middle.updated = Timestamp::from_unix(1_799_000_000);
    store.create(&middle).unwrap();
    store.create(&hidden_follow_up()).unwrap();

    let browser = effects::browser(&store);
    let row = browser
        .entries
        .iter()
        .find_map(|e| e.row.as_ref().ok().filter(|r| r.id == "hidden01"))
        .unwrap();
    assert_eq!((row.value_index, row.alignment), (None, None));
    assert!(row.partial);
    assert_eq!(row.hidden, 1);

    let app = support::browser_app(browser.entries.clone());
    let text = screen(&app, 80, 24);
    // Two settled sessions make the trend (60 then 60); the hidden one neither adds a number
    // nor an arrow.
    assert!(
        text.contains("Managed IT service desk · 3 sessions · value 60→60 → · alignment 78→78 →"),
        "{text}"
    );
    let hidden_line = text.lines().find(|l| l.contains("Desk follow-up")).unwrap();
    assert!(hidden_line.contains("◐ –"), "{hidden_line}");
    // The newest (the hidden one) is selected: its detail says why it is partial.
    assert!(
        text.contains(
            "◐ Partial: 1 rating not revealed yet, left out of its numbers and the trend."
        ),
        "{text}"
    );
}
