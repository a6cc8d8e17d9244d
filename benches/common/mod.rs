//! Shared by the benches (`mod common;`): corpus sizes from `IDEAS_BENCH_SIZES`,
//! the on-disk cache of synthetic corpora and indexes under
//! `target/bench-data/`, an end-to-end build as `ideas index` does it, and the
//! query mix of `benches/queries.json`.
//!
//! Cache layout (reused across runs; delete it, or set
//! `IDEAS_BENCH_REGENERATE=1`, after changing the generator):
//!
//! ```text
//! target/bench-data/<size>-seed1/programs/...   synthetic markdown (ideas_synth::generate)
//! target/bench-data/<size>-seed1/ideas.jsonl    the same records as JSON lines
//! target/bench-data/<size>-seed1/bench-summary.json   written last: the corpus is complete
//! target/bench-data/embedded-md/...             the embedded corpus (data/) written as files
//! target/bench-data/<size>-index/               index for benches/latency.rs
//! target/bench-data/scratch/                    indexes built and deleted by benches/build.rs
//! ```
//!
//! `target` is `$CARGO_TARGET_DIR` if set, else `target/` in the crate;
//! `IDEAS_BENCH_DATA` overrides the whole folder.

#![allow(dead_code)]

use anyhow::{bail, Context, Result};
use ideas::corpus::{self, Input, InputSource};
use ideas::idea::{Idea, Program};
use ideas::index::{self, BuildOptions, BuildStats, Manifest};
use ideas::ingest::Meta;
use ideas::search::Filters;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Seed of every synthetic corpus the benches use.
pub const SEED: u64 = 1;

/// A corpus size: the embedded corpus, or a synthetic one of N ideas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Embedded,
    Synth(usize),
}

impl Size {
    /// `embedded`, `10k`, `100k`, `1m`, or a plain number of ideas.
    pub fn parse(s: &str) -> Result<Size> {
        let s = s.trim().to_ascii_lowercase();
        if s == "embedded" {
            return Ok(Size::Embedded);
        }
        let (digits, mult) = if let Some(d) = s.strip_suffix('k') {
            (d, 1_000)
        } else if let Some(d) = s.strip_suffix('m') {
            (d, 1_000_000)
        } else {
            (s.as_str(), 1)
        };
        match digits.parse::<usize>() {
            Ok(n) if n > 0 => Ok(Size::Synth(n * mult)),
            _ => bail!("IDEAS_BENCH_SIZES: '{s}' is not embedded, 10k, 100k, 1m or a number"),
        }
    }

    /// `embedded`, `10k`, `1m`, `2500`.
    pub fn label(&self) -> String {
        match *self {
            Size::Embedded => "embedded".into(),
            Size::Synth(n) if n % 1_000_000 == 0 => format!("{}m", n / 1_000_000),
            Size::Synth(n) if n % 1_000 == 0 => format!("{}k", n / 1_000),
            Size::Synth(n) => n.to_string(),
        }
    }

    /// Nominal number of ideas (150 for the embedded corpus).
    pub fn nominal(&self) -> usize {
        match *self {
            Size::Embedded => 150,
            Size::Synth(n) => n,
        }
    }
}

/// The sizes in `IDEAS_BENCH_SIZES` (comma list), or `default`.
pub fn sizes(default: &str) -> Vec<Size> {
    let spec = std::env::var("IDEAS_BENCH_SIZES").unwrap_or_else(|_| default.to_string());
    spec.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| Size::parse(s).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// A positive integer from the environment, or `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}: '{v}' is not a number")),
        Err(_) => default,
    }
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// `target/bench-data` (see the module docs).
pub fn data_dir() -> PathBuf {
    if let Ok(d) = std::env::var("IDEAS_BENCH_DATA") {
        return PathBuf::from(d);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-data")
}

/// A corpus as markdown files on disk.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub size: Size,
    /// The folder holding the markdown (walked by `corpus::discover`).
    pub dir: PathBuf,
    pub files: usize,
    pub markdown_bytes: u64,
    /// Ideas the corpus holds (the generator's parse-back count, or the
    /// embedded corpus's records).
    pub ideas: usize,
    /// Time spent generating it in this run, if it was not reused.
    pub generated: Option<Duration>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Stamp {
    requested: usize,
    seed: u64,
    files: usize,
    ideas: usize,
    markdown_bytes: u64,
    jsonl_bytes: u64,
}

/// The corpus of `size` on disk, generated (or written, for the embedded
/// corpus) on first use and reused after.
pub fn corpus(size: Size) -> Result<Corpus> {
    let data = data_dir();
    match size {
        Size::Embedded => {
            let dir = data.join("embedded-md");
            let inputs = corpus::embedded();
            let mut bytes = 0u64;
            for i in &inputs {
                let InputSource::Embedded(b) = i.source else {
                    bail!("{}: not embedded", i.path)
                };
                let path = dir.join(&i.path);
                if std::fs::read(&path).ok().as_deref() != Some(b) {
                    std::fs::create_dir_all(path.parent().unwrap())?;
                    std::fs::write(&path, b).with_context(|| format!("{}", path.display()))?;
                }
                bytes += b.len() as u64;
            }
            let ideas = corpus::load(&inputs, Meta::default(), &|| {}).ideas.len();
            Ok(Corpus {
                size,
                dir,
                files: inputs.len(),
                markdown_bytes: bytes,
                ideas,
                generated: None,
            })
        }
        Size::Synth(n) => {
            let dir = data.join(format!("{}-seed{SEED}", size.label()));
            let stamp_path = dir.join("bench-summary.json");
            let stamp: Option<Stamp> = std::fs::read(&stamp_path)
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
                .filter(|s: &Stamp| s.requested == n && s.seed == SEED)
                .filter(|_| dir.join("ideas.jsonl").is_file() && dir.join("programs").is_dir())
                .filter(|_| !env_flag("IDEAS_BENCH_REGENERATE"));
            let (stamp, generated) = match stamp {
                Some(s) => (s, None),
                None => {
                    let _ = std::fs::remove_file(&stamp_path);
                    eprintln!(
                        "bench: generating {} synthetic ideas (seed {SEED}) in {} ...",
                        n,
                        dir.display()
                    );
                    let started = Instant::now();
                    let s = ideas_synth::generate(
                        ideas_synth::Spec {
                            ideas: n,
                            seed: SEED,
                        },
                        &dir,
                    )
                    .with_context(|| format!("generating {n} ideas in {}", dir.display()))?;
                    let took = started.elapsed();
                    eprintln!(
                        "bench: generated {} ideas, {} files, {:.1} MB in {:.1} s",
                        s.ideas,
                        s.files,
                        s.markdown_bytes as f64 / 1e6,
                        took.as_secs_f64()
                    );
                    let stamp = Stamp {
                        requested: n,
                        seed: SEED,
                        files: s.files,
                        ideas: s.ideas,
                        markdown_bytes: s.markdown_bytes,
                        jsonl_bytes: s.jsonl_bytes,
                    };
                    std::fs::write(&stamp_path, serde_json::to_vec_pretty(&stamp)?)?;
                    (stamp, Some(took))
                }
            };
            Ok(Corpus {
                size,
                dir: dir.join("programs"),
                files: stamp.files,
                markdown_bytes: stamp.markdown_bytes,
                ideas: stamp.ideas,
                generated,
            })
        }
    }
}

impl Corpus {
    /// Its files, as `ideas index DIR` finds them.
    pub fn inputs(&self) -> Vec<Input> {
        corpus::discover(std::slice::from_ref(&self.dir)).expect("corpus folder")
    }

    /// Its files read into memory: `(path, bytes)`, paths as `discover` gives them.
    pub fn read_files(&self) -> Vec<(String, Vec<u8>)> {
        self.inputs()
            .into_iter()
            .map(|i| {
                let InputSource::Disk(p) = &i.source else {
                    unreachable!("discover gives disk inputs")
                };
                let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                (i.path, bytes)
            })
            .collect()
    }

    /// Its idea records, parsed (in parallel) and deduplicated as a build does.
    pub fn records(&self) -> Vec<Idea> {
        corpus::load(&self.inputs(), Meta::default(), &|| {}).ideas
    }

    /// The manifest recorded in the benches' indexes: the fingerprint covers
    /// the corpus, the schema and the analyzer, so a stale index is rebuilt.
    pub fn manifest(&self) -> Manifest {
        Manifest {
            fingerprint: format!(
                "{}/{}-seed{SEED}/{}",
                ideas::store::embedded_fingerprint(),
                self.size.label(),
                self.ideas
            ),
            files: self.files,
            inputs: vec![self.dir.display().to_string()],
            ..Manifest::new("bench")
        }
    }
}

/// A build as `ideas index DIR --threads N` runs it
/// (`ideas::store::build_inputs`), failing on any file that could not be
/// read. `threads` 0 is one per core.
pub fn build_end_to_end(
    root: &Path,
    inputs: &[Input],
    threads: usize,
    manifest: Manifest,
) -> Result<BuildStats> {
    let options = BuildOptions {
        threads,
        ..BuildOptions::default()
    };
    let stream = corpus::StreamOptions {
        threads,
        ..Default::default()
    };
    let (read, stats) = ideas::store::build_inputs(
        root,
        inputs,
        Meta::default(),
        options,
        stream,
        manifest,
        &|| {},
    )?;
    if let Some(bad) = read.files.iter().find(|f| f.error.is_some()) {
        bail!("{}: {}", bad.path, bad.error.as_deref().unwrap_or_default());
    }
    Ok(stats)
}

/// The index of `corpus` for the latency bench, built on first use into
/// `target/bench-data/<size>-index` and reused while its manifest matches
/// (same corpus, idea count, schema and analyzer) unless
/// `IDEAS_BENCH_REBUILD=1`. Returns the folder and, if it was built now, how
/// long that took.
pub fn index(corpus: &Corpus) -> Result<(PathBuf, Option<Duration>)> {
    let root = data_dir().join(format!("{}-index", corpus.size.label()));
    let want = corpus.manifest();
    let fresh = index::manifest(&root).is_some_and(|m| {
        m.corpus == want.corpus && m.fingerprint == want.fingerprint && m.ideas == corpus.ideas
    });
    if fresh && !env_flag("IDEAS_BENCH_REBUILD") && index::IdeaIndex::open(&root).is_ok() {
        return Ok((root, None));
    }
    eprintln!(
        "bench: indexing {} ideas into {} ...",
        corpus.ideas,
        root.display()
    );
    let started = Instant::now();
    let stats = build_end_to_end(&root, &corpus.inputs(), 0, want)?;
    let took = started.elapsed();
    if stats.ideas != corpus.ideas {
        bail!(
            "{}: indexed {} ideas, the corpus has {}",
            corpus.size.label(),
            stats.ideas,
            corpus.ideas
        );
    }
    Ok((root, Some(took)))
}

/// One query of `benches/queries.json`.
#[derive(Debug, Clone)]
pub struct Query {
    pub q: String,
    pub filters: Filters,
    /// The query names filters of its own (project, years, program, term or skill).
    pub own_filters: bool,
}

/// The fixed query mix, `benches/queries.json`.
pub fn queries() -> Vec<Query> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/queries.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).expect("benches/queries.json");
    let strings = |v: Option<&serde_json::Value>| -> Vec<String> {
        match v {
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect(),
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            _ => vec![],
        }
    };
    json["queries"]
        .as_array()
        .expect("benches/queries.json: no \"queries\" array")
        .iter()
        .map(|o| {
            let q = o["q"].as_str().expect("query without \"q\"").to_string();
            let years = o.get("years").map(|y| match y {
                serde_json::Value::Number(n) => {
                    let y = n.as_u64().expect("year") as u16;
                    (y, y)
                }
                y => ideas::query::filter::parse_years(y.as_str().expect("years")).unwrap_or_else(
                    |e| {
                        panic!("benches/queries.json: {q}: {e}");
                    },
                ),
            });
            let program = o
                .get("program")
                .map(|p| Program::parse(p.as_str().unwrap_or("")).expect("program lfx or gsoc"));
            let term = o.get("term").and_then(|t| t.as_u64()).map(|t| t as u8);
            let filters = Filters {
                projects: strings(o.get("project")),
                years: years.into_iter().collect(),
                program,
                status: None,
                term,
                skills: strings(o.get("skill")),
            };
            let own_filters = !filters.projects.is_empty()
                || !filters.years.is_empty()
                || filters.program.is_some()
                || filters.term.is_some()
                || !filters.skills.is_empty();
            Query {
                q,
                filters,
                own_filters,
            }
        })
        .collect()
}

/// `1,234,567`.
pub fn thousands(n: f64) -> String {
    let s = format!("{:.0}", n);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 && c != '-' {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `/proc/loadavg`'s first three fields, if there is one (the machine's load
/// during the run, for the record).
pub fn load_average() -> Option<String> {
    let s = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}
