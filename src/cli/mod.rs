//! The command line (PRODUCT.md "The command line", a contract): parses arguments with clap,
//! runs the subcommands that need no terminal UI, and hands the rest to the TUI.
//! Exit codes: 0 ok, 1 invalid data or a failed check, 2 wrong usage.
//!
//! Each command is a clap struct of its own arguments with a `run` function, in a file per
//! concern: `session` (new, open, review), `print` (list, summary, compare, show, templates),
//! `export`, `check`, `portfolio` (portfolio, trend), `merge`, `prework`, `serve`, `sync`.
//! They share `find` (which session a name means), `output` (writing, `--format`, whose eyes)
//! and `error` (every failure and its exit code). This file only parses and dispatches; no
//! command file imports it, so a new command is a struct, a `run` and a line in [`execute`].

mod check;
mod error;
mod export;
mod find;
mod merge;
mod output;
mod portfolio;
mod prework;
mod print;
mod serve;
mod session;
mod sync;

pub use check::CheckArgs;
pub use error::Failure;
pub use export::{ExportArgs, ExportFormat};
pub use merge::MergeArgs;
pub use output::TextOrJson;
pub use portfolio::{PortfolioArgs, PortfolioFormat, TrendArgs};
pub use prework::{PreworkArgs, PreworkStatus};
pub use print::{CompareArgs, ListArgs, ShowArgs, SummaryArgs};
pub use serve::{Allow, ServeArgs};
pub use session::{AgendaKind, NewArgs, Next, OpenArgs, ReviewArgs};

use crate::store::Store;
use crate::text::clean;
use crate::tui::Launch;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "covalue",
    version,
    about = "Value co-creation workshops in the terminal, built on ITIL 4's idea of value."
)]
pub struct Cli {
    /// The folder that holds the session files themselves (not a folder above it); the default
    /// is sessions/ in your data folder [env: COVALUE_DATA_DIR]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a session, blank or from a built-in template, and open it at the Setup step
    New(NewArgs),
    /// Open a session for editing
    Open(OpenArgs),
    /// Open a session read-only
    Review(ReviewArgs),
    /// List the saved sessions, unreadable ones included with their error
    List(ListArgs),
    /// Print the value summary of a session
    Summary(SummaryArgs),
    /// Export a session as a Markdown report (the default), CSV of rated items, JSON, a one-page
    /// HTML report, an iCalendar file of open agreements, or agreements as CSV for a tracker
    Export(ExportArgs),
    /// Validate session files
    Check(CheckArgs),
    /// Show what changed between two sessions
    Compare(CompareArgs),
    /// List the built-in templates
    Templates,
    /// Combine copies of one session: each person's ratings are their own. With --base, a
    /// three-way merge, usable as git's merge driver: covalue merge --base %O %A %B -o %A --name %P
    Merge(MergeArgs),
    /// Print a session as plain lines, one per item and one per rating; as git's textconv it
    /// makes `git diff` of a session show whose ratings changed
    Show(ShowArgs),
    /// Every service in one table: its latest review, the change, and what needs attention
    /// (below target, never rated, stale, partial), worst first
    Portfolio(PortfolioArgs),
    /// One service over its reviews: each dimension per side, oldest first, by quarter
    Trend(TrendArgs),
    /// Run a remote workshop over SSH: you facilitate here, each participant joins with
    /// `ssh -p PORT NAME@HOST`
    Serve(ServeArgs),
    /// Pre-work by file: one copy of the session per participant to rate with `open --as` or a
    /// text editor (`--out DIR`), or who has returned how much (`prework status SESSION DIR`);
    /// `covalue merge` gathers the copies
    #[command(args_conflicts_with_subcommands = true)]
    Prework(PreworkArgs),
    /// Share the sessions folder through its git repository: set up covalue's merge driver,
    /// textconv and ignore lines there if missing, commit the saved sessions, pull with the
    /// driver, push. Exit 1 on a conflict, which is recorded in the session, never as markers
    Sync,
}

/// Parses the process arguments, runs the command, and returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // The message quotes the arguments, which may hold escape sequences: plain text,
            // cleaned, instead of clap's own (coloured, raw) printing.
            eprint!("{}", clean(&e.render().to_string()));
            return 2;
        }
        Err(e) => {
            let _ = e.print();
            return 0;
        }
    };
    match execute(cli, &mut std::io::stdout().lock()) {
        Ok(None) => 0,
        Ok(Some((store, launch, opening))) => match crate::tui::run(store, launch, opening) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("covalue: {}", clean(&e.to_string()));
                1
            }
        },
        Err(failure) => {
            eprintln!("covalue: {}", clean(&failure.to_string()));
            failure.code()
        }
    }
}

/// Runs a parsed command, writing its output to `w`. Returns what the TUI should open, if the
/// command needs it.
pub fn execute(cli: Cli, w: &mut dyn Write) -> Result<Next, Failure> {
    let dir = Store::choose_dir(cli.data_dir).ok_or(Failure::NoDataFolder)?;
    let store = Store::new(dir);
    let Some(command) = cli.command else {
        return Ok(Some((store, Launch::Browser, None)));
    };
    let done = match command {
        Command::New(args) => return args.run(store, w),
        Command::Open(args) => return args.run(store),
        Command::Review(args) => return args.run(store),
        Command::Serve(args) => args.run(store, w),
        Command::List(args) => args.run(&store, w),
        Command::Summary(args) => args.run(&store, w),
        Command::Export(args) => args.run(&store, w),
        Command::Check(args) => args.run(w),
        Command::Compare(args) => args.run(&store, w),
        Command::Templates => print::templates(w),
        Command::Merge(args) => args.run(&store, w),
        Command::Show(args) => args.run(&store, w),
        Command::Portfolio(args) => args.run(&store, w),
        Command::Trend(args) => args.run(&store, w),
        Command::Prework(args) => args.run(&store, w),
        Command::Sync => sync::sync(&store, w),
    };
    done.map(|()| None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Command {
        let cli = Cli::try_parse_from(std::iter::once("covalue").chain(args.iter().copied()))
            .expect("the arguments parse");
        cli.command.expect("a command")
    }

    #[test]
    fn each_command_parses_into_its_own_arguments() {
        let Command::New(new) = parse(&["new", "--template", "service-desk", "--example"]) else {
            panic!("not new");
        };
        assert_eq!(new.template.as_deref(), Some("service-desk"));
        assert!(new.example && !new.no_open);
        let Command::Merge(merge) = parse(&["merge", "a", "b", "-o", "c", "--name", "n"]) else {
            panic!("not merge");
        };
        assert_eq!(merge.copies, ["a", "b"]);
        assert_eq!(merge.name.as_deref(), Some("n"));
        let Command::Prework(prework) = parse(&["prework", "status", "s", "dir"]) else {
            panic!("not prework");
        };
        assert!(matches!(prework.status, Some(PreworkStatus::Status { .. })));
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    /// A new user's report: `help show` and `help check` named their arguments with no word
    /// of what to give. Every positional argument of every command says it (an option's
    /// help lists its values at least).
    #[test]
    fn every_argument_of_every_command_is_explained() {
        use clap::CommandFactory;
        fn unexplained(command: &clap::Command, path: &str, out: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let hidden_or_builtin = !arg.is_positional()
                    || arg.is_hide_set()
                    || matches!(arg.get_id().as_str(), "help" | "version");
                if !hidden_or_builtin && arg.get_help().is_none() && arg.get_long_help().is_none() {
                    out.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in command.get_subcommands() {
                unexplained(sub, &format!("{path} {}", sub.get_name()), out);
            }
        }
        let mut missing = Vec::new();
        unexplained(&Cli::command(), "covalue", &mut missing);
        assert_eq!(missing, Vec::<String>::new());
    }

    #[test]
    fn templates_prints_a_line_per_template() {
        let mut printed = Vec::new();
        let cli = Cli::try_parse_from(["covalue", "--data-dir", ".", "templates"]).unwrap();
        assert!(execute(cli, &mut printed).unwrap().is_none());
        let printed = String::from_utf8(printed).unwrap();
        assert_eq!(printed.lines().count(), crate::store::TEMPLATES.len());
    }
}
