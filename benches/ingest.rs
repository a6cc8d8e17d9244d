//! Parsing time of the shapes that were quadratic (issue 15, F3), at 10x
//! the sizes of the issue (criterion).
//!
//! Shapes (`ingest/<shape>` in criterion's output; the markdown is made in
//! memory, parsed by [`ideas::ingest::parse`] on one thread):
//!
//! - `urls on one line`: 1.5M bare URLs on one `Upstream Issue:` line (30 MB);
//! - `inline links`: 1.5M `[iN](https://x.io/N)` links on one line (47 MB);
//! - `skills`: 1M comma-separated skills (9 MB);
//! - `project headings`: 1M `## KubeN` projects, each with one idea (79 MB);
//! - `ideas with no project`: 200k ideas under container headings
//!   (`## Project N`), each looked up against the headings before it (14 MB).
//!
//! `IDEAS_BENCH_SCALE` divides the counts (default 1; `10` gives the
//! issue's sizes). After criterion, a summary gives per shape the size, the
//! median time per pass and the time per MB (10^6 bytes of markdown), from
//! the samples this bench records (warm-up excluded). Before the hash sets,
//! the sizes took 58 s, 26 s, 14 s and 78 s (`ideas parse`); see
//! README.md, Speed, for the figures of both in one run.
//!
//! Run: `cargo bench --bench ingest` (`-- --quick` for a short run).
//! With `cargo test --benches`, each shape runs once at 1/100 of the size.

use criterion::{Criterion, SamplingMode, Throughput};
use ideas::idea::Program;
use ideas::ingest::{self, Meta};
use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Shape name and item count at full size.
const SHAPES: [(&str, usize); 5] = [
    ("urls on one line", 1_500_000),
    ("inline links", 1_500_000),
    ("skills", 1_000_000),
    ("project headings", 1_000_000),
    ("ideas with no project", 200_000),
];

#[path = "../tests/common/shapes.rs"]
mod shapes;
use shapes::shape as markdown;

fn main() {
    let smoke =
        !std::env::args().any(|a| a == "--bench") || std::env::args().any(|a| a == "--test");
    let scale: usize = match std::env::var("IDEAS_BENCH_SCALE") {
        Ok(s) => s.parse().expect("IDEAS_BENCH_SCALE: a number"),
        Err(_) if smoke => 100,
        Err(_) => 1,
    };
    let hints = Meta {
        program: Some(Program::Lfx),
        year: Some(2024),
        term: Some(1),
    };
    let mut c = Criterion::default().configure_from_args();
    let samples: RefCell<Vec<(&str, usize, Vec<Duration>)>> = RefCell::new(vec![]);
    {
        let mut g = c.benchmark_group("ingest");
        g.sampling_mode(SamplingMode::Flat).sample_size(10);
        for (name, n) in SHAPES {
            let md = markdown(name, n / scale.max(1));
            g.throughput(Throughput::Bytes(md.len() as u64));
            samples.borrow_mut().push((name, md.len(), vec![]));
            g.bench_function(name, |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let start = Instant::now();
                        let parsed = ingest::parse(md.as_bytes(), "x.md", hints).unwrap();
                        let took = start.elapsed();
                        black_box(parsed);
                        total += took;
                        samples.borrow_mut().last_mut().unwrap().2.push(took);
                    }
                    total
                })
            });
        }
        g.finish();
    }
    c.final_summary();
    if smoke {
        return;
    }
    println!("\n| shape | MB | median s | ms per MB |\n|---|---|---|---|");
    for (name, bytes, mut times) in samples.into_inner() {
        // Criterion's warm-up calls come first; keep the last ten.
        let keep = times.len().saturating_sub(10);
        let mut t: Vec<f64> = times.drain(keep..).map(|d| d.as_secs_f64()).collect();
        t.sort_by(f64::total_cmp);
        let median = t[t.len() / 2];
        let mb = bytes as f64 / 1e6;
        println!(
            "| {name} | {mb:.1} | {median:.2} | {:.1} |",
            median * 1e3 / mb
        );
    }
}
