//! A participant's screen: the facilitator's step, its items, their own ratings.

use super::rows::{others_fit, step_list, summary_lines};
use super::*;
use crate::tui::workshop::clock;

mod draw;
mod view;

use view::{PREWORK_STEPS, View};

/// The longest note line or item a participant may type.
pub(super) const TYPED_MAX: usize = 300;

/// What a participant is typing, and where it goes: fixed when they start, so a step the
/// facilitator moves to meanwhile never receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Typing {
    /// A line for an item's discussion note.
    Note {
        dimension: Dimension,
        index: usize,
        text: String,
    },
    /// A new item for a rated step.
    Item { dimension: Dimension },
}

/// What a participant asks to add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Adding {
    Note,
    Item,
}

/// A participant's screen: the facilitator's step, its items, their own ratings.
pub struct Seat {
    person: Person,
    master: Master,
    selected: usize,
    /// The step the selection belongs to; a new step starts at its first item.
    step: Step,
    /// In a pre-work window, the step this person is on (they move at their own pace).
    own: Step,
    message: Option<String>,
    help: bool,
    places: Places,
    /// What is being typed, and the text so far.
    typing: Option<(Typing, String)>,
    /// The last paste into the line was cut to `TYPED_MAX`; said until the next key.
    cut: bool,
    view: View,
}

impl Seat {
    /// A participant's seat, at the place they had on the facilitator's step if they were
    /// here before (a reconnect).
    pub fn new(person: Person, master: Master, places: Places) -> Seat {
        let place = places
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&person.name.to_lowercase())
            .copied();
        // In a pre-work window a reconnect finds the step they were on; else the first.
        let own = place
            .map(|(step, _)| step)
            .filter(|step| PREWORK_STEPS.contains(step))
            .unwrap_or(PREWORK_STEPS[0]);
        let view = master.read(|state| View::of(state, &person.name, shown_step(state, own)));
        let step = view.step;
        let selected = place
            .filter(|(at, _)| *at == step)
            .map_or(0, |(_, row)| row);
        Seat {
            person,
            master,
            selected,
            step,
            own,
            message: None,
            help: false,
            cut: false,
            places,
            typing: None,
            view,
        }
    }

    /// Brings the view up to the master's last change; a new step starts at its first item.
    fn refresh(&mut self) {
        let (version, built_for) = (self.view.version, self.view.step);
        let name = &self.person.name;
        let own = self.own;
        if let Some(view) = self.master.read(|state| {
            let step = shown_step(state, own);
            (state.version != version || step != built_for).then(|| View::of(state, name, step))
        }) {
            // A message about what the facilitator allowed is stale once that changes.
            let settings = |v: &View| (v.locked, v.notes, v.items);
            if settings(&view) != settings(&self.view) && self.typing.is_none() {
                self.message = None;
            }
            self.view = view;
        }
        if self.view.step != self.step {
            self.step = self.view.step;
            self.selected = 0;
            // What was said about the last step ("you have rated every item of…") is stale.
            if self.typing.is_none() {
                self.message = None;
            }
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
        self.cut = false;
        let Some((typing, line)) = self.typing.as_mut() else {
            return After::Draw;
        };
        match keymap::action_for(Context::Form, key) {
            Some(Action::Submit) => return self.send_typed(),
            Some(Action::Cancel) => {
                self.message = Some(match typing {
                    Typing::Note { .. } => "Note dropped.".into(),
                    Typing::Item { .. } => "Item dropped.".into(),
                });
                self.typing = None;
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
        if line.trim().is_empty() {
            self.message = Some(match typing {
                Typing::Note { .. } => "An empty note adds nothing.".into(),
                Typing::Item { .. } => "An item needs some words.".into(),
            });
            return After::Draw;
        }
        let adding = matches!(typing, Typing::Item { .. });
        // Kept for the message if the change is refused, so nobody's words vanish.
        let words = one_line(&line);
        let (Typing::Note { dimension, .. } | Typing::Item { dimension }) = typing;
        let change = match typing {
            Typing::Note {
                dimension,
                index,
                text,
            } => Change::Note {
                name: self.person.name.clone(),
                dimension,
                index,
                text,
                line,
            },
            Typing::Item { dimension } => Change::Add {
                name: self.person.name.clone(),
                dimension,
                text: line,
            },
        };
        match self.master.submit(change) {
            Ok(()) => {
                self.refresh();
                self.message = Some(if !adding {
                    "Note added.".into()
                } else if self.view.step.dimension() == Some(dimension) {
                    // The new item is the last of the step: select it.
                    self.selected = usize::MAX;
                    self.refresh();
                    "Item added; rate it when you are ready.".into()
                } else {
                    format!("Item added to {}.", dimension.step().title())
                });
                After::DrawAll
            }
            Err(why) => {
                self.message = Some(format!("{why} Your words: {words}"));
                After::Draw
            }
        }
    }

    /// Starts typing a note on the selected item or a new item for this step, if the
    /// facilitator allows it here.
    fn start_typing(&mut self, typing: Adding) -> After {
        self.refresh();
        let dimension = self.view.step.dimension();
        let target = match (typing, dimension) {
            (_, None) => Err("Notes and items are added on the rated steps."),
            _ if self.view.locked => Err("The facilitator has locked this step."),
            (Adding::Note, _) if !self.view.notes => {
                Err("The facilitator has not opened the notes to participants.")
            }
            (Adding::Item, _) if !self.view.items => {
                Err("The facilitator has not opened adding items to participants.")
            }
            (Adding::Note, Some(dimension)) => match self.view.rows().get(self.selected) {
                Some(row) => Ok(Typing::Note {
                    dimension,
                    index: row.index,
                    text: row.text.clone(),
                }),
                None => Err("No item to write a note on."),
            },
            (Adding::Item, Some(dimension)) => Ok(Typing::Item { dimension }),
        };
        match target {
            Err(why) => self.message = Some(why.into()),
            Ok(target) => {
                self.typing = Some((target, String::new()));
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
                self.message = Some(self.refused(why));
                After::Draw
            }
        }
    }

    /// Why a change was refused, in words; after a pre-work window's close, with when it
    /// closed.
    fn refused(&self, why: &str) -> String {
        match self.master.window() {
            Some(window) if why == super::WINDOW_CLOSED => format!(
                "The pre-work window closed at {}; no more ratings are taken.",
                shown(window.until)
            ),
            _ => why.to_string(),
        }
    }

    /// In a pre-work window, moves this person to the next or previous of their steps.
    fn move_own(&mut self, forward: bool) -> After {
        let at = PREWORK_STEPS
            .iter()
            .position(|s| *s == self.own)
            .unwrap_or(0);
        let to = if forward {
            (at + 1).min(PREWORK_STEPS.len() - 1)
        } else {
            at.saturating_sub(1)
        };
        self.own = PREWORK_STEPS[to];
        self.refresh();
        After::Draw
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
                let next = PREWORK_STEPS
                    .iter()
                    .skip_while(|s| **s != self.view.step)
                    .nth(1)
                    .filter(|_| self.view.window.is_some());
                self.message = Some(match next {
                    Some(next) => format!(
                        "You have rated every item of {}; {} goes on to {}.",
                        self.view.step.title(),
                        keymap::key_for(Context::Workshop, Action::NextStep),
                        next.title()
                    ),
                    None => format!(
                        "You have rated every item of {}; 1–5 changes the selected one.",
                        self.view.step.title()
                    ),
                });
            }
        }
    }

    /// The footer: only keys that do something for this person now.
    fn hints(&self) -> String {
        let key = |action| keymap::key_for(Context::Workshop, action);
        let mut hints = vec![format!("{}/{} move", key(Action::Up), key(Action::Down))];
        if self.view.window.is_some() {
            hints.push(format!(
                "{}/{} step",
                key(Action::NextStep),
                key(Action::PrevStep)
            ));
        }
        let closed = self.view.window.is_some_and(|(_, closed)| closed);
        let open = !self.view.locked && !closed;
        if open && self.view.who.is_some() && !self.view.rows().is_empty() {
            hints.push(format!("1–5 rate · {} clear", key(Action::Rate(None))));
        }
        if open && self.view.notes && !self.view.rows().is_empty() {
            hints.push(format!("{} note", key(Action::Edit)));
        }
        if open && self.view.items && self.view.step.dimension().is_some() {
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
            // A pasted line break becomes a space: a note line and an item are one line.
            let text: String = text
                .replace("\r\n", "\n")
                .chars()
                .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
                .collect();
            let room_left = TYPED_MAX.saturating_sub(line.chars().count());
            let pasted = one_line(&text);
            line.extend(pasted.chars().take(room_left));
            self.cut = pasted.chars().count() > room_left;
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
            Some(Action::NextStep) if self.view.window.is_some() => self.move_own(true),
            Some(Action::PrevStep) if self.view.window.is_some() => self.move_own(false),
            Some(Action::Edit) => self.start_typing(Adding::Note),
            Some(Action::Add) => self.start_typing(Adding::Item),
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
        self.draw_screen(frame, room);
    }
}

/// The step a participant sees: their own in a pre-work window, else the facilitator's.
fn shown_step(state: &State, own: Step) -> Step {
    if state.window.is_some() {
        own
    } else {
        state.step
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
