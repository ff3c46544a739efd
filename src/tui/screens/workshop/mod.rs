//! The open session and the view state around it: which step, which row, whose turn, an open
//! form, the undo history. `update` turns an action into changes and effects; nothing here
//! touches a file or the terminal.

pub mod dashboard;
pub mod history;
mod item_list;
mod live_summary;
mod setup;
pub mod steps;
pub mod view;

use crate::domain::alone;
use crate::domain::value::Summary;
use crate::domain::*;
use crate::text::fit;
use crate::tui::action::{Action, Effect, side_label};
use crate::tui::keymap::{self, Context, Hint};
use crate::tui::widgets::form::{Form, FormOutcome};
use crossterm::event::KeyEvent;
use history::{History, Item, Part};
use std::time::Duration;
use steps::SETUP_DETAIL_ROWS;

/// Seconds as m:ss, with a sign once past zero ("+1:05" over).
pub fn clock(seconds: i64) -> String {
    let sign = if seconds < 0 { "+" } else { "" };
    let s = seconds.unsigned_abs();
    format!("{sign}{}:{:02}", s / 60, s % 60)
}

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
    /// Who on `turn`'s side rates now: a participant, or the side's default rater when the
    /// side has none (see `Session::turns`).
    pub rater: String,
    /// Rating alone as `rater` (`covalue open --as NAME`): nobody else's rating is shown and
    /// only that person's ratings, notes and new items may change (`domain::alone`).
    pub alone: bool,
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
    /// Time since the app started, set by the app loop (tests set it by hand).
    pub now: Duration,
    /// The step timer, while it runs.
    pub timer: Option<RunningTimer>,
    /// Reveal an item by itself as soon as both sides have rated it.
    pub auto_reveal: bool,
    /// Which part of the dashboard the Summary step shows when it cannot show all.
    pub page: Page,
    /// Orders the dashboard shows, computed once per change rather than per frame.
    pub views: Views,
}

/// Orders the dashboard draws from, recomputed with the summary after every change.
#[derive(Clone, Debug, Default)]
pub struct Views {
    /// Indices of the session's risks, highest exposure first (ties keep their order).
    pub risks_by_exposure: Vec<usize>,
    /// Indices into `Summary::quadrants`, one list per `Quadrant::ALL` entry.
    pub by_quadrant: [Vec<usize>; 4],
}

impl Views {
    fn of(session: &Session, summary: &Summary) -> Views {
        let mut risks_by_exposure: Vec<usize> = (0..session.risks.len()).collect();
        risks_by_exposure.sort_by_key(|&i| std::cmp::Reverse(session.risks[i].exposure()));
        let mut by_quadrant: [Vec<usize>; 4] = Default::default();
        for (i, point) in summary.quadrants.iter().enumerate() {
            let q = crate::domain::value::Quadrant::ALL
                .iter()
                .position(|q| *q == point.quadrant)
                .unwrap_or(0);
            by_quadrant[q].push(i);
        }
        Views {
            risks_by_exposure,
            by_quadrant,
        }
    }
}

/// A running step timer: its step and when it was (re)started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunningTimer {
    pub step: Step,
    pub since: Duration,
}

/// The parts of the value dashboard, shown one at a time on small terminals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Scores, verdicts and the discuss-next list.
    Overview,
    /// The risk heat maps.
    Risks,
    /// The importance–performance quadrants.
    Quadrants,
    /// The closing answers and completeness.
    Closing,
}

impl Page {
    pub const ALL: [Page; 4] = [Page::Overview, Page::Risks, Page::Quadrants, Page::Closing];

    pub fn title(self) -> &'static str {
        match self {
            Page::Overview => "Overview",
            Page::Risks => "Risk heat map",
            Page::Quadrants => "Importance × performance",
            Page::Closing => "Closing answers",
        }
    }

    fn next(self) -> Page {
        Page::ALL[(Page::ALL.iter().position(|p| *p == self).unwrap_or(0) + 1) % Page::ALL.len()]
    }
}

/// How a step's timer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerView {
    pub running: bool,
    /// Seconds left; negative once the timebox is overrun.
    pub left: i64,
}

impl Workshop {
    pub fn new(
        session: Session,
        file_label: impl Into<String>,
        read_only: Option<String>,
    ) -> Workshop {
        let (turn, rater) = session
            .turns()
            .into_iter()
            .next()
            .map(|r| (r.side, r.name))
            .unwrap_or((Side::Provider, Side::Provider.rater().to_string()));
        let summary = summarize_seen_by(&session, turn, &rater);
        let views = Views::of(&session, &summary);
        Workshop {
            session,
            summary,
            views,
            file_label: file_label.into(),
            read_only,
            step: Step::Setup,
            selected: [0; 10],
            turn,
            rater,
            alone: false,
            show_summary: true,
            form: None,
            history: History::default(),
            revision: 0,
            saved_revision: 0,
            save_error: None,
            message: None,
            now: Duration::ZERO,
            timer: None,
            auto_reveal: false,
            page: Page::Overview,
        }
    }

    /// Opens the workshop for one person rating alone; the error says who can.
    pub fn rate_alone(&mut self, name: &str) -> Result<(), String> {
        let rater = self.session.rater_named(name)?;
        self.turn = rater.side;
        self.rater = rater.name;
        self.alone = true;
        self.refresh();
        Ok(())
    }

    /// Recomputes what the room sees (after a change, a turn switch or a reveal).
    fn refresh(&mut self) {
        self.summary = if self.alone {
            summarize_own(&self.session, self.turn, &self.rater)
        } else {
            summarize_seen_by(&self.session, self.turn, &self.rater)
        };
        self.views = Views::of(&self.session, &self.summary);
    }

    /// Whether the one rating now is a side's default rater (no participants on that side):
    /// the room rates side by side, as before several raters existed.
    pub fn side_by_side(&self) -> bool {
        self.rater == self.turn.rater()
    }

    /// Who rates now, as the band shows it: `PROVIDER`, or `Priya · consumer · user`.
    pub fn turn_label(&self) -> String {
        if self.side_by_side() {
            return side_label(self.turn).to_string();
        }
        let group = self.session.rater_group(self.turn, &self.rater);
        format!("{} · {} · {}", self.rater, self.turn.name(), group.name())
    }

    /// The ratings of an item as the person rating now may see them.
    pub fn seen(&self, ratings: &Ratings) -> Ratings {
        if self.alone {
            self.session.own_of(ratings, self.turn, &self.rater)
        } else {
            self.session.seen_by(ratings, self.turn, &self.rater)
        }
    }

    /// Passes the turn to the next person (or side) in `Session::turns`.
    fn pass_turn(&mut self) {
        if self.alone {
            return self.say(format!(
                "You rate alone as {}: nobody else's ratings are shown or changed here.",
                self.rater
            ));
        }
        let turns = self.session.turns();
        if turns.len() < 2 {
            return self.say(format!(
                "Only the {} rates in a self-assessment.",
                self.turn.name()
            ));
        }
        let at = turns
            .iter()
            .position(|r| r.side == self.turn && r.name == self.rater);
        let next = &turns[at.map_or(0, |i| (i + 1) % turns.len())];
        self.turn = next.side;
        self.rater = next.name.clone();
        self.refresh();
        if self.side_by_side() {
            let hidden = if self.session.blind {
                format!(
                    " The {}'s ratings are hidden until revealed (r).",
                    self.turn.other().name()
                )
            } else {
                String::new()
            };
            self.say(format!("The {}'s turn to rate.{hidden}", self.turn.name()));
        } else {
            let hidden = if self.session.blind {
                " Everyone else's ratings are hidden until revealed (r)."
            } else {
                ""
            };
            self.say(format!("{}'s turn to rate.{hidden}", self.turn_label()));
        }
    }

    /// Advances the clock the step timer reads.
    pub fn tick(&mut self, now: Duration) {
        self.now = now;
    }

    /// Seconds the timer has counted on `step`, including a run in progress.
    pub fn spent(&self, step: Step) -> u64 {
        let saved = u64::from(self.session.time_spent.get(&step).copied().unwrap_or(0));
        let running = match self.timer {
            Some(t) if t.step == step => self.now.saturating_sub(t.since).as_secs(),
            _ => 0,
        };
        saved + running
    }

    /// The timer of `step`, if it has run at all.
    pub fn timer_view(&self, step: Step) -> Option<TimerView> {
        let running = self.timer.is_some_and(|t| t.step == step);
        let spent = self.spent(step);
        if !running && spent == 0 {
            return None;
        }
        let planned = i64::from(self.session.minutes_for(step)) * 60;
        Some(TimerView {
            running,
            left: planned - spent as i64,
        })
    }

    /// Stops the running timer, adding its time to the session.
    pub fn pause_timer(&mut self) {
        if let Some(t) = self.timer.take() {
            let secs = self.now.saturating_sub(t.since).as_secs() as u32;
            if secs > 0 && self.read_only.is_none() {
                *self.session.time_spent.entry(t.step).or_insert(0) += secs;
                self.changed();
            }
        }
    }

    fn go_to(&mut self, step: Step) {
        if step != self.step && self.timer.is_some() {
            let running = self.timer.map(|t| t.step);
            self.pause_timer();
            if let Some(paused) = running {
                self.say(format!("Timer for {} paused.", paused.title()));
            }
        }
        self.step = step;
    }

    /// How many rows the current step's list has.
    pub fn rows(&self) -> usize {
        self.rows_of(self.step)
    }

    fn rows_of(&self, step: Step) -> usize {
        match step {
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
        let turns = self.session.turns();
        if !self.alone
            && !turns
                .iter()
                .any(|r| r.side == self.turn && r.name == self.rater)
            && let Some(first) = turns.first()
        {
            // The mode or the participants changed: the turn goes to the first who rates.
            self.turn = first.side;
            self.rater = first.name.clone();
        }
        self.refresh();
        // Setup and Summary rows depend on the session; keep every selection in range.
        for step in Step::ALL {
            let last = self.rows_of(step).saturating_sub(1);
            let i = step.index();
            self.selected[i] = self.selected[i].min(last);
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
        if !self.alone {
            return self.act(action);
        }
        let mut effects = Vec::new();
        self.alone_rules(|w| effects = w.act(action));
        effects
    }

    /// Runs `change`; rating alone, only this person's ratings, notes and new items may have
    /// changed, and anything more is undone on the spot with a word why.
    fn alone_rules(&mut self, change: impl FnOnce(&mut Self)) {
        if !self.alone {
            return change(self);
        }
        let before = self.session.clone();
        let (revision, history) = (self.revision, self.history.clone());
        change(self);
        if let Err(what) = alone::check(&before, &self.session, self.turn, &self.rater) {
            self.session = before;
            self.history = history;
            self.form = None;
            self.changed();
            self.revision = revision;
            self.say(format!(
                "Rating alone as {}, you can change only your own ratings, notes and new items ({what}).",
                self.rater
            ));
        }
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        self.message = None;
        match action {
            Action::NextStep => match self.step.next() {
                Some(step) => self.go_to(step),
                None => self.say("Summary is the last step."),
            },
            Action::PrevStep => match self.step.prev() {
                Some(step) => self.go_to(step),
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
                            self.go_to(step);
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
            Action::SwitchTurn => self.pass_turn(),
            Action::ToggleSummary => self.show_summary = !self.show_summary,
            Action::Save => return vec![Effect::Save],
            Action::Back => return vec![Effect::Close],
            Action::Quit => return vec![Effect::Quit],
            Action::Jump => self.jump(),
            Action::ToggleBlind => self.toggle_blind(),
            Action::Reveal => self.reveal(),
            Action::ToggleTimer => self.toggle_timer(),
            Action::NextPage => self.page = self.page.next(),
            Action::CycleStatus => self.cycle_status(),
            // Handled by the app (help, explain, colours) or bound only in the browser.
            Action::Help
            | Action::Explain
            | Action::CycleTheme
            | Action::NewSession
            | Action::Open
            | Action::Review
            | Action::Filter
            | Action::Suspend
            | Action::Choose
            | Action::Cancel
            | Action::Yes
            | Action::DeleteBack => {}
        }
        Vec::new()
    }

    fn cycle_status(&mut self) {
        if self.step != Step::Agreements {
            return self.say("Space changes an agreement's status on the Agreements step.");
        }
        if self.rows() == 0 || !self.editable() {
            return;
        }
        let row = self.selection();
        if let Some(before) = Item::get(&self.session, Step::Agreements, row) {
            self.history.push(Part::Item {
                index: row,
                item: Box::new(before),
            });
        }
        let a = &mut self.session.agreements[row];
        a.status = a.status.next();
        let status = a.status();
        self.changed();
        self.say(format!("Agreement {status}."));
    }

    fn toggle_blind(&mut self) {
        if self.alone {
            return self.say("Rating alone, nobody else's ratings are shown anyway.");
        }
        if self.session.mode != Mode::Workshop {
            return self.say("Blind rating matters only when both sides rate (a workshop).");
        }
        if !self.editable() {
            return;
        }
        self.session.blind = !self.session.blind;
        self.changed();
        self.say(if self.session.blind {
            "Blind rating on: the side not rating sees • instead of numbers until r reveals them."
        } else {
            "Blind rating off: both sides' ratings are shown."
        });
    }

    fn reveal(&mut self) {
        if self.alone {
            return self
                .say("Rating alone, nothing is revealed: the facilitator reveals after merging.");
        }
        if !self.editable() {
            return;
        }
        let (scope, parts) = if self.step == Step::Summary {
            (
                None,
                Dimension::ALL
                    .map(|d| Part::of(&self.session, d.step()))
                    .to_vec(),
            )
        } else if let Some(d) = self.step.dimension() {
            (Some(d.step()), vec![Part::of(&self.session, d.step())])
        } else {
            return self.say(format!("Nothing to reveal on {}.", self.step.title()));
        };
        let (revealed, waiting) = self.session.reveal(scope);
        if revealed > 0 {
            self.history.push(Part::Several(parts));
            self.changed();
        }
        let waiting = match waiting {
            0 => String::new(),
            1 => " 1 item still waits for the other side.".to_string(),
            n => format!(" {n} items still wait for the other side."),
        };
        let revealed = match revealed {
            0 => "Nothing new to reveal.".to_string(),
            1 => "Revealed 1 item.".to_string(),
            n => format!("Revealed {n} items."),
        };
        self.say(format!("{revealed}{waiting}"));
    }

    fn toggle_timer(&mut self) {
        match self.timer {
            Some(t) if t.step == self.step => {
                self.pause_timer();
                let left = self.timer_view(self.step).map_or(0, |v| v.left);
                self.say(format!("Timer paused with {} left.", clock(left)));
            }
            _ => {
                if !self.editable() {
                    return;
                }
                self.pause_timer();
                self.timer = Some(RunningTimer {
                    step: self.step,
                    since: self.now,
                });
                self.say(format!(
                    "Timer started: {} minutes for {}. t pauses; nothing moves on by itself.",
                    self.session.minutes_for(self.step),
                    self.step.title()
                ));
            }
        }
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
        let auto_reveal = self.auto_reveal && self.session.blind && !self.alone;
        let sides = self.session.mode.sides();
        self.session
            .rate_as(dimension, index, side, &self.rater, rating);
        // Rating the item again decides a merge conflict over this person's rating of it.
        let id = self
            .session
            .item_id(dimension.step(), index)
            .unwrap_or_default()
            .to_string();
        let rater = self.rater.clone();
        self.session.resolve_conflicts(&id, &rater);
        if let Some(ratings) = self.session.ratings_mut(dimension, index)
            && auto_reveal
            && sides.iter().all(|s| ratings.is_rated(*s))
        {
            ratings.revealed = true;
        }
        self.changed();
        let who = if self.side_by_side() {
            side_label(side).to_string()
        } else {
            self.rater.clone()
        };
        self.say(match rating {
            Some(r) => format!("{who} rated {} ({}).", r, r.label()),
            None if self.side_by_side() => format!("{who} rating cleared."),
            None => format!("{who}'s rating cleared."),
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
        let index = if self.step == Step::Setup {
            row - SETUP_DETAIL_ROWS
        } else {
            row
        };
        if let Some(item) = Item::get(&self.session, self.step, index) {
            self.history.push(Part::Removed {
                index,
                item: Box::new(item),
            });
        }
        steps::remove_item(&mut self.session, self.step, row);
        self.changed();
        self.say(format!("Deleted “{}”. u undoes.", fit(&text, 40)));
    }

    fn jump(&mut self) {
        let Some(item) = self.summary.discuss.get(self.selection()) else {
            return self.say("Nothing to jump to: no item has a gap of 2 or more.");
        };
        let (step, index) = (item.step, item.index);
        self.go_to(step);
        self.select(index);
    }

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
            Action::Rate(_) => editable && rated && rows > 0,
            Action::SwitchTurn => rated && self.session.mode == Mode::Workshop,
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
            Action::Jump => !self.summary.discuss.is_empty(),
            Action::CycleStatus => editable && self.step == Step::Agreements && rows > 0,
            Action::ToggleBlind => editable && self.session.mode == Mode::Workshop,
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

    /// Stamps the session for a save and returns the revision it saves, when there is
    /// something to save.
    pub fn stamp_for_save(&mut self) -> Option<u64> {
        if self.read_only.is_some() || !self.dirty() {
            return None;
        }
        self.session.updated = crate::store::now();
        Some(self.revision)
    }

    /// A copy of the session to write, and its revision, when there is something to save.
    pub fn snapshot(&mut self) -> Option<(Session, u64)> {
        let revision = self.stamp_for_save()?;
        Some((self.session.clone(), revision))
    }

    /// The session was written up to `revision`.
    pub fn saved(&mut self, revision: u64, asked: bool) {
        self.saved_revision = self.saved_revision.max(revision);
        if self.save_error.take().is_some() {
            self.say("Saved again; nothing was lost.");
        }
        if asked {
            self.say("Saved.");
        }
    }

    /// Writing the session failed; the edits stay here and autosave tries again.
    pub fn save_failed(&mut self, error: String) {
        self.say(format!(
            "Not saved; your edits are kept here and covalue retries every few seconds: {error}"
        ));
        self.save_error = Some(error);
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
            FormOutcome::Submitted => self.alone_rules(Self::submit),
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
        // What undo needs: the one item edited (or none, for an item added), or the whole
        // part for the details and the closing answers.
        let list_index = match open.target {
            FormTarget::Item { index, .. } | FormTarget::Participant(index) => Some(index),
            FormTarget::Details | FormTarget::Closing => None,
        };
        let before = match list_index {
            Some(Some(i)) => Item::get(&self.session, step, i).map(|item| Part::Item {
                index: i,
                item: Box::new(item),
            }),
            Some(None) => None,
            None => Some(Part::of(&self.session, step)),
        };
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
                    Some(Part::Item { index, item }) => {
                        let now = Item::get(&self.session, step, index);
                        (now.as_ref() != Some(&*item)).then_some(Part::Item { index, item })
                    }
                    Some(part) => (Part::of(&self.session, step) != part).then_some(part),
                };
                if let Some(change) = change {
                    self.history.push(change);
                    // Saving an item's form decides the merge conflicts over its fields.
                    if let (FormTarget::Item { step, .. }, Some(row)) = (open.target, row) {
                        let id = self
                            .session
                            .item_id(step, row)
                            .unwrap_or_default()
                            .to_string();
                        self.session.resolve_conflicts(&id, "");
                    }
                    self.changed();
                }
                if let Some(row) = row {
                    self.go_to(step);
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
