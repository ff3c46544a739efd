//! What each step shows and edits: its guiding question, the columns of its list, and the form
//! for one of its items. The screens draw these; this module only maps items to fields and back.

use crate::domain::*;
use crate::tui::widgets::form::{Field, Form};

/// The question each step puts to the room, in our own words.
pub fn question(step: Step) -> &'static str {
    match step {
        Step::Setup => "Which service, who is in the room, and how long for each step?",
        Step::Context => {
            "What is the consumer after, what holds them back, what can the provider bring?"
        }
        Step::Benefits => "What good does the consumer expect from the service, or already get?",
        Step::Usefulness => {
            "How well does it help the consumer reach their goals? Relevance, not features."
        }
        Step::Importance => "How much does the service matter: to operations, compliance, people?",
        Step::Outcomes => {
            "What does the consumer want to achieve, and how far does the service get them?"
        }
        Step::Costs => "What does the consumer invest in money, time and effort? Is it acceptable?",
        Step::Risks => {
            "Which risks does it take away, which does it bring, how well are they handled?"
        }
        Step::Agreements => {
            "Who does what next, and by when, so that the value is really co-created?"
        }
        Step::Summary => {
            "Is the service worth what it costs, and where do the sides still disagree?"
        }
    }
}

/// What a rating means on this step, for the column header and help.
pub fn rating_meaning(step: Step) -> &'static str {
    match step {
        Step::Benefits => "how strongly felt",
        Step::Usefulness => "how well it enables the goal",
        Step::Importance => "how much it matters",
        Step::Outcomes => "how far achieved",
        Step::Costs => "how acceptable",
        Step::Risks => "how well managed",
        _ => "",
    }
}

const CONTEXT_KINDS: &[&str] = &["goal", "constraint", "behaviour", "capability"];
const BENEFIT_KINDS: &[&str] = &["tangible", "intangible"];
const REALISATIONS: &[&str] = &["expected", "experienced"];
const COST_KINDS: &[&str] = &["money", "time", "effort"];
const EFFECTS: &[&str] = &["mitigated", "introduced"];
const OWNERS: &[&str] = &["provider", "consumer", "both"];
const ROLES: &[&str] = &["provider", "consumer", "facilitator"];
const STATUSES: &[&str] = &["open", "done", "dropped"];
const MODES: &[&str] = &["workshop", "provider alone", "consumer alone"];

fn context_kind(kind: ContextKind) -> usize {
    match kind {
        ContextKind::ConsumerGoal => 0,
        ContextKind::ConsumerConstraint => 1,
        ContextKind::ConsumerBehaviour => 2,
        ContextKind::ProviderCapability => 3,
    }
}

pub fn context_label(kind: ContextKind) -> &'static str {
    match kind {
        ContextKind::ConsumerGoal => "consumer goal",
        ContextKind::ConsumerConstraint => "consumer constraint",
        ContextKind::ConsumerBehaviour => "consumer behaviour",
        ContextKind::ProviderCapability => "provider capability",
    }
}

pub fn owner_label(owner: Owner) -> &'static str {
    OWNERS[owner_index(owner)]
}

fn owner_index(owner: Owner) -> usize {
    match owner {
        Owner::Provider => 0,
        Owner::Consumer => 1,
        Owner::Both => 2,
    }
}

pub fn role_label(role: Role) -> &'static str {
    ROLES[role_index(role)]
}

fn role_index(role: Role) -> usize {
    match role {
        Role::Provider => 0,
        Role::Consumer => 1,
        Role::Facilitator => 2,
    }
}

fn mode_index(mode: Mode) -> usize {
    match mode {
        Mode::Workshop => 0,
        Mode::ProviderSelfAssessment => 1,
        Mode::ConsumerSelfAssessment => 2,
    }
}

/// The header of the details column of a step's list.
pub fn detail_header(step: Step) -> &'static str {
    match step {
        Step::Context => "kind",
        Step::Benefits => "kind · measure",
        Step::Usefulness => "goal",
        Step::Importance => "area",
        Step::Costs => "kind · amount",
        Step::Risks => "effect  L×I",
        Step::Agreements => "due · owner",
        _ => "",
    }
}

/// The text and the details of item `index` of `step`.
pub fn cells(session: &Session, step: Step, index: usize) -> (&str, String) {
    match step {
        Step::Context => {
            let c = &session.context[index];
            (&c.text, context_label(c.kind).to_string())
        }
        Step::Benefits => {
            let b = &session.benefits[index];
            let kind = BENEFIT_KINDS[usize::from(b.kind == BenefitKind::Intangible)];
            let details = if b.measure.is_empty() {
                kind.to_string()
            } else {
                format!("{kind} · {}", b.measure)
            };
            (&b.text, details)
        }
        Step::Usefulness => (
            &session.usefulness[index].text,
            session.usefulness[index].goal.clone(),
        ),
        Step::Importance => (
            &session.importance[index].text,
            session.importance[index].area.clone(),
        ),
        Step::Outcomes => (&session.outcomes[index].text, String::new()),
        Step::Costs => {
            let c = &session.costs[index];
            let kind = COST_KINDS[cost_index(c.kind)];
            let details = if c.amount.is_empty() {
                kind.to_string()
            } else {
                format!("{kind} · {}", c.amount)
            };
            (&c.text, details)
        }
        Step::Risks => {
            let r = &session.risks[index];
            let effect = EFFECTS[usize::from(r.effect == RiskEffect::Introduced)];
            (
                &r.text,
                format!("{effect} {}×{}={}", r.likelihood, r.impact, r.exposure()),
            )
        }
        Step::Agreements => {
            let a = &session.agreements[index];
            let who = if a.person.is_empty() {
                owner_label(a.owner).to_string()
            } else {
                a.person.clone()
            };
            // The due date first: it is what a facilitator scans a list of actions for.
            let due = a.due.map_or(String::new(), |d| format!("{d} · "));
            let done = match (a.carried, a.status()) {
                (_, "done") => "✓ ",
                (_, "dropped") => "✗ ",
                (true, _) => "↻ ",
                _ => "",
            };
            (&a.text, format!("{done}{due}{who}"))
        }
        Step::Setup | Step::Summary => ("", String::new()),
    }
}

fn cost_index(kind: CostKind) -> usize {
    match kind {
        CostKind::Money => 0,
        CostKind::Time => 1,
        CostKind::Effort => 2,
    }
}

/// The form for a new item (`index` = None) or for editing item `index` of `step`.
pub fn item_form(session: &Session, step: Step, index: Option<usize>) -> Form {
    let verb = if index.is_some() { "Edit" } else { "Add" };
    let title = format!("{verb} {}", singular(step));
    let fields = match step {
        Step::Context => {
            let c = index
                .map(|i| session.context[i].clone())
                .unwrap_or_default();
            vec![
                Field::text("Text", &c.text, 3),
                Field::choice("Kind", CONTEXT_KINDS, context_kind(c.kind)),
            ]
        }
        Step::Benefits => {
            let b = index
                .map(|i| session.benefits[i].clone())
                .unwrap_or_default();
            vec![
                Field::text("Benefit", &b.text, 3),
                Field::choice(
                    "Kind",
                    BENEFIT_KINDS,
                    usize::from(b.kind == BenefitKind::Intangible),
                ),
                Field::text("Measure", &b.measure, 1),
                Field::choice(
                    "Status",
                    REALISATIONS,
                    usize::from(b.realisation == Realisation::Experienced),
                ),
            ]
        }
        Step::Usefulness => {
            let u = index
                .map(|i| session.usefulness[i].clone())
                .unwrap_or_default();
            vec![
                Field::text("Usefulness", &u.text, 3),
                Field::text("Goal served", &u.goal, 1),
            ]
        }
        Step::Importance => {
            let m = index
                .map(|i| session.importance[i].clone())
                .unwrap_or_default();
            vec![
                Field::text("Why it matters", &m.text, 3),
                Field::text("Area", &m.area, 1),
            ]
        }
        Step::Outcomes => {
            let o = index
                .map(|i| session.outcomes[i].clone())
                .unwrap_or_default();
            vec![
                Field::text("Outcome", &o.text, 3),
                Field::number(
                    "Matters (1-5)",
                    o.importance.map_or(0, |r| r.get().into()),
                    0,
                    5,
                ),
            ]
        }
        Step::Costs => {
            let c = index.map(|i| session.costs[i].clone()).unwrap_or_default();
            vec![
                Field::text("Cost", &c.text, 3),
                Field::choice("Kind", COST_KINDS, cost_index(c.kind)),
                Field::text("Amount", &c.amount, 1),
            ]
        }
        Step::Risks => {
            let r = index.map(|i| session.risks[i].clone()).unwrap_or_default();
            vec![
                Field::text("Risk", &r.text, 3),
                Field::choice(
                    "Effect",
                    EFFECTS,
                    usize::from(r.effect == RiskEffect::Introduced),
                ),
                Field::number("Likelihood", r.likelihood.get().into(), 1, 5),
                Field::number("Impact", r.impact.get().into(), 1, 5),
            ]
        }
        Step::Agreements => {
            let a = index
                .map(|i| session.agreements[i].clone())
                .unwrap_or_default();
            vec![
                Field::text("Action", &a.text, 3),
                Field::choice("Owner", OWNERS, owner_index(a.owner)),
                Field::text("Person", &a.person, 1),
                Field::text("Due", &a.due.map(|d| d.to_string()).unwrap_or_default(), 1),
                Field::choice(
                    "Status",
                    STATUSES,
                    AgreementStatus::ALL
                        .iter()
                        .position(|s| *s == a.status)
                        .unwrap_or(0),
                ),
            ]
        }
        Step::Setup | Step::Summary => Vec::new(),
    };
    Form::new(title, fields)
}

pub fn singular(step: Step) -> &'static str {
    match step {
        Step::Context => "context item",
        Step::Benefits => "benefit",
        Step::Usefulness => "usefulness item",
        Step::Importance => "importance item",
        Step::Outcomes => "outcome",
        Step::Costs => "cost",
        Step::Risks => "risk",
        Step::Agreements => "agreement",
        Step::Setup => "participant",
        Step::Summary => "closing answers",
    }
}

fn text_of(form: &Form, index: usize) -> Result<String, String> {
    let text = form.value(index).trim().to_string();
    if text.is_empty() {
        Err("Write some text first (or Esc to cancel).".to_string())
    } else {
        Ok(text)
    }
}

fn level(value: u32) -> Rating {
    Rating::new(value.clamp(1, 5) as u8).unwrap_or(Rating::new(3).expect("3 is a rating"))
}

/// Writes the form into item `index` of `step` (or a new item at the end); returns its index.
/// Ratings are kept: the form edits what an item says, the number keys rate it.
pub fn apply_item(
    form: &Form,
    session: &mut Session,
    step: Step,
    index: Option<usize>,
) -> Result<usize, String> {
    let text = text_of(form, 0)?;
    fn put<T>(list: &mut Vec<T>, index: Option<usize>, item: T) -> usize {
        match index {
            Some(i) if i < list.len() => {
                list[i] = item;
                i
            }
            _ => {
                list.push(item);
                list.len() - 1
            }
        }
    }
    let rating = step
        .dimension()
        .zip(index)
        .and_then(|(d, i)| session.ratings(d, i))
        .unwrap_or_default();
    // An edited item keeps its identity; a new one gets its id below.
    let id = index
        .and_then(|i| session.item_id(step, i))
        .unwrap_or_default()
        .to_string();
    let at = match step {
        Step::Context => {
            let kind = [
                ContextKind::ConsumerGoal,
                ContextKind::ConsumerConstraint,
                ContextKind::ConsumerBehaviour,
                ContextKind::ProviderCapability,
            ][form.choice(1)];
            put(&mut session.context, index, ContextItem { id, text, kind })
        }
        Step::Benefits => {
            let item = Benefit {
                id,
                text,
                kind: [BenefitKind::Tangible, BenefitKind::Intangible][form.choice(1)],
                measure: form.value(2).trim().to_string(),
                realisation: [Realisation::Expected, Realisation::Experienced][form.choice(3)],
                rating,
            };
            put(&mut session.benefits, index, item)
        }
        Step::Usefulness => put(
            &mut session.usefulness,
            index,
            Usefulness {
                id,
                text,
                goal: form.value(1).trim().to_string(),
                importance: Rating::new(form.number(2) as u8),
                rating,
            },
        ),
        Step::Importance => put(
            &mut session.importance,
            index,
            Importance {
                id,
                text,
                area: form.value(1).trim().to_string(),
                rating,
            },
        ),
        Step::Outcomes => {
            let importance = Rating::new(form.number(1) as u8);
            put(
                &mut session.outcomes,
                index,
                Outcome {
                    id,
                    text,
                    importance,
                    rating,
                },
            )
        }
        Step::Costs => {
            let item = Cost {
                id,
                text,
                kind: [CostKind::Money, CostKind::Time, CostKind::Effort][form.choice(1)],
                amount: form.value(2).trim().to_string(),
                rating,
            };
            put(&mut session.costs, index, item)
        }
        Step::Risks => {
            let item = Risk {
                id,
                text,
                effect: [RiskEffect::Mitigated, RiskEffect::Introduced][form.choice(1)],
                likelihood: level(form.number(2)),
                impact: level(form.number(3)),
                rating,
            };
            put(&mut session.risks, index, item)
        }
        Step::Agreements => {
            let due_text = form.value(3);
            let due = if due_text.trim().is_empty() {
                None
            } else {
                Some(due_text.trim().parse::<Date>()?)
            };
            let item = Agreement {
                id,
                text,
                owner: [Owner::Provider, Owner::Consumer, Owner::Both][form.choice(1)],
                person: form.value(2).trim().to_string(),
                due,
                status: AgreementStatus::ALL[form.choice(4).min(2)],
                carried: index
                    .and_then(|i| session.agreements.get(i))
                    .is_some_and(|a| a.carried),
            };
            put(&mut session.agreements, index, item)
        }
        Step::Setup | Step::Summary => return Err("This step has no items.".to_string()),
    };
    session.ensure_ids();
    Ok(at)
}

/// Removes item `index` of `step`; false if there is none.
pub fn remove_item(session: &mut Session, step: Step, index: usize) -> bool {
    fn take<T>(list: &mut Vec<T>, index: usize) -> bool {
        (index < list.len()).then(|| list.remove(index)).is_some()
    }
    match step {
        Step::Context => take(&mut session.context, index),
        Step::Benefits => take(&mut session.benefits, index),
        Step::Usefulness => take(&mut session.usefulness, index),
        Step::Importance => take(&mut session.importance, index),
        Step::Outcomes => take(&mut session.outcomes, index),
        Step::Costs => take(&mut session.costs, index),
        Step::Risks => take(&mut session.risks, index),
        Step::Agreements => take(&mut session.agreements, index),
        Step::Setup => take(
            &mut session.participants,
            index.wrapping_sub(SETUP_DETAIL_ROWS),
        ),
        Step::Summary => false,
    }
}

/// Setup lists the session's details first, then the participants.
pub const SETUP_DETAIL_ROWS: usize = 5;

/// The label and value of Setup's detail row `row`.
pub fn setup_detail(session: &Session, row: usize) -> (&'static str, String) {
    match row {
        0 => ("Title", session.title.clone()),
        1 => ("Service", session.service.clone()),
        2 => ("Description", session.description.clone()),
        3 => ("Mode", session.mode.describe().to_string()),
        _ => {
            let boxes: Vec<String> = session
                .timebox
                .iter()
                .map(|(s, m)| format!("{} {m}′", s.title()))
                .collect();
            (
                "Timeboxes",
                if boxes.is_empty() {
                    "default: 10′ a step, 15′ for the summary".to_string()
                } else {
                    boxes.join(", ")
                },
            )
        }
    }
}

/// The steps that can have a timebox: all but Setup, in the order the details form lists them.
fn timed_steps() -> &'static [Step] {
    &Step::ALL[1..]
}

pub fn details_form(session: &Session) -> Form {
    let mut fields = vec![
        Field::text("Title", &session.title, 1),
        Field::text("Service", &session.service, 1),
        Field::text("Description", &session.description, 2),
        Field::choice("Mode", MODES, mode_index(session.mode)),
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
        fields.push(Field::number(
            label,
            session.timebox.get(&step).copied().unwrap_or(0),
            0,
            240,
        ));
    }
    Form::new("Session details", fields)
}

pub fn apply_details(form: &Form, session: &mut Session) -> Result<(), String> {
    let title = form.value(0).trim().to_string();
    if title.is_empty() {
        return Err("The session needs a title.".to_string());
    }
    session.title = title;
    session.service = form.value(1).trim().to_string();
    session.description = form.value(2).trim().to_string();
    session.mode = [
        Mode::Workshop,
        Mode::ProviderSelfAssessment,
        Mode::ConsumerSelfAssessment,
    ][form.choice(3)];
    session.timebox.clear();
    for (i, step) in timed_steps().iter().copied().enumerate() {
        let minutes = form.number(4 + i);
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
            Field::text("Name", p.map_or("", |p| p.name.as_str()), 1),
            Field::choice("Side", ROLES, p.map_or(0, |p| role_index(p.role))),
            Field::choice(
                "Group",
                GROUPS,
                p.map_or(0, |p| group_index(p.group.as_ref())),
            ),
            Field::text(
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

pub fn apply_participant(
    form: &Form,
    session: &mut Session,
    index: Option<usize>,
) -> Result<usize, String> {
    let name = form.value(0).trim().to_string();
    if name.is_empty() {
        return Err("Write the participant's name first (or Esc to cancel).".to_string());
    }
    let role = [Role::Provider, Role::Consumer, Role::Facilitator][form.choice(1)];
    let group = match form.choice(2) {
        0 => None,
        i if i == GROUPS.len() - 1 => {
            let other = form.value(3).trim().to_string();
            if other.is_empty() {
                return Err("Name the other group (or choose one of the list).".to_string());
            }
            Some(Group::Other(other))
        }
        i => Group::NAMED.get(i - 1).cloned(),
    };
    if let (Some(g), Some(side)) = (group.as_ref().and_then(Group::side), role.side())
        && g != side
    {
        return Err(format!(
            "{} is a {} group; choose one of the {} side's.",
            group.as_ref().map_or("", Group::name),
            g.name(),
            side.name()
        ));
    }
    if role == Role::Facilitator && group.is_some() {
        return Err("A facilitator rates nothing, so has no stakeholder group.".to_string());
    }
    let participant = Participant { name, role, group };
    match index.filter(|i| *i < session.participants.len()) {
        Some(i) => {
            session.participants[i] = participant;
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
            Field::text("Achieves", &c.achieves, 3),
            Field::text("Costs", &c.costs, 3),
            Field::text("Risks", &c.risks, 3),
            Field::text("Perception", &c.perception, 3),
        ],
    )
}

pub fn apply_closing(form: &Form, session: &mut Session) {
    session.closing = Closing {
        achieves: form.value(0).trim().to_string(),
        costs: form.value(1).trim().to_string(),
        risks: form.value(2).trim().to_string(),
        perception: form.value(3).trim().to_string(),
    };
}
