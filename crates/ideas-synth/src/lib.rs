//! Synthetic idea lists for benchmarks: a deterministic generator of markdown
//! idea lists in the formats of `cncf/mentoring`, at any size (10k, 100k, 1M
//! ideas), plus the same records as JSON lines. A crate of its own (with the
//! `ideas-synth` binary, which writes one to a folder), so the user binary
//! carries no generator and `ideas` no rand dependency of its own; it reads
//! through `ideas`'s public API.
//!
//! Everything is drawn from the embedded corpus (`data/`, see
//! [`ideas::corpus::embedded`]): project names (as often as each appears),
//! recommended skills (by frequency, per project and overall), mentor first
//! and last names (recombined, so no real person is credited with an invented
//! idea; handles and `@example.com` emails are made from the names), upstream
//! repositories, and two word-level bigram Markov chains over one vocabulary,
//! one trained on idea titles and one on the sentences of descriptions and
//! expected outcomes (titles take a text step now and then), so the text has
//! the corpus's Zipf-like term statistics in ever new passages. So that the
//! vocabulary grows with the corpus as real text does (Heaps' law) rather than
//! stopping at the seeds' ~4,000 words, about one word in 40 is followed by a
//! rare word: an identifier made of two corpus stems (`SchedulerPlugin`,
//! `metricsgateway`) of Zipf-distributed rank (about 10k distinct words at
//! 10k ideas, 50k at 100k). Description and outcome lengths are drawn from the
//! seeds' own lengths: about 1.16 KB of markdown per idea (the seeds: 1.13 KB)
//! and 1.3 KB of JSONL.
//!
//! # Layout
//!
//! Ideas are spread over the 31 files of the upstream layout, more in later
//! years (upstream grew):
//!
//! - LFX Mentorship 2020-2026, three terms a year:
//!   `programs/lfx-mentorship/YEAR/01-Mar-May/`, `02-Jun-Aug/`, `03-Sep-Nov/`,
//!   each holding `README.md` (accepted projects) or `project_ideas.md`
//!   (proposals);
//! - Google Summer of Code 2017-2026: `programs/summerofcode/YEAR.md`.
//!
//! A file is not written when it gets no idea (only for very small specs).
//!
//! # Formats
//!
//! Each file has the shape of a real list of its kind and era, with a title
//! line, instructions, a fenced template block or a table of contents as the
//! real ones have them (see `data/SOURCES.md` and `tests/fixtures/programs/`):
//!
//! - LFX accepted `README.md` (`data/lfx-mentorship/2023/03-Sep-Nov`): timeline
//!   table, TOC, `### Project` / `#### Idea`, `- Description:`,
//!   `- Expected Outcome:` (inline or a nested list), `- Recommended Skills:`
//!   (inline or nested), `- Mentor(s):` with `  - Name (@handle, email)` items,
//!   `- Upstream Issue (URL):`, `- LFX URL:`;
//! - LFX `project_ideas.md` (`2024/01-Mar-May`, `2025/03-Sep-Nov`): fenced
//!   template, soft-wrapped descriptions, empty `- LFX URL: `, and loose lists
//!   with `*` items and a `* **Upstream Issue:**` label holding a nested item;
//! - LFX linked titles (`tests/fixtures/.../2026/03-Sep-Nov`): `#### Project` /
//!   `###### [Idea](LFX URL)` with a `CNCF - Project: Idea (YEAR Term N)` lead;
//! - GSoC 2017-2018 (`tests/fixtures/.../summerofcode/2018.md`): setext title,
//!   `-<TAB>**Description**:` bold labels, Kubernetes ideas grouped by SIG
//!   (`#### SIG Storage` / `##### Idea`);
//! - GSoC 2019-2020 (`data/summerofcode/2019.md`): `-<TAB>Description:`, inline
//!   mentors `Name (@handle), Name (@handle)`, `-<TAB>Issue: url , url`;
//! - GSoC 2021-2022 (`tests/fixtures/.../summerofcode/2022.md`): labels as
//!   bold paragraphs (`**Description**`, `**Technologies**:`,
//!   `**Potential Mentors**`, `**Relevant Issues**`);
//! - GSoC 2023-2026 (`data/summerofcode/2025.md`): fenced template,
//!   `<!-- TOC -->`, `#### Project` / `##### Idea`, `- Expected project size:`,
//!   `- Upstream Issue (URL):`, a `- primary` mentor.
//!
//! Every generated idea parses back ([`ideas::ingest::parse`]) as exactly one
//! idea, with its title, project, description, outcome, skills, mentors and
//! issues; titles are unique within their (term, project), since the parser
//! merges ideas that share them.
//!
//! # Determinism
//!
//! The same [`Spec`] gives byte-identical files on any machine: each file has
//! its own `ChaCha8Rng` seeded from the spec's seed and the file's index,
//! pools are sorted, no hash-map order is ever read, integers are sampled as
//! `u32`/`u64` (never `usize`), and files are generated in parallel but each
//! one sequentially.

use anyhow::{bail, Context, Result};
use ideas::ingest::{self, Meta};
use rayon::prelude::*;
use std::io::{BufWriter, Write};
use std::path::Path;

mod content;
mod render;
mod vocab;

use render::render_file;
use vocab::Vocab;

/// What to generate: how many ideas in all, and the seed of every random choice.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Ideas in all files together (each parses back as exactly one record).
    pub ideas: usize,
    /// Same seed and count, same bytes.
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    /// Markdown idea lists written under `out/programs/`.
    pub files: usize,
    /// Idea records parsed back from them (= lines of `out/ideas.jsonl`).
    pub ideas: usize,
    /// Total size of the markdown files, in bytes.
    pub markdown_bytes: u64,
    /// Size of `out/ideas.jsonl`, in bytes.
    pub jsonl_bytes: u64,
}

/// Writes the markdown lists under `out/programs/...` (upstream-style paths,
/// see the crate docs) and `out/ideas.jsonl`: one [`Idea`](ideas::idea::Idea) a line
/// (`schema/idea.schema.json`), in file order, the records that
/// `ideas parse programs --jsonl` prints when run in `out` (source paths are
/// relative to `out`, e.g. `programs/summerofcode/2025.md`).
///
/// Files are generated in parallel and streamed: each file is written and
/// parsed one project section at a time, so memory stays small at 1M ideas.
/// Files of this layout that an earlier run wrote and this one does not are
/// removed; nothing else in `out` is touched (JSONL is written per file to
/// `out/.ideas.jsonl.NN.part`, then joined and removed).
///
/// Errors: I/O errors, and a generated file that does not parse back to the
/// planned number of ideas (a bug).
pub fn generate(spec: Spec, out: &Path) -> Result<Summary> {
    let vocab = Vocab::from_embedded();
    let plans = plan(spec);
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let written: Vec<&str> = plans.iter().map(|p| p.path.as_str()).collect();
    for path in all_paths() {
        if !written.contains(&path.as_str()) {
            let stale = out.join(&path);
            if stale.is_file() {
                std::fs::remove_file(&stale)
                    .with_context(|| format!("removing {}", stale.display()))?;
            }
        }
    }
    let results: Vec<Result<(usize, u64, u64)>> = plans
        .par_iter()
        .map(|p| write_file(&vocab, spec, p, out))
        .collect();
    let mut summary = Summary {
        files: 0,
        ideas: 0,
        markdown_bytes: 0,
        jsonl_bytes: 0,
    };
    for r in results {
        let (ideas, md, _) = r?;
        summary.files += 1;
        summary.ideas += ideas;
        summary.markdown_bytes += md;
    }
    let jsonl = out.join("ideas.jsonl");
    let mut w = BufWriter::new(
        std::fs::File::create(&jsonl).with_context(|| format!("creating {}", jsonl.display()))?,
    );
    for p in &plans {
        let part = part_path(out, p);
        let mut f =
            std::fs::File::open(&part).with_context(|| format!("reading {}", part.display()))?;
        summary.jsonl_bytes += std::io::copy(&mut f, &mut w)?;
        drop(f);
        std::fs::remove_file(&part).with_context(|| format!("removing {}", part.display()))?;
    }
    w.flush()
        .with_context(|| format!("writing {}", jsonl.display()))?;
    Ok(summary)
}

/// The files [`generate`] writes, in memory, without JSONL, for in-process
/// benches: `(path, markdown)` with upstream-style relative paths
/// (`programs/lfx-mentorship/2024/01-Mar-May/project_ideas.md`,
/// `programs/summerofcode/2019.md`), in the order `ideas parse` reads them.
/// Byte-identical to the files [`generate`] writes for the same spec; holds
/// them all (about 1.1 GB at 1M ideas).
pub fn generate_in_memory(spec: Spec) -> Vec<(String, String)> {
    let vocab = Vocab::from_embedded();
    plan(spec)
        .par_iter()
        .map(|p| {
            let mut text = String::with_capacity(p.ideas * 1200 + 4096);
            render_file(&vocab, spec, p, &mut |chunk: &str| {
                text.push_str(chunk);
                Ok(())
            })
            .expect("writing to a String does not fail");
            (p.path.clone(), text)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Files: which, how many ideas each, in which style.

const LFX_YEARS: std::ops::RangeInclusive<u16> = 2020..=2026;
const GSOC_YEARS: std::ops::RangeInclusive<u16> = 2017..=2026;
const TERM_FOLDERS: [&str; 3] = ["01-Mar-May", "02-Jun-Aug", "03-Sep-Nov"];
const TERM_MONTHS: [&str; 3] = ["March - May", "June - August", "September - November"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    LfxAccepted,
    LfxProposed,
    LfxLinked,
    Gsoc2018,
    Gsoc2019,
    Gsoc2022,
    Gsoc2025,
}

impl Style {
    /// Heading levels of projects and ideas.
    fn levels(self) -> (usize, usize) {
        match self {
            Style::LfxAccepted | Style::LfxProposed | Style::Gsoc2018 | Style::Gsoc2019 => (3, 4),
            Style::LfxLinked => (4, 6),
            Style::Gsoc2022 => (2, 3),
            Style::Gsoc2025 => (4, 5),
        }
    }
}

#[derive(Debug, Clone)]
struct FilePlan {
    /// Position in the full layout (seeds the file's generator).
    index: u64,
    path: String,
    year: u16,
    term: Option<u8>,
    style: Style,
    ideas: usize,
}

/// Every file of the layout with its style and weight, in `ideas parse` order.
fn layout() -> Vec<(FilePlan, u64)> {
    let mut out = vec![];
    for year in LFX_YEARS {
        for term in 1..=3u8 {
            let style = match (year, term) {
                (..=2021, _) => Style::LfxAccepted,
                (_, 2) => Style::LfxLinked,
                (..=2023, 3) => Style::LfxAccepted,
                _ => Style::LfxProposed,
            };
            let file = match style {
                Style::LfxProposed => "project_ideas.md",
                _ => "README.md",
            };
            let path = format!(
                "programs/lfx-mentorship/{year}/{}/{file}",
                TERM_FOLDERS[term as usize - 1]
            );
            let weight = 100 + 25 * u64::from(year - 2020);
            out.push((
                FilePlan {
                    index: out.len() as u64,
                    path,
                    year,
                    term: Some(term),
                    style,
                    ideas: 0,
                },
                weight,
            ));
        }
    }
    for year in GSOC_YEARS {
        let style = match year {
            ..=2018 => Style::Gsoc2018,
            2019..=2020 => Style::Gsoc2019,
            2021..=2022 => Style::Gsoc2022,
            _ => Style::Gsoc2025,
        };
        let weight = 60 + 15 * u64::from(year - 2017);
        out.push((
            FilePlan {
                index: out.len() as u64,
                path: format!("programs/summerofcode/{year}.md"),
                year,
                term: None,
                style,
                ideas: 0,
            },
            weight,
        ));
    }
    out
}

/// Every path the generator may write.
fn all_paths() -> Vec<String> {
    let mut out: Vec<String> = layout().into_iter().map(|(p, _)| p.path).collect();
    for year in LFX_YEARS {
        for folder in TERM_FOLDERS {
            for file in ["README.md", "project_ideas.md"] {
                let p = format!("programs/lfx-mentorship/{year}/{folder}/{file}");
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
    }
    out
}

/// Splits `spec.ideas` over the layout by weight (largest remainders, ties
/// to the earlier file); files with no idea are left out.
fn plan(spec: Spec) -> Vec<FilePlan> {
    let layout = layout();
    let total: u128 = layout.iter().map(|(_, w)| u128::from(*w)).sum();
    let n = spec.ideas as u128;
    let mut counts: Vec<(u128, u128)> = layout
        .iter()
        .map(|(_, w)| (n * u128::from(*w) / total, n * u128::from(*w) % total))
        .collect();
    let mut left = n - counts.iter().map(|c| c.0).sum::<u128>();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| counts[b].1.cmp(&counts[a].1).then(a.cmp(&b)));
    for &i in &order {
        if left == 0 {
            break;
        }
        counts[i].0 += 1;
        left -= 1;
    }
    layout
        .into_iter()
        .zip(counts)
        .filter(|(_, (c, _))| *c > 0)
        .map(|((mut p, _), (c, _))| {
            p.ideas = c as usize;
            p
        })
        .collect()
}

fn part_path(out: &Path, p: &FilePlan) -> std::path::PathBuf {
    out.join(format!(".ideas.jsonl.{:02}.part", p.index))
}

/// Writes one markdown file and its JSONL part; returns (ideas, markdown bytes, JSONL bytes).
fn write_file(vocab: &Vocab, spec: Spec, p: &FilePlan, out: &Path) -> Result<(usize, u64, u64)> {
    let md_path = out.join(&p.path);
    if let Some(dir) = md_path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut md = BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(&md_path)
            .with_context(|| format!("creating {}", md_path.display()))?,
    );
    let part = part_path(out, p);
    let mut jsonl = BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(&part).with_context(|| format!("creating {}", part.display()))?,
    );
    let (mut ideas, mut md_bytes, mut jsonl_bytes, mut lines_before) = (0usize, 0u64, 0u64, 0u32);
    let mut json = Vec::with_capacity(4096);
    render_file(vocab, spec, p, &mut |chunk: &str| {
        md.write_all(chunk.as_bytes())?;
        md_bytes += chunk.len() as u64;
        // A chunk is the file's head or whole project sections, each starting
        // at a heading after a blank line: parsing chunk by chunk gives the
        // records of the whole file, with lines shifted.
        let parsed = ingest::parse(chunk.as_bytes(), &p.path, Meta::default())
            .map_err(|e| anyhow::anyhow!("{}: {e}", p.path))?;
        for mut record in parsed.ideas {
            for s in &mut record.sources {
                s.line += lines_before;
            }
            json.clear();
            serde_json::to_writer(&mut json, &record)?;
            json.push(b'\n');
            jsonl.write_all(&json)?;
            jsonl_bytes += json.len() as u64;
            ideas += 1;
        }
        lines_before += chunk.bytes().filter(|&b| b == b'\n').count() as u32;
        Ok(())
    })?;
    md.flush()
        .with_context(|| format!("writing {}", md_path.display()))?;
    jsonl
        .flush()
        .with_context(|| format!("writing {}", part.display()))?;
    if ideas != p.ideas {
        bail!(
            "{}: generated {} ideas but {} parse back (a generator bug)",
            p.path,
            p.ideas,
            ideas
        );
    }
    Ok((ideas, md_bytes, jsonl_bytes))
}
