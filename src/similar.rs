//! More-like-this: ideas that share the most distinctive terms with a given
//! idea or text ("was this proposed before?").
//!
//! The query is built from the idea's highest-weighted terms, as Lucene's
//! MoreLikeThis does: every stemmed term of its project, skills, description
//! and outcome (never its title, so a reworded re-proposal is found by what
//! it asks for) weighs tf x idf, and the top terms are searched, each boosted
//! by its weight, in the `body` field (all of an idea's text) with BM25.
//! Each hit says which of those terms it matched.

use crate::error::Result;
use crate::idea::{slug, Idea, Status};
use crate::index::analyzer::terms_with_offsets;
use crate::index::body_texts;
use crate::index::{self, IdeaIndex};
use crate::query::stop_words;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use tantivy::query::{
    BooleanQuery, BoostQuery, MoreLikeThisQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, OwnedValue};
use tantivy::Term;

/// Words that say nothing about what an idea asks for, beyond the query stop words.
const MLT_STOP_WORDS: &[&str] = &[
    "also",
    "more",
    "other",
    "such",
    "these",
    "new",
    "using",
    "use",
    "project",
    "support",
    "has",
    "have",
    "its",
    "it",
    "can",
    "will",
    "would",
    "should",
    "which",
    "work",
    "help",
    "make",
    "current",
    "currently",
    "add",
    "improve",
    "implement",
    "well",
    "need",
    "needs",
    "like",
];

/// How the more-like-this query is built; [`Tuning::tuned`] is what the
/// commands use, [`Tuning::tantivy_mlt`] the untuned baseline `ideas eval` reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// Top-weighted terms over `body` (else tantivy's `MoreLikeThisQuery`
    /// over description, outcome and skills with its defaults).
    pub weighted_terms: bool,
    /// Terms kept in the query.
    pub max_terms: usize,
    /// Terms in more than this share of ideas are left out.
    pub max_doc_share: f32,
    /// Weight of a term found in the skills or project, relative to prose.
    pub label_weight: f32,
}

impl Tuning {
    /// What the commands use (chosen by `ideas eval` over `tests/relevance/similar_pairs.json`).
    pub const fn tuned() -> Tuning {
        Tuning {
            weighted_terms: true,
            max_terms: 30,
            max_doc_share: 0.5,
            label_weight: 1.0,
        }
    }

    /// tantivy's `MoreLikeThisQuery` as first shipped: the baseline.
    pub const fn tantivy_mlt() -> Tuning {
        Tuning {
            weighted_terms: false,
            max_terms: 30,
            max_doc_share: 0.5,
            label_weight: 1.0,
        }
    }
}

/// A similar idea, its score and the query terms it matched.
#[derive(Debug, Clone, Serialize)]
pub struct SimilarHit {
    pub rank: usize,
    pub score: f32,
    /// Query terms this idea holds, heaviest first, as written in the query idea.
    pub matched: Vec<String>,
    pub idea: Idea,
}

/// What to find ideas like.
#[derive(Clone, Copy)]
pub enum Like<'a> {
    /// An indexed idea: excluded from its own results, with any copy of it in the same term.
    Idea(&'a Idea),
    /// Free text, e.g. a draft idea's description.
    Text(&'a str),
}

/// One more-like-this request: ideas like `like`, best first, `limit` of
/// them; with `before`, only ideas of earlier years; with `status`, only
/// accepted or only proposed ones; the query built as `tuning` says.
/// `Request::new(like)` is what `ideas similar` asks: 10 hits, [`Tuning::tuned`].
#[derive(Clone, Copy)]
pub struct Request<'a> {
    pub like: Like<'a>,
    pub limit: usize,
    /// Only ideas of years before this one (the "was it proposed before?" question).
    pub before: Option<u16>,
    pub status: Option<Status>,
    pub tuning: Tuning,
}

impl<'a> Request<'a> {
    /// Ideas like `like` with the defaults.
    pub fn new(like: Like<'a>) -> Request<'a> {
        Request {
            like,
            limit: 10,
            before: None,
            status: None,
            tuning: Tuning::tuned(),
        }
    }

    pub fn limit(mut self, limit: usize) -> Request<'a> {
        self.limit = limit;
        self
    }

    pub fn before(mut self, before: Option<u16>) -> Request<'a> {
        self.before = before;
        self
    }

    pub fn status(mut self, status: Option<Status>) -> Request<'a> {
        self.status = status;
        self
    }

    pub fn tuning(mut self, tuning: Tuning) -> Request<'a> {
        self.tuning = tuning;
        self
    }

    /// Runs it: the hits, best first, each with the query terms it holds.
    pub fn run(&self, ix: &IdeaIndex) -> Result<Vec<SimilarHit>> {
        similar_in(ix, self)
    }
}

/// A weighted query term.
struct Weighted {
    term: String,
    surface: String,
    weight: f32,
}

/// The texts a query is built from, each with its weight: prose 1, labels
/// (skills, project) `label_weight`.
fn sources<'a>(like: &'a Like<'_>, tuning: &Tuning) -> Vec<(&'a str, f32)> {
    match like {
        Like::Idea(i) => {
            let mut v = vec![(i.description.as_str(), 1.0), (i.outcome.as_str(), 1.0)];
            v.extend(i.skills.iter().map(|s| (s.as_str(), tuning.label_weight)));
            v.push((i.project.as_str(), tuning.label_weight));
            v
        }
        Like::Text(t) => vec![(*t, 1.0)],
    }
}

/// The `max_terms` heaviest terms of `like` by tf x idf over `body`.
fn weighted_terms(
    ix: &IdeaIndex,
    searcher: &tantivy::Searcher,
    like: &Like<'_>,
    tuning: &Tuning,
) -> Result<Vec<Weighted>> {
    let n = searcher.num_docs().max(1) as f32;
    let mut analyzer = ix.index.tokenizer_for_field(ix.fields.body)?;
    let mut tf: HashMap<String, (f32, String)> = HashMap::new();
    for (text, weight) in sources(like, tuning) {
        for (term, surface) in terms_with_offsets(&mut analyzer, text) {
            let e = tf.entry(term).or_insert((0.0, surface));
            e.0 += weight;
        }
    }
    let stop = stop_words();
    let mut out = vec![];
    for (term, (tf, surface)) in tf {
        let lower = surface.to_lowercase();
        if term.chars().count() < 2
            || stop.contains(&lower)
            || MLT_STOP_WORDS.contains(&lower.as_str())
            || term.chars().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        let df = searcher.doc_freq(&Term::from_field_text(ix.fields.body, &term))? as f32;
        if df == 0.0 || df > n * tuning.max_doc_share {
            continue;
        }
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        out.push(Weighted {
            term,
            surface,
            weight: tf * idf,
        });
    }
    out.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| a.term.cmp(&b.term))
    });
    out.truncate(tuning.max_terms);
    Ok(out)
}

/// tantivy's `MoreLikeThisQuery`, the untuned baseline.
fn tantivy_mlt(ix: &IdeaIndex, like: &Like<'_>) -> Box<dyn Query> {
    let f = &ix.fields;
    let text = |s: &str| vec![OwnedValue::Str(s.to_string())];
    let doc_fields: Vec<(Field, Vec<OwnedValue>)> = match like {
        Like::Idea(i) => vec![
            (f.description, text(&i.description)),
            (f.outcome, text(&i.outcome)),
            (
                f.skills,
                i.skills
                    .iter()
                    .map(|s| OwnedValue::Str(s.clone()))
                    .collect(),
            ),
        ],
        Like::Text(t) => vec![
            (f.description, text(t)),
            (f.outcome, text(t)),
            (f.skills, text(t)),
        ],
    };
    Box::new(
        MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_max_doc_frequency((ix.num_docs() / 2).max(2))
            .with_min_term_frequency(1)
            .with_max_query_terms(30)
            .with_min_word_length(2)
            .with_stop_words(stop_words().clone())
            .with_document_fields(doc_fields),
    )
}

fn similar_in(ix: &IdeaIndex, r: &Request<'_>) -> Result<Vec<SimilarHit>> {
    let (like, limit, tuning) = (r.like, r.limit, &r.tuning);
    let f = &ix.fields;
    // One snapshot for the term weights and the search.
    let searcher = ix.reader.searcher();
    let weighted = if tuning.weighted_terms {
        weighted_terms(ix, &searcher, &like, tuning)?
    } else {
        vec![]
    };
    let query = match tuning.weighted_terms {
        true => weighted_query(f.body, &weighted),
        false => tantivy_mlt(ix, &like),
    };
    let query = narrowed(f, query, r.before, r.status);
    // Room for the excluded self and same-term copies.
    let top = searcher.search(&*query, &index::Ranked::new(limit.saturating_add(4), 0))?;
    let mut analyzer = ix.index.tokenizer_for_field(f.body)?;
    let mut out = vec![];
    for (score, addr) in top {
        let idea = ix.idea(&searcher, addr)?;
        if let Like::Idea(me) = &like {
            let copy = idea.term_key() == me.term_key() && slug(&idea.title) == slug(&me.title);
            if idea.id == me.id || copy {
                continue;
            }
        }
        if out.len() == limit {
            break;
        }
        let held: HashSet<String> = body_texts(&idea)
            .flat_map(|t| terms_with_offsets(&mut analyzer, t))
            .map(|(term, _)| term)
            .collect();
        let matched = weighted
            .iter()
            .filter(|w| held.contains(&w.term))
            .map(|w| w.surface.to_lowercase())
            .collect();
        out.push(SimilarHit {
            rank: out.len() + 1,
            score,
            matched,
            idea,
        });
    }
    Ok(out)
}

/// The weighted terms as one query over `body`, each boosted by its weight
/// relative to the heaviest.
fn weighted_query(body: tantivy::schema::Field, weighted: &[Weighted]) -> Box<dyn Query> {
    let top = weighted.first().map_or(1.0, |w| w.weight);
    Box::new(BooleanQuery::new(
        weighted
            .iter()
            .map(|w| -> (Occur, Box<dyn Query>) {
                let t = TermQuery::new(
                    Term::from_field_text(body, &w.term),
                    IndexRecordOption::WithFreqs,
                );
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(t), w.weight / top)),
                )
            })
            .collect(),
    ))
}

/// `query` limited to years before `before` and to `status`, when given.
fn narrowed(
    f: &index::schema::Fields,
    mut query: Box<dyn Query>,
    before: Option<u16>,
    status: Option<Status>,
) -> Box<dyn Query> {
    if let Some(year) = before {
        let range = RangeQuery::new(
            Bound::Unbounded,
            Bound::Excluded(Term::from_field_u64(f.year, year as u64)),
        );
        query = Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, Box::new(range)),
        ]));
    }
    if let Some(s) = status {
        let only = TermQuery::new(
            Term::from_field_text(f.status, s.key()),
            IndexRecordOption::Basic,
        );
        query = Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, Box::new(only)),
        ]));
    }
    query
}
