//! The terminal UI. How a key becomes a frame, for a newcomer:
//!
//! 1. **Event.** `event_loop` waits on the terminal (see `terminal` for why it waits itself) and
//!    hands each crossterm event (key, paste, resize) to `App::handle`. A clock tick goes to
//!    `App::tick`.
//! 2. **Keymap → Action.** `App` routes the key to whoever sees it first: the keymap's
//!    `Anywhere` keys (Ctrl-C quits, Ctrl-Z suspends) on every layer, then the too-small guard, a
//!    popup, an open form or prompt (typed into `widgets::text_input`), then the screen. `keymap`
//!    is the one table of which key means which `Action` on which screen; the footer and the `?`
//!    help are drawn from it.
//! 3. **Update → Effects.** The screen's `update(Action)` changes its own state (the browser's
//!    list, or the open session in `screens::workshop`) and returns `Effect`s: work that touches
//!    files or ends the program. Update never does that work itself.
//! 4. **Perform → Outcome.** `driver` takes from the app what an effect needs (a copy of the
//!    session to write) and makes it a `Task`; `effects::Effects` carries the task out against
//!    the store without seeing the app (a save is written by a background thread) and returns
//!    `Outcome`s (`outcome`).
//! 5. **Outcome → state.** The driver hands each outcome to `App::on`, which turns it into state
//!    and the message the user reads ("Saved.", "Moved to …"), so every such message is
//!    testable without a terminal.
//! 6. **Frame.** `App::draw` draws the state to any ratatui backend through `view`, which asks
//!    each screen's `view` module and the `widgets` to draw; drawing only reads.
//!
//! An `App` owns neither a terminal nor a file: tests drive several at once against
//! `TestBackend`s, and a server can run one per connection. `run` wires one to the real terminal.

pub mod action;
pub mod app;
pub mod autosave;
mod driver;
pub mod effects;
pub mod event_loop;
pub mod keymap;
pub mod opening;
pub mod outcome;
pub mod screens;
pub mod seat;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod widgets;

pub use event_loop::AUTOSAVE_AFTER;
pub use outcome::{Ending, Outcome};
pub use screens::{browser, workshop};

use crate::domain::Session;
use crate::store::{Settings, Store};
use app::{App, Screen};
use effects::Effects;
pub use opening::Opening;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
pub use terminal::Signals;
use theme::Theme;

/// What the TUI opens first.
#[derive(Debug)]
pub enum Launch {
    /// The session browser.
    Browser,
    /// A session for editing, already read from its file (so it is parsed once).
    Edit(PathBuf, Box<Session>),
    /// A session read-only.
    Review(PathBuf, Box<Session>),
    /// A session for one participant to rate alone (`covalue open --as NAME`).
    EditAs(PathBuf, Box<Session>, String),
    /// A session for editing, walking the gaps agenda (`covalue open --agenda gaps`).
    Gaps(PathBuf, Box<Session>),
}

/// Why the TUI could not start or had to stop.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error(
        "covalue needs a terminal ({0}); for scripts use `covalue summary` or `covalue export`"
    )]
    NoTerminal(#[source] std::io::Error),
    #[error("cannot watch for signals: {0}")]
    Signals(#[source] std::io::Error),
    #[error("cannot draw: {0}")]
    Draw(#[source] std::io::Error),
    #[error("cannot read the terminal: {0}")]
    Read(#[source] std::io::Error),
    /// `open --as NAME` names nobody who rates.
    #[error("{0}")]
    Alone(String),
    #[error("could not save {}: {error}", path.display())]
    Lost { path: PathBuf, error: String },
    #[error(
        "could not save {} ({error}); your session was written to {}",
        path.display(),
        rescue.display()
    )]
    Rescued {
        path: PathBuf,
        error: String,
        rescue: PathBuf,
    },
}

/// Runs the TUI until the user quits. A session that could not be saved to its own file is an
/// error, even when it was rescued to another.
/// `opening` is the terminal that said "Opening…" while the session's file was read, if one
/// did (`covalue open` and `review` on a terminal).
pub fn run(store: Store, launch: Launch, opening: Option<Opening>) -> Result<(), TuiError> {
    run_with(store, launch, opening, None)
}

/// [`run`] with a companion in the event loop (the server of `covalue serve`), which also
/// sees the app once more after its last save, before the terminal is given back.
pub fn run_with(
    store: Store,
    launch: Launch,
    opening: Option<Opening>,
    companion: Option<&mut dyn event_loop::Companion>,
) -> Result<(), TuiError> {
    let settings_path = Settings::default_path();
    let (settings, settings_problem) = match settings_path.as_deref().map(Settings::load) {
        Some(Ok(settings)) => (settings, None),
        Some(Err(problem)) => (Settings::default(), Some(problem)),
        None => (Settings::default(), None),
    };
    let mut effects = Effects::new(store, settings_path);
    // A refusal here gives the opening's terminal back (its drop) before it is printed.
    let screen = first_screen(&mut effects, launch)?;

    let (taken, signals) = match opening {
        Some(opening) => opening.into_parts(),
        None => (None, Signals::watch()?),
    };
    let mut terminal = match taken {
        Some(terminal) => terminal,
        None => terminal::init()?,
    };
    let size = terminal.size().unwrap_or_default();
    let theme = Theme::choose(settings.theme, Theme::no_color_env());
    let mut app = match screen {
        Screen::Workshop(w) => App::for_workshop(*w, settings, theme, size.width, size.height),
        screen => {
            let mut app = App::new(screen, theme, size.width, size.height);
            app.settings = settings;
            app
        }
    };
    if let Some(problem) = settings_problem {
        app.say(problem.to_string());
    }
    let finished = Arc::new(AtomicBool::new(false));
    terminal::watchdog(Arc::clone(&signals.stop), Arc::clone(&finished));
    let result = event_loop::run_with(&mut terminal, &mut app, &mut effects, &signals, companion);
    // However the loop ended (a quit, or a terminal that failed), nothing typed is left unsaved.
    let ending = match result {
        Ok(ending) => Ok(ending),
        Err(e) => {
            effects.stopping = true;
            let _ = app.quit();
            match effects.run(action::Effect::Quit, &mut app) {
                Some(Ending::Clean) | None => Err(e),
                Some(ending) => Ok(ending),
            }
        }
    };
    finished.store(true, Ordering::Relaxed);
    terminal::restore();
    ending.and_then(outcome_of)
}

/// The screen the TUI opens on, from what the command line asked for.
fn first_screen(effects: &mut Effects, launch: Launch) -> Result<Screen, TuiError> {
    Ok(match launch {
        Launch::Browser => Screen::Browser(Box::new(effects::browser(effects.store()))),
        Launch::Edit(path, session) => {
            Screen::Workshop(Box::new(effects.open_loaded(&path, *session, false)))
        }
        Launch::Review(path, session) => {
            Screen::Workshop(Box::new(effects.open_loaded(&path, *session, true)))
        }
        Launch::EditAs(path, session, name) => {
            let mut workshop = effects.open_loaded(&path, *session, false);
            // The command line checked the name; a failure here leaves the room's view, so
            // it is refused rather than shown.
            workshop
                .rate_alone(&name)
                .map_err(|e| TuiError::Alone(e.to_string()))?;
            Screen::Workshop(Box::new(workshop))
        }
        Launch::Gaps(path, session) => {
            let mut workshop = effects.open_loaded(&path, *session, false);
            workshop.open_agenda();
            Screen::Workshop(Box::new(workshop))
        }
    })
}

/// What the user is told of how the app ended: a session that could not be saved to its own
/// file is an error, even when it was rescued to another.
fn outcome_of(ending: Ending) -> Result<(), TuiError> {
    match ending {
        Ending::Clean => Ok(()),
        Ending::Rescued {
            path,
            error,
            rescue,
        } => Err(TuiError::Rescued {
            path,
            error,
            rescue,
        }),
        Ending::Lost { path, error } => Err(TuiError::Lost { path, error }),
    }
}
