//! The summary's work on one rated dimension: its scores, gaps, discuss-next entries,
//! importance–performance candidates, completeness and hidden ratings, as one viewer sees
//! them (`part_of`). `SummaryMemo` keeps each dimension's part between changes, so a rating
//! works out again only the dimension it changed (issue 16: a rating at 100,000 items).

use super::completeness::{Completeness, of_rated_step};
use super::discuss::{Discussion, discussions, largest_first};
use super::exact::{Exact, Total};
use super::listed::Listed;
use super::measures::{Measured, measures};
use super::scores::{DimensionScore, dimension_score};
use super::sight::{Sight, Viewer};
use super::verdicts::{Unplaced, unplaced};
use crate::domain::item::Part;
use crate::domain::items::Items;
use crate::domain::rating::{Ratings, Side};
use crate::domain::session::{Dimension, Item, Mode, Participant, Session};

/// What the summary takes from one rated dimension's items.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct DimensionPart {
    pub score: DimensionScore,
    /// The gaps of the items both sides rated, summed and counted.
    pub gaps: Total,
    /// The discuss-next entries, largest first (ties in list order), so the summary's whole
    /// list is these lists merged (`merged`).
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
            hidden += sight.hidden(item.rating, &rating);
            unrated += usize::from(sides.iter().any(|s| !item.rating.is_rated(*s)));
            (item, rating)
        })
        .collect();
    let ratings: Vec<&Ratings> = seen.iter().map(|(_, r)| r.as_ref()).collect();
    let mut discussions: Vec<Discussion> =
        seen.iter().flat_map(|(i, r)| discussions(i, r)).collect();
    largest_first(&mut discussions);
    DimensionPart {
        score: DimensionScore {
            hidden,
            ..dimension_score(session, dimension, &ratings)
        },
        gaps: Total::of(ratings.iter().filter_map(|r| Exact::gap(r))),
        discussions,
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
    /// The measured benefits and outcomes, with the lists and view they were made from.
    measured: Option<KeptMeasures>,
    /// How many dimension parts were worked out from the items (a count for tests: a rating
    /// the viewer cannot see yet should work out none).
    worked_out: usize,
}

#[derive(Clone, Debug)]
struct KeptMeasures {
    benefits: Items<Item>,
    outcomes: Items<Item>,
    rests_on: RestsOn,
    measures: Vec<Measured>,
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
    /// Items changed only where the viewer sees no difference (a rating given blind, before
    /// its reveal) count as unchanged, so such a rating costs no walk over the dimension.
    pub(super) fn parts(&mut self, session: &Session, viewer: Viewer<'_>) -> [&DimensionPart; 6] {
        let sight = viewer.over(session);
        let rests_on = RestsOn::of(session, viewer, &sight);
        let mut worked_out = 0;
        let mut make = |dimension: Dimension| {
            worked_out += 1;
            Kept {
                part: part_of(session, &sight, dimension),
                items: session.items(dimension.step()).cloned().unwrap_or_default(),
                rests_on: rests_on.clone(),
            }
        };
        if self.kept.len() != Dimension::ALL.len() {
            self.kept = Dimension::ALL.into_iter().map(&mut make).collect();
        } else {
            for (kept, dimension) in self.kept.iter_mut().zip(Dimension::ALL) {
                let items = session.items(dimension.step());
                if kept.rests_on != rests_on {
                    *kept = make(dimension);
                    continue;
                }
                match items.map(|items| (items, unseen_change(&sight, &kept.items, items))) {
                    Some((items, Some(unseen))) => {
                        kept.part.count(unseen);
                        kept.items = items.clone();
                    }
                    _ => *kept = make(dimension),
                }
            }
        }
        self.worked_out += worked_out;
        std::array::from_fn(|i| &self.kept[i].part)
    }

    /// The measured benefits and outcomes as `viewer` sees `session` (`measures`): kept while
    /// those lists and what they rest on show the viewer nothing new.
    pub(super) fn measures(&mut self, session: &Session, viewer: Viewer<'_>) -> Vec<Measured> {
        let sight = viewer.over(session);
        let rests_on = RestsOn::of(session, viewer, &sight);
        // Measures read no count of hidden or unrated ratings: what the viewer sees will do.
        let unchanged =
            |kept: &Items<Item>, now: &Items<Item>| unseen_change(&sight, kept, now).is_some();
        match &mut self.measured {
            Some(kept)
                if kept.rests_on == rests_on
                    && unchanged(&kept.benefits, &session.benefits)
                    && unchanged(&kept.outcomes, &session.outcomes) =>
            {
                kept.benefits = session.benefits.clone();
                kept.outcomes = session.outcomes.clone();
                kept.measures.clone()
            }
            _ => {
                let measures = measures(session, viewer);
                self.measured = Some(KeptMeasures {
                    benefits: session.benefits.clone(),
                    outcomes: session.outcomes.clone(),
                    rests_on,
                    measures: measures.clone(),
                });
                measures
            }
        }
    }

    /// How many dimension parts this memo has worked out from the items so far.
    pub fn worked_out(&self) -> usize {
        self.worked_out
    }
}

impl RestsOn {
    fn of(session: &Session, viewer: Viewer<'_>, sight: &Sight<'_, '_>) -> RestsOn {
        RestsOn {
            viewer: Seen::from(viewer),
            blind: session.blind,
            mode: session.mode,
            several: sight.several(),
            participants: session.participants.clone(),
        }
    }
}

/// How many changed items `unseen_change` looks at before it gives up (a reveal, a paste or
/// an undo of many changes a list more than a key does).
const LOOKED_AT: usize = 8;

/// How a list changed for a viewer who sees no difference in it: only the counts of ratings
/// hidden from them and of items a side has still to rate moved.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Unseen {
    hidden: isize,
    unrated: isize,
}

impl DimensionPart {
    /// This part after a change that showed its viewer nothing but `unseen`.
    fn count(&mut self, unseen: Unseen) {
        let moved = |n: usize, by: isize| n.saturating_add_signed(by);
        self.hidden = moved(self.hidden, unseen.hidden);
        self.score.hidden = self.hidden;
        let c = &self.completeness;
        self.completeness = of_rated_step(c.step, c.items, moved(c.unrated, unseen.unrated));
    }
}

/// How `now` differs from `before` for `sight`, when it shows the same items in the same
/// order, and those that changed differ only in ratings this viewer may not see yet (a
/// rating given blind, before its reveal); `None` otherwise. Leaves the two persistent
/// vectors share are skipped by address, so after one rating it looks at one leaf.
fn unseen_change(sight: &Sight<'_, '_>, before: &Items<Item>, now: &Items<Item>) -> Option<Unseen> {
    if before.ptr_eq(now) {
        return Some(Unseen::default());
    }
    if before.len() != now.len() {
        return None;
    }
    let (mut unseen, mut changed) = (Unseen::default(), 0);
    for (was, is) in before.leaves().zip(now.leaves()) {
        if std::ptr::eq(was, is) {
            continue;
        }
        if was.len() != is.len() {
            return None;
        }
        for (a, b) in was.iter().zip(is).filter(|(a, b)| a != b) {
            changed += 1;
            if changed > LOOKED_AT {
                return None;
            }
            let (seen_a, seen_b) = (item_seen(sight, a), item_seen(sight, b));
            if seen_a.0 != seen_b.0 || seen_a.1 != seen_b.1 {
                return None;
            }
            unseen.hidden += seen_b.2 as isize - seen_a.2 as isize;
            unseen.unrated += seen_b.3 as isize - seen_a.3 as isize;
        }
    }
    Some(unseen)
}

/// What `part_of` and `measures` read of one item: its words and step part, the ratings the
/// viewer sees, how many they may not see, and whether a side has still to rate it.
fn item_seen<'i>(
    sight: &Sight<'_, '_>,
    item: &'i Item,
) -> ((&'i str, &'i str, &'i Part), Ratings, usize, bool) {
    // Destructured, so a field added to `Item` must be thought about here.
    let Item {
        id,
        text,
        rating,
        part,
    } = item;
    let seen = sight.sees(rating);
    let hidden = sight.hidden(rating, &seen);
    let sides = sight.session().mode.sides();
    let unrated = sides.iter().any(|s| !rating.is_rated(*s));
    ((id, text, part), seen.into_owned(), hidden, unrated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::balance::{Direction, Figure, Figures};
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

    /// One change of the kinds a summary must follow, picked by `next`.
    fn change_at_random(
        s: &mut Session,
        (dimension, index): (Dimension, usize),
        (side, name): (Side, &str),
        next: &mut dyn FnMut(u64) -> usize,
    ) {
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
            7 => {
                if let Some(item) = s.benefits.get_mut(index) {
                    item.benefit_mut().figures = Some(Figures {
                        direction: Direction::Up,
                        baseline: Figure::new(1.0),
                        target: Figure::new(5.0),
                        actual: Figure::new(next(7) as f64),
                    });
                }
            }
            _ => s.rate_as(dimension, index, side, name, Rating::new(next(5) as u8 + 1)),
        }
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
            change_at_random(&mut s, (dimension, index), (side, name), &mut next);
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
            let remembered_measures = memo.measures(&s, viewer);
            assert_eq!(remembered_measures, measures(&s, viewer), "round {round}");
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

    /// A rating given blind, before its reveal, shows the room nothing: the summary keeps
    /// every part without a walk over the dimension's items. What the viewer can see (a
    /// reveal, a rating in a session that does not rate blind, a person's own rating) is
    /// worked out again.
    #[test]
    fn only_what_the_viewer_can_see_works_a_part_out_again() {
        let mut s = session();
        let benefits = Dimension::Benefits;
        s.rate_as(benefits, 3, Side::Consumer, "Chen", Rating::new(2));
        let mut memo = SummaryMemo::default();
        memo.parts(&s, Viewer::Room);
        let first = memo.worked_out();
        assert_eq!(first, 6, "every part, the first time");
        let rated = |s: &mut Session, memo: &mut SummaryMemo, viewer, rating| {
            s.rate_as(benefits, 3, Side::Provider, "Priya", Rating::new(rating));
            let before = memo.worked_out();
            let remembered = memo.parts(s, viewer)[0].clone();
            assert_eq!(remembered, part_of(s, &viewer.over(s), benefits));
            memo.worked_out() - before
        };
        assert_eq!(rated(&mut s, &mut memo, Viewer::Room, 4), 0, "blind");
        assert_eq!(rated(&mut s, &mut memo, Viewer::Room, 5), 0, "rated again");
        s.reveal(Some(Step::Benefits));
        memo.parts(&s, Viewer::Room);
        // A changed rating of a revealed item hides it again: the room sees that.
        assert_eq!(rated(&mut s, &mut memo, Viewer::Room, 1), 1, "revealed");
        let priya = Viewer::Person(Side::Provider, "Priya");
        assert_eq!(rated(&mut s, &mut memo, priya, 3), 6, "a new viewer");
        assert_eq!(rated(&mut s, &mut memo, priya, 2), 1, "her own rating");
        memo.parts(&s, Viewer::Room);
        s.blind = false;
        s.rate_as(benefits, 7, Side::Consumer, "Chen", Rating::new(2));
        memo.parts(&s, Viewer::Room);
        assert_eq!(rated(&mut s, &mut memo, Viewer::Room, 3), 1, "not blind");
    }

    /// `looks_unchanged` skips shared leaves by address: after one change to a copy of a long
    /// list, one leaf differs (else a rating would compare every item).
    #[test]
    fn a_change_to_a_copied_list_leaves_one_leaf_apart() {
        let mut s = session();
        for n in 0..1_000 {
            s.add_item(Dimension::Benefits, &format!("more {n}"));
        }
        let before = s.benefits.clone();
        s.rate_as(
            Dimension::Benefits,
            321,
            Side::Consumer,
            "Chen",
            Rating::new(3),
        );
        let apart = before
            .leaves()
            .zip(s.benefits.leaves())
            .filter(|(a, b)| !std::ptr::eq(*a, *b))
            .count();
        assert_eq!(apart, 1);
        let room = Viewer::Room.over(&s);
        let counted = Unseen {
            hidden: 1,
            unrated: 0,
        };
        assert_eq!(unseen_change(&room, &before, &s.benefits), Some(counted));
        let everything = Viewer::Everything.over(&s);
        assert_eq!(unseen_change(&everything, &before, &s.benefits), None);
    }
}
