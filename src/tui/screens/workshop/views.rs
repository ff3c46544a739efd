//! The dashboard's view state: which page of it shows on a small terminal, and the orders it
//! draws from, worked out once per change rather than per frame.

use crate::domain::Session;
use crate::domain::items::Items;
use crate::domain::session::Item;
use crate::domain::value::Summary;

/// Orders the dashboard draws from, recomputed with the summary after every change.
#[derive(Clone, Debug, Default)]
pub struct Views {
    /// Indices of the session's risks, highest exposure first (ties keep their order).
    pub risks_by_exposure: Vec<usize>,
    /// Indices into `Summary::quadrants`, one list per `Quadrant::ALL` entry.
    pub by_quadrant: [Vec<usize>; 4],
    /// The risks `risks_by_exposure` was sorted from: a persistent vector, so whether the
    /// session's risks are still the same list is one comparison, and a rating of anything
    /// else does not sort them again.
    sorted_from: Items<Item>,
}

impl Views {
    pub(super) fn of(session: &Session, summary: &Summary) -> Views {
        let mut views = Views::default();
        views.update(session, summary);
        views
    }

    /// The orders again after a change, sorting the risks only when they changed.
    pub(super) fn update(&mut self, session: &Session, summary: &Summary) {
        if self.risks_by_exposure.len() != session.risks.len()
            || !self.sorted_from.ptr_eq(&session.risks)
        {
            let exposures: Vec<_> = session.risks.iter().map(|r| r.risk().exposure()).collect();
            let mut order: Vec<usize> = (0..exposures.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(exposures[i]));
            self.risks_by_exposure = order;
            self.sorted_from = session.risks.clone();
        }
        let mut by_quadrant: [Vec<usize>; 4] = Default::default();
        for (i, point) in summary.quadrants.iter().enumerate() {
            let q = crate::domain::value::Quadrant::ALL
                .iter()
                .position(|q| *q == point.quadrant)
                .unwrap_or(0);
            by_quadrant[q].push(i);
        }
        self.by_quadrant = by_quadrant;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{Dimension, Step};
    use crate::domain::time::Timestamp;
    use crate::domain::value::summarize_for_room;
    use crate::domain::{Rating, Session};

    fn set_likelihood(s: &mut Session, index: usize, likelihood: u8) {
        let risks = s.items_mut(Step::Risks).unwrap();
        risks[index].risk_mut().likelihood = Rating::new(likelihood).unwrap();
    }

    /// The risk order follows a change of the risks, and survives a change of anything else.
    #[test]
    fn risks_are_sorted_again_only_when_they_change() {
        let mut s = Session::new("v", "Views", Timestamp::from_unix(0));
        for n in 0..3 {
            s.add_item(Dimension::Risks, &format!("risk {n}"));
        }
        s.add_item(Dimension::Benefits, "a benefit");
        for (index, likelihood) in [(0, 1), (1, 3), (2, 5)] {
            set_likelihood(&mut s, index, likelihood);
        }
        let mut views = Views::of(&s, &summarize_for_room(&s));
        assert_eq!(views.risks_by_exposure, [2, 1, 0]);
        set_likelihood(&mut s, 0, 5);
        set_likelihood(&mut s, 2, 1);
        views.update(&s, &summarize_for_room(&s));
        assert_eq!(views.risks_by_exposure, [0, 1, 2]);
        let kept = views.sorted_from.clone();
        s.add_item(Dimension::Benefits, "another benefit");
        views.update(&s, &summarize_for_room(&s));
        assert_eq!(views.risks_by_exposure, [0, 1, 2]);
        assert!(
            views.sorted_from.ptr_eq(&kept),
            "sorted again with no risk changed"
        );
        s.add_item(Dimension::Risks, "risk 3");
        set_likelihood(&mut s, 3, 4);
        views.update(&s, &summarize_for_room(&s));
        assert_eq!(views.risks_by_exposure, [0, 3, 1, 2]);
    }
}
