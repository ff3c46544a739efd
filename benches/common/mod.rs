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

/// `large(items)` as a real workshop leaves it: `raters` participants (the first two provide,
/// the rest consume), each of whom rated every item, in place of the two default raters.
/// Shared by the benches and the examples that measure the key path with people in the room.
#[allow(dead_code)]
pub fn with_raters(items: usize, raters: usize) -> Session {
    let mut session = large(items);
    let names = ["Priya", "Piet", "Chen", "Carla", "Kofi"];
    let people: Vec<(String, Role)> = (0..raters)
        .map(|k| {
            let name = names
                .get(k)
                .map_or_else(|| format!("Rater {k}"), |n| n.to_string());
            let role = if k < 2 {
                Role::Provider
            } else {
                Role::Consumer
            };
            (name, role)
        })
        .collect();
    for (name, role) in &people {
        session.participants.push(Participant {
            name: name.clone(),
            role: *role,
            group: None,
        });
    }
    let places: Vec<(Dimension, usize)> = session
        .rated_items()
        .map(|item| (item.dimension, item.index))
        .collect();
    for (n, (dimension, index)) in places.into_iter().enumerate() {
        let ratings = session
            .ratings_mut(dimension, index)
            .expect("a rated item's own place");
        *ratings = Ratings::default();
        for (k, (name, role)) in people.iter().enumerate() {
            let side = role.side().expect("providers and consumers rate");
            ratings.set_by(side, name, Rating::new(((n + k) % 5) as u8 + 1));
        }
    }
    session
}
