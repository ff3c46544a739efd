//! covalue: value co-creation workshops in the terminal.
//!
//! The layers, each using only the ones below it (docs/ARCHITECTURE.md draws them, with the
//! path of a key press locally and over SSH):
//!
//! - `cli`: the command line, one clap struct and one `run` per command;
//! - `serve`: `covalue serve`, the SSH server; every screen it serves is a `tui::app::App`;
//! - `tui`: the app (screens, keymap, widgets) and its effects, which it performs as data;
//! - `report`: a session or summary as text, Markdown, CSV, JSON, HTML or iCalendar;
//! - `store`: the only code that touches files;
//! - `text`: fitting and cleaning the words every layer draws or prints;
//! - `domain`: sessions, ratings, the value model and who may see what; pure.
//!
//! No two files import each other, no function runs over 80 lines and no file over 600, and
//! errors are typed: `tests/cli/house.rs` checks these on every `cargo test`.

#![forbid(unsafe_code)]

pub mod cli;
pub mod domain;
pub mod report;
pub mod serve;
pub mod store;
pub mod text;
pub mod tui;
