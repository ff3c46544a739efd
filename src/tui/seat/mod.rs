//! A participant over SSH is the local [`App`] seated as that person: the same workshop
//! screen, themes, `?` help, dashboard and too-small screen, with the turn and the viewer
//! fixed to them, so the domain's one visibility rule decides what they see. Their keys
//! become [`SeatEffect`]s naming a [`Change`]; the serve layer applies it to the one shared
//! session, hands every app the new session ([`ParticipantApp::show`]) and the outcome back
//! ([`ParticipantApp::answer`]). Nothing here touches a socket or the shared session.

mod change;
#[cfg(test)]
mod tests;
mod typing;

pub use change::{Change, Refused};

use super::action::{Action, Effect};
use super::app::{App, MIN_HEIGHT, MIN_WIDTH, Screen};
use super::keymap::{self, Context};
use super::theme::Theme;
use super::widgets::form::Form;
use super::widgets::popup;
use super::workshop::{SeatRules, TimerView, Workshop};
use crate::domain::{Dimension, Rating, Session, Side, Step};
use crate::text::one_line;
use crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};
use typing::{Sent, Target, TypedLine, cap};

/// The longest note line or item a participant may type.
pub const TYPED_MAX: usize = 300;

/// The steps a participant moves through in a pre-work window: the rated ones, then their own
/// view of the summary.
pub const PREWORK_STEPS: [Step; 7] = [
    Step::Benefits,
    Step::Usefulness,
    Step::Importance,
    Step::Outcomes,
    Step::Costs,
    Step::Risks,
    Step::Summary,
];

/// The room as the server last published it, besides the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomNow {
    /// The facilitator's step, which everyone follows outside a pre-work window.
    pub step: Step,
    /// The steps the facilitator locked.
    pub locked: Vec<Step>,
    pub notes: bool,
    pub items: bool,
    /// A pre-work window: they move at their own pace until it closes.
    pub window: Option<WindowNow>,
    /// The step timer as the server last said (its seconds left as of now).
    pub timer: Option<TimerView>,
}

impl RoomNow {
    /// A live workshop on `step`, nothing locked or opened.
    pub fn at(step: Step) -> RoomNow {
        RoomNow {
            step,
            locked: Vec::new(),
            notes: false,
            items: false,
            window: None,
            timer: None,
        }
    }
}

/// A pre-work window as a participant reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowNow {
    /// When it closes, as people read it (`2026-11-30 00:54:20 UTC`).
    pub until: String,
    pub closed: bool,
}

/// What a participant's key asks of the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeatEffect {
    /// Apply this change to the shared session, then answer with the outcome.
    Send(Change),
    /// They leave: say goodbye and close the connection.
    Leave,
}

/// One participant's app: the local [`App`] on the workshop screen, seated as them.
#[derive(Clone, Debug)]
pub struct ParticipantApp {
    pub app: App,
    /// Their side and name as the session spells it, when they rate.
    who: Option<(Side, String)>,
    /// The name they joined as (notes and new items are signed with it).
    name: String,
    /// In a pre-work window, the step this person is on (they move at their own pace).
    own: Step,
    room: RoomNow,
    typing: Option<(Target, Form<TypedLine>)>,
    sent: Option<Sent>,
}

/// The side `name` rates for and their name as the session spells it, if they rate.
pub fn rater_of(session: &Session, name: &str) -> Option<(Side, String)> {
    session
        .participants
        .iter()
        .find(|p| p.name.trim().eq_ignore_ascii_case(name.trim()))
        .and_then(|p| Some((p.role.side()?, p.name.clone())))
}

/// Where a participant was, for their next connection: the step and row, and a line they
/// had typed and not sent (a dropped connection must not lose their words).
#[derive(Clone, Debug)]
pub struct Place {
    at: (Step, usize),
    draft: Option<(Target, Form<TypedLine>)>,
}

impl Place {
    /// The words they had typed and not sent, if any.
    pub fn unsent(&self) -> Option<String> {
        unsent(&self.draft)
    }
}

/// The words of an open typed line, if it holds any.
fn unsent(typing: &Option<(Target, Form<TypedLine>)>) -> Option<String> {
    let (_, form) = typing.as_ref()?;
    let words = crate::text::one_line(form.value(TypedLine).trim());
    (!words.is_empty()).then_some(words)
}

impl ParticipantApp {
    /// `name`'s app over `session`, at `place` (step, row and unsent line) if they were here
    /// before.
    pub fn new(
        name: &str,
        session: &Session,
        room: RoomNow,
        theme: Theme,
        (width, height): (u16, u16),
        place: Option<Place>,
    ) -> ParticipantApp {
        let who = rater_of(session, name);
        let mut workshop = Workshop::new(session.clone(), one_line(&session.title), None);
        workshop.seat_as(
            who.as_ref().map(|(s, n)| (*s, n.as_str())),
            SeatRules::default(),
        );
        let mut seat = ParticipantApp {
            app: App::new(Screen::Workshop(Box::new(workshop)), theme, width, height),
            who,
            name: name.to_string(),
            own: (place.as_ref())
                .map(|p| p.at.0)
                .filter(|step| PREWORK_STEPS.contains(step))
                .unwrap_or(PREWORK_STEPS[0]),
            room,
            typing: None,
            sent: None,
        };
        seat.show(session.clone(), seat.room.clone());
        let Some(Place {
            at: (step, row),
            draft,
        }) = place
        else {
            return seat;
        };
        if step == seat.step() {
            seat.workshop_mut().select_row(row);
        }
        if let Some(draft) = draft {
            seat.typing = Some(draft);
            seat.say("Your unsent words are back: Enter sends them, Esc drops them.");
        }
        seat
    }

    fn workshop(&self) -> &Workshop {
        self.app
            .workshop()
            .expect("a participant's app shows the workshop")
    }

    fn workshop_mut(&mut self) -> &mut Workshop {
        self.app
            .workshop_mut()
            .expect("a participant's app shows the workshop")
    }

    /// The step on their screen: their own in a pre-work window, else the facilitator's.
    pub fn step(&self) -> Step {
        if self.room.window.is_some() {
            self.own
        } else {
            self.room.step
        }
    }

    /// The step and row they are on, for a reconnect.
    pub fn place(&self) -> (Step, usize) {
        (self.step(), self.workshop().selection())
    }

    /// Their place and unsent line, to keep for their next connection.
    pub fn keep(&self) -> Place {
        Place {
            at: self.place(),
            draft: self.typing.clone(),
        }
    }

    /// The words of a note line or item they are typing and have not sent, if any.
    pub fn unsent(&self) -> Option<String> {
        unsent(&self.typing)
    }

    /// Whether they are typing a note line or an item.
    pub fn typing(&self) -> bool {
        self.typing.is_some()
    }

    fn rules(&self) -> SeatRules {
        let step = self.step();
        SeatRules {
            rates: self.who.is_some(),
            locked: self.room.locked.contains(&step)
                || self.room.window.as_ref().is_some_and(|w| w.closed),
            notes: self.room.notes,
            items: self.room.items,
            window: None,
        }
    }

    /// Takes the server's session and room: a new step starts at its first item, and what was
    /// said about the last one (or about what the facilitator allowed) goes.
    pub fn show(&mut self, session: Session, room: RoomNow) {
        let before = (self.step(), self.rules());
        self.room = room;
        // The facilitator may have put them on the other side, or taken them off the list:
        // they rate, and see their own ratings, as the session says now.
        let who = rater_of(&session, &self.name);
        let reseated = who != self.who;
        self.who = who;
        let (step, rules) = (self.step(), self.rules());
        let moved = before != (step, rules.clone());
        let typing = self.typing.is_some();
        let timer = self.room.timer.filter(|_| step == self.room.step);
        let rules = SeatRules {
            window: self.window_status(&session),
            ..rules
        };
        self.app.beside_status = self.badge(&session, step);
        let who = self.who.clone();
        let workshop = self.workshop_mut();
        if reseated {
            workshop.seat_as(who.as_ref().map(|(s, n)| (*s, n.as_str())), rules.clone());
        }
        workshop.follow(session, step, rules, timer);
        if moved && !typing {
            workshop.set_message(None);
        }
    }

    /// The header's word from the room: on a rated step how many ratings it holds (the
    /// room's progress, which hides nothing, moving on every screen with every rating);
    /// elsewhere who they are (on a rated step the turn badge names them).
    fn badge(&self, session: &Session, step: Step) -> Vec<String> {
        if let Some(dimension) = step.dimension() {
            let count: usize = session
                .rated_items()
                .filter(|i| i.dimension == dimension)
                .map(|i| i.rating.count())
                .sum();
            return vec![format!(
                "{count} rating{} in",
                if count == 1 { "" } else { "s" }
            )];
        }
        match &self.who {
            Some((side, name)) => vec![format!("{name} · {}", side.name())],
            None => vec![self.name.clone()],
        }
    }

    /// In a pre-work window, the word on it and on how far they are.
    fn window_status(&self, session: &Session) -> Option<String> {
        let window = self.room.window.as_ref()?;
        let state = if window.closed {
            "closed at"
        } else {
            "open until"
        };
        let mut status = format!("Pre-work {state} {}", window.until);
        if let Some((side, name)) = &self.who {
            let speaks = session.speaks_for_side(*side, name);
            let (mut done, mut all) = (0, 0);
            for item in session.rated_items() {
                all += 1;
                done +=
                    usize::from(Session::own_rating(item.rating, *side, name, speaks).is_some());
            }
            status.push_str(&format!(" · you rated {done}/{all}"));
        }
        Some(status)
    }

    /// Handles one event from their terminal.
    pub fn handle(&mut self, event: Event) -> Vec<SeatEffect> {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => self.key(key),
            Event::Paste(text) => {
                match &mut self.typing {
                    Some((_, form)) => {
                        form.paste(&text);
                        cap(form);
                    }
                    None => {
                        self.app.handle(Event::Paste(text));
                    }
                }
                Vec::new()
            }
            Event::Resize(..) => {
                self.app.handle(event);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn key(&mut self, key: KeyEvent) -> Vec<SeatEffect> {
        // Ctrl-C leaves from anywhere (the keymap's Anywhere keys); Ctrl-Z, which suspends
        // the local app, has nothing to suspend over SSH and goes on as any other key.
        if keymap::action_for(Context::Anywhere, &key) == Some(Action::Quit) {
            return vec![SeatEffect::Leave];
        }
        if self.typing.is_some() {
            return self.type_key(key);
        }
        if self.app.too_small() || self.app.popup.is_some() {
            return leaving(self.app.key(key));
        }
        let Some(action) = keymap::action_for(self.app.context(), &key) else {
            return Vec::new();
        };
        match action {
            Action::Quit => vec![SeatEffect::Leave],
            // Esc is pressed to close things (a form, twice); leaving on it cut people off.
            Action::Back => {
                let quit = keymap::key_for(self.app.context(), Action::Quit);
                self.say(format!(
                    "{quit} leaves the workshop; you can connect again."
                ));
                Vec::new()
            }
            Action::Rate(rating) => self.rate(rating),
            Action::Edit => self.start_typing(false),
            Action::Add => self.start_typing(true),
            Action::NextStep | Action::PrevStep if self.room.window.is_some() => {
                self.move_own(action == Action::NextStep);
                Vec::new()
            }
            Action::NextStep | Action::PrevStep => self.say_room_moves(),
            action if SeatRules::ever_offers(action) => leaving(self.app.key(key)),
            _ => self.say_room_moves(),
        }
    }

    fn say_room_moves(&mut self) -> Vec<SeatEffect> {
        self.say("The facilitator moves the steps and reveals.");
        Vec::new()
    }

    fn say(&mut self, message: impl Into<String>) {
        self.workshop_mut().set_message(Some(message.into()));
    }

    /// The selected item of a rated step: its dimension, index and text.
    fn selected_item(&self) -> Option<(Dimension, usize, String)> {
        let w = self.workshop();
        let dimension = w.step().dimension()?;
        let index = w.selection();
        let item = w
            .session()
            .rated_items()
            .find(|i| i.dimension == dimension && i.index == index)?;
        Some((dimension, index, item.text.to_string()))
    }

    fn rate(&mut self, rating: Option<Rating>) -> Vec<SeatEffect> {
        let Some((dimension, index, text)) = self.selected_item() else {
            self.say("Nothing to rate on this step.");
            return Vec::new();
        };
        if self.who.is_none() {
            self.say("You take part without rating.");
            return Vec::new();
        }
        self.sent = Some(Sent::Rating);
        vec![SeatEffect::Send(Change::Rate {
            name: self.name.clone(),
            dimension,
            index,
            text,
            rating,
        })]
    }

    /// The server's answer to the change last sent (after [`ParticipantApp::show`] gave the
    /// session with it): `Err` says why it was refused, in words for them.
    pub fn answer(&mut self, outcome: Result<(), Refused>) {
        let Some(sent) = self.sent.take() else {
            return;
        };
        match (sent, outcome) {
            (Sent::Rating, Ok(())) => self.advance(),
            (Sent::Rating, Err(why)) => self.say(why.to_string()),
            (Sent::Note { .. }, Ok(())) => self.say("Note added."),
            (Sent::Item { dimension, .. }, Ok(())) => {
                if self.step().dimension() == Some(dimension) {
                    // The new item is the last of the step: select it.
                    self.workshop_mut().select_row(usize::MAX);
                    self.say("Item added; rate it when you are ready.");
                } else {
                    self.say(format!("Item added to {}.", dimension.step().title()));
                }
            }
            (Sent::Note { words } | Sent::Item { words, .. }, Err(why)) => {
                self.say(format!("{why} Your words: {words}"));
            }
        }
    }

    /// In a pre-work window, moves this person to the next or previous of their steps.
    fn move_own(&mut self, forward: bool) {
        let at = PREWORK_STEPS
            .iter()
            .position(|s| *s == self.own)
            .unwrap_or(0);
        let to = if forward {
            (at + 1).min(PREWORK_STEPS.len() - 1)
        } else {
            at.saturating_sub(1)
        };
        self.own = PREWORK_STEPS[to];
        let session = self.workshop().session().clone();
        self.show(session, self.room.clone());
    }

    /// After a rating, on to the next item this person has not rated (from the top again if
    /// need be), or says they are done with the step.
    fn advance(&mut self) {
        let Some((side, name)) = self.who.clone() else {
            return;
        };
        let w = self.workshop();
        let Some(dimension) = w.step().dimension() else {
            return;
        };
        let session = w.session();
        let speaks = session.speaks_for_side(side, &name);
        let rated: Vec<bool> = session
            .rated_items()
            .filter(|i| i.dimension == dimension)
            .map(|i| Session::own_rating(i.rating, side, &name, speaks).is_some())
            .collect();
        let from = w.selection();
        let next = (1..=rated.len())
            .map(|step| (from + step) % rated.len())
            .find(|&i| !rated[i]);
        let step = self.step();
        match next {
            Some(i) => {
                self.workshop_mut().select_row(i);
                self.workshop_mut().set_message(None);
            }
            None => {
                let next = PREWORK_STEPS
                    .iter()
                    .skip_while(|s| **s != step)
                    .nth(1)
                    .filter(|_| self.room.window.is_some());
                self.say(match next {
                    Some(next) => format!(
                        "You have rated every item of {}; {} goes on to {}.",
                        step.title(),
                        keymap::key_for(Context::Workshop, Action::NextStep),
                        next.title()
                    ),
                    None => format!(
                        "You have rated every item of {}; 1–5 changes the selected one.",
                        step.title()
                    ),
                });
            }
        }
    }

    /// Draws their screen into `buf`: the app, and the line they are typing over it.
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        if self.typing.is_some() && (area.width < MIN_WIDTH || area.height < MIN_HEIGHT) {
            // The app's own notice says `q` quits; while they type, it is a letter.
            Clear.render(area, buf);
            buf.set_style(area, self.app.theme.base);
            super::view::too_small(area, buf, &self.app.theme, super::view::Behind::Typing);
            return;
        }
        self.app.render(area, buf);
        if let Some((_, form)) = &self.typing
            && !self.app.too_small()
        {
            let rect = popup::centered(area, 72, form.height(72) + 2);
            form.render(rect, buf, &self.app.theme);
        }
    }
}

/// The app's effects as a participant's: only quitting means anything over SSH (settings such
/// as a theme last for the connection and are not saved for anyone).
fn leaving(effects: Vec<Effect>) -> Vec<SeatEffect> {
    if effects.contains(&Effect::Quit) {
        vec![SeatEffect::Leave]
    } else {
        Vec::new()
    }
}
