//! The synthetic corpus generator (`ideas_synth`): deterministic bytes, every
//! idea parsed back exactly once, JSONL equal to what parsing the files gives,
//! vocabulary from the embedded corpus, and the spread of years, programs and
//! formats of the upstream family.

use ideas::corpus;
use ideas::idea::{Idea, Program};
use ideas::ingest::Meta;
use ideas_synth::{self as synth, Spec};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const N: usize = 2_000;

/// Every file under `dir` as (relative path, bytes), sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![];
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap();
            out.push((rel.display().to_string(), std::fs::read(e.path()).unwrap()));
        }
    }
    out
}

fn generate(ideas: usize, seed: u64) -> (tempfile::TempDir, synth::Summary) {
    let dir = tempfile::tempdir().unwrap();
    let summary = synth::generate(Spec { ideas, seed }, dir.path()).unwrap();
    (dir, summary)
}

fn jsonl(dir: &Path) -> Vec<Idea> {
    std::fs::read_to_string(dir.join("ideas.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Idea>(l).unwrap())
        .collect()
}

#[test]
fn same_spec_same_bytes_other_seed_other_bytes() {
    let (a, sa) = generate(N, 7);
    let (b, sb) = generate(N, 7);
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert!(fa.len() > 30, "{} files", fa.len());
    assert_eq!(fa.len(), fb.len());
    for ((pa, ba), (pb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two runs of one spec");
    }
    assert_eq!(sa.markdown_bytes, sb.markdown_bytes);
    assert_eq!(sa.jsonl_bytes, sb.jsonl_bytes);

    let (c, _) = generate(N, 8);
    let fc = files(c.path());
    let same = fa
        .iter()
        .zip(&fc)
        .filter(|((pa, ba), (pc, bc))| pa == pc && ba == bc)
        .count();
    assert_eq!(same, 0, "another seed gives other files");

    // In memory: the same markdown, in `ideas parse` order.
    let mem = synth::generate_in_memory(Spec { ideas: N, seed: 7 });
    let md: Vec<&(String, Vec<u8>)> = fa.iter().filter(|(p, _)| p.ends_with(".md")).collect();
    assert_eq!(mem.len(), md.len());
    for ((path, text), (p, bytes)) in mem.iter().zip(md) {
        assert_eq!(path, p);
        assert!(text.as_bytes() == bytes.as_slice(), "{path}");
    }
}

#[test]
fn every_idea_parses_back_once_and_jsonl_holds_the_parsed_records() {
    let (dir, summary) = generate(N, 42);
    let inputs = corpus::discover(&[dir.path().to_path_buf()]).unwrap();
    let loaded = corpus::load(&inputs, Meta::default(), &|| {});
    assert_eq!(summary.files, inputs.len());
    assert_eq!(summary.ideas, N);
    assert_eq!(loaded.ideas.len(), N, "ideas parsed back from the files");
    assert_eq!(loaded.bytes, summary.markdown_bytes);
    for f in &loaded.files {
        assert!(f.error.is_none(), "{}: {:?}", f.path, f.error);
        assert!(f.warnings.is_empty(), "{}: {:?}", f.path, f.warnings);
    }

    let records = jsonl(dir.path());
    assert_eq!(records.len(), N, "JSONL lines");
    let text = std::fs::read_to_string(dir.path().join("ideas.jsonl")).unwrap();
    assert_eq!(text.len() as u64, summary.jsonl_bytes);
    // Exactly the records of parsing the files, in the same order; sources
    // are relative to the output folder, as a folder walk records them.
    for (parsed, written) in loaded.ideas.iter().zip(&records) {
        assert_eq!(parsed, written);
    }
    let ids: BTreeSet<&str> = records.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids.len(), N, "ids are unique");

    // Every field the generator writes is read back.
    for i in &records {
        assert!(!i.title.is_empty() && !i.description.is_empty(), "{}", i.id);
        assert!(!i.skills.is_empty(), "{} has no skills", i.id);
        assert!(!i.mentors.is_empty(), "{} has no mentors", i.id);
        assert!(!i.upstream_issues.is_empty(), "{} has no issue", i.id);
        assert!(
            i.upstream_issues
                .iter()
                .all(|u| u.starts_with("https://github.com/")),
            "{}: {:?}",
            i.id,
            i.upstream_issues
        );
        assert_eq!(i.sources.len(), 1);
        assert!(
            i.sources[0].path.starts_with("programs/"),
            "{:?}",
            i.sources
        );
    }
    // Source lines point at the idea's heading.
    let mut by_path: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for i in &records {
        let s = &i.sources[0];
        let lines = by_path.entry(&s.path).or_insert_with(|| {
            std::fs::read_to_string(dir.path().join(&s.path))
                .unwrap()
                .lines()
                .map(str::to_string)
                .collect()
        });
        let heading = &lines[s.line as usize - 1];
        assert!(
            heading.starts_with('#') && heading.contains(i.title.as_str()),
            "{}: line {} is {heading:?}",
            i.id,
            s.line
        );
    }
}

#[test]
fn vocabulary_years_programs_and_formats_are_those_of_the_family() {
    let (dir, _) = generate(N, 3);
    let records = jsonl(dir.path());
    let seeds = corpus::load(&corpus::embedded(), Meta::default(), &|| {});
    let projects: BTreeSet<&str> = seeds.ideas.iter().map(|i| i.project.as_str()).collect();
    let skills: BTreeSet<String> = seeds
        .ideas
        .iter()
        .flat_map(|i| &i.skills)
        .map(|s| s.to_lowercase())
        .collect();
    let used: BTreeSet<&str> = records.iter().map(|i| i.project.as_str()).collect();
    assert!(used.len() >= 30, "{} projects", used.len());
    for p in &used {
        assert!(
            projects.contains(p),
            "project {p:?} is not in the embedded corpus"
        );
    }
    for i in &records {
        for s in &i.skills {
            assert!(skills.contains(&s.to_lowercase()), "{}: skill {s:?}", i.id);
        }
    }

    // Years and programs as upstream, more ideas in later years.
    let mut per_year: BTreeMap<(Program, u16), usize> = BTreeMap::new();
    let mut terms: BTreeSet<(u16, u8)> = BTreeSet::new();
    for i in &records {
        *per_year.entry((i.program, i.year)).or_default() += 1;
        match i.program {
            Program::Lfx => {
                terms.insert((i.year, i.term.unwrap()));
            }
            Program::Gsoc => assert_eq!(i.term, None),
        }
    }
    let gsoc: BTreeSet<u16> = per_year
        .keys()
        .filter(|(p, _)| *p == Program::Gsoc)
        .map(|k| k.1)
        .collect();
    let lfx: BTreeSet<u16> = per_year
        .keys()
        .filter(|(p, _)| *p == Program::Lfx)
        .map(|k| k.1)
        .collect();
    assert_eq!(gsoc, (2017..=2026).collect());
    assert_eq!(lfx, (2020..=2026).collect());
    assert_eq!(terms.len(), 21, "LFX terms 1-3 of 2020-2026");
    assert!(per_year[&(Program::Lfx, 2026)] > per_year[&(Program::Lfx, 2020)]);
    assert!(per_year[&(Program::Gsoc, 2026)] > per_year[&(Program::Gsoc, 2017)]);

    // Text: many distinct sentences, not a few repeated; words of the seeds.
    let mut sentences: BTreeMap<&str, usize> = BTreeMap::new();
    for i in &records {
        for s in i.description.split_inclusive(". ") {
            *sentences.entry(s.trim()).or_default() += 1;
        }
    }
    let total: usize = sentences.values().sum();
    assert!(
        sentences.len() * 10 >= total * 8,
        "{} distinct sentences of {total}",
        sentences.len()
    );
    let mean = records
        .iter()
        .map(|i| i.description.len() + i.outcome.len())
        .sum::<usize>()
        / N;
    assert!(
        (400..=1500).contains(&mean),
        "mean description+outcome {mean} bytes"
    );

    // Formats: the styles of the family are all there.
    let all: BTreeMap<String, String> = files(dir.path())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".md"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect();
    let has = |needle: &str| all.values().any(|t| t.contains(needle));
    let lines_starting = |prefix: &str| {
        all.values()
            .flat_map(|t| t.lines())
            .filter(|l| l.starts_with(prefix))
            .count()
    };
    assert!(lines_starting("##### ") > 100, "GSoC 2025 idea headings");
    assert!(lines_starting("#### ") > 100, "LFX idea headings");
    assert!(lines_starting("###### [") > 50, "linked titles");
    for needle in [
        "\n- Description: ",
        "\n-\tDescription: ",
        "\n-\t**Description**: ",
        "\n**Description**\n",
        "\n- Expected Outcome:\n  - ",
        "\n- Expected Outcome: ",
        "\n- Recommended Skills:\n  - ",
        "\n- Expected project size: ",
        "\n- Upstream Issue (URL): ",
        "\n* **Upstream Issue:**\n  - Upstream Issue: https://",
        "\n- LFX URL: https://mentorship.lfx.linuxfoundation.org/project/",
        " - primary\n",
        "\n#### SIG ",
        "\n<!-- TOC -->\n",
        "\n## Table of Contents\n",
        "\n## Template\n\n```\n",
    ] {
        assert!(has(needle), "no file has {needle:?}");
    }
    let paths: Vec<PathBuf> = all.keys().map(PathBuf::from).collect();
    assert!(paths.iter().any(|p| p.ends_with("README.md")));
    assert!(paths.iter().any(|p| p.ends_with("project_ideas.md")));
    assert!(paths
        .iter()
        .any(|p| p.ends_with("programs/summerofcode/2017.md")));
}

#[test]
fn small_specs_write_only_files_with_ideas_and_drop_stale_ones() {
    let dir = tempfile::tempdir().unwrap();
    let big = synth::generate(
        Spec {
            ideas: 200,
            seed: 1,
        },
        dir.path(),
    )
    .unwrap();
    assert_eq!(big.files, 31);
    let small = synth::generate(Spec { ideas: 10, seed: 1 }, dir.path()).unwrap();
    assert_eq!(small.ideas, 10);
    assert!(small.files <= 10, "{} files", small.files);
    let inputs = corpus::discover(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(inputs.len(), small.files, "files of the first run are gone");
    let loaded = corpus::load(&inputs, Meta::default(), &|| {});
    assert_eq!(loaded.ideas.len(), 10);
    assert_eq!(jsonl(dir.path()).len(), 10);
}

/// `cargo test --release --test synth -- --ignored --nocapture`: the full
/// 1M-idea corpus, timed (takes a minute or so and ~1.3 GB of disk).
#[test]
#[ignore]
fn one_million_ideas() {
    for n in [10_000, 100_000, 1_000_000] {
        let dir = tempfile::tempdir().unwrap();
        let t = std::time::Instant::now();
        let s = synth::generate(Spec { ideas: n, seed: 1 }, dir.path()).unwrap();
        let took = t.elapsed();
        assert_eq!(s.ideas, n);
        println!(
            "{n} ideas: {} files, {:.1} MB markdown ({} B/idea), {:.1} MB JSONL, {:.1?}",
            s.files,
            s.markdown_bytes as f64 / 1e6,
            s.markdown_bytes / n as u64,
            s.jsonl_bytes as f64 / 1e6,
            took
        );
    }
}
