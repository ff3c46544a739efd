//! What people over SSH do to the session, and how a change is applied to it.

use super::*;
use crate::domain::Rating;

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
        } => rate(session, name, (*dimension, *index, text), *rating),
        Change::Join { name, role } => join(session, name, *role),
        Change::Reveal => {
            // As the app's r: this step's items, or every step's from the Summary.
            let scope = step.reveal_scope();
            if let Some(scope) = scope {
                session.reveal(scope);
            }
            scope.is_some()
        }
        Change::Note {
            name,
            dimension,
            index,
            text,
            line,
        } => note(session, name, (*dimension, *index, text), line),
        Change::Add {
            name,
            dimension,
            text,
        } => add(session, name, *dimension, text),
        Change::Step(_) | Change::Timer => true,
    }
}

/// An item as the person saw it: where it was and its words, checked so that a list that moved
/// meanwhile never gets the change on another item.
type Seen<'a> = (Dimension, usize, &'a String);

fn rate(
    session: &mut Session,
    name: &str,
    (dimension, index, text): Seen,
    rating: Option<Rating>,
) -> bool {
    let Some((side, name)) = rater_of(session, name) else {
        return false;
    };
    if item_text(session, dimension, index) != Some(text.as_str()) {
        return false;
    }
    session.rate_as(dimension, index, side, &name, rating);
    true
}

fn join(session: &mut Session, name: &str, role: Role) -> bool {
    if session
        .participants
        .iter()
        .any(|p| same_name(&p.name, name))
    {
        return false;
    }
    session.participants.push(crate::domain::Participant {
        name: name.to_string(),
        role,
        group: None,
    });
    true
}

fn note(session: &mut Session, name: &str, (dimension, index, text): Seen, line: &str) -> bool {
    let line = one_line(line).trim().to_string();
    if line.is_empty() || item_text(session, dimension, index) != Some(text.as_str()) {
        return false;
    }
    // Each person's line is added under their name, so nobody's words replace another's; the
    // note is the item's at that place (by its id), not the first item of the same words.
    let step = dimension.step();
    let note = match session.note_at(step, index) {
        Some(before) => format!("{before}\n{name}: {line}"),
        None => format!("{name}: {line}"),
    };
    session.set_note_at(step, index, &note);
    true
}

fn add(session: &mut Session, name: &str, dimension: Dimension, text: &str) -> bool {
    let text = one_line(text).trim().to_string();
    // A second item of the same words would read as one in the room: refused.
    let known = session
        .rated_items()
        .any(|i| i.dimension == dimension && same_name(i.text, &text));
    if text.is_empty() || known {
        return false;
    }
    session.add_item(dimension, &text);
    let step = dimension.step();
    // The new item is the step's last.
    let last = session.item_count(step).saturating_sub(1);
    let item_id = session.item_id(step, last).unwrap_or_default().to_string();
    session.added_by.push(crate::domain::AddedBy {
        step,
        item_id,
        item: text,
        by: name.to_string(),
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_line_lands_on_the_item_where_the_person_saw_it_not_its_first_namesake() {
        let mut session = super::super::tests::session();
        // The facilitator typed the same words twice; the second is the one the note is for.
        session.benefits.push(crate::domain::Benefit {
            text: "Faster fixes".into(),
            ..crate::domain::Benefit::default()
        });
        session.ensure_ids();
        let line = Change::Note {
            name: "Priya".into(),
            dimension: Dimension::Benefits,
            index: 2,
            text: "Faster fixes".into(),
            line: "at night".into(),
        };
        assert!(apply(&mut session, &line, Step::Benefits));
        assert_eq!(session.note_at(Step::Benefits, 2), Some("Priya: at night"));
        assert_eq!(session.note_at(Step::Benefits, 0), None);
        assert!(apply(&mut session, &line, Step::Benefits));
        assert_eq!(
            session.note_at(Step::Benefits, 2),
            Some("Priya: at night\nPriya: at night")
        );
    }
}
