//! The keys file: OpenSSH `authorized_keys` lines whose comment names a participant, so a
//! listed key joins as that person without a code. Reading and matching only; no SSH here.
//!
//! ```text
//! # covalue keys: one line per person, the comment is their name in the session
//! ssh-ed25519 AAAAC3Nza… Priya Raman
//! ssh-ed25519 AAAAC3Nza… Ana Lima (facilitator)
//! ```
//!
//! A comment ending in `(facilitator)` marks the facilitator's key: it joins with the
//! facilitator's powers under the name before the mark. Option prefixes
//! (`no-pty,from="…" ssh-ed25519 …`) are read past but not obeyed; covalue serves nothing
//! those options would limit.

use super::{Person, ServeError};
use russh::keys::PublicKey;
use russh::keys::ssh_key::AuthorizedKeys;
use std::path::{Path, PathBuf};

/// The mark after a name that makes a key the facilitator's.
pub const FACILITATOR_MARK: &str = "(facilitator)";

/// One listed key and who it lets in.
#[derive(Clone, Debug)]
pub struct KeyEntry {
    pub key: PublicKey,
    /// The name from the comment, without the facilitator mark.
    pub name: String,
    pub facilitator: bool,
    /// The line in the keys file, for messages.
    pub line: usize,
}

/// Every key in a keys file.
#[derive(Clone, Debug, Default)]
pub struct Keys {
    entries: Vec<KeyEntry>,
}

impl Keys {
    /// Reads a keys file; any line that is not a key with a name is an error naming the line.
    pub fn load(path: &Path) -> Result<Keys, ServeError> {
        let text = std::fs::read_to_string(path).map_err(|source| ServeError::KeysFile {
            path: path.to_path_buf(),
            source,
        })?;
        Keys::parse(&text, path)
    }

    /// Parses the text of a keys file; `path` is only for messages.
    pub fn parse(text: &str, path: &Path) -> Result<Keys, ServeError> {
        let bad = |line: usize, problem: String| ServeError::KeysLine {
            path: PathBuf::from(path),
            line,
            problem,
        };
        let mut entries = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let entry = AuthorizedKeys::new(trimmed)
                .next()
                .ok_or_else(|| bad(line, "no key found".into()))?
                .map_err(|e| bad(line, format!("not a public key ({e})")))?;
            let key = entry.public_key().clone();
            let comment = String::from_utf8_lossy(key.comment().as_bytes())
                .trim()
                .to_string();
            let (name, facilitator) = match comment.strip_suffix(FACILITATOR_MARK) {
                Some(name) => (name.trim().to_string(), true),
                None => (comment, false),
            };
            if name.is_empty() {
                return Err(bad(
                    line,
                    "the key has no name: put the participant's name after the key".into(),
                ));
            }
            if let Some(earlier) = entries
                .iter()
                .find(|e: &&KeyEntry| e.key.key_data() == key.key_data())
            {
                return Err(bad(
                    line,
                    format!("the same key is already listed on line {}", earlier.line),
                ));
            }
            entries.push(KeyEntry {
                key,
                name,
                facilitator,
                line,
            });
        }
        Ok(Keys { entries })
    }

    /// The entry for a key, compared by key material only (comments differ between copies).
    pub fn find(&self, key: &PublicKey) -> Option<&KeyEntry> {
        self.entries
            .iter()
            .find(|e| e.key.key_data() == key.key_data())
    }

    /// Who a key lets in, given the session's people: a facilitator key always (as the
    /// person of that name if there is one), any other key only as a listed participant.
    pub fn admit(&self, key: &PublicKey, people: &[Person]) -> Option<Person> {
        let entry = self.find(key)?;
        let known = people.iter().find(|p| same_name(&p.name, &entry.name));
        match (entry.facilitator, known) {
            (true, Some(person)) => Some(Person {
                facilitator: true,
                ..person.clone()
            }),
            (true, None) => Some(Person::facilitator(&entry.name)),
            (false, Some(person)) => Some(person.clone()),
            (false, None) => None,
        }
    }

    /// Entries that would be refused because no participant has their name: worth telling
    /// the facilitator at start, since such a person will be asked for the code instead.
    pub fn strangers<'a>(&'a self, people: &[Person]) -> Vec<&'a KeyEntry> {
        self.entries
            .iter()
            .filter(|e| !e.facilitator && !people.iter().any(|p| same_name(&p.name, &e.name)))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Names match ignoring case and runs of spaces, as people type them in comments.
pub fn same_name(a: &str, b: &str) -> bool {
    let fold = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    fold(a) == fold(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRIYA: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIKZB24KHJhy+kN4rqYf5ACt6SL1pCrHr3QEVxDnPW3oh";
    const ANA: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIGetwFbKWy6icDqC9lDUicghTRMEj842BQ/nFg0000e7";

    fn people() -> Vec<Person> {
        vec![
            Person::new("Priya Raman", "consumer"),
            Person::new("Ben Okafor", "provider"),
        ]
    }

    fn key(base64: &str) -> PublicKey {
        PublicKey::from_openssh(&format!("ssh-ed25519 {base64}")).unwrap()
    }

    #[test]
    fn names_facilitator_marks_and_options() {
        let text = format!(
            "# covalue keys\n\nssh-ed25519 {PRIYA} priya raman\n\
             no-pty,from=\"10.0.0.1\" ssh-ed25519 {ANA} Ana Lima (facilitator)\n"
        );
        let keys = Keys::parse(&text, Path::new("keys")).unwrap();
        assert_eq!(keys.len(), 2);
        let priya = keys.admit(&key(PRIYA), &people()).unwrap();
        assert_eq!(priya.name, "Priya Raman");
        assert!(!priya.facilitator);
        let ana = keys.admit(&key(ANA), &people()).unwrap();
        assert_eq!(ana.name, "Ana Lima");
        assert!(ana.facilitator);
        assert_eq!(keys.find(&key(ANA)).unwrap().line, 4);
    }

    #[test]
    fn a_key_naming_no_participant_is_refused() {
        let text = format!("ssh-ed25519 {PRIYA} Someone Else\n");
        let keys = Keys::parse(&text, Path::new("keys")).unwrap();
        assert!(keys.admit(&key(PRIYA), &people()).is_none());
        assert_eq!(keys.strangers(&people()).len(), 1);
        // And a key not listed at all lets nobody in.
        assert!(keys.admit(&key(ANA), &people()).is_none());
    }

    #[test]
    fn bad_lines_name_the_file_and_line() {
        for (text, problem) in [
            (format!("ssh-ed25519 {PRIYA}\n"), "no name"),
            ("\nnot-a-key at all\n".to_string(), "not a public key"),
            (
                format!("ssh-ed25519 {PRIYA} A\nssh-ed25519 {PRIYA} B\n"),
                "already listed on line 1",
            ),
        ] {
            let err = Keys::parse(&text, Path::new("/tmp/keys")).unwrap_err();
            let message = err.to_string();
            assert!(message.starts_with("/tmp/keys:"), "{message}");
            assert!(message.contains(problem), "{message}");
        }
    }

    #[test]
    fn names_match_loosely() {
        assert!(same_name("Priya  Raman", " priya raman"));
        assert!(!same_name("Priya", "Priya Raman"));
    }
}
