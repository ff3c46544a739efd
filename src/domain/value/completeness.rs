//! How far each step has got: empty, partial or complete, with the items still unrated.

use crate::domain::session::{Session, Step};

/// How far a step has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Nothing written yet.
    Empty,
    /// Something written, but items unrated (or, for Setup and Summary, fields left blank).
    Partial,
    Complete,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Completeness {
    pub step: Step,
    pub status: Status,
    pub items: usize,
    /// Items still missing a rating from a side this mode collects.
    pub unrated: usize,
}

pub(super) fn completeness(session: &Session, step: Step) -> Completeness {
    let filled = |fields: &[&str]| fields.iter().filter(|f| !f.trim().is_empty()).count();
    let status_of = |done: usize, of: usize| match done {
        0 => Status::Empty,
        n if n < of => Status::Partial,
        _ => Status::Complete,
    };
    match step {
        Step::Setup => {
            let done = filled(&[&session.title, &session.service])
                + usize::from(!session.participants.is_empty());
            Completeness {
                step,
                status: status_of(done, 3),
                items: session.participants.len(),
                unrated: 0,
            }
        }
        Step::Summary => {
            let answers = session.closing.answers();
            let done = answers.iter().filter(|(_, a)| !a.trim().is_empty()).count();
            Completeness {
                step,
                status: status_of(done, answers.len()),
                items: done,
                unrated: 0,
            }
        }
        Step::Context | Step::Agreements => {
            let items = session.item_count(step);
            let status = if items == 0 {
                Status::Empty
            } else {
                Status::Complete
            };
            Completeness {
                step,
                status,
                items,
                unrated: 0,
            }
        }
        _ => {
            let sides = session.mode.sides();
            let unrated = step.dimension().map_or(0, |dimension| {
                session
                    .rated_items_of(dimension)
                    .filter(|i| sides.iter().any(|s| !i.rating.is_rated(*s)))
                    .count()
            });
            of_rated_step(step, session.item_count(step), unrated)
        }
    }
}

/// A rated step's completeness: `items` items, of which `unrated` miss a side's rating.
pub(super) fn of_rated_step(step: Step, items: usize, unrated: usize) -> Completeness {
    let status = match (items, unrated) {
        (0, _) => Status::Empty,
        (_, 0) => Status::Complete,
        _ => Status::Partial,
    };
    Completeness {
        step,
        status,
        items,
        unrated,
    }
}
