//! Who takes part: the mode of a session, a participant's role and stakeholder group, and a
//! rater as the workshop counts them.

use super::rating::Side;
use serde::{Deserialize, Serialize};
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

/// Someone who has rated, or may rate, as one of the raters of a side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rater {
    pub name: String,
    pub side: Side,
    pub group: Group,
    /// How many items this rater has rated.
    pub rated: usize,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by a mutation run: no test of the library asked a group for its side.
    #[test]
    fn a_named_group_belongs_to_a_side_and_a_free_one_to_none() {
        assert_eq!(Group::Customer.side(), Some(Side::Consumer));
        assert_eq!(Group::Sponsor.side(), Some(Side::Consumer));
        assert_eq!(Group::ServiceOwner.side(), Some(Side::Provider));
        assert_eq!(Group::Delivery.side(), Some(Side::Provider));
        assert_eq!(Group::Other("Auditors".into()).side(), None);
    }
}
