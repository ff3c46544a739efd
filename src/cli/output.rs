//! What every printing command shares: writing to standard output or a report file (`-o`),
//! JSON as the commands print it, `--format text|json`, and whose eyes an output is for
//! (`--include-hidden`).

use super::error::Failure;
use crate::domain::Viewer;
use crate::report;
use crate::store;
use clap::ValueEnum;
use std::io::Write;
use std::path::Path;

/// `--format` of the commands that print text or JSON.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

/// Document formats covalue writes no text of: an `-o` name ending so gets no report unless
/// `--format` asks for one.
const FOREIGN_DOCUMENTS: [&str; 12] = [
    "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "png", "svg",
];

/// `-o NAME` without `--format` where NAME ends in a document format covalue does not write.
#[derive(Debug, thiserror::Error)]
#[error(
    "{path}: covalue writes no .{ext} file, only md, csv, json, html and ics (a PDF is the HTML report printed from a browser: --format html, or an -o name ending in .html); give --format to write one of them under this name"
)]
pub struct ForeignName {
    path: String,
    ext: String,
}

/// Refuses an `-o` name that says it holds a document covalue cannot write, when no
/// `--format` was given: a file named `report.pdf` holding Markdown opens in no PDF viewer.
pub(super) fn refuse_foreign_name(
    output: Option<&Path>,
    format_given: bool,
) -> Result<(), Failure> {
    let Some(path) = output.filter(|_| !format_given) else {
        return Ok(());
    };
    let Some(ext) = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| FOREIGN_DOCUMENTS.contains(&e.as_str()))
    else {
        return Ok(());
    };
    Err(Failure::data(ForeignName {
        path: crate::text::clean(&path.display().to_string()).into_owned(),
        ext,
    }))
}

/// Writes `text` to the command's output.
pub(super) fn out(w: &mut dyn Write, text: &str) -> Result<(), Failure> {
    w.write_all(text.as_bytes()).map_err(Failure::Output)
}

/// Writes a report to `output` when given (`-o`: never over a session file or one open for
/// editing, and replaced whole or not at all), else to the command's output.
pub(super) fn out_to(output: Option<&Path>, w: &mut dyn Write, text: &str) -> Result<(), Failure> {
    match output {
        Some(path) => {
            store::check_report_target(path).map_err(Failure::data)?;
            store::write_report(path, text.as_bytes()).map_err(Failure::data)
        }
        None => out(w, text),
    }
}

/// `pretty` JSON written to the command's output as it is made.
pub(super) fn out_json<T: serde::Serialize + ?Sized>(
    w: &mut dyn Write,
    value: &T,
) -> Result<(), Failure> {
    let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, w);
    report::json::write_pretty(&mut buffered, value)
        .and_then(|()| buffered.flush())
        .map_err(Failure::Output)
}

/// JSON as the commands print it: indented, a final newline, terminal controls escaped.
pub(super) fn pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    report::json::pretty(value)
}

/// Whose eyes an output is for: the room's (ratings not yet revealed left out), or with
/// `--include-hidden` the facilitator's, every rating.
pub(super) fn viewer(include_hidden: bool) -> Viewer<'static> {
    if include_hidden {
        Viewer::Everything
    } else {
        Viewer::Room
    }
}
