//! The invite code: made per serve run, shown to the facilitator, asked of anyone whose key is
//! not listed. Wrong answers are counted per address: each makes that address wait longer, and
//! an address that keeps guessing is held off for a while, while the code keeps working for
//! everyone else. The decisions are pure (the clock is passed in) so they can be tested
//! without waiting.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Letters and digits that cannot be mistaken for each other when read aloud or off a
/// projector (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a code; 31^8 ≈ 2^39 codes, far beyond the guesses the limits allow.
const LENGTH: usize = 8;
/// Wrong answers one connection may give before it is refused for good.
pub const TRIES_PER_CONNECTION: u32 = 3;
/// Wrong answers from one address before it is held off (a typo or two is not guessing).
pub const WRONG_PER_ADDRESS: u32 = 10;
/// How long an address that kept guessing is held off, counted from its last wrong answer.
pub const HELD_OFF_FOR: Duration = Duration::from_secs(15 * 60);

/// What an answer to the code prompt led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Right,
    /// Wrong; answer only after waiting this long.
    Wrong {
        wait: Duration,
    },
    /// This address gave too many wrong answers: nothing it answers counts for a while.
    HeldOff,
}

/// Wrong answers from one address.
#[derive(Clone, Copy, Debug)]
struct Guesses {
    wrong: u32,
    last: Instant,
}

/// What the facilitator is told about wrong answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Guessing {
    /// Wrong answers in all this run.
    pub wrong: u32,
    /// Addresses that gave at least one.
    pub addresses: usize,
    /// Addresses held off now.
    pub held_off: usize,
}

/// The code of this run and the wrong answers to it, by address.
#[derive(Debug)]
pub struct Invite {
    code: String,
    wrong: u32,
    by_address: HashMap<IpAddr, Guesses>,
}

impl Invite {
    /// A fresh random code.
    pub fn new() -> Invite {
        Invite::with_code(&random_code())
    }

    /// A given code (for tests and for a facilitator who wants to choose one).
    pub fn with_code(code: &str) -> Invite {
        Invite {
            code: normalise(code),
            wrong: 0,
            by_address: HashMap::new(),
        }
    }

    /// The code as people read it: `ABCD-EFGH`.
    pub fn shown(&self) -> String {
        let (a, b) = self.code.split_at(self.code.len() / 2);
        format!("{a}-{b}")
    }

    /// Checks an answer from `from` at `now`; case, spaces and dashes do not matter.
    pub fn check(&mut self, answer: &str, from: IpAddr, now: Instant) -> Verdict {
        if self.held_off(from, now) {
            return Verdict::HeldOff;
        }
        if same_secret(normalise(answer).as_bytes(), self.code.as_bytes()) {
            return Verdict::Right;
        }
        self.wrong = self.wrong.saturating_add(1);
        let guesses = self.by_address.entry(from).or_insert(Guesses {
            wrong: 0,
            last: now,
        });
        // Held off long enough ago: the address starts again.
        if now.saturating_duration_since(guesses.last) >= HELD_OFF_FOR {
            guesses.wrong = 0;
        }
        guesses.wrong += 1;
        guesses.last = now;
        if guesses.wrong >= WRONG_PER_ADDRESS {
            return Verdict::HeldOff;
        }
        // Each wrong answer from the address makes its next one wait longer, up to 5 seconds.
        Verdict::Wrong {
            wait: Duration::from_millis(500 * u64::from(guesses.wrong.min(10))),
        }
    }

    /// Whether `from` gave too many wrong answers lately to be asked again.
    pub fn held_off(&self, from: IpAddr, now: Instant) -> bool {
        self.by_address.get(&from).is_some_and(|g| {
            g.wrong >= WRONG_PER_ADDRESS && now.saturating_duration_since(g.last) < HELD_OFF_FOR
        })
    }

    /// The wrong answers so far, for the facilitator.
    pub fn guessing(&self, now: Instant) -> Guessing {
        Guessing {
            wrong: self.wrong,
            addresses: self.by_address.len(),
            held_off: self
                .by_address
                .keys()
                .filter(|a| self.held_off(**a, now))
                .count(),
        }
    }
}

impl Default for Invite {
    fn default() -> Self {
        Invite::new()
    }
}

fn random_code() -> String {
    let mut bytes = [0u8; LENGTH];
    // Without the system's randomness there is no safe code; refusing to start is right.
    getrandom::fill(&mut bytes).expect("the system's random number source works");
    // 256 is not a multiple of 31; the slight bias (under 1 %) costs well under a bit.
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Compares without stopping at the first difference, so timing tells nothing of the code.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_readable_and_differ() {
        let a = Invite::new();
        let b = Invite::new();
        assert_ne!(a.shown(), b.shown());
        let shown = a.shown();
        assert_eq!(shown.len(), LENGTH + 1);
        assert!(
            shown
                .chars()
                .all(|c| c == '-' || ALPHABET.contains(&(c as u8)))
        );
    }

    #[test]
    fn answers_ignore_case_spaces_and_dashes() {
        let mut invite = Invite::with_code("ABCD-EFGH");
        let now = Instant::now();
        assert_eq!(invite.check(" abcd efgh ", HERE, now), Verdict::Right);
        assert_eq!(invite.check("ABCDEFGH", HERE, now), Verdict::Right);
        assert_eq!(invite.shown(), "ABCD-EFGH");
    }

    const HERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const THERE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn wrong_answers_from_one_address_wait_longer_then_hold_it_off_but_not_others() {
        let mut invite = Invite::with_code("ABCDEFGH");
        let now = Instant::now();
        let mut waits = Vec::new();
        for _ in 0..WRONG_PER_ADDRESS - 1 {
            match invite.check("nope", HERE, now) {
                Verdict::Wrong { wait } => waits.push(wait),
                other => panic!("{other:?}"),
            }
        }
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(waits[0], Duration::from_millis(500));
        assert_eq!(*waits.last().unwrap(), Duration::from_millis(4500));
        assert_eq!(invite.check("nope", HERE, now), Verdict::HeldOff);
        // Held off, even the right code from there does not count...
        assert_eq!(invite.check("ABCDEFGH", HERE, now), Verdict::HeldOff);
        // ...while it still lets everyone else in, however many guesses were made.
        assert_eq!(invite.check("ABCDEFGH", THERE, now), Verdict::Right);
        let told = invite.guessing(now);
        assert_eq!(
            told,
            Guessing {
                wrong: WRONG_PER_ADDRESS,
                addresses: 1,
                held_off: 1
            }
        );
        // After a while the address may answer again.
        let later = now + HELD_OFF_FOR;
        assert!(!invite.held_off(HERE, later));
        assert_eq!(invite.check("ABCDEFGH", HERE, later), Verdict::Right);
    }

    #[test]
    fn thirty_wrong_answers_from_many_addresses_do_not_retire_the_code() {
        let mut invite = Invite::with_code("ABCDEFGH");
        let now = Instant::now();
        for i in 0..40u8 {
            let from = IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, i));
            assert!(matches!(
                invite.check("nope", from, now),
                Verdict::Wrong { .. }
            ));
        }
        assert_eq!(invite.check("abcd-efgh", HERE, now), Verdict::Right);
    }
}
