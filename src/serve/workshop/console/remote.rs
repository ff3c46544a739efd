//! The headless facilitator's console over SSH: the writer's own [`App`] (serving, the room's
//! view) drawn to their channel, with the server panel over it as beside the local app.

use super::*;
use crate::tui::event_loop::Companion;

/// The headless writer's app, shared by its loop and the facilitator's screens over SSH, and
/// the effects their keys asked for, which the loop carries out (it holds the `Effects`).
pub struct Desk {
    pub app: App,
    pub pending: Vec<Effect>,
}

impl Desk {
    /// The writer's app, to be shared.
    pub fn shared(mut app: App) -> Arc<Mutex<Desk>> {
        app.set_console();
        Arc::new(Mutex::new(Desk {
            app,
            pending: Vec::new(),
        }))
    }
}

/// Locks the desk; a screen that panicked holding it leaves the app as it was.
pub fn lock_desk(desk: &Mutex<Desk>) -> MutexGuard<'_, Desk> {
    desk.lock().unwrap_or_else(|p| p.into_inner())
}

/// One facilitator's connection: the shared app and their own server panel.
pub struct FacilitatorScreen {
    desk: Arc<Mutex<Desk>>,
    pub(super) panel: Beside,
}

impl FacilitatorScreen {
    /// Their console in `theme` (their terminal's: `NO_COLOR`, a dumb terminal); the app is
    /// shared, so the last facilitator to connect chooses it for all of them.
    pub fn new(
        desk: Arc<Mutex<Desk>>,
        room: Room,
        master: Master,
        theme: Theme,
    ) -> FacilitatorScreen {
        let mut panel = Beside::remote(room, master);
        {
            let mut desk = lock_desk(&desk);
            desk.app.theme = theme;
            desk.app.beside_help = panel.help();
            panel.sync(&mut desk.app);
        }
        FacilitatorScreen { desk, panel }
    }

    /// Where the server listens, for the panel's line on how to join.
    pub fn listening_on(&mut self, address: Option<std::net::SocketAddr>) {
        self.panel.console.address = address;
    }
}

impl Screen for FacilitatorScreen {
    fn handle(&mut self, event: Event, _room: &Room) -> After {
        // Ctrl-C (the keymap's quit from anywhere) leaves this screen at once; the app would
        // ask whether to end the workshop, which only the server's signal does headless.
        if let Event::Key(key) = &event
            && key.kind == KeyEventKind::Press
            && keymap::action_for(Context::Anywhere, key) == Some(Action::Quit)
        {
            return After::Leave;
        }
        let mut desk = lock_desk(&self.desk);
        let desk = &mut *desk;
        self.panel.sync(&mut desk.app);
        if self.panel.event(&event, &mut desk.app) {
            return After::DrawAll;
        }
        // q leaves this screen, as it always did: the app's "end the workshop for everyone?"
        // is not this screen's to ask, since only the server's signal ends it headless.
        if let Event::Key(key) = &event
            && key.kind == KeyEventKind::Press
            && desk.app.popup.is_none()
            && !desk.app.typing()
            && keymap::action_for(desk.app.context(), key) == Some(Action::Quit)
        {
            return After::Leave;
        }
        let before = (desk.app.revision(), desk.app.workshop().map(|w| w.step()));
        for effect in desk.app.handle(event) {
            match effect {
                // Leaving is this screen's: the workshop goes on until the server stops.
                Effect::Quit | Effect::Close => return After::Leave,
                // Nothing to suspend over SSH; settings such as a theme last for the app.
                Effect::Suspend | Effect::SaveSettings(_) => {}
                effect => desk.pending.push(effect),
            }
        }
        let after = (desk.app.revision(), desk.app.workshop().map(|w| w.step()));
        if after == before {
            After::Draw
        } else {
            // The loop publishes the change to everyone at its next turn; this draws it here.
            After::DrawAll
        }
    }

    fn draw(&mut self, frame: &mut Frame, _room: &Room) {
        let mut desk = lock_desk(&self.desk);
        // The headless loop ticks the app's clock; the screen only draws it.
        let app = &mut desk.app;
        let area = frame.area();
        if (area.width, area.height) != (app.width, app.height) {
            app.handle(Event::Resize(area.width, area.height));
        }
        self.panel.sync(app);
        crate::tui::view::draw(frame, app);
        self.panel.draw(frame, app);
    }

    fn typing(&self) -> bool {
        lock_desk(&self.desk).app.typing()
    }
}
