//! Rendering for people (text, colour on a terminal) and for programs (JSON).
//! Matched words in snippets are bold on a terminal and `**marked**` otherwise.
//! Text from the corpus, file names and queries pass through [`escape`]
//! first: no control character in them reaches the terminal.

pub mod escape;

use anstream::{AutoStream, ColorChoice};
use anstyle::{AnsiColor, Style};
use clap::ValueEnum;
use escape::text as t;
use ideas::corpus::{FileReport, Loaded, StreamReport};
use ideas::eval::Report;
use ideas::facets::{Count, ProjectYears, Stats};
use ideas::idea::Idea;
use ideas::index::BuildStats;
use ideas::query::Matched;
use ideas::search::{Hit, Relaxed, Results, Snippet};
use ideas::similar::SimilarHit;
use serde::Serialize;
use std::io::{self, IsTerminal, Write};
use std::time::Duration;

/// How a list command prints: `table` for people, `json` (one document),
/// `jsonl` (one record per line) or `csv` (a header row, then one row per
/// record) for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
}

/// When to colour output (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Buffered stdout that knows whether it is coloured and how wide to wrap;
/// built once from the flags ([`Out::stdout`]) and handed to the command.
/// Styles are always written: anstream's [`AutoStream`] drops them on the
/// way out when colour is off, so every renderer writes one text.
pub struct Out {
    w: io::BufWriter<AutoStream<io::Stdout>>,
    /// Whether styles reach stdout; where they do not, matched words are
    /// `**marked**` instead of bold red.
    color: bool,
    /// Columns to fit text to: `COLUMNS` if set, else the terminal's
    /// width; `None` (no wrapping) for a pipe without `COLUMNS`, as ripgrep
    /// leaves lines whole for other programs.
    width: Option<usize>,
}

impl Out {
    /// Stdout, coloured as `--color` says: `always`, `never`, or `auto` (the
    /// default): colour on a terminal unless `NO_COLOR` is set
    /// (<https://no-color.org>). anstream's own `auto` would also read
    /// `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`; that would change what
    /// `auto` does, so the choice is made here and anstream applies it.
    pub fn stdout(when: ColorArg) -> Out {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let choice = match when {
            ColorArg::Auto if io::stdout().is_terminal() && !no_color => ColorChoice::Always,
            ColorArg::Auto | ColorArg::Never => ColorChoice::Never,
            ColorArg::Always => ColorChoice::Always,
        };
        let stream = AutoStream::new(io::stdout(), choice);
        let color = stream.current_choice() != ColorChoice::Never;
        let terminal = stream.is_terminal();
        let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
        let width = columns
            .or_else(|| terminal.then(textwrap::termwidth))
            .map(|w: usize| w.max(40));
        Out {
            w: io::BufWriter::new(stream),
            color,
            width,
        }
    }

    /// Pretty JSON of `value` and a newline, C1 controls escaped ([`escape::json`]).
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        self.w
            .write_all(&escape::json(serde_json::to_vec_pretty(value)?))?;
        writeln!(self.w)
    }

    /// One-line JSON of `value` (JSON Lines), C1 controls escaped ([`escape::json`]).
    pub fn json_line<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        self.w
            .write_all(&escape::json(serde_json::to_vec(value)?))?;
        writeln!(self.w)
    }

    /// `text` after `first` (on the first line) and `indent` (on the
    /// others), wrapped to the width when there is one; colour codes take no
    /// columns (textwrap skips them).
    fn fill(&self, first: &str, indent: &str, text: &str) -> String {
        match self.width {
            Some(w) => textwrap::fill(
                text,
                textwrap::Options::new(w)
                    .initial_indent(first)
                    .subsequent_indent(indent)
                    .word_splitter(textwrap::WordSplitter::NoHyphenation)
                    .break_words(false),
            ),
            None => format!("{first}{text}"),
        }
    }

    /// `text` in `style`; the stream strips the style when colour is off.
    fn paint(&self, style: Style, text: &str) -> String {
        format!("{}{text}{}", style.render(), style.render_reset())
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.w.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

const TITLE: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const MATCH: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));

/// A progress bar on stderr, drawn only when stderr is a terminal.
pub fn progress(len: u64, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} files") {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar
}

/// The snippet on one line ([`Snippet::flat`]) with matched words marked,
/// and `…` where the field's text was cut.
pub fn marked(out: &Out, s: &Snippet) -> String {
    let s = &s.flat();
    let mut text = String::new();
    let mut at = 0;
    for [a, b] in &s.highlights {
        let (a, b) = (*a, *b);
        if a < at || b > s.text.len() || !s.text.is_char_boundary(a) || !s.text.is_char_boundary(b)
        {
            continue;
        }
        text.push_str(&t(&s.text[at..a]));
        let word = &t(&s.text[a..b]);
        text.push_str(&if out.color {
            out.paint(MATCH, word)
        } else {
            format!("**{word}**")
        });
        at = b;
    }
    text.push_str(&t(&s.text[at..]));
    let text = text.replace('\n', " ");
    // `…` only where the field's text was cut.
    let before = if s.cut_start { "…" } else { "" };
    let after = match (s.cut_end, text.ends_with(['.', '!', '?', ';', ':'])) {
        (false, _) => "",
        (true, true) => " …",
        (true, false) => "…",
    };
    format!("{before}{text}{after}")
}

/// A hit's skills, the matched ones marked as matched words are: `skills:
/// C, **Rust**, WebAssembly`. Empty for an idea that lists none.
fn skills_line(out: &Out, skills: &[String], matched: &[String]) -> String {
    if skills.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = skills
        .iter()
        .map(|s| {
            let name = t(s).replace(' ', if out.width.is_some() { "\u{a0}" } else { " " });
            match (matched.contains(s), out.color) {
                (false, _) => name,
                (true, true) => out.paint(MATCH, &name),
                (true, false) => format!("**{name}**"),
            }
        })
        .collect();
    format!("skills: {}", shown.join(", "))
}

/// `value count, ...` for the first `max` counts, then `… N more`; `space`
/// goes inside each item (a no-break space keeps an item whole when wrapped).
fn counts_line(counts: &[Count], max: usize, space: &str) -> String {
    let mut parts: Vec<String> = counts
        .iter()
        .take(max)
        .map(|c| format!("{} {}", t(&c.value), c.count).replace(' ', space))
        .collect();
    if counts.len() > max {
        parts.push(format!("… {} more", counts.len() - max).replace(' ', space));
    }
    parts.join(", ")
}

/// A hit's two header lines: rank, title, score and `note`; project, term and id.
fn hit_header(out: &mut Out, rank: usize, score: f32, note: &str, idea: &Idea) -> io::Result<()> {
    let title = out.paint(TITLE, &t(&idea.title));
    let score = out.paint(DIM, &format!("({score:.2}{note})"));
    let head = out.fill(
        &format!("{rank:>2}. "),
        "    ",
        &format!("{title}  {score}"),
    );
    let place = format!(
        "{} · {} · {}",
        t(&idea.project),
        idea.term_label(),
        out.paint(DIM, &t(&idea.id))
    );
    let place = out.fill("    ", "    ", &place);
    writeln!(out, "{head}\n{place}")
}

/// `ideas search` as text: a note when no idea has every word, the hits
/// ([`hit`]), then what matched ([`nothing_found`] or [`search_summary`]).
pub fn search(out: &mut Out, query: &str, r: &Results, offset: usize) -> io::Result<()> {
    if r.relaxed {
        writeln!(
            out,
            "{}",
            out.paint(
                DIM,
                "No idea has every word; showing ideas with any of them."
            )
        )?;
    }
    for h in &r.hits {
        hit(out, h)?;
    }
    match r.total {
        0 => nothing_found(out, query, r),
        n => search_summary(out, query, r, n, offset),
    }
}

/// One search hit: its header, its skills, its snippet, a blank line.
fn hit(out: &mut Out, h: &Hit) -> io::Result<()> {
    let note = match h.matched {
        Matched::All => "",
        Matched::Typos => ", with typos",
        Matched::Some => ", some words",
    };
    hit_header(out, h.rank, h.score, note, &h.idea)?;
    let skills = skills_line(out, &h.idea.skills, &h.skills_matched);
    if !skills.is_empty() {
        writeln!(out, "{}", out.fill("    ", "            ", &skills))?;
    }
    let snippet = marked(out, &h.snippet);
    if !snippet.is_empty() {
        let text = out.fill("    ", "    ", &snippet);
        writeln!(out, "{text}")?;
    }
    writeln!(out)
}

/// A search that matched nothing: which filter emptied it, and a spelling.
fn nothing_found(out: &mut Out, query: &str, r: &Results) -> io::Result<()> {
    writeln!(out, "No idea matches {}.", quoted(&t(query)))?;
    if let Some(relaxed) = r.relaxed_filters.as_deref().filter(|r| !r.is_empty()) {
        writeln!(out, "{}", out.fill("", "", &relaxed_line(relaxed)))?;
    }
    if let Some(s) = &r.suggestion {
        let s = quoted(&t(s));
        writeln!(out, "Did you mean {}?", out.paint(TITLE, &s))?;
    }
    Ok(())
}

/// After the hits of a search that matched `n` ideas: how many, which are
/// shown, and the counts by project and by year.
fn search_summary(
    out: &mut Out,
    query: &str,
    r: &Results,
    n: usize,
    offset: usize,
) -> io::Result<()> {
    let shown = if r.hits.is_empty() {
        "none shown".to_string()
    } else {
        format!("showing {}-{}", offset + 1, offset + r.hits.len())
    };
    let all = match r.every_word {
        e if e == n => String::new(),
        e => format!("{e} with every word, "),
    };
    let (noun, verb) = if n == 1 {
        ("idea", "matches")
    } else {
        ("ideas", "match")
    };
    let query = quoted(&t(query));
    let summary = format!("{n} {noun} {verb} {query} ({all}{shown})");
    writeln!(out, "{}", out.fill("", "", &summary))?;
    // Wrapped between counts, never inside one (`Open Policy Agent 1`):
    // no-break spaces inside a count when wrapping.
    let space = if out.width.is_some() { "\u{a0}" } else { " " };
    let pad = " ".repeat(12);
    let projects = counts_line(&r.facets.project, 12, space);
    let years = counts_line(&r.facets.year, 12, space);
    let projects = out.fill("by project: ", &pad, &projects);
    let years = out.fill("by year:    ", &pad, &years);
    writeln!(out, "{projects}\n{years}")
}

/// Which filter emptied a search: `without --year 2019: 5 ideas, without
/// --project volcano: 12`, the flags as typed (`--years` for a range).
fn relaxed_line(relaxed: &[Relaxed]) -> String {
    let parts: Vec<String> = relaxed
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let flag = match r.filter {
                "year" if r.value.contains("..") => "years",
                f => f,
            };
            let noun = match (i, r.total) {
                (0, 1) => " idea",
                (0, _) => " ideas",
                _ => "",
            };
            format!("without --{flag} {}: {}{noun}", t(&r.value), r.total)
        })
        .collect();
    parts.join(", ")
}

/// What `ideas facets` prints when it counted nothing: that no idea
/// matches, and with filters, how many would without each ([`relaxed_line`]).
pub fn nothing_counted(out: &mut Out, relaxed: &[Relaxed]) -> io::Result<()> {
    match relaxed {
        [] => writeln!(out, "No idea matches."),
        r => {
            let line = format!("No idea matches; {}.", relaxed_line(r));
            writeln!(out, "{}", out.fill("", "", &line))
        }
    }
}

/// `q` between quotes it does not hold: `"rust"`, `'"k8s"'` (never
/// `""k8s""`), else `` `"it's"` ``, else as it is.
pub fn quoted(q: &str) -> String {
    match ['"', '\'', '`'].into_iter().find(|&c| !q.contains(c)) {
        Some(c) => format!("{c}{q}{c}"),
        None => q.to_string(),
    }
}

/// `ideas similar` as text.
pub fn similar(out: &mut Out, hits: &[SimilarHit]) -> io::Result<()> {
    if hits.is_empty() {
        return writeln!(out, "No similar ideas.");
    }
    for h in hits {
        hit_header(out, h.rank, h.score, "", &h.idea)?;
        if !h.matched.is_empty() {
            let shown: Vec<_> = h.matched.iter().take(8).map(|m| t(m)).collect();
            let more = match h.matched.len().saturating_sub(shown.len()) {
                0 => String::new(),
                n => format!(" +{n}"),
            };
            writeln!(
                out,
                "    matched: {}{more}",
                out.paint(DIM, &shown.join(", "))
            )?;
        }
    }
    Ok(())
}

/// `ideas eval` as text: per-query figures, variant means, similar recall.
pub fn eval(out: &mut Out, r: &Report) -> io::Result<()> {
    writeln!(out, "other = {}", t(&r.against))?;
    eval_queries(out, r)?;
    eval_means(out, r)?;
    if !r.similar.is_empty() {
        eval_similar(out, r)?;
    }
    Ok(())
}

/// The per-query table of `ideas eval`: each figure tuned, then other.
fn eval_queries(out: &mut Out, r: &Report) -> io::Result<()> {
    let width = r
        .queries
        .iter()
        .map(|q| q.q.chars().count())
        .max()
        .unwrap_or(5)
        .min(44);
    writeln!(
        out,
        "{:<width$}  {:<12}  {:>17}  {:>17}  {:>17}",
        "query", "kind", "nDCG@10", "recall@10", "MRR"
    )?;
    writeln!(
        out,
        "{:<width$}  {:<12}  {:>17}  {:>17}  {:>17}",
        "", "", "tuned  other", "tuned  other", "tuned  other"
    )?;
    for q in &r.queries {
        let text: String = t(&q.q).chars().take(width).collect();
        // max(0.0) keeps -0.000 out of the table.
        let pair = |a: f64, b: f64| format!("{:.3}  {:.3}", a.max(0.0), b.max(0.0));
        writeln!(
            out,
            "{text:<width$}  {:<12}  {:>17}  {:>17}  {:>17}",
            t(&q.kind),
            pair(q.tuned.ndcg, q.other.ndcg),
            pair(q.tuned.recall, q.other.recall),
            pair(q.tuned.mrr, q.other.mrr)
        )?;
    }
    Ok(())
}

/// The mean figures of `ideas eval`, per variant and per query kind.
fn eval_means(out: &mut Out, r: &Report) -> io::Result<()> {
    writeln!(
        out,
        "\nmean over {} queries      nDCG@10  recall@10     MRR",
        r.queries.len()
    )?;
    for v in r.variants.iter().chain(&r.by_kind) {
        writeln!(
            out,
            "{:<32}  {:>7.4}  {:>9.4}  {:>6.4}",
            t(&v.name),
            v.mean.ndcg,
            v.mean.recall,
            v.mean.mrr
        )?;
    }
    Ok(())
}

/// The similar figures of `ideas eval`: recall and MRR over the pairs.
fn eval_similar(out: &mut Out, r: &Report) -> io::Result<()> {
    writeln!(
        out,
        "\nsimilar, {} pairs both ways  recall@5  recall@10     MRR  related recall@10 ({})",
        r.pairs, r.related
    )?;
    for s in &r.similar {
        writeln!(
            out,
            "{:<32}  {:>8.4}  {:>9.4}  {:>6.4}  {:>17.4}",
            t(&s.name),
            s.recall_at_5,
            s.recall_at_10,
            s.mrr,
            s.related_recall_at_10
        )?;
    }
    Ok(())
}

/// Widest first column of a table: a longer value (a free-text skill, a
/// long project name) is cut with `…` rather than pushing every count off
/// the screen.
const COUNT_LABEL_MAX: u16 = 40;

/// A borderless table (comfy-table): the first column left, the others
/// (counts) right-aligned, `gap` spaces apart. It fits the width of `out`
/// when there is one (`COLUMNS` or a terminal): the first column gives way,
/// its values cut with `…`, never wrapped onto a second line. A pipe with no
/// `COLUMNS` gets the same table at any terminal size, the first column at
/// most [`COUNT_LABEL_MAX`] wide.
fn table(out: &Out, header: Option<Vec<String>>, rows: Vec<Vec<String>>, gap: u16) -> String {
    use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Row, Table, Width};
    let mut table = Table::new();
    table
        .load_style(comfy_table::presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_truncation_indicator("\u{2026}")
        .set_width(
            out.width
                .map_or(u16::MAX, |w| w.min(u16::MAX as usize) as u16),
        );
    if let Some(h) = header {
        let mut row = Row::from(h.iter().map(|c| t(c)));
        row.max_height(1);
        table.set_header(row);
    }
    for r in &rows {
        let mut row = Row::from(r.iter().map(|c| t(c)));
        row.max_height(1);
        table.add_row(row);
    }
    // Counts are never cut: their columns keep their widest cell, and only
    // the first column gives way (a terminal too narrow even then overflows).
    let widths = table.column_max_content_widths();
    for (i, column) in table.column_iter_mut().enumerate() {
        if i == 0 {
            column.set_padding((0, 0));
            column.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(
                COUNT_LABEL_MAX,
            )));
        } else {
            let w = widths.get(i).copied().unwrap_or(1);
            column.set_padding((gap, 0));
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w + gap)));
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut text = table.trim_fmt();
    text.push('\n');
    text
}

/// One facet's counts, aligned: a value and its count per line.
pub fn counts(out: &mut Out, counts: &[Count]) -> io::Result<()> {
    if counts.is_empty() {
        return Ok(());
    }
    let rows = counts
        .iter()
        .map(|c| vec![c.value.clone(), c.count.to_string()])
        .collect();
    let text = table(out, None, rows, 2);
    out.write_all(text.as_bytes())
}

/// A table of rows by year: `first` heads the row names, one column per
/// year (oldest first), `total` last; `totals`, when given, is a last row
/// of per-year counts under `all` (the ideas of each year, each once).
fn by_year_table(
    out: &mut Out,
    first: &str,
    rows: &[(String, u64, &[Count])],
    totals: Option<(&str, u64, &[Count])>,
) -> io::Result<()> {
    let mut years: Vec<String> = rows
        .iter()
        .flat_map(|r| r.2.iter().map(|c| c.value.clone()))
        .chain(
            totals
                .iter()
                .flat_map(|t| t.2.iter().map(|c| c.value.clone())),
        )
        .collect();
    years.sort();
    years.dedup();
    let header = std::iter::once(first.to_string())
        .chain(years.iter().cloned())
        .chain(["total".to_string()])
        .collect();
    let line = |name: &str, total: u64, counts: &[Count]| -> Vec<String> {
        std::iter::once(name.to_string())
            .chain(
                years
                    .iter()
                    .map(|y| match counts.iter().find(|c| &c.value == y) {
                        Some(c) => c.count.to_string(),
                        None => "·".to_string(),
                    }),
            )
            .chain([total.to_string()])
            .collect()
    };
    let body = rows
        .iter()
        .map(|(name, total, counts)| line(name, *total, counts))
        .chain(totals.map(|(name, total, counts)| line(name, total, counts)))
        .collect();
    let text = table(out, Some(header), body, 1);
    out.write_all(text.as_bytes())
}

/// The project x year table: one row per project, one column per year,
/// totals last; then, with `all` (the year counts of the same ideas, each
/// once: a joint idea is in several projects' rows), a row of totals.
pub fn project_year_table(
    out: &mut Out,
    table: &[ProjectYears],
    all: Option<&[Count]>,
) -> io::Result<()> {
    let rows: Vec<(String, u64, &[Count])> = table
        .iter()
        .map(|r| (r.project.clone(), r.total, r.years.as_slice()))
        .collect();
    let totals = all.map(|years| {
        let total = years.iter().map(|c| c.count).sum();
        ("all projects", total, years)
    });
    by_year_table(out, "project", &rows, totals)
}

/// `ideas show` as text.
pub fn idea(out: &mut Out, i: &Idea) -> io::Result<()> {
    writeln!(out, "{}", out.paint(TITLE, &t(&i.title)))?;
    writeln!(out, "id:       {}", t(&i.id))?;
    writeln!(
        out,
        "project:  {}{}",
        t(&i.project),
        i.group
            .as_ref()
            .map(|g| format!(" / {}", t(g)))
            .unwrap_or_default()
    )?;
    writeln!(out, "term:     {}", i.term_label())?;
    writeln!(out, "status:   {}", i.status)?;
    if !i.skills.is_empty() {
        writeln!(out, "skills:   {}", t(&i.skills.join(", ")))?;
    }
    if !i.mentors.is_empty() {
        writeln!(out, "mentors:  {}", t(&i.mentors.join("; ")))?;
    }
    for u in &i.upstream_issues {
        writeln!(out, "issue:    {}", t(u))?;
    }
    if let Some(u) = &i.lfx_url {
        writeln!(out, "lfx:      {}", t(u))?;
    }
    if let Some(s) = &i.size {
        writeln!(out, "size:     {}", t(s))?;
    }
    for s in &i.sources {
        writeln!(out, "source:   {}:{}", t(&s.path), s.line)?;
        if let Some(u) = &s.url {
            writeln!(out, "upstream: {}", t(u))?;
        }
    }
    writeln!(out, "\nDescription\n{}", t(&i.description))?;
    if !i.outcome.is_empty() {
        writeln!(out, "\nExpected outcome\n{}", t(&i.outcome))?;
    }
    Ok(())
}

/// `1 idea`, `2 ideas`: `n` and `noun`, plural past one.
pub fn counted(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// The warnings [`index_report`] prints: each file's parse warnings, and one
/// for each file read with no idea in it. What the summaries of `ideas
/// index` and `ideas update` count, so that they agree with the lines above.
pub fn warnings(files: &[FileReport]) -> usize {
    files
        .iter()
        .map(|f| f.warnings.len() + usize::from(f.error.is_none() && f.ideas == 0))
        .sum()
}

/// Per-file lines of `ideas index`: errors, skipped files and warnings, in short.
pub fn index_report(out: &mut Out, files: &[FileReport]) -> io::Result<()> {
    for f in files {
        let path = t(&f.path);
        if let Some(e) = &f.error {
            writeln!(out, "skipped {path}: {}", t(e))?;
        } else if f.ideas == 0 {
            writeln!(out, "warning {path}: no ideas in this file")?;
        }
        for w in &f.warnings {
            writeln!(out, "warning {path}:{}: {}", w.line, t(&w.message))?;
        }
    }
    Ok(())
}

/// The summary of `ideas index`.
pub fn index_done(
    out: &mut Out,
    l: &StreamReport,
    stats: &BuildStats,
    elapsed: Duration,
) -> io::Result<()> {
    let skipped = l.files.iter().filter(|f| f.error.is_some()).count();
    writeln!(
        out,
        "{} read ({} KB), {} skipped, {}; {} ideas indexed in {:.2?} ({:.0} ideas/s, {} threads) -> {}",
        counted(l.files.len() - skipped, "file"),
        l.bytes / 1024,
        skipped,
        counted(warnings(&l.files), "warning"),
        stats.ideas,
        elapsed,
        stats.ideas as f64 / elapsed.as_secs_f64().max(1e-9),
        stats.threads,
        t(&stats.dir.display().to_string())
    )
}

/// `ideas parse` without `--jsonl`: per file, ideas found and what was
/// skipped. A file named on the command line that could not be read is left
/// to the command's error (stderr), so that it is said once.
pub fn parse_report(out: &mut Out, l: &Loaded) -> io::Result<()> {
    for f in &l.files {
        let path = t(&f.path);
        match &f.error {
            Some(_) if f.explicit => continue,
            Some(e) => writeln!(out, "{path}: not read: {}", t(e))?,
            None => writeln!(out, "{path}: {}", counted(f.ideas, "idea"))?,
        }
        for w in &f.warnings {
            writeln!(out, "  line {}: {}", w.line, t(&w.message))?;
        }
    }
    let read = l
        .files
        .iter()
        .filter(|f| !(f.explicit && f.error.is_some()));
    let files = counted(read.count(), "file");
    writeln!(out, "{} in {files}", counted(l.ideas.len(), "idea"))
}

/// `ideas stats` as text.
pub fn stats(out: &mut Out, s: &Stats) -> io::Result<()> {
    let pad = " ".repeat(12);
    let index = format!("{} ({})", t(&s.index), t(&s.corpus));
    writeln!(out, "{}", out.fill("index:      ", &pad, &index))?;
    let corpus = match s.corpus.as_str() {
        "embedded" => Some(
            "the embedded seed (5 idea lists); `ideas update` fetches every list since 2017"
                .to_string(),
        ),
        "upstream" => Some(format!(
            "{} at {}, {}",
            t(s.source.as_deref().unwrap_or("?")),
            match &s.commit {
                Some(c) => format!("commit {}", t(c)),
                None => "an unknown commit (not a git repository)".into(),
            },
            t(s.date.as_deref().unwrap_or("date unknown"))
        )),
        _ => None,
    };
    if let Some(c) = corpus {
        writeln!(out, "{}", out.fill("corpus:     ", &pad, &c))?;
    }
    writeln!(
        out,
        "documents:  {} ideas, {} projects",
        s.documents, s.projects
    )?;
    writeln!(
        out,
        "on disk:    {:.1} KiB\n",
        s.bytes_on_disk as f64 / 1024.0
    )?;
    let rows: Vec<(String, u64, &[Count])> = s
        .by_program
        .iter()
        .map(|p| (p.program.clone(), p.documents, p.years.as_slice()))
        .collect();
    by_year_table(out, "program", &rows, None)
}

/// One record of a list command's answer for programs: its JSON value (its
/// `Serialize`, one per line in `jsonl`) and its CSV row under [`Record::header`].
pub trait Record: Serialize {
    /// CSV column names, in the order of [`Record::row`].
    fn header() -> Vec<&'static str>;
    /// CSV cells, before [`escape::csv_cell`]; lists joined by `; `.
    fn row(&self) -> Vec<String>;
}

/// Prints a list command's answer in `format`: `table`, the command's own
/// text (`table`, which may fail with the command's error `E`); `json`, the
/// whole answer `doc` as one document; `jsonl`, each of `items` on a line;
/// `csv` (RFC 4180, by the csv crate), the header then each item's row, each
/// cell through [`escape::csv_cell`] (no control characters, no formulas).
pub fn records<R: Record, D: Serialize + ?Sized, E: From<io::Error>>(
    out: &mut Out,
    format: Format,
    doc: &D,
    items: &[R],
    table: impl FnOnce(&mut Out) -> Result<(), E>,
) -> Result<(), E> {
    match format {
        Format::Table => table(out),
        Format::Json => Ok(out.json(doc)?),
        Format::Jsonl => Ok(items.iter().try_for_each(|i| out.json_line(i))?),
        Format::Csv => Ok(csv_rows(out, items)?),
    }
}

/// `items` as CSV: [`Record::header`], then each [`Record::row`].
fn csv_rows<R: Record>(out: &mut Out, items: &[R]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(R::header())?;
    for i in items {
        w.write_record(i.row().iter().map(|c| escape::csv_cell(c)))?;
    }
    w.flush()
}

/// A search hit: skills joined by `; `, the snippet as plain text.
impl Record for Hit {
    fn header() -> Vec<&'static str> {
        [
            &["rank", "score", "matched"][..],
            &IDEA_COLUMNS,
            &["snippet"],
        ]
        .concat()
    }
    fn row(&self) -> Vec<String> {
        let mut row = vec![
            self.rank.to_string(),
            format!("{:.3}", self.score),
            serde_json::to_value(self.matched)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
        ];
        row.extend(idea_cells(&self.idea));
        row.push(self.snippet.text.clone());
        row
    }
}

/// A similar hit: the matched terms joined by `; `.
impl Record for SimilarHit {
    fn header() -> Vec<&'static str> {
        [&["rank", "score", "matched_terms"][..], &IDEA_COLUMNS].concat()
    }
    fn row(&self) -> Vec<String> {
        let mut row = vec![
            self.rank.to_string(),
            format!("{:.3}", self.score),
            self.matched.join("; "),
        ];
        row.extend(idea_cells(&self.idea));
        row
    }
}

/// An idea in full (`ideas show`): lists joined by `; `.
impl Record for Idea {
    fn header() -> Vec<&'static str> {
        let rest = ["mentors", "description", "outcome", "upstream_issues"];
        [&IDEA_COLUMNS[..], &rest].concat()
    }
    fn row(&self) -> Vec<String> {
        let mut row = idea_cells(self);
        row.extend([
            self.mentors.join("; "),
            self.description.clone(),
            self.outcome.clone(),
            self.upstream_issues.join("; "),
        ]);
        row
    }
}

/// The columns of [`idea_cells`], which every CSV of ideas starts or ends with.
const IDEA_COLUMNS: [&str; 7] = [
    "id", "title", "project", "program", "year", "term", "skills",
];

fn idea_cells(i: &Idea) -> Vec<String> {
    vec![
        i.id.clone(),
        i.title.clone(),
        i.project.clone(),
        i.program.key().to_string(),
        i.year.to_string(),
        i.term.map(|t| t.to_string()).unwrap_or_default(),
        i.skills.join("; "),
    ]
}

/// A facet count.
impl Record for Count {
    fn header() -> Vec<&'static str> {
        vec!["value", "count"]
    }
    fn row(&self) -> Vec<String> {
        vec![self.value.clone(), self.count.to_string()]
    }
}

/// The project x year table as flat rows (project, year, count), for
/// `jsonl` and `csv`.
pub fn project_year_rows(table: &[ProjectYears]) -> Vec<ProjectYearCount> {
    table
        .iter()
        .flat_map(|p| {
            p.years.iter().map(|y| ProjectYearCount {
                project: p.project.clone(),
                year: y.value.parse().unwrap_or_default(),
                count: y.count,
            })
        })
        .collect()
}

/// One cell of the project x year table.
#[derive(Debug, Serialize)]
pub struct ProjectYearCount {
    pub project: String,
    pub year: u16,
    pub count: u64,
}

impl Record for ProjectYearCount {
    fn header() -> Vec<&'static str> {
        vec!["project", "year", "count"]
    }
    fn row(&self) -> Vec<String> {
        vec![
            self.project.clone(),
            self.year.to_string(),
            self.count.to_string(),
        ]
    }
}
