//! Ingest and index-build throughput at each corpus size (criterion).
//!
//! What it measures, per size (group/function/size in criterion's output):
//!
//! - `ingest/parse bytes/<size>` and `ingest/parse ideas/<size>`: parsing
//!   only ([`ideas::ingest::parse`] over every file, one thread, the
//!   markdown already in memory): the same work twice, reported as MB/s and
//!   as ideas/s.
//! - `build/end to end from markdown/<size>`: what `ideas index DIR` does
//!   (discover the files, read and parse them in batches on all cores while
//!   tantivy indexes, commit, merge to one segment, swap in the generation)
//!   into a fresh folder; ideas/s. The files are on disk (page cache warm).
//! - `build/tantivy alone from records/<size>`: [`ideas::index::build`] from
//!   pre-parsed `Vec<Idea>` (documents, writer, commit, merge): ideas/s.
//! - `build threads/end to end, N thread(s)/<size>`: the end-to-end build with
//!   `--threads N` (parser and indexer threads), for N in
//!   `IDEAS_BENCH_THREADS` (default `1,2`), so the speed-up shows.
//!
//! Sizes: `IDEAS_BENCH_SIZES`, a comma list of `embedded` (the 150 real ideas
//! of data/), `10k`, `100k`, `1m` (synthetic, `ideas_synth`, seed 1) or a
//! number; default `embedded,10k`. Synthetic corpora are generated once into
//! `target/bench-data/<size>-seed1/` and reused (1m is about 1.1 GB of
//! markdown; see benches/common/mod.rs). Builds write into
//! `target/bench-data/scratch/` and delete each index outside the timing.
//!
//! Run:
//!
//! ```sh
//! cargo bench --bench build                                   # embedded,10k
//! IDEAS_BENCH_SIZES=10k,100k cargo bench --bench build
//! IDEAS_BENCH_SIZES=10k cargo bench --bench build -- --quick  # short
//! cargo bench --bench build -- 'build/'                       # builds only
//! ```
//!
//! Without `--bench` (`cargo test --benches`) or with `--test`, criterion runs
//! each bench once as a smoke test; the default sizes are then `embedded`
//! only and no summary is printed.
//!
//! Units: criterion prints time per iteration (one pass over the whole
//! corpus) and throughput (MiB/s, or Kelem/s = thousands of ideas/s). After
//! criterion, a summary table gives per bench the median and fastest time
//! per pass in ms, ideas/s and MB/s (10^6 bytes of markdown) at the median,
//! and ratios of medians measured in the same run: tantivy alone vs end to
//! end, and each thread count vs the first (with the ratio of the fastest
//! passes beside it, steadier on a loaded machine). They are computed from
//! criterion's measurement samples as this bench records them (warm-up
//! excluded; in `--quick` mode its last two calls), so they agree with
//! criterion's own figures to within its estimator. MB/s is the markdown
//! size over the time, for builds too.
//! Speed targets live here and in benches/latency.rs, never in tests.

#[path = "common/mod.rs"]
mod common;

use common::{Corpus, Size};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Seconds per iteration.
#[derive(Clone, Copy)]
struct Timing {
    median: f64,
    fastest: f64,
}

/// Per bench id, each call's `(iterations, elapsed)`, in call order.
#[derive(Default)]
struct Recorder {
    calls: RefCell<BTreeMap<String, Vec<(u64, Duration)>>>,
    samples: RefCell<BTreeMap<String, usize>>,
}

impl Recorder {
    fn record(&self, id: &str, iters: u64, elapsed: Duration) {
        self.calls
            .borrow_mut()
            .entry(id.to_string())
            .or_default()
            .push((iters, elapsed));
    }

    /// Median and fastest time per iteration over the last `sample_size`
    /// calls (criterion warms up first, then takes its samples), if the bench ran.
    fn timing(&self, id: &str) -> Option<Timing> {
        let calls = self.calls.borrow();
        let calls = calls.get(id)?;
        // Quick mode (`-- --quick`) keeps its last two calls (n, 2n iterations).
        let n = if quick() {
            2
        } else {
            let samples = self.samples.borrow();
            samples.get(id).copied().unwrap_or(calls.len())
        };
        let mut per: Vec<f64> = calls[calls.len().saturating_sub(n)..]
            .iter()
            .filter(|(i, _)| *i > 0)
            .map(|(i, d)| d.as_secs_f64() / *i as f64)
            .collect();
        if per.is_empty() {
            return None;
        }
        per.sort_by(f64::total_cmp);
        let m = per.len() / 2;
        let median = if per.len() % 2 == 1 {
            per[m]
        } else {
            (per[m - 1] + per[m]) / 2.0
        };
        Some(Timing {
            median,
            fastest: per[0],
        })
    }
}

fn quick() -> bool {
    std::env::args().any(|a| a == "--quick")
}

fn id(group: &str, function: &str, size: Size) -> String {
    format!("{group}/{function}/{}", size.label())
}

/// Thread counts of the `build threads` group, `IDEAS_BENCH_THREADS` (default
/// `1,2`; 0 is one per core), each once, in the order given.
fn threads_list() -> Vec<usize> {
    let spec = std::env::var("IDEAS_BENCH_THREADS").unwrap_or_else(|_| "1,2".into());
    let mut out: Vec<usize> = vec![];
    for s in spec.split(',').filter(|s| !s.trim().is_empty()) {
        let n = s
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("IDEAS_BENCH_THREADS: '{s}' is not a number"));
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

fn thread_label(n: usize) -> String {
    if n == 1 {
        "end to end, 1 thread".into()
    } else {
        format!("end to end, {n} threads")
    }
}

fn scratch() -> PathBuf {
    let d = common::data_dir().join("scratch");
    std::fs::create_dir_all(&d).expect("creating target/bench-data/scratch");
    d
}

/// Builds into a fresh folder `iters` times; only the build is timed.
fn time_builds(
    rec: &Recorder,
    id: &str,
    iters: u64,
    ideas: usize,
    build: &dyn Fn(&std::path::Path) -> ideas::index::BuildStats,
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let dir = tempfile::Builder::new()
            .prefix("build-")
            .tempdir_in(scratch())
            .expect("scratch tempdir");
        let started = Instant::now();
        let stats = build(dir.path());
        total += started.elapsed();
        assert_eq!(stats.ideas, ideas, "{id}: indexed ideas");
        drop(dir);
    }
    rec.record(id, iters, total);
    total
}

/// Runs the benches of one size; returns its number of ideas (records).
fn bench_size(c: &mut Criterion, rec: &Recorder, corpus: &Corpus) -> usize {
    let size = corpus.size;
    let big = size.nominal() >= 100_000;
    let files = corpus.read_files();
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let records = corpus.records();
    let n = records.len();
    let samples = |small: usize| if big { 10 } else { small };

    // Parsing only, one thread, from memory.
    let mut g = c.benchmark_group("ingest");
    let parse_samples = samples(if size == Size::Embedded { 100 } else { 20 });
    g.sample_size(parse_samples);
    if big {
        g.sampling_mode(SamplingMode::Flat);
    }
    for (function, throughput) in [
        ("parse bytes", Throughput::Bytes(bytes)),
        ("parse ideas", Throughput::Elements(n as u64)),
    ] {
        let key = id("ingest", function, size);
        rec.samples.borrow_mut().insert(key.clone(), parse_samples);
        g.throughput(throughput);
        g.bench_function(BenchmarkId::new(function, size.label()), |b| {
            b.iter_custom(|iters| {
                let started = Instant::now();
                for _ in 0..iters {
                    for (path, bytes) in &files {
                        let parsed = ideas::ingest::parse(bytes, path, Default::default());
                        black_box(parsed.expect("synthetic files parse"));
                    }
                }
                let took = started.elapsed();
                rec.record(&key, iters, took);
                took
            })
        });
    }
    g.finish();
    drop(files);

    let build_samples = samples(if size == Size::Embedded { 20 } else { 10 });
    let inputs = corpus.inputs();
    let end_to_end = |threads: usize| {
        let inputs = &inputs;
        move |root: &std::path::Path| {
            common::build_end_to_end(root, inputs, threads, corpus.manifest())
                .expect("end-to-end build")
        }
    };

    let mut g = c.benchmark_group("build");
    g.sample_size(build_samples);
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Elements(n as u64));
    let key = id("build", "end to end from markdown", size);
    rec.samples.borrow_mut().insert(key.clone(), build_samples);
    let all_cores = end_to_end(0);
    g.bench_function(
        BenchmarkId::new("end to end from markdown", size.label()),
        |b| b.iter_custom(|iters| time_builds(rec, &key, iters, n, &all_cores)),
    );
    let key = id("build", "tantivy alone from records", size);
    rec.samples.borrow_mut().insert(key.clone(), build_samples);
    let from_records = |root: &std::path::Path| {
        ideas::index::build(root, &records, corpus.manifest()).expect("build from records")
    };
    g.bench_function(
        BenchmarkId::new("tantivy alone from records", size.label()),
        |b| b.iter_custom(|iters| time_builds(rec, &key, iters, n, &from_records)),
    );
    g.finish();
    drop(records);

    let mut g = c.benchmark_group("build threads");
    g.sample_size(build_samples);
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Elements(n as u64));
    for threads in threads_list() {
        let function = thread_label(threads);
        let key = id("build threads", &function, size);
        rec.samples.borrow_mut().insert(key.clone(), build_samples);
        let build = end_to_end(threads);
        g.bench_function(BenchmarkId::new(&function, size.label()), |b| {
            b.iter_custom(|iters| time_builds(rec, &key, iters, n, &build))
        });
    }
    g.finish();
    n
}

fn summary(rec: &Recorder, corpora: &[(Corpus, usize)]) {
    println!();
    println!(
        "summary: time per pass over the corpus (median and fastest of criterion's samples), \
         throughput at the median, ratios of medians within this run"
    );
    if let Some(load) = common::load_average() {
        println!("load average at the end: {load} (threads only help on idle cores)");
    }
    for (corpus, n) in corpora {
        let size = corpus.size;
        let mb = corpus.markdown_bytes as f64 / 1e6;
        println!();
        println!(
            "{}: {} ideas, {} files, {:.1} MB of markdown",
            size.label(),
            common::thousands(*n as f64),
            corpus.files,
            mb
        );
        println!(
            "  {:<28} {:>11} {:>11} {:>10} {:>8}",
            "bench", "median ms", "fastest ms", "ideas/s", "MB/s"
        );
        let row = |label: &str, t: Option<Timing>, extra: String| {
            if let Some(t) = t {
                println!(
                    "  {:<28} {:>11.1} {:>11.1} {:>10} {:>8.1}{}",
                    label,
                    t.median * 1e3,
                    t.fastest * 1e3,
                    common::thousands(*n as f64 / t.median),
                    mb / t.median,
                    extra
                );
            }
        };
        let parse = rec
            .timing(&id("ingest", "parse bytes", size))
            .or_else(|| rec.timing(&id("ingest", "parse ideas", size)));
        row("parse only, 1 thread", parse, String::new());
        let e2e = rec.timing(&id("build", "end to end from markdown", size));
        row("end to end from markdown", e2e, String::new());
        let alone = rec.timing(&id("build", "tantivy alone from records", size));
        let ratio = match (alone, e2e) {
            (Some(a), Some(e)) => format!("  {:.2}x the end-to-end time", a.median / e.median),
            _ => String::new(),
        };
        row("tantivy alone from records", alone, ratio);
        let mut first: Option<(usize, Timing)> = None;
        for threads in threads_list() {
            let key = id("build threads", &thread_label(threads), size);
            let Some(t) = rec.timing(&key) else { continue };
            let extra = match first {
                Some((b, base)) => format!(
                    "  speed-up {:.2}x over {b} (fastest: {:.2}x)",
                    base.median / t.median,
                    base.fastest / t.fastest
                ),
                None => {
                    first = Some((threads, t));
                    String::new()
                }
            };
            row(&thread_label(threads), Some(t), extra);
        }
    }
}

fn main() {
    // As criterion decides: without `--bench` (`cargo test --benches`) or
    // with `--test`, each bench runs once; then only the embedded corpus by
    // default, and no summary (one sample is no median).
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let once = !has("--bench") || has("--test") || has("--list");
    let rec = Recorder::default();
    let mut c = Criterion::default().configure_from_args();
    let mut corpora = vec![];
    for size in common::sizes(if once { "embedded" } else { "embedded,10k" }) {
        let corpus = common::corpus(size).unwrap_or_else(|e| panic!("{e:#}"));
        let n = bench_size(&mut c, &rec, &corpus);
        corpora.push((corpus, n));
    }
    c.final_summary();
    if !once {
        summary(&rec, &corpora);
    }
}
