//! Fuzzing on stable Rust, bounded in time, so CI runs it on every change (the `fuzz/` crate
//! needs nightly and cargo-fuzz, which CI lacks). Each target mutates real files (the fuzz seeds,
//! the test fixtures, the built-in templates, keys files and key blobs) and feeds them to one entry point of the library:
//! the loader, the writer, `merge`, `show`, and the SSH key decoders. Any panic fails the test
//! with the seed and the input that caused it; the input is also written under
//! `target/fuzz-failures/` so it can be replayed.
//!
//! Time per target: `COVALUE_FUZZ_SECS` (default 6). Seed: `COVALUE_FUZZ_SEED` (default from the
//! clock, printed, so a failure can be repeated).

use covalue::domain::merge::{Copy, merge};
use covalue::domain::{Session, Viewer};
use covalue::report::lines::lines;
use covalue::serve::keys::Keys;
use covalue::store;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A small, fast, seedable generator (xorshift64*); quality is plenty for mutating bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Tokens that matter to RON and to covalue's fields, so mutations reach deeper than random
/// bytes would.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "Some(",
    "None",
    "true",
    "false",
    "format: 1,",
    "format: 2,",
    "format: 99,",
    "provider:",
    "consumer:",
    "rating:",
    "revealed: true",
    "blind: true",
    "anonymous: true",
    "0",
    "1",
    "5",
    "6",
    "-1",
    "255",
    "4294967296",
    "1e999",
    "NaN",
    "\\u{0}",
    "\\u{1b}[2J",
    "\u{1b}]0;x\u{7}",
    "/*",
    "*/",
    "//",
    "r#\"",
    "\"#",
    "\\",
    "\n",
    "\t",
    "é",
    "字",
    "👍🏽",
    "\u{202e}",
    "Workshop",
    "Provider",
    "Consumer",
    "Facilitator",
    "Benefits",
    "Risks",
    "Agreements",
    "2026-02-30",
    "2026-12-06T10:00:00Z",
    "id: \"x\",",
    "item: \"",
    "participants: [",
    "(name: \"Priya\", role: Consumer)",
    "conflicts: [",
    "notes: [",
    "resolutions: [",
    "likelihood: 9,",
    "impact: 0,",
    "due: \"",
    "ssh-ed25519 ",
    "ssh-rsa AAAA",
];

/// The starting files: everything the project keeps as examples of sessions.
fn corpus() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["fuzz/seeds/load", "tests/fixtures", "assets/templates"] {
        collect(&root.join(dir), &mut files);
    }
    let mut seeds: Vec<Vec<u8>> = files
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter(|b| b.len() < 256 * 1024)
        .collect();
    seeds.push(Vec::new());
    assert!(
        seeds.len() > 4,
        "the fuzz corpus should find the seed files"
    );
    seeds
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "ron" || e == "keys" || e == "bin")
        {
            out.push(path);
        }
    }
}

/// One to four random edits of `input`, sometimes splicing in part of another corpus entry.
fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = out.len();
        let at = rng.below(len + 1);
        match rng.below(8) {
            0 if len > 0 => out[at.min(len - 1)] ^= 1 << rng.below(8),
            1 if len > 0 => out[at.min(len - 1)] = rng.next() as u8,
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            3 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                out.drain(at.min(end)..end);
            }
            4 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                let copy = out[at.min(end)..end].to_vec();
                let to = rng.below(out.len() + 1);
                out.splice(to..to, copy);
            }
            5 => {
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let end = (from + 1 + rng.below(256)).min(other.len());
                    out.splice(at..at, other[from..end].iter().copied());
                }
            }
            6 => out.truncate(at),
            _ => {
                let digit = b'0' + rng.below(10) as u8;
                if let Some(p) = out.iter().position(|b| b.is_ascii_digit()) {
                    let skip = rng.below(out.len() - p);
                    if let Some(q) = out[p + skip..].iter().position(|b| b.is_ascii_digit()) {
                        out[p + skip + q] = digit;
                    }
                }
            }
        }
    }
    out
}

fn budget() -> Duration {
    let secs = std::env::var("COVALUE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(6.0);
    Duration::from_secs_f64(secs.max(0.1))
}

fn seed(target: &str) -> u64 {
    let base = std::env::var("COVALUE_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    // Each target gets its own stream from the one seed; never zero (xorshift would stick).
    let mixed = target.bytes().fold(base, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    mixed | 1
}

/// Runs `check` on mutated inputs until the time budget is spent. Inputs that `keep` likes
/// join the corpus (up to a bound), so the run builds on valid sessions it has found.
fn fuzz(target: &str, check: impl Fn(&[u8]), keep: impl Fn(&[u8]) -> bool) -> usize {
    let seed = seed(target);
    let mut rng = Rng(seed);
    let mut corpus = corpus();
    let seeds = corpus.len();
    let deadline = Instant::now() + budget();
    let mut runs = 0;
    // The seeds themselves first, unmutated.
    let mut queue: Vec<Vec<u8>> = corpus.clone();
    loop {
        let input = match queue.pop() {
            Some(input) => input,
            None if Instant::now() >= deadline => break,
            None => {
                let from = &corpus[rng.below(corpus.len())];
                mutate(&mut rng, from, &corpus)
            }
        };
        runs += 1;
        if catch_unwind(AssertUnwindSafe(|| check(&input))).is_err() {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{target}-{seed}.bin"));
            let _ = std::fs::write(&file, &input);
            panic!(
                "fuzz target `{target}` panicked on run {runs} (COVALUE_FUZZ_SEED base gives seed \
                 {seed}); input saved to {}:\n{}",
                file.display(),
                String::from_utf8_lossy(&input)
            );
        }
        if corpus.len() < seeds + 64 && keep(&input) {
            corpus.push(input);
        }
    }
    eprintln!("fuzz {target}: {runs} runs in {:?}, seed {seed}", budget());
    runs
}

fn parse(bytes: &[u8]) -> Result<Session, store::LoadError> {
    store::parse(Path::new("fuzz.ron"), bytes)
}

/// The quick reader (store/quick) either leaves a text to `ron` or reads what `ron` reads.
fn reads_alike(bytes: &[u8]) -> Result<(), store::LoadError> {
    let text = std::str::from_utf8(bytes).unwrap_or_default();
    if let Some(quick) = store::read_quickly(text) {
        let by_ron = store::read_with_ron(text);
        assert_eq!(by_ron.as_ref().ok(), Some(&quick), "{text}");
    }
    Ok(())
}

fn loads(bytes: &[u8]) -> bool {
    parse(bytes).is_ok()
}

#[test]
fn load_and_save_of_arbitrary_bytes() {
    let runs = fuzz(
        "load",
        |bytes| match reads_alike(bytes).and_then(|()| parse(bytes)) {
            Ok(session) => {
                // What loads is written back so that it loads again to the same session.
                let text = store::to_ron(&session);
                assert_eq!(parse(text.as_bytes()).as_ref(), Ok(&session), "{text}");
            }
            Err(e) => {
                let whole_file = e.message.starts_with("the file is empty")
                    || e.message.starts_with("the file is too large");
                assert!(e.position.is_some() || whole_file, "no position: {e}");
                assert!(!e.to_string().contains('\u{1b}'), "escape in message: {e}");
            }
        },
        loads,
    );
    assert!(runs > 0);
}

#[test]
fn show_of_arbitrary_bytes() {
    fuzz(
        "show",
        |bytes| {
            if let Ok(session) = parse(bytes) {
                // `show` feeds `git diff`: nothing from the file may reach a terminal raw,
                // as the room sees it or with every rating.
                for viewer in [Viewer::Room, Viewer::Everything] {
                    let text = lines(&session, viewer);
                    let raw = text
                        .chars()
                        .any(|c| c.is_control() && c != '\n' && c != '\t');
                    assert!(!raw, "control character in show output");
                }
            }
        },
        loads,
    );
}

#[test]
fn merge_of_arbitrary_copies() {
    fuzz(
        "merge",
        |bytes| {
            let Ok(ours) = parse(bytes) else {
                return;
            };
            // Theirs: the same session with another title and its last benefit deleted, so
            // the merge has a field changed on both sides' terms and an item deleted; base:
            // the original. Two-way and three-way must both give a session that loads.
            let mut theirs = ours.clone();
            theirs.title.push_str(" (theirs)");
            theirs
                .benefits
                .truncate(theirs.benefits.len().saturating_sub(1));
            let copies = [
                Copy {
                    label: "ours",
                    session: &ours,
                },
                Copy {
                    label: "theirs",
                    session: &theirs,
                },
            ];
            for base in [None, Some(&ours)] {
                if let Ok(merged) = merge(base, &copies) {
                    // A merged session is always a valid session that saves and loads.
                    let text = store::to_ron(&merged.session);
                    let again = parse(text.as_bytes());
                    assert!(
                        again.is_ok(),
                        "merged session does not load: {again:?}\n{text}"
                    );
                }
            }
        },
        loads,
    );
}

#[test]
fn ssh_key_decoders_on_arbitrary_input() {
    fuzz(
        "keys",
        |bytes| {
            let text = String::from_utf8_lossy(bytes);
            let _ = Keys::parse(&text, Path::new("keys"));
            // The binary key blob a client offers when it signs in.
            let _ = russh::keys::PublicKey::from_bytes(bytes);
            for line in text.lines().take(8) {
                let _ = russh::keys::PublicKey::from_openssh(line);
            }
        },
        |bytes| {
            String::from_utf8_lossy(bytes)
                .lines()
                .any(|l| l.starts_with("ssh-"))
        },
    );
}
