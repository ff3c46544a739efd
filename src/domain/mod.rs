//! The domain: sessions, ratings and the value model. Pure data and rules; no files, no
//! terminal, no clock (callers pass the time in).
//!
//! Where things are, from the bottom up (each file imports only files above it in its own
//! group or in an earlier one, so there is no import cycle):
//! - Values: `time` (dates, timestamps), `name` (interned rater names), `rating` (`Rating`
//!   1–5, `Ratings` per side, with its tests in `rating/tests.rs`), `step` (the guided steps),
//!   `items` (the list a step's items live in), `item` (the one shape of every step's items,
//!   with each step's file layout in `item/layout.rs`).
//! - The balance beyond perception, one module per concern under `balance/`: `amount`
//!   (reading cost amounts), `costs` (their totals per unit and period), `measures` (figures
//!   and realisation), `weights` (the value index's agreed weights).
//! - What a session holds: `captured` (context and the rated items of the six dimensions),
//!   `agreements` (agreed actions), `records` (notes, resolutions, closing answers, merge
//!   conflicts), `people` (mode, roles, groups), and `session` (the `Session` itself, with its
//!   tests in `session_tests.rs`). More of `Session`'s methods live by concern in `raters`
//!   (who rates, rating as one person), `notes` (notes and resolutions by item) and `ids`
//!   (item ids).
//! - Rules over a session: `value` (the value model and the one visibility rule, split by
//!   concern under `value/`), `alone` (what a person rating alone may change), `merge` (the
//!   merge of copies and settling conflicts, under `merge/`), `compare` (two sessions),
//!   `follow_up` (the next session), `review_order` (the one order of a service's reviews),
//!   `trend` and `portfolio` (many sessions).

pub mod agreements;
pub mod alone;
pub mod balance;
pub mod captured;
pub mod compare;
pub mod follow_up;
mod ids;
pub mod item;
pub mod items;
pub mod merge;
pub mod name;
mod notes;
pub mod people;
pub mod portfolio;
mod raters;
pub mod rating;
pub mod records;
pub mod review_order;
pub mod session;
pub mod step;
pub mod time;
pub mod trend;
pub mod value;

pub use items::{Items, List};
pub use name::Name;
pub use raters::NotARater;
pub use rating::{Points, Rating, Ratings, Side, SideRatings};
pub use session::*;
pub use time::{Date, Timestamp};
pub use value::{
    Summary, Viewer, summarize, summarize_as, summarize_for_room, summarize_own, summarize_seen_by,
    summarize_visible,
};
