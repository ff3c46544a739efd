//! The commands that print a session or the sessions folder and change nothing: `list`,
//! `summary`, `compare`, `show`, `templates`. The words and numbers are the report module's.

use super::error::Failure;
use super::find::{load, sessions_hint, shown_path};
use super::output::{TextOrJson, out, out_json, pretty, viewer};
use crate::domain::compare::compare_as;
use crate::domain::summarize_as;
use crate::report;
use crate::store::{self, Store};
use crate::text::{clean, one_line};
use clap::Args;
use std::io::Write;

/// `covalue list`.
#[derive(Args, Debug)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

impl ListArgs {
    /// Lists the saved sessions, unreadable ones with their error.
    pub fn run(self, store: &Store, w: &mut dyn Write) -> Result<(), Failure> {
        let listed = store.sessions().map_err(Failure::data)?;
        if let Some(hint) = sessions_hint(store.dir()) {
            eprintln!("covalue: {}", clean(&hint));
        }
        match self.format {
            TextOrJson::Text => out(w, &list_text(store, &listed)),
            TextOrJson::Json => out_json(w, &list_json(store, &listed)),
        }
    }
}

/// The listing as text: a header and a line per session, or how to start one.
fn list_text(store: &Store, listed: &[store::Listed]) -> String {
    // One write for the whole list: a line at a time is a system call per line (standard
    // output is line-buffered), a third of a warm listing.
    let mut text = String::new();
    if listed.is_empty() {
        text = clean(&format!(
            "No sessions in {} yet. Start one with `covalue new`.\n",
            store.dir().display()
        ))
        .into_owned();
    } else {
        text.push_str(report::summary::LIST_HEADER);
        text.push('\n');
    }
    for entry in listed {
        let file = shown_path(store, &entry.path);
        // The listing's numbers are the room's: none comes from a hidden rating.
        let line = match (&entry.info, entry.error_text()) {
            (Ok(info), _) => report::summary::list_line(
                &report::list::ListRow {
                    id: &info.id,
                    title: &info.title,
                    service: &info.service,
                    mode: info.mode,
                    value_index: info.value_index,
                    equal_index: info.equal_index,
                    alignment: info.alignment,
                    hidden: info.hidden,
                    partial: info.partial,
                },
                &file,
            ),
            (Err(_), error) => format!(
                "unreadable  {}",
                one_line(
                    &error
                        .unwrap_or_default()
                        .replace(&entry.path.display().to_string(), &file)
                )
            ),
        };
        text.push_str(&clean(&line));
        text.push('\n');
    }
    text
}

/// One row of `list --format json` (PRODUCT.md's keys, in the alphabetical order they always
/// had), written straight from the listing: a generic JSON tree of 10,000 rows cost more than
/// reading the folder (issue 16: `list --format json` of 10,000 sessions within 100 ms warm).
#[derive(serde::Serialize)]
#[serde(untagged)]
enum ListJson<'a> {
    Session {
        alignment: Option<f64>,
        created: String,
        file: String,
        hidden_ratings: usize,
        id: &'a str,
        items: usize,
        mode: &'static str,
        open_agreements: usize,
        partial: bool,
        path: &'a std::path::Path,
        service: &'a str,
        title: &'a str,
        updated: String,
        value_index: Option<f64>,
    },
    Unreadable {
        error: String,
        file: String,
        path: &'a std::path::Path,
    },
}

/// The listing as JSON rows, unreadable files with their error.
fn list_json<'a>(store: &Store, listed: &'a [store::Listed]) -> Vec<ListJson<'a>> {
    listed
        .iter()
        .map(|entry| {
            let file = shown_path(store, &entry.path);
            match &entry.info {
                Ok(i) => ListJson::Session {
                    alignment: i.alignment,
                    created: i.created.to_string(),
                    file,
                    hidden_ratings: i.hidden,
                    id: &i.id,
                    items: i.items,
                    mode: i.mode.name(),
                    open_agreements: i.open_agreements,
                    partial: i.partial,
                    path: &entry.path,
                    service: &i.service,
                    title: &i.title,
                    updated: i.updated.to_string(),
                    value_index: i.value_index,
                },
                Err(_) => ListJson::Unreadable {
                    error: entry.error_text().unwrap_or_default(),
                    file,
                    path: &entry.path,
                },
            }
        })
        .collect()
}

/// `covalue summary`.
#[derive(Args, Debug)]
pub struct SummaryArgs {
    /// A .ron path, a file name in the sessions folder, a session id (or a unique prefix), or a unique part of a title
    pub session: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
    /// Count ratings not yet revealed too, for the facilitator's own use (the output says so)
    #[arg(long)]
    pub include_hidden: bool,
}

impl SummaryArgs {
    /// Prints the session's value summary.
    pub fn run(self, store: &Store, w: &mut dyn Write) -> Result<(), Failure> {
        let (_, session) = load(store, &self.session)?;
        let summary = summarize_as(&session, viewer(self.include_hidden));
        let text = match self.format {
            TextOrJson::Text => report::summary::text(&session, &summary),
            TextOrJson::Json => pretty(&report::summary::json(&session, &summary)),
        };
        out(w, &text)
    }
}

/// `covalue compare`.
#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The earlier session (found like SESSION elsewhere: path, file name, id or title)
    pub old: String,
    /// The later session
    pub new: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
    /// Count ratings not yet revealed too, for the facilitator's own use (the output says so)
    #[arg(long)]
    pub include_hidden: bool,
}

impl CompareArgs {
    /// Prints what changed from the earlier session to the later, warning when their
    /// services differ.
    pub fn run(self, store: &Store, w: &mut dyn Write) -> Result<(), Failure> {
        let (_, a) = load(store, &self.old)?;
        let (_, b) = load(store, &self.new)?;
        // Two sessions that name no service are not of different ones.
        let unnamed = a.service.trim().is_empty() && b.service.trim().is_empty();
        if !(unnamed || crate::domain::follow_up::same_service(&a.service, &b.service)) {
            eprintln!(
                "covalue: warning: these sessions are of different services ({:?} and {:?}), so the changes may not mean much",
                one_line(&a.service),
                one_line(&b.service)
            );
        }
        // Given the wrong way round, every closed gap reads as opened and done actions as
        // overdue: said, since the numbers alone do not show it.
        if a.follows == b.id || (b.follows != a.id && a.created > b.created) {
            eprintln!(
                "covalue: warning: {:?} ({}) is later than {:?} ({}); compare takes the earlier session first: compare OLD NEW",
                one_line(&a.title),
                a.created.date(),
                one_line(&b.title),
                b.created.date()
            );
        }
        let comparison = compare_as(&a, &b, viewer(self.include_hidden));
        let today = store::now().date();
        let text = match self.format {
            TextOrJson::Text => report::compare::text(&a, &b, &comparison, today),
            TextOrJson::Json => pretty(&report::compare::json_between(&a, &b, &comparison, today)),
        };
        out(w, &text)
    }
}

/// `covalue show`.
#[derive(Args, Debug)]
pub struct ShowArgs {
    /// A .ron path, a file name in the sessions folder, a session id (or a unique prefix), or a unique part of a title
    pub session: String,
    /// Count ratings not yet revealed too, for the facilitator's own use (the output says so)
    #[arg(long)]
    pub include_hidden: bool,
}

impl ShowArgs {
    /// Prints the session as plain lines (git's textconv).
    pub fn run(self, store: &Store, w: &mut dyn Write) -> Result<(), Failure> {
        let (_, session) = load(store, &self.session)?;
        out(
            w,
            &report::lines::lines(&session, viewer(self.include_hidden)),
        )
    }
}

/// `covalue templates`: the built-in templates, a line each.
pub fn templates(w: &mut dyn Write) -> Result<(), Failure> {
    for t in store::TEMPLATES {
        out(w, &format!("{:<15} {}\n", t.name, t.about))?;
    }
    Ok(())
}
