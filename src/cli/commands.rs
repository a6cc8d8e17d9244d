//! One function per command. Each returns whether it found anything
//! ([`Outcome`]); errors carry the file, line or query column they concern.

use crate::cli::args::{
    Cli, Command, CompletionsArgs, EvalArgs, FacetsArgs, FilterArgs, Format, IndexArgs, MetaArgs,
    ParseArgs, SearchArgs, ServeArgs, ShowArgs, SimilarArgs, UpdateArgs,
};
use crate::cli::exit::Outcome;
use crate::cli::output::{self, escape::text as t, Out};
use anyhow::{bail, Context, Result};
use ideas::corpus;
use ideas::eval;
use ideas::facets;
use ideas::index::{self, IdeaIndex, Manifest};
use ideas::ingest::Meta;
use ideas::search::{self, Filters};
use ideas::similar::{self, Like};
pub use ideas::store::{cache_dir, default_index_dir, embedded_index_dir};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Runs the command `cli` names, printing to one stdout coloured as
/// `--color` says.
pub fn run(cli: Cli) -> Result<Outcome> {
    let out = &mut Out::stdout(cli.color);
    let index = cli.index.as_deref();
    match cli.command {
        Command::Index(a) => cmd_index(out, index, a),
        Command::Update(a) => cmd_update(out, index, a),
        Command::Parse(a) => cmd_parse(out, a),
        Command::Search(a) => cmd_search(out, index, a),
        Command::Similar(a) => cmd_similar(out, index, a),
        Command::Facets(a) => cmd_facets(out, index, a),
        Command::Show(a) => cmd_show(out, index, a),
        Command::Stats(a) => cmd_stats(out, index, a.json),
        Command::Eval(a) => cmd_eval(out, index, a),
        Command::Serve(a) => cmd_serve(index, a),
        Command::Completions(a) => cmd_completions(out, a),
        Command::Man => cmd_man(out),
    }
}

/// `ideas serve`: the JSON API over the index until Ctrl-C. With no
/// `--index`, a server on the seed moves to the fetched history once
/// `ideas update` has indexed it.
fn cmd_serve(index: Option<&Path>, a: ServeArgs) -> Result<Outcome> {
    let ix = open(index)?;
    let then = match index {
        Some(_) => None,
        None => Some(ideas::update::Places::under(&cache_dir()?).index),
    };
    ideas::serve::run(ix, then, &a.options())?;
    Ok(Outcome::Found)
}

/// `ideas completions SHELL`: the script that registers the dynamic
/// completion in SHELL (what `IDEAS_COMPLETE=SHELL ideas` prints): at each TAB the
/// shell runs `IDEAS_COMPLETE=SHELL ideas -- WORDS...`, which `main` answers from
/// the flag definitions and the index ([`crate::cli::complete`] says why).
fn cmd_completions(out: &mut Out, a: CompletionsArgs) -> Result<Outcome> {
    let name = a.shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let shell = shells
        .completer(&name)
        .with_context(|| format!("no dynamic completion for {name}"))?;
    // `ideas` as found on PATH at TAB time, not this binary's path: the
    // script outlives a reinstall.
    shell.write_registration(crate::cli::complete::VAR, "ideas", "ideas", "ideas", out)?;
    std::io::Write::flush(out)?;
    Ok(Outcome::Found)
}

/// The man page's QUERY SYNTAX section (roff): what `ideas search` and
/// `ideas facets` read, as README (Search) and src/query/ implement it.
const QUERY_SYNTAX: &str = r#".SH "QUERY SYNTAX"
A query is tantivy's query language over title, skills, project,
description and expected outcome, with the words rewritten first
(synonyms, stop words, typos).
.TP
\fBwebassembly plugin\fR
Plain words: ideas with every word (or a synonym: k8s is kubernetes, wasm
webassembly) rank first, then ideas with every word allowing typos, then
ideas with some of the words. Each tier is ordered by BM25.
.TP
\fB"reference docs"\fR
A phrase: the words next to each other, in this order.
.TP
\fB\-karmada\fR, \fB+rust\fR
\fB\-\fR excludes ideas with the word, \fB+\fR requires it.
.TP
\fBrust AND wasm\fR, \fBgo OR rust\fR, \fB(a OR b) AND c\fR
Boolean operators, in capitals, and parentheses.
.TP
\fBtitle:api\fR, \fBskills:go\fR, \fBtitle:"api documentation"\fR
A word or phrase in one field: title, skills, project, description,
outcome, mentors, body, id, program, year, term.
.TP
\fBoutcome:*\fR
Ideas with a value in the field (\fBrust \-outcome:*\fR: Rust ideas that
state no outcome).
.TP
\fBkubeed*\fR
Words starting with kubeed (kubeedge), unstemmed.
.TP
Typos
Words of 5 letters or more match with one typo, of 9 or more with two; the
first letter is never changed. When nothing matches, ideas suggests a
spelling (Did you mean "rust"?).
"#;

/// Text for roff's no-fill mode (`.nf`): shown line for line, as `--help`
/// shows it (examples keep their columns). Escapes the escape character,
/// dashes and quotes (so they copy as typed), and a leading `.` or `'`,
/// which roff would read as a request.
fn roff_verbatim(text: &str) -> String {
    let mut out = String::from(".nf\n");
    for line in text.lines() {
        if line.starts_with(['.', '\'']) {
            out.push_str("\\&");
        }
        for c in line.chars() {
            match c {
                '\\' => out.push_str("\\e"),
                '-' => out.push_str("\\-"),
                '\'' => out.push_str("\\(aq"),
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    out.push_str(".fi\n");
    out
}

/// `ideas man`: one page (roff) from the flag definitions: clap_mangen's
/// name, synopsis, description and global options; the commands (listed,
/// then each with its options and examples); the query syntax; the
/// examples. No `ideas-search(1)` pages exist, so none is referred to, and
/// help texts with examples are no-fill blocks, not reflowed paragraphs.
fn cmd_man(out: &mut Out) -> Result<Outcome> {
    use std::io::Write as _;
    let mut cmd = <Cli as clap::CommandFactory>::command();
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    let subs: Vec<&clap::Command> = cmd
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
        .collect();
    let about = |c: &clap::Command| {
        let text = c.get_about().map(|a| a.to_string()).unwrap_or_default();
        text.replace('\\', "\\e").replace('-', "\\-")
    };
    writeln!(out, ".SH COMMANDS")?;
    for sub in &subs {
        writeln!(out, ".TP\n\\fBideas {}\\fR\n{}", sub.get_name(), about(sub))?;
    }
    out.write_all(QUERY_SYNTAX.as_bytes())?;
    if let Some(text) = cmd.get_after_help() {
        writeln!(out, ".SH EXAMPLES")?;
        out.write_all(roff_verbatim(&text.to_string()).as_bytes())?;
    }
    for sub in &subs {
        writeln!(out, ".SH \"IDEAS {}\"", sub.get_name().to_uppercase())?;
        writeln!(out, "{}", about(sub))?;
        // Its options under this command's heading, not a second OPTIONS.
        let mut options = vec![];
        clap_mangen::Man::new((*sub).clone()).render_options_section(&mut options)?;
        let options = String::from_utf8_lossy(&options).replacen(".SH OPTIONS", ".SS Options", 1);
        out.write_all(options.as_bytes())?;
        if let Some(text) = sub.get_after_help() {
            writeln!(out, ".PP")?;
            out.write_all(roff_verbatim(&text.to_string()).as_bytes())?;
        }
    }
    man.render_version_section(out)?;
    out.flush()?;
    Ok(Outcome::Found)
}

/// Opens `--index DIR`; else the corpus `ideas update` fetched, if there is
/// one; else the embedded corpus's index, building it first if it is
/// missing or was built from another version of the corpus.
///
/// The embedded corpus's index repairs itself: one that cannot be read is
/// rebuilt, and when the cache folder cannot be written (read-only, full),
/// the corpus is indexed in memory for this run, with a warning. A fetched
/// corpus's index that cannot be read is a warning, and the seed answers.
fn open(index: Option<&Path>) -> Result<IdeaIndex> {
    match index {
        Some(dir) => Ok(IdeaIndex::open(dir)?),
        None => Ok(ideas::store::open_default(&mut warn)?),
    }
}

/// The embedded seed corpus's index, as [`open`] falls back to it: built
/// when missing or stale, rebuilt when unreadable, in memory when the cache
/// cannot be written ([`ideas::store::open_seed`]).
fn open_seed() -> Result<IdeaIndex> {
    Ok(ideas::store::open_seed(&mut warn)?)
}

/// A warning of [`open`] on stderr, escaped as every text the index gives.
fn warn(w: ideas::store::Warning) {
    eprintln!("ideas: warning: {}", t(&w.to_string()));
}

/// `ideas update [--source URL|DIR]`: fetch (git) or read (a plain folder)
/// the upstream idea lists, index them as a new generation of the fetched
/// corpus's index (or `--index DIR`), and print what changed per term.
///
/// Errors (exit 2, the corpus that answered before still answering): an
/// unreachable or missing source, no git, no idea lists in it, a failed write.
fn cmd_update(out: &mut Out, index: Option<&Path>, a: UpdateArgs) -> Result<Outcome> {
    use ideas::update;
    use std::io::Write as _;
    let started = Instant::now();
    let places = update::Places::under(&cache_dir()?);
    let dir = index.map_or(places.index.clone(), Path::to_path_buf);
    let (source, fetched, inputs) = update_fetch(&places, a.source.as_deref())?;
    let before = match index::any_manifest(&dir) {
        Some(_) => IdeaIndex::open(&dir)
            .ok()
            .map(|ix| update::all_ideas(&ix))
            .transpose()?,
        None => None,
    };
    let manifest = update::manifest(&source, &fetched);
    let (read, stats) = update_index(&dir, &inputs, manifest, &a)?;
    let after = update::all_ideas(&IdeaIndex::open(&dir)?)?;
    update_read(out, &source, &fetched, &read, stats.ideas)?;
    update_changes(out, before.as_deref(), &after)?;
    writeln!(
        out,
        "updated {} in {:.1} s",
        dir.display(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(Outcome::Found)
}

/// What every failed step of `ideas update` adds to its error.
const KEEPS: &str = "the corpus searched so far is unchanged";

/// `ideas update`'s fetch: the source `--source` names, cloned or pulled
/// (git) or taken as it is (a folder), and the idea lists found in it.
fn update_fetch(
    places: &ideas::update::Places,
    source: Option<&str>,
) -> Result<(
    ideas::update::Source,
    ideas::update::Fetched,
    Vec<corpus::Input>,
)> {
    use ideas::update::{self, Source};
    let source = Source::parse(source).with_context(|| format!("--source ({KEEPS})"))?;
    let fetched = match &source {
        Source::Git(url) => update::fetch_git(url, &places.checkout)
            .with_context(|| format!("fetching the idea lists ({KEEPS})"))?,
        Source::Folder(d) => update::folder(d),
    };
    let blob = fetched.commit.as_deref().and_then(|c| source.blob(c));
    let inputs = corpus::discover_fetched(&fetched.root, blob.as_deref())
        .with_context(|| format!("reading {} ({KEEPS})", source.label()))?;
    Ok((source, fetched, inputs))
}

/// `ideas update`'s index: `inputs` as a new generation in `dir`, a
/// progress bar on stderr meanwhile.
fn update_index(
    dir: &Path,
    inputs: &[corpus::Input],
    manifest: Manifest,
    a: &UpdateArgs,
) -> Result<(corpus::StreamReport, index::BuildStats)> {
    let bar = output::progress(inputs.len() as u64, "indexing");
    let options = index::BuildOptions {
        threads: a.threads,
        wait: a.wait,
        ..Default::default()
    };
    let stream = corpus::StreamOptions {
        threads: a.threads,
        ..Default::default()
    };
    let result = ideas::store::build_inputs(
        dir,
        inputs,
        Meta::default(),
        options,
        stream,
        manifest,
        &|| bar.inc(1),
    );
    bar.finish_and_clear();
    result.with_context(|| format!("indexing in {} ({KEEPS})", dir.display()))
}

/// What `ideas update` read: the files skipped, how many parse warnings,
/// and the source, with its idea and file counts, commit and date.
fn update_read(
    out: &mut Out,
    source: &ideas::update::Source,
    fetched: &ideas::update::Fetched,
    read: &corpus::StreamReport,
    ideas: usize,
) -> Result<()> {
    use std::io::Write as _;
    for f in read.files.iter().filter(|f| f.error.is_some()) {
        let why = f.error.as_deref().unwrap_or_default();
        writeln!(out, "skipped {}: {}", t(&f.path), t(why))?;
    }
    let warnings = output::warnings(&read.files);
    if warnings > 0 {
        writeln!(
            out,
            "{warnings} parse warnings (`ideas parse {}` lists them)",
            t(&fetched.root.join("programs").display().to_string())
        )?;
    }
    let at = match &fetched.commit {
        Some(c) => format!("commit {}", &c[..c.len().min(12)]),
        None => "commit unknown (not a git repository)".into(),
    };
    writeln!(
        out,
        "{}: {} ideas from {} files, {at}, {}",
        t(&source.label()),
        ideas,
        read.files.len(),
        t(&fetched.date)
    )?;
    Ok(())
}

/// What `ideas update` changed, per term (`LFX 2026 term 3: +12 ~3 -1`),
/// against the ideas `before` it (`None`: there was no index).
fn update_changes(
    out: &mut Out,
    before: Option<&[ideas::idea::Idea]>,
    after: &[ideas::idea::Idea],
) -> Result<()> {
    use std::io::Write as _;
    let changes = ideas::update::diff(before.unwrap_or_default(), after);
    match (before, changes.is_empty()) {
        (Some(_), true) => writeln!(out, "no change")?,
        (None, _) => writeln!(out, "first update: every idea is new")?,
        _ => {}
    }
    for c in &changes {
        writeln!(
            out,
            "{}: +{} ~{} -{}",
            c.term,
            c.added.len(),
            c.changed.len(),
            c.removed.len()
        )?;
    }
    Ok(())
}

fn hints(m: &MetaArgs) -> Meta {
    Meta {
        program: m.program.map(Into::into),
        year: m.year,
        term: m.term,
    }
}

/// What `ideas index` builds: the index directory, the inputs, and the
/// manifest to record (which carries the hints the inputs are read with).
type Plan = (PathBuf, Vec<corpus::Input>, Manifest);

/// The embedded corpus, indexed in `dir`.
fn embedded_plan(dir: PathBuf) -> Plan {
    let inputs = corpus::embedded();
    let manifest = ideas::store::embedded_manifest(inputs.len());
    (dir, inputs, manifest)
}

/// [`Plan`] of `ideas index`: `--rebuild` ([`rebuild_plan`]), else the
/// embedded corpus with no PATH, else the PATHs into `--index DIR`.
fn index_plan(index: Option<&Path>, a: &IndexArgs) -> Result<Plan> {
    let given = hints(&a.meta);
    if a.rebuild {
        return rebuild_plan(index, given);
    }
    if a.paths.is_empty() {
        return Ok(embedded_plan(match index {
            Some(d) => d.to_path_buf(),
            None => embedded_index_dir()?,
        }));
    }
    let Some(dir) = index else {
        bail!("say where to write the index of these files with --index DIR (or IDEAS_INDEX); without it, ideas uses the embedded corpus");
    };
    let inputs = corpus::discover(&a.paths)?;
    // Absolute, so that `--rebuild` from another folder reads the same files.
    let absolute = a
        .paths
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .map(|p| p.display().to_string())
        .collect();
    let mut manifest = Manifest::files(absolute);
    manifest.hints = given;
    Ok((dir.to_path_buf(), inputs, manifest))
}

/// [`Plan`] of `ideas index --rebuild`: what the index's manifest says it
/// was built from (the fetched corpus, files with their hints unless
/// `given` overrides them, or the embedded corpus), read as it is now.
fn rebuild_plan(index: Option<&Path>, given: Meta) -> Result<Plan> {
    let dir = match index {
        Some(d) => d.to_path_buf(),
        None => default_index_dir()?,
    };
    let old = index::any_manifest(&dir);
    match old {
        Some(m) if m.corpus == "upstream" => {
            // From the folder or checkout it was read from, as it is now.
            use ideas::update::{Places, Source};
            let source = Source::parse(m.source.as_deref())?;
            let root = match &source {
                Source::Folder(d) => d.clone(),
                Source::Git(_) => Places::under(&cache_dir()?).checkout,
            };
            let blob = m.commit.as_deref().and_then(|c| source.blob(c));
            let inputs = corpus::discover_fetched(&root, blob.as_deref())
                .with_context(|| format!("rebuilding from {} (`ideas update` fetches it again)", root.display()))?;
            Ok((dir, inputs, m))
        }
        Some(m) if m.corpus != "embedded" => {
            let paths: Vec<PathBuf> = m.inputs.iter().map(PathBuf::from).collect();
            let inputs = corpus::discover(&paths)?;
            let mut manifest = Manifest::files(m.inputs.clone());
            manifest.hints = given.or(m.hints);
            manifest.max_file_bytes = m.max_file_bytes;
            Ok((dir, inputs, manifest))
        }
        Some(_) => Ok(embedded_plan(dir)),
        None if index.is_none() => Ok(embedded_plan(dir)),
        None => bail!(
            "cannot tell what {} was built from (no readable manifest.json): build it again with `ideas index PATH... --index {}`",
            dir.display(),
            dir.display()
        ),
    }
}

/// `ideas index [PATH...]`: parse in parallel, write a new index generation, swap it in.
fn cmd_index(out: &mut Out, index: Option<&Path>, a: IndexArgs) -> Result<Outcome> {
    if a.check {
        return cmd_check(out, index);
    }
    let started = Instant::now();
    let (dir, inputs, mut manifest) = index_plan(index, &a)?;
    if let Some(mib) = a.max_filesize {
        manifest.max_file_bytes = Some(mib.saturating_mul(1 << 20));
    }
    let bar = output::progress(inputs.len() as u64, "indexing");
    let options = index::BuildOptions {
        threads: a.threads,
        heap: a.memory.map(|mib| mib << 20),
        wait: a.wait,
        ..Default::default()
    };
    let stream = corpus::StreamOptions {
        threads: a.threads,
        max_file_bytes: manifest.max_file_bytes.unwrap_or(corpus::MAX_FILE_BYTES),
        ..Default::default()
    };
    let hints = manifest.hints;
    let result =
        ideas::store::build_inputs(&dir, &inputs, hints, options, stream, manifest, &|| {
            bar.inc(1)
        });
    bar.finish_and_clear();
    let (read, stats) = result.with_context(|| {
        format!(
            "writing the index in {} (the old index, if any, is unchanged)",
            dir.display()
        )
    })?;
    output::index_report(out, &read.files)?;
    output::index_done(out, &read, &stats, started.elapsed())?;
    Ok(Outcome::Found)
}

/// `ideas index --check`: every file of the live generation against its
/// checksum; an error naming each damaged file, with the way out.
fn cmd_check(out: &mut Out, index: Option<&Path>) -> Result<Outcome> {
    let root = match index {
        Some(d) => d.to_path_buf(),
        None => default_index_dir()?,
    };
    let checked = index::check::check(&root)?;
    if !checked.damaged.is_empty() {
        let reason = checked
            .damaged
            .iter()
            .map(|(path, wrong)| format!("{}: {wrong}", path.display()))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(ideas::error::Damaged { root, reason }.into());
    }
    use std::io::Write as _;
    writeln!(
        out,
        "{} files ({:.1} MB) of {} checked: every checksum matches",
        checked.files,
        checked.bytes as f64 / 1e6,
        checked.dir.display()
    )?;
    Ok(Outcome::Found)
}

/// `ideas parse PATH...`: the records as JSON lines, or a per-file report.
fn cmd_parse(out: &mut Out, a: ParseArgs) -> Result<Outcome> {
    let inputs = corpus::discover(&a.paths)?;
    let loaded = corpus::load(&inputs, hints(&a.meta), &|| {});
    if a.jsonl {
        for idea in &loaded.ideas {
            out.json_line(idea)?;
        }
    } else {
        output::parse_report(out, &loaded)?;
    }
    let bad: Vec<String> = loaded
        .files
        .iter()
        .filter(|f| f.explicit)
        .filter_map(|f| Some(format!("{}: {}", f.path, f.error.as_deref()?)))
        .collect();
    if !bad.is_empty() {
        bail!("{}", bad.join("; "));
    }
    Ok(Outcome::found_if(!loaded.ideas.is_empty()))
}

/// The filters of the flags; a value no idea has (a `--project` no alias
/// names, a `--year`, `--term`, `--skill`...) is an error naming the
/// nearest or existing values (exit 2), not "no match".
fn filters(ix: &IdeaIndex, f: &FilterArgs) -> Result<Filters> {
    let given = Filters {
        projects: f.project.clone(),
        years: f
            .years
            .into_iter()
            .chain(f.year.iter().map(|&y| (y, y)))
            .collect(),
        program: f.program.map(Into::into),
        status: f.status.map(Into::into),
        term: f.term,
        skills: f.skill.clone(),
    };
    // Each value against the index (exit 2 naming what exists); the values
    // stay as given, so that an empty answer names them as typed.
    search::check_filters(ix, &given)?;
    Ok(given)
}

/// `ideas search QUERY`: ranked hits with snippets and facet counts.
fn cmd_search(out: &mut Out, index: Option<&Path>, a: SearchArgs) -> Result<Outcome> {
    let ix = open(index)?;
    let q = a.query.join(" ");
    let results = search::Request::new(&q)
        .filters(filters(&ix, &a.filters)?)
        .limit(a.limit)
        .offset(a.offset)
        .run(&ix)?;
    // After the search: a bad query's error stays the one line on stderr.
    if index.is_none() && ix.manifest.corpus == "embedded" {
        eprintln!("{}", corpus::SEED_NOTE);
    }
    if let Some(note) = &results.note {
        eprintln!("ideas: note: {}", t(note));
    }
    let doc = search::Page {
        query: &q,
        limit: a.limit,
        offset: a.offset,
        results: &results,
    };
    output::records(out, a.format.get(), &doc, &results.hits, |out| {
        output::search(out, &q, &results, a.offset)
    })?;
    Ok(Outcome::found_if(results.total > 0))
}

/// `ideas similar ID | --text TEXT`: more-like-this.
fn cmd_similar(out: &mut Out, index: Option<&Path>, a: SimilarArgs) -> Result<Outcome> {
    const NEEDS: &str = "give the id of an idea (`ideas similar ID`, ids are shown by `ideas search`) or a text (`ideas similar --text TEXT`)";
    // Before opening the index: nothing to build for a usage error.
    if a.id.is_none() && a.text.is_none() {
        bail!(NEEDS);
    }
    let ix = open(index)?;
    let base;
    let like = match (&a.id, &a.text) {
        (Some(id), _) => {
            base = ix.get(id)?;
            Like::Idea(&base)
        }
        (None, Some(t)) => Like::Text(t),
        (None, None) => bail!(NEEDS),
    };
    let hits = similar::Request::new(like)
        .limit(a.limit)
        .before(a.before)
        .status(a.status.map(Into::into))
        .run(&ix)?;
    output::records(out, a.format.get(), &hits, &hits, |out| {
        output::similar(out, &hits)
    })?;
    Ok(Outcome::found_if(!hits.is_empty()))
}

/// `ideas facets --by DIM[,year]`: counts over matching ideas.
fn cmd_facets(out: &mut Out, index: Option<&Path>, a: FacetsArgs) -> Result<Outcome> {
    let ix = open(index)?;
    let q = a.query.join(" ");
    let by = facets::By::parse(&a.by)?;
    let filters = filters(&ix, &a.filters)?;
    let (answer, note) = facets::answer_with_note(&ix, &q, &filters, by, a.matching.into())?;
    if let Some(note) = &note {
        eprintln!("ideas: note: {}", t(note));
    }
    let format = a.format.get();
    match &answer {
        facets::Answer::Table(table) => {
            let rows = output::project_year_rows(table);
            output::records(out, format, table, &rows, |out| -> Result<()> {
                // The totals row: each idea once per year, as `--by year` counts.
                let year = facets::By::One(facets::Dim::Year);
                let years = facets::answer(&ix, &q, &filters, year, a.matching.into())?;
                let all = match &years {
                    facets::Answer::Counts(c) if !table.is_empty() => Some(c.as_slice()),
                    _ => None,
                };
                Ok(output::project_year_table(out, table, all)?)
            })?
        }
        facets::Answer::Counts(counts) => output::records(out, format, counts, counts, |out| {
            output::counts(out, counts)
        })?,
    }
    // Nothing counted with filters: say which one emptied it, as search does.
    if answer.is_empty() && format == Format::Table {
        let relaxed = search::relaxed_totals(&ix, &q, &filters)?;
        output::nothing_counted(out, &relaxed)?;
    }
    Ok(Outcome::found_if(!answer.is_empty()))
}

/// `ideas show ID`: one idea in full.
fn cmd_show(out: &mut Out, index: Option<&Path>, a: ShowArgs) -> Result<Outcome> {
    let ix = open(index)?;
    let idea = ix.get(&a.id)?;
    let one = std::slice::from_ref(&idea);
    output::records(out, a.format.get(), &idea, one, |out| {
        output::idea(out, &idea)
    })?;
    Ok(Outcome::Found)
}

/// `ideas stats`: document counts per program and year, and size on disk.
fn cmd_stats(out: &mut Out, index: Option<&Path>, json: bool) -> Result<Outcome> {
    let ix = open(index)?;
    let stats = facets::stats(&ix)?;
    if json {
        out.json(&stats)?;
    } else {
        output::stats(out, &stats)?;
    }
    Ok(Outcome::found_if(stats.documents > 0))
}

/// `ideas eval`: ranking and similar scored against judgments, beside the
/// plain-BM25 and untuned baselines measured in the same run.
fn cmd_eval(out: &mut Out, index: Option<&Path>, a: EvalArgs) -> Result<Outcome> {
    // The embedded judgments are of the seed's ideas: with no --index they
    // score the seed's index, even once `ideas update` made the history the
    // default (whose ids differ).
    let ix = match (index, &a.queries) {
        (None, None) => open_seed()?,
        _ => open(index)?,
    };
    // The embedded set by default; judgments of another corpus come with
    // their own pairs, or none.
    let queries = match &a.queries {
        Some(path) => eval::load_queries(path)?,
        None => eval::embedded_queries()?,
    };
    let pairs = match (&a.pairs, &a.queries) {
        (Some(path), _) => eval::load_pairs(path)?,
        (None, None) => eval::embedded_pairs()?,
        (None, Some(_)) => eval::Pairs::default(),
    };
    let report = eval::run(&ix, &queries, &pairs, a.against.as_deref())?;
    if a.json {
        out.json(&report)?;
    } else {
        output::eval(out, &report)?;
    }
    let tuned = report.variants[0].mean.ndcg;
    if let Some(floor) = a.min_ndcg {
        if tuned < floor {
            bail!("mean nDCG@10 {tuned:.4} is below the floor {floor:.4}");
        }
    }
    Ok(Outcome::Found)
}
