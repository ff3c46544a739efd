//! What each step captures: context items and the rated items of the six dimensions, with
//! their kinds, measures, amounts and risk levels. Agreements are in `agreements`; notes,
//! resolutions, the closing answers and conflicts in `records`.

use super::balance::amount::{CostDirection, parse_amount};
use super::balance::measures::Figures;
use super::rating::{Rating, Ratings};
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
    #[serde(default = "Risk::default_level", deserialize_with = "level")]
    pub likelihood: Rating,
    #[serde(default = "Risk::default_level", deserialize_with = "level")]
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
    #[serde(deserialize_with = "level")]
    pub likelihood: Rating,
    #[serde(deserialize_with = "level")]
    pub impact: Rating,
}

/// A likelihood or an impact from a file, 1–5 as a rating is, refused in its own words (a
/// rating's message would call a likelihood of 9 "not a rating").
fn level<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Rating, D::Error> {
    // Read a wide integer so that 0, 9 or 300 give this message, not an overflow one.
    let value = i64::deserialize(deserializer)?;
    u8::try_from(value)
        .ok()
        .and_then(Rating::new)
        .ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{value} is not a likelihood or impact: expected a whole number from 1 to 5"
            ))
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A new user's report: `likelihood: 9` was refused as "9 is not a rating".
    #[test]
    fn a_likelihood_or_impact_out_of_range_is_named_as_one() {
        let risk = |fields: &str| ron::from_str::<Risk>(&format!("(text: \"Outage\", {fields})"));
        for fields in [
            "likelihood: 9",
            "impact: 0",
            "after: Some((likelihood: 2, impact: 6))",
        ] {
            let error = risk(fields).unwrap_err().to_string();
            assert!(
                error
                    .contains("is not a likelihood or impact: expected a whole number from 1 to 5"),
                "{fields}: {error}"
            );
        }
        let read =
            risk("likelihood: 4, impact: 2, after: Some((likelihood: 1, impact: 2))").unwrap();
        assert_eq!((read.likelihood.get(), read.impact.get()), (4, 2));
        assert_eq!(read.after.map(|a| a.exposure()), Some(2));
    }
}
