//! Input files: the embedded default corpus (`data/`, compiled into the
//! binary) and files or folders named on the command line, read and parsed
//! in parallel (rayon).

use crate::error::{Error, Result};
use crate::idea::{Admitted, Catalog, Idea};
use crate::ingest::{self, Meta, Warning};
use include_dir::{include_dir, Dir};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// `data/`: the five seed idea lists of `cncf/mentoring` (CC-BY-4.0, see `data/NOTICE`).
static DATA: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");

/// An input file: its display path and where its bytes come from.
#[derive(Debug, Clone)]
pub struct Input {
    /// Path as shown and recorded in sources (relative to `data/` for the embedded corpus).
    pub path: String,
    pub source: InputSource,
    /// Named on the command line (errors are fatal) rather than found in a folder walk (skipped).
    pub explicit: bool,
    /// The path recorded in its ideas' sources, when not `path`: relative to
    /// the folder that was indexed, so an index never carries the absolute
    /// paths of the machine that built it. `path` (whole) is still what
    /// program, year and term are read from.
    pub record_as: Option<String>,
    /// Its blob URL upstream (`https://github.com/cncf/mentoring/blob/COMMIT/PATH`),
    /// for a fetched corpus: each source gets it with `#L<line>`.
    pub link: Option<String>,
}

#[derive(Debug, Clone)]
pub enum InputSource {
    Embedded(&'static [u8]),
    Disk(PathBuf),
    /// Found in a folder walk but not readable as a file: the reason
    /// (reported as a skipped file, never read).
    Unreadable(String),
}

/// Files larger than this are skipped (or, named on the command line, an
/// error) unless `--max-filesize` says otherwise: a file is parsed whole, at
/// about 10 bytes of memory per byte (a 100 MB list peaked near 1 GB), and
/// the largest upstream idea list is under 200 KB.
pub const MAX_FILE_BYTES: u64 = 32 << 20;

fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown")
    ) && path.file_name().is_some_and(|n| n != "SOURCES.md")
}

/// The embedded corpus's idea lists, sorted by path.
pub fn embedded() -> Vec<Input> {
    let mut out = vec![];
    let mut stack = vec![&DATA];
    while let Some(dir) = stack.pop() {
        for f in dir.files().filter(|f| is_markdown(f.path())) {
            out.push(Input {
                path: f.path().to_string_lossy().replace('\\', "/"),
                source: InputSource::Embedded(f.contents()),
                explicit: false,
                record_as: None,
                link: None,
            });
        }
        stack.extend(dir.dirs());
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Expands command-line paths: files as given, folders walked for `*.md`.
/// As ripgrep does, a walk does not follow symbolic links (so a link loop
/// is never entered); a `*.md` that is a link, a pipe or a device, and a
/// subfolder that cannot be listed, become [`InputSource::Unreadable`]
/// inputs, reported as skipped with the reason.
///
/// Errors: a path that does not exist, a named path that is neither a
/// folder nor a regular file, or a folder holding no markdown.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut out = vec![];
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| Error::input(format!("{}: {}", p.display(), io_reason(&e))))?;
        if meta.is_dir() {
            let before = out.len();
            for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                let skipped = |path: &Path, reason: String| Input {
                    path: path.display().to_string(),
                    source: InputSource::Unreadable(reason),
                    explicit: false,
                    record_as: None,
                    link: None,
                };
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        let reason = e.io_error().map(io_reason).unwrap_or_else(|| e.to_string());
                        // The folder named itself: an error, as for a named file.
                        if e.depth() == 0 {
                            return Err(Error::input(format!("{}: {reason}", p.display())));
                        }
                        out.push(skipped(e.path().unwrap_or(p), reason));
                        continue;
                    }
                };
                if !is_markdown(entry.path()) || entry.file_type().is_dir() {
                    continue;
                }
                if entry.file_type().is_file() {
                    let record_as = relative(entry.path(), p);
                    out.push(Input {
                        path: entry.path().display().to_string(),
                        source: InputSource::Disk(entry.into_path()),
                        explicit: false,
                        record_as,
                        link: None,
                    });
                } else {
                    let kind = match entry.file_type().is_symlink() {
                        true => {
                            "a symbolic link (not followed in a folder walk; name it to index it)"
                        }
                        false => "not a regular file",
                    };
                    out.push(skipped(entry.path(), kind.into()));
                }
            }
            if out.len() == before {
                return Err(Error::input(format!(
                    "{}: no markdown files (*.md) in this folder",
                    p.display()
                )));
            }
        } else if !meta.is_file() {
            return Err(Error::input(format!(
                "{}: not a regular file or folder",
                p.display()
            )));
        } else {
            // A file named by an absolute path is recorded by its name.
            let record_as = match p.is_absolute() {
                true => p.file_name().map(|n| n.to_string_lossy().into_owned()),
                false => None,
            };
            out.push(Input {
                path: p.display().to_string(),
                source: InputSource::Disk(p.clone()),
                explicit: true,
                record_as,
                link: None,
            });
        }
    }
    Ok(out)
}

/// `path` below `base`, `/`-separated (`None` if it is not below it).
fn relative(path: &Path, base: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The idea lists of a fetched corpus at `root` (a checkout of
/// `cncf/mentoring`, or a folder laid out as one): the markdown under
/// `root/programs` (or under `root` itself if it has no `programs/`), each
/// shown and recorded by its path below `root` (`programs/lfx-mentorship/...`) and,
/// given `blob` (`https://github.com/cncf/mentoring/blob/COMMIT`), linked to
/// `BLOB/PATH`.
///
/// Errors: as [`discover`] (no such folder, no markdown in it).
pub fn discover_fetched(root: &Path, blob: Option<&str>) -> Result<Vec<Input>> {
    let programs = root.join("programs");
    let walk = match programs.is_dir() {
        true => programs,
        false => root.to_path_buf(),
    };
    let mut inputs = discover(&[walk])?;
    for i in &mut inputs {
        let InputSource::Disk(p) = &i.source else {
            continue;
        };
        if let Some(rel) = relative(p, root) {
            i.link = blob.map(|b| format!("{}/{rel}", b.trim_end_matches('/')));
            i.path = rel;
            i.record_as = None;
        }
    }
    Ok(inputs)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// What one input yielded.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub explicit: bool,
    pub ideas: usize,
    pub warnings: Vec<Warning>,
    /// Why the file was not read, if it was not.
    pub error: Option<String>,
}

/// Ideas from a set of inputs, with a report per file.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Deduplicated by id across files (the same idea in two files of a term is one record).
    pub ideas: Vec<Idea>,
    pub files: Vec<FileReport>,
    pub bytes: u64,
}

/// What [`stream`] read: a report per file, in input order, and bytes read.
#[derive(Debug, Clone, Default)]
pub struct StreamReport {
    pub files: Vec<FileReport>,
    pub bytes: u64,
}

/// How [`stream`] splits and parses its inputs.
#[derive(Debug, Clone, Copy)]
pub struct StreamOptions {
    /// Parser threads; 0 for rayon's default (one per core).
    pub threads: usize,
    /// A batch is consecutive inputs (in input order) of about this many
    /// bytes; the whole of one batch's ideas is in memory at a time, while
    /// the next batch is parsed.
    pub batch_bytes: u64,
    /// Larger files are not read (see [`MAX_FILE_BYTES`]).
    pub max_file_bytes: u64,
}

impl Default for StreamOptions {
    fn default() -> StreamOptions {
        StreamOptions {
            threads: 0,
            batch_bytes: 32 << 20,
            max_file_bytes: MAX_FILE_BYTES,
        }
    }
}

/// Reads and parses inputs in parallel; `hints` fill program/year/term that
/// neither a file's path nor its title gives. `on_file` is called once per file
/// as it is done (for progress bars).
pub fn load(inputs: &[Input], hints: Meta, on_file: &(dyn Fn() + Sync)) -> Loaded {
    let mut ideas = vec![];
    let options = StreamOptions {
        batch_bytes: u64::MAX,
        ..StreamOptions::default()
    };
    let read = stream(inputs, hints, options, on_file, &mut |batch| {
        ideas.extend(batch.fresh.into_iter().map(|(_, idea)| idea));
        Ok(())
    })
    .unwrap_or_default();
    Loaded {
        ideas,
        files: read.files,
        bytes: read.bytes,
    }
}

/// Reads and parses inputs batch by batch (see [`StreamOptions`]), files
/// of a batch in parallel, and hands each batch to `sink` through a
/// [`Catalog`] (places in arrival order, duplicates merged, one spelling
/// per project) while the next batch is parsed. Memory is bounded by two
/// batches, not by the corpus.
///
/// Errors: the first error `sink` returns (no further batch is parsed).
/// Files that cannot be read or parsed are reported, not errors.
pub fn stream(
    inputs: &[Input],
    hints: Meta,
    options: StreamOptions,
    on_file: &(dyn Fn() + Sync),
    sink: &mut dyn FnMut(Admitted) -> Result<()>,
) -> Result<StreamReport> {
    // Threads 0: rayon's global pool, which costs nothing to set up.
    let pool = match options.threads {
        0 => None,
        n => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .thread_name(|i| format!("parse-{i}"))
                .build()
                .map_err(|e| Error::Io {
                    context: "starting the parsing threads".into(),
                    source: std::io::Error::other(e),
                })?,
        ),
    };
    let batches = batches(inputs, options.batch_bytes);
    let mut read = StreamReport::default();
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(FileReport, Vec<Idea>, u64)>>(0);
        scope.spawn(move || {
            for batch in batches {
                let parse = || {
                    batch
                        .par_iter()
                        .map(|i| parse_one(i, hints, options.max_file_bytes, on_file))
                        .collect()
                };
                let parsed = match &pool {
                    Some(p) => p.install(parse),
                    None => parse(),
                };
                if tx.send(parsed).is_err() {
                    return; // the sink failed
                }
            }
        });
        let mut catalog = Catalog::default();
        for parsed in rx {
            let mut ideas = vec![];
            for (report, file_ideas, bytes) in parsed {
                read.files.push(report);
                read.bytes += bytes;
                ideas.extend(file_ideas);
            }
            sink(catalog.admit(ideas))?;
        }
        Ok(())
    })?;
    Ok(read)
}

/// Bytes of an input (0 if its file cannot be read).
fn input_size(i: &Input) -> u64 {
    match &i.source {
        InputSource::Embedded(b) => b.len() as u64,
        InputSource::Disk(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
        InputSource::Unreadable(_) => 0,
    }
}

/// Bytes of all inputs, from file metadata (nothing is read).
pub fn size(inputs: &[Input]) -> u64 {
    inputs.iter().map(input_size).sum()
}

/// Splits inputs into runs of about `limit` bytes (at least one input each).
fn batches(inputs: &[Input], limit: u64) -> Vec<&[Input]> {
    let mut out = vec![];
    let (mut start, mut bytes) = (0, 0u64);
    for (i, input) in inputs.iter().enumerate() {
        if i > start && bytes.saturating_add(input_size(input)) > limit {
            out.push(&inputs[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes = bytes.saturating_add(input_size(input));
    }
    if start < inputs.len() {
        out.push(&inputs[start..]);
    }
    out
}

/// Reads the file at `p` if it holds at most `max` bytes; else the reason.
fn read_capped(p: &Path, max: u64) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read as _;
    let too_big = |n: u64| {
        format!(
            "{:.1} MiB, over the {} MiB limit (`ideas index --max-filesize` raises it)",
            n as f64 / (1 << 20) as f64,
            max >> 20
        )
    };
    let f = std::fs::File::open(p).map_err(|e| io_reason(&e))?;
    let len = f.metadata().map_err(|e| io_reason(&e))?.len();
    if len > max {
        return Err(too_big(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    f.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    match bytes.len() as u64 > max {
        true => Err(too_big(bytes.len() as u64)),
        false => Ok(bytes),
    }
}

/// Reads and parses one input.
fn parse_one(
    input: &Input,
    hints: Meta,
    max_bytes: u64,
    on_file: &(dyn Fn() + Sync),
) -> (FileReport, Vec<Idea>, u64) {
    let mut report = FileReport {
        path: input.path.clone(),
        explicit: input.explicit,
        ideas: 0,
        warnings: vec![],
        error: None,
    };
    let bytes: std::borrow::Cow<[u8]> = match &input.source {
        InputSource::Embedded(b) => (*b).into(),
        InputSource::Disk(p) => match read_capped(p, max_bytes) {
            Ok(b) => b.into(),
            Err(reason) => {
                on_file();
                report.error = Some(reason);
                return (report, vec![], 0);
            }
        },
        InputSource::Unreadable(reason) => {
            on_file();
            report.error = Some(reason.clone());
            return (report, vec![], 0);
        }
    };
    let result = ingest::parse(&bytes, &input.path, hints);
    on_file();
    match result {
        Ok(mut p) => {
            report.ideas = p.ideas.len();
            report.warnings = p.warnings;
            for s in p.ideas.iter_mut().flat_map(|i| i.sources.iter_mut()) {
                if let Some(r) = &input.record_as {
                    s.path.clone_from(r);
                }
                if let Some(l) = &input.link {
                    s.url = Some(format!("{l}#L{}", s.line));
                }
            }
            (report, p.ideas, bytes.len() as u64)
        }
        Err(e) => {
            report.error = Some(e.to_string());
            (report, vec![], bytes.len() as u64)
        }
    }
}

/// What a search on the embedded seed says once on stderr (never stdout).
pub const SEED_NOTE: &str = "ideas: note: searching the 5 seed idea lists embedded in ideas; `ideas update` brings all ideas since 2017";
