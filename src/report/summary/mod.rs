//! The value summary as plain text for an 80-column terminal (`text`) and as JSON for scripts
//! (`json`, whose keys are a contract: PRODUCT.md "The command line"). Both read one
//! `Summary`, computed for the reader by the caller.

mod json;
mod text;

pub use super::list::{LIST_HEADER, list_line};
pub use super::words::HIDDEN_GROUP;
pub use json::{SummaryJson, json, score_json};
pub use text::text;
