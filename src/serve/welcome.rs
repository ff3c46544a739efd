//! The screen served until the workshop app plugs in: who you are, the session, who is
//! connected and the server's key; the facilitator also sees the invite code and the waiting
//! list, and admits or turns people away from it. Small, but it walks the whole path a
//! workshop screen will (keys in, frames out, a change one person makes redrawn for all).

use super::keys::same_name;
use super::{After, Host, Person, Room, Screen, Ticket, Waiting};
use crate::text::{fit, one_line};
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crossterm::event::Event;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph};

/// Opens a [`WelcomeScreen`] for everyone.
pub struct Welcome;

impl Host for Welcome {
    fn open(&self, person: &Person, _room: &Room) -> Box<dyn Screen> {
        Box::new(WelcomeScreen {
            person: person.clone(),
            selected: 0,
        })
    }
}

/// One person's welcome screen; the facilitator's has the waiting list.
pub struct WelcomeScreen {
    person: Person,
    /// The selected line of the waiting list (facilitator only).
    selected: usize,
}

impl WelcomeScreen {
    /// Who someone waiting becomes when admitted: the participant of their login name if
    /// there is one, otherwise a new participant of that name.
    fn admitted_as(login: &str, room: &Room) -> Person {
        room.people()
            .into_iter()
            .find(|p| same_name(&p.name, login) && !p.facilitator)
            .unwrap_or_else(|| Person::new(one_line(login).trim(), "guest"))
    }

    fn selected_ticket(&self, room: &Room) -> Option<Ticket> {
        room.waiting().get(self.selected).map(|w| w.ticket)
    }
}

impl Screen for WelcomeScreen {
    fn handle(&mut self, event: Event, room: &Room) -> After {
        let Event::Key(key) = event else {
            return After::Draw;
        };
        let quit = Some(Action::Quit);
        if keymap::action_for(Context::Anywhere, &key) == quit
            || keymap::action_for(Context::Workshop, &key) == quit
        {
            return After::Leave;
        }
        if !self.person.facilitator {
            return After::Draw;
        }
        let waiting = room.waiting();
        match keymap::action_for(Context::Serve, &key) {
            Some(Action::Down) => {
                self.selected = (self.selected + 1).min(waiting.len().saturating_sub(1));
                After::Draw
            }
            Some(Action::Up) => {
                self.selected = self.selected.saturating_sub(1);
                After::Draw
            }
            Some(Action::Admit) => {
                if let Some(w) = waiting.get(self.selected) {
                    room.admit(w.ticket, Self::admitted_as(&w.login, room));
                }
                After::DrawAll
            }
            Some(Action::TurnAway) => {
                if let Some(ticket) = self.selected_ticket(room) {
                    room.turn_away(ticket);
                }
                After::DrawAll
            }
            Some(Action::NewInviteCode) => {
                room.new_invite_code();
                After::DrawAll
            }
            _ => After::Draw,
        }
    }

    fn draw(&mut self, frame: &mut Frame, room: &Room) {
        let waiting = room.waiting();
        self.selected = self.selected.min(waiting.len().saturating_sub(1));
        let facilitator = self.person.facilitator;
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(6),
            Constraint::Min(4),
            Constraint::Length(1),
        ])
        .areas(frame.area());
        let lines = self.head_lines(room, usize::from(head.width.saturating_sub(4)));
        frame.render_widget(Paragraph::new(lines).block(Block::bordered()), head);
        let columns: &[Constraint] = if facilitator {
            &[Constraint::Percentage(50), Constraint::Percentage(50)]
        } else {
            &[Constraint::Percentage(100)]
        };
        let parts = Layout::horizontal(columns).split(body);
        connected_list(frame, room, parts[0]);
        if facilitator {
            waiting_list(frame, &waiting, self.selected, parts[1]);
        }
        let keys = fit(&keys_line(facilitator), usize::from(foot.width));
        frame.render_widget(Paragraph::new(keys), foot);
    }
}

impl WelcomeScreen {
    /// Who this is and where: the workshop, the person, the server's key, and for the
    /// facilitator the invite code and what the door has seen.
    fn head_lines(&self, room: &Room, width: usize) -> Vec<Line<'static>> {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let mut lines = vec![
            Line::styled(fit(&format!("covalue · {}", room.title()), width), bold),
            Line::raw(fit(
                &format!("You are {} ({})", self.person.name, self.person.about),
                width,
            )),
            Line::raw(fit(&format!("Server key {}", room.fingerprint()), width)),
        ];
        if self.person.facilitator {
            lines.push(Line::raw(fit(
                &format!("Invite code: {}", room.invite_code()),
                width,
            )));
            for note in room.door_notes() {
                lines.push(Line::raw(fit(&note, width)));
            }
        }
        lines
    }
}

/// Everyone connected, by name and what they are.
fn connected_list(frame: &mut Frame, room: &Room, area: Rect) {
    let connected = room.connected();
    let inner = usize::from(area.width.saturating_sub(2));
    let items: Vec<ListItem> = connected
        .iter()
        .map(|p| {
            ListItem::new(fit(
                &format!("{} · {}", p.person.name, p.person.about),
                inner,
            ))
        })
        .collect();
    frame.render_widget(
        List::new(items)
            .block(Block::bordered().title(format!(" Connected ({}) ", connected.len()))),
        area,
    );
}

/// Those waiting at the door, for the facilitator to let in or turn away.
fn waiting_list(frame: &mut Frame, waiting: &[Waiting], selected: usize, area: Rect) {
    let inner = usize::from(area.width.saturating_sub(4));
    let items: Vec<ListItem> = waiting
        .iter()
        .map(|w| {
            let from = w.peer.map(|p| p.ip().to_string()).unwrap_or_default();
            ListItem::new(fit(&format!("{} from {from}", w.login), inner))
        })
        .collect();
    let mut state = ListState::default().with_selected((!waiting.is_empty()).then_some(selected));
    frame.render_stateful_widget(
        List::new(items)
            .highlight_symbol("> ")
            .highlight_style(Style::default().add_modifier(Modifier::BOLD))
            .block(Block::bordered().title(format!(" Waiting ({}) ", waiting.len()))),
        area,
        &mut state,
    );
}

/// The keys this screen answers to.
fn keys_line(facilitator: bool) -> String {
    let leave = format!(
        "{} leaves",
        keymap::key_for(Context::Workshop, Action::Quit)
    );
    if facilitator {
        format!(
            "{} lets in · {} turns away · {} new code · {leave}",
            keymap::key_for(Context::Serve, Action::Admit),
            keymap::key_for(Context::Serve, Action::TurnAway),
            keymap::key_for(Context::Serve, Action::NewInviteCode),
        )
    } else {
        leave
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::invite::Invite;
    use crate::serve::keys::Keys;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn room() -> Room {
        Room::new(
            "Service review\x1b[2J".into(),
            "SHA256:abc".into(),
            vec![Person::new("Priya Raman", "consumer")],
            Keys::default(),
            Invite::with_code("ABCDEFGH"),
        )
    }

    fn screen_text(screen: &mut WelcomeScreen, room: &Room) -> String {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| screen.draw(f, room)).unwrap();
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    fn enter() -> Event {
        Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
    }

    #[test]
    fn a_participant_sees_who_they_are_and_no_code() {
        let room = room();
        let mut screen = *Box::new(WelcomeScreen {
            person: Person::new("Priya Raman", "consumer"),
            selected: 0,
        });
        let text = screen_text(&mut screen, &room);
        assert!(text.contains("You are Priya Raman (consumer)"), "{text}");
        assert!(text.contains("SHA256:abc"));
        assert!(!text.contains("ABCD-EFGH"));
        // The escape sequence in the title is shown as a replacement character, never sent.
        assert!(!text.contains('\x1b'));
        assert_eq!(screen.handle(key('a'), &room), After::Draw);
        assert!(room.people().len() == 1);
        assert_eq!(screen.handle(key('q'), &room), After::Leave);
        // Ctrl-C leaves too, read through the keymap's Anywhere keys like every other screen.
        let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(screen.handle(ctrl_c, &room), After::Leave);
    }

    #[test]
    fn the_facilitator_admits_from_the_waiting_list() {
        let room = room();
        let mut screen = WelcomeScreen {
            person: Person::facilitator("Ana"),
            selected: 0,
        };
        let (_first, mut first) = room.enqueue("priya raman", None);
        let (_second, mut second) = room.enqueue("sam\x07", None);
        let text = screen_text(&mut screen, &room);
        assert!(text.contains("ABCD-EFGH"), "{text}");
        assert!(text.contains("Waiting (2)"), "{text}");
        assert_eq!(screen.handle(enter(), &room), After::DrawAll);
        match first.try_recv() {
            Ok(crate::serve::room::Decision::Admit(p)) => assert_eq!(p.name, "Priya Raman"),
            other => panic!("{other:?}"),
        }
        assert_eq!(screen.handle(key('x'), &room), After::DrawAll);
        assert!(matches!(
            second.try_recv(),
            Ok(crate::serve::room::Decision::TurnAway)
        ));
        assert!(room.waiting().is_empty());
        // Nothing waiting: the keys do nothing and draw still works.
        assert_eq!(screen.handle(enter(), &room), After::DrawAll);
        screen_text(&mut screen, &room);
    }
}
