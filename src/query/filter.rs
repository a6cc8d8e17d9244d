//! Filters: what narrows a search without scoring (project, year, program,
//! status, term, skills), as one constant-score query ANDed to the text
//! query. Shared by search, facets and the API; checking values against the
//! index (exit 2 with the nearest) is `search::check_filters`.

use crate::error::{Error, Result};
use crate::idea::{project_key, Program, Status};
use crate::index::IdeaIndex;
use crate::ingest::names;
use std::ops::Bound;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

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
                let q = super::parser(ix, true, true)
                    .parse_query(&phrase)
                    .map_err(|e| Error::input(format!("--skill '{s}': {e}")))?;
                Ok((Occur::Should, q))
            })
            .collect::<Result<Vec<_>>>()?;
        must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    Ok((!must.is_empty()).then(|| {
        Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(must)), 0.0)) as Box<dyn Query>
    }))
}

/// A filter value as the index holds it: an alias of `schema/projects.json`
/// resolves to its project, any other value stays (and, if no idea has it,
/// matches nothing: the API's answer; the CLI asks [`crate::search::known_project`] first).
pub fn canonical_project(given: &str) -> String {
    names::project(given).map_or_else(|| given.to_string(), |r| r.name.to_string())
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

/// Parses a year range as `--years` and the API's `years` take it: `A..B`,
/// `A..` (to the last), `..B` (from the first) or a single year; inclusive.
/// Errors: a word that is not a year, or `A` after `B` (the message says which).
pub fn parse_years(s: &str) -> Result<(u16, u16), String> {
    let year = |t: &str, default: u16| -> Result<u16, String> {
        if t.is_empty() {
            return Ok(default);
        }
        t.trim()
            .parse::<u16>()
            .map_err(|_| format!("'{t}' is not a year"))
    };
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (year(a, 0)?, year(b.trim_start_matches('='), u16::MAX)?),
        None => (year(s, 0)?, year(s, 0)?),
    };
    if a > b {
        return Err(format!("empty range {s}: {a} is after {b}"));
    }
    Ok((a, b))
}
