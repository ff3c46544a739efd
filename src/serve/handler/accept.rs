//! The door: the accept loop with its caps (per address, signing in apart from seated), the
//! refusal said to a socket turned away, and one connection's task from the SSH handshake
//! (with its short deadline until the code prompt shows) to its close.

use super::*;

/// Accepts connections until the room stops; one over a limit of the gate is told so and
/// closed before the handshake.
pub(crate) async fn accept_loop(listener: TcpListener, shared: Shared) {
    let mut stop = shared.room.stop_signal();
    // Refusals being said at once; beyond these a refused socket is simply closed.
    let refusing = Arc::new(Semaphore::new(REFUSING_AT_ONCE));
    loop {
        tokio::select! {
            () = stopped(&mut stop) => return,
            accepted = listener.accept() => {
                let Ok((socket, peer)) = accepted else {
                    // Out of file descriptors or similar: wait a little rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                match shared.gate.enter(peer.ip()) {
                    Ok(pass) => {
                        tokio::spawn(connection(socket, peer, pass, shared.clone()));
                    }
                    Err(refusal) => {
                        shared.room.note_refused();
                        if let Ok(permit) = refusing.clone().try_acquire_owned() {
                            tokio::spawn(async move {
                                refuse_socket(socket, refusal.message()).await;
                                drop(permit);
                            });
                        }
                    }
                }
            }
        }
    }
}

/// How many refused clients are told why at once.
const REFUSING_AT_ONCE: usize = 16;

/// Tells a client over a limit why, then closes. It reads what the client sent meanwhile (for
/// a moment) so the close does not reset the connection before the client reads the reason.
async fn refuse_socket(mut socket: TcpStream, reason: &str) {
    let said = tokio::time::timeout(Duration::from_secs(1), async {
        socket.write_all(&refusal_bytes(reason)).await?;
        socket.shutdown().await?;
        let mut sink = [0u8; 1024];
        while socket.read(&mut sink).await? > 0 {}
        Ok::<(), std::io::Error>(())
    });
    let _ = said.await;
}

/// One connection from handshake to close, with its deadlines and the stop signal: the short
/// handshake deadline until it signs in or is shown the code prompt, then the long one.
async fn connection(socket: TcpStream, peer: SocketAddr, pass: Pass, shared: Shared) {
    // Frames are small writes that must leave at once: without this, Nagle's algorithm holds
    // each one until the client's delayed ACK (about 40 ms). russh sets it only for
    // connections it accepts itself.
    let _ = socket.set_nodelay(true);
    let progress = Arc::new(Progress::default());
    let handler = Connection {
        shared: shared.clone(),
        peer,
        id: ConnectionId(shared.room.next_id()),
        who: None,
        wrong_codes: 0,
        channel: None,
        size: None,
        client: crate::serve::Client::default(),
        input: None,
        progress: progress.clone(),
        pass,
    };
    let handshake_until = Instant::now() + shared.limits.handshake;
    let started = tokio::time::timeout_at(
        handshake_until,
        russh::server::run_stream(shared.config.clone(), socket, handler),
    )
    .await;
    let Ok(Ok(session)) = started else {
        return;
    };
    let handle = session.handle();
    tokio::pin!(session);
    let mut stop = shared.room.stop_signal();
    let deadline = tokio::time::sleep_until(handshake_until);
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            _ = &mut session => return,
            () = &mut deadline, if !progress.seated.load(Ordering::Relaxed) => {
                if progress.seated.load(Ordering::Relaxed) {
                    // Seated while this wait began: the guard now keeps the deadline off.
                    continue;
                }
                // Shown the code prompt: the time to type it runs from then.
                if let Some(until) = progress.prompted().map(|at| at + shared.limits.sign_in)
                    && until > Instant::now()
                {
                    deadline.as_mut().reset(until);
                    continue;
                }
                close(&handle, &mut session, Duration::ZERO, "too slow to sign in").await;
                return;
            }
            () = progress.end_now.notified() => {
                // Out of tries or held off: the client waits on a last request with no prompts.
                close(&handle, &mut session, Duration::ZERO, &progress.ending()).await;
                return;
            }
            () = progress.seat_ended.notified() => {
                // The seat said goodbye and closed its channel, and no other can be opened:
                // a client that keeps the connection anyway would only hold a place.
                close(&handle, &mut session, Duration::from_secs(2), "goodbye").await;
                return;
            }
            () = stopped(&mut stop) => {
                // The seat says goodbye and closes its channel; the client then hangs up.
                close(&handle, &mut session, Duration::from_secs(2), "the workshop has ended").await;
                return;
            }
        }
    }
}

/// Waits up to `grace` for the client to hang up, then disconnects it.
async fn close<F: std::future::Future + Unpin>(
    handle: &russh::server::Handle,
    session: &mut F,
    grace: Duration,
    reason: &str,
) {
    if tokio::time::timeout(grace, &mut *session).await.is_ok() {
        return;
    }
    let _ = handle
        .disconnect(
            russh::Disconnect::ByApplication,
            reason.to_string(),
            String::new(),
        )
        .await;
    let _ = tokio::time::timeout(Duration::from_secs(1), session).await;
}
