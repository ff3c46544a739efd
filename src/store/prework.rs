//! Pre-work by file (`covalue prework`): one copy of a session per rating participant, each
//! holding only what that person may see, with a text file saying how to rate it; and what
//! came back (`prework status`). Gathering the copies is `covalue merge`'s, not this module's.

use super::fs::{Keep, write_replacing};
use super::{OpenError, StoreError, load, save_without_backup};
use crate::domain::{Dimension, Ratings, Session, Side};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Why the copies could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PreworkError {
    #[error("cannot make the folder {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} already exists; a returned copy there could be lost: choose another --out folder or move it away",
        path.display()
    )]
    Exists { path: PathBuf },
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("the session has no provider or consumer to rate it; add them on the Setup step first")]
    Nobody,
}

/// One person's copy: who, and the two files written for them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub name: String,
    pub side: Side,
    pub copy: PathBuf,
    pub instructions: PathBuf,
}

/// The people a pre-work copy is for: the session's participants who rate a side its mode
/// collects, in the order of the participants list.
pub fn raters(session: &Session) -> Vec<(Side, String)> {
    let sides = session.mode.sides();
    session
        .participants
        .iter()
        .filter_map(|p| Some((p.role.side()?, p.name.clone())))
        .filter(|(side, _)| sides.contains(side))
        .collect()
}

/// A file name stem from a person's name: lower-case letters and digits, words joined by
/// dashes ("Priya Raman" → "priya-raman"); "participant" when nothing is left.
pub fn stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            stem.push(c);
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem: String = stem.trim_end_matches('-').chars().take(48).collect();
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "participant".into()
    } else {
        stem.to_string()
    }
}

/// Each rater with the stem of their files; two names that make one stem get "-2", "-3".
pub fn stems(session: &Session) -> Vec<((Side, String), String)> {
    let mut used: HashMap<String, usize> = HashMap::new();
    raters(session)
        .into_iter()
        .map(|who| {
            let base = stem(&who.1);
            let n = used.entry(base.clone()).or_default();
            *n += 1;
            let name = if *n == 1 { base } else { format!("{base}-{n}") };
            (who, name)
        })
        .collect()
}

/// The copy of `session` for `name` on `side`: every item's ratings as they may see them
/// (the domain's rule, `Session::seen_by`), so an editor shows them no hidden number, and
/// nothing of a server's room.
pub fn copy_for(session: &Session, side: Side, name: &str) -> Session {
    let mut copy = session.clone();
    copy.served = Default::default();
    copy.prework_for = name.to_string();
    copy.prework_shown.clear();
    for dimension in Dimension::ALL {
        for index in 0..session.item_count(dimension.step()) {
            if let (Some(seen), Some(ratings)) = (
                session
                    .ratings_ref(dimension, index)
                    .map(|r| session.seen_by(r, side, name)),
                copy.ratings_mut(dimension, index),
            ) {
                *ratings = seen;
            }
        }
    }
    copy.prework_shown = copy
        .rated_items()
        .filter(|i| !i.id.is_empty() && holds_others(i.rating, name))
        .map(|i| i.id.to_string())
        .collect();
    copy
}

/// Whether `ratings` hold a rating by anyone but `name`.
fn holds_others(ratings: &Ratings, name: &str) -> bool {
    Side::BOTH
        .iter()
        .any(|side| ratings.raters(*side).iter().any(|(rater, _)| rater != name))
}

/// Writes one copy and one instructions file per rater into `dir` (made if missing); never
/// over an existing file.
pub fn write_copies(session: &Session, dir: &Path) -> Result<Vec<Written>, PreworkError> {
    let stems = stems(session);
    if stems.is_empty() {
        return Err(PreworkError::Nobody);
    }
    std::fs::create_dir_all(dir).map_err(|source| PreworkError::Folder {
        path: dir.to_path_buf(),
        source,
    })?;
    let files: Vec<(PathBuf, PathBuf)> = stems
        .iter()
        .map(|(_, stem)| {
            (
                dir.join(format!("{stem}.ron")),
                dir.join(format!("{stem}.txt")),
            )
        })
        .collect();
    // Checked for every file before any is written, so a refusal leaves the folder as it was.
    if let Some(path) = files
        .iter()
        .flat_map(|(a, b)| [a, b])
        .find(|p| p.symlink_metadata().is_ok())
    {
        return Err(PreworkError::Exists { path: path.clone() });
    }
    let mut written = Vec::new();
    for (((side, name), _), (copy, instructions)) in stems.into_iter().zip(files) {
        save_without_backup(&copy, &copy_for(session, side, &name))?;
        let file_name = copy
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = instructions_text(session, side, &name, &file_name);
        write_replacing(&instructions, text.as_bytes(), Keep::Nothing, None)?;
        written.push(Written {
            name,
            side,
            copy,
            instructions,
        });
    }
    Ok(written)
}

/// What the text file beside a copy says: how to rate it with covalue or a text editor, and
/// to send it back.
pub fn instructions_text(session: &Session, side: Side, name: &str, file: &str) -> String {
    let title = crate::text::one_line(&session.title);
    let name = crate::text::one_line(name);
    let file = crate::text::one_line(file);
    let scale: Vec<String> = crate::domain::Rating::all()
        .map(|r| format!("{r} {}", r.label()))
        .collect();
    let side = side.name();
    format!(
        "Pre-work for \"{title}\", for {name} ({side})\n\
         \n\
         Rate the items in {file} before the meeting, in one of two ways:\n\
         \n\
         1. With covalue:\n\
         \x20     covalue open {file} --as \"{name}\"\n\
         \x20  Only your own ratings are shown and can change. ] and [ move between the\n\
         \x20  steps, the arrows between items, 1-5 rates, q saves and quits.\n\
         \n\
         2. With any text editor: in each item you rate, replace its line\n\
         \x20     rating: (),\n\
         \x20  with\n\
         \x20     rating: ({side}: {{\"{name}\": 4}}),\n\
         \x20  (4 being your rating) and leave the rest as it is. Afterwards\n\
         \x20  `covalue check {file}` says whether the file still reads.\n\
         \n\
         Ratings: {}.\n\
         What a rating says depends on the step:\n\
         {}\
         Then send {file} back as it is; the facilitator merges everyone's copies.\n",
        scale.join(", "),
        meanings(session)
    )
}

/// One line per step the copy has items to rate on: what a rating says there (a cost's
/// 5 is "very acceptable", not "very costly").
fn meanings(session: &Session) -> String {
    let rated: Vec<Dimension> = Dimension::ALL
        .into_iter()
        .filter(|d| session.item_count(d.step()) > 0)
        .collect();
    let width = rated.iter().map(|d| d.title().len()).max().unwrap_or(0);
    rated
        .iter()
        .map(|d| {
            let good = match d {
                Dimension::Costs => " (5: very acceptable)",
                Dimension::Risks => " (5: very well managed)",
                _ => "",
            };
            format!("\x20  {:<width$}  {}{good}\n", d.title(), d.meaning())
        })
        .collect()
}

/// What came back of one person's copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Returned {
    pub name: String,
    pub side: Side,
    pub copy: PathBuf,
    pub state: CopyState,
}

/// Where one person's copy stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopyState {
    /// No file of that name in the folder.
    Missing,
    /// The file does not read as a copy of this session (the message says why).
    Unreadable(String),
    Read(Progress),
}

/// How far one person rated their copy, and what of it the session does not hold yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Items the person has rated in their copy.
    pub rated: usize,
    /// Items in their copy.
    pub total: usize,
    /// Their ratings in the copy that the session does not hold (new or changed): what a
    /// merge of the copy would bring. One they cleared is not counted: a merge keeps the
    /// session's.
    pub to_merge: usize,
    /// Ratings in the copy that are someone else's, which `merge` refuses.
    pub foreign: Vec<Foreign>,
    /// The first other change that is not theirs to make (`domain::alone::check`), if any.
    pub beyond: Option<String>,
}

impl Progress {
    /// Nothing rated and nothing to merge: the copy is as it was written.
    pub fn unchanged(&self) -> bool {
        self.rated == 0 && self.to_merge == 0 && self.foreign.is_empty() && self.beyond.is_none()
    }
}

/// A rater, the path of their copy, and the copy read when there is a file.
type Found = ((Side, String), PathBuf, Option<Result<Session, OpenError>>);

/// Each rater's copy in `dir` and how far it came back, in the order of the participants.
pub fn status(session: &Session, dir: &Path) -> Vec<Returned> {
    let copies: Vec<Found> = stems(session)
        .into_iter()
        .map(|(who, stem)| {
            let copy = dir.join(format!("{stem}.ron"));
            let read = copy.symlink_metadata().is_ok().then(|| load(&copy));
            (who, copy, read)
        })
        .collect();
    // What `merge SESSION DIR/*.ron` weighs each copy against: the session, and the other
    // copies of it that say whose they are.
    let owned: Vec<&Session> = copies
        .iter()
        .filter_map(|(_, _, read)| read.as_ref()?.as_ref().ok())
        .filter(|c| c.id == session.id && !c.prework_for.is_empty())
        .collect();
    copies
        .iter()
        .map(|((side, name), copy, read)| {
            let mut others = vec![session];
            others.extend(owned.iter().filter(|c| c.prework_for != *name));
            Returned {
                name: name.clone(),
                side: *side,
                copy: copy.clone(),
                state: state_of(session, (*side, name), copy, read.as_ref(), &others),
            }
        })
        .collect()
}

/// What `status` says of `name`'s copy at `path` (`read`, when there is a file).
fn state_of(
    session: &Session,
    (side, name): (Side, &str),
    path: &Path,
    read: Option<&Result<Session, OpenError>>,
    others: &[&Session],
) -> CopyState {
    match read {
        None => CopyState::Missing,
        Some(Err(e)) => CopyState::Unreadable(e.to_string()),
        Some(Ok(c)) if c.id != session.id => CopyState::Unreadable(format!(
            "{} is a copy of another session (id {:?}, not {:?})",
            path.display(),
            crate::text::one_line(&c.id),
            crate::text::one_line(&session.id)
        )),
        Some(Ok(c)) if !c.prework_for.is_empty() && c.prework_for != name => {
            CopyState::Unreadable(format!(
                "{} is {}'s pre-work copy, not {}'s",
                path.display(),
                crate::text::one_line(&c.prework_for),
                crate::text::one_line(name)
            ))
        }
        Some(Ok(c)) => CopyState::Read(progress(session, c, side, name, others)),
    }
}

/// How far `name` on `side` rated `copy` of `session`; `others` are the files a merge weighs
/// the copy against (the session, and other people's copies).
pub fn progress(
    session: &Session,
    copy: &Session,
    side: Side,
    name: &str,
    others: &[&Session],
) -> Progress {
    // Items are matched by id, or by step and text for an item without one.
    let key = |i: &crate::domain::RatedItem<'_>| {
        let by = if i.id.is_empty() { i.text } else { i.id };
        (i.dimension, by.to_string())
    };
    let theirs = |s: &Session, r: &Ratings| s.own_of(r, side, name);
    let before: HashMap<_, Ratings> = session
        .rated_items()
        .map(|i| (key(&i), theirs(session, i.rating)))
        .collect();
    let mut p = Progress::default();
    for item in copy.rated_items() {
        let own = theirs(copy, item.rating);
        p.total += 1;
        p.rated += usize::from(!own.is_empty());
        let same = before
            .get(&key(&item))
            .is_some_and(|was| same_ratings(was, &own));
        p.to_merge += usize::from(!own.is_empty() && !same);
    }
    p.foreign = foreign_ratings(copy, name, others);
    // A copy written before copies named their person is compared as it is.
    let mut written = copy_for(session, side, name);
    written.prework_for.clone_from(&copy.prework_for);
    written.prework_shown.clone_from(&copy.prework_shown);
    // Since the copy was written the session may have moved on: other people's ratings
    // merged from their own copies (`decided`, the owners of the other copies), items
    // hidden again by those or revealed by the facilitator. None of that is the owner's
    // change; a rating they wrote as someone with a copy of their own is still found
    // (`foreign`).
    keep_others_as_copied(&mut written, copy, &owners_of_copies(others, name));
    p.beyond = crate::domain::alone::check(&written, copy, side, name)
        .err()
        .map(|e| e.to_string());
    p
}

/// Whose pre-work copies `others` are, but `owner`'s: the people whose ratings their own
/// copies decide in a merge.
fn owners_of_copies<'a>(others: &[&'a Session], owner: &str) -> Vec<&'a str> {
    others
        .iter()
        .map(|o| o.prework_for.as_str())
        .filter(|o| !o.is_empty() && *o != owner)
        .collect()
}

/// Gives `written` the ratings of `copy` by the people in `decided`, item by item (by id),
/// and the copy's revealed flag where the session has revealed an item since, or where one
/// of them rated it: only what could be the owner's own change is compared.
fn keep_others_as_copied(written: &mut Session, copy: &Session, decided: &[&str]) {
    let held: HashMap<(Dimension, &str), &Ratings> = copy
        .rated_items()
        .map(|i| ((i.dimension, i.id), i.rating))
        .collect();
    let places: Vec<(Dimension, usize, String)> = written
        .rated_items()
        .map(|i| (i.dimension, i.index, i.id.to_string()))
        .collect();
    for (dimension, index, id) in places {
        let (Some(theirs), Some(ratings)) = (
            held.get(&(dimension, id.as_str())),
            written.ratings_mut(dimension, index),
        ) else {
            continue;
        };
        let mut theirs_here = false;
        for side in Side::BOTH {
            for rater in decided {
                theirs_here |=
                    ratings.by(side, rater).is_some() || theirs.by(side, rater).is_some();
                ratings.set_by(side, rater, theirs.by(side, rater));
            }
        }
        if ratings.revealed || theirs_here {
            ratings.revealed = theirs.revealed;
        }
    }
}

/// A rating in someone's pre-work copy that is another person's, and that no other file of
/// the merge holds as it is: one person rating as another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Foreign {
    pub rater: String,
    pub side: Side,
    /// The item in words: `Benefits 2 "Fewer repeat calls"`.
    pub item: String,
}

impl std::fmt::Display for Foreign {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}'s {} rating of {}",
            crate::text::one_line(&self.rater),
            self.side.name(),
            self.item
        )
    }
}

/// The ratings in `copy` (the pre-work copy for `owner`) by anyone but `owner` that none of
/// `others` holds with the same number: a rating shown to the owner (a revealed one) is in
/// the session too, a rating they wrote under another name is not. The side's default rater
/// counts as the owner's when they speak for the side. On an item the copy shows revealed,
/// or was written showing others' ratings on (`prework_shown`: the owner's own change may
/// have hidden it since), a rater whose own copy is one of `others` is left out: the merge
/// takes their ratings from that copy alone, and the number here is one the owner was
/// shown, which the session may have changed since (a copy is written with only its
/// owner's and revealed ratings).
pub fn foreign_ratings(copy: &Session, owner: &str, others: &[&Session]) -> Vec<Foreign> {
    let decided_elsewhere = owners_of_copies(others, owner);
    let side = copy
        .participants
        .iter()
        .find(|p| p.name == owner)
        .and_then(|p| p.role.side());
    let legacy = side
        .filter(|s| copy.speaks_for_side(*s, owner))
        .map(Side::rater);
    let key = |i: &crate::domain::RatedItem<'_>| {
        let by = if i.id.is_empty() { i.text } else { i.id };
        (i.dimension, by.to_string())
    };
    let held: Vec<HashMap<_, &Ratings>> = others
        .iter()
        .map(|o| o.rated_items().map(|i| (key(&i), i.rating)).collect())
        .collect();
    let shown: HashSet<&str> = copy.prework_shown.iter().map(String::as_str).collect();
    let mut foreign = Vec::new();
    for item in copy.rated_items() {
        for s in Side::BOTH {
            for (rater, rating) in item.rating.raters(s).iter() {
                // Theirs on their own side only: a consumer's copy gives no provider rating.
                let theirs =
                    side.is_none_or(|own| own == s) && (rater == owner || Some(rater) == legacy);
                let elsewhere = held.iter().any(|h| {
                    h.get(&key(&item))
                        .is_some_and(|r| r.by(s, rater) == Some(*rating))
                });
                let decided = (item.rating.revealed || shown.contains(item.id))
                    && decided_elsewhere.contains(&rater);
                if !theirs && !elsewhere && !decided {
                    foreign.push(Foreign {
                        rater: rater.to_string(),
                        side: s,
                        item: format!(
                            "{} {} {:?}",
                            item.dimension.title(),
                            item.index + 1,
                            crate::text::one_line(item.text)
                        ),
                    });
                }
            }
        }
    }
    foreign
}

/// The same numbers by the same raters, whatever the revealed flag says.
fn same_ratings(a: &Ratings, b: &Ratings) -> bool {
    Side::BOTH
        .iter()
        .all(|side| a.raters(*side) == b.raters(*side))
}

#[cfg(test)]
#[path = "prework_tests.rs"]
mod tests;
