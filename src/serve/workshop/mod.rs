//! The workshop itself served over SSH (`covalue serve SESSION`): one writer, many screens.
//!
//! The facilitator's app (the local TUI, or a headless one with no terminal) owns the session
//! and is its only writer: it saves through the TUI's `Effects` as `covalue open` does, so
//! autosave, the lock and the backups hold as today. Participants never touch that session.
//! Their screens read the [`Master`], a copy the writer publishes every turn, and send their
//! ratings as [`Change`]s, which are applied to the master at once (so everyone's screen
//! moves) and queued for the writer, who applies them to its session in the same lock it
//! publishes under: the master is always the writer's session plus the changes it has not
//! taken yet, so nothing flickers and nothing is lost between the two.
//!
//! A participant's screen ([`ParticipantScreen`]) is the local app seated as them
//! (`tui::seat::ParticipantApp`): the workshop screen with the turn and the viewer fixed to
//! that person, so the domain's one visibility rule (`value::Viewer::Person`) decides what is
//! drawn, their own rating as a number and everyone else's as a mark until the facilitator
//! reveals it. Their keys name a [`Change`], applied here to the master. Participants follow
//! the facilitator's step; the facilitator moves steps, reveals and starts timers with the
//! app's own keys, and admits, turns away and locks from the server panel over it (the
//! [`Console`], the keymap's `Serve` keys). Headless, that app has no terminal: a facilitator
//! key over SSH gets a [`FacilitatorScreen`], the writer's own app (shared with the headless
//! loop on a [`Desk`]) drawn to their channel with the panel over it, so the local app and the
//! console are one app, and the domain alone says who sees what.

mod beside;
mod change;
mod console;
#[cfg(test)]
mod one_app_tests;
mod participant;
mod run;
#[cfg(test)]
mod tests;
mod window;

pub use crate::tui::seat::Refused;
pub use beside::Beside;
use change::apply;
pub use change::{Change, rater_of, side_of};
pub use console::{Console, Desk, FacilitatorScreen, lock_desk};
pub use console::{everyone_progress, progress, rated_count};
pub use participant::ParticipantScreen;
pub use run::{ServeSessionError, Serving, serve, serve_headless_until};
pub use window::{Clock, WhenError, Window, parse_close, shown, system_clock};

use super::keys::same_name;
use super::{After, ENDED, Host, Options, Person, Room, Running, Screen, ServeError, Ticket};
use crate::domain::{Dimension, Role, Served, Session, Side, Step};
use crate::store::{Settings, Store};
use crate::text::{fit, one_line};
use crate::tui::action::{Action, Effect};
use crate::tui::app::App;
use crate::tui::effects::Effects;
use crate::tui::event_loop::Companion;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use crate::tui::workshop::{TimerView, Workshop};
use crate::tui::{Ending, Launch};
use crossterm::event::{Event, KeyEvent, KeyEventKind};
// The tests below this module name these through `super::*`.
#[cfg(test)]
use crate::domain::Rating;
#[cfg(test)]
use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

struct State {
    /// The writer's session as last published, plus the changes in `inbox`.
    session: Session,
    /// The facilitator's step, which every participant follows.
    step: Step,
    /// Changes the writer has not taken yet, oldest first.
    inbox: Vec<Change>,
    /// The steps the facilitator locked: participants change nothing on them.
    locked: std::collections::BTreeSet<Step>,
    /// Whether participants may add lines to the items' notes (a setting of the facilitator's).
    notes: bool,
    /// Whether participants may add items to the rated steps (a setting of the facilitator's).
    items: bool,
    /// Set once the writer has stopped taking changes.
    closed: bool,
    /// The writer's revision last published, so an unchanged session is not copied again.
    published: u64,
    /// The step timer as the writer last published it, and when.
    timer: Option<(TimerView, Instant)>,
    /// Counts every change anyone over SSH could see, so a screen rebuilds its rows only
    /// after one.
    version: u64,
    /// The pre-work window: participants rate at their own pace until it closes.
    window: Option<Window>,
    /// The time now, as the window is judged by.
    clock: Clock,
    /// The writer has taken the window's close (and revealed, if asked).
    close_taken: bool,
    /// What the writer is to say about the close, once.
    close_news: Option<String>,
}

impl State {
    fn changed(&mut self) {
        self.version = self.version.wrapping_add(1);
    }
}

/// What participants may add besides their ratings; the facilitator can change it during the
/// workshop.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Allowed {
    pub items: bool,
    pub notes: bool,
}

/// The session as everyone over SSH sees it, and the queue of their changes. Cheap to clone.
#[derive(Clone)]
pub struct Master {
    state: Arc<Mutex<State>>,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

impl Master {
    pub fn new(session: Session, step: Step) -> Master {
        Master {
            state: Arc::new(Mutex::new(State {
                session,
                step,
                inbox: Vec::new(),
                locked: std::collections::BTreeSet::new(),
                notes: false,
                items: false,
                closed: false,
                published: u64::MAX,
                timer: None,
                version: 0,
                window: None,
                clock: window::system_clock(),
                close_taken: false,
                close_news: None,
            })),
        }
    }

    /// A copy of the session (with every rating: show it only through `value::Viewer`).
    pub fn session(&self) -> Session {
        lock(&self.state).session.clone()
    }

    pub fn step(&self) -> Step {
        lock(&self.state).step
    }

    /// Whether the facilitator's current step is locked.
    pub fn locked(&self) -> bool {
        let state = lock(&self.state);
        state.locked.contains(&state.step)
    }

    /// Locks or opens the facilitator's current step: while locked, participants' ratings,
    /// items and notes on it are refused. Other steps keep their own lock.
    pub fn set_locked(&self, locked: bool) {
        let mut state = lock(&self.state);
        let step = state.step;
        if locked {
            state.locked.insert(step);
        } else {
            state.locked.remove(&step);
        }
        state.changed();
    }

    /// Whether participants may add to the items' notes.
    pub fn notes_allowed(&self) -> bool {
        lock(&self.state).notes
    }

    pub fn allow_notes(&self, allowed: bool) {
        let mut state = lock(&self.state);
        state.notes = allowed;
        state.changed();
    }

    /// Whether participants may add items to the rated steps.
    pub fn items_allowed(&self) -> bool {
        lock(&self.state).items
    }

    pub fn allow_items(&self, allowed: bool) {
        let mut state = lock(&self.state);
        state.items = allowed;
        state.changed();
    }

    /// Takes up the room a restarted server left in the session: the locks and what is
    /// open to participants (with `also` open besides, from the command line).
    pub fn resume(&self, served: &Served, also: Allowed) {
        let mut state = lock(&self.state);
        state.locked = served.locked.iter().copied().collect();
        state.items = served.items || also.items;
        state.notes = served.notes || also.notes;
        state.changed();
    }

    /// Opens a pre-work window (or none: a live workshop): participants move through the
    /// rated steps at their own pace, and nothing is rated after the close.
    pub fn open_window(&self, window: Option<Window>) {
        let mut state = lock(&self.state);
        state.window = window;
        state.close_taken = false;
        state.changed();
    }

    /// The pre-work window, if the session is served as one.
    pub fn window(&self) -> Option<Window> {
        lock(&self.state).window
    }

    /// Judges the window by `clock` instead of the system's (a test's clock).
    pub fn set_clock(&self, clock: Clock) {
        lock(&self.state).clock = clock;
    }

    /// The time now, by the window's clock.
    pub fn now(&self) -> crate::domain::Timestamp {
        let clock = lock(&self.state).clock.clone();
        clock()
    }

    /// What to say about the window's close, once, after the writer has taken it.
    pub fn close_news(&self) -> Option<String> {
        lock(&self.state).close_news.take()
    }

    /// Sets what participants may add.
    pub fn allow(&self, allowed: Allowed) {
        let mut state = lock(&self.state);
        state.items = allowed.items;
        state.notes = allowed.notes;
        state.changed();
    }

    /// The number of the last change anyone could see; a screen whose rows were built at this
    /// number needs no new ones.
    pub fn version(&self) -> u64 {
        lock(&self.state).version
    }

    /// The step timer as a participant sees it now: running or paused, seconds left (negative
    /// once over); `None` when the step's timer has not run.
    pub fn timer(&self) -> Option<TimerView> {
        timer_now(&lock(&self.state))
    }

    /// Reads everything the master holds, in one lock.
    fn read<T>(&self, read: impl FnOnce(&State) -> T) -> T {
        read(&lock(&self.state))
    }

    /// Reads the master without copying it.
    pub fn with<T>(&self, read: impl FnOnce(&Session, Step, bool) -> T) -> T {
        let state = lock(&self.state);
        read(
            &state.session,
            state.step,
            state.locked.contains(&state.step),
        )
    }

    /// Takes a change from someone over SSH: applied to the master at once and queued for the
    /// writer. Returns why it was refused, when it was.
    pub fn submit(&self, change: Change) -> Result<(), Refused> {
        let mut state = lock(&self.state);
        if state.closed {
            return Err(Refused::Ending);
        }
        if let Some(why) = refused_by_window(&state, &change) {
            return Err(why);
        }
        // A participant's change is checked against the step it is for, which may no longer
        // be the facilitator's (a note typed before they moved on).
        let target = match &change {
            Change::Rate { dimension, .. }
            | Change::Add { dimension, .. }
            | Change::Note { dimension, .. } => Some(dimension.step()),
            _ => None,
        };
        if target.is_some_and(|step| state.locked.contains(&step)) {
            return Err(Refused::Locked);
        }
        if !state.notes && matches!(change, Change::Note { .. }) {
            return Err(Refused::NotesClosed);
        }
        if !state.items && matches!(change, Change::Add { .. }) {
            return Err(Refused::ItemsClosed);
        }
        if let Change::Rate { name, .. } = &change
            && rater_of(&state.session, name).is_none()
        {
            return Err(Refused::RatesNothing);
        }
        let step = state.step;
        if let Change::Step(to) = change {
            state.step = to;
        }
        if !apply(&mut state.session, &change, step) {
            return Err(match change {
                Change::Add { .. } => Refused::AlreadyThere,
                _ => Refused::Moved,
            });
        }
        state.inbox.push(change);
        state.changed();
        Ok(())
    }

    /// The writer's turn: applies the queued changes to its workshop, then publishes the
    /// workshop's session and step. Returns whether anything others see changed.
    pub fn sync(&self, workshop: &mut Workshop) -> bool {
        let mut state = lock(&self.state);
        let inbox = std::mem::take(&mut state.inbox);
        for change in &inbox {
            match change {
                Change::Step(step) => workshop.go_to_step(*step),
                Change::Timer => {
                    workshop.update(Action::ToggleTimer);
                }
                change => {
                    let step = workshop.step();
                    workshop.apply_outside(|session| {
                        apply(session, change, step);
                    });
                }
            }
        }
        let closing = take_close(&mut state, workshop);
        keep_room(&state, workshop);
        let mut changed =
            closing || workshop.revision() != state.published || workshop.step() != state.step;
        if changed {
            state.session = workshop.session().clone();
            state.step = workshop.step();
            state.published = workshop.revision();
        }
        // A running timer is published once, when it starts; screens count down from there.
        let timer = workshop.timer_view(workshop.step());
        let same_timer = match (timer, state.timer) {
            (None, None) => true,
            (Some(now), Some((before, _))) => {
                now.running == before.running && (now.running || now.left == before.left)
            }
            _ => false,
        };
        if !same_timer {
            state.timer = timer.map(|t| (t, Instant::now()));
            changed = true;
        }
        if changed {
            state.changed();
        }
        changed
    }

    /// The writer stops taking changes; returns the ones it has not taken.
    pub fn close(&self) -> Vec<Change> {
        let mut state = lock(&self.state);
        state.closed = true;
        std::mem::take(&mut state.inbox)
    }
}

/// The step timer as published, with the seconds a running one has counted since.
fn timer_now(state: &State) -> Option<TimerView> {
    let (view, at) = state.timer?;
    Some(TimerView {
        left: if view.running {
            view.left
                .saturating_sub(i64::try_from(at.elapsed().as_secs()).unwrap_or(i64::MAX))
        } else {
            view.left
        },
        ..view
    })
}

/// Why a pre-work window refuses a change now, if it does: nothing new after the close (the
/// seat says when it closed), no reveal before it.
fn refused_by_window(state: &State, change: &Change) -> Option<Refused> {
    let window = state.window?;
    let closed = window.closed((state.clock)());
    match change {
        Change::Rate { .. } | Change::Add { .. } | Change::Note { .. } if closed => {
            Some(Refused::WindowClosed)
        }
        Change::Reveal if !closed => Some(Refused::WindowOpen),
        _ => None,
    }
}

/// At the window's close (at the first turn after it): reveals every rating it can when the
/// window was opened so, once, and leaves word of it for the writer. True when it did.
fn take_close(state: &mut State, workshop: &mut Workshop) -> bool {
    let Some(window) = state.window else {
        return false;
    };
    if state.close_taken || !window.closed((state.clock)()) {
        return false;
    }
    state.close_taken = true;
    let mut news = format!("The pre-work window closed at {}", shown(window.until));
    if window.reveal {
        let (mut revealed, mut waiting) = (0, 0);
        workshop.apply_outside(|session| (revealed, waiting) = session.reveal(None));
        let s = |n: usize| if n == 1 { "" } else { "s" };
        news.push_str(&format!(
            "; revealed at the close: {revealed} item{}",
            s(revealed)
        ));
        if waiting > 0 {
            news.push_str(&format!(
                " ({waiting} item{} rated by one side only stay hidden)",
                s(waiting)
            ));
        }
    } else {
        news.push_str("; no more ratings are taken");
    }
    news.push('.');
    state.close_news = Some(news);
    true
}

/// Writes the room (step, locks, what is open, the timer, the window) into the writer's
/// session when it changed, so it is saved with the ratings and a restarted server picks up
/// there.
fn keep_room(state: &State, workshop: &mut Workshop) {
    let step = workshop.step();
    let served = Served {
        step: Some(step),
        locked: state.locked.iter().copied().collect(),
        items: state.items,
        notes: state.notes,
        timer: workshop.timer_view(step).is_some_and(|t| t.running),
        open_until: state.window.map(|w| w.until),
        reveal_at_close: state.window.is_some_and(|w| w.reveal),
    };
    if workshop.session().served != served {
        workshop.apply_outside(|session| session.served = served);
    }
}

/// Moves a writer's workshop to the room a restarted server left: its step, and its timer
/// running again if it was.
pub(super) fn resume_workshop(workshop: &mut Workshop, served: &Served) {
    if let Some(step) = served.step {
        workshop.go_to_step(step);
    }
    if served.timer
        && !workshop
            .timer_view(workshop.step())
            .is_some_and(|t| t.running)
    {
        let _ = workshop.update(Action::ToggleTimer);
    }
}

/// Where each participant's selection was, by name, so a reconnect finds its place.
pub type Places = Arc<Mutex<std::collections::HashMap<String, crate::tui::seat::Place>>>;

/// Opens a [`ParticipantScreen`] for each participant and, when headless, a
/// [`FacilitatorScreen`] over the writer's app for a facilitator key.
pub struct WorkshopHost {
    master: Master,
    places: Places,
    /// Where the server listens, once it does, for the facilitator's console.
    address: std::sync::OnceLock<std::net::SocketAddr>,
    /// The headless writer's app, which a facilitator's console shows and drives.
    desk: Option<Arc<Mutex<Desk>>>,
}

impl WorkshopHost {
    pub fn new(master: Master) -> WorkshopHost {
        WorkshopHost {
            master,
            places: Places::default(),
            address: std::sync::OnceLock::new(),
            desk: None,
        }
    }

    /// A host whose facilitator's console is the headless writer's app on `desk`.
    pub fn headless(master: Master, desk: Arc<Mutex<Desk>>) -> WorkshopHost {
        WorkshopHost {
            desk: Some(desk),
            ..WorkshopHost::new(master)
        }
    }

    /// Tells the console where the server listens (known only once it does).
    pub fn listening_on(&self, address: std::net::SocketAddr) {
        let _ = self.address.set(address);
    }

    /// Where each participant is, with any line they are typing: the panel beside the local
    /// app reads who is typing from it.
    pub fn places(&self) -> Places {
        Arc::clone(&self.places)
    }
}

impl Host for WorkshopHost {
    fn open(&self, person: &Person, room: &Room) -> Box<dyn Screen> {
        self.open_for(person, room, &super::Client::default())
    }

    fn open_for(&self, person: &Person, room: &Room, client: &super::Client) -> Box<dyn Screen> {
        // Beside the local app the facilitator's app is in the server's terminal; a
        // facilitator key over SSH then gets the room's view, seated as nobody who rates.
        if person.facilitator
            && let Some(desk) = &self.desk
        {
            let mut console = FacilitatorScreen::new(
                Arc::clone(desk),
                room.clone(),
                self.master.clone(),
                client.theme(),
            );
            console.listening_on(self.address.get().copied());
            return Box::new(console);
        }
        Box::new(ParticipantScreen::new(
            person.clone(),
            self.master.clone(),
            Arc::clone(&self.places),
            client.theme(),
        ))
    }
}

/// The people who may join, from the session's participants.
pub fn people(session: &Session) -> Vec<Person> {
    session
        .participants
        .iter()
        .map(|p| match p.role {
            Role::Facilitator => Person::facilitator(p.name.clone()),
            Role::Provider => Person::new(p.name.clone(), "provider"),
            Role::Consumer => Person::new(p.name.clone(), "consumer"),
        })
        .collect()
}
