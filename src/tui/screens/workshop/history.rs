//! Undo and redo. Each change records only what it touches: one item (added, edited, deleted),
//! one item's ratings, the details, or the closing answers, so undo stays cheap in time and
//! memory on sessions with thousands of items.

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
    pub weights: Option<crate::domain::balance::Weights>,
}

/// A copy of one part of a session, as it was before a change.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Details(Box<Details>),
    Context(Items<ContextItem>),
    Benefits(Items<Benefit>),
    Usefulness(Items<Usefulness>),
    Importance(Items<Importance>),
    Outcomes(Items<Outcome>),
    Costs(Items<Cost>),
    Risks(Items<Risk>),
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
    /// One item of a step's list as it was before an edit.
    Item {
        index: usize,
        item: Box<Item>,
    },
    /// An item that was deleted from `index`: undoing puts it back.
    Removed {
        index: usize,
        item: Box<Item>,
    },
    /// An item that was added at `index`: undoing takes it out.
    Added {
        step: Step,
        index: usize,
    },
    /// The items a reveal opened (of `step`, or of every step from the Summary), and whether
    /// they were revealed before: undoing flips only that mark, so ratings, notes and items
    /// others gave since (people rating at their own screens) stay.
    Revealed {
        step: Step,
        items: Vec<(Dimension, usize)>,
        revealed: bool,
    },
}

/// One item of any step's list (a participant for Setup).
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Participant(Participant),
    Context(ContextItem),
    Benefit(Benefit),
    Usefulness(Usefulness),
    Importance(Importance),
    Outcome(Outcome),
    Cost(Cost),
    Risk(Risk),
    Agreement(Agreement),
}

/// Runs `$body` with `$list` bound to the list of `$step` in `$session` and `$wrap` to the
/// `Item` variant for its items; Summary has no list.
macro_rules! with_list {
    ($session:expr, $step:expr, |$list:ident, $wrap:ident| $body:expr, $none:expr) => {
        match $step {
            Step::Setup => {
                let $list = &mut $session.participants;
                let $wrap = Item::Participant;
                $body
            }
            Step::Context => {
                let $list = &mut $session.context;
                let $wrap = Item::Context;
                $body
            }
            Step::Benefits => {
                let $list = &mut $session.benefits;
                let $wrap = Item::Benefit;
                $body
            }
            Step::Usefulness => {
                let $list = &mut $session.usefulness;
                let $wrap = Item::Usefulness;
                $body
            }
            Step::Importance => {
                let $list = &mut $session.importance;
                let $wrap = Item::Importance;
                $body
            }
            Step::Outcomes => {
                let $list = &mut $session.outcomes;
                let $wrap = Item::Outcome;
                $body
            }
            Step::Costs => {
                let $list = &mut $session.costs;
                let $wrap = Item::Cost;
                $body
            }
            Step::Risks => {
                let $list = &mut $session.risks;
                let $wrap = Item::Risk;
                $body
            }
            Step::Agreements => {
                let $list = &mut $session.agreements;
                let $wrap = Item::Agreement;
                $body
            }
            Step::Summary => $none,
        }
    };
}

impl Item {
    pub fn step(&self) -> Step {
        match self {
            Item::Participant(_) => Step::Setup,
            Item::Context(_) => Step::Context,
            Item::Benefit(_) => Step::Benefits,
            Item::Usefulness(_) => Step::Usefulness,
            Item::Importance(_) => Step::Importance,
            Item::Outcome(_) => Step::Outcomes,
            Item::Cost(_) => Step::Costs,
            Item::Risk(_) => Step::Risks,
            Item::Agreement(_) => Step::Agreements,
        }
    }

    /// A copy of item `index` of `step`'s list (participant `index` for Setup).
    pub fn get(session: &Session, step: Step, index: usize) -> Option<Item> {
        fn read<T: Clone>(list: &impl List<T>, index: usize, wrap: fn(T) -> Item) -> Option<Item> {
            list.item(index).cloned().map(wrap)
        }
        match step {
            Step::Setup => read(&session.participants, index, Item::Participant),
            Step::Context => read(&session.context, index, Item::Context),
            Step::Benefits => read(&session.benefits, index, Item::Benefit),
            Step::Usefulness => read(&session.usefulness, index, Item::Usefulness),
            Step::Importance => read(&session.importance, index, Item::Importance),
            Step::Outcomes => read(&session.outcomes, index, Item::Outcome),
            Step::Costs => read(&session.costs, index, Item::Cost),
            Step::Risks => read(&session.risks, index, Item::Risk),
            Step::Agreements => read(&session.agreements, index, Item::Agreement),
            Step::Summary => None,
        }
    }

    /// Puts this item at `index` of its list, replacing (`replace`) or inserting; returns the
    /// item it replaced.
    fn put(self, session: &mut Session, index: usize, replace: bool) -> Option<Item> {
        macro_rules! place {
            ($list:expr, $item:expr, $wrap:expr) => {{
                let list = &mut $list;
                if replace {
                    list.get_mut(index)
                        .map(|slot| $wrap(std::mem::replace(slot, $item)))
                } else {
                    let at = index.min(list.len());
                    list.insert(at, $item);
                    None
                }
            }};
        }
        match self {
            Item::Participant(i) => place!(session.participants, i, Item::Participant),
            Item::Context(i) => place!(session.context, i, Item::Context),
            Item::Benefit(i) => place!(session.benefits, i, Item::Benefit),
            Item::Usefulness(i) => place!(session.usefulness, i, Item::Usefulness),
            Item::Importance(i) => place!(session.importance, i, Item::Importance),
            Item::Outcome(i) => place!(session.outcomes, i, Item::Outcome),
            Item::Cost(i) => place!(session.costs, i, Item::Cost),
            Item::Risk(i) => place!(session.risks, i, Item::Risk),
            Item::Agreement(i) => place!(session.agreements, i, Item::Agreement),
        }
    }

    /// Takes item `index` out of `step`'s list.
    fn take(session: &mut Session, step: Step, index: usize) -> Option<Item> {
        with_list!(
            session,
            step,
            |list, wrap| (index < list.len()).then(|| wrap(list.remove(index))),
            None
        )
    }
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
                weights: session.weights,
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
            Part::Item { item, .. } | Part::Removed { item, .. } => item.step(),
            Part::Added { step, .. } | Part::Revealed { step, .. } => *step,
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
        match self {
            Part::Several(parts) => {
                Part::Several(parts.into_iter().map(|p| p.swap_into(session)).collect())
            }
            Part::Rating {
                dimension,
                index,
                rating,
            } => {
                let previous = Part::rating(session, dimension, index);
                if let Some(r) = session.ratings_mut(dimension, index) {
                    *r = rating;
                }
                previous
            }
            Part::Item { index, item } => swap_item(session, index, *item),
            Part::Removed { index, item } => {
                let step = item.step();
                item.put(session, index, false);
                Part::Added { step, index }
            }
            Part::Revealed {
                step,
                items,
                revealed,
            } => {
                for (dimension, index) in &items {
                    if let Some(r) = session.ratings_mut(*dimension, *index) {
                        r.revealed = revealed;
                    }
                }
                Part::Revealed {
                    step,
                    items,
                    revealed: !revealed,
                }
            }
            Part::Added { step, index } => match Item::take(session, step, index) {
                Some(item) => Part::Removed {
                    index,
                    item: Box::new(item),
                },
                None => Part::Added { step, index },
            },
            whole => whole.swap_whole(session),
        }
    }

    /// Puts a whole part (the details, a step's list, the closing answers) into `session`,
    /// returning what was there.
    fn swap_whole(self, session: &mut Session) -> Part {
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
                session.weights = d.weights;
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
            Part::Rating { .. }
            | Part::Several(_)
            | Part::Item { .. }
            | Part::Removed { .. }
            | Part::Added { .. }
            | Part::Revealed { .. } => {}
        }
        previous
    }
}

/// Puts one edited item back at `index`, returning the item it replaced.
fn swap_item(session: &mut Session, index: usize, item: Item) -> Part {
    let step = item.step();
    let restored = match &item {
        Item::Participant(p) => Some(p.clone()),
        _ => None,
    };
    match item.put(session, index, true) {
        Some(previous) => {
            // A participant's rename moved their ratings; undoing it moves them back.
            if let (Item::Participant(was), Some(now)) = (&previous, &restored)
                && let Some(side) = was.role.side()
                && was.role.side() == now.role.side()
            {
                session.rename_rater(side, &was.name, &now.name);
            }
            Part::Item {
                index,
                item: Box::new(previous),
            }
        }
        // The list no longer has that row, so nothing changed; redoing this takes nothing
        // out either.
        None => Part::Added {
            step,
            index: usize::MAX,
        },
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
