//! Query and ranking: tantivy's query syntax over the default text fields with
//! per-field BM25 boosts from `schema/fields.json`, filters by project, year,
//! program, term and skill, snippets with the matched words marked, and
//! project/year facet counts over all matches in the same pass.

use crate::facets::FastCount;
use crate::facets::{self, Count, Dim};
use crate::idea::{Idea, Program, Status};
use crate::index::schema::project_key;
use crate::index::{self, IdeaIndex};
use crate::ingest::names;
use crate::query::{self, Matching, Ranking};
use anyhow::Result;
use serde::Serialize;
use std::ops::Bound;
use tantivy::collector::{Collector, Count as CountCollector, SegmentCollector};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, Term};

/// Filters applied on top of a query; they narrow the matches without scoring.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Any of these projects (case, spaces and punctuation ignored).
    pub projects: Vec<String>,
    /// Any of these inclusive year ranges (`(2024, 2024)` is one year);
    /// empty for every year.
    pub years: Vec<(u16, u16)>,
    pub program: Option<Program>,
    /// Accepted or proposed ideas only.
    pub status: Option<Status>,
    /// LFX term 1-3.
    pub term: Option<u8>,
    /// All of these skills, each matched as a phrase in the skills field.
    pub skills: Vec<String>,
}

/// The filter part as one query, or `None` when there are no filters.
pub fn filter_query(ix: &IdeaIndex, filters: &Filters) -> Result<Option<Box<dyn Query>>> {
    let f = &ix.fields;
    let mut must: Vec<(Occur, Box<dyn Query>)> = vec![];
    // A list filter is any of its values; an empty list is no filter.
    let mut any_of = |alternatives: Vec<Box<dyn Query>>| {
        if !alternatives.is_empty() {
            let any = alternatives
                .into_iter()
                .map(|q| (Occur::Should, q))
                .collect();
            must.push((
                Occur::Must,
                Box::new(BooleanQuery::new(any)) as Box<dyn Query>,
            ));
        }
    };
    // An exact value of a field: project, program, status, term.
    let is =
        |term: Term| -> Box<dyn Query> { Box::new(TermQuery::new(term, IndexRecordOption::Basic)) };
    any_of(
        filters
            .projects
            .iter()
            .map(|p| {
                is(Term::from_field_text(
                    f.project_key,
                    &project_key(&canonical_project(p)),
                ))
            })
            .collect(),
    );
    any_of(
        filters
            .years
            .iter()
            .map(|&(a, b)| -> Box<dyn Query> {
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_u64(f.year, a as u64)),
                    Bound::Included(Term::from_field_u64(f.year, b as u64)),
                ))
            })
            .collect(),
    );
    let exact = [
        filters
            .program
            .map(|p| Term::from_field_text(f.program, p.key())),
        filters
            .status
            .map(|s| Term::from_field_text(f.status, s.key())),
        filters.term.map(|t| Term::from_field_u64(f.term, t as u64)),
    ];
    must.extend(exact.into_iter().flatten().map(|t| (Occur::Must, is(t))));
    // A skill is any of its spellings (`k8s` is `Kubernetes`), each a phrase.
    for s in &filters.skills {
        let any = names::skill_spellings(s)
            .iter()
            .map(|spelling| {
                let phrase = format!("skills:\"{}\"", spelling.replace(['"', '\\'], " "));
                let q = query::parser(ix, true, true)
                    .parse_query(&phrase)
                    .map_err(|e| anyhow::anyhow!("--skill '{s}': {e}"))?;
                Ok((Occur::Should, q))
            })
            .collect::<Result<Vec<_>>>()?;
        must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    Ok((!must.is_empty()).then(|| {
        Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(must)), 0.0)) as Box<dyn Query>
    }))
}

/// A filter value that names no project.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown project {}: no idea in the index has it{}", crate::ingest::limits::shown(.given), did_you_mean(.suggestions))]
pub struct UnknownProject {
    pub given: String,
    /// The nearest known names, best first (at most 3).
    pub suggestions: Vec<String>,
}

fn did_you_mean(names: &[String]) -> String {
    match names {
        [] => String::new(),
        _ => format!("; did you mean {}?", names.join(", ")),
    }
}

/// A filter value as the index holds it: an alias of `schema/projects.json`
/// resolves to its project, any other value stays (and, if no idea has it,
/// matches nothing: the API's answer; the CLI asks [`known_project`] first).
pub fn canonical_project(given: &str) -> String {
    names::project(given).map_or_else(|| given.to_string(), |r| r.name.to_string())
}

/// The canonical name of a `--project` value: an alias of
/// `schema/projects.json` resolves to its project; a name is known if some
/// idea of the index has it (by [`project_key`]) or the data file lists it.
/// Else [`UnknownProject`] with the nearest names of both.
pub fn known_project(ix: &IdeaIndex, given: &str) -> Result<String> {
    if let Some(r) = names::project(given) {
        return Ok(r.name.to_string());
    }
    let key = project_key(given);
    let term = Term::from_field_text(ix.fields.project_key, &key);
    if !key.is_empty() && ix.reader.searcher().doc_freq(&term)? > 0 {
        return Ok(given.to_string());
    }
    let in_index = ix
        .reader
        .searcher()
        .search(&tantivy::query::AllQuery, &FastCount(Dim::Project))?;
    let candidates = in_index
        .iter()
        .map(|c| c.value.as_str())
        .chain(names::known_project_names().map(|n| -> &str { n }));
    let suggestions = nearest(given, candidates);
    Err(UnknownProject {
        given: given.to_string(),
        suggestions,
    }
    .into())
}

/// Up to 3 names nearest to `given` (by [`project_key`]): those it is a
/// prefix of first, then by edit distance, within a third of its length.
fn nearest<'a>(given: &str, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let key = project_key(given);
    let mut scored: Vec<(usize, &str)> = names
        .filter_map(|n| {
            let k = project_key(n);
            let d = if !key.is_empty() && (k.starts_with(&key) || key.starts_with(&k)) {
                0
            } else {
                strsim::levenshtein(&key, &k)
            };
            (d <= (key.chars().count() / 3).max(1)).then_some((d, n))
        })
        .collect();
    scored.sort();
    let mut out: Vec<String> = vec![];
    for (_, n) in scored {
        // One suggestion per project: an alias stands for its canonical name.
        let n = names::project(n).map_or(n, |r| r.name).to_string();
        if !out.contains(&n) && out.len() < 3 {
            out.push(n);
        }
    }
    out
}

/// `query` restricted by `filter` (which adds nothing to scores).
pub fn restrict(query: Box<dyn Query>, filter: Option<Box<dyn Query>>) -> Box<dyn Query> {
    match filter {
        None => query,
        Some(f) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, f),
        ])),
    }
}

/// A passage of text with byte ranges of the matched words.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// `[start, end)` byte ranges into `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// One ranked hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank over all matches (offset included).
    pub rank: usize,
    /// BM25 score with field boosts (tier bonuses taken off: see [`query`]).
    pub score: f32,
    /// Every word, every word with typos, or some words: the hit's tier.
    pub matched: query::Matched,
    pub idea: Idea,
    pub snippet: Snippet,
}

/// A search's answer: a page of hits and counts over all matches.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// Documents matching the query and filters (with some of its words, at least).
    pub total: usize,
    /// Of those, the documents with every word (or its synonym or typo).
    pub every_word: usize,
    pub hits: Vec<Hit>,
    pub facets: FacetSummary,
    /// True when no document had every word, so any word was enough.
    pub relaxed: bool,
    /// "Did you mean": the query with unknown words corrected, when nothing matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// Set when the query's grammar was refused and its words were searched
    /// as plain words: one line saying why ([`query::Prepared::note`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Counts per project and per year over all matching documents.
#[derive(Debug, Clone, Serialize)]
pub struct FacetSummary {
    pub project: Vec<Count>,
    pub year: Vec<Count>,
}

/// Runs a search ranked as [`Ranking::tuned`].
pub fn search(
    ix: &IdeaIndex,
    q: &str,
    filters: &Filters,
    limit: usize,
    offset: usize,
) -> Result<Results> {
    search_with(ix, q, filters, limit, offset, &Ranking::tuned())
}

/// Runs a search ranked as `ranking` says. With [`Matching::All`], when no
/// idea has every word, any word will do; either way `relaxed` says so.
/// When nothing matches, `suggestion` holds the query with its unknown
/// words corrected, if any could be.
pub fn search_with(
    ix: &IdeaIndex,
    q: &str,
    filters: &Filters,
    limit: usize,
    offset: usize,
    ranking: &Ranking,
) -> Result<Results> {
    search_page(ix, q, filters, limit, offset, ranking, true)
}

/// As [`search`], without facet counts (`facets` left empty): for callers
/// that only page through hits, and for the benches' "without facets" row.
pub fn search_without_facets(
    ix: &IdeaIndex,
    q: &str,
    filters: &Filters,
    limit: usize,
    offset: usize,
) -> Result<Results> {
    search_page(ix, q, filters, limit, offset, &Ranking::tuned(), false)
}

fn search_page(
    ix: &IdeaIndex,
    q: &str,
    filters: &Filters,
    limit: usize,
    offset: usize,
    ranking: &Ranking,
    facets: bool,
) -> Result<Results> {
    let filter_once = filter_query(ix, filters)?;
    let filter = || filter_once.as_ref().map(|f| f.box_clone());
    let mut prepared = query::prepare(ix, q, ranking)?;
    let mut results = run(
        ix,
        restrict(prepared.query.box_clone(), filter()),
        limit,
        offset,
        facets,
    )?;
    if results.total == 0 && ranking.matching == Some(Matching::All) && prepared.words.len() > 1 {
        let any = Ranking {
            matching: Some(Matching::Tiered),
            ..*ranking
        };
        let p = query::prepare(ix, q, &any)?;
        let relaxed = run(
            ix,
            restrict(p.query.box_clone(), filter()),
            limit,
            offset,
            facets,
        )?;
        if relaxed.total > 0 {
            results = relaxed;
            prepared = p;
        }
    }
    for h in &mut results.hits {
        h.matched = prepared.matched(h.score);
    }
    // No idea with every word: the top hit is in the lowest tier.
    results.relaxed = results
        .hits
        .first()
        .is_some_and(|h| h.matched == query::Matched::Some);
    for h in &mut results.hits {
        h.score = query::bm25(h.score);
    }
    if results.total == 0 {
        results.suggestion = query::suggest(ix, q, &prepared.words);
    }
    results.note = prepared.note.take();
    results.every_word = match &prepared.every_word {
        // Tiered: counted in the same pass, by the every-word bonus.
        Some(_) if prepared.all_bonus => results.every_word,
        Some(all) => {
            let all = restrict(all.box_clone(), filter());
            ix.reader.searcher().search(&*all, &CountCollector)?
        }
        None => results.total,
    };
    Ok(results)
}

fn run(
    ix: &IdeaIndex,
    query: Box<dyn Query>,
    limit: usize,
    offset: usize,
    facets: bool,
) -> Result<Results> {
    let searcher = ix.reader.searcher();
    let top = index::Ranked::new(limit, offset);
    let collectors = (
        (top, CountCollector),
        AtLeast(query::TIER),
        facets.then_some(facets::FastCount(Dim::Project)),
        facets.then_some(facets::FastCount(Dim::Year)),
    );
    let ((top, total), every_word, projects, years) = searcher.search(&*query, &collectors)?;
    let mut generators = vec![];
    for field in [ix.fields.description, ix.fields.outcome] {
        let mut g = SnippetGenerator::create(&searcher, &*query, field)?;
        g.set_max_num_chars(220);
        generators.push(g);
    }
    let mut hits = Vec::with_capacity(top.len());
    for (i, (score, addr)) in top.into_iter().enumerate() {
        let idea = ix.idea(&searcher, addr)?;
        let snippet = best_snippet(&generators, &idea);
        hits.push(Hit {
            rank: offset + i + 1,
            score,
            matched: query::Matched::All,
            idea,
            snippet,
        });
    }
    Ok(Results {
        total,
        hits,
        facets: FacetSummary {
            project: projects.unwrap_or_default(),
            year: years.unwrap_or_default(),
        },
        relaxed: false,
        every_word,
        suggestion: None,
        note: None,
    })
}

/// Counts documents scoring at least `.0`: with tiered matching, those with
/// every word carry a [`query::TIER`] bonus, so the main pass counts them
/// and no second pass is needed.
struct AtLeast(f32);

impl Collector for AtLeast {
    type Fruit = usize;
    type Child = AtLeastSegment;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<AtLeastSegment> {
        Ok(AtLeastSegment { min: self.0, n: 0 })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, counts: Vec<usize>) -> tantivy::Result<usize> {
        Ok(counts.into_iter().sum())
    }
}

struct AtLeastSegment {
    min: f32,
    n: usize,
}

impl SegmentCollector for AtLeastSegment {
    type Fruit = usize;

    fn collect(&mut self, _: DocId, score: Score) {
        self.n += (score >= self.min) as usize;
    }

    fn harvest(self) -> usize {
        self.n
    }
}

/// The description passage with the most matched words, else the outcome's,
/// else the start of the description.
fn best_snippet(generators: &[SnippetGenerator], idea: &Idea) -> Snippet {
    let texts = [&idea.description, &idea.outcome];
    let best = generators
        .iter()
        .zip(texts)
        .map(|(g, t)| g.snippet(t))
        .filter(|s| !s.highlighted().is_empty())
        .max_by_key(|s| s.highlighted().len());
    match best {
        Some(s) => Snippet {
            text: s.fragment().to_string(),
            highlights: s.highlighted().iter().map(|r| [r.start, r.end]).collect(),
        },
        None => {
            let text: String = idea.description.chars().take(220).collect();
            Snippet {
                text,
                highlights: vec![],
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names_by_prefix_then_edit_distance() {
        assert_eq!(strsim::levenshtein("kubeedg", "kubeedge"), 1);
        assert_eq!(strsim::levenshtein("", "abc"), 3);
        let names = ["KubeEdge", "Kubernetes", "Karmada", "OPA", "Volcano"];
        assert_eq!(nearest("kubeedg", names.into_iter()), ["KubeEdge"]);
        assert_eq!(
            nearest("Kube", names.into_iter()),
            ["KubeEdge", "Kubernetes"]
        );
        // An alias is suggested as its project.
        assert_eq!(
            nearest("opaa", names.into_iter()),
            ["Open Policy Agent (OPA)"]
        );
        assert!(nearest("zzzzqqq", names.into_iter()).is_empty());
    }
}
