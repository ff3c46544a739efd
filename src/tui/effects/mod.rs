//! Carrying out effects against the store: saving (off the UI thread), opening, creating and
//! trashing sessions, listing the folder, writing settings. Each effect ends in an `Outcome`
//! that the app turns into state and messages; nothing here holds screen state or writes a
//! message a user reads.

mod saver;

use super::action::{Effect, Start};
use super::app::App;
use super::screens::browser::{Browser, BrowserEntry, SessionRow};
use super::screens::workshop::Workshop;
use crate::domain::Session;
use crate::domain::follow_up::follow_up;
use crate::domain::value::summarize_for_room;
use crate::store::{self, Lock, LockState, OpenError, Store, StoreError};
use saver::{Job, Saver};
use std::path::{Path, PathBuf};

/// What came of an effect, fed back to the app as an event.
#[derive(Debug)]
pub enum Outcome {
    /// The session was written up to `revision`; `asked` when the user pressed save.
    Saved { revision: u64, asked: bool },
    /// The user asked to save and there was nothing new.
    NothingToSave,
    /// Writing the session failed; the edits stay in memory.
    SaveFailed { error: String },
    /// A session was opened (or created and opened) from the browser.
    Opened { workshop: Box<Workshop>, new: bool },
    /// A session could not be opened or created; the sentence says why.
    OpenFailed(String),
    /// The folder was read again for the browser.
    Listed(Result<Vec<BrowserEntry>, String>),
    /// The open session was closed (saved first): show this browser.
    Closed(Box<Browser>),
    /// Closing was refused because the session could not be saved.
    CloseRefused,
    /// A session was moved to the trash, to this path.
    Trashed(PathBuf),
    /// A session was not trashed: another covalue has it open.
    TrashRefused,
    /// Trashing failed.
    TrashFailed(String),
    /// The settings could not be written.
    SettingsFailed(String),
    /// Quitting was refused: the session could be saved neither to its file nor to a rescue file.
    QuitRefused(String),
    /// The app should end.
    Ended(Ending),
}

/// How the app ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    /// Everything is saved (or there was nothing to save).
    Clean,
    /// The session file could not be written; the session went to a rescue file.
    Rescued {
        path: PathBuf,
        error: String,
        rescue: PathBuf,
    },
    /// Nothing could be written and a signal asked to end regardless.
    Lost { path: PathBuf, error: String },
}

/// The session file behind the open workshop, and its edit lock while we hold it.
struct OpenFile {
    path: PathBuf,
    _lock: Option<Lock>,
}

/// Carries out effects for one app against one sessions folder.
pub struct Effects {
    store: Store,
    open: Option<OpenFile>,
    settings_path: Option<PathBuf>,
    saver: Saver,
    /// A signal or a hang-up asked to end: quit even when nothing could be saved.
    pub stopping: bool,
}

impl Effects {
    pub fn new(store: Store, settings_path: Option<PathBuf>) -> Effects {
        Effects {
            store,
            open: None,
            settings_path,
            saver: Saver::start(),
            stopping: false,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Opens `session` (already read from `path`) for the app to show; takes the edit lock.
    pub fn open_loaded(
        &mut self,
        path: &Path,
        session: Session,
        review: bool,
    ) -> Result<Workshop, StoreError> {
        let (workshop, file) = open_session(path, session, review)?;
        self.open = Some(file);
        Ok(workshop)
    }

    /// Whether a save is being written now.
    pub fn saving(&self) -> bool {
        self.saver.busy
    }

    /// The outcome of a background save that has finished since the last call.
    pub fn finished(&mut self) -> Option<Outcome> {
        self.saver.finished()
    }

    /// Waits for the save being written, if any, and returns its outcome.
    pub fn wait(&mut self) -> Option<Outcome> {
        self.saver.wait()
    }

    /// Starts a background save of the app's session if it has changes and none is running.
    pub fn autosave(&mut self, app: &mut App) -> Option<Outcome> {
        if self.saver.busy {
            return None;
        }
        let path = self.open.as_ref()?.path.clone();
        let snapshot = app.workshop_mut()?.snapshot()?;
        self.background(path, snapshot.0, snapshot.1, false)
    }

    fn background(
        &mut self,
        path: PathBuf,
        session: Session,
        revision: u64,
        asked: bool,
    ) -> Option<Outcome> {
        let job = Job {
            path,
            session: Box::new(session),
            revision,
            asked,
        };
        match self.saver.send(job) {
            Ok(()) => None,
            // No writer thread: write here rather than not at all.
            Err(job) => Some(match store::save(&job.path, &job.session) {
                Ok(()) => Outcome::Saved { revision, asked },
                Err(e) => Outcome::SaveFailed {
                    error: e.to_string(),
                },
            }),
        }
    }

    /// Saves the app's session on this thread, after any save in progress; for quit and close.
    fn save_now(&mut self, app: &mut App) -> Vec<Outcome> {
        if let Some(earlier) = self.saver.wait() {
            app.on(earlier);
        }
        let mut outcomes = Vec::new();
        let Some(path) = self.open.as_ref().map(|f| f.path.clone()) else {
            return outcomes;
        };
        let Some(w) = app.workshop_mut() else {
            return outcomes;
        };
        w.pause_timer();
        let Some(revision) = w.stamp_for_save() else {
            return outcomes;
        };
        outcomes.push(match store::save(&path, &w.session) {
            Ok(()) => Outcome::Saved {
                revision,
                asked: false,
            },
            Err(e) => Outcome::SaveFailed {
                error: e.to_string(),
            },
        });
        outcomes
    }

    /// Carries out `effect` for `app`, feeding every outcome back to it. Returns how the app
    /// ended, when it has.
    pub fn run(&mut self, effect: Effect, app: &mut App) -> Option<Ending> {
        for outcome in self.perform(effect, app) {
            if let Outcome::Ended(ending) = outcome {
                return Some(ending);
            }
            app.on(outcome);
        }
        None
    }

    /// Carries out `effect`; the outcomes are for `App::on`.
    pub fn perform(&mut self, effect: Effect, app: &mut App) -> Vec<Outcome> {
        match effect {
            Effect::Save => {
                let Some(path) = self.open.as_ref().map(|f| f.path.clone()) else {
                    return Vec::new();
                };
                let Some(w) = app.workshop_mut() else {
                    return Vec::new();
                };
                if w.read_only.is_some() {
                    return Vec::new();
                }
                // A save already running may be older than this press: wait for it, then
                // write what is on screen now.
                let earlier: Vec<Outcome> = self.saver.wait().into_iter().collect();
                for outcome in earlier {
                    app.on(outcome);
                }
                let Some(w) = app.workshop_mut() else {
                    return Vec::new();
                };
                match w.snapshot() {
                    Some((session, revision)) => self
                        .background(path, session, revision, true)
                        .into_iter()
                        .collect(),
                    None => vec![Outcome::NothingToSave],
                }
            }
            Effect::Quit => {
                let mut outcomes = self.save_now(app);
                let failed = outcomes.iter().find_map(|o| match o {
                    Outcome::SaveFailed { error } => Some(error.clone()),
                    _ => None,
                });
                let Some(error) = failed else {
                    outcomes.push(Outcome::Ended(Ending::Clean));
                    return outcomes;
                };
                let path = self
                    .open
                    .as_ref()
                    .map(|f| f.path.clone())
                    .unwrap_or_default();
                let rescued = app.workshop_mut().map(|w| rescue(&w.session));
                match rescued {
                    Some(Ok(rescue)) => outcomes.push(Outcome::Ended(Ending::Rescued {
                        path,
                        error,
                        rescue,
                    })),
                    Some(Err(e)) if !self.stopping => {
                        outcomes.push(Outcome::QuitRefused(e.to_string()));
                    }
                    Some(Err(e)) => outcomes.push(Outcome::Ended(Ending::Lost {
                        path,
                        error: e.to_string(),
                    })),
                    None => outcomes.push(Outcome::Ended(Ending::Clean)),
                }
                outcomes
            }
            Effect::Close => {
                let mut outcomes = self.save_now(app);
                if outcomes
                    .iter()
                    .any(|o| matches!(o, Outcome::SaveFailed { .. }))
                {
                    outcomes.push(Outcome::CloseRefused);
                    return outcomes;
                }
                self.open = None;
                outcomes.push(Outcome::Closed(Box::new(browser(&self.store))));
                outcomes
            }
            Effect::Refresh => vec![Outcome::Listed(browser_entries(&self.store))],
            Effect::Open { path, read_only } => {
                let opened = store::load(&path)
                    .map_err(|e| e.to_string())
                    .and_then(|s| open_session(&path, s, read_only).map_err(|e| e.to_string()));
                vec![self.opened(opened, false)]
            }
            Effect::Create { start, title } => {
                let id = store::new_id();
                let now = store::now();
                let session = match start {
                    Start::Template(name) => store::Template::find(name)
                        .map(|t| t.instantiate(&id, now))
                        .ok_or_else(|| format!("there is no template {name:?}")),
                    Start::Blank => Ok(Session::new(&id, "", now)),
                    Start::FollowUp(path) => store::load(&path)
                        .map(|previous| follow_up(&previous, &id, &title, now))
                        .map_err(|e| e.to_string()),
                };
                let created = session.and_then(|mut session| {
                    session.title = title;
                    let path = self.store.create(&session).map_err(|e| e.to_string())?;
                    open_session(&path, session, false).map_err(|e| e.to_string())
                });
                vec![self.opened(created, true)]
            }
            Effect::SaveSettings(settings) => match &self.settings_path {
                Some(path) => match settings.save(path) {
                    Ok(()) => Vec::new(),
                    Err(e) => vec![Outcome::SettingsFailed(e.to_string())],
                },
                None => Vec::new(),
            },
            // The terminal's driver suspends; there is nothing to do with files.
            Effect::Suspend => Vec::new(),
            Effect::Trash(path) => {
                if matches!(store::lock(&path), Ok(LockState::HeldElsewhere)) {
                    return vec![Outcome::TrashRefused];
                }
                vec![match self.store.trash(&path) {
                    Ok(to) => Outcome::Trashed(to),
                    Err(e) => Outcome::TrashFailed(e.to_string()),
                }]
            }
        }
    }

    fn opened(&mut self, opened: Result<(Workshop, OpenFile), String>, new: bool) -> Outcome {
        match opened {
            Ok((workshop, file)) => {
                self.open = Some(file);
                Outcome::Opened {
                    workshop: Box::new(workshop),
                    new,
                }
            }
            Err(e) => Outcome::OpenFailed(e),
        }
    }
}

/// Takes the edit lock of `path` and builds the workshop for `session`; read-only when asked,
/// or when another program has it open.
fn open_session(
    path: &Path,
    session: Session,
    review: bool,
) -> Result<(Workshop, OpenFile), StoreError> {
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let (read_only, lock) = if review {
        (Some("opened for review".to_string()), None)
    } else {
        match store::lock(path)? {
            LockState::Acquired(lock) => (None, Some(lock)),
            LockState::HeldElsewhere => (
                Some("this session is open for editing in another covalue".to_string()),
                None,
            ),
        }
    };
    let mut workshop = Workshop::new(session, label, read_only.clone());
    workshop.today = Some(store::now().date());
    if let Some(reason) = read_only {
        workshop.message = Some(format!("Read-only: {reason}."));
    }
    Ok((
        workshop,
        OpenFile {
            path: path.to_path_buf(),
            _lock: lock,
        },
    ))
}

/// Where a session goes when its own file cannot be written at quit.
fn rescue(session: &Session) -> Result<PathBuf, StoreError> {
    let path = std::env::temp_dir().join(format!("covalue-rescue-{}.ron", session.id));
    store::save(&path, session)?;
    Ok(path)
}

/// The browser's rows for the sessions in `store`.
pub fn browser_entries(store: &Store) -> Result<Vec<BrowserEntry>, String> {
    let entries = store.list().map_err(|e| e.to_string())?;
    let today = store::now().date();
    Ok(entries
        .into_iter()
        .map(|entry| {
            let file = entry
                .path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            // The list names the file already; the error says where in it, and what.
            let row = entry.session.map_err(|e| match e {
                OpenError::Invalid(store::LoadError {
                    position: Some((line, column)),
                    message,
                    ..
                }) => {
                    format!("line {line}, column {column}: {message}")
                }
                OpenError::Invalid(e) => e.message,
                OpenError::Io(e) => e.to_string(),
            });
            let row = row.map(|s| {
                // The browser may be on a projector: no number from a rating still hidden.
                let summary = summarize_for_room(&s);
                SessionRow {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    service: s.service.clone(),
                    mode: s.mode.name(),
                    updated: s
                        .updated
                        .to_string()
                        .replace('T', " ")
                        .trim_end_matches('Z')
                        .chars()
                        .take(16)
                        .collect(),
                    value_index: summary.value_index.value,
                    alignment: summary.alignment,
                    partial: summary.is_partial(s.mode),
                    overdue: s.agreements.iter().filter(|a| a.is_overdue(today)).count(),
                }
            });
            BrowserEntry {
                path: entry.path,
                file,
                row,
            }
        })
        .collect())
}

/// A browser of the sessions in `store`.
pub fn browser(store: &Store) -> Browser {
    let mut b = Browser {
        dir_label: store.dir().display().to_string(),
        ..Browser::default()
    };
    match browser_entries(store) {
        Ok(entries) => b.set_entries(entries),
        Err(e) => b.error = Some(e),
    }
    b
}
