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
