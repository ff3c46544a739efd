//! The room: what every connection shares and the app layer reads (who is connected, who is
//! waiting, the invite code, the fingerprint) and the signals that redraw or end every seat.
//! Locks here are held only for a copy or an update, never across an await.

use super::Person;
use super::invite::{Invite, Verdict};
use super::keys::{Keys, same_name};
use std::collections::BTreeMap;
use std::net::SocketAddr;
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
    waiting: BTreeMap<Ticket, (Waiting, oneshot::Sender<Decision>)>,
}

struct Inner {
    title: String,
    fingerprint: String,
    keys: Keys,
    invite: Mutex<Invite>,
    state: Mutex<State>,
    next: AtomicU64,
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

    /// Replaces the invite code (after it leaked or was retired) and returns the new one.
    pub fn new_invite_code(&self) -> String {
        let mut invite = lock(&self.inner.invite);
        *invite = Invite::new();
        let code = invite.shown();
        drop(invite);
        self.refresh_all();
        code
    }

    /// Whether too many wrong answers have retired the code.
    pub fn invite_retired(&self) -> bool {
        lock(&self.inner.invite).retired()
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

    pub(crate) fn check_code(&self, answer: &str) -> Verdict {
        lock(&self.inner.invite).check(answer)
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

    pub(crate) fn arrive(&self, id: ConnectionId, person: Person, peer: Option<SocketAddr>) {
        lock(&self.inner.state).connected.insert(
            id,
            Presence {
                id,
                person,
                peer,
                since: Instant::now(),
            },
        );
        self.refresh_all();
    }

    pub(crate) fn leave(&self, id: ConnectionId) {
        if lock(&self.inner.state).connected.remove(&id).is_some() {
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
        room.arrive(ConnectionId(7), Person::new("Priya", "consumer"), None);
        assert!(changes.has_changed().unwrap());
        assert_eq!(room.connected().len(), 1);
        room.stop("bye");
        room.stop("ignored: the first message stands");
        assert_eq!(stop.borrow().as_deref(), Some("bye"));
        room.leave(ConnectionId(7));
        assert!(room.connected().is_empty());
    }
}
