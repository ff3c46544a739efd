//! Which keys do something here and now: the keymap context of the screen and the footer hints
//! filtered to the actions that would act.

use super::*;

impl Workshop {
    /// The keymap context of what is on screen.
    pub fn context(&self) -> Context {
        if self.form.is_some() {
            Context::Form
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
        match action {
            // In the room's view everyone rates at their own screen, and the session stays.
            Action::Rate(_) | Action::SwitchTurn | Action::Back if self.room => false,
            Action::Rate(_) => editable && rated && rows > 0,
            Action::SwitchTurn => {
                editable && rated && !self.alone && self.session.turns().len() > 1
            }
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

    /// The footer hints on a screen of `width` × `height`.
    pub fn hints_at(&self, width: u16, height: u16) -> Vec<Hint> {
        let all_shown = dashboard::shows_all(width, height);
        let mut hints = self.hints();
        hints.retain(|h| !(all_shown && h.binding.action == Some(Action::NextPage)));
        hints
    }

    /// The footer hints for what is on screen, whatever its size.
    pub fn hints(&self) -> Vec<Hint> {
        match &self.form {
            Some(open) => keymap::hints_where(Context::Form, |b| open.form.uses(&b.keys[0])),
            None => {
                keymap::hints_where(self.context(), |b| b.action.is_some_and(|a| self.offers(a)))
            }
        }
    }
}
