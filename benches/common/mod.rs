//! A large session for the benchmarks, shared by each of them.

use covalue::domain::*;

/// A session with `items` rated items spread over the six dimensions.
pub fn large(items: usize) -> Session {
    let mut s = Session::new(
        "bench001",
        "A large session",
        Timestamp::from_unix(1_795_812_435),
    );
    let r = |n: usize| Rating::new((n % 5) as u8 + 1);
    for i in 0..items {
        let rating = Ratings::new(r(i), r(i * 7 + 3));
        let text =
            format!("Item {i}: a sentence of ordinary length about what the service does — 服务");
        match i % 6 {
            0 => s.benefits.push(Benefit {
                text,
                rating,
                measure: "downtime −30 %".into(),
                ..Default::default()
            }),
            1 => s.usefulness.push(Usefulness {
                text,
                rating,
                goal: "Keep the offices working".into(),
                importance: None,
                ..Default::default()
            }),
            2 => s.importance.push(Importance {
                text,
                rating,
                area: "Critical operations".into(),
                ..Default::default()
            }),
            3 => s.outcomes.push(Outcome {
                text,
                rating,
                importance: None,
                ..Default::default()
            }),
            4 => s.costs.push(Cost {
                text,
                rating,
                amount: "€18 a month".into(),
                ..Default::default()
            }),
            _ => s.risks.push(Risk {
                text,
                rating,
                ..Default::default()
            }),
        }
    }
    s.ensure_ids();
    s
}
