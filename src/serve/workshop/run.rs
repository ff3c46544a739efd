//! Running `covalue serve`: with the facilitator's app in this terminal, or headless.

use super::*;

/// Why `covalue serve` stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeSessionError {
    #[error("{0}")]
    Serve(#[from] ServeError),
    #[error("{0}")]
    Tui(#[from] crate::tui::TuiError),
    #[error("{}: {error}", path.display())]
    Store { path: PathBuf, error: String },
    #[error("{}: the session is read-only here ({reason}); the server must be its only writer", path.display())]
    ReadOnly { path: PathBuf, reason: String },
    #[error("could not save {}: {error}", path.display())]
    Lost { path: PathBuf, error: String },
}

/// How `covalue serve` runs, besides the server's options.
pub struct Serving {
    pub options: Options,
    /// No local screen: the facilitator (if any) joins over SSH.
    pub headless: bool,
    /// What participants may add from the start.
    pub allowed: Allowed,
    /// A pre-work window asked for on the command line; without one, the session's own is
    /// taken up while it is open.
    pub window: Option<Window>,
}

/// Runs `covalue serve`: the session at `path` (already loaded) served over SSH, with the
/// facilitator's app in this terminal, or headless until a signal.
pub fn serve(
    store: Store,
    path: &Path,
    mut session: Session,
    serving: Serving,
    out: &mut dyn std::io::Write,
) -> Result<(), ServeSessionError> {
    // Nobody at their own screen, and nobody at the projector, may see a number before the
    // reveal, so a served session is always blind (and is saved so).
    let made_blind = serve_blind(&mut session).then_some(MADE_BLIND);
    if serving.headless {
        if let Some(note) = made_blind {
            let _ = writeln!(out, "{note}");
        }
        // The app's one signal set-up: SIGINT, SIGQUIT, SIGTERM and SIGHUP end the workshop
        // (saved); SIGTSTP is caught, so nobody freezes every participant's screen.
        let signals = crate::tui::Signals::watch().map_err(super::super::signals_error)?;
        return serve_headless_until(
            store,
            path,
            session,
            serving,
            out,
            &signals.stop,
            system_clock(),
        );
    }
    let Chosen {
        window,
        let_go,
        said,
    } = choose_window(&session, serving.window, crate::store::now());
    let Serving {
        options, allowed, ..
    } = serving;
    // Participants' ratings must be saved: a session that would open read-only is not served.
    // (The lock is let go at once and taken again by the app.)
    if let crate::store::Access::ReadOnly(reason) = crate::store::open_for_editing(path) {
        return Err(ServeSessionError::ReadOnly {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        });
    }
    let master = Master::new(session.clone(), Step::Setup);
    master.resume(&session.served, allowed);
    master.open_window(window);
    let host = Arc::new(WorkshopHost::new(master.clone()));
    let places = host.places();
    let running = Running::start(options, host)?;
    let mut beside = Beside::new(running.room().clone(), master.clone());
    beside.watch_typing(places);
    beside.console.address = Some(running.local_addr());
    beside.resume = Some(session.served.clone());
    beside.let_go = let_go;
    beside.notice = match (made_blind, said) {
        (Some(blind), Some(said)) => Some(format!("{blind} {said}")),
        (blind, said) => said.or(blind.map(str::to_string)),
    };
    let result = crate::tui::run_with(
        store,
        Launch::Edit(path.to_path_buf(), Box::new(session)),
        None,
        Some(&mut beside),
    );
    let late = master.close();
    running.stop(ENDED);
    save_late(path, &late)?;
    Ok(result?)
}

/// The window to serve, as [`choose_window`] chose it.
struct Chosen {
    window: Option<Window>,
    /// A window that closed while nobody served it, for the writer to let go.
    let_go: Option<Window>,
    said: Option<String>,
}

/// The window to serve: the one asked for, else the session's while it is open. A window that
/// closed while nobody served it is let go by the writer ([`let_go`]), and the session is
/// served as a live workshop.
fn choose_window(
    session: &Session,
    asked: Option<Window>,
    now: crate::domain::Timestamp,
) -> Chosen {
    let kept = Window::of(&session.served);
    let open_until = |w: Window, how: &str| {
        let reveals = if w.reveal {
            "; revealed at the close"
        } else {
            ""
        };
        format!("{how} open until {}{reveals}.", shown(w.until))
    };
    let chosen = |window: Option<Window>, said: String| Chosen {
        window,
        let_go: None,
        said: Some(said),
    };
    match (asked, kept) {
        (Some(w), _) => chosen(Some(w), open_until(w, "Pre-work")),
        (None, Some(w)) if !w.closed(now) => chosen(Some(w), open_until(w, "Pre-work still")),
        (None, Some(w)) => {
            let revealed = if w.reveal { ", ratings revealed" } else { "" };
            let said = format!(
                "Pre-work closed at {}{revealed}; now served live.",
                shown(w.until)
            );
            Chosen {
                let_go: Some(w),
                ..chosen(None, said)
            }
        }
        (None, None) => Chosen {
            window: None,
            let_go: None,
            said: None,
        },
    }
}

/// Lets go of a window that closed while nobody served it, in the writer's session (so it is
/// saved): its ratings revealed first when it was to reveal them.
pub(super) fn let_go(workshop: &mut Workshop, window: Window) {
    workshop.apply_outside(|session| {
        if window.reveal {
            session.reveal(None);
        }
        session.served.open_until = None;
        session.served.reveal_at_close = false;
    });
}

/// What the facilitator is told when a session that was not blind is served.
const MADE_BLIND: &str = "Now served blind (it was not): nobody sees a number until you reveal it.";

/// Makes `session` blind; true when it was not.
fn serve_blind(session: &mut Session) -> bool {
    !std::mem::replace(&mut session.blind, true)
}

/// Changes that arrived after the app's last save (the moment of quitting): written to the
/// file the app just released, so nobody's last rating is lost.
fn save_late(path: &Path, late: &[Change]) -> Result<(), ServeSessionError> {
    if late.is_empty() {
        return Ok(());
    }
    let store_error = |error: String| ServeSessionError::Store {
        path: path.to_path_buf(),
        error,
    };
    let mut session = crate::store::load(path).map_err(|e| store_error(e.to_string()))?;
    let step = Step::Setup;
    for change in late {
        apply(&mut session, change, step);
    }
    session.updated = crate::store::now();
    crate::store::save(path, &session).map_err(|e| store_error(e.to_string()))
}

/// How often the headless writer looks at the queue and the autosave.
const HEADLESS_TURN: Duration = Duration::from_millis(50);

/// `covalue serve --headless` until `stop` is set (by a signal, or a test): the writer is an
/// app with no terminal; the facilitator joins over SSH with a key marked `(facilitator)` and
/// drives the workshop from the console. A pre-work window (`serving.window`, else the
/// session's own while open) is judged by `clock`; each person's progress and the close are
/// printed to `out` as they happen.
pub fn serve_headless_until(
    store: Store,
    path: &Path,
    session: Session,
    serving: Serving,
    out: &mut dyn std::io::Write,
    stop: &AtomicBool,
    clock: Clock,
) -> Result<(), ServeSessionError> {
    let Serving {
        options,
        allowed,
        window,
        ..
    } = serving;
    let mut effects = Effects::new(store, None);
    let (app, master) = open_writer(&mut effects, path, session, window, allowed, clock, out)?;
    let desk = Desk::shared(app);
    let host = Arc::new(WorkshopHost::headless(master.clone(), Arc::clone(&desk)));
    let running = Running::start(options, host.clone())?;
    host.listening_on(running.local_addr());
    announce(&running, allowed, out);
    let mut writer = Headless {
        desk,
        effects,
        master,
        room: running.room().clone(),
        autosave: crate::tui::autosave::Autosave::default(),
        started: Instant::now(),
        progress: Progress::default(),
        code: running.room().invite_code(),
    };
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(HEADLESS_TURN);
        writer.turn(out);
    }
    let ending = writer.end();
    running.stop(ENDED);
    match ending {
        Some(Ending::Lost { path, error }) | Some(Ending::Rescued { path, error, .. }) => {
            Err(ServeSessionError::Lost { path, error })
        }
        _ => Ok(()),
    }
}

/// The headless writer's app over the session at `path`, at the room a restarted server left,
/// and the master it publishes to, with the pre-work window chosen (and said to `out`).
fn open_writer(
    effects: &mut Effects,
    path: &Path,
    session: Session,
    window: Option<Window>,
    allowed: Allowed,
    clock: Clock,
    out: &mut dyn std::io::Write,
) -> Result<(App, Master), ServeSessionError> {
    let served = session.served.clone();
    let mut workshop = effects.open_loaded(path, session, false);
    if let Some(reason) = workshop.read_only() {
        return Err(ServeSessionError::ReadOnly {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        });
    }
    resume_workshop(&mut workshop, &served);
    let chosen = choose_window(workshop.session(), window, clock());
    if let Some(closed) = chosen.let_go {
        let_go(&mut workshop, closed);
    }
    if let Some(said) = &chosen.said {
        let _ = writeln!(out, "{said}");
    }
    let master = Master::new(workshop.session().clone(), workshop.step());
    master.resume(&served, allowed);
    master.set_clock(clock);
    master.open_window(chosen.window);
    let mut app = App::for_workshop(
        workshop,
        Settings::default(),
        Theme::choose(None, true),
        crate::tui::app::MIN_WIDTH,
        crate::tui::app::MIN_HEIGHT,
    );
    // The same room's view as the local app while serving: no turn, nothing unrevealed.
    app.set_serving(true);
    Ok((app, master))
}

/// Tells the operator at `out` where the server listens and how people join.
fn announce(running: &Running, allowed: Allowed, out: &mut dyn std::io::Write) {
    let room = running.room();
    let _ = writeln!(
        out,
        "covalue serve: \"{}\" on {}\nhost key {}\ninvite code {}\n\
         participants join with: ssh -p {} NAME@{}\n\
         the facilitator joins with a key marked (facilitator) in the keys file\n\
         Ctrl-C or SIGTERM saves and ends the workshop.",
        one_line(room.title()),
        running.local_addr(),
        room.fingerprint(),
        room.invite_code(),
        running.local_addr().port(),
        running.local_addr().ip(),
    );
    for (line, name) in room.unmatched_keys() {
        let _ = writeln!(
            out,
            "note: keys file line {line} names \"{}\", who is not a participant; they will be asked for the invite code",
            one_line(&name)
        );
    }
    let added: Vec<&str> = [(allowed.items, "items"), (allowed.notes, "notes")]
        .into_iter()
        .filter_map(|(on, what)| on.then_some(what))
        .collect();
    if !added.is_empty() {
        let _ = writeln!(out, "participants may add {}", added.join(" and "));
    }
    let _ = out.flush();
}

/// The headless writer between turns: its app (no terminal, shared with the facilitator's
/// console), the effects that save it, and the master and room it serves.
struct Headless {
    desk: Arc<Mutex<Desk>>,
    effects: Effects,
    master: Master,
    room: Room,
    autosave: crate::tui::autosave::Autosave,
    started: Instant,
    progress: Progress,
    /// The invite code as last printed, so a new one (the console's `n`) is printed too.
    code: String,
}

impl Headless {
    /// One turn: the app's clock and finished save, the participants' changes taken and
    /// published, the window's news said, and an autosave started when one is due.
    fn turn(&mut self, out: &mut dyn std::io::Write) {
        let mut desk = lock_desk(&self.desk);
        let Desk { app, pending } = &mut *desk;
        app.tick(self.started.elapsed());
        if let Some(outcome) = self.effects.finished() {
            app.on(outcome);
        }
        let before = app.revision();
        // What the facilitator's keys asked for (a save); leaving is their screen's own.
        for effect in std::mem::take(pending) {
            self.effects.run(effect, app);
        }
        if app.revision() != before {
            self.autosave.changed(Instant::now());
        }
        let before = app.revision();
        if let Some(w) = app.workshop_mut()
            && self.master.sync(w)
        {
            self.room.refresh_all();
            if self.master.window().is_some() {
                self.progress.say_changes(w.session(), out);
            }
        }
        if let Some(news) = self.master.close_news() {
            let _ = writeln!(out, "{news}");
            let _ = out.flush();
        }
        let code = self.room.invite_code();
        if code != self.code {
            let _ = writeln!(
                out,
                "invite code is now {code}; the old one no longer works"
            );
            let _ = out.flush();
            self.code = code;
        }
        if app.revision() != before {
            self.autosave.changed(Instant::now());
        }
        let saving = self.effects.saving();
        if app
            .workshop()
            .is_some_and(|w| self.autosave.due(w, saving, Instant::now()))
            && let Some(outcome) = self.effects.autosave(app)
        {
            app.on(outcome);
        }
    }

    /// Takes what is queued, refuses what comes after, and saves; how the app ended.
    fn end(mut self) -> Option<Ending> {
        let mut desk = lock_desk(&self.desk);
        let app = &mut desk.app;
        if let Some(w) = app.workshop_mut() {
            self.master.sync(w);
        }
        let late = self.master.close();
        if let Some(w) = app.workshop_mut() {
            let step = w.step();
            for change in &late {
                w.apply_outside(|s| {
                    apply(s, change, step);
                });
            }
        }
        self.effects.stopping = true;
        self.effects.run(Effect::Quit, app)
    }
}

/// Each person's pre-work progress as the headless server last printed it.
#[derive(Default)]
struct Progress {
    said: Vec<(String, usize, usize)>,
}

impl Progress {
    /// Prints a line for each person whose progress changed since the last time
    /// (`Priya Raman 31/42`).
    fn say_changes(&mut self, session: &Session, out: &mut dyn std::io::Write) {
        let now = everyone_progress(session);
        for line in &now {
            if !self.said.contains(line) {
                let (name, done, all) = line;
                let _ = writeln!(out, "{} {done}/{all}", one_line(name));
            }
        }
        if now != self.said {
            let _ = out.flush();
        }
        self.said = now;
    }
}
