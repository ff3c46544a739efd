//! The command line (PRODUCT.md "The command line", a contract): parses arguments with clap,
//! runs the subcommands that need no terminal UI, and hands the rest to the TUI.
//! Exit codes: 0 ok, 1 invalid data or a failed check, 2 wrong usage.

use crate::domain::compare::compare_as;
use crate::domain::follow_up::{follow_up, same_service};
use crate::domain::{Mode, Session, Viewer, summarize_as};
use crate::report;
use crate::store::{self, Store, Template};
use crate::text::{clean, one_line};
use crate::tui::Launch;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "covalue",
    version,
    about = "Value co-creation workshops in the terminal, built on ITIL 4's idea of value."
)]
pub struct Cli {
    /// The folder that holds the session files themselves (not a folder above it); the default
    /// is sessions/ in your data folder [env: COVALUE_DATA_DIR]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a session, blank or from a built-in template, and open it at the Setup step
    New {
        /// The session's title, shown in the list and atop reports (else the template's, "New
        /// session", or "SERVICE follow-up" with --from)
        #[arg(long)]
        title: Option<String>,
        /// The service whose value is reviewed; sessions of one service are followed up and
        /// compared (else the template's, the earlier session's, or none)
        #[arg(long)]
        service: Option<String>,
        /// Start from a built-in template (see `covalue templates`): its context and items to
        /// rate, with no ratings, agreements, notes or closing answers, blind
        #[arg(long, value_name = "NAME", conflicts_with = "from")]
        template: Option<String>,
        /// With --template: the whole worked example instead, for a demo or for learning: rated
        /// by its own participants, due dates from today, its title saying it is an example
        #[arg(long, requires = "template")]
        example: bool,
        /// Follow up an earlier session: its open agreements first, its items with ratings cleared
        #[arg(long, value_name = "SESSION")]
        from: Option<String>,
        /// Who rates
        #[arg(long, value_parser = mode_parser())]
        mode: Option<Mode>,
        /// Reports and JSON show sides and groups only, never names
        #[arg(long)]
        anonymous: bool,
        /// Print the new file's path and exit instead of opening it
        #[arg(long)]
        no_open: bool,
    },
    /// Open a session for editing
    Open {
        /// A .ron path, a file name in the sessions folder, a session id (or a unique prefix), or a unique part of a title
        session: String,
        /// Rate alone as this participant: nobody else's ratings are shown, and only your
        /// ratings, notes and new items can change (a self-assessment to merge later)
        #[arg(long = "as", value_name = "NAME")]
        as_name: Option<String>,
        /// Walk an agenda instead of every step: `gaps`, only the discuss-next items, one at
        /// a time, largest first (each revealed as it is shown)
        #[arg(long, value_enum, value_name = "WHICH", conflicts_with = "as_name")]
        agenda: Option<AgendaKind>,
    },
    /// Open a session read-only
    Review {
        /// A .ron path, a file name in the sessions folder, a session id (or a unique prefix), or a unique part of a title
        session: String,
    },
    /// List the saved sessions, unreadable ones included with their error
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Print the value summary of a session
    Summary {
        /// A .ron path, a file name in the sessions folder, a session id (or a unique prefix), or a unique part of a title
        session: String,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
        /// Count ratings not yet revealed too, for the facilitator's own use (the output says so)
        #[arg(long)]
        include_hidden: bool,
    },
    /// Export a session as a Markdown report (the default), CSV of rated items, JSON, a one-page
    /// HTML report, an iCalendar file of open agreements, or agreements as CSV for a tracker
    Export {
        /// A .ron path, a file name in the sessions folder, a session id (or a unique prefix), or a unique part of a title
        session: String,
        #[arg(long, value_enum, default_value = "md")]
        format: ExportFormat,
        /// Write to this file instead of standard output
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Count ratings not yet revealed too, for the facilitator's own use (the output says so)
        #[arg(long)]
        include_hidden: bool,
    },
    /// Validate session files
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Show what changed between two sessions
    Compare {
        /// The earlier session (found like SESSION elsewhere: path, file name, id or title)
        old: String,
        /// The later session
        new: String,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
        /// Count ratings not yet revealed too, for the facilitator's own use (the output says so)
        #[arg(long)]
        include_hidden: bool,
    },
    /// List the built-in templates
    Templates,
    /// Combine copies of one session: each person's ratings are their own. With --base, a
    /// three-way merge, usable as git's merge driver: covalue merge --base %O %A %B -o %A --name %P
    Merge {
        /// The common ancestor of the copies (git's %O)
        #[arg(long, value_name = "BASE")]
        base: Option<String>,
        /// The copies, ours first
        #[arg(required = true, num_args = 2.., value_name = "COPY")]
        copies: Vec<String>,
        /// Where to write the merged session (it may be the first copy, as git asks)
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// Merge copies whose session ids differ (copies of different sessions), on purpose
        #[arg(long)]
        different_ids: bool,
        /// What messages call OUT: git's driver passes the session's path as %P, so they name
        /// it rather than git's temporary file
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
    /// Print a session as plain lines, one per item and one per rating; as git's textconv it
    /// makes `git diff` of a session show whose ratings changed
    Show {
        session: String,
        /// Count ratings not yet revealed too, for the facilitator's own use (the output says so)
        #[arg(long)]
        include_hidden: bool,
    },
    /// Every service in one table: its latest review, the change, and what needs attention
    /// (below target, never rated, stale, partial), worst first
    Portfolio {
        #[arg(long, value_enum, default_value = "text")]
        format: PortfolioFormat,
        /// The day to judge overdue actions and stale reviews on (YYYY-MM-DD; default today)
        #[arg(long, value_name = "DATE", value_parser = date_parser)]
        today: Option<crate::domain::Date>,
    },
    /// One service over its reviews: each dimension per side, oldest first, by quarter
    Trend {
        /// The service's name (any case)
        service: String,
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Run a remote workshop over SSH: you facilitate here, each participant joins with
    /// `ssh -p PORT NAME@HOST`
    Serve {
        session: String,
        /// The address to listen on
        #[arg(long, value_name = "ADDR", default_value = crate::serve::DEFAULT_LISTEN)]
        listen: std::net::SocketAddr,
        /// authorized_keys lines whose comment names a participant (`(facilitator)` marks the facilitator)
        #[arg(long, value_name = "FILE")]
        keys: Option<PathBuf>,
        /// No local screen: the facilitator joins over SSH with a key marked (facilitator)
        #[arg(long)]
        headless: bool,
        /// What participants may add from the start (the facilitator's A and N keys change it)
        #[arg(long, value_enum, value_delimiter = ',', value_name = "WHAT")]
        allow: Vec<Allow>,
        /// A pre-work window: participants join any time and rate at their own pace until
        /// DATETIME, in UTC: `2026-12-08 17:00` or `2026-12-08T17:00` (add an offset such as
        /// +01:00 for another zone), or from now: +2h, +90m, +1d. It is kept in the session, so
        /// a restarted server keeps it
        #[arg(long, value_name = "DATETIME")]
        open_until: Option<String>,
        /// With --open-until: reveal every rating at the close (and say so)
        #[arg(long, requires = "open_until")]
        reveal_at_close: bool,
    },
    /// Pre-work by file: one copy of the session per participant to rate with `open --as` or a
    /// text editor (`--out DIR`), or who has returned how much (`prework status SESSION DIR`);
    /// `covalue merge` gathers the copies
    #[command(args_conflicts_with_subcommands = true)]
    Prework {
        #[command(subcommand)]
        status: Option<PreworkStatus>,
        /// The session to copy
        #[arg(required = true)]
        session: Option<String>,
        /// The folder to write the copies to (made if missing; no file in it is replaced)
        #[arg(long, value_name = "DIR", required = true)]
        out: Option<PathBuf>,
    },
    /// Share the sessions folder through its git repository: set up covalue's merge driver,
    /// textconv and ignore lines there if missing, commit the saved sessions, pull with the
    /// driver, push. Exit 1 on a conflict, which is recorded in the session, never as markers
    Sync,
}

/// `covalue prework status`.
#[derive(Subcommand, Debug)]
pub enum PreworkStatus {
    /// Who has returned how much: per person, items rated of all, and which copies are
    /// unchanged or missing
    Status {
        session: String,
        /// The folder the copies were written to
        dir: PathBuf,
    },
}

/// Why `serve --headless` without `--keys` does not start: the facilitator joins by key.
const HEADLESS_NEEDS_KEYS: &str = "--headless needs --keys with a key marked (facilitator): without one, nobody could run the workshop";

/// Why a headless pre-work window without `--keys` does not start: participants join by key.
const PREWORK_NEEDS_KEYS: &str = "--headless with --open-until needs --keys listing the participants' keys: without one, nobody could join";

/// `serve --allow`: what participants may add besides their ratings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Allow {
    /// New items on the rated steps
    Items,
    /// Lines in the items' discussion notes
    Notes,
}

/// `--mode`: the mode's own names (`Mode::VARIANTS`), so the command line and the files agree.
fn mode_parser() -> impl clap::builder::TypedValueParser<Value = Mode> {
    use clap::builder::TypedValueParser;
    use strum::VariantNames;
    clap::builder::PossibleValuesParser::new(Mode::VARIANTS).try_map(|name| name.parse::<Mode>())
}

/// `open --agenda`: which agenda the workshop walks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AgendaKind {
    /// Only the discuss-next items, largest first
    Gaps,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PortfolioFormat {
    Text,
    Json,
    Csv,
    /// A self-contained one-page report to open in a browser or print to PDF
    Html,
}

fn date_parser(text: &str) -> Result<crate::domain::Date, String> {
    text.parse::<crate::domain::Date>()
        .map_err(|e| e.to_string())
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    Md,
    Csv,
    Json,
    /// One row per rating: step,item,text,rater,side,group,rating
    RatingsCsv,
    /// A self-contained one-page report to open in a browser or print to PDF
    Html,
    /// The open agreements as to-dos (and the next review as an event) for a calendar
    Ics,
    /// Every agreement as a row for a tracker's CSV import
    AgreementsCsv,
}

/// For a follow-up's report: whether each action of the session it follows closed its gap, as
/// the viewer may see the numbers; nothing when it follows no session in the folder.
fn worked(
    store: &Store,
    session: &Session,
    viewer: crate::domain::value::Viewer<'_>,
) -> Vec<crate::domain::compare::Resolved> {
    store
        .earlier_of(session)
        .map(|earlier| crate::domain::compare::compare_as(&earlier, session, viewer).resolved)
        .unwrap_or_default()
}

/// The day of the next review of `session`'s service: its latest review in the sessions folder
/// (or `session` itself, if later or outside the folder) plus the service's cadence from the
/// folder's settings; `None` without a cadence. A settings file that cannot be read is named on
/// stderr and costs only the event: the to-dos are still worth having.
fn next_review(store: &Store, session: &Session) -> Option<crate::domain::Date> {
    let targets = match store::load_targets(&store::targets_path(store.dir())) {
        Ok(targets) => targets,
        Err(e) => {
            eprintln!(
                "covalue: {}; the calendar has no next review",
                clean(&e.to_string())
            );
            return None;
        }
    };
    let cadence = targets.of(&session.service).cadence_days?;
    // An unreadable listing only loses the other reviews; the session's own date still counts.
    let listed = store.sessions().unwrap_or_default();
    let latest = listed
        .iter()
        .filter_map(|l| l.info.as_ref().ok())
        .filter(|info| crate::domain::follow_up::same_service(&info.service, &session.service))
        .map(|info| info.created.date())
        .fold(session.created.date(), std::cmp::max);
    Some(latest.plus_days(i64::from(cadence)))
}

/// A failure to report: the message and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    fn data(message: impl ToString) -> Failure {
        Failure {
            code: 1,
            message: message.to_string(),
        }
    }

    fn usage(message: impl ToString) -> Failure {
        Failure {
            code: 2,
            message: message.to_string(),
        }
    }
}

/// Whose eyes an output is for: the room's (ratings not yet revealed left out), or with
/// `--include-hidden` the facilitator's, every rating.
fn viewer(include_hidden: bool) -> Viewer<'static> {
    if include_hidden {
        Viewer::Everything
    } else {
        Viewer::Room
    }
}

/// Parses the process arguments, runs the command, and returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // The message quotes the arguments, which may hold escape sequences: plain text,
            // cleaned, instead of clap's own (coloured, raw) printing.
            eprint!("{}", clean(&e.render().to_string()));
            return 2;
        }
        Err(e) => {
            let _ = e.print();
            return 0;
        }
    };
    match execute(cli, &mut std::io::stdout().lock()) {
        Ok(None) => 0,
        Ok(Some((store, launch))) => match crate::tui::run(store, launch) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("covalue: {}", clean(&e.to_string()));
                1
            }
        },
        Err(failure) => {
            eprintln!("covalue: {}", clean(&failure.message));
            failure.code
        }
    }
}

/// JSON as the commands print it: indented, a final newline, terminal controls escaped.
fn pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    report::json::pretty(value)
}

fn out(w: &mut dyn Write, text: &str) -> Result<(), Failure> {
    w.write_all(text.as_bytes())
        .map_err(|e| Failure::data(format!("cannot write the output: {e}")))
}

/// Where the sessions are when `dir` holds none but has a `sessions/` folder that does: the
/// usual mistake of giving `--data-dir` the data folder instead of its sessions folder.
fn sessions_below(dir: &Path) -> Option<PathBuf> {
    let has_sessions = |d: &Path| {
        std::fs::read_dir(d).is_ok_and(|read| {
            read.filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "ron"))
        })
    };
    let below = dir.join("sessions");
    (!has_sessions(dir) && has_sessions(&below)).then_some(below)
}

/// A sentence pointing at the sessions folder below `dir`, when there is one.
fn sessions_hint(dir: &Path) -> Option<String> {
    sessions_below(dir).map(|below| {
        format!(
            "{} holds no sessions, but {} does; the data folder option names the folder of the session files themselves: --data-dir {}",
            dir.display(),
            below.display(),
            below.display()
        )
    })
}

/// Finds a session, in one order for every command: a path that exists as given (relative to
/// the current folder); a file name in the sessions folder; an id or a unique prefix of one;
/// a unique part of a title (any case). Several files that fit are reported with their paths,
/// and a name that fits only unreadable files says where they cannot be read.
fn resolve(store: &Store, what: &str) -> Result<PathBuf, Failure> {
    let given = Path::new(what);
    let as_given = !what.is_empty() && std::fs::metadata(given).is_ok_and(|m| !m.is_dir());
    let in_folder = store.dir().join(what);
    if !as_given && !what.is_empty() && !given.is_absolute() && in_folder.is_file() {
        return Ok(in_folder);
    }
    let error = match store.resolve(what) {
        Ok(path) => return Ok(path),
        Err(store::ResolveError::NotFound(_)) if !what.trim().is_empty() => None,
        Err(e) => Some(e.to_string()),
    };
    if let Some(error) = error {
        return Err(Failure::data(error));
    }
    let listed = store.sessions().map_err(|e| Failure::data(e.to_string()))?;
    by_title(store, what, &listed)
}

/// The session whose title contains `what` (a whole title first), else why none or several.
fn by_title(store: &Store, what: &str, listed: &[store::Listed]) -> Result<PathBuf, Failure> {
    let needle = what.trim().to_lowercase();
    let matches: Vec<(&Path, &store::SessionInfo)> = listed
        .iter()
        .filter_map(|l| l.info.as_ref().ok().map(|i| (l.path.as_path(), i)))
        .filter(|(_, i)| i.title.to_lowercase().contains(&needle))
        .collect();
    // A whole title beats the longer titles that contain it ("Q1" and "Q1 follow-up").
    let exact: Vec<&(&Path, &store::SessionInfo)> = matches
        .iter()
        .filter(|(_, i)| i.title.trim().to_lowercase() == needle)
        .collect();
    if let [(path, _)] = exact.as_slice() {
        return Ok(path.to_path_buf());
    }
    match matches.as_slice() {
        [(path, _)] => Ok(path.to_path_buf()),
        [] => Err(Failure::data(not_found(store, what, listed))),
        several => {
            let names: Vec<String> = several
                .iter()
                .map(|(path, i)| {
                    format!(
                        "{} ({}, {})",
                        one_line(&i.title),
                        i.id,
                        shown_path(store, path)
                    )
                })
                .collect();
            Err(Failure::data(format!(
                "{what:?} is part of the titles of several sessions: {}; give more of the title, the id, or the file's path",
                names.join(", ")
            )))
        }
    }
}

/// Why nothing matches `what`: the unreadable files whose names contain it, with where each
/// cannot be read, or else where covalue looked.
fn not_found(store: &Store, what: &str, listed: &[store::Listed]) -> String {
    let needle = what.trim().to_lowercase();
    let unreadable: Vec<String> = listed
        .iter()
        .filter(|l| l.file_name().to_lowercase().contains(&needle))
        .filter_map(store::Listed::error_text)
        .collect();
    match unreadable.as_slice() {
        [] => {}
        [one] => return format!("{what:?} names a session file that cannot be read: {one}"),
        several => {
            return format!(
                "{what:?} names {} session files that cannot be read: {}",
                several.len(),
                several.join("; ")
            );
        }
    }
    let mut message = format!(
        "no session file or session id matches {what:?}, and no title contains it (looked in {})",
        store.dir().display()
    );
    if let Some(hint) = sessions_hint(store.dir()) {
        message = format!("{message}; {hint}");
    }
    message
}

fn load(store: &Store, what: &str) -> Result<(PathBuf, Session), Failure> {
    let path = resolve(store, what)?;
    let session = store::load(&path).map_err(|e| Failure::data(e.to_string()))?;
    Ok((path, session))
}

/// A path as the list shows it: relative to the sessions folder when it is inside it.
fn shown_path(store: &Store, path: &Path) -> String {
    path.strip_prefix(store.dir())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Runs a parsed command, writing its output to `w`. Returns what the TUI should open, if the
/// command needs it.
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

pub fn execute(cli: Cli, w: &mut dyn Write) -> Result<Option<(Store, Launch)>, Failure> {
    let dir = Store::choose_dir(cli.data_dir).ok_or_else(|| {
        Failure::usage("cannot find a data folder for this user; give one with --data-dir DIR")
    })?;
    let store = Store::new(dir);
    let Some(command) = cli.command else {
        return Ok(Some((store, Launch::Browser)));
    };
    match command {
        Command::New {
            title,
            service,
            template,
            example,
            from,
            mode,
            anonymous,
            no_open,
        } => {
            let id = store::new_id();
            let now = store::now();
            let previous = from.map(|what| load(&store, &what)).transpose()?;
            if previous.is_none()
                && let Some(service) = &service
                && let Ok(listed) = store.sessions()
            {
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
            let mut session = match (template, previous) {
                (_, Some((_, previous))) => {
                    let title = title.clone().unwrap_or_else(|| follow_up_title(&previous));
                    follow_up(&previous, &id, &title, now)
                }
                (Some(name), None) => {
                    let template = Template::find(&name).ok_or_else(|| {
                        let names: Vec<&str> = store::TEMPLATES.iter().map(|t| t.name).collect();
                        Failure::usage(format!(
                            "there is no template {name:?}; the templates are: {}",
                            names.join(", ")
                        ))
                    })?;
                    if example {
                        template.example(&id, now)
                    } else {
                        template.start(&id, now)
                    }
                }
                (None, None) => Session::new(&id, "New session", now),
            };
            if let Some(title) = title {
                // An example says so in its title, whatever it is called.
                session.title = if example {
                    store::example_title(&title)
                } else {
                    title
                };
            }
            if let Some(service) = service {
                session.service = service;
            }
            if let Some(mode) = mode {
                session.mode = mode;
            }
            if anonymous {
                session.anonymous = true;
            }
            let path = store
                .create(&session)
                .map_err(|e| Failure::data(e.to_string()))?;
            if no_open {
                out(w, &format!("{}\n", clean(&path.display().to_string())))?;
                Ok(None)
            } else {
                Ok(Some((store, Launch::Edit(path, Box::new(session)))))
            }
        }
        Command::Open {
            session,
            as_name,
            agenda,
        } => {
            let (path, session) = load(&store, &session)?;
            if agenda == Some(AgendaKind::Gaps) {
                return Ok(Some((store, Launch::Gaps(path, Box::new(session)))));
            }
            match as_name.or_else(|| owner_of(&session)) {
                Some(name) => {
                    // Said here, before any terminal screen, when the name is not a rater.
                    let rater = session.rater_named(&name).map_err(Failure::data)?;
                    only_as_owner(&path, &session, &rater.name)?;
                    Ok(Some((
                        store,
                        Launch::EditAs(path, Box::new(session), rater.name),
                    )))
                }
                None => Ok(Some((store, Launch::Edit(path, Box::new(session))))),
            }
        }
        Command::Review { session } => {
            let (path, session) = load(&store, &session)?;
            Ok(Some((store, Launch::Review(path, Box::new(session)))))
        }
        Command::List { format } => {
            let listed = store.sessions().map_err(|e| Failure::data(e.to_string()))?;
            if let Some(hint) = sessions_hint(store.dir()) {
                eprintln!("covalue: {}", clean(&hint));
            }
            match format {
                TextOrJson::Text => {
                    // One write for the whole list: a line at a time is a system call per
                    // line (standard output is line-buffered), a third of a warm listing.
                    let mut text = String::new();
                    if listed.is_empty() {
                        text = clean(&format!(
                            "No sessions in {} yet. Start one with `covalue new`.\n",
                            store.dir().display()
                        ))
                        .into_owned();
                    } else {
                        text.push_str(report::summary::LIST_HEADER);
                        text.push('\n');
                    }
                    for entry in &listed {
                        let file = shown_path(&store, &entry.path);
                        // The listing's numbers are the room's: none comes from a hidden rating.
                        let line = match (&entry.info, entry.error_text()) {
                            (Ok(info), _) => report::summary::list_line(info, &file),
                            (Err(_), error) => format!(
                                "unreadable  {}",
                                one_line(
                                    &error
                                        .unwrap_or_default()
                                        .replace(&entry.path.display().to_string(), &file)
                                )
                            ),
                        };
                        text.push_str(&clean(&line));
                        text.push('\n');
                    }
                    out(w, &text)?;
                }
                TextOrJson::Json => {
                    let rows: Vec<serde_json::Value> = listed
                        .iter()
                        .map(|entry| {
                            let file = shown_path(&store, &entry.path);
                            match &entry.info {
                                Ok(i) => serde_json::json!({
                                    "path": entry.path, "file": file, "id": i.id, "title": i.title,
                                    "service": i.service, "mode": i.mode.name(),
                                    "created": i.created.to_string(),
                                    "updated": i.updated.to_string(),
                                    "value_index": report::summary::score_json(i.value_index),
                                    "alignment": report::summary::score_json(i.alignment),
                                    "partial": i.partial,
                                    "hidden_ratings": i.hidden,
                                    "items": i.items,
                                    "open_agreements": i.open_agreements,
                                }),
                                Err(_) => serde_json::json!({
                                    "path": entry.path, "file": file,
                                    "error": entry.error_text().unwrap_or_default(),
                                }),
                            }
                        })
                        .collect();
                    out(w, &pretty(&rows))?;
                }
            }
            Ok(None)
        }
        Command::Summary {
            session,
            format,
            include_hidden,
        } => {
            let (_, session) = load(&store, &session)?;
            let summary = summarize_as(&session, viewer(include_hidden));
            let text = match format {
                TextOrJson::Text => report::summary::text(&session, &summary),
                TextOrJson::Json => pretty(&report::summary::json(&session, &summary)),
            };
            out(w, &text)?;
            Ok(None)
        }
        Command::Export {
            session,
            format,
            output,
            include_hidden,
        } => {
            let (_, session) = load(&store, &session)?;
            let viewer = viewer(include_hidden);
            let summary = summarize_as(&session, viewer);
            if matches!(format, ExportFormat::Csv | ExportFormat::RatingsCsv)
                && let Some(note) = report::export::hidden_note(&summary)
            {
                // A CSV file has no place for a sentence: it is said beside it.
                eprintln!("covalue: {}", clean(&note));
            }
            let text = match format {
                ExportFormat::Md => {
                    report::export::markdown(&session, &summary, store::now().date())
                        + &report::compare::resolved_markdown(&worked(&store, &session, viewer))
                }
                ExportFormat::Csv => report::export::csv(&session, viewer),
                // The whole session: every rating, each saying whether it is revealed.
                ExportFormat::Json => report::export::json(&session),
                ExportFormat::RatingsCsv => report::export::ratings_csv(&session, viewer),
                ExportFormat::Html => report::html::session::report_with(
                    &session,
                    &summary,
                    store::now().date(),
                    &worked(&store, &session, viewer),
                ),
                ExportFormat::Ics => report::ics::calendar(&session, next_review(&store, &session)),
                ExportFormat::AgreementsCsv => report::agreements::csv(&session),
            };
            match output {
                Some(path) => {
                    store::check_report_target(&path).map_err(Failure::data)?;
                    store::write_report(&path, text.as_bytes())
                        .map_err(|e| Failure::data(e.to_string()))?
                }
                None => out(w, &text)?,
            }
            Ok(None)
        }
        Command::Check { files } => {
            let mut failed = 0;
            for file in &files {
                if store::is_targets_file(file) {
                    match store::load_targets(file) {
                        Ok(_) => out(w, &format!("{}: ok\n", clean(&file.display().to_string())))?,
                        Err(e) => {
                            failed += 1;
                            eprintln!("{}", clean(&e.to_string()));
                        }
                    }
                    continue;
                }
                match store::load(file) {
                    Ok(session) => out(w, &check_line(file, &session))?,
                    Err(e) => {
                        failed += 1;
                        eprintln!("{}", clean(&e.to_string()));
                    }
                }
            }
            if failed > 0 {
                let of = files.len();
                return Err(Failure::data(format!(
                    "{failed} of {of} file{} failed the check",
                    if of == 1 { "" } else { "s" }
                )));
            }
            Ok(None)
        }
        Command::Compare {
            old,
            new,
            format,
            include_hidden,
        } => {
            let (_, a) = load(&store, &old)?;
            let (_, b) = load(&store, &new)?;
            if !a.service.trim().eq_ignore_ascii_case(b.service.trim()) {
                eprintln!(
                    "covalue: warning: these sessions are of different services ({:?} and {:?}), so the changes may not mean much",
                    one_line(&a.service),
                    one_line(&b.service)
                );
            }
            let comparison = compare_as(&a, &b, viewer(include_hidden));
            let today = store::now().date();
            let text = match format {
                TextOrJson::Text => report::compare::text(&a, &b, &comparison, today),
                TextOrJson::Json => {
                    pretty(&report::compare::json_between(&a, &b, &comparison, today))
                }
            };
            out(w, &text)?;
            Ok(None)
        }
        Command::Serve {
            session,
            listen,
            keys,
            headless,
            allow,
            open_until,
            reveal_at_close,
        } => {
            let window = open_until
                .map(|text| crate::serve::workshop::parse_close(&text, store::now()))
                .transpose()
                .map_err(Failure::usage)?
                .map(|until| crate::serve::workshop::Window {
                    until,
                    reveal: reveal_at_close,
                });
            let (path, session) = load(&store, &session)?;
            if headless && keys.is_none() {
                return Err(Failure::usage(if window.is_some() {
                    PREWORK_NEEDS_KEYS
                } else {
                    HEADLESS_NEEDS_KEYS
                }));
            }
            if let Some(keys) = &keys
                && !keys.is_file()
            {
                return Err(Failure::data(format!(
                    "{}: no such keys file",
                    keys.display()
                )));
            }
            let mut options = crate::serve::Options::new(
                store.dir().to_path_buf(),
                session.title.clone(),
                crate::serve::workshop::people(&session),
            );
            options.listen = listen;
            options.keys_file = keys;
            let allowed = crate::serve::workshop::Allowed {
                items: allow.contains(&Allow::Items),
                notes: allow.contains(&Allow::Notes),
            };
            let serving = crate::serve::workshop::Serving {
                options,
                headless,
                allowed,
                window,
            };
            crate::serve::workshop::serve(store, &path, session, serving, w)
                .map_err(Failure::data)?;
            Ok(None)
        }
        Command::Prework {
            status,
            session,
            out: dir,
        } => prework(&store, status, session, dir, w).map(|()| None),
        Command::Templates => {
            for t in store::TEMPLATES {
                out(w, &format!("{:<15} {}\n", t.name, t.about))?;
            }
            Ok(None)
        }
        Command::Merge {
            base,
            copies,
            output,
            different_ids,
            name,
        } => {
            let request = MergeRequest {
                base,
                copies,
                output,
                different_ids,
                name,
            };
            merge(&store, &request, w).map(|()| None)
        }
        Command::Portfolio { format, today } => {
            let portfolio = portfolio_of(&store, today.unwrap_or_else(|| store::now().date()))?;
            let text = match format {
                PortfolioFormat::Text => report::portfolio::text(&portfolio),
                PortfolioFormat::Json => pretty(&report::portfolio::json(&portfolio)),
                PortfolioFormat::Csv => report::portfolio::csv(&portfolio),
                PortfolioFormat::Html => report::html::portfolio::report(&portfolio),
            };
            out(w, &text)?;
            Ok(None)
        }
        Command::Trend { service, format } => {
            let (trend, _) = store
                .trend(&service)
                .map_err(|e| Failure::data(e.to_string()))?;
            let text = match format {
                TextOrJson::Text => report::portfolio::trend_text(&trend),
                TextOrJson::Json => pretty(&report::portfolio::trend_json(&trend)),
            };
            out(w, &text)?;
            Ok(None)
        }
        Command::Sync => sync(&store, w).map(|()| None),
        Command::Show {
            session,
            include_hidden,
        } => {
            let (_, session) = load(&store, &session)?;
            out(w, &report::lines::lines(&session, viewer(include_hidden)))?;
            Ok(None)
        }
    }
}

/// `check`'s line for a good file: it names the format, and says when an older one will be
/// upgraded.
fn check_line(file: &std::path::Path, session: &Session) -> String {
    let path = clean(&file.display().to_string()).into_owned();
    let mut notes = Vec::new();
    match store::file_format(file) {
        Some(format) if format < Session::FORMAT => notes.push(format!(
            "format {format}, written as format {} at the next change",
            Session::FORMAT
        )),
        Some(format) => notes.push(format!("format {format}")),
        None => {}
    }
    // A merge's conflicts are valid data, but someone still has to decide them.
    match session.conflicts.len() {
        0 => {}
        1 => notes.push("1 merge conflict to resolve".into()),
        n => notes.push(format!("{n} merge conflicts to resolve")),
    }
    let mut text = if notes.is_empty() {
        format!("{path}: ok\n")
    } else {
        format!("{path} ({}): ok\n", notes.join(", "))
    };
    // Data that loads but does not add up: said, without failing the check.
    for (index, risk) in session.risks.iter().enumerate() {
        if let Some(problem) = risk.after_problem() {
            let name = clean(&crate::text::one_line(&risk.text)).into_owned();
            text += &format!("{path}: warning: risk {} {name:?}: {problem}\n", index + 1);
        }
    }
    text
}

/// `covalue prework SESSION --out DIR` and `covalue prework status SESSION DIR`.
fn prework(
    store: &Store,
    status: Option<PreworkStatus>,
    session: Option<String>,
    dir: Option<PathBuf>,
    w: &mut dyn Write,
) -> Result<(), Failure> {
    use crate::store::prework;
    let shown = |dir: &Path| clean(&dir.display().to_string()).into_owned();
    if let Some(PreworkStatus::Status { session, dir }) = status {
        let (_, session) = load(store, &session)?;
        if !dir.is_dir() {
            return Err(Failure::data(format!("{}: no such folder", shown(&dir))));
        }
        let returned = prework::status(&session, &dir);
        return out(
            w,
            &report::prework::status_text(&session, &shown(&dir), &returned),
        );
    }
    // clap requires both when there is no subcommand.
    let (Some(session), Some(dir)) = (session, dir) else {
        return Err(Failure::usage("prework needs SESSION and --out DIR"));
    };
    let (_, session) = load(store, &session)?;
    let written = prework::write_copies(&session, &dir).map_err(Failure::data)?;
    out(
        w,
        &report::prework::written_text(&session, &shown(&dir), &written),
    )
}

/// The person a pre-work copy is for: `open` on it rates as them.
fn owner_of(session: &Session) -> Option<String> {
    (!session.prework_for.is_empty()).then(|| session.prework_for.clone())
}

/// Refuses to open someone's pre-work copy as another person, naming whose it is.
fn only_as_owner(path: &Path, session: &Session, name: &str) -> Result<(), Failure> {
    match owner_of(session) {
        Some(owner) if owner != name => Err(Failure::data(format!(
            "{} is {}'s pre-work copy, so it rates only as them; open it without --as, or with --as \"{}\"",
            clean(&path.display().to_string()),
            one_line(&owner),
            one_line(&owner)
        ))),
        _ => Ok(()),
    }
}

/// Refuses a merge in which someone's pre-work copy holds another person's rating that no
/// other file of the merge holds (one person rating as another): it names the copy, whose
/// rating and which item, and nothing is written.
fn only_owners_ratings(
    base: Option<&(PathBuf, Session)>,
    loaded: &[(PathBuf, Session)],
) -> Result<(), Failure> {
    for (i, (path, copy)) in loaded.iter().enumerate() {
        let Some(owner) = owner_of(copy) else {
            continue;
        };
        let others: Vec<&Session> = loaded
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, (_, s))| s)
            .chain(base.map(|(_, s)| s))
            .collect();
        let foreign = store::prework::foreign_ratings(copy, &owner, &others);
        let Some(first) = foreign.first() else {
            continue;
        };
        let more = match foreign.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        return Err(Failure::data(format!(
            "{} is {}'s pre-work copy, but it holds {first}{more}; only {}'s ratings may come from it, so nothing was merged: clear that rating in the copy, or leave the copy out",
            clean(&path.display().to_string()),
            one_line(&owner),
            one_line(&owner)
        )));
    }
    Ok(())
}

/// What `covalue merge` was asked to do.
struct MergeRequest {
    base: Option<String>,
    copies: Vec<String>,
    output: PathBuf,
    different_ids: bool,
    name: Option<String>,
}

/// The names the copies' conflicts call them by: git's words for a three-way merge of two,
/// else the files' names (whole paths where two names are the same).
fn merge_labels(three_way: bool, loaded: &[(PathBuf, Session)]) -> Vec<String> {
    if three_way && loaded.len() == 2 {
        return vec!["ours".into(), "theirs".into()];
    }
    let names: Vec<String> = loaded
        .iter()
        .map(|(p, _)| {
            p.file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
        })
        .collect();
    let unique = names
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        == names.len();
    if unique {
        names
    } else {
        loaded
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect()
    }
}

/// Refuses copies (and a base) of different sessions: their ids differ.
fn same_session(
    base: Option<&(PathBuf, Session)>,
    loaded: &[(PathBuf, Session)],
) -> Result<(), Failure> {
    let Some((first_path, first)) = loaded.first() else {
        return Ok(());
    };
    let name = |p: &Path| clean(&p.display().to_string()).into_owned();
    if let Some((path, other)) = loaded.iter().find(|(_, s)| s.id != first.id) {
        return Err(Failure::data(format!(
            "{} and {} are different sessions (ids {:?} and {:?}); merge copies of one session, or add --different-ids to merge them anyway",
            name(first_path),
            name(path),
            one_line(&first.id),
            one_line(&other.id)
        )));
    }
    if let Some((path, base)) = base
        && base.id != first.id
    {
        return Err(Failure::data(format!(
            "the base {} is another session (id {:?}) than the copies (id {:?}); give the copies' common ancestor, or add --different-ids",
            name(path),
            one_line(&base.id),
            one_line(&first.id)
        )));
    }
    Ok(())
}

/// The base a merge was given: none, or an empty file (git's `%O` when both branches added
/// the file: a two-way merge then), or a session.
fn load_base(store: &Store, base: Option<&String>) -> Result<Option<(PathBuf, Session)>, Failure> {
    let Some(base) = base else {
        return Ok(None);
    };
    let path = resolve(store, base)?;
    if std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() == 0) {
        return Ok(None);
    }
    let session = store::load(&path).map_err(|e| Failure::data(e.to_string()))?;
    Ok(Some((path, session)))
}

/// Whether two names reach one file (`x.ron` and `/here/x.ron`).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(a), Ok(b)) if a == b
        )
}

/// `covalue merge`: loads the copies, merges them, writes OUT; exit 1 listing every conflict.
/// With `--name` (git's `%P`), messages call OUT by the session's own path, not git's
/// temporary file's.
fn merge(store: &Store, request: &MergeRequest, w: &mut dyn Write) -> Result<(), Failure> {
    use crate::domain::merge::{Copy, merge};
    let output = request.output.as_path();
    let named = |failure: Failure| request.named(failure);
    store::check_session_target(output)
        .map_err(Failure::data)
        .map_err(named)?;
    let base = load_base(store, request.base.as_ref()).map_err(named)?;
    let loaded = request
        .copies
        .iter()
        .map(|c| load(store, c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(named)?;
    if !request.different_ids {
        same_session(base.as_ref(), &loaded).map_err(named)?;
    }
    only_owners_ratings(base.as_ref(), &loaded).map_err(named)?;
    let labels = merge_labels(request.base.is_some(), &loaded);
    let copies: Vec<Copy<'_>> = loaded
        .iter()
        .zip(&labels)
        .map(|((_, session), label)| Copy { label, session })
        .collect();
    let merged = merge(base.as_ref().map(|(_, s)| s), &copies).map_err(Failure::data)?;
    // Written over one of its inputs (git's driver writes into its own temporary copy of
    // ours): no backup, which would be left behind in the work tree.
    let over_input = loaded.iter().any(|(p, _)| same_file(p, output));
    store::save_merged(output, &merged.session, over_input)
        .map_err(Failure::data)
        .map_err(named)?;
    let shown = clean(&request.shown_output()).into_owned();
    if merged.conflicts.is_empty() {
        out(
            w,
            &format!("Merged {} copies into {shown}.\n", loaded.len()),
        )?;
        return Ok(());
    }
    for conflict in &merged.conflicts {
        eprintln!("{}", clean(&conflict.message));
    }
    let n = merged.conflicts.len();
    Err(Failure::data(format!(
        "{n} conflict{} merging into {shown}; it keeps the first copy's value of each and lists them until resolved",
        if n == 1 { "" } else { "s" },
    )))
}

impl MergeRequest {
    /// OUT as messages call it: the `--name` given, else the path.
    fn shown_output(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| self.output.display().to_string())
    }

    /// A failure whose message names git's temporary files by what they are: OUT (ours) by
    /// `--name`, the other copy and the base as that name's.
    fn named(&self, mut failure: Failure) -> Failure {
        let Some(name) = &self.name else {
            return failure;
        };
        let mut renames = vec![(self.output.display().to_string(), name.clone())];
        for copy in self.copies.iter().skip(1) {
            renames.push((copy.clone(), format!("{name} (theirs)")));
        }
        if let Some(base) = &self.base {
            renames.push((base.clone(), format!("{name} (base)")));
        }
        for (from, to) in renames {
            if !from.is_empty() {
                failure.message = failure.message.replace(&from, &to);
            }
        }
        failure
    }
}

/// How git should run covalue as driver and textconv: `covalue` when that is what the PATH
/// finds (the config then survives a reinstall), else this program's own path (quoted for
/// the shell git runs it with).
fn program_word() -> String {
    let Ok(me) = std::env::current_exe().and_then(std::fs::canonicalize) else {
        return "covalue".into();
    };
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("covalue"))
            .find(|p| p.is_file())
    });
    if on_path.and_then(|p| std::fs::canonicalize(p).ok()).as_ref() == Some(&me) {
        return "covalue".into();
    }
    format!("'{}'", me.display().to_string().replace('\'', r"'\''"))
}

/// `covalue sync`: what was done on stdout; on a conflict, each one on stderr as `merge`
/// lists them, then exit 1.
fn sync(store: &Store, w: &mut dyn Write) -> Result<(), Failure> {
    let options = store::SyncOptions {
        program: program_word(),
    };
    match store::sync(store.dir(), &options) {
        Ok(synced) => out(w, &format!("{}\n", clean(&synced.to_string()))),
        Err(store::SyncError::Stopped(synced)) => {
            for (file, conflicts) in &synced.conflicts {
                for conflict in conflicts {
                    eprintln!("{}", clean(conflict));
                }
                let n = conflicts.len();
                eprintln!(
                    "covalue: {n} conflict{} merging into {}; it keeps the first copy's value of each and lists them until resolved",
                    if n == 1 { "" } else { "s" },
                    clean(file)
                );
            }
            Err(Failure::data(synced.to_string()))
        }
        Err(e) => Err(Failure::data(e.to_string())),
    }
}

/// The portfolio of the sessions folder on `today`; unreadable sessions are left out and
/// counted on stderr.
fn portfolio_of(
    store: &Store,
    today: crate::domain::Date,
) -> Result<crate::domain::portfolio::Portfolio, Failure> {
    let (portfolio, unreadable) = store
        .portfolio(today)
        .map_err(|e| Failure::data(e.to_string()))?;
    if unreadable > 0 {
        eprintln!(
            "covalue: {unreadable} unreadable session file{} left out (`covalue list` names them)",
            if unreadable == 1 { "" } else { "s" }
        );
    }
    Ok(portfolio)
}
