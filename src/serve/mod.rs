//! `covalue serve`: a workshop over SSH, one terminal user interface per participant.
//!
//! How a byte from a participant becomes a frame on their screen:
//!
//! ```text
//! TCP ─► accept loop (gate: caps apart for signed-in people and for those signing in, per
//!        address too) ─► russh session ─► handler (auth, channel rules)
//!        handler.data ─► seat task: input::Decoder ─► crossterm Event ─► Screen::handle ─► After
//!        After::Draw     ─► this seat redraws into its own ratatui Terminal ─► bytes ─► channel
//!        After::DrawAll  ─► Room::refresh_all ─► every seat redraws
//! ```
//!
//! Who gets in: a key listed in the keys file ([`keys`]) joins at once as the participant its
//! comment names; anyone else answers the invite code ([`invite`]) and waits in the [`Room`]'s
//! waiting list until the facilitator admits or turns them away. Only a shell on a pty is
//! served: exec, subsystems, environment, X11, agent and port forwarding are refused.
//!
//! What the app layer supplies is a [`Host`]: it opens one [`Screen`] per admitted person
//! ([`Host::open_for`] with what their SSH client said of its terminal, for its colours).
//! The server owns the sockets, the terminals, the too-small screen and the goodbye; the screen
//! owns what a person sees and what their keys do. Every frame is scrubbed of control
//! characters and bidi overrides before it leaves, whatever a screen drew, so no byte one
//! person typed can steer another's terminal. [`welcome`] is the screen served until the
//! workshop app plugs in. This module never reads or writes a session file.
//!
//! Plugging the workshop app in (what `covalue serve SESSION` will do):
//! - keep the open session in one place both the local facilitator screen and the host can
//!   reach (`Arc<Mutex<…>>`), and start the server with [`Running::start`], handing it a
//!   `Host` whose `open` makes that person's app (their own selection and view state over the
//!   shared session, filtered to what they may see);
//! - `Screen::handle` routes the event through the keymap and update, asks the store to save
//!   as the local app does, and returns `After::DrawAll` when the session changed;
//! - the local loop calls [`Room::refresh_all`] after its own changes, polls [`Room::changes`]
//!   to redraw after remote ones, shows [`Room::fingerprint`], [`Room::invite_code`],
//!   [`Room::connected`] and [`Room::waiting`], and answers with [`Room::admit`] or
//!   [`Room::turn_away`]; on quitting or a signal it saves, then [`Running::stop`]s with
//!   [`ENDED`]. `--headless` is [`run`] with that host instead of [`welcome::Welcome`].

mod gate;
mod handler;
pub mod hostkey;
pub mod input;
pub mod invite;
pub mod keys;
mod room;
mod seat;
pub mod welcome;
pub mod workshop;

pub use room::{ConnectionId, Presence, Room, Ticket, Waiting};

use crossterm::event::Event;
use ratatui::Frame;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Where the server listens unless told otherwise (loopback: reaching it from elsewhere is a
/// choice the facilitator makes with `--listen`).
pub const DEFAULT_LISTEN: &str = "127.0.0.1:2222";
/// The smallest terminal a screen is drawn into; smaller ones see the too-small screen
/// (the same size the local TUI needs).
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Someone who may join: a session participant, or the facilitator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The name as the session spells it.
    pub name: String,
    /// What they are in the workshop, shown beside the name ("consumer · user").
    pub about: String,
    /// Moves the steps, reveals, admits people from the waiting list.
    pub facilitator: bool,
}

impl Person {
    pub fn new(name: impl Into<String>, about: impl Into<String>) -> Person {
        Person {
            name: name.into(),
            about: about.into(),
            facilitator: false,
        }
    }

    pub fn facilitator(name: impl Into<String>) -> Person {
        Person {
            name: name.into(),
            about: "facilitator".into(),
            facilitator: true,
        }
    }
}

/// Bounds that keep one misbehaving client from holding the server.
#[derive(Clone, Debug)]
pub struct Limits {
    /// People signed in at once (with a screen, or waiting to be let in); once they are all
    /// taken, newcomers are told the workshop is full before the SSH handshake.
    pub max_connections: usize,
    /// Connections still signing in, counted apart from the people signed in, so strangers
    /// who never sign in cannot keep anyone out; more are told the server is busy.
    pub max_signing_in: usize,
    /// Connections still signing in from one address.
    pub signing_in_per_address: usize,
    /// A signed-in person who sends nothing for this long is disconnected (with a message).
    pub idle: Duration,
    /// The handshake's deadline: a connection that has neither signed in nor been shown the
    /// invite code prompt within this long is dropped.
    pub handshake: Duration,
    /// Once the invite code prompt is shown, the time to sign in (long enough to ask the
    /// facilitator for the code and type it).
    pub sign_in: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 64,
            max_signing_in: 32,
            // An office behind one address may join at once; a stranger holds no more.
            signing_in_per_address: 10,
            idle: Duration::from_secs(60 * 60),
            handshake: Duration::from_secs(10),
            sign_in: Duration::from_secs(180),
        }
    }
}

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Options {
    pub listen: SocketAddr,
    /// The data folder; the host key is kept in `serve/` under it.
    pub data_dir: PathBuf,
    /// The keys file; without one, everyone goes through the invite code.
    pub keys_file: Option<PathBuf>,
    /// The session's title, shown to people joining.
    pub title: String,
    /// The session's participants; a listed key must name one of them.
    pub people: Vec<Person>,
    /// A chosen invite code; `None` makes a random one for this run.
    pub invite_code: Option<String>,
    pub limits: Limits,
}

impl Options {
    pub fn new(data_dir: PathBuf, title: impl Into<String>, people: Vec<Person>) -> Options {
        Options {
            listen: DEFAULT_LISTEN.parse().expect("the default address parses"),
            data_dir,
            keys_file: None,
            title: title.into(),
            people,
            invite_code: None,
            limits: Limits::default(),
        }
    }
}

/// What the server asks of the app layer: a screen for each person who joins.
pub trait Host: Send + Sync + 'static {
    /// Opens the screen of a person who has just been let in (by key or by the facilitator).
    fn open(&self, person: &Person, room: &Room) -> Box<dyn Screen>;

    /// Like [`Host::open`], for a client whose terminal said what it is (a screen that
    /// draws in colour picks its theme from it).
    fn open_for(&self, person: &Person, room: &Room, client: &Client) -> Box<dyn Screen> {
        let _ = client;
        self.open(person, room)
    }
}

/// What an SSH client said of its terminal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Client {
    /// The pty's TERM.
    pub term: Option<String>,
    /// NO_COLOR was sent (`ssh -o SetEnv=NO_COLOR=1`) and not empty.
    pub no_color: bool,
}

impl Client {
    /// The theme this client's screen starts in: monochrome for NO_COLOR or a dumb
    /// terminal, else the default, as the local app picks it.
    pub fn theme(&self) -> crate::tui::theme::Theme {
        let dumb = self.term.as_deref() == Some("dumb");
        crate::tui::theme::Theme::choose(None, self.no_color || dumb)
    }
}

/// One person's screen: their events in, their frames out. Called from the server's tasks,
/// never concurrently for one screen; drawing must not block.
pub trait Screen: Send {
    /// Handles one event from this person's terminal (keys, paste, `Event::Resize`).
    fn handle(&mut self, event: Event, room: &Room) -> After;
    /// Draws the whole screen into the frame, which is at least `MIN_WIDTH`×`MIN_HEIGHT`.
    /// All text from the session or other people goes through `crate::text` first.
    fn draw(&mut self, frame: &mut Frame, room: &Room);
    /// Whether a form or a typed line is open: its keys still reach the screen behind the
    /// too-small notice, so words typed while the terminal is briefly small are kept.
    fn typing(&self) -> bool {
        false
    }
    /// The words of an open form or typed line not yet sent: what the goodbye gives back
    /// when the workshop ends under them.
    fn unsent(&self) -> Option<String> {
        None
    }
}

/// The goodbye when the workshop ends, with the words the person had typed and not sent
/// (nothing can take them any more, so they are given back to copy).
pub fn goodbye(message: &str, unsent: Option<String>) -> String {
    match unsent {
        Some(words) => format!("{message} Your unsent words (not saved): {words}"),
        None => message.to_string(),
    }
}

/// What the server does after a screen handled an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum After {
    /// Redraw this person's screen only (a selection moved).
    Draw,
    /// Something others see changed: redraw every screen.
    DrawAll,
    /// This person leaves: say goodbye and close their connection.
    Leave,
}

/// Why the server could not start.
#[derive(Debug, Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{}: cannot read or write the server's host key: {source}", path.display())]
    HostKey {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: the host key can be read by others (mode {mode:o}); make it owner-only with chmod 600", path.display())]
    HostKeyUnprotected { path: PathBuf, mode: u32 },
    #[error("{}: the host key cannot be read: {problem}", path.display())]
    HostKeyUnreadable { path: PathBuf, problem: String },
    #[error("{}: cannot read the keys file: {source}", path.display())]
    KeysFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}: {problem}", path.display())]
    KeysLine {
        path: PathBuf,
        line: usize,
        problem: String,
    },
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// A running server on a tokio runtime the caller owns.
pub struct Server {
    room: Room,
    addr: SocketAddr,
    accept: JoinHandle<()>,
    gate: Arc<gate::Gate>,
}

impl Server {
    /// Loads the host key and the keys file, binds, and starts accepting in the background.
    pub async fn start(options: Options, host: Arc<dyn Host>) -> Result<Server, ServeError> {
        let host_key = hostkey::load_or_create(&options.data_dir)?;
        let keys = match &options.keys_file {
            Some(path) => keys::Keys::load(path)?,
            None => keys::Keys::default(),
        };
        let listener =
            TcpListener::bind(options.listen)
                .await
                .map_err(|source| ServeError::Bind {
                    addr: options.listen,
                    source,
                })?;
        let addr = listener.local_addr().map_err(ServeError::Runtime)?;
        let invite = match &options.invite_code {
            Some(code) => invite::Invite::with_code(code),
            None => invite::Invite::new(),
        };
        let room = Room::new(
            options.title.clone(),
            hostkey::fingerprint(&host_key),
            options.people.clone(),
            keys,
            invite,
        );
        let limits = &options.limits;
        let gate = gate::Gate::new(gate::Caps {
            seated: limits.max_connections.max(1),
            signing_in: limits.max_signing_in.max(1),
            per_address: limits.signing_in_per_address.max(1),
        });
        let accept = tokio::spawn(handler::accept_loop(
            listener,
            handler::Shared {
                room: room.clone(),
                host,
                config: Arc::new(handler::config(host_key, limits)),
                limits: limits.clone(),
                gate: gate.clone(),
            },
        ));
        Ok(Server {
            room,
            addr,
            accept,
            gate,
        })
    }

    /// The address actually listened on (the port is chosen when asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The shared state the app layer reads and acts on.
    pub fn room(&self) -> &Room {
        &self.room
    }

    /// Ends the workshop: every person sees `message`, their connection closes cleanly, no new
    /// connection is taken. Returns once all are closed (or after a few seconds regardless).
    pub async fn stop(self, message: &str) {
        self.room.stop(message);
        let _ = self.accept.await;
        let all_closed = async {
            while self.gate.held() > 0 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(5), all_closed).await;
    }
}

/// A server with its own runtime, for callers that are not async (the TUI, the command line).
pub struct Running {
    runtime: tokio::runtime::Runtime,
    server: Server,
}

impl Running {
    /// Starts a server on a small runtime of its own (two worker threads).
    pub fn start(options: Options, host: Arc<dyn Host>) -> Result<Running, ServeError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("covalue-serve")
            .enable_all()
            .build()
            .map_err(ServeError::Runtime)?;
        let server = runtime.block_on(Server::start(options, host))?;
        Ok(Running { runtime, server })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.server.local_addr()
    }

    pub fn room(&self) -> &Room {
        self.server.room()
    }

    /// Waits until SIGINT, SIGQUIT, SIGTERM or SIGHUP arrives (for a server without a local
    /// screen), caught by the app's one signal set-up ([`crate::tui::Signals`]).
    pub fn wait_for_signal(&self) -> Result<(), ServeError> {
        self.wait_for_signal_after(|| {})
    }

    /// Like [`Running::wait_for_signal`], calling `ready` once the signals are caught, so a
    /// signal sent by someone who reacted to `ready` is never missed.
    fn wait_for_signal_after(&self, ready: impl FnOnce()) -> Result<(), ServeError> {
        let signals = crate::tui::Signals::watch().map_err(signals_error)?;
        ready();
        while !signals.stopping() {
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }

    /// Ends the workshop for everyone (see [`Server::stop`]) and shuts the runtime down.
    pub fn stop(self, message: &str) {
        let Running { runtime, server } = self;
        runtime.block_on(server.stop(message));
        runtime.shutdown_timeout(Duration::from_secs(1));
    }
}

/// The server's error for signals that could not be caught.
fn signals_error(error: crate::tui::TuiError) -> ServeError {
    match error {
        crate::tui::TuiError::Signals(source) => ServeError::Runtime(source),
        other => ServeError::Runtime(std::io::Error::other(other.to_string())),
    }
}

/// The message every participant reads when the facilitator ends the workshop.
pub const ENDED: &str = "The workshop has ended. Thank you for taking part.";

/// Runs a server without a local screen until SIGINT, SIGTERM or SIGHUP, printing what the
/// facilitator needs (address, host key fingerprint, invite code) to `out`, then ends the
/// workshop for everyone. The facilitator joins over SSH with a key marked as facilitator and
/// admits people from there. `host` is [`welcome::Welcome`] until the workshop app plugs in.
pub fn run(
    options: Options,
    host: Arc<dyn Host>,
    out: &mut dyn std::io::Write,
) -> Result<(), ServeError> {
    let running = Running::start(options, host)?;
    let room = running.room();
    let waited = running.wait_for_signal_after(|| {
        let _ = writeln!(
            out,
            "covalue serve: \"{}\" on {}\nhost key {}\ninvite code {}\n\
             participants join with: ssh -p {} NAME@{}\nCtrl-C or SIGTERM ends the workshop.",
            crate::text::one_line(room.title()),
            running.local_addr(),
            room.fingerprint(),
            room.invite_code(),
            running.local_addr().port(),
            running.local_addr().ip(),
        );
        for (line, name) in room.unmatched_keys() {
            let _ = writeln!(
                out,
                "note: keys file line {line} names \"{}\", who is not a participant; \
                 they will be asked for the invite code",
                crate::text::one_line(&name)
            );
        }
        let _ = out.flush();
    });
    running.stop(ENDED);
    waited
}
