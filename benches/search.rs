//! Criterion benches over the embedded corpus: ingest (parse only), index
//! build, and search latency with facets. Run: `cargo bench --bench search`.
//! Figures are medians; compare runs on the same machine only.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ideas::corpus::{self, InputSource};
use ideas::index::{self, IdeaIndex, Manifest};
use ideas::ingest::{self, Meta};
use ideas::search;
use std::hint::black_box;

fn manifest() -> Manifest {
    Manifest::files(vec![])
}

fn benches(c: &mut Criterion) {
    let inputs = corpus::embedded();
    let bytes: u64 = inputs
        .iter()
        .map(|i| match i.source {
            InputSource::Embedded(b) => b.len() as u64,
            _ => 0,
        })
        .sum();

    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("parse embedded corpus", |b| {
        b.iter(|| {
            for i in &inputs {
                if let InputSource::Embedded(bytes) = i.source {
                    black_box(ingest::parse(bytes, &i.path, Meta::default()).unwrap());
                }
            }
        })
    });
    g.finish();

    let loaded = corpus::load(&inputs, Meta::default(), &|| {});
    let mut g = c.benchmark_group("index");
    g.sample_size(10);
    g.throughput(Throughput::Elements(loaded.ideas.len() as u64));
    g.bench_function("build from records", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().unwrap();
            index::build(dir.path(), &loaded.ideas, manifest()).unwrap();
        })
    });
    g.finish();

    let dir = tempfile::tempdir().unwrap();
    index::build(dir.path(), &loaded.ideas, manifest()).unwrap();
    let ix = IdeaIndex::open(dir.path()).unwrap();
    let mut g = c.benchmark_group("query");
    for q in [
        "webassembly plugin",
        "kubernetes",
        "\"reference docs\"",
        "rust -wasm",
    ] {
        g.bench_function(format!("search {q}"), |b| {
            b.iter(|| black_box(search::Request::new(q).run(&ix).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(search_benches, benches);
criterion_main!(search_benches);
