//! The server in one process with russh's own client: requests OpenSSH's client cannot be
//! made to send on purpose, and many participants at once: every key press one person makes
//! must reach every other person's screen, and how long that takes. A small run is a normal
//! test; the full measurement (50 people, 20 presses each) is ignored by default:
//!
//! ```text
//! cargo test --release --test serve_load -- --ignored --nocapture
//! ```

use covalue::domain::{Benefit, Role, Session, Step};
use covalue::serve::workshop::{Master, WorkshopHost};
use covalue::serve::{After, Host, Options, Person, Room, Running, Screen};
use crossterm::event::{Event, KeyCode};
use ratatui::Frame;
use ratatui::widgets::Paragraph;
use russh::ChannelMsg;
use russh::client;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// A screen everyone shares: any key adds one to a count all of them show.
struct Counter(Arc<AtomicU64>);

struct CounterScreen {
    count: Arc<AtomicU64>,
    name: String,
}

impl Host for Counter {
    fn open(&self, person: &Person, _room: &Room) -> Box<dyn Screen> {
        Box::new(CounterScreen {
            count: self.0.clone(),
            name: person.name.clone(),
        })
    }
}

impl Screen for CounterScreen {
    fn handle(&mut self, event: Event, _room: &Room) -> After {
        match event {
            Event::Key(key) if key.code == KeyCode::Char('q') => After::Leave,
            Event::Key(_) => {
                self.count.fetch_add(1, Ordering::SeqCst);
                After::DrawAll
            }
            _ => After::Draw,
        }
    }

    fn draw(&mut self, frame: &mut Frame, room: &Room) {
        let text = format!(
            "{} · count={}; · {} connected",
            self.name,
            self.count.load(Ordering::SeqCst),
            room.connected().len()
        );
        frame.render_widget(Paragraph::new(text), frame.area());
    }
}

struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// One connected participant: their input and the count their screen shows.
struct Participant {
    write: russh::ChannelWriteHalf<client::Msg>,
    shown: watch::Receiver<u64>,
    /// The whole screen as last drawn.
    text: watch::Receiver<String>,
    session: client::Handle<Client>,
}

fn key_for(index: usize) -> PrivateKey {
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&(index as u64 + 1).to_le_bytes());
    PrivateKey::from(Ed25519Keypair::from_seed(&seed))
}

fn name(index: usize) -> String {
    format!("Person {index:02}")
}

/// Participant `index` signed in with their key over `config`, with a session channel open.
async fn signed_in(
    addr: SocketAddr,
    index: usize,
    config: client::Config,
) -> (client::Handle<Client>, russh::Channel<client::Msg>) {
    let mut session = client::connect(Arc::new(config), addr, Client)
        .await
        .unwrap();
    let auth = session
        .authenticate_publickey(
            "participant",
            PrivateKeyWithHashAlg::new(Arc::new(key_for(index)), None),
        )
        .await
        .unwrap();
    assert!(auth.success(), "{} was not let in", name(index));
    let channel = session.channel_open_session().await.unwrap();
    (session, channel)
}

async fn join(addr: SocketAddr, index: usize) -> Participant {
    let config = client::Config {
        nodelay: true,
        ..client::Config::default()
    };
    let (session, channel) = signed_in(addr, index, config).await;
    channel
        .request_pty(false, "xterm-256color", 80, 24, 0, 0, &[])
        .await
        .unwrap();
    channel.request_shell(false).await.unwrap();
    let (mut read, write) = channel.split();
    let (tell, shown) = watch::channel(0);
    let (tell_text, text) = watch::channel(String::new());
    tokio::spawn(async move {
        let mut screen = vt100::Parser::new(24, 80, 0);
        while let Some(message) = read.wait().await {
            if let ChannelMsg::Data { data } = message {
                screen.process(&data);
                let text = screen.screen().contents();
                if let Some(count) = shown_count(&text) {
                    tell.send_replace(count);
                }
                tell_text.send_replace(text);
            }
        }
    });
    Participant {
        write,
        shown,
        text,
        session,
    }
}

/// The number every screen shows: the counter's `count=N;`, or the workshop's
/// `N ratings in` (the ratings of the step, which each press adds one to).
fn shown_count(text: &str) -> Option<u64> {
    if let Some(rest) = text.split("count=").nth(1) {
        return rest.split(';').next()?.parse().ok();
    }
    // "1 rating in", "2 ratings in".
    let before = [" ratings in", " rating in"]
        .iter()
        .find_map(|end| text.split(end).next().filter(|b| b.len() < text.len()))?;
    before.rsplit(' ').next()?.parse().ok()
}

/// The workshop's session for the load: `people` consumers and `items` benefits, on the
/// Benefits step, so every press of a digit rates the next item.
fn workshop_host(people: usize, items: usize) -> (Arc<dyn Host>, Master) {
    let mut session = Session::new("load", "Load", covalue::store::now());
    for i in 0..people {
        session.participants.push(covalue::domain::Participant {
            name: name(i),
            role: Role::Consumer,
            group: None,
        });
    }
    for i in 0..items {
        session.benefits.push(Benefit {
            text: format!("Benefit {i:02}"),
            ..Benefit::default()
        });
    }
    let master = Master::new(session, Step::Benefits);
    (Arc::new(WorkshopHost::new(master.clone())), master)
}

/// The host the measurement serves: the workshop when `WORKSHOP=1`, the counter otherwise.
fn host(people: usize, presses: usize) -> Arc<dyn Host> {
    if std::env::var("WORKSHOP").is_ok_and(|w| w == "1") {
        workshop_host(people, presses).0
    } else {
        Arc::new(Counter(Arc::default()))
    }
}

/// Options for a server whose participants are `Person 00`… with the keys from `key_for`.
fn options(data: &std::path::Path, people: usize) -> Options {
    let keys: String = (0..people)
        .map(|i| {
            let public = key_for(i).public_key().to_openssh().unwrap();
            format!("{public} {}\n", name(i))
        })
        .collect();
    let keys_file = data.join("keys");
    std::fs::write(&keys_file, keys).unwrap();
    let mut options = Options::new(
        data.to_path_buf(),
        "Load",
        (0..people)
            .map(|i| Person::new(name(i), "consumer"))
            .collect(),
    );
    options.listen = "127.0.0.1:0".parse().unwrap();
    options.keys_file = Some(keys_file);
    options.limits.max_connections = people + 1;
    options
}

/// Connects `people` participants to a server, one after the other.
fn connect_all(addr: SocketAddr, people: usize) -> (tokio::runtime::Runtime, Vec<Participant>) {
    let clients = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let participants = clients.block_on(async {
        let mut all = Vec::new();
        for i in 0..people {
            all.push(join(addr, i).await);
        }
        all
    });
    (clients, participants)
}

/// Starts a server for `people` participants in this process and connects them all.
fn setup(
    people: usize,
) -> (
    Running,
    tokio::runtime::Runtime,
    Vec<Participant>,
    tempfile::TempDir,
) {
    let data = tempfile::tempdir().unwrap();
    let server = Running::start(
        options(data.path(), people),
        Arc::new(Counter(Arc::default())),
    )
    .unwrap();
    let (clients, participants) = connect_all(server.local_addr(), people);
    (server, clients, participants, data)
}

/// Each participant in turn presses a key `presses` times; returns the time from each press
/// to the moment every participant's screen shows its result.
fn measure(
    participants: &mut [Participant],
    clients: &tokio::runtime::Runtime,
    presses: usize,
) -> Vec<Duration> {
    clients.block_on(async {
        // Every screen has drawn its count before the clock starts, so the first press is
        // not timed with the first frames.
        for p in participants.iter_mut() {
            tokio::time::timeout(
                Duration::from_secs(30),
                p.text.wait_for(|t| shown_count(t).is_some()),
            )
            .await
            .expect("every screen is drawn")
            .unwrap();
        }
        let mut expected = 0u64;
        let mut times = Vec::new();
        for _ in 0..presses {
            for who in 0..participants.len() {
                expected += 1;
                let start = Instant::now();
                participants[who].write.data_bytes(&b"4"[..]).await.unwrap();
                for p in participants.iter_mut() {
                    tokio::time::timeout(
                        Duration::from_secs(30),
                        p.shown.wait_for(|n| *n >= expected),
                    )
                    .await
                    .expect("no frame is lost: every screen shows every press")
                    .unwrap();
                }
                times.push(start.elapsed());
            }
        }
        times
    })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

#[test]
fn every_rating_in_the_workshop_reaches_every_screen_and_the_session() {
    let data = tempfile::tempdir().unwrap();
    let (host, master) = workshop_host(4, 3);
    let server = Running::start(options(data.path(), 4), host).unwrap();
    let (clients, mut participants) = connect_all(server.local_addr(), 4);
    let times = measure(&mut participants, &clients, 3);
    assert_eq!(times.len(), 12);
    let session = master.session();
    for (i, benefit) in session.benefits.iter().enumerate() {
        assert_eq!(
            benefit.rating.count(),
            4,
            "benefit {i}: one rating per person"
        );
    }
    server.stop(covalue::serve::ENDED);
}

/// Waits until `p`'s screen has a line holding both `a` and `b`.
async fn screen_shows(p: &mut Participant, a: &str, b: &str) {
    let found = tokio::time::timeout(
        Duration::from_secs(20),
        p.text
            .wait_for(|t| t.lines().any(|l| l.contains(a) && l.contains(b))),
    )
    .await
    .map(|_| ());
    assert!(
        found.is_ok(),
        "never a line with {a:?} and {b:?}:\n{}",
        p.text.borrow().as_str()
    );
}

/// Waits until `p`'s selected item is `item`: the details under the list name it first.
async fn selected_is(p: &mut Participant, item: &str) {
    let selected = |t: &str| {
        let mut below = t.lines().skip_while(|l| !l.starts_with('─'));
        below
            .nth(1)
            .is_some_and(|l| l.split('│').next().unwrap_or_default().trim() == item)
    };
    let found = tokio::time::timeout(Duration::from_secs(20), p.text.wait_for(|t| selected(t)))
        .await
        .map(|_| ());
    assert!(
        found.is_ok(),
        "never {item:?} selected:\n{}",
        p.text.borrow().as_str()
    );
}

#[test]
fn a_dropped_connection_leaves_the_others_running_and_a_reconnect_finds_its_place() {
    let data = tempfile::tempdir().unwrap();
    let (host, master) = workshop_host(3, 5);
    let server = Running::start(options(data.path(), 3), host).unwrap();
    let addr = server.local_addr();
    let (clients, participants) = connect_all(addr, 3);
    let mut participants = participants.into_iter();
    let (mut first, second, mut third) = (
        participants.next().unwrap(),
        participants.next().unwrap(),
        participants.next().unwrap(),
    );
    clients.block_on(async {
        // The first person moves to the third item; the second is cut off halfway through a
        // key (an escape sequence's first bytes) just after rating.
        first.write.data_bytes(&b"jj"[..]).await.unwrap();
        selected_is(&mut first, "Benefit 02").await;
        second.write.data_bytes(&b"5\x1b["[..]).await.unwrap();
        screen_shows(&mut third, "Rated:", "Person 01 ✓").await;
        drop(second);
        drop(first);
    });
    eventually_connected(&server, 1);
    clients.block_on(async {
        // The one left rates as if nothing happened, and everyone's ratings are kept.
        third.write.data_bytes(&b"4"[..]).await.unwrap();
        screen_shows(&mut third, "2 ratings in", "").await;
        // The first comes back to the item they were on.
        let mut again = join(addr, 0).await;
        selected_is(&mut again, "Benefit 02").await;
        // Her own 4, and a mark for Person 01's rating hidden from her.
        screen_shows(&mut third, "Benefit 00", "4•").await;
    });
    let session = master.session();
    assert_eq!(session.benefits[0].rating.count(), 2);
    server.stop(covalue::serve::ENDED);
}

#[test]
fn keys_pressed_behind_the_too_small_screen_do_nothing() {
    let data = tempfile::tempdir().unwrap();
    let (host, master) = workshop_host(1, 3);
    let server = Running::start(options(data.path(), 1), host).unwrap();
    let (clients, participants) = connect_all(server.local_addr(), 1);
    let mut priya = participants.into_iter().next().unwrap();
    clients.block_on(async {
        selected_is(&mut priya, "Benefit 00").await;
        priya.write.window_change(60, 20, 0, 0).await.unwrap();
        screen_shows(&mut priya, "Terminal too small: 60×20", "").await;
        screen_shows(&mut priya, "q leaves.", "").await;
        // A rating typed blind would land on an item the person cannot see.
        priya.write.data_bytes(&b"4j4"[..]).await.unwrap();
        priya.write.window_change(80, 24, 0, 0).await.unwrap();
        selected_is(&mut priya, "Benefit 00").await;
        screen_shows(&mut priya, "0 ratings in", "").await;
        priya.write.data_bytes(&b"4"[..]).await.unwrap();
        screen_shows(&mut priya, "1 rating in", "").await;
    });
    let session = master.session();
    assert_eq!(session.benefits[0].rating.count(), 1);
    assert_eq!(session.benefits[1].rating.count(), 0);
    server.stop(covalue::serve::ENDED);
}

/// Waits (bounded) until the server counts `n` connected.
fn eventually_connected(server: &Running, n: usize) {
    let start = Instant::now();
    while server.room().connected().len() != n {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{} still connected, expected {n}",
            server.room().connected().len()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn every_press_reaches_every_screen() {
    let (server, clients, mut participants, _data) = setup(4);
    let times = measure(&mut participants, &clients, 3);
    assert_eq!(times.len(), 12);
    assert_eq!(server.room().connected().len(), 4);
    server.stop(covalue::serve::ENDED);
}

const CHILD_ENV: &str = "COVALUE_SERVE_LOAD_CHILD";

/// Not a test of its own: the server of the measurement, in a process of its own so its CPU
/// time and memory can be read apart from the clients'. It serves until its stdin closes.
#[test]
#[ignore = "run only as the child process of the measurement"]
fn load_server_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let people = std::env::var("PARTICIPANTS").map_or(50, |n| n.parse().unwrap());
    let presses = std::env::var("PRESSES").map_or(20, |n| n.parse().unwrap());
    let server = Running::start(
        options(std::path::Path::new(&dir), people),
        host(people, presses),
    )
    .unwrap();
    println!("listening on {}", server.local_addr());
    let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
    server.stop(covalue::serve::ENDED);
}

/// (resident memory in KiB, CPU time in clock ticks) of a process, from /proc.
fn usage(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    (rss, ticks)
}

#[test]
#[ignore = "a measurement: run with --release --ignored --nocapture"]
fn fifty_participants_twenty_presses_each() {
    use std::io::BufRead;
    let people: usize = std::env::var("PARTICIPANTS").map_or(50, |n| n.parse().unwrap());
    let presses = std::env::var("PRESSES").map_or(20, |n| n.parse().unwrap());
    let data = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        // The test's full name in the grouped binary (tests/serve/main.rs).
        .args([
            "--exact",
            "serve_load::load_server_child",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD_ENV, data.path())
        .env("PARTICIPANTS", people.to_string())
        .env("PRESSES", presses.to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let addr: SocketAddr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("listening on ").map(|a| a.parse().unwrap()))
        .expect("the server child says where it listens");
    let (rss_idle, _) = usage(pid);
    let joined = Instant::now();
    let (clients, mut participants) = connect_all(addr, people);
    let joining = joined.elapsed();
    let (rss_joined, ticks_before) = usage(pid);
    let mut times = measure(&mut participants, &clients, presses);
    let (rss_after, ticks_after) = usage(pid);
    drop(child.stdin.take());
    let _ = child.wait();
    times.sort();
    let tick = 10.0; // ms per clock tick (CLK_TCK 100 on Linux)
    println!(
        "{people} participants joined in {joining:.2?}; {} presses, each to every screen: \
         p50 {:.2?}, p99 {:.2?}, max {:.2?}\n\
         server: RSS {rss_idle} KiB idle, {rss_joined} KiB with everyone joined \
         ({} KiB per participant), {rss_after} KiB after the presses; \
         CPU {:.0} ms for the presses ({:.2} ms per press, {:.3} ms per screen redrawn)",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.last().unwrap(),
        (rss_joined.saturating_sub(rss_idle)) / people.max(1) as u64,
        (ticks_after - ticks_before) as f64 * tick,
        (ticks_after - ticks_before) as f64 * tick / times.len() as f64,
        (ticks_after - ticks_before) as f64 * tick / (times.len() * people) as f64,
    );
}

/// The replies to a channel's requests, skipping the screen's data.
async fn replies(read: &mut russh::ChannelReadHalf, count: usize) -> Vec<&'static str> {
    let mut seen = Vec::new();
    while seen.len() < count {
        let message = tokio::time::timeout(Duration::from_secs(20), read.wait())
            .await
            .expect("the server answers")
            .expect("the channel stays open");
        match message {
            ChannelMsg::Success => seen.push("success"),
            ChannelMsg::Failure => seen.push("failure"),
            _ => {}
        }
    }
    seen
}

#[test]
fn x11_agent_environment_and_a_second_screen_are_refused() {
    let (server, clients, participants, _data) = setup(1);
    drop(participants);
    let addr = server.local_addr();
    clients.block_on(async {
        let (session, channel) = signed_in(addr, 0, client::Config::default()).await;
        let (mut read, write) = channel.split();
        write
            .request_x11(true, false, "MIT-MAGIC-COOKIE-1", "00", 0)
            .await
            .unwrap();
        write.agent_forward(true).await.unwrap();
        write
            .set_env(true, "LD_PRELOAD", "/tmp/evil.so")
            .await
            .unwrap();
        assert_eq!(
            replies(&mut read, 3).await,
            ["failure", "failure", "failure"]
        );
        write
            .request_pty(true, "xterm", 80, 24, 0, 0, &[])
            .await
            .unwrap();
        write.request_shell(true).await.unwrap();
        assert_eq!(replies(&mut read, 2).await, ["success", "success"]);
        // One screen per connection: a second session channel is not opened.
        assert!(session.channel_open_session().await.is_err());
    });
    server.stop(covalue::serve::ENDED);
}

#[test]
fn no_color_from_the_client_is_taken_and_other_variables_are_not() {
    let (server, clients, participants, _data) = setup(1);
    drop(participants);
    let addr = server.local_addr();
    clients.block_on(async {
        let (_session, channel) = signed_in(addr, 0, client::Config::default()).await;
        let (mut read, write) = channel.split();
        write.set_env(true, "NO_COLOR", "1").await.unwrap();
        write.set_env(true, "COLORTERM", "truecolor").await.unwrap();
        assert_eq!(replies(&mut read, 2).await, ["success", "failure"]);
    });
    server.stop(covalue::serve::ENDED);
}

/// Polls until the server has closed the client's connection.
async fn closed_by_server(session: &client::Handle<Client>, what: &str) {
    let start = Instant::now();
    while !session.is_closed() {
        assert!(start.elapsed() < Duration::from_secs(20), "{what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[test]
fn a_client_that_keeps_the_line_after_leaving_or_never_opens_a_screen_is_dropped() {
    let (server, clients, participants, _data) = setup(2);
    clients.block_on(async {
        // Leaving ends the screen; this client does not hang up, so the server does.
        participants[0].write.data_bytes(&b"q"[..]).await.unwrap();
        closed_by_server(&participants[0].session, "a connection outlived its screen").await;
    });
    server.stop(covalue::serve::ENDED);

    // Signing in and never asking for a screen holds a place only until the sign-in limit
    // (shortened here: the default three minutes is too long for a test).
    let data = tempfile::tempdir().unwrap();
    let keys = format!(
        "{} {}\n",
        key_for(0).public_key().to_openssh().unwrap(),
        name(0)
    );
    std::fs::write(data.path().join("keys"), keys).unwrap();
    let mut options = Options::new(
        data.path().to_path_buf(),
        "Idle",
        vec![Person::new(name(0), "consumer")],
    );
    options.listen = "127.0.0.1:0".parse().unwrap();
    options.keys_file = Some(data.path().join("keys"));
    // Long enough for a debug build's handshake on a busy machine, short enough for a test.
    options.limits.handshake = Duration::from_secs(2);
    options.limits.sign_in = Duration::from_secs(2);
    let server = Running::start(options, Arc::new(Counter(Arc::default()))).unwrap();
    let addr = server.local_addr();
    clients.block_on(async {
        let mut session = client::connect(Arc::new(client::Config::default()), addr, Client)
            .await
            .unwrap();
        let auth = session
            .authenticate_publickey(
                "participant",
                PrivateKeyWithHashAlg::new(Arc::new(key_for(0)), None),
            )
            .await
            .unwrap();
        assert!(auth.success());
        closed_by_server(&session, "a signed-in connection without a screen was kept").await;
    });
    server.stop(covalue::serve::ENDED);
}

#[test]
fn a_client_that_shakes_hands_but_never_signs_in_is_dropped() {
    let data = tempfile::tempdir().unwrap();
    let mut options = Options::new(data.path().to_path_buf(), "Idle", Vec::new());
    options.listen = "127.0.0.1:0".parse().unwrap();
    // Long enough for a debug build's handshake on a busy machine, short enough for a test.
    options.limits.handshake = Duration::from_secs(2);
    options.limits.sign_in = Duration::from_secs(2);
    let server = Running::start(options, Arc::new(Counter(Arc::default()))).unwrap();
    let addr = server.local_addr();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let session = client::connect(Arc::new(client::Config::default()), addr, Client)
            .await
            .expect("the handshake completes");
        closed_by_server(
            &session,
            "the server kept a connection that never signed in",
        )
        .await;
    });
    server.stop(covalue::serve::ENDED);
}

#[test]
fn an_idle_screen_sends_nothing() {
    let data = tempfile::tempdir().unwrap();
    let server =
        Running::start(options(data.path(), 1), Arc::new(Counter(Arc::default()))).unwrap();
    let (clients, mut participants) = connect_all(server.local_addr(), 1);
    let p = &mut participants[0];
    clients.block_on(async {
        tokio::time::timeout(
            Duration::from_secs(30),
            p.text.wait_for(|t| shown_count(t).is_some()),
        )
        .await
        .expect("the screen is drawn")
        .unwrap();
        // The seat redraws every second for the clocks; nothing changed, so nothing is sent.
        tokio::time::sleep(Duration::from_millis(500)).await;
        p.text.mark_unchanged();
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert!(!p.text.has_changed().unwrap(), "an idle screen sent bytes");
        // A key still draws at once.
        p.write.data_bytes(&b"4"[..]).await.unwrap();
        tokio::time::timeout(Duration::from_secs(30), p.text.changed())
            .await
            .expect("the key is drawn")
            .unwrap();
    });
    server.stop(covalue::serve::ENDED);
}

#[test]
fn the_same_key_connected_twice_is_one_person_and_the_newer_connection_takes_the_seat() {
    let data = tempfile::tempdir().unwrap();
    let server =
        Running::start(options(data.path(), 1), Arc::new(Counter(Arc::default()))).unwrap();
    let addr = server.local_addr();
    let (clients, mut participants) = connect_all(addr, 1);
    eventually_connected(&server, 1);
    let mut again = clients.block_on(join(addr, 0));
    clients.block_on(async {
        screen_shows(&mut again, "count=", "").await;
        screen_shows(&mut participants[0], "connected again from elsewhere", "").await;
    });
    eventually_connected(&server, 1);
    let connected = server.room().connected();
    assert_eq!(connected[0].person.name, name(0));
    server.stop(covalue::serve::ENDED);
}
