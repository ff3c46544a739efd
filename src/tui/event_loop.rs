//! The driver for one app on the real terminal: draw, wait for input, route events to the app,
//! carry out the effects it returns and feed their outcomes back, start autosaves (written off
//! this thread), and end on quit, a signal or a hang-up.

use super::TuiError;
use super::action::Effect;
use super::app::App;
use super::effects::{Effects, Ending};
use super::terminal::{self, Signals, Tty, Wait};
use crossterm::event;
use ratatui::DefaultTerminal;
use std::time::{Duration, Instant};

pub use super::autosave::AUTOSAVE_AFTER;
/// How long to wait for input before looking at timers and saves again.
const IDLE_WAIT: Duration = Duration::from_millis(250);
/// The same while a save is being written, so its "Saved." shows promptly.
const SAVING_WAIT: Duration = Duration::from_millis(20);

fn read_error(e: std::io::Error) -> TuiError {
    TuiError::Read(e)
}

/// Something that runs beside the app in the same loop (the SSH server of `covalue serve`):
/// it sees every turn of the loop, may take a key first, and draws over the app's frame.
pub trait Companion {
    /// Each turn, before drawing: fold changes from elsewhere into the app, share the app's
    /// (and set the app's `beside_status`, which its header shows).
    fn sync(&mut self, app: &mut App);
    /// Whether people rate elsewhere, each at their own screen, while it runs: the app is
    /// then the room's view (`App::set_serving`).
    fn serving(&self) -> bool {
        false
    }
    /// Sees an event before the app; true when it took it.
    fn event(&mut self, event: &event::Event, app: &mut App) -> bool;
    /// Draws over the app's frame.
    fn draw(&self, frame: &mut ratatui::Frame, app: &App);
    /// Its keys for the app's `?` help: a heading and the keymap context they are in.
    fn help(&self) -> Option<(&'static str, super::keymap::Context)> {
        None
    }
}

/// Runs `app` until it quits or is told to stop.
pub fn run(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    effects: &mut Effects,
    signals: &Signals,
) -> Result<Ending, TuiError> {
    run_with(terminal, app, effects, signals, None)
}

/// [`run`] with a companion beside the app.
pub fn run_with(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    effects: &mut Effects,
    signals: &Signals,
    mut companion: Option<&mut dyn Companion>,
) -> Result<Ending, TuiError> {
    // A companion (the serving console) folds in changes from elsewhere each turn, so it
    // draws every turn; the app alone draws only when something it shows may have changed.
    let mut state = Driver::new(companion.is_some());
    app.beside_help = companion.as_deref().and_then(|c| c.help());
    if companion.as_deref().is_some_and(|c| c.serving()) {
        app.set_serving(true);
    }
    loop {
        app.tick(state.started.elapsed());
        match companion.as_deref_mut() {
            Some(companion) => {
                companion.sync(app);
                terminal
                    .draw(|frame| {
                        super::view::draw(frame, app);
                        companion.draw(frame, app);
                    })
                    .map(|_| ())
            }
            None if state.gate.should_draw(app.clock()) => app.draw(terminal),
            None => Ok(()),
        }
        .map_err(TuiError::Draw)?;

        let mut pending = state.input(app, effects, signals, companion.as_deref_mut())?;
        pending.extend(state.news(app, effects, signals));
        state.autosave(app, effects);
        if !pending.is_empty() {
            state.gate.touch();
        }
        for effect in pending {
            if effect == Effect::Suspend {
                terminal::suspend(terminal)?;
                continue;
            }
            if let Some(ending) = effects.run(effect, app) {
                return Ok(ending);
            }
        }
    }
}

/// What the loop remembers from turn to turn.
struct Driver {
    tty: Tty,
    started: Instant,
    /// When the open session last changed and an autosave was last tried (the one rule,
    /// with its back-off, `autosave.rs`).
    autosave: super::autosave::Autosave,
    /// Once the terminal has hung up, crossterm is never asked again (see `ready`).
    hung_up: bool,
    gate: FrameGate,
}

impl Driver {
    fn new(draw_always: bool) -> Driver {
        Driver {
            tty: Tty::open(),
            started: Instant::now(),
            autosave: super::autosave::Autosave::new(Instant::now()),
            hung_up: false,
            gate: FrameGate::new(draw_always),
        }
    }

    /// Waits for input a while and hands what arrived to the companion, then the app; the
    /// effects the app asked for.
    fn input(
        &mut self,
        app: &mut App,
        effects: &Effects,
        signals: &Signals,
        mut companion: Option<&mut (dyn Companion + '_)>,
    ) -> Result<Vec<Effect>, TuiError> {
        let mut pending = Vec::new();
        let idle = if effects.saving() {
            SAVING_WAIT
        } else {
            IDLE_WAIT
        };
        // Events crossterm already holds (the rest of a paste) go first; otherwise wait on the
        // terminal itself, which notices a hang-up instead of spinning on it.
        let waited = match self.tty.wait(Duration::ZERO) {
            _ if self.hung_up => Wait::HungUp,
            Wait::HungUp => Wait::HungUp,
            _ if ready(&self.tty, &mut self.hung_up)? => Wait::Input,
            _ => self.tty.wait(idle),
        };
        if waited == Wait::HungUp {
            self.hung_up = true;
            // The window closed or the connection dropped: save and go, as for SIGHUP.
            signals
                .stop
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        // crossterm also reports resizes, so it is asked even after a timeout (without waiting).
        if waited == Wait::HungUp || !ready(&self.tty, &mut self.hung_up)? {
            return Ok(pending);
        }
        // Take every event already waiting before drawing again, so a paste or fast typing
        // costs one frame, not one per key.
        self.gate.touch();
        loop {
            let before = app.revision();
            let event = event::read().map_err(read_error)?;
            let taken = companion
                .as_deref_mut()
                .is_some_and(|companion| companion.event(&event, app));
            if !taken {
                pending.extend(app.handle(event));
            }
            if app.revision() != before {
                self.autosave.changed(Instant::now());
            }
            if !pending.is_empty() || !ready(&self.tty, &mut self.hung_up).unwrap_or(false) {
                return Ok(pending);
            }
        }
    }

    /// What happened outside the app since the last turn: a save finished, a signal asked to
    /// suspend or to stop. The effects that asks for.
    fn news(&mut self, app: &mut App, effects: &mut Effects, signals: &Signals) -> Vec<Effect> {
        let mut pending = Vec::new();
        if let Some(outcome) = effects.finished() {
            app.on(outcome);
            self.gate.touch();
        }
        if signals.take_suspend() {
            pending.extend(app.suspend());
            self.gate.touch();
        }
        if signals.stopping() {
            self.gate.touch();
            effects.stopping = true;
            // What is typed into an open form is kept with its item.
            pending.extend(app.quit());
        }
        pending
    }

    /// Starts an autosave once the session has been quiet a second, waiting longer after a
    /// failed one, and never while input is waiting.
    fn autosave(&mut self, app: &mut App, effects: &mut Effects) {
        let Some(w) = app.workshop() else { return };
        // The copy is taken on this thread: never while input is waiting.
        let input_waiting = ready(&self.tty, &mut self.hung_up).unwrap_or(false);
        if !input_waiting && self.autosave.due(w, effects.saving(), Instant::now()) {
            self.gate.touch();
            if let Some(outcome) = effects.autosave(app) {
                app.on(outcome);
            }
        }
    }
}

/// Whether crossterm holds an event or can read one now. It is never asked once the terminal
/// has hung up (a closed window, a dropped connection): crossterm then reads end-of-file over
/// and over without returning (crossterm issue 793), which froze the app at full CPU, deaf to
/// SIGTERM, holding the session's lock.
fn ready(tty: &Tty, hung_up: &mut bool) -> Result<bool, TuiError> {
    if *hung_up || tty.wait(Duration::ZERO) == Wait::HungUp {
        *hung_up = true;
        return Ok(false);
    }
    event::poll(Duration::ZERO).map_err(read_error)
}

/// Whether the loop draws this turn: after anything that may change what the screen shows
/// (input, an effect's outcome, a signal, a save), and when the one thing that moves by
/// itself, the running step timer, shows another second. An idle screen draws nothing.
#[derive(Debug)]
pub struct FrameGate {
    /// Something happened since the last frame.
    pending: bool,
    /// Draw every turn (a companion folds in changes from elsewhere).
    always: bool,
    /// The clock the last frame showed (`App::clock`).
    shown: Option<u64>,
}

impl FrameGate {
    pub fn new(always: bool) -> FrameGate {
        FrameGate {
            pending: true,
            always,
            shown: None,
        }
    }

    /// Something happened: the next turn draws.
    pub fn touch(&mut self) {
        self.pending = true;
    }

    /// Whether to draw now, given what the screen's clock shows (`App::clock`).
    pub fn should_draw(&mut self, clock: Option<u64>) -> bool {
        let draw = self.always || self.pending || clock != self.shown;
        self.pending = false;
        self.shown = clock;
        draw
    }
}
