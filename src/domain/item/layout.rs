//! Each step's file layout (`Benefit`, `Risk`… in `captured`) to and from the one shape, and
//! the serde helpers that read and write a step's items in its own layout, so the file format
//! did not change with the one shape.

use super::*;
use crate::domain::items::Items;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

impl From<ContextItem> for Item {
    fn from(c: ContextItem) -> Item {
        Item {
            id: c.id,
            text: c.text,
            rating: Ratings::default(),
            part: Part::Context(ContextPart { kind: c.kind }),
        }
    }
}

impl From<&Item> for ContextItem {
    fn from(item: &Item) -> ContextItem {
        ContextItem {
            id: item.id.clone(),
            text: item.text.clone(),
            kind: item.context().kind,
        }
    }
}

impl From<Benefit> for Item {
    fn from(b: Benefit) -> Item {
        Item {
            id: b.id,
            text: b.text,
            rating: b.rating,
            part: Part::Benefit(BenefitPart {
                kind: b.kind,
                measure: b.measure,
                figures: b.figures,
                realisation: b.realisation,
            }),
        }
    }
}

impl From<&Item> for Benefit {
    fn from(item: &Item) -> Benefit {
        let part = item.benefit();
        Benefit {
            id: item.id.clone(),
            text: item.text.clone(),
            kind: part.kind,
            measure: part.measure.clone(),
            figures: part.figures,
            realisation: part.realisation,
            rating: item.rating.clone(),
        }
    }
}

impl From<Usefulness> for Item {
    fn from(u: Usefulness) -> Item {
        Item {
            id: u.id,
            text: u.text,
            rating: u.rating,
            part: Part::Usefulness(UsefulnessPart {
                goal: u.goal,
                importance: u.importance,
            }),
        }
    }
}

impl From<&Item> for Usefulness {
    fn from(item: &Item) -> Usefulness {
        let part = item.usefulness();
        Usefulness {
            id: item.id.clone(),
            text: item.text.clone(),
            goal: part.goal.clone(),
            importance: part.importance,
            rating: item.rating.clone(),
        }
    }
}

impl From<Importance> for Item {
    fn from(i: Importance) -> Item {
        Item {
            id: i.id,
            text: i.text,
            rating: i.rating,
            part: Part::Importance(ImportancePart { area: i.area }),
        }
    }
}

impl From<&Item> for Importance {
    fn from(item: &Item) -> Importance {
        Importance {
            id: item.id.clone(),
            text: item.text.clone(),
            area: item.importance().area.clone(),
            rating: item.rating.clone(),
        }
    }
}

impl From<Outcome> for Item {
    fn from(o: Outcome) -> Item {
        Item {
            id: o.id,
            text: o.text,
            rating: o.rating,
            part: Part::Outcome(OutcomePart {
                importance: o.importance,
                measure: o.measure,
                figures: o.figures,
            }),
        }
    }
}

impl From<&Item> for Outcome {
    fn from(item: &Item) -> Outcome {
        let part = item.outcome();
        Outcome {
            id: item.id.clone(),
            text: item.text.clone(),
            importance: part.importance,
            measure: part.measure.clone(),
            figures: part.figures,
            rating: item.rating.clone(),
        }
    }
}

impl From<Cost> for Item {
    fn from(c: Cost) -> Item {
        Item {
            id: c.id,
            text: c.text,
            rating: c.rating,
            part: Part::Cost(CostPart::new(c.kind, c.direction, c.amount)),
        }
    }
}

impl From<&Item> for Cost {
    fn from(item: &Item) -> Cost {
        let part = item.cost();
        Cost {
            id: item.id.clone(),
            text: item.text.clone(),
            kind: part.kind,
            direction: part.direction,
            amount: part.amount.clone(),
            rating: item.rating.clone(),
        }
    }
}

impl From<Risk> for Item {
    fn from(r: Risk) -> Item {
        Item {
            id: r.id,
            text: r.text,
            rating: r.rating,
            part: Part::Risk(RiskPart {
                effect: r.effect,
                likelihood: r.likelihood,
                impact: r.impact,
                after: r.after,
            }),
        }
    }
}

impl From<&Item> for Risk {
    fn from(item: &Item) -> Risk {
        let part = item.risk();
        Risk {
            id: item.id.clone(),
            text: item.text.clone(),
            effect: part.effect,
            likelihood: part.likelihood,
            impact: part.impact,
            after: part.after,
            rating: item.rating.clone(),
        }
    }
}

/// A step's items written in the step's own layout `F` (`serialize_with`).
pub(in crate::domain) fn write_as<F, S>(
    items: &Items<Item>,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    F: Serialize + for<'a> From<&'a Item>,
    S: Serializer,
{
    serializer.collect_seq(items.iter().map(F::from))
}

/// A step's items read in the step's own layout `F` (`deserialize_with`): each is turned into
/// an `Item` as it is read, so a large file is not held twice.
pub(in crate::domain) fn read_as<'de, F, D>(deserializer: D) -> Result<Items<Item>, D::Error>
where
    F: Deserialize<'de> + Into<Item>,
    D: Deserializer<'de>,
{
    struct Visit<F>(std::marker::PhantomData<F>);
    impl<'de, F: Deserialize<'de> + Into<Item>> serde::de::Visitor<'de> for Visit<F> {
        type Value = Items<Item>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of items")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut items = Items::new();
            while let Some(item) = seq.next_element::<F>()? {
                items.push(item.into());
            }
            Ok(items)
        }
    }
    deserializer.deserialize_seq(Visit::<F>(std::marker::PhantomData))
}
