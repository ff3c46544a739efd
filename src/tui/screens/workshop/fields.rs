//! The forms of the workshop: each step's item form, the session's details, a participant and
//! the closing answers, built from the session and written back into it. Fields are read by
//! their `FieldId`, never by position.

use super::steps::*;
use crate::domain::*;
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::widgets::form;

/// The fields of the workshop's forms, so each is read by what it is rather than where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldId {
    /// What an item says (the first field of every item form).
    Text,
    Kind,
    Measure,
    Realisation,
    Goal,
    Area,
    /// How much an outcome matters (1–5; 0 for not said).
    Matters,
    Amount,
    /// Whether a cost is removed from the consumer or imposed on them.
    CostDirection,
    Effect,
    Likelihood,
    Impact,
    /// A risk's likelihood and impact once the service is in place (0 for not said).
    AfterLikelihood,
    AfterImpact,
    /// A measure's better direction (up or down) and its figures.
    MeasureDirection,
    Baseline,
    Target,
    Actual,
    Owner,
    Person,
    Due,
    Status,
    Title,
    Service,
    Description,
    Mode,
    /// The timebox of a step, in minutes.
    Minutes(Step),
    /// A component's weight in the value index, in the order of `Component::ALL`.
    Weight(usize),
    Name,
    Role,
    /// A participant's stakeholder group, and the name of an "other" one.
    Group,
    OtherGroup,
    Achieves,
    ClosingCosts,
    ClosingRisks,
    Perception,
    /// The discussion note on a rated item.
    Note,
    /// The rated item an agreement resolves.
    Resolves,
    /// A consumer goal from the Context step, picked as the goal a usefulness item serves.
    GoalPick,
}

pub type Form = form::Form<FieldId>;

/// Why a form cannot be applied yet; shown under its fields, and the form stays open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    #[error("Write some text first (or {} to cancel).", cancel_key())]
    NoText,
    #[error("The session needs a title.")]
    NoTitle,
    #[error("Write the participant's name first (or {} to cancel).", cancel_key())]
    NoName,
    /// The due date does not read as a date; the words say how it should.
    #[error("{0}")]
    BadDate(String),
    #[error("This step has no items.")]
    NoItems,
    /// Someone rating at their own screen (serving) keeps the name and side they joined as.
    #[error("{0} rates at their own screen: change them after the workshop.")]
    Seated(String),
    /// The mode decides who rates and what is hidden, so it stays while people rate remotely.
    #[error("While serving, the mode stays as the workshop started; change it after.")]
    ModeWhileServing,
    /// A participant's group that does not fit (an unnamed other group, the wrong side's).
    #[error("{0}")]
    BadGroup(String),
    /// An amount written as a figure that holds none (`-5 EUR/month`, `40 h/fortnight`).
    #[error("{}", .0.short())]
    BadAmount(crate::domain::balance::AmountError),
    /// A measure's figure that is no number.
    #[error("The {0} `{1}` is not a number (such as 12 or 2.5).")]
    BadFigure(&'static str, String),
    /// A risk's after with only one of its likelihood and impact.
    #[error("Give both the likelihood and the impact after, or neither.")]
    HalfAfter,
    /// A mitigated risk's after worse than before, or an introduced risk's after.
    #[error("{}", after_sentence(.0))]
    BadAfter(crate::domain::AfterProblem),
    /// Weights that are not a 100-point split.
    #[error("The weights add up to {}, not 100 (all 0 means equal weights).", .0.0)]
    BadWeights(balance::WeightsError),
    /// A target on the wrong side of the baseline, or equal to it.
    #[error("{}.", capital(&.0.to_string()))]
    BadMeasure(crate::domain::balance::MeasureError),
}

/// A sentence from an error written to follow a file's place (`path:1:2: the amount…`).
fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A risk's after problem in a sentence short enough for a form's line.
fn after_sentence(problem: &crate::domain::AfterProblem) -> String {
    match problem {
        crate::domain::AfterProblem::Worse { before, after } => format!(
            "After ({after}) is worse than before ({before}): lower it, or mark the risk introduced."
        ),
        crate::domain::AfterProblem::Introduced => {
            "An introduced risk has no after: clear it, or mark the risk mitigated.".into()
        }
    }
}

fn cancel_key() -> String {
    keymap::key_for(Context::Form, Action::Cancel)
}

type Field = form::Field<FieldId>;

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
                Field::text(FieldId::Text, "Text", &c.text, 3),
                Field::choice(FieldId::Kind, "Kind", CONTEXT_KINDS, context_kind(c.kind)),
            ]
        }
        Step::Benefits => {
            let b = index
                .map(|i| session.benefits[i].clone())
                .unwrap_or_default();
            vec![
                Field::text(FieldId::Text, "Benefit", &b.text, 3),
                Field::choice(
                    FieldId::Kind,
                    "Kind",
                    BENEFIT_KINDS,
                    usize::from(b.kind == BenefitKind::Intangible),
                ),
                Field::text(FieldId::Measure, "Measure", &b.measure, 1),
                Field::choice(
                    FieldId::Realisation,
                    "Status",
                    REALISATIONS,
                    usize::from(b.realisation == Realisation::Experienced),
                ),
            ]
            .into_iter()
            .chain(figure_fields(b.figures))
            .collect()
        }
        Step::Usefulness => {
            let u = index
                .map(|i| session.usefulness[i].clone())
                .unwrap_or_default();
            let mut fields = vec![
                Field::text(FieldId::Text, "Usefulness", &u.text, 3),
                Field::text(FieldId::Goal, "Goal served", &u.goal, 1),
            ];
            // The consumer goals written on the Context step, to pick instead of retyping.
            let goals = context_goals(session);
            if !goals.is_empty() {
                let chosen = goals.iter().position(|g| *g == u.goal).map_or(0, |i| i + 1);
                let mut options = vec!["as typed above"];
                options.extend(goals.iter().map(String::as_str));
                fields.push(Field::choice(
                    FieldId::GoalPick,
                    "Context goal",
                    &options,
                    chosen,
                ));
            }
            fields
        }
        Step::Importance => {
            let m = index
                .map(|i| session.importance[i].clone())
                .unwrap_or_default();
            vec![
                Field::text(FieldId::Text, "Why it matters", &m.text, 3),
                Field::text(FieldId::Area, "Area", &m.area, 1),
            ]
        }
        Step::Outcomes => {
            let o = index
                .map(|i| session.outcomes[i].clone())
                .unwrap_or_default();
            vec![
                Field::text(FieldId::Text, "Outcome", &o.text, 3),
                Field::optional_number(
                    FieldId::Matters,
                    "Matters",
                    o.importance.map_or(0, |r| r.get().into()),
                    5,
                    "not said",
                ),
                Field::text(FieldId::Measure, "Measure", &o.measure, 1),
            ]
            .into_iter()
            .chain(figure_fields(o.figures))
            .collect()
        }
        Step::Costs => {
            let c = index.map(|i| session.costs[i].clone()).unwrap_or_default();
            vec![
                Field::text(FieldId::Text, "Cost", &c.text, 3),
                Field::choice(FieldId::Kind, "Kind", COST_KINDS, cost_index(c.kind)),
                Field::choice(
                    FieldId::CostDirection,
                    "The service",
                    COST_DIRECTIONS,
                    usize::from(c.direction == balance::CostDirection::Removed),
                ),
                Field::text(FieldId::Amount, "Amount", &c.amount, 1),
            ]
        }
        Step::Risks => {
            let r = index.map(|i| session.risks[i].clone()).unwrap_or_default();
            vec![
                Field::text(FieldId::Text, "Risk", &r.text, 3),
                Field::choice(
                    FieldId::Effect,
                    "Effect",
                    EFFECTS,
                    usize::from(r.effect == RiskEffect::Introduced),
                ),
                Field::number(
                    FieldId::Likelihood,
                    "Likelihood",
                    r.likelihood.get().into(),
                    1,
                    5,
                ),
                Field::number(FieldId::Impact, "Impact", r.impact.get().into(), 1, 5),
                Field::optional_number(
                    FieldId::AfterLikelihood,
                    "Likelihood after",
                    r.after.map_or(0, |a| a.likelihood.get().into()),
                    5,
                    "not said",
                ),
                Field::optional_number(
                    FieldId::AfterImpact,
                    "Impact after",
                    r.after.map_or(0, |a| a.impact.get().into()),
                    5,
                    "not said",
                ),
            ]
        }
        Step::Agreements => {
            let a = index
                .map(|i| session.agreements[i].clone())
                .unwrap_or_default();
            vec![
                Field::text(FieldId::Text, "Action", &a.text, 3),
                Field::choice(FieldId::Owner, "Owner", OWNERS, owner_index(a.owner)),
                Field::text(FieldId::Person, "Person", &a.person, 1),
                Field::text(
                    FieldId::Due,
                    "Due",
                    &a.due.map(|d| d.to_string()).unwrap_or_default(),
                    1,
                ),
                Field::choice(
                    FieldId::Status,
                    "Status",
                    STATUSES,
                    AgreementStatus::ALL
                        .iter()
                        .position(|s| *s == a.status)
                        .unwrap_or(0),
                ),
                resolves_field(session, &a),
            ]
        }
        Step::Setup | Step::Summary => Vec::new(),
    };
    let mut fields = fields;
    // What the room said about a rated item, kept beside it (and in the report).
    if step.dimension().is_some() {
        let note = index
            .and_then(|i| session.note(step, cells(session, step, i).0))
            .unwrap_or_default();
        fields.push(Field::text(FieldId::Note, "Note", note, 2));
    }
    Form::new(title, fields)
}

/// The form for only the note of item `index` of a rated `step` (rating alone, the rest of
/// the item is the room's).
pub fn note_form(session: &Session, step: Step, index: usize) -> Form {
    let text = cells(session, step, index).0;
    let note = session.note(step, text).unwrap_or_default();
    Form::new(
        format!("Note on “{}”", crate::text::fit(text, 50)),
        vec![Field::text(FieldId::Note, "Note", note, 3)],
    )
}

/// `form` without its field `id` (a field whose value would not be accepted here).
pub fn without(form: Form, id: FieldId) -> Form {
    let fields = form.fields.into_iter().filter(|f| f.id != id).collect();
    Form::new(form.title, fields)
}

/// The consumer goals of the Context step, in their order.
fn context_goals(session: &Session) -> Vec<String> {
    session
        .context
        .iter()
        .filter(|c| c.kind == ContextKind::ConsumerGoal)
        .map(|c| c.text.clone())
        .collect()
}

/// The rated items an agreement can name as the one it resolves, in step order.
fn resolvable(session: &Session) -> Vec<(Step, String)> {
    session
        .rated_items()
        .map(|i| (i.dimension.step(), i.text.to_string()))
        .collect()
}

/// "nothing" or one of the rated items, the agreement's own choice selected.
fn resolves_field(session: &Session, a: &Agreement) -> Field {
    let items = resolvable(session);
    let chosen = session
        .resolves(a)
        .and_then(|(step, text)| items.iter().position(|(s, t)| *s == step && t == text))
        .map_or(0, |i| i + 1);
    let words: Vec<String> = std::iter::once("nothing".to_string())
        .chain(
            items
                .iter()
                .map(|(step, text)| format!("{}: {}", step.title(), crate::text::fit(text, 60))),
        )
        .collect();
    let options: Vec<&str> = words.iter().map(String::as_str).collect();
    Field::choice(FieldId::Resolves, "Resolves", &options, chosen)
}

fn text_of(form: &Form, id: FieldId) -> Result<String, FormError> {
    let text = form.value(id).trim().to_string();
    if text.is_empty() {
        Err(FormError::NoText)
    } else {
        Ok(text)
    }
}

/// A cost from its form; an amount written as a figure must hold one.
fn cost_of(form: &Form, id: String, text: String, rating: Ratings) -> Result<Cost, FormError> {
    let amount = form.value(FieldId::Amount).trim().to_string();
    balance::parse_amount(&amount).map_err(FormError::BadAmount)?;
    Ok(Cost {
        id,
        text,
        kind: [CostKind::Money, CostKind::Time, CostKind::Effort][form.choice(FieldId::Kind)],
        direction: [
            balance::CostDirection::Imposed,
            balance::CostDirection::Removed,
        ][form.choice(FieldId::CostDirection)],
        amount,
        rating,
    })
}

/// A risk from its form; an after needs both its likelihood and its impact.
fn risk_of(form: &Form, id: String, text: String, rating: Ratings) -> Result<Risk, FormError> {
    let after = |field| form.number(field).filter(|n| *n > 0).map(level);
    if after(FieldId::AfterLikelihood).is_some() != after(FieldId::AfterImpact).is_some() {
        return Err(FormError::HalfAfter);
    }
    let risk = Risk {
        id,
        text,
        effect: [RiskEffect::Mitigated, RiskEffect::Introduced][form.choice(FieldId::Effect)],
        likelihood: level(form.number(FieldId::Likelihood).unwrap_or(3)),
        impact: level(form.number(FieldId::Impact).unwrap_or(3)),
        after: after(FieldId::AfterLikelihood)
            .zip(after(FieldId::AfterImpact))
            .map(|(likelihood, impact)| Level { likelihood, impact }),
        rating,
    };
    match risk.after_problem() {
        Some(problem) => Err(FormError::BadAfter(problem)),
        None => Ok(risk),
    }
}

/// The fields of a measure's figures (benefits and outcomes), blank where unknown.
fn figure_fields(figures: Option<balance::Figures>) -> Vec<Field> {
    let f = figures.unwrap_or_default();
    let text =
        |figure: Option<balance::Figure>| figure.map_or(String::new(), |n| n.get().to_string());
    vec![
        Field::choice(
            FieldId::MeasureDirection,
            "Better when",
            MEASURE_DIRECTIONS,
            usize::from(f.direction == balance::Direction::Down),
        ),
        Field::text(FieldId::Baseline, "Baseline", &text(f.baseline), 1),
        Field::text(FieldId::Target, "Target", &text(f.target), 1),
        Field::text(FieldId::Actual, "Actual", &text(f.actual), 1),
    ]
}

/// The figures a form gives; `None` when it gives none.
fn figures_of(form: &Form) -> Result<Option<balance::Figures>, FormError> {
    let figure = |id, name| -> Result<Option<balance::Figure>, FormError> {
        let text = form.value(id).trim().replace(',', "");
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<f64>()
            .ok()
            .and_then(balance::Figure::new)
            .map(Some)
            .ok_or_else(|| FormError::BadFigure(name, form.value(id).trim().to_string()))
    };
    let figures = balance::Figures {
        direction: [balance::Direction::Up, balance::Direction::Down]
            [form.choice(FieldId::MeasureDirection)],
        baseline: figure(FieldId::Baseline, "baseline")?,
        target: figure(FieldId::Target, "target")?,
        actual: figure(FieldId::Actual, "actual")?,
    };
    figures.check().map_err(FormError::BadMeasure)?;
    Ok((!figures.is_empty()).then_some(figures))
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
) -> Result<usize, FormError> {
    let text = text_of(form, FieldId::Text)?;
    // The item's text before the edit: notes and resolutions follow it when it changes.
    let old_text = index
        .filter(|i| *i < session.item_count(step))
        .map(|i| cells(session, step, i).0.to_string());
    let new_text = text.clone();
    fn put<T>(list: &mut impl List<T>, index: Option<usize>, item: T) -> usize {
        match index.and_then(|i| Some((i, list.item_mut(i)?))) {
            Some((i, slot)) => {
                *slot = item;
                i
            }
            None => {
                list.push_item(item);
                list.item_count() - 1
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
            ][form.choice(FieldId::Kind)];
            put(&mut session.context, index, ContextItem { id, text, kind })
        }
        Step::Benefits => {
            let item = Benefit {
                id,
                text,
                kind: [BenefitKind::Tangible, BenefitKind::Intangible][form.choice(FieldId::Kind)],
                measure: form.value(FieldId::Measure).trim().to_string(),
                figures: figures_of(form)?,
                realisation: [Realisation::Expected, Realisation::Experienced]
                    [form.choice(FieldId::Realisation)],
                rating,
            };
            put(&mut session.benefits, index, item)
        }
        Step::Usefulness => {
            // The form does not edit it: an edit keeps what the item had.
            let importance = index
                .and_then(|i| session.usefulness.get(i))
                .and_then(|u| u.importance);
            let item = Usefulness {
                id,
                text,
                goal: match form
                    .choice(FieldId::GoalPick)
                    .checked_sub(1)
                    .and_then(|i| context_goals(session).get(i).cloned())
                {
                    Some(goal) => goal,
                    None => form.value(FieldId::Goal).trim().to_string(),
                },
                importance,
                rating,
            };
            put(&mut session.usefulness, index, item)
        }
        Step::Importance => put(
            &mut session.importance,
            index,
            Importance {
                id,
                text,
                area: form.value(FieldId::Area).trim().to_string(),
                rating,
            },
        ),
        Step::Outcomes => {
            let importance = form
                .number(FieldId::Matters)
                .and_then(|n| Rating::new(n as u8));
            put(
                &mut session.outcomes,
                index,
                Outcome {
                    id,
                    text,
                    importance,
                    measure: form.value(FieldId::Measure).trim().to_string(),
                    figures: figures_of(form)?,
                    rating,
                },
            )
        }
        Step::Costs => put(&mut session.costs, index, cost_of(form, id, text, rating)?),
        Step::Risks => put(&mut session.risks, index, risk_of(form, id, text, rating)?),
        Step::Agreements => {
            let due_text = form.value(FieldId::Due);
            let due = if due_text.trim().is_empty() {
                None
            } else {
                Some(
                    due_text
                        .trim()
                        .parse::<Date>()
                        .map_err(|e| FormError::BadDate(e.to_string()))?,
                )
            };
            let item = Agreement {
                id,
                text,
                owner: [Owner::Provider, Owner::Consumer, Owner::Both][form.choice(FieldId::Owner)],
                person: form.value(FieldId::Person).trim().to_string(),
                due,
                status: AgreementStatus::ALL[form.choice(FieldId::Status).min(2)],
                carried: index
                    .and_then(|i| session.agreements.get(i))
                    .is_some_and(|a| a.carried),
            };
            put(&mut session.agreements, index, item)
        }
        Step::Setup | Step::Summary => return Err(FormError::NoItems),
    };
    if let Some(old) = old_text.filter(|old| *old != new_text) {
        session.rename_item(step, &old, &new_text);
    }
    if step.dimension().is_some() {
        session.set_note(step, &new_text, form.value(FieldId::Note).trim());
    }
    if step == Step::Agreements {
        // One item per agreement: the choice replaces what it named before.
        let items = resolvable(session);
        session.resolutions.retain(|r| r.agreement != new_text);
        if let Some((item_step, item)) = form
            .choice(FieldId::Resolves)
            .checked_sub(1)
            .and_then(|i| items.get(i))
        {
            session.resolutions.push(Resolution {
                agreement: new_text.clone(),
                step: *item_step,
                item: item.clone(),
            });
        }
    }
    session.ensure_ids();
    Ok(at)
}

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
            // A renamed participant keeps their ratings (on a side they still rate for).
            if let (Some(side), true) =
                (before.role.side(), before.role.side() == after.role.side())
            {
                let new = after.name.clone();
                session.rename_rater(side, &before.name, &new);
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
