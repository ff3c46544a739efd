//! The weights a room agrees for the value index, and the weighted geometric mean they give.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "WeightsFile")]
pub struct Weights {
    pub perceived_value: u8,
    pub outcomes: u8,
    pub costs: u8,
    pub risks: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightsFile {
    perceived_value: u8,
    outcomes: u8,
    costs: u8,
    risks: u8,
}

impl TryFrom<WeightsFile> for Weights {
    type Error = WeightsError;
    fn try_from(w: WeightsFile) -> Result<Weights, WeightsError> {
        Weights::new([w.perceived_value, w.outcomes, w.costs, w.risks])
    }
}

/// Weights that are not a 100-point split.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the weights add up to {0}; they must add up to 100")]
pub struct WeightsError(pub u32);

impl Weights {
    /// Weights for perceived value, outcomes, costs and risks, in that order; they must add up
    /// to 100.
    pub fn new(points: [u8; 4]) -> Result<Weights, WeightsError> {
        let sum: u32 = points.iter().map(|p| u32::from(*p)).sum();
        if sum != 100 {
            return Err(WeightsError(sum));
        }
        let [perceived_value, outcomes, costs, risks] = points;
        Ok(Weights {
            perceived_value,
            outcomes,
            costs,
            risks,
        })
    }

    /// The points in the order of `value::Component::ALL`.
    pub fn points(&self) -> [u8; 4] {
        [self.perceived_value, self.outcomes, self.costs, self.risks]
    }

    /// Whether every share is the same: then they weigh nothing, and the index is the plain one.
    pub fn are_equal(&self) -> bool {
        self.points().iter().all(|p| *p == self.perceived_value)
    }
}

/// Weights in words for every output: `perceived value 40 · outcomes 30 · costs 20 · risks
/// 10`, or `equal` for none (equal weights are no weights).
pub fn weights_words(weights: Option<Weights>) -> String {
    match weights.filter(|w| !w.are_equal()) {
        None => "equal".to_string(),
        Some(w) => {
            let [p, o, c, r] = w.points();
            format!("perceived value {p} · outcomes {o} · costs {c} · risks {r}")
        }
    }
}

/// The weighted geometric mean of scores on 0–100: each score raised to its share of the
/// weights of the scores present. `None` with no score, or when every present score weighs 0.
pub fn weighted_geometric_mean(scores: &[(f64, u8)]) -> Option<f64> {
    let total: u32 = scores.iter().map(|(_, w)| u32::from(*w)).sum();
    if total == 0 {
        return None;
    }
    let product = scores
        .iter()
        .filter(|(_, w)| *w > 0)
        .map(|(s, w)| s.powf(f64::from(*w) / f64::from(total)))
        .product();
    Some(product)
}
