//! The built-in templates: complete worked examples in `assets/templates/`, compiled into the
//! binary so a fresh install has something real to start from. A new workshop takes only a
//! template's context and items (`start`); the whole example, ratings and all, is for demos and
//! learning (`example`).

use super::file::parse;
use crate::domain::{Session, Timestamp};
use std::path::Path;

/// A built-in template: its name on the command line, what it is, and its RON text.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    pub name: &'static str,
    pub about: &'static str,
    source: &'static str,
}

pub const TEMPLATES: [Template; 4] = [
    Template {
        name: "service-desk",
        about: "a managed IT service desk that cuts downtime",
        source: include_str!("../../assets/templates/service-desk.ron"),
    },
    Template {
        name: "cloud-hosting",
        about: "cloud hosting with a predictable monthly fee and built-in redundancy",
        source: include_str!("../../assets/templates/cloud-hosting.ron"),
    },
    Template {
        name: "secure-backup",
        about: "a secure backup service that matters most when things go wrong",
        source: include_str!("../../assets/templates/secure-backup.ron"),
    },
    Template {
        name: "reporting-tool",
        about: "a reporting tool with many features that may not help anyone decide better",
        source: include_str!("../../assets/templates/reporting-tool.ron"),
    },
];

impl Template {
    pub fn find(name: &str) -> Option<Template> {
        TEMPLATES.into_iter().find(|t| t.name == name)
    }

    /// The template's worked example exactly as shipped, its dates as written.
    pub fn session(&self) -> Session {
        let path = format!("assets/templates/{}.ron", self.name);
        parse(Path::new(&path), self.source.as_bytes())
            .expect("built-in templates are checked by the tests")
    }

    /// The shipped example with its own id and times but its dates as written: a fixed,
    /// fully rated session for tests. People get `start` or `example`.
    pub fn instantiate(&self, id: &str, now: Timestamp) -> Session {
        let mut session = self.session();
        session.id = id.to_string();
        session.created = now;
        session.updated = now;
        session
    }

    /// A new workshop from this template: its title, service, timeboxes, context and items to
    /// rate, and nothing that belongs to the example's room (participants, ratings, agreements,
    /// notes, closing answers, time spent). Blind, like a blank workshop.
    pub fn start(&self, id: &str, now: Timestamp) -> Session {
        let example = self.session();
        // Built up from a blank session, so whatever the example holds that is not named here
        // stays behind.
        let mut session = Session::new(id, example.title, now);
        session.service = example.service;
        session.description = example.description;
        session.mode = example.mode;
        session.timebox = example.timebox;
        session.context = example.context;
        session.benefits = example.benefits;
        session.usefulness = example.usefulness;
        session.importance = example.importance;
        session.outcomes = example.outcomes;
        session.costs = example.costs;
        session.risks = example.risks;
        session.clear_ratings();
        // What the example's room measured and achieved is theirs too: a starting point keeps
        // where a measure starts and should get, not where it is, nor a risk's result.
        for figures in session
            .benefits
            .iter_mut()
            .filter_map(|b| b.benefit_mut().figures.as_mut())
        {
            figures.actual = None;
        }
        for figures in session
            .outcomes
            .iter_mut()
            .filter_map(|o| o.outcome_mut().figures.as_mut())
        {
            figures.actual = None;
        }
        for risk in session.risks.iter_mut() {
            risk.risk_mut().after = None;
        }
        // How much an item matters is the room's judgement, like a rating: the example's
        // would place the new room's items in the importance-performance view for them.
        for usefulness in session.usefulness.iter_mut() {
            usefulness.usefulness_mut().importance = None;
        }
        for outcome in session.outcomes.iter_mut() {
            outcome.outcome_mut().importance = None;
        }
        session
    }

    /// The worked example made on `now`'s day, for a demo or for learning: rated by its own
    /// participants, every rating shown to its room, its due dates moved by as many days as
    /// lie between the example's day and today (so none is overdue today), a title that says
    /// it is an example, and marked as one (`Session::example`), so it is never counted as a
    /// review of its service. Every way of making an example (`new --example`, the browser)
    /// comes through here.
    pub fn example(&self, id: &str, now: Timestamp) -> Session {
        let mut session = self.session();
        session.example = true;
        let today = now.date();
        let shift = today.days_since(session.created.date());
        for agreement in &mut session.agreements {
            agreement.due = agreement.due.map(|due| due.plus_days(shift).max(today));
        }
        session.reveal(None);
        session.title = example_title(&session.title);
        session.id = id.to_string();
        session.created = now;
        session.updated = now;
        session
    }
}

/// A title that says the session is an example: `title` itself when it does already.
pub fn example_title(title: &str) -> String {
    if title.to_lowercase().contains("example") {
        title.to_string()
    } else {
        format!("{} (example)", title.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Dimension, Side};

    fn now() -> Timestamp {
        "2031-03-07T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_new_workshop_takes_the_items_and_nothing_of_the_examples_room() {
        for template in TEMPLATES {
            let example = template.session();
            let s = template.start("abcd1234", now());
            let name = template.name;
            assert!(s.rated_items().all(|i| i.rating.is_empty()), "{name}");
            assert!(s.rated_items().all(|i| !i.rating.revealed), "{name}");
            assert!(s.agreements.is_empty(), "{name}");
            assert_eq!(s.closing, Default::default(), "{name}");
            assert!(s.notes.is_empty() && s.resolutions.is_empty(), "{name}");
            assert!(s.time_spent.is_empty() && s.conflicts.is_empty(), "{name}");
            assert!(s.participants.is_empty(), "{name}");
            assert!(s.blind, "{name}: blind like a blank workshop");
            assert_eq!((s.created, s.updated), (now(), now()));
            assert_eq!(s.id, "abcd1234");
            // What the room rates is all there.
            assert_eq!(s.title, example.title);
            assert_eq!(s.service, example.service);
            assert_eq!(s.context, example.context);
            assert_eq!(s.timebox, example.timebox);
            for d in Dimension::ALL {
                assert_eq!(
                    s.item_count(d.step()),
                    example.item_count(d.step()),
                    "{name} {d:?}"
                );
            }
            assert_eq!(
                s.risks[0].risk().likelihood,
                example.risks[0].risk().likelihood
            );
        }
    }

    #[test]
    fn a_new_workshop_keeps_a_measures_baseline_and_target_but_no_actual_or_risk_after() {
        let template = Template::find("secure-backup").unwrap();
        let example = template.session();
        let s = template.start("abcd1234", now());
        let figures = s.outcomes.iter().filter_map(|o| o.outcome().figures);
        let figures: Vec<_> = figures
            .chain(s.benefits.iter().filter_map(|b| b.benefit().figures))
            .collect();
        assert!(!figures.is_empty());
        assert!(figures.iter().all(|f| f.actual.is_none()), "{figures:?}");
        assert!(
            figures
                .iter()
                .all(|f| f.baseline.is_some() && f.target.is_some())
        );
        assert!(s.risks.iter().all(|r| r.risk().after.is_none()));
        assert!(example.risks.iter().any(|r| r.risk().after.is_some()));
        // The worked example keeps them: it shows the balance.
        let shown = template.example("abcd1234", now());
        assert!(
            shown
                .outcomes
                .iter()
                .any(|o| o.outcome().figures.is_some_and(|f| f.actual.is_some()))
        );
    }

    #[test]
    fn the_worked_example_is_rated_by_its_participants_and_due_from_today() {
        let today = now().date();
        for template in TEMPLATES {
            let shipped = template.session();
            let s = template.example("abcd1234", now());
            let name = template.name;
            assert!(s.title.contains("(example)"), "{name}: {}", s.title);
            assert!(s.example, "{name}");
            assert!(!shipped.example && !template.start("abcd1234", now()).example);
            assert_eq!(s.participants, shipped.participants);
            assert!(s.stray_raters().is_empty(), "{name}");
            for rater in s.raters() {
                assert!(
                    rater.name != Side::Provider.rater() && rater.name != Side::Consumer.rater(),
                    "{name}: {}",
                    rater.name
                );
                assert!(
                    s.participants
                        .iter()
                        .any(|p| p.name == rater.name && p.role.side() == Some(rater.side)),
                    "{name}: {} is not a participant",
                    rater.name
                );
            }
            assert!(s.rated_items().count() > 0, "{name}");
            assert!(s.rated_items().all(|i| i.rating.revealed), "{name}");
            assert!(!s.agreements.is_empty(), "{name}");
            assert!(s.agreements.iter().all(|a| !a.is_overdue(today)), "{name}");
            // Each due date keeps its distance from the day the example was made.
            for (was, now) in shipped.agreements.iter().zip(&s.agreements) {
                let (Some(was), Some(now)) = (was.due, now.due) else {
                    continue;
                };
                assert_eq!(
                    now.days_since(today),
                    was.days_since(shipped.created.date()),
                    "{name}"
                );
            }
            assert_eq!(s.closing, shipped.closing);
        }
    }

    #[test]
    fn an_example_title_says_so_once() {
        assert_eq!(example_title("Desk review"), "Desk review (example)");
        assert_eq!(example_title("Example: desk"), "Example: desk");
        assert_eq!(
            example_title("A worked EXAMPLE of a review"),
            "A worked EXAMPLE of a review"
        );
    }
}
