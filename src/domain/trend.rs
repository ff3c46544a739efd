//! One service over its reviews: each dimension per side, the value index and alignment,
//! oldest first and labelled by quarter, and what each review shows of the actions the one
//! before it agreed (`compare::Resolved`). The numbers are the room's: no rating not yet
//! revealed counts.

use super::compare::{Resolved, compare_as};
use super::portfolio::period;
use super::rating::Side;
use super::review_order::oldest_first;
use super::session::{Dimension, Session};
use super::time::Date;
use super::value::{Score, Viewer, summarize_as};
use std::collections::HashMap;

/// One review in a trend.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub session: String,
    pub title: String,
    pub date: Date,
    /// The quarter, `2026-Q1`.
    pub period: String,
    /// What a column or an axis calls this review, at most seven characters: the quarter,
    /// or where another review shares it, the month (`2026-11`), then the day (`11-03`),
    /// then the day and the review's place that day (`11-03#2`).
    pub label: String,
    pub value_index: Score,
    pub alignment: Score,
    /// Per dimension (in `Dimension::ALL` order): the provider's and the consumer's score.
    pub dimensions: Vec<(Dimension, Score, Score)>,
    /// Too little rated or revealed to drive a trend (`Summary::is_partial`).
    pub partial: bool,
    /// The items the previous review's agreements resolve, with their gaps then and now.
    pub resolved: Vec<Resolved>,
}

/// A service's reviews, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    pub service: String,
    pub points: Vec<Point>,
    /// Per point, the index with equal weights where that review's index is weighted; `None`
    /// where it is not (its index is the equal-weight one).
    pub equal_indexes: Vec<Score>,
}

impl Trend {
    /// The equal-weight index of `point`: its own index unless that one is weighted.
    pub fn equal_index(&self, point: &Point) -> Score {
        let at = self.points.iter().position(|p| p.session == point.session);
        at.and_then(|i| self.equal_indexes.get(i).copied().flatten())
            .or(point.value_index)
    }

    /// Whether any review's index is weighted.
    pub fn any_weighted(&self) -> bool {
        self.equal_indexes.iter().any(Option::is_some)
    }

    /// The values a direction may be judged on: the full reviews' numbers that exist.
    pub fn steady(&self, value: impl Fn(&Point) -> Score) -> Vec<f64> {
        self.points
            .iter()
            .filter(|p| !p.partial)
            .filter_map(value)
            .collect()
    }

    /// The score of `dimension` for `side` at `point`.
    pub fn score(point: &Point, dimension: Dimension, side: Side) -> Score {
        point
            .dimensions
            .iter()
            .find(|(d, _, _)| *d == dimension)
            .and_then(|(_, p, c)| match side {
                Side::Provider => *p,
                Side::Consumer => *c,
            })
    }
}

/// The trend of `service` over `sessions` (any order; all of that service), as the room sees
/// them, in the portfolio's order (`review_order`).
pub fn trend(service: &str, sessions: &[Session]) -> Trend {
    let ordered: Vec<&Session> = oldest_first(sessions.iter().collect());
    let mut points: Vec<Point> = ordered
        .iter()
        .enumerate()
        .map(|(i, session)| {
            let summary = summarize_as(session, Viewer::Room);
            let resolved = match i.checked_sub(1) {
                Some(before) => compare_as(ordered[before], session, Viewer::Room).resolved,
                None => Vec::new(),
            };
            Point {
                session: session.id.clone(),
                title: session.title.clone(),
                date: session.created.date(),
                period: period(session.created.date()),
                label: String::new(),
                value_index: summary.value_index.value,
                alignment: summary.alignment,
                dimensions: summary
                    .dimensions
                    .iter()
                    .map(|d| (d.dimension, d.provider, d.consumer))
                    .collect(),
                partial: summary.is_partial(session.mode),
                resolved,
            }
        })
        .collect();
    label(&mut points);
    let equal_indexes = ordered
        .iter()
        .map(|session| {
            let index = summarize_as(session, Viewer::Room).value_index;
            index.weights.and(index.equal)
        })
        .collect();
    Trend {
        equal_indexes,
        // As the latest review spells it.
        service: ordered
            .last()
            .map_or(service, |s| s.service.as_str())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        points,
    }
}

/// Gives each point (oldest first) a label no other point of the trend has (`Point::label`).
fn label(points: &mut [Point]) {
    let month = |p: &Point| format!("{:04}-{:02}", p.date.year, p.date.month);
    let day = |p: &Point| format!("{:02}-{:02}", p.date.month, p.date.day);
    let count = |key: &dyn Fn(&Point) -> String| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for p in points.iter() {
            *counts.entry(key(p)).or_default() += 1;
        }
        counts
    };
    let quarters = count(&|p| p.period.clone());
    let months = count(&month);
    let days = count(&|p| p.date.to_string());
    let mut places: HashMap<Date, usize> = HashMap::new();
    let labels: Vec<String> = points
        .iter()
        .map(|p| {
            let place = places.entry(p.date).or_default();
            *place += 1;
            if quarters[&p.period] == 1 {
                p.period.clone()
            } else if months[&month(p)] == 1 {
                month(p)
            } else if days[&p.date.to_string()] == 1 {
                day(p)
            } else {
                format!("{}#{place}", day(p))
            }
        })
        .collect();
    for (point, label) in points.iter_mut().zip(labels) {
        point.label = label;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Outcome, Rating, Ratings, Timestamp};

    fn session(id: &str, day: &str, p: u8, c: u8) -> Session {
        let created: Timestamp = format!("{day}T10:00:00Z").parse().unwrap();
        let mut s = Session::new(id, id, created);
        s.service = "Desk ".into();
        s.blind = false;
        s.outcomes.push(Outcome {
            text: "Faster fixes".into(),
            rating: Ratings::new(Rating::new(p), Rating::new(c)),
            ..Default::default()
        });
        s
    }

    #[test]
    fn reviews_come_oldest_first_by_quarter_with_each_side() {
        let sessions = [
            session("c", "2026-08-02", 5, 4),
            session("a", "2026-02-01", 2, 1),
            session("b", "2026-05-01", 3, 3),
        ];
        let t = trend(" desk ", &sessions);
        assert_eq!(t.service, "Desk");
        let periods: Vec<&str> = t.points.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(periods, ["2026-Q1", "2026-Q2", "2026-Q3"]);
        let consumer: Vec<Score> = t
            .points
            .iter()
            .map(|p| Trend::score(p, Dimension::Outcomes, Side::Consumer))
            .collect();
        assert_eq!(consumer, [Some(0.0), Some(50.0), Some(75.0)]);
        assert_eq!(
            Trend::score(&t.points[0], Dimension::Costs, Side::Provider),
            None
        );
        let index = t.steady(|p| p.value_index);
        assert!(index.windows(2).all(|w| w[0] < w[1]), "{index:?}");
    }

    /// A trial's find: two reviews of one quarter were both called `2026-Q4`, so the trend's
    /// columns could not be told apart.
    #[test]
    fn every_review_gets_a_label_of_its_own_of_at_most_seven_characters() {
        let t = trend(
            "Desk",
            &[
                session("a", "2026-02-10", 3, 4),
                session("b", "2026-10-01", 3, 4),
                session("c", "2026-11-03", 3, 4),
                session("d", "2026-11-20", 3, 4),
                session("e", "2026-11-20", 3, 4),
                session("f", "2027-01-05", 3, 4),
            ],
        );
        let labels: Vec<&str> = t.points.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "2026-Q1", "2026-10", "11-03", "11-20#1", "11-20#2", "2027-Q1"
            ]
        );
        assert!(labels.iter().all(|l| l.chars().count() <= 7));
        let periods: Vec<&str> = t.points.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(
            periods[1..5],
            ["2026-Q4"; 4],
            "the quarter stays the period"
        );
    }
}
