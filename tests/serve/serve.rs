//! End to end for `covalue serve`: the real OpenSSH client, in a pseudo-terminal read back
//! through vt100, against the server on a free loopback port with keys made by `ssh-keygen`.
//! Every wait is bounded; every child is killed when its test ends.

use crate::serve_support;

use covalue::serve::{Limits, Options, Person, Running, welcome::Welcome};
use serve_support::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

fn people() -> Vec<Person> {
    vec![
        Person::new("Priya Raman", "consumer · user"),
        Person::new("Ben Okafor", "provider · service owner"),
    ]
}

fn start(data: &Path, keys_file: Option<PathBuf>, limits: Limits) -> Running {
    let mut options = Options::new(data.to_path_buf(), "Service desk review", people());
    options.listen = "127.0.0.1:0".parse().unwrap();
    options.keys_file = keys_file;
    options.invite_code = Some("TEST-CODE".into());
    options.limits = limits;
    Running::start(options, Arc::new(Welcome)).expect("the server starts")
}

#[test]
fn listed_keys_join_see_each_other_and_the_end_of_the_workshop() {
    let data = tempfile::tempdir().unwrap();
    let keys = Keys::new();
    let priya = keys.make("priya");
    let ana = keys.make("ana");
    let file = keys.file(&[("priya", "Priya Raman"), ("ana", "Ana Lima (facilitator)")]);
    let server = start(data.path(), Some(file), Limits::default());
    let port = server.local_addr().port();
    let fingerprint = server.room().fingerprint().to_string();

    let mut participant = Ssh::start(&ssh_args(port, Some(&priya), "priya"), 80, 24);
    participant.wait_for("You are Priya Raman (consumer · user)");
    participant.wait_for("Service desk review");
    participant.wait_for(&fingerprint);
    participant.wait_for("Connected (1)");
    // A participant never sees the invite code.
    assert!(!participant.contents().contains("TEST-CODE"));

    let mut facilitator = Ssh::start(&ssh_args(port, Some(&ana), "ana"), 100, 30);
    facilitator.wait_for("You are Ana Lima (facilitator)");
    facilitator.wait_for("Invite code: TEST-CODE");
    // The facilitator's arrival is drawn on the participant's screen too.
    participant.wait_for("Connected (2)");
    participant.wait_for("Ana Lima · facilitator");
    let names: Vec<String> = server
        .room()
        .connected()
        .into_iter()
        .map(|p| p.person.name)
        .collect();
    assert_eq!(names, ["Priya Raman", "Ana Lima"]);

    participant.send("q");
    assert_eq!(participant.wait_exit(), 0);
    participant.wait_for("You left the workshop.");
    facilitator.wait_for("Connected (1)");

    server.stop(covalue::serve::ENDED);
    assert_eq!(facilitator.wait_exit(), 0);
    facilitator.wait_for("The workshop has ended.");
}

#[test]
fn strangers_keys_and_unlisted_names_are_refused_without_the_code() {
    let data = tempfile::tempdir().unwrap();
    let keys = Keys::new();
    let stranger = keys.make("stranger");
    let nobody = keys.make("nobody");
    keys.make("priya");
    let file = keys.file(&[("priya", "Priya Raman"), ("nobody", "Not In The Session")]);
    let server = start(data.path(), Some(file), Limits::default());
    let port = server.local_addr().port();
    for key in [&stranger, &nobody] {
        let (code, stderr) = ssh_batch(&ssh_args(port, Some(key), "someone"), None);
        assert_ne!(code, 0, "{stderr}");
        assert!(stderr.contains("Permission denied"), "{stderr}");
    }
    assert!(server.room().connected().is_empty());
    assert!(server.room().waiting().is_empty());
    assert_eq!(
        server.room().unmatched_keys(),
        [(3, "Not In The Session".to_string())]
    );
    server.stop(covalue::serve::ENDED);
}

#[test]
fn commands_are_refused_even_for_a_listed_key() {
    let data = tempfile::tempdir().unwrap();
    let keys = Keys::new();
    let priya = keys.make("priya");
    let file = keys.file(&[("priya", "Priya Raman")]);
    let server = start(data.path(), Some(file), Limits::default());
    let port = server.local_addr().port();
    let (code, stderr) = ssh_batch(
        &ssh_args(port, Some(&priya), "priya"),
        Some("cat /etc/passwd"),
    );
    assert_ne!(code, 0, "{stderr}");
    // OpenSSH's client reports the refusal itself and exits before printing our reason.
    assert!(
        stderr.contains("exec request failed") || stderr.contains("commands are not run here"),
        "{stderr}"
    );
    // A subsystem (sftp here) is refused the same way.
    let mut args = ssh_args(port, Some(&priya), "priya");
    args.insert(0, "-s".into());
    let (code, stderr) = ssh_batch(&args, Some("sftp"));
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains("subsystem request failed"), "{stderr}");
    // So is forwarding a port back through the server.
    let mut args = ssh_args(port, Some(&priya), "priya");
    args.splice(
        0..0,
        [
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "0:127.0.0.1:9",
        ]
        .map(String::from),
    );
    let (code, stderr) = ssh_batch(&args, None);
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains("forwarding failed"), "{stderr}");
    // And so is a connection through the server to somewhere else (`ssh -W`, like `-L`).
    let mut args = ssh_args(port, Some(&priya), "priya");
    args.splice(0..0, ["-W", "127.0.0.1:9"].map(String::from));
    let (code, stderr) = ssh_batch(&args, None);
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains("forwarding failed"), "{stderr}");
    // Without a terminal there is no screen to serve either.
    let (code, stderr) = ssh_batch(&ssh_args(port, Some(&priya), "priya"), None);
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains("shell request failed"), "{stderr}");
    assert!(server.room().connected().is_empty());
    server.stop(covalue::serve::ENDED);
}

#[test]
fn the_invite_code_leads_to_the_waiting_list_and_the_facilitator_decides() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path(), None, Limits::default());
    let port = server.local_addr().port();

    let mut sam = Ssh::start(&ssh_args(port, None, "sam"), 80, 24);
    sam.wait_for("Invite code:");
    sam.send("test-code\r");
    sam.wait_for("waiting to be let in");
    sam.wait_for(server.room().fingerprint());
    eventually("sam is on the waiting list", || {
        server.room().waiting().len() == 1
    });
    let waiting = server.room().waiting();
    assert_eq!(waiting[0].login, "sam");

    let mut eve = Ssh::start(&ssh_args(port, None, "eve"), 80, 24);
    eve.wait_for("Invite code:");
    eve.send("WRONG-CODE\r");
    // A wrong code is asked again, then the right one still works.
    eventually("eve is asked again", || {
        eve.contents().matches("Invite code:").count() >= 2
    });
    eve.send("TESTCODE\r");
    eve.wait_for("waiting to be let in");
    eventually("eve is waiting too", || server.room().waiting().len() == 2);

    assert!(server.room().admit(
        waiting[0].ticket,
        Person::new("Sam Lee", "consumer · sponsor")
    ));
    sam.wait_for("You are Sam Lee (consumer · sponsor)");
    assert!(server.room().people().iter().any(|p| p.name == "Sam Lee"));

    let eve_ticket = server.room().waiting()[0].ticket;
    assert!(server.room().turn_away(eve_ticket));
    assert_eq!(eve.wait_exit(), 1);
    eve.wait_for("did not let you in");

    server.stop(covalue::serve::ENDED);
    assert_eq!(sam.wait_exit(), 0);
}

#[test]
fn a_small_terminal_sees_the_too_small_screen_until_it_grows() {
    let data = tempfile::tempdir().unwrap();
    let keys = Keys::new();
    let priya = keys.make("priya");
    let file = keys.file(&[("priya", "Priya Raman")]);
    let server = start(data.path(), Some(file), Limits::default());
    let mut ssh = Ssh::start(
        &ssh_args(server.local_addr().port(), Some(&priya), "priya"),
        60,
        20,
    );
    ssh.wait_for("Terminal too small: 60×20");
    ssh.resize(90, 30);
    ssh.wait_for("You are Priya Raman");
    assert!(!ssh.contents().contains("too small"));
    ssh.send("q");
    assert_eq!(ssh.wait_exit(), 0);
    server.stop(covalue::serve::ENDED);
}

#[test]
fn a_killed_client_leaves_the_others_and_can_come_back() {
    let data = tempfile::tempdir().unwrap();
    let keys = Keys::new();
    let priya = keys.make("priya");
    let ben = keys.make("ben");
    let file = keys.file(&[("priya", "Priya Raman"), ("ben", "Ben Okafor")]);
    let server = start(data.path(), Some(file), Limits::default());
    let port = server.local_addr().port();
    let ben_screen = Ssh::start(&ssh_args(port, Some(&ben), "ben"), 80, 24);
    let mut priya_screen = Ssh::start(&ssh_args(port, Some(&priya), "priya"), 80, 24);
    ben_screen.wait_for("Connected (2)");
    priya_screen.child.kill().unwrap();
    let _ = priya_screen.wait_exit();
    // The server notices the dropped connection and everyone else's screen follows.
    ben_screen.wait_for("Connected (1)");
    eventually("priya is no longer listed", || {
        server.room().connected().len() == 1
    });
    let again = Ssh::start(&ssh_args(port, Some(&priya), "priya"), 80, 24);
    again.wait_for("You are Priya Raman");
    ben_screen.wait_for("Connected (2)");
    server.stop(covalue::serve::ENDED);
}

#[test]
fn connections_beyond_the_cap_are_closed_and_idle_ones_time_out() {
    let data = tempfile::tempdir().unwrap();
    let keys = Keys::new();
    let priya = keys.make("priya");
    let file = keys.file(&[("priya", "Priya Raman")]);
    let limits = Limits {
        max_connections: 1,
        idle: Duration::from_secs(4),
        ..Limits::default()
    };
    let server = start(data.path(), Some(file), limits);
    let port = server.local_addr().port();
    let mut first = Ssh::start(&ssh_args(port, Some(&priya), "priya"), 80, 24);
    first.wait_for("You are Priya Raman");
    let (code, stderr) = ssh_batch(&ssh_args(port, Some(&priya), "priya"), None);
    assert_ne!(code, 0, "{stderr}");
    // Refused before the SSH handshake, not later for want of a terminal, and told why.
    assert!(
        stderr.contains("covalue: the workshop is full; ask the facilitator"),
        "{stderr}"
    );
    assert_eq!(
        server.room().refused(),
        1,
        "the facilitator sees the refusal"
    );
    // The first connection sends nothing and is closed politely once idle.
    assert_eq!(first.wait_exit(), 0);
    first.wait_for("without a key press");
    server.stop(covalue::serve::ENDED);
}

#[test]
fn three_wrong_codes_end_the_connection_with_a_word_and_no_password_prompt() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path(), None, Limits::default());
    let mut args = as_people_connect(server.local_addr().port(), "mallory");
    // The client would ask five times; the server stops it after three.
    args.splice(0..0, ["-o", "NumberOfPasswordPrompts=5"].map(String::from));
    let mut guesser = Ssh::start(&args, 80, 24);
    for round in 1..=3 {
        eventually("the code is asked for", || {
            guesser.contents().matches("Invite code:").count() == round
        });
        guesser.send("GUESS-ING\r");
    }
    // A password prompt here is a dead end: no password opens anything.
    guesser.wait_until("the end or a password prompt", |t| {
        t.contains("connect again") || t.contains("password:")
    });
    assert_ne!(guesser.wait_exit(), 0);
    let shown = guesser.contents();
    assert!(!shown.contains("password:"), "{shown}");
    assert!(
        shown.contains("That was not the invite code either."),
        "{shown}"
    );
    let said = "three wrong answers end a connection; connect again to try once more";
    assert!(shown.contains(said), "{shown}");
    assert_eq!(shown.matches("Invite code:").count(), 3);
    assert!(server.room().waiting().is_empty());
    server.stop(covalue::serve::ENDED);
}

const CHILD_ENV: &str = "COVALUE_SERVE_TEST_CHILD";

/// Not a test of its own: the headless server the SIGTERM test runs in a child process.
#[test]
#[ignore = "run only as the child process of the SIGTERM test"]
fn serve_child_runs_until_a_signal() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let mut options = Options::new(dir.clone(), "Signal test", people());
    options.listen = "127.0.0.1:0".parse().unwrap();
    options.keys_file = Some(dir.join("keys"));
    covalue::serve::run(options, Arc::new(Welcome), &mut std::io::stdout())
        .expect("the server runs");
    println!("child: stopped cleanly");
}

#[test]
fn sigterm_ends_every_connection_cleanly() {
    use std::io::BufRead;
    let data = tempfile::tempdir().unwrap();
    let keys = Keys::new();
    let priya = keys.make("priya");
    std::fs::copy(
        keys.file(&[("priya", "Priya Raman")]),
        data.path().join("keys"),
    )
    .unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            // The test's full name in the grouped binary (tests/serve/main.rs).
            "serve::serve_child_runs_until_a_signal",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, data.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // A guard so a failing assertion never leaves the server running.
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().unwrap();
    let mut child = Kill(child);
    let (lines, printed) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = lines.send(line);
        }
    });
    let mut port = None;
    let mut seen = Vec::new();
    while port.is_none() {
        let line = printed
            .recv_timeout(LIMIT)
            .unwrap_or_else(|_| panic!("the server never said where it listens: {seen:?}"));
        port = line
            .split_once(" on 127.0.0.1:")
            .map(|(_, port)| port.trim().parse::<u16>().unwrap());
        seen.push(line);
    }
    let mut ssh = Ssh::start(&ssh_args(port.unwrap(), Some(&priya), "priya"), 80, 24);
    ssh.wait_for("You are Priya Raman");
    let status = Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(ssh.wait_exit(), 0);
    ssh.wait_for("The workshop has ended.");
    let mut rest = Vec::new();
    while let Ok(line) = printed.recv_timeout(LIMIT) {
        rest.push(line);
    }
    assert!(
        rest.iter().any(|l| l == "child: stopped cleanly"),
        "{rest:?}"
    );
    let exit = child.0.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn a_connection_that_never_signs_in_is_dropped() {
    let data = tempfile::tempdir().unwrap();
    let limits = Limits {
        handshake: Duration::from_millis(500),
        sign_in: Duration::from_millis(500),
        ..Limits::default()
    };
    let server = start(data.path(), None, limits);
    let mut socket = std::net::TcpStream::connect(server.local_addr()).unwrap();
    socket.set_read_timeout(Some(LIMIT)).unwrap();
    // The server greets, then waits for a client that only holds the line open.
    let mut greeting = Vec::new();
    let mut buf = [0u8; 256];
    loop {
        match socket.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => greeting.extend_from_slice(&buf[..n]),
            Err(e) => panic!("the idle connection was not closed: {e}"),
        }
    }
    assert!(greeting.starts_with(b"SSH-2.0-"), "{greeting:?}");
    server.stop(covalue::serve::ENDED);
}

#[test]
fn nobody_waits_forever_for_the_facilitator() {
    let data = tempfile::tempdir().unwrap();
    let limits = Limits {
        idle: Duration::from_secs(1),
        ..Limits::default()
    };
    let server = start(data.path(), None, limits);
    let mut guest = Ssh::start(&ssh_args(server.local_addr().port(), None, "sam"), 80, 24);
    guest.wait_for("Invite code:");
    guest.send("TEST-CODE\r");
    guest.wait_for("waiting to be let in");
    assert_eq!(guest.wait_exit(), 0);
    guest.wait_for("without a key press");
    eventually("the waiting list is empty again", || {
        server.room().waiting().is_empty()
    });
    server.stop(covalue::serve::ENDED);
}

#[test]
fn someone_still_waiting_when_the_workshop_ends_is_told_they_were_never_let_in() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path(), None, Limits::default());
    let mut guest = Ssh::start(&ssh_args(server.local_addr().port(), None, "sam"), 80, 24);
    guest.wait_for("Invite code:");
    guest.send("TEST-CODE\r");
    guest.wait_for("waiting to be let in");
    server.stop(covalue::serve::ENDED);
    assert_eq!(guest.wait_exit(), 0);
    guest.wait_for("The workshop ended before you were let in.");
    assert!(!guest.contents().contains("Thank you for taking part"));
}

/// Reads a raw socket until the server closes it (bounded by `LIMIT`).
fn read_to_close(socket: &mut std::net::TcpStream) -> Vec<u8> {
    socket.set_read_timeout(Some(LIMIT)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 512];
    loop {
        match socket.read(&mut buf) {
            Ok(0) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) => panic!("the server never closed the socket: {e}"),
        }
    }
}

#[test]
fn idle_sockets_from_one_address_keep_nobody_else_out_and_are_counted_for_the_facilitator() {
    let data = tempfile::tempdir().unwrap();
    let keys = Keys::new();
    let priya = keys.make("priya");
    let file = keys.file(&[("priya", "Priya Raman")]);
    let limits = Limits {
        signing_in_per_address: 3,
        handshake: Duration::from_secs(3),
        ..Limits::default()
    };
    let server = start(data.path(), Some(file), limits);
    let addr = server.local_addr();
    // A stranger at 127.0.0.1 holds every place its address may have, sending nothing.
    let mut idle: Vec<_> = (0..3)
        .map(|_| std::net::TcpStream::connect(addr).unwrap())
        .collect();
    eventually("the server greets the idle sockets", || {
        server.room().refused() == 0 && {
            let mut probe = [0u8; 8];
            idle[0]
                .set_read_timeout(Some(Duration::from_millis(50)))
                .unwrap();
            idle[0].peek(&mut probe).is_ok_and(|n| n > 0)
        }
    });
    // One more from there is refused at once, with the reason.
    let mut more = std::net::TcpStream::connect(addr).unwrap();
    let said = String::from_utf8_lossy(&read_to_close(&mut more)).into_owned();
    assert!(said.starts_with("SSH-2.0-"), "{said:?}");
    assert!(said.contains("try again in a minute"), "{said:?}");
    assert_eq!(server.room().refused(), 1);
    // A participant from another address joins meanwhile.
    let mut args = ssh_args(addr.port(), Some(&priya), "priya");
    args.splice(0..0, ["-b", "127.0.0.2"].map(String::from));
    let mut joined = Ssh::start(&args, 80, 24);
    joined.wait_for("You are Priya Raman");
    // The idle ones are dropped at the short handshake deadline.
    for socket in &mut idle {
        read_to_close(socket);
    }
    joined.send("q");
    assert_eq!(joined.wait_exit(), 0);
    server.stop(covalue::serve::ENDED);
}

#[test]
fn the_short_handshake_deadline_becomes_the_long_one_once_the_code_is_asked() {
    let data = tempfile::tempdir().unwrap();
    let limits = Limits {
        handshake: Duration::from_secs(1),
        ..Limits::default()
    };
    let server = start(data.path(), None, limits);
    let mut guest = Ssh::start(&ssh_args(server.local_addr().port(), None, "sam"), 80, 24);
    guest.wait_for("Invite code:");
    // The workshop's title is for those let in, not for anyone who connects.
    assert!(
        !guest.contents().contains("Service desk review"),
        "{}",
        guest.contents()
    );
    // Asking the facilitator for the code takes longer than a handshake.
    std::thread::sleep(Duration::from_secs(2));
    guest.send("TEST-CODE\r");
    guest.wait_for("waiting to be let in");
    assert_eq!(server.room().waiting().len(), 1);
    server.stop(covalue::serve::ENDED);
    assert_eq!(guest.wait_exit(), 0);
}

#[test]
fn wrong_codes_from_one_address_hold_it_off_while_the_code_still_works_for_others() {
    let data = tempfile::tempdir().unwrap();
    let server = start(data.path(), None, Limits::default());
    let port = server.local_addr().port();
    // Ten wrong answers from 127.0.0.1, three per connection (the waits grow meanwhile).
    let mut wrong = 0;
    while wrong < covalue::serve::invite::WRONG_PER_ADDRESS {
        let mut args = ssh_args(port, None, "mallory");
        args.splice(0..0, ["-o", "NumberOfPasswordPrompts=3"].map(String::from));
        let mut guesser = Ssh::start(&args, 80, 24);
        let tries = (covalue::serve::invite::WRONG_PER_ADDRESS - wrong).min(3);
        for round in 1..=tries {
            eventually("the code is asked for", || {
                guesser.contents().matches("Invite code:").count() == round as usize
            });
            guesser.send("GUESS-ING\r");
        }
        wrong += tries;
        assert_ne!(guesser.wait_exit(), 0);
    }
    let notes = server.room().door_notes();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("10 wrong invite codes from 1 address, 1 held off")),
        "{notes:?}"
    );
    // Held off: even the right code from there is not asked for, and no password either.
    let (code, _) = ssh_batch(&ssh_args(port, None, "mallory"), None);
    assert_ne!(code, 0);
    let mut held = Ssh::start(&as_people_connect(port, "mallory"), 80, 24);
    assert_ne!(held.wait_exit(), 0);
    held.wait_for("try again in 15 minutes");
    assert!(!held.contents().contains("password:") && !held.contents().contains("Invite code:"));
    // From another address the right code still leads to the waiting list.
    let mut args = ssh_args(port, None, "sam");
    args.splice(0..0, ["-b", "127.0.0.2"].map(String::from));
    let mut sam = Ssh::start(&args, 80, 24);
    sam.wait_for("Invite code:");
    sam.send("TEST-CODE\r");
    sam.wait_for("waiting to be let in");
    server.stop(covalue::serve::ENDED);
    assert_eq!(sam.wait_exit(), 0);
}
