//! covalue: value co-creation workshops in the terminal.
//!
//! The layers, each using only the ones after it: `cli` → `store` → `domain`, with `report`
//! rendering sessions and summaries for the command line.

pub mod cli;
pub mod domain;
pub mod report;
pub mod serve;
pub mod store;
pub mod text;
pub mod tui;
