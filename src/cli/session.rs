//! The commands that make or open a session for the terminal UI: `new`, `open`, `review`. Each
//! returns what the TUI should open; `open` and `review` have the TUI say "Opening…" while
//! they read the file (`tui::opening`), and draw nothing else.

use super::error::Failure;
use super::find::load;
use super::output::out;
use super::prework::owner_of;
use crate::domain::follow_up::{follow_up, same_service};
use crate::domain::{Mode, Session};
use crate::store::{self, Store, Template};
use crate::text::{clean, one_line};
use crate::tui::Launch;
use crate::tui::opening::Opening;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a command leaves for the TUI to open, if anything, and the terminal that said
/// "Opening…" while it read the file, if one did.
pub type Next = Option<(Store, Launch, Option<Opening>)>;

/// `covalue new`.
#[derive(Args, Debug)]
pub struct NewArgs {
    /// The session's title, shown in the list and atop reports (else the template's, "New
    /// session", or "SERVICE follow-up" with --from)
    #[arg(long)]
    pub title: Option<String>,
    /// The service whose value is reviewed; sessions of one service are followed up and
    /// compared (else the template's, the earlier session's, or none)
    #[arg(long)]
    pub service: Option<String>,
    /// Start from a built-in template (see `covalue templates`): its context and items to
    /// rate, with no ratings, agreements, notes or closing answers, blind
    #[arg(long, value_name = "NAME", conflicts_with = "from")]
    pub template: Option<String>,
    /// With --template: the whole worked example instead, for a demo or for learning: rated
    /// by its own participants, due dates from today, its title saying it is an example
    #[arg(long, requires = "template")]
    pub example: bool,
    /// Follow up an earlier session: its open agreements first, its items with ratings cleared
    #[arg(long, value_name = "SESSION")]
    pub from: Option<String>,
    /// Who rates
    #[arg(long, value_parser = mode_parser())]
    pub mode: Option<Mode>,
    /// Reports and JSON show sides and groups only, never names
    #[arg(long)]
    pub anonymous: bool,
    /// Print the new file's path and exit instead of opening it
    #[arg(long)]
    pub no_open: bool,
}

/// `--mode`: the mode's own names (`Mode::VARIANTS`), so the command line and the files agree.
fn mode_parser() -> impl clap::builder::TypedValueParser<Value = Mode> {
    use clap::builder::TypedValueParser;
    use strum::VariantNames;
    clap::builder::PossibleValuesParser::new(Mode::VARIANTS).try_map(|name| name.parse::<Mode>())
}

impl NewArgs {
    /// Creates the session file; prints its path with `--no-open`, else opens it.
    pub fn run(self, store: Store, w: &mut dyn Write) -> Result<Next, Failure> {
        let previous = self
            .from
            .as_ref()
            .map(|what| load(&store, what))
            .transpose()?;
        if previous.is_none()
            && let Some(service) = &self.service
        {
            suggest_from(&store, service);
        }
        let mut session = self.start(previous.map(|(_, session)| session))?;
        if let Some(title) = self.title {
            // An example says so in its title, whatever it is called.
            session.title = if self.example {
                store::example_title(&title)
            } else {
                title
            };
        }
        if let Some(service) = self.service {
            session.service = service;
        }
        if let Some(mode) = self.mode {
            session.mode = mode;
        }
        if self.anonymous {
            session.anonymous = true;
        }
        let path = store.create(&session).map_err(Failure::data)?;
        if self.no_open {
            out(w, &format!("{}\n", clean(&path.display().to_string())))?;
            Ok(None)
        } else {
            Ok(Some((store, Launch::Edit(path, Box::new(session)), None)))
        }
    }

    /// The new session before the options that override it: a follow-up of `previous`, a
    /// template's start or worked example, or a blank session.
    fn start(&self, previous: Option<Session>) -> Result<Session, Failure> {
        let id = store::new_id();
        let now = store::now();
        if let Some(previous) = previous {
            let title = self
                .title
                .clone()
                .unwrap_or_else(|| follow_up_title(&previous));
            return Ok(follow_up(&previous, &id, &title, now));
        }
        let Some(name) = &self.template else {
            return Ok(Session::new(&id, "New session", now));
        };
        let template = Template::find(name).ok_or_else(|| Failure::NoTemplate {
            name: name.clone(),
            names: store::TEMPLATES
                .iter()
                .map(|t| t.name)
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        Ok(if self.example {
            template.example(&id, now)
        } else {
            template.start(&id, now)
        })
    }
}

/// Points at `new --from` when the folder already holds sessions of `service`, as a warning
/// on stderr (an unreadable listing only loses the hint).
fn suggest_from(store: &Store, service: &str) {
    let Ok(listed) = store.sessions() else {
        return;
    };
    let latest = listed
        .iter()
        .filter_map(|l| l.info.as_ref().ok())
        .filter(|i| same_service(&i.service, service))
        .max_by_key(|i| i.updated);
    if let Some(latest) = latest {
        eprintln!(
            "covalue: {} already has sessions; `covalue new --from {}` would start from the latest, with its open agreements",
            clean(service),
            clean(&latest.id)
        );
    }
}

/// The title a follow-up gets when none is given: named after the service, or after the
/// previous session where it names no service (never a title that starts with a space).
fn follow_up_title(previous: &Session) -> String {
    let service = previous.service.trim();
    if service.is_empty() {
        format!("{} follow-up", previous.title.trim())
    } else {
        format!("{service} follow-up")
    }
}

/// `covalue open`.
#[derive(Args, Debug)]
pub struct OpenArgs {
    /// A .ron path, a file name in the sessions folder, a session id (or a unique prefix), or a unique part of a title
    pub session: String,
    /// Rate alone as this participant: nobody else's ratings are shown, and only your
    /// ratings, notes and new items can change (a self-assessment to merge later)
    #[arg(long = "as", value_name = "NAME")]
    pub as_name: Option<String>,
    /// Walk an agenda instead of every step: `gaps`, only the discuss-next items, one at
    /// a time, largest first (each revealed as it is shown)
    #[arg(long, value_enum, value_name = "WHICH", conflicts_with = "as_name")]
    pub agenda: Option<AgendaKind>,
}

/// `open --agenda`: which agenda the workshop walks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AgendaKind {
    /// Only the discuss-next items, largest first
    Gaps,
}

impl OpenArgs {
    /// Opens the session for editing: as one person (`--as`, or a pre-work copy's owner), on
    /// an agenda, or whole.
    pub fn run(self, store: Store) -> Result<Next, Failure> {
        let (path, session, opening) = load_opening(&store, &self.session)?;
        if self.agenda == Some(AgendaKind::Gaps) {
            let launch = Launch::Gaps(path, Box::new(session));
            return Ok(Some((store, launch, opening)));
        }
        let Some(name) = self.as_name.or_else(|| owner_of(&session)) else {
            let launch = Launch::Edit(path, Box::new(session));
            return Ok(Some((store, launch, opening)));
        };
        // Said here, before the workshop's screen (the opening's terminal given back), when
        // the name is not a rater.
        let rater = session.rater_named(&name).map_err(Failure::data)?;
        only_as_owner(&path, &session, &rater.name)?;
        let launch = Launch::EditAs(path, Box::new(session), rater.name);
        Ok(Some((store, launch, opening)))
    }
}

/// The session named `what`, found and read while the terminal says "Opening…" (when there
/// is one). An error drops the opening, which gives the terminal back before it is printed.
fn load_opening(store: &Store, what: &str) -> Result<(PathBuf, Session, Option<Opening>), Failure> {
    // Shown before the search too: finding a session by id or title may read many files.
    let mut opening = Opening::show(what);
    let load = || load(store, what);
    let (path, session) = match opening.as_mut() {
        Some(opening) => opening.while_reading(load),
        None => load(),
    }?;
    Ok((path, session, opening))
}

/// Refuses to open someone's pre-work copy as another person, naming whose it is.
fn only_as_owner(path: &Path, session: &Session, name: &str) -> Result<(), Failure> {
    match owner_of(session) {
        Some(owner) if owner != name => Err(Failure::NotTheOwner {
            path: clean(&path.display().to_string()).into_owned(),
            owner: one_line(&owner),
        }),
        _ => Ok(()),
    }
}

/// `covalue review`.
#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// A .ron path, a file name in the sessions folder, a session id (or a unique prefix), or a unique part of a title
    pub session: String,
}

impl ReviewArgs {
    /// Opens the session read-only.
    pub fn run(self, store: Store) -> Result<Next, Failure> {
        let (path, session, opening) = load_opening(&store, &self.session)?;
        let launch = Launch::Review(path, Box::new(session));
        Ok(Some((store, launch, opening)))
    }
}
