//! Listing a sessions folder of 1,000 and 10,000 generated sessions: the full parse (`list`),
//! the cached listing cold (no cache yet) and warm (nothing changed), and finding one session
//! by id.

use covalue::domain::*;
use covalue::store::{self, Store};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// A workshop of ordinary size: a dozen rated items and two agreements.
fn session(n: usize) -> Session {
    let id = format!("b{n:07}");
    let mut s = Session::new(
        id,
        format!("Quarterly review {n}"),
        Timestamp::from_unix(1_700_000_000 + n as i64),
    );
    s.service = format!("Service {}", n % 100);
    let r = |k: usize| Rating::new((k % 5) as u8 + 1);
    for k in 0..12 {
        let rating = Ratings::new(r(n + k), r(n * 3 + k));
        let text = format!("Item {k} of session {n}, a sentence of ordinary length");
        match k % 3 {
            0 => s.benefits.push(Benefit {
                text,
                rating,
                ..Default::default()
            }),
            1 => s.costs.push(Cost {
                text,
                rating,
                ..Default::default()
            }),
            _ => s.risks.push(Risk {
                text,
                rating,
                ..Default::default()
            }),
        }
    }
    for k in 0..2 {
        s.agreements.push(Agreement {
            text: format!("Action {k}"),
            ..Default::default()
        });
    }
    s
}

/// Writes `count` sessions into `dir`, dated an hour ago like files of earlier workshops.
fn fill(dir: &Path, count: usize) {
    let past = SystemTime::now() - Duration::from_secs(3600);
    for n in 0..count {
        let s = session(n);
        let path = dir.join(store::file_name(&s.title, &s.id));
        std::fs::write(&path, store::to_ron(&s)).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(past)
            .unwrap();
    }
}

fn bench(c: &mut Criterion) {
    for count in [1_000, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        fill(dir.path(), count);
        let store = Store::new(dir.path()).with_cache_dir(Some(cache.path().to_path_buf()));
        let uncached = Store::new(dir.path()).with_cache_dir(None);
        let mut group = c.benchmark_group(format!("{count} sessions"));
        group.sample_size(10);
        group.bench_function("list, every file parsed", |b| {
            b.iter(|| black_box(uncached.list().unwrap()))
        });
        group.bench_function("sessions, cold cache", |b| {
            b.iter_batched(
                || {
                    let _ = std::fs::remove_dir_all(cache.path().join("lists"));
                },
                |()| black_box(store.sessions().unwrap()),
                BatchSize::PerIteration,
            )
        });
        store.sessions().unwrap();
        group.bench_function("sessions, warm cache", |b| {
            b.iter(|| black_box(store.sessions().unwrap()))
        });
        let middle = session(count / 2).id;
        group.bench_function("resolve an id", |b| {
            b.iter(|| black_box(store.resolve(&middle).unwrap()))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
