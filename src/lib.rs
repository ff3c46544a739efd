//! covalue: value co-creation workshops in the terminal.
//!
//! The layers, each using only the ones after it: `cli` → `tui` → `store` → `domain`, with
//! `report` rendering sessions and summaries for the command line, and `text` the words both
//! `report` and `tui` draw with.

#![forbid(unsafe_code)]

pub mod cli;
pub mod domain;
pub mod report;
pub mod serve;
pub mod store;
pub mod text;
pub mod tui;
