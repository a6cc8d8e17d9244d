//! Helpers shared by the test modules: ingest lookups here, the binary in
//! [`cli`], the API in process in [`api`], the fuzz targets' checks in
//! [`fuzz_checks`] and the F3 markdown shapes in [`shapes`].

pub mod api;
pub mod cli;
pub mod fuzz_checks;
pub mod shapes;

use ideas::idea::Idea;
use ideas::ingest::{self, Meta};
use std::path::{Path, PathBuf};

/// Parses `root/rel` (root relative to the crate), recording `rel` as the
/// path, as the embedded corpus does for `data/`.
pub fn load_from(root: &str, rel: &str) -> Vec<Idea> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(root)
        .join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    ingest::parse(&bytes, rel, Meta::default())
        .unwrap_or_else(|e| panic!("parsing {rel}: {e}"))
        .ideas
}

pub fn listing(ideas: &[Idea]) -> String {
    ideas
        .iter()
        .map(|i| format!("  {} (line {})", i.id, i.sources[0].line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The idea with this id; on failure, lists the ids that are there.
pub fn by_id<'a>(ideas: &'a [Idea], id: &str) -> &'a Idea {
    ideas
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no idea with id {id}; ideas are:\n{}", listing(ideas)))
}

/// The only idea with this title; on failure, lists the ids that are there.
pub fn by_title<'a>(ideas: &'a [Idea], title: &str) -> &'a Idea {
    let found: Vec<&Idea> = ideas.iter().filter(|i| i.title == title).collect();
    match found.as_slice() {
        [one] => one,
        [] => panic!("no idea titled {title:?}; ideas are:\n{}", listing(ideas)),
        many => panic!(
            "{} ideas titled {title:?}: {:?}",
            many.len(),
            many.iter().map(|i| &i.id).collect::<Vec<_>>()
        ),
    }
}

/// The embedded corpus, indexed once per test binary in a temporary folder.
pub fn embedded_index() -> &'static ideas::index::IdeaIndex {
    use ideas::index::IdeaIndex;
    static IX: std::sync::OnceLock<(tempfile::TempDir, IdeaIndex)> = std::sync::OnceLock::new();
    &IX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        ideas::store::build_embedded(dir.path()).unwrap();
        let ix = IdeaIndex::open(dir.path()).unwrap();
        (dir, ix)
    })
    .1
}

/// The live generation's file with extension `ext` in the index at `root`
/// (the first one listed, if several).
pub fn index_file(root: &Path, ext: &str) -> PathBuf {
    let gen = ideas::index::current_generation(root).unwrap();
    std::fs::read_dir(gen)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == ext))
        .unwrap_or_else(|| panic!("no .{ext} file in the index at {}", root.display()))
}

/// Cuts the file at `p`, in place, to `1/parts` of its length.
pub fn cut(p: &Path, parts: u64) {
    let len = std::fs::metadata(p).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(p).unwrap();
    f.set_len(len / parts).unwrap();
}

/// The whole upstream history (`../shared/corpus/cncf-mentoring`, beside the
/// crate), or `None` after printing "skipped: ../shared/corpus absent" when
/// it is not there. Under CI (env `CI` set) its absence fails the test.
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/cncf-mentoring");
    if dir.join("programs").is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!("{} is absent, and CI needs it", dir.display());
    }
    eprintln!("skipped: ../shared/corpus absent");
    None
}

/// Pasted text tantivy's grammar refuses, searched as plain words with a
/// note (issue 17, item 2): the text, the seed idea it finds first (if
/// checked), and what the note says.
pub const REFUSED_QUERIES: &[(&str, Option<&str>, &str)] = &[
    (
        "Move2Kube: WASM Transformers",
        Some("lfx-2023-3/konveyor/move2kube-wasm-transformers"),
        "'Move2Kube:' is not a field",
    ),
    (
        "Harbor Satellite: Q&A",
        Some("lfx-2025-3/harbor/harbor-satellite-q-a-and-docs"),
        "'Satellite:' is not a field",
    ),
    (
        "\"harbor satellite",
        None,
        "the \" at column 1 is not closed",
    ),
    ("(wasm plugin", None, "the ( at column 1 is not closed"),
    (
        "https://github.com/kubeedge/kubeedge/issues/4946",
        None,
        "a URL is not query syntax",
    ),
];

/// Query syntax that is searched as such, with no note.
pub const REAL_SYNTAX: &[&str] = &[
    "title:rust",
    "\"reference docs\"",
    "kubernetes -wasm",
    "rust AND go",
    "outcome:*",
];

/// Proptest's settings with `cases` cases, failures kept beside the test's
/// source (`tests/query_props.rs` -> `tests/query_props.proptest-regressions`).
/// Proptest's default looks for a `main.rs` above the source, finds
/// tests/main.rs and would read and write `proptest-regressions/*.txt`
/// at the crate root instead.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, FileFailurePersistence};
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}
