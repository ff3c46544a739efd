//! The room: what every connection shares and the app layer reads (who is connected, who is
//! waiting, the invite code, the fingerprint) and the signals that redraw or end every seat.
//! Locks here are held only for a copy or an update, never across an await.

use super::Person;
use super::invite::{Guessing, Invite, Verdict};
use super::keys::{Keys, same_name};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use tokio::sync::{oneshot, watch};

/// One connection, for as long as it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConnectionId(pub u64);

/// A place in the waiting list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ticket(pub u64);

/// Someone connected and let in.
#[derive(Clone, Debug)]
pub struct Presence {
    pub id: ConnectionId,
    pub person: Person,
    pub peer: Option<SocketAddr>,
    pub since: Instant,
}

/// Someone who gave the right invite code and waits for the facilitator.
#[derive(Clone, Debug)]
pub struct Waiting {
    pub ticket: Ticket,
    /// The name they connected as (`ssh NAME@host`), as typed: clean it before showing it.
    pub login: String,
    pub peer: Option<SocketAddr>,
    pub since: Instant,
}

/// The facilitator's answer to someone waiting.
#[derive(Debug)]
pub(crate) enum Decision {
    Admit(Person),
    TurnAway,
}

#[derive(Default)]
struct State {
    people: Vec<Person>,
    connected: BTreeMap<ConnectionId, Presence>,
    /// Tells a connected seat that a newer connection of the same person took its place.
    replaced: BTreeMap<ConnectionId, oneshot::Sender<()>>,
    waiting: BTreeMap<Ticket, (Waiting, oneshot::Sender<Decision>)>,
}

struct Inner {
    title: String,
    fingerprint: String,
    keys: Keys,
    invite: Mutex<Invite>,
    state: Mutex<State>,
    next: AtomicU64,
    /// Connections refused because the server was full.
    refused: AtomicU64,
    /// Bumped whenever every screen should redraw.
    changes: watch::Sender<u64>,
    /// Set once, with the goodbye message, when the workshop ends.
    stop: watch::Sender<Option<String>>,
}

/// Shared by every connection and the app layer; cheap to clone.
#[derive(Clone)]
pub struct Room {
    inner: Arc<Inner>,
}

/// A poisoned lock only means another seat panicked mid-update of plain lists; carry on.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Room {
    pub(crate) fn new(
        title: String,
        fingerprint: String,
        people: Vec<Person>,
        keys: Keys,
        invite: Invite,
    ) -> Room {
        Room {
            inner: Arc::new(Inner {
                title,
                fingerprint,
                keys,
                invite: Mutex::new(invite),
                state: Mutex::new(State {
                    people,
                    ..State::default()
                }),
                next: AtomicU64::new(1),
                refused: AtomicU64::new(0),
                changes: watch::channel(0).0,
                stop: watch::channel(None).0,
            }),
        }
    }

    /// The session's title as given (clean it before drawing).
    pub fn title(&self) -> &str {
        &self.inner.title
    }

    /// The host key's SHA256 fingerprint, for the facilitator's screen.
    pub fn fingerprint(&self) -> &str {
        &self.inner.fingerprint
    }

    /// The invite code as people read it (`ABCD-EFGH`).
    pub fn invite_code(&self) -> String {
        lock(&self.inner.invite).shown()
    }

    /// Replaces the invite code (after it leaked) and returns the new one; addresses held
    /// off for guessing the old one may try the new one.
    pub fn new_invite_code(&self) -> String {
        let mut invite = lock(&self.inner.invite);
        *invite = Invite::new();
        let code = invite.shown();
        drop(invite);
        self.refresh_all();
        code
    }

    /// Wrong answers to the invite code so far, for the facilitator.
    pub fn guessing(&self) -> Guessing {
        lock(&self.inner.invite).guessing(Instant::now())
    }

    /// Connections turned away because the server was full (see `Limits`).
    pub fn refused(&self) -> u64 {
        self.inner.refused.load(Ordering::Relaxed)
    }

    /// What the facilitator should know about the door: people refused for want of room,
    /// someone guessing the code. Empty while all is well.
    pub fn door_notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let refused = self.refused();
        if refused > 0 {
            let s = if refused == 1 { "" } else { "s" };
            notes.push(format!(
                "{refused} connection{s} refused: the server was full"
            ));
        }
        let guessing = self.guessing();
        if guessing.wrong > 0 {
            let (s, es) = (
                if guessing.wrong == 1 { "" } else { "s" },
                if guessing.addresses == 1 { "" } else { "es" },
            );
            notes.push(format!(
                "{} wrong invite code{s} from {} address{es}, {} held off: someone may be guessing",
                guessing.wrong, guessing.addresses, guessing.held_off
            ));
        }
        notes
    }

    /// The people who may join.
    pub fn people(&self) -> Vec<Person> {
        lock(&self.inner.state).people.clone()
    }

    /// Replaces the people who may join (after the facilitator edited the participants).
    /// Who is connected stays connected; a key naming someone removed no longer gets in.
    pub fn set_people(&self, people: Vec<Person>) {
        lock(&self.inner.state).people = people;
        self.refresh_all();
    }

    /// Keys-file entries (line, name) that name nobody in the session: those people will be
    /// asked for the invite code instead. Worth showing the facilitator at the start.
    pub fn unmatched_keys(&self) -> Vec<(usize, String)> {
        let people = self.people();
        self.inner
            .keys
            .strangers(&people)
            .into_iter()
            .map(|entry| (entry.line, entry.name.clone()))
            .collect()
    }

    /// Everyone connected and let in, in the order they came.
    pub fn connected(&self) -> Vec<Presence> {
        lock(&self.inner.state)
            .connected
            .values()
            .cloned()
            .collect()
    }

    /// Everyone waiting for the facilitator, first come first.
    pub fn waiting(&self) -> Vec<Waiting> {
        lock(&self.inner.state)
            .waiting
            .values()
            .map(|(w, _)| w.clone())
            .collect()
    }

    /// Lets someone from the waiting list in as `person` (an existing participant or a new
    /// one, who is then added to the people). False if they are no longer waiting.
    pub fn admit(&self, ticket: Ticket, person: Person) -> bool {
        let mut state = lock(&self.inner.state);
        let Some((_, reply)) = state.waiting.remove(&ticket) else {
            return false;
        };
        // Someone who hung up while waiting is not added to the people.
        let sent = reply.send(Decision::Admit(person.clone())).is_ok();
        let known = state
            .people
            .iter()
            .any(|p| same_name(&p.name, &person.name));
        if sent && !known {
            state.people.push(person);
        }
        drop(state);
        self.refresh_all();
        sent
    }

    /// Turns someone on the waiting list away; their connection is closed with a message.
    pub fn turn_away(&self, ticket: Ticket) -> bool {
        let removed = lock(&self.inner.state).waiting.remove(&ticket);
        let sent = removed.is_some_and(|(_, reply)| reply.send(Decision::TurnAway).is_ok());
        self.refresh_all();
        sent
    }

    /// Redraws every screen: call after changing anything others see.
    pub fn refresh_all(&self) {
        self.inner.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Tells every seat the workshop has ended with `message`; see `Server::stop`.
    pub fn stop(&self, message: &str) {
        self.inner.stop.send_if_modified(|stop| match stop {
            Some(_) => false,
            None => {
                *stop = Some(message.to_string());
                true
            }
        });
    }

    pub fn is_stopping(&self) -> bool {
        self.inner.stop.borrow().is_some()
    }

    // What the server's own tasks use.

    pub(crate) fn keys(&self) -> &Keys {
        &self.inner.keys
    }

    pub(crate) fn check_code(&self, answer: &str, from: IpAddr) -> Verdict {
        let verdict = lock(&self.inner.invite).check(answer, from, Instant::now());
        if verdict != Verdict::Right {
            // The facilitator's screen counts wrong answers.
            self.refresh_all();
        }
        verdict
    }

    /// Whether `from` is held off for guessing the code.
    pub(crate) fn held_off(&self, from: IpAddr) -> bool {
        lock(&self.inner.invite).held_off(from, Instant::now())
    }

    /// Counts a connection refused because the server was full.
    pub(crate) fn note_refused(&self) {
        self.inner.refused.fetch_add(1, Ordering::Relaxed);
        self.refresh_all();
    }

    pub(crate) fn next_id(&self) -> u64 {
        self.inner.next.fetch_add(1, Ordering::Relaxed)
    }

    /// Tells when every screen should redraw (someone joined, left, waits, or a screen said
    /// `After::DrawAll`). The local facilitator's loop, which is not async, can poll it with
    /// `has_changed()` and `mark_unchanged()` between its own frames.
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.inner.changes.subscribe()
    }

    pub(crate) fn stop_signal(&self) -> watch::Receiver<Option<String>> {
        self.inner.stop.subscribe()
    }

    /// Seats `person` on connection `id`. The same person connected already (the same key
    /// twice, or a reconnect before the old connection noticed it was dead) is one person:
    /// the older connection is told to go, and the newer takes the seat. The receiver fires
    /// when this connection is replaced in turn.
    pub(crate) fn arrive(
        &self,
        id: ConnectionId,
        person: Person,
        peer: Option<SocketAddr>,
    ) -> oneshot::Receiver<()> {
        let (tell, replaced) = oneshot::channel();
        let mut state = lock(&self.inner.state);
        let older: Vec<ConnectionId> = state
            .connected
            .values()
            .filter(|p| same_name(&p.person.name, &person.name))
            .map(|p| p.id)
            .collect();
        for old in older {
            state.connected.remove(&old);
            if let Some(tell) = state.replaced.remove(&old) {
                let _ = tell.send(());
            }
        }
        state.connected.insert(
            id,
            Presence {
                id,
                person,
                peer,
                since: Instant::now(),
            },
        );
        state.replaced.insert(id, tell);
        drop(state);
        self.refresh_all();
        replaced
    }

    pub(crate) fn leave(&self, id: ConnectionId) {
        let mut state = lock(&self.inner.state);
        state.replaced.remove(&id);
        if state.connected.remove(&id).is_some() {
            drop(state);
            self.refresh_all();
        }
    }

    pub(crate) fn enqueue(
        &self,
        login: &str,
        peer: Option<SocketAddr>,
    ) -> (Ticket, oneshot::Receiver<Decision>) {
        let ticket = Ticket(self.next_id());
        let (reply, decision) = oneshot::channel();
        let waiting = Waiting {
            ticket,
            login: login.to_string(),
            peer,
            since: Instant::now(),
        };
        lock(&self.inner.state)
            .waiting
            .insert(ticket, (waiting, reply));
        self.refresh_all();
        (ticket, decision)
    }

    pub(crate) fn withdraw(&self, ticket: Ticket) {
        if lock(&self.inner.state).waiting.remove(&ticket).is_some() {
            self.refresh_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room() -> Room {
        Room::new(
            "Review".into(),
            "SHA256:x".into(),
            vec![Person::new("Priya", "consumer")],
            Keys::default(),
            Invite::with_code("ABCDEFGH"),
        )
    }

    #[test]
    fn admitting_answers_the_waiting_connection_and_adds_new_people() {
        let room = room();
        let (ticket, mut decision) = room.enqueue("sam", None);
        assert_eq!(room.waiting().len(), 1);
        assert!(room.admit(ticket, Person::new("Sam", "consumer")));
        assert!(room.waiting().is_empty());
        assert!(matches!(decision.try_recv(), Ok(Decision::Admit(p)) if p.name == "Sam"));
        assert_eq!(room.people().len(), 2);
        // A second answer to the same ticket does nothing.
        assert!(!room.turn_away(ticket));
    }

    #[test]
    fn admitting_someone_who_hung_up_adds_nobody() {
        let room = room();
        let (ticket, decision) = room.enqueue("gone", None);
        drop(decision);
        assert!(!room.admit(ticket, Person::new("Gone", "consumer")));
        assert_eq!(room.people().len(), 1);
    }

    #[test]
    fn turning_away_and_withdrawing() {
        let room = room();
        let (a, mut first) = room.enqueue("a", None);
        let (b, _second) = room.enqueue("b", None);
        assert!(room.turn_away(a));
        assert!(matches!(first.try_recv(), Ok(Decision::TurnAway)));
        room.withdraw(b);
        assert!(room.waiting().is_empty());
        assert!(!room.admit(b, Person::new("B", "x")));
        assert_eq!(room.people().len(), 1);
    }

    #[test]
    fn the_people_can_change_during_the_workshop() {
        let room = room();
        let changes = room.changes();
        room.set_people(vec![Person::new("Sam", "provider")]);
        assert!(changes.has_changed().unwrap());
        assert_eq!(room.people(), [Person::new("Sam", "provider")]);
    }

    #[test]
    fn changes_and_stop_reach_subscribers() {
        let room = room();
        let changes = room.changes();
        let stop = room.stop_signal();
        let _replaced = room.arrive(ConnectionId(7), Person::new("Priya", "consumer"), None);
        assert!(changes.has_changed().unwrap());
        assert_eq!(room.connected().len(), 1);
        room.stop("bye");
        room.stop("ignored: the first message stands");
        assert_eq!(stop.borrow().as_deref(), Some("bye"));
        room.leave(ConnectionId(7));
        assert!(room.connected().is_empty());
    }

    #[test]
    fn the_same_person_connected_twice_is_one_and_the_newer_connection_stays() {
        let room = room();
        let mut first = room.arrive(ConnectionId(1), Person::new("Priya", "consumer"), None);
        let mut second = room.arrive(ConnectionId(2), Person::new("priya", "consumer"), None);
        assert!(
            first.try_recv().is_ok(),
            "the older connection is told to go"
        );
        assert!(second.try_recv().is_err());
        let connected = room.connected();
        assert_eq!(connected.len(), 1);
        assert_eq!(connected[0].id, ConnectionId(2));
        // The older one leaving later does not unseat the newer.
        room.leave(ConnectionId(1));
        assert_eq!(room.connected().len(), 1);
    }

    #[test]
    fn the_facilitator_is_told_of_refusals_and_guessing() {
        let room = room();
        assert!(room.door_notes().is_empty());
        let changes = room.changes();
        room.note_refused();
        let guesser: IpAddr = "192.0.2.7".parse().unwrap();
        assert!(matches!(
            room.check_code("nope", guesser),
            Verdict::Wrong { .. }
        ));
        assert!(changes.has_changed().unwrap());
        assert_eq!(
            room.door_notes(),
            [
                "1 connection refused: the server was full",
                "1 wrong invite code from 1 address, 0 held off: someone may be guessing"
            ]
        );
    }
}
