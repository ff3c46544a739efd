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
    /// A step's whole list of items (shared with the session, see `Items`).
    Items(Step, Items<crate::domain::Item>),
    Agreements(Vec<Agreement>),
    Closing(Closing),
    /// The notes and resolutions, which an item's form (its note, an agreement's "resolves")
    /// and a note of one's own change beside the item itself.
    Records {
        step: Step,
        records: Box<(Vec<ItemNote>, Vec<Resolution>)>,
    },
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
    /// An item of a step from Context to Risks.
    Listed(crate::domain::Item),
    Agreement(Agreement),
}

impl Item {
    pub fn step(&self) -> Step {
        match self {
            Item::Participant(_) => Step::Setup,
            Item::Listed(item) => item.step(),
            Item::Agreement(_) => Step::Agreements,
        }
    }

    /// A copy of item `index` of `step`'s list (participant `index` for Setup).
    pub fn get(session: &Session, step: Step, index: usize) -> Option<Item> {
        match step {
            Step::Setup => session
                .participants
                .get(index)
                .cloned()
                .map(Item::Participant),
            Step::Agreements => session.agreements.get(index).cloned().map(Item::Agreement),
            _ => session.item(step, index).cloned().map(Item::Listed),
        }
    }

    /// Puts this item at `index` of its list, replacing (`replace`) or inserting; returns the
    /// item it replaced.
    fn put(self, session: &mut Session, index: usize, replace: bool) -> Option<Item> {
        fn place<T>(
            list: &mut impl List<T>,
            index: usize,
            item: T,
            replace: bool,
            wrap: fn(T) -> Item,
        ) -> Option<Item> {
            if replace {
                list.item_mut(index)
                    .map(|slot| wrap(std::mem::replace(slot, item)))
            } else {
                list.insert_item(index.min(list.item_count()), item);
                None
            }
        }
        match self {
            Item::Participant(i) => place(
                &mut session.participants,
                index,
                i,
                replace,
                Item::Participant,
            ),
            Item::Agreement(i) => {
                place(&mut session.agreements, index, i, replace, Item::Agreement)
            }
            Item::Listed(i) => {
                let items = session.items_mut(i.step())?;
                place(items, index, i, replace, Item::Listed)
            }
        }
    }

    /// Takes item `index` out of `step`'s list.
    fn take(session: &mut Session, step: Step, index: usize) -> Option<Item> {
        fn take_from<T>(
            list: &mut impl List<T>,
            index: usize,
            wrap: fn(T) -> Item,
        ) -> Option<Item> {
            (index < list.item_count()).then(|| wrap(list.remove_item(index)))
        }
        match step {
            Step::Setup => take_from(&mut session.participants, index, Item::Participant),
            Step::Agreements => take_from(&mut session.agreements, index, Item::Agreement),
            _ => take_from(session.items_mut(step)?, index, Item::Listed),
        }
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
            Step::Agreements => Part::Agreements(session.agreements.clone()),
            Step::Summary => Part::Closing(session.closing.clone()),
            _ => Part::Items(step, session.items(step).cloned().unwrap_or_default()),
        }
    }

    /// A copy of the notes and resolutions, for a change on `step` that may touch them.
    pub fn records(session: &Session, step: Step) -> Part {
        Part::Records {
            step,
            records: Box::new((session.notes.clone(), session.resolutions.clone())),
        }
    }

    /// Whether `session` no longer holds what this part copied (on `step`): a change to undo.
    pub fn differs(&self, session: &Session, step: Step) -> bool {
        match self {
            Part::Item { index, item } => {
                Item::get(session, step, *index).as_ref() != Some(&**item)
            }
            Part::Records { records, .. } => {
                (&session.notes, &session.resolutions) != (&records.0, &records.1)
            }
            Part::Several(parts) => parts.iter().any(|p| p.differs(session, step)),
            part => Part::of(session, step) != *part,
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
            Part::Items(step, _) | Part::Records { step, .. } => *step,
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
            Part::Records { step, records } => {
                let (notes, resolutions) = *records;
                let notes = std::mem::replace(&mut session.notes, notes);
                let resolutions = std::mem::replace(&mut session.resolutions, resolutions);
                Part::Records {
                    step,
                    records: Box::new((notes, resolutions)),
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
            Part::Items(step, v) => {
                if let Some(items) = session.items_mut(step) {
                    *items = v;
                }
            }
            Part::Agreements(v) => session.agreements = v,
            Part::Closing(c) => session.closing = c,
            Part::Rating { .. }
            | Part::Records { .. }
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
            // A participant's rename or change of side moved their ratings; undoing it moves
            // them back.
            if let (Item::Participant(was), Some(now)) = (&previous, &restored)
                && let (Some(from), Some(to)) = (was.role.side(), now.role.side())
            {
                session.move_rater((from, &was.name), (to, &now.name));
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
