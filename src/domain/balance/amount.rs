//! Cost amounts: reading `€4,200 a month` into a number, a unit and a period, and writing
//! numbers back with grouped digits. Which way a cost runs (`CostDirection`) lives here too.

use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// Whether the service takes a cost away from the consumer or puts one on them.
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
    strum::IntoStaticStr,
    strum::VariantNames,
)]
#[strum(serialize_all = "lowercase")]
pub enum CostDirection {
    /// The consumer no longer pays it because of the service.
    Removed,
    /// The consumer pays it to have the service (what every cost was before directions).
    #[default]
    Imposed,
}

impl CostDirection {
    pub fn is_imposed(&self) -> bool {
        *self == CostDirection::Imposed
    }

    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// How often an amount is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Once,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Period {
    pub const ALL: [Period; 6] = [
        Period::Once,
        Period::Day,
        Period::Week,
        Period::Month,
        Period::Quarter,
        Period::Year,
    ];

    /// The JSON and file word: `once`, `day`, … `year`.
    pub fn key(self) -> &'static str {
        match self {
            Period::Once => "once",
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// The period a word names: `month`, `monthly`, `months`, `mo`, `mth`; `None` for any
    /// other word.
    fn from_word(word: &str) -> Option<Period> {
        let word = word.to_lowercase();
        let word = match word.as_str() {
            "mo" | "mos" | "mth" | "mths" => "month",
            "wk" | "wks" => "week",
            "yr" | "yrs" => "year",
            "qtr" => "quarter",
            word => word,
        };
        Period::ALL.into_iter().find(|p| {
            let key = p.key();
            word == key
                || word.strip_suffix('s') == Some(key)
                || word == p.adverb()
                || (*p == Period::Year && word == "annually")
        })
    }

    /// Whether a word only says how often (`once`, `monthly`, `annually`).
    fn is_adverb(word: &str) -> bool {
        let word = word.to_lowercase();
        word == "annually" || Period::ALL.iter().any(|p| p.adverb() == word)
    }

    fn adverb(self) -> &'static str {
        match self {
            Period::Once => "once",
            Period::Day => "daily",
            Period::Week => "weekly",
            Period::Month => "monthly",
            Period::Quarter => "quarterly",
            Period::Year => "yearly",
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

/// A cost's amount read from its text: a number, a unit and how often.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Amount {
    pub value: f64,
    pub unit: String,
    pub per: Period,
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", number_text(self.value), self.unit)?;
        match self.per {
            Period::Once => f.write_str(" once"),
            per => write!(f, "/{}", per.key()),
        }
    }
}

/// Why an amount that is written as a figure (`6000 EUR/month`) cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error(
        "the amount `{0}` is negative: write it as a positive figure and mark the cost removed"
    )]
    Negative(String),
    #[error("the amount `{0}` has no unit after its number: write it like `6000 EUR/month`")]
    NoUnit(String),
    #[error(
        "`{period}` in the amount `{text}` is not a period: use once, day, week, month, quarter or year"
    )]
    UnknownPeriod { text: String, period: String },
    #[error("the amount `{0}` is too large a number")]
    TooLarge(String),
    #[error(
        "`{number}` in the amount `{text}` could mean {thousands} (the dot grouping thousands) or {decimal} (a decimal point): write {thousands} or {decimal}"
    )]
    Ambiguous {
        text: String,
        number: String,
        thousands: String,
        decimal: String,
    },
    #[error(
        "`{number}` in the amount `{text}` is not a number as written: group thousands in threes (6,000.50 or 6.000,50) or not at all (6000.50)"
    )]
    Unreadable { text: String, number: String },
}

impl AmountError {
    /// The same in a sentence short enough for one line of a form, which shows the amount.
    pub fn short(&self) -> String {
        match self {
            AmountError::Negative(_) => {
                "An amount is never negative: mark the cost removed instead.".into()
            }
            AmountError::NoUnit(_) => "Give the amount a unit, as in 6000 EUR/month.".into(),
            AmountError::UnknownPeriod { period, .. } => {
                format!("`{period}` is not a period: use once, day, week, month, quarter or year.")
            }
            AmountError::TooLarge(_) => "That amount is too large a number.".into(),
            AmountError::Ambiguous {
                number,
                thousands,
                decimal,
                ..
            } => format!(
                "`{number}` could mean {thousands} or {decimal}: write {thousands} or {decimal}."
            ),
            AmountError::Unreadable { number, .. } => {
                format!("`{number}` is no number as written: write it like 6000.50 or 6.000,50.")
            }
        }
    }
}

/// Reads an amount where it can. `Ok(None)` for free text that is no figure ("about 15 min
/// per ticket", "€18 per user a month": kept as written, never summed); an error only for text
/// written as a figure that does not hold one (`-5 EUR/month`, `40 h/fortnight`).
pub fn parse_amount(text: &str) -> Result<Option<Amount>, AmountError> {
    let text = text.trim();
    let bad = || text.to_string();
    let (currency, rest) = currency_prefix(text);
    let rest = rest.trim_start();
    if rest
        .strip_prefix(['-', '−'])
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Err(AmountError::Negative(bad()));
    }
    let (number, rest) = split_number(rest);
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(None);
    }
    // Read now, refused only below: free text that starts with an odd number stays free text.
    let value = read_number(number);
    let rest = rest.trim_start();
    let (unit, rest) = match currency {
        Some(code) => (code.to_string(), rest),
        None => {
            let word_len = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            let (word, rest) = rest.split_at(word_len);
            match word {
                // `6000/month`: a figure and a period, the unit forgotten.
                "" if slash_word(rest.trim_start())
                    .and_then(Period::from_word)
                    .is_some() =>
                {
                    return Err(AmountError::NoUnit(bad()));
                }
                "" => return Ok(None),
                // `3 monthly` names how often, not what: no unit, so no figure.
                word if Period::is_adverb(word) => return Ok(None),
                word => (unit_name(word), rest),
            }
        }
    };
    let Some(per) = period(rest.trim(), text)? else {
        return Ok(None);
    };
    let value = value.map_err(|e| e.in_amount(text))?;
    if !value.is_finite() {
        return Err(AmountError::TooLarge(bad()));
    }
    Ok(Some(Amount { value, unit, per }))
}

/// Spaces that group thousands (`6 000`, and the no-break ones a word processor puts there).
const GROUP_SPACES: [char; 3] = [' ', '\u{a0}', '\u{202f}'];

/// The number at the start of `text` and what follows it. A `,` or `.` belongs to it between
/// two digits; a space only before a group of exactly three digits (`6 000 EUR`, not `2 days`).
fn split_number(text: &str) -> (&str, &str) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digit_at = |i: usize| chars.get(i).is_some_and(|(_, c)| c.is_ascii_digit());
    let mut end = 0;
    while end < chars.len() {
        let c = chars[end].1;
        let joins = end > 0 && digit_at(end - 1);
        let takes = c.is_ascii_digit()
            || (joins && (c == ',' || c == '.') && digit_at(end + 1))
            || (joins
                && GROUP_SPACES.contains(&c)
                && (1..=3).all(|k| digit_at(end + k))
                && !digit_at(end + 4));
        if !takes {
            break;
        }
        end += 1;
    }
    let at = chars.get(end).map_or(text.len(), |(i, _)| *i);
    text.split_at(at)
}

/// A measure's figure as a person typed it, read as an amount's number is: `2,5` and `2.5` are
/// two and a half, `1.234,5` and `1,234.5` the same number, and a leading `-` is kept (a figure
/// may be below zero where an amount may not).
pub fn read_figure(text: &str) -> Result<f64, NumberError> {
    let text = text.trim();
    // A sign as people write a change: `-3`, `−3`, and `+4` as well.
    match text.strip_prefix(['-', '−']) {
        Some(rest) => read_number(rest.trim_start()).map(|n| -n),
        None => read_number(text.strip_prefix('+').map_or(text, str::trim_start)),
    }
}

/// `value` as the item form writes it for a person to edit: text [`read_figure`] reads back as
/// the same number. A plain `12.345` would be refused as ambiguous (twelve thousand or
/// twelve?), so three decimals get a fourth, as the refusal itself advises (`12.3450`).
pub fn typed_figure(value: f64) -> String {
    let text = value.to_string();
    let unsigned = text.trim_start_matches('-');
    match unsigned.split_once('.') {
        Some((lead, tail)) if tail.len() == 3 && lead != "0" && lead.len() <= 3 => text + "0",
        _ => text,
    }
}

/// Why the digits of an amount are not one number.
#[derive(Clone, Debug, PartialEq)]
pub enum NumberError {
    /// One `.` before three digits (`6.000`): a thousands group or a decimal point.
    Ambiguous { thousands: f64, decimal: f64 },
    /// Separators that group no thousands (`6,00,000`, `1.2.3`).
    Unreadable,
}

impl NumberError {
    fn in_amount(self, text: &str) -> AmountError {
        let (number, _) = split_number(currency_prefix(text).1.trim_start());
        let number = number.to_string();
        let text = text.to_string();
        match self {
            NumberError::Ambiguous { thousands, decimal } => AmountError::Ambiguous {
                text,
                number,
                thousands: thousands.to_string(),
                decimal: decimal.to_string(),
            },
            NumberError::Unreadable => AmountError::Unreadable { text, number },
        }
    }
}

/// A number written the English way (`6,000.50`), the European way (`6.000,50`, `6 000,50`) or
/// plainly (`6000.5`). The last of two different separators is the decimal one; one kind used
/// more than once groups thousands. One separator alone is a decimal unless three digits follow:
/// then a comma groups thousands (covalue writes its totals so, and they must read back) and a
/// dot is refused, since `6.000` is six thousand to half the readers and six to the rest.
fn read_number(number: &str) -> Result<f64, NumberError> {
    // Only digits, the two separators and the marks that group thousands (spaces, a thin
    // space, the Swiss apostrophe): `7/500`, `1x000` or `5-000` is not seven and a half
    // thousand, one thousand or five thousand, and `1.5e10` is Rust's syntax, not a person's.
    // A mark that is left in the fraction (`2,5 000`) fails the parse at the end.
    let allowed = |c: char| {
        c.is_ascii_digit()
            || c == ','
            || c == '.'
            || GROUP_SPACES.contains(&c)
            || ['\u{2009}', '\'', '’'].contains(&c)
    };
    if !number.chars().all(allowed) {
        return Err(NumberError::Unreadable);
    }
    let plain: String = number
        .chars()
        .filter(|c| !GROUP_SPACES.contains(c))
        .collect();
    let spaced = plain.len() != number.len();
    let count = |sep: char| plain.matches(sep).count();
    let last = plain.rfind([',', '.']).map(|i| plain.as_bytes()[i] as char);
    let decimal = match (count(','), count('.'), last) {
        (0, 0, _) | (_, _, None) => None,
        (c, d, Some(sep)) if c > 0 && d > 0 => Some(sep),
        (1, 0, _) | (0, 1, _) => {
            let sep = last.unwrap_or('.');
            let (lead, tail) = plain.split_once(sep).unwrap_or((&plain, ""));
            if tail.len() != 3 || lead == "0" || lead.len() > 3 || spaced {
                Some(sep)
            } else if sep == ',' {
                None
            } else {
                let joined = format!("{lead}{tail}");
                let value = |t: &str| t.parse::<f64>().map_err(|_| NumberError::Unreadable);
                return Err(NumberError::Ambiguous {
                    thousands: value(&joined)?,
                    decimal: value(&format!("{lead}.{tail}"))?,
                });
            }
        }
        _ => None,
    };
    let (whole, fraction) = match decimal {
        Some(sep) => number.rsplit_once(sep).unwrap_or((number, "")),
        None => (number, ""),
    };
    let groups: Vec<&str> = whole.split(|c: char| !c.is_ascii_digit()).collect();
    let grouped = groups.len() > 1;
    let well_grouped = groups.iter().enumerate().all(|(i, g)| match i {
        0 => (1..=3).contains(&g.len()) || !grouped,
        _ => g.len() == 3,
    });
    if !well_grouped || (decimal.is_some() && whole.contains(decimal.unwrap_or('.'))) {
        return Err(NumberError::Unreadable);
    }
    format!(
        "{}.{}",
        groups.concat(),
        if fraction.is_empty() { "0" } else { fraction }
    )
    .parse()
    .map_err(|_| NumberError::Unreadable)
}

/// The currency a leading symbol names, and the text after it.
fn currency_prefix(text: &str) -> (Option<&'static str>, &str) {
    for (symbol, code) in [('€', "EUR"), ('$', "USD"), ('£', "GBP")] {
        if let Some(rest) = text.strip_prefix(symbol) {
            return (Some(code), rest);
        }
    }
    (None, text)
}

/// One spelling per unit, so `40 hours` and `2 h` add up.
fn unit_name(word: &str) -> String {
    match word.to_lowercase().as_str() {
        "h" | "hr" | "hrs" | "hour" | "hours" => "h".into(),
        "min" | "mins" | "minute" | "minutes" => "min".into(),
        "day" | "days" => "days".into(),
        "week" | "weeks" => "weeks".into(),
        // A currency code however it is typed, so `eur` and `EUR` add up.
        lower if CURRENCY_CODES.contains(&lower) => lower.to_uppercase(),
        _ => word.to_string(),
    }
}

/// The currency codes people write after an amount; any case reads as the upper-case code.
const CURRENCY_CODES: [&str; 24] = [
    "eur", "usd", "gbp", "chf", "jpy", "cny", "inr", "aud", "cad", "nzd", "sek", "nok", "dkk",
    "pln", "czk", "huf", "ron", "bgn", "zar", "brl", "mxn", "sgd", "hkd", "krw",
];

/// The one word after a `/` that ends an amount (`/month`), if that is how it ends.
fn slash_word(rest: &str) -> Option<&str> {
    let word = rest.strip_prefix('/')?.trim();
    (!word.is_empty() && word.chars().all(char::is_alphabetic)).then_some(word)
}

/// The period the rest of an amount names: nothing (once), `/month`, `a month`, `per month`,
/// `monthly`. `None` when it names something else (`per user`, `/user/month`); an error for
/// one word after a `/` that is no period (`/fortnight`), which can only have meant one.
fn period(rest: &str, text: &str) -> Result<Option<Period>, AmountError> {
    if rest.is_empty() {
        return Ok(Some(Period::Once));
    }
    if let Some(word) = slash_word(rest) {
        return Period::from_word(word)
            .map(Some)
            .ok_or_else(|| AmountError::UnknownPeriod {
                text: text.to_string(),
                period: word.to_string(),
            });
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    Ok(match words.as_slice() {
        [word] => Period::from_word(word),
        ["a" | "per" | "each" | "every" | "an", word] => {
            Period::from_word(word).filter(|p| *p != Period::Once)
        }
        _ => None,
    })
}

/// A figure as people read it: thousands separated, at most two decimals (6,000; 1.5).
pub fn number_text(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let whole = rounded.trunc();
    // The float's own digits: `as u64` stopped at 18,446,744,073,709,551,615 (a trial's 1e20).
    let mut digits = format!("{:.0}", whole.abs());
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    let fraction = ((rounded - whole).abs() * 100.0).round() as u64;
    let fraction = match fraction {
        0 => String::new(),
        f if f % 10 == 0 => format!(".{}", f / 10),
        f => format!(".{f:02}"),
    };
    format!("{sign}{digits}{grouped}{fraction}")
}
