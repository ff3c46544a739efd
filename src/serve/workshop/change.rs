//! What people over SSH do to the session, and how a change is applied to it.

use super::*;

pub use crate::tui::seat::Change;

/// The item's text at `index`, to check a rating lands where the person saw it.
pub(super) fn item_text(session: &Session, dimension: Dimension, index: usize) -> Option<&str> {
    session
        .rated_items()
        .find(|i| i.dimension == dimension && i.index == index)
        .map(|i| i.text)
}

/// The side `name` rates for and their name as the session spells it, if they are a rating
/// participant of the session.
pub fn rater_of(session: &Session, name: &str) -> Option<(Side, String)> {
    session
        .participants
        .iter()
        .find(|p| same_name(&p.name, name))
        .and_then(|p| Some((p.role.side()?, p.name.clone())))
}

/// The side `name` rates for, if they are a rating participant of the session.
pub fn side_of(session: &Session, name: &str) -> Option<Side> {
    rater_of(session, name).map(|(side, _)| side)
}

/// Applies one participant's change to a session; false when it no longer applies (the item
/// moved or the person rates nothing).
pub(super) fn apply(session: &mut Session, change: &Change, step: Step) -> bool {
    match change {
        Change::Rate {
            name,
            dimension,
            index,
            text,
            rating,
        } => {
            let Some((side, name)) = rater_of(session, name) else {
                return false;
            };
            if item_text(session, *dimension, *index) != Some(text.as_str()) {
                return false;
            }
            session.rate_as(*dimension, *index, side, &name, *rating);
            true
        }
        Change::Join { name, role } => {
            if session
                .participants
                .iter()
                .any(|p| same_name(&p.name, name))
            {
                return false;
            }
            session.participants.push(crate::domain::Participant {
                name: name.clone(),
                role: *role,
                group: None,
            });
            true
        }
        Change::Reveal => {
            // As the app's r: this step's items, or every step's from the Summary.
            match step.reveal_scope() {
                Some(scope) => {
                    session.reveal(scope);
                }
                None => return false,
            }
            true
        }
        Change::Note {
            name,
            dimension,
            index,
            text,
            line,
        } => {
            let line = one_line(line).trim().to_string();
            if line.is_empty() || item_text(session, *dimension, *index) != Some(text.as_str()) {
                return false;
            }
            // Each person's line is added under their name, so nobody's words replace another's.
            let step = dimension.step();
            let note = match session.note(step, text) {
                Some(before) => format!("{before}\n{name}: {line}"),
                None => format!("{name}: {line}"),
            };
            session.set_note(step, text, &note);
            true
        }
        Change::Add {
            name,
            dimension,
            text,
        } => {
            let text = one_line(text).trim().to_string();
            // Ratings and notes find an item by its text: two items of one text would be one.
            let known = session
                .rated_items()
                .any(|i| i.dimension == *dimension && same_name(i.text, &text));
            if text.is_empty() || known {
                return false;
            }
            session.add_item(*dimension, &text);
            session.added_by.push(crate::domain::AddedBy {
                step: dimension.step(),
                item: text,
                by: name.clone(),
            });
            true
        }
        Change::Step(_) | Change::Timer => true,
    }
}
