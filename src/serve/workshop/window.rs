//! The pre-work window (`covalue serve SESSION --open-until DATETIME`): when it closes, how a
//! person types that moment, and the clock it is judged by (the system's, or a test's).

use crate::domain::Timestamp;
use std::sync::Arc;

/// A pre-work window: participants rate at their own pace until `until`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub until: Timestamp,
    /// Every rating that can be is revealed at the close.
    pub reveal: bool,
}

impl Window {
    /// The window a session's room keeps, if it has one.
    pub fn of(served: &crate::domain::Served) -> Option<Window> {
        served.open_until.map(|until| Window {
            until,
            reveal: served.reveal_at_close,
        })
    }

    pub fn closed(&self, now: Timestamp) -> bool {
        now >= self.until
    }
}

/// The time now, as the server judges the window by. Tests hand the server their own.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// The system's clock.
pub fn system_clock() -> Clock {
    Arc::new(crate::store::now)
}

/// A moment as people read it: `2026-12-08 17:00 UTC` (seconds only when there are some).
pub fn shown(at: Timestamp) -> String {
    let text = at.to_string();
    let (date, clock) = text
        .trim_end_matches('Z')
        .split_once('T')
        .unwrap_or((&text, ""));
    let clock = clock.strip_suffix(":00").unwrap_or(clock);
    format!("{date} {clock} UTC")
}

/// Why `--open-until` was not understood.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WhenError {
    #[error(
        "--open-until {0:?} is not a time: write 2026-12-08 17:00 or 2026-12-08T17:00 (UTC; add an offset such as +01:00 for another zone), or a time from now such as +2h, +90m or +1d"
    )]
    Unreadable(String),
    #[error("--open-until {given:?} has passed (it was {}); give a time to come", shown(*at))]
    Past { given: String, at: Timestamp },
}

/// The close a person typed, judged at `now`: `2026-12-08 17:00`, `2026-12-08T17:00`, either
/// with seconds, with `Z` or an offset (`+01:00`), else UTC; or from now: `+2h`, `+90m`,
/// `+1d`, `+30s`. A moment that has passed is refused.
pub fn parse_close(text: &str, now: Timestamp) -> Result<Timestamp, WhenError> {
    let unreadable = || WhenError::Unreadable(text.to_string());
    let trimmed = text.trim();
    let at = match trimmed.strip_prefix('+') {
        Some(span) => Timestamp::from_unix(now.unix + seconds_in(span).ok_or_else(unreadable)?),
        None => moment(trimmed).ok_or_else(unreadable)?,
    };
    if at <= now {
        return Err(WhenError::Past {
            given: text.to_string(),
            at,
        });
    }
    Ok(at)
}

/// `2h`, `90m`, `1d`, `30s` in seconds.
fn seconds_in(span: &str) -> Option<i64> {
    let unit = span.chars().last()?;
    let number: i64 = span[..span.len() - unit.len_utf8()].parse().ok()?;
    let per = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return None,
    };
    (number > 0).then(|| number.checked_mul(per)).flatten()
}

/// `2026-12-08 17:00[:SS][Z|±HH:MM]` or with a `T` between the date and the time.
fn moment(text: &str) -> Option<Timestamp> {
    let (date, rest) = text.split_once(['T', ' '])?;
    let rest = rest.trim();
    // The zone: Z, an offset such as +01:00 or -0500, or nothing (UTC).
    let (clock, offset) = if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else if let Some(at) = rest.rfind(['+', '-']) {
        (&rest[..at], offset_seconds(&rest[at..])?)
    } else {
        (rest, 0)
    };
    let clock = match clock.len() {
        5 => format!("{clock}:00"),
        _ => clock.to_string(),
    };
    let utc: Timestamp = format!("{date}T{clock}Z").parse().ok()?;
    Some(Timestamp::from_unix(utc.unix - offset))
}

/// `+01:00`, `-0530`, `+02` in seconds east of UTC.
fn offset_seconds(text: &str) -> Option<i64> {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let digits: String = text[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits.get(2..).map_or(Some(0), |m| m.parse().ok())?;
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_close_is_read_as_a_person_types_it() {
        let now = at("2026-12-06T12:00:00Z");
        let close = |text: &str| parse_close(text, now);
        let five = Ok(at("2026-12-08T17:00:00Z"));
        for text in [
            "2026-12-08 17:00",
            "2026-12-08T17:00",
            "2026-12-08T17:00:00Z",
            " 2026-12-08 17:00:00 ",
            "2026-12-08 18:00+01:00",
            "2026-12-08T12:00-0500",
        ] {
            assert_eq!(close(text), five, "{text}");
        }
        assert_eq!(close("+2h"), Ok(at("2026-12-06T14:00:00Z")));
        assert_eq!(close("+90m"), Ok(at("2026-12-06T13:30:00Z")));
        assert_eq!(close("+1d"), Ok(at("2026-12-07T12:00:00Z")));
        assert_eq!(close("+45s"), Ok(at("2026-12-06T12:00:45Z")));
    }

    #[test]
    fn a_bad_or_past_close_is_one_sentence() {
        let now = at("2026-12-06T12:00:00Z");
        for text in [
            "tomorrow",
            "2026-12-08",
            "2026-12-08 25:00",
            "2026-13-08 17:00",
            "+2w",
            "+-2h",
            "+h",
            "2026-12-08 17:00+99:00",
        ] {
            let error = parse_close(text, now).unwrap_err();
            assert!(matches!(error, WhenError::Unreadable(_)), "{text}");
            let said = error.to_string();
            assert!(
                said.contains("is not a time") && !said.contains('\n'),
                "{said}"
            );
        }
        assert_eq!(
            parse_close("2026-12-05 09:00", now)
                .unwrap_err()
                .to_string(),
            "--open-until \"2026-12-05 09:00\" has passed (it was 2026-12-05 09:00 UTC); give a time to come"
        );
    }

    #[test]
    fn a_moment_is_shown_without_needless_seconds() {
        assert_eq!(shown(at("2026-12-08T17:00:00Z")), "2026-12-08 17:00 UTC");
        assert_eq!(shown(at("2026-12-08T17:00:30Z")), "2026-12-08 17:00:30 UTC");
    }
}
