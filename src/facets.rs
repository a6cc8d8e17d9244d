//! Facet counts over the documents a query matches: per project, year,
//! program or skill, and the project x year table. Counts are exact (every
//! matching document is counted, not only the top hits), as in tantivy's
//! `examples/faceted_search.rs`.

use crate::index::IdeaIndex;
use anyhow::{bail, Result};
use serde::Serialize;
use tantivy::collector::{FacetCollector, FacetCounts};
use tantivy::query::Query;
use tantivy::schema::Facet;

/// A dimension to count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dim {
    Project,
    Year,
    Program,
    Skill,
}

impl Dim {
    /// Parses `project`, `year`, `program` or `skill`.
    pub fn parse(s: &str) -> Result<Dim> {
        Ok(match s.trim() {
            "project" => Dim::Project,
            "year" => Dim::Year,
            "program" => Dim::Program,
            "skill" => Dim::Skill,
            other => {
                bail!("unknown facet '{other}': use project, year, program, skill or project,year")
            }
        })
    }
}

/// One facet value and how many matching documents have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub value: String,
    pub count: u64,
}

/// A collector counting one dimension; read its fruit with [`read`].
pub fn collector(ix: &IdeaIndex, dim: Dim) -> FacetCollector {
    let f = &ix.fields;
    let field = match dim {
        Dim::Project => f.project_facet,
        Dim::Year => f.year_facet,
        Dim::Program => f.program_facet,
        Dim::Skill => f.skill_facet,
    };
    let mut c = FacetCollector::for_field(ix.index.schema().get_field_name(field));
    c.add_facet(Facet::root());
    c
}

/// Counts from a [`collector`]'s fruit: years newest first, everything else
/// by count (descending) then value.
pub fn read(dim: Dim, counts: &FacetCounts) -> Vec<Count> {
    let mut out: Vec<Count> = counts
        .get(Facet::root())
        .map(|(facet, count)| Count {
            value: last_segment(facet),
            count,
        })
        .collect();
    sort(dim, &mut out);
    out
}

fn sort(dim: Dim, out: &mut [Count]) {
    match dim {
        Dim::Year => out.sort_by(|a, b| b.value.cmp(&a.value)),
        _ => out.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.value.to_lowercase().cmp(&b.value.to_lowercase()))
        }),
    }
}

fn last_segment(facet: &Facet) -> String {
    facet
        .to_path()
        .last()
        .map(|s| s.to_string())
        .unwrap_or_default()
}

/// Counts of one dimension over the documents `query` matches.
pub fn count(ix: &IdeaIndex, query: &dyn Query, dim: Dim) -> Result<Vec<Count>> {
    let counts = ix.reader.searcher().search(query, &collector(ix, dim))?;
    Ok(read(dim, &counts))
}

/// One row of the project x year table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectYears {
    pub project: String,
    pub total: u64,
    /// Per year, newest first; years with no match are left out.
    pub years: Vec<Count>,
}

/// The project x year table over the documents `query` matches, projects by
/// total count.
pub fn project_by_year(ix: &IdeaIndex, query: &dyn Query) -> Result<Vec<ProjectYears>> {
    let projects = count(ix, query, Dim::Project)?;
    let name = ix
        .index
        .schema()
        .get_field_name(ix.fields.project_year_facet)
        .to_string();
    let mut c = FacetCollector::for_field(name);
    for p in &projects {
        c.add_facet(Facet::from_path([p.value.as_str()]));
    }
    let counts = ix.reader.searcher().search(query, &c)?;
    Ok(projects
        .into_iter()
        .map(|p| {
            let mut years: Vec<Count> = counts
                .get(Facet::from_path([p.value.as_str()]))
                .map(|(f, n)| Count {
                    value: last_segment(f),
                    count: n,
                })
                .collect();
            sort(Dim::Year, &mut years);
            ProjectYears {
                project: p.value,
                total: p.count,
                years,
            }
        })
        .collect())
}
