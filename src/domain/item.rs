//! `Item`: the one shape every step's items share (issue 16). What all items have (an id, the
//! words, the ratings) are fields; what only one step's items have (a benefit's measure, a
//! risk's likelihood) is in the typed `Part`. So "the items of a step", "every rated item" and
//! "the item with this id" are one function each (`Session::items`, `Session::rated_items`,
//! `Session::item_with_id`), whatever the step.
//!
//! A file keeps each step's own layout (`Benefit`, `Risk`… in `captured`): those structs are
//! how an item is read and written, and a convenient way to make one (`Item::from`).

use super::balance::amount::{Amount, CostDirection, parse_amount};
use super::balance::measures::Figures;
use super::captured::*;
use super::rating::{Rating, Ratings};
use super::step::{Dimension, Step};
use std::sync::LazyLock;

/// An item of any step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// A stable identity, so copies of one session merge item by item (see `item_id`).
    pub id: String,
    pub text: String,
    /// The item's ratings; always empty for a context item, which is not rated.
    pub rating: Ratings,
    /// What only this step's items have.
    pub part: Part,
}

/// The step-specific part of an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Context(ContextPart),
    Benefit(BenefitPart),
    Usefulness(UsefulnessPart),
    Importance(ImportancePart),
    Outcome(OutcomePart),
    Cost(CostPart),
    Risk(RiskPart),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextPart {
    pub kind: ContextKind,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BenefitPart {
    pub kind: BenefitKind,
    /// How it is measured, such as "downtime −30 %"; empty when there is none.
    pub measure: String,
    /// The measure's direction, baseline, target and actual, where the room knows them.
    pub figures: Option<Figures>,
    pub realisation: Realisation,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UsefulnessPart {
    /// The consumer goal this enables.
    pub goal: String,
    /// How much this matters to the consumer, for the importance–performance view; when unset
    /// the session's Importance score stands in.
    pub importance: Option<Rating>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportancePart {
    /// Such as critical operations, compliance or staff satisfaction.
    pub area: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutcomePart {
    /// How much this outcome matters to the consumer (see `UsefulnessPart::importance`).
    pub importance: Option<Rating>,
    /// How it is measured, such as "orders shipped the same day"; empty when there is none.
    pub measure: String,
    pub figures: Option<Figures>,
}

#[derive(Clone, Debug, Default)]
pub struct CostPart {
    pub kind: CostKind,
    /// Whether the service removes the cost from the consumer or imposes it.
    pub direction: CostDirection,
    /// Such as "6000 EUR/month", "40 h/month" or free text; empty when unknown.
    amount: String,
    /// `amount` read as a figure, once when it is set: the live summary totals every cost
    /// after every change, and reading the text each time was a fifth of a rating's time at
    /// 10,000 items (issue 16).
    figure: Option<Amount>,
}

/// Equal when what a person wrote is equal (the figure follows from the amount).
impl PartialEq for CostPart {
    fn eq(&self, other: &CostPart) -> bool {
        (self.kind, self.direction, &self.amount) == (other.kind, other.direction, &other.amount)
    }
}

impl Eq for CostPart {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RiskPart {
    pub effect: RiskEffect,
    pub likelihood: Rating,
    pub impact: Rating,
    /// Likelihood and impact once the service is in place (residual risk), for a risk it
    /// mitigates; `likelihood` and `impact` are then the risk before it (inherent).
    pub after: Option<Level>,
}

impl Default for RiskPart {
    fn default() -> RiskPart {
        let middle = Rating::new(3).expect("3 is a rating");
        RiskPart {
            effect: RiskEffect::default(),
            likelihood: middle,
            impact: middle,
            after: None,
        }
    }
}

impl CostPart {
    pub fn new(kind: CostKind, direction: CostDirection, amount: impl Into<String>) -> CostPart {
        let mut part = CostPart {
            kind,
            direction,
            ..CostPart::default()
        };
        part.set_amount(amount);
        part
    }

    /// The amount as written ("6000 EUR/month", free text, or empty).
    pub fn amount(&self) -> &str {
        &self.amount
    }

    pub fn set_amount(&mut self, amount: impl Into<String>) {
        self.amount = amount.into();
        self.figure = parse_amount(&self.amount).ok().flatten();
    }

    /// The amount as a figure with its unit and period; `None` for free text or none.
    pub fn figure(&self) -> Option<&Amount> {
        self.figure.as_ref()
    }
}

impl RiskPart {
    /// Likelihood × impact, 1–25.
    pub fn exposure(&self) -> u32 {
        u32::from(self.likelihood.get()) * u32::from(self.impact.get())
    }

    /// The exposure once the service is in place, where a mitigated risk says. An introduced
    /// risk's after counts nowhere: its exposure is what the service brings (see `after_problem`).
    pub fn exposure_after(&self) -> Option<u32> {
        self.counted_after().map(|a| a.exposure())
    }

    /// The after that counts: a mitigated risk's.
    pub fn counted_after(&self) -> Option<Level> {
        self.after.filter(|_| self.effect == RiskEffect::Mitigated)
    }

    /// What is wrong with the risk's after, if anything: worse than before for a mitigated
    /// risk, or there at all for an introduced one.
    pub fn after_problem(&self) -> Option<AfterProblem> {
        let after = self.after?;
        match self.effect {
            RiskEffect::Introduced => Some(AfterProblem::Introduced),
            RiskEffect::Mitigated if after.exposure() > self.exposure() => {
                Some(AfterProblem::Worse {
                    before: self.exposure(),
                    after: after.exposure(),
                })
            }
            RiskEffect::Mitigated => None,
        }
    }

    /// The exposure a mitigated risk loses (before − after, negative if it grows); `None` for
    /// an introduced risk or one without an after.
    pub fn removed(&self) -> Option<i64> {
        let after = self.exposure_after()?;
        (self.effect == RiskEffect::Mitigated)
            .then(|| i64::from(self.exposure()) - i64::from(after))
    }

    /// `12` or, with an after, `20 → 6`.
    pub fn exposure_text(&self) -> String {
        match self.exposure_after() {
            Some(after) => format!("{} → {after}", self.exposure()),
            None => self.exposure().to_string(),
        }
    }
}

impl Part {
    /// A fresh part for `step`'s items; `None` for a step without items of this shape (Setup,
    /// Agreements, Summary).
    pub fn for_step(step: Step) -> Option<Part> {
        Some(match step {
            Step::Context => Part::Context(ContextPart::default()),
            Step::Benefits => Part::Benefit(BenefitPart::default()),
            Step::Usefulness => Part::Usefulness(UsefulnessPart::default()),
            Step::Importance => Part::Importance(ImportancePart::default()),
            Step::Outcomes => Part::Outcome(OutcomePart::default()),
            Step::Costs => Part::Cost(CostPart::default()),
            Step::Risks => Part::Risk(RiskPart::default()),
            Step::Setup | Step::Agreements | Step::Summary => return None,
        })
    }

    /// A fresh part for the items of a rated `dimension`.
    pub fn of_dimension(dimension: Dimension) -> Part {
        match dimension {
            Dimension::Benefits => Part::Benefit(BenefitPart::default()),
            Dimension::Usefulness => Part::Usefulness(UsefulnessPart::default()),
            Dimension::Importance => Part::Importance(ImportancePart::default()),
            Dimension::Outcomes => Part::Outcome(OutcomePart::default()),
            Dimension::Costs => Part::Cost(CostPart::default()),
            Dimension::Risks => Part::Risk(RiskPart::default()),
        }
    }

    /// The step whose items have this part.
    pub fn step(&self) -> Step {
        match self {
            Part::Context(_) => Step::Context,
            Part::Benefit(_) => Step::Benefits,
            Part::Usefulness(_) => Step::Usefulness,
            Part::Importance(_) => Step::Importance,
            Part::Outcome(_) => Step::Outcomes,
            Part::Cost(_) => Step::Costs,
            Part::Risk(_) => Step::Risks,
        }
    }

    /// The item's kind in words ("tangible", "money", "introduced", "consumer goal"); empty
    /// where the step has none.
    pub fn kind_word(&self) -> &'static str {
        match self {
            Part::Context(c) => c.kind.into(),
            Part::Benefit(b) => b.kind.into(),
            Part::Cost(c) => c.kind.into(),
            Part::Risk(r) => r.effect.into(),
            Part::Usefulness(_) | Part::Importance(_) | Part::Outcome(_) => "",
        }
    }
}

impl Item {
    /// An item of `step` with only its words (the rest at its defaults); `None` for a step
    /// without items of this shape.
    pub fn new(step: Step, text: impl Into<String>) -> Option<Item> {
        Some(Item {
            id: String::new(),
            text: text.into(),
            rating: Ratings::default(),
            part: Part::for_step(step)?,
        })
    }

    pub fn step(&self) -> Step {
        self.part.step()
    }

    /// How much the item matters, where it says (usefulness and outcomes).
    pub fn importance_given(&self) -> Option<Rating> {
        match &self.part {
            Part::Usefulness(u) => u.importance,
            Part::Outcome(o) => o.importance,
            _ => None,
        }
    }

    /// The measure's words and figures, for the steps that measure (benefits and outcomes).
    pub fn measure(&self) -> Option<(&str, Option<&Figures>)> {
        match &self.part {
            Part::Benefit(b) => Some((&b.measure, b.figures.as_ref())),
            Part::Outcome(o) => Some((&o.measure, o.figures.as_ref())),
            _ => None,
        }
    }
}

/// The typed view of an item whose step is known: `item.benefit()` on a benefit. Asked of an
/// item of another step (a mistake), the reader gets the part's defaults and the writer
/// replaces the part, rather than the program stopping in front of a room; a debug build says.
macro_rules! part_access {
    ($($get:ident, $get_mut:ident, $variant:ident, $part:ident, $none:ident;)*) => {
        $(
            static $none: LazyLock<$part> = LazyLock::new($part::default);
        )*
        impl Item {
            $(
                pub fn $get(&self) -> &$part {
                    match &self.part {
                        Part::$variant(part) => part,
                        other => {
                            debug_assert!(false, "{} read as {}", other.step().key(), stringify!($variant));
                            &$none
                        }
                    }
                }

                pub fn $get_mut(&mut self) -> &mut $part {
                    if !matches!(self.part, Part::$variant(_)) {
                        debug_assert!(false, "{} written as {}", self.part.step().key(), stringify!($variant));
                        self.part = Part::$variant($part::default());
                    }
                    match &mut self.part {
                        Part::$variant(part) => part,
                        _ => unreachable!("the part was just made a {}", stringify!($variant)),
                    }
                }
            )*
        }
    };
}

part_access! {
    context, context_mut, Context, ContextPart, NO_CONTEXT;
    benefit, benefit_mut, Benefit, BenefitPart, NO_BENEFIT;
    usefulness, usefulness_mut, Usefulness, UsefulnessPart, NO_USEFULNESS;
    importance, importance_mut, Importance, ImportancePart, NO_IMPORTANCE;
    outcome, outcome_mut, Outcome, OutcomePart, NO_OUTCOME;
    cost, cost_mut, Cost, CostPart, NO_COST;
    risk, risk_mut, Risk, RiskPart, NO_RISK;
}

mod layout;
pub(super) use layout::{read_as, write_as};

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by a mutation run: nothing held two costs that differ to be unequal, though the
    /// undo history, rating alone and merging all compare items.
    #[test]
    fn costs_are_equal_when_what_was_written_is() {
        let fee = CostPart::new(CostKind::Money, CostDirection::Imposed, "6000 EUR/month");
        assert_eq!(fee, fee.clone());
        for other in [
            CostPart::new(CostKind::Money, CostDirection::Imposed, "6500 EUR/month"),
            CostPart::new(CostKind::Time, CostDirection::Imposed, "6000 EUR/month"),
            CostPart::new(CostKind::Money, CostDirection::Removed, "6000 EUR/month"),
        ] {
            assert_ne!(fee, other);
        }
    }

    #[test]
    fn every_steps_layout_goes_to_the_one_shape_and_back_unchanged() {
        let risk = Risk {
            id: "r1".into(),
            text: "outage".into(),
            effect: RiskEffect::Introduced,
            likelihood: Rating::new(4).unwrap(),
            ..Risk::default()
        };
        let item = Item::from(risk.clone());
        assert_eq!((item.step(), item.risk().exposure()), (Step::Risks, 12));
        assert_eq!(Risk::from(&item), risk);
        let cost = Cost {
            text: "licence".into(),
            amount: "10 EUR/month".into(),
            ..Cost::default()
        };
        assert_eq!(Cost::from(&Item::from(cost.clone())), cost);
        let benefit = Benefit {
            text: "faster".into(),
            measure: "minutes".into(),
            ..Benefit::default()
        };
        let item = Item::from(benefit.clone());
        assert_eq!(item.measure().map(|m| m.0), Some("minutes"));
        assert_eq!(Benefit::from(&item), benefit);
    }

    #[test]
    fn a_fresh_item_of_each_step_has_that_steps_part() {
        for step in Step::ALL {
            let item = Item::new(step, "x");
            assert_eq!(
                item.as_ref().map(Item::step),
                item.is_some().then_some(step)
            );
        }
        assert!(Item::new(Step::Agreements, "x").is_none());
    }
}
