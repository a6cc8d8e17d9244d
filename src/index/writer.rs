//! Writing an index: one tantivy `IndexWriter` fed ideas as they are parsed,
//! into a new generation directory that replaces the live one only once it
//! is complete.

use super::lock::WriteLock;
use super::schema::{self, project_key, Fields};
use super::{IdeaIndex, Manifest, CURRENT};
use crate::error::{Context, Result};
use crate::idea::{Admitted, Idea};
use crate::ingest::names;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};
use tantivy::collector::TopDocs;
use tantivy::indexer::NoMergePolicy;
use tantivy::query::TermQuery;
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// tantivy's minimum heap per indexing thread, in bytes
/// (`tantivy::indexer::MEMORY_BUDGET_NUM_BYTES_MIN`, 15 MB) with a margin.
const HEAP_MIN_PER_THREAD: usize = 20 << 20;

/// The most heap given to the writer, in bytes, whatever the input. A flush
/// briefly needs about twice the heap: at 512 MiB a 1M-idea build peaked at
/// 1.13 GB anonymous memory (sampled /proc/PID/status).
const HEAP_MAX: usize = 256 << 20;

/// The final merge makes segments of at most this many documents, so a
/// merge never maps more than ~450 MB of input (about 1.1 KB of index per
/// idea, two thirds of it docstore). Merged in one, a 1M-idea build mapped
/// the whole 1.15 GB index at once, the peak of its RSS. Smaller corpora end
/// as one segment.
pub const MAX_SEGMENT_DOCS: u32 = 400_000;

/// How a build runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Indexing threads; 0 for one per core (at most 8).
    pub threads: usize,
    /// Bytes of text to index (markdown read, or the records' text), to size
    /// the writer's heap ([`heap_for`]); 0 if not known.
    pub input_bytes: u64,
    /// The writer's heap in bytes, instead of [`heap_for`] (raised to
    /// tantivy's minimum per thread).
    pub heap: Option<usize>,
    /// Most documents per segment after the final merge, instead of
    /// [`MAX_SEGMENT_DOCS`].
    pub segment_docs: Option<u32>,
    /// When another process is writing the same index: wait for it, instead
    /// of failing with [`super::lock::Busy`].
    pub wait: bool,
}

impl BuildOptions {
    /// Indexing threads this build uses.
    pub fn threads(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
            n => n,
        }
    }
}

/// The writer's heap for `input_bytes` of text on `threads` threads, in
/// bytes: about 4 bytes per input byte (each text is indexed in up to three
/// fields: its own, `body` and `words`), so a small corpus is one segment per
/// thread, within `[20 MiB x threads, 256 MiB]`.
pub fn heap_for(input_bytes: u64, threads: usize) -> usize {
    let want = usize::try_from(input_bytes.saturating_mul(4)).unwrap_or(usize::MAX);
    let min = HEAP_MIN_PER_THREAD * threads;
    want.clamp(min, HEAP_MAX.max(min))
}

/// What a build wrote.
#[derive(Debug, Clone)]
pub struct BuildStats {
    pub ideas: usize,
    pub dir: std::path::PathBuf,
    /// Segments in the index after the final merge: one per
    /// [`MAX_SEGMENT_DOCS`] documents or so.
    pub segments: usize,
    pub threads: usize,
    /// The writer's heap, in bytes.
    pub heap: usize,
}

/// Writes `ideas` as a new generation under `root` and makes it live: a
/// [`Builder`] fed in one go, `order` being each idea's place in the slice.
pub fn build(root: &Path, ideas: &[Idea], manifest: Manifest) -> Result<BuildStats> {
    let text: usize = ideas.iter().flat_map(body_texts).map(str::len).sum();
    let options = BuildOptions {
        input_bytes: text as u64,
        ..BuildOptions::default()
    };
    let mut b = Builder::create(root, options)?;
    for (order, idea) in ideas.iter().enumerate() {
        b.add(order as u64, idea)?;
    }
    b.finish(manifest)
}

/// `ideas` indexed in memory (tantivy's `RamDirectory`, one thread), `order`
/// being each idea's place in the slice: the fallback when the cache folder
/// cannot be written. `manifest.ideas` is set; its `dir` is empty.
pub(crate) fn build_in_memory(ideas: &[Idea], mut manifest: Manifest) -> Result<IdeaIndex> {
    let index = Index::create_in_ram(schema::build()?);
    schema::register_tokenizers(&index);
    let fields = Fields::resolve(&index.schema())?;
    let mut writer: IndexWriter = index.writer_with_num_threads(1, HEAP_MIN_PER_THREAD)?;
    for (order, idea) in ideas.iter().enumerate() {
        writer.add_document(document(&fields, order as u64, idea)?)?;
    }
    writer.commit()?;
    let reader = index.reader()?;
    manifest.ideas = ideas.len();
    Ok(IdeaIndex {
        index,
        reader,
        fields,
        manifest,
        dir: std::path::PathBuf::new(),
    })
}

/// A new index generation being written: ideas are added as they are
/// parsed, and [`Builder::finish`] commits, merges the segments (into one
/// per [`MAX_SEGMENT_DOCS`]) and makes the generation live.
///
/// The old generation stays live until the new one is committed and its
/// manifest written; then `CURRENT` is replaced by an atomic rename and older
/// generations are removed (best effort: a reader that still has one open
/// keeps working on Unix). A builder dropped before `finish` (an error, a
/// bad input) removes its directory and leaves the live index as it was.
pub struct Builder {
    root: std::path::PathBuf,
    name: String,
    dir: std::path::PathBuf,
    index: Index,
    writer: Option<IndexWriter>,
    fields: Fields,
    ideas: usize,
    /// Records to merge into ones already added ([`crate::idea::Catalog`]).
    again: Vec<(u64, Idea)>,
    threads: usize,
    heap: usize,
    segment_docs: u32,
    started: std::time::Duration,
    /// Held until the builder is dropped: one writer per index directory.
    _lock: WriteLock,
}

impl Builder {
    /// Creates an empty generation under `root` (created if missing).
    ///
    /// Takes the directory's write lock first (see [`super::lock`]), then
    /// removes what an interrupted build left: half-written `CURRENT` files,
    /// and every generation but the live one (only unfinished ones when
    /// `CURRENT` names no complete generation).
    ///
    /// Errors: another process is writing `root` ([`super::lock::Busy`],
    /// unless `options.wait`), or `root` cannot be created or written.
    pub fn create(root: &Path, options: BuildOptions) -> Result<Builder> {
        std::fs::create_dir_all(root)
            .with_context(|| format!("creating index directory {}", root.display()))?;
        let lock = WriteLock::acquire(root, options.wait)?;
        // A build killed between its manifest and the swap left a complete
        // generation no reader was ever pointed at: with a live one to keep,
        // every other goes. Without one, `--rebuild` may need their manifests.
        match super::current_generation(root) {
            Some(_) => remove_stale(root, Stale::AllButLive),
            None => remove_stale(root, Stale::Unfinished),
        }
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let name = format!("gen-{}-{}", started.as_millis(), std::process::id());
        let dir = root.join(&name);
        std::fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let threads = options.threads();
        let heap = match options.heap {
            Some(h) => h.max(HEAP_MIN_PER_THREAD * threads),
            None => heap_for(options.input_bytes, threads),
        };
        let opened = (|| -> Result<(Index, IndexWriter, Fields)> {
            let index = Index::create_in_dir(&dir, schema::build()?)?;
            schema::register_tokenizers(&index);
            let fields = Fields::resolve(&index.schema())?;
            let writer: IndexWriter = index.writer_with_num_threads(threads, heap)?;
            // One merge at the end beats merging as segments appear: a bulk
            // build never searches its own partial segments.
            writer.set_merge_policy(Box::new(NoMergePolicy));
            Ok((index, writer, fields))
        })();
        let (index, writer, fields) = match opened {
            Ok(x) => x,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dir);
                return Err(e);
            }
        };
        Ok(Builder {
            root: root.to_path_buf(),
            name,
            dir,
            index,
            writer: Some(writer),
            fields,
            ideas: 0,
            again: vec![],
            threads,
            heap,
            segment_docs: options.segment_docs.unwrap_or(MAX_SEGMENT_DOCS),
            started,
            _lock: lock,
        })
    }

    /// Adds one idea; `order` is its place in corpus order, which breaks
    /// ties in score (see [`super::Ranked`]) the same way in every build.
    pub fn add(&mut self, order: u64, idea: &Idea) -> Result<()> {
        self.writer()
            .add_document(document(&self.fields, order, idea)?)?;
        self.ideas += 1;
        Ok(())
    }

    /// Adds a batch from [`crate::idea::Catalog::admit`]: its new ideas now,
    /// its repeats merged into their first record by [`Builder::finish`].
    pub fn add_batch(&mut self, batch: Admitted) -> Result<()> {
        for (order, idea) in &batch.fresh {
            self.add(*order, idea)?;
        }
        self.again.extend(batch.again);
        Ok(())
    }

    /// Ideas added so far.
    pub fn ideas(&self) -> usize {
        self.ideas
    }

    fn writer(&self) -> &IndexWriter {
        self.writer
            .as_ref()
            .expect("writer is taken only by finish")
    }

    /// Commits, merges repeats into their first record, merges the segments
    /// (into one per [`MAX_SEGMENT_DOCS`]), writes `manifest` and makes this
    /// generation live.
    pub fn finish(mut self, manifest: Manifest) -> Result<BuildStats> {
        let writer = self.writer.take().expect("finish runs once");
        let result = self.complete(writer, manifest);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        result
    }

    fn complete(&mut self, mut writer: IndexWriter, mut manifest: Manifest) -> Result<BuildStats> {
        writer.commit()?;
        if !self.again.is_empty() {
            self.merge_repeats(&mut writer)?;
        }
        // Only ids past this line: a live SegmentMeta keeps its segment's
        // files from garbage collection (tantivy's inventory).
        let groups = {
            let metas = self.index.searchable_segment_metas()?;
            merge_groups(
                metas.iter().map(|m| (m.num_docs(), m.id())),
                self.segment_docs,
            )
        };
        // Each merge ends by collecting the merged-away segments' files.
        for group in groups {
            writer.merge(&group).wait()?;
        }
        writer.wait_merging_threads()?;
        let segments = self.index.searchable_segment_ids()?.len();
        manifest.ideas = self.ideas;
        manifest.built_unix = self.started.as_secs();
        manifest.format = super::format_version();
        // Durable before the swap: tantivy syncs its own files on commit,
        // and a crash after the rename must find a whole generation.
        write_synced(
            &self.dir.join("manifest.json"),
            &serde_json::to_vec_pretty(&manifest)?,
        )?;
        let tmp = self
            .root
            .join(format!("{CURRENT}.{}.tmp", std::process::id()));
        write_synced(&tmp, self.name.as_bytes())?;
        std::fs::rename(&tmp, self.root.join(CURRENT))
            .with_context(|| format!("swapping {}", self.root.join(CURRENT).display()))?;
        if let Ok(d) = std::fs::File::open(&self.root) {
            let _ = d.sync_all();
        }
        remove_stale(&self.root, Stale::AllButLive);
        Ok(BuildStats {
            ideas: self.ideas,
            dir: self.dir.clone(),
            segments,
            threads: self.threads,
            heap: self.heap,
        })
    }

    /// Replaces each first record of a repeated idea by the merged one.
    fn merge_repeats(&mut self, writer: &mut IndexWriter) -> Result<()> {
        let searcher = self.index.reader()?.searcher();
        let mut merged: std::collections::BTreeMap<u64, Idea> = Default::default();
        for (order, repeat) in std::mem::take(&mut self.again) {
            let first = match merged.remove(&order) {
                Some(idea) => Some(idea),
                None => self.stored(&searcher, order)?,
            };
            if let Some(mut first) = first {
                first.merge(repeat);
                merged.insert(order, first);
            }
        }
        for (order, idea) in merged {
            writer.delete_term(Term::from_field_u64(self.fields.order, order));
            writer.add_document(document(&self.fields, order, &idea)?)?;
        }
        writer.commit()?;
        Ok(())
    }

    /// The record added with `order`.
    fn stored(&self, searcher: &tantivy::Searcher, order: u64) -> Result<Option<Idea>> {
        let q = TermQuery::new(
            Term::from_field_u64(self.fields.order, order),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        let Some(&(_, addr)) = top.first() else {
            return Ok(None);
        };
        super::stored_idea(searcher, &self.fields, addr).map(Some)
    }
}

impl Drop for Builder {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            // Not finished: the generation is incomplete.
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Segments to merge, given as `(documents, id)` in segment order: runs of
/// neighbours of at most `cap` documents in all (a larger segment stays
/// alone); groups of one are left out.
fn merge_groups<T>(segments: impl IntoIterator<Item = (u32, T)>, cap: u32) -> Vec<Vec<T>> {
    let mut groups: Vec<(u32, Vec<T>)> = vec![];
    for (docs, id) in segments {
        match groups.last_mut() {
            Some((n, ids)) if n.saturating_add(docs) <= cap => {
                *n += docs;
                ids.push(id);
            }
            _ => groups.push((docs, vec![id])),
        }
    }
    groups
        .into_iter()
        .map(|(_, ids)| ids)
        .filter(|ids| ids.len() > 1)
        .collect()
}

/// Writes `bytes` to `path` and syncs it to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(path)?;
        std::io::Write::write_all(&mut f, bytes)?;
        f.sync_all()
    };
    write().with_context(|| format!("writing {}", path.display()))
}

/// Which generations [`remove_stale`] removes.
#[derive(Clone, Copy, PartialEq)]
enum Stale {
    /// Before a build when `CURRENT` names no complete generation: only
    /// generations a build never finished (no `manifest.json`), so that a
    /// lost or garbled `CURRENT` never costs the complete generations
    /// `--rebuild` may still need.
    Unfinished,
    /// After a swap, or before a build when `CURRENT` names a complete
    /// generation: every generation but that one. A reader that had just
    /// read an older name finds `CURRENT` moved and opens the live one
    /// ([`IdeaIndex::open`]); one that has it open keeps its files (open
    /// descriptors and copies).
    AllButLive,
}

/// Removes stale generations under `root` (see [`Stale`]) and any
/// `CURRENT.*.tmp`: what a killed build left, and old generations after a
/// swap. Only names of the form `gen-<digits>-<digits>` are touched. Only
/// called with the write lock held; best effort (a reader that still has an
/// old generation open keeps working on Unix).
fn remove_stale(root: &Path, which: Stale) {
    let live = std::fs::read_to_string(root.join(CURRENT)).unwrap_or_default();
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if super::generation_stamp(&name).is_some() && name != live.trim() {
            let finished = e.path().join("manifest.json").is_file();
            if which == Stale::AllButLive || !finished {
                let _ = std::fs::remove_dir_all(e.path());
            }
        } else if name.starts_with(&format!("{CURRENT}.")) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The texts indexed in the `body` and `words` fields: title, project,
/// description, outcome and each skill.
pub fn body_texts(idea: &Idea) -> impl Iterator<Item = &str> {
    [&idea.title, &idea.project, &idea.description, &idea.outcome]
        .into_iter()
        .chain(&idea.skills)
        .map(String::as_str)
}

/// The tantivy document of an idea (see `schema/fields.json`), `order` its
/// place in corpus order (the tie-break of [`super::Ranked`]).
pub fn document(f: &Fields, order: u64, idea: &Idea) -> Result<TantivyDocument> {
    let mut doc = TantivyDocument::default();
    doc.add_u64(f.order, order);
    doc.add_text(f.id, &idea.id);
    doc.add_text(f.record, serde_json::to_string(idea)?);
    doc.add_text(f.title, &idea.title);
    for s in &idea.skills {
        doc.add_text(f.skills, s);
        doc.add_text(f.skill_key, s.to_lowercase());
        // A known skill counts under its display name (`Go`), another lowercased.
        let label = names::skill(s).map_or_else(|| s.to_lowercase(), str::to_string);
        doc.add_facet(f.skill_facet, Facet::from_path([label]));
    }
    // Every alias of each project (`OPA`, `TUF`): the heading's own
    // spelling, replaced by the canonical name at ingest, stays searchable.
    for p in idea.projects() {
        doc.add_text(f.project, p);
        for alias in names::project_spellings(p) {
            doc.add_text(f.project, alias);
        }
    }
    if let Some(g) = &idea.group {
        doc.add_text(f.project, g);
    }
    doc.add_text(f.description, &idea.description);
    doc.add_text(f.outcome, &idea.outcome);
    for text in body_texts(idea) {
        doc.add_text(f.words, text);
        doc.add_text(f.body, text);
    }
    for m in &idea.mentors {
        doc.add_text(f.mentors, m);
    }
    doc.add_text(f.program, idea.program.key());
    doc.add_text(f.status, idea.status.key());
    // A joint idea is found by its heading and by each of its projects.
    doc.add_text(f.project_key, project_key(&idea.project));
    for p in &idea.joint {
        doc.add_text(f.project_key, project_key(p));
    }
    doc.add_u64(f.year, idea.year as u64);
    if let Some(t) = idea.term {
        doc.add_u64(f.term, t as u64);
    }
    doc.add_facet(f.program_facet, Facet::from_path([idea.program.key()]));
    doc.add_facet(f.status_facet, Facet::from_path([idea.status.key()]));
    for p in idea.projects() {
        doc.add_text(f.project_name, p);
        doc.add_facet(
            f.project_year_facet,
            Facet::from_path([p.to_string(), idea.year.to_string()]),
        );
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_groups_pack_neighbours_up_to_the_cap() {
        let k = 1000;
        let segments = [(300 * k, 'a'), (50 * k, 'b'), (60 * k, 'c'), (500 * k, 'd')];
        let tail = [(10 * k, 'e'), (20 * k, 'f')];
        let got = merge_groups(segments.into_iter().chain(tail), MAX_SEGMENT_DOCS);
        assert_eq!(got, vec![vec!['a', 'b'], vec!['e', 'f']]);
        assert_eq!(
            merge_groups([(9, 'x'), (9, 'y'), (9, 'z')], MAX_SEGMENT_DOCS),
            vec![vec!['x', 'y', 'z']]
        );
        assert_eq!(
            merge_groups([(9, 'x'), (9, 'y'), (9, 'z')], 18),
            vec![vec!['x', 'y']]
        );
        assert!(merge_groups([(9, 'x')], MAX_SEGMENT_DOCS).is_empty());
    }
}
