//! Who may hold a connection: people signed in and connections still signing in are counted
//! apart, the latter also per address, so strangers who never sign in cannot keep the
//! participants out. A connection over a limit is refused before the SSH handshake, with a
//! message the client prints. Counting only: sockets and deadlines are the handler's.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};

/// The limits the gate keeps (from `Limits`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Caps {
    pub seated: usize,
    pub signing_in: usize,
    pub per_address: usize,
}

#[derive(Default)]
struct Counts {
    seated: usize,
    signing_in: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// Why a connection was not let through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Every place for people signed in is taken.
    Full,
    /// Too many connections are signing in (in all, or from this address).
    Busy,
}

impl Refusal {
    /// What the refused client reads.
    pub fn message(self) -> &'static str {
        match self {
            Refusal::Full => "covalue: the workshop is full; ask the facilitator",
            Refusal::Busy => {
                "covalue: the server is full of connections signing in; try again in a minute"
            }
        }
    }
}

pub(crate) struct Gate {
    caps: Caps,
    counts: Mutex<Counts>,
}

/// A connection's place: signing in, then seated. Giving it up (drop) frees it.
pub(crate) struct Pass {
    gate: Arc<Gate>,
    address: IpAddr,
    seated: bool,
}

impl Gate {
    pub fn new(caps: Caps) -> Arc<Gate> {
        Arc::new(Gate {
            caps,
            counts: Mutex::new(Counts::default()),
        })
    }

    fn counts(&self) -> MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A place to sign in from `address`, or why there is none.
    pub fn enter(self: &Arc<Self>, address: IpAddr) -> Result<Pass, Refusal> {
        let mut counts = self.counts();
        if counts.seated >= self.caps.seated {
            return Err(Refusal::Full);
        }
        let from_here = counts.by_address.get(&address).copied().unwrap_or(0);
        if counts.signing_in >= self.caps.signing_in || from_here >= self.caps.per_address {
            return Err(Refusal::Busy);
        }
        counts.signing_in += 1;
        *counts.by_address.entry(address).or_default() += 1;
        Ok(Pass {
            gate: Arc::clone(self),
            address,
            seated: false,
        })
    }

    /// Connections held now, signing in or seated.
    pub fn held(&self) -> usize {
        let counts = self.counts();
        counts.seated + counts.signing_in
    }
}

impl Pass {
    /// Moves a connection that signed in to a seat, unless every seat is taken.
    pub fn sit(&mut self) -> Result<(), Refusal> {
        if self.seated {
            return Ok(());
        }
        let mut counts = self.gate.counts();
        if counts.seated >= self.gate.caps.seated {
            return Err(Refusal::Full);
        }
        counts.seated += 1;
        release_signing_in(&mut counts, self.address);
        self.seated = true;
        Ok(())
    }
}

fn release_signing_in(counts: &mut Counts, address: IpAddr) {
    counts.signing_in = counts.signing_in.saturating_sub(1);
    if let Some(n) = counts.by_address.get_mut(&address) {
        *n -= 1;
        if *n == 0 {
            counts.by_address.remove(&address);
        }
    }
}

impl Drop for Pass {
    fn drop(&mut self) {
        let mut counts = self.gate.counts();
        if self.seated {
            counts.seated = counts.seated.saturating_sub(1);
        } else {
            release_signing_in(&mut counts, self.address);
        }
    }
}

/// What a client over a limit is sent before the connection closes: our version line, then
/// an unencrypted SSH disconnect (allowed before key exchange), which OpenSSH prints as
/// "Received disconnect ... : `reason`". Cheap: no key exchange is done for it.
pub(crate) fn refusal_bytes(reason: &str) -> Vec<u8> {
    /// SSH_MSG_DISCONNECT and SSH_DISCONNECT_TOO_MANY_CONNECTIONS (RFC 4253 §11.1).
    const DISCONNECT: u8 = 1;
    const TOO_MANY_CONNECTIONS: u32 = 7;
    let length = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_be_bytes();
    let mut payload = vec![DISCONNECT];
    payload.extend(TOO_MANY_CONNECTIONS.to_be_bytes());
    payload.extend(length(reason.len()));
    payload.extend(reason.as_bytes());
    payload.extend(length(0));
    // Length, padding length, payload and padding make a multiple of 8, with 4 to 11 bytes
    // of padding.
    let mut padding = 8 - (5 + payload.len()) % 8;
    if padding < 4 {
        padding += 8;
    }
    let mut out = b"SSH-2.0-covalue\r\n".to_vec();
    out.extend(length(1 + payload.len() + padding));
    out.push(u8::try_from(padding).unwrap_or(4));
    out.extend(payload);
    out.extend(std::iter::repeat_n(0u8, padding));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const THERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    fn gate() -> Arc<Gate> {
        Gate::new(Caps {
            seated: 2,
            signing_in: 3,
            per_address: 2,
        })
    }

    #[test]
    fn connections_signing_in_are_limited_per_address_and_apart_from_seats() {
        let gate = gate();
        let a = gate.enter(HERE).unwrap();
        let _b = gate.enter(HERE).unwrap();
        assert_eq!(gate.enter(HERE).err(), Some(Refusal::Busy), "per address");
        let _c = gate.enter(THERE).unwrap();
        assert_eq!(gate.enter(THERE).err(), Some(Refusal::Busy), "in all");
        // One signs in and sits: its place signing in is free again, for its address too.
        let mut a = a;
        a.sit().unwrap();
        let mut d = gate.enter(HERE).unwrap();
        d.sit().unwrap();
        // Both seats taken: nobody new gets as far as the handshake, whoever idles.
        assert_eq!(gate.enter(THERE).err(), Some(Refusal::Full));
        assert_eq!(gate.held(), 4);
        drop(d);
        let e = gate.enter(THERE).expect("a seat is free again");
        drop((a, e));
        assert_eq!(gate.held(), 2);
    }

    #[test]
    fn a_seat_taken_meanwhile_refuses_the_one_who_signed_in_last() {
        let gate = gate();
        let mut passes: Vec<Pass> = (0..3)
            .map(|i| gate.enter(if i == 0 { HERE } else { THERE }).unwrap())
            .collect();
        passes[0].sit().unwrap();
        passes[1].sit().unwrap();
        assert_eq!(passes[2].sit(), Err(Refusal::Full));
        drop(passes);
        assert_eq!(gate.held(), 0);
    }

    #[test]
    fn the_refusal_is_a_well_formed_disconnect_packet() {
        let bytes = refusal_bytes("full");
        let packet = bytes
            .strip_prefix(b"SSH-2.0-covalue\r\n".as_slice())
            .unwrap();
        let length = u32::from_be_bytes(packet[..4].try_into().unwrap()) as usize;
        assert_eq!(packet.len(), 4 + length);
        assert_eq!(packet.len() % 8, 0);
        let padding = usize::from(packet[4]);
        assert!((4..=11).contains(&padding));
        assert_eq!(packet[5], 1, "SSH_MSG_DISCONNECT");
        assert!(packet.windows(4).any(|w| w == b"full"));
    }
}
