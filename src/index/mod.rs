//! The on-disk index: a tantivy index per generation and a `CURRENT` pointer.
//!
//! Layout of an index directory:
//! ```text
//! DIR/CURRENT              name of the live generation (replaced atomically by rename)
//! DIR/gen-<unix-ms>-<pid>/ a tantivy index + manifest.json
//! ```
//! A build writes a new generation beside the live one and only then swaps
//! `CURRENT`, so a failed or interrupted build leaves the old index whole.

pub mod analyzer;
mod ranked;
pub mod schema;
pub mod writer;

use crate::idea::Idea;
use anyhow::{bail, Context, Result};
use schema::Fields;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, TantivyDocument};

pub use ranked::Ranked;
pub use writer::{
    body_texts, build, build_embedded, build_inputs, heap_for, BuildOptions, BuildStats, Builder,
};

/// What an index was built from, kept as `manifest.json` in each generation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// `embedded` (the corpus compiled into the binary) or `files`.
    pub corpus: String,
    /// For `embedded`: [`crate::corpus::fingerprint`] of the corpus it was built from.
    pub fingerprint: String,
    pub files: usize,
    pub ideas: usize,
    /// Paths given to `ideas index` (empty for the embedded corpus).
    pub inputs: Vec<String>,
    /// Build time, seconds since the Unix epoch.
    pub built_unix: u64,
}

impl Manifest {
    /// The manifest of an index of files and folders named by `inputs`;
    /// `files`, `ideas` and `built_unix` are filled in by the build.
    pub fn files(inputs: Vec<String>) -> Manifest {
        Manifest {
            corpus: "files".into(),
            fingerprint: String::new(),
            files: 0,
            ideas: 0,
            inputs,
            built_unix: 0,
        }
    }

    /// The manifest of an index of the embedded corpus (`files` files);
    /// `ideas` and `built_unix` are filled in by [`build`].
    pub fn embedded(files: usize) -> Manifest {
        Manifest {
            corpus: "embedded".into(),
            fingerprint: crate::corpus::fingerprint(),
            files,
            ideas: 0,
            inputs: vec![],
            built_unix: 0,
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
        .context("document without record")?;
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

impl IdeaIndex {
    /// Opens the live generation under `root` (memory-mapped). Its segments
    /// are searched in parallel when it has more than one and at least
    /// [`PARALLEL_SEARCH_DOCS`] documents.
    ///
    /// Errors: no index there yet, or files that tantivy cannot read.
    pub fn open(root: &Path) -> Result<IdeaIndex> {
        IdeaIndex::open_threads(root, None)
    }

    /// As [`IdeaIndex::open`], searching segments on `threads` threads
    /// (`None`: decided by size, as `open` does; `Some(1)`: the calling thread).
    pub fn open_threads(root: &Path, threads: Option<usize>) -> Result<IdeaIndex> {
        let Some(dir) = current_generation(root) else {
            bail!(
                "no index at {} (build one with `ideas index PATH... --index {}`)",
                root.display(),
                root.display()
            );
        };
        let manifest: Manifest = serde_json::from_slice(&std::fs::read(dir.join("manifest.json"))?)
            .with_context(|| format!("reading {}", dir.join("manifest.json").display()))?;
        let mut index =
            Index::open_in_dir(&dir).with_context(|| format!("opening index {}", dir.display()))?;
        schema::register_tokenizers(&index);
        match threads.or_else(|| search_threads(&index)) {
            Some(n) if n > 1 => index.set_multithread_executor(n)?,
            _ => {}
        }
        let fields = Fields::resolve(&index.schema())?;
        // Manual reload: a query process never outlives a rebuild, and the
        // default policy starts a thread to watch meta.json on every open.
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .context("opening index reader")?;
        Ok(IdeaIndex {
            index,
            reader,
            fields,
            manifest,
            dir,
        })
    }

    /// Number of documents (ideas).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The idea stored at `addr`.
    pub fn idea(&self, searcher: &tantivy::Searcher, addr: DocAddress) -> Result<Idea> {
        stored_idea(searcher, &self.fields, addr)
    }

    /// Looks an idea up by id; `None` if there is no such id.
    pub fn find(&self, id: &str) -> Result<Option<(DocAddress, Idea)>> {
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
