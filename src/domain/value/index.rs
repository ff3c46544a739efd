//! The value index: the geometric mean of perceived value, outcomes, costs and risks, weighted
//! when the room agreed weights.

use super::scores::Score;
use crate::domain::balance::{self, Weights};
use crate::domain::session::Dimension;

/// The parts the value index is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Component {
    PerceivedValue,
    Outcomes,
    Costs,
    Risks,
}

impl Component {
    pub const ALL: [Component; 4] = [
        Component::PerceivedValue,
        Component::Outcomes,
        Component::Costs,
        Component::Risks,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Component::PerceivedValue => "perceived_value",
            Component::Outcomes => "outcomes",
            Component::Costs => "costs",
            Component::Risks => "risks",
        }
    }

    /// The dimensions whose scores make up this component.
    pub fn dimensions(self) -> &'static [Dimension] {
        match self {
            Component::PerceivedValue => &[
                Dimension::Benefits,
                Dimension::Usefulness,
                Dimension::Importance,
            ],
            Component::Outcomes => &[Dimension::Outcomes],
            Component::Costs => &[Dimension::Costs],
            Component::Risks => &[Dimension::Risks],
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Component::PerceivedValue => "perceived value",
            Component::Outcomes => "outcomes",
            Component::Costs => "costs",
            Component::Risks => "risks",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValueIndex {
    /// The geometric mean of the components that have data, weighted by the room's agreed
    /// weights when it has any; `None` if no component has data.
    pub value: Score,
    /// Each component with its score, `None` where it has no data and was left out.
    pub components: Vec<(Component, Score)>,
    /// The plain geometric mean, every component weighing the same: `value` without weights.
    pub equal: Score,
    /// The weights `value` uses; `None` when the session has none or they are all equal.
    pub weights: Option<Weights>,
}

impl ValueIndex {
    /// The index from its components: the plain geometric mean, and the weighted one when
    /// unequal weights are agreed. Equal weights are no weights, so the index stays the same.
    pub fn new(components: Vec<(Component, Score)>, weights: Option<Weights>) -> ValueIndex {
        let present: Vec<f64> = components.iter().filter_map(|(_, s)| *s).collect();
        let equal = geometric_mean(&present);
        let weights = weights.filter(|w| !w.are_equal());
        let value = match weights {
            Some(w) => balance::weighted_geometric_mean(
                &components
                    .iter()
                    .zip(w.points())
                    .filter_map(|((_, s), points)| s.map(|s| (s, points)))
                    .collect::<Vec<_>>(),
            ),
            None => equal,
        };
        ValueIndex {
            value,
            components,
            equal,
            weights,
        }
    }

    /// The weight of a component out of 100, when weights are agreed.
    pub fn weight(&self, component: Component) -> Option<u8> {
        let at = Component::ALL.iter().position(|c| *c == component)?;
        Some(self.weights?.points()[at])
    }

    /// The components the index rests on: those with data that, under agreed weights, weigh
    /// more than 0 (with 100/0/0/0 the index is perceived value alone, and says so).
    pub fn used(&self) -> impl Iterator<Item = Component> + '_ {
        self.components
            .iter()
            .filter(|(c, s)| s.is_some() && self.weight(*c) != Some(0))
            .map(|(c, _)| *c)
    }

    pub fn missing(&self) -> impl Iterator<Item = Component> + '_ {
        self.components
            .iter()
            .filter(|(_, s)| s.is_none())
            .map(|(c, _)| *c)
    }
}

/// The geometric mean of scores on 0–100; one zero makes it zero, which is the point.
fn geometric_mean(values: &[f64]) -> Score {
    if values.is_empty() {
        return None;
    }
    let product: f64 = values.iter().product();
    Some(product.powf(1.0 / values.len() as f64))
}
