//! A rater's name, interned: every rating one person gives shares one allocation of their
//! name, so ten thousand items rated by five people hold five names, not fifty thousand, and
//! two names compare by address before they compare by text (issue 16).
//!
//! The one copy lives as long as the process (it always did: the set of names kept it), so a
//! name is a plain `&'static str` and copying it counts nothing. A counted pointer made every
//! copy write to the name's shared counter: a save copying the session's ratings on its own
//! thread then kept taking the cache line that the screen's thread reads each name from, and
//! a key pressed during a save took half as long again (issue 16, point 5).

use std::borrow::Borrow;
use std::cell::Cell;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::{Mutex, OnceLock};

/// A person's name as their ratings hold it. Reads as a `str`; equal, ordered and hashed by
/// its text, like the `String` it replaces.
#[derive(Clone)]
pub struct Name(&'static str);

thread_local! {
    /// The names this thread made last, newest first.
    static RECENT: Cell<[Option<&'static str>; 8]> = const { Cell::new([None; 8]) };
}

/// Every name read or made in this process. Names are few (the people of the sessions
/// opened), so they are kept for the life of the process.
fn interned() -> &'static Mutex<HashSet<&'static str>> {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    NAMES.get_or_init(Mutex::default)
}

impl Name {
    /// The one shared copy of `text`.
    pub fn new(text: &str) -> Name {
        // Reading a file names the same few people thousands of times over: the last names
        // this thread made answer without the lock and the hash.
        if let Some(name) =
            RECENT.with(|recent| recent.get().into_iter().flatten().find(|n| *n == text))
        {
            return Name(name);
        }
        let name = Name::shared(text);
        RECENT.with(|recent| {
            let mut names = recent.get();
            names.rotate_right(1);
            names[0] = Some(name.0);
            recent.set(names);
        });
        name
    }

    fn shared(text: &str) -> Name {
        // A poisoned lock only means another thread panicked while inserting; the set is
        // still a set of names.
        let mut names = interned()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(name) = names.get(text) {
            return Name(name);
        }
        let name: &'static str = Box::leak(Box::from(text));
        names.insert(name);
        Name(name)
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }

    /// Whether the two are the one interned copy.
    fn same(&self, other: &Name) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.same(other) || self.0 == other.0
    }
}

impl Eq for Name {}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        if self.same(other) {
            return std::cmp::Ordering::Equal;
        }
        self.0.cmp(other.0)
    }
}

impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// Whether two names are the same words in any case, however spaced (`Tom  berger` is `Tom
/// Berger`): what a person typing a name by hand means by it.
pub fn same_words(a: &str, b: &str) -> bool {
    let folded = |word: &str| {
        word.chars()
            .flat_map(char::to_lowercase)
            .collect::<Vec<_>>()
    };
    a.split_whitespace().count() == b.split_whitespace().count()
        && a.split_whitespace()
            .zip(b.split_whitespace())
            .all(|(x, y)| x == y || folded(x) == folded(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_is_one_allocation_and_reads_as_its_text() {
        let (a, b) = (Name::new("Priya"), Name::new(&String::from("Priya")));
        assert!(a.same(&b));
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "Priya");
        // As a `str` through `Deref` too (a mutation run found no test reading it so).
        assert_eq!((&*a, a.len()), ("Priya", 5));
        // And as the key of a set looked up by its text (`Borrow`).
        let names: std::collections::BTreeSet<Name> = [Name::new("Ola"), a.clone()].into();
        assert!(names.contains("Priya") && names.contains("Ola"));
        assert_eq!(Borrow::<str>::borrow(&a), "Priya");
        // `Borrow<str>` promises a name hashes as its text: a hashed set finds it by text
        // (found by a mutation run: an empty `hash` broke only this).
        let texts: Vec<String> = (0..20).map(|n| format!("Priya {n}")).collect();
        let hashed: std::collections::HashSet<Name> = texts.iter().map(|t| Name::new(t)).collect();
        assert!(texts.iter().all(|t| hashed.contains(t.as_str())));
        assert!(Name::new("Ola") < a);
        assert_eq!(format!("{a} {a:?}"), "Priya \"Priya\"");
    }

    #[test]
    fn a_name_is_the_one_copy_whether_this_thread_made_it_lately_or_not() {
        let first = Name::new("Wanjiru");
        // Enough other names to push it out of the thread's recent ones, and back.
        for n in 0..20 {
            let other = Name::new(&format!("person {n}"));
            assert_eq!(other.as_str(), format!("person {n}"));
            assert!(Name::new("Wanjiru").same(&first));
        }
        let elsewhere = std::thread::spawn(|| Name::new("Wanjiru")).join().unwrap();
        assert!(elsewhere.same(&first));
        // A recent name never answers for another text.
        assert_eq!(Name::new("Wanjiru ").as_str(), "Wanjiru ");
        assert!(!Name::new("Wanjiru ").same(&first));
    }
}
