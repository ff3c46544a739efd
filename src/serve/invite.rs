//! The invite code: made per serve run, shown to the facilitator, asked of anyone whose key is
//! not listed. Wrong answers are limited and slowed down; the decisions are pure so they can be
//! tested without waiting.

use std::time::Duration;

/// Letters and digits that cannot be mistaken for each other when read aloud or off a
/// projector (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a code; 31^8 ≈ 2^39 codes, far beyond the guesses the limits allow.
const LENGTH: usize = 8;
/// Wrong answers one connection may give before it is refused for good.
pub const TRIES_PER_CONNECTION: u32 = 3;
/// Wrong answers in all before the code stops working and the facilitator must make a new one.
pub const WRONG_IN_ALL: u32 = 30;

/// What an answer to the code prompt led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Right,
    /// Wrong; answer only after waiting this long.
    Wrong {
        wait: Duration,
    },
    /// Too many wrong answers in all: the code no longer lets anyone in.
    Retired,
}

/// The code of this run and the count of wrong answers to it.
#[derive(Debug)]
pub struct Invite {
    code: String,
    wrong: u32,
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
        }
    }

    /// The code as people read it: `ABCD-EFGH`.
    pub fn shown(&self) -> String {
        let (a, b) = self.code.split_at(self.code.len() / 2);
        format!("{a}-{b}")
    }

    /// Checks an answer; case, spaces and dashes do not matter.
    pub fn check(&mut self, answer: &str) -> Verdict {
        if self.wrong >= WRONG_IN_ALL {
            return Verdict::Retired;
        }
        if same_secret(normalise(answer).as_bytes(), self.code.as_bytes()) {
            return Verdict::Right;
        }
        self.wrong += 1;
        if self.wrong >= WRONG_IN_ALL {
            return Verdict::Retired;
        }
        // Each wrong answer in the run makes the next one wait longer, up to 5 seconds.
        Verdict::Wrong {
            wait: Duration::from_millis(500 * u64::from(self.wrong.min(10))),
        }
    }

    /// Whether the code still lets anyone in.
    pub fn retired(&self) -> bool {
        self.wrong >= WRONG_IN_ALL
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
        assert_eq!(invite.check(" abcd efgh "), Verdict::Right);
        assert_eq!(invite.check("ABCDEFGH"), Verdict::Right);
        assert_eq!(invite.shown(), "ABCD-EFGH");
    }

    #[test]
    fn wrong_answers_wait_longer_then_retire_the_code() {
        let mut invite = Invite::with_code("ABCDEFGH");
        let mut waits = Vec::new();
        for _ in 0..WRONG_IN_ALL - 1 {
            match invite.check("nope") {
                Verdict::Wrong { wait } => waits.push(wait),
                other => panic!("{other:?}"),
            }
        }
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(waits[0], Duration::from_millis(500));
        assert_eq!(*waits.last().unwrap(), Duration::from_secs(5));
        assert_eq!(invite.check("nope"), Verdict::Retired);
        // Once retired, even the right code is refused.
        assert_eq!(invite.check("ABCDEFGH"), Verdict::Retired);
        assert!(invite.retired());
    }
}
