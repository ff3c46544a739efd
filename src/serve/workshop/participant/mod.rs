//! A participant's screen over SSH: the local app seated as them ([`ParticipantApp`]), kept
//! up to date from the [`Master`]; the changes their keys name are applied to the master here.

use super::*;
use crate::tui::seat::{ParticipantApp, RoomNow, SeatEffect, WindowNow};

#[cfg(test)]
pub(super) mod tests;

/// One participant's connection to the workshop: their app and the shared master.
pub struct ParticipantScreen {
    person: Person,
    master: Master,
    places: Places,
    app: ParticipantApp,
    /// The master's version the app last took, so an unchanged master is not copied again.
    version: u64,
    /// When the screen opened: the clock its step timer reads.
    start: Instant,
}

impl ParticipantScreen {
    /// A participant's screen in `theme`, at the place they had if they were here before (a
    /// reconnect).
    pub fn new(person: Person, master: Master, places: Places, theme: Theme) -> Self {
        let place = places
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&person.name.to_lowercase())
            .cloned();
        let (session, room, version) =
            master.read(|state| (state.session.clone(), room_now(state), state.version));
        let size = (super::super::MIN_WIDTH, super::super::MIN_HEIGHT);
        let app = ParticipantApp::new(&person.name, &session, room, theme, size, place);
        ParticipantScreen {
            person,
            master,
            places,
            app,
            version,
            start: Instant::now(),
        }
    }

    /// Hands the app the master's last change, if it has not seen it.
    fn refresh(&mut self) {
        let version = self.version;
        if let Some((session, room, version)) = self.master.read(|state| {
            (state.version != version)
                .then(|| (state.session.clone(), room_now(state), state.version))
        }) {
            self.app.show(session, room);
            self.version = version;
        }
    }

    /// Remembers the selection and any unsent line for a reconnect.
    fn keep_place(&self) {
        self.places
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(self.person.name.to_lowercase(), self.app.keep());
    }

    /// Applies a change their keys named, and tells their app how it went.
    fn send(&mut self, change: Change) -> After {
        let outcome = self.master.submit(change).map_err(|why| self.refused(why));
        self.refresh();
        let after = if outcome.is_ok() {
            After::DrawAll
        } else {
            After::Draw
        };
        self.app.answer(outcome);
        after
    }

    /// Why a change was refused; after a pre-work window's close, with when it closed.
    fn refused(&self, why: Refused) -> Refused {
        match self.master.window() {
            Some(window) if why == Refused::WindowClosed => {
                Refused::WindowClosedAt(shown(window.until))
            }
            _ => why,
        }
    }

    /// The app, for tests that read its state.
    #[cfg(test)]
    pub(super) fn app(&self) -> &ParticipantApp {
        &self.app
    }
}

/// The room as a participant's app reads it from the master.
fn room_now(state: &State) -> RoomNow {
    let window = state.window.map(|w| WindowNow {
        until: shown(w.until),
        closed: w.closed((state.clock)()),
    });
    RoomNow {
        step: state.step,
        locked: state.locked.iter().copied().collect(),
        notes: state.notes,
        items: state.items,
        window,
        timer: super::timer_now(state),
    }
}

impl Screen for ParticipantScreen {
    fn handle(&mut self, event: Event, _room: &Room) -> After {
        self.refresh();
        let mut after = After::Draw;
        for effect in self.app.handle(event) {
            match effect {
                SeatEffect::Leave => return After::Leave,
                SeatEffect::Send(change) => {
                    if self.send(change) == After::DrawAll {
                        after = After::DrawAll;
                    }
                }
            }
        }
        self.keep_place();
        after
    }

    fn draw(&mut self, frame: &mut Frame, _room: &Room) {
        self.refresh();
        self.app.app.tick(self.start.elapsed());
        let area = frame.area();
        if (area.width, area.height) != (self.app.app.width, self.app.app.height) {
            self.app.handle(Event::Resize(area.width, area.height));
        }
        self.app.render(area, frame.buffer_mut());
    }

    fn typing(&self) -> bool {
        self.app.typing() || self.app.app.typing()
    }

    fn unsent(&self) -> Option<String> {
        self.app.unsent()
    }
}
