//! Facet counts over the documents a query matches: per project, year,
//! program or skill, and the project x year table. Counts are exact (every
//! matching document is counted, not only the top hits), as in tantivy's
//! `examples/faceted_search.rs`.

use crate::error::{Error, Result};
use crate::index::IdeaIndex;
use crate::query::filter::{filter_query, restrict, Filters};
use serde::Serialize;
use std::sync::Arc;
use tantivy::collector::{Collector, FacetCollector, FacetCounts, SegmentCollector};
use tantivy::columnar::{Cardinality, ColumnValues, StrColumn};
use tantivy::query::Query;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// A dimension to count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dim {
    Project,
    Year,
    Program,
    Skill,
    /// Accepted or proposed ([`crate::idea::Status`]).
    Status,
}

impl Dim {
    /// Parses `project`, `year`, `program`, `skill` or `status`.
    pub fn parse(s: &str) -> Result<Dim> {
        Ok(match s.trim() {
            "project" => Dim::Project,
            "year" => Dim::Year,
            "program" => Dim::Program,
            "skill" => Dim::Skill,
            "status" => Dim::Status,
            other => {
                return Err(Error::input(format!("unknown facet '{other}': use project, year, program, skill, status or project,year")))
            }
        })
    }
}

/// One facet value and how many matching documents have it. In JSON,
/// `{"value": "Kubernetes", "count": 90}`, a year's value being a number
/// (`{"value": 2024, "count": 153}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub value: String,
    pub count: u64,
    /// The value is a year (written as a number in JSON).
    pub year: bool,
}

impl Serialize for Count {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(untagged)]
        enum Value<'a> {
            Year(u16),
            Text(&'a str),
        }
        #[derive(Serialize)]
        struct Json<'a> {
            value: Value<'a>,
            count: u64,
        }
        let value = match (self.year, self.value.parse()) {
            (true, Ok(y)) => Value::Year(y),
            _ => Value::Text(&self.value),
        };
        Json {
            value,
            count: self.count,
        }
        .serialize(s)
    }
}

/// A facet collector over a facet field (program, skill, project x year);
/// read its fruit with [`read`]. (Project and year are counted by [`FastCount`].)
fn facet_collector(ix: &IdeaIndex, field: tantivy::schema::Field) -> FacetCollector {
    FacetCollector::for_field(ix.index.schema().get_field_name(field))
}

/// Counts per project or per year from the fast-field columns
/// `project_name` (term ordinals) and `year`: a counter increment per
/// matching document, where a facet collector walks a multi-valued column.
/// The fruit is sorted as [`read`] sorts.
#[derive(Debug, Clone, Copy)]
pub struct FastCount(pub FastDim);

/// The dimensions a [`FastCount`] can count: those with a fast-field
/// column (so a program or skill count cannot silently count years).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FastDim {
    Project,
    Year,
}

impl From<FastDim> for Dim {
    fn from(d: FastDim) -> Dim {
        match d {
            FastDim::Project => Dim::Project,
            FastDim::Year => Dim::Year,
        }
    }
}

/// [`FastCount`] over one segment.
pub enum FastSegment {
    Project {
        names: StrColumn,
        /// Term ordinal per document (`u64::MAX` for none), read densely;
        /// `None` when some document has several (a joint idea).
        dense: Option<Arc<dyn ColumnValues<u64>>>,
        counts: Vec<u64>,
    },
    Year {
        years: Arc<dyn ColumnValues<u64>>,
        min: u64,
        counts: Vec<u64>,
    },
}

impl Collector for FastCount {
    type Fruit = Vec<Count>;
    type Child = FastSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FastSegment> {
        let ff = reader.fast_fields();
        if self.0 == FastDim::Project {
            let names = ff.str("project_name")?.ok_or_else(|| {
                tantivy::TantivyError::SchemaError("no project_name column".into())
            })?;
            let counts = vec![0; names.num_terms()];
            let multi = names.ords().get_cardinality() == Cardinality::Multivalued;
            let dense = (!multi).then(|| names.ords().clone().first_or_default_col(u64::MAX));
            return Ok(FastSegment::Project {
                names,
                dense,
                counts,
            });
        }
        let years = ff.u64("year")?;
        let (min, max) = (years.min_value(), years.max_value());
        let span = max.saturating_sub(min).min(1 << 16) as usize + 1;
        Ok(FastSegment::Year {
            years: years.first_or_default_col(0),
            min,
            counts: vec![0; span],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Count>>) -> tantivy::Result<Vec<Count>> {
        let mut total: std::collections::BTreeMap<String, u64> = Default::default();
        for c in fruits.into_iter().flatten() {
            *total.entry(c.value).or_default() += c.count;
        }
        let mut out: Vec<Count> = total
            .into_iter()
            .map(|(value, count)| Count {
                value,
                count,
                year: self.0 == FastDim::Year,
            })
            .collect();
        sort(self.0.into(), &mut out);
        Ok(out)
    }
}

impl SegmentCollector for FastSegment {
    type Fruit = Vec<Count>;

    fn collect(&mut self, doc: DocId, _: Score) {
        match self {
            FastSegment::Project {
                dense: Some(ords),
                counts,
                ..
            } => {
                if let Some(c) = counts.get_mut(ords.get_val(doc) as usize) {
                    *c += 1;
                }
            }
            FastSegment::Project {
                dense: None,
                names,
                counts,
            } => {
                for ord in names.ords().values_for_doc(doc) {
                    if let Some(c) = counts.get_mut(ord as usize) {
                        *c += 1;
                    }
                }
            }
            FastSegment::Year { years, min, counts } => {
                let y = years.get_val(doc);
                if let Some(c) = counts.get_mut(y.wrapping_sub(*min) as usize) {
                    *c += 1;
                }
            }
        }
    }

    fn harvest(self) -> Vec<Count> {
        let nonzero = |counts: Vec<u64>| {
            counts
                .into_iter()
                .enumerate()
                .filter(|&(_, n)| n > 0)
                .collect::<Vec<_>>()
        };
        match self {
            FastSegment::Project { names, counts, .. } => nonzero(counts)
                .into_iter()
                .map(|(ord, count)| {
                    let mut value = String::new();
                    let _ = names.ord_to_str(ord as u64, &mut value);
                    Count {
                        value,
                        count,
                        year: false,
                    }
                })
                .collect(),
            FastSegment::Year { min, counts, .. } => nonzero(counts)
                .into_iter()
                .map(|(i, count)| Count {
                    value: (min + i as u64).to_string(),
                    count,
                    year: true,
                })
                .collect(),
        }
    }
}

/// Counts from a facet collector's fruit: years newest first, everything else
/// by count (descending) then value.
pub fn read(dim: Dim, counts: &FacetCounts) -> Vec<Count> {
    let mut out: Vec<Count> = counts
        .get(Facet::root())
        .map(|(facet, count)| Count {
            value: last_segment(facet),
            count,
            year: dim == Dim::Year,
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
    let searcher = ix.reader.searcher();
    Ok(match dim {
        Dim::Project => searcher.search(query, &FastCount(FastDim::Project))?,
        Dim::Year => searcher.search(query, &FastCount(FastDim::Year))?,
        Dim::Program | Dim::Skill | Dim::Status => {
            let field = match dim {
                Dim::Skill => ix.fields.skill_facet,
                Dim::Status => ix.fields.status_facet,
                _ => ix.fields.program_facet,
            };
            let mut c = facet_collector(ix, field);
            c.add_facet(Facet::root());
            read(dim, &searcher.search(query, &c)?)
        }
    })
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
pub(crate) fn project_by_year(ix: &IdeaIndex, query: &dyn Query) -> Result<Vec<ProjectYears>> {
    let projects = count(ix, query, Dim::Project)?;
    let mut c = facet_collector(ix, ix.fields.project_year_facet);
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
                    year: true,
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

/// What [`answer`] counts: per value of one dimension, or the project x
/// year table.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Counts(Vec<Count>),
    Table(Vec<ProjectYears>),
}

impl Answer {
    /// True when nothing was counted.
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Counts(c) => c.is_empty(),
            Answer::Table(t) => t.is_empty(),
        }
    }
}

/// What [`answer`] counts by: one dimension, or the project x year table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    One(Dim),
    ProjectYear,
}

impl By {
    /// Parses `project`, `year`, `program`, `skill`, `status`, or `project,year` (in
    /// either order) for the table.
    ///
    /// Errors: an unknown dimension, or any other combination.
    pub fn parse(s: &str) -> Result<By> {
        let dims: Vec<&str> = s.split(',').map(str::trim).collect();
        match dims.as_slice() {
            ["project", "year"] | ["year", "project"] => Ok(By::ProjectYear),
            [one] => Ok(By::One(Dim::parse(one)?)),
            _ => Err(Error::input(
                "by takes one of project, year, program, skill, status, or project,year",
            )),
        }
    }
}

/// Counts the ideas matching `q` and `filters` by `by`. What `ideas facets`
/// and `/api/facets` answer. `matching` is [`MatchingStrategy::Tiered`] for the
/// ideas a search ranks, so the counts add up to its `total` (the default
/// of both, as the search's), or [`MatchingStrategy::All`] for the ideas with every
/// word (or its synonym or typo), the search's `every_word`. Text the
/// grammar refuses is counted as plain words, as the search reads it.
///
/// [`MatchingStrategy::Tiered`]: crate::query::MatchingStrategy::Tiered
/// [`MatchingStrategy::All`]: crate::query::MatchingStrategy::All
///
/// Errors: a query over a limit ([`crate::query::limits`]) or of excluded
/// terms alone.
pub fn answer(
    ix: &crate::index::IdeaIndex,
    q: &str,
    filters: &Filters,
    by: By,
    matching: crate::query::MatchingStrategy,
) -> Result<Answer> {
    Ok(answer_with_note(ix, q, filters, by, matching)?.0)
}

/// [`answer`], with the note of a query searched as plain words
/// ([`crate::query::Prepared::note`]).
pub fn answer_with_note(
    ix: &crate::index::IdeaIndex,
    q: &str,
    filters: &Filters,
    by: By,
    matching: crate::query::MatchingStrategy,
) -> Result<(Answer, Option<String>)> {
    let ranking = crate::query::Ranking {
        matching: Some(matching),
        ..crate::query::Ranking::tuned()
    };
    let prepared = crate::query::prepare(ix, q, &ranking)?;
    let query = restrict(prepared.query, filter_query(ix, filters)?);
    let answer = match by {
        By::ProjectYear => Answer::Table(project_by_year(ix, &*query)?),
        By::One(dim) => Answer::Counts(count(ix, &*query, dim)?),
    };
    Ok((answer, prepared.note))
}

/// What `ideas stats` reports.
#[derive(Debug, Serialize)]
pub struct Stats {
    pub index: String,
    /// `embedded` (the seed in the binary), `upstream` (`ideas update`) or `files`.
    pub corpus: String,
    /// For `upstream`: the git URL or folder it was fetched from.
    pub source: Option<String>,
    /// For `upstream`: the commit read (`null` for a plain folder: unknown).
    pub commit: Option<String>,
    /// For `upstream`: the commit's date, or the folder's newest file time (RFC 3339).
    pub date: Option<String>,
    pub documents: u64,
    pub bytes_on_disk: u64,
    pub projects: usize,
    pub by_program: Vec<ProgramYears>,
}

/// Documents of one program, per year.
#[derive(Debug, Serialize)]
pub struct ProgramYears {
    pub program: String,
    pub documents: u64,
    pub years: Vec<Count>,
}

/// What `ideas stats` and `/api/stats` report: documents per program and
/// year, projects, and the index's size on disk.
pub fn stats(ix: &crate::index::IdeaIndex) -> Result<Stats> {
    let all = tantivy::query::AllQuery;
    let mut by_program = vec![];
    for p in count(ix, &all, Dim::Program)? {
        let only = Filters {
            program: crate::idea::Program::parse(&p.value),
            ..Filters::default()
        };
        let q = restrict(Box::new(tantivy::query::AllQuery), filter_query(ix, &only)?);
        let years = count(ix, &*q, Dim::Year)?;
        by_program.push(ProgramYears {
            program: p.value,
            documents: p.count,
            years,
        });
    }
    Ok(Stats {
        index: ix.dir.display().to_string(),
        corpus: ix.manifest.corpus.clone(),
        source: ix.manifest.source.clone(),
        commit: ix.manifest.commit.clone(),
        date: ix.manifest.date.clone(),
        documents: ix.num_docs(),
        bytes_on_disk: ix.size_on_disk(),
        projects: count(ix, &all, Dim::Project)?.len(),
        by_program,
    })
}
