//! A participant's screen: the facilitator's step, its items, their own ratings.

use super::rows::others_text;
use super::*;

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
    /// A participant's seat, at the place they had on the facilitator's step if they were
    /// here before (a reconnect).
    pub fn new(person: Person, master: Master, places: Places) -> Seat {
        let step = master.step();
        let selected = places
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&person.name.to_lowercase())
            .filter(|(at, _)| *at == step)
            .map_or(0, |(_, row)| *row);
        Seat {
            person,
            master,
            selected,
            step,
            message: None,
            help: false,
            places,
            typing: None,
        }
    }

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
