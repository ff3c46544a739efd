//! Load and save of large sessions, and the value summary over them.

mod common;

use common::{large, with_raters};
use covalue::domain::*;
use covalue::store;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

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
        // The writer before control characters were escaped: ron's raw output alone, for a
        // before/after ratio from the same run.
        let raw = ron::ser::PrettyConfig::new()
            .indentor("    ")
            .struct_names(false)
            .escape_strings(false);
        c.bench_function(&format!("serialize {items} items, ron alone"), |b| {
            b.iter(|| ron::ser::to_string_pretty(black_box(&session), raw.clone()).unwrap())
        });
        c.bench_function(&format!("summarize {items} items"), |b| {
            b.iter(|| summarize(black_box(&session)))
        });
        // The quick reader (store/quick) against ron's, on the same text: what `load` reads
        // with, and what it fell back on before (issue 16's start-up).
        for (raters, text) in [
            ("", store::to_ron(&session)),
            (", 5 raters", store::to_ron(&with_raters(items, 5))),
        ] {
            c.bench_function(&format!("read {items} items{raters}, quick reader"), |b| {
                b.iter(|| store::read_quickly(black_box(&text)).unwrap())
            });
            c.bench_function(&format!("read {items} items{raters}, ron alone"), |b| {
                b.iter(|| store::read_with_ron(black_box(&text)).unwrap())
            });
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
