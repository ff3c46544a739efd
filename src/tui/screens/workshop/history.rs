//! Undo and redo. Each change records only the part of the session it touches (one step's list,
//! the details, or the closing answers), so undo stays cheap on sessions with thousands of items.

use crate::domain::*;
use std::collections::BTreeMap;

/// The session's editable fields outside the step lists.
#[derive(Clone, Debug, PartialEq)]
pub struct Details {
    pub title: String,
    pub service: String,
    pub description: String,
    pub mode: Mode,
    pub participants: Vec<Participant>,
    pub timebox: BTreeMap<Step, u32>,
}

/// A copy of one part of a session, as it was before a change.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Details(Box<Details>),
    Context(Vec<ContextItem>),
    Benefits(Vec<Benefit>),
    Usefulness(Vec<Usefulness>),
    Importance(Vec<Importance>),
    Outcomes(Vec<Outcome>),
    Costs(Vec<Cost>),
    Risks(Vec<Risk>),
    Agreements(Vec<Agreement>),
    Closing(Closing),
    /// Several parts changed at once (revealing every step).
    Several(Vec<Part>),
    /// One item's ratings: rating is the most frequent change, so it copies only these.
    Rating {
        dimension: Dimension,
        index: usize,
        rating: Ratings,
    },
}

impl Part {
    /// A copy of the part of `session` that `step` edits.
    pub fn of(session: &Session, step: Step) -> Part {
        match step {
            Step::Setup => Part::Details(Box::new(Details {
                title: session.title.clone(),
                service: session.service.clone(),
                description: session.description.clone(),
                mode: session.mode,
                participants: session.participants.clone(),
                timebox: session.timebox.clone(),
            })),
            Step::Context => Part::Context(session.context.clone()),
            Step::Benefits => Part::Benefits(session.benefits.clone()),
            Step::Usefulness => Part::Usefulness(session.usefulness.clone()),
            Step::Importance => Part::Importance(session.importance.clone()),
            Step::Outcomes => Part::Outcomes(session.outcomes.clone()),
            Step::Costs => Part::Costs(session.costs.clone()),
            Step::Risks => Part::Risks(session.risks.clone()),
            Step::Agreements => Part::Agreements(session.agreements.clone()),
            Step::Summary => Part::Closing(session.closing.clone()),
        }
    }

    /// A copy of one item's ratings.
    pub fn rating(session: &Session, dimension: Dimension, index: usize) -> Part {
        let rating = session.ratings(dimension, index).unwrap_or_default();
        Part::Rating {
            dimension,
            index,
            rating,
        }
    }

    pub fn step(&self) -> Step {
        match self {
            Part::Rating { dimension, .. } => dimension.step(),
            Part::Several(parts) => parts.first().map_or(Step::Summary, Part::step),
            Part::Details(_) => Step::Setup,
            Part::Context(_) => Step::Context,
            Part::Benefits(_) => Step::Benefits,
            Part::Usefulness(_) => Step::Usefulness,
            Part::Importance(_) => Step::Importance,
            Part::Outcomes(_) => Step::Outcomes,
            Part::Costs(_) => Step::Costs,
            Part::Risks(_) => Step::Risks,
            Part::Agreements(_) => Step::Agreements,
            Part::Closing(_) => Step::Summary,
        }
    }

    /// Puts this part into `session`, returning what was there.
    fn swap_into(self, session: &mut Session) -> Part {
        if let Part::Several(parts) = self {
            return Part::Several(parts.into_iter().map(|p| p.swap_into(session)).collect());
        }
        if let Part::Rating {
            dimension,
            index,
            rating,
        } = self
        {
            let previous = Part::rating(session, dimension, index);
            if let Some(r) = session.ratings_mut(dimension, index) {
                *r = rating;
            }
            return previous;
        }
        let previous = Part::of(session, self.step());
        match self {
            Part::Details(d) => {
                let d = *d;
                session.title = d.title;
                session.service = d.service;
                session.description = d.description;
                session.mode = d.mode;
                session.participants = d.participants;
                session.timebox = d.timebox;
            }
            Part::Context(v) => session.context = v,
            Part::Benefits(v) => session.benefits = v,
            Part::Usefulness(v) => session.usefulness = v,
            Part::Importance(v) => session.importance = v,
            Part::Outcomes(v) => session.outcomes = v,
            Part::Costs(v) => session.costs = v,
            Part::Risks(v) => session.risks = v,
            Part::Agreements(v) => session.agreements = v,
            Part::Closing(c) => session.closing = c,
            Part::Rating { .. } | Part::Several(_) => {}
        }
        previous
    }
}

/// How many changes can be undone.
const LIMIT: usize = 200;

#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Part>,
    redo: Vec<Part>,
}

impl History {
    /// Call before changing the part of `session` that `step` edits.
    pub fn record(&mut self, session: &Session, step: Step) {
        self.push(Part::of(session, step));
    }

    /// Records a part copied before a change that has now been made.
    pub fn push(&mut self, before: Part) {
        if self.undo.len() == LIMIT {
            self.undo.remove(0);
        }
        self.undo.push(before);
        self.redo.clear();
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last change; returns the step it was on.
    pub fn undo(&mut self, session: &mut Session) -> Option<Step> {
        let part = self.undo.pop()?;
        let step = part.step();
        self.redo.push(part.swap_into(session));
        Some(step)
    }

    /// Redoes the last undone change; returns the step it was on.
    pub fn redo(&mut self, session: &mut Session) -> Option<Step> {
        let part = self.redo.pop()?;
        let step = part.step();
        self.undo.push(part.swap_into(session));
        Some(step)
    }
}
