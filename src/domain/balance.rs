//! The value balance beyond perception: cost amounts and their totals per unit and period,
//! measures and how far they are realised, and the weights a room agrees for the value index.
//! Pure rules; the items that carry these fields live in `session`, the summary in `value`.
//! One module per concern: `amount` (reading and writing amounts), `costs` (the balance of a
//! session's costs), `measures` (figures and realisation), `weights` (the index's weights).
//! Code that the balance's own items use (`captured`, `session`) imports from the submodule,
//! so that the dependency runs one way: `costs` reads `captured::Cost`, never the reverse.

pub mod amount;
pub mod costs;
pub mod measures;
pub mod weights;

pub use amount::{
    Amount, AmountError, CostDirection, NumberError, Period, number_text, parse_amount, read_figure,
};
pub use costs::{CostBalance, CostTotals, Total, cost_balance};
pub use measures::{Direction, Figure, Figures, MeasureError};
pub use weights::{Weights, WeightsError, weighted_geometric_mean, weights_words};

#[cfg(test)]
mod figure_tests;
#[cfg(test)]
mod tests;
