//! What each step captures: context items, the rated items of the six dimensions, agreements,
//! notes, resolutions, the closing answers; and what a merge or a served room records about them.

use super::balance::amount::{Amount, CostDirection, parse_amount};
use super::balance::measures::Figures;
use super::rating::{Rating, Ratings};
use super::step::Step;
use super::time::Date;
use serde::{Deserialize, Serialize};
use strum::{EnumMessage, IntoStaticStr, VariantNames};

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

    /// The exposure once the service is in place, where a mitigated risk says. An introduced
    /// risk's after counts nowhere: its exposure is what the service brings (see `after_problem`).
    pub fn exposure_after(&self) -> Option<u32> {
        self.counted_after().map(|a| a.exposure())
    }

    /// The after that counts: a mitigated risk's.
    pub fn counted_after(&self) -> Option<Level> {
        self.after.filter(|_| self.effect == RiskEffect::Mitigated)
    }

    /// What is wrong with the risk's after, if anything: worse than before for a mitigated
    /// risk, or there at all for an introduced one.
    pub fn after_problem(&self) -> Option<AfterProblem> {
        let after = self.after?;
        match self.effect {
            RiskEffect::Introduced => Some(AfterProblem::Introduced),
            RiskEffect::Mitigated if after.exposure() > self.exposure() => {
                Some(AfterProblem::Worse {
                    before: self.exposure(),
                    after: after.exposure(),
                })
            }
            RiskEffect::Mitigated => None,
        }
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

/// Why a risk's after does not fit it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AfterProblem {
    #[error(
        "its exposure after ({after}) is worse than before ({before}): a mitigated risk's should not grow; lower the after, or mark the risk introduced"
    )]
    Worse { before: u32, after: u32 },
    #[error(
        "an introduced risk has no after (its exposure is what the service brings), so it counts nowhere: remove the after, or mark the risk mitigated"
    )]
    Introduced,
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

/// An item a participant added, by its step and text, and their name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedBy {
    pub step: Step,
    pub item: String,
    pub by: String,
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
