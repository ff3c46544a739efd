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
use crate::store::{self, Access, FileStamp, Lock, LockState, Store, StoreError};
use saver::{Job, Saver};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// The open file as covalue last read or wrote it, shared by the writer thread and the saves
/// made on the UI thread, so a write by another program is noticed before it is undone.
type Known = Arc<Mutex<Option<FileStamp>>>;

/// Saves `session` to `path` unless another program wrote the file since `known` was taken.
fn write_session(path: &Path, session: &Session, known: &Known) -> Result<(), StoreError> {
    let mut known = known.lock().unwrap_or_else(PoisonError::into_inner);
    store::save_unless_changed(path, session, &mut known)
}

/// What came of an effect, fed back to the app as an event.
#[derive(Debug)]
pub enum Outcome {
    /// The session was written up to `revision`; `asked` when the user pressed save.
    Saved { revision: u64, asked: bool },
    /// The user asked to save and there was nothing new.
    NothingToSave,
    /// Writing the session failed; the edits stay in memory.
    SaveFailed { error: String },
    /// The session at `revision` is too large to be read back once saved, so nothing was
    /// written; saving it again cannot help until it changes. The edits stay in memory.
    SaveTooLarge { revision: u64, error: String },
    /// Another program wrote the session's file since covalue read or saved it, so nothing was
    /// written over it; the edits stay in memory (and go to a rescue file at quit).
    SaveChangedOnDisk { error: String },
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
    /// The portfolio for the Portfolio screen, or why it could not be made.
    Portfolio(Result<crate::domain::portfolio::Portfolio, String>),
    /// A service's targets were written: the portfolio judged by them, or why not.
    TargetSaved(Result<crate::domain::portfolio::Portfolio, String>),
    /// A service's trend with its session files (oldest first), or why not.
    Trend(Result<(crate::domain::trend::Trend, Vec<PathBuf>), String>),
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
    known: Known,
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

    /// Opens `session` (already read from `path`) for the app to show: for editing with the
    /// edit lock held, or read-only with the reason (asked for, or see `store::Access`).
    pub fn open_loaded(&mut self, path: &Path, session: Session, review: bool) -> Workshop {
        let (mut workshop, file) = open_session(path, session, review);
        self.resume(path, &mut workshop);
        self.find_earlier(&mut workshop);
        self.open = Some(file);
        workshop
    }

    /// Gives a follow-up the review it follows, when that session is in the folder and
    /// readable; without it the follow-up simply shows no "did it work" line.
    fn find_earlier(&self, workshop: &mut Workshop) {
        if let Some(earlier) = self.store.earlier_of(workshop.session()) {
            workshop.set_earlier(earlier);
        }
    }

    /// Puts a reopened session back at the step and item where it was left.
    fn resume(&self, path: &Path, workshop: &mut Workshop) {
        if let Some(place) = self.store.place(path) {
            workshop.resume(place);
        }
    }

    /// Remembers where the open session is left. Best effort: a resume is a convenience, and
    /// failing to record one must never stand in the way of closing or quitting.
    fn remember_place(&self, app: &App) {
        if let (Some(file), Some(w)) = (self.open.as_ref(), app.workshop()) {
            let _ = self.store.remember_place(&file.path, w.place());
        }
    }

    /// Writes `service`'s own target into the folder's portfolio settings (read afresh, so a
    /// hand edit since is kept) and makes the portfolio again.
    fn save_target(
        &self,
        service: &str,
        target: crate::domain::portfolio::Target,
    ) -> Result<crate::domain::portfolio::Portfolio, String> {
        let path = store::targets_path(self.store.dir());
        let mut targets = store::load_targets(&path).map_err(|e| e.to_string())?;
        targets.set(service, target);
        store::save_targets(&path, &targets).map_err(|e| e.to_string())?;
        self.store
            .portfolio(store::now().date())
            .map(|(p, _)| p)
            .map_err(|e| e.to_string())
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
        let open = self.open.as_ref()?;
        let (path, known) = (open.path.clone(), Arc::clone(&open.known));
        let w = app.workshop_mut()?;
        // A session refused as too large is not tried again until it changes.
        if w.refused_as_too_large() {
            return None;
        }
        let snapshot = w.snapshot()?;
        self.background(path, known, snapshot.0, snapshot.1, false)
    }

    fn background(
        &mut self,
        path: PathBuf,
        known: Known,
        session: Session,
        revision: u64,
        asked: bool,
    ) -> Option<Outcome> {
        let job = Job {
            path,
            known,
            session: Box::new(session),
            revision,
            asked,
        };
        match self.saver.send(job) {
            Ok(()) => None,
            // No writer thread: write here rather than not at all.
            Err(job) => Some(save_outcome(
                write_session(&job.path, &job.session, &job.known),
                revision,
                asked,
            )),
        }
    }

    /// Saves the app's session on this thread, after any save in progress; for quit and close.
    fn save_now(&mut self, app: &mut App) -> Vec<Outcome> {
        if let Some(earlier) = self.saver.wait() {
            app.on(earlier);
        }
        let mut outcomes = Vec::new();
        let Some((path, known)) = self
            .open
            .as_ref()
            .map(|f| (f.path.clone(), Arc::clone(&f.known)))
        else {
            return outcomes;
        };
        let Some(w) = app.workshop_mut() else {
            return outcomes;
        };
        w.pause_timer();
        let Some(revision) = w.stamp_for_save() else {
            return outcomes;
        };
        outcomes.push(save_outcome(
            write_session(&path, w.session(), &known),
            revision,
            false,
        ));
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
                let Some((path, known)) = self
                    .open
                    .as_ref()
                    .map(|f| (f.path.clone(), Arc::clone(&f.known)))
                else {
                    return Vec::new();
                };
                let Some(w) = app.workshop_mut() else {
                    return Vec::new();
                };
                if w.read_only().is_some() {
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
                        .background(path, known, session, revision, true)
                        .into_iter()
                        .collect(),
                    None => vec![Outcome::NothingToSave],
                }
            }
            Effect::Quit => {
                self.remember_place(app);
                let mut outcomes = self.save_now(app);
                let failed = outcomes.iter().find_map(|o| match o {
                    Outcome::SaveFailed { error }
                    | Outcome::SaveTooLarge { error, .. }
                    | Outcome::SaveChangedOnDisk { error } => Some(error.clone()),
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
                // The rescue file's name comes from the session's file, never from its content.
                let rescued = app
                    .workshop_mut()
                    .map(|w| store::rescue(&path, w.session()));
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
                self.remember_place(app);
                let mut outcomes = self.save_now(app);
                if outcomes.iter().any(|o| {
                    matches!(
                        o,
                        Outcome::SaveFailed { .. }
                            | Outcome::SaveTooLarge { .. }
                            | Outcome::SaveChangedOnDisk { .. }
                    )
                }) {
                    outcomes.push(Outcome::CloseRefused);
                    return outcomes;
                }
                self.open = None;
                outcomes.push(Outcome::Closed(Box::new(browser(&self.store))));
                outcomes
            }
            Effect::Refresh => vec![Outcome::Listed(browser_entries(&self.store))],
            Effect::Portfolio => vec![Outcome::Portfolio(
                self.store
                    .portfolio(store::now().date())
                    .map(|(p, _)| p)
                    .map_err(|e| e.to_string()),
            )],
            Effect::SaveTarget { service, target } => {
                vec![Outcome::TargetSaved(self.save_target(&service, target))]
            }
            Effect::Trend(service) => vec![Outcome::Trend(
                self.store.trend(&service).map_err(|e| e.to_string()),
            )],
            Effect::Open { path, read_only } => {
                let opened = store::load(&path)
                    .map_err(|e| e.to_string())
                    .map(|s| open_session(&path, s, read_only))
                    .map(|(mut workshop, file)| {
                        self.resume(&path, &mut workshop);
                        (workshop, file)
                    });
                vec![self.opened(opened, false)]
            }
            Effect::Create { start, title } => {
                let id = store::new_id();
                let now = store::now();
                let session = match start {
                    Start::Template(name) => store::Template::find(name)
                        .map(|t| t.start(&id, now))
                        .ok_or_else(|| format!("there is no template {name:?}")),
                    Start::Example(name) => store::Template::find(name)
                        .map(|t| t.example(&id, now))
                        .ok_or_else(|| format!("there is no template {name:?}")),
                    Start::Blank => Ok(Session::new(&id, "", now)),
                    Start::FollowUp(path) => store::load(&path)
                        .map(|previous| follow_up(&previous, &id, &title, now))
                        .map_err(|e| e.to_string()),
                };
                let created = session.and_then(|mut session| {
                    session.title = title;
                    let path = self.store.create(&session).map_err(|e| e.to_string())?;
                    Ok(open_session(&path, session, false))
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
            Ok((mut workshop, file)) => {
                self.find_earlier(&mut workshop);
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

/// What a save came to, as an outcome for the app: a session too large to read back is
/// refused for good (until it changes); anything else is worth trying again.
fn save_outcome(result: Result<(), StoreError>, revision: u64, asked: bool) -> Outcome {
    match result {
        Ok(()) => Outcome::Saved { revision, asked },
        Err(e @ StoreError::TooLarge { .. }) => Outcome::SaveTooLarge {
            revision,
            error: e.to_string(),
        },
        Err(e @ StoreError::ChangedOnDisk { .. }) => Outcome::SaveChangedOnDisk {
            error: e.to_string(),
        },
        Err(e) => Outcome::SaveFailed {
            error: e.to_string(),
        },
    }
}

/// Builds the workshop for `session`, read from `path`: for editing with the edit lock held,
/// or read-only when asked (a review) or when the store says why it cannot be edited here
/// (another covalue has it, a link, someone else's file, a lock that cannot be taken).
fn open_session(path: &Path, session: Session, review: bool) -> (Workshop, OpenFile) {
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let (read_only, lock) = if review {
        (Some("opened for review".to_string()), None)
    } else {
        match store::open_for_editing(path) {
            Access::Edit(lock) => (None, Some(lock)),
            Access::ReadOnly(reason) => (Some(reason.to_string()), None),
        }
    };
    let mut workshop = Workshop::new(session, label, read_only.clone());
    workshop.today = Some(store::now().date());
    if let Some(reason) = read_only {
        workshop.set_message(Some(format!("Read-only: {reason}.")));
    }
    // Taken as the file is opened: a change from here on is another program's.
    let known = lock.as_ref().and_then(|_| FileStamp::of(path));
    (
        workshop,
        OpenFile {
            path: path.to_path_buf(),
            _lock: lock,
            known: Arc::new(Mutex::new(known)),
        },
    )
}

/// The browser's rows for the sessions in `store`, from its (cached) listing: the numbers are
/// the room's, so none comes from a rating still hidden.
pub fn browser_entries(store: &Store) -> Result<Vec<BrowserEntry>, String> {
    let listed = store.sessions().map_err(|e| e.to_string())?;
    let today = store::now().date();
    Ok(listed
        .into_iter()
        .map(|entry| {
            let file = entry.file_name();
            // The list names the file already; the error says where in it, and what.
            let row = match entry.info {
                Ok(info) => Ok(SessionRow::of(&info, today)),
                Err(e) => Err(match e.position {
                    Some((line, column)) => format!("line {line}, column {column}: {}", e.message),
                    None => e.message,
                }),
            };
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
