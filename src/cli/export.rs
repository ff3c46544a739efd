//! `covalue export`: a session as Markdown, CSV, JSON, HTML, iCalendar or a tracker's CSV, to
//! standard output or a file. The formats themselves are the report module's.

use super::error::Failure;
use super::find::load;
use super::output::{out_to, refuse_foreign_name, viewer};
use crate::domain::compare::{Resolved, compare_as};
use crate::domain::follow_up::same_service;
use crate::domain::portfolio::Review;
use crate::domain::review_order::oldest_first;
use crate::domain::{Session, Viewer, summarize_as};
use crate::report;
use crate::report::ics::NextReview;
use crate::store::{self, SessionInfo, Store};
use crate::text::clean;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// `covalue export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// A .ron path, a file name in the sessions folder, a session id (or a unique prefix), or a unique part of a title
    pub session: String,
    /// What to write; without it, what the `-o` file's name ends in (.md, .csv, .json,
    /// .html, .ics), else md
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Count ratings not yet revealed too, for the facilitator's own use (the output says so)
    #[arg(long)]
    pub include_hidden: bool,
}

/// `export --format`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    Md,
    Csv,
    Json,
    /// One row per rating: step,item,text,rater,side,group,rating
    RatingsCsv,
    /// A self-contained one-page report to open in a browser or print to PDF
    Html,
    /// The open agreements as to-dos (and the next review as an event) for a calendar
    Ics,
    /// Every agreement as a row for a tracker's CSV import
    AgreementsCsv,
}

impl ExportArgs {
    /// Writes the report to `--output` or `w`.
    pub fn run(self, store: &Store, w: &mut dyn Write) -> Result<(), Failure> {
        refuse_foreign_name(self.output.as_deref(), self.format.is_some())?;
        let (_, session) = load(store, &self.session)?;
        let format = self
            .format
            .or_else(|| self.output.as_deref().and_then(ExportFormat::of_name))
            .unwrap_or(ExportFormat::Md);
        let text = report_text(store, &session, format, viewer(self.include_hidden));
        out_to(self.output.as_deref(), w, &text)
    }
}

impl ExportFormat {
    /// The format a file named `path` holds, by the end of its name: `report.html` an HTML
    /// report (a file named for one format never gets another's text unasked).
    fn of_name(path: &std::path::Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "md" | "markdown" => ExportFormat::Md,
            "csv" => ExportFormat::Csv,
            "json" => ExportFormat::Json,
            "html" | "htm" => ExportFormat::Html,
            "ics" => ExportFormat::Ics,
            _ => return None,
        })
    }
}

/// The session as `format`, as `viewer` may see it.
fn report_text(store: &Store, session: &Session, format: ExportFormat, viewer: Viewer) -> String {
    let summary = summarize_as(session, viewer);
    if matches!(format, ExportFormat::Csv | ExportFormat::RatingsCsv)
        && let Some(note) = report::export::hidden_note(&summary)
    {
        // A CSV file has no place for a sentence: it is said beside it.
        eprintln!("covalue: {}", clean(&note));
    }
    match format {
        ExportFormat::Md => {
            report::export::markdown(session, &summary, store::now().date())
                + &report::compare::resolved_markdown(&worked(store, session, viewer))
        }
        ExportFormat::Csv => report::export::csv(session, viewer),
        // The whole session: every rating, each saying whether it is revealed.
        ExportFormat::Json => report::export::json(session),
        ExportFormat::RatingsCsv => report::export::ratings_csv(session, viewer),
        ExportFormat::Html => report::html::session::report_with(
            session,
            &summary,
            store::now().date(),
            &worked(store, session, viewer),
        ),
        ExportFormat::Ics => report::ics::calendar(session, next_review(store, session).as_ref()),
        ExportFormat::AgreementsCsv => report::agreements::csv(session),
    }
}

/// For a follow-up's report: whether each action of the session it follows closed its gap, as
/// the viewer may see the numbers; nothing when it follows no session in the folder.
fn worked(store: &Store, session: &Session, viewer: Viewer<'_>) -> Vec<Resolved> {
    store
        .earlier_of(session)
        .map(|earlier| compare_as(&earlier, session, viewer).resolved)
        .unwrap_or_default()
}

/// The next review of `session`'s service: its latest review plus the service's cadence from
/// the folder's settings; `None` without a cadence. A settings file that cannot be read is
/// named on stderr and costs only the event: the to-dos are still worth having.
fn next_review(store: &Store, session: &Session) -> Option<NextReview> {
    let targets = match store::load_targets(&store::targets_path(store.dir())) {
        Ok(targets) => targets,
        Err(e) => {
            eprintln!(
                "covalue: {}; the calendar has no next review",
                clean(&e.to_string())
            );
            return None;
        }
    };
    let cadence = targets.of(&session.service).cadence_days?;
    let latest = latest_review(store, session);
    Some(NextReview {
        day: latest.date().plus_days(i64::from(cadence)),
        service: latest.service,
        after: latest.title,
        after_created: latest.created,
        changed: latest.updated,
    })
}

/// The latest review of `session`'s service in the portfolio's order (`review_order`), among
/// the sessions folder's and `session` itself (which may be outside the folder, or newer than
/// its listing), so every session of the service finds the same one.
fn latest_review(store: &Store, session: &Session) -> Review {
    // An unreadable listing only loses the other reviews; the session itself still counts.
    let listed = store.sessions().unwrap_or_default();
    let mut reviews: Vec<Review> = listed
        .iter()
        .filter_map(|l| l.info.as_ref().ok())
        // A worked example is no review: a demo made today does not push the next one back.
        .filter(|info| !info.example && same_service(&info.service, &session.service))
        .filter(|info| info.id != session.id)
        .map(store::review_of)
        .collect();
    let own = store::review_of(&SessionInfo::of(session));
    // An example counts only when its service has no review at all.
    if !session.example {
        reviews.push(own.clone());
    }
    oldest_first(reviews).pop().unwrap_or(own)
}
