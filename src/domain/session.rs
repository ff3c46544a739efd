//! The session and everything a workshop writes down, step by step (PRODUCT.md "The ideas it
//! captures"). Plain data with serde derives; the on-disk details (format version, file names)
//! belong to the store.

use super::balance::{Amount, CostDirection, Figures, Weights, parse_amount};
use super::rating::{Rating, Ratings, Side};
use super::time::{Date, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use strum::{EnumMessage, EnumString, IntoStaticStr, VariantNames};

/// Who rates: both sides in a workshop, or one side assessing alone. Its words: the name
/// (`--mode`, JSON, lists), the form's choice (`message`) and the description (`detailed`).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    VariantNames,
    EnumMessage,
    EnumString,
)]
pub enum Mode {
    /// Provider and consumer together, with a facilitator.
    #[default]
    #[strum(
        serialize = "workshop",
        message = "workshop",
        detailed_message = "workshop"
    )]
    Workshop,
    /// The provider assesses alone; only provider ratings exist.
    #[strum(
        serialize = "provider",
        message = "provider alone",
        detailed_message = "self-assessment (provider)"
    )]
    ProviderSelfAssessment,
    /// The consumer assesses alone; only consumer ratings exist.
    #[strum(
        serialize = "consumer",
        message = "consumer alone",
        detailed_message = "self-assessment (consumer)"
    )]
    ConsumerSelfAssessment,
}

impl Mode {
    /// The sides whose ratings this mode collects.
    pub fn sides(self) -> &'static [Side] {
        match self {
            Mode::Workshop => &[Side::Provider, Side::Consumer],
            Mode::ProviderSelfAssessment => &[Side::Provider],
            Mode::ConsumerSelfAssessment => &[Side::Consumer],
        }
    }

    /// The name used on the command line (`--mode`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn describe(self) -> &'static str {
        self.get_detailed_message().unwrap_or_else(|| self.name())
    }
}

/// The part a participant plays.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, IntoStaticStr, VariantNames,
)]
#[strum(serialize_all = "lowercase")]
pub enum Role {
    Provider,
    Consumer,
    Facilitator,
}

impl Role {
    /// The side a participant in this role rates for; a facilitator rates nothing.
    pub fn side(self) -> Option<Side> {
        match self {
            Role::Provider => Some(Side::Provider),
            Role::Consumer => Some(Side::Consumer),
            Role::Facilitator => None,
        }
    }
}

/// The stakeholder group a rater speaks for. ITIL 4 names several roles on the consumer side
/// (the customer who defines requirements and owns the outcomes, the users, the sponsor who
/// pays) and on the provider side; their views of value rarely match.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Group {
    /// Consumer side: defines the requirements and owns the outcomes.
    Customer,
    /// Consumer side: uses the service.
    User,
    /// Consumer side: pays for the service.
    Sponsor,
    /// Provider side: accountable for the service.
    ServiceOwner,
    /// Provider side: builds, runs and supports it.
    Delivery,
    /// Any other group, named freely.
    Other(String),
}

impl Group {
    /// The named groups, consumer side first.
    pub const NAMED: [Group; 5] = [
        Group::Customer,
        Group::User,
        Group::Sponsor,
        Group::ServiceOwner,
        Group::Delivery,
    ];

    /// The group a rater on `side` belongs to unless told otherwise: the customer for the
    /// consumer (the one who owns the outcomes, so the usual voice of a format-1 file's single
    /// consumer rating), the service owner for the provider.
    pub fn default_for(side: Side) -> Group {
        match side {
            Side::Consumer => Group::Customer,
            Side::Provider => Group::ServiceOwner,
        }
    }

    /// The side a named group belongs to; `None` for a freely named one.
    pub fn side(&self) -> Option<Side> {
        match self {
            Group::Customer | Group::User | Group::Sponsor => Some(Side::Consumer),
            Group::ServiceOwner | Group::Delivery => Some(Side::Provider),
            Group::Other(_) => None,
        }
    }

    /// The lower-case name used in reports, CSV and JSON.
    pub fn name(&self) -> &str {
        match self {
            Group::Customer => "customer",
            Group::User => "user",
            Group::Sponsor => "sponsor",
            Group::ServiceOwner => "service owner",
            Group::Delivery => "delivery",
            Group::Other(name) => name,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub name: String,
    pub role: Role,
    /// The stakeholder group; files without one mean the side's default (`Group::default_for`),
    /// which is not written out, so a later default can still change it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
}

impl Participant {
    /// The group this participant rates for; `None` for a facilitator.
    pub fn group(&self) -> Option<Group> {
        let side = self.role.side()?;
        Some(
            self.group
                .clone()
                .unwrap_or_else(|| Group::default_for(side)),
        )
    }
}

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

/// What a context item describes. Its words: the form's short choice, the list's label
/// (`message`) and the report's (`detailed`).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    VariantNames,
    EnumMessage,
)]
pub enum ContextKind {
    #[default]
    #[strum(
        serialize = "goal",
        message = "consumer goal",
        detailed_message = "Consumer goal"
    )]
    ConsumerGoal,
    #[strum(
        serialize = "constraint",
        message = "consumer constraint",
        detailed_message = "Consumer constraint"
    )]
    ConsumerConstraint,
    #[strum(
        serialize = "behaviour",
        message = "consumer behaviour",
        detailed_message = "Consumer context and behaviour"
    )]
    ConsumerBehaviour,
    #[strum(
        serialize = "capability",
        message = "provider capability",
        detailed_message = "Provider capability"
    )]
    ProviderCapability,
}

impl ContextKind {
    /// The label a list shows ("consumer goal").
    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_else(|| self.into())
    }

    /// The label a report shows ("Consumer context and behaviour").
    pub fn heading(self) -> &'static str {
        self.get_detailed_message().unwrap_or_else(|| self.label())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextItem {
    /// A stable identity, so copies of one session merge item by item (see `item_id`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub kind: ContextKind,
}

#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    VariantNames,
)]
#[strum(serialize_all = "lowercase")]
pub enum BenefitKind {
    #[default]
    Tangible,
    Intangible,
}

/// Whether a benefit is hoped for or already felt.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    VariantNames,
)]
#[strum(serialize_all = "lowercase")]
pub enum Realisation {
    #[default]
    Expected,
    Experienced,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benefit {
    /// A stable identity, so copies of one session merge item by item (see `item_id`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub kind: BenefitKind,
    /// How it is measured, such as "downtime −30 %"; empty when there is none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub measure: String,
    /// The measure's direction, baseline, target and actual, where the room knows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figures: Option<Figures>,
    #[serde(default)]
    pub realisation: Realisation,
    /// How strongly the benefit is perceived.
    #[serde(default)]
    pub rating: Ratings,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Usefulness {
    /// A stable identity, so copies of one session merge item by item (see `item_id`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub text: String,
    /// The consumer goal this enables.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub goal: String,
    /// How much this matters to the consumer, for the importance–performance view; when unset
    /// the session's Importance score stands in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importance: Option<Rating>,
    /// How well it enables the goal.
    #[serde(default)]
    pub rating: Ratings,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Importance {
    /// A stable identity, so copies of one session merge item by item (see `item_id`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub text: String,
    /// Such as critical operations, compliance or staff satisfaction.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub area: String,
    /// How much it matters.
    #[serde(default)]
    pub rating: Ratings,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// A stable identity, so copies of one session merge item by item (see `item_id`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub text: String,
    /// How much this outcome matters to the consumer (see `Usefulness::importance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importance: Option<Rating>,
    /// How it is measured, such as "orders shipped the same day"; empty when there is none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub measure: String,
    /// The measure's direction, baseline, target and actual, where the room knows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figures: Option<Figures>,
    /// How far the service achieves or enables it.
    #[serde(default)]
    pub rating: Ratings,
}

#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    VariantNames,
)]
#[strum(serialize_all = "lowercase")]
pub enum CostKind {
    #[default]
    Money,
    Time,
    Effort,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// A stable identity, so copies of one session merge item by item (see `item_id`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub kind: CostKind,
    /// Whether the service removes the cost from the consumer or imposes it (every cost of an
    /// older file is imposed).
    #[serde(default, skip_serializing_if = "CostDirection::is_imposed")]
    pub direction: CostDirection,
    /// Such as "6000 EUR/month", "40 h/month" or free text ("€18 per user a month"); empty
    /// when unknown. Read as a figure where it is one (`Cost::figure`); text written as a
    /// figure that holds none is refused where the file says it.
    #[serde(
        default,
        skip_serializing_if = "String::is_empty",
        deserialize_with = "checked_amount"
    )]
    pub amount: String,
    /// How acceptable the cost is.
    #[serde(default)]
    pub rating: Ratings,
}

impl Cost {
    /// The amount as a figure with its unit and period; `None` for free text or none.
    pub fn figure(&self) -> Option<Amount> {
        parse_amount(&self.amount).ok().flatten()
    }
}

/// A cost's amount from a file: kept as written, refused only when written as a figure that
/// does not hold one (see `parse_amount`).
fn checked_amount<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_amount(&text).map_err(serde::de::Error::custom)?;
    Ok(text)
}

/// Whether the service takes a risk away or brings one in.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    VariantNames,
)]
#[strum(serialize_all = "lowercase")]
pub enum RiskEffect {
    #[default]
    Mitigated,
    Introduced,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// A stable identity, so copies of one session merge item by item (see `item_id`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub effect: RiskEffect,
    #[serde(default = "Risk::default_level")]
    pub likelihood: Rating,
    #[serde(default = "Risk::default_level")]
    pub impact: Rating,
    /// Likelihood and impact once the service is in place (residual risk), for a risk it
    /// mitigates; the fields above are then the risk before it (inherent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Level>,
    /// How well the risk is managed.
    #[serde(default)]
    pub rating: Ratings,
}

impl Risk {
    fn default_level() -> Rating {
        Rating::new(3).expect("3 is a rating")
    }

    /// Likelihood × impact, 1–25.
    pub fn exposure(&self) -> u32 {
        u32::from(self.likelihood.get()) * u32::from(self.impact.get())
    }

    /// The exposure once the service is in place, where the risk says.
    pub fn exposure_after(&self) -> Option<u32> {
        self.after.map(|a| a.exposure())
    }

    /// The exposure a mitigated risk loses (before − after, negative if it grows); `None` for
    /// an introduced risk or one without an after.
    pub fn removed(&self) -> Option<i64> {
        let after = self.exposure_after()?;
        (self.effect == RiskEffect::Mitigated)
            .then(|| i64::from(self.exposure()) - i64::from(after))
    }

    /// `12` or, with an after, `20 → 6`.
    pub fn exposure_text(&self) -> String {
        match self.exposure_after() {
            Some(after) => format!("{} → {after}", self.exposure()),
            None => self.exposure().to_string(),
        }
    }
}

/// A likelihood and an impact, each 1–5: a risk's level at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub likelihood: Rating,
    pub impact: Rating,
}

impl Level {
    pub fn exposure(&self) -> u32 {
        u32::from(self.likelihood.get()) * u32::from(self.impact.get())
    }
}

impl Default for Risk {
    fn default() -> Risk {
        Risk {
            id: String::new(),
            text: String::new(),
            effect: RiskEffect::default(),
            likelihood: Risk::default_level(),
            impact: Risk::default_level(),
            after: None,
            rating: Ratings::default(),
        }
    }
}

/// Who owns an agreed action. Its words: the form's choice, and a report's (`message`).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    VariantNames,
    EnumMessage,
)]
pub enum Owner {
    #[strum(serialize = "provider", message = "provider")]
    Provider,
    #[strum(serialize = "consumer", message = "consumer")]
    Consumer,
    #[default]
    #[strum(serialize = "both", message = "both sides")]
    Both,
}

impl Owner {
    /// The owner as a report's sentence names it ("both sides").
    pub fn words(self) -> &'static str {
        self.get_message().unwrap_or_else(|| self.into())
    }
}

/// Where an agreed action stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, IntoStaticStr, VariantNames)]
#[strum(serialize_all = "lowercase")]
pub enum AgreementStatus {
    /// Still to do.
    #[default]
    Open,
    /// Done.
    Done,
    /// Agreed to be no longer pursued (kept for the record).
    Dropped,
}

impl AgreementStatus {
    pub const ALL: [AgreementStatus; 3] = [
        AgreementStatus::Open,
        AgreementStatus::Done,
        AgreementStatus::Dropped,
    ];

    /// The word every screen and report uses.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The review cycle: open → done → dropped → open.
    pub fn next(self) -> AgreementStatus {
        match self {
            AgreementStatus::Open => AgreementStatus::Done,
            AgreementStatus::Done => AgreementStatus::Dropped,
            AgreementStatus::Dropped => AgreementStatus::Open,
        }
    }
}

impl std::fmt::Display for AgreementStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "AgreementFile", into = "AgreementFile")]
pub struct Agreement {
    /// A stable identity, so copies of one session merge item by item (see `item_id`).
    pub id: String,
    pub text: String,
    pub owner: Owner,
    /// The person who will do it; empty when not named.
    pub person: String,
    pub due: Option<Date>,
    pub status: AgreementStatus,
    /// Carried over from the previous session of the service, to be reviewed first.
    pub carried: bool,
}

/// An agreement as the file holds it: the status as the two flags format 1 has always written,
/// so files stay readable by older covalue and older files load unchanged.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgreementFile {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    id: String,
    text: String,
    #[serde(default)]
    owner: Owner,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    person: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due: Option<Date>,
    #[serde(default)]
    done: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    dropped: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    carried: bool,
}

impl From<AgreementFile> for Agreement {
    fn from(a: AgreementFile) -> Agreement {
        // Dropped wins over done, as the status line always read the pair.
        let status = match (a.done, a.dropped) {
            (_, true) => AgreementStatus::Dropped,
            (true, false) => AgreementStatus::Done,
            (false, false) => AgreementStatus::Open,
        };
        Agreement {
            id: a.id,
            text: a.text,
            owner: a.owner,
            person: a.person,
            due: a.due,
            status,
            carried: a.carried,
        }
    }
}

impl From<Agreement> for AgreementFile {
    fn from(a: Agreement) -> AgreementFile {
        AgreementFile {
            id: a.id,
            text: a.text,
            owner: a.owner,
            person: a.person,
            due: a.due,
            done: a.status == AgreementStatus::Done,
            dropped: a.status == AgreementStatus::Dropped,
            carried: a.carried,
        }
    }
}

impl Agreement {
    /// Neither done nor dropped.
    pub fn is_open(&self) -> bool {
        self.status == AgreementStatus::Open
    }

    /// Still open with its due date before `today` (due today is not yet overdue).
    pub fn is_overdue(&self, today: Date) -> bool {
        self.is_open() && self.due.is_some_and(|due| due < today)
    }

    pub fn status(&self) -> &'static str {
        self.status.name()
    }
}

/// A discussion note on one item: what the room said about it, kept beside the items (not in
/// them) and found by the item's step and text, like `compare` matches items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemNote {
    pub step: Step,
    /// The text of the item the note belongs to.
    pub item: String,
    pub note: String,
}

/// An agreed action that resolves an item (a disagreement, a cost, a risk), by their texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// The text of the agreement.
    pub agreement: String,
    pub step: Step,
    /// The text of the item it resolves.
    pub item: String,
}

/// The four closing questions of the Summary step, answered in free text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    /// What the service helps the consumer achieve.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub achieves: String,
    /// What it costs them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub costs: String,
    /// What risks it addresses or introduces.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub risks: String,
    /// How they perceive its benefit, usefulness and importance.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub perception: String,
}

impl Closing {
    pub fn answers(&self) -> [(&'static str, &str); 4] {
        [
            (
                "What does the service help the consumer achieve?",
                &self.achieves,
            ),
            ("What does it cost them?", &self.costs),
            ("What risks does it address or introduce?", &self.risks),
            (
                "How do they perceive its benefit, usefulness and importance?",
                &self.perception,
            ),
        ]
    }
}

/// One workshop or self-assessment, everything it captured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// The version of the file layout; the store checks it on load and sets it on save.
    pub format: u32,
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub service: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub mode: Mode,
    #[serde(default)]
    pub participants: Vec<Participant>,
    #[serde(default)]
    pub created: Timestamp,
    #[serde(default)]
    pub updated: Timestamp,
    /// The id of the earlier review this follow-up was made from (`new --from`), so the Agreements
    /// step can show whether its actions closed their gaps; empty for a first review.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub follows: String,
    /// Minutes planned per step; steps without an entry use a default.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub timebox: BTreeMap<Step, u32>,
    /// Seconds the step timer has run per step.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub time_spent: BTreeMap<Step, u32>,
    /// Blind rating: the side not rating cannot see the other side's unrevealed ratings.
    /// A file that does not say (written by hand, or before blind rating) was not rated
    /// blind: its ratings were shown as they were given, so no output hides them. A new
    /// session is blind (`Session::new`).
    #[serde(default)]
    pub blind: bool,
    /// Reports and JSON show sides and groups only, never names, and hide the score of a group
    /// with fewer than `value::ANONYMOUS_MIN` raters.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
    /// The shares of the value index the room agreed (a 100-point split); none means equal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Weights>,
    #[serde(default)]
    pub context: Vec<ContextItem>,
    #[serde(default)]
    pub benefits: Vec<Benefit>,
    #[serde(default)]
    pub usefulness: Vec<Usefulness>,
    #[serde(default)]
    pub importance: Vec<Importance>,
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
    #[serde(default)]
    pub costs: Vec<Cost>,
    #[serde(default)]
    pub risks: Vec<Risk>,
    #[serde(default)]
    pub agreements: Vec<Agreement>,
    #[serde(default)]
    pub closing: Closing,
    /// What a merge of copies could not decide, until someone resolves it (domain/merge.rs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// Discussion notes on items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<ItemNote>,
    /// Which agreement resolves which item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolutions: Vec<Resolution>,
    /// The room of a served workshop, so a restart of `covalue serve` picks up where it was.
    #[serde(default, skip_serializing_if = "Served::is_empty")]
    pub served: Served,
    /// Who added which item from their own screen (`covalue serve`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added_by: Vec<AddedBy>,
    /// The participant this file is a pre-work copy for (`covalue prework`): `open` rates as
    /// them, and `merge` takes no one else's rating from it. Empty (and not written) in a
    /// session itself.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prework_for: String,
}

/// What a served workshop's room was doing; empty (and not written) if never served.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Served {
    /// The facilitator's step, which participants follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    /// Steps locked to participants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locked: Vec<Step>,
    /// Participants may add items / lines to the notes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub items: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notes: bool,
    /// The step's timer was running.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub timer: bool,
    /// A pre-work window: participants rate at their own pace until this moment, and no
    /// rating is taken after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_until: Option<Timestamp>,
    /// The window reveals every rating it can at its close.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reveal_at_close: bool,
}

impl Served {
    pub fn is_empty(&self) -> bool {
        *self == Served::default()
    }
}

/// An item a participant added, by its step and text, and their name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedBy {
    pub step: Step,
    pub item: String,
    pub by: String,
}

/// The longest session id the store accepts.
pub const MAX_ID_LEN: usize = 64;

/// Whether `id` can name a session: 1 to `MAX_ID_LEN` ASCII letters, digits, `-` or `_`,
/// starting with a letter or digit. Ids end up in file names and on command lines, so nothing
/// else (no `/`, `..`, spaces or controls) is allowed.
pub fn valid_id(id: &str) -> bool {
    id.len() <= MAX_ID_LEN
        && id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A map read from a file where a key given twice is an error, as a field given twice is,
/// rather than the later value silently winning.
fn unique_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<Step, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Visit<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
        type Value = BTreeMap<Step, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map from steps to numbers")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<Step, V>()? {
                if out.insert(key, value).is_some() {
                    return Err(serde::de::Error::custom(format!(
                        "the step `{key:?}` is given twice in this map"
                    )));
                }
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Visit(std::marker::PhantomData))
}

/// One thing two copies of a session said differently, recorded by a merge: the merged file
/// keeps one value (the first copy's) and this says what the other said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// The step of the item concerned; `None` for the session's own fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    /// The item's id; empty for the session's own fields.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item: String,
    /// Whose rating it is, for a rating conflict; empty for anything else.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rater: String,
    /// As shown to people: `Benefits 2 "text": Priya 3 (ours) vs 4 (theirs)`.
    pub message: String,
}

/// Someone who has rated, or may rate, as one of the raters of a side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rater {
    pub name: String,
    pub side: Side,
    pub group: Group,
    /// How many items this rater has rated.
    pub rated: usize,
}

/// A stable id for an item that has none, from what it is and where it is: its step, its
/// position in the step's list and its text. The same item of the same file therefore gets
/// the same id in every copy, however separately the copies were upgraded. FNV-1a, written out
/// here so the id never changes with the Rust version or the platform (`DefaultHasher` may).
pub fn item_id(step: Step, position: usize, text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        step.key().as_bytes(),
        &[0x1f],
        position.to_string().as_bytes(),
        &[0x1f],
        text.as_bytes(),
    ] {
        for byte in part {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{:010x}", hash >> 24)
}

/// A rated item of any dimension, seen the same way by the value model and by reports.
#[derive(Clone, Copy, Debug)]
pub struct RatedItem<'a> {
    pub dimension: Dimension,
    /// Position within its step's list.
    pub index: usize,
    /// The item's stable id.
    pub id: &'a str,
    pub text: &'a str,
    /// The item's kind in words ("tangible", "money", "introduced"…); empty where there is none.
    pub kind: &'static str,
    pub rating: &'a Ratings,
    /// Likelihood × impact for risks.
    pub exposure: Option<u32>,
    /// How much the item matters, where the item says (usefulness and outcomes).
    pub importance: Option<Rating>,
}

impl Session {
    /// The newest file layout this program reads and the one it writes.
    pub const FORMAT: u32 = 2;

    /// The planned minutes for a step: its timebox, or a default that suits the step.
    pub fn minutes_for(&self, step: Step) -> u32 {
        self.timebox.get(&step).copied().unwrap_or(match step {
            Step::Setup | Step::Context | Step::Agreements => 10,
            Step::Summary => 15,
            _ => 10,
        })
    }

    /// Every rating, with the room-visible `revealed` flag set where every side the mode
    /// collects has rated (both sides in a workshop).
    /// Returns how many items were revealed, and how many still wait for a side.
    pub fn reveal(&mut self, step: Option<Step>) -> (usize, usize) {
        let (mut revealed, mut waiting) = (0, 0);
        let sides = self.mode.sides();
        for dimension in Dimension::ALL {
            if step.is_some_and(|s| s != dimension.step()) {
                continue;
            }
            for index in 0..self.item_count(dimension.step()) {
                if let Some(r) = self.ratings_mut(dimension, index) {
                    if r.revealed {
                        continue;
                    }
                    if sides.iter().all(|s| r.is_rated(*s)) {
                        r.revealed = true;
                        revealed += 1;
                    } else if !r.is_empty() {
                        waiting += 1;
                    }
                }
            }
        }
        (revealed, waiting)
    }
    pub fn new(id: impl Into<String>, title: impl Into<String>, now: Timestamp) -> Session {
        Session {
            format: Session::FORMAT,
            id: id.into(),
            title: title.into(),
            service: String::new(),
            description: String::new(),
            mode: Mode::Workshop,
            participants: Vec::new(),
            created: now,
            updated: now,
            follows: String::new(),
            timebox: BTreeMap::new(),
            time_spent: BTreeMap::new(),
            blind: true,
            anonymous: false,
            weights: None,
            context: Vec::new(),
            benefits: Vec::new(),
            usefulness: Vec::new(),
            importance: Vec::new(),
            outcomes: Vec::new(),
            costs: Vec::new(),
            risks: Vec::new(),
            agreements: Vec::new(),
            closing: Closing::default(),
            conflicts: Vec::new(),
            notes: Vec::new(),
            resolutions: Vec::new(),
            served: Served::default(),
            added_by: Vec::new(),
            prework_for: String::new(),
        }
    }

    /// The discussion note on the item of `step` whose text is `item`, if it has one.
    pub fn note(&self, step: Step, item: &str) -> Option<&str> {
        self.notes
            .iter()
            .find(|n| n.step == step && n.item == item && !n.note.trim().is_empty())
            .map(|n| n.note.as_str())
    }

    /// Sets (or, with an empty note, removes) the discussion note on an item.
    pub fn set_note(&mut self, step: Step, item: &str, note: &str) {
        self.notes.retain(|n| !(n.step == step && n.item == item));
        if !note.trim().is_empty() {
            self.notes.push(ItemNote {
                step,
                item: item.to_string(),
                note: note.to_string(),
            });
        }
    }

    /// Keeps notes and resolutions attached when an item's text is edited.
    pub fn rename_item(&mut self, step: Step, old: &str, new: &str) {
        for n in self
            .notes
            .iter_mut()
            .filter(|n| n.step == step && n.item == old)
        {
            n.item = new.to_string();
        }
        for r in &mut self.resolutions {
            if step == Step::Agreements && r.agreement == old {
                r.agreement = new.to_string();
            } else if r.step == step && r.item == old {
                r.item = new.to_string();
            }
        }
    }

    /// The agreements that name the item of `step` with text `item` as the one they resolve.
    pub fn resolved_by<'a>(
        &'a self,
        step: Step,
        item: &'a str,
    ) -> impl Iterator<Item = &'a Agreement> + 'a {
        self.agreements.iter().filter(move |a| {
            self.resolutions
                .iter()
                .any(|r| r.step == step && r.item == item && r.agreement == a.text)
        })
    }

    /// The item (step and text) an agreement resolves, if it names one that exists.
    pub fn resolves(&self, agreement: &Agreement) -> Option<(Step, &str)> {
        self.resolutions
            .iter()
            .filter(|r| r.agreement == agreement.text)
            .find(|r| {
                self.rated_items()
                    .any(|i| i.dimension.step() == r.step && i.text == r.item)
            })
            .map(|r| (r.step, r.item.as_str()))
    }

    /// Every rated item, in step order and list order.
    pub fn rated_items(&self) -> impl Iterator<Item = RatedItem<'_>> {
        fn item<'a>(
            dimension: Dimension,
            index: usize,
            (id, text): (&'a str, &'a str),
            kind: &'static str,
            rating: &'a Ratings,
        ) -> RatedItem<'a> {
            RatedItem {
                dimension,
                index,
                id,
                text,
                kind,
                rating,
                exposure: None,
                importance: None,
            }
        }
        let benefits = self.benefits.iter().enumerate().map(|(i, b)| {
            item(
                Dimension::Benefits,
                i,
                (&b.id, &b.text),
                b.kind.into(),
                &b.rating,
            )
        });
        let usefulness = self.usefulness.iter().enumerate().map(|(i, u)| RatedItem {
            importance: u.importance,
            ..item(Dimension::Usefulness, i, (&u.id, &u.text), "", &u.rating)
        });
        let importance = self
            .importance
            .iter()
            .enumerate()
            .map(|(i, m)| item(Dimension::Importance, i, (&m.id, &m.text), "", &m.rating));
        let outcomes = self.outcomes.iter().enumerate().map(|(i, o)| RatedItem {
            importance: o.importance,
            ..item(Dimension::Outcomes, i, (&o.id, &o.text), "", &o.rating)
        });
        let costs = self.costs.iter().enumerate().map(|(i, c)| {
            item(
                Dimension::Costs,
                i,
                (&c.id, &c.text),
                c.kind.into(),
                &c.rating,
            )
        });
        let risks = self.risks.iter().enumerate().map(|(i, r)| RatedItem {
            exposure: Some(r.exposure()),
            ..item(
                Dimension::Risks,
                i,
                (&r.id, &r.text),
                r.effect.into(),
                &r.rating,
            )
        });
        benefits
            .chain(usefulness)
            .chain(importance)
            .chain(outcomes)
            .chain(costs)
            .chain(risks)
    }

    /// The ratings of one item; `None` when there is no such item.
    pub fn ratings(&self, dimension: Dimension, index: usize) -> Option<Ratings> {
        self.ratings_ref(dimension, index).cloned()
    }

    /// The ratings of one item, borrowed.
    pub fn ratings_ref(&self, dimension: Dimension, index: usize) -> Option<&Ratings> {
        match dimension {
            Dimension::Benefits => self.benefits.get(index).map(|i| &i.rating),
            Dimension::Usefulness => self.usefulness.get(index).map(|i| &i.rating),
            Dimension::Importance => self.importance.get(index).map(|i| &i.rating),
            Dimension::Outcomes => self.outcomes.get(index).map(|i| &i.rating),
            Dimension::Costs => self.costs.get(index).map(|i| &i.rating),
            Dimension::Risks => self.risks.get(index).map(|i| &i.rating),
        }
    }

    /// The ratings of one item, for the screens that rate it.
    pub fn ratings_mut(&mut self, dimension: Dimension, index: usize) -> Option<&mut Ratings> {
        match dimension {
            Dimension::Benefits => self.benefits.get_mut(index).map(|i| &mut i.rating),
            Dimension::Usefulness => self.usefulness.get_mut(index).map(|i| &mut i.rating),
            Dimension::Importance => self.importance.get_mut(index).map(|i| &mut i.rating),
            Dimension::Outcomes => self.outcomes.get_mut(index).map(|i| &mut i.rating),
            Dimension::Costs => self.costs.get_mut(index).map(|i| &mut i.rating),
            Dimension::Risks => self.risks.get_mut(index).map(|i| &mut i.rating),
        }
    }

    /// Adds an item with only its text to a rated step's list (the rest at its defaults) and
    /// gives it an id; returns its index. For items added by someone who fills in nothing else,
    /// such as a participant over SSH.
    pub fn add_item(&mut self, dimension: Dimension, text: &str) -> usize {
        let text = text.to_string();
        let index = match dimension {
            Dimension::Benefits => push(
                &mut self.benefits,
                Benefit {
                    text,
                    ..Benefit::default()
                },
            ),
            Dimension::Usefulness => push(
                &mut self.usefulness,
                Usefulness {
                    text,
                    ..Usefulness::default()
                },
            ),
            Dimension::Importance => push(
                &mut self.importance,
                Importance {
                    text,
                    ..Importance::default()
                },
            ),
            Dimension::Outcomes => push(
                &mut self.outcomes,
                Outcome {
                    text,
                    ..Outcome::default()
                },
            ),
            Dimension::Costs => push(
                &mut self.costs,
                Cost {
                    text,
                    ..Cost::default()
                },
            ),
            Dimension::Risks => push(
                &mut self.risks,
                Risk {
                    text,
                    ..Risk::default()
                },
            ),
        };
        self.ensure_ids();
        index
    }

    /// Moves every rating `old` gave on `side` to the name `new`: a participant renamed keeps
    /// their ratings. An item `new` already rated keeps that rating.
    pub fn rename_rater(&mut self, side: Side, old: &str, new: &str) {
        if old == new || new.is_empty() {
            return;
        }
        for dimension in Dimension::ALL {
            let mut index = 0;
            while let Some(ratings) = self.ratings_mut(dimension, index) {
                let raters = ratings.raters_mut(side);
                if let Some(rating) = raters.remove(old)
                    && !raters.contains_key(new)
                {
                    raters.insert(new, rating);
                }
                index += 1;
            }
        }
    }

    /// How many items a step's list holds (0 for Setup and Summary).
    pub fn item_count(&self, step: Step) -> usize {
        match step {
            Step::Setup | Step::Summary => 0,
            Step::Context => self.context.len(),
            Step::Benefits => self.benefits.len(),
            Step::Usefulness => self.usefulness.len(),
            Step::Importance => self.importance.len(),
            Step::Outcomes => self.outcomes.len(),
            Step::Costs => self.costs.len(),
            Step::Risks => self.risks.len(),
            Step::Agreements => self.agreements.len(),
        }
    }

    /// Adds `seconds` to the step timer's total for `step`, stopping at the largest total a
    /// file can hold rather than wrapping round to a small number.
    pub fn add_time_spent(&mut self, step: Step, seconds: u64) {
        let total = self.time_spent.entry(step).or_insert(0);
        let sum = u64::from(*total).saturating_add(seconds);
        *total = u32::try_from(sum).unwrap_or(u32::MAX);
    }

    /// Removes every rating, keeping the items (for carrying them into a new session).
    pub fn clear_ratings(&mut self) {
        for dimension in Dimension::ALL {
            for index in 0..self.item_count(dimension.step()) {
                if let Some(r) = self.ratings_mut(dimension, index) {
                    *r = Ratings::default();
                }
            }
        }
    }

    /// The ids of every item of every list step, by step, in list order.
    fn ids_mut(&mut self) -> [(Step, Vec<(&mut String, &str)>); 8] {
        fn of<'a, T>(
            list: &'a mut [T],
            parts: fn(&'a mut T) -> (&'a mut String, &'a str),
        ) -> Vec<(&'a mut String, &'a str)> {
            list.iter_mut().map(parts).collect()
        }
        [
            (
                Step::Context,
                of(&mut self.context, |i| (&mut i.id, &i.text)),
            ),
            (
                Step::Benefits,
                of(&mut self.benefits, |i| (&mut i.id, &i.text)),
            ),
            (
                Step::Usefulness,
                of(&mut self.usefulness, |i| (&mut i.id, &i.text)),
            ),
            (
                Step::Importance,
                of(&mut self.importance, |i| (&mut i.id, &i.text)),
            ),
            (
                Step::Outcomes,
                of(&mut self.outcomes, |i| (&mut i.id, &i.text)),
            ),
            (Step::Costs, of(&mut self.costs, |i| (&mut i.id, &i.text))),
            (Step::Risks, of(&mut self.risks, |i| (&mut i.id, &i.text))),
            (
                Step::Agreements,
                of(&mut self.agreements, |i| (&mut i.id, &i.text)),
            ),
        ]
    }

    /// The id of item `index` of `step`; `None` when there is no such item.
    pub fn item_id(&self, step: Step, index: usize) -> Option<&str> {
        let id = match step {
            Step::Setup | Step::Summary => return None,
            Step::Context => &self.context.get(index)?.id,
            Step::Benefits => &self.benefits.get(index)?.id,
            Step::Usefulness => &self.usefulness.get(index)?.id,
            Step::Importance => &self.importance.get(index)?.id,
            Step::Outcomes => &self.outcomes.get(index)?.id,
            Step::Costs => &self.costs.get(index)?.id,
            Step::Risks => &self.risks.get(index)?.id,
            Step::Agreements => &self.agreements.get(index)?.id,
        };
        Some(id)
    }

    /// Gives every item without an id one (`item_id`), unique in the session: an item from an
    /// older file, one written by hand, or one just added. An id given twice (an item copied
    /// by hand in the file) stays with its first item; the copy gets a new one, so a merge
    /// never takes two items for one. Other ids are kept.
    pub fn ensure_ids(&mut self) {
        let mut lists = self.ids_mut();
        let mut taken: std::collections::HashSet<String> = lists
            .iter()
            .flat_map(|(_, items)| items.iter().map(|(id, _)| (**id).clone()))
            .filter(|id| !id.is_empty())
            .collect();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (step, items) in lists.iter_mut() {
            for (position, (id, text)) in items.iter_mut().enumerate() {
                if !id.is_empty() && seen.insert((**id).clone()) {
                    continue;
                }
                // A clash (the same text again at a place an item held before) takes the next
                // free variant, still derived from the item alone.
                let mut salt = 0;
                let mut candidate = item_id(*step, position, text);
                while taken.contains(&candidate) {
                    salt += 1;
                    candidate = item_id(*step, position, &format!("{text}\u{1f}{salt}"));
                }
                taken.insert(candidate.clone());
                seen.insert(candidate.clone());
                **id = candidate;
            }
        }
    }

    /// The group of the rater `name` on `side`: the participant's of that name and side, else
    /// the side's default group (a rater named after the side, from a format-1 file).
    pub fn rater_group(&self, side: Side, name: &str) -> Group {
        self.participants
            .iter()
            .find(|p| p.name == name && p.role.side() == Some(side))
            .and_then(Participant::group)
            .unwrap_or_else(|| Group::default_for(side))
    }

    /// The people the turn passes between at one terminal, in order: the participants who
    /// rate for a side this mode collects, as listed in Setup; a side without any is rated by
    /// its default rater (`Side::rater`), as a format-1 file was.
    pub fn turns(&self) -> Vec<Rater> {
        self.turns_from(&self.raters())
    }

    /// `turns`, from the session's `raters` already counted.
    pub fn turns_from(&self, raters: &[Rater]) -> Vec<Rater> {
        let mut turns: Vec<Rater> = Vec::new();
        for side in self.mode.sides() {
            let people: Vec<&Participant> = self
                .participants
                .iter()
                .filter(|p| p.role.side() == Some(*side))
                .collect();
            let names: Vec<&str> = if people.is_empty() {
                vec![side.rater()]
            } else {
                people.iter().map(|p| p.name.as_str()).collect()
            };
            for name in names {
                let rated = raters
                    .iter()
                    .find(|r| r.side == *side && r.name == name)
                    .map_or(0, |r| r.rated);
                turns.push(Rater {
                    name: name.to_string(),
                    side: *side,
                    group: self.rater_group(*side, name),
                    rated,
                });
            }
        }
        turns
    }

    /// Whether `name` is the only participant rating for `side`, so that the side's default
    /// rater's ratings (a format-1 file's single number, a template's) were theirs: they see
    /// those as their own, and their first rating of an item takes that one's place.
    pub fn speaks_for_side(&self, side: Side, name: &str) -> bool {
        let mut people = self
            .participants
            .iter()
            .filter(|p| p.role.side() == Some(side));
        matches!((people.next(), people.next()), (Some(p), None) if p.name == name && name != side.rater())
    }

    /// An item's ratings as `name` on `side` may see them: with blind rating, only their own
    /// until revealed (`Ratings::visible_to`), the side's default rater's counting as theirs
    /// when they speak for the side.
    pub fn seen_by(&self, ratings: &Ratings, side: Side, name: &str) -> Ratings {
        self.with_legacy(
            ratings.visible_to(side, name, self.blind),
            ratings,
            side,
            name,
        )
    }

    /// Only `name`'s own ratings of an item (rating alone), the side's default rater's
    /// counting as theirs when they speak for the side.
    pub fn own_of(&self, ratings: &Ratings, side: Side, name: &str) -> Ratings {
        self.with_legacy(ratings.own(side, name), ratings, side, name)
    }

    fn with_legacy(&self, mut seen: Ratings, ratings: &Ratings, side: Side, name: &str) -> Ratings {
        if self.speaks_for_side(side, name) {
            let legacy = ratings.by(side, side.rater());
            if legacy.is_some() {
                seen.set_by(side, side.rater(), legacy);
            }
        }
        seen
    }

    /// Sets `name`'s rating of one item on `side`; when they speak for the side, their rating
    /// replaces the side's default rater's (it was theirs).
    pub fn rate_as(
        &mut self,
        dimension: Dimension,
        index: usize,
        side: Side,
        name: &str,
        rating: Option<Rating>,
    ) {
        let adopt = self.speaks_for_side(side, name);
        if let Some(r) = self.ratings_mut(dimension, index) {
            if adopt {
                r.set_by(side, side.rater(), None);
            }
            r.set_by(side, name, rating);
        }
    }

    /// Drops the merge conflicts a person has just decided: `rater`'s rating of the item
    /// (`rater` given), or the item's other fields (an edit, `rater` empty). Returns how many.
    pub fn resolve_conflicts(&mut self, item: &str, rater: &str) -> usize {
        let before = self.conflicts.len();
        self.conflicts
            .retain(|c| !(c.item == item && !item.is_empty() && c.rater == rater));
        before - self.conflicts.len()
    }

    /// The participant `name` (a whole name, or a unique part of one, in any case) as a
    /// rater, for rating alone (`covalue open --as NAME`); the error says who can.
    pub fn rater_named(&self, name: &str) -> Result<Rater, String> {
        let whole = self
            .participants
            .iter()
            .find(|p| p.name == name || p.name.eq_ignore_ascii_case(name));
        let needle = name.trim().to_lowercase();
        let parts: Vec<&Participant> = self
            .participants
            .iter()
            .filter(|p| !needle.is_empty() && p.name.to_lowercase().contains(&needle))
            .collect();
        let found = match (whole, parts.as_slice()) {
            (Some(p), _) => Some(p),
            (None, [p]) => Some(*p),
            (None, []) => None,
            (None, several) => {
                let names: Vec<&str> = several.iter().map(|p| p.name.as_str()).collect();
                return Err(format!(
                    "{name:?} is part of several participants' names: {}; give more of the name",
                    names.join(", ")
                ));
            }
        };
        match found.map(|p| (p, p.role.side())) {
            Some((p, Some(side))) => Ok(self
                .turns()
                .into_iter()
                .chain(self.raters())
                .find(|r| r.side == side && r.name == p.name)
                .unwrap_or(Rater {
                    name: p.name.clone(),
                    side,
                    group: self.rater_group(side, &p.name),
                    rated: 0,
                })),
            Some((p, None)) => Err(format!(
                "{} is the facilitator, who rates nothing; rate as a provider or consumer participant",
                p.name
            )),
            None => {
                let names: Vec<&str> = self
                    .participants
                    .iter()
                    .filter(|p| p.role.side().is_some())
                    .map(|p| p.name.as_str())
                    .collect();
                Err(if names.is_empty() {
                    format!(
                        "{name:?} is not a participant, and this session has none who rate; add them in Setup first"
                    )
                } else {
                    format!(
                        "{name:?} is not a participant; the participants who rate are: {}",
                        names.join(", ")
                    )
                })
            }
        }
    }

    /// Everyone who rates: each participant on a side, then every other name found among the
    /// ratings, with how many items each has rated. Sorted by side, group and name.
    pub fn raters(&self) -> Vec<Rater> {
        RATER_WALKS.with(|walks| walks.set(walks.get() + 1));
        // Borrowed names, so a walk over every rating copies no name.
        let mut tally = Tally::new();
        for p in &self.participants {
            if let Some(side) = p.role.side() {
                tally.add(side, &p.name, 0);
            }
        }
        for item in self.rated_items() {
            for side in Side::BOTH {
                for name in item.rating.raters(side).keys() {
                    tally.add(side, name, 1);
                }
            }
        }
        let mut raters: Vec<Rater> = tally
            .counts
            .into_iter()
            .map(|(side, name, rated)| Rater {
                group: self.rater_group(side, name),
                name: name.to_string(),
                side,
                rated,
            })
            .collect();
        raters.sort_by(|a, b| (a.side, &a.group, &a.name).cmp(&(b.side, &b.group, &b.name)));
        raters
    }
}

impl Session {
    /// Everyone whose ratings are in the session but who is not one of its participants on
    /// that side: an earlier rating kept by a file upgrade, a template's rater, a participant
    /// since removed. A side with no participants is rated by its default rater
    /// (`Side::rater`, see `turns`), so that one is not listed.
    pub fn stray_raters(&self) -> Vec<Rater> {
        self.strays_from(self.raters())
    }

    /// `stray_raters`, from the session's `raters` already counted.
    pub fn strays_from(&self, raters: Vec<Rater>) -> Vec<Rater> {
        raters
            .into_iter()
            .filter(|r| r.rated > 0)
            .filter(|r| {
                let mut on_side = self
                    .participants
                    .iter()
                    .filter(|p| p.role.side() == Some(r.side))
                    .peekable();
                let has_people = on_side.peek().is_some();
                let listed = on_side.any(|p| p.name == r.name);
                !listed && (has_people || r.name != r.side.rater())
            })
            .collect()
    }

    /// Takes out every rating `name` gave on `side`, in every step; returns how many.
    pub fn remove_ratings_by(&mut self, side: Side, name: &str) -> usize {
        let mut removed = 0;
        for dimension in Dimension::ALL {
            for index in 0..self.item_count(dimension.step()) {
                if let Some(ratings) = self.ratings_mut(dimension, index)
                    && ratings.raters_mut(side).remove(name).is_some()
                {
                    removed += 1;
                }
            }
        }
        removed
    }
}

impl Role {
    /// The role a new participant gets unless told otherwise: the side a self-assessment
    /// collects, or the provider in a workshop (the side whose turn comes first).
    pub fn default_for(mode: Mode) -> Role {
        match mode {
            Mode::ConsumerSelfAssessment => Role::Consumer,
            Mode::ProviderSelfAssessment | Mode::Workshop => Role::Provider,
        }
    }
}

thread_local! {
    /// How many times `Session::raters` has walked every rating on this thread.
    static RATER_WALKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many times `Session::raters` has walked every rating on this thread, so a counting test
/// (no clock) can hold drawing to no walk per frame and a change to one.
#[doc(hidden)]
pub fn rater_walks() -> usize {
    RATER_WALKS.with(std::cell::Cell::get)
}

/// Adds `by` to `name` on `side` in `counts`, listing the name if it is new. A handful of
/// people rate each item, so a short list searched in turn beats a map; a file with many
/// names (a merge of many copies, a hostile one) gets an index, so no walk grows with the
/// square of the names.
struct Tally<'a> {
    counts: Vec<(Side, &'a str, usize)>,
    index: std::collections::HashMap<(Side, &'a str), usize>,
    /// Where the last name was found: items list the same people in the same order, so the
    /// next name is most often the entry after it.
    last: usize,
}

impl<'a> Tally<'a> {
    const SHORT: usize = 16;

    fn new() -> Tally<'a> {
        Tally {
            counts: Vec::new(),
            index: std::collections::HashMap::new(),
            last: 0,
        }
    }

    fn add(&mut self, side: Side, name: &'a str, by: usize) {
        let next = self.last + 1;
        let found = if let Some((s, n, _)) = self.counts.get(next)
            && (*s, *n) == (side, name)
        {
            Some(next)
        } else if self.counts.len() <= Self::SHORT {
            self.counts
                .iter()
                .position(|(s, n, _)| *s == side && *n == name)
        } else {
            self.index.get(&(side, name)).copied()
        };
        match found {
            Some(at) => {
                self.counts[at].2 += by;
                self.last = at;
            }
            None => {
                self.counts.push((side, name, by));
                self.last = self.counts.len() - 1;
                if self.counts.len() > Self::SHORT {
                    if self.index.is_empty() {
                        let all = self.counts.iter().enumerate();
                        self.index = all.map(|(i, (s, n, _))| ((*s, *n), i)).collect();
                    } else {
                        self.index.insert((side, name), self.counts.len() - 1);
                    }
                }
            }
        }
    }
}

/// Pushes `item` and returns its index.
fn push<T>(list: &mut Vec<T>, item: T) -> usize {
    list.push(item);
    list.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_could_escape_a_folder_or_a_command_line_are_not_valid() {
        for id in [
            "k3x9a2f1",
            "template",
            "Q4_review-2",
            &"a".repeat(MAX_ID_LEN),
        ] {
            assert!(valid_id(id), "{id}");
        }
        for id in [
            "",
            "a/b",
            "x/../../escaped",
            "..",
            "-rf",
            "has space",
            "tab\there",
            "é",
            &"a".repeat(MAX_ID_LEN + 1),
        ] {
            assert!(!valid_id(id), "{id:?}");
        }
    }

    #[test]
    fn rating_alone_takes_a_unique_part_of_a_name_and_says_which_names_a_part_matches() {
        let mut session = Session::new("s1", "Review", Timestamp::default());
        for (name, role) in [
            ("Priya Raman", Role::Consumer),
            ("Sam Okafor", Role::Provider),
            ("Samira Diallo", Role::Consumer),
        ] {
            session.participants.push(Participant {
                name: name.into(),
                role,
                group: None,
            });
        }
        let priya = session.rater_named("priya").unwrap();
        assert_eq!(
            (priya.name.as_str(), priya.side),
            ("Priya Raman", Side::Consumer)
        );
        assert_eq!(session.rater_named("okafor").unwrap().name, "Sam Okafor");
        // A whole name wins over a longer name that contains it.
        session.participants[1].name = "Sam".into();
        assert_eq!(session.rater_named("sam").unwrap().name, "Sam");
        session.participants[1].name = "Sam Okafor".into();
        assert_eq!(
            session.rater_named("Sam").unwrap_err(),
            "\"Sam\" is part of several participants' names: Sam Okafor, Samira Diallo; give more of the name"
        );
    }

    #[test]
    fn an_item_added_by_its_text_lands_last_on_its_step_with_an_id_of_its_own() {
        let mut session = Session::new("s1", "Review", Timestamp::default());
        for dimension in Dimension::ALL {
            assert_eq!(session.add_item(dimension, "First"), 0);
            assert_eq!(session.add_item(dimension, "Second"), 1);
            let items: Vec<_> = session
                .rated_items()
                .filter(|i| i.dimension == dimension)
                .map(|i| (i.text.to_string(), i.id.to_string()))
                .collect();
            assert_eq!(items[1].0, "Second");
            assert!(valid_id(&items[1].1), "{dimension:?}: {items:?}");
            assert_ne!(items[0].1, items[1].1);
            assert!(session.ratings_ref(dimension, 1).unwrap().is_empty());
        }
        // A risk starts at the middle of both scales, as the form's does.
        assert_eq!(session.risks[0].exposure(), 9);
    }

    #[test]
    fn a_renamed_rater_keeps_their_ratings_on_their_side_only() {
        let mut session = Session::new("s1", "Review", Timestamp::default());
        session.add_item(Dimension::Benefits, "One");
        session.add_item(Dimension::Risks, "Two");
        let four = Rating::new(4);
        session.benefits[0]
            .rating
            .set_by(Side::Consumer, "Sam", four);
        session.risks[0]
            .rating
            .set_by(Side::Consumer, "Sam", Rating::new(2));
        session.risks[0]
            .rating
            .set_by(Side::Provider, "Sam", Rating::new(5));
        session.risks[0]
            .rating
            .set_by(Side::Consumer, "Sam Reid", Rating::new(1));
        session.rename_rater(Side::Consumer, "Sam", "Sam Reid");
        assert_eq!(
            session.benefits[0].rating.by(Side::Consumer, "Sam Reid"),
            four
        );
        assert_eq!(session.benefits[0].rating.by(Side::Consumer, "Sam"), None);
        // A rating the new name already gave stays; the other side's Sam is someone else.
        assert_eq!(
            session.risks[0].rating.by(Side::Consumer, "Sam Reid"),
            Rating::new(1)
        );
        assert_eq!(
            session.risks[0].rating.by(Side::Provider, "Sam"),
            Rating::new(5)
        );
    }

    #[test]
    fn a_reveal_covers_its_rated_step_every_step_from_the_summary_and_nothing_elsewhere() {
        assert_eq!(Step::Benefits.reveal_scope(), Some(Some(Step::Benefits)));
        assert_eq!(Step::Risks.reveal_scope(), Some(Some(Step::Risks)));
        assert_eq!(Step::Summary.reveal_scope(), Some(None));
        for step in [Step::Setup, Step::Context, Step::Agreements] {
            assert_eq!(step.reveal_scope(), None, "{step:?}");
        }
    }

    #[test]
    fn a_step_timer_total_saturates_instead_of_wrapping() {
        let mut s = Session::new("t1", "Timer", Timestamp::from_unix(0));
        s.add_time_spent(Step::Benefits, 90);
        s.add_time_spent(Step::Benefits, 30);
        assert_eq!(s.time_spent[&Step::Benefits], 120);
        s.time_spent.insert(Step::Costs, u32::MAX - 5);
        s.add_time_spent(Step::Costs, 60);
        assert_eq!(s.time_spent[&Step::Costs], u32::MAX);
        s.add_time_spent(Step::Costs, u64::MAX);
        assert_eq!(s.time_spent[&Step::Costs], u32::MAX);
    }

    fn r(n: u8) -> Option<Rating> {
        Rating::new(n)
    }

    #[test]
    fn steps_walk_in_order_and_know_their_dimension() {
        assert_eq!(Step::Setup.next(), Some(Step::Context));
        assert_eq!(Step::Risks.next(), Some(Step::Agreements));
        assert_eq!(Step::Summary.next(), None);
        assert_eq!(Step::Context.prev(), Some(Step::Setup));
        assert_eq!(Step::Setup.prev(), None);
        assert_eq!(Step::Costs.index(), 6);
        assert_eq!(Step::Costs.dimension(), Some(Dimension::Costs));
        assert_eq!(Step::Agreements.dimension(), None);
        for d in Dimension::ALL {
            assert_eq!(d.step().dimension(), Some(d));
            assert_eq!(d.key(), d.step().key());
            assert_eq!(d.title(), d.step().title());
        }
    }

    #[test]
    fn reveal_shows_items_both_sides_rated_and_counts_the_rest() {
        let mut s = Session::new("r", "R", Timestamp::default());
        let outcome = |p, c| Outcome {
            text: "o".into(),
            rating: Ratings::new(p, c),
            ..Default::default()
        };
        s.outcomes = vec![
            outcome(r(4), r(2)),
            outcome(r(3), None),
            outcome(None, None),
        ];
        s.costs = vec![Cost {
            text: "c".into(),
            rating: Ratings::new(r(1), r(1)),
            ..Default::default()
        }];
        assert_eq!(s.reveal(Some(Step::Outcomes)), (1, 1));
        assert!(s.outcomes[0].rating.revealed && !s.costs[0].rating.revealed);
        assert_eq!(s.reveal(Some(Step::Outcomes)), (0, 1), "already revealed");
        assert_eq!(s.reveal(None), (1, 1));
        assert!(s.costs[0].rating.revealed);
    }

    #[test]
    fn counts_defaults_and_clearing() {
        let mut s = Session::new("c", "C", Timestamp::default());
        assert_eq!(s.minutes_for(Step::Summary), 15);
        assert_eq!(s.minutes_for(Step::Benefits), 10);
        s.timebox.insert(Step::Benefits, 25);
        assert_eq!(s.minutes_for(Step::Benefits), 25);
        s.risks.push(Risk {
            likelihood: Rating::new(4).unwrap(),
            impact: Rating::new(5).unwrap(),
            rating: Ratings::new(r(2), r(3)),
            ..Default::default()
        });
        s.agreements.push(Agreement::default());
        assert_eq!(s.risks[0].exposure(), 20);
        assert_eq!(Risk::default().exposure(), 9);
        assert_eq!(s.item_count(Step::Risks), 1);
        assert_eq!(s.item_count(Step::Agreements), 1);
        assert_eq!(s.item_count(Step::Summary), 0);
        assert_eq!(
            s.ratings(Dimension::Risks, 0),
            Some(Ratings::new(r(2), r(3)))
        );
        assert_eq!(s.ratings(Dimension::Risks, 1), None);
        s.clear_ratings();
        assert_eq!(s.ratings(Dimension::Risks, 0), Some(Ratings::default()));
        let a = |done, dropped| Agreement {
            status: match (done, dropped) {
                (_, true) => AgreementStatus::Dropped,
                (true, false) => AgreementStatus::Done,
                (false, false) => AgreementStatus::Open,
            },
            ..Default::default()
        };
        assert_eq!(
            [a(false, false), a(true, false), a(false, true)].map(|a| a.status()),
            ["open", "done", "dropped"]
        );
        assert!(
            a(false, false).is_open() && !a(true, false).is_open() && !a(false, true).is_open()
        );
    }
    fn person(name: &str, role: Role) -> Participant {
        Participant {
            name: name.into(),
            role,
            group: None,
        }
    }

    #[test]
    fn raters_who_are_not_participants_are_strays_and_their_ratings_can_go() {
        let r = Rating::new;
        let mut s = Session::new("s1", "Desk", Timestamp::from_unix(0));
        for text in ["Fewer outages", "Faster fixes"] {
            s.add_item(Dimension::Benefits, text);
        }
        s.add_item(Dimension::Risks, "Lock-in");
        // No participants yet: the sides' default raters rate, and are nobody's strays.
        s.benefits[0].rating = Ratings::new(r(4), r(2));
        assert!(s.stray_raters().is_empty());
        // Two consumers join: the old "consumer" number is nobody's now; "provider" still
        // rates for a side without people.
        s.participants = vec![
            person("Dana", Role::Facilitator),
            person("Priya", Role::Consumer),
            person("Ola", Role::Consumer),
        ];
        for (index, rating) in [(0, 5), (1, 3)] {
            s.benefits[index]
                .rating
                .set_by(Side::Consumer, "Priya", r(rating));
        }
        s.risks[0].rating.set_by(Side::Consumer, "consumer", r(1));
        s.risks[0].rating.set_by(Side::Provider, "Kim", r(3));
        let strays: Vec<(Side, String, usize)> = s
            .stray_raters()
            .into_iter()
            .map(|r| (r.side, r.name, r.rated))
            .collect();
        assert_eq!(
            strays,
            [
                (Side::Provider, "Kim".to_string(), 1),
                (Side::Consumer, "consumer".to_string(), 2)
            ]
        );
        assert_eq!(s.remove_ratings_by(Side::Consumer, "consumer"), 2);
        assert_eq!(s.benefits[0].rating.by(Side::Consumer, "consumer"), None);
        assert_eq!(s.benefits[0].rating.by(Side::Consumer, "Priya"), r(5));
        assert_eq!(s.benefits[0].rating.by(Side::Provider, "provider"), r(4));
        assert!(s.risks[0].rating.by(Side::Consumer, "consumer").is_none());
        assert_eq!(s.remove_ratings_by(Side::Consumer, "consumer"), 0);
        // A name rates per side: Kim's provider rating is not a consumer's.
        assert_eq!(s.remove_ratings_by(Side::Consumer, "Kim"), 0);
        assert_eq!(s.remove_ratings_by(Side::Provider, "Kim"), 1);
        assert!(s.stray_raters().is_empty());
    }

    #[test]
    fn a_new_participant_is_on_the_side_the_mode_collects() {
        assert_eq!(
            Role::default_for(Mode::ConsumerSelfAssessment),
            Role::Consumer
        );
        assert_eq!(
            Role::default_for(Mode::ProviderSelfAssessment),
            Role::Provider
        );
        assert_eq!(Role::default_for(Mode::Workshop), Role::Provider);
    }
}
