//! The server beside the local facilitator's app.

use super::console::{hint_text, wrapped};
use super::*;

/// The server beside the local facilitator's app: shares the app's session, takes the
/// participants' changes into it, and shows the console when asked (or when someone waits).
pub struct Beside {
    room: Room,
    master: Master,
    pub(super) console: Console,
    open: bool,
    /// How many were waiting at the last turn, to open the panel when someone new arrives.
    waited: usize,
    changes: tokio::sync::watch::Receiver<u64>,
    /// When the panel last opened by itself (someone new waits): an F2 meant to open it,
    /// pressed in that moment, leaves it open instead of closing it under the facilitator.
    opened_itself: Option<Instant>,
    /// The room a restarted server left, taken up at the first turn.
    pub(super) resume: Option<Served>,
    /// Said on the app's status line at the first turn (a session served blind).
    pub(super) notice: Option<String>,
    /// A pre-work window that closed while nobody served it, let go at the first turn.
    pub(super) let_go: Option<Window>,
    /// Whether this panel's app is the writer it syncs with the master (the local app); the
    /// headless console's app is synced by the headless loop instead.
    writes: bool,
    /// Where each participant is and what they are typing (`WorkshopHost::places`), so the
    /// question to end the workshop can say who would lose a half-typed line.
    places: Option<super::Places>,
}

impl Beside {
    pub fn new(room: Room, master: Master) -> Beside {
        let console = Console::new(master.clone());
        Beside {
            changes: room.changes(),
            room,
            master,
            console,
            open: false,
            waited: 0,
            notice: None,
            opened_itself: None,
            resume: None,
            let_go: None,
            writes: true,
            places: None,
        }
    }

    /// Reads who is typing from `places`, for the question to end the workshop.
    pub fn watch_typing(&mut self, places: super::Places) {
        self.places = Some(places);
    }

    /// The people connected now with a line typed and not sent.
    fn typing_elsewhere(&self) -> Vec<String> {
        let Some(places) = &self.places else {
            return Vec::new();
        };
        let places = places.lock().unwrap_or_else(|p| p.into_inner());
        self.room
            .connected()
            .into_iter()
            .map(|p| p.person.name)
            .filter(|name| {
                places
                    .get(&name.to_lowercase())
                    .is_some_and(|place| place.unsent().is_some())
            })
            .collect()
    }

    /// The panel over the headless facilitator's console: open from the start (it is how
    /// they see the server), and leaving the master to the headless loop.
    pub fn remote(room: Room, master: Master) -> Beside {
        Beside {
            open: true,
            writes: false,
            ..Beside::new(room, master)
        }
    }
}

/// How long after the panel opened by itself F2 still counts as opening it.
const OPENED_ITSELF_GRACE: Duration = Duration::from_secs(2);

impl Beside {
    /// The server's status for the app's header, longest form first: the invite code, who
    /// is connected and waiting, and (unless the app takes typed text) the key that opens the
    /// panel.
    fn status(&self, typing: bool) -> Vec<String> {
        let code = self.room.invite_code();
        let connected = self.room.connected().len();
        let waiting = self.room.waiting().len();
        let (hint, key) = if typing {
            (String::new(), String::new())
        } else {
            let hints =
                keymap::hints_where(Context::Serve, |b| b.action == Some(Action::TogglePanel));
            let key = hints.first().map(|h| h.keys.clone()).unwrap_or_default();
            (
                format!(" · {}", hint_text(&hints).join(" · ")),
                format!(" · {key}"),
            )
        };
        let waits = if waiting > 0 {
            format!(" · {waiting} waiting")
        } else {
            String::new()
        };
        vec![
            format!(" SSH {code} · {connected} connected · {waiting} waiting{hint} "),
            format!(" SSH {code} · {connected} connected{waits}{hint} "),
            format!(" {code} · {connected} on{waits}{hint} "),
            format!(" {code} · {connected} on{waits}{key} "),
        ]
    }
}

impl Beside {
    /// The writer's part of a turn: the room a restart left, taken up once; the
    /// participants' changes taken into the app's session and published.
    fn write(&mut self, app: &mut App) {
        if let Some(served) = self.resume.take()
            && let Some(w) = app.workshop_mut()
        {
            super::resume_workshop(w, &served);
        }
        if let Some(closed) = self.let_go.take()
            && let Some(w) = app.workshop_mut()
        {
            super::run::let_go(w, closed);
        }
        if let Some(notice) = self.notice.take() {
            app.say(notice);
        }
        if let Some(w) = app.workshop_mut()
            && self.master.sync(w)
        {
            self.room.refresh_all();
        }
        if let Some(news) = self.master.close_news() {
            app.say(news);
        }
    }
}

impl Companion for Beside {
    fn sync(&mut self, app: &mut App) {
        if self.writes {
            self.write(app);
        }
        if self.changes.has_changed().unwrap_or(false) {
            self.changes.mark_unchanged();
        }
        let waiting = self.room.waiting().len();
        if waiting > self.waited && !self.open {
            self.open = true;
            self.opened_itself = Some(Instant::now());
        }
        self.waited = waiting;
        app.beside_status = self.status(app.typing());
        app.typing_elsewhere = self.typing_elsewhere();
        if let Some(w) = app.workshop_mut() {
            let seated = self
                .room
                .connected()
                .into_iter()
                .filter(|p| !p.person.facilitator)
                .map(|p| p.person.name)
                .collect();
            w.set_seated(seated);
        }
    }

    fn serving(&self) -> bool {
        true
    }

    fn event(&mut self, event: &Event, app: &mut App) -> bool {
        let Event::Key(key) = event else {
            return false;
        };
        // A popup of the app (the help, a question) is drawn over the panel and takes keys;
        // so does a form or prompt, so that typing "Nina" never makes a new invite code.
        if key.kind != KeyEventKind::Press || app.popup.is_some() || app.typing() {
            return false;
        }
        match keymap::action_for(Context::Serve, key) {
            Some(Action::TogglePanel) => {
                let just_opened = self
                    .opened_itself
                    .take()
                    .is_some_and(|at| at.elapsed() < OPENED_ITSELF_GRACE);
                self.open = just_opened || !self.open;
                true
            }
            _ if !self.open => false,
            Some(Action::HidePanel) => {
                self.open = false;
                self.opened_itself = None;
                true
            }
            // The app's help lists the panel's keys too.
            Some(Action::Help) | None => false,
            Some(_) => self.console.key(key, &self.room).is_some(),
        }
    }

    fn draw(&self, frame: &mut Frame, app: &App) {
        if app.popup.is_some() {
            return;
        }
        let area = frame.area();
        // Closed, or while the app takes typed text, the server shows only as the header's
        // status (see `status`).
        if !self.open || app.typing() {
            return;
        }
        let width = area.width.min(76);
        let inner = usize::from(width - 2);
        let mut lines = self.console.lines(&self.room, inner);
        lines.extend(wrapped(
            &hint_text(&self.console.hints(&self.room, true, false)),
            inner,
        ));
        let height = u16::try_from(lines.len() + 2)
            .unwrap_or(u16::MAX)
            .min(area.height);
        let panel = Rect {
            x: area.x + area.width - width,
            y: area.y,
            width,
            height,
        };
        frame.render_widget(Clear, panel);
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(" covalue serve ")),
            panel,
        );
    }

    fn help(&self) -> Option<(&'static str, Context)> {
        Some(("The server panel", Context::Serve))
    }
}

#[cfg(test)]
mod room;
#[cfg(test)]
mod tests;
