//! The server beside the local facilitator's app.

use super::*;

/// The key that shows or hides the server's panel on the local facilitator's screen.
pub const PANEL_KEY: KeyCode = KeyCode::F(2);

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
