//! The Portfolio screen (`P` in the session browser): every service in one table with a
//! sparkline of its value index, sortable; `Enter` opens a service's trend as a chart, and
//! `Enter` on a review there opens that session read-only. View state only: the portfolio
//! and the trend arrive from the effects (`Effect::Portfolio`, `Effect::Trend`).

pub mod view;

use crate::domain::portfolio::{Portfolio, Row, Target};
use crate::domain::trend::Trend;
use crate::tui::action::{Action, Effect};
use crate::tui::keymap::{self, Context, Hint};
use crate::tui::widgets::form::{Field, Form, FormOutcome};
use crossterm::event::KeyEvent;
use std::path::PathBuf;

/// The fields of the targets form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetField {
    ValueIndex,
    Alignment,
    Cadence,
}

/// The targets form of one service (`t`): its own targets, 0 for "the default".
#[derive(Clone, Debug)]
pub struct TargetForm {
    pub service: String,
    pub form: Form<TargetField>,
}

impl TargetForm {
    fn of(row: &Row, own: Target) -> TargetForm {
        let whole = |v: Option<f64>| v.map_or(0, |v| v.round().clamp(0.0, 100.0) as u32);
        let fields = vec![
            Field::optional_number(
                TargetField::ValueIndex,
                "Value index at least",
                whole(own.value_index),
                100,
                "default",
            ),
            Field::optional_number(
                TargetField::Alignment,
                "Alignment at least",
                whole(own.alignment),
                100,
                "default",
            ),
            Field::optional_number(
                TargetField::Cadence,
                "Days between reviews",
                own.cadence_days.unwrap_or(0).min(730),
                730,
                "default",
            ),
        ];
        TargetForm {
            service: row.service.clone(),
            form: Form::new(format!("Targets of {}", row.service), fields),
        }
    }

    /// The service's own target as the form says (0: left to the default).
    pub fn target(&self) -> Target {
        let number = |id| self.form.number(id).filter(|n| *n > 0);
        Target {
            value_index: number(TargetField::ValueIndex).map(f64::from),
            alignment: number(TargetField::Alignment).map(f64::from),
            cadence_days: number(TargetField::Cadence),
        }
    }
}

/// The order of the table; `s` goes to the next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// The portfolio's own order: the worst flag first, then the lowest index.
    #[default]
    Worst,
    /// By name.
    Name,
    /// The lowest latest value index first; services without one last.
    Index,
    /// The longest since the latest review first.
    Oldest,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Worst => Sort::Name,
            Sort::Name => Sort::Index,
            Sort::Index => Sort::Oldest,
            Sort::Oldest => Sort::Worst,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Sort::Worst => "worst first",
            Sort::Name => "by name",
            Sort::Index => "lowest index first",
            Sort::Oldest => "longest unreviewed first",
        }
    }
}

/// What the trend chart shows; `Tab` goes to the next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Series {
    /// The value index and the alignment, with their targets.
    #[default]
    Overall,
    /// One dimension, the provider's and the consumer's score.
    Dimension(usize),
}

impl Series {
    pub fn next(self) -> Series {
        use crate::domain::Dimension;
        match self {
            Series::Overall => Series::Dimension(0),
            Series::Dimension(i) if i + 1 < Dimension::ALL.len() => Series::Dimension(i + 1),
            Series::Dimension(_) => Series::Overall,
        }
    }
}

/// A service's trend on screen, with the selected review.
#[derive(Clone, Debug)]
pub struct TrendView {
    pub trend: Trend,
    /// The session file of each review, in the trend's order.
    pub paths: Vec<PathBuf>,
    pub selected: usize,
    pub series: Series,
}

#[derive(Clone, Debug)]
pub struct PortfolioScreen {
    pub portfolio: Portfolio,
    pub sort: Sort,
    /// The selected row, in the sorted order.
    pub selected: usize,
    pub trend: Option<TrendView>,
    /// The targets form, while open.
    pub form: Option<TargetForm>,
    pub message: Option<String>,
}

impl PortfolioScreen {
    pub fn new(portfolio: Portfolio) -> PortfolioScreen {
        PortfolioScreen {
            portfolio,
            sort: Sort::Worst,
            selected: 0,
            trend: None,
            form: None,
            message: None,
        }
    }

    /// A new portfolio (after the targets changed), keeping the order and the selection.
    pub fn replace(&mut self, portfolio: Portfolio) {
        self.portfolio = portfolio;
        self.selected = self
            .selected
            .min(self.portfolio.rows.len().saturating_sub(1));
    }

    /// Keys while the targets form is open: `Enter` saves through `Effect::SaveTarget`.
    pub fn form_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(open) = &mut self.form else {
            return Vec::new();
        };
        match open.form.handle_key(key) {
            FormOutcome::Editing => Vec::new(),
            FormOutcome::Cancelled | FormOutcome::DiscardRequested => {
                self.form = None;
                self.message = Some("Targets left as they were.".into());
                Vec::new()
            }
            FormOutcome::Submitted => {
                let effect = Effect::SaveTarget {
                    service: open.service.clone(),
                    target: open.target(),
                };
                self.form = None;
                vec![effect]
            }
        }
    }

    /// The rows in the chosen order.
    pub fn rows(&self) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.portfolio.rows.iter().collect();
        let index = |r: &Row| r.latest().and_then(|l| l.value_index);
        match self.sort {
            Sort::Worst => {}
            Sort::Name => rows.sort_by_key(|r| r.service.to_lowercase()),
            Sort::Index => rows.sort_by(|a, b| match (index(a), index(b)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }),
            Sort::Oldest => rows.sort_by_key(|r| std::cmp::Reverse(r.age_days.unwrap_or(i64::MAX))),
        }
        rows
    }

    /// The keymap context: the table or the trend.
    pub fn context(&self) -> Context {
        if self.trend.is_some() {
            Context::Trend
        } else {
            Context::Portfolio
        }
    }

    pub fn hints(&self) -> Vec<Hint> {
        match &self.form {
            Some(open) => keymap::hints_where(Context::Form, |b| open.form.uses(&b.keys[0])),
            None => keymap::hints_where(self.context(), |_| true),
        }
    }

    /// A trend arrived for the selected service.
    pub fn show_trend(&mut self, trend: Trend, paths: Vec<PathBuf>) {
        let selected = trend.points.len().saturating_sub(1);
        self.trend = Some(TrendView {
            trend,
            paths,
            selected,
            series: Series::Overall,
        });
        self.message = None;
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.message = None;
        if action == Action::Back && self.trend.is_some() {
            self.trend = None;
            return Vec::new();
        }
        if let Some(t) = &mut self.trend {
            return trend_update(t, action);
        }
        let last = self.portfolio.rows.len().saturating_sub(1);
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::NextPage => {
                self.sort = self.sort.next();
                self.message = Some(format!("Sorted {}.", self.sort.words()));
            }
            Action::Open => {
                let rows = self.rows();
                match rows.get(self.selected) {
                    Some(row) if !row.reviews.is_empty() => {
                        return vec![Effect::Trend(row.service.clone())];
                    }
                    Some(_) => self.message = Some("No review of that service yet.".into()),
                    None => {}
                }
            }
            Action::Edit => {
                let rows = self.rows();
                if let Some(row) = rows.get(self.selected) {
                    let own = self.portfolio.own_target(&row.service);
                    self.form = Some(TargetForm::of(row, own));
                }
            }
            Action::Back => return vec![Effect::Close],
            Action::Quit => return vec![Effect::Quit],
            _ => {}
        }
        Vec::new()
    }
}

/// Keys on the trend: move between reviews, change the series, open a review.
fn trend_update(t: &mut TrendView, action: Action) -> Vec<Effect> {
    let last = t.trend.points.len().saturating_sub(1);
    match action {
        Action::PrevStep | Action::Up => t.selected = t.selected.saturating_sub(1),
        Action::NextStep | Action::Down => t.selected = (t.selected + 1).min(last),
        Action::Top => t.selected = 0,
        Action::Bottom => t.selected = last,
        Action::NextPage => t.series = t.series.next(),
        Action::Open => {
            if let Some(path) = t.paths.get(t.selected) {
                return vec![Effect::Open {
                    path: path.clone(),
                    read_only: true,
                }];
            }
        }
        Action::Quit => return vec![Effect::Quit],
        _ => {}
    }
    Vec::new()
}
