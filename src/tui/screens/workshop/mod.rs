//! The open session and the view state around it: which step, which row, whose turn, an open
//! form, the undo history. `update` turns an action into changes and effects; nothing here
//! touches a file or the terminal.

mod access;
pub mod agenda;
mod agenda_view;
mod conflicts;
pub mod dashboard;
mod derived;
mod facilitation;
pub mod fields;
mod forms;
mod hints;
pub mod history;
mod item_list;
mod live_summary;
mod outside;
mod saving;
mod setup;
pub mod steps;
mod timer;
pub mod view;

pub use agenda::{Agenda, Gap};

pub use forms::{FormKey, FormTarget, OpenForm};
pub use timer::{RunningTimer, TimerView, clock};

use crate::domain::value::Summary;
use crate::domain::*;
use crate::store::Place;
use crate::text::fit;
use crate::tui::action::{Action, Effect, side_label};
use crate::tui::keymap::{self, Context, Hint};
use crate::tui::widgets::form::FormOutcome;
use crossterm::event::KeyEvent;
use fields::Form;
use history::{History, Item, Part};
use std::time::Duration;
use steps::SETUP_DETAIL_ROWS;

/// The open session and its view state. The fields are this module's: `update` and the
/// outcomes of effects change them, and everyone else reads them through `access.rs`.
#[derive(Clone, Debug)]
pub struct Workshop {
    session: Session,
    /// The value summary, recomputed after every change (never while drawing).
    summary: Summary,
    /// The file name, for the header.
    file_label: String,
    /// Why the session cannot be edited, when it cannot.
    read_only: Option<String>,
    step: Step,
    /// The selected row of each step.
    selected: [usize; 10],
    turn: Side,
    /// Who on `turn`'s side rates now: a participant, or the side's default rater when the
    /// side has none (see `Session::turns`).
    rater: String,
    /// Rating alone as `rater` (`covalue open --as NAME`): nobody else's rating is shown and
    /// only that person's ratings, notes and new items may change (`domain::alone`).
    alone: bool,
    /// The room's view: everyone rates at their own screen (`covalue serve`), so this screen
    /// has no turn and rates for nobody, and shows or counts no rating until it is revealed.
    room: bool,
    /// While serving, the people at their own screens now: their seat is their name, so
    /// they are neither deleted nor renamed under them.
    seated: Vec<String>,
    show_summary: bool,
    form: Option<OpenForm>,
    history: History,
    /// Where the session stands against its file.
    saves: saving::Saves,
    /// A message for the status line.
    message: Option<String>,
    /// Shorter forms of one message, longest first, for a status line too narrow for it:
    /// used only while that message is on the line.
    shorter: Option<(String, Vec<String>)>,
    /// Time since the app started, set by the app loop (tests set it by hand).
    pub(in crate::tui) now: Duration,
    /// Today's date, for overdue agreements; set by whoever opens the session (tests fix it).
    pub(in crate::tui) today: Option<Date>,
    /// The step timer, while it runs.
    timer: Option<RunningTimer>,
    /// Reveal an item by itself as soon as both sides have rated it.
    pub(in crate::tui) auto_reveal: bool,
    /// After a rating, move to the next item the person rating has not rated.
    pub(in crate::tui) advance: bool,
    /// Projector mode: no footer, a large turn band, large digits, a wide live summary.
    pub(in crate::tui) projector: bool,
    /// How far the detail pane is scrolled, and for which step and row (another row starts at
    /// the top again).
    pub(in crate::tui) detail_scroll: (Step, usize, u16),
    /// The discuss-next row a jump came from, so one key goes back to it.
    pub(in crate::tui) return_to: Option<usize>,
    /// Which part of the dashboard the Summary step shows when it cannot show all.
    page: Page,
    /// Orders the dashboard shows, computed once per change rather than per frame.
    views: Views,
    /// The review this follow-up follows (`Session::follows`), as the store found it.
    earlier: Option<Box<Session>>,
    /// Each item an earlier agreement resolves, its gap then and now as the room sees it,
    /// recomputed with the summary (the Agreements step shows whether the actions worked).
    pub(in crate::tui) worked: Vec<crate::domain::compare::Resolved>,
    /// Who takes turns and the shown step's counts, worked out per change, read per frame.
    derived: derived::Derived,
    /// The gaps-only agenda, while it is walked (`agenda.rs`).
    agenda: Option<Agenda>,
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

impl Workshop {
    pub fn new(
        session: Session,
        file_label: impl Into<String>,
        read_only: Option<String>,
    ) -> Workshop {
        let derived = derived::Derived::people(&session);
        let (turn, rater) = derived
            .turns
            .first()
            .map(|r| (r.side, r.name.clone()))
            .unwrap_or((Side::Provider, Side::Provider.rater().to_string()));
        // The room's numbers: no rating not yet revealed counts, whoever's turn it is.
        let summary = summarize_for_room(&session);
        let views = Views::of(&session, &summary);
        let mut workshop = Workshop {
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
            room: false,
            seated: Vec::new(),
            show_summary: true,
            form: None,
            history: History::default(),
            saves: saving::Saves::default(),
            message: None,
            shorter: None,
            now: Duration::ZERO,
            timer: None,
            today: None,
            auto_reveal: false,
            advance: true,
            projector: false,
            return_to: None,
            detail_scroll: (Step::Setup, 0, 0),
            page: Page::Overview,
            earlier: None,
            worked: Vec::new(),
            derived,
            agenda: None,
        };
        workshop.recount();
        workshop
    }

    /// Hands in the review this follow-up follows, found by the store when the session was
    /// opened, so the Agreements step can show whether its actions closed their gaps.
    pub fn set_earlier(&mut self, earlier: Session) {
        self.earlier = Some(Box::new(earlier));
        self.refresh();
    }

    /// Sets today's date, which marks overdue agreements: whoever opens the session knows it
    /// (the app asks the clock; tests fix a day).
    pub fn set_today(&mut self, today: Option<Date>) {
        self.today = today;
    }

    /// Opens the workshop for one person rating alone; the error says who can.
    pub fn rate_alone(&mut self, name: &str) -> Result<(), String> {
        let rater = self.session.rater_named(name).map_err(|e| e.to_string())?;
        self.turn = rater.side;
        self.rater = rater.name;
        self.alone = true;
        self.refresh();
        Ok(())
    }

    /// Recomputes what the room sees (after a change, a turn switch or a reveal).
    fn refresh(&mut self) {
        // One truth: the live summary, the dashboard and discuss-next show the room's numbers,
        // as `summary` and the reports do, so a rating not yet revealed moves none of them,
        // whoever's turn it is (the person rating still sees their own numbers in the rows,
        // `seen`). Rating alone, a person's summary is of their own ratings.
        self.summary = if self.alone {
            summarize_own(&self.session, self.turn, &self.rater)
        } else {
            summarize_for_room(&self.session)
        };
        self.views = Views::of(&self.session, &self.summary);
        // The room's numbers only, so no gap gives away a rating not yet revealed; rating
        // alone shows nobody else's rating, so not this either.
        self.worked = match &self.earlier {
            Some(earlier) if !self.alone => {
                crate::domain::compare::compare_as(earlier, &self.session, Viewer::Room).resolved
            }
            _ => Vec::new(),
        };
        self.recount();
    }

    /// The shown step's counts again, for the person rating now (after a change, a turn or a
    /// step): never while drawing.
    pub(super) fn recount(&mut self) {
        let mut derived = std::mem::take(&mut self.derived);
        derived.recount(self);
        self.derived = derived;
    }

    /// Who takes turns at this terminal, in Setup's order (`Session::turns`, as of the last
    /// change).
    pub fn turns(&self) -> &[Rater] {
        &self.derived.turns
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

    /// The ratings of an item as the person rating now may see them: the domain's one rule
    /// (`value::Viewer`), for the viewer this screen is.
    pub fn seen(&self, ratings: &Ratings) -> Ratings {
        self.viewer().sees(&self.session, ratings).into_owned()
    }

    /// Who this screen shows ratings to, in the terms of the domain's one rule.
    pub(super) fn viewer(&self) -> Viewer<'_> {
        if self.alone {
            Viewer::Alone(self.turn, &self.rater)
        } else if self.read_only.is_some() || self.room {
            // A review, or the room's view, has no turn: nothing not yet revealed shows.
            Viewer::Room
        } else {
            Viewer::Person(self.turn, &self.rater)
        }
    }

    /// Passes the turn to the next person (or side) in `Session::turns`.
    fn pass_turn(&mut self) {
        if self.read_only.is_some() && !self.alone {
            return self.say("A review has no turns: nobody rates in it.");
        }
        if self.alone {
            return self.say(format!(
                "You rate alone as {}: nobody else's ratings are shown or changed here.",
                self.rater
            ));
        }
        if self.room {
            return self.say(room_rates());
        }
        let turns = self.derived.turns.clone();
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
        self.recount();
        self.select_first_unrated();
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

    /// Runs `change`; rating alone, only this person's ratings, notes and new items may have
    /// changed, and anything more is undone on the spot with a word why.
    pub(super) fn alone_rules(&mut self, change: impl FnOnce(&mut Self)) {
        if !self.alone {
            return change(self);
        }
        let before = self.session.clone();
        let (revision, history) = (self.saves.revision, self.history.clone());
        change(self);
        if let Err(what) =
            crate::domain::alone::check(&before, &self.session, self.turn, &self.rater)
        {
            self.session = before;
            self.history = history;
            self.form = None;
            self.changed();
            self.saves.revision = revision;
            self.say(format!(
                "Rating alone as {}, you can change only your own ratings, notes and new items ({what}).",
                self.rater
            ));
        }
    }

    /// Goes back to where the session was left: the step, and the row as far as it still
    /// exists (the file may have changed since).
    pub(in crate::tui) fn resume(&mut self, place: Place) {
        self.go_to(place.step);
        self.select(place.item);
    }

    fn go_to(&mut self, step: Step) {
        if step != self.step && self.timer.is_some() {
            let running = self.timer.map(|t| t.step);
            self.pause_timer();
            if let Some(paused) = running {
                self.say(format!("Timer for {} paused.", paused.title()));
            }
        }
        // Every rated step starts on the first rater's turn (Setup's order), so no rating
        // lands on whoever happened to rate last on the step before. Rating alone keeps its one.
        if step != self.step
            && step.dimension().is_some()
            && !self.alone
            && !self.room
            && let Some(first) = self.derived.turns.first().cloned()
            && (first.side, first.name.as_str()) != (self.turn, self.rater.as_str())
        {
            self.turn = first.side;
            self.rater = first.name;
            self.recount();
        }
        let moved = step != self.step;
        self.step = step;
        if moved {
            self.recount();
        }
    }

    /// Scrolls the selected item's details one line, within what a `screen`-sized terminal
    /// leaves hidden.
    pub fn scroll_detail(&mut self, down: bool, screen: ratatui::layout::Rect) {
        let main = view::areas(self, screen).main;
        let most = if matches!(self.step, Step::Setup | Step::Summary) {
            0
        } else {
            item_list::detail_overflow(self, main) as u16
        };
        let now = self.detail_offset().min(most);
        let next = if down {
            now.saturating_add(1).min(most)
        } else {
            now.saturating_sub(1)
        };
        self.detail_scroll = (self.step, self.selection(), next);
    }

    /// How many lines of the selected item's details are scrolled away (0 for a new selection).
    pub fn detail_offset(&self) -> u16 {
        let (step, row, offset) = self.detail_scroll;
        if (step, row) == (self.step, self.selection()) {
            offset
        } else {
            0
        }
    }

    /// How many rows the current step's list has.
    pub fn rows(&self) -> usize {
        self.rows_of(self.step)
    }

    fn rows_of(&self, step: Step) -> usize {
        match step {
            Step::Setup => {
                SETUP_DETAIL_ROWS + self.session.participants.len() + self.derived.strays.len()
            }
            Step::Summary => self.summary.discuss_items.len(),
            step => self.session.item_count(step),
        }
    }

    pub fn selection(&self) -> usize {
        self.selected[self.step.index()]
    }

    fn select(&mut self, row: usize) {
        let last = self.rows().saturating_sub(1);
        self.selected[self.step.index()] = row.min(last);
        // A moved selection shows the new item's details from the top.
        if (self.detail_scroll.0, self.detail_scroll.1) != (self.step, self.selection()) {
            self.detail_scroll.2 = 0;
        }
    }

    fn changed(&mut self) {
        self.derived = derived::Derived::people(&self.session);
        self.changed_as_counted();
    }

    /// A change whose people are already counted in `derived` (a rating, `rate`).
    fn changed_as_counted(&mut self) {
        self.saves.revision += 1;
        let turns = &self.derived.turns;
        if !self.alone
            && !turns
                .iter()
                .any(|r| r.side == self.turn && r.name == self.rater)
            && let Some(first) = turns.first()
        {
            // The mode or the participants changed: the turn goes to the first who rates.
            (self.turn, self.rater) = (first.side, first.name.clone());
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

    /// Says `message`, with shorter forms (longest first) for a narrow status line.
    fn say_briefly(&mut self, message: String, shorter: Vec<String>) {
        self.shorter = Some((message.clone(), shorter));
        self.message = Some(message);
    }

    /// The status message and its shorter forms, longest first.
    pub fn message_forms(&self) -> Vec<&str> {
        let Some(message) = self.message.as_deref() else {
            return Vec::new();
        };
        let mut forms = vec![message];
        if let Some((of, shorter)) = &self.shorter
            && of == message
        {
            forms.extend(shorter.iter().map(String::as_str));
        }
        forms
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
        let mut effects = Vec::new();
        self.alone_rules(|w| effects = w.act(action));
        effects
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        self.message = None;
        if self.agenda.is_some()
            && let Some(effects) = self.agenda_act(action)
        {
            return effects;
        }
        // Refused before anything opens; blind, reveal and the turn say why themselves.
        if let Some(what) = self.alone_refuses(action)
            && !matches!(
                action,
                Action::ToggleBlind | Action::Reveal | Action::SwitchTurn
            )
        {
            self.say(format!(
                "Rating alone as {}, you can change only your own ratings, notes and new items, not {what}.",
                self.rater
            ));
            return Vec::new();
        }
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
            Action::Rate(rating) => self.rate(rating),
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
            Action::GoTo(step) => self.go_to(step),
            // Carried out by `scroll_detail`, which the app calls with the screen's size.
            Action::ScrollDetail(_) => {}
            Action::BackToSummary => {
                if let Some(row) = self.return_to.take() {
                    self.go_to(Step::Summary);
                    self.select(row);
                }
            }
            Action::ToggleProjector => {
                self.projector = !self.projector;
                self.say(if self.projector {
                    format!(
                        "Projector mode on (remembered): {} turns it off, ? shows the keys.",
                        keymap::key_for(Context::Workshop, Action::ToggleProjector)
                    )
                } else {
                    "Projector mode off (remembered).".to_string()
                });
            }
            Action::CycleStatus => self.cycle_status(),
            Action::Agenda => self.open_agenda(),
            Action::LeaveAgenda => {}
            Action::KeepConflictValue => self.settle_conflict(conflicts::Keep::Kept),
            Action::TakeOtherConflictValue => self.settle_conflict(conflicts::Keep::Other),
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
            | Action::DeleteBack
            | Action::NextField
            | Action::PrevField
            | Action::Submit => {}
            // The server's console takes these (keymap context Serve), never a step.
            Action::Admit
            | Action::AsWhom(_)
            | Action::TurnAway
            | Action::NewInviteCode
            | Action::ToggleLock
            | Action::ToggleNotes
            | Action::ToggleItems
            | Action::TogglePanel
            | Action::HidePanel
            | Action::Portfolio => {}
        }
        Vec::new()
    }

    fn delete(&mut self) {
        let row = self.selection();
        match self.step {
            Step::Summary => {
                return self.say(format!(
                    "Nothing to delete here; {} edits the closing answers.",
                    keymap::key_named(Context::Summary, Action::Edit, 'e')
                ));
            }
            Step::Setup if row < SETUP_DETAIL_ROWS => {
                return self.say(format!(
                    "Session details cannot be deleted; {} edits them.",
                    keymap::key_for(Context::Workshop, Action::Edit)
                ));
            }
            _ if self.rows() == 0 => return self.say("Nothing to delete."),
            _ => {}
        }
        if !self.editable() {
            return;
        }
        // Below the participants, Setup lists raters who are not one (setup.rs).
        if self.step == Step::Setup
            && let Some(rater) = self.stray_at(row)
        {
            return self.remove_stray(&rater);
        }
        if self.step == Step::Setup
            && let Some(name) = self.seated_participant(row - SETUP_DETAIL_ROWS)
        {
            return self.say(format!(
                "{} rates at their own screen now; delete them after the workshop.",
                fit(&name, 30)
            ));
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
        self.say(format!(
            "Deleted “{}”. {} undoes.",
            fit(&text, 40),
            keymap::key_for(Context::Workshop, Action::Undo)
        ));
    }

    fn jump(&mut self) {
        let Some(item) = self.summary.reasons(self.selection()).next() else {
            return self.say("Nothing to jump to: no item has a gap of 2 or more.");
        };
        let (step, index) = (item.step, item.index);
        self.return_to = Some(self.selection());
        self.go_to(step);
        self.select(index);
        self.say(format!(
            "{} returns to the Summary.",
            keymap::key_for(Context::Workshop, Action::BackToSummary)
        ));
    }
}

/// What the room's view says when someone tries to rate or pass the turn on it.
fn room_rates() -> String {
    format!(
        "While serving, everyone rates at their own screen; {} reveals.",
        keymap::key_for(Context::Workshop, Action::Reveal)
    )
}
