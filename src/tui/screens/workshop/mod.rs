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
mod header;
mod hints;
pub mod history;
mod item_detail;
mod item_list;
mod item_row;
mod live_summary;
mod navigate;
mod outside;
mod saving;
mod seated;
mod setup;
mod status;
pub mod steps;
mod timer;
mod turns;
pub mod view;
mod views;

pub use agenda::{Agenda, Gap};

pub use forms::{FormKey, FormTarget, OpenForm};
pub use seated::SeatRules;
pub use timer::{RunningTimer, TimerView, clock};
pub use turns::CannotRateAlone;
pub use views::{Page, Views};

use crate::domain::value::{Summary, SummaryMemo, summarize_remembering};
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
    /// The summary's parts of each dimension, so a change works out only the dimensions it
    /// touched (`summarize_remembering`).
    memo: SummaryMemo,
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
    /// Seated as one participant over SSH (`seated.rs`): what they may do now.
    seat: Option<SeatRules>,
    show_summary: bool,
    form: Option<OpenForm>,
    history: History,
    /// Where the session stands against its file.
    saves: saving::Saves,
    /// A message for the status line.
    message: Option<String>,
    /// Blind rating off was asked for once and would show hidden ratings: the next key
    /// decides (the same key again turns it off).
    blind_off_asked: bool,
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
            seat: None,
            show_summary: true,
            form: None,
            history: History::default(),
            saves: saving::Saves::default(),
            message: None,
            blind_off_asked: false,
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
            memo: SummaryMemo::default(),
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

    /// Recomputes what the room sees (after a change, a turn switch or a reveal).
    fn refresh(&mut self) {
        self.refresh_summary();
        self.recount();
    }

    /// `refresh` but the shown step's counts.
    fn refresh_summary(&mut self) {
        // One truth: the live summary, the dashboard and discuss-next show the room's numbers,
        // as `summary` and the reports do, so a rating not yet revealed moves none of them,
        // whoever's turn it is (the person rating still sees their own numbers in the rows,
        // `seen`). Rating alone, a person's summary is of their own ratings.
        let viewer = if self.alone {
            Viewer::Alone(self.turn, &self.rater)
        } else {
            Viewer::Room
        };
        self.summary = summarize_remembering(&self.session, viewer, &mut self.memo);
        self.views.update(&self.session, &self.summary);
        // The room's numbers only, so no gap gives away a rating not yet revealed; rating
        // alone shows nobody else's rating, so not this either.
        self.worked = match &self.earlier {
            Some(earlier) if !self.alone => {
                crate::domain::compare::compare_as(earlier, &self.session, Viewer::Room).resolved
            }
            _ => Vec::new(),
        };
    }

    /// The shown step's counts again, for the person rating now (after a change, a turn or a
    /// step): never while drawing.
    pub(super) fn recount(&mut self) {
        let mut derived = std::mem::take(&mut self.derived);
        derived.recount(self);
        self.derived = derived;
    }

    fn changed(&mut self) {
        self.derived = derived::Derived::people(&self.session);
        self.changed_as_counted();
    }

    /// A change whose people are already counted in `derived` (a rating, `rate`).
    fn changed_as_counted(&mut self) {
        self.note_change();
        self.refresh();
        self.keep_selections();
    }

    /// A rating of item `index` of `dimension` whose people are already counted: the step's
    /// counts move by that item's difference (`before`, from `Derived::of_item` before the
    /// rating), so no other item is walked.
    fn changed_one_item(
        &mut self,
        dimension: Dimension,
        index: usize,
        before: Option<derived::StepCounts>,
    ) {
        let after = self.derived.of_item(self, dimension, index);
        let (Some(before), Some(after)) = (before, after) else {
            return self.changed_as_counted();
        };
        if self.note_change() {
            self.refresh();
        } else {
            self.refresh_summary();
            self.derived.counts.apply(&before, -1);
            self.derived.counts.apply(&after, 1);
        }
        self.keep_selections();
    }

    /// Counts a change for saving; when the person rating now no longer rates (the mode or
    /// the participants changed), the turn goes to the first who rates, and says so (true).
    fn note_change(&mut self) -> bool {
        self.saves.revision += 1;
        let turns = &self.derived.turns;
        if !self.alone
            && !turns
                .iter()
                .any(|r| r.side == self.turn && r.name == self.rater)
            && let Some(first) = turns.first()
        {
            (self.turn, self.rater) = (first.side, first.name.clone());
            return true;
        }
        false
    }

    /// Setup and Summary rows depend on the session; keep every selection in range.
    fn keep_selections(&mut self) {
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
        // Undo and redo only go back and forth over changes that passed the rules of rating
        // alone (a refused change leaves no history), so they are not checked again: undoing
        // a re-rating of a revealed item would read as a reveal, undoing an added item as a
        // deletion.
        if matches!(action, Action::Undo | Action::Redo) {
            return self.act(action);
        }
        let mut effects = Vec::new();
        self.alone_rules(|w| effects = w.act(action));
        effects
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        self.message = None;
        let blind_off_asked = std::mem::take(&mut self.blind_off_asked);
        if let Some(effects) = self.intercepted(action) {
            return effects;
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
            Action::Undo | Action::Redo => self.undo_or_redo(action == Action::Undo),
            Action::Rate(rating) => self.rate(rating),
            Action::SwitchTurn => self.pass_turn(),
            Action::ToggleSummary => self.show_summary = !self.show_summary,
            Action::Save => return vec![Effect::Save],
            Action::Back => return vec![Effect::Close],
            Action::Quit => return vec![Effect::Quit],
            Action::Jump => self.jump(),
            Action::ToggleBlind => self.toggle_blind(blind_off_asked),
            Action::Reveal => self.reveal(),
            Action::ToggleTimer => self.toggle_timer(),
            Action::NextPage => self.page = self.page.next(),
            Action::GoTo(step) => self.go_to(step),
            // Carried out by `scroll_detail`, which the app calls with the screen's size.
            Action::ScrollDetail(_) => {}
            Action::BackToSummary => self.back_to_summary(),
            Action::ToggleProjector => self.toggle_projector(),
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

    /// What the agenda takes over of `action`, or its refusal while rating alone: `None` when
    /// the step itself carries it out.
    fn intercepted(&mut self, action: Action) -> Option<Vec<Effect>> {
        if self.agenda.is_some()
            && let Some(effects) = self.agenda_act(action)
        {
            return Some(effects);
        }
        // Refused before anything opens; blind, reveal and the turn say why themselves.
        if let Some(what) = self.alone_refuses(action)
            && !matches!(
                action,
                Action::ToggleBlind | Action::Reveal | Action::SwitchTurn
            )
        {
            // Shorter forms say the reason first: at 80 columns the whole sentence loses its
            // end, which is the reason.
            self.say_briefly(
                format!(
                    "Rating alone as {}, you can change only your own ratings, notes and new items, not {what}.",
                    self.rater
                ),
                vec![
                    format!("Not {what}: you can change only your own ratings, notes, new items"),
                    format!("Not yours to change: {what}"),
                ],
            );
            return Some(Vec::new());
        }
        None
    }

    /// Takes the last change back (`undo`), or makes the last change taken back again.
    fn undo_or_redo(&mut self, undo: bool) {
        if !self.editable() {
            return;
        }
        let step = if undo {
            self.history.undo(&mut self.session)
        } else {
            self.history.redo(&mut self.session)
        };
        match step {
            Some(step) => {
                self.go_to(step);
                self.changed();
                let done = if undo { "Undone" } else { "Redone" };
                self.say(format!("{done} (on {}).", step.title()));
            }
            None => self.say(if undo {
                "Nothing to undo."
            } else {
                "Nothing to redo."
            }),
        }
    }

    /// Goes back to the discuss-next row a jump came from.
    fn back_to_summary(&mut self) {
        if let Some(row) = self.return_to.take() {
            self.go_to(Step::Summary);
            self.select(row);
        }
    }

    fn toggle_projector(&mut self) {
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
}
