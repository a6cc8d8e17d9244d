//! Query latency percentiles at each corpus size (not criterion: criterion
//! gives no p99). For `ideas search` and `ideas similar` as a server would run
//! them: the index opened once, its reader reused, warm.
//!
//! Per size, every query of `benches/queries.json` (a fixed mix of 32: skills,
//! abbreviations, phrases, typos, questions, operators, filtered queries) runs
//! in each mode, every round, modes interleaved so drift hits them alike:
//!
//! - `search (facets)`: `ideas::search::search`, top 10 with snippets and
//!   project/year facet counts over all matches, the query's own filters;
//! - `search without facets`: `search_without_facets`, same queries;
//! - `filtered (facets)` / `filtered without facets`: the queries that have no
//!   filters of their own, with `--years 2023..2025 --program lfx` added;
//! - `similar ID`: what `ideas similar ID` does (look the id up, then
//!   `ideas::similar::Request`, limit 10) for 30 ideas picked
//!   deterministically (corpus order 0, k, 2k, ... with k = ideas / 30).
//!
//! Every call is timed and recorded in an HDR histogram (microseconds, 3
//! significant digits); the table gives p50, p99, max and mean in
//! milliseconds over all samples of the mode (queries x rounds), the ratio of
//! the facets p50 to the without-facets p50 (the cost of facet counting,
//! measured in the same run), and at the end each mode's p50 at each size as
//! a ratio to the first size run.
//!
//! Indexes are built once into `target/bench-data/<size>-index` (end to end
//! from the synthetic markdown, as `ideas index` does) and reused while their
//! manifest matches (see benches/common/mod.rs).
//!
//! Run:
//!
//! ```sh
//! cargo bench --bench latency                              # embedded,10k
//! IDEAS_BENCH_SIZES=embedded,10k,100k cargo bench --bench latency
//! IDEAS_BENCH_SIZES=1m IDEAS_BENCH_ROUNDS=5 cargo bench --bench latency
//! IDEAS_BENCH_JSON=latency.json cargo bench --bench latency   # or -- --json FILE
//! ```
//!
//! Env: `IDEAS_BENCH_SIZES` (comma list of embedded, 10k, 100k, 1m or a
//! number; default `embedded,10k`), `IDEAS_BENCH_ROUNDS` (timed rounds,
//! default 20), `IDEAS_BENCH_WARMUP` (untimed rounds first, default 1),
//! `IDEAS_BENCH_JSON` (write the figures as JSON), `IDEAS_BENCH_REBUILD=1`
//! (rebuild the indexes). Other arguments are ignored, except that without
//! `--bench` (which `cargo bench` passes; `cargo test --benches` does not) or
//! with `--test` it runs as a smoke test: one round, embedded corpus only
//! unless `IDEAS_BENCH_SIZES` is set.
//! Speed targets live here and in benches/build.rs, never in tests.

#[path = "common/mod.rs"]
mod common;

use common::{Corpus, Query, Size};
use hdrhistogram::Histogram;
use ideas::idea::Program;
use ideas::index::IdeaIndex;
use ideas::search::{self, Filters};
use ideas::similar::{self, Like};
use std::hint::black_box;
use std::time::{Duration, Instant};

const LIMIT: usize = 10;
const SIMILAR_IDEAS: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Facets,
    NoFacets,
    FilteredFacets,
    FilteredNoFacets,
    Similar,
}

const MODES: [Mode; 5] = [
    Mode::Facets,
    Mode::NoFacets,
    Mode::FilteredFacets,
    Mode::FilteredNoFacets,
    Mode::Similar,
];

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Facets => "search (facets)",
            Mode::NoFacets => "search without facets",
            Mode::FilteredFacets => "filtered (facets)",
            Mode::FilteredNoFacets => "filtered without facets",
            Mode::Similar => "similar ID",
        }
    }
}

/// The filters added to queries that have none: `--years 2023..2025 --program lfx`.
fn added_filters() -> Filters {
    Filters {
        years: vec![ideas::query::filter::parse_years("2023..2025").expect("years")],
        program: Some(Program::Lfx),
        ..Filters::default()
    }
}

struct Stats {
    mode: Mode,
    queries: usize,
    hist: Histogram<u64>,
    errors: usize,
}

impl Stats {
    fn ms(&self, q: f64) -> f64 {
        self.hist.value_at_quantile(q) as f64 / 1e3
    }
}

struct SizeResult {
    corpus: Corpus,
    docs: u64,
    index_bytes: u64,
    built: Option<Duration>,
    stats: Vec<Stats>,
}

/// One timed call: a query of the mix, or one `similar` lookup.
type Job<'a> = Box<dyn Fn() -> anyhow::Result<()> + 'a>;

fn jobs<'a>(
    ix: &'a IdeaIndex,
    queries: &'a [Query],
    filtered: &'a Filters,
    ids: &'a [String],
    mode: Mode,
) -> Vec<Job<'a>> {
    let search = move |q: &'a str, f: &'a Filters, facets: bool| -> Job<'a> {
        Box::new(move || {
            let r = if facets {
                search::Request::new(q)
                    .filters(f.clone())
                    .limit(LIMIT)
                    .run(ix)?
            } else {
                search::Request::new(q)
                    .filters(f.clone())
                    .limit(LIMIT)
                    .facets(false)
                    .run(ix)?
            };
            black_box(r);
            Ok(())
        })
    };
    match mode {
        Mode::Facets | Mode::NoFacets => queries
            .iter()
            .map(|q| search(&q.q, &q.filters, mode == Mode::Facets))
            .collect(),
        Mode::FilteredFacets | Mode::FilteredNoFacets => queries
            .iter()
            .filter(|q| !q.own_filters)
            .map(|q| search(&q.q, filtered, mode == Mode::FilteredFacets))
            .collect(),
        Mode::Similar => ids
            .iter()
            .map(|id| -> Job<'a> {
                Box::new(move || {
                    // As `ideas similar ID` (cmd_similar): look up, then similar.
                    let (_, idea) = ix
                        .find(id)?
                        .ok_or_else(|| anyhow::anyhow!("no idea {id}"))?;
                    black_box(
                        similar::Request::new(Like::Idea(&idea))
                            .limit(LIMIT)
                            .run(ix)?,
                    );
                    Ok(())
                })
            })
            .collect(),
    }
}

/// Ids of ideas 0, k, 2k, ... in corpus order (the `order` field), k = docs / 30.
fn similar_ids(ix: &IdeaIndex) -> Vec<String> {
    let n = ix.num_docs();
    let k = (n / SIMILAR_IDEAS as u64).max(1);
    let searcher = ix.reader.searcher();
    (0..SIMILAR_IDEAS as u64)
        .map(|i| i * k)
        .filter(|&o| o < n)
        .filter_map(|order| {
            let q = tantivy::query::TermQuery::new(
                tantivy::Term::from_field_u64(ix.fields.order, order),
                tantivy::schema::IndexRecordOption::Basic,
            );
            let top = searcher
                .search(
                    &q,
                    &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
                )
                .ok()?;
            let &(_, addr) = top.first()?;
            Some(ix.idea(&searcher, addr).ok()?.id)
        })
        .collect()
}

fn run_size(size: Size, queries: &[Query], rounds: usize, warmup: usize) -> SizeResult {
    let corpus = common::corpus(size).unwrap_or_else(|e| panic!("{e:#}"));
    let (root, built) = common::index(&corpus).unwrap_or_else(|e| panic!("{e:#}"));
    let ix = IdeaIndex::open(&root).unwrap_or_else(|e| panic!("{e:#}"));
    let ids = similar_ids(&ix);
    let filtered = added_filters();
    let work: Vec<(Mode, Vec<Job>)> = MODES
        .iter()
        .map(|&m| (m, jobs(&ix, queries, &filtered, &ids, m)))
        .collect();
    let mut stats: Vec<Stats> = work
        .iter()
        .map(|(m, j)| Stats {
            mode: *m,
            queries: j.len(),
            hist: Histogram::new_with_bounds(1, 3_600_000_000, 3).expect("histogram bounds"),
            errors: 0,
        })
        .collect();
    let mut first_error: Option<String> = None;
    for round in 0..warmup + rounds {
        let timed = round >= warmup;
        // Interleaved: query i in every mode, then query i + 1.
        let longest = work.iter().map(|(_, j)| j.len()).max().unwrap_or(0);
        for i in 0..longest {
            for ((_, jobs), st) in work.iter().zip(stats.iter_mut()) {
                let Some(job) = jobs.get(i) else { continue };
                let started = Instant::now();
                let result = job();
                let us = started.elapsed().as_micros() as u64;
                match result {
                    Ok(()) if timed => st.hist.saturating_record(us.max(1)),
                    Ok(()) => {}
                    Err(e) => {
                        if timed {
                            st.errors += 1;
                        }
                        first_error.get_or_insert_with(|| format!("{}: {e:#}", st.mode.name()));
                    }
                }
            }
        }
    }
    if let Some(e) = first_error {
        eprintln!("bench: {}: an error (not timed): {e}", size.label());
    }
    SizeResult {
        docs: ix.num_docs(),
        index_bytes: ix.size_on_disk(),
        corpus,
        built,
        stats,
    }
}

fn print_size(r: &SizeResult, rounds: usize) {
    let c = &r.corpus;
    println!();
    let built = match r.built {
        Some(d) => format!(
            "built now in {:.1} s ({} ideas/s, end to end)",
            d.as_secs_f64(),
            common::thousands(r.docs as f64 / d.as_secs_f64())
        ),
        None => "reused".into(),
    };
    println!(
        "== {}: {} ideas, {:.1} MB markdown, index {:.1} MB ({built}); {rounds} rounds, limit {LIMIT}",
        c.size.label(),
        common::thousands(r.docs as f64),
        c.markdown_bytes as f64 / 1e6,
        r.index_bytes as f64 / 1e6,
    );
    println!(
        "{:<26} {:>7} {:>8} {:>9} {:>9} {:>9} {:>9}",
        "mode", "queries", "samples", "p50 ms", "p99 ms", "max ms", "mean ms"
    );
    for s in &r.stats {
        if s.hist.is_empty() {
            continue;
        }
        println!(
            "{:<26} {:>7} {:>8} {:>9.3} {:>9.3} {:>9.3} {:>9.3}{}",
            s.mode.name(),
            s.queries,
            s.hist.len(),
            s.ms(0.5),
            s.ms(0.99),
            s.hist.max() as f64 / 1e3,
            s.hist.mean() / 1e3,
            if s.errors > 0 {
                format!("  ({} errors)", s.errors)
            } else {
                String::new()
            }
        );
    }
    let p50 = |m: Mode| r.stats.iter().find(|s| s.mode == m).map(|s| s.ms(0.5));
    for (label, a, b) in [
        ("facets / without facets, p50", Mode::Facets, Mode::NoFacets),
        (
            "filtered: facets / without, p50",
            Mode::FilteredFacets,
            Mode::FilteredNoFacets,
        ),
    ] {
        if let (Some(a), Some(b)) = (p50(a), p50(b)) {
            println!("{label}: {:.2}x", a / b.max(1e-3));
        }
    }
}

fn print_across(results: &[SizeResult]) {
    if results.len() < 2 {
        return;
    }
    let base = results[0].corpus.size.label();
    println!();
    println!("p50 ms by size (x ratio to {base}, same run)");
    print!("{:<26}", "mode");
    for r in results {
        print!(" {:>18}", r.corpus.size.label());
    }
    println!();
    for (i, mode) in MODES.iter().enumerate() {
        print!("{:<26}", mode.name());
        let first = results[0].stats[i].ms(0.5);
        for r in results {
            let p = r.stats[i].ms(0.5);
            print!(" {:>18}", format!("{p:.3} ({:.1}x)", p / first.max(1e-3)));
        }
        println!();
    }
}

fn to_json(results: &[SizeResult], rounds: usize, warmup: usize) -> serde_json::Value {
    let sizes: Vec<_> = results
        .iter()
        .map(|r| {
            let p50 = |m: Mode| r.stats.iter().find(|s| s.mode == m).map(|s| s.ms(0.5));
            let ratio = match (p50(Mode::Facets), p50(Mode::NoFacets)) {
                (Some(a), Some(b)) => Some(a / b.max(1e-3)),
                _ => None,
            };
            serde_json::json!({
                "size": r.corpus.size.label(),
                "ideas": r.docs,
                "markdown_bytes": r.corpus.markdown_bytes,
                "index_bytes": r.index_bytes,
                "index_built_seconds": r.built.map(|d| d.as_secs_f64()),
                "facets_over_without_facets_p50": ratio,
                "modes": r.stats.iter().map(|s| serde_json::json!({
                    "mode": s.mode.name(),
                    "queries": s.queries,
                    "samples": s.hist.len(),
                    "errors": s.errors,
                    "p50_ms": s.ms(0.5),
                    "p99_ms": s.ms(0.99),
                    "max_ms": s.hist.max() as f64 / 1e3,
                    "mean_ms": s.hist.mean() / 1e3,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({
        "bench": "latency",
        "limit": LIMIT,
        "rounds": rounds,
        "warmup_rounds": warmup,
        "added_filters": "--years 2023..2025 --program lfx",
        "cores": std::thread::available_parallelism().map_or(1, |n| n.get()),
        "load_average": common::load_average(),
        "sizes": sizes,
    })
}

fn main() {
    // `cargo bench` passes `--bench`; only `--json FILE` is ours.
    let mut json_out = std::env::var("IDEAS_BENCH_JSON").ok();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--json" {
            json_out = args.next();
        } else if let Some(f) = a.strip_prefix("--json=") {
            json_out = Some(f.to_string());
        }
    }
    // As criterion: without `--bench` (`cargo test --benches`) or with
    // `--test`, a smoke test: one round, embedded corpus unless sizes are set.
    let has = |flag: &str| std::env::args().any(|a| a == flag);
    let once = !has("--bench") || has("--test");
    let (rounds, warmup) = if once {
        println!(
            "latency: test mode (no --bench): one round, no warm-up; figures are not measurements"
        );
        (1, 0)
    } else {
        (
            common::env_usize("IDEAS_BENCH_ROUNDS", 20).max(1),
            common::env_usize("IDEAS_BENCH_WARMUP", 1),
        )
    };
    let queries = common::queries();
    println!(
        "latency: {} queries ({} without filters of their own), {SIMILAR_IDEAS} similar ids, \
         {rounds} rounds after {warmup} warm-up, 1 thread, index opened once",
        queries.len(),
        queries.iter().filter(|q| !q.own_filters).count()
    );
    if let Some(load) = common::load_average() {
        println!("load average at start: {load}");
    }
    let mut results = vec![];
    for size in common::sizes(if once { "embedded" } else { "embedded,10k" }) {
        let r = run_size(size, &queries, rounds, warmup);
        print_size(&r, rounds);
        results.push(r);
    }
    print_across(&results);
    if let Some(load) = common::load_average() {
        println!("load average at end: {load}");
    }
    if let Some(path) = json_out {
        let json = to_json(&results, rounds, warmup);
        std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap() + "\n")
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        println!("wrote {path}");
    }
}
