//! Which keys do something here and now: the keymap context of the screen and the footer hints
//! filtered to the actions that would act.

use super::*;

impl Workshop {
    /// The keymap context of what is on screen.
    pub fn context(&self) -> Context {
        if self.form.is_some() {
            Context::Form
        } else if self.agenda.is_some() {
            Context::Agenda
        } else if self.step == Step::Summary {
            Context::Summary
        } else {
            Context::Workshop
        }
    }

    /// Whether `action` does something here and now (the footer hints only those).
    pub fn offers(&self, action: Action) -> bool {
        let editable = self.read_only.is_none();
        let rated = self.step.dimension().is_some();
        let rows = self.rows();
        if let Some(agenda) = &self.agenda {
            return match action {
                Action::Add | Action::Edit | Action::ToggleTimer => editable && !agenda.finished(),
                Action::NextStep => !agenda.finished(),
                Action::PrevStep => agenda.at > 0,
                Action::Undo => editable && self.history.can_undo(),
                Action::Redo => editable && self.history.can_redo(),
                _ => true,
            };
        }
        match action {
            _ if self.seat.is_some() => self
                .seat
                .as_ref()
                .is_some_and(|s| s.offers(action, rated, rows)),
            _ if self.alone && self.alone_refuses(action).is_some() => false,
            // In the room's view everyone rates at their own screen, and the session stays.
            Action::Rate(_) | Action::SwitchTurn | Action::Back if self.room => false,
            Action::Rate(_) => editable && rated && rows > 0,
            Action::SwitchTurn => editable && rated && !self.alone && self.turns().len() > 1,
            Action::Add => editable,
            Action::Edit => {
                editable && (rows > 0 || matches!(self.step, Step::Setup | Step::Summary))
            }
            Action::Delete => {
                editable
                    && rows > 0
                    && self.step != Step::Summary
                    && !(self.step == Step::Setup && self.selection() < SETUP_DETAIL_ROWS)
            }
            Action::Undo => editable && self.history.can_undo(),
            Action::Redo => editable && self.history.can_redo(),
            Action::Jump => !self.summary.discuss_items.is_empty(),
            Action::Agenda => !self.alone && !self.room_view(),
            Action::BackToSummary => self.return_to.is_some() && self.step != Step::Summary,
            Action::CycleStatus => editable && self.step == Step::Agreements && rows > 0,
            Action::KeepConflictValue | Action::TakeOtherConflictValue => {
                editable && self.step == Step::Setup && !self.session.conflicts.is_empty()
            }
            Action::ToggleBlind => {
                editable && self.session.mode == Mode::Workshop && !self.room_view()
            }
            Action::Reveal => editable && (rated || self.step == Step::Summary),
            _ => true,
        }
    }

    /// Rating alone, what `action` would change that is not this person's to change (so it is
    /// neither offered nor carried out); `None` when it is theirs, or changes nothing.
    pub fn alone_refuses(&self, action: Action) -> Option<&'static str> {
        if !self.alone {
            return None;
        }
        let rated = self.step.dimension().is_some();
        match action {
            Action::Delete => Some("deleting an item"),
            Action::CycleStatus => Some("an agreement's status"),
            // These say so themselves when pressed.
            Action::ToggleBlind | Action::Reveal | Action::SwitchTurn => Some("the room's turn"),
            Action::Add | Action::Edit if self.step == Step::Setup => {
                Some("the session's details and participants")
            }
            Action::Add | Action::Edit if self.step == Step::Summary => Some("the closing answers"),
            // A rated item's note is theirs; what an item says is the room's.
            Action::Edit if !rated => Some("what an item says"),
            _ => None,
        }
    }

    /// Whether `action` can do anything at all on this step of this session (the help lists
    /// only those): not another step's own keys (an agreement's status on Risks); rating
    /// alone, not what belongs to the room, nor the way to the session list (Esc saves and
    /// quits instead, and the help says so).
    pub fn ever_offers(&self, action: Action) -> bool {
        if let Some(seat) = &self.seat {
            // On a participant's Summary, `e` and `a` would write the closing answers, which
            // are the room's: they add notes and items on the rated steps only.
            let closing =
                self.step == Step::Summary && matches!(action, Action::Edit | Action::Add);
            return seat.lists(action) && !closing;
        }
        // The gaps agenda walks every step, so its keys are never another step's.
        let on_this_step = self.agenda.is_some()
            || match action {
                Action::Rate(_) => self.step.dimension().is_some(),
                Action::Reveal => self.step.reveal_scope().is_some(),
                Action::CycleStatus => self.step == Step::Agreements,
                Action::KeepConflictValue | Action::TakeOtherConflictValue => {
                    self.step == Step::Setup
                }
                _ => true,
            };
        // A review changes nothing, so its help lists no key that would.
        let changes = matches!(
            action,
            Action::Add
                | Action::Edit
                | Action::Delete
                | Action::Rate(_)
                | Action::SwitchTurn
                | Action::ToggleBlind
                | Action::Reveal
                | Action::ToggleTimer
                | Action::Undo
                | Action::Redo
                | Action::CycleStatus
                | Action::KeepConflictValue
                | Action::TakeOtherConflictValue
                | Action::Save
        );
        on_this_step
            && !(self.read_only.is_some() && changes)
            && !(self.alone
                && matches!(
                    action,
                    Action::Delete
                        | Action::CycleStatus
                        | Action::ToggleBlind
                        | Action::Reveal
                        | Action::SwitchTurn
                        | Action::Back
                ))
    }

    /// The footer hints on a screen of `width` × `height`.
    pub fn hints_at(&self, width: u16, height: u16) -> Vec<Hint> {
        let all_shown = dashboard::shows_all(width, height);
        let mut hints = self.hints();
        hints.retain(|h| !(all_shown && h.binding.action == Some(Action::NextPage)));
        crate::tui::widgets::footer::fitting(hints, width)
    }

    /// The footer hints for what is on screen, whatever its size.
    pub fn hints(&self) -> Vec<Hint> {
        match &self.form {
            Some(open) => keymap::hints_where(Context::Form, |b| open.form.uses(&b.keys[0])),
            None => {
                let mut hints = keymap::hints_where(self.context(), |b| {
                    b.action.is_some_and(|a| self.offers(a))
                });
                // A seated participant's Enter adds a line to the item's note; it edits nothing.
                if self.seat.is_some() {
                    for hint in &mut hints {
                        if hint.binding.action == Some(Action::Edit) {
                            hint.word = "note";
                        }
                    }
                }
                hints
            }
        }
    }
}
