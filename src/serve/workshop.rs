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
//! What a participant may see is decided in one function, [`rows`], which turns the master
//! into plain rows: their own rating as a number, everyone else's as "rated" or "not yet"
//! until the facilitator reveals the item. The participant's [`Seat`] draws only those rows,
//! so no path on their screen can show a hidden number. Participants follow the facilitator's
//! step; the facilitator moves steps, reveals and starts timers with the app's own keys (or,
//! headless, from the [`Console`] over SSH), and can lock the ratings.

use super::keys::same_name;
use super::{After, ENDED, Host, Options, Person, Room, Running, Screen, ServeError, Ticket};
use crate::domain::{Dimension, Rating, Ratings, Role, Session, Side, Step};
use crate::store::{Settings, Store};
use crate::text::{fit, one_line};
use crate::tui::action::{Action, Effect};
use crate::tui::app::App;
use crate::tui::effects::Effects;
use crate::tui::event_loop::Companion;
use crate::tui::keymap::{self, Context};
use crate::tui::theme::Theme;
use crate::tui::workshop::Workshop;
use crate::tui::{Ending, Launch};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Something a person over SSH did to the session, for the writer to apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// `name` rated (or cleared) an item; `text` is checked so a list that moved meanwhile
    /// never gets the rating on the wrong item.
    Rate {
        name: String,
        dimension: Dimension,
        index: usize,
        text: String,
        rating: Option<Rating>,
    },
    /// Someone admitted from the waiting list as a participant the session did not have.
    Join { name: String, role: Role },
    /// The facilitator (over SSH) moved to a step.
    Step(Step),
    /// The facilitator (over SSH) revealed the current step's ratings.
    Reveal,
    /// The facilitator (over SSH) started or paused the step timer.
    Timer,
    /// `name` added a line to an item's discussion note (where the facilitator allows it).
    Note {
        name: String,
        dimension: Dimension,
        index: usize,
        text: String,
        line: String,
    },
}

/// The item's text at `index`, to check a rating lands where the person saw it.
fn item_text(session: &Session, dimension: Dimension, index: usize) -> Option<&str> {
    session
        .rated_items()
        .find(|i| i.dimension == dimension && i.index == index)
        .map(|i| i.text)
}

/// The side `name` rates for and their name as the session spells it, if they are a rating
/// participant of the session.
pub fn rater_of(session: &Session, name: &str) -> Option<(Side, String)> {
    session
        .participants
        .iter()
        .find(|p| same_name(&p.name, name))
        .and_then(|p| Some((p.role.side()?, p.name.clone())))
}

/// The side `name` rates for, if they are a rating participant of the session.
pub fn side_of(session: &Session, name: &str) -> Option<Side> {
    rater_of(session, name).map(|(side, _)| side)
}

/// Applies one participant's change to a session; false when it no longer applies (the item
/// moved or the person rates nothing).
fn apply(session: &mut Session, change: &Change, step: Step) -> bool {
    match change {
        Change::Rate {
            name,
            dimension,
            index,
            text,
            rating,
        } => {
            let Some((side, name)) = rater_of(session, name) else {
                return false;
            };
            if item_text(session, *dimension, *index) != Some(text.as_str()) {
                return false;
            }
            session.rate_as(*dimension, *index, side, &name, *rating);
            true
        }
        Change::Join { name, role } => {
            if session
                .participants
                .iter()
                .any(|p| same_name(&p.name, name))
            {
                return false;
            }
            session.participants.push(crate::domain::Participant {
                name: name.clone(),
                role: *role,
                group: None,
            });
            true
        }
        Change::Reveal => {
            session.reveal(step.dimension().map(|d| d.step()));
            true
        }
        Change::Note {
            name,
            dimension,
            index,
            text,
            line,
        } => {
            let line = one_line(line).trim().to_string();
            if line.is_empty() || item_text(session, *dimension, *index) != Some(text.as_str()) {
                return false;
            }
            // Each person's line is added under their name, so nobody's words replace another's.
            let step = dimension.step();
            let note = match session.note(step, text) {
                Some(before) => format!("{before}\n{name}: {line}"),
                None => format!("{name}: {line}"),
            };
            session.set_note(step, text, &note);
            true
        }
        Change::Step(_) | Change::Timer => true,
    }
}

struct State {
    /// The writer's session as last published, plus the changes in `inbox`.
    session: Session,
    /// The facilitator's step, which every participant follows.
    step: Step,
    /// Changes the writer has not taken yet, oldest first.
    inbox: Vec<Change>,
    /// Whether participants' ratings are refused (the facilitator locked the step).
    locked: bool,
    /// Whether participants may add lines to the items' notes (a setting of the facilitator's).
    notes: bool,
    /// Set once the writer has stopped taking changes.
    closed: bool,
    /// The writer's revision last published, so an unchanged session is not copied again.
    published: u64,
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
                locked: false,
                notes: false,
                closed: false,
                published: u64::MAX,
            })),
        }
    }

    /// A copy of the session (with every rating: filter it through [`rows`] before showing).
    pub fn session(&self) -> Session {
        lock(&self.state).session.clone()
    }

    pub fn step(&self) -> Step {
        lock(&self.state).step
    }

    pub fn locked(&self) -> bool {
        lock(&self.state).locked
    }

    pub fn set_locked(&self, locked: bool) {
        lock(&self.state).locked = locked;
    }

    /// Whether participants may add to the items' notes.
    pub fn notes_allowed(&self) -> bool {
        lock(&self.state).notes
    }

    pub fn allow_notes(&self, allowed: bool) {
        lock(&self.state).notes = allowed;
    }

    /// Reads the master without copying it.
    pub fn with<T>(&self, read: impl FnOnce(&Session, Step, bool) -> T) -> T {
        let state = lock(&self.state);
        read(&state.session, state.step, state.locked)
    }

    /// Takes a change from someone over SSH: applied to the master at once and queued for the
    /// writer. Returns why it was refused, when it was.
    pub fn submit(&self, change: Change) -> Result<(), &'static str> {
        let mut state = lock(&self.state);
        if state.closed {
            return Err("The workshop is ending; nothing more can change.");
        }
        if state.locked && matches!(change, Change::Rate { .. }) {
            return Err("The facilitator has locked the ratings.");
        }
        if !state.notes && matches!(change, Change::Note { .. }) {
            return Err("The facilitator has not opened the notes to participants.");
        }
        let step = state.step;
        if let Change::Step(to) = change {
            state.step = to;
        }
        if !apply(&mut state.session, &change, step) {
            return Err("That item has changed meanwhile; look again.");
        }
        state.inbox.push(change);
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
        let changed = workshop.revision() != state.published || workshop.step() != state.step;
        if changed {
            state.session = workshop.session().clone();
            state.step = workshop.step();
            state.published = workshop.revision();
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

/// How one person sees another's rating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Rated, but hidden until the facilitator reveals.
    Rated,
    Number(Rating),
}

/// One item as a participant may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub index: usize,
    pub text: String,
    /// Their own rating.
    pub own: Option<Rating>,
    /// Everyone else who rated the item, by name, as far as this person may see it.
    pub others: Vec<(String, Shown)>,
}

/// The items of `dimension` as `who` (side and name as the session spells it; `None` for
/// someone who rates nothing) may see them: the one place that decides what a participant
/// is shown, so no screen of theirs can hold a hidden number. The rule itself is the
/// domain's (`Session::seen_by`): with blind rating, only their own until the reveal.
pub fn rows(session: &Session, dimension: Dimension, who: Option<&(Side, String)>) -> Vec<Row> {
    session
        .rated_items()
        .filter(|i| i.dimension == dimension)
        .map(|i| {
            let ratings: &Ratings = i.rating;
            let (own, seen) = match who {
                Some((side, name)) => {
                    let mine = session.own_of(ratings, *side, name);
                    let own = mine
                        .by(*side, name)
                        .or_else(|| mine.by(*side, side.rater()));
                    (own, session.seen_by(ratings, *side, name))
                }
                None if session.blind && !ratings.revealed => (None, Ratings::default()),
                None => (None, ratings.clone()),
            };
            let mut others = Vec::new();
            for side in Side::BOTH {
                for rater in ratings.raters(side).keys() {
                    let me = who.is_some_and(|(s, n)| {
                        *s == side
                            && (n == rater
                                || session.speaks_for_side(side, n) && rater == side.rater())
                    });
                    if me {
                        continue;
                    }
                    let shown = match seen.by(side, rater) {
                        Some(r) => Shown::Number(r),
                        None => Shown::Rated,
                    };
                    others.push((rater.clone(), shown));
                }
            }
            Row {
                index: i.index,
                text: i.text.to_string(),
                own,
                others,
            }
        })
        .collect()
}

fn others_text(others: &[(String, Shown)]) -> String {
    if others.is_empty() {
        return "nobody yet".into();
    }
    others
        .iter()
        .map(|(name, shown)| match shown {
            Shown::Rated => format!("{}: rated", one_line(name)),
            Shown::Number(r) => format!("{}: {r}", one_line(name)),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The longest note line a participant may type.
const NOTE_MAX: usize = 300;

/// A participant's screen: the facilitator's step, its items, their own ratings.
pub struct Seat {
    person: Person,
    master: Master,
    selected: usize,
    /// The step the selection belongs to; a new step starts at its first item.
    step: Step,
    message: Option<String>,
    help: bool,
    places: Places,
    /// A note line being typed, when one is.
    typing: Option<String>,
}

impl Seat {
    /// The selected item of the facilitator's step, as this person sees it.
    fn selected_row(&self) -> Option<(Dimension, Row)> {
        self.master.with(|session, step, _| {
            let dimension = step.dimension()?;
            let row = rows(
                session,
                dimension,
                rater_of(session, &self.person.name).as_ref(),
            )
            .into_iter()
            .nth(self.selected)?;
            Some((dimension, row))
        })
    }

    /// A key while a note line is being typed: Enter sends it, Esc drops it.
    fn type_key(&mut self, key: &KeyEvent) -> After {
        let Some(line) = self.typing.as_mut() else {
            return After::Draw;
        };
        match key.code {
            KeyCode::Enter => {
                let line = self.typing.take().unwrap_or_default();
                let Some((dimension, row)) = self.selected_row() else {
                    self.message = Some("That item is gone.".into());
                    return After::Draw;
                };
                let change = Change::Note {
                    name: self.person.name.clone(),
                    dimension,
                    index: row.index,
                    text: row.text,
                    line,
                };
                return match self.master.submit(change) {
                    Ok(()) => {
                        self.message = Some("Note added.".into());
                        After::DrawAll
                    }
                    Err(why) => {
                        self.message = Some(why.into());
                        After::Draw
                    }
                };
            }
            KeyCode::Esc => {
                self.typing = None;
                self.message = Some("Note dropped.".into());
            }
            KeyCode::Backspace => {
                line.pop();
            }
            KeyCode::Char(c)
                if !key.modifiers.contains(KeyModifiers::CONTROL)
                    && line.chars().count() < NOTE_MAX =>
            {
                line.push(c);
            }
            _ => {}
        }
        After::Draw
    }

    /// Remembers the selection for a reconnect.
    fn keep_place(&self) {
        self.places
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(self.person.name.to_lowercase(), (self.step, self.selected));
    }

    fn rate(&mut self, rating: Option<Rating>) -> After {
        let (dimension, row, side) = self.master.with(|session, step, _| {
            let dimension = step.dimension();
            let row = dimension.and_then(|d| {
                rows(session, d, rater_of(session, &self.person.name).as_ref())
                    .into_iter()
                    .nth(self.selected)
            });
            (dimension, row, side_of(session, &self.person.name))
        });
        let (Some(dimension), Some(row)) = (dimension, row) else {
            self.message = Some("Nothing to rate on this step.".into());
            return After::Draw;
        };
        if side.is_none() {
            self.message = Some("You take part without rating.".into());
            return After::Draw;
        }
        let change = Change::Rate {
            name: self.person.name.clone(),
            dimension,
            index: row.index,
            text: row.text,
            rating,
        };
        match self.master.submit(change) {
            Ok(()) => {
                self.message = None;
                self.selected += 1;
                After::DrawAll
            }
            Err(why) => {
                self.message = Some(why.into());
                After::Draw
            }
        }
    }
}

impl Screen for Seat {
    fn handle(&mut self, event: Event, _room: &Room) -> After {
        if let (Event::Paste(text), Some(line)) = (&event, self.typing.as_mut()) {
            line.extend(
                one_line(text)
                    .chars()
                    .take(NOTE_MAX.saturating_sub(line.chars().count())),
            );
            return After::Draw;
        }
        let Event::Key(key) = event else {
            return After::Draw;
        };
        if key.kind != KeyEventKind::Press {
            return After::Draw;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return After::Leave;
        }
        if self.help {
            self.help = false;
            return After::Draw;
        }
        if self.typing.is_some() {
            return self.type_key(&key);
        }
        match keymap::action_for(Context::Workshop, &key) {
            Some(Action::Quit) => After::Leave,
            Some(Action::Up) => {
                self.selected = self.selected.saturating_sub(1);
                After::Draw
            }
            Some(Action::Down) => {
                self.selected += 1;
                After::Draw
            }
            Some(Action::Top) => {
                self.selected = 0;
                After::Draw
            }
            Some(Action::Bottom) => {
                self.selected = usize::MAX;
                After::Draw
            }
            Some(Action::Rate(rating)) => self.rate(rating),
            Some(Action::Edit) => {
                if !self.master.notes_allowed() {
                    self.message =
                        Some("The facilitator has not opened the notes to participants.".into());
                } else if self.selected_row().is_some() {
                    self.typing = Some(String::new());
                    self.message = None;
                } else {
                    self.message = Some("No item to write a note on.".into());
                }
                After::Draw
            }
            Some(Action::Help) => {
                self.help = true;
                After::Draw
            }
            Some(_) => {
                self.message = Some("The facilitator moves the steps and reveals.".into());
                After::Draw
            }
            None => After::Draw,
        }
    }

    fn draw(&mut self, frame: &mut Frame, room: &Room) {
        let (step, side, lines, locked, count, note) = self.master.with(|session, step, locked| {
            let who = rater_of(session, &self.person.name);
            let side = who.as_ref().map(|(side, _)| *side);
            let rows = step.dimension().map(|d| rows(session, d, who.as_ref()));
            // The selected item's note, from the same rows (no second pass over the session).
            let note = step.dimension().and_then(|d| {
                let rows = rows.as_ref()?;
                let row = rows.get(self.selected.min(rows.len().saturating_sub(1)))?;
                session.note(d.step(), &row.text).map(one_line)
            });
            // How many ratings the step holds: the room's progress, which hides nothing.
            let count: usize = session
                .rated_items()
                .filter(|i| Some(i.dimension) == step.dimension())
                .map(|i| i.rating.count())
                .sum();
            (step, side, rows, locked, count, note)
        });
        if step != self.step {
            self.step = step;
            self.selected = 0;
        }
        let area = frame.area();
        let [head, body, status, foot] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let width = usize::from(area.width.saturating_sub(2));
        let who = match side {
            Some(side) => format!("{} · {}", self.person.name, side.name()),
            None => format!("{} · {}", self.person.name, self.person.about),
        };
        let progress = if step.dimension().is_some() {
            format!(" · {count} ratings in")
        } else {
            String::new()
        };
        let title = format!(
            "covalue · {} · {} · step {}{progress}",
            one_line(room.title()),
            one_line(&who),
            step.title()
        );
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(&title, width),
                Style::default().add_modifier(Modifier::BOLD),
            ))
            .block(Block::bordered()),
            head,
        );
        let inner = usize::from(body.width.saturating_sub(2));
        let mut text: Vec<Line> = Vec::new();
        match lines {
            Some(rows) if !rows.is_empty() => {
                self.selected = self.selected.min(rows.len() - 1);
                self.keep_place();
                let columns = (inner / 2).max(30);
                let text_width = inner.saturating_sub(columns + 2);
                text.push(Line::raw(fit(
                    &format!(
                        "  {:<text_width$}  {:<14}{}",
                        "Item",
                        "yours",
                        "others",
                        text_width = text_width
                    ),
                    inner,
                )));
                let top = self
                    .selected
                    .saturating_sub(usize::from(body.height.saturating_sub(4)));
                for (i, row) in rows.iter().enumerate().skip(top) {
                    let own = row
                        .own
                        .map_or("–".to_string(), |r| format!("{r} {}", r.label()));
                    let line = format!(
                        "{} {}  {:<14}{}",
                        if i == self.selected { "›" } else { " " },
                        crate::text::pad(&fit(&one_line(&row.text), text_width), text_width),
                        own,
                        others_text(&row.others)
                    );
                    let style = if i == self.selected {
                        Style::default().add_modifier(Modifier::REVERSED)
                    } else {
                        Style::default()
                    };
                    text.push(Line::styled(fit(&line, inner), style));
                }
            }
            Some(_) => text.push(Line::raw("No items on this step yet.")),
            None => {
                text.push(Line::raw(fit(
                    &format!(
                        "The facilitator is on {}. Rating opens on the rated steps.",
                        step.title()
                    ),
                    inner,
                )));
            }
        }
        frame.render_widget(Paragraph::new(text).block(Block::bordered()), body);
        let message = self.message.clone();
        let message = match (&self.typing, message, note) {
            (Some(line), _, _) => format!("Note: {line}▏ (Enter adds it, Esc drops it)"),
            (None, Some(message), _) => message,
            (None, None, Some(note)) => format!("Note: {note}"),
            (None, None, None) if locked => "The facilitator has locked the ratings.".into(),
            (None, None, None) => {
                "Others' ratings stay hidden until the facilitator reveals.".into()
            }
        };
        frame.render_widget(Paragraph::new(fit(&message, width)), status);
        let hints = format!(
            "{} move · 1–5 rate · {} clear · {} note · {} help · {} leave",
            keymap::key_for(Context::Workshop, Action::Down),
            keymap::key_for(Context::Workshop, Action::Rate(None)),
            keymap::key_for(Context::Workshop, Action::Edit),
            keymap::key_for(Context::Workshop, Action::Help),
            keymap::key_for(Context::Workshop, Action::Quit),
        );
        frame.render_widget(Paragraph::new(fit(&hints, width)), foot);
        if self.help {
            let popup = centered(area, 60, 8);
            frame.render_widget(Clear, popup);
            frame.render_widget(
                Paragraph::new(vec![
                    Line::raw("You rate the items of the facilitator's step."),
                    Line::raw("Your own rating shows as a number; others' show as"),
                    Line::raw("\"rated ✓\" until the facilitator reveals them."),
                    Line::raw(hints.clone()),
                    Line::raw("Any key closes this."),
                ])
                .block(Block::bordered().title(" Help ")),
                popup,
            );
        }
    }
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Who someone waiting may be admitted as. The participant of their login name comes first;
/// without one, a new consumer and a new provider named as they logged in come first; then
/// every other participant of the session (not the facilitator).
fn admit_choices(session: &Session, login: &str) -> Vec<(String, Option<Role>)> {
    let name = one_line(login).trim().to_string();
    let existing = session
        .participants
        .iter()
        .filter(|p| p.role != Role::Facilitator)
        .map(|p| (p.name.clone(), None));
    let (mut choices, others): (Vec<_>, Vec<_>) =
        existing.partition(|(n, _): &(String, Option<Role>)| same_name(n, &name));
    if choices.is_empty() && !name.is_empty() {
        choices.push((name.clone(), Some(Role::Consumer)));
        choices.push((name, Some(Role::Provider)));
    }
    choices.extend(others);
    choices
}

/// The facilitator's view of the server: key, invite code, who is connected and who has
/// rated, the waiting list with admit and turn away. A whole screen over SSH (headless), an
/// overlay in the local terminal.
pub struct Console {
    person: Person,
    master: Master,
    selected: usize,
    /// Which of the selected person's admit choices is picked.
    choice: usize,
    message: Option<String>,
    /// Over SSH the console is the facilitator's only screen and drives the steps too.
    remote: bool,
    /// Where the server listens, for the line that tells participants how to join.
    pub address: Option<std::net::SocketAddr>,
}

impl Console {
    pub fn new(person: Person, master: Master, remote: bool) -> Console {
        Console {
            person,
            master,
            selected: 0,
            choice: 0,
            message: None,
            remote,
            address: None,
        }
    }

    /// Handles a key; `None` when the console does not use it.
    pub fn key(&mut self, key: &KeyEvent, room: &Room) -> Option<After> {
        let waiting = room.waiting();
        self.selected = self.selected.min(waiting.len().saturating_sub(1));
        let chosen = waiting.get(self.selected).map(|w| {
            let choices = self.master.with(|s, _, _| admit_choices(s, &w.login));
            (w.ticket, choices)
        });
        let pick = keymap::action_for(Context::Pick, key);
        match (key.code, pick) {
            (_, Some(Action::Up)) => {
                self.selected = self.selected.saturating_sub(1);
                self.choice = 0;
                Some(After::Draw)
            }
            (_, Some(Action::Down)) => {
                self.selected = (self.selected + 1).min(waiting.len().saturating_sub(1));
                self.choice = 0;
                Some(After::Draw)
            }
            (KeyCode::Left | KeyCode::Right, _) => {
                if let Some((_, choices)) = &chosen {
                    let n = choices.len().max(1);
                    self.choice = if key.code == KeyCode::Right {
                        (self.choice + 1) % n
                    } else {
                        (self.choice + n - 1) % n
                    };
                }
                Some(After::Draw)
            }
            (_, Some(Action::Choose)) => {
                if let Some((ticket, choices)) = chosen {
                    self.admit(ticket, &choices, room);
                }
                Some(After::DrawAll)
            }
            (KeyCode::Delete | KeyCode::Char('x'), _) => {
                if let Some((ticket, _)) = chosen {
                    room.turn_away(ticket);
                    self.message = Some("Turned away.".into());
                }
                Some(After::DrawAll)
            }
            (KeyCode::Char('n'), _) => {
                let code = room.new_invite_code();
                self.message = Some(format!(
                    "New invite code {code}; the old one no longer works."
                ));
                Some(After::DrawAll)
            }
            (KeyCode::Char('N'), _) => {
                let allowed = !self.master.notes_allowed();
                self.master.allow_notes(allowed);
                self.message = Some(if allowed {
                    "Participants may add lines to the items' notes.".into()
                } else {
                    "Notes closed to participants.".into()
                });
                Some(After::DrawAll)
            }
            (KeyCode::Char('L'), _) => {
                let locked = !self.master.locked();
                self.master.set_locked(locked);
                self.message = Some(if locked {
                    "Ratings locked: participants cannot change them.".into()
                } else {
                    "Ratings open again.".into()
                });
                Some(After::DrawAll)
            }
            _ => None,
        }
    }

    fn admit(&mut self, ticket: Ticket, choices: &[(String, Option<Role>)], room: &Room) {
        let Some((name, new_role)) = choices.get(self.choice.min(choices.len().saturating_sub(1)))
        else {
            return;
        };
        if let Some(role) = new_role {
            let _ = self.master.submit(Change::Join {
                name: name.clone(),
                role: *role,
            });
        }
        let about = match new_role {
            Some(Role::Provider) => "provider",
            Some(_) => "consumer",
            None => self
                .master
                .with(|s, _, _| side_of(s, name).map_or("participant", |side| side.name())),
        };
        if room.admit(ticket, Person::new(name.clone(), about)) {
            self.message = Some(format!("Admitted as {}.", one_line(name)));
        } else {
            self.message = Some("They are no longer waiting.".into());
        }
        self.choice = 0;
    }

    /// The console's lines, for a screen or an overlay `width` columns wide.
    fn lines(&self, room: &Room, width: usize) -> Vec<Line<'static>> {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let mut lines = vec![
            Line::styled(
                fit(&format!("Serving {}", one_line(room.title())), width),
                bold,
            ),
            Line::raw(fit(&format!("Host key {}", room.fingerprint()), width)),
        ];
        let code = if room.invite_retired() {
            "retired after too many wrong answers (n makes a new one)".to_string()
        } else {
            room.invite_code()
        };
        if let Some(address) = self.address {
            lines.push(Line::raw(fit(
                &format!(
                    "Listening on {address} · join with ssh -p {} NAME@HOST",
                    address.port()
                ),
                width,
            )));
        }
        lines.push(Line::raw(fit(&format!("Invite code {code}"), width)));
        let (step, rated, locked) = self.master.with(|session, step, locked| {
            let rated: Vec<(String, usize, usize)> = room
                .connected()
                .iter()
                .map(|p| {
                    let who = rater_of(session, &p.person.name);
                    let (done, all) = match (who, step.dimension()) {
                        (Some(who), Some(d)) => {
                            let rows = rows(session, d, Some(&who));
                            (rows.iter().filter(|r| r.own.is_some()).count(), rows.len())
                        }
                        _ => (0, 0),
                    };
                    (p.person.name.clone(), done, all)
                })
                .collect();
            (step, rated, locked)
        });
        lines.push(Line::raw(fit(
            &format!(
                "Step {}{}{} · {} connected",
                step.title(),
                if locked { " · ratings locked (L)" } else { "" },
                if self.master.notes_allowed() {
                    " · notes open (N)"
                } else {
                    ""
                },
                rated.len()
            ),
            width,
        )));
        for (name, done, all) in rated {
            let progress = if all > 0 {
                format!(" · rated {done} of {all}")
            } else {
                String::new()
            };
            lines.push(Line::raw(fit(
                &format!("  ● {}{progress}", one_line(&name)),
                width,
            )));
        }
        let waiting = room.waiting();
        if waiting.is_empty() {
            lines.push(Line::raw("Nobody waiting."));
        } else {
            lines.push(Line::styled(
                "Waiting (Enter admits, ←→ as whom, x turns away):",
                bold,
            ));
        }
        for (i, w) in waiting.iter().enumerate() {
            let choices = self.master.with(|s, _, _| admit_choices(s, &w.login));
            let as_whom = if i == self.selected {
                choices
                    .get(self.choice.min(choices.len().saturating_sub(1)))
                    .map(|(name, role)| match role {
                        Some(Role::Provider) => format!("as new provider {}", one_line(name)),
                        Some(_) => format!("as new consumer {}", one_line(name)),
                        None => format!("as {}", one_line(name)),
                    })
                    .unwrap_or_default()
            } else {
                String::new()
            };
            let line = format!(
                "{} {} {as_whom}",
                if i == self.selected { "›" } else { " " },
                one_line(&w.login)
            );
            let style = if i == self.selected {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            lines.push(Line::styled(fit(&line, width), style));
        }
        if let Some(message) = &self.message {
            lines.push(Line::raw(fit(message, width)));
        }
        lines
    }
}

impl Screen for Console {
    fn handle(&mut self, event: Event, room: &Room) -> After {
        let Event::Key(key) = event else {
            return After::Draw;
        };
        if key.kind != KeyEventKind::Press {
            return After::Draw;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return After::Leave;
        }
        if let Some(after) = self.key(&key, room) {
            return after;
        }
        let change = match keymap::action_for(Context::Workshop, &key) {
            Some(Action::Quit) => return After::Leave,
            Some(Action::NextStep) => self.master.step().next().map(Change::Step),
            Some(Action::PrevStep) => self.master.step().prev().map(Change::Step),
            Some(Action::Reveal) => Some(Change::Reveal),
            Some(Action::ToggleTimer) => Some(Change::Timer),
            _ => None,
        };
        match change {
            Some(change) => {
                if let Err(why) = self.master.submit(change) {
                    self.message = Some(why.into());
                }
                After::DrawAll
            }
            None => After::Draw,
        }
    }

    fn draw(&mut self, frame: &mut Frame, room: &Room) {
        let area = frame.area();
        let width = usize::from(area.width.saturating_sub(2));
        let mut lines = self.lines(room, width);
        // The step's items as the room may see them: who rated, and the numbers once revealed.
        let items = self.master.with(|session, step, _| {
            step.dimension()
                .map(|d| rows(session, d, None))
                .unwrap_or_default()
        });
        let room_for = usize::from(area.height.saturating_sub(3)).saturating_sub(lines.len() + 2);
        if !items.is_empty() && room_for > 1 {
            lines.push(Line::raw(""));
            let text_width = (width / 2).max(20);
            for row in items.iter().take(room_for - 1) {
                lines.push(Line::raw(fit(
                    &format!(
                        "{}  {}",
                        crate::text::pad(&fit(&one_line(&row.text), text_width), text_width),
                        others_text(&row.others)
                    ),
                    width,
                )));
            }
        }
        if self.remote {
            lines.push(Line::raw(fit(
                &format!(
                    "{} / {} step · {} reveals · {} timer · L locks ratings · N notes · n new code · {} leaves",
                    keymap::key_for(Context::Workshop, Action::NextStep),
                    keymap::key_for(Context::Workshop, Action::PrevStep),
                    keymap::key_for(Context::Workshop, Action::Reveal),
                    keymap::key_for(Context::Workshop, Action::ToggleTimer),
                    keymap::key_for(Context::Workshop, Action::Quit),
                ),
                width,
            )));
        }
        let title = format!(" {} · facilitator ", one_line(&self.person.name));
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(title)),
            area,
        );
    }
}

/// Where each participant's selection was, by name, so a reconnect finds its place.
type Places = Arc<Mutex<std::collections::HashMap<String, (Step, usize)>>>;

/// Opens a [`Seat`] for each participant and a [`Console`] for a facilitator key.
pub struct WorkshopHost {
    master: Master,
    places: Places,
}

impl WorkshopHost {
    pub fn new(master: Master) -> WorkshopHost {
        WorkshopHost {
            master,
            places: Places::default(),
        }
    }
}

impl Host for WorkshopHost {
    fn open(&self, person: &Person, _room: &Room) -> Box<dyn Screen> {
        if person.facilitator {
            return Box::new(Console::new(person.clone(), self.master.clone(), true));
        }
        let step = self.master.step();
        let key = person.name.to_lowercase();
        let selected = self
            .places
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
            .filter(|(at, _)| *at == step)
            .map_or(0, |(_, row)| *row);
        Box::new(Seat {
            person: person.clone(),
            master: self.master.clone(),
            selected,
            step,
            message: None,
            help: false,
            places: Arc::clone(&self.places),
            typing: None,
        })
    }
}

/// The key that shows or hides the server's panel on the local facilitator's screen.
pub const PANEL_KEY: KeyCode = KeyCode::F(2);

/// The server beside the local facilitator's app: shares the app's session, takes the
/// participants' changes into it, and shows the console when asked (or when someone waits).
pub struct Beside {
    room: Room,
    master: Master,
    console: Console,
    open: bool,
    /// How many were waiting at the last turn, to open the panel when someone new arrives.
    waited: usize,
    changes: tokio::sync::watch::Receiver<u64>,
}

impl Beside {
    pub fn new(room: Room, master: Master) -> Beside {
        let console = Console::new(Person::facilitator("you"), master.clone(), false);
        Beside {
            changes: room.changes(),
            room,
            master,
            console,
            open: false,
            waited: 0,
        }
    }
}

impl Companion for Beside {
    fn sync(&mut self, app: &mut App) {
        if let Some(w) = app.workshop_mut()
            && self.master.sync(w)
        {
            self.room.refresh_all();
        }
        if self.changes.has_changed().unwrap_or(false) {
            self.changes.mark_unchanged();
        }
        let waiting = self.room.waiting().len();
        if waiting > self.waited {
            self.open = true;
        }
        self.waited = waiting;
    }

    fn event(&mut self, event: &Event, _app: &mut App) -> bool {
        let Event::Key(key) = event else {
            return false;
        };
        if key.kind != KeyEventKind::Press {
            return false;
        }
        if key.code == PANEL_KEY {
            self.open = !self.open;
            return true;
        }
        if !self.open {
            return false;
        }
        if key.code == KeyCode::Esc {
            self.open = false;
            return true;
        }
        self.console.key(key, &self.room).is_some()
    }

    fn draw(&self, frame: &mut Frame, _app: &App) {
        let area = frame.area();
        if !self.open {
            // One line on the top row: enough to see people arrive.
            let line = format!(
                " SSH {} · {} connected · {} waiting · F2 ",
                self.room.invite_code(),
                self.room.connected().len(),
                self.room.waiting().len()
            );
            let width = u16::try_from(crate::text::width(&line)).unwrap_or(u16::MAX);
            let width = width.min(area.width);
            let strip = Rect {
                x: area.x + area.width - width,
                y: area.y,
                width,
                height: 1,
            };
            frame.render_widget(Clear, strip);
            frame.render_widget(
                Paragraph::new(line).style(Style::default().add_modifier(Modifier::REVERSED)),
                strip,
            );
            return;
        }
        let width = area.width.min(76);
        let lines = self.console.lines(&self.room, usize::from(width - 2));
        let height = u16::try_from(lines.len() + 3)
            .unwrap_or(u16::MAX)
            .min(area.height);
        let panel = Rect {
            x: area.x + area.width - width,
            y: area.y,
            width,
            height,
        };
        let mut lines = lines;
        lines.push(Line::raw(
            "F2 or Esc hides this panel · L locks ratings · N opens notes",
        ));
        frame.render_widget(Clear, panel);
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(" covalue serve ")),
            panel,
        );
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
    session: Session,
    options: Options,
    headless: bool,
    out: &mut dyn std::io::Write,
) -> Result<(), ServeSessionError> {
    if headless {
        return serve_headless(store, path, session, options, out);
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
    let running = Running::start(options, Arc::new(WorkshopHost::new(master.clone())))?;
    let mut beside = Beside::new(running.room().clone(), master.clone());
    beside.console.address = Some(running.local_addr());
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
    let workshop = effects.open_loaded(path, session, false);
    if let Some(reason) = workshop.read_only() {
        return Err(ServeSessionError::ReadOnly {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        });
    }
    let master = Master::new(workshop.session().clone(), workshop.step());
    let mut app = App::for_workshop(
        workshop,
        Settings::default(),
        Theme::choose(None, true),
        crate::tui::app::MIN_WIDTH,
        crate::tui::app::MIN_HEIGHT,
    );
    let running = Running::start(options, Arc::new(WorkshopHost::new(master.clone())))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Benefit, Participant};

    fn session() -> Session {
        let mut session = Session::new("s1", "Review", crate::store::now());
        for (name, role) in [
            ("Ana", Role::Facilitator),
            ("Ben", Role::Provider),
            ("Priya", Role::Consumer),
            ("Sam", Role::Consumer),
        ] {
            session.participants.push(Participant {
                name: name.into(),
                role,
                group: None,
            });
        }
        for text in ["Faster fixes", "Fewer calls"] {
            session.benefits.push(Benefit {
                text: text.into(),
                ..Benefit::default()
            });
        }
        session
    }

    fn rate(name: &str, index: usize, rating: u8) -> Change {
        Change::Rate {
            name: name.into(),
            dimension: Dimension::Benefits,
            index,
            text: ["Faster fixes", "Fewer calls"][index].into(),
            rating: Rating::new(rating),
        }
    }

    fn who(session: &Session, name: &str) -> Option<(Side, String)> {
        rater_of(session, name)
    }

    #[test]
    fn before_the_reveal_nobody_sees_another_number_even_on_their_own_side() {
        let master = Master::new(session(), Step::Benefits);
        for (name, rating) in [("Ben", 4), ("Priya", 2), ("Sam", 5)] {
            master.submit(rate(name, 0, rating)).unwrap();
        }
        let s = master.session();
        let priya = rows(&s, Dimension::Benefits, who(&s, "Priya").as_ref());
        assert_eq!(priya[0].own, Rating::new(2));
        assert_eq!(
            priya[0].others,
            [
                ("Ben".to_string(), Shown::Rated),
                ("Sam".to_string(), Shown::Rated)
            ]
        );
        // Someone who rates nothing sees no number either.
        let ana = rows(&s, Dimension::Benefits, None);
        assert!(
            ana[0]
                .others
                .iter()
                .all(|(_, shown)| *shown == Shown::Rated)
        );

        master.submit(Change::Reveal).unwrap();
        let s = master.session();
        let priya = rows(&s, Dimension::Benefits, who(&s, "Priya").as_ref());
        assert!(
            priya[0]
                .others
                .contains(&("Ben".to_string(), Shown::Number(Rating::new(4).unwrap())))
        );
        assert!(
            priya[0]
                .others
                .contains(&("Sam".to_string(), Shown::Number(Rating::new(5).unwrap())))
        );
    }

    #[test]
    fn the_writer_takes_every_change_and_publishes_its_own() {
        let master = Master::new(session(), Step::Setup);
        let mut workshop = Workshop::new(session(), "review.ron", None);
        master.submit(rate("Priya", 1, 3)).unwrap();
        master.submit(Change::Step(Step::Benefits)).unwrap();
        assert!(master.sync(&mut workshop));
        assert_eq!(workshop.step(), Step::Benefits);
        assert!(
            workshop.dirty(),
            "a participant's rating is saved like any change"
        );
        assert_eq!(
            workshop.session().benefits[1]
                .rating
                .by(Side::Consumer, "Priya"),
            Rating::new(3)
        );
        // Nothing new: nothing to redraw.
        assert!(!master.sync(&mut workshop));
        // The writer's own change reaches everyone, with the participant's still there.
        workshop.apply_outside(|s| s.benefits[0].text = "Quicker fixes".into());
        assert!(master.sync(&mut workshop));
        let s = master.session();
        assert_eq!(s.benefits[0].text, "Quicker fixes");
        assert_eq!(
            s.benefits[1].rating.by(Side::Consumer, "Priya"),
            Rating::new(3)
        );
    }

    #[test]
    fn stale_locked_and_late_changes_are_refused() {
        let master = Master::new(session(), Step::Benefits);
        // The item's text changed under the person: the rating does not land elsewhere.
        let mut stale = rate("Priya", 0, 3);
        if let Change::Rate { text, .. } = &mut stale {
            *text = "Something else".into();
        }
        assert!(master.submit(stale).is_err());
        // The facilitator rates nothing; strangers neither.
        assert!(master.submit(rate("Ana", 0, 3)).is_err());
        assert!(master.submit(rate("Mallory", 0, 3)).is_err());
        master.set_locked(true);
        assert!(master.submit(rate("Priya", 0, 3)).is_err());
        master.set_locked(false);
        master.submit(rate("Priya", 0, 3)).unwrap();
        assert_eq!(master.close().len(), 1);
        assert!(master.submit(rate("Priya", 1, 3)).is_err());
        assert!(
            master
                .session()
                .benefits
                .iter()
                .all(|b| b.rating.count() <= 1)
        );
    }

    #[test]
    fn notes_are_added_under_each_name_only_when_the_facilitator_opens_them() {
        let master = Master::new(session(), Step::Benefits);
        let note = |name: &str, line: &str| Change::Note {
            name: name.into(),
            dimension: Dimension::Benefits,
            index: 0,
            text: "Faster fixes".into(),
            line: line.into(),
        };
        assert!(master.submit(note("Priya", "slow at night")).is_err());
        master.allow_notes(true);
        master.submit(note("Priya", "slow at night")).unwrap();
        master.submit(note("Ben", "we know\u{1b}[2J")).unwrap();
        assert!(
            master.submit(note("Ben", "   ")).is_err(),
            "an empty line adds nothing"
        );
        let s = master.session();
        let text = s.note(Step::Benefits, "Faster fixes").unwrap();
        assert!(text.starts_with("Priya: slow at night\nBen: we know"));
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn a_newcomer_is_admitted_as_a_new_participant_unless_their_name_is_known() {
        let s = session();
        let choices = admit_choices(&s, "sam");
        assert_eq!(choices[0], ("Sam".to_string(), None));
        let choices = admit_choices(&s, "zoe");
        assert_eq!(choices[0], ("zoe".to_string(), Some(Role::Consumer)));
        assert_eq!(choices[1], ("zoe".to_string(), Some(Role::Provider)));
        assert!(
            !choices.iter().any(|(n, _)| n == "Ana"),
            "not as the facilitator"
        );
        let master = Master::new(s, Step::Setup);
        master
            .submit(Change::Join {
                name: "zoe".into(),
                role: Role::Provider,
            })
            .unwrap();
        assert_eq!(side_of(&master.session(), "Zoe"), Some(Side::Provider));
    }
}
