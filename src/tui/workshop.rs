//! The open session and the view state around it: which step, which row, whose turn, an open
//! form, the undo history. `update` turns an action into changes and effects; nothing here
//! touches a file or the terminal.

use super::action::{Action, Effect, side_label};
use super::form::{Form, FormOutcome};
use super::history::{History, Part};
use super::steps::{self, SETUP_DETAIL_ROWS};
use crate::domain::value::Summary;
use crate::domain::*;
use crate::report::clean::fit;
use crossterm::event::KeyEvent;

/// What an open form edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormTarget {
    /// An item of a step's list; `None` adds a new one.
    Item { step: Step, index: Option<usize> },
    /// The session's details and timeboxes (Setup).
    Details,
    /// A participant (Setup); `None` adds one.
    Participant(Option<usize>),
    /// The four closing answers (Summary).
    Closing,
}

#[derive(Clone, Debug)]
pub struct OpenForm {
    pub form: Form,
    pub target: FormTarget,
}

/// What happened to a key given to an open form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKey {
    Handled,
    /// Esc after a change: ask before discarding.
    AskDiscard,
}

#[derive(Clone, Debug)]
pub struct Workshop {
    pub session: Session,
    /// The value summary, recomputed after every change (never while drawing).
    pub summary: Summary,
    /// The file name, for the header.
    pub file_label: String,
    /// Why the session cannot be edited, when it cannot.
    pub read_only: Option<String>,
    pub step: Step,
    /// The selected row of each step.
    pub selected: [usize; 10],
    pub turn: Side,
    pub show_summary: bool,
    pub form: Option<OpenForm>,
    pub history: History,
    /// Counts changes to the session; the app loop saves when it moves past the saved one.
    pub revision: u64,
    /// The revision last written to disk.
    pub saved_revision: u64,
    /// Why the last save failed, until one succeeds.
    pub save_error: Option<String>,
    /// A message for the status line.
    pub message: Option<String>,
}

impl Workshop {
    pub fn new(
        session: Session,
        file_label: impl Into<String>,
        read_only: Option<String>,
    ) -> Workshop {
        let summary = summarize(&session);
        let turn = session
            .mode
            .sides()
            .first()
            .copied()
            .unwrap_or(Side::Provider);
        Workshop {
            session,
            summary,
            file_label: file_label.into(),
            read_only,
            step: Step::Setup,
            selected: [0; 10],
            turn,
            show_summary: true,
            form: None,
            history: History::default(),
            revision: 0,
            saved_revision: 0,
            save_error: None,
            message: None,
        }
    }

    /// How many rows the current step's list has.
    pub fn rows(&self) -> usize {
        match self.step {
            Step::Setup => SETUP_DETAIL_ROWS + self.session.participants.len(),
            Step::Summary => self.summary.discuss.len(),
            step => self.session.item_count(step),
        }
    }

    pub fn selection(&self) -> usize {
        self.selected[self.step.index()]
    }

    fn select(&mut self, row: usize) {
        let last = self.rows().saturating_sub(1);
        self.selected[self.step.index()] = row.min(last);
    }

    fn changed(&mut self) {
        self.revision += 1;
        self.summary = summarize(&self.session);
        // Setup and Summary rows depend on the session; keep every selection in range.
        for step in Step::ALL {
            let rows = match step {
                Step::Setup => SETUP_DETAIL_ROWS + self.session.participants.len(),
                Step::Summary => self.summary.discuss.len(),
                s => self.session.item_count(s),
            };
            let i = step.index();
            self.selected[i] = self.selected[i].min(rows.saturating_sub(1));
        }
        if !self.session.mode.sides().contains(&self.turn) {
            self.turn = self.session.mode.sides()[0];
        }
    }

    fn say(&mut self, message: impl Into<String>) {
        self.message = Some(message.into());
    }

    /// Refuses an edit of a read-only session, saying why.
    fn editable(&mut self) -> bool {
        match &self.read_only {
            Some(reason) => {
                self.message = Some(format!("read-only: {reason}"));
                false
            }
            None => true,
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.message = None;
        match action {
            Action::NextStep => match self.step.next() {
                Some(step) => self.step = step,
                None => self.say("Summary is the last step."),
            },
            Action::PrevStep => match self.step.prev() {
                Some(step) => self.step = step,
                None => self.say("Setup is the first step."),
            },
            Action::Up => self.select(self.selection().saturating_sub(1)),
            Action::Down => self.select(self.selection() + 1),
            Action::Top => self.select(0),
            Action::Bottom => self.select(usize::MAX),
            Action::Add => self.open_add(),
            Action::Edit => self.open_edit(),
            Action::Delete => self.delete(),
            Action::Undo | Action::Redo => {
                if self.editable() {
                    let step = if action == Action::Undo {
                        self.history.undo(&mut self.session)
                    } else {
                        self.history.redo(&mut self.session)
                    };
                    match step {
                        Some(step) => {
                            self.step = step;
                            self.changed();
                            let done = if action == Action::Undo {
                                "Undone"
                            } else {
                                "Redone"
                            };
                            self.say(format!("{done} (on {}).", step.title()));
                        }
                        None => self.say(if action == Action::Undo {
                            "Nothing to undo."
                        } else {
                            "Nothing to redo."
                        }),
                    }
                }
            }
            Action::Rate(value) => self.rate(value.and_then(Rating::new)),
            Action::SwitchTurn => {
                if self.session.mode == Mode::Workshop {
                    self.turn = self.turn.other();
                    self.say(format!("The {}'s turn to rate.", self.turn.name()));
                } else {
                    self.say(format!(
                        "Only the {} rates in a self-assessment.",
                        self.turn.name()
                    ));
                }
            }
            Action::ToggleSummary => self.show_summary = !self.show_summary,
            Action::Save => return vec![Effect::Save],
            Action::Back => return vec![Effect::Close],
            Action::Quit => return vec![Effect::Quit],
            Action::Jump => self.jump(),
            Action::ToggleBlind | Action::Reveal | Action::ToggleTimer => {
                self.say("Blind rating and step timers are not built yet.");
            }
            Action::Help | Action::NewSession | Action::Open | Action::Review | Action::Filter => {}
        }
        Vec::new()
    }

    fn rated_step(&self) -> Option<Dimension> {
        self.step.dimension()
    }

    fn rate(&mut self, rating: Option<Rating>) {
        let Some(dimension) = self.rated_step() else {
            self.say(format!("Nothing to rate on {}.", self.step.title()));
            return;
        };
        if self.rows() == 0 {
            self.say("Add an item first (a).");
            return;
        }
        if !self.editable() {
            return;
        }
        let side = self.turn;
        let index = self.selection();
        self.history
            .push(Part::rating(&self.session, dimension, index));
        if let Some(ratings) = self.session.ratings_mut(dimension, index) {
            ratings.set(side, rating);
        }
        self.changed();
        self.say(match rating {
            Some(r) => format!("{} rated {} ({}).", side_label(side), r, r.label()),
            None => format!("{} rating cleared.", side_label(side)),
        });
    }

    fn open_add(&mut self) {
        if !self.editable() {
            return;
        }
        self.form = Some(match self.step {
            Step::Setup => OpenForm {
                form: steps::participant_form(&self.session, None),
                target: FormTarget::Participant(None),
            },
            Step::Summary => OpenForm {
                form: steps::closing_form(&self.session),
                target: FormTarget::Closing,
            },
            step => OpenForm {
                form: steps::item_form(&self.session, step, None),
                target: FormTarget::Item { step, index: None },
            },
        });
    }

    fn open_edit(&mut self) {
        if !self.editable() {
            return;
        }
        let row = self.selection();
        self.form = match self.step {
            Step::Setup if row < SETUP_DETAIL_ROWS => Some(OpenForm {
                form: steps::details_form(&self.session),
                target: FormTarget::Details,
            }),
            Step::Setup => {
                let index = Some(row - SETUP_DETAIL_ROWS);
                Some(OpenForm {
                    form: steps::participant_form(&self.session, index),
                    target: FormTarget::Participant(index),
                })
            }
            Step::Summary => Some(OpenForm {
                form: steps::closing_form(&self.session),
                target: FormTarget::Closing,
            }),
            step if self.rows() == 0 => {
                self.say(format!(
                    "No {} yet: press a to add one.",
                    steps::singular(step)
                ));
                None
            }
            step => Some(OpenForm {
                form: steps::item_form(&self.session, step, Some(row)),
                target: FormTarget::Item {
                    step,
                    index: Some(row),
                },
            }),
        };
    }

    fn delete(&mut self) {
        let row = self.selection();
        match self.step {
            Step::Summary => {
                return self.say("Nothing to delete here; e edits the closing answers.");
            }
            Step::Setup if row < SETUP_DETAIL_ROWS => {
                return self.say("Session details cannot be deleted; Enter edits them.");
            }
            _ if self.rows() == 0 => return self.say("Nothing to delete."),
            _ => {}
        }
        if !self.editable() {
            return;
        }
        let text = match self.step {
            Step::Setup => self.session.participants[row - SETUP_DETAIL_ROWS]
                .name
                .clone(),
            step => steps::cells(&self.session, step, row).0.to_string(),
        };
        self.history.record(&self.session, self.step);
        steps::remove_item(&mut self.session, self.step, row);
        self.changed();
        self.say(format!("Deleted “{}”. u undoes.", fit(&text, 40)));
    }

    fn jump(&mut self) {
        let Some(item) = self.summary.discuss.get(self.selection()) else {
            return self.say("Nothing to jump to: no item has a gap of 2 or more.");
        };
        let (step, index) = (item.step, item.index);
        self.step = step;
        self.select(index);
    }

    /// Whether there are changes not yet on disk.
    pub fn dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Gives a key to the open form; applies it when submitted.
    pub fn form_key(&mut self, key: KeyEvent) -> FormKey {
        let Some(open) = self.form.as_mut() else {
            return FormKey::Handled;
        };
        match open.form.handle_key(key) {
            FormOutcome::Editing => {}
            FormOutcome::Cancelled => self.form = None,
            FormOutcome::DiscardRequested => return FormKey::AskDiscard,
            FormOutcome::Submitted => self.submit(),
        }
        FormKey::Handled
    }

    fn submit(&mut self) {
        let Some(open) = self.form.take() else { return };
        let step = match open.target {
            FormTarget::Item { step, .. } => step,
            FormTarget::Details | FormTarget::Participant(_) => Step::Setup,
            FormTarget::Closing => Step::Summary,
        };
        let before = Part::of(&self.session, step);
        let result = match open.target {
            FormTarget::Item { step, index } => {
                steps::apply_item(&open.form, &mut self.session, step, index).map(Some)
            }
            FormTarget::Details => {
                steps::apply_details(&open.form, &mut self.session).map(|_| None)
            }
            FormTarget::Participant(index) => {
                steps::apply_participant(&open.form, &mut self.session, index)
                    .map(|i| Some(i + SETUP_DETAIL_ROWS))
            }
            FormTarget::Closing => {
                steps::apply_closing(&open.form, &mut self.session);
                Ok(None)
            }
        };
        match result {
            Ok(row) => {
                if Part::of(&self.session, step) != before {
                    self.history.push(before);
                    self.changed();
                }
                if let Some(row) = row {
                    self.step = step;
                    self.select(row);
                }
            }
            Err(message) => {
                let mut form = open.form;
                form.error = Some(message);
                self.form = Some(OpenForm {
                    form,
                    target: open.target,
                });
            }
        }
    }

    /// Pasted text: into the open form, or a hint.
    pub fn paste(&mut self, text: &str) {
        match self.form.as_mut() {
            Some(open) => open.form.paste(text),
            None => self.say("Paste goes into a text field: press a or e first."),
        }
    }
}
