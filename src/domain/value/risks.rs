//! The risk picture: exposure mitigated and introduced, and their heat maps.
use crate::domain::session::{Item, RiskEffect, Session};

/// Likelihood × impact counts: `cells[likelihood - 1][impact - 1]`.
pub type HeatMap = [[u32; 5]; 5];

#[derive(Clone, Debug, PartialEq, Default)]
pub struct RiskPicture {
    /// Sum of likelihood × impact over the risks the service mitigates.
    pub mitigated: u32,
    /// Sum of likelihood × impact over the risks the service introduces.
    pub introduced: u32,
    pub heat_mitigated: HeatMap,
    pub heat_introduced: HeatMap,
    /// Exposure before minus after, summed over the mitigated risks that say their after;
    /// `None` when none does.
    pub removed_by_mitigation: Option<i64>,
}

/// The risk picture of a session: every risk's exposure and cell, by whether the service
/// mitigates or introduces it.
pub(super) fn risk_picture(session: &Session) -> RiskPicture {
    let mut risk = RiskPicture::default();
    for r in session.risks.iter().map(Item::risk) {
        let cell = (
            usize::from(r.likelihood.get()) - 1,
            usize::from(r.impact.get()) - 1,
        );
        match r.effect {
            RiskEffect::Mitigated => {
                if let Some(removed) = r.removed() {
                    *risk.removed_by_mitigation.get_or_insert(0) += removed;
                }
                risk.mitigated += r.exposure();
                risk.heat_mitigated[cell.0][cell.1] += 1;
            }
            RiskEffect::Introduced => {
                risk.introduced += r.exposure();
                risk.heat_introduced[cell.0][cell.1] += 1;
            }
        }
    }
    risk
}
