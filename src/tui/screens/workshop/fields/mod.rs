//! The forms of the workshop: each step's item form, the session's details, a participant and
//! the closing answers, built from the session and written back into it. Fields are read by
//! their `FieldId`, never by position.

use crate::domain::*;
use crate::tui::action::Action;
use crate::tui::keymap::{self, Context};
use crate::tui::widgets::form;

mod apply_item;
mod item_form;
mod session_forms;

pub use apply_item::apply_item;
pub use item_form::{item_form, note_form, without};
pub use session_forms::{
    apply_closing, apply_details, apply_participant, apply_weights, closing_form, details_form,
    details_mode, participant_form, participant_identity, weights_form, weights_title,
};

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
    #[error("The {0} `{1}` is not a number (such as 12, 2.5 or 2,5).")]
    BadFigure(&'static str, String),
    /// A measure's figure whose one `.` or `,` could group thousands or mark decimals.
    #[error("The {0} `{1}` could be {2} or {3}: write it as {2}, or as {3}0 for the decimal.")]
    AmbiguousFigure(&'static str, String, String, String),
    /// A risk's after with only one of its likelihood and impact.
    #[error("Give both the likelihood and the impact after, or neither.")]
    HalfAfter,
    /// A mitigated risk's after worse than before, or an introduced risk's after.
    #[error("{}", after_sentence(.0))]
    BadAfter(crate::domain::AfterProblem),
    /// Weights that are not a 100-point split.
    #[error("The weights add up to {}, not 100 (all 0 means equal weights).", .0.0)]
    BadWeights(balance::WeightsError),
    /// An action's person who is a participant on the side the owner does not name.
    #[error("{0} is on the {side} side: make the owner {side} or both sides.", side = .1.name())]
    OwnerSide(String, crate::domain::Side),
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

/// The consumer goals of the Context step, in their order.
fn context_goals(session: &Session) -> Vec<String> {
    session
        .context
        .iter()
        .filter(|c| c.context().kind == ContextKind::ConsumerGoal)
        .map(|c| c.text.clone())
        .collect()
}

/// The rated items (step, id, text) an agreement can name as the one it resolves, in step
/// order.
fn resolvable(session: &Session) -> Vec<(Step, String, String)> {
    session
        .rated_items()
        .map(|i| (i.dimension.step(), i.id.to_string(), i.text.to_string()))
        .collect()
}
