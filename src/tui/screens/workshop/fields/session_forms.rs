//! The session's own forms: its details and timeboxes, the value index's weights, a
//! participant, and the closing answers; built from the session and written back into it.

use super::super::steps::*;
use super::{Field, FieldId, Form, FormError};
use crate::domain::*;

/// The steps that can have a timebox: all but Setup, in the order the details form lists them.
fn timed_steps() -> &'static [Step] {
    &Step::ALL[1..]
}

pub fn details_form(session: &Session) -> Form {
    let mut fields = vec![
        Field::text(FieldId::Title, "Title", &session.title, 1),
        Field::text(FieldId::Service, "Service", &session.service, 1),
        Field::text(FieldId::Description, "Description", &session.description, 2),
        Field::choice(FieldId::Mode, "Mode", &MODES, mode_index(session.mode)),
    ];
    let labels: [&'static str; 9] = [
        "Context min",
        "Benefits min",
        "Usefulness min",
        "Importance min",
        "Outcomes min",
        "Costs min",
        "Risks min",
        "Agreements min",
        "Summary min",
    ];
    for (step, label) in timed_steps().iter().copied().zip(labels) {
        fields.push(Field::optional_number(
            FieldId::Minutes(step),
            label,
            session.timebox.get(&step).copied().unwrap_or(0),
            240,
            "default",
        ));
    }
    Form::new("Session details", fields)
}

/// The value index's weights: a 100-point split over its four parts, or all 0 for equal.
pub fn weights_form(session: &Session) -> Form {
    let points = session.weights.map_or([0; 4], |w| w.points());
    let labels = ["Perceived value", "Outcomes", "Costs", "Risks"];
    let fields = labels
        .into_iter()
        .zip(points)
        .enumerate()
        .map(|(i, (label, p))| Field::number(FieldId::Weight(i), label, p.into(), 0, 100))
        .collect();
    let mut form = Form::new("", fields);
    form.title = weights_title(&form);
    form
}

/// The weights form's title, with the running total, so the room sees how far from 100 it is.
pub fn weights_title(form: &Form) -> String {
    let total: u32 = (0..4)
        .map(|i| form.number(FieldId::Weight(i)).unwrap_or(0))
        .sum();
    let note = if total == 0 { " (all 0: equal)" } else { "" };
    format!("Weights of the value index: {total} of 100 points{note}")
}

/// Writes the weights form into the session: none when every weight is 0 or all are equal.
pub fn apply_weights(form: &Form, session: &mut Session) -> Result<(), FormError> {
    let points: [u8; 4] =
        std::array::from_fn(|i| form.number(FieldId::Weight(i)).unwrap_or(0).min(100) as u8);
    session.weights = if points == [0; 4] {
        None
    } else {
        Some(balance::Weights::new(points).map_err(FormError::BadWeights)?)
            .filter(|w| !w.are_equal())
    };
    Ok(())
}

/// The mode the session-details form holds.
pub fn details_mode(form: &Form) -> Mode {
    [
        Mode::Workshop,
        Mode::ProviderSelfAssessment,
        Mode::ConsumerSelfAssessment,
    ][form.choice(FieldId::Mode)]
}

pub fn apply_details(form: &Form, session: &mut Session) -> Result<(), FormError> {
    let title = form.value(FieldId::Title).trim().to_string();
    if title.is_empty() {
        return Err(FormError::NoTitle);
    }
    session.title = title;
    session.service = form.value(FieldId::Service).trim().to_string();
    session.description = form.value(FieldId::Description).trim().to_string();
    session.mode = details_mode(form);
    session.timebox.clear();
    for step in timed_steps().iter().copied() {
        let minutes = form.number(FieldId::Minutes(step)).unwrap_or(0);
        if minutes > 0 {
            session.timebox.insert(step, minutes);
        }
    }
    Ok(())
}

pub fn participant_form(session: &Session, index: Option<usize>) -> Form {
    let p = index.and_then(|i| session.participants.get(i));
    let title = if p.is_some() {
        "Edit participant"
    } else {
        "Add participant"
    };
    Form::new(
        title,
        vec![
            Field::text(FieldId::Name, "Name", p.map_or("", |p| p.name.as_str()), 1),
            Field::choice(
                FieldId::Role,
                "Side",
                ROLES,
                // A newcomer is on the side the session collects (issue 15).
                role_index(p.map_or(Role::default_for(session.mode), |p| p.role)),
            ),
            Field::choice(
                FieldId::Group,
                "Group",
                GROUPS,
                p.map_or(0, |p| group_index(p.group.as_ref())),
            ),
            Field::text(
                FieldId::OtherGroup,
                "Other group",
                match p.and_then(|p| p.group.as_ref()) {
                    Some(Group::Other(name)) => name.as_str(),
                    _ => "",
                },
                1,
            ),
        ],
    )
}

/// The stakeholder groups a participant can be given; "side's default" writes none (customer
/// for a consumer, service owner for a provider), "other" takes the name typed below it.
const GROUPS: &[&str] = &[
    "side's default",
    "customer",
    "user",
    "sponsor",
    "service owner",
    "delivery",
    "other (named below)",
];

fn group_index(group: Option<&Group>) -> usize {
    match group {
        None => 0,
        Some(Group::Other(_)) => GROUPS.len() - 1,
        Some(g) => Group::NAMED
            .iter()
            .position(|n| n == g)
            .map_or(0, |i| i + 1),
    }
}

/// The name and role the participant form holds.
pub fn participant_identity(form: &Form) -> (String, Role) {
    (
        form.value(FieldId::Name).trim().to_string(),
        [Role::Provider, Role::Consumer, Role::Facilitator][form.choice(FieldId::Role)],
    )
}

pub fn apply_participant(
    form: &Form,
    session: &mut Session,
    index: Option<usize>,
) -> Result<usize, FormError> {
    let (name, role) = participant_identity(form);
    if name.is_empty() {
        return Err(FormError::NoName);
    }
    let group = match form.choice(FieldId::Group) {
        0 => None,
        i if i == GROUPS.len() - 1 => {
            let other = form.value(FieldId::OtherGroup).trim().to_string();
            if other.is_empty() {
                return Err(FormError::BadGroup(
                    "Name the other group (or choose one of the list).".into(),
                ));
            }
            Some(Group::Other(other))
        }
        i => Group::NAMED.get(i - 1).cloned(),
    };
    if let (Some(g), Some(side)) = (group.as_ref().and_then(Group::side), role.side())
        && g != side
    {
        return Err(FormError::BadGroup(format!(
            "{} is a {} group; choose one of the {} side's.",
            group.as_ref().map_or("", Group::name),
            g.name(),
            side.name()
        )));
    }
    if role == Role::Facilitator && group.is_some() {
        return Err(FormError::BadGroup(
            "A facilitator rates nothing, so has no stakeholder group.".into(),
        ));
    }
    let participant = Participant { name, role, group };
    match index.filter(|i| *i < session.participants.len()) {
        Some(i) => {
            let before = std::mem::replace(&mut session.participants[i], participant);
            let after = &session.participants[i];
            // A renamed participant keeps their ratings, also one put on the other side.
            if let (Some(from), Some(to)) = (before.role.side(), after.role.side()) {
                let new = after.name.clone();
                session.move_rater((from, &before.name), (to, &new));
            }
            Ok(i)
        }
        None => {
            session.participants.push(participant);
            Ok(session.participants.len() - 1)
        }
    }
}

pub fn closing_form(session: &Session) -> Form {
    let c = &session.closing;
    Form::new(
        "Closing answers",
        vec![
            Field::text(FieldId::Achieves, "Achieves", &c.achieves, 3),
            Field::text(FieldId::ClosingCosts, "Costs", &c.costs, 3),
            Field::text(FieldId::ClosingRisks, "Risks", &c.risks, 3),
            Field::text(FieldId::Perception, "Perception", &c.perception, 3),
        ],
    )
}

pub fn apply_closing(form: &Form, session: &mut Session) {
    session.closing = Closing {
        achieves: form.value(FieldId::Achieves).trim().to_string(),
        costs: form.value(FieldId::ClosingCosts).trim().to_string(),
        risks: form.value(FieldId::ClosingRisks).trim().to_string(),
        perception: form.value(FieldId::Perception).trim().to_string(),
    };
}
