//! A seat: one person's terminal on the server. It decodes their bytes into events, asks their
//! [`Screen`] to handle and draw them, and writes the frames into their channel through a
//! ratatui terminal of their own size. It also owns the screens no app draws: waiting to be
//! admitted, too small, and goodbye.

use super::input::{self, Decoder};
use super::room::{ConnectionId, Decision, Room};
use super::{After, Host, Person, goodbye};
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crossterm::event::Event;
use russh::ChannelId;
use russh::server::Handle;
use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

mod out;

use out::{Drawn, Out, draw_waiting};

/// What the handler passes to a seat.
#[derive(Debug)]
pub(crate) enum Input {
    Bytes(Vec<u8>),
    Resize(u32, u32),
    /// The client closed the channel or sent EOF.
    Closed,
}

/// Input bytes a seat may have waiting before its client counts as flooding the server.
const MAX_QUEUED: usize = 1 << 20;

/// The handler's end of a seat's input. Sending never waits: the SSH session must keep reading
/// its own outgoing queue, which the seat fills while it draws, or the two would wait on each
/// other. Memory stays bounded by counting the bytes queued instead.
pub(crate) struct InputSender {
    sender: mpsc::UnboundedSender<Input>,
    queued: Arc<AtomicUsize>,
}

/// Why input could not be passed on.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The seat has ended.
    Gone,
    /// More than `MAX_QUEUED` bytes wait: the client sends faster than anyone types.
    Flood,
}

impl InputSender {
    pub fn send(&self, input: Input) -> Result<(), Refused> {
        if let Input::Bytes(bytes) = &input {
            let before = self.queued.fetch_add(bytes.len(), Ordering::Relaxed);
            if before + bytes.len() > MAX_QUEUED {
                self.queued.fetch_sub(bytes.len(), Ordering::Relaxed);
                return Err(Refused::Flood);
            }
        }
        self.sender.send(input).map_err(|_| Refused::Gone)
    }
}

/// The seat's end of its input.
pub(crate) struct InputReceiver {
    receiver: mpsc::UnboundedReceiver<Input>,
    queued: Arc<AtomicUsize>,
}

impl InputReceiver {
    async fn recv(&mut self) -> Option<Input> {
        let input = self.receiver.recv().await?;
        if let Input::Bytes(bytes) = &input {
            self.queued.fetch_sub(bytes.len(), Ordering::Relaxed);
        }
        Some(input)
    }
}

/// A seat's input channel.
pub(crate) fn input() -> (InputSender, InputReceiver) {
    let (sender, receiver) = mpsc::unbounded_channel();
    let queued = Arc::new(AtomicUsize::new(0));
    (
        InputSender {
            sender,
            queued: queued.clone(),
        },
        InputReceiver { receiver, queued },
    )
}

/// Who signed in on a connection.
#[derive(Clone, Debug)]
pub(crate) enum Who {
    /// A listed key: in at once.
    Person(Person),
    /// The right invite code: waits for the facilitator. `login` is the SSH user name.
    Guest { login: String },
}

/// Everything a seat starts with.
pub(crate) struct Seat {
    pub room: Room,
    pub host: Arc<dyn Host>,
    pub handle: Handle,
    pub channel: ChannelId,
    pub id: ConnectionId,
    pub peer: Option<SocketAddr>,
    pub who: Who,
    pub size: (u32, u32),
    pub client: super::Client,
    pub idle: Duration,
}

/// The goodbye after the idle limit.
const IDLE: &str = "Disconnected after a long time without a key press; connect again to rejoin.";

/// The goodbye of a connection whose person connected again elsewhere, or of a guest let in
/// as a participant when that participant's own key connects (a trial found the first half
/// alone told that guest something untrue).
const REPLACED: &str = "You connected again from elsewhere, or this person joined with their own \
                        key: the newer connection has this seat.";

/// How a seat ended, and what its person reads last.
enum End {
    /// The connection is gone; nobody to tell.
    Gone,
    /// A goodbye line and the exit status the client's `ssh` returns.
    Say(String, u32),
}

/// Runs one seat until its person leaves, is turned away, goes idle, or the workshop ends.
pub(crate) async fn run(seat: Seat, mut input: InputReceiver) {
    let Ok(mut out) = Out::new(seat.handle.clone(), seat.channel, seat.size) else {
        return;
    };
    if !out.begin().await {
        return;
    }
    let mut decoder = Decoder::new();
    let person = match &seat.who {
        Who::Person(person) => Ok(person.clone()),
        Who::Guest { login } => {
            wait_for_admission(&seat, login, &mut out, &mut input, &mut decoder).await
        }
    };
    let end = match person {
        Ok(person) => {
            let replaced = seat.room.arrive(seat.id, person.clone(), seat.peer);
            let end = serve(&seat, &person, &mut out, &mut input, &mut decoder, replaced).await;
            seat.room.leave(seat.id);
            end
        }
        Err(end) => end,
    };
    if let End::Say(message, status) = end {
        out.finish(&message, status).await;
    }
}

/// The person's screen from the app, until something ends it.
async fn serve(
    seat: &Seat,
    person: &Person,
    out: &mut Out,
    input: &mut InputReceiver,
    decoder: &mut Decoder,
    replaced: tokio::sync::oneshot::Receiver<()>,
) -> End {
    let room = &seat.room;
    // Resolves only when a newer connection of this person takes the seat.
    let replaced = async move {
        if replaced.await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(replaced);
    let opened = catch_unwind(AssertUnwindSafe(|| {
        seat.host.open_for(person, room, &seat.client)
    }));
    let Ok(mut screen) = opened else {
        return broken();
    };
    let mut changes = room.changes();
    let mut stop = room.stop_signal();
    let mut last_input = Instant::now();
    // A running step timer counts down on every screen; drawing once a second is enough for
    // it, and costs only the cells that changed.
    let mut clock = tokio::time::interval(CLOCK);
    clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // Every turn of the loop follows an input, a change others made or the clock: draw first.
    // ratatui sends only the cells that changed, so a redraw that changed nothing is cheap.
    loop {
        match out
            .draw(screen.typing(), |frame| screen.draw(frame, room))
            .await
        {
            Drawn::Sent => {}
            Drawn::Gone => return End::Gone,
            Drawn::Panicked => return broken(),
        }
        tokio::select! {
            received = input.recv() => {
                let events = match received {
                    None | Some(Input::Closed) => return End::Gone,
                    Some(Input::Resize(columns, rows)) => {
                        out.resize(columns, rows);
                        vec![input::resize(columns, rows)]
                    }
                    Some(Input::Bytes(bytes)) => decoder.feed(&bytes),
                };
                last_input = Instant::now();
                for event in events {
                    if out.too_small() && !reaches_behind_too_small(&event, screen.typing()) {
                        continue;
                    }
                    let after = catch_unwind(AssertUnwindSafe(|| screen.handle(event, room)));
                    match after {
                        Ok(After::Draw) => {}
                        Ok(After::DrawAll) => room.refresh_all(),
                        Ok(After::Leave) => return End::Say("You left the workshop.".into(), 0),
                        Err(_) => return broken(),
                    }
                }
            }
            changed = changes.changed() => {
                if changed.is_err() {
                    // The room is gone with the server.
                    return End::Gone;
                }
            }
            message = ended(&mut stop) => return End::Say(goodbye(&message, screen.unsent()), 0),
            () = &mut replaced => return End::Say(REPLACED.into(), 0),
            () = tokio::time::sleep_until(last_input + seat.idle) => {
                return End::Say(IDLE.into(), 0);
            }
            _ = clock.tick() => {}
        }
    }
}

/// How often a screen is drawn when nothing else happens, for the clocks on it.
const CLOCK: Duration = Duration::from_secs(1);

/// The waiting screen of someone who gave the invite code, until the facilitator decides.
async fn wait_for_admission(
    seat: &Seat,
    login: &str,
    out: &mut Out,
    input: &mut InputReceiver,
    decoder: &mut Decoder,
) -> Result<Person, End> {
    let (ticket, mut decision) = seat.room.enqueue(login, seat.peer);
    let mut stop = seat.room.stop_signal();
    let title = crate::text::one_line(seat.room.title());
    let name = crate::text::one_line(login);
    let fingerprint = seat.room.fingerprint().to_string();
    let mut last_input = Instant::now();
    let mut dirty = true;
    let outcome = loop {
        if dirty {
            dirty = false;
            let drawn = out
                .draw(false, |frame| {
                    draw_waiting(frame, &title, &name, &fingerprint)
                })
                .await;
            if !matches!(drawn, Drawn::Sent) {
                break Err(End::Gone);
            }
        }
        tokio::select! {
            decided = &mut decision => break match decided {
                Ok(Decision::Admit(person)) => Ok(person),
                Ok(Decision::TurnAway) => Err(End::Say("The facilitator did not let you in this time.".into(), 1)),
                // The room forgot the ticket (it cannot, short of ending): treat it as ended.
                Err(_) => Err(End::Say(super::ENDED.into(), 0)),
            },
            received = input.recv() => match received {
                None | Some(Input::Closed) => break Err(End::Gone),
                Some(Input::Resize(columns, rows)) => {
                    out.resize(columns, rows);
                    dirty = true;
                }
                Some(Input::Bytes(bytes)) => {
                    last_input = Instant::now();
                    if decoder.feed(&bytes).iter().any(is_quit) {
                        break Err(End::Say("You left before being let in.".into(), 0));
                    }
                }
            },
            // Not "thank you for taking part" to someone who never got in.
            _ = ended(&mut stop) => break Err(End::Say("The workshop ended before you were let in.".into(), 0)),
            () = tokio::time::sleep_until(last_input + seat.idle) => {
                break Err(End::Say(IDLE.into(), 0));
            }
        }
    };
    seat.room.withdraw(ticket);
    outcome
}

/// Resolves with the goodbye message once the workshop ends.
async fn ended(stop: &mut tokio::sync::watch::Receiver<Option<String>>) -> String {
    let message = match stop.wait_for(Option::is_some).await {
        Ok(message) => message.clone(),
        Err(_) => None,
    };
    match message {
        Some(message) => message,
        // The room is gone, so the server is: nothing will change again.
        None => std::future::pending().await,
    }
}

fn broken() -> End {
    End::Say(
        "Something went wrong on the server's side; connect again to rejoin.".into(),
        1,
    )
}

/// Whether `event` reaches a screen hidden behind the too-small notice. Nothing is shown, so
/// nothing may happen there but leaving and a resize; an open form or typed line (`typing`)
/// still takes its keys, as at full size, so words typed meanwhile are kept.
fn reaches_behind_too_small(event: &Event, typing: bool) -> bool {
    typing || is_quit(event) || matches!(event, Event::Resize(..))
}

fn is_quit(event: &Event) -> bool {
    let Event::Key(key) = event else {
        return false;
    };
    let quit = Some(Action::Quit);
    keymap::action_for(Context::Anywhere, key) == quit
        || keymap::action_for(Context::Workshop, key) == quit
}

#[cfg(test)]
mod tests {
    use super::out::{area, render};
    use super::*;
    use crate::serve::{MIN_HEIGHT, MIN_WIDTH};
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::{Frame, Terminal};

    #[test]
    fn a_terminal_of_no_size_is_drawn_the_too_small_screen() {
        let drawn = area(0, 0);
        assert!(drawn.width > 0 && drawn.height > 0);
        let mut app = false;
        let buffer = rendered(drawn.width, drawn.height, |_| app = true);
        assert!(!app);
        assert!(
            text(&buffer).contains("Terminal too small"),
            "{}",
            text(&buffer)
        );
        assert_eq!(area(0, 30), drawn);
        assert_eq!(area(100, 30), Rect::new(0, 0, 100, 30));
    }

    fn rendered(width: u16, height: u16, mut draw: impl FnMut(&mut Frame)) -> Buffer {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| render(frame, false, &mut draw))
            .unwrap();
        terminal.backend().buffer().clone()
    }

    fn text(buffer: &Buffer) -> String {
        buffer.content.iter().map(|c| c.symbol()).collect()
    }

    #[test]
    fn no_cell_can_steer_the_terminal() {
        let buffer = rendered(80, 24, |frame| {
            let buf = frame.buffer_mut();
            buf[(0, 0)].set_symbol("\x1b[2J");
            buf[(1, 0)].set_symbol("\u{202E}");
            buf[(2, 0)].set_symbol("\n");
            buf[(3, 0)].set_symbol("é");
        });
        let first: Vec<&str> = (0..4).map(|x| buffer[(x, 0)].symbol()).collect();
        assert_eq!(first, ["\u{FFFD}", "\u{FFFD}", "\u{FFFD}", "é"]);
        assert!(!text(&buffer).chars().any(char::is_control));
    }

    #[test]
    fn a_small_terminal_gets_the_too_small_screen_not_the_app() {
        let mut drawn = false;
        let buffer = rendered(MIN_WIDTH - 1, MIN_HEIGHT, |_| drawn = true);
        assert!(!drawn);
        assert!(text(&buffer).contains("Terminal too small: 79×24"));
        // Even a terminal of no size at all is drawn without a panic.
        rendered(0, 0, |_| {});
        rendered(1, 1, |_| {});
    }

    #[test]
    fn a_flood_of_input_is_refused_but_typing_is_not() {
        let (sender, mut receiver) = input();
        for _ in 0..1000 {
            assert_eq!(sender.send(Input::Bytes(vec![b'j'; 16])), Ok(()));
        }
        assert_eq!(
            sender.send(Input::Bytes(vec![0; MAX_QUEUED])),
            Err(Refused::Flood)
        );
        // Reading drains the count again.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            for _ in 0..1000 {
                receiver.recv().await.unwrap();
            }
        });
        // Emptied, the queue takes a whole allowance again: typing is never refused for good.
        assert_eq!(sender.send(Input::Bytes(vec![0; MAX_QUEUED])), Ok(()));
        drop(receiver);
        assert_eq!(sender.send(Input::Resize(80, 24)), Err(Refused::Gone));
    }

    #[test]
    fn an_open_form_keeps_its_keys_behind_the_too_small_screen() {
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let u = Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::NONE));
        assert!(!reaches_behind_too_small(&u, false));
        assert!(reaches_behind_too_small(&u, true));
        let mut terminal = Terminal::new(TestBackend::new(60, 10)).unwrap();
        terminal
            .draw(|frame| render(frame, true, &mut |_| {}))
            .unwrap();
        let notice = text(terminal.backend().buffer());
        assert!(
            notice.contains("Your typing still goes into the open form."),
            "{notice}"
        );
        assert!(notice.contains("Esc closes it, then q leaves."), "{notice}");
    }

    #[test]
    fn ctrl_c_and_q_leave_the_waiting_list_and_the_too_small_screen() {
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let key = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
        assert!(is_quit(&key(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(is_quit(&key(KeyCode::Char('q'), KeyModifiers::NONE)));
        assert!(!is_quit(&key(KeyCode::Char('c'), KeyModifiers::NONE)));
        assert!(!is_quit(&Event::Resize(80, 24)));
    }
}
