//! Merging copies of one session: a three-way merge against a common base (git's merge
//! driver), or gathering self-assessments that several people made on their own copies. Pure:
//! sessions in, a session and its conflicts out; reading and writing files is the caller's.
//!
//! The rules, field by field:
//! - Each person's ratings are their own: ratings by different raters never conflict, and a
//!   rater's rating conflicts only when copies changed it differently. A person's own
//!   pre-work copy (`prework_for`) alone decides their ratings: what other copies hold of
//!   them is what they were before.
//! - Items are matched by id (see `session::item_id`); an item added in any copy is kept, an
//!   item deleted in one copy and left alone in the others is deleted, deleted in one and
//!   changed in another is kept and is a conflict.
//! - Discussion notes are matched by the id of the item they are on, so a note added in one
//!   copy stays on the item another copy reworded; resolutions are a set, compared by their
//!   ids (their text labels are brought up to date after the merge, `Session::relabel`).
//! - Every other field takes the value the copies changed it to; copies that changed it to
//!   different values conflict. Without a base, a field one copy lacks is one it has no view on.
//! - Book-keeping never conflicts: the earliest `created`, the latest `updated`, the longest
//!   time spent per step. An item stays revealed only while the room has seen every merged
//!   rating of it: a rating changed in a copy where it was hidden again stays hidden.
//!
//! A conflict keeps the first copy's value ("ours") and is recorded in the session, so the
//! merged file is always a valid session with no conflict markers in it.
//!
//! The merge works on the serde data model (`serde_json::Value`) rather than field by field,
//! so fields added to items later merge by the same rules without being listed here.
//!
//! The parts: `merger` (the merge, value by value), `conflicts` (reading conflict records
//! back, `same_conflict`) and `settle` (writing a chosen side back).

mod conflicts;
mod merger;
mod settle;

pub use conflicts::same_conflict;
pub use settle::{SettleError, settle};

use super::session::{Conflict, Session};
use merger::Merger;
use serde_json::Value;

/// One copy of the session, with the name its conflicts call it by: `ours`, `theirs`, or a
/// file name when gathering self-assessments.
#[derive(Clone, Copy, Debug)]
pub struct Copy<'a> {
    pub label: &'a str,
    pub session: &'a Session,
}

/// The result: the merged session (its `conflicts` include the new ones) and what this merge
/// could not decide.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub session: Session,
    pub conflicts: Vec<Conflict>,
}

/// Why there is nothing to merge or the merged data is not a session.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// No copy was given.
    #[error("there is no copy to merge")]
    NoCopy,
    /// A session could not be turned into data to merge; it holds serde's words.
    #[error("a session is not data: {0}")]
    NotData(String),
    /// The merged data does not read back as a session; it holds serde's words.
    #[error("the merged copies do not make a session: {0}")]
    NotASession(String),
}

/// Merges `copies` of one session, against `base` when there is one.
pub fn merge(base: Option<&Session>, copies: &[Copy<'_>]) -> Result<Merged, MergeError> {
    if copies.is_empty() {
        return Err(MergeError::NoCopy);
    }
    let value = |s: &Session| {
        let mut s = s.clone();
        s.ensure_ids();
        s.link_records();
        let mut value = serde_json::to_value(&s).map_err(|e| MergeError::NotData(e.to_string()))?;
        super::records::unlabel_resolutions(&mut value);
        Ok(value)
    };
    let mut base = base.map(value).transpose()?;
    let mut values = copies
        .iter()
        .map(|c| value(c.session))
        .collect::<Result<Vec<_>, _>>()?;
    let owners = copies
        .iter()
        .map(|c| Some(c.session.prework_for.clone()).filter(|o| !o.is_empty()))
        .collect();
    let prework_for = common_prework_for(base.as_mut(), &mut values);
    let prework_shown = prework_shown(base.as_mut(), &mut values);
    let mut merger = Merger::new(copies.iter().map(|c| c.label.to_string()).collect(), owners);
    let copies: Vec<Option<&Value>> = values.iter().map(Some).collect();
    let merged = merger.session(base.as_ref(), &copies);
    let mut session: Session =
        serde_json::from_value(merged).map_err(|e| MergeError::NotASession(e.to_string()))?;
    session.format = Session::FORMAT;
    if !prework_for.is_empty() {
        session.prework_shown = prework_shown;
    }
    session.prework_for = prework_for;
    for conflict in &merger.conflicts {
        // This merge's words for a conflict a copy recorded already (a reverse merge calls
        // the copies the other way round): one record, in this merge's words.
        session.conflicts.retain(|c| !same_conflict(c, conflict));
        session.conflicts.push(conflict.clone());
    }
    session.ensure_ids();
    session.link_records();
    session.relabel();
    Ok(Merged {
        session,
        conflicts: merger.conflicts,
    })
}

/// Takes the pre-work owner out of every file: it stays only when every file names the same
/// person (two versions of one copy), so gathering copies into the session never makes the
/// session someone's copy, nor a conflict of whose it is.
fn common_prework_for(base: Option<&mut Value>, values: &mut [Value]) -> String {
    const KEY: &str = "prework_for";
    let owners: Vec<Option<Value>> = base
        .into_iter()
        .chain(values.iter_mut())
        .map(|v| v.as_object_mut().and_then(|o| o.remove(KEY)))
        .collect();
    match owners.first() {
        Some(Some(Value::String(owner))) if owners.iter().all(|o| o == &owners[0]) => owner.clone(),
        _ => String::new(),
    }
}

/// Takes the items a pre-work copy was written showing out of every file (a merge of copies
/// of one person's copy keeps them all, the only merge that stays a copy): a list no other
/// file has is no change to merge.
fn prework_shown(base: Option<&mut Value>, values: &mut [Value]) -> Vec<String> {
    let mut shown: Vec<String> = Vec::new();
    for value in base.into_iter().chain(values.iter_mut()) {
        let ids = value
            .as_object_mut()
            .and_then(|o| o.remove("prework_shown"));
        for id in ids.as_ref().and_then(Value::as_array).into_iter().flatten() {
            if let Some(id) = id.as_str().filter(|id| !shown.iter().any(|s| s == id)) {
                shown.push(id.to_string());
            }
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_to_merge_is_a_typed_error_in_todays_words() {
        let error = merge(None, &[]).unwrap_err();
        assert_eq!(error, MergeError::NoCopy);
        assert_eq!(error.to_string(), "there is no copy to merge");
    }

    #[test]
    fn a_note_added_in_one_copy_stays_on_the_item_the_other_copy_reworded() {
        use crate::domain::{Dimension, Step, time::Timestamp};
        let mut base = Session::new("notes001", "Notes", Timestamp::from_unix(1_795_000_000));
        base.add_item(Dimension::Benefits, "Faster fixes");
        let mut ours = base.clone();
        ours.benefits[0].text = "Fixes within the hour".into();
        let mut theirs = base.clone();
        theirs.set_note(Step::Benefits, "Faster fixes", "Night shift too");
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
        let merged = merge(Some(&base), &copies).unwrap();
        assert_eq!(merged.conflicts, []);
        assert_eq!(
            merged.session.note(Step::Benefits, "Fixes within the hour"),
            Some("Night shift too")
        );
    }

    /// Copies `a` and `b` merged without a base.
    fn two_copies(a: &Session, b: &Session) -> Merged {
        let copies = [
            Copy {
                label: "a",
                session: a,
            },
            Copy {
                label: "b",
                session: b,
            },
        ];
        merge(None, &copies).unwrap()
    }

    /// Found by a mutation run: the pre-work owner stays only when every copy names the same
    /// person; copies of two people gathered together are nobody's copy.
    #[test]
    fn the_prework_owner_stays_only_when_every_copy_names_the_same_person() {
        use crate::domain::time::Timestamp;
        let owned = |who: &str| {
            let mut s = Session::new("pre00001", "Pre", Timestamp::from_unix(1_795_000_000));
            s.prework_for = who.into();
            s
        };
        let owner = |a: &Session, b: &Session| two_copies(a, b).session.prework_for;
        let (ana, ana_later, ben) = (owned("Ana"), owned("Ana"), owned("Ben"));
        assert_eq!(owner(&ana, &ana_later), "Ana");
        assert_eq!(owner(&ana, &ben), "");
        assert_eq!(owner(&ana, &owned("")), "");
    }

    /// The items a copy was written showing are its owner's record: two versions of one
    /// person's copy keep every such item once, copies of two people gathered into the
    /// session keep none, and no list makes a conflict.
    #[test]
    fn what_a_copy_was_written_showing_stays_only_in_one_persons_copy() {
        use crate::domain::time::Timestamp;
        let owned = |who: &str, shown: &[&str]| {
            let mut s = Session::new("pre00001", "Pre", Timestamp::from_unix(1_795_000_000));
            s.prework_for = who.into();
            s.prework_shown = shown.iter().map(|id| id.to_string()).collect();
            s
        };
        let merged = two_copies;
        let ana = merged(&owned("Ana", &["b1", "b2"]), &owned("Ana", &["b2", "b3"]));
        assert_eq!(ana.session.prework_shown, ["b1", "b2", "b3"]);
        assert_eq!(ana.conflicts, []);
        let both = merged(&owned("Ana", &["b1"]), &owned("Ben", &["b2"]));
        assert_eq!(both.session.prework_shown, Vec::<String>::new());
        assert_eq!(both.conflicts, []);
    }

    /// A worked example merged with copies of itself (a demo's pre-work) is still one, and
    /// the mark is nothing to disagree about.
    #[test]
    fn a_merged_worked_example_stays_one_without_a_conflict() {
        use crate::domain::{Dimension, Rating, Side, time::Timestamp};
        let mut base = Session::new("demo0001", "Demo", Timestamp::from_unix(1_795_000_000));
        base.example = true;
        base.add_item(Dimension::Benefits, "Faster fixes");
        let mut ours = base.clone();
        ours.benefits[0]
            .rating
            .set_by(Side::Provider, "Ana", Rating::new(4));
        let mut theirs = base.clone();
        theirs.benefits[0]
            .rating
            .set_by(Side::Consumer, "Ola", Rating::new(2));
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
        for base in [Some(&base), None] {
            let merged = merge(base, &copies).unwrap();
            assert_eq!(merged.conflicts, []);
            assert!(merged.session.example);
        }
    }
}
