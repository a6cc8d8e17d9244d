//! Query and ranking: tantivy's query syntax over the default text fields with
//! per-field BM25 boosts from `schema/fields.json`, filters by project, year,
//! program, term and skill, snippets with the matched words marked, and
//! project/year facet counts over all matches in the same pass.

use crate::error::{did_you_mean, Result, UnknownProject, UnknownValue};
use crate::facets::{self, Count, Dim};
use crate::facets::{FastCount, FastDim};
use crate::idea::{Idea, Program};
use crate::index::schema::project_key;
use crate::index::{self, IdeaIndex};
use crate::ingest::names;
pub use crate::query::filter::{canonical_project, filter_query, restrict, Filters};
use crate::query::{self, MatchingStrategy, Ranking};
use serde::Serialize;
use tantivy::collector::{Collector, Count as CountCollector, SegmentCollector};
use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, Term};

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
        .search(&tantivy::query::AllQuery, &FastCount(FastDim::Project))?;
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
                strsim::osa_distance(&key, &k)
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

/// `values` as people read a list of years or terms: `2017-2026` when
/// they have no gap, else `2019, 2023, 2024`.
fn listed(mut values: Vec<u64>) -> String {
    values.sort_unstable();
    values.dedup();
    match (values.first(), values.last()) {
        (Some(a), Some(b)) if a != b && (b - a) as usize + 1 == values.len() => format!("{a}-{b}"),
        _ => values
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// `(a, b)` as given on the command line: `2024`, `2023..2025`, `2024..`.
pub(crate) fn years_label((a, b): (u16, u16)) -> String {
    match (a, b) {
        (a, b) if a == b => a.to_string(),
        (0, b) => format!("..{b}"),
        (a, u16::MAX) => format!("{a}.."),
        (a, b) => format!("{a}..{b}"),
    }
}

/// Checks every value of `filters` against the index, before a search:
/// each project ([`known_project`]),
/// each year range (some idea in it), the program and status (some idea has
/// it), the term (some idea of the program asked for has it: GSoC has no
/// terms) and each skill (some idea lists it, in any spelling).
///
/// Errors: [`UnknownProject`] or [`UnknownValue`], naming the values that
/// exist (the years, the terms) or the nearest ones (skills).
pub fn check_filters(ix: &IdeaIndex, filters: &Filters) -> Result<()> {
    for p in &filters.projects {
        known_project(ix, p)?;
    }
    let c = Checker {
        ix,
        searcher: ix.reader.searcher(),
    };
    for &years in &filters.years {
        c.years(years)?;
    }
    let program = filters.program.map(|p| p.key());
    c.present(Dim::Program, "program", program, "programs are")?;
    let status = filters.status.map(|s| s.key());
    c.present(Dim::Status, "status", status, "ideas here are")?;
    if let Some(t) = filters.term {
        c.term(filters.program, t)?;
    }
    for s in &filters.skills {
        c.skill(s)?;
    }
    Ok(())
}

/// The checks of [`check_filters`], one per kind of filter, on one searcher.
struct Checker<'a> {
    ix: &'a IdeaIndex,
    searcher: tantivy::Searcher,
}

impl Checker<'_> {
    /// The ideas one filter alone lets through.
    fn matching(&self, only: Filters) -> Result<usize> {
        let q = restrict(
            Box::new(tantivy::query::AllQuery),
            filter_query(self.ix, &only)?,
        );
        Ok(self.searcher.search(&*q, &CountCollector)?)
    }

    /// Every value of `dim` in the index.
    fn values(&self, dim: Dim) -> Result<Vec<String>> {
        Ok(facets::count(self.ix, &tantivy::query::AllQuery, dim)?
            .into_iter()
            .map(|c| c.value)
            .collect())
    }

    /// A year range no idea falls in: the years there are.
    fn years(&self, (a, b): (u16, u16)) -> Result<()> {
        let years: Vec<u64> = self
            .searcher
            .search(&tantivy::query::AllQuery, &FastCount(FastDim::Year))?
            .iter()
            .filter_map(|c| c.value.parse().ok())
            .collect();
        if years.iter().any(|&y| (a as u64..=b as u64).contains(&y)) {
            return Ok(());
        }
        Err(UnknownValue {
            filter: "year",
            given: years_label((a, b)),
            hint: format!("; years are {}", listed(years)),
        }
        .into())
    }

    /// A program or status no idea has: the values there are.
    fn present(
        &self,
        dim: Dim,
        filter: &'static str,
        given: Option<&str>,
        those: &str,
    ) -> Result<()> {
        let Some(given) = given else { return Ok(()) };
        let there = self.values(dim)?;
        if there.iter().any(|v| v == given) {
            return Ok(());
        }
        Err(UnknownValue {
            filter,
            given: given.to_string(),
            hint: format!("; {those} {}", there.join(", ")),
        }
        .into())
    }

    /// A term no idea of `program` (or of any) has: the terms it has.
    fn term(&self, program: Option<Program>, t: u8) -> Result<()> {
        let count = |term: u8| {
            self.matching(Filters {
                program,
                term: Some(term),
                ..Filters::default()
            })
        };
        if count(t)? > 0 {
            return Ok(());
        }
        let terms: Vec<u64> = (1..=3)
            .filter(|&t| count(t).is_ok_and(|n| n > 0))
            .map(u64::from)
            .collect();
        let hint = match (program, terms.is_empty()) {
            (Some(p), true) => format!(
                " in {}: terms are LFX's (1-3), {} has none",
                p.label(),
                p.label()
            ),
            (Some(p), false) => format!(" in {}; its terms are {}", p.label(), listed(terms)),
            (None, _) => format!("; terms are {}", listed(terms)),
        };
        Err(UnknownValue {
            filter: "term",
            given: t.to_string(),
            hint,
        }
        .into())
    }

    /// A skill no idea lists: the nearest skills, if any are near.
    fn skill(&self, s: &str) -> Result<()> {
        let only = Filters {
            skills: vec![s.to_string()],
            ..Filters::default()
        };
        if self.matching(only)? > 0 {
            return Ok(());
        }
        let skills = self.values(Dim::Skill)?;
        let near = nearest(s, skills.iter().map(String::as_str));
        let hint = match near.is_empty() {
            true => "; no idea lists it (`ideas facets --by skill` lists the skills)".into(),
            false => did_you_mean(&near),
        };
        Err(UnknownValue {
            filter: "skill",
            given: s.to_string(),
            hint,
        }
        .into())
    }
}

/// What one filter left out: the matches there would be without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relaxed {
    /// The filter: `project`, `year`, `program`, `status`, `term` or `skill`
    /// (a repeated `project` or `year` is one filter, any of its values; each
    /// `skill` is one, all of them being required).
    pub filter: &'static str,
    /// Its value as given: `volcano`, `2019`, `2019, 2020`, `2023..2025`.
    pub value: String,
    /// Matches of the query with every other filter, but not this one.
    pub total: usize,
}

/// For a search that matched nothing: per filter, how many ideas the same
/// query would match without that filter (and with all the others), in the
/// order project, year, program, status, term, skills. Empty when
/// `filters` has none. What `relaxed_filters` of a search answer holds.
///
/// Errors: a query that does not parse, as [`search`].
pub fn relaxed_totals(ix: &IdeaIndex, q: &str, filters: &Filters) -> Result<Vec<Relaxed>> {
    let mut without: Vec<(&'static str, String, Filters)> = vec![];
    let mut drop = |filter, value: String, change: &dyn Fn(&mut Filters)| {
        let mut f = filters.clone();
        change(&mut f);
        without.push((filter, value, f));
    };
    if !filters.projects.is_empty() {
        drop("project", filters.projects.join(", "), &|f| {
            f.projects.clear()
        });
    }
    if !filters.years.is_empty() {
        let value = filters
            .years
            .iter()
            .map(|&r| years_label(r))
            .collect::<Vec<_>>()
            .join(", ");
        drop("year", value, &|f| f.years.clear());
    }
    if let Some(p) = filters.program {
        drop("program", p.key().to_string(), &|f| f.program = None);
    }
    if let Some(s) = filters.status {
        drop("status", s.key().to_string(), &|f| f.status = None);
    }
    if let Some(t) = filters.term {
        drop("term", t.to_string(), &|f| f.term = None);
    }
    for (i, s) in filters.skills.iter().enumerate() {
        drop("skill", s.clone(), &|f| {
            f.skills.remove(i);
        });
    }
    without
        .into_iter()
        .map(|(filter, value, f)| {
            let total = Request::new(q)
                .filters(f)
                .limit(0)
                .facets(false)
                .run(ix)?
                .total;
            Ok(Relaxed {
                filter,
                value,
                total,
            })
        })
        .collect()
}

/// One page of a search as `ideas search --json` and `GET /api/search`
/// answer it (schema/openapi.json `SearchResponse`): the request's query,
/// limit and offset, then the [`Results`] fields.
#[derive(Debug, Serialize)]
pub struct Page<'a> {
    pub query: &'a str,
    pub limit: usize,
    pub offset: usize,
    #[serde(flatten)]
    pub results: &'a Results,
}

/// A passage of text with byte ranges of the matched words: a slice of the
/// field's text, starting at a sentence or list item (its marker dropped).
/// [`Snippet::flat`] puts it on one line.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// `[start, end)` byte ranges into `text`.
    pub highlights: Vec<[usize; 2]>,
    /// True when the field's text goes on before `text` (show `…` there).
    pub cut_start: bool,
    /// True when the field's text goes on after `text`.
    pub cut_end: bool,
}

/// Characters a snippet holds at most.
const SNIPPET_CHARS: usize = 220;

/// How far before its first matched word a snippet may start, in bytes,
/// to start at a sentence or list item rather than mid-sentence.
const SNIPPET_LEAD: usize = 160;

/// Byte offsets of `text` after which a sentence or list item starts: 0,
/// after a line break or a Chinese full stop, after `.`, `!`, `?` or `;`
/// and a space. The last one
/// in `lo..=hi`, if any.
fn last_start(text: &str, lo: usize, hi: usize) -> Option<usize> {
    let mut found = (lo == 0).then_some(0);
    let mut prev = None;
    for (i, c) in text[..hi].char_indices() {
        let next = i + c.len_utf8();
        // Chinese full stops end a sentence with no space after them.
        let starts = matches!(c, '\n' | '。' | '！' | '？' | '；')
            || (c.is_whitespace() && matches!(prev, Some('.' | '!' | '?' | ';')));
        if starts && next >= lo && next <= hi {
            found = Some(next);
        }
        prev = Some(c);
    }
    found
}

/// Where the text proper starts: past leading spaces and list markers.
fn lead(text: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let ws = rest.len() - rest.trim_start().len();
        let mark = marker_len(&rest[ws..]);
        if ws + mark == 0 {
            return at;
        }
        at += ws + mark;
    }
}

/// The length of a list marker (`- `, `* `, `+ `, `1. `, `2) `) at the start of `s`.
fn marker_len(s: &str) -> usize {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &s[digits..];
    let mark = match (digits, rest.as_bytes().first()) {
        (0, Some(b'-' | b'*' | b'+')) => 1,
        (1..=3, Some(b'.' | b')')) => digits + 1,
        _ => return 0,
    };
    match s[mark..].chars().next() {
        Some(c) if c.is_whitespace() => mark,
        _ => 0,
    }
}

/// The snippet of `text` around `highlights` (byte ranges into `text`,
/// sorted), or its start when there are none: from the last sentence or list
/// item start at most [`SNIPPET_LEAD`] bytes before the first matched word
/// (else a word start), for at most [`SNIPPET_CHARS`] characters, ending
/// at a sentence end or a word end.
pub(crate) fn shape_snippet(text: &str, highlights: &[[usize; 2]]) -> Snippet {
    let first = highlights.first().map_or(0, |h| h[0]).min(text.len());
    let mut lo = first.saturating_sub(SNIPPET_LEAD);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut start = last_start(text, lo, first).unwrap_or_else(|| {
        // No sentence start near: the word start after `lo`.
        text[lo..first]
            .char_indices()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(lo, |(i, _)| lo + i + 1)
    });
    // Past the spaces and list marker the passage starts with (not past a matched word).
    let limit = if highlights.is_empty() {
        text.len()
    } else {
        first
    };
    loop {
        let rest = &text[start..];
        let ws = rest.len() - rest.trim_start().len();
        let mark = marker_len(&rest[ws..]);
        if ws + mark == 0 || start + ws + mark > limit {
            break;
        }
        start += ws + mark;
    }
    // At most SNIPPET_CHARS characters, ending at a sentence, else a word.
    let mut end = text[start..]
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(i, _)| start + i);
    if end < text.len() {
        let window = &text[start..end];
        let min = window
            .char_indices()
            .nth(SNIPPET_CHARS / 2)
            .map_or(0, |(i, _)| i);
        let sentence = window
            .char_indices()
            .filter(|&(i, c)| {
                i >= min
                    && (c == '\n'
                        || (c.is_whitespace() && window[..i].ends_with(['.', '!', '?', ';'])))
            })
            .map(|(i, _)| i)
            .next_back();
        let word = window.rfind(char::is_whitespace);
        end = start + sentence.or(word).unwrap_or(window.len());
    }
    let slice = &text[start..end];
    let end = start + slice.trim_end().len();
    let highlights = highlights
        .iter()
        .filter(|h| h[0] >= start && h[1] <= end && h[0] < h[1])
        .map(|h| [h[0] - start, h[1] - start])
        .collect();
    Snippet {
        text: text[start..end].to_string(),
        highlights,
        cut_start: start > lead(text),
        cut_end: !text[end..].trim().is_empty(),
    }
}

impl Snippet {
    /// The snippet on one line, as the CLI prints it: each run of spaces
    /// and line breaks one space, ` · ` before a list item (its marker
    /// dropped) unless the item before ends a sentence; highlights moved
    /// with the text.
    pub fn flat(&self) -> Snippet {
        let slice = self.text.as_str();
        let mut out = String::with_capacity(slice.len());
        let mut map = vec![0usize; slice.len() + 1];
        let mut i = 0;
        while i < slice.len() {
            let c = slice[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                let run = slice[i..].len() - slice[i..].trim_start().len();
                let breaks = slice[i..i + run].contains('\n');
                let mark = if breaks {
                    marker_len(&slice[i + run..])
                } else {
                    0
                };
                let skip = if mark > 0 {
                    let after = &slice[i + run + mark..];
                    run + mark + (after.len() - after.trim_start().len())
                } else {
                    run
                };
                let sep = match mark > 0 && !out.ends_with(['.', '!', '?', ';', ':']) {
                    true => " · ",
                    false => " ",
                };
                for m in &mut map[i..i + skip] {
                    *m = out.len();
                }
                out.push_str(sep);
                i += skip;
            } else {
                for m in &mut map[i..i + c.len_utf8()] {
                    *m = out.len();
                }
                out.push(c);
                i += c.len_utf8();
            }
        }
        map[slice.len()] = out.len();
        let highlights = self
            .highlights
            .iter()
            .filter(|h| h[0] < h[1] && h[1] <= slice.len())
            .map(|h| [map[h[0]], map[h[1]]])
            .collect();
        Snippet {
            text: out,
            highlights,
            ..*self
        }
    }
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
    /// The idea's skills the query matched (as the skills field analyses
    /// them: `rust` matches `Rust`, `writing Rust programs`), in its order.
    pub skills_matched: Vec<String>,
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
    /// When nothing matched and filters were given: the matches without
    /// each filter ([`relaxed_totals`]), so the answer can say which one
    /// emptied it. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relaxed_filters: Option<Vec<Relaxed>>,
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

/// One search, as milli's `Search` builder: the query text, the filters,
/// which page (`limit` hits from `offset`, 0-based), how it is ranked, and
/// whether facet counts come with it. `Request::new(q)` is what `ideas
/// search q` asks: tuned ranking ([`Ranking::tuned`]), 10 hits, facets.
///
/// `Request::new("rust").limit(5).run(&ix)?` runs it against one snapshot
/// of the index.
#[derive(Debug, Clone)]
pub struct Request {
    pub q: String,
    pub filters: Filters,
    /// Hits on the page (`--limit`, API `limit`).
    pub limit: usize,
    /// Hits skipped before the page (`--offset`, API `offset`).
    pub offset: usize,
    pub ranking: Ranking,
    /// Counts per project and year beside the hits (false for callers that
    /// only page through hits, and the benches' "without facets" row).
    pub facets: bool,
}

impl Default for Request {
    fn default() -> Request {
        Request {
            q: String::new(),
            filters: Filters::default(),
            limit: 10,
            offset: 0,
            ranking: Ranking::tuned(),
            facets: true,
        }
    }
}

impl Request {
    /// A search for `q` with the defaults.
    pub fn new(q: impl Into<String>) -> Request {
        Request {
            q: q.into(),
            ..Request::default()
        }
    }

    pub fn filters(mut self, filters: Filters) -> Request {
        self.filters = filters;
        self
    }

    pub fn limit(mut self, limit: usize) -> Request {
        self.limit = limit;
        self
    }

    pub fn offset(mut self, offset: usize) -> Request {
        self.offset = offset;
        self
    }

    pub fn ranking(mut self, ranking: Ranking) -> Request {
        self.ranking = ranking;
        self
    }

    pub fn facets(mut self, facets: bool) -> Request {
        self.facets = facets;
        self
    }

    /// Runs the search. With [`MatchingStrategy::All`], when no idea has every
    /// word, any word will do; either way `relaxed` says so. When nothing
    /// matches, `suggestion` holds the query with its unknown words
    /// corrected, if any could be, and (with facets and filters)
    /// `relaxed_filters` what each filter alone left out.
    ///
    /// Errors: [`Error::Query`](crate::error::Error::Query) for query text
    /// that cannot run; filter values are not checked here ([`check_filters`]).
    pub fn run(&self, ix: &IdeaIndex) -> Result<Results> {
        search_page(ix, self)
    }
}

fn search_page(ix: &IdeaIndex, r: &Request) -> Result<Results> {
    let (q, filters, limit, offset, ranking, facets) = (
        r.q.as_str(),
        &r.filters,
        r.limit,
        r.offset,
        &r.ranking,
        r.facets,
    );
    // One snapshot for every pass of this request.
    let searcher = ix.reader.searcher();
    let filter_once = filter_query(ix, filters)?;
    let filter = || filter_once.as_ref().map(|f| f.box_clone());
    let mut prepared = query::prepare(ix, q, ranking)?;
    let mut results = run(
        ix,
        &searcher,
        restrict(prepared.query.box_clone(), filter()),
        limit,
        offset,
        facets,
    )?;
    if results.total == 0
        && ranking.matching == Some(MatchingStrategy::All)
        && prepared.words.len() > 1
    {
        let any = Ranking {
            matching: Some(MatchingStrategy::Tiered),
            ..*ranking
        };
        let p = query::prepare(ix, q, &any)?;
        let relaxed = run(
            ix,
            &searcher,
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
        // Only for a whole search: the recount runs without facets, so once.
        if facets && filter_once.is_some() {
            results.relaxed_filters = Some(relaxed_totals(ix, q, filters)?);
        }
    }
    results.note = prepared.note.take();
    results.every_word = match &prepared.every_word {
        // Tiered: counted in the same pass, by the every-word bonus.
        Some(_) if prepared.all_bonus => results.every_word,
        Some(all) => {
            let all = restrict(all.box_clone(), filter());
            searcher.search(&*all, &CountCollector)?
        }
        None => results.total,
    };
    Ok(results)
}

fn run(
    ix: &IdeaIndex,
    searcher: &tantivy::Searcher,
    query: Box<dyn Query>,
    limit: usize,
    offset: usize,
    facets: bool,
) -> Result<Results> {
    let top = index::Ranked::new(limit, offset);
    let collectors = (
        (top, CountCollector),
        AtLeast(query::TIER),
        facets.then_some(FastCount(FastDim::Project)),
        facets.then_some(FastCount(FastDim::Year)),
    );
    let ((top, total), every_word, projects, years) = searcher.search(&*query, &collectors)?;
    let mut generators = vec![];
    for field in [ix.fields.description, ix.fields.outcome] {
        let mut g = SnippetGenerator::create(searcher, &*query, field)?;
        g.set_max_num_chars(220);
        generators.push(g);
    }
    let skills = SnippetGenerator::create(searcher, &*query, ix.fields.skills)?;
    let mut hits = Vec::with_capacity(top.len());
    for (i, (score, addr)) in top.into_iter().enumerate() {
        let idea = ix.idea(searcher, addr)?;
        let snippet = best_snippet(&generators, &idea);
        let skills_matched = idea
            .skills
            .iter()
            .filter(|s| !skills.snippet(s).highlighted().is_empty())
            .cloned()
            .collect();
        hits.push(Hit {
            rank: offset + i + 1,
            score,
            matched: query::Matched::All,
            idea,
            snippet,
            skills_matched,
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
        relaxed_filters: None,
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
/// else the start of the description; shaped by [`shape_snippet`].
fn best_snippet(generators: &[SnippetGenerator], idea: &Idea) -> Snippet {
    let texts = [&idea.description, &idea.outcome];
    let best = generators
        .iter()
        .zip(texts)
        .map(|(g, t)| (g.snippet(t), t))
        .filter(|(s, _)| !s.highlighted().is_empty())
        .max_by_key(|(s, _)| s.highlighted().len());
    // Tantivy's fragment is a slice of the field's text: its matched words
    // as offsets into the whole text, to start where a sentence does.
    let placed = best.and_then(|(s, text)| {
        let at = text.find(s.fragment())?;
        let words: Vec<[usize; 2]> = s
            .highlighted()
            .iter()
            .map(|r| [at + r.start, at + r.end])
            .collect();
        Some((text, words))
    });
    match placed {
        Some((text, words)) => shape_snippet(text, &words),
        None => shape_snippet(&idea.description, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marked words of a snippet.
    fn words(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|h| &s.text[h[0]..h[1]]).collect()
    }

    #[test]
    fn snippets_start_at_a_sentence_or_list_item_and_say_where_they_were_cut() {
        let text = "The mediapipe-rs project uses ffmpeg. We would build a plugin guide.\n  - A Rust SDK for Wasm programs to access the plugin.\n  - Refactor the project";
        let at = text.find("Wasm").unwrap();
        let s = shape_snippet(text, &[[at, at + 4]]);
        assert!(s.text.starts_with("A Rust SDK"), "{s:?}");
        assert!(text.contains(&s.text), "a slice of the text: {s:?}");
        assert_eq!(words(&s), ["Wasm"]);
        let flat = s.flat();
        assert!(
            flat.text.contains("plugin. Refactor the project"),
            "{flat:?}"
        );
        assert_eq!(words(&flat), ["Wasm"]);
        assert!(s.cut_start && !s.cut_end, "{s:?}");
        // Whole text: nothing cut.
        let s = shape_snippet("- Rust plugin", &[[2, 6]]);
        assert_eq!(
            (s.text.as_str(), s.cut_start, s.cut_end),
            ("Rust plugin", false, false)
        );
        assert_eq!(words(&s), ["Rust"]);
        // Long text: cut at the end, within the limit, at a word or sentence end.
        let long = "word ".repeat(100);
        let s = shape_snippet(&long, &[]);
        assert!(s.text.chars().count() <= SNIPPET_CHARS && s.cut_end && !s.cut_start);
        assert!(s.text.ends_with("word"), "{s:?}");
        // An item inside: after ` · ` when the one before has no full stop.
        let s = shape_snippet("Goals:\n- one\n- two", &[]).flat();
        assert_eq!(s.text, "Goals: one · two");
        let s = shape_snippet("Do:\n- one\n- two", &[[12, 15]]).flat();
        assert_eq!((s.text.as_str(), words(&s)), ("two", vec!["two"]));
    }

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
