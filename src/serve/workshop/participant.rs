//! A participant's screen: the facilitator's step, its items, their own ratings.

use super::rows::others_fit;
use super::*;
use crate::tui::workshop::clock;

/// The longest note line or item a participant may type.
const TYPED_MAX: usize = 300;

/// What a participant is typing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Typing {
    /// A line for the selected item's discussion note.
    Note,
    /// A new item for the facilitator's step.
    Item,
}

/// The master as one participant may see it, built once per change (`Master::version`), not
/// on every frame: fifty screens redraw after every rating.
struct View {
    version: u64,
    step: Step,
    /// Their side and name as the session spells it, when they rate.
    who: Option<(Side, String)>,
    /// The step's items, on a rated step.
    rows: Option<Vec<Row>>,
    /// How many ratings the step holds: the room's progress, which hides nothing.
    count: usize,
    locked: bool,
    notes: bool,
    items: bool,
    /// On the Summary step, the value summary as this person may see it, line by line.
    summary: Option<Vec<String>>,
}

impl View {
    fn of(state: &State, name: &str) -> View {
        let session = &state.session;
        let who = rater_of(session, name);
        let dimension = state.step.dimension();
        View {
            version: state.version,
            step: state.step,
            rows: dimension.map(|d| rows(session, d, who.as_ref())),
            count: session
                .rated_items()
                .filter(|i| Some(i.dimension) == dimension)
                .map(|i| i.rating.count())
                .sum(),
            summary: (state.step == Step::Summary).then(|| summary_lines(session, who.as_ref())),
            who,
            locked: state.locked,
            notes: state.notes,
            items: state.items,
        }
    }

    fn rows(&self) -> &[Row] {
        self.rows.as_deref().unwrap_or_default()
    }

    /// How many lines the selection moves over: the items, or the summary's lines.
    fn len(&self) -> usize {
        match &self.summary {
            Some(lines) => lines.len(),
            None => self.rows().len(),
        }
    }
}

/// The value summary as `who` may see it (`None`: someone who rates nothing sees what the
/// room may): with blind rating, no number from a rating hidden from them.
fn summary_lines(session: &Session, who: Option<&(Side, String)>) -> Vec<String> {
    let summary = match who {
        Some((side, name)) => crate::domain::summarize_seen_by(session, *side, name),
        None => crate::domain::summarize_for_room(session),
    };
    let mut lines: Vec<String> = crate::report::summary::text(session, &summary)
        .lines()
        .map(str::to_string)
        .collect();
    if summary.hidden > 0 {
        let (s, stay) = if summary.hidden == 1 {
            ("", "stays")
        } else {
            ("s", "stay")
        };
        lines.push(format!(
            "{} rating{s} by others {stay} hidden until the facilitator reveals them.",
            summary.hidden
        ));
    }
    lines
}

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
    /// What is being typed, and the text so far.
    typing: Option<(Typing, String)>,
    view: View,
}

impl Seat {
    /// A participant's seat, at the place they had on the facilitator's step if they were
    /// here before (a reconnect).
    pub fn new(person: Person, master: Master, places: Places) -> Seat {
        let view = master.read(|state| View::of(state, &person.name));
        let step = view.step;
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
            view,
        }
    }

    /// Brings the view up to the master's last change; a new step starts at its first item.
    fn refresh(&mut self) {
        let version = self.view.version;
        let name = &self.person.name;
        if let Some(view) = self
            .master
            .read(|state| (state.version != version).then(|| View::of(state, name)))
        {
            self.view = view;
        }
        if self.view.step != self.step {
            self.step = self.view.step;
            self.selected = 0;
        }
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
    }

    /// The selected item of the facilitator's step, as this person sees it.
    fn selected_row(&mut self) -> Option<(Dimension, Row)> {
        self.refresh();
        let dimension = self.view.step.dimension()?;
        let row = self.view.rows().get(self.selected)?.clone();
        Some((dimension, row))
    }

    /// A key while a line is being typed: Enter sends it, Esc drops it.
    fn type_key(&mut self, key: &KeyEvent) -> After {
        let Some((typing, line)) = self.typing.as_mut() else {
            return After::Draw;
        };
        let typing = *typing;
        match keymap::action_for(Context::Form, key) {
            Some(Action::Submit) => return self.send_typed(),
            Some(Action::Cancel) => {
                self.typing = None;
                self.message = Some(match typing {
                    Typing::Note => "Note dropped.".into(),
                    Typing::Item => "Item dropped.".into(),
                });
                return After::Draw;
            }
            _ => {}
        }
        match key.code {
            KeyCode::Backspace => {
                line.pop();
            }
            KeyCode::Char(c)
                if !key.modifiers.contains(KeyModifiers::CONTROL)
                    && line.chars().count() < TYPED_MAX =>
            {
                line.push(c);
            }
            _ => {}
        }
        After::Draw
    }

    /// Sends what was typed: a note line on the selected item, or a new item.
    fn send_typed(&mut self) -> After {
        let Some((typing, line)) = self.typing.take() else {
            return After::Draw;
        };
        let change = match typing {
            Typing::Note => {
                let Some((dimension, row)) = self.selected_row() else {
                    self.message = Some("That item is gone.".into());
                    return After::Draw;
                };
                Change::Note {
                    name: self.person.name.clone(),
                    dimension,
                    index: row.index,
                    text: row.text,
                    line,
                }
            }
            Typing::Item => {
                self.refresh();
                let Some(dimension) = self.view.step.dimension() else {
                    self.message = Some("Items are added on the rated steps.".into());
                    return After::Draw;
                };
                Change::Add {
                    name: self.person.name.clone(),
                    dimension,
                    text: line,
                }
            }
        };
        match self.master.submit(change) {
            Ok(()) => {
                self.message = Some(match typing {
                    Typing::Note => "Note added.".into(),
                    Typing::Item => "Item added; rate it when you are ready.".into(),
                });
                if typing == Typing::Item {
                    // The new item is the last of the step: select it.
                    self.selected = usize::MAX;
                    self.refresh();
                }
                After::DrawAll
            }
            Err(why) => {
                self.message = Some(why.into());
                After::Draw
            }
        }
    }

    /// Starts typing a note or an item, if the facilitator allows it here.
    fn start_typing(&mut self, typing: Typing) -> After {
        self.refresh();
        let refused = match typing {
            Typing::Note if !self.view.notes => {
                Some("The facilitator has not opened the notes to participants.")
            }
            Typing::Note if self.view.rows().is_empty() => Some("No item to write a note on."),
            Typing::Item if !self.view.items => {
                Some("The facilitator has not opened adding items to participants.")
            }
            Typing::Item if self.view.step.dimension().is_none() => {
                Some("Items are added on the rated steps.")
            }
            _ => None,
        };
        match refused {
            Some(why) => self.message = Some(why.into()),
            None => {
                self.typing = Some((typing, String::new()));
                self.message = None;
            }
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
        let Some((dimension, row)) = self.selected_row() else {
            self.message = Some("Nothing to rate on this step.".into());
            return After::Draw;
        };
        if self.view.who.is_none() {
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
                self.refresh();
                self.advance();
                After::DrawAll
            }
            Err(why) => {
                self.message = Some(why.into());
                After::Draw
            }
        }
    }

    /// After a rating, on to the next item this person has not rated (from the top again if
    /// need be), or says they are done with the step.
    fn advance(&mut self) {
        let rows = self.view.rows();
        let from = self.selected;
        let next = (1..=rows.len())
            .map(|step| (from + step) % rows.len())
            .find(|&i| rows[i].own.is_none());
        match next {
            Some(i) => {
                self.selected = i;
                self.message = None;
            }
            None => {
                self.message = Some(format!(
                    "You have rated every item of {}; change any with 1–5.",
                    self.view.step.title()
                ));
            }
        }
    }

    /// The footer: only keys that do something for this person now.
    fn hints(&self) -> String {
        let key = |action| keymap::key_for(Context::Workshop, action);
        let mut hints = vec![format!("{}/{} move", key(Action::Up), key(Action::Down))];
        if self.view.who.is_some() && !self.view.rows().is_empty() {
            hints.push(format!("1–5 rate · {} clear", key(Action::Rate(None))));
        }
        if self.view.notes && !self.view.rows().is_empty() {
            hints.push(format!("{} note", key(Action::Edit)));
        }
        if self.view.items && self.view.step.dimension().is_some() {
            hints.push(format!("{} add item", key(Action::Add)));
        }
        hints.push(format!("{} help", key(Action::Help)));
        hints.push(format!("{} leave", key(Action::Quit)));
        hints.join(" · ")
    }
}

impl Screen for Seat {
    fn handle(&mut self, event: Event, _room: &Room) -> After {
        if let (Event::Paste(text), Some((_, line))) = (&event, self.typing.as_mut()) {
            line.extend(
                one_line(text)
                    .chars()
                    .take(TYPED_MAX.saturating_sub(line.chars().count())),
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
        self.refresh();
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
            Some(Action::Edit) => self.start_typing(Typing::Note),
            Some(Action::Add) => self.start_typing(Typing::Item),
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
        self.refresh();
        self.keep_place();
        let timer = self.master.timer();
        // The selected item's note: one lookup, not one per row.
        let note = self.view.step.dimension().and_then(|d| {
            let row = self.view.rows().get(self.selected)?;
            self.master
                .with(|session, _, _| session.note(d.step(), &row.text).map(one_line))
        });
        let view = &self.view;
        let area = frame.area();
        let [head, body, status, foot] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let width = usize::from(area.width.saturating_sub(2));
        let who = match &view.who {
            Some((side, _)) => format!("{} · {}", self.person.name, side.name()),
            None => format!("{} · {}", self.person.name, self.person.about),
        };
        let progress = if view.step.dimension().is_some() {
            let s = if view.count == 1 { "" } else { "s" };
            format!(" · {} rating{s} in", view.count)
        } else {
            String::new()
        };
        let title = format!(
            "covalue · {} · {} · step {}{progress}",
            one_line(room.title()),
            one_line(&who),
            view.step.title()
        );
        // The clock sits on the box's top edge, right-aligned, so a long title never hides it.
        let clock = match timer {
            Some(t) if t.running && t.left < 0 => format!(" ⏱ {} over ", clock(t.left)),
            Some(t) if t.running => format!(" ⏱ {} left ", clock(t.left)),
            Some(t) => format!(" timer paused, {} left ", clock(t.left)),
            None => String::new(),
        };
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(&title, width),
                Style::default().add_modifier(Modifier::BOLD),
            ))
            .block(Block::bordered().title_top(Line::raw(clock).right_aligned())),
            head,
        );
        let inner = usize::from(body.width.saturating_sub(2));
        let mut text: Vec<Line> = Vec::new();
        match &view.rows {
            _ if view.summary.is_some() => {
                let lines = view.summary.as_deref().unwrap_or_default();
                // The selection is the first line shown: ↑/↓ scroll the summary.
                let height = usize::from(body.height.saturating_sub(2));
                let top = self.selected.min(lines.len().saturating_sub(height));
                self.selected = top;
                text.extend(
                    lines
                        .iter()
                        .skip(top)
                        .take(height)
                        .map(|l| Line::raw(fit(&one_line(l), inner))),
                );
            }
            Some(rows) if !rows.is_empty() => {
                let columns = (inner / 2).max(30);
                let text_width = inner.saturating_sub(columns + 2);
                let others_width = columns.saturating_sub(14);
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
                let height = usize::from(body.height.saturating_sub(3));
                let top = self.selected.saturating_sub(height.saturating_sub(1));
                for (i, row) in rows.iter().enumerate().skip(top).take(height) {
                    let own = row
                        .own
                        .map_or("–".to_string(), |r| format!("{r} {}", r.label()));
                    let line = format!(
                        "{} {}  {:<14}{}",
                        if i == self.selected { "›" } else { " " },
                        crate::text::pad(&fit(&one_line(&row.text), text_width), text_width),
                        own,
                        others_fit(&row.others, others_width)
                    );
                    let style = if i == self.selected {
                        Style::default().add_modifier(Modifier::REVERSED)
                    } else {
                        Style::default()
                    };
                    text.push(Line::styled(fit(&line, inner), style));
                }
            }
            Some(_) if view.items => text.push(Line::raw(fit(
                &format!(
                    "No items on this step yet: {} adds one.",
                    keymap::key_for(Context::Workshop, Action::Add)
                ),
                inner,
            ))),
            Some(_) => text.push(Line::raw("No items on this step yet.")),
            None => {
                text.push(Line::raw(fit(
                    &format!(
                        "The facilitator is on {}. Rating opens on the rated steps.",
                        view.step.title()
                    ),
                    inner,
                )));
            }
        }
        frame.render_widget(Paragraph::new(text).block(Block::bordered()), body);
        let keys = format!(
            "({} adds it, {} drops it)",
            keymap::key_for(Context::Form, Action::Submit),
            keymap::key_for(Context::Form, Action::Cancel)
        );
        let message = match (&self.typing, &self.message, note) {
            (Some((Typing::Note, line)), _, _) => format!("Note: {line}▏ {keys}"),
            (Some((Typing::Item, line)), _, _) => format!("New item: {line}▏ {keys}"),
            (None, Some(message), _) => message.clone(),
            (None, None, Some(note)) => format!("Note: {note}"),
            (None, None, None) if view.locked => "The facilitator has locked the ratings.".into(),
            (None, None, None) => {
                "Others' ratings stay hidden until the facilitator reveals.".into()
            }
        };
        // The end of what is being typed stays in sight.
        let message = if self.typing.is_some() && crate::text::width(&message) > width {
            let skip = message.chars().count().saturating_sub(width);
            format!("…{}", message.chars().skip(skip + 1).collect::<String>())
        } else {
            fit(&message, width)
        };
        frame.render_widget(Paragraph::new(message), status);
        let hints = self.hints();
        frame.render_widget(Paragraph::new(fit(&hints, width)), foot);
        if self.help {
            let popup = centered(area, 64, 10);
            frame.render_widget(Clear, popup);
            let lines: Vec<Line> = [
                "You rate the items of the facilitator's step.".to_string(),
                "Your own rating shows as a number; others' show as".to_string(),
                "\"rated\" until the facilitator reveals them.".to_string(),
                hints,
                "Any key closes this.".to_string(),
            ]
            .into_iter()
            .map(Line::raw)
            .collect();
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(ratatui::widgets::Wrap { trim: true })
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
