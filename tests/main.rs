//! Every integration test in one binary (issue 18): one link of the crate
//! and its dev-dependencies instead of one per file, and the helpers in
//! [`common`] compiled once, where an unused one is a warning. The tests
//! share this process and run in parallel: none may set the process's
//! environment, current folder or limits (a child `Command` gets its own).
//! `tests/synth.rs` stays its own `[[test]]` (Cargo.toml).

mod common;

/// The JSON API in process and the `ideas serve` binary on a free port.
mod api;
/// The search page in headless Chromium over WebDriver (ignored without it).
mod browser;
/// Chinese and mixed Chinese/English search, end to end.
mod chinese_search;
/// The `ideas` binary end to end on the embedded corpus and on bad input.
mod cli;
/// Idea counts, projects and accepted ideas of the whole upstream corpus.
mod corpus_counts;
/// Terminal escapes in idea text and file names are shown, never obeyed.
mod escapes;
/// Builds killed with SIGKILL, searches during rebuilds, damaged files.
mod faults;
/// The inputs the fuzzers once crashed on, checked as the fuzzers check them.
mod fuzz_regressions;
/// A folder of hostile files given to `ideas index` at once.
mod hostile;
/// The streaming build: batch size and threads change nothing.
mod index_build;
/// Index files damaged before and under an open index, and `index --check`.
mod index_damage;
/// Ingest of OSPP-style Chinese and mixed idea lists.
mod ingest_chinese;
/// Ingest of the hand-written fixtures in the family's other styles.
mod ingest_fixtures;
/// Field caps, URL checks and repeated titles in ingest (issue 15).
mod ingest_limits;
/// Parse time linear in the input on the shapes that were quadratic.
mod ingest_linear;
/// Property tests of ingest: no panic, every record well formed.
mod ingest_props;
/// Ingest of the five real seed lists in `data/`.
mod ingest_seeds;
/// The library's module graph stays a DAG in pipeline order.
mod module_graph;
/// Project and skill names as people write them, over the whole corpus.
mod names;
/// Paths that are not UTF-8, on the command line and on disk.
mod paths;
/// Query input a client can type: a search or a client error, never a 500.
mod query_limits;
/// Property tests of queries on the embedded index.
mod query_props;
/// Ranking quality on the embedded corpus (the nDCG floor) and its rules.
mod relevance;
/// Ranking quality on the whole upstream history.
mod relevance_history;
/// `ideas serve` under hostile clients and a changing index.
mod serve_limits;
/// `ideas update` from a git repository or a folder.
mod update;
