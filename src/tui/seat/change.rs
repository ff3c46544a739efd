//! What a person at their own screen over SSH asks of the session: data the serve layer
//! applies to the one session everyone shares (`serve::workshop`), never applied here.

use crate::domain::{Dimension, Rating, Role, Step};

/// Something a person over SSH did to the session, for the writer to apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// `name` rated (or cleared) an item; `text` is checked so a list that moved meanwhile
    /// never gets the rating on the wrong item.
    Rate {
        name: String,
        dimension: Dimension,
        index: usize,
        text: String,
        rating: Option<Rating>,
    },
    /// Someone admitted from the waiting list as a participant the session did not have.
    Join { name: String, role: Role },
    /// The facilitator (over SSH) moved to a step.
    Step(Step),
    /// The facilitator (over SSH) revealed the current step's ratings.
    Reveal,
    /// The facilitator (over SSH) started or paused the step timer.
    Timer,
    /// `name` added an item to a rated step (where the facilitator allows it).
    Add {
        name: String,
        dimension: Dimension,
        text: String,
    },
    /// `name` added a line to an item's discussion note (where the facilitator allows it).
    Note {
        name: String,
        dimension: Dimension,
        index: usize,
        text: String,
        line: String,
    },
}

/// Why the server refused a change, in the words the person reads.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("The workshop is ending; nothing more can change.")]
    Ending,
    #[error("The pre-work window has closed; no more ratings are taken.")]
    WindowClosed,
    /// As `WindowClosed`, with when it closed as the person's screen shows the time.
    #[error("The pre-work window closed at {0}; no more ratings are taken.")]
    WindowClosedAt(String),
    #[error("The pre-work window is still open; the ratings are revealed after it closes.")]
    WindowOpen,
    #[error("The facilitator has locked this step.")]
    Locked,
    #[error("The facilitator has not opened the notes to participants.")]
    NotesClosed,
    #[error("The facilitator has not opened adding items to participants.")]
    ItemsClosed,
    #[error("Only the session's providers and consumers rate.")]
    RatesNothing,
    #[error("That item is already on this step.")]
    AlreadyThere,
    #[error("That item has changed meanwhile; look again.")]
    Moved,
}
