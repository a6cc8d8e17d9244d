//! More-like-this: ideas whose description, outcome and skills share the most
//! distinctive terms (by tf-idf) with a given idea or text, ranked by BM25 —
//! tantivy's `MoreLikeThisQuery`, after Lucene's MoreLikeThis.

use crate::idea::{slug, Idea};
use crate::index::IdeaIndex;
use anyhow::Result;
use serde::Serialize;
use std::ops::Bound;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, RangeQuery};
use tantivy::schema::{Field, OwnedValue};
use tantivy::Term;

/// English words too common to say anything about an idea.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "has", "have", "in",
    "into", "is", "it", "its", "of", "on", "or", "our", "that", "the", "their", "this", "to",
    "was", "we", "will", "with", "would", "should", "also", "more", "other", "such", "these",
    "which", "new", "using", "use", "project", "support",
];

/// A similar idea and its more-like-this score.
#[derive(Debug, Clone, Serialize)]
pub struct SimilarHit {
    pub rank: usize,
    pub score: f32,
    pub idea: Idea,
}

/// What to find ideas like.
pub enum Like<'a> {
    /// An indexed idea: excluded from its own results, with any copy of it in the same term.
    Idea(&'a Idea),
    /// Free text, e.g. a draft idea's description.
    Text(&'a str),
}

/// Ideas like `like`, best first; with `before`, only ideas of earlier years.
pub fn similar(
    ix: &IdeaIndex,
    like: Like<'_>,
    limit: usize,
    before: Option<u16>,
) -> Result<Vec<SimilarHit>> {
    let f = &ix.fields;
    let text = |s: &str| vec![OwnedValue::Str(s.to_string())];
    let doc_fields: Vec<(Field, Vec<OwnedValue>)> = match &like {
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
    let mlt = MoreLikeThisQuery::builder()
        .with_min_doc_frequency(1)
        .with_max_doc_frequency((ix.num_docs() / 2).max(2))
        .with_min_term_frequency(1)
        .with_max_query_terms(30)
        .with_min_word_length(2)
        .with_stop_words(STOP_WORDS.iter().map(|s| s.to_string()).collect())
        .with_document_fields(doc_fields);
    let mut query: Box<dyn Query> = Box::new(mlt);
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
    let searcher = ix.reader.searcher();
    // Room for the excluded self and same-term copies.
    let top = searcher.search(
        &*query,
        &TopDocs::with_limit(limit.min(ix.num_docs() as usize).saturating_add(4)).order_by_score(),
    )?;
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
        out.push(SimilarHit {
            rank: out.len() + 1,
            score,
            idea,
        });
    }
    Ok(out)
}
