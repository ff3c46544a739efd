//! The balance of costs: a session's costs, removed and imposed, with their amounts summed
//! per unit and period (never mixed).

use super::amount::{Amount, CostDirection};
use crate::domain::item::CostPart;
use serde::Serialize;

/// The sum of some amounts of one unit and one period.
pub type Total = Amount;

/// The costs of one direction: how many, and their amounts summed per unit and period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CostTotals {
    pub count: usize,
    /// One total per unit and period, in the order the costs first name them; never mixed.
    pub totals: Vec<Total>,
    /// Costs with an amount that is not a figure, so it is not in any total.
    #[serde(skip)]
    pub unsummed: usize,
}

impl CostTotals {
    /// Adds one cost's amount (`None` for one without a figure).
    pub fn add(&mut self, amount: Option<&Amount>, has_text: bool) {
        self.count += 1;
        let Some(amount) = amount else {
            self.unsummed += usize::from(has_text);
            return;
        };
        match self
            .totals
            .iter_mut()
            .find(|t| t.unit == amount.unit && t.per == amount.per)
        {
            Some(total) => total.value += amount.value,
            None => self.totals.push(amount.clone()),
        }
    }

    /// The totals alone: `6,000 EUR/month, 40 h/month`; the count when nothing is a figure.
    pub fn figures_text(&self) -> String {
        let mut parts: Vec<String> = self.totals.iter().map(Amount::to_string).collect();
        if self.unsummed > 0 {
            parts.push(format!("{} not a figure", self.unsummed));
        }
        match (parts.is_empty(), self.count) {
            (false, _) => parts.join(", "),
            (true, 0) => "none".to_string(),
            (true, n) => format!("{n} without an amount"),
        }
    }

    /// `1 removed (6,000 EUR/month)`.
    pub fn text(&self, word: &str) -> String {
        let mut parts: Vec<String> = self.totals.iter().map(Amount::to_string).collect();
        if self.unsummed > 0 {
            parts.push(format!("{} not a figure", self.unsummed));
        }
        if parts.is_empty() {
            format!("{} {word}", self.count)
        } else {
            format!("{} {word} ({})", self.count, parts.join(", "))
        }
    }
}

/// Costs removed and imposed, side by side (`cost_balance` in JSON).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CostBalance {
    pub removed: CostTotals,
    pub imposed: CostTotals,
}

impl CostBalance {
    /// `Costs: 1 removed (6,000 EUR/month) · 3 imposed (4,400 EUR/month, 40 h/month)`.
    pub fn text(&self) -> String {
        format!(
            "Costs: {} · {}",
            self.removed.text("removed"),
            self.imposed.text("imposed")
        )
    }

    /// Whether the balance says more than the old cost list did: something removed, or a
    /// figure to sum.
    pub fn is_informative(&self) -> bool {
        self.removed.count > 0 || !self.imposed.totals.is_empty()
    }
}

/// The costs of a session, removed and imposed, with their figures summed.
pub fn cost_balance<'a>(costs: impl IntoIterator<Item = &'a CostPart>) -> CostBalance {
    let mut balance = CostBalance::default();
    for cost in costs {
        let side = match cost.direction {
            CostDirection::Removed => &mut balance.removed,
            CostDirection::Imposed => &mut balance.imposed,
        };
        side.add(cost.figure(), !cost.amount().trim().is_empty());
    }
    balance
}
