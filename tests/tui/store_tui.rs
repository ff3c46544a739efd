//! The workshop and its file on disk: a session written by another program while it is open
//! (a merge, an editor, git) is never silently overwritten by the next save; the screen says
//! so and the edits go to a rescue file at quit. The real store in a temporary folder, no
//! terminal.

use crate::support;

use covalue::store::{self, Settings, Store};
use covalue::tui::action::Effect;
use covalue::tui::app::App;
use covalue::tui::effects::{Effects, Ending};
use covalue::tui::theme::{Theme, ThemeKind};
use std::path::Path;
use support::*;

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

fn add_and_save(app: &mut App, fx: &mut Effects, text: &str) {
    keys(app, &["a", text, "<enter>"]);
    let effects = keys(app, &["<c-s>"]);
    perform(app, fx, effects);
}

#[test]
fn a_file_changed_on_disk_under_the_workshop_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path()).with_cache_dir(None);
    let path = store.create(&template_session()).unwrap();
    let (mut app, mut fx) = open_app(&store, &path);
    keys(&mut app, &["]", "]"]);
    // Its own saves, one after another, are not "another program".
    add_and_save(&mut app, &mut fx, "First");
    assert_eq!(app.message(), Some("Saved."));
    add_and_save(&mut app, &mut fx, "Second");
    assert_eq!(app.message(), Some("Saved."));

    // Another program writes the file (as a merge or an editor would).
    let mut elsewhere = store::load(&path).unwrap();
    elsewhere.title = "Merged elsewhere".into();
    store::save(&path, &elsewhere).unwrap();

    add_and_save(&mut app, &mut fx, "Third");
    let message = app.message().unwrap_or_default().to_string();
    assert!(
        message == "Not saved: the file changed on disk; q keeps your edits in a rescue file.",
        "{message}"
    );
    assert_eq!(store::load(&path).unwrap().title, "Merged elsewhere");
    // Autosave does not overwrite it either.
    if let Some(outcome) = fx.autosave(&mut app) {
        app.on(outcome);
    }
    if let Some(outcome) = fx.wait() {
        app.on(outcome);
    }
    assert_eq!(store::load(&path).unwrap().title, "Merged elsewhere");

    let effects = keys(&mut app, &["q"]);
    match perform(&mut app, &mut fx, effects) {
        Some(Ending::Rescued { rescue, error, .. }) => {
            assert!(error.contains("changed on disk"), "{error}");
            let rescued = store::load(&rescue).unwrap();
            std::fs::remove_file(&rescue).unwrap();
            assert!(rescued.benefits.iter().any(|b| b.text == "Third"));
        }
        other => panic!("expected a rescue, got {other:?}"),
    }
    let on_disk = store::load(&path).unwrap();
    assert_eq!(on_disk.title, "Merged elsewhere");
    assert!(on_disk.benefits.iter().any(|b| b.text == "Second"));
    assert!(!on_disk.benefits.iter().any(|b| b.text == "Third"));
}
