//! What the summary takes from the risks and the costs as listed, which no rating changes.

use super::risks::{RiskPicture, risk_picture};
use crate::domain::balance::{self, CostBalance};
use crate::domain::session::{Item, Session};

/// The risk picture and the cost balance (`SummaryMemo::listed` keeps them while the risks
/// and the costs stay the same lists).
#[derive(Clone, Debug)]
pub(super) struct Listed {
    pub risk: RiskPicture,
    pub cost_balance: CostBalance,
}

impl Listed {
    pub fn of(session: &Session) -> Listed {
        Listed {
            risk: risk_picture(session),
            cost_balance: balance::cost_balance(session.costs.iter().map(Item::cost)),
        }
    }
}
