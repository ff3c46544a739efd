//! The facilitator's console: the server's state, the waiting list, the room's progress.

use super::rows::others_text;
use super::*;

/// Who someone waiting may be admitted as. The participant of their login name comes first;
/// without one, a new consumer and a new provider named as they logged in come first; then
/// every other participant of the session (not the facilitator).
pub(super) fn admit_choices(session: &Session, login: &str) -> Vec<(String, Option<Role>)> {
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
    pub(super) fn lines(&self, room: &Room, width: usize) -> Vec<Line<'static>> {
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
