//! The built-in templates: complete example workshops in `assets/templates/`, compiled into
//! the binary so a fresh install has something real to start from.

use super::file::parse;
use crate::domain::{Session, Timestamp};
use std::path::Path;

/// A built-in template: its name on the command line, what it is, and its RON text.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    pub name: &'static str,
    pub about: &'static str,
    source: &'static str,
}

pub const TEMPLATES: [Template; 4] = [
    Template {
        name: "service-desk",
        about: "a managed IT service desk that cuts downtime",
        source: include_str!("../../assets/templates/service-desk.ron"),
    },
    Template {
        name: "cloud-hosting",
        about: "cloud hosting with a predictable monthly fee and built-in redundancy",
        source: include_str!("../../assets/templates/cloud-hosting.ron"),
    },
    Template {
        name: "secure-backup",
        about: "a secure backup service that matters most when things go wrong",
        source: include_str!("../../assets/templates/secure-backup.ron"),
    },
    Template {
        name: "reporting-tool",
        about: "a reporting tool with many features that may not help anyone decide better",
        source: include_str!("../../assets/templates/reporting-tool.ron"),
    },
];

impl Template {
    pub fn find(name: &str) -> Option<Template> {
        TEMPLATES.into_iter().find(|t| t.name == name)
    }

    /// The template's example workshop exactly as shipped.
    pub fn session(&self) -> Session {
        let path = format!("assets/templates/{}.ron", self.name);
        parse(Path::new(&path), self.source.as_bytes())
            .expect("built-in templates are checked by the tests")
    }

    /// A new session from this template, with its own id and times.
    pub fn instantiate(&self, id: &str, now: Timestamp) -> Session {
        let mut session = self.session();
        session.id = id.to_string();
        session.created = now;
        session.updated = now;
        session
    }
}
