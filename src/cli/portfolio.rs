//! The commands across services: `portfolio` (every service's latest review, worst first) and
//! `trend` (one service over its reviews).

use super::error::Failure;
use super::output::{TextOrJson, out, out_to, pretty, refuse_foreign_name};
use crate::domain::Date;
use crate::domain::portfolio::Portfolio;
use crate::report;
use crate::store::{self, Store};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// `covalue portfolio`.
#[derive(Args, Debug)]
pub struct PortfolioArgs {
    /// What to write; without it, what the `-o` file's name ends in (.txt, .json, .csv,
    /// .html), else text
    #[arg(long, value_enum)]
    pub format: Option<PortfolioFormat>,
    /// The day to judge overdue actions and stale reviews on (YYYY-MM-DD; default today)
    #[arg(long, value_name = "DATE", value_parser = date_parser)]
    pub today: Option<Date>,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// `portfolio --format`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PortfolioFormat {
    Text,
    Json,
    Csv,
    /// A self-contained one-page report to open in a browser or print to PDF
    Html,
}

impl PortfolioFormat {
    /// The format a file named `path` holds, by the end of its name (as `export -o`).
    fn of_name(path: &std::path::Path) -> Option<PortfolioFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" => PortfolioFormat::Text,
            "json" => PortfolioFormat::Json,
            "csv" => PortfolioFormat::Csv,
            "html" | "htm" => PortfolioFormat::Html,
            _ => return None,
        })
    }
}

/// `--today` that is not a date; the message is the date parser's.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadDate(String);

fn date_parser(text: &str) -> Result<Date, BadDate> {
    text.parse::<Date>().map_err(|e| BadDate(e.to_string()))
}

impl PortfolioArgs {
    /// Prints the portfolio of the sessions folder, or writes it to `--output`.
    pub fn run(self, store: &Store, w: &mut dyn Write) -> Result<(), Failure> {
        refuse_foreign_name(self.output.as_deref(), self.format.is_some())?;
        let portfolio = portfolio_of(store, self.today.unwrap_or_else(|| store::now().date()))?;
        let format = self
            .format
            .or_else(|| self.output.as_deref().and_then(PortfolioFormat::of_name))
            .unwrap_or(PortfolioFormat::Text);
        let text = match format {
            PortfolioFormat::Text => report::portfolio::text(&portfolio),
            PortfolioFormat::Json => pretty(&report::portfolio::json(&portfolio)),
            PortfolioFormat::Csv => report::portfolio::csv(&portfolio),
            PortfolioFormat::Html => report::html::portfolio::report(&portfolio),
        };
        out_to(self.output.as_deref(), w, &text)
    }
}

/// The portfolio of the sessions folder on `today`; unreadable sessions and worked examples
/// are left out and counted on stderr, beside any format (the JSON's keys are a contract).
fn portfolio_of(store: &Store, today: Date) -> Result<Portfolio, Failure> {
    let (portfolio, unreadable) = store.portfolio(today).map_err(Failure::data)?;
    if unreadable > 0 {
        eprintln!(
            "covalue: {unreadable} unreadable session file{} left out (`covalue list` names them)",
            if unreadable == 1 { "" } else { "s" }
        );
    }
    if let Some(note) = report::portfolio::examples_note(&portfolio) {
        eprintln!("covalue: {note}");
    }
    Ok(portfolio)
}

/// `covalue trend`.
#[derive(Args, Debug)]
pub struct TrendArgs {
    /// The service's name (any case)
    pub service: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

impl TrendArgs {
    /// Prints the service's dimensions per side over its reviews.
    pub fn run(self, store: &Store, w: &mut dyn Write) -> Result<(), Failure> {
        let (trend, _) = store.trend(&self.service).map_err(Failure::data)?;
        let text = match self.format {
            TextOrJson::Text => report::portfolio::trend_text(&trend),
            TextOrJson::Json => pretty(&report::portfolio::trend_json(&trend)),
        };
        out(w, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_today_says_what_a_date_looks_like() {
        let error = date_parser("soon").unwrap_err();
        assert!(error.to_string().contains("expected YYYY-MM-DD"), "{error}");
        assert!(date_parser("2026-12-15").is_ok());
    }
}
