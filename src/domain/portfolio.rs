//! The portfolio: every service's reviews side by side, with its targets and review cadence,
//! flagged and sorted worst first. Pure rules over one line per review (`Review`); reading the
//! files and the settings is the store's job, drawing them the report's and the screens'.

use super::follow_up::{same_service, service_key};
use super::review_order::{Placed, oldest_first};
use super::time::{Date, Timestamp};
use super::value::{Score, Vocr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a service should reach, and how often it should be reviewed. Every field is optional:
/// a service without a target is never below it, one without a cadence is never stale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The lowest acceptable value index, 0–100.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "percent"
    )]
    pub value_index: Option<f64>,
    /// The lowest acceptable alignment, 0–100.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "percent"
    )]
    pub alignment: Option<f64>,
    /// Days between reviews; a latest review older than this is stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence_days: Option<u32>,
}

/// A target score: a number from 0 to 100, as the scores it is compared with.
fn percent<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    let value = Option::<f64>::deserialize(deserializer)?;
    match value {
        Some(v) if !(0.0..=100.0).contains(&v) => Err(serde::de::Error::custom(format!(
            "a target score is from 0 to 100, not {v}"
        ))),
        _ => Ok(value),
    }
}

impl Target {
    /// This target with the gaps filled from `fallback`.
    fn or(self, fallback: Target) -> Target {
        Target {
            value_index: self.value_index.or(fallback.value_index),
            alignment: self.alignment.or(fallback.alignment),
            cadence_days: self.cadence_days.or(fallback.cadence_days),
        }
    }
}

/// The targets of a sessions folder: one for every service, and one per service by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// What applies to a service that names nothing itself.
    #[serde(default)]
    pub default: Target,
    /// Per service, by name (any case).
    #[serde(default)]
    pub services: BTreeMap<String, Target>,
}

impl Targets {
    /// Sets the service's own target, under the name it already has here (any case), or
    /// under `service`; an empty target removes the entry.
    pub fn set(&mut self, service: &str, target: Target) {
        let name = self
            .services
            .keys()
            .find(|n| same_service(n, service))
            .cloned()
            .unwrap_or_else(|| service.trim().to_string());
        if target == Target::default() {
            self.services.remove(&name);
        } else {
            self.services.insert(name, target);
        }
    }

    /// The target of `service`: its own fields, the default's for the rest.
    pub fn of(&self, service: &str) -> Target {
        self.services
            .iter()
            .find(|(name, _)| same_service(name, service))
            .map_or(self.default, |(_, t)| t.or(self.default))
    }
}

/// One review of a service, as a listing knows it: the numbers are the room's (no rating not
/// yet revealed), `partial` is `Summary::is_partial`.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub session: String,
    pub title: String,
    pub service: String,
    /// When the session was created and last changed, and the one it follows up: what places
    /// it among the service's reviews (`review_order`).
    pub created: Timestamp,
    pub updated: Timestamp,
    pub follows: String,
    /// A template's worked example, rated by invented people: no review, so left out.
    pub example: bool,
    pub value_index: Score,
    /// The equal-weight index when `value_index` is weighted (`None` when it is not).
    pub equal_index: Score,
    /// The review's agreed weights; `None` when equal.
    pub weights: Option<super::balance::Weights>,
    pub alignment: Score,
    pub vocr: Vocr,
    pub partial: bool,
    /// Ratings not yet revealed, left out of the numbers.
    pub hidden: usize,
    /// Rated items in the session.
    pub items: usize,
    pub open_agreements: usize,
    /// The open agreements' due dates (overdue depends on the day).
    pub open_due: Vec<Date>,
}

impl Review {
    /// The day of the review: the day its session was created.
    pub fn date(&self) -> Date {
        self.created.date()
    }
}

impl Placed for Review {
    fn id(&self) -> &str {
        &self.session
    }
    fn created(&self) -> Timestamp {
        self.created
    }
    fn updated(&self) -> Timestamp {
        self.updated
    }
    fn follows(&self) -> &str {
        &self.follows
    }
}

/// What needs a service manager's eye, in the order a row is sorted by (worst first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flag {
    /// The latest value index or alignment is under the service's target.
    BelowTarget,
    /// No review of the service has a number yet.
    Never,
    /// The latest review is older than the service's cadence.
    Stale,
    /// The latest review is not fully rated or revealed.
    Partial,
}

impl Flag {
    pub const ALL: [Flag; 4] = [Flag::BelowTarget, Flag::Never, Flag::Stale, Flag::Partial];

    /// The JSON spelling.
    pub fn key(self) -> &'static str {
        match self {
            Flag::BelowTarget => "below_target",
            Flag::Never => "never",
            Flag::Stale => "stale",
            Flag::Partial => "partial",
        }
    }

    /// One word, for a table's flags column.
    pub fn short(self) -> &'static str {
        match self {
            Flag::BelowTarget => "below",
            Flag::Never => "never",
            Flag::Stale => "stale",
            Flag::Partial => "partial",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Flag::BelowTarget => "below target",
            Flag::Never => "never rated",
            Flag::Stale => "stale",
            Flag::Partial => "partial",
        }
    }
}

/// One service in the portfolio.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The name as its latest review spells it (or the settings file, without reviews).
    pub service: String,
    /// Its reviews, oldest first (`review_order`).
    pub reviews: Vec<Review>,
    pub target: Target,
    /// The value index of the full review before the latest, the change's starting point.
    pub previous: Score,
    /// The latest value index minus `previous`; `None` when the latest is partial or there is
    /// nothing to compare with.
    pub delta: Score,
    pub open_agreements: usize,
    pub overdue_agreements: usize,
    pub flags: Vec<Flag>,
    /// Days since the latest review, on the portfolio's day.
    pub age_days: Option<i64>,
}

impl Row {
    pub fn latest(&self) -> Option<&Review> {
        self.reviews.last()
    }

    /// Why the row shows no value index, in a few words; `None` when it shows one.
    pub fn missing_reason(&self) -> Option<String> {
        let Some(latest) = self.latest() else {
            return Some("no review yet".into());
        };
        if latest.value_index.is_some() {
            return None;
        }
        Some(if latest.hidden > 0 {
            format!(
                "{} rating{} not revealed yet",
                latest.hidden,
                if latest.hidden == 1 { "" } else { "s" }
            )
        } else if latest.items == 0 {
            "no rated items".into()
        } else {
            "nothing rated yet".into()
        })
    }

    pub fn has(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }
}

/// The portfolio on one day.
#[derive(Clone, Debug, PartialEq)]
pub struct Portfolio {
    pub today: Date,
    /// The targets it was judged by.
    pub targets: Targets,
    /// Worst first: by the worst flag, then the lowest value index, then the name.
    pub rows: Vec<Row>,
    /// Worked examples left out: a demo is no review, but whoever misses one is told why.
    pub examples: usize,
}

impl Portfolio {
    /// The service's own entry in the targets (without the default's fields).
    pub fn own_target(&self, service: &str) -> Target {
        self.targets
            .services
            .iter()
            .find(|(name, _)| same_service(name, service))
            .map_or_else(Target::default, |(_, t)| *t)
    }

    /// How many services carry `flag`.
    pub fn count(&self, flag: Flag) -> usize {
        self.rows.iter().filter(|r| r.has(flag)).count()
    }

    /// Services without any flag.
    pub fn on_track(&self) -> usize {
        self.rows.iter().filter(|r| r.flags.is_empty()).count()
    }
}

/// The row of the sessions that name no service.
pub const NO_SERVICE: &str = "(no service named)";

/// Builds the portfolio of `reviews` (any order) on `today`, worked examples left out; every
/// service named in `targets` appears too, without reviews.
pub fn portfolio(reviews: Vec<Review>, targets: &Targets, today: Date) -> Portfolio {
    let (examples, reviews): (Vec<Review>, Vec<Review>) =
        reviews.into_iter().partition(|r| r.example);
    let mut by_service: BTreeMap<String, Vec<Review>> = BTreeMap::new();
    for review in reviews {
        by_service
            .entry(service_key(&review.service))
            .or_default()
            .push(review);
    }
    for name in targets.services.keys() {
        by_service.entry(service_key(name)).or_default();
    }
    let mut rows: Vec<Row> = by_service
        .into_iter()
        .map(|(key, reviews)| {
            let reviews = oldest_first(reviews);
            let service = match reviews.last() {
                // Sessions that name no service are still reviews someone may miss.
                Some(_) if key.is_empty() => NO_SERVICE.to_string(),
                Some(r) => r.service.split_whitespace().collect::<Vec<_>>().join(" "),
                None => targets
                    .services
                    .keys()
                    .find(|n| service_key(n) == key)
                    .cloned()
                    .unwrap_or(key),
            };
            row(service, reviews, targets, today)
        })
        .collect();
    rows.sort_by(|a, b| {
        let worst = |r: &Row| r.flags.first().copied();
        // A row without flags sorts after every flagged one.
        let rank = |r: &Row| worst(r).map_or(Flag::ALL.len(), |f| f as usize);
        let index = |r: &Row| r.latest().and_then(|l| l.value_index).unwrap_or(-1.0);
        rank(a)
            .cmp(&rank(b))
            .then(index(a).total_cmp(&index(b)))
            .then_with(|| a.service.to_lowercase().cmp(&b.service.to_lowercase()))
    });
    Portfolio {
        today,
        targets: targets.clone(),
        rows,
        examples: examples.len(),
    }
}

fn row(service: String, reviews: Vec<Review>, targets: &Targets, today: Date) -> Row {
    let target = targets.of(&service);
    let latest = reviews.last();
    let age_days = latest.map(|l| today.days_since(l.date()));
    let mut flags = Vec::new();
    let below =
        |score: Score, target: Option<f64>| matches!((score, target), (Some(s), Some(t)) if s < t);
    if let Some(l) = latest
        && (below(l.value_index, target.value_index) || below(l.alignment, target.alignment))
    {
        flags.push(Flag::BelowTarget);
    }
    if reviews.iter().all(|r| r.value_index.is_none()) {
        flags.push(Flag::Never);
    }
    let stale = match (age_days, target.cadence_days) {
        (Some(age), Some(cadence)) => age > i64::from(cadence),
        _ => false,
    };
    if stale {
        flags.push(Flag::Stale);
    }
    // A review without numbers is partial too; never says more.
    if latest.is_some_and(|l| l.partial) && !flags.contains(&Flag::Never) {
        flags.push(Flag::Partial);
    }
    let previous = reviews
        .iter()
        .rev()
        .skip(1)
        .find(|r| !r.partial && r.value_index.is_some())
        .and_then(|r| r.value_index);
    let delta = latest
        .filter(|l| !l.partial)
        .and_then(|l| Some(l.value_index? - previous?));
    Row {
        open_agreements: latest.map_or(0, |l| l.open_agreements),
        overdue_agreements: latest.map_or(0, |l| l.open_due.iter().filter(|d| **d < today).count()),
        service,
        target,
        previous,
        delta,
        flags,
        age_days,
        reviews,
    }
}

/// The calendar quarter a date falls in, as `2026-Q1`: how reviews are labelled in a trend.
pub fn period(date: Date) -> String {
    format!("{}-Q{}", date.year, (date.month - 1) / 3 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::value::Verdict;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn review(service: &str, day: &str, index: Option<f64>) -> Review {
        Review {
            session: format!("{service}-{day}"),
            title: format!("{service} {day}"),
            service: service.into(),
            created: format!("{day}T10:00:00Z").parse().unwrap(),
            updated: format!("{day}T10:00:00Z").parse().unwrap(),
            follows: String::new(),
            example: false,
            value_index: index,
            equal_index: None,
            weights: None,
            alignment: index.map(|i| i + 10.0),
            vocr: Vocr {
                outcomes_achieved: Some(Verdict::Holds),
                costs_acceptable: None,
                risks_managed: None,
            },
            partial: false,
            hidden: 0,
            items: 3,
            open_agreements: 0,
            open_due: vec![],
        }
    }

    fn targets() -> Targets {
        let mut t = Targets {
            default: Target {
                cadence_days: Some(100),
                ..Target::default()
            },
            ..Targets::default()
        };
        t.services.insert(
            "payroll".into(),
            Target {
                value_index: Some(70.0),
                ..Target::default()
            },
        );
        t.services.insert("Unreviewed".into(), Target::default());
        t
    }

    #[test]
    fn a_worked_example_is_no_review_and_is_counted_as_left_out() {
        let mut reviews = vec![review("Desk", "2026-11-01", Some(60.0))];
        for service in ["Desk", "Hosting"] {
            let mut demo = review(service, "2026-12-01", Some(90.0));
            demo.example = true;
            reviews.push(demo);
        }
        let p = portfolio(reviews, &Targets::default(), date("2026-12-06"));
        let rows: Vec<_> = p
            .rows
            .iter()
            .map(|r| (&*r.service, r.reviews.len()))
            .collect();
        assert_eq!((rows, p.examples), (vec![("Desk", 1)], 2));
    }

    /// Found by a mutation run: an agreement due today is open, not yet overdue.
    #[test]
    fn an_agreement_due_today_is_not_overdue_until_tomorrow() {
        let mut desk = review("Desk", "2026-11-01", Some(80.0));
        desk.open_agreements = 2;
        desk.open_due = vec![date("2026-12-06"), date("2026-12-05")];
        let p = portfolio(vec![desk], &Targets::default(), date("2026-12-06"));
        let row = p.rows.iter().find(|r| r.service == "Desk").unwrap();
        assert_eq!((row.open_agreements, row.overdue_agreements), (2, 1));
    }

    #[test]
    fn every_flag_and_the_worst_first() {
        let mut partial = review("Hosting", "2026-11-01", Some(80.0));
        partial.partial = true;
        partial.open_due = vec![date("2026-11-10"), date("2026-12-31")];
        partial.open_agreements = 3;
        let reviews = vec![
            review("Payroll", "2026-08-01", Some(60.0)),
            review("Payroll", "2026-02-01", Some(50.0)),
            review("Desk", "2026-01-01", Some(90.0)),
            review("Backup", "2026-11-20", None),
            review("Hosting", "2026-08-01", Some(60.0)),
            partial,
            review("Mail", "2026-11-30", Some(75.0)),
            review(" ", "2026-11-30", Some(95.0)),
        ];
        let p = portfolio(reviews, &targets(), date("2026-12-06"));
        let order: Vec<(&str, Vec<Flag>)> = p
            .rows
            .iter()
            .map(|r| (r.service.as_str(), r.flags.clone()))
            .collect();
        assert_eq!(
            order,
            [
                ("Payroll", vec![Flag::BelowTarget, Flag::Stale]),
                ("Backup", vec![Flag::Never]),
                ("Unreviewed", vec![Flag::Never]),
                ("Desk", vec![Flag::Stale]),
                ("Hosting", vec![Flag::Partial]),
                ("Mail", vec![]),
                (NO_SERVICE, vec![]),
            ]
        );
        let payroll = &p.rows[0];
        assert_eq!(payroll.delta, Some(10.0));
        assert_eq!(payroll.reviews[0].date(), date("2026-02-01"));
        let hosting = &p.rows[4];
        assert_eq!(hosting.delta, None, "a partial review drives no change");
        assert_eq!(
            (hosting.open_agreements, hosting.overdue_agreements),
            (3, 1)
        );
        assert_eq!(p.rows[2].missing_reason().as_deref(), Some("no review yet"));
        assert_eq!(
            p.rows[1].missing_reason().as_deref(),
            Some("nothing rated yet")
        );
        assert_eq!((p.count(Flag::Never), p.on_track()), (2, 2));
    }

    /// Found by a mutation run: a review exactly one cadence old is not stale yet; a day
    /// more and it is.
    #[test]
    fn a_review_is_stale_only_once_it_is_older_than_the_cadence() {
        let flags = |today: &str| {
            let p = portfolio(
                vec![review("Desk", "2026-01-01", Some(90.0))],
                &targets(),
                date(today),
            );
            let desk = p.rows.iter().find(|r| r.service == "Desk").unwrap();
            desk.flags.clone()
        };
        // The default cadence is 100 days; 2026-04-11 is the hundredth day after 2026-01-01.
        assert_eq!(flags("2026-04-11"), vec![]);
        assert_eq!(flags("2026-04-12"), vec![Flag::Stale]);
    }

    /// Found by a mutation run: the change starts from the last full review before the
    /// latest, passing over a partial one between them.
    #[test]
    fn the_change_starts_from_the_last_full_review_not_a_partial_one() {
        let mut partial = review("Desk", "2026-05-01", Some(70.0));
        partial.partial = true;
        let reviews = vec![
            review("Desk", "2026-01-01", Some(50.0)),
            partial,
            review("Desk", "2026-09-01", Some(80.0)),
        ];
        let p = portfolio(reviews, &targets(), date("2026-10-01"));
        let desk = p.rows.iter().find(|r| r.service == "Desk").unwrap();
        assert_eq!((desk.previous, desk.delta), (Some(50.0), Some(30.0)));
    }

    #[test]
    fn a_service_target_falls_back_to_the_default_field_by_field() {
        let t = targets();
        assert_eq!(
            t.of("  PAYROLL "),
            Target {
                value_index: Some(70.0),
                alignment: None,
                cadence_days: Some(100)
            }
        );
        assert_eq!(t.of("Other"), t.default);
    }

    #[test]
    fn periods_are_quarters() {
        assert_eq!(period(date("2026-01-01")), "2026-Q1");
        assert_eq!(period(date("2026-06-30")), "2026-Q2");
        assert_eq!(period(date("2026-07-01")), "2026-Q3");
        assert_eq!(period(date("2026-12-31")), "2026-Q4");
    }

    /// A new user's bug: on one day the reviews went by id, so the earlier one was latest.
    #[test]
    fn the_latest_of_one_day_is_the_one_created_last_whatever_its_id() {
        let mut morning = review("Desk", "2026-12-07", Some(51.0));
        morning.session = "rghhacy8".into();
        morning.created = "2026-12-07T09:00:00Z".parse().unwrap();
        let mut afternoon = review("Desk", "2026-12-07", None);
        afternoon.session = "emq4623a".into();
        afternoon.created = "2026-12-07T15:00:00Z".parse().unwrap();
        let p = portfolio(
            vec![morning, afternoon],
            &Targets::default(),
            date("2026-12-08"),
        );
        let latest = p.rows[0].latest().unwrap();
        assert_eq!(latest.session, "emq4623a");
    }
}
