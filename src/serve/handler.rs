//! The SSH side of a connection: sign-in (listed key or invite code) and the channel rules (one
//! shell on a pty; everything else refused); the accept loop and a connection's task are the
//! door's (`accept`). What a person sees is the seat's business (`seat.rs`); this file only
//! forwards their bytes to it.

use super::gate::{Gate, Pass, refusal_bytes};
use super::invite::{HELD_OFF_FOR, TRIES_PER_CONNECTION, Verdict};
use super::room::{ConnectionId, Room};
use super::seat::{self, Input, InputSender, Refused, Seat, Who};
use super::{Host, Limits, Person};
use russh::keys::PrivateKey;
use russh::server::{Auth, Config, Msg, PublicKeyOffer, Response, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet, Pty};
use std::borrow::Cow;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::Instant;

mod accept;

pub(crate) use accept::accept_loop;

/// What every connection task needs.
#[derive(Clone)]
pub(crate) struct Shared {
    pub room: Room,
    pub host: Arc<dyn Host>,
    pub config: Arc<Config>,
    pub limits: Limits,
    pub gate: Arc<Gate>,
}

/// The russh configuration: our host key, the two ways in, and timeouts that drop dead peers.
pub(crate) fn config(host_key: PrivateKey, limits: &Limits) -> Config {
    let methods = MethodSet::from(&[MethodKind::PublicKey, MethodKind::KeyboardInteractive][..]);
    Config {
        keys: vec![host_key],
        methods,
        // A refusal always takes this long, so timing tells a guesser nothing.
        auth_rejection_time: Duration::from_millis(300),
        // OpenSSH first asks "none" to learn the methods; answer that at once.
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: 8,
        // Keepalives find peers that vanished without closing; the seat's own idle limit
        // ends connections whose person stopped typing.
        keepalive_interval: Some(Duration::from_secs(30)),
        keepalive_max: 3,
        inactivity_timeout: Some(limits.idle + Duration::from_secs(60)),
        ..Config::default()
    }
}

/// What everyone connecting reads first; the workshop's title is for those let in.
pub(crate) const BANNER: &str =
    "covalue workshop: a listed key joins at once; anyone else is asked for the invite code.\r\n";

/// The longest login name kept, in characters: it is shown on the facilitator's waiting list.
pub(crate) const MAX_LOGIN: usize = 32;

/// The name someone connected as, cut to `MAX_LOGIN` characters.
pub(crate) fn login_name(user: &str) -> String {
    user.chars().take(MAX_LOGIN).collect()
}

/// How far a connection got, shared by its handler, its seat and its task.
#[derive(Default)]
pub(crate) struct Progress {
    /// A seat runs: the person signed in and has a screen (or waits for admission).
    pub seated: AtomicBool,
    /// The seat has ended.
    pub seat_ended: tokio::sync::Notify,
    /// When the invite code prompt was first shown.
    prompted: Mutex<Option<Instant>>,
    /// Why the connection ends before anyone signed in (out of tries, held off), once it does.
    ending: Mutex<Option<String>>,
    /// Wakes the connection's task to disconnect, saying `ending`.
    end_now: tokio::sync::Notify,
}

impl Progress {
    fn prompted(&self) -> Option<Instant> {
        *self.prompted.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn prompt_shown(&self) {
        self.prompted
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_or_insert_with(Instant::now);
    }

    /// Asks the connection's task to end the connection; the first reason given is the one said.
    fn end(&self, why: String) {
        self.ending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_or_insert(why);
        self.end_now.notify_one();
    }

    fn ending(&self) -> String {
        let ending = self.ending.lock().unwrap_or_else(|p| p.into_inner());
        ending.clone().unwrap_or_default()
    }
}

/// Said when the third wrong answer ends a connection (a new one has its own three).
const OUT_OF_TRIES: &str = "three wrong answers end a connection; connect again to try once more";

/// Said to an address held off for its wrong answers.
fn held_off() -> String {
    let minutes = HELD_OFF_FOR.as_secs() / 60;
    format!("too many wrong invite codes from your address; try again in {minutes} minutes")
}

/// Resolves once the workshop ends (holding no lock on the message while waiting).
async fn stopped(stop: &mut tokio::sync::watch::Receiver<Option<String>>) {
    let ended = stop.wait_for(Option::is_some).await.is_ok();
    if !ended {
        // The room is gone with the server; nothing more will happen.
        std::future::pending::<()>().await;
    }
}

/// The russh handler of one connection.
struct Connection {
    shared: Shared,
    peer: SocketAddr,
    id: ConnectionId,
    /// Who signed in, once someone has.
    who: Option<Who>,
    wrong_codes: u32,
    /// The one session channel served on this connection.
    channel: Option<ChannelId>,
    /// The pty's size, once one was asked for.
    size: Option<(u32, u32)>,
    /// What the client said of its terminal (TERM, NO_COLOR), for the screen's colours.
    client: super::Client,
    /// The seat's input, once the shell started.
    input: Option<InputSender>,
    progress: Arc<Progress>,
    /// Its place at the gate: signing in, then seated; freed when the connection ends.
    pass: Pass,
}

impl Connection {
    fn listed(&self, key: &russh::keys::PublicKey) -> Option<Person> {
        self.shared
            .room
            .keys()
            .admit(key, &self.shared.room.people())
    }

    fn code_prompt(&self) -> Auth {
        Auth::Partial {
            // No name: ssh prints it on a line of its own, where it reads as a stray word.
            name: Cow::Borrowed(""),
            // No title: what the workshop is about is for the people let in.
            instructions: Cow::Owned(if self.wrong_codes == 0 {
                "Joining a covalue workshop. Ask the facilitator for the invite code.".to_string()
            } else {
                let left = TRIES_PER_CONNECTION.saturating_sub(self.wrong_codes);
                format!(
                    "That was not the invite code; {left} more {}.",
                    if left == 1 { "try" } else { "tries" }
                )
            }),
            prompts: Cow::Owned(vec![(Cow::Borrowed("Invite code: "), false)]),
        }
    }

    /// Ends the connection saying `why`, after showing `said`. Refusing with no methods left
    /// would not end it: OpenSSH's client reads an empty list as "try anything" and asks for a
    /// password that opens nothing. A last request with no prompts keeps the client waiting in
    /// this exchange while the connection's task disconnects it with the reason.
    fn end(&self, said: &'static str, why: String) -> Auth {
        self.progress.end(why);
        Auth::Partial {
            name: Cow::Borrowed(""),
            instructions: Cow::Borrowed(said),
            prompts: Cow::Borrowed(&[]),
        }
    }

    /// Passes input to the seat; a client flooding it is disconnected.
    fn forward(&mut self, input: Input, session: &mut Session) -> Result<(), russh::Error> {
        let Some(seat) = &self.input else {
            return Ok(());
        };
        match seat.send(input) {
            Ok(()) => Ok(()),
            // The seat ended (the person left): there is no one to tell.
            Err(Refused::Gone) => {
                self.input = None;
                Ok(())
            }
            Err(Refused::Flood) => {
                self.input = None;
                session.disconnect(
                    russh::Disconnect::ByApplication,
                    "more input than anyone can type",
                    "",
                )
            }
        }
    }

    /// Refuses a channel request and ends the channel with a line on stderr saying why.
    fn refuse(
        &mut self,
        channel: ChannelId,
        why: &str,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        // The reason goes first: OpenSSH's client exits as soon as it reads the failure.
        if self.input.is_none() {
            let line = format!("covalue: {why}\r\n");
            session.extended_data(channel, 1, line.into_bytes())?;
        }
        session.channel_failure(channel)?;
        if self.input.is_none() {
            session.exit_status_request(channel, 1)?;
            session.eof(channel)?;
            session.close(channel)?;
        }
        Ok(())
    }
}

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn authentication_banner(&mut self) -> Result<Option<String>, Self::Error> {
        Ok(Some(BANNER.to_string()))
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        // Asking for a signature from a key that would be refused anyway wastes a round trip.
        Ok(match self.listed(offer.public_key) {
            Some(_) => Auth::Accept,
            None => Auth::reject(),
        })
    }

    async fn auth_publickey(
        &mut self,
        _user: &str,
        key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        match self.listed(key.public_key) {
            Some(person) => {
                self.who = Some(Who::Person(person));
                Ok(Auth::Accept)
            }
            None => Ok(Auth::reject()),
        }
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        let from = self.peer.ip();
        // Also the client's empty answer to the last request, before the disconnect reaches it.
        if self.wrong_codes >= TRIES_PER_CONNECTION {
            return Ok(self.end("", OUT_OF_TRIES.to_string()));
        }
        if self.shared.room.held_off(from) {
            return Ok(self.end("", held_off()));
        }
        let Some(mut response) = response else {
            self.progress.prompt_shown();
            return Ok(self.code_prompt());
        };
        let answer = response
            .next()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        match self.shared.room.check_code(&answer, from) {
            Verdict::Right => {
                self.who = Some(Who::Guest {
                    login: login_name(user),
                });
                Ok(Auth::Accept)
            }
            Verdict::Wrong { wait } => {
                self.wrong_codes += 1;
                tokio::time::sleep(wait).await;
                if self.wrong_codes >= TRIES_PER_CONNECTION {
                    let said = "That was not the invite code either.";
                    return Ok(self.end(said, OUT_OF_TRIES.to_string()));
                }
                // Only the code may be tried again.
                Ok(Auth::Reject {
                    proceed_with_methods: Some(MethodSet::from(
                        &[MethodKind::KeyboardInteractive][..],
                    )),
                    partial_success: false,
                })
            }
            Verdict::HeldOff => Ok(self.end("", held_off())),
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One screen per connection; the data arrives through the handler, so the channel
        // object itself is not kept.
        if self.channel.is_some() || self.who.is_none() {
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
        } else {
            self.channel = Some(channel.id());
            reply.accept().await;
        }
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        columns: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel && self.input.is_none() {
            self.size = Some((columns, rows));
            self.client.term = Some(term.chars().take(64).collect());
            session.channel_success(channel)?;
        } else {
            session.channel_failure(channel)?;
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (Some(size), Some(who)) = (self.size, self.who.clone()) else {
            return self.refuse(
                channel,
                "covalue needs a terminal: connect with ssh -t",
                session,
            );
        };
        if Some(channel) != self.channel || self.input.is_some() {
            return self.refuse(channel, "one screen per connection", session);
        }
        if let Err(refusal) = self.pass.sit() {
            self.shared.room.note_refused();
            let why = refusal.message().trim_start_matches("covalue: ");
            return self.refuse(channel, why, session);
        }
        session.channel_success(channel)?;
        let (sender, receiver) = seat::input();
        self.input = Some(sender);
        let seat = Seat {
            room: self.shared.room.clone(),
            host: self.shared.host.clone(),
            handle: session.handle(),
            channel,
            id: self.id,
            peer: Some(self.peer),
            who,
            size,
            client: self.client.clone(),
            idle: self.shared.limits.idle,
        };
        self.progress.seated.store(true, Ordering::Relaxed);
        let progress = self.progress.clone();
        tokio::spawn(async move {
            seat::run(seat, receiver).await;
            progress.seat_ended.notify_one();
        });
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(
            channel,
            "commands are not run here; connect without one to join the workshop",
            session,
        )
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(
            channel,
            "no subsystems (sftp or others) are served here",
            session,
        )
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // NO_COLOR alone is read (the screen's colours, as the local app reads it); every
        // other variable is refused rather than pretended.
        if name == "NO_COLOR" && Some(channel) == self.channel && self.input.is_none() {
            self.client.no_color = !value.is_empty();
            session.channel_success(channel)?;
        } else {
            session.channel_failure(channel)?;
        }
        Ok(())
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        _path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel {
            self.forward(Input::Bytes(data.to_vec()), session)?;
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        columns: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel {
            self.size = Some((columns, rows));
            self.forward(Input::Resize(columns, rows), session)?;
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel {
            self.forward(Input::Closed, session)?;
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel {
            self.forward(Input::Closed, session)?;
            self.input = None;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names_are_cut_to_their_limit() {
        assert_eq!(login_name("sam"), "sam");
        let long = "é".repeat(5000);
        assert_eq!(login_name(&long).chars().count(), MAX_LOGIN);
    }
}
