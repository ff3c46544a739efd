//! `covalue merge`: combines copies of one session (each person's ratings their own), also as
//! git's merge driver. It refuses copies of different sessions and pre-work copies holding
//! another person's ratings; the merge itself is the domain's.

use super::error::Failure;
use super::find::{load, resolve};
use super::output::out;
use super::prework::owner_of;
use crate::domain::Session;
use crate::domain::merge::{Copy, merge};
use crate::store::{self, Store};
use crate::text::{clean, one_line};
use clap::Args;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `covalue merge`.
#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The common ancestor of the copies (git's %O)
    #[arg(long, value_name = "BASE")]
    pub base: Option<String>,
    /// The copies, ours first
    #[arg(required = true, num_args = 2.., value_name = "COPY")]
    pub copies: Vec<String>,
    /// Where to write the merged session (it may be the first copy, as git asks)
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Merge copies whose session ids differ (copies of different sessions), on purpose
    #[arg(long)]
    pub different_ids: bool,
    /// What messages call OUT: git's driver passes the session's path as %P, so they name
    /// it rather than git's temporary file
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

/// A loaded copy (or base) and where it came from.
type Loaded = (PathBuf, Session);

impl MergeArgs {
    /// Loads the copies, merges them, writes OUT; fails listing every conflict. With `--name`
    /// (git's `%P`), messages call OUT by the session's own path, not git's temporary file's.
    pub fn run(self, store: &Store, w: &mut dyn Write) -> Result<(), Failure> {
        let output = self.output.as_path();
        let named = |failure: Failure| self.named(failure);
        store::check_session_target(output)
            .map_err(Failure::data)
            .map_err(named)?;
        let base = load_base(store, self.base.as_deref()).map_err(named)?;
        let loaded = self
            .copies
            .iter()
            .map(|c| load(store, c))
            .collect::<Result<Vec<_>, _>>()
            .map_err(named)?;
        if !self.different_ids {
            same_session(base.as_ref(), &loaded).map_err(named)?;
        }
        only_owners_ratings(base.as_ref(), &loaded).map_err(named)?;
        let labels = merge_labels(self.base.is_some(), &loaded);
        let copies: Vec<Copy<'_>> = loaded
            .iter()
            .zip(&labels)
            .map(|((_, session), label)| Copy { label, session })
            .collect();
        let merged = merge(base.as_ref().map(|(_, s)| s), &copies).map_err(Failure::data)?;
        // Written over one of its inputs (git's driver writes into its own temporary copy of
        // ours): no backup, which would be left behind in the work tree.
        let over_input = loaded.iter().any(|(p, _)| same_file(p, output));
        store::save_merged(output, &merged.session, over_input)
            .map_err(Failure::data)
            .map_err(named)?;
        let shown = clean(&self.shown_output()).into_owned();
        if merged.conflicts.is_empty() {
            return out(
                w,
                &format!("Merged {} copies into {shown}.\n", loaded.len()),
            );
        }
        for conflict in &merged.conflicts {
            eprintln!("{}", clean(&conflict.message));
        }
        Err(Failure::Conflicts {
            count: merged.conflicts.len(),
            shown,
        })
    }

    /// OUT as messages call it: the `--name` given, else the path.
    fn shown_output(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| self.output.display().to_string())
    }

    /// A failure whose message names git's temporary files by what they are: OUT (ours) by
    /// `--name`, the other copy and the base as that name's.
    fn named(&self, failure: Failure) -> Failure {
        let Some(name) = &self.name else {
            return failure;
        };
        let mut renames = vec![(self.output.display().to_string(), name.clone())];
        for copy in self.copies.iter().skip(1) {
            renames.push((copy.clone(), format!("{name} (theirs)")));
        }
        if let Some(base) = &self.base {
            renames.push((base.clone(), format!("{name} (base)")));
        }
        Failure::Renamed {
            failure: Box::new(failure),
            renames,
        }
    }
}

/// The base a merge was given: none, or an empty file (git's `%O` when both branches added
/// the file: a two-way merge then), or a session.
fn load_base(store: &Store, base: Option<&str>) -> Result<Option<Loaded>, Failure> {
    let Some(base) = base else {
        return Ok(None);
    };
    let path = resolve(store, base)?;
    if std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() == 0) {
        return Ok(None);
    }
    let session = store::load(&path).map_err(Failure::data)?;
    Ok(Some((path, session)))
}

/// Refuses copies (and a base) of different sessions: their ids differ.
fn same_session(base: Option<&Loaded>, loaded: &[Loaded]) -> Result<(), Failure> {
    let Some((first_path, first)) = loaded.first() else {
        return Ok(());
    };
    let name = |p: &Path| clean(&p.display().to_string()).into_owned();
    if let Some((path, other)) = loaded.iter().find(|(_, s)| s.id != first.id) {
        return Err(Failure::DifferentSessions {
            first_path: name(first_path),
            path: name(path),
            first_id: one_line(&first.id),
            id: one_line(&other.id),
        });
    }
    if let Some((path, base)) = base
        && base.id != first.id
    {
        return Err(Failure::OtherBase {
            path: name(path),
            base_id: one_line(&base.id),
            copies_id: one_line(&first.id),
        });
    }
    Ok(())
}

/// Refuses a merge in which someone's pre-work copy holds another person's rating that no
/// other file of the merge holds (one person rating as another): it names the copy, whose
/// rating and which item, and nothing is written.
fn only_owners_ratings(base: Option<&Loaded>, loaded: &[Loaded]) -> Result<(), Failure> {
    for (i, (path, copy)) in loaded.iter().enumerate() {
        let Some(owner) = owner_of(copy) else {
            continue;
        };
        let others: Vec<&Session> = loaded
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, (_, s))| s)
            .chain(base.map(|(_, s)| s))
            .collect();
        let foreign = store::prework::foreign_ratings(copy, &owner, &others);
        let Some(first) = foreign.first() else {
            continue;
        };
        return Err(Failure::ForeignRating {
            path: clean(&path.display().to_string()).into_owned(),
            owner: one_line(&owner),
            first: first.to_string(),
            more: match foreign.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            },
        });
    }
    Ok(())
}

/// The names the copies' conflicts call them by: git's words for a three-way merge of two,
/// else the files' names (whole paths where two names are the same).
fn merge_labels(three_way: bool, loaded: &[Loaded]) -> Vec<String> {
    if three_way && loaded.len() == 2 {
        return vec!["ours".into(), "theirs".into()];
    }
    let names: Vec<String> = loaded
        .iter()
        .map(|(p, _)| {
            p.file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
        })
        .collect();
    let unique = names.iter().collect::<BTreeSet<_>>().len() == names.len();
    if unique {
        names
    } else {
        loaded
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect()
    }
}

/// Whether two names reach one file (`x.ron` and `/here/x.ron`).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(a), Ok(b)) if a == b
        )
}
