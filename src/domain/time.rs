//! Calendar dates and UTC timestamps, written as ISO 8601 text in session files.
//! Pure arithmetic on the proleptic Gregorian calendar; reading the clock is the caller's job.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A calendar date such as 2026-12-15 (an agreement's due date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// A moment in UTC, to the second, written as 2026-11-27T20:47:15Z.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub unix: i64,
}

/// Text that does not read as a date; it holds the text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date: expected YYYY-MM-DD, such as 2026-12-15")]
pub struct NotADate(pub String);

/// Text that does not read as a moment in UTC; it holds the text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a time: expected YYYY-MM-DDTHH:MM:SSZ, such as 2026-11-27T14:05:00Z")]
pub struct NotATime(pub String);

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Days from 1970-01-01 to the given date, and back (H. Hinnant's civil calendar algorithms).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Whole days from `earlier` to this date (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        days_from_civil(self.year, self.month, self.day)
            - days_from_civil(earlier.year, earlier.month, earlier.day)
    }

    /// The date `days` days later (earlier for a negative number).
    pub fn plus_days(self, days: i64) -> Date {
        Timestamp::from_unix((days_from_civil(self.year, self.month, self.day) + days) * 86_400)
            .date()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = NotADate;

    fn from_str(text: &str) -> Result<Date, NotADate> {
        let bad = || NotADate(text.to_string());
        let mut parts = text.trim().splitn(3, '-');
        let mut next = |len: usize| {
            let part = parts
                .next()
                .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()));
            part.and_then(|p| p.parse::<i32>().ok())
        };
        let (year, month, day) = (next(4), next(2), next(2));
        match (year, month, day) {
            (Some(y), Some(m), Some(d)) => Date::new(y, m as u8, d as u8).ok_or_else(bad),
            _ => Err(bad()),
        }
    }
}

impl Timestamp {
    pub fn from_unix(unix: i64) -> Timestamp {
        Timestamp { unix }
    }

    pub fn date(self) -> Date {
        let (year, month, day) = civil_from_days(self.unix.div_euclid(86_400));
        Date {
            year: year as i32,
            month,
            day,
        }
    }
}

/// Writes `n` into `digits` as that many decimal digits, zeros in front.
fn put_digits(digits: &mut [u8], mut n: u32) {
    for d in digits.iter_mut().rev() {
        *d = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.unix.rem_euclid(86_400);
        let date = self.date();
        // Digit by digit into one buffer: a listing of thousands of sessions writes two
        // timestamps each, and `write!` with padded fields was a tenth of the listing.
        if let Ok(year @ 0..=9999) = u32::try_from(date.year) {
            let mut text = *b"0000-00-00T00:00:00Z";
            put_digits(&mut text[0..4], year);
            put_digits(&mut text[5..7], u32::from(date.month));
            put_digits(&mut text[8..10], u32::from(date.day));
            // `secs` is within a day, so these fit.
            put_digits(&mut text[11..13], (secs / 3600) as u32);
            put_digits(&mut text[14..16], (secs / 60 % 60) as u32);
            put_digits(&mut text[17..19], (secs % 60) as u32);
            return f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?);
        }
        write!(
            f,
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

impl FromStr for Timestamp {
    type Err = NotATime;

    fn from_str(text: &str) -> Result<Timestamp, NotATime> {
        let bad = || NotATime(text.to_string());
        let (date, rest) = text.split_once('T').ok_or_else(bad)?;
        let date: Date = date.parse().map_err(|_| bad())?;
        let clock = rest.strip_suffix('Z').ok_or_else(bad)?;
        let fields: Vec<i64> = clock
            .split(':')
            // Exactly two digits: `parse` alone would take `-1` or `+1`.
            .map(|p| {
                let digits = p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
                if digits { p.parse().ok() } else { None }
            })
            .collect::<Option<_>>()
            .ok_or_else(bad)?;
        let [h, m, s] = fields[..] else {
            return Err(bad());
        };
        if h > 23 || m > 59 || s > 59 {
            return Err(bad());
        }
        let days = days_from_civil(date.year, date.month, date.day);
        Ok(Timestamp {
            unix: days * 86_400 + h * 3600 + m * 60 + s,
        })
    }
}

macro_rules! serde_as_text {
    ($type:ty) => {
        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

serde_as_text!(Date);
serde_as_text!(Timestamp);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_move_by_days_across_months_years_and_leap_days() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        assert_eq!(d(2026, 11, 16).days_since(d(2026, 11, 2)), 14);
        assert_eq!(d(2026, 11, 2).days_since(d(2026, 11, 16)), -14);
        assert_eq!(d(2028, 2, 28).plus_days(1), d(2028, 2, 29));
        assert_eq!(d(2026, 12, 31).plus_days(1), d(2027, 1, 1));
        assert_eq!(d(2027, 1, 1).plus_days(-1), d(2026, 12, 31));
        let (from, to) = (d(2026, 8, 19), d(2031, 3, 7));
        assert_eq!(from.plus_days(to.days_since(from)), to);
    }

    /// The digit-by-digit writing says what the padded `write!` said, on every side of the
    /// years it covers (0 to 9999) and beyond them.
    #[test]
    fn a_timestamp_is_written_as_the_padded_fields_say() {
        let padded = |t: Timestamp| {
            let secs = t.unix.rem_euclid(86_400);
            format!(
                "{}T{:02}:{:02}:{:02}Z",
                t.date(),
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            )
        };
        let mut unix: i64 = -70_000_000_000;
        while unix < 260_000_000_000 {
            let t = Timestamp::from_unix(unix);
            assert_eq!(t.to_string(), padded(t), "{unix}");
            unix += 7_777_777 + unix.rem_euclid(86_399);
        }
        for unix in [
            -62_167_219_201,
            -62_167_219_200,
            253_402_300_799,
            253_402_300_800,
        ] {
            let t = Timestamp::from_unix(unix);
            assert_eq!(t.to_string(), padded(t), "{unix}");
        }
    }

    #[test]
    fn timestamps_round_trip_through_text() {
        for unix in [0, 951_782_400, 1_795_812_435, -86_400, 4_102_444_799] {
            let t = Timestamp::from_unix(unix);
            assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t), "{t}");
        }
        assert_eq!(Timestamp::from_unix(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Timestamp::from_unix(951_782_400).to_string(),
            "2000-02-29T00:00:00Z"
        );
    }

    #[test]
    fn days_between_dates_cross_months_and_leap_days() {
        let d = |t: &str| t.parse::<Date>().unwrap();
        assert_eq!(d("2028-03-01").days_since(d("2028-02-28")), 2);
        assert_eq!(d("2026-01-01").days_since(d("2026-12-31")), -364);
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(
            "2028-02-29".parse::<Date>(),
            Ok(Date {
                year: 2028,
                month: 2,
                day: 29
            })
        );
        assert!("2027-02-29".parse::<Date>().is_err());
        // A century is a leap year only every 400 years (found by shard 42: `/` for `%`).
        assert!("2000-02-29".parse::<Date>().is_ok());
        assert!("2100-02-29".parse::<Date>().is_err());
        assert!("0100-02-29".parse::<Date>().is_err());
        assert!("2027-13-01".parse::<Date>().is_err());
        assert!("27-1-1".parse::<Date>().is_err());
        assert!("next week".parse::<Date>().is_err());
    }

    #[test]
    fn a_clock_with_signs_is_not_a_time() {
        for text in [
            "2026-11-27T-1:-1:-1Z",
            "2026-11-27T+1:00:00Z",
            "2026-11-27T00:-0:00Z",
            "2026-11-27T1 :00:00Z",
        ] {
            assert!(text.parse::<Timestamp>().is_err(), "{text}");
        }
        assert_eq!(
            "2026-11-27T23:59:59Z"
                .parse::<Timestamp>()
                .map(|t| t.date()),
            Ok(Date::new(2026, 11, 27).unwrap())
        );
    }

    #[test]
    fn each_clock_field_is_checked_on_its_own() {
        for bad in [
            "2026-11-27T24:00:00Z",
            "2026-11-27T12:60:00Z",
            "2026-11-27T12:00:60Z",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad} was accepted");
        }
        assert_eq!(
            "2026-11-27T23:59:59Z"
                .parse::<Timestamp>()
                .map(|t| t.unix % 86_400),
            Ok(86_399)
        );
    }

    #[test]
    fn bad_text_is_a_typed_error_in_todays_words() {
        let date = "2027-02-29".parse::<Date>().unwrap_err();
        assert_eq!(date, NotADate("2027-02-29".into()));
        assert_eq!(
            date.to_string(),
            "\"2027-02-29\" is not a date: expected YYYY-MM-DD, such as 2026-12-15"
        );
        let time = "friday".parse::<Timestamp>().unwrap_err();
        assert_eq!(time, NotATime("friday".into()));
        assert_eq!(
            time.to_string(),
            "\"friday\" is not a time: expected YYYY-MM-DDTHH:MM:SSZ, such as 2026-11-27T14:05:00Z"
        );
    }
}
