//! Load and save of large sessions, and the value summary over them.

use covalue::domain::*;
use covalue::store;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// A session with `items` rated items spread over the six dimensions.
fn large(items: usize) -> Session {
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
            }),
            2 => s.importance.push(Importance {
                text,
                rating,
                area: "Critical operations".into(),
            }),
            3 => s.outcomes.push(Outcome {
                text,
                rating,
                importance: None,
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
    s
}

fn bench(c: &mut Criterion) {
    for items in [1_000, 10_000] {
        let session = large(items);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.ron");
        store::save(&path, &session).unwrap();
        c.bench_function(&format!("load {items} items"), |b| {
            b.iter(|| store::load(black_box(&path)).unwrap())
        });
        c.bench_function(&format!("save {items} items"), |b| {
            b.iter(|| store::save(black_box(&path), &session).unwrap())
        });
        c.bench_function(&format!("serialize {items} items"), |b| {
            b.iter(|| store::to_ron(black_box(&session)))
        });
        c.bench_function(&format!("summarize {items} items"), |b| {
            b.iter(|| summarize(black_box(&session)))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
