//! Reports: a session or its summary as text, Markdown, CSV, JSON, HTML or iCalendar, for the
//! command line and exports. Everything here returns strings; printing and files are the caller's business.
//!
//! The report layer stands on the domain alone: it never reads the store. A caller hands it a
//! `Session` and the `Summary` computed for the reader, or plain rows of its own types
//! (`list::ListRow`, `prework::ReturnedCopy`) filled from what the store found. What every
//! format says alike (the hidden-ratings note, the verdict, the weights, a measure's figures,
//! the groups' scores) is `words`, which imports no other report module; each format escapes
//! and lays those words out itself. No two files here import each other, however indirectly.

pub mod agreements;
pub mod compare;
pub mod export;
pub mod html;
pub mod ics;
pub mod json;
pub mod lines;
pub mod list;
pub mod markdown;
pub mod md;
pub mod portfolio;
pub mod prework;
pub mod summary;
pub mod words;
