//! Measures: the figures of an outcome (baseline, target, actual), checked so a target lies
//! on the better side, and how far they are realised.

use super::amount::number_text;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

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

    /// The figures in a few words, for a list beside the ratings: `72 → 24, now 20 · 100 %`;
    /// `?` for a missing baseline or target, no `now` without an actual, no share without all.
    pub fn brief(&self) -> String {
        let shown = |n: Option<Figure>| n.map_or_else(|| "?".to_string(), |n| n.to_string());
        let mut text = format!("{} → {}", shown(self.baseline), shown(self.target));
        if let Some(actual) = self.actual {
            text += &format!(", now {actual}");
        }
        if let Some(share) = self.realisation() {
            text += &format!(" · {} %", (share * 100.0).round());
        }
        text
    }

    /// Whether any figure is written.
    pub fn is_empty(&self) -> bool {
        self.baseline.is_none() && self.target.is_none() && self.actual.is_none()
    }
}
