//! The session browser: every session in the data folder, unreadable files included, with
//! keys to start, open, review, delete and filter. The app loop fills in the entries; this
//! module only holds the view state and turns keys into effects.

use super::action::{Action, Effect};
use super::form::{Field, Form, FormOutcome};
use crate::store::TEMPLATES;
use crossterm::event::{KeyCode, KeyEvent};
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
    pub alignment: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BrowserEntry {
    pub path: PathBuf,
    /// The file name, for unreadable files and the status line.
    pub file: String,
    /// The session, or the sentence saying why it cannot be read.
    pub row: Result<SessionRow, String>,
}

impl BrowserEntry {
    fn matches(&self, filter: &str) -> bool {
        let filter = filter.to_lowercase();
        let hay = match &self.row {
            Ok(r) => format!("{} {} {} {}", r.title, r.service, r.id, self.file),
            Err(e) => format!("{} {e}", self.file),
        };
        filter.is_empty() || hay.to_lowercase().contains(&filter)
    }
}

/// Starting a new session: first what to start from, then its title.
#[derive(Clone, Debug)]
pub enum NewWizard {
    /// 0 is a blank session; 1.. are the built-in templates.
    Pick(usize),
    Title {
        template: Option<&'static str>,
        form: Form,
    },
}

#[derive(Clone, Debug, Default)]
pub struct Browser {
    pub entries: Vec<BrowserEntry>,
    /// Position in the filtered list.
    pub selected: usize,
    pub filter: String,
    /// Typing goes into the filter.
    pub filtering: bool,
    pub wizard: Option<NewWizard>,
    /// The entry awaiting a yes or no to deletion.
    pub confirm_delete: Option<PathBuf>,
    pub message: Option<String>,
    /// The folder, for the header.
    pub dir_label: String,
    /// Why the folder could not be read, if it could not.
    pub error: Option<String>,
}

impl Browser {
    pub fn visible(&self) -> Vec<&BrowserEntry> {
        self.entries
            .iter()
            .filter(|e| e.matches(&self.filter))
            .collect()
    }

    pub fn set_entries(&mut self, entries: Vec<BrowserEntry>) {
        self.entries = entries;
        self.selected = self.selected.min(self.visible().len().saturating_sub(1));
    }

    fn current(&self) -> Option<&BrowserEntry> {
        self.visible().get(self.selected).copied()
    }

    /// Whether a prompt (filter, wizard, confirmation) takes the keys first.
    pub fn modal(&self) -> bool {
        self.filtering || self.wizard.is_some() || self.confirm_delete.is_some()
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.message = None;
        let count = self.visible().len();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = count.saturating_sub(1),
            Action::NewSession => self.wizard = Some(NewWizard::Pick(0)),
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
                None => self.message = Some("No session selected: press n to start one.".into()),
            },
            Action::Delete => match self.current() {
                Some(entry) => self.confirm_delete = Some(entry.path.clone()),
                None => self.message = Some("Nothing to delete.".into()),
            },
            Action::Filter => self.filtering = true,
            Action::Quit => return vec![Effect::Quit],
            _ => {}
        }
        Vec::new()
    }

    /// Keys while a prompt is open.
    pub fn modal_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if let Some(path) = self.confirm_delete.take() {
            if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                return vec![Effect::Trash(path), Effect::Refresh];
            }
            self.message = Some("Kept.".into());
            return Vec::new();
        }
        if self.filtering {
            match key.code {
                KeyCode::Esc => {
                    self.filter.clear();
                    self.filtering = false;
                }
                KeyCode::Enter | KeyCode::Down | KeyCode::Up => self.filtering = false,
                KeyCode::Backspace => {
                    self.filter.pop();
                }
                KeyCode::Char(c) if !c.is_control() => self.filter.push(c),
                _ => {}
            }
            self.selected = 0;
            return Vec::new();
        }
        match self.wizard.take() {
            Some(NewWizard::Pick(i)) => {
                let choices = TEMPLATES.len() + 1;
                self.wizard = match key.code {
                    KeyCode::Esc => None,
                    KeyCode::Up | KeyCode::Char('k') => {
                        Some(NewWizard::Pick((i + choices - 1) % choices))
                    }
                    KeyCode::Down | KeyCode::Char('j') => Some(NewWizard::Pick((i + 1) % choices)),
                    KeyCode::Enter => {
                        let template = i.checked_sub(1).map(|t| TEMPLATES[t]);
                        let title = template.map(|t| t.session().title).unwrap_or_default();
                        let form = Form::new(
                            "Title of the new session",
                            vec![Field::text("Title", &title, 1)],
                        );
                        Some(NewWizard::Title {
                            template: template.map(|t| t.name),
                            form,
                        })
                    }
                    _ => Some(NewWizard::Pick(i)),
                };
            }
            Some(NewWizard::Title { template, mut form }) => match form.handle_key(key) {
                FormOutcome::Submitted => {
                    let title = form.value(0).trim().to_string();
                    if title.is_empty() {
                        form.error = Some("Give the session a title.".into());
                        self.wizard = Some(NewWizard::Title { template, form });
                    } else {
                        return vec![Effect::Create { template, title }];
                    }
                }
                FormOutcome::Cancelled | FormOutcome::DiscardRequested => {
                    self.wizard = Some(NewWizard::Pick(0))
                }
                FormOutcome::Editing => self.wizard = Some(NewWizard::Title { template, form }),
            },
            None => {}
        }
        Vec::new()
    }

    pub fn paste(&mut self, text: &str) {
        match &mut self.wizard {
            Some(NewWizard::Title { form, .. }) => form.paste(text),
            _ if self.filtering => self.filter.extend(text.chars().filter(|c| !c.is_control())),
            _ => {}
        }
    }
}
