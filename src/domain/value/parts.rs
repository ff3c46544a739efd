//! The summary's work on one rated dimension: its scores, gaps, discuss-next entries,
//! importance–performance candidates, completeness and hidden ratings, as one viewer sees
//! them (`part_of`). `SummaryMemo` keeps each dimension's part between changes, so a rating
//! works out again only the dimension it changed (issue 16: a rating at 100,000 items).

use super::completeness::{Completeness, of_rated_step};
use super::discuss::{Discussion, discussions};
use super::exact::Exact;
use super::listed::Listed;
use super::scores::{DimensionScore, dimension_score};
use super::sight::{Sight, Viewer, counted};
use super::verdicts::{Unplaced, unplaced};
use crate::domain::items::Items;
use crate::domain::rating::{Ratings, Side};
use crate::domain::session::{Dimension, Item, Mode, Participant, Session};

/// What the summary takes from one rated dimension's items.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct DimensionPart {
    pub score: DimensionScore,
    /// The gap of every item both sides rated, in list order.
    pub gaps: Vec<Exact>,
    /// The discuss-next entries, in list order (`largest_first` sorts the whole list).
    pub discussions: Vec<Discussion>,
    pub unplaced: Vec<Unplaced>,
    pub completeness: Completeness,
    /// Ratings the viewer may not see.
    pub hidden: usize,
}

/// The part of `dimension` as `sight` sees it.
pub(super) fn part_of(
    session: &Session,
    sight: &Sight<'_, '_>,
    dimension: Dimension,
) -> DimensionPart {
    let sides = session.mode.sides();
    let (mut hidden, mut unrated) = (0, 0);
    let seen: Vec<_> = session
        .rated_items_of(dimension)
        .map(|item| {
            let rating = sight.sees(item.rating);
            hidden += counted(session, item.rating).count() - rating.count();
            unrated += usize::from(sides.iter().any(|s| !item.rating.is_rated(*s)));
            (item, rating)
        })
        .collect();
    let ratings: Vec<&Ratings> = seen.iter().map(|(_, r)| r.as_ref()).collect();
    DimensionPart {
        score: DimensionScore {
            hidden,
            ..dimension_score(session, dimension, &ratings)
        },
        gaps: ratings.iter().filter_map(|r| Exact::gap(r)).collect(),
        discussions: seen.iter().flat_map(|(i, r)| discussions(i, r)).collect(),
        unplaced: seen.iter().filter_map(|(i, r)| unplaced(i, r)).collect(),
        completeness: of_rated_step(dimension.step(), seen.len(), unrated),
        hidden,
    }
}

/// Each rated dimension's part of the last summary, with what it rested on. Kept by a screen
/// that summarizes after every change (`summarize_remembering`).
#[derive(Clone, Debug, Default)]
pub struct SummaryMemo {
    /// One per dimension, in `Dimension::ALL` order, once a summary has been made.
    kept: Vec<Kept>,
    /// The risk picture and cost balance with the risks and costs they were made from.
    listed: Option<(Items<Item>, Items<Item>, Listed)>,
}

#[derive(Clone, Debug)]
struct Kept {
    /// The dimension's items as they were: a persistent vector, so this copy costs nothing
    /// and `ptr_eq` says in O(1) whether the session's list is still the same one.
    items: Items<Item>,
    rests_on: RestsOn,
    part: DimensionPart,
}

/// What a dimension's part depends on besides its own items.
#[derive(Clone, Debug, PartialEq)]
struct RestsOn {
    viewer: Seen,
    blind: bool,
    mode: Mode,
    /// Whether several people rate (the room's view of a blind session depends on it).
    several: bool,
    /// Groups and who speaks for a side.
    participants: Vec<Participant>,
}

/// `Viewer`, owned.
#[derive(Clone, Debug, PartialEq)]
enum Seen {
    Everything,
    Turn(Side),
    Person(Side, String),
    Alone(Side, String),
    Room,
}

impl From<Viewer<'_>> for Seen {
    fn from(viewer: Viewer<'_>) -> Seen {
        match viewer {
            Viewer::Everything => Seen::Everything,
            Viewer::Turn(side) => Seen::Turn(side),
            Viewer::Person(side, name) => Seen::Person(side, name.to_string()),
            Viewer::Alone(side, name) => Seen::Alone(side, name.to_string()),
            Viewer::Room => Seen::Room,
        }
    }
}

impl SummaryMemo {
    /// The risk picture and the cost balance of `session`: kept while its risks and costs are
    /// the same lists (a persistent vector's copy shares them, so that is one comparison each).
    pub(super) fn listed(&mut self, session: &Session) -> Listed {
        match &self.listed {
            Some((risks, costs, listed))
                if risks.ptr_eq(&session.risks) && costs.ptr_eq(&session.costs) =>
            {
                listed.clone()
            }
            _ => {
                let listed = Listed::of(session);
                self.listed = Some((session.risks.clone(), session.costs.clone(), listed.clone()));
                listed
            }
        }
    }

    /// Every dimension's part as `viewer` sees `session`, in `Dimension::ALL` order: kept
    /// where neither the dimension's items nor what they rest on changed, else worked out.
    pub(super) fn parts(&mut self, session: &Session, viewer: Viewer<'_>) -> [&DimensionPart; 6] {
        let sight = viewer.over(session);
        let rests_on = RestsOn {
            viewer: Seen::from(viewer),
            blind: session.blind,
            mode: session.mode,
            several: sight.several(),
            participants: session.participants.clone(),
        };
        let make = |dimension: Dimension| Kept {
            part: part_of(session, &sight, dimension),
            items: session.items(dimension.step()).cloned().unwrap_or_default(),
            rests_on: rests_on.clone(),
        };
        if self.kept.len() != Dimension::ALL.len() {
            self.kept = Dimension::ALL.into_iter().map(make).collect();
        } else {
            for (kept, dimension) in self.kept.iter_mut().zip(Dimension::ALL) {
                let same = session
                    .items(dimension.step())
                    .is_some_and(|items| kept.items.ptr_eq(items));
                if !same || kept.rests_on != rests_on {
                    *kept = make(dimension);
                }
            }
        }
        std::array::from_fn(|i| &self.kept[i].part)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{Group, Role, Step};
    use crate::domain::time::Timestamp;
    use crate::domain::{Rating, Ratings};

    fn session() -> Session {
        let mut s = Session::new("m", "Memo", Timestamp::from_unix(0));
        for (name, role) in [
            ("Priya", Role::Provider),
            ("Piet", Role::Provider),
            ("Chen", Role::Consumer),
            ("Carla", Role::Consumer),
        ] {
            s.participants.push(Participant {
                name: name.into(),
                role,
                group: None,
            });
        }
        for dimension in Dimension::ALL {
            for n in 0..40 {
                s.add_item(dimension, &format!("{dimension:?} {n}"));
            }
        }
        s
    }

    /// Whatever changes between two summaries (ratings, reveals, items, people, blind rating,
    /// risks, costs, the viewer), the remembered parts, risk picture and cost balance are the
    /// ones worked out from scratch (the summary is
    /// assembled from them the same way either way).
    #[test]
    fn remembered_parts_are_always_the_fresh_ones() {
        let mut s = session();
        let mut memo = SummaryMemo::default();
        let people = [
            (Side::Provider, "Priya"),
            (Side::Provider, "Piet"),
            (Side::Consumer, "Chen"),
            (Side::Consumer, "Carla"),
        ];
        let mut seed = 11u64;
        let mut next = |below: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % below) as usize
        };
        let mut kept = 0;
        for round in 0..600 {
            let dimension = Dimension::ALL[next(6)];
            let index = next(40);
            let (side, name) = people[next(4)];
            match next(20) {
                0 => {
                    s.reveal(Some(dimension.step()));
                }
                1 => s.blind = !s.blind,
                2 => s.participants[next(4)].group = Some(Group::Other("ops".into())),
                3 => {
                    s.add_item(dimension, "one more");
                }
                4 => {
                    if let Some(item) = s.items_mut(Step::Risks).and_then(|i| i.get_mut(index)) {
                        item.risk_mut().likelihood = Rating::new(5).unwrap();
                    }
                }
                6 => {
                    if let Some(item) = s.items_mut(Step::Costs).and_then(|i| i.get_mut(index)) {
                        item.cost_mut()
                            .set_amount(format!("{} EUR/month", next(900)));
                    }
                }
                5 => {
                    if let Some(r) = s.ratings_mut(dimension, index) {
                        *r = Ratings::default();
                    }
                }
                _ => s.rate_as(dimension, index, side, name, Rating::new(next(5) as u8 + 1)),
            }
            let viewer = match round % 3 {
                0 if round % 7 == 0 => Viewer::Alone(side, name),
                1 if round % 5 == 0 => Viewer::Person(side, name),
                _ => Viewer::Room,
            };
            let before = memo
                .kept
                .iter()
                .map(|k| k.items.clone())
                .collect::<Vec<_>>();
            let fresh = Dimension::ALL.map(|d| part_of(&s, &viewer.over(&s), d));
            let listed = memo.listed(&s);
            let fresh_listed = Listed::of(&s);
            assert_eq!(listed.risk, fresh_listed.risk, "round {round}");
            assert_eq!(
                listed.cost_balance, fresh_listed.cost_balance,
                "round {round}"
            );
            let remembered = memo.parts(&s, viewer);
            assert_eq!(remembered, fresh.each_ref(), "round {round}");
            kept += memo
                .kept
                .iter()
                .zip(&before)
                .filter(|(k, b)| k.items.ptr_eq(b))
                .count();
        }
        // Most dimensions were kept, not worked out again: the memo does its job.
        assert!(kept > 600 * 3, "kept {kept} parts of {}", 600 * 6);
    }
}
