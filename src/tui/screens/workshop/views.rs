//! The dashboard's view state: which page of it shows on a small terminal, and the orders it
//! draws from, worked out once per change rather than per frame.

use crate::domain::Session;
use crate::domain::value::Summary;

/// Orders the dashboard draws from, recomputed with the summary after every change.
#[derive(Clone, Debug, Default)]
pub struct Views {
    /// Indices of the session's risks, highest exposure first (ties keep their order).
    pub risks_by_exposure: Vec<usize>,
    /// Indices into `Summary::quadrants`, one list per `Quadrant::ALL` entry.
    pub by_quadrant: [Vec<usize>; 4],
}

impl Views {
    pub(super) fn of(session: &Session, summary: &Summary) -> Views {
        let mut risks_by_exposure: Vec<usize> = (0..session.risks.len()).collect();
        risks_by_exposure.sort_by_key(|&i| std::cmp::Reverse(session.risks[i].risk().exposure()));
        let mut by_quadrant: [Vec<usize>; 4] = Default::default();
        for (i, point) in summary.quadrants.iter().enumerate() {
            let q = crate::domain::value::Quadrant::ALL
                .iter()
                .position(|q| *q == point.quadrant)
                .unwrap_or(0);
            by_quadrant[q].push(i);
        }
        Views {
            risks_by_exposure,
            by_quadrant,
        }
    }
}

/// The parts of the value dashboard, shown one at a time on small terminals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Scores, verdicts and the discuss-next list.
    Overview,
    /// The risk heat maps.
    Risks,
    /// The importance–performance quadrants.
    Quadrants,
    /// The closing answers and completeness.
    Closing,
}

impl Page {
    pub const ALL: [Page; 4] = [Page::Overview, Page::Risks, Page::Quadrants, Page::Closing];

    pub fn title(self) -> &'static str {
        match self {
            Page::Overview => "Overview",
            Page::Risks => "Risk heat map",
            Page::Quadrants => "Importance × performance",
            Page::Closing => "Closing answers",
        }
    }

    pub(super) fn next(self) -> Page {
        Page::ALL[(Page::ALL.iter().position(|p| *p == self).unwrap_or(0) + 1) % Page::ALL.len()]
    }
}
