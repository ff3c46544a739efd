//! Carrying out effects against the store: saving (off the UI thread), opening, creating and
//! trashing sessions, listing the folder, writing settings. Each effect comes as a `Task` that
//! already holds what it needs of the app's state (a copy of the session to write), so
//! performing never sees the app; each ends in `Outcome`s that the driver hands to the app.
//! Nothing here holds screen state or writes a message a user reads.

mod saver;

pub use super::outcome::{Ending, Outcome};

use super::action::{Effect, Start};
use super::screens::browser::{Browser, BrowserEntry, SessionRow, Unreadable};
use super::screens::workshop::Workshop;
use crate::domain::Session;
use crate::domain::follow_up::follow_up;
use crate::store::{
    self, Access, FileStamp, Lock, LockState, OpenError, Place, PortfolioError, Store, StoreError,
};
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

/// A copy of the open session to write, at the revision it was taken.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub session: Session,
    pub revision: u64,
}

/// What leaving the open session needs of it: where it was left, and a copy when it has
/// changes not yet on disk.
#[derive(Clone, Debug, Default)]
pub struct Leaving {
    pub place: Option<Place>,
    pub unsaved: Option<Snapshot>,
}

/// An effect with what carrying it out needs of the app's state, taken by the driver
/// (`tui::driver`), so performing never reaches into the app.
#[derive(Clone, Debug)]
pub enum Task {
    /// `Effect::Save`: write this copy off the UI thread; `None` when nothing is new.
    Save(Option<Snapshot>),
    /// `Effect::Quit`: write what is unsaved (to a rescue file if need be), then end.
    Quit(Leaving),
    /// `Effect::Close`: write what is unsaved, then back to the session browser.
    Close(Leaving),
    /// Any other effect: it needs nothing of the app.
    Other(Effect),
}

/// Why a session could not be opened or created from the browser; the sentence is the user's.
#[derive(Debug, thiserror::Error)]
pub enum NotOpened {
    /// Its file (or the one a follow-up follows) could not be read.
    #[error(transparent)]
    Read(#[from] OpenError),
    /// The new session could not be written to the folder.
    #[error(transparent)]
    Create(#[from] StoreError),
    /// The wizard named a template covalue does not have.
    #[error("there is no template {0:?}")]
    NoTemplate(&'static str),
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

    /// Whether a session file is open (and so there is somewhere to save to).
    pub fn holds_file(&self) -> bool {
        self.open.is_some()
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
    fn remember_place(&self, place: Option<Place>) {
        if let (Some(file), Some(place)) = (self.open.as_ref(), place) {
            let _ = self.store.remember_place(&file.path, place);
        }
    }

    /// Writes `service`'s own target into the folder's portfolio settings (read afresh, so a
    /// hand edit since is kept) and makes the portfolio again.
    fn save_target(
        &self,
        service: &str,
        target: crate::domain::portfolio::Target,
    ) -> Result<crate::domain::portfolio::Portfolio, PortfolioError> {
        let path = store::targets_path(self.store.dir());
        let mut targets = store::load_targets(&path)?;
        targets.set(service, target);
        store::save_targets(&path, &targets)?;
        self.store.portfolio(store::now().date()).map(|(p, _)| p)
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

    /// Starts writing `copy` to the open file off this thread (`asked` when the user pressed
    /// save). The outcome comes later through [`Effects::finished`], or now when there is no
    /// writer thread and it was written here.
    pub fn save_in_background(&mut self, copy: Snapshot, asked: bool) -> Option<Outcome> {
        let open = self.open.as_ref()?;
        let job = Job {
            path: open.path.clone(),
            known: Arc::clone(&open.known),
            session: Box::new(copy.session),
            revision: copy.revision,
            asked,
        };
        match self.saver.send(job) {
            Ok(()) => None,
            // No writer thread: write here rather than not at all.
            Err(job) => Some(save_outcome(
                write_session(&job.path, &job.session, &job.known),
                job.revision,
                asked,
            )),
        }
    }

    /// Writes `unsaved` on this thread, for quit and close (the driver has waited for any
    /// save in progress).
    fn write_now(&self, unsaved: Option<&Snapshot>) -> Vec<Outcome> {
        match (self.open.as_ref(), unsaved) {
            (Some(file), Some(copy)) => vec![save_outcome(
                write_session(&file.path, &copy.session, &file.known),
                copy.revision,
                false,
            )],
            _ => Vec::new(),
        }
    }

    /// Carries out `task`; the outcomes are for `App::on`, in order.
    pub fn carry_out(&mut self, task: Task) -> Vec<Outcome> {
        match task {
            Task::Save(Some(copy)) => self.save_in_background(copy, true).into_iter().collect(),
            Task::Save(None) => vec![Outcome::NothingToSave],
            Task::Quit(leaving) => self.quit(leaving),
            Task::Close(leaving) => self.close(leaving),
            Task::Other(effect) => self.other(effect),
        }
    }

    /// Saves what is unsaved and ends; when the file cannot be written the session goes to a
    /// rescue file, and when that fails too, quitting is refused (unless a signal insists).
    fn quit(&mut self, leaving: Leaving) -> Vec<Outcome> {
        self.remember_place(leaving.place);
        let mut outcomes = self.write_now(leaving.unsaved.as_ref());
        let failed = outcomes
            .iter()
            .find_map(|o| o.save_error().map(str::to_string));
        let (Some(error), Some(copy)) = (failed, leaving.unsaved) else {
            outcomes.push(Outcome::Ended(Ending::Clean));
            return outcomes;
        };
        let path = self
            .open
            .as_ref()
            .map(|f| f.path.clone())
            .unwrap_or_default();
        // The rescue file's name comes from the session's file, never from its content.
        outcomes.push(match store::rescue(&path, &copy.session) {
            Ok(rescue) => Outcome::Ended(Ending::Rescued {
                path,
                error,
                rescue,
            }),
            Err(e) if !self.stopping => Outcome::QuitRefused(e.to_string()),
            Err(e) => Outcome::Ended(Ending::Lost {
                path,
                error: e.to_string(),
            }),
        });
        outcomes
    }

    /// Saves what is unsaved and goes back to the browser; refused when the save failed.
    fn close(&mut self, leaving: Leaving) -> Vec<Outcome> {
        self.remember_place(leaving.place);
        let mut outcomes = self.write_now(leaving.unsaved.as_ref());
        if outcomes.iter().any(|o| o.save_error().is_some()) {
            outcomes.push(Outcome::CloseRefused);
            return outcomes;
        }
        self.open = None;
        outcomes.push(Outcome::Closed(Box::new(browser(&self.store))));
        outcomes
    }

    /// The effects that need nothing of the app.
    fn other(&mut self, effect: Effect) -> Vec<Outcome> {
        match effect {
            // Save, quit and close come as their own tasks; with nothing open they do nothing.
            Effect::Save | Effect::Quit | Effect::Close => Vec::new(),
            Effect::Refresh => vec![Outcome::Listed(browser_entries(&self.store))],
            Effect::Portfolio => vec![Outcome::Portfolio(
                self.store.portfolio(store::now().date()).map(|(p, _)| p),
            )],
            Effect::SaveTarget { service, target } => {
                vec![Outcome::TargetSaved(self.save_target(&service, target))]
            }
            Effect::Trend(service) => vec![Outcome::Trend(self.store.trend(&service))],
            Effect::Open { path, read_only } => vec![self.open(&path, read_only)],
            Effect::Create { start, title } => vec![self.create(start, title)],
            Effect::SaveSettings(settings) => match &self.settings_path {
                Some(path) => match settings.save(path) {
                    Ok(()) => Vec::new(),
                    Err(e) => vec![Outcome::SettingsFailed(e.to_string())],
                },
                None => Vec::new(),
            },
            // The terminal's driver suspends; there is nothing to do with files.
            Effect::Suspend => Vec::new(),
            Effect::Trash(path) => vec![self.trash(&path)],
        }
    }

    /// Opens the session file at `path` from the browser, where it was left.
    fn open(&mut self, path: &Path, read_only: bool) -> Outcome {
        let opened = store::load(path)
            .map_err(NotOpened::from)
            .map(|s| open_session(path, s, read_only))
            .map(|(mut workshop, file)| {
                self.resume(path, &mut workshop);
                (workshop, file)
            });
        self.opened(opened, false)
    }

    /// Creates a session from `start`, titled `title`, in the folder, and opens it.
    fn create(&mut self, start: Start, title: String) -> Outcome {
        let id = store::new_id();
        let now = store::now();
        let session = match start {
            Start::Template(name) => store::Template::find(name)
                .map(|t| t.start(&id, now))
                .ok_or(NotOpened::NoTemplate(name)),
            Start::Example(name) => store::Template::find(name)
                .map(|t| t.example(&id, now))
                .ok_or(NotOpened::NoTemplate(name)),
            Start::Blank => Ok(Session::new(&id, "", now)),
            Start::FollowUp(path) => store::load(&path)
                .map(|previous| follow_up(&previous, &id, &title, now))
                .map_err(NotOpened::from),
        };
        let created = session.and_then(|mut session| {
            session.title = title;
            let path = self.store.create(&session)?;
            Ok(open_session(&path, session, false))
        });
        self.opened(created, true)
    }

    /// Moves the session at `path` to the trash, unless another covalue has it open.
    fn trash(&self, path: &Path) -> Outcome {
        if matches!(store::lock(path), Ok(LockState::HeldElsewhere)) {
            return Outcome::TrashRefused;
        }
        match self.store.trash(path) {
            Ok(to) => Outcome::Trashed(to),
            Err(e) => Outcome::TrashFailed(e.to_string()),
        }
    }

    fn opened(&mut self, opened: Result<(Workshop, OpenFile), NotOpened>, new: bool) -> Outcome {
        match opened {
            Ok((mut workshop, file)) => {
                self.find_earlier(&mut workshop);
                self.open = Some(file);
                Outcome::Opened {
                    workshop: Box::new(workshop),
                    new,
                }
            }
            Err(e) => Outcome::OpenFailed(e.to_string()),
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
pub fn browser_entries(store: &Store) -> Result<Vec<BrowserEntry>, StoreError> {
    let listed = store.sessions()?;
    let today = store::now().date();
    // A session a follow-up was made from: its open actions went on in the follow-up, which
    // says whether they are overdue (as the portfolio and `compare` count them).
    let followed: std::collections::HashSet<String> = listed
        .iter()
        .filter_map(|entry| entry.info.as_ref().ok())
        .map(|info| info.follows.clone())
        .filter(|id| !id.is_empty())
        .collect();
    Ok(listed
        .into_iter()
        .map(|entry| {
            let file = entry.file_name();
            // The list names the file already; the error says where in it, and what.
            let row = match entry.info {
                Ok(info) => {
                    let mut row = SessionRow::of(&info, today);
                    if followed.contains(&info.id) {
                        row.overdue = 0;
                    }
                    Ok(row)
                }
                Err(e) => Err(match e.position {
                    Some((line, column)) => Unreadable::At {
                        line,
                        column,
                        message: e.message,
                    },
                    None => Unreadable::File(e.message),
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
        Err(e) => b.error = Some(e.to_string()),
    }
    b
}
