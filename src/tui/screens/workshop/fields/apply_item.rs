//! Writing an item form back into the session: one function per kind of item, then what
//! follows an item's text (its note, its resolution, notes and resolutions of a renamed item).

use super::{FieldId, Form, FormError, context_goals, resolvable};
use crate::domain::*;

fn text_of(form: &Form, id: FieldId) -> Result<String, FormError> {
    let text = form.value(id).trim().to_string();
    if text.is_empty() {
        Err(FormError::NoText)
    } else {
        Ok(text)
    }
}

/// A cost from its form; an amount written as a figure must hold one.
fn cost_of(form: &Form) -> Result<CostPart, FormError> {
    let amount = form.value(FieldId::Amount).trim().to_string();
    balance::parse_amount(&amount).map_err(FormError::BadAmount)?;
    Ok(CostPart::new(
        [CostKind::Money, CostKind::Time, CostKind::Effort][form.choice(FieldId::Kind)],
        [
            balance::CostDirection::Imposed,
            balance::CostDirection::Removed,
        ][form.choice(FieldId::CostDirection)],
        amount,
    ))
}

/// A risk from its form; an after needs both its likelihood and its impact.
fn risk_of(form: &Form) -> Result<RiskPart, FormError> {
    let after = |field| form.number(field).filter(|n| *n > 0).map(level);
    if after(FieldId::AfterLikelihood).is_some() != after(FieldId::AfterImpact).is_some() {
        return Err(FormError::HalfAfter);
    }
    let risk = RiskPart {
        effect: [RiskEffect::Mitigated, RiskEffect::Introduced][form.choice(FieldId::Effect)],
        likelihood: level(form.number(FieldId::Likelihood).unwrap_or(3)),
        impact: level(form.number(FieldId::Impact).unwrap_or(3)),
        after: after(FieldId::AfterLikelihood)
            .zip(after(FieldId::AfterImpact))
            .map(|(likelihood, impact)| Level { likelihood, impact }),
    };
    match risk.after_problem() {
        Some(problem) => Err(FormError::BadAfter(problem)),
        None => Ok(risk),
    }
}

/// The figures a form gives; `None` when it gives none.
fn figures_of(form: &Form) -> Result<Option<balance::Figures>, FormError> {
    let figure = |id, name| -> Result<Option<balance::Figure>, FormError> {
        let text = form.value(id).trim().to_string();
        let text = text.as_str();
        if text.is_empty() {
            return Ok(None);
        }
        let value = balance::read_figure(text).map_err(|e| match e {
            balance::NumberError::Ambiguous { thousands, decimal } => FormError::AmbiguousFigure(
                name,
                text.to_string(),
                thousands.to_string(),
                decimal.to_string(),
            ),
            balance::NumberError::Unreadable => FormError::BadFigure(name, text.to_string()),
        })?;
        balance::Figure::new(value)
            .map(Some)
            .ok_or_else(|| FormError::BadFigure(name, text.to_string()))
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
        .map(|i| super::super::steps::cells(session, step, i).0.to_string());
    let new_text = text.clone();
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
    let at = put_item(form, session, step, index, id, text, rating)?;
    if let Some(old) = old_text.filter(|old| *old != new_text) {
        session.rename_item(step, &old, &new_text);
    }
    // A new item's id first: its note and its resolution name it by id.
    session.ensure_ids();
    let id = session.item_id(step, at).unwrap_or_default().to_string();
    if step.dimension().is_some() {
        session.set_note_on(step, &id, form.value(FieldId::Note).trim());
    }
    if step == Step::Agreements {
        put_resolution(form, session, &id);
    }
    Ok(at)
}

/// Puts `item` at `index` of `list` (or at its end); returns where it went.
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

/// Makes the form's item of `step`, with the `id`, `text` and `rating` it keeps, and puts it
/// into its list; returns where it went.
fn put_item(
    form: &Form,
    session: &mut Session,
    step: Step,
    index: Option<usize>,
    id: String,
    text: String,
    rating: Ratings,
) -> Result<usize, FormError> {
    if step == Step::Agreements {
        let item = agreement_of(form, session, index, id, text)?;
        return Ok(put(&mut session.agreements, index, item));
    }
    let part = match step {
        Step::Context => Part::Context(context_of(form)),
        Step::Benefits => Part::Benefit(benefit_of(form)?),
        Step::Usefulness => Part::Usefulness(usefulness_of(form, session, index)),
        Step::Importance => Part::Importance(ImportancePart {
            area: form.value(FieldId::Area).trim().to_string(),
        }),
        Step::Outcomes => Part::Outcome(outcome_of(form)?),
        Step::Costs => Part::Cost(cost_of(form)?),
        Step::Risks => Part::Risk(risk_of(form)?),
        Step::Setup | Step::Agreements | Step::Summary => return Err(FormError::NoItems),
    };
    let items = session.items_mut(step).ok_or(FormError::NoItems)?;
    Ok(put(
        items,
        index,
        Item {
            id,
            text,
            rating,
            part,
        },
    ))
}

fn context_of(form: &Form) -> ContextPart {
    let kind = [
        ContextKind::ConsumerGoal,
        ContextKind::ConsumerConstraint,
        ContextKind::ConsumerBehaviour,
        ContextKind::ProviderCapability,
    ][form.choice(FieldId::Kind)];
    ContextPart { kind }
}

fn benefit_of(form: &Form) -> Result<BenefitPart, FormError> {
    Ok(BenefitPart {
        kind: [BenefitKind::Tangible, BenefitKind::Intangible][form.choice(FieldId::Kind)],
        measure: form.value(FieldId::Measure).trim().to_string(),
        figures: figures_of(form)?,
        realisation: [Realisation::Expected, Realisation::Experienced]
            [form.choice(FieldId::Realisation)],
    })
}

/// A usefulness item; its goal picked from the Context step's goals, or as typed.
fn usefulness_of(form: &Form, session: &Session, index: Option<usize>) -> UsefulnessPart {
    // The form does not edit it: an edit keeps what the item had.
    let importance = index
        .and_then(|i| session.usefulness.get(i))
        .and_then(|u| u.usefulness().importance);
    UsefulnessPart {
        goal: match form
            .choice(FieldId::GoalPick)
            .checked_sub(1)
            .and_then(|i| context_goals(session).get(i).cloned())
        {
            Some(goal) => goal,
            None => form.value(FieldId::Goal).trim().to_string(),
        },
        importance,
    }
}

fn outcome_of(form: &Form) -> Result<OutcomePart, FormError> {
    let importance = form
        .number(FieldId::Matters)
        .and_then(|n| Rating::new(n as u8));
    Ok(OutcomePart {
        importance,
        measure: form.value(FieldId::Measure).trim().to_string(),
        figures: figures_of(form)?,
    })
}

/// An agreement; its due date must read as a date, and a carried action stays carried.
fn agreement_of(
    form: &Form,
    session: &Session,
    index: Option<usize>,
    id: String,
    text: String,
) -> Result<Agreement, FormError> {
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
    let agreement = Agreement {
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
    match agreement.owner_crossing(&session.participants) {
        Some(side) => Err(FormError::OwnerSide(agreement.person, side)),
        None => Ok(agreement),
    }
}

/// The rated item the agreement with id `agreement_id` resolves, as the form chose it.
fn put_resolution(form: &Form, session: &mut Session, agreement_id: &str) {
    // One item per agreement: the choice replaces what it named before.
    let items = resolvable(session);
    let chosen = form
        .choice(FieldId::Resolves)
        .checked_sub(1)
        .and_then(|i| items.get(i))
        .map(|(step, id, _)| (*step, id.as_str()));
    session.set_resolves(agreement_id, chosen);
}
