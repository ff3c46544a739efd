//! The open session and the view state around it: which step, which row, whose turn, an open
//! form, the undo history. `update` turns an action into changes and effects; nothing here
//! touches a file or the terminal.

pub mod dashboard;
mod facilitation;
pub mod fields;
mod forms;
mod hints;
pub mod history;
mod item_list;
mod live_summary;
mod saving;
mod setup;
pub mod steps;
mod timer;
pub mod view;

pub use forms::{FormKey, FormTarget, OpenForm};
pub use timer::{RunningTimer, TimerView, clock};

use crate::domain::value::Summary;
use crate::domain::*;
use crate::text::fit;
use crate::tui::action::{Action, Effect, side_label};
use crate::tui::keymap::{self, Context, Hint};
use crate::tui::widgets::form::FormOutcome;
use crossterm::event::KeyEvent;
use fields::Form;
use history::{History, Item, Part};
use std::time::Duration;
use steps::SETUP_DETAIL_ROWS;

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
    /// Where the session stands against its file.
    saves: saving::Saves,
    /// A message for the status line.
    pub message: Option<String>,
    /// Time since the app started, set by the app loop (tests set it by hand).
    pub now: Duration,
    /// Today's date, for overdue agreements; set by whoever opens the session (tests fix it).
    pub today: Option<Date>,
    /// The step timer, while it runs.
    pub timer: Option<RunningTimer>,
    /// Reveal an item by itself as soon as both sides have rated it.
    pub auto_reveal: bool,
    /// After a rating, move to the next item the same side has not rated.
    pub advance: bool,
    /// Projector mode: no footer, a large turn band, large digits, a wide live summary.
    pub projector: bool,
    /// How far the detail pane is scrolled, and for which step and row (another row starts at
    /// the top again).
    pub detail_scroll: (Step, usize, u16),
    /// The discuss-next row a jump came from, so one key goes back to it.
    pub return_to: Option<usize>,
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
        let turn = session
            .mode
            .sides()
            .first()
            .copied()
            .unwrap_or(Side::Provider);
        let summary = if read_only.is_some() {
            crate::domain::value::summarize_for_room(&session)
        } else {
            summarize_visible(&session, turn)
        };
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
            show_summary: true,
            form: None,
            history: History::default(),
            saves: saving::Saves::default(),
            message: None,
            now: Duration::ZERO,
            timer: None,
            today: None,
            auto_reveal: false,
            advance: true,
            projector: false,
            return_to: None,
            detail_scroll: (Step::Setup, 0, 0),
            page: Page::Overview,
        }
    }

    /// Recomputes what the room sees (after a change, a turn switch or a reveal).
    fn refresh(&mut self) {
        // A review has no turn: it shows what the room has seen.
        self.summary = if self.read_only.is_some() {
            crate::domain::value::summarize_for_room(&self.session)
        } else {
            summarize_visible(&self.session, self.turn)
        };
        self.views = Views::of(&self.session, &self.summary);
    }

    fn go_to(&mut self, step: Step) {
        if step != self.step && self.timer.is_some() {
            let running = self.timer.map(|t| t.step);
            self.pause_timer();
            if let Some(paused) = running {
                self.say(format!("Timer for {} paused.", paused.title()));
            }
        }
        // Every rated step starts on the first side's turn, so no rating lands on the side
        // that happened to rate last on the step before.
        if step != self.step && step.dimension().is_some() {
            let first = self.first_side();
            if self.turn != first {
                self.turn = first;
                self.refresh();
            }
        }
        self.step = step;
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

    /// The side that rates first on every step: the provider, or the one side rating alone.
    pub fn first_side(&self) -> Side {
        self.session
            .mode
            .sides()
            .first()
            .copied()
            .unwrap_or(Side::Provider)
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
        // A moved selection shows the new item's details from the top.
        if (self.detail_scroll.0, self.detail_scroll.1) != (self.step, self.selection()) {
            self.detail_scroll.2 = 0;
        }
    }

    fn changed(&mut self) {
        self.saves.revision += 1;
        if !self.session.mode.sides().contains(&self.turn) {
            self.turn = self.session.mode.sides()[0];
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
            Action::Rate(rating) => self.rate(rating),
            Action::SwitchTurn => {
                if self.read_only.is_some() {
                    self.say("A review has no turns: nobody rates in it.");
                } else if self.session.mode == Mode::Workshop {
                    self.turn = self.turn.other();
                    self.refresh();
                    self.select_first_unrated();
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
        let Some(item) = self.summary.discuss.get(self.selection()) else {
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
