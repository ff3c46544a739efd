//! The portfolio's settings of one sessions folder: each service's targets and review cadence,
//! in `.portfolio.ron` beside the sessions (hidden, so no listing takes it for a session, and
//! kept in git with them). A person may write it by hand; a missing file means no targets.

use super::fs::{Capped, read_capped};
use super::list::SessionInfo;
use super::{OpenError, Store, StoreError, load, write_atomic};
use crate::domain::follow_up::{same_service, service_key};
use crate::domain::portfolio::{Portfolio, Review, Targets, portfolio};
use crate::domain::trend::{Trend, trend};
use crate::domain::{Date, Session};
use std::path::{Path, PathBuf};

/// The file's name in the sessions folder.
pub const TARGETS_FILE: &str = ".portfolio.ron";

/// The settings file is a few lines; anything this large is not one.
const TARGETS_CAP: u64 = 1024 * 1024;

/// Why the portfolio settings could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TargetsError {
    #[error(transparent)]
    Unreadable(StoreError),
    #[error("{}: {what}", path.display())]
    NotText { path: PathBuf, what: String },
    /// Read, but not valid settings; line and column from 1.
    #[error("{}:{line}:{column}: {source}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        #[source]
        source: ron::Error,
    },
}

/// Where the settings of the sessions folder `dir` live.
pub fn targets_path(dir: &Path) -> PathBuf {
    dir.join(TARGETS_FILE)
}

/// Whether `path` names a portfolio settings file (for `check`).
pub fn is_targets_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == TARGETS_FILE)
}

/// The settings at `path`; a missing file is no targets at all.
pub fn load_targets(path: &Path) -> Result<Targets, TargetsError> {
    let text = match read_capped(path, TARGETS_CAP) {
        Ok(Capped::Bytes(bytes)) => {
            String::from_utf8(bytes).map_err(|_| TargetsError::NotText {
                path: path.to_path_buf(),
                what: "the bytes are not UTF-8 text".into(),
            })?
        }
        Ok(Capped::TooLarge(size)) => {
            return Err(TargetsError::NotText {
                path: path.to_path_buf(),
                what: format!("too large for a settings file ({size} bytes)"),
            });
        }
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Targets::default());
        }
        Err(e) => return Err(TargetsError::Unreadable(e)),
    };
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&text)
        .map_err(|e| TargetsError::Invalid {
            path: path.to_path_buf(),
            line: e.span.start.line,
            column: e.span.start.col,
            source: e.code,
        })
}

/// Writes the settings atomically (the previous file kept as a backup), with a comment that
/// says what the fields mean, since people edit this file by hand.
pub fn save_targets(path: &Path, targets: &Targets) -> Result<(), StoreError> {
    let config = ron::ser::PrettyConfig::new().struct_names(false);
    let text = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .to_string_pretty(targets, config)
        .expect("targets always serialize");
    let header = "// covalue portfolio settings: per service (any case) the lowest acceptable\n\
                  // value_index and alignment (0-100) and cadence_days between reviews;\n\
                  // `default` applies to every service that leaves a field out.\n";
    write_atomic(path, format!("{header}{text}\n").as_bytes())
}

/// Why a portfolio or a trend could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PortfolioError {
    #[error(transparent)]
    Targets(#[from] TargetsError),
    #[error(transparent)]
    Folder(#[from] StoreError),
    #[error(transparent)]
    Session(#[from] OpenError),
    /// No session is of the service; the known services, for the sentence.
    #[error("no session in {} is of the service {service:?}; {}", dir.display(), known_services(.known))]
    NoSuchService {
        dir: PathBuf,
        service: String,
        known: Vec<String>,
    },
    /// Every session of the service is a worked example (`new --example`), which no trend
    /// counts as a review; how many there are, for the sentence.
    #[error("the sessions of the service {service:?} in {} are all worked examples ({examples}): demos, not reviews, so there is no trend yet", dir.display())]
    OnlyExamples {
        dir: PathBuf,
        service: String,
        examples: usize,
    },
}

fn known_services(known: &[String]) -> String {
    if known.is_empty() {
        "none has a service yet".into()
    } else {
        format!("the services are: {}", known.join(", "))
    }
}

/// A listed session as a review of its service: the listing's numbers are the room's.
pub fn review_of(info: &SessionInfo) -> Review {
    Review {
        session: info.id.clone(),
        title: info.title.clone(),
        service: info.service.clone(),
        created: info.created,
        updated: info.updated,
        follows: info.follows.clone(),
        example: info.example,
        value_index: info.value_index,
        equal_index: info.equal_index,
        weights: info.weights,
        alignment: info.alignment,
        vocr: info.vocr,
        partial: info.partial,
        hidden: info.hidden,
        items: info.items,
        open_agreements: info.open_agreements,
        open_due: info.open_due.clone(),
    }
}

impl Store {
    /// The portfolio of this folder on `today`, from the cached listing and the folder's
    /// targets, and how many files could not be read (left out).
    pub fn portfolio(&self, today: Date) -> Result<(Portfolio, usize), PortfolioError> {
        let targets = load_targets(&targets_path(self.dir()))?;
        let listed = self.sessions()?;
        let unreadable = listed.iter().filter(|l| l.info.is_err()).count();
        let reviews = listed
            .iter()
            .filter_map(|l| l.info.as_ref().ok())
            .map(review_of)
            .collect();
        Ok((portfolio(reviews, &targets, today), unreadable))
    }

    /// The trend of `service` (any case), every readable session of it that is not a worked
    /// example loaded in full, with the session files in the trend's order (oldest first).
    pub fn trend(&self, service: &str) -> Result<(Trend, Vec<PathBuf>), PortfolioError> {
        let listed = self.sessions()?;
        let mut sessions: Vec<(PathBuf, Session)> = Vec::new();
        let mut examples = 0;
        for entry in &listed {
            if let Ok(info) = &entry.info
                && same_service(&info.service, service)
            {
                if info.example {
                    examples += 1;
                } else {
                    sessions.push((entry.path.clone(), load(&entry.path)?));
                }
            }
        }
        if sessions.is_empty() && examples > 0 {
            return Err(PortfolioError::OnlyExamples {
                dir: self.dir().to_path_buf(),
                service: crate::text::one_line(service),
                examples,
            });
        }
        if sessions.is_empty() {
            // The services a trend can be made of: a worked example's is not one.
            let mut known: Vec<String> = listed
                .iter()
                .filter_map(|l| l.info.as_ref().ok())
                .filter(|i| !i.example)
                .map(|i| crate::text::one_line(i.service.trim()))
                .filter(|s| !s.is_empty())
                .collect();
            known.sort_by_key(|n| service_key(n));
            known.dedup_by_key(|n| service_key(n));
            return Err(PortfolioError::NoSuchService {
                dir: self.dir().to_path_buf(),
                service: crate::text::one_line(service),
                known,
            });
        }
        let only: Vec<Session> = sessions.iter().map(|(_, s)| s.clone()).collect();
        let t = trend(service, &only);
        let paths = t
            .points
            .iter()
            .filter_map(|p| sessions.iter().find(|(_, s)| s.id == p.session))
            .map(|(path, _)| path.clone())
            .collect();
        Ok((t, paths))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::portfolio::Target;

    #[test]
    fn settings_round_trip_and_a_bad_file_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = targets_path(dir.path());
        assert_eq!(load_targets(&path).unwrap(), Targets::default());
        let mut targets = Targets::default();
        targets.default.cadence_days = Some(91);
        targets.services.insert(
            "Payroll".into(),
            Target {
                value_index: Some(65.0),
                ..Target::default()
            },
        );
        save_targets(&path, &targets).unwrap();
        assert_eq!(load_targets(&path).unwrap(), targets);
        std::fs::write(&path, "(\n  default: (cadence: 90),\n)").unwrap();
        let error = load_targets(&path).unwrap_err().to_string();
        assert!(error.contains(".portfolio.ron:2:"), "{error}");
        assert!(error.contains("cadence"), "{error}");
        std::fs::write(&path, "(services: {\n  \"Desk\": (value_index: 170),\n})").unwrap();
        let error = load_targets(&path).unwrap_err().to_string();
        assert!(error.contains(".portfolio.ron:2:"), "{error}");
        assert!(error.contains("from 0 to 100, not 170"), "{error}");
    }
}
