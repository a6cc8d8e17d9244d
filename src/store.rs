//! Where the indexes live and how they are built from a corpus: the user
//! cache folder, the embedded seed's index in it, the one every command
//! opens with no `--index` (the fetched history's once `ideas update` made
//! it), the builds of corpus inputs into an index, and the self-repairing
//! default open ([`open_default`]).
//!
//! The one module that names both [`crate::corpus`] and [`crate::index`]:
//! index writes whatever ideas it is given, corpus finds and reads them, and
//! this puts the two together. Above corpus, index and update, below the
//! commands and shell completion that open it. One file rather than a
//! `build` module beside it: the default open is where the seed's index is
//! built, both halves need the seed's folder and fingerprint, and together
//! they are under 300 lines.

use crate::corpus::{self, Input, StreamOptions, StreamReport};
use crate::error::{Context, Error, Result};
use crate::index::lock::WriteLock;
use crate::index::{self, BuildOptions, BuildStats, Builder, IdeaIndex, Manifest};
use crate::ingest::Meta;
use std::path::{Path, PathBuf};

/// The user cache folder of ideas (`$XDG_CACHE_HOME/ideas` on Linux,
/// `~/Library/Caches/ideas` on macOS): the embedded corpus's index is in
/// `index/`, a fetched corpus and its index in `upstream/` ([`crate::update`]).
pub fn cache_dir() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "ideas").ok_or_else(|| {
        Error::input("no home folder to keep the index cache in: pass --index DIR")
    })?;
    Ok(dirs.cache_dir().to_path_buf())
}

/// Where the embedded corpus's index lives: `index/` in [`cache_dir`].
pub fn embedded_index_dir() -> Result<PathBuf> {
    Ok(cache_dir()?.join("index"))
}

/// The index commands use with no `--index`: the fetched corpus's once
/// `ideas update` made one, else the embedded seed's.
pub fn default_index_dir() -> Result<PathBuf> {
    let fetched = crate::update::Places::under(&cache_dir()?).index;
    match index::any_manifest(&fetched) {
        Some(_) => Ok(fetched),
        None => embedded_index_dir(),
    }
}

/// Fingerprint of the embedded corpus ([`crate::corpus::embedded`]), the
/// index schema, the package version and the analyzer's version: an index
/// built from the embedded corpus is stale when this changes. The corpus and schema part (an xxh3-64
/// of `data/` and `schema/fields.json`) is computed by `build.rs` at compile
/// time, so checking it costs a query nothing.
pub fn embedded_fingerprint() -> String {
    format!(
        "{}-{}-a{}",
        env!("IDEAS_DATA_XXH3"),
        env!("CARGO_PKG_VERSION"),
        index::analyzer::VERSION
    )
}

/// True when `root` holds an index of the embedded corpus as this binary
/// embeds it (same corpus fingerprint and index format).
pub fn embedded_is_fresh(root: &Path) -> bool {
    index::manifest(root).is_some_and(|m| {
        m.corpus == "embedded"
            && m.fingerprint == embedded_fingerprint()
            && m.format == index::format_version()
    })
}

/// The manifest of an index of the embedded corpus (`files` files);
/// `ideas` and `built_unix` are filled in by the build.
pub fn embedded_manifest(files: usize) -> Manifest {
    Manifest {
        fingerprint: embedded_fingerprint(),
        files,
        ..Manifest::new("embedded")
    }
}

/// Indexes the embedded corpus ([`crate::corpus::embedded`]) as a new
/// generation under `root`, with default options: what `ideas` builds on
/// first use, and what the tests search. `None` when, once the write lock
/// was ours, another process had just built it.
pub fn build_embedded(root: &Path) -> Result<Option<BuildStats>> {
    // Several first searches at once: each waits for the lock, and all but
    // the first find the index built.
    std::fs::create_dir_all(root)
        .with_context(|| format!("creating index directory {}", root.display()))?;
    {
        let _lock = WriteLock::acquire(root, true)?;
        if embedded_is_fresh(root) && IdeaIndex::open(root).is_ok() {
            return Ok(None);
        }
    }
    let inputs = corpus::embedded();
    let manifest = embedded_manifest(inputs.len());
    let options = BuildOptions {
        wait: true,
        ..BuildOptions::default()
    };
    let stream = StreamOptions::default();
    let (_, stats) = build_inputs(
        root,
        &inputs,
        Meta::default(),
        options,
        stream,
        manifest,
        &|| {},
    )?;
    Ok(Some(stats))
}

/// The embedded corpus indexed in memory (`index::build_in_memory`): the
/// fallback when the cache folder cannot be written. Its `dir` is empty.
pub fn embedded_in_memory() -> Result<IdeaIndex> {
    let inputs = corpus::embedded();
    let loaded = corpus::load(&inputs, Meta::default(), &|| {});
    index::build_in_memory(&loaded.ideas, embedded_manifest(inputs.len()))
}

/// Parses `inputs` batch by batch ([`crate::corpus::stream`]) into a new
/// generation under `root` and makes it live: what `ideas index` does.
/// `options.input_bytes` is taken from the inputs' sizes.
///
/// Errors (the live index left as it was): a file named on the command line
/// that cannot be read or parsed, no idea in any input, or a failed write.
pub fn build_inputs(
    root: &Path,
    inputs: &[Input],
    hints: Meta,
    options: BuildOptions,
    stream: StreamOptions,
    mut manifest: Manifest,
    on_file: &(dyn Fn() + Sync),
) -> Result<(StreamReport, BuildStats)> {
    let options = BuildOptions {
        input_bytes: corpus::size(inputs),
        ..options
    };
    let mut builder = Builder::create(root, options)?;
    let read = corpus::stream(inputs, hints, stream, on_file, &mut |batch| {
        builder.add_batch(batch)
    })?;
    if let Some(bad) = read.files.iter().find(|f| f.explicit && f.error.is_some()) {
        return Err(Error::input(format!(
            "{}: {} (the index was not changed)",
            bad.path,
            bad.error.as_deref().unwrap_or_default()
        )));
    }
    if builder.ideas() == 0 {
        return Err(Error::input(
            "no ideas found in the input (the index was not changed)",
        ));
    }
    manifest.files = read.files.len();
    let stats = builder.finish(manifest)?;
    Ok((read, stats))
}

/// Why [`open_default`] or [`open_seed`] answers from another index than
/// the one it tried first. `{}` is the whole line after `warning: `, as the
/// commands print it: the error with its causes (`{:#}`), then what is done
/// instead.
#[derive(Debug)]
pub enum Warning {
    /// The fetched corpus's index did not open: the embedded seed answers.
    Fetched(Error),
    /// The seed's index did not open: it is rebuilt.
    Rebuilding(Error),
    /// The seed's index could not be built or opened in `dir` (read-only,
    /// full): it is indexed in memory for this run.
    InMemory { dir: PathBuf, error: Error },
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Fetched(e) => write!(
                f,
                "{e:#}; searching the embedded seed (`ideas update` rebuilds it)"
            ),
            Warning::Rebuilding(e) => write!(f, "{e:#}; rebuilding it"),
            Warning::InMemory { dir, error } => write!(
                f,
                "cannot keep the index in {}: {error:#}; using an in-memory index this time",
                dir.display()
            ),
        }
    }
}

/// The index a command opens with no `--index`: the corpus `ideas update`
/// fetched, if there is one; else the embedded corpus's index, as
/// [`open_seed`] opens it. A fetched corpus's index that cannot be read is
/// a [`Warning::Fetched`] to `warn`, and the seed answers.
///
/// Errors: no cache folder ([`cache_dir`]), or [`open_seed`]'s.
pub fn open_default(warn: &mut dyn FnMut(Warning)) -> Result<IdeaIndex> {
    let fetched = default_index_dir()?;
    if fetched != embedded_index_dir()? {
        match IdeaIndex::open(&fetched) {
            Ok(ix) => return Ok(ix),
            Err(e) => warn(Warning::Fetched(e)),
        }
    }
    open_seed(warn)
}

/// The embedded seed corpus's index, repairing itself: built when missing
/// or stale ([`embedded_is_fresh`]), rebuilt when it cannot be read
/// ([`Warning::Rebuilding`]), and indexed in memory for this run when the
/// cache folder cannot be written ([`Warning::InMemory`]). Each warning goes
/// to `warn` before the work it announces.
///
/// Errors: no cache folder ([`cache_dir`]), or the in-memory build failed.
pub fn open_seed(warn: &mut dyn FnMut(Warning)) -> Result<IdeaIndex> {
    let dir = embedded_index_dir()?;
    if embedded_is_fresh(&dir) {
        match IdeaIndex::open(&dir) {
            Ok(ix) => return Ok(ix),
            Err(e) => warn(Warning::Rebuilding(e)),
        }
    }
    let built = build_embedded(&dir).and_then(|_| IdeaIndex::open(&dir));
    built.or_else(|error| {
        warn(Warning::InMemory { dir, error });
        embedded_in_memory()
    })
}

#[cfg(test)]
mod tests {
    use crate::index::analyzer::{en_stem, terms, MAX_TOKEN_BYTES};
    use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer};

    /// English ranking cannot change with the analyzer: on every idea of the
    /// embedded corpus it yields tantivy's SimpleTokenizer tokens, save the
    /// technical ones it keeps whole. Here, not in `index::analyzer`,
    /// because it reads the seed corpus, which index does not name.
    #[test]
    fn english_text_tokenizes_as_before() {
        use tantivy::tokenizer::{Language, SimpleTokenizer, Stemmer};
        let mut simple = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let mut mixed = en_stem();
        let loaded = crate::corpus::load(&crate::corpus::embedded(), Default::default(), &|| {});
        let mut texts = 0;
        for idea in &loaded.ideas {
            for text in [&idea.title, &idea.description, &idea.outcome] {
                let a: Vec<String> = terms(&mut simple, text);
                // `c++` -> `c`, `.net` -> `net`: what SimpleTokenizer makes of them.
                let b: Vec<String> = terms(&mut mixed, text)
                    .iter()
                    .map(|t| t.trim_matches(['+', '#', '.']).to_string())
                    .collect();
                assert_eq!(a, b, "{}", idea.id);
                texts += 1;
            }
        }
        assert_eq!(texts, 450);
    }
}
