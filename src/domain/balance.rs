//! The value balance beyond perception: cost amounts and their totals per unit and period,
//! measures and how far they are realised, and the weights a room agrees for the value index.
//! Pure rules; the items that carry these fields live in `session`, the summary in `value`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
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

    /// The period a word names: `month`, `monthly`, `months`; `None` for any other word.
    fn from_word(word: &str) -> Option<Period> {
        let word = word.to_lowercase();
        let word = word.as_str();
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
    let number_len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(rest.len());
    let (number, rest) = rest.split_at(number_len);
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(None);
    }
    let Ok(value) = number.replace(',', "").parse::<f64>() else {
        return Ok(None);
    };
    if !value.is_finite() {
        return Err(AmountError::TooLarge(bad()));
    }
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
    Ok(Some(Amount { value, unit, per }))
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
        _ => word.to_string(),
    }
}

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
    let mut digits = format!("{}", whole.abs() as u64);
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

/// The sum of some amounts of one unit and one period.
pub type Total = Amount;

/// The costs of one direction: how many, and their amounts summed per unit and period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CostTotals {
    pub count: usize,
    /// One total per unit and period, in the order the costs first name them; never mixed.
    pub totals: Vec<Total>,
    /// Costs with an amount that is not a figure, so it is not in any total.
    #[serde(skip)]
    pub unsummed: usize,
}

impl CostTotals {
    /// Adds one cost's amount (`None` for one without a figure).
    pub fn add(&mut self, amount: Option<Amount>, has_text: bool) {
        self.count += 1;
        let Some(amount) = amount else {
            self.unsummed += usize::from(has_text);
            return;
        };
        match self
            .totals
            .iter_mut()
            .find(|t| t.unit == amount.unit && t.per == amount.per)
        {
            Some(total) => total.value += amount.value,
            None => self.totals.push(amount),
        }
    }

    /// The totals alone: `6,000 EUR/month, 40 h/month`; the count when nothing is a figure.
    pub fn figures_text(&self) -> String {
        let mut parts: Vec<String> = self.totals.iter().map(Amount::to_string).collect();
        if self.unsummed > 0 {
            parts.push(format!("{} not a figure", self.unsummed));
        }
        match (parts.is_empty(), self.count) {
            (false, _) => parts.join(", "),
            (true, 0) => "none".to_string(),
            (true, n) => format!("{n} without an amount"),
        }
    }

    /// `1 removed (6,000 EUR/month)`.
    pub fn text(&self, word: &str) -> String {
        let mut parts: Vec<String> = self.totals.iter().map(Amount::to_string).collect();
        if self.unsummed > 0 {
            parts.push(format!("{} not a figure", self.unsummed));
        }
        if parts.is_empty() {
            format!("{} {word}", self.count)
        } else {
            format!("{} {word} ({})", self.count, parts.join(", "))
        }
    }
}

/// Costs removed and imposed, side by side (`cost_balance` in JSON).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CostBalance {
    pub removed: CostTotals,
    pub imposed: CostTotals,
}

impl CostBalance {
    /// `Costs: 1 removed (6,000 EUR/month) · 3 imposed (4,400 EUR/month, 40 h/month)`.
    pub fn text(&self) -> String {
        format!(
            "Costs: {} · {}",
            self.removed.text("removed"),
            self.imposed.text("imposed")
        )
    }

    /// Whether the balance says more than the old cost list did: something removed, or a
    /// figure to sum.
    pub fn is_informative(&self) -> bool {
        self.removed.count > 0 || !self.imposed.totals.is_empty()
    }
}

/// The costs of a session, removed and imposed, with their figures summed.
pub fn cost_balance<'a>(costs: impl IntoIterator<Item = &'a super::session::Cost>) -> CostBalance {
    let mut balance = CostBalance::default();
    for cost in costs {
        let side = match cost.direction {
            CostDirection::Removed => &mut balance.removed,
            CostDirection::Imposed => &mut balance.imposed,
        };
        side.add(cost.figure(), !cost.amount.trim().is_empty());
    }
    balance
}

/// Which way a measure should move.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    /// Higher is better (satisfaction, first-time fixes).
    #[default]
    Up,
    /// Lower is better (downtime, hours lost).
    Down,
}

impl Direction {
    pub fn key(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

/// A finite number read from a file; NaN and infinities are refused where they are written.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Figure(f64);

// A `Figure` is never NaN (`Figure::new` and deserializing refuse it), so equality is total.
impl Eq for Figure {}

impl Figure {
    pub fn new(value: f64) -> Option<Figure> {
        value.is_finite().then_some(Figure(value))
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Figure::new(value).ok_or_else(|| {
            serde::de::Error::custom(format!("a measure's figure must be a number, not {value}"))
        })
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&number_text(self.0))
    }
}

/// A measure's figures: which way is better, where it started, where it should get, where it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FiguresFile")]
pub struct Figures {
    pub direction: Direction,
    pub baseline: Option<Figure>,
    pub target: Option<Figure>,
    pub actual: Option<Figure>,
}

/// Figures as a file holds them, checked on the way in (`Figures::check`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FiguresFile {
    #[serde(default)]
    direction: Direction,
    #[serde(default)]
    baseline: Option<Figure>,
    #[serde(default)]
    target: Option<Figure>,
    #[serde(default)]
    actual: Option<Figure>,
}

impl TryFrom<FiguresFile> for Figures {
    type Error = MeasureError;
    fn try_from(f: FiguresFile) -> Result<Figures, MeasureError> {
        let figures = Figures {
            direction: f.direction,
            baseline: f.baseline,
            target: f.target,
            actual: f.actual,
        };
        figures.check()?;
        Ok(figures)
    }
}

/// Why a measure's figures cannot stand.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MeasureError {
    #[error("the measure's target {0} equals its baseline, so there is nothing to realise")]
    TargetIsBaseline(Figure),
    #[error(
        "the measure's target {target} is {side} its baseline {baseline}, but {better} is better"
    )]
    WrongWay {
        target: Figure,
        baseline: Figure,
        side: &'static str,
        better: &'static str,
    },
}

impl Figures {
    /// A target must lie on the better side of the baseline.
    pub fn check(&self) -> Result<(), MeasureError> {
        let (Some(baseline), Some(target)) = (self.baseline, self.target) else {
            return Ok(());
        };
        if baseline == target {
            return Err(MeasureError::TargetIsBaseline(target));
        }
        let up = target > baseline;
        if up != (self.direction == Direction::Up) {
            return Err(MeasureError::WrongWay {
                target,
                baseline,
                side: if up { "above" } else { "below" },
                better: if up { "down" } else { "up" },
            });
        }
        Ok(())
    }

    /// How far the actual has moved from the baseline toward the target, 0–1: past the target
    /// counts as 1, worse than the baseline as 0. `None` when a figure is missing.
    pub fn realisation(&self) -> Option<f64> {
        let (baseline, target, actual) = (self.baseline?.0, self.target?.0, self.actual?.0);
        if baseline == target {
            return None;
        }
        Some(((actual - baseline) / (target - baseline)).clamp(0.0, 1.0))
    }

    /// Whether the actual has reached the target; `None` when a figure is missing.
    pub fn met(&self) -> Option<bool> {
        self.realisation().map(|r| r >= 1.0)
    }

    /// Whether any figure is written.
    pub fn is_empty(&self) -> bool {
        self.baseline.is_none() && self.target.is_none() && self.actual.is_none()
    }
}

/// The shares of the value index a room agreed, out of 100.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "WeightsFile")]
pub struct Weights {
    pub perceived_value: u8,
    pub outcomes: u8,
    pub costs: u8,
    pub risks: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightsFile {
    perceived_value: u8,
    outcomes: u8,
    costs: u8,
    risks: u8,
}

impl TryFrom<WeightsFile> for Weights {
    type Error = WeightsError;
    fn try_from(w: WeightsFile) -> Result<Weights, WeightsError> {
        Weights::new([w.perceived_value, w.outcomes, w.costs, w.risks])
    }
}

/// Weights that are not a 100-point split.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the weights add up to {0}; they must add up to 100")]
pub struct WeightsError(pub u32);

impl Weights {
    /// Weights for perceived value, outcomes, costs and risks, in that order; they must add up
    /// to 100.
    pub fn new(points: [u8; 4]) -> Result<Weights, WeightsError> {
        let sum: u32 = points.iter().map(|p| u32::from(*p)).sum();
        if sum != 100 {
            return Err(WeightsError(sum));
        }
        let [perceived_value, outcomes, costs, risks] = points;
        Ok(Weights {
            perceived_value,
            outcomes,
            costs,
            risks,
        })
    }

    /// The points in the order of `value::Component::ALL`.
    pub fn points(&self) -> [u8; 4] {
        [self.perceived_value, self.outcomes, self.costs, self.risks]
    }

    /// Whether every share is the same: then they weigh nothing, and the index is the plain one.
    pub fn are_equal(&self) -> bool {
        self.points().iter().all(|p| *p == self.perceived_value)
    }
}

/// Weights in words for every output: `perceived value 40 · outcomes 30 · costs 20 · risks
/// 10`, or `equal` for none (equal weights are no weights).
pub fn weights_words(weights: Option<Weights>) -> String {
    match weights.filter(|w| !w.are_equal()) {
        None => "equal".to_string(),
        Some(w) => {
            let [p, o, c, r] = w.points();
            format!("perceived value {p} · outcomes {o} · costs {c} · risks {r}")
        }
    }
}

/// The weighted geometric mean of scores on 0–100: each score raised to its share of the
/// weights of the scores present. `None` with no score, or when every present score weighs 0.
pub fn weighted_geometric_mean(scores: &[(f64, u8)]) -> Option<f64> {
    let total: u32 = scores.iter().map(|(_, w)| u32::from(*w)).sum();
    if total == 0 {
        return None;
    }
    let product = scores
        .iter()
        .filter(|(_, w)| *w > 0)
        .map(|(s, w)| s.powf(f64::from(*w) / f64::from(total)))
        .product();
    Some(product)
}

#[cfg(test)]
mod tests;
