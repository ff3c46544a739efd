//! The command-line tests in one binary (one link instead of six): every subcommand and its
//! output, the value model through the CLI, reports, and end-to-end runs in a pseudo-terminal.

#[path = "../pty/mod.rs"]
mod pty;
#[path = "../regressions/mod.rs"]
mod regressions;
#[path = "../support/mod.rs"]
mod support;

mod agreement_status;
mod balance;
mod cli;
mod e2e;
mod house;
mod prework;
mod report;
mod stakeholders;
mod value_model;
