//! The on-disk index: a tantivy index per generation and a `CURRENT` pointer.
//!
//! Layout of an index directory:
//! ```text
//! DIR/CURRENT              name of the live generation (replaced atomically by rename)
//! DIR/gen-<unix-ms>-<pid>/ a tantivy index + manifest.json
//! ```
//! A build writes a new generation beside the live one and only then swaps
//! `CURRENT`, so a failed or interrupted build leaves the old index whole.
//! A search reads a generation without memory maps ([`files`]), so a file
//! damaged under it is an error answer, not a signal; `ideas index --check`
//! checks every file's checksum ([`check`]).

pub mod analyzer;
pub mod check;
pub mod files;
pub mod lock;
mod ranked;
pub mod schema;
pub mod writer;

use crate::error::{Context, Error, Result};
use crate::error::{Damaged, UnknownId};
use crate::idea::Idea;
use schema::Fields;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, TantivyDocument};

pub use ranked::Ranked;
pub(crate) use writer::build_in_memory;
pub use writer::{body_texts, build, heap_for, BuildOptions, BuildStats, Builder};

/// What an index was built from, kept as `manifest.json` in each generation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// `embedded` (the corpus compiled into the binary), `upstream` (fetched
    /// by `ideas update`) or `files`.
    pub corpus: String,
    /// For `embedded`: [`crate::store::embedded_fingerprint`] of the corpus
    /// it was built from.
    pub fingerprint: String,
    pub files: usize,
    pub ideas: usize,
    /// Paths given to `ideas index` (empty for the embedded corpus).
    pub inputs: Vec<String>,
    /// The `--program`/`--year`/`--term` hints given with them, so that
    /// `ideas index --rebuild` reads the inputs the same way.
    #[serde(default)]
    pub hints: crate::ingest::Meta,
    /// `--max-filesize` in bytes, when one was given.
    #[serde(default)]
    pub max_file_bytes: Option<u64>,
    /// Build time, seconds since the Unix epoch.
    pub built_unix: u64,
    /// [`format`] of the binary that built it (empty before it was recorded):
    /// an index of another format is refused, not misread.
    #[serde(default)]
    pub format: String,
    /// For `upstream` (a corpus `ideas update` fetched): the git URL or
    /// folder it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// For `upstream`: the commit it was read at (`None` for a plain folder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// For `upstream`: the commit's date (RFC 3339, from git), or a plain
    /// folder's newest file modification time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl Manifest {
    /// The manifest of an index of files and folders named by `inputs`;
    /// `files`, `ideas` and `built_unix` are filled in by the build.
    pub fn files(inputs: Vec<String>) -> Manifest {
        Manifest {
            inputs,
            ..Manifest::new("files")
        }
    }

    /// A manifest of `corpus` (`files`, `embedded`, `upstream`) with nothing
    /// recorded yet: no fingerprint, files, ideas, inputs or hints, built
    /// at 0, in this binary's [`format_version`].
    pub fn new(corpus: &str) -> Manifest {
        Manifest {
            corpus: corpus.into(),
            fingerprint: String::new(),
            files: 0,
            ideas: 0,
            inputs: vec![],
            hints: crate::ingest::Meta::default(),
            max_file_bytes: None,
            built_unix: 0,
            format: format_version(),
            source: None,
            commit: None,
            date: None,
        }
    }
}

/// The idea record stored (as JSON, `record` field) in the document at `addr`.
pub(crate) fn stored_idea(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    addr: DocAddress,
) -> Result<Idea> {
    let doc: TantivyDocument = searcher.doc(addr)?;
    let json = doc
        .get_first(fields.record)
        .and_then(|v| v.as_str())
        .ok_or_else(|| tantivy::TantivyError::InternalError("document without record".into()))?;
    Ok(serde_json::from_str(json)?)
}

/// An open index: reader, field handles and manifest.
pub struct IdeaIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub manifest: Manifest,
    /// The live generation's directory.
    pub dir: PathBuf,
}

const CURRENT: &str = "CURRENT";

/// How an open index reads its generation's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// tantivy's `MmapDirectory`: the files mapped into memory. A file cut
    /// short under the process kills it with SIGBUS, and garbled bytes reach
    /// the decoders unchecked; kept as the baseline of `benches/open.rs`.
    Mmap,
    /// [`files::Files`]: copied or read with `pread(2)`, never mapped,
    /// loaded and checked at open as [`files::Load`] says.
    Files(files::Load),
}

/// How [`IdeaIndex::open`] reads: [`files::Load::Auto`], a generation of
/// up to [`files::WHOLE_BYTES`] copied into memory and checked whole.
pub const READS: Reads = Reads::Files(files::Load::Auto);

/// Below this many documents a query runs in the calling thread: starting a
/// pool (about 0.1 ms a thread here) costs more than the search.
pub const PARALLEL_SEARCH_DOCS: u32 = 200_000;

/// Threads to search `index`'s segments with, one per segment up to the
/// number of cores, or `None` for a small or single-segment index.
fn search_threads(index: &Index) -> Option<usize> {
    let segments = index.searchable_segment_metas().ok()?;
    let docs: u32 = segments.iter().map(|s| s.num_docs()).sum();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = segments.len().min(cores);
    (docs >= PARALLEL_SEARCH_DOCS && threads > 1).then_some(threads)
}

/// The index format this binary writes and reads: the schema's version
/// (`schema/fields.json`), the analyzer's ([`analyzer::VERSION`]) and
/// tantivy's index format ([`tantivy::INDEX_FORMAT_VERSION`]), e.g. `s4-a2-t7`.
pub fn format_version() -> String {
    format!(
        "s{}-a{}-t{}",
        schema::version(),
        analyzer::VERSION,
        tantivy::INDEX_FORMAT_VERSION
    )
}

/// The live generation's directory under `root`, if there is one.
pub fn current_generation(root: &Path) -> Option<PathBuf> {
    let name = std::fs::read_to_string(root.join(CURRENT)).ok()?;
    let dir = root.join(name.trim());
    dir.join("manifest.json").is_file().then_some(dir)
}

/// Reads the manifest of the live generation under `root`.
pub fn manifest(root: &Path) -> Option<Manifest> {
    let dir = current_generation(root)?;
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).ok()?).ok()
}

/// Opens one generation directory: its manifest, then tantivy's files.
fn open_generation(dir: &Path, threads: Option<usize>, reads: Reads) -> Result<IdeaIndex> {
    let path = dir.join("manifest.json");
    let manifest: Manifest = serde_json::from_slice(
        &std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?,
    )
    .with_context(|| format!("reading {}", path.display()))?;
    if manifest.format != format_version() {
        return Err(Error::input(format!(
            "it was written in index format '{}', and this ideas reads '{}'",
            manifest.format,
            format_version()
        )));
    }
    let opened = match reads {
        Reads::Mmap => Index::open_in_dir(dir),
        Reads::Files(load) => Index::open(files::Files::new(dir, load)),
    };
    let mut index = opened.with_context(|| format!("opening index {}", dir.display()))?;
    schema::register_tokenizers(&index);
    let fields = Fields::resolve(&index.schema())?;
    match threads.or_else(|| search_threads(&index)) {
        Some(n) if n > 1 => index.set_multithread_executor(n)?,
        _ => {}
    }
    // Manual reload: a query process never outlives a rebuild, and the
    // default policy starts a thread to watch meta.json on every open.
    let reader: IndexReader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .with_context(|| format!("opening the segments of {}", dir.display()))?;
    // Open each text field's postings now (tantivy keeps them for the
    // query): a missing part of a file is then this error, not a failed
    // search later.
    for segment in reader.searcher().segment_readers() {
        for (field, entry) in index.schema().fields() {
            if entry.is_indexed()
                && matches!(entry.field_type(), tantivy::schema::FieldType::Str(_))
            {
                segment.inverted_index(field).with_context(|| {
                    format!("opening field '{}' of {}", entry.name(), dir.display())
                })?;
            }
        }
    }
    Ok(IdeaIndex {
        index,
        reader,
        fields,
        manifest,
        dir: dir.to_path_buf(),
    })
}

/// The build time in ms of a generation folder named `gen-<unix-ms>-<pid>`,
/// or `None` for any other name.
pub(crate) fn generation_stamp(name: &str) -> Option<u64> {
    let (ms, pid) = name.strip_prefix("gen-")?.split_once('-')?;
    pid.parse::<u32>().ok()?;
    ms.parse().ok()
}

/// The live generation's manifest, else the newest readable one of any
/// generation under `root`: what `ideas index --rebuild` rebuilds from when
/// `CURRENT` itself is lost.
pub fn any_manifest(root: &Path) -> Option<Manifest> {
    if let Some(m) = manifest(root) {
        return Some(m);
    }
    let mut gens: Vec<(u64, PathBuf)> = std::fs::read_dir(root)
        .ok()?
        .flatten()
        .filter_map(|e| {
            Some((
                generation_stamp(&e.file_name().to_string_lossy())?,
                e.path(),
            ))
        })
        .collect();
    gens.sort();
    gens.iter().rev().find_map(|(_, g)| {
        serde_json::from_slice(&std::fs::read(g.join("manifest.json")).ok()?).ok()
    })
}

/// True when `e` comes from the machine rather than the index's bytes:
/// permission denied, too many open files, out of memory. tantivy keeps the
/// `io::Error` inside its own variants (not as a `source`), so those are
/// looked into by name.
fn is_resource_error(e: &Error) -> bool {
    use tantivy::directory::error::{OpenDirectoryError, OpenReadError};
    use tantivy::TantivyError as T;
    let machine = |io: &std::io::Error| {
        matches!(
            io.kind(),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::OutOfMemory
        ) || matches!(io.raw_os_error(), Some(12 | 23 | 24)) // ENOMEM, ENFILE, EMFILE
    };
    match e.root() {
        Error::Io { source, .. } => machine(source),
        Error::Tantivy(
            T::IoError(io)
            | T::OpenReadError(OpenReadError::IoError { io_error: io, .. })
            | T::OpenDirectoryError(OpenDirectoryError::IoError { io_error: io, .. }),
        ) => machine(io),
        _ => false,
    }
}

impl IdeaIndex {
    /// Opens the live generation under `root`, read as [`READS`] says
    /// (never memory-mapped). Its segments are searched in parallel when it
    /// has more than one and at least [`PARALLEL_SEARCH_DOCS`] documents.
    ///
    /// Errors: no index there yet; [`Damaged`] for files that are missing,
    /// cut short, or garbled where [`files::Load`] checks them (every file
    /// of a generation up to [`files::WHOLE_BYTES`]), or an index of another
    /// [`format`]. Once open, a file cut short makes the searches that read
    /// it fail with an I/O error naming it.
    pub fn open(root: &Path) -> Result<IdeaIndex> {
        IdeaIndex::open_with(root, None, READS)
    }

    /// As [`IdeaIndex::open`], searching segments on `threads` threads
    /// (`None`: decided by size, as `open` does; `Some(1)`: the calling thread).
    pub fn open_threads(root: &Path, threads: Option<usize>) -> Result<IdeaIndex> {
        IdeaIndex::open_with(root, threads, READS)
    }

    /// As [`IdeaIndex::open_threads`], reading the files as `reads` says.
    pub fn open_with(root: &Path, threads: Option<usize>, reads: Reads) -> Result<IdeaIndex> {
        // A build may swap CURRENT and remove the generation we just read
        // of before we open it: if CURRENT moved, read it again. A first
        // build writes its manifest a moment before CURRENT: wait for it once.
        let damaged = |reason: String| -> Error {
            Damaged {
                root: root.to_path_buf(),
                reason,
            }
            .into()
        };
        let mut tries = 0;
        loop {
            tries += 1;
            let name = match std::fs::read_to_string(root.join(CURRENT)) {
                Ok(name) => name,
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound && any_manifest(root).is_some() =>
                {
                    if tries < 3 {
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        continue;
                    }
                    return Err(damaged(format!("{CURRENT} is missing")));
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(Error::input(format!(
                        "no index at {} (build one with `ideas index PATH... --index {}`)",
                        root.display(),
                        root.display()
                    )))
                }
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("reading {}", root.join(CURRENT).display()))
                }
            };
            let dir = root.join(name.trim());
            match open_generation(&dir, threads, reads) {
                Ok(ix) => return Ok(ix),
                Err(e) => {
                    let moved = std::fs::read_to_string(root.join(CURRENT)).ok() != Some(name);
                    if moved && tries < 5 {
                        continue;
                    }
                    // Out of file handles, memory or permission: the index
                    // may be fine, and rebuilding it would not help.
                    if is_resource_error(&e) {
                        return Err(e);
                    }
                    return Err(damaged(format!("{e:#}")));
                }
            }
        }
    }

    /// Number of documents (ideas).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The idea stored at `addr`.
    pub fn idea(&self, searcher: &tantivy::Searcher, addr: DocAddress) -> Result<Idea> {
        stored_idea(searcher, &self.fields, addr)
    }

    /// Every id in the index, sorted (from the id field's term dictionary).
    pub fn ids(&self) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let mut ids = vec![];
        for segment in searcher.segment_readers() {
            let terms = segment.inverted_index(self.fields.id)?.terms().clone();
            let mut stream = terms.stream().context("reading the id terms")?;
            while stream.advance() {
                ids.push(String::from_utf8_lossy(stream.key()).into_owned());
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// Looks an idea up by id, in any case (`LFX-2023-3/WasmEdge/...`);
    /// `None` if there is no such id ([`IdeaIndex::get`] says which are near).
    pub fn find(&self, id: &str) -> Result<Option<(DocAddress, Idea)>> {
        if let Some(found) = self.find_exact(id)? {
            return Ok(Some(found));
        }
        let lower = id.to_lowercase();
        match self.ids()?.into_iter().find(|i| i.to_lowercase() == lower) {
            Some(i) => self.find_exact(&i),
            None => Ok(None),
        }
    }

    /// The idea with this id in any case ([`IdeaIndex::find`]), else
    /// [`UnknownId`] with the nearest ids ([`IdeaIndex::nearest_ids`]).
    pub fn get(&self, id: &str) -> Result<Idea> {
        match self.find(id)? {
            Some((_, idea)) => Ok(idea),
            None => Err(UnknownId {
                given: id.to_string(),
                suggestions: self.nearest_ids(id)?,
            }
            .into()),
        }
    }

    /// Up to 3 ids of the index nearest to `given`, case ignored: those that
    /// contain it or that it contains first (shortest first), then by edit
    /// distance within a third of its length.
    pub fn nearest_ids(&self, given: &str) -> Result<Vec<String>> {
        let want = given.trim().to_lowercase();
        let mut scored: Vec<(usize, usize, String)> = self
            .ids()?
            .into_iter()
            .filter_map(|id| {
                let low = id.to_lowercase();
                let d = if !want.is_empty() && (low.contains(&want) || want.contains(&low)) {
                    0
                } else {
                    strsim::osa_distance(&want, &low)
                };
                (d <= (want.chars().count() / 3).max(1)).then_some((d, id.len(), id))
            })
            .collect();
        scored.sort();
        Ok(scored.into_iter().take(3).map(|(_, _, id)| id).collect())
    }

    fn find_exact(&self, id: &str) -> Result<Option<(DocAddress, Idea)>> {
        let searcher = self.reader.searcher();
        let term = tantivy::Term::from_field_text(self.fields.id, id);
        let q = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
        let top = searcher.search(
            &q,
            &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
        )?;
        match top.first() {
            Some(&(_, addr)) => Ok(Some((addr, self.idea(&searcher, addr)?))),
            None => Ok(None),
        }
    }

    /// Bytes on disk of the live generation.
    pub fn size_on_disk(&self) -> u64 {
        walkdir::WalkDir::new(&self.dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum()
    }
}
