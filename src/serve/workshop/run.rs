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

/// Runs `covalue serve`: the session at `path` (already loaded) served over SSH, with the
/// facilitator's app in this terminal, or headless until a signal.
pub fn serve(
    store: Store,
    path: &Path,
    mut session: Session,
    options: Options,
    headless: bool,
    allowed: Allowed,
    out: &mut dyn std::io::Write,
) -> Result<(), ServeSessionError> {
    // Nobody at their own screen, and nobody at the projector, may see a number before the
    // reveal, so a served session is always blind (and is saved so).
    let made_blind = serve_blind(&mut session).then_some(MADE_BLIND);
    if headless {
        if let Some(note) = made_blind {
            let _ = writeln!(out, "{note}");
        }
        return serve_headless(store, path, session, options, allowed, out);
    }
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
    let running = Running::start(options, Arc::new(WorkshopHost::new(master.clone())))?;
    let mut beside = Beside::new(running.room().clone(), master.clone());
    beside.console.address = Some(running.local_addr());
    beside.resume = Some(session.served.clone());
    beside.notice = made_blind.map(str::to_string);
    let result = crate::tui::run_with(
        store,
        Launch::Edit(path.to_path_buf(), Box::new(session)),
        Some(&mut beside),
    );
    let late = master.close();
    running.stop(ENDED);
    save_late(path, &late)?;
    Ok(result?)
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

/// `covalue serve --headless`: the writer is an app with no terminal; the facilitator joins
/// over SSH with a key marked `(facilitator)` and drives the workshop from the console.
fn serve_headless(
    store: Store,
    path: &Path,
    session: Session,
    options: Options,
    allowed: Allowed,
    out: &mut dyn std::io::Write,
) -> Result<(), ServeSessionError> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop)).map_err(ServeError::Runtime)?;
    }
    let mut effects = Effects::new(store, None);
    let served = session.served.clone();
    let mut workshop = effects.open_loaded(path, session, false);
    if let Some(reason) = workshop.read_only() {
        return Err(ServeSessionError::ReadOnly {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        });
    }
    resume_workshop(&mut workshop, &served);
    let master = Master::new(workshop.session().clone(), workshop.step());
    master.resume(&served, allowed);
    let mut app = App::for_workshop(
        workshop,
        Settings::default(),
        Theme::choose(None, true),
        crate::tui::app::MIN_WIDTH,
        crate::tui::app::MIN_HEIGHT,
    );
    // The same room's view as the local app while serving: no turn, nothing unrevealed.
    app.set_serving(true);
    let host = Arc::new(WorkshopHost::new(master.clone()));
    let running = Running::start(options, host.clone())?;
    host.listening_on(running.local_addr());
    let room = running.room().clone();
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
    let mut last_change = Instant::now();
    let started = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(HEADLESS_TURN);
        app.tick(started.elapsed());
        if let Some(outcome) = effects.finished() {
            app.on(outcome);
        }
        let before = app.revision();
        if let Some(w) = app.workshop_mut()
            && master.sync(w)
        {
            room.refresh_all();
        }
        if app.revision() != before {
            last_change = Instant::now();
        }
        let quiet = last_change.elapsed() >= crate::tui::AUTOSAVE_AFTER;
        if app.workshop().is_some_and(Workshop::dirty)
            && quiet
            && !effects.saving()
            && let Some(outcome) = effects.autosave(&mut app)
        {
            app.on(outcome);
        }
    }
    // Take what is queued, refuse what comes after, save, then say goodbye to everyone.
    if let Some(w) = app.workshop_mut() {
        master.sync(w);
    }
    let late = master.close();
    if let Some(w) = app.workshop_mut() {
        let step = w.step();
        for change in &late {
            w.apply_outside(|s| {
                apply(s, change, step);
            });
        }
    }
    effects.stopping = true;
    let ending = effects.run(Effect::Quit, &mut app);
    running.stop(ENDED);
    match ending {
        Some(Ending::Lost { path, error }) | Some(Ending::Rescued { path, error, .. }) => {
            Err(ServeSessionError::Lost { path, error })
        }
        _ => Ok(()),
    }
}
