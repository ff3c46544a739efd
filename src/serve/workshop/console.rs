//! The facilitator's console: the server's state, the waiting list, the room's progress.

use super::rows::others_text;
use super::*;
use crate::tui::keymap::{BINDINGS, Hint};

/// One way to admit someone: as the participant of this name, or (with a role) as a new one.
pub(super) type Choice = (String, Option<Role>);

/// Who someone waiting may be admitted as. The participant of their login name comes first;
/// without one, a new consumer and a new provider named as they logged in come first; then
/// every other participant of the session (not the facilitator).
pub(super) fn admit_choices(session: &Session, login: &str) -> Vec<Choice> {
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
/// overlay in the local terminal. Its keys are the keymap's `Context::Serve`, and every key it
/// names on screen comes from there.
pub struct Console {
    person: Person,
    master: Master,
    selected: usize,
    /// Which of the selected person's admit choices is picked.
    choice: usize,
    message: Option<String>,
    /// Over SSH the console is the facilitator's only screen and drives the steps too.
    remote: bool,
    /// The `?` help is open over the remote screen.
    help: bool,
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

/// Keys the panel beside the local app handles, not the console.
fn about_panel(action: Action) -> bool {
    matches!(action, Action::TogglePanel | Action::HidePanel)
}

/// The workshop keys the remote console takes after its own.
const REMOTE_WORKSHOP: [Action; 5] = [
    Action::NextStep,
    Action::PrevStep,
    Action::Reveal,
    Action::ToggleTimer,
    Action::Quit,
];

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
    pub fn new(person: Person, master: Master, remote: bool) -> Console {
        Console {
            person,
            master,
            selected: 0,
            choice: 0,
            message: None,
            remote,
            help: false,
            address: None,
        }
    }

    /// The selected person waiting and their admit choices.
    fn chosen(&self, room: &Room) -> Option<(Ticket, Vec<Choice>)> {
        let waiting = room.waiting();
        let w = waiting.get(self.selected.min(waiting.len().saturating_sub(1)))?;
        let choices = self.master.with(|s, _, _| admit_choices(s, &w.login));
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
            Action::ToggleNotes => {
                let allowed = !self.master.notes_allowed();
                self.master.allow_notes(allowed);
                self.message = Some(if allowed {
                    "Participants may add lines to the items' notes.".into()
                } else {
                    "Notes closed to participants.".into()
                });
                Some(After::DrawAll)
            }
            Action::ToggleItems => {
                let allowed = !self.master.items_allowed();
                self.master.allow_items(allowed);
                self.message = Some(if allowed {
                    "Participants may add items to the rated steps.".into()
                } else {
                    "Adding items closed to participants.".into()
                });
                Some(After::DrawAll)
            }
            Action::ToggleLock => {
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

    fn admit(&mut self, ticket: Ticket, choices: &[Choice], room: &Room) {
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
            format!(
                "retired after too many wrong answers ({} makes a new one)",
                keymap::key_for(Context::Serve, Action::NewInviteCode)
            )
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
                        (Some(who), Some(d)) => rated_count(session, d, &who),
                        _ => (0, 0),
                    };
                    (p.person.name.clone(), done, all)
                })
                .collect();
            (step, rated, locked)
        });
        // What participants may do beyond rating, each with the key that changes it.
        let setting = |on: bool, what: &str, action: Action| {
            if on {
                format!(" · {what} ({})", keymap::key_for(Context::Serve, action))
            } else {
                String::new()
            }
        };
        lines.push(Line::raw(fit(
            &format!(
                "Step {} · {} connected{}{}{}",
                step.title(),
                rated.len(),
                setting(locked, "ratings locked", Action::ToggleLock),
                setting(
                    self.master.notes_allowed(),
                    "notes open",
                    Action::ToggleNotes
                ),
                setting(
                    self.master.items_allowed(),
                    "items open",
                    Action::ToggleItems
                ),
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
            let keys = hint_text(&self.hints(room, false, true)).join(" · ");
            lines.push(Line::styled(fit(&format!("Waiting: {keys}"), width), bold));
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
        // Ctrl-C leaves from anywhere, the help included.
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return After::Leave;
        }
        if self.help {
            self.help = false;
            return After::Draw;
        }
        if keymap::action_for(Context::Serve, &key) == Some(Action::Help) {
            self.help = true;
            return After::Draw;
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
        let footer = if self.remote {
            self.remote_footer(room, width)
        } else {
            Vec::new()
        };
        // The step's items as the room may see them: who rated, and the numbers once revealed.
        let items = self.master.with(|session, step, _| {
            step.dimension()
                .map(|d| rows(session, d, None))
                .unwrap_or_default()
        });
        let room_for = usize::from(area.height.saturating_sub(2 + footer.len() as u16))
            .saturating_sub(lines.len() + 2);
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
        // The keys sit on the bottom rows, where a footer is looked for.
        let inner = usize::from(area.height.saturating_sub(2));
        let blank = inner.saturating_sub(lines.len() + footer.len());
        lines.extend(std::iter::repeat_n(Line::raw(""), blank));
        lines.extend(footer);
        let title = format!(" {} · facilitator ", one_line(&self.person.name));
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(title)),
            area,
        );
        if self.help {
            self.draw_help(frame);
        }
    }
}

impl Console {
    /// The remote console's footer: the workshop keys it takes, its own, and leaving.
    fn remote_footer(&self, room: &Room, width: usize) -> Vec<Line<'static>> {
        let key = |action| keymap::key_for(Context::Workshop, action);
        let mut parts = vec![
            format!("{} / {} step", key(Action::NextStep), key(Action::PrevStep)),
            format!("{} reveals", key(Action::Reveal)),
            format!("{} timer", key(Action::ToggleTimer)),
        ];
        parts.extend(hint_text(&self.hints(room, false, false)));
        parts.push(format!("{} leaves", key(Action::Quit)));
        wrapped(&parts, width)
    }

    /// The remote console's `?` help: its own keys, then the workshop keys it takes, each
    /// listed with only the keys that do it here.
    fn draw_help(&self, frame: &mut Frame) {
        let own = keymap::help_where(Context::Serve, |b, _| {
            b.action.is_some_and(|a| !about_panel(a))
        });
        // Leaving is not the app's "save and quit": the workshop goes on without this screen.
        let workshop = keymap::help_where(Context::Workshop, |b, k| {
            let event = KeyEvent::new(k.code, k.modifiers);
            b.action
                .is_some_and(|a| a != Action::Quit && REMOTE_WORKSHOP.contains(&a))
                && keymap::action_for(Context::Serve, &event).is_none()
        });
        let sections = vec![("The server", own), ("The workshop", workshop)];
        let quit = BINDINGS
            .iter()
            .find(|b| b.context == Context::Workshop && b.action == Some(Action::Quit))
            .map(|b| {
                b.keys
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(" or ")
            })
            .unwrap_or_default();
        let leave = format!("{quit} leaves this screen; the workshop goes on.");
        let follow = format!(
            "Participants follow your step; others' ratings stay hidden until {} reveals.",
            keymap::key_for(Context::Workshop, Action::Reveal)
        );
        let follow = [follow.as_str()];
        let leave = [leave.as_str()];
        let notes: Vec<&[&str]> = vec![&leave, &follow];
        let area = frame.area();
        crate::tui::widgets::help::render(
            sections,
            notes,
            area,
            frame.buffer_mut(),
            &Theme::new(crate::tui::theme::ThemeKind::NoColor),
        );
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::domain::{Benefit, Participant};
    use crate::serve::invite::Invite;
    use crate::serve::keys::Keys;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    pub(in super::super) fn session() -> Session {
        let mut session = Session::new("s1", "Review", crate::store::now());
        for (name, role) in [
            ("Ana", Role::Facilitator),
            ("Ben", Role::Provider),
            ("Priya", Role::Consumer),
        ] {
            session.participants.push(Participant {
                name: name.into(),
                role,
                group: None,
            });
        }
        session.benefits.push(Benefit {
            text: "Faster fixes".into(),
            ..Benefit::default()
        });
        session
    }

    pub(in super::super) fn room() -> Room {
        Room::new(
            "Review".into(),
            "SHA256:abc".into(),
            people(&session()),
            Keys::default(),
            Invite::with_code("ABCDEFGH"),
        )
    }

    /// Who waits in each state the hints are walked in.
    pub(in super::super) const WAITING: &[&[&str]] = &[&[], &["sam"], &["ben"], &["sam", "ben"]];

    /// A remote console (on the Benefits step) with `waiting` waiting to join.
    fn remote(waiting: &[&str]) -> (Console, Room, Master) {
        let master = Master::new(session(), Step::Benefits);
        let room = room();
        for login in waiting {
            room.enqueue(login, None);
        }
        let console = Console::new(Person::facilitator("Ana"), master.clone(), true);
        (console, room, master)
    }

    fn screen(console: &mut Console, room: &Room, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| console.draw(f, room)).unwrap();
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

    fn press(console: &mut Console, room: &Room, key: KeyEvent) -> After {
        console.handle(Event::Key(key), room)
    }

    fn char_key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn every_hint_the_remote_console_shows_is_its_key_and_does_something() {
        let mut checked = 0;
        for (width, height) in [(80, 24), (120, 40)] {
            for waiting in WAITING {
                let (mut console, room, _) = remote(waiting);
                let shown = screen(&mut console, &room, width, height);
                let hints: Vec<Hint> = [true, false]
                    .into_iter()
                    .flat_map(|w| console.hints(&room, false, w))
                    .collect();
                assert!(
                    hints
                        .iter()
                        .all(|h| !about_panel(h.binding.action.unwrap())),
                    "no panel keys over SSH"
                );
                for hint in &hints {
                    let text = format!("{} {}", hint.keys, hint.word);
                    assert!(
                        shown.contains(&text),
                        "{waiting:?}: `{text}` shown:\n{shown}"
                    );
                    let (mut console, room, _) = remote(waiting);
                    let before = screen(&mut console, &room, width, height);
                    press(&mut console, &room, hint.event());
                    let after = screen(&mut console, &room, width, height);
                    assert_ne!(before, after, "{waiting:?}: `{text}` does nothing");
                    checked += 1;
                }
                // Waiting hints only when someone waits, and "as whom" only with a choice.
                assert_eq!(shown.contains("Enter admit"), !waiting.is_empty());
                assert_eq!(shown.contains("←→ as whom"), !waiting.is_empty());
            }
        }
        assert!(checked >= 40, "only {checked} hints pressed");
    }

    #[test]
    fn the_remote_footer_names_the_workshop_keys_it_takes() {
        let (mut console, room, master) = remote(&[]);
        let shown = screen(&mut console, &room, 80, 24);
        let next = keymap::key_for(Context::Workshop, Action::NextStep);
        let prev = keymap::key_for(Context::Workshop, Action::PrevStep);
        assert!(shown.contains(&format!("{next} / {prev} step")), "{shown}");
        let step = master.step();
        let key = |name: &str| {
            let c = name.chars().next().unwrap();
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
        };
        press(&mut console, &room, key(&next));
        assert_eq!(master.step(), step.next().unwrap());
        press(&mut console, &room, key(&prev));
        assert_eq!(master.step(), step);
        let quit = keymap::key_for(Context::Workshop, Action::Quit);
        assert!(shown.contains(&format!("{quit} leaves")));
        assert_eq!(press(&mut console, &room, key(&quit)), After::Leave);
    }

    #[test]
    fn a_opens_and_closes_adding_items_and_the_status_line_says_so() {
        let (mut console, room, master) = remote(&[]);
        assert!(!master.items_allowed());
        assert!(!screen(&mut console, &room, 80, 24).contains("items open (A)"));
        press(&mut console, &room, char_key('A'));
        assert!(master.items_allowed());
        let shown = screen(&mut console, &room, 80, 24);
        assert!(shown.contains("items open (A)"), "{shown}");
        assert!(shown.contains("Participants may add items"), "{shown}");
        // A participant's item is taken now.
        master
            .submit(Change::Add {
                name: "Priya".into(),
                dimension: Dimension::Benefits,
                text: "Clear status".into(),
            })
            .unwrap();
        press(&mut console, &room, char_key('A'));
        assert!(!master.items_allowed());
        assert!(screen(&mut console, &room, 80, 24).contains("Adding items closed"));
        assert!(
            master
                .submit(Change::Add {
                    name: "Priya".into(),
                    dimension: Dimension::Benefits,
                    text: "Fewer calls".into(),
                })
                .is_err()
        );
    }

    #[test]
    fn the_remote_help_lists_the_console_keys_and_no_panel_key() {
        let (mut console, room, _) = remote(&["sam"]);
        for (width, height) in [(80, 24), (120, 40)] {
            press(&mut console, &room, char_key('?'));
            let shown = screen(&mut console, &room, width, height);
            for (keys, what) in [
                ("Enter", "admit the selected person"),
                ("← →", "choose as whom they join"),
                ("x Delete", "turn the person away"),
                ("n", "new invite code"),
                ("L", "lock/unlock ratings"),
                ("N", "open/close the notes"),
                ("A", "open/close adding items"),
                ("]", "next step"),
                ("r", "reveal"),
            ] {
                assert!(
                    shown
                        .lines()
                        .any(|l| l.contains(&format!("{keys:<10} {what}"))),
                    "{keys} {what}:\n{shown}"
                );
            }
            assert!(!shown.contains("F2"), "{shown}");
            assert!(!shown.contains("server panel"), "{shown}");
            assert!(shown.contains("q or Ctrl-C leaves"), "{shown}");
            // Any key closes it, and does nothing else.
            press(&mut console, &room, char_key('x'));
            assert_eq!(room.waiting().len(), 1);
            assert!(!screen(&mut console, &room, width, height).contains("Any key closes"));
        }
    }
}
