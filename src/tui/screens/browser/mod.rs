//! The session browser: every session in the data folder, unreadable files included, with
//! keys to start, open, review, delete and filter. The app loop fills in the entries; this
//! module only holds the view state and turns keys into effects.

pub mod view;

use crate::domain::Date;
use crate::store::{SessionInfo, TEMPLATES};
use crate::tui::action::{Action, Effect, Start};
use crate::tui::keymap::{self, Context, Hint};
use crate::tui::widgets::form::{Field, Form, FormOutcome};

/// The fields of the new-session prompt: its title, and for a template what to start with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TitleField {
    Title,
    /// A template's items to rate, or its whole worked example.
    Start,
}

/// What a template offers to start with, in the order of the prompt's choice.
const START_WITH: [&str; 2] = ["items to rate", "worked example (a demo, already rated)"];

use crate::tui::widgets::text_input::TextInput;
use crossterm::event::KeyEvent;
use std::cmp::Reverse;
use std::path::PathBuf;

/// A readable session, as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionRow {
    pub id: String,
    pub title: String,
    pub service: String,
    pub mode: &'static str,
    pub updated: String,
    pub value_index: Option<f64>,
    /// The equal-weight index when `value_index` is weighted; `None` when it is not.
    pub equal_index: Option<f64>,
    pub alignment: Option<f64>,
    /// Too little rated (or ratings still hidden) to compare: marked, and left out of trends.
    pub partial: bool,
    /// Ratings of a blind workshop not revealed yet (none of them is in the numbers).
    pub hidden: usize,
    /// Open agreements past their due date.
    pub overdue: usize,
    /// A template's worked example: listed, but no review, so left out of the trend.
    pub example: bool,
}

impl SessionRow {
    /// The row of a listed session on `today`. The listing's numbers are the room's, so the
    /// browser, often on a projector, never shows a number made from a hidden rating.
    pub fn of(info: &SessionInfo, today: Date) -> SessionRow {
        SessionRow {
            id: info.id.clone(),
            title: info.title.clone(),
            service: info.service.clone(),
            mode: info.mode.name(),
            updated: info
                .updated
                .to_string()
                .replace('T', " ")
                .trim_end_matches('Z')
                .chars()
                .take(16)
                .collect(),
            value_index: info.value_index,
            equal_index: info.equal_index,
            alignment: info.alignment,
            partial: info.partial,
            hidden: info.hidden,
            overdue: info.overdue(today),
            example: info.example,
        }
    }
}

/// Why a file of the folder cannot be read as a session, and where in it when that is known:
/// the list names the file already.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    /// At a line and column of the file (from 1).
    #[error("line {line}, column {column}: {message}")]
    At {
        line: usize,
        column: usize,
        message: String,
    },
    /// The file as a whole (too large, not text, not readable).
    #[error("{0}")]
    File(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct BrowserEntry {
    pub path: PathBuf,
    /// The file name, for unreadable files and the status line.
    pub file: String,
    /// The session, or why it cannot be read.
    pub row: Result<SessionRow, Unreadable>,
}

impl BrowserEntry {
    /// The service group the entry belongs to; `None` for a file that cannot be read.
    pub fn group(&self) -> Option<String> {
        self.row.as_ref().ok().map(|r| group_key(&r.service))
    }

    fn matches(&self, filter: &str) -> bool {
        let filter = filter.to_lowercase();
        let hay = match &self.row {
            Ok(r) => format!("{} {} {} {}", r.title, r.service, r.id, self.file),
            Err(e) => format!("{} {e}", self.file),
        };
        filter.is_empty() || hay.to_lowercase().contains(&filter)
    }
}

/// What the browser is doing: showing the list, or a prompt over it that takes the keys.
#[derive(Clone, Debug, Default)]
pub enum Mode {
    /// The list, with the keys of the browser.
    #[default]
    List,
    /// Typing goes into the filter.
    Filter,
    /// Starting a new session: what it starts from (an index into `Browser::choices`).
    Pick(usize),
    /// Starting a new session: its title.
    Title {
        start: Start,
        form: Form<TitleField>,
    },
    /// The entry awaiting a yes or no to deletion.
    ConfirmDelete(PathBuf),
}

/// One way to start a new session, as the wizard lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub label: String,
    pub about: String,
    pub start: Start,
    /// The proposed title (templates propose their own when chosen).
    pub title: String,
}

#[derive(Clone, Debug)]
pub struct Browser {
    pub entries: Vec<BrowserEntry>,
    /// Position in the filtered list.
    pub selected: usize,
    /// What the list is filtered by, typed into the one text input.
    pub filter: TextInput,
    pub mode: Mode,
    pub message: Option<String>,
    /// The folder, for the header.
    pub dir_label: String,
    /// Why the folder could not be read, if it could not.
    pub error: Option<String>,
}

impl Default for Browser {
    fn default() -> Browser {
        Browser {
            entries: Vec::new(),
            selected: 0,
            filter: TextInput::new("", 1),
            mode: Mode::List,
            message: None,
            dir_label: String::new(),
            error: None,
        }
    }
}

/// The title the wizard proposes; a template's own title is read only when it is chosen.
fn default_title(choice: &Choice) -> String {
    match &choice.start {
        Start::Template(name) => crate::store::Template::find(name)
            .map(|t| t.session().title)
            .unwrap_or_default(),
        _ => choice.title.clone(),
    }
}

/// The prompt for a new session's title; a template also asks whether to start from its items
/// or from its whole worked example.
fn title_form(choice: &Choice) -> Form<TitleField> {
    let mut fields = vec![Field::text(
        TitleField::Title,
        "Title",
        &default_title(choice),
        1,
    )];
    if matches!(choice.start, Start::Template(_)) {
        fields.push(Field::choice(
            TitleField::Start,
            "Start with",
            &START_WITH,
            0,
        ));
    }
    Form::new("Title of the new session", fields)
}

/// The session the prompt asks for: a template's example when chosen, its title saying so.
fn created(start: Start, title: String, form: &Form<TitleField>) -> Effect {
    match start {
        Start::Template(name) if form.choice(TitleField::Start) == 1 => Effect::Create {
            start: Start::Example(name),
            title: crate::store::example_title(&title),
        },
        start => Effect::Create { start, title },
    }
}

/// Sessions of one service belong together, whatever the case or spacing of its name.
pub fn group_key(service: &str) -> String {
    crate::domain::follow_up::service_key(service)
}

impl Browser {
    /// Follow-ups of every service that has sessions (latest first), then blank, then the
    /// templates.
    pub fn choices(&self) -> Vec<Choice> {
        let mut latest: Vec<(&SessionRow, &PathBuf)> = Vec::new();
        for entry in &self.entries {
            let Ok(row) = &entry.row else { continue };
            if row.service.trim().is_empty() {
                continue;
            }
            match latest
                .iter_mut()
                .find(|(r, _)| r.service.trim().eq_ignore_ascii_case(row.service.trim()))
            {
                Some(slot) if slot.0.updated < row.updated => *slot = (row, &entry.path),
                Some(_) => {}
                None => latest.push((row, &entry.path)),
            }
        }
        latest.sort_by(|a, b| b.0.updated.cmp(&a.0.updated));
        let mut choices: Vec<Choice> = latest
            .into_iter()
            .map(|(row, path)| Choice {
                label: "follow up".into(),
                about: format!("{}: open actions and items of “{}”", row.service, row.title),
                start: Start::FollowUp(path.clone()),
                title: format!("{} follow-up", row.service),
            })
            .collect();
        choices.push(Choice {
            label: "blank".into(),
            about: "an empty session".into(),
            start: Start::Blank,
            title: String::new(),
        });
        choices.extend(TEMPLATES.iter().map(|t| Choice {
            label: t.name.into(),
            about: t.about.into(),
            start: Start::Template(t.name),
            title: String::new(),
        }));
        choices
    }

    pub fn visible(&self) -> Vec<&BrowserEntry> {
        let filter = self.filter.text();
        self.entries.iter().filter(|e| e.matches(&filter)).collect()
    }

    /// Takes the folder's entries, grouped by service: the group with the newest session first,
    /// newest first within a group, unreadable files last.
    pub fn set_entries(&mut self, mut entries: Vec<BrowserEntry>) {
        let mut newest: std::collections::HashMap<String, String> =
            std::collections::HashMap::new();
        for row in entries.iter().filter_map(|e| e.row.as_ref().ok()) {
            let latest = newest.entry(group_key(&row.service)).or_default();
            if row.updated > *latest {
                latest.clone_from(&row.updated);
            }
        }
        entries.sort_by_cached_key(|e| match (&e.row, e.group()) {
            (Ok(r), Some(group)) => (
                false,
                Reverse(newest[&group].clone()),
                group,
                Reverse(r.updated.clone()),
            ),
            _ => (
                true,
                Reverse(String::new()),
                e.file.clone(),
                Reverse(String::new()),
            ),
        });
        self.entries = entries;
        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
    }

    fn current(&self) -> Option<&BrowserEntry> {
        self.visible().get(self.selected).copied()
    }

    /// Whether a prompt (filter, wizard, confirmation) takes the keys first.
    pub fn modal(&self) -> bool {
        !matches!(self.mode, Mode::List)
    }

    /// Whether `action` does something now (the footer hints only those).
    pub fn offers(&self, action: Action) -> bool {
        match action {
            Action::Open | Action::Review | Action::Delete => self.current().is_some(),
            _ => true,
        }
    }

    /// The footer hints for what is on screen: the open prompt's, or the list's.
    pub fn hints(&self) -> Vec<Hint> {
        match (&self.mode, self.prompt()) {
            (Mode::Title { form, .. }, _) => {
                keymap::hints_where(Context::Form, |b| form.uses(&b.keys[0]))
            }
            (_, Some(prompt)) => keymap::hints_where(prompt, |_| true),
            (_, None) => keymap::hints_where(Context::Browser, |b| {
                b.action.is_some_and(|a| self.offers(a))
            }),
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.message = None;
        let count = self.visible().len();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = count.saturating_sub(1),
            Action::NewSession => self.mode = Mode::Pick(0),
            Action::Open | Action::Review => match self.current() {
                Some(BrowserEntry {
                    path, row: Ok(_), ..
                }) => {
                    return vec![Effect::Open {
                        path: path.clone(),
                        read_only: action == Action::Review,
                    }];
                }
                Some(BrowserEntry {
                    file, row: Err(_), ..
                }) => {
                    self.message = Some(format!(
                        "{file} cannot be read; fix it in an editor (`covalue check` shows where)."
                    ));
                }
                None => {
                    self.message = Some(format!(
                        "No session selected: press {} to start one.",
                        keymap::key_for(Context::Browser, Action::NewSession)
                    ))
                }
            },
            Action::Delete => match self.current() {
                Some(entry) => self.mode = Mode::ConfirmDelete(entry.path.clone()),
                None => self.message = Some("Nothing to delete.".into()),
            },
            Action::Filter => self.mode = Mode::Filter,
            Action::Quit => return vec![Effect::Quit],
            _ => {}
        }
        Vec::new()
    }

    /// The keymap context of the prompt that is open, if one is.
    pub fn prompt(&self) -> Option<Context> {
        match self.mode {
            Mode::List => None,
            Mode::Filter => Some(Context::Filter),
            Mode::Pick(_) => Some(Context::Pick),
            // The title is a form, which takes its own keys.
            Mode::Title { .. } => Some(Context::Form),
            Mode::ConfirmDelete(_) => Some(Context::Confirm),
        }
    }

    /// Keys while a prompt is open, read through the keymap of that prompt.
    pub fn modal_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self
            .prompt()
            .and_then(|context| keymap::action_for(context, &key));
        self.mode = match std::mem::take(&mut self.mode) {
            Mode::List => Mode::List,
            Mode::ConfirmDelete(path) => {
                if action == Some(Action::Yes) {
                    return vec![Effect::Trash(path), Effect::Refresh];
                }
                self.message = Some("Kept.".into());
                Mode::List
            }
            Mode::Filter => {
                self.selected = 0;
                match action {
                    Some(Action::Cancel) => {
                        self.filter.clear();
                        Mode::List
                    }
                    Some(Action::Choose) => Mode::List,
                    // Backspace (`DeleteBack`) and every other key edit the filter.
                    _ => {
                        self.filter.key(key);
                        Mode::Filter
                    }
                }
            }
            Mode::Pick(i) => {
                let all = self.choices();
                let choices = all.len();
                match action {
                    Some(Action::Cancel) => Mode::List,
                    Some(Action::Up) => Mode::Pick((i + choices - 1) % choices),
                    Some(Action::Down) => Mode::Pick((i + 1) % choices),
                    Some(Action::Choose) => {
                        let choice = all[i.min(choices - 1)].clone();
                        Mode::Title {
                            form: title_form(&choice),
                            start: choice.start,
                        }
                    }
                    _ => Mode::Pick(i),
                }
            }
            Mode::Title { start, mut form } => match form.handle_key(key) {
                FormOutcome::Submitted => {
                    let title = form.value(TitleField::Title).trim().to_string();
                    if title.is_empty() {
                        form.error = Some("Give the session a title.".into());
                        Mode::Title { start, form }
                    } else {
                        return vec![created(start, title, &form)];
                    }
                }
                FormOutcome::Cancelled | FormOutcome::DiscardRequested => Mode::Pick(0),
                FormOutcome::Editing => Mode::Title { start, form },
            },
        };
        Vec::new()
    }

    pub fn paste(&mut self, text: &str) {
        match &mut self.mode {
            Mode::Title { form, .. } => form.paste(text),
            Mode::Filter => self.filter.paste(text),
            _ => {}
        }
    }
}
