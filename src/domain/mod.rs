//! The domain: sessions, ratings and the value model. Pure data and rules; no files, no
//! terminal, no clock (callers pass the time in).

pub mod agreements;
pub mod alone;
pub mod balance;
pub mod captured;
pub mod compare;
pub mod follow_up;
mod ids;
pub mod items;
pub mod merge;
pub mod name;
mod notes;
pub mod people;
pub mod portfolio;
mod raters;
pub mod rating;
pub mod records;
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
