//! The terminal UI: the app loop. It owns the terminal (through ratatui), reads events, hands
//! them to `App`, draws, and carries out the effects `App` returns: saving, opening, creating,
//! trashing and quitting. Autosave runs here, after a second of quiet, never on a key press.

pub mod action;
pub mod app;
pub mod keymap;
pub mod screens;
mod terminal;
pub mod theme;
pub mod view;
pub mod widgets;

pub use screens::{browser, workshop};

use crate::cli::Launch;
use crate::domain::follow_up::follow_up;
use crate::domain::{Session, summarize};
use crate::store::{self, Lock, LockState, Settings, Store};
use action::{Effect, Start};
use app::{App, Screen};
use browser::{Browser, BrowserEntry, SessionRow};
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use terminal::{Tty, Wait};
use theme::Theme;
use workshop::Workshop;

/// How long after the last change autosave waits.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(1);
/// How long after a failed save it tries again.
const RETRY_AFTER: Duration = Duration::from_secs(5);

/// The session file behind the open workshop, and its edit lock while we hold it.
struct OpenFile {
    path: PathBuf,
    _lock: Option<Lock>,
}

/// The browser's rows for the sessions in `store`.
pub fn browser_entries(store: &Store) -> Result<Vec<BrowserEntry>, String> {
    let entries = store.list().map_err(|e| e.to_string())?;
    Ok(entries
        .into_iter()
        .map(|entry| {
            let file = entry
                .path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            // The list names the file already; the error says where in it, and what.
            let row = entry.session.map_err(|e| match e {
                store::OpenError::Invalid(store::LoadError {
                    position: Some((line, column)),
                    message,
                    ..
                }) => {
                    format!("line {line}, column {column}: {message}")
                }
                store::OpenError::Invalid(e) => e.message,
                store::OpenError::Io(e) => e.to_string(),
            });
            let row = row.map(|s| {
                let summary = summarize(&s);
                SessionRow {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    service: s.service.clone(),
                    mode: s.mode.name(),
                    updated: s
                        .updated
                        .to_string()
                        .replace('T', " ")
                        .trim_end_matches('Z')
                        .chars()
                        .take(16)
                        .collect(),
                    value_index: summary.value_index.value,
                    alignment: summary.alignment,
                }
            });
            BrowserEntry {
                path: entry.path,
                file,
                row,
            }
        })
        .collect())
}

pub fn browser(store: &Store) -> Browser {
    let mut b = Browser {
        dir_label: store.dir().display().to_string(),
        ..Browser::default()
    };
    match browser_entries(store) {
        Ok(entries) => b.set_entries(entries),
        Err(e) => b.error = Some(e),
    }
    b
}

/// Loads a session and takes its edit lock; read-only when asked, or when another program
/// has it open.
fn open_session(path: &Path, review: bool) -> Result<(Workshop, OpenFile), String> {
    let session = store::load(path).map_err(|e| e.to_string())?;
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let (read_only, lock) = if review {
        (Some("opened for review".to_string()), None)
    } else {
        match store::lock(path).map_err(|e| e.to_string())? {
            LockState::Acquired(lock) => (None, Some(lock)),
            LockState::HeldElsewhere => (
                Some("this session is open for editing in another covalue".to_string()),
                None,
            ),
        }
    };
    let mut workshop = Workshop::new(session, label, read_only.clone());
    if let Some(reason) = read_only {
        workshop.message = Some(format!("Read-only: {reason}."));
    }
    Ok((
        workshop,
        OpenFile {
            path: path.to_path_buf(),
            _lock: lock,
        },
    ))
}

/// Where a session goes when its own file cannot be written at quit.
fn rescue(session: &Session) -> Result<PathBuf, String> {
    let path = std::env::temp_dir().join(format!("covalue-rescue-{}.ron", session.id));
    store::save(&path, session).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Saves the open session if it has unsaved changes. Errors are kept on the workshop.
fn save(workshop: &mut Workshop, file: &OpenFile) -> bool {
    if workshop.read_only.is_some() || !workshop.dirty() {
        return true;
    }
    workshop.session.updated = store::now();
    match store::save(&file.path, &workshop.session) {
        Ok(()) => {
            workshop.saved_revision = workshop.revision;
            if workshop.save_error.take().is_some() {
                workshop.message = Some("Saved again; nothing was lost.".into());
            }
            true
        }
        Err(e) => {
            workshop.message = Some(format!(
                "Not saved; your edits are kept here and covalue retries every few seconds: {e}"
            ));
            workshop.save_error = Some(e.to_string());
            false
        }
    }
}

/// Runs the TUI until the user quits. Errors that stop it from starting come back as text.
pub fn run(store: Store, launch: Launch) -> Result<(), String> {
    let mut open = None;
    let screen = match launch {
        Launch::Browser => Screen::Browser(Box::new(browser(&store))),
        Launch::Edit(path) => {
            let (w, f) = open_session(&path, false)?;
            open = Some(f);
            Screen::Workshop(Box::new(w))
        }
        Launch::Review(path) => {
            let (w, f) = open_session(&path, true)?;
            open = Some(f);
            Screen::Workshop(Box::new(w))
        }
    };

    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .map_err(|e| format!("cannot watch for signals: {e}"))?;
    }

    let mut terminal = ratatui::try_init().map_err(|e| {
        format!(
            "covalue needs a terminal ({e}); for scripts use `covalue summary` or `covalue export`"
        )
    })?;
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste);
        previous_hook(info);
    }));
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    let size = terminal.size().unwrap_or_default();
    let settings_path = Settings::default_path();
    let (settings, settings_problem) = match settings_path.as_deref().map(Settings::load) {
        Some(Ok(settings)) => (settings, None),
        Some(Err(problem)) => (Settings::default(), Some(problem)),
        None => (Settings::default(), None),
    };
    let theme = Theme::choose(settings.theme, Theme::no_color_env());
    let mut app = App::new(screen, theme, size.width, size.height);
    app.settings = settings;
    if let Screen::Workshop(w) = &mut app.screen {
        w.auto_reveal = app.settings.auto_reveal.unwrap_or(false);
    }
    if let Some(problem) = settings_problem {
        match &mut app.screen {
            Screen::Browser(b) => b.message = Some(problem),
            Screen::Workshop(w) => w.message = Some(problem),
        }
    }
    let started = Instant::now();
    let tty = Tty::open();
    let finished = Arc::new(AtomicBool::new(false));
    watchdog(Arc::clone(&stop), Arc::clone(&finished));
    let env = Env {
        store: &store,
        stop: &stop,
        tty: &tty,
        started,
        settings_path: settings_path.as_deref(),
    };
    let result = event_loop(&mut terminal, &mut app, &mut open, &env);
    // However the loop ended (a quit, or a terminal that failed), nothing typed is left unsaved.
    if let (Screen::Workshop(w), Some(file)) = (&mut app.screen, open.as_ref()) {
        w.pause_timer();
        save(w, file);
    }
    finished.store(true, Ordering::Relaxed);
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    match result {
        Ok(Some(note)) => {
            eprintln!("{note}");
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    }
}

/// What the app loop works with besides the screen state.
struct Env<'a> {
    store: &'a Store,
    /// Set by SIGTERM and SIGHUP, or when the terminal hangs up.
    stop: &'a AtomicBool,
    tty: &'a Tty,
    /// When the app started, for the step timers' clock.
    started: Instant,
    settings_path: Option<&'a Path>,
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    open: &mut Option<OpenFile>,
    env: &Env,
) -> Result<Option<String>, String> {
    let Env {
        store,
        stop,
        tty,
        started,
        settings_path,
    } = *env;
    let mut last_change = Instant::now();
    let mut last_attempt: Option<Instant> = None;
    loop {
        if let Screen::Workshop(w) = &mut app.screen {
            w.tick(started.elapsed());
        }
        terminal
            .draw(|frame| view::draw(frame, app))
            .map_err(|e| format!("cannot draw: {e}"))?;

        let mut effects = Vec::new();
        let poll_now =
            || event::poll(Duration::ZERO).map_err(|e| format!("cannot read the terminal: {e}"));
        // Events crossterm already holds (the rest of a paste) go first; otherwise wait on the
        // terminal itself, which notices a hang-up instead of spinning on it.
        let waited = match tty.wait(Duration::ZERO) {
            Wait::HungUp => Wait::HungUp,
            _ if poll_now()? => Wait::Input,
            _ => tty.wait(Duration::from_millis(250)),
        };
        if waited == Wait::HungUp {
            // The window closed or the connection dropped: save and go, as for SIGHUP.
            stop.store(true, Ordering::Relaxed);
        }
        // crossterm also reports resizes, so it is asked even after a timeout (without waiting).
        if waited != Wait::HungUp && poll_now()? {
            // Take every event already waiting before drawing again, so a paste or fast typing
            // costs one frame, not one per key.
            loop {
                let before = revision(app);
                let event = event::read().map_err(|e| format!("cannot read the terminal: {e}"))?;
                effects.extend(app.handle(event));
                if revision(app) != before {
                    last_change = Instant::now();
                }
                if !effects.is_empty() || !event::poll(Duration::ZERO).unwrap_or(false) {
                    break;
                }
            }
        }

        if stop.load(Ordering::Relaxed) {
            effects.push(Effect::Quit);
        }

        if let (Screen::Workshop(w), Some(file)) = (&mut app.screen, open.as_ref()) {
            let quiet = last_change.elapsed() >= AUTOSAVE_AFTER;
            let may_retry =
                w.save_error.is_none() || last_attempt.is_none_or(|t| t.elapsed() >= RETRY_AFTER);
            if w.dirty() && quiet && may_retry {
                last_attempt = Some(Instant::now());
                save(w, file);
            }
        }

        for effect in effects {
            match effect {
                Effect::Save => {
                    if let (Screen::Workshop(w), Some(file)) = (&mut app.screen, open.as_ref()) {
                        let was_dirty = w.dirty();
                        if save(w, file) && w.read_only.is_none() {
                            w.message = Some(
                                if was_dirty {
                                    "Saved."
                                } else {
                                    "Nothing new to save."
                                }
                                .to_string(),
                            );
                        }
                    }
                }
                Effect::Quit => {
                    if let Screen::Workshop(w) = &mut app.screen {
                        w.pause_timer();
                    }
                    if let (Screen::Workshop(w), Some(file)) = (&mut app.screen, open.as_ref())
                        && !save(w, file)
                    {
                        return match rescue(&w.session) {
                            Ok(path) => Ok(Some(format!(
                                "covalue: could not save {} ({}); your session was written to {}",
                                file.path.display(),
                                w.save_error.clone().unwrap_or_default(),
                                path.display()
                            ))),
                            Err(e) if !stop.load(Ordering::Relaxed) => {
                                w.message = Some(format!(
                                    "Cannot save anywhere ({e}); not quitting, so nothing is lost."
                                ));
                                continue;
                            }
                            Err(e) => Err(format!("could not save {}: {e}", file.path.display())),
                        };
                    }
                    return Ok(None);
                }
                Effect::Close => {
                    if let Screen::Workshop(w) = &mut app.screen {
                        w.pause_timer();
                    }
                    if let (Screen::Workshop(w), Some(file)) = (&mut app.screen, open.as_ref())
                        && !save(w, file)
                    {
                        continue;
                    }
                    *open = None;
                    app.screen = Screen::Browser(Box::new(browser(store)));
                }
                Effect::Refresh => {
                    if let Screen::Browser(b) = &mut app.screen {
                        match browser_entries(store) {
                            Ok(entries) => b.set_entries(entries),
                            Err(e) => b.error = Some(e),
                        }
                    }
                }
                Effect::Open { path, read_only } => match open_session(&path, read_only) {
                    Ok((mut w, file)) => {
                        *open = Some(file);
                        w.auto_reveal = app.settings.auto_reveal.unwrap_or(false);
                        app.screen = Screen::Workshop(Box::new(w));
                    }
                    Err(e) => {
                        if let Screen::Browser(b) = &mut app.screen {
                            b.message = Some(e);
                        }
                    }
                },
                Effect::Create { start, title } => {
                    let id = store::new_id();
                    let now = store::now();
                    let session = match start {
                        Start::Template(name) => store::Template::find(name)
                            .map(|t| t.instantiate(&id, now))
                            .ok_or_else(|| format!("there is no template {name:?}")),
                        Start::Blank => Ok(Session::new(&id, "", now)),
                        Start::FollowUp(path) => store::load(&path)
                            .map(|previous| follow_up(&previous, &id, &title, now))
                            .map_err(|e| e.to_string()),
                    };
                    let created = session.and_then(|mut session| {
                        session.title = title;
                        let path = store.create(&session).map_err(|e| e.to_string())?;
                        open_session(&path, false)
                    });
                    match created {
                        Ok((mut w, file)) => {
                            w.message = Some("New session: Enter edits its details, a adds people, ] goes to the next step.".into());
                            *open = Some(file);
                            w.auto_reveal = app.settings.auto_reveal.unwrap_or(false);
                            app.screen = Screen::Workshop(Box::new(w));
                        }
                        Err(e) => {
                            if let Screen::Browser(b) = &mut app.screen {
                                b.message = Some(e);
                            }
                        }
                    }
                }
                Effect::SaveSettings(settings) => {
                    if let Some(path) = settings_path
                        && let Err(e) = settings.save(path)
                    {
                        let message = format!("Could not remember the setting: {e}");
                        match &mut app.screen {
                            Screen::Browser(b) => b.message = Some(message),
                            Screen::Workshop(w) => w.message = Some(message),
                        }
                    }
                }
                Effect::Trash(path) => {
                    let held = matches!(store::lock(&path), Ok(LockState::HeldElsewhere));
                    let message = if held {
                        "That session is open in another covalue; close it there first.".to_string()
                    } else {
                        match store.trash(&path) {
                            Ok(to) => format!("Moved to {}.", to.display()),
                            Err(e) => e.to_string(),
                        }
                    };
                    if let Screen::Browser(b) = &mut app.screen {
                        b.message = Some(message);
                    }
                }
            }
        }
    }
}

/// A last resort: if the loop has not finished a few seconds after SIGTERM or SIGHUP (stuck
/// reading a terminal that is gone), end the process rather than spin. Autosave has by then
/// written everything older than a second.
fn watchdog(stop: Arc<AtomicBool>, finished: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(100));
            if finished.load(Ordering::Relaxed) {
                return;
            }
            if stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_secs(3));
                if !finished.load(Ordering::Relaxed) {
                    std::process::exit(1);
                }
                return;
            }
        }
    });
}

fn revision(app: &App) -> u64 {
    match &app.screen {
        Screen::Workshop(w) => w.revision,
        Screen::Browser(_) => 0,
    }
}
