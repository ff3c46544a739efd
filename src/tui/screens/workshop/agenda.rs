//! The gaps-only agenda (`covalue open SESSION --agenda gaps`, or a key on the Summary step):
//! walks the discuss-next items one at a time, largest first, showing both sides' and each
//! person's ratings, the item's note, and adding an agreement that resolves it. Items rated
//! alike in pre-work are not walked; the end says how many. Only view state lives here; the
//! changes go through the workshop's own forms, history and saves.

use super::*;

/// One item on the agenda: found again by its id, so edits and reorders never lose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gap {
    pub step: Step,
    pub id: String,
    /// Why it is listed, as the walk began: `gap 3 · consumer split 2`.
    pub why: String,
}

/// The agenda's view state: the gaps in order, where the walk is, and the per-item timer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agenda {
    /// The discuss-next items when the walk began, largest first.
    pub gaps: Vec<Gap>,
    /// The gap shown; `gaps.len()` is the end of the walk.
    pub at: usize,
    /// Items every side rated in pre-work that are not on the list: agreed, not discussed.
    pub agreed: usize,
    /// Gaps a review leaves out because their ratings are not yet revealed (the facilitator's
    /// agenda walks them), so an empty or short walk says why.
    pub hidden: usize,
    /// Seconds counted on each gap, the run in progress not included.
    pub spent: Vec<u64>,
    /// The gap the timer runs on, and since when.
    pub running: Option<(usize, Duration)>,
}

impl Agenda {
    /// The agenda of `session` as `viewer` may see it. The facilitator's counts every rating:
    /// the Summary's own list once everything is revealed, before the reveal the list the
    /// reveal would give (the walk reveals each item as it shows it). A review's is the
    /// room's, so it learns nothing of ratings not yet revealed.
    pub fn of(session: &Session, viewer: Viewer<'_>) -> Agenda {
        let summary = summarize_as(session, viewer);
        let gaps: Vec<Gap> = (0..summary.discuss_items.len())
            .filter_map(|row| {
                let reasons: Vec<&crate::domain::value::Discussion> =
                    summary.reasons(row).collect();
                let first = reasons.first()?;
                let id = session.item_id(first.step, first.index)?;
                let why: Vec<String> = reasons.iter().map(|d| d.why()).collect();
                Some(Gap {
                    step: first.step,
                    id: id.to_string(),
                    why: why.join(" · "),
                })
            })
            .collect();
        let sides = session.mode.sides();
        let listed: std::collections::HashSet<&str> = gaps.iter().map(|g| g.id.as_str()).collect();
        let agreed = session
            .rated_items()
            .filter(|i| {
                let seen = viewer.sees(session, i.rating);
                sides.iter().all(|s| seen.is_rated(*s))
            })
            .filter(|i| !listed.contains(i.id))
            .count();
        Agenda {
            spent: vec![0; gaps.len()],
            gaps,
            at: 0,
            agreed,
            hidden: 0,
            running: None,
        }
    }

    /// Whether the walk is past its last gap.
    pub fn finished(&self) -> bool {
        self.at >= self.gaps.len()
    }

    /// The seconds of the running gap timer, if one runs: what moves on screen by itself.
    pub fn running_seconds(&self, now: Duration) -> Option<u64> {
        self.running
            .map(|(_, since)| now.saturating_sub(since).as_secs())
    }

    /// Seconds counted on gap `i`, a run in progress included.
    pub fn spent_on(&self, i: usize, now: Duration) -> u64 {
        let running = match self.running {
            Some((gap, since)) if gap == i => now.saturating_sub(since).as_secs(),
            _ => 0,
        };
        self.spent.get(i).copied().unwrap_or(0) + running
    }

    /// Stops the timer; returns the seconds it ran.
    fn stop(&mut self, now: Duration) -> u64 {
        let Some((gap, since)) = self.running.take() else {
            return 0;
        };
        let secs = now.saturating_sub(since).as_secs();
        if let Some(spent) = self.spent.get_mut(gap) {
            *spent += secs;
        }
        secs
    }
}

impl Workshop {
    /// The agenda being walked, if any.
    pub fn agenda(&self) -> Option<&Agenda> {
        self.agenda.as_ref()
    }

    /// Starts walking the gaps from the first (the largest), revealing it.
    pub fn open_agenda(&mut self) {
        if self.alone || self.room_view() {
            return self.say("The gaps agenda is the facilitator's: open the session itself.");
        }
        let viewer = if self.read_only.is_some() {
            Viewer::Room
        } else {
            Viewer::Everything
        };
        let mut agenda = Agenda::of(&self.session, viewer);
        if self.read_only.is_some() {
            let listed: std::collections::HashSet<&str> =
                agenda.gaps.iter().map(|g| g.id.as_str()).collect();
            agenda.hidden = Agenda::of(&self.session, Viewer::Everything)
                .gaps
                .iter()
                .filter(|g| !listed.contains(g.id.as_str()))
                .count();
        }
        let (hidden, walked) = (agenda.hidden, agenda.gaps.len());
        self.agenda = Some(agenda);
        // The walk belongs to the Summary step: the stepper says so, and leaving returns there.
        self.go_to(Step::Summary);
        self.show_gap();
        if hidden > 0 && walked > 0 {
            self.say(format!(
                "This review walks {walked} of {} gaps: {hidden} {} ratings not yet revealed.",
                walked + hidden,
                if hidden == 1 { "has" } else { "have" }
            ));
        }
    }

    /// Where gap `i` of the agenda is now: its step and index in that step's list.
    pub fn gap_at(&self, i: usize) -> Option<(Step, usize)> {
        let gap = self.agenda.as_ref()?.gaps.get(i)?;
        let index = self
            .session
            .rated_items()
            .find(|item| item.id == gap.id)?
            .index;
        Some((gap.step, index))
    }

    /// The keys of the agenda. Returns `None` for what the workshop handles as usual.
    pub(super) fn agenda_act(&mut self, action: Action) -> Option<Vec<Effect>> {
        match action {
            Action::NextStep | Action::Down => self.walk(true),
            Action::PrevStep | Action::Up => self.walk(false),
            Action::Add => self.agree_on_gap(),
            Action::Edit => self.note_on_gap(),
            Action::ToggleTimer => self.toggle_gap_timer(),
            Action::LeaveAgenda | Action::Back => self.leave_agenda(),
            Action::Quit => {
                self.stop_gap_timer();
                return None;
            }
            Action::Undo | Action::Redo | Action::Save => {
                let step = self.step;
                let effects = self.act_outside_agenda(action);
                // Undo moves to the step it changed; the walk stays where it is.
                self.step = step;
                return Some(effects);
            }
            _ => return None,
        }
        Some(Vec::new())
    }

    fn act_outside_agenda(&mut self, action: Action) -> Vec<Effect> {
        let agenda = self.agenda.take();
        let effects = self.act(action);
        self.agenda = agenda;
        effects
    }

    /// Moves to the next (`forward`) or previous gap; the timer stops on the gap it timed.
    fn walk(&mut self, forward: bool) {
        let Some(agenda) = self.agenda.as_mut() else {
            return;
        };
        let at = if forward {
            (agenda.at + 1).min(agenda.gaps.len())
        } else {
            agenda.at.saturating_sub(1)
        };
        if at == agenda.at {
            return self.say(if forward {
                "This is the end of the agenda."
            } else {
                "This is the first gap."
            });
        }
        self.stop_gap_timer();
        if let Some(agenda) = self.agenda.as_mut() {
            agenda.at = at;
        }
        self.show_gap();
    }

    /// Shows the current gap: reveals its ratings (undoable; a review reveals nothing, so its
    /// hidden numbers stay `•`), selects it in its step.
    fn show_gap(&mut self) {
        let Some(at) = self.agenda.as_ref().map(|a| a.at) else {
            return;
        };
        let Some((step, index)) = self.gap_at(at) else {
            return;
        };
        self.selected[step.index()] = index;
        let hidden = step
            .dimension()
            .and_then(|d| self.session.ratings_ref(d, index))
            .is_some_and(|r| !r.revealed && self.session.blind);
        if hidden && self.read_only.is_none() {
            if let Some(item) = Item::get(&self.session, step, index) {
                self.history.push(Part::Item {
                    index,
                    item: Box::new(item),
                });
            }
            if let Some(ratings) = step
                .dimension()
                .and_then(|d| self.session.ratings_mut(d, index))
            {
                ratings.revealed = true;
            }
            self.changed();
        }
    }

    /// Opens a new agreement's form that resolves the gap shown: its text, then Enter.
    fn agree_on_gap(&mut self) {
        let Some((step, index)) = self.agenda.as_ref().and_then(|a| self.gap_at(a.at)) else {
            return self.say("The agenda is done: Esc goes back to the Summary.");
        };
        if !self.editable() {
            return;
        }
        let text = steps::cells(&self.session, step, index).0.to_string();
        let id = self.session.item_id(step, index).unwrap_or_default();
        let mut form = fields::item_form(&self.session, Step::Agreements, None);
        // The Resolves choice lists "nothing", then every rated item in step order.
        let chosen = self
            .session
            .rated_items()
            .position(|i| i.id == id)
            .map_or(0, |i| i + 1);
        for field in &mut form.fields {
            if field.id == fields::FieldId::Resolves
                && let crate::tui::widgets::form::Input::Choice { index, .. } = &mut field.input
            {
                *index = chosen;
            }
        }
        // What the form starts with is not a change to ask about on Esc.
        form = crate::tui::widgets::form::Form::new(form.title, form.fields);
        form.title = format!("Agreement on “{}”", crate::text::fit(&text, 40));
        self.form = Some(OpenForm {
            form,
            target: FormTarget::Item {
                step: Step::Agreements,
                index: None,
            },
        });
    }

    /// Opens the note of the gap shown.
    fn note_on_gap(&mut self) {
        let Some((step, index)) = self.agenda.as_ref().and_then(|a| self.gap_at(a.at)) else {
            return self.say("The agenda is done: Esc goes back to the Summary.");
        };
        if !self.editable() {
            return;
        }
        self.form = Some(OpenForm {
            form: fields::note_form(&self.session, step, index),
            target: FormTarget::Note { step, index },
        });
    }

    /// Starts or pauses the timer of the gap shown; its time counts to the Summary step's.
    fn toggle_gap_timer(&mut self) {
        let now = self.now;
        let Some(agenda) = self.agenda.as_mut() else {
            return;
        };
        if agenda.finished() {
            return self.say("The agenda is done: no gap to time.");
        }
        if agenda.running.is_some() {
            self.stop_gap_timer();
            let spent = self.agenda.as_ref().map_or(0, |a| a.spent_on(a.at, now));
            return self.say(format!(
                "Timer paused at {} on this gap.",
                clock(spent as i64)
            ));
        }
        if !self.editable() {
            return;
        }
        if let Some(agenda) = self.agenda.as_mut() {
            agenda.running = Some((agenda.at, now));
        }
        self.say(format!(
            "Timer started on this gap; {} pauses, moving on stops it.",
            keymap::key_for(Context::Agenda, Action::ToggleTimer)
        ));
    }

    /// Stops the gap's timer, its time added to the Summary step's (also when the session is
    /// saved at quit, through `pause_timer`).
    pub(super) fn stop_gap_timer(&mut self) {
        let now = self.now;
        let Some(agenda) = self.agenda.as_mut() else {
            return;
        };
        let secs = agenda.stop(now);
        if secs > 0 && self.read_only.is_none() {
            self.session.add_time_spent(Step::Summary, secs);
            self.changed();
        }
    }

    /// Back to the Summary step, where the walk began (or would have).
    fn leave_agenda(&mut self) {
        self.stop_gap_timer();
        self.agenda = None;
        self.go_to(Step::Summary);
        self.say(format!(
            "Left the gaps agenda; {} walks it again.",
            keymap::key_for(Context::Summary, Action::Agenda)
        ));
    }
}
