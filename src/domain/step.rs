//! The guided steps a workshop walks, and the rated dimensions among them.

use serde::{Deserialize, Serialize};

/// The guided steps, in the order a workshop walks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Step {
    /// Title, service, mode, participants and timeboxes.
    Setup,
    /// The co-creation context: consumer goals, constraints, behaviours; provider capabilities.
    Context,
    /// Positive results the consumer expects or experiences.
    Benefits,
    /// How well the service enables the consumer's goals.
    Usefulness,
    /// The strategic or emotional weight of the service.
    Importance,
    /// What the consumer wants to achieve (the O of VOCR).
    Outcomes,
    /// What the consumer invests (the C of VOCR).
    Costs,
    /// Risks the service mitigates or introduces (the R of VOCR).
    Risks,
    /// Who does what next.
    Agreements,
    /// The value summary and the four closing answers.
    Summary,
}

impl Step {
    pub const ALL: [Step; 10] = [
        Step::Setup,
        Step::Context,
        Step::Benefits,
        Step::Usefulness,
        Step::Importance,
        Step::Outcomes,
        Step::Costs,
        Step::Risks,
        Step::Agreements,
        Step::Summary,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Setup => "Setup",
            Step::Context => "Context",
            Step::Benefits => "Benefits",
            Step::Usefulness => "Usefulness",
            Step::Importance => "Importance",
            Step::Outcomes => "Outcomes",
            Step::Costs => "Costs",
            Step::Risks => "Risks",
            Step::Agreements => "Agreements",
            Step::Summary => "Summary",
        }
    }

    /// The lower-case name used in CSV, JSON and reports.
    pub fn key(self) -> &'static str {
        match self {
            Step::Setup => "setup",
            Step::Context => "context",
            Step::Benefits => "benefits",
            Step::Usefulness => "usefulness",
            Step::Importance => "importance",
            Step::Outcomes => "outcomes",
            Step::Costs => "costs",
            Step::Risks => "risks",
            Step::Agreements => "agreements",
            Step::Summary => "summary",
        }
    }

    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.index() + 1).copied()
    }

    pub fn prev(self) -> Option<Step> {
        self.index().checked_sub(1).map(|i| Step::ALL[i])
    }

    /// The rated dimension this step collects, if it is one.
    pub fn dimension(self) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.step() == self)
    }

    /// What a reveal on this step covers, as `Session::reveal` takes it: `Some(None)` every
    /// step (from the Summary), `Some(Some(step))` a rated step's items, `None` nothing (a step
    /// without ratings).
    pub fn reveal_scope(self) -> Option<Option<Step>> {
        match self {
            Step::Summary => Some(None),
            step if step.dimension().is_some() => Some(Some(step)),
            _ => None,
        }
    }
}

/// The six rated dimensions of the value model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Benefits,
    Usefulness,
    Importance,
    Outcomes,
    Costs,
    Risks,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::Benefits,
        Dimension::Usefulness,
        Dimension::Importance,
        Dimension::Outcomes,
        Dimension::Costs,
        Dimension::Risks,
    ];

    pub fn step(self) -> Step {
        match self {
            Dimension::Benefits => Step::Benefits,
            Dimension::Usefulness => Step::Usefulness,
            Dimension::Importance => Step::Importance,
            Dimension::Outcomes => Step::Outcomes,
            Dimension::Costs => Step::Costs,
            Dimension::Risks => Step::Risks,
        }
    }

    pub fn key(self) -> &'static str {
        self.step().key()
    }

    pub fn title(self) -> &'static str {
        self.step().title()
    }

    /// What a rating of 1–5 says on this step: of a cost how acceptable it is, of a risk how
    /// well it is managed, so a high rating is always the good end.
    pub fn meaning(self) -> &'static str {
        match self {
            Dimension::Benefits => "how strongly felt",
            Dimension::Usefulness => "how well it enables the goal",
            Dimension::Importance => "how much it matters",
            Dimension::Outcomes => "how far achieved",
            Dimension::Costs => "how acceptable",
            Dimension::Risks => "how well managed",
        }
    }
}
