//! Reports: a session or its summary as text, Markdown, CSV, JSON, HTML or iCalendar, for the
//! command line and exports. Everything here returns strings; printing and files are the caller's business.

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
