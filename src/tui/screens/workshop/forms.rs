//! Forms over the session: opening one to add or edit, giving it keys, and applying it (with
//! what undo needs to take it back).

use super::*;

/// What an open form edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormTarget {
    /// An item of a step's list; `None` adds a new one.
    Item { step: Step, index: Option<usize> },
    /// The session's details and timeboxes (Setup).
    Details,
    /// The value index's agreed weights (Setup).
    Weights,
    /// A participant (Setup); `None` adds one.
    Participant(Option<usize>),
    /// The four closing answers (Summary).
    Closing,
    /// Only the note of a rated item: all that a person rating alone may edit of it.
    Note { step: Step, index: usize },
}

impl FormTarget {
    /// The step whose part a form on this target edits.
    fn step(self) -> Step {
        match self {
            FormTarget::Note { step, .. } | FormTarget::Item { step, .. } => step,
            FormTarget::Details | FormTarget::Weights | FormTarget::Participant(_) => Step::Setup,
            FormTarget::Closing => Step::Summary,
        }
    }
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

impl Workshop {
    pub(super) fn open_add(&mut self) {
        if !self.editable() {
            return;
        }
        self.form = Some(match self.step {
            Step::Setup => OpenForm {
                form: fields::participant_form(&self.session, None),
                target: FormTarget::Participant(None),
            },
            Step::Summary => OpenForm {
                form: fields::closing_form(&self.session),
                target: FormTarget::Closing,
            },
            step => {
                let mut form = fields::item_form(&self.session, step, None);
                if self.alone {
                    // Which item an agreement resolves is the session's, not the new item's.
                    form = fields::without(form, fields::FieldId::Resolves);
                }
                OpenForm {
                    form,
                    target: FormTarget::Item { step, index: None },
                }
            }
        });
    }

    pub(super) fn open_edit(&mut self) {
        if !self.editable() {
            return;
        }
        let row = self.selection();
        self.form = match self.step {
            Step::Setup if row == steps::WEIGHTS_ROW => Some(OpenForm {
                form: fields::weights_form(&self.session),
                target: FormTarget::Weights,
            }),
            Step::Setup if row < SETUP_DETAIL_ROWS => Some(OpenForm {
                form: fields::details_form(&self.session),
                target: FormTarget::Details,
            }),
            Step::Setup if let Some(rater) = self.stray_at(row) => {
                self.explain_stray(&rater);
                None
            }
            Step::Setup => {
                let index = Some(row - SETUP_DETAIL_ROWS);
                Some(OpenForm {
                    form: fields::participant_form(&self.session, index),
                    target: FormTarget::Participant(index),
                })
            }
            Step::Summary => Some(OpenForm {
                form: fields::closing_form(&self.session),
                target: FormTarget::Closing,
            }),
            step if self.rows() == 0 => {
                self.say(format!(
                    "No {} yet: press {} to add one.",
                    steps::singular(step),
                    keymap::key_for(Context::Workshop, Action::Add)
                ));
                None
            }
            step if self.alone => Some(OpenForm {
                form: fields::note_form(&self.session, step, row),
                target: FormTarget::Note { step, index: row },
            }),
            step => Some(OpenForm {
                form: fields::item_form(&self.session, step, Some(row)),
                target: FormTarget::Item {
                    step,
                    index: Some(row),
                },
            }),
        };
    }

    /// Gives a key to the open form; applies it when submitted.
    pub fn form_key(&mut self, key: KeyEvent) -> FormKey {
        let Some(open) = self.form.as_mut() else {
            return FormKey::Handled;
        };
        match open.form.handle_key(key) {
            FormOutcome::Editing if matches!(open.target, FormTarget::Weights) => {
                open.form.title = fields::weights_title(&open.form);
            }
            FormOutcome::Editing => {}
            FormOutcome::Cancelled => self.form = None,
            FormOutcome::DiscardRequested => return FormKey::AskDiscard,
            FormOutcome::Submitted => self.alone_rules(Self::submit),
        }
        FormKey::Handled
    }

    /// A past due date is taken (an action can be recorded late) but never silently.
    fn warn_if_past_due(&mut self, step: Step, row: usize) {
        let (Step::Agreements, Some(today)) = (step, self.today) else {
            return;
        };
        if let Some(a) = self.session.agreements.get(row)
            && a.is_overdue(today)
            && let Some(due) = a.due
        {
            self.say(format!(
                "Saved with a due date in the past ({due}): it shows as overdue until it is done."
            ));
        }
    }

    /// Says so when a cost's amount holds a number but is kept as words (`12 EUR/month
    /// extra`), so it is in no total: a person who meant a figure learns it here, not from a
    /// total that leaves it out.
    fn warn_if_amount_is_words(&mut self, step: Step, row: usize) {
        let Some(cost) = self.session.item(step, row).map(|i| &i.part) else {
            return;
        };
        if let crate::domain::Part::Cost(cost) = cost
            && cost.figure().is_none()
            && cost.amount().chars().any(|c| c.is_ascii_digit())
        {
            self.say(format!(
                "Saved. The amount “{}” is kept as words and counted in no total; a figure reads like 6000 EUR/month or 40 h/week.",
                crate::text::one_line(cost.amount())
            ));
        }
    }

    pub(super) fn submit(&mut self) {
        let Some(open) = self.form.take() else { return };
        if let FormTarget::Note { step, index } = open.target {
            let before = Part::records(&self.session, step);
            let note = open.form.value(fields::FieldId::Note);
            self.session.set_note_at(step, index, note.trim());
            if before.differs(&self.session, step) {
                self.history.push(before);
                self.changed();
            }
            return;
        }
        let step = open.target.step();
        let before = self.undo_part(open.target, step);
        match self.apply_form(&open) {
            Ok(row) => self.applied(open.target, step, before, row),
            Err(message) => {
                let mut form = open.form;
                form.error = Some(message.to_string());
                self.form = Some(OpenForm {
                    form,
                    target: open.target,
                });
            }
        }
    }

    /// What undo needs of a form's `target` on `step`: the one item edited (or none, for an
    /// item added), or the whole part for the details and the closing answers.
    fn undo_part(&self, target: FormTarget, step: Step) -> Option<Part> {
        let list_index = match target {
            FormTarget::Item { index, .. } | FormTarget::Participant(index) => Some(index),
            FormTarget::Details
            | FormTarget::Weights
            | FormTarget::Closing
            | FormTarget::Note { .. } => None,
        };
        match list_index {
            // An item's form also writes its note (an agreement's, what it resolves).
            Some(Some(i)) => Item::get(&self.session, step, i).map(|item| {
                let item = Part::Item {
                    index: i,
                    item: Box::new(item),
                };
                match target {
                    FormTarget::Item { .. } => {
                        Part::Several(vec![item, Part::records(&self.session, step)])
                    }
                    _ => item,
                }
            }),
            Some(None) => None,
            None => Some(Part::of(&self.session, step)),
        }
    }

    /// Writes the form into the session; returns the row it edited or added, if any.
    fn apply_form(&mut self, open: &OpenForm) -> Result<Option<usize>, fields::FormError> {
        match open.target {
            FormTarget::Item { step, index } => {
                fields::apply_item(&open.form, &mut self.session, step, index).map(Some)
            }
            FormTarget::Details => {
                if self.room_view() && fields::details_mode(&open.form) != self.session.mode {
                    Err(fields::FormError::ModeWhileServing)
                } else {
                    fields::apply_details(&open.form, &mut self.session).map(|_| None)
                }
            }
            FormTarget::Participant(index) => {
                // Someone rating at their own screen is seated under their name and side.
                let seated = index.and_then(|i| {
                    let name = self.seated_participant(i)?;
                    let role = self.session.participants[i].role;
                    let (new_name, new_role) = fields::participant_identity(&open.form);
                    (new_name != name || new_role != role).then_some(name)
                });
                match seated {
                    Some(name) => Err(fields::FormError::Seated(name)),
                    None => fields::apply_participant(&open.form, &mut self.session, index)
                        .map(|i| Some(i + SETUP_DETAIL_ROWS)),
                }
            }
            FormTarget::Closing => {
                fields::apply_closing(&open.form, &mut self.session);
                Ok(None)
            }
            FormTarget::Weights => {
                fields::apply_weights(&open.form, &mut self.session).map(|_| None)
            }
            // Applied by `submit`, before what undo needs of an item.
            FormTarget::Note { .. } => Ok(None),
        }
    }

    /// After a form was applied: records the change for undo (when something changed) and
    /// selects the `row` it edited or added.
    fn applied(
        &mut self,
        target: FormTarget,
        step: Step,
        before: Option<Part>,
        row: Option<usize>,
    ) {
        let change = match before {
            // An item added: undo takes it out again.
            None => row.map(|row| Part::Added {
                step,
                index: if step == Step::Setup {
                    row - SETUP_DETAIL_ROWS
                } else {
                    row
                },
            }),
            Some(part) => part.differs(&self.session, step).then_some(part),
        };
        if let Some(change) = change {
            self.history.push(change);
            // Saving an item's form decides the merge conflicts over its fields.
            if let (FormTarget::Item { step, .. }, Some(row)) = (target, row) {
                let id = self
                    .session
                    .item_id(step, row)
                    .unwrap_or_default()
                    .to_string();
                self.session.resolve_conflicts(&id, "");
            }
            self.changed();
        }
        // The gaps agenda stays on its gap; the new agreement is selected for later.
        if let Some(row) = row.filter(|_| self.agenda.is_some()) {
            self.selected[step.index()] = row;
        } else if let Some(row) = row {
            self.go_to(step);
            self.select(row);
            self.warn_if_past_due(step, row);
            self.warn_if_amount_is_words(step, row);
        }
    }

    /// Pasted text: into the open form, or a hint.
    pub fn paste(&mut self, text: &str) {
        match self.form.as_mut() {
            Some(open) => open.form.paste(text),
            None => self.say(format!(
                "Paste goes into a text field: press {} or {} first.",
                keymap::key_for(Context::Workshop, Action::Add),
                keymap::key_named(Context::Workshop, Action::Edit, 'e')
            )),
        }
    }
}
