//! Ranking evaluation: judged queries scored by nDCG@10, recall@10 and MRR,
//! and known re-proposed idea pairs scored by recall@5/@10 of `similar`.
//!
//! Judgment files (`tests/relevance/queries/*.json`) hold graded judgments
//! made by reading the ideas: 2 = on topic, 1 = partly, unlisted = 0.
//! - nDCG@10: DCG = sum over ranks i = 1..10 of (2^grade - 1) / log2(i + 1),
//!   divided by the DCG of the ideal order of all judged ideas
//!   (Järvelin & Kekäläinen 2002, with the exponential gain of Burges et al. 2005).
//! - recall@10: judged ideas (grade 1 or 2) in the top 10 / all judged ideas.
//! - MRR: 1 / rank of the first on-topic (grade 2) idea, 0 if none is ranked.

use crate::error::{Context, Error, Result};
use crate::idea::Program;
use crate::index::IdeaIndex;
use crate::query::Ranking;
use crate::search::{self, Filters};
use crate::similar::{self, Like, Tuning};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Ranks scored per query.
pub(crate) const K: usize = 10;

/// One judged query, as in `tests/relevance/queries/*.json`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Judged {
    pub q: String,
    /// skill, abbreviation, phrase, filter, chinese, ...
    pub kind: String,
    #[serde(default)]
    pub filters: JudgedFilters,
    /// Idea id -> grade (1 partly, 2 on topic).
    pub judgments: BTreeMap<String, u8>,
    #[serde(default)]
    pub note: Option<String>,
    /// The file it came from.
    #[serde(skip_deserializing)]
    pub file: PathBuf,
}

/// A judged query's filters (all optional).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct JudgedFilters {
    #[serde(default)]
    pub projects: Vec<String>,
    /// `[from, to]`, inclusive.
    pub years: Option<[u16; 2]>,
    /// `lfx` or `gsoc`.
    pub program: Option<String>,
    pub term: Option<u8>,
    #[serde(default)]
    pub skills: Vec<String>,
}

impl JudgedFilters {
    fn filters(&self) -> Result<Filters> {
        let program = match self.program.as_deref() {
            None => None,
            Some("lfx") => Some(Program::Lfx),
            Some("gsoc") => Some(Program::Gsoc),
            Some(p) => return Err(Error::input(format!("unknown program '{p}' (lfx or gsoc)"))),
        };
        Ok(Filters {
            projects: self.projects.clone(),
            years: self.years.iter().map(|&[a, b]| (a, b)).collect(),
            program,
            status: None,
            term: self.term,
            skills: self.skills.clone(),
        })
    }
}

#[derive(Deserialize)]
struct QueryFile {
    queries: Vec<Judged>,
}

/// The default judged set, compiled in so that `ideas eval` runs from any
/// folder: `tests/relevance/queries/*.json` (path, text), sorted by path as
/// [`load_queries`] reads a folder. `tests/cli.rs` checks it is that
/// folder's every file, unchanged.
pub const EMBEDDED_QUERIES: &[(&str, &str)] = &[
    (
        "tests/relevance/queries/phrases-and-filters.json",
        include_str!("../tests/relevance/queries/phrases-and-filters.json"),
    ),
    (
        "tests/relevance/queries/skills-and-abbreviations.json",
        include_str!("../tests/relevance/queries/skills-and-abbreviations.json"),
    ),
    (
        "tests/relevance/queries/variations.json",
        include_str!("../tests/relevance/queries/variations.json"),
    ),
];

/// The default idea pairs, `tests/relevance/similar_pairs.json`, compiled in.
pub const EMBEDDED_PAIRS: (&str, &str) = (
    "tests/relevance/similar_pairs.json",
    include_str!("../tests/relevance/similar_pairs.json"),
);

/// The judged queries of [`EMBEDDED_QUERIES`], checked as [`load_queries`] checks files.
pub fn embedded_queries() -> Result<Vec<Judged>> {
    let mut out = vec![];
    for (file, text) in EMBEDDED_QUERIES {
        out.extend(parse_queries(Path::new(file), text)?);
    }
    Ok(out)
}

/// The pairs of [`EMBEDDED_PAIRS`].
pub fn embedded_pairs() -> Result<Pairs> {
    let (file, text) = EMBEDDED_PAIRS;
    serde_json::from_str(text).with_context(|| file.to_string())
}

/// Reads judged queries from a file, or every `*.json` in a folder (sorted).
///
/// Errors name the file: bad JSON (with line and column), a grade other than
/// 1 or 2, a query with no on-topic (grade 2) idea.
pub fn load_queries(path: &Path) -> Result<Vec<Judged>> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("reading {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    };
    let mut out = vec![];
    for file in files {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading judged queries {}", file.display()))?;
        out.extend(parse_queries(&file, &text)?);
    }
    if out.is_empty() {
        return Err(Error::input(format!(
            "no judged queries in {}",
            path.display()
        )));
    }
    Ok(out)
}

/// The queries of one judgment file's `text`, checked (see [`load_queries`]).
fn parse_queries(file: &Path, text: &str) -> Result<Vec<Judged>> {
    let parsed: QueryFile =
        serde_json::from_str(text).with_context(|| format!("{}", file.display()))?;
    let mut out = vec![];
    for mut j in parsed.queries {
        if let Some((id, g)) = j.judgments.iter().find(|(_, g)| !(1..=2).contains(*g)) {
            return Err(Error::input(format!(
                "{}: query \"{}\": grade {g} for {id} (1 or 2)",
                file.display(),
                j.q
            )));
        }
        if !j.judgments.values().any(|g| *g == 2) {
            return Err(Error::input(format!(
                "{}: query \"{}\" has no on-topic (2) idea",
                file.display(),
                j.q
            )));
        }
        j.file = file.to_path_buf();
        out.push(j);
    }
    Ok(out)
}

/// One query's figures.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Scores {
    pub ndcg: f64,
    pub recall: f64,
    pub mrr: f64,
}

fn dcg(grades: impl Iterator<Item = u8>) -> f64 {
    grades
        .take(K)
        .enumerate()
        .map(|(i, g)| (2f64.powi(g as i32) - 1.0) / ((i + 2) as f64).log2())
        .sum()
}

/// Scores a ranked list of idea ids against judgments (see the module doc).
pub fn score(ranked: &[String], judgments: &BTreeMap<String, u8>) -> Scores {
    let grade = |id: &String| judgments.get(id).copied().unwrap_or(0);
    let mut ideal: Vec<u8> = judgments.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg = dcg(ideal.into_iter());
    let top = &ranked[..ranked.len().min(K)];
    let found = top.iter().filter(|id| grade(id) > 0).count();
    Scores {
        ndcg: if idcg > 0.0 {
            dcg(top.iter().map(grade)) / idcg
        } else {
            0.0
        },
        recall: found as f64 / judgments.len().max(1) as f64,
        mrr: ranked
            .iter()
            .position(|id| grade(id) == 2)
            .map_or(0.0, |i| 1.0 / (i + 1) as f64),
    }
}

/// The mean of each figure.
pub fn mean(scores: &[Scores]) -> Scores {
    let n = scores.len().max(1) as f64;
    Scores {
        ndcg: scores.iter().map(|s| s.ndcg).sum::<f64>() / n,
        recall: scores.iter().map(|s| s.recall).sum::<f64>() / n,
        mrr: scores.iter().map(|s| s.mrr).sum::<f64>() / n,
    }
}

/// Checks every judged id is in the index: judgments made against another
/// corpus would score as misses and hide real losses.
pub fn check_ids(ix: &IdeaIndex, queries: &[Judged]) -> Result<()> {
    for j in queries {
        for id in j.judgments.keys() {
            if ix.find(id)?.is_none() {
                return Err(Error::input(format!(
                    "{}: query \"{}\" judges {id}, which is not in the index",
                    j.file.display(),
                    j.q
                )));
            }
        }
    }
    Ok(())
}

/// Runs every query ranked as `ranking` and scores its top 10.
pub fn evaluate(ix: &IdeaIndex, queries: &[Judged], ranking: &Ranking) -> Result<Vec<Scores>> {
    queries
        .iter()
        .map(|j| {
            let filters = j
                .filters
                .filters()
                .with_context(|| format!("{}: query \"{}\"", j.file.display(), j.q))?;
            let r = search::Request::new(&j.q)
                .filters(filters.clone())
                .limit(K)
                .ranking(*ranking)
                .run(ix)
                .with_context(|| format!("{}: query \"{}\"", j.file.display(), j.q))?;
            let ids: Vec<String> = r.hits.into_iter().map(|h| h.idea.id).collect();
            Ok(score(&ids, &j.judgments))
        })
        .collect()
}

/// A pair of ideas that are the same work proposed twice.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Pair {
    pub a: String,
    pub b: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// `similar_pairs.json`: pairs of the same work proposed twice, and pairs of
/// related but different work (a harder, secondary check).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Pairs {
    pub pairs: Vec<Pair>,
    #[serde(default)]
    pub related: Vec<Pair>,
}

/// Reads `similar_pairs.json` (`{"pairs": [{"a": id, "b": id}, ...], "related": [...]}`).
pub fn load_pairs(path: &Path) -> Result<Pairs> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading idea pairs {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}", path.display()))
}

/// Recall@5, recall@10 and MRR (over the top 10) of `similar` over the
/// pairs, both ways (a finds b, b finds a). The query idea's title is left
/// out (`similar` never reads it), so a shared title cannot give the answer away.
pub(crate) fn similar_recall(
    ix: &IdeaIndex,
    pairs: &[Pair],
    tuning: &Tuning,
) -> Result<(f64, f64, f64)> {
    let (mut at5, mut at10, mut rr, mut n) = (0, 0, 0.0, 0);
    for p in pairs {
        for (from, to) in [(&p.a, &p.b), (&p.b, &p.a)] {
            let (_, idea) = ix
                .find(from)?
                .ok_or_else(|| Error::input(format!("idea pair: {from} is not in the index")))?;
            let hits = similar::Request::new(Like::Idea(&idea))
                .tuning(*tuning)
                .run(ix)?;
            let rank = hits.iter().position(|h| &h.idea.id == to);
            at5 += rank.is_some_and(|r| r < 5) as usize;
            at10 += rank.is_some() as usize;
            rr += rank.map_or(0.0, |r| 1.0 / (r + 1) as f64);
            n += 1;
        }
    }
    let n = n.max(1) as f64;
    Ok((at5 as f64 / n, at10 as f64 / n, rr / n))
}

/// One query's figures, tuned and another variant.
#[derive(Debug, Clone, Serialize)]
pub struct QueryReport {
    pub q: String,
    pub kind: String,
    pub tuned: Scores,
    /// The variant set beside it (plain BM25 unless asked otherwise).
    pub other: Scores,
}

/// Mean figures of one ranking variant.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    pub name: String,
    pub mean: Scores,
}

/// Recall of one more-like-this variant over the idea pairs.
#[derive(Debug, Clone, Serialize)]
pub struct SimilarVariant {
    pub name: String,
    pub recall_at_5: f64,
    pub recall_at_10: f64,
    pub mrr: f64,
    /// Recall@10 over the related (not identical) pairs.
    pub related_recall_at_10: f64,
}

/// What `ideas eval` prints: per query, then the means of every variant
/// (the first is [`Ranking::tuned`], the second [`Ranking::plain`], then
/// the tuned ranking with one feature off), then similar-pair recall.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The variant set beside the tuned ranking per query.
    pub against: String,
    pub queries: Vec<QueryReport>,
    pub variants: Vec<Variant>,
    /// Mean of the tuned ranking per query kind.
    pub by_kind: Vec<Variant>,
    pub pairs: usize,
    pub related: usize,
    pub similar: Vec<SimilarVariant>,
}

/// The ranking variants compared, by name.
pub fn variants() -> Vec<(&'static str, Ranking)> {
    use crate::query::MatchingStrategy;
    let t = Ranking::tuned();
    vec![
        ("tuned", t),
        ("plain BM25", Ranking::plain()),
        ("tuned, no field boosts", Ranking { boosts: false, ..t }),
        (
            "tuned, no synonyms",
            Ranking {
                synonyms: false,
                ..t
            },
        ),
        (
            "tuned, no stop words",
            Ranking {
                stop_words: false,
                ..t
            },
        ),
        ("tuned, no typos", Ranking { typos: false, ..t }),
        (
            "tuned, any word, no tiers",
            Ranking {
                matching: Some(MatchingStrategy::AnyByScore),
                ..t
            },
        ),
        (
            "tuned, all words (any if none)",
            Ranking {
                matching: Some(MatchingStrategy::All),
                ..t
            },
        ),
    ]
}

/// Scores every variant over `queries`, and `similar` over `pairs`. Per
/// query, the tuned ranking is set beside `against` (a variant's name;
/// default plain BM25).
///
/// Errors: a judged id not in the index, an unknown `against`, or a query
/// that cannot run.
pub fn run(
    ix: &IdeaIndex,
    queries: &[Judged],
    pairs: &Pairs,
    against: Option<&str>,
) -> Result<Report> {
    check_ids(ix, queries)?;
    let names: Vec<&str> = variants().iter().map(|(n, _)| *n).collect();
    let other = match against {
        None => 1,
        Some(a) => names.iter().position(|n| *n == a).ok_or_else(|| {
            Error::input(format!(
                "no ranking variant '{a}' (variants: {})",
                names.join(", ")
            ))
        })?,
    };
    let mut per_variant = vec![];
    for (name, ranking) in variants() {
        per_variant.push((name, evaluate(ix, queries, &ranking)?));
    }
    let reports = queries
        .iter()
        .enumerate()
        .map(|(i, j)| QueryReport {
            q: j.q.clone(),
            kind: j.kind.clone(),
            tuned: per_variant[0].1[i],
            other: per_variant[other].1[i],
        })
        .collect();
    Ok(Report {
        against: names[other].to_string(),
        queries: reports,
        variants: per_variant
            .iter()
            .map(|(name, s)| Variant {
                name: name.to_string(),
                mean: mean(s),
            })
            .collect(),
        by_kind: by_kind(queries, &per_variant[0].1),
        pairs: pairs.pairs.len(),
        related: pairs.related.len(),
        similar: similar_variants(ix, pairs)?,
    })
}

/// The tuned ranking's mean per kind of query (`concept (12)`), kinds sorted.
fn by_kind(queries: &[Judged], tuned: &[Scores]) -> Vec<Variant> {
    let mut kinds: Vec<&str> = queries.iter().map(|j| j.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds
        .iter()
        .map(|k| {
            let s: Vec<Scores> = queries
                .iter()
                .zip(tuned)
                .filter(|(j, _)| j.kind == *k)
                .map(|(_, s)| *s)
                .collect();
            Variant {
                name: format!("{k} ({})", s.len()),
                mean: mean(&s),
            }
        })
        .collect()
}

/// Similar-pair recall for the tuned more-like-this, tantivy's, and labels
/// weighing double; none without pairs.
fn similar_variants(ix: &IdeaIndex, pairs: &Pairs) -> Result<Vec<SimilarVariant>> {
    let mut similar = vec![];
    if pairs.pairs.is_empty() {
        return Ok(similar);
    }
    let t = Tuning::tuned();
    for (name, tuning) in [
        ("tuned", t),
        ("tantivy MoreLikeThis", Tuning::tantivy_mlt()),
        (
            "tuned, labels weigh double",
            Tuning {
                label_weight: 2.0,
                ..t
            },
        ),
    ] {
        let (r5, r10, mrr) = similar_recall(ix, &pairs.pairs, &tuning)?;
        let (_, related, _) = similar_recall(ix, &pairs.related, &tuning)?;
        similar.push(SimilarVariant {
            name: name.into(),
            recall_at_5: r5,
            recall_at_10: r10,
            mrr,
            related_recall_at_10: related,
        });
    }
    Ok(similar)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u8)]) -> BTreeMap<String, u8> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ideal_order_scores_one_and_misses_score_zero() {
        let j = judged(&[("a", 2), ("b", 1)]);
        assert_eq!(
            score(&ids(&["a", "b"]), &j),
            Scores {
                ndcg: 1.0,
                recall: 1.0,
                mrr: 1.0
            }
        );
        assert_eq!(
            score(&ids(&["x", "y"]), &j),
            Scores {
                ndcg: 0.0,
                recall: 0.0,
                mrr: 0.0
            }
        );
    }

    #[test]
    fn worked_example() {
        // Ranked: x (0), b (1), a (2). DCG = 1/log2(3) + 3/log2(4) = 0.6309 + 1.5.
        // Ideal: a, b: 3/1 + 1/log2(3) = 3.6309.
        let s = score(&ids(&["x", "b", "a"]), &judged(&[("a", 2), ("b", 1)]));
        assert!((s.ndcg - 2.1309 / 3.6309).abs() < 1e-4, "{s:?}");
        assert_eq!(s.recall, 1.0);
        assert!((s.mrr - 1.0 / 3.0).abs() < 1e-9);
    }
}
