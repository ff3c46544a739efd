//! What the Agreements step captures: an agreed action with its owner, person, due date and
//! status, and how it is written in a session file.

use super::people::Participant;
use super::rating::Side;
use super::time::Date;
use serde::{Deserialize, Serialize};
use strum::{EnumMessage, IntoStaticStr, VariantNames};

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

    /// The person's side when the owner names the other one: an action the consumer owns is
    /// not carried by someone on the provider's side. `people` are the session's participants;
    /// an owner of both sides, and a person who is no participant (or the facilitator), fit.
    pub fn owner_crossing(&self, people: &[Participant]) -> Option<Side> {
        let owner = match self.owner {
            Owner::Provider => Side::Provider,
            Owner::Consumer => Side::Consumer,
            Owner::Both => return None,
        };
        // Names match whatever their case and spacing: "sam  okafor" is Sam Okafor.
        let words = |name: &str| -> Vec<String> {
            name.split_whitespace().map(str::to_lowercase).collect()
        };
        let person = words(&self.person);
        let mut sides = people
            .iter()
            .filter(|p| !person.is_empty() && words(&p.name) == person)
            .map(|p| p.role.side());
        let first = sides.next()??;
        (first != owner && sides.all(|side| side == Some(first))).then_some(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::Role;

    #[test]
    fn a_person_on_the_other_side_from_the_owner_is_named_by_their_side() {
        let person = |name: &str, role| Participant {
            name: name.into(),
            role,
            group: None,
        };
        let people = [
            person("Priya", Role::Provider),
            person("Chen", Role::Consumer),
            person("Dana", Role::Facilitator),
        ];
        let action = |owner, name: &str| Agreement {
            owner,
            person: name.into(),
            ..Agreement::default()
        };
        assert_eq!(
            action(Owner::Consumer, " priya ").owner_crossing(&people),
            Some(Side::Provider)
        );
        // Found by a new-user trial: two spaces inside a name got past the check.
        let full = [person("Sam Okafor", Role::Provider)];
        assert_eq!(
            action(Owner::Consumer, "  SAM   okafor ").owner_crossing(&full),
            Some(Side::Provider)
        );
        assert_eq!(
            action(Owner::Provider, "Chen").owner_crossing(&people),
            Some(Side::Consumer)
        );
        for fits in [
            action(Owner::Provider, "Priya"),
            action(Owner::Both, "Chen"),
            action(Owner::Consumer, "Dana"),
            action(Owner::Consumer, "Someone else"),
            action(Owner::Consumer, ""),
        ] {
            assert_eq!(fits.owner_crossing(&people), None, "{fits:?}");
        }
        // Two people of one name on both sides: no side can be named.
        let twins = [person("Sam", Role::Provider), person("Sam", Role::Consumer)];
        assert_eq!(action(Owner::Consumer, "Sam").owner_crossing(&twins), None);
    }
}
