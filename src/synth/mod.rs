//! Synthetic idea lists for benchmarks: a deterministic generator of markdown
//! idea lists in the formats of `cncf/mentoring`, at any size (10k, 100k, 1M
//! ideas), plus the same records as JSON lines.
//!
//! Everything is drawn from the embedded corpus (`data/`, see
//! [`crate::corpus::embedded`]): project names (as often as each appears),
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
//! Every generated idea parses back ([`crate::ingest::parse`]) as exactly one
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

use crate::corpus;
use crate::idea::{self, Idea};
use crate::ingest::{self, fields, structure, Meta};
use anyhow::{bail, Context, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::Path;

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
/// see the module docs) and `out/ideas.jsonl`: one [`Idea`] a line
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

// ---------------------------------------------------------------------------
// Vocabulary from the embedded corpus.

/// Items drawn in proportion to integer weights.
struct Weighted<T> {
    items: Vec<T>,
    /// Running totals: `cum[i]` is the weight of items `0..=i`.
    cum: Vec<u64>,
}

impl<T> Weighted<T> {
    fn new(items: Vec<(T, u64)>) -> Self {
        let mut total = 0;
        let mut cum = Vec::with_capacity(items.len());
        let items = items
            .into_iter()
            .map(|(t, w)| {
                total += w.max(1);
                cum.push(total);
                t
            })
            .collect();
        Weighted { items, cum }
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn pick(&self, rng: &mut ChaCha8Rng) -> &T {
        let total = *self.cum.last().expect("a non-empty pool");
        let x = rng.random_range(0..total);
        &self.items[self.cum.partition_point(|&c| c <= x)]
    }
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len() as u32) as usize]
}

/// Two word-level bigram Markov chains over one vocabulary, one trained on
/// idea titles and one on description and outcome sentences: each word's
/// successors with their multiplicity (so drawing one uniformly follows the
/// corpus frequencies).
struct Chains {
    /// Word `0` is the end of a sequence.
    words: Vec<String>,
    /// Lowercase words of 4-9 letters, less common than the 200 most
    /// frequent, sorted: the parts of rare words.
    stems: Vec<String>,
    titles: Chain,
    text: Chain,
}

struct Chain {
    /// `next[w]`: successors of word `w`; `0` ends the sequence.
    next: Vec<Vec<u32>>,
    /// First words of sequences that may start a line (a letter first, no label).
    starts: Vec<u32>,
}

impl Chains {
    fn train<'a>(titles: &[Vec<&'a str>], sentences: &[Vec<&'a str>]) -> Chains {
        let mut words = vec![String::new()];
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut train = |sequences: &[Vec<&'a str>]| {
            let mut chain = Chain {
                next: vec![],
                starts: vec![],
            };
            for seq in sequences {
                let mut prev = 0u32;
                for (i, w) in seq.iter().enumerate() {
                    let id = *ids.entry(w).or_insert_with(|| {
                        words.push(w.to_string());
                        (words.len() - 1) as u32
                    });
                    if i == 0 {
                        if w.starts_with(char::is_alphabetic) && !w.ends_with(':') {
                            chain.starts.push(id);
                        }
                    } else {
                        push(&mut chain.next, prev, id);
                    }
                    prev = id;
                }
                if prev != 0 {
                    push(&mut chain.next, prev, 0);
                }
            }
            chain
        };
        fn push(next: &mut Vec<Vec<u32>>, from: u32, to: u32) {
            if next.len() <= from as usize {
                next.resize(from as usize + 1, vec![]);
            }
            next[from as usize].push(to);
        }
        let mut titles = train(titles);
        let mut text = train(sentences);
        let n = words.len();
        titles.next.resize(n, vec![]);
        text.next.resize(n, vec![]);
        let mut freq: BTreeMap<String, usize> = BTreeMap::new();
        for w in sentences.iter().flatten() {
            let w = w
                .trim_end_matches(['.', ',', ';', ':', '?', '!', ')'])
                .trim_start_matches('(');
            if (4..=9).contains(&w.len()) && w.chars().all(|c| c.is_ascii_alphabetic()) {
                *freq.entry(w.to_ascii_lowercase()).or_default() += 1;
            }
        }
        let mut by_freq: Vec<(&String, &usize)> = freq.iter().collect();
        by_freq.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let mut stems: Vec<String> = by_freq
            .iter()
            .skip(200)
            .map(|(w, _)| (*w).clone())
            .collect();
        stems.sort();
        Chains {
            words,
            stems,
            titles,
            text,
        }
    }

    /// Appends one sentence of the text chain, at most `max` words, to `out`
    /// (space-separated); returns its word count.
    fn sentence(&self, rng: &mut ChaCha8Rng, max: usize, out: &mut String) -> usize {
        self.walk(&self.text, None, TEXT_RARE, rng, max, out)
    }

    /// Appends a title of at most `max` words: the title chain, taking a
    /// step of the text chain now and then so titles do not repeat the seeds'.
    fn title(&self, rng: &mut ChaCha8Rng, max: usize, out: &mut String) -> usize {
        self.walk(&self.titles, Some(&self.text), TITLE_RARE, rng, max, out)
    }

    /// A walk of `chain` (or of `mix` for a third of the steps), with a rare
    /// word after a word `rare` times in 1000.
    fn walk(
        &self,
        chain: &Chain,
        mix: Option<&Chain>,
        rare: u32,
        rng: &mut ChaCha8Rng,
        max: usize,
        out: &mut String,
    ) -> usize {
        let mut w = *pick(rng, &chain.starts);
        let mut n = 0;
        loop {
            if n > 0 {
                out.push(' ');
            }
            let word = &self.words[w as usize];
            out.push_str(word);
            n += 1;
            if !word.ends_with(['.', '?', '!', ':']) && rng.random_range(0..1000u32) < rare {
                out.push(' ');
                self.rare_word(rng, out);
                n += 1;
            }
            let mut next = &chain.next[w as usize];
            if let Some(other) = mix {
                let alt = &other.next[w as usize];
                if next.is_empty() || (!alt.is_empty() && rng.random_bool(0.35)) {
                    next = alt;
                }
            }
            w = *pick(rng, next);
            if w == 0 || n >= max {
                return n;
            }
        }
    }

    /// A rare word: an identifier made of two corpus stems
    /// (`SchedulerPlugin`, `metricsgateway`), of Zipf-distributed rank (the
    /// share of ranks at or above `k` falls as `k^-0.2`, in integers so every
    /// machine draws the same), so the vocabulary keeps growing with the corpus
    /// as real text does (Heaps' law) while each rank is always the same word.
    fn rare_word(&self, rng: &mut ChaCha8Rng, out: &mut String) {
        let mut level = 0u32;
        while level < 40 && rng.random_range(0..1000u32) < 870 {
            level += 1;
        }
        let rank = (1u64 << level) + rng.random_range(0..1u64 << level);
        let h = seed_of(0x005e_ed0f_5a7e, rank);
        let n = self.stems.len() as u64;
        let a = &self.stems[(h % n) as usize];
        let b = &self.stems[((h >> 20) % n) as usize];
        if (h >> 62) == 0 {
            out.push_str(a);
            out.push_str(b);
        } else {
            for s in [a, b] {
                let mut c = s.chars();
                if let Some(first) = c.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(c.as_str());
                }
            }
        }
    }
}

/// Rare words per 1000 words of descriptions and outcomes, and of titles.
const TEXT_RARE: u32 = 25;
const TITLE_RARE: u32 = 60;

/// A CNCF project as the corpus names it.
struct Project {
    name: String,
    /// Ideas of this project in the corpus.
    weight: u64,
    skills: Weighted<String>,
    /// `https://github.com/org/repo` of its upstream issues.
    repos: Vec<String>,
}

/// Pools drawn from the embedded corpus.
struct Vocab {
    projects: Vec<Project>,
    skills: Weighted<String>,
    first_names: Vec<String>,
    last_names: Vec<String>,
    chains: Chains,
    /// The seeds' titles (membership only).
    seed_titles: HashSet<String>,
    /// Word counts of the seeds' descriptions, of their (non-empty) outcomes,
    /// and their numbers of skills and mentors.
    description_words: Vec<u32>,
    outcome_words: Vec<u32>,
    skill_counts: Vec<u32>,
    mentor_counts: Vec<u32>,
}

/// Characters that would make a word markdown markup (emphasis, code, links,
/// HTML, tables, escapes): words holding them are not used.
fn plain_word(w: &str) -> bool {
    let b = w.as_bytes();
    if w.chars().any(|c| {
        matches!(c, '`' | '*' | '<' | '>' | '[' | ']' | '\\' | '|' | '~') || c.is_control()
    }) || w.starts_with(['#', '=', '-', '+', '&'])
        || (w.contains('&') && w.contains(';'))
        || w.chars().all(|c| !c.is_alphanumeric())
    {
        return false;
    }
    // `_` only inside a word (`kube_batch`), where it is no emphasis.
    b.iter().enumerate().all(|(i, &c)| {
        c != b'_'
            || (i > 0
                && i + 1 < b.len()
                && b[i - 1].is_ascii_alphanumeric()
                && b[i + 1].is_ascii_alphanumeric())
    })
}

/// True when `line`, written at the start of a line or list item, is not
/// read as a field label.
fn not_a_label(line: &str) -> bool {
    let t = line
        .trim_start_matches(['-', '*', '\u{2022}', ' '])
        .trim_start();
    // Fast path for long text (labels are at most 48 characters, the text
    // before a first colon, or the whole text): what `split_label` decides.
    if t.len() > 120 {
        let colon = t
            .char_indices()
            .take(49)
            .find(|(_, c)| matches!(c, ':' | '\u{ff1a}'));
        return colon.is_none_or(|(i, _)| fields::label_kind(&t[..i]).is_none());
    }
    fields::split_label(t).is_none()
}

fn ascii_lower(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl Vocab {
    fn from_embedded() -> Vocab {
        let loaded = corpus::load(&corpus::embedded(), Meta::default(), &|| {});
        Vocab::from_ideas(&loaded.ideas)
    }

    fn from_ideas(ideas: &[Idea]) -> Vocab {
        // Projects: one spelling per project key (the most frequent), sorted by name.
        let mut by_project: BTreeMap<String, Vec<&Idea>> = BTreeMap::new();
        for i in ideas {
            by_project.entry(i.project.clone()).or_default().push(i);
        }
        let skill_ok = |s: &str| {
            !s.is_empty()
                && s.len() <= 40
                && s.starts_with(char::is_alphanumeric)
                && !s.contains([',', ';', ':', '\n'])
                && !s.contains(". ")
                && !s.ends_with('.')
                && !s.to_lowercase().starts_with("and ")
                && !s.to_lowercase().starts_with("or ")
                && s.split_whitespace().all(plain_word)
                && not_a_label(s)
        };
        // Skill spellings by lowercase key, the most frequent spelling wins.
        let mut spellings: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for i in ideas {
            for s in i.skills.iter().filter(|s| skill_ok(s)) {
                *spellings
                    .entry(s.to_lowercase())
                    .or_default()
                    .entry(s.clone())
                    .or_default() += 1;
            }
        }
        let canonical = |s: &str| -> Option<String> {
            let forms = spellings.get(&s.to_lowercase())?;
            let best =
                forms
                    .iter()
                    .fold(None, |best: Option<(&String, u64)>, (f, &n)| match best {
                        Some((_, bn)) if bn >= n => best,
                        _ => Some((f, n)),
                    });
            best.map(|(f, _)| f.clone())
        };
        let count_skills = |ideas: &[&Idea]| -> Weighted<String> {
            let mut counts: BTreeMap<String, u64> = BTreeMap::new();
            for i in ideas {
                for s in &i.skills {
                    if let Some(c) = canonical(s) {
                        *counts.entry(c).or_default() += 1;
                    }
                }
            }
            Weighted::new(counts.into_iter().collect())
        };
        let mut projects: Vec<Project> = vec![];
        for (name, list) in &by_project {
            let usable = !name.is_empty()
                && !structure::is_container(name)
                && !structure::is_furniture(name)
                && !idea::slug(name).is_empty()
                && name.split_whitespace().all(plain_word)
                && not_a_label(name)
                && !projects
                    .iter()
                    .any(|p| idea::project_key(&p.name) == idea::project_key(name));
            if !usable {
                continue;
            }
            let mut repos: Vec<String> = list
                .iter()
                .flat_map(|i| &i.upstream_issues)
                .filter_map(|u| {
                    let rest = u.strip_prefix("https://github.com/")?;
                    let mut parts = rest.split('/');
                    let (org, repo) = (parts.next()?, parts.next()?);
                    let ok = |s: &str| {
                        !s.is_empty()
                            && s.chars()
                                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
                    };
                    (ok(org) && ok(repo)).then(|| format!("https://github.com/{org}/{repo}"))
                })
                .collect();
            repos.sort();
            repos.dedup();
            if repos.is_empty() {
                let s = idea::slug(name);
                repos.push(format!("https://github.com/{s}/{s}"));
            }
            projects.push(Project {
                name: name.clone(),
                weight: list.len() as u64,
                skills: count_skills(list),
                repos,
            });
        }
        let all: Vec<&Idea> = ideas.iter().collect();
        let skills = count_skills(&all);

        // Mentor names: first word and the rest of each listed name, recombined.
        let mut first_names = vec![];
        let mut last_names = vec![];
        for m in ideas.iter().flat_map(|i| &i.mentors) {
            let name = m.split(['(', ',', '<', '[']).next().unwrap_or("").trim();
            let name = name.split(" - ").next().unwrap_or("").trim();
            let words: Vec<&str> = name.split_whitespace().collect();
            let ok = (2..=3).contains(&words.len())
                && words.iter().all(|w| {
                    w.starts_with(char::is_uppercase)
                        && w.chars()
                            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
                });
            if ok {
                first_names.push(words[0].to_string());
                last_names.push(words[1..].join(" "));
            }
        }
        for v in [&mut first_names, &mut last_names] {
            v.sort();
            v.dedup();
        }

        // Titles: each title a sequence.
        let titles: Vec<Vec<&str>> = ideas
            .iter()
            .map(|i| {
                i.title
                    .split_whitespace()
                    .filter(|w| plain_word(w))
                    .collect()
            })
            .collect();
        // Text: descriptions and outcomes, one sequence per sentence.
        let mut sentences: Vec<Vec<&str>> = vec![];
        for i in ideas {
            for text in [&i.description, &i.outcome] {
                for line in text.lines() {
                    let line = line.trim_start().trim_start_matches("- ");
                    let mut cur = vec![];
                    for w in line.split_whitespace().filter(|w| plain_word(w)) {
                        cur.push(w);
                        if w.ends_with(['.', '?', '!']) && w.len() > 2 {
                            sentences.push(std::mem::take(&mut cur));
                        }
                    }
                    if !cur.is_empty() {
                        sentences.push(cur);
                    }
                }
            }
        }
        let chains = Chains::train(&titles, &sentences);

        let words = |s: &str| s.split_whitespace().count() as u32;
        let description_words = ideas.iter().map(|i| words(&i.description).max(8)).collect();
        let outcome_words = ideas
            .iter()
            .map(|i| words(&i.outcome))
            .filter(|&n| n > 0)
            .collect();
        let skill_counts = ideas
            .iter()
            .map(|i| (i.skills.len() as u32).clamp(1, 6))
            .collect();
        let mentor_counts = ideas
            .iter()
            .map(|i| (i.mentors.len() as u32).clamp(1, 4))
            .collect();
        Vocab {
            projects,
            skills,
            first_names,
            last_names,
            chains,
            seed_titles: ideas.iter().map(|i| i.title.clone()).collect(),
            description_words,
            outcome_words,
            skill_counts,
            mentor_counts,
        }
    }
}

// ---------------------------------------------------------------------------
// Ideas.

struct Mentor {
    name: String,
    handle: String,
    email: String,
}

/// One idea's content, before it is written in a file's style.
struct Content {
    title: String,
    /// Paragraphs, each a run of sentences.
    description: Vec<String>,
    /// Sentences (written inline or as list items).
    outcome: Vec<String>,
    skills: Vec<String>,
    mentors: Vec<usize>,
    issues: Vec<String>,
    lfx_url: String,
}

const SIZES: [&str; 6] = [
    "small (~90 hour projects)",
    "medium (~175 hour projects)",
    "large (~350 hour projects)",
    "medium",
    "large",
    "small",
];

const SIGS: [&str; 8] = [
    "SIG Storage",
    "SIG Node",
    "SIG Cluster Lifecycle",
    "SIG Network",
    "SIG Scheduling",
    "SIG Docs",
    "SIG Apps",
    "SIG Instrumentation",
];

fn seed_of(spec_seed: u64, index: u64) -> u64 {
    // splitmix64 of the pair.
    let mut z = spec_seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

struct Gen<'a> {
    v: &'a Vocab,
    rng: ChaCha8Rng,
}

impl Gen<'_> {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn below(&mut self, n: u32) -> u32 {
        self.rng.random_range(0..n)
    }

    /// A sentence of the text chain, safe at the start of a line.
    fn sentence(&mut self, out: &mut String) -> usize {
        loop {
            let start = out.len();
            let n = self.v.chains.sentence(&mut self.rng, 45, out);
            if not_a_label(&out[start..]) {
                if out.ends_with(char::is_alphanumeric) || out.ends_with([')', '"', '\'']) {
                    out.push('.');
                }
                return n;
            }
            out.truncate(start);
        }
    }

    /// Sentences up to about `words` words.
    fn sentences(&mut self, words: u32) -> Vec<String> {
        let words = words as usize;
        let mut out = vec![];
        let mut n = 0;
        while n < words {
            let mut s = String::new();
            let k = self.sentence(&mut s);
            // Keep the sentence that crosses the target when it ends nearer to it.
            if !out.is_empty() && n + k > words && n + k - words > words - n {
                break;
            }
            n += k;
            out.push(s);
        }
        out
    }

    fn title(&mut self, project: &str, seen: &mut HashSet<String>) -> String {
        let mut tries = 0;
        loop {
            let mut t = String::new();
            let n = self.v.chains.title(&mut self.rng, 11, &mut t);
            let t = t.trim_end_matches([':', ',', ';', '.']).to_string();
            // Three to ten words, not cut off after a preposition.
            let last = t.rsplit(' ').next().unwrap_or("").to_lowercase();
            let cut = matches!(
                last.as_str(),
                "a" | "an"
                    | "the"
                    | "to"
                    | "for"
                    | "of"
                    | "in"
                    | "on"
                    | "with"
                    | "and"
                    | "or"
                    | "by"
                    | "from"
                    | "into"
                    | "as"
                    | "via"
                    | "is"
                    | "are"
                    | "that"
            );
            // A seed's title as it stands: now and then (a re-proposal).
            let copy = self.v.seed_titles.contains(&t) && !self.chance(0.15);
            if (!(3..=10).contains(&n) || cut || copy) && tries < 20 {
                tries += 1;
                continue;
            }
            if self.chance(0.08) {
                let prep = if self.chance(0.5) { "in" } else { "for" };
                let t = format!("{t} {prep} {project}");
                if self.accept_title(&t, seen) {
                    return t;
                }
            }
            if self.accept_title(&t, seen) {
                return t;
            }
            tries += 1;
            if tries >= 4 && Self::title_ok(&t) {
                // Taken: a follow-up, as upstream writes them (`... II`).
                for k in 2u32.. {
                    let suffix = match k {
                        2 => " II".to_string(),
                        3 => " III".to_string(),
                        4 => " IV".to_string(),
                        _ => format!(" (phase {k})"),
                    };
                    let t = format!("{t}{suffix}");
                    if self.accept_title(&t, seen) {
                        return t;
                    }
                }
            }
        }
    }

    fn title_ok(t: &str) -> bool {
        !idea::slug(t).is_empty() && not_a_label(t) && !structure::is_furniture(t)
    }

    fn accept_title(&mut self, t: &str, seen: &mut HashSet<String>) -> bool {
        Self::title_ok(t) && seen.insert(idea::slug(t))
    }

    fn mentor(&mut self) -> Mentor {
        let first = pick(&mut self.rng, &self.v.first_names).clone();
        let last = pick(&mut self.rng, &self.v.last_names).clone();
        let (f, l) = (ascii_lower(&first), ascii_lower(&last));
        let f = if f.is_empty() { "mentor".into() } else { f };
        let handle = match self.below(3) {
            0 => format!("{}{}", &f[..1], l),
            1 => format!("{f}-{l}"),
            _ => format!("{f}{}", self.below(1000)),
        };
        Mentor {
            name: format!("{first} {last}"),
            handle,
            email: format!("{f}.{l}@example.com"),
        }
    }

    fn uuid(&mut self) -> String {
        let (a, b): (u64, u64) = (self.rng.random(), self.rng.random());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }

    fn content(
        &mut self,
        title: String,
        project: &Project,
        roster: usize,
        style: Style,
    ) -> Content {
        let v = self.v;
        let words = *pick(&mut self.rng, &v.description_words);
        let mut sentences = self.sentences(words);
        let mut description = vec![];
        if sentences.len() >= 4 && self.chance(0.2) {
            let cut = sentences.len() / 2;
            description.push(sentences.split_off(cut).join(" "));
        }
        description.insert(0, sentences.join(" "));
        let with_outcome = match style {
            Style::Gsoc2018 | Style::Gsoc2019 => self.chance(0.3),
            _ => true,
        };
        let outcome = if with_outcome {
            let words = *pick(&mut self.rng, &v.outcome_words);
            self.sentences(words)
        } else {
            vec![]
        };
        let k = *pick(&mut self.rng, &v.skill_counts);
        let mut skills: Vec<String> = vec![];
        for _ in 0..k * 3 {
            if skills.len() as u32 >= k {
                break;
            }
            let pool = if !project.skills.is_empty() && self.chance(0.6) {
                &project.skills
            } else {
                &v.skills
            };
            let s = pool.pick(&mut self.rng);
            if !skills.iter().any(|o| o.eq_ignore_ascii_case(s)) {
                skills.push(s.clone());
            }
        }
        let m = (*pick(&mut self.rng, &v.mentor_counts) as usize).min(roster);
        let mut mentors: Vec<usize> = vec![];
        while mentors.len() < m {
            let i = self.below(roster as u32) as usize;
            if !mentors.contains(&i) {
                mentors.push(i);
            }
        }
        let issues = (0..if self.chance(0.12) { 2 } else { 1 })
            .map(|_| {
                let repo = pick(&mut self.rng, &project.repos);
                format!("{repo}/issues/{}", 1 + self.below(30_000))
            })
            .collect();
        let lfx_url = format!(
            "https://mentorship.lfx.linuxfoundation.org/project/{}",
            self.uuid()
        );
        Content {
            title,
            description,
            outcome,
            skills,
            mentors,
            issues,
            lfx_url,
        }
    }
}

// ---------------------------------------------------------------------------
// Writing a file.

/// GitHub's heading anchor: lowercase, punctuation dropped, spaces as `-`.
fn anchor(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Wraps `text` after about `width` bytes on words that start with a letter
/// (so a line never starts a list, a heading or a label); `indent` starts the
/// continuation lines.
fn wrapped(text: &str, width: usize, indent: &str, out: &mut String) {
    let mut col = 0;
    for (i, w) in text.split(' ').enumerate() {
        if i > 0 {
            if col >= width && w.starts_with(char::is_alphabetic) && not_a_label(w) {
                out.push('\n');
                out.push_str(indent);
                col = 0;
            } else {
                out.push(' ');
            }
        }
        out.push_str(w);
        col += w.len() + 1;
    }
}

/// Renders one file chunk by chunk (its head, then one chunk per project):
/// `emit` receives each chunk, which starts at a heading after a blank line.
fn render_file(
    v: &Vocab,
    spec: Spec,
    p: &FilePlan,
    emit: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    let mut g = Gen {
        v,
        rng: ChaCha8Rng::seed_from_u64(seed_of(spec.seed, p.index)),
    };
    // Projects of this file: most of them, weighted by their corpus share
    // times a per-file factor, so shares drift from term to term.
    let mut active: Vec<(usize, u64)> = vec![];
    for (i, pr) in v.projects.iter().enumerate() {
        if g.chance(0.75) {
            active.push((i, pr.weight * u64::from(50 + g.below(101))));
        }
    }
    if active.is_empty() {
        active.push((g.below(v.projects.len() as u32) as usize, 1));
    }
    let weighted = Weighted::new(active.clone());
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for _ in 0..p.ideas {
        *counts.entry(*weighted.pick(&mut g.rng)).or_default() += 1;
    }
    // Projects in TOC order (case-insensitive by name), with their titles.
    let mut order: Vec<(usize, usize)> = counts.into_iter().collect();
    order.sort_by_key(|&(i, _)| (v.projects[i].name.to_lowercase(), i));
    let kubernetes_groups = p.style == Style::Gsoc2018;
    let mut sections: Vec<(usize, Vec<String>)> = vec![];
    for &(i, n) in &order {
        let mut seen = HashSet::new();
        let titles = (0..n)
            .map(|_| g.title(&v.projects[i].name, &mut seen))
            .collect();
        sections.push((i, titles));
    }

    let mut head = String::new();
    write_head(&mut g, p, &sections, &mut head);
    emit(&head)?;

    let (plevel, ilevel) = p.style.levels();
    let mut chunk = String::new();
    for (i, titles) in sections {
        let project = &v.projects[i];
        chunk.clear();
        let _ = write!(chunk, "{} {}\n\n", "#".repeat(plevel), project.name);
        if matches!(p.style, Style::Gsoc2019 | Style::Gsoc2018 | Style::Gsoc2022) && g.chance(0.3) {
            let intro = match g.below(3) {
                0 => format!("{} ideas:", project.name),
                1 => format!(
                    "For any questions, please reach out to the {} maintainers on the CNCF slack.",
                    project.name
                ),
                _ => format!("{} is a CNCF project: {}", project.name, project.repos[0]),
            };
            let _ = write!(chunk, "{intro}\n\n");
        }
        let roster: Vec<Mentor> = (0..2 + g.below(5)).map(|_| g.mentor()).collect();
        let grouped = kubernetes_groups && project.name == "Kubernetes";
        let mut group = usize::MAX;
        for title in titles {
            let c = g.content(title, project, roster.len(), p.style);
            let mut level = ilevel;
            if grouped {
                // Runs of ideas under one SIG heading.
                if group == usize::MAX || g.chance(0.3) {
                    let next = g.below(SIGS.len() as u32) as usize;
                    if next != group {
                        group = next;
                        let _ = write!(chunk, "{} {}\n\n", "#".repeat(ilevel), SIGS[group]);
                    }
                }
                level = ilevel + 1;
            }
            write_idea(&mut g, p, project, &roster, &c, level, &mut chunk);
        }
        emit(&chunk)?;
    }
    Ok(())
}

fn toc(sections: &[(usize, Vec<String>)], v: &Vocab, bullet: char, out: &mut String) {
    for (i, titles) in sections {
        let name = &v.projects[*i].name;
        let _ = writeln!(out, "{bullet} [{name}](#{})", anchor(name));
        for t in titles {
            let _ = writeln!(out, "  * [{t}](#{})", anchor(t));
        }
    }
}

const LFX_TEMPLATE: &str = "```
### CNCF Project Name

#### Mentorship project Title

- Description:
- Expected Outcome:
- Recommended Skills:
- Mentor(s):
  - Mentor Name (@mentor_github, mentor@email.addy) - please use the same email address as you use on the LFX Mentorship Platform at https://mentorship.lfx.linuxfoundation.org
- Upstream Issue:

```
";

const GSOC_TEMPLATE: &str = "```
#### CNCF Project Name

##### Project Title

- Description:
- Expected Outcome:
- Recommended Skills:
- Expected project size: # one of small (~90 hour projects), medium (~175 hour projects) and large (~350 hour projects)
- Mentor(s): #For GSoC, it is **required** to have at least 2 mentors with 1 being a primary mentor.
  - Jane Doe (@jane-github, jane@email.address) - primary
  - John Doe (@john-github, john@email.address)
- Upstream Issue (URL):
```
";

fn write_head(g: &mut Gen, p: &FilePlan, sections: &[(usize, Vec<String>)], out: &mut String) {
    let y = p.year;
    let t = p.term.unwrap_or(1) as usize;
    let months = TERM_MONTHS[t - 1];
    let folder = TERM_FOLDERS[t - 1];
    let status = if y >= 2026 {
        "In progress"
    } else {
        "Completed"
    };
    let timeline = |out: &mut String| {
        let _ = write!(
            out,
            "### Timeline\n\n| activity | date |\n| --- | --- |\n\
             | project proposals | {y}, week 1 |\n\
             | mentee applications open | {y}, weeks 2-3 |\n\
             | application review/admission decisions | {y}, weeks 4-5 |\n\
             | Mentorship program begins with the initial work assignments | {y}, week 6 |\n\
             | Midterm mentee evaluations and first stipend payments | {y}, week 12 |\n\
             | Last day of term | {y}, week 18 |\n\n"
        );
    };
    match p.style {
        Style::LfxAccepted | Style::LfxLinked => {
            let _ = write!(
                out,
                "# Term 0{t} - {y} {months}\n\nStatus: {status}\n\n\
                 Mentorship duration - three months (12 weeks - full-time schedule)\n\n"
            );
            timeline(out);
            let _ = write!(
                out,
                "### Project Instructions\n\n\
                 Project maintainers and potential mentors are welcome to propose their mentoring project ideas via submitting a PR to GitHub here https://github.com/cncf/mentoring/blob/main/programs/lfx-mentorship/{y}/{folder}/project_ideas.md.\n\n\
                 ### Application instructions\n\n\
                 Mentee application instructions can be found on the [Program Guidelines](https://github.com/cncf/mentoring/blob/main/programs/lfx-mentorship/README.md#program-guidelines) page.\n\n---\n\n"
            );
            if p.style == Style::LfxAccepted {
                out.push_str("## Table of Contents\n\n");
                toc(sections, g.v, '-', out);
                out.push_str("\n---\n\n## Accepted projects\n\n");
            } else {
                out.push_str("## Accepted Projects\n\n");
            }
        }
        Style::LfxProposed => {
            let _ = write!(
                out,
                "# LFX Mentorship {y} Term {t} ({months}): Project Ideas\n\n## Template\n\n{LFX_TEMPLATE}\n---\n\n## Proposed Project ideas\n\n"
            );
        }
        Style::Gsoc2018 | Style::Gsoc2019 => {
            let title = format!("CNCF + Google Summer of Code {y}");
            let _ = write!(
                out,
                "{title}\n{}\n\n\
                 The Cloud Native Computing Foundation participates in [Google Summer of Code](https://summerofcode.withgoogle.com/) (GSoC). CNCF is a great place to spend a summer learning, coding, participating and contributing.\n\n\
                 Organization Admins\n-------------------\n\n\
                 If you need help with anything CNCF + Summer of code related, you can file an issue or contact one of the admins.\n\n\
                 Current Year\n------------\n\n\
                 CNCF is applying as a mentoring organization for Google Summer of Code {y}.\n\n\
                 ### Timeline\n\n\
                 Please, check out the official [GSoC program timeline for {y}](https://developers.google.com/open-source/gsoc/timeline).\n\n\
                 Project Ideas\n-------------\n\n\
                 Please, submit your ideas below using the [template](/PROJECT_IDEA_TEMPLATE.md).\n\n",
                "=".repeat(title.len())
            );
        }
        Style::Gsoc2022 => {
            let _ = write!(
                out,
                "# CNCF Google Summer of Code {y} Ideas\n\n\
                 If you are a project maintainer and consider mentoring during the GSoC {y} cycle, please submit your ideas below using the template in [PROJECT_IDEA_TEMPLATE.md](../../PROJECT_IDEA_TEMPLATE.md).\n\n\
                 ## Table of Contents\n\n"
            );
            toc(sections, g.v, '*', out);
            out.push('\n');
        }
        Style::Gsoc2025 => {
            let _ = write!(
                out,
                "# Google Summer of Code {y}\n\n## Project Ideas\n\n\
                 If you are a project maintainer and consider mentoring during the GSoC {y} cycle, please, submit your ideas below using the template.\n\n\
                 [Google summer of code timeline](https://developers.google.com/open-source/gsoc/timeline).\n\n\
                 You can find the project ideas from previous year [here](./{}.md).\n\n---\n\n### Template\n\n{GSOC_TEMPLATE}\n---\n\n## Ideas\n\n<!-- TOC -->\n",
                y - 1
            );
            toc(sections, g.v, '*', out);
            out.push_str("<!-- TOC -->\n\n");
        }
    }
}

/// Writes one idea (heading, fields, a blank line after) in the file's style,
/// with per-idea variants of the real lists.
fn write_idea(
    g: &mut Gen,
    p: &FilePlan,
    project: &Project,
    roster: &[Mentor],
    c: &Content,
    level: usize,
    out: &mut String,
) {
    let hashes = "#".repeat(level);
    let mentor_full = |m: &Mentor| format!("{} (@{}, {})", m.name, m.handle, m.email);
    let description = |g: &mut Gen, out: &mut String, indent: &str| {
        let soft_wrap = g.chance(0.15);
        for (k, para) in c.description.iter().enumerate() {
            if k > 0 {
                let _ = write!(out, "\n\n{indent}");
            }
            if soft_wrap {
                wrapped(para, 160, indent, out);
            } else {
                out.push_str(para);
            }
        }
        out.push('\n');
    };
    match p.style {
        Style::LfxAccepted | Style::LfxProposed | Style::LfxLinked | Style::Gsoc2025 => {
            let gsoc = p.style == Style::Gsoc2025;
            if p.style == Style::LfxLinked {
                let _ = write!(
                    out,
                    "{hashes} [{}]({})\n\nCNCF - {}: {} ({} Term {})\n\n",
                    c.title,
                    c.lfx_url,
                    project.name,
                    c.title,
                    p.year,
                    p.term.unwrap_or(1)
                );
            } else {
                let _ = write!(out, "{hashes} {}\n\n", c.title);
            }
            if p.style == Style::LfxProposed && g.chance(0.1) {
                return loose_idea(g, c, roster, out);
            }
            out.push_str("- Description: ");
            description(g, out, "  ");
            let label = match g.below(8) {
                0 => "Expected outcome",
                1 if p.style == Style::LfxLinked => "Expected Outcome(s)",
                _ => "Expected Outcome",
            };
            let nested = c.outcome.len() > 1 && g.chance(if gsoc { 0.8 } else { 0.5 });
            if nested {
                let indent = if g.chance(0.3) { "    " } else { "  " };
                let _ = writeln!(out, "- {label}:");
                for s in &c.outcome {
                    let _ = writeln!(out, "{indent}- {s}");
                }
            } else {
                let _ = writeln!(out, "- {label}: {}", c.outcome.join(" "));
            }
            if g.chance(0.25) {
                out.push_str("- Recommended Skills:\n");
                for s in &c.skills {
                    let _ = writeln!(out, "  - {s}");
                }
            } else {
                let _ = writeln!(out, "- Recommended Skills: {}", c.skills.join(", "));
            }
            if gsoc {
                let _ = writeln!(out, "- Expected project size: {}", pick(&mut g.rng, &SIZES));
            }
            let label = match g.below(10) {
                0 => "Mentors:",
                1 => "Mentors",
                _ => "Mentor(s):",
            };
            let _ = writeln!(out, "- {label}");
            let short = !gsoc && g.chance(0.15);
            for (k, &m) in c.mentors.iter().enumerate() {
                let m = &roster[m];
                if short {
                    let _ = writeln!(out, "  - {}, {}, {}", m.name, m.handle, m.email);
                } else if gsoc && k == 0 {
                    let _ = writeln!(out, "  - {} - primary", mentor_full(m));
                } else {
                    let _ = writeln!(out, "  - {}", mentor_full(m));
                }
            }
            let label = match p.style {
                Style::LfxAccepted | Style::Gsoc2025 => "Upstream Issue (URL)",
                _ => "Upstream Issue",
            };
            let _ = writeln!(out, "- {label}: {}", c.issues.join(", "));
            match p.style {
                Style::LfxAccepted => {
                    let _ = writeln!(out, "- LFX URL: {}", c.lfx_url);
                }
                Style::LfxProposed => out.push_str("- LFX URL: \n"),
                _ => {}
            }
            out.push('\n');
        }
        Style::Gsoc2018 | Style::Gsoc2019 => {
            let bold = p.style == Style::Gsoc2018;
            let dash = if !bold && g.chance(0.3) { "- " } else { "-\t" };
            let label = |l: &str| {
                if bold {
                    format!("{dash}**{l}**:")
                } else {
                    format!("{dash}{l}:")
                }
            };
            let _ = write!(out, "{hashes} {}\n\n{} ", c.title, label("Description"));
            if c.description.len() > 1 && bold {
                // A second paragraph as an indented continuation line.
                let _ = write!(out, "{}\n\t{}\n", c.description[0], c.description[1]);
            } else {
                let _ = writeln!(out, "{}", c.description.join(" "));
            }
            if !c.outcome.is_empty() {
                let _ = writeln!(out, "{} {}", label("Expected Outcome"), c.outcome.join(" "));
            }
            if bold && g.chance(0.3) {
                let _ = writeln!(out, "{}", label("Recommended Skills"));
                for s in &c.skills {
                    let _ = writeln!(out, "\t-\t{s}");
                }
            } else {
                let _ = writeln!(
                    out,
                    "{} {}",
                    label("Recommended Skills"),
                    c.skills.join(", ")
                );
            }
            let mentors: Vec<String> = c
                .mentors
                .iter()
                .map(|&m| format!("{} (@{})", roster[m].name, roster[m].handle))
                .collect();
            let _ = writeln!(out, "{} {}", label("Mentor(s)"), mentors.join(", "));
            let _ = writeln!(out, "{} {}\n", label("Issue"), c.issues.join(" , "));
        }
        Style::Gsoc2022 => {
            let _ = write!(out, "{hashes} {}\n\n**Description**\n\n", c.title);
            for para in &c.description {
                let _ = write!(out, "{para}\n\n");
            }
            out.push_str("**Expected Outcome**\n\n");
            for s in &c.outcome {
                let _ = writeln!(out, "- {s}");
            }
            let skills = if g.chance(0.5) {
                "Technologies"
            } else {
                "Recommended Skills"
            };
            let _ = write!(
                out,
                "\n**{skills}**: {}\n\n**Expected project size**: {}\n\n**Potential Mentors**\n\n",
                c.skills.join(", "),
                pick(&mut g.rng, &SIZES[..3])
            );
            for &m in &c.mentors {
                let _ = writeln!(out, "- {}", mentor_full(&roster[m]));
            }
            out.push_str("\n**Relevant Issues**\n\n");
            for u in &c.issues {
                let _ = writeln!(out, "- {u}");
            }
            out.push('\n');
        }
    }
}

/// The loose variant of LFX 2025 term 3 (Harbor): blank lines between
/// fields, `*` items, and a bold `* **Upstream Issue:**` label over a nested item.
fn loose_idea(g: &mut Gen, c: &Content, roster: &[Mentor], out: &mut String) {
    let _ = write!(out, "- Description: {}\n\n", c.description.join(" "));
    out.push_str("- Expected Outcome:\n");
    for s in &c.outcome {
        let _ = writeln!(out, "  * {s}");
    }
    out.push_str("\n- Recommended Skills:\n");
    for s in &c.skills {
        let _ = writeln!(out, "  * {s}");
    }
    out.push_str("\n- Mentor(s):\n");
    for &m in &c.mentors {
        let m = &roster[m];
        let _ = writeln!(out, "  * {} (@{}, {})", m.name, m.handle, m.email);
    }
    out.push_str("\n* **Upstream Issue:**\n");
    for u in &c.issues {
        let _ = writeln!(out, "  - Upstream Issue: {u}");
    }
    out.push_str(if g.chance(0.5) { "\n\n" } else { "\n" });
}
