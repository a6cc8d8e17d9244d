//! What reading an index without memory maps costs (src/index/files.rs),
//! against tantivy's `MmapDirectory` measured in the same run, per corpus size:
//!
//! - `open + query`: what one CLI query does to the index (open, search
//!   `kubernetes` with facets, drop), warm page cache;
//! - `query mix`: the 32 queries of `benches/queries.json` on an index opened
//!   once (what a server does), summed per round.
//!
//! Modes: `mmap` (tantivy's, the baseline) and the three loads of
//! [`ideas::index::files::Load`]: `whole` (every file copied and checked at
//! open), `lazy` (only the files tantivy reads whole at open copied and
//! checked, the rest read with `pread`) and `lazy checked` (also every
//! `pread` file read through at open to check it). Searches use `whole` up
//! to `files::WHOLE_BYTES` of index, `lazy` above.
//! Rounds interleave the modes, so drift hits them alike; figures are
//! medians over rounds, with the ratio to `mmap` and, for the open, the cost
//! per MB of index over `mmap`.
//!
//! Run: `cargo bench --bench open` (embedded,10k), or
//! `IDEAS_BENCH_SIZES=embedded,100k IDEAS_BENCH_ROUNDS=30 cargo bench --bench open`.
//! Without `--bench` (`cargo test --benches`) it is a smoke test of one round.

#[path = "common/mod.rs"]
mod common;

use ideas::index::files::Load;
use ideas::index::{IdeaIndex, Reads};
use ideas::search;
use std::hint::black_box;
use std::time::Instant;

const MODES: [(&str, Reads); 4] = [
    ("mmap", Reads::Mmap),
    ("files, whole", Reads::Files(Load::Whole)),
    ("files, lazy", Reads::Files(Load::Lazy)),
    ("files, lazy checked", Reads::Files(Load::LazyChecked)),
];

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let has = |flag: &str| std::env::args().any(|a| a == flag);
    let once = !has("--bench") || has("--test");
    let rounds = match once {
        true => 1,
        false => common::env_usize("IDEAS_BENCH_ROUNDS", 20).max(1),
    };
    let sizes = match once && std::env::var("IDEAS_BENCH_SIZES").is_err() {
        true => vec![common::Size::Embedded],
        false => common::sizes("embedded,10k"),
    };
    let queries = common::queries();
    println!("open: {rounds} rounds, modes interleaved, medians; ratio to mmap");
    for size in sizes {
        let corpus = common::corpus(size).unwrap_or_else(|e| panic!("{e:#}"));
        let (root, _) = common::index(&corpus).unwrap_or_else(|e| panic!("{e:#}"));
        let opened: Vec<IdeaIndex> = MODES
            .iter()
            .map(|&(_, r)| IdeaIndex::open_with(&root, None, r).unwrap())
            .collect();
        let mb = opened[0].size_on_disk() as f64 / 1e6;
        let mut open_ms = vec![vec![]; MODES.len()];
        let mut mix_ms = vec![vec![]; MODES.len()];
        for _ in 0..rounds + 1 {
            for (i, &(_, reads)) in MODES.iter().enumerate() {
                let started = Instant::now();
                let ix = IdeaIndex::open_with(&root, None, reads).unwrap();
                black_box(search::Request::new("kubernetes").run(&ix).unwrap());
                drop(ix);
                open_ms[i].push(started.elapsed().as_secs_f64() * 1e3);
                let started = Instant::now();
                for q in &queries {
                    black_box(
                        search::Request::new(&q.q)
                            .filters(q.filters.clone())
                            .run(&opened[i])
                            .unwrap(),
                    );
                }
                mix_ms[i].push(started.elapsed().as_secs_f64() * 1e3);
            }
        }
        // The first round warms the page cache and is left out.
        let open: Vec<f64> = open_ms
            .into_iter()
            .map(|v| median(v[1..].to_vec()))
            .collect();
        let mix: Vec<f64> = mix_ms
            .into_iter()
            .map(|v| median(v[1..].to_vec()))
            .collect();
        println!(
            "\n{} ({} ideas, index {mb:.1} MB)",
            size.label(),
            corpus.ideas
        );
        println!(
            "  {:<24} {:>14} {:>7} {:>12} {:>16} {:>7}",
            "mode", "open+query ms", "ratio", "ms/MB over", "query mix ms", "ratio"
        );
        for (i, (name, _)) in MODES.iter().enumerate() {
            println!(
                "  {name:<24} {:>14.2} {:>7.2} {:>12.3} {:>16.2} {:>7.2}",
                open[i],
                open[i] / open[0],
                (open[i] - open[0]) / mb,
                mix[i],
                mix[i] / mix[0]
            );
        }
    }
}
