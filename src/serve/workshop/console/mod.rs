//! The facilitator's console: the server's state, the waiting list, the room's progress.

use super::*;
use crate::tui::keymap::Hint;

mod draw;
mod progress;
mod remote;

pub use progress::{everyone_progress, progress, rated_count};
pub use remote::{Desk, FacilitatorScreen, lock_desk};

/// One way to admit someone: as the participant of this name, or (with a role) as a new one.
pub(super) type Choice = (String, Option<Role>);

/// Who someone waiting may be admitted as. Never as someone connected now: the invite code
/// must not let anyone into another person's seat, and see their hidden ratings, by
/// claiming their name. The participant of their login name comes first; without one, a new
/// consumer and a new provider named as they logged in (with a number when that name is
/// taken) come first; then every other participant of the session who is not connected (not
/// the facilitator).
pub(super) fn admit_choices(session: &Session, login: &str, connected: &[String]) -> Vec<Choice> {
    let name = one_line(login).trim().to_string();
    let here = |n: &str| connected.iter().any(|c| same_name(c, n));
    let existing = session
        .participants
        .iter()
        .filter(|p| p.role != Role::Facilitator && !here(&p.name))
        .map(|p| (p.name.clone(), None));
    let (mut choices, others): (Vec<_>, Vec<_>) =
        existing.partition(|(n, _): &(String, Option<Role>)| same_name(n, &name));
    if choices.is_empty() && !name.is_empty() {
        let taken = |n: &str| session.participants.iter().any(|p| same_name(&p.name, n));
        let free = (1..)
            .map(|i| {
                if i == 1 {
                    name.clone()
                } else {
                    format!("{name} {i}")
                }
            })
            .find(|n| !taken(n))
            .unwrap_or_default();
        choices.push((free.clone(), Some(Role::Consumer)));
        choices.push((free, Some(Role::Provider)));
    }
    choices.extend(others);
    choices
}

/// The names of the people connected now.
pub(super) fn connected_names(room: &Room) -> Vec<String> {
    room.connected()
        .into_iter()
        .map(|p| p.person.name)
        .collect()
}

/// The facilitator's view of the server: key, invite code, who is connected and who has
/// rated, the waiting list with admit and turn away. A whole screen over SSH (headless), an
/// overlay in the local terminal. Its keys are the keymap's `Context::Serve`, and every key it
/// names on screen comes from there.
pub struct Console {
    master: Master,
    selected: usize,
    /// Which of the selected person's admit choices is picked.
    choice: usize,
    message: Option<String>,
    /// Where the server listens, for the line that tells participants how to join.
    pub address: Option<std::net::SocketAddr>,
}

/// The serve keys about the waiting list: their hints go on the list's heading.
fn about_waiting(action: Action) -> bool {
    matches!(
        action,
        Action::Up | Action::Down | Action::Admit | Action::AsWhom(_) | Action::TurnAway
    )
}

/// Hints as the footer writes them: "Enter admit · x refuse".
pub(super) fn hint_text(hints: &[Hint]) -> Vec<String> {
    hints
        .iter()
        .map(|h| format!("{} {}", h.keys, h.word))
        .collect()
}

/// `parts` joined with " · " into as few lines of `width` columns as they fit in.
pub(super) fn wrapped(parts: &[String], width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        match lines.last_mut() {
            Some(line) if crate::text::width(line) + 3 + crate::text::width(part) <= width => {
                line.push_str(" · ");
                line.push_str(part);
            }
            _ => lines.push(part.clone()),
        }
    }
    lines
        .into_iter()
        .map(|line| Line::raw(fit(&line, width)))
        .collect()
}

impl Console {
    pub fn new(master: Master) -> Console {
        Console {
            master,
            selected: 0,
            choice: 0,
            message: None,
            address: None,
        }
    }

    /// The selected person waiting and their admit choices.
    fn chosen(&self, room: &Room) -> Option<(Ticket, Vec<Choice>)> {
        let waiting = room.waiting();
        let w = waiting.get(self.selected.min(waiting.len().saturating_sub(1)))?;
        let connected = connected_names(room);
        let choices = self
            .master
            .with(|s, _, _| admit_choices(s, &w.login, &connected));
        Some((w.ticket, choices))
    }

    /// Whether the serve key of `action` does something now (the hints show only those);
    /// `panel` when the console is the panel beside the local app.
    pub(super) fn offers(&self, action: Action, room: &Room, panel: bool) -> bool {
        let waiting = room.waiting().len();
        match action {
            Action::Up | Action::Down => waiting > 1,
            Action::Admit | Action::TurnAway => waiting > 0,
            Action::AsWhom(_) => self.chosen(room).is_some_and(|(_, c)| c.len() > 1),
            // The open panel names Esc to hide it; the closed panel's strip names F2.
            Action::HidePanel => panel,
            Action::TogglePanel => false,
            _ => true,
        }
    }

    /// The serve hints shown now: those about the waiting list or the others.
    pub(super) fn hints(&self, room: &Room, panel: bool, waiting: bool) -> Vec<Hint> {
        keymap::hints_where(Context::Serve, |b| {
            b.action
                .is_some_and(|a| about_waiting(a) == waiting && self.offers(a, room, panel))
        })
    }

    /// Handles a key; `None` when the console does not use it (the panel's own keys, `?`,
    /// and keys the serve keymap does not have).
    pub fn key(&mut self, key: &KeyEvent, room: &Room) -> Option<After> {
        let action = keymap::action_for(Context::Serve, key)?;
        let waiting = room.waiting();
        self.selected = self.selected.min(waiting.len().saturating_sub(1));
        let chosen = self.chosen(room);
        let nobody = || "Nobody is waiting.".to_string();
        match action {
            Action::Up => {
                self.selected = self.selected.saturating_sub(1);
                self.choice = 0;
                Some(After::Draw)
            }
            Action::Down => {
                self.selected = (self.selected + 1).min(waiting.len().saturating_sub(1));
                self.choice = 0;
                Some(After::Draw)
            }
            Action::AsWhom(next) => {
                if let Some((_, choices)) = &chosen {
                    let n = choices.len().max(1);
                    self.choice = if next {
                        (self.choice + 1) % n
                    } else {
                        (self.choice + n - 1) % n
                    };
                }
                Some(After::Draw)
            }
            Action::Admit => {
                match chosen {
                    Some((ticket, choices)) => self.admit(ticket, &choices, room),
                    None => self.message = Some(nobody()),
                }
                Some(After::DrawAll)
            }
            Action::TurnAway => {
                self.message = Some(match chosen {
                    Some((ticket, _)) => {
                        room.turn_away(ticket);
                        "Turned away.".into()
                    }
                    None => nobody(),
                });
                Some(After::DrawAll)
            }
            Action::NewInviteCode => {
                let code = room.new_invite_code();
                self.message = Some(format!(
                    "New invite code {code}; the old one no longer works."
                ));
                Some(After::DrawAll)
            }
            Action::ToggleNotes | Action::ToggleItems | Action::ToggleLock => {
                self.message = Some(self.toggle(action));
                Some(After::DrawAll)
            }
            _ => None,
        }
    }

    /// Opens or closes what `action` names for participants (the notes, adding items, the
    /// step's lock); what it did, in words.
    fn toggle(&self, action: Action) -> String {
        match action {
            Action::ToggleNotes => {
                let allowed = !self.master.notes_allowed();
                self.master.allow_notes(allowed);
                if allowed {
                    "Participants may add lines to the items' notes.".into()
                } else {
                    "Notes closed to participants.".into()
                }
            }
            Action::ToggleItems => {
                let allowed = !self.master.items_allowed();
                self.master.allow_items(allowed);
                if allowed {
                    "Participants may add items to the rated steps.".into()
                } else {
                    "Adding items closed to participants.".into()
                }
            }
            _ => {
                let locked = !self.master.locked();
                self.master.set_locked(locked);
                let step = self.master.step().title();
                if locked {
                    format!("{step} locked: participants can change nothing on it.")
                } else {
                    format!("{step} open again to participants.")
                }
            }
        }
    }

    fn admit(&mut self, ticket: Ticket, choices: &[Choice], room: &Room) {
        let Some((name, new_role)) = choices.get(self.choice.min(choices.len().saturating_sub(1)))
        else {
            return;
        };
        if let Some(role) = new_role {
            let joined = self.master.submit(Change::Join {
                name: name.clone(),
                role: *role,
            });
            if joined.is_err() {
                // Never admitted as someone else under a name that turned out to be taken.
                self.message = Some(format!(
                    "{} is taken meanwhile; choose again.",
                    one_line(name)
                ));
                self.choice = 0;
                return;
            }
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
}

#[cfg(test)]
pub(super) mod tests;
