//! Building each step's item form from the session: one function per kind of item, the note
//! of a rated item after its fields.

use super::super::steps::*;
use super::{Field, FieldId, Form, context_goals, resolvable};
use crate::domain::*;

/// The form for a new item (`index` = None) or for editing item `index` of `step`.
pub fn item_form(session: &Session, step: Step, index: Option<usize>) -> Form {
    let verb = if index.is_some() { "Edit" } else { "Add" };
    let title = format!("{verb} {}", singular(step));
    let mut fields = match step {
        Step::Context => context_fields(session, index),
        Step::Benefits => benefit_fields(session, index),
        Step::Usefulness => usefulness_fields(session, index),
        Step::Importance => importance_fields(session, index),
        Step::Outcomes => outcome_fields(session, index),
        Step::Costs => cost_fields(session, index),
        Step::Risks => risk_fields(session, index),
        Step::Agreements => agreement_fields(session, index),
        Step::Setup | Step::Summary => Vec::new(),
    };
    // What the room said about a rated item, kept beside it (and in the report).
    if step.dimension().is_some() {
        let note = index
            .and_then(|i| session.item_id(step, i))
            .and_then(|id| session.note_on(id))
            .unwrap_or_default();
        fields.push(Field::text(FieldId::Note, "Note", note, 2));
    }
    Form::new(title, fields)
}

fn context_fields(session: &Session, index: Option<usize>) -> Vec<Field> {
    let item = shown(session, Step::Context, index);
    let c = item.context();
    vec![
        Field::text(FieldId::Text, "Text", &item.text, 3),
        Field::choice(FieldId::Kind, "Kind", CONTEXT_KINDS, context_kind(c.kind)),
    ]
}

fn benefit_fields(session: &Session, index: Option<usize>) -> Vec<Field> {
    let item = shown(session, Step::Benefits, index);
    let b = item.benefit();
    vec![
        Field::text(FieldId::Text, "Benefit", &item.text, 3),
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

fn usefulness_fields(session: &Session, index: Option<usize>) -> Vec<Field> {
    let item = shown(session, Step::Usefulness, index);
    let u = item.usefulness();
    let mut fields = vec![
        Field::text(FieldId::Text, "Usefulness", &item.text, 3),
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

fn importance_fields(session: &Session, index: Option<usize>) -> Vec<Field> {
    let item = shown(session, Step::Importance, index);
    let m = item.importance();
    vec![
        Field::text(FieldId::Text, "Why it matters", &item.text, 3),
        Field::text(FieldId::Area, "Area", &m.area, 1),
    ]
}

fn outcome_fields(session: &Session, index: Option<usize>) -> Vec<Field> {
    let item = shown(session, Step::Outcomes, index);
    let o = item.outcome();
    vec![
        Field::text(FieldId::Text, "Outcome", &item.text, 3),
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

fn cost_fields(session: &Session, index: Option<usize>) -> Vec<Field> {
    let item = shown(session, Step::Costs, index);
    let c = item.cost();
    vec![
        Field::text(FieldId::Text, "Cost", &item.text, 3),
        Field::choice(FieldId::Kind, "Kind", COST_KINDS, cost_index(c.kind)),
        Field::choice(
            FieldId::CostDirection,
            "The service",
            COST_DIRECTIONS,
            usize::from(c.direction == balance::CostDirection::Removed),
        ),
        Field::text(FieldId::Amount, "Amount", c.amount(), 1),
    ]
}

fn risk_fields(session: &Session, index: Option<usize>) -> Vec<Field> {
    let item = shown(session, Step::Risks, index);
    let r = item.risk();
    vec![
        Field::text(FieldId::Text, "Risk", &item.text, 3),
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

fn agreement_fields(session: &Session, index: Option<usize>) -> Vec<Field> {
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

/// The fields of a measure's figures (benefits and outcomes), blank where unknown.
fn figure_fields(figures: Option<balance::Figures>) -> Vec<Field> {
    let f = figures.unwrap_or_default();
    // As the figure reads back: a bug wrote 12.345 as it is, which the form then refused as
    // ambiguous, so the item could not be saved again.
    let text = |figure: Option<balance::Figure>| {
        figure.map_or(String::new(), |n| balance::amount::typed_figure(n.get()))
    };
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

/// "nothing" or one of the rated items, the agreement's own choice selected.
fn resolves_field(session: &Session, a: &Agreement) -> Field {
    let items = resolvable(session);
    let chosen = session
        .resolved_item(a)
        .and_then(|item| items.iter().position(|(_, id, _)| id == item.id))
        .map_or(0, |i| i + 1);
    let words: Vec<String> = std::iter::once("nothing".to_string())
        .chain(
            items
                .iter()
                .map(|(step, _, text)| format!("{}: {}", step.title(), crate::text::fit(text, 60))),
        )
        .collect();
    let options: Vec<&str> = words.iter().map(String::as_str).collect();
    Field::choice(FieldId::Resolves, "Resolves", &options, chosen)
}

/// The form for only the note of item `index` of a rated `step` (rating alone, the rest of
/// the item is the room's).
pub fn note_form(session: &Session, step: Step, index: usize) -> Form {
    let text = cells(session, step, index).0;
    let note = session
        .item_id(step, index)
        .and_then(|id| session.note_on(id))
        .unwrap_or_default();
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

/// The item being edited, or a fresh one of the step's to fill in.
fn shown(session: &Session, step: Step, index: Option<usize>) -> Item {
    index
        .and_then(|i| session.item(step, i))
        .cloned()
        .or_else(|| Item::new(step, ""))
        .unwrap_or_else(|| Item::from(ContextItem::default()))
}
