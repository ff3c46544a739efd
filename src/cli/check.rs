//! `covalue check`: validates session and settings files, a line each, without changing them.

use super::error::Failure;
use super::output::out;
use crate::domain::Session;
use crate::store;
use crate::text::{clean, one_line};
use clap::Args;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `covalue check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Session files, or a sessions folder's .portfolio.ron settings file, to check (paths)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

impl CheckArgs {
    /// Checks every file, printing `ok` lines on stdout and errors on stderr; fails when any
    /// file does not load.
    pub fn run(self, w: &mut dyn Write) -> Result<(), Failure> {
        let mut failed = 0;
        for file in &self.files {
            match check_file(file) {
                Some(line) => out(w, &line)?,
                None => failed += 1,
            }
        }
        if failed > 0 {
            return Err(Failure::ChecksFailed {
                failed,
                of: self.files.len(),
            });
        }
        Ok(())
    }
}

/// `check`'s line for `file` if it loads, else `None` after saying why on stderr.
fn check_file(file: &Path) -> Option<String> {
    if store::is_targets_file(file) {
        return match store::load_targets(file) {
            Ok(_) => Some(format!("{}: ok\n", clean(&file.display().to_string()))),
            Err(e) => {
                eprintln!("{}", clean(&e.to_string()));
                None
            }
        };
    }
    match store::load(file) {
        Ok(session) => Some(check_line(file, &session)),
        Err(e) => {
            eprintln!("{}", clean(&e.to_string()));
            None
        }
    }
}

/// `check`'s line for a good file: it names the format, and says when an older one will be
/// upgraded.
fn check_line(file: &Path, session: &Session) -> String {
    let path = clean(&file.display().to_string()).into_owned();
    let mut notes = Vec::new();
    match store::file_format(file) {
        Some(format) if format < Session::FORMAT => notes.push(format!(
            "format {format}, written as format {} at the next change",
            Session::FORMAT
        )),
        Some(format) => notes.push(format!("format {format}")),
        None => {}
    }
    // A merge's conflicts are valid data, but someone still has to decide them.
    match session.conflicts.len() {
        0 => {}
        1 => notes.push("1 merge conflict to resolve".into()),
        n => notes.push(format!("{n} merge conflicts to resolve")),
    }
    let mut text = if notes.is_empty() {
        format!("{path}: ok\n")
    } else {
        format!("{path} ({}): ok\n", notes.join(", "))
    };
    // Data that loads but does not add up: said, without failing the check.
    for (index, risk) in session.risks.iter().enumerate() {
        if let Some(problem) = risk.risk().after_problem() {
            let name = clean(&one_line(&risk.text)).into_owned();
            text += &format!("{path}: warning: risk {} {name:?}: {problem}\n", index + 1);
        }
    }
    text += &shared_id_warnings(&path, file);
    text += &stray_warnings(&path, session);
    // What the Agreements form refuses, written by hand: an owner on one side and a person
    // on the other.
    for (index, agreement) in session.agreements.iter().enumerate() {
        if let Some(side) = agreement.owner_crossing(&session.participants) {
            let name = clean(&one_line(&agreement.text)).into_owned();
            let person = clean(&one_line(&agreement.person)).into_owned();
            text += &format!(
                "{path}: warning: agreement {} {name:?}: {person} is on the {side} side, but the owner is {owner}: make the owner {side} or both sides\n",
                index + 1,
                side = side.name(),
                owner = agreement.owner.words(),
            );
        }
    }
    text
}

/// `check`'s warnings for items copied by hand with their ids: loading gives each copy an id
/// of its own, and the notes and links that name the id by the copy's words follow it.
fn shared_id_warnings(path: &str, file: &Path) -> String {
    let Some(written) = store::as_written(file) else {
        return String::new();
    };
    let place = |step: crate::domain::Step, index: usize| {
        let words = written.text_at(step, index).unwrap_or_default();
        let words = clean(&one_line(words)).into_owned();
        format!("{} {} {words:?}", step.title(), index + 1)
    };
    written
        .shared_ids()
        .into_iter()
        .map(|shared| {
            format!(
                "{path}: warning: {} has the id {:?} of {}: it gets an id of its own at the next save\n",
                place(shared.step, shared.index),
                clean(&one_line(&shared.id)),
                place(shared.first.0, shared.first.1),
            )
        })
        .collect()
}

/// `check`'s warnings for ratings under a name that a participant on that side has in
/// another case or spacing (a name typed by hand): they count as a stranger's, and Setup
/// lists them to keep or remove. Other raters who are no participant (from a merge, an
/// older file) are data as they are.
fn stray_warnings(path: &str, session: &Session) -> String {
    let mut warnings = String::new();
    for stray in session.stray_raters() {
        let Some(like) = session.participants.iter().find(|p| {
            p.role.side() == Some(stray.side)
                && crate::domain::name::same_words(&p.name, &stray.name)
        }) else {
            continue;
        };
        let _ = writeln!(
            warnings,
            "{path}: warning: {} {} by {:?}, who is no {} participant (is it {:?}?): Setup lists them to keep or remove",
            stray.rated,
            if stray.rated == 1 {
                "rating"
            } else {
                "ratings"
            },
            clean(&one_line(&stray.name)),
            stray.side.name(),
            clean(&one_line(&like.name)),
        );
    }
    warnings
}
