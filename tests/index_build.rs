//! The streaming build (`corpus::stream` into `index::Builder`): batch size
//! and thread count change nothing in the index, repeats across batches
//! are merged, and a build that stops before `finish` leaves no trace.

use ideas::corpus::{self, StreamOptions};
use ideas::idea::Idea;
use ideas::index::{self, BuildOptions, Builder, IdeaIndex, Manifest};
use ideas::ingest::Meta;
use ideas::search;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::query::AllQuery;

fn manifest() -> Manifest {
    Manifest::files(vec![])
}

/// The seeds and one term whose ideas are split over two files (proposals
/// and accepted list): `tests/fixtures/programs/lfx-mentorship/2021/02-Jun-Aug`.
fn inputs() -> Vec<corpus::Input> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    corpus::discover(&[
        root.join("data"),
        root.join("tests/fixtures/programs/lfx-mentorship/2021/02-Jun-Aug"),
    ])
    .unwrap()
}

/// Builds `inputs` with batches of `batch_bytes` and `threads` threads.
fn build(dir: &Path, batch_bytes: u64, threads: usize) -> index::BuildStats {
    build_with(
        dir,
        batch_bytes,
        BuildOptions {
            threads,
            ..BuildOptions::default()
        },
    )
}

fn build_with(dir: &Path, batch_bytes: u64, options: BuildOptions) -> index::BuildStats {
    let threads = options.threads;
    let stream = StreamOptions {
        threads,
        batch_bytes,
        ..StreamOptions::default()
    };
    let (_, stats) = ideas::store::build_inputs(
        dir,
        &inputs(),
        Meta::default(),
        options,
        stream,
        manifest(),
        &|| {},
    )
    .unwrap();
    stats
}

/// Every stored record, by id.
fn records(dir: &Path) -> BTreeMap<String, Idea> {
    let ix = IdeaIndex::open(dir).unwrap();
    let searcher = ix.reader.searcher();
    let top = searcher
        .search(&AllQuery, &TopDocs::with_limit(10_000).order_by_score())
        .unwrap();
    top.into_iter()
        .map(|(_, addr)| {
            let idea = ix.idea(&searcher, addr).unwrap();
            (idea.id.clone(), idea)
        })
        .collect()
}

fn top_ids(dir: &Path, q: &str) -> Vec<String> {
    let ix = IdeaIndex::open(dir).unwrap();
    search::Request::new(q)
        .run(&ix)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.idea.id)
        .collect()
}

#[test]
fn batches_and_threads_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    let per_file = tmp.path().join("per-file");
    // One batch, as `corpus::load` reads.
    let a = build(&whole, u64::MAX, 2);
    // Every file its own batch: the README's ideas repeat ones already indexed.
    let b = build(&per_file, 1, 1);
    assert_eq!(a.ideas, b.ideas);
    assert_eq!((a.segments, b.segments), (1, 1));
    assert_eq!((a.threads, b.threads), (2, 1));
    let (ra, rb) = (records(&whole), records(&per_file));
    assert_eq!(ra.len(), a.ideas);
    let loaded = corpus::load(&inputs(), Meta::default(), &|| {});
    assert_eq!(ra.len(), loaded.ideas.len());
    for (id, idea) in &ra {
        assert_eq!(Some(idea), rb.get(id), "{id}");
    }
    // The repeat across batches was merged, not indexed twice or dropped:
    // both sources and the LFX URL that only the README gives.
    let falco =
        &rb["lfx-2021-2/falco/falco-rules-for-ephemeral-containers-in-the-kubernetes-audit-log"];
    assert_eq!(falco.sources.len(), 2, "{:?}", falco.sources);
    assert!(falco.lfx_url.is_some());
    for q in [
        "kubernetes",
        "webassembly plugin",
        "ephemeral containers",
        "rust",
    ] {
        assert_eq!(top_ids(&whole, q), top_ids(&per_file, q), "{q}");
    }
}

#[test]
fn a_build_dropped_before_finish_leaves_the_live_index() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ix");
    build(&dir, u64::MAX, 1);
    let before = records(&dir);
    let live = index::current_generation(&dir).unwrap();
    {
        let mut builder = Builder::create(&dir, BuildOptions::default()).unwrap();
        let idea = before.values().next().unwrap();
        builder.add(0, idea).unwrap();
        // Dropped: an error or a bad input stopped the build.
    }
    assert_eq!(index::current_generation(&dir).unwrap(), live);
    assert_eq!(records(&dir), before);
    let gens = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("gen-")
        })
        .count();
    assert_eq!(gens, 1, "the dropped generation was not removed");
}

#[test]
fn heap_grows_with_the_input_within_bounds() {
    assert_eq!(index::heap_for(0, 2), 40 << 20);
    assert_eq!(index::heap_for(30 << 20, 2), 120 << 20);
    assert_eq!(index::heap_for(10 << 30, 2), 256 << 20);
    assert!(index::heap_for(1, 64) >= 64 * (15 << 20));
}

/// Project and year counts come from fast-field columns: they must equal a
/// tally of the matching records, over every idea and over a query's
/// matches, on an index of several segments (2 threads, 1 file a batch).
#[test]
fn facet_counts_equal_a_tally_of_the_records() {
    use ideas::facets::{self, Dim};
    use tantivy::query::Query;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ix");
    build(&dir, 1, 2);
    let ix = IdeaIndex::open(&dir).unwrap();
    let searcher = ix.reader.searcher();
    let kubernetes = ideas::query::prepare(&ix, "kubernetes", &ideas::query::Ranking::tuned())
        .unwrap()
        .query;
    for (name, q) in [
        ("all", Box::new(AllQuery) as Box<dyn Query>),
        ("kubernetes", kubernetes),
    ] {
        let matched = searcher
            .search(&*q, &TopDocs::with_limit(10_000).order_by_score())
            .unwrap();
        assert!(matched.len() > 10, "{name}");
        let mut projects: BTreeMap<String, u64> = BTreeMap::new();
        let mut years: BTreeMap<String, u64> = BTreeMap::new();
        for (_, addr) in matched {
            let idea = ix.idea(&searcher, addr).unwrap();
            for p in idea.projects() {
                *projects.entry(p.to_string()).or_default() += 1;
            }
            *years.entry(idea.year.to_string()).or_default() += 1;
        }
        let got = |dim| -> BTreeMap<String, u64> {
            facets::count(&ix, &*q, dim)
                .unwrap()
                .into_iter()
                .map(|c| (c.value, c.count))
                .collect()
        };
        assert_eq!(got(Dim::Project), projects, "{name}");
        assert_eq!(got(Dim::Year), years, "{name}");
    }
}

/// `index::Ranked` (which reads `order` only for would-be hits) returns
/// exactly a full sort of every match by score, then corpus order, sliced
/// at `offset..offset + limit`: on queries with many equal scores.
#[test]
fn ranked_equals_a_full_sort_with_ties_in_corpus_order() {
    use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::Term;
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), 64 << 10, 2);
    let ix = IdeaIndex::open(dir.path()).unwrap();
    let searcher = ix.reader.searcher();
    let order = |addr: tantivy::DocAddress| {
        searcher
            .segment_reader(addr.segment_ord)
            .fast_fields()
            .u64("order")
            .unwrap()
            .first(addr.doc_id)
            .unwrap()
    };
    let term = |f, w: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(f, w),
            IndexRecordOption::Basic,
        ))
    };
    let queries: Vec<Box<dyn Query>> = vec![
        Box::new(AllQuery),
        term(ix.fields.program, "lfx"),
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, term(ix.fields.program, "gsoc")),
            (Occur::Should, term(ix.fields.title, "kubernet")),
        ])),
    ];
    for q in &queries {
        let all = searcher
            .search(&**q, &TopDocs::with_limit(10_000).order_by_score())
            .unwrap();
        let mut want: Vec<(f32, u64, tantivy::DocAddress)> =
            all.into_iter().map(|(s, a)| (s, order(a), a)).collect();
        want.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        assert!(want.len() > 20);
        for (limit, offset) in [(10, 0), (7, 3), (25, 13), (5, want.len() - 2), (0, 4)] {
            let got = searcher
                .search(&**q, &index::Ranked::new(limit, offset))
                .unwrap();
            let expect: Vec<(f32, tantivy::DocAddress)> = want
                .iter()
                .skip(offset)
                .take(limit)
                .map(|&(s, _, a)| (s, a))
                .collect();
            assert_eq!(got, expect, "limit {limit} offset {offset}");
        }
    }
}

/// The final merge leaves only the live segments' files: a build of several
/// segments (2 threads, small batches) that kept the merged-away ones had
/// twice the index on disk.
#[test]
fn merged_away_segments_leave_no_files() {
    let dir = tempfile::tempdir().unwrap();
    let stats = build(dir.path(), 64 << 10, 2);
    let mut stems: Vec<String> = std::fs::read_dir(&stats.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".store") || n.ends_with(".idx") || n.ends_with(".term"))
        .map(|n| n.split('.').next().unwrap().to_string())
        .collect();
    stems.sort();
    stems.dedup();
    assert_eq!(stats.segments, 1);
    assert_eq!(stems.len(), stats.segments, "segment files: {stems:?}");
}

#[test]
fn segments_searched_in_parallel_answer_as_one_thread_does() {
    let dir = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        threads: 2,
        // Tantivy's least heap, and a cap below one thread's share: the
        // segments each thread wrote stay apart.
        heap: Some(0),
        segment_docs: Some(40),
        ..BuildOptions::default()
    };
    let stats = build_with(dir.path(), 16 << 10, options);
    assert!(stats.segments >= 2, "{} segments", stats.segments);
    let serial = IdeaIndex::open_threads(dir.path(), Some(1)).unwrap();
    let parallel = IdeaIndex::open_threads(dir.path(), Some(2)).unwrap();
    let pooled =
        |ix: &IdeaIndex| matches!(ix.index.search_executor(), tantivy::Executor::ThreadPool(_));
    assert!(pooled(&parallel) && !pooled(&serial));
    // Small: `open` keeps it in the calling thread.
    assert!(!pooled(&IdeaIndex::open(dir.path()).unwrap()));
    let answer = |ix: &IdeaIndex, q: &str, offset: usize| {
        let r = search::Request::new(q)
            .limit(7)
            .offset(offset)
            .run(ix)
            .unwrap();
        let hits: Vec<(String, u32)> = r
            .hits
            .iter()
            .map(|h| (h.idea.id.clone(), h.score.to_bits()))
            .collect();
        (r.total, r.every_word, hits, format!("{:?}", r.facets))
    };
    for q in [
        "kubernetes",
        "webassembly plugin",
        "documentation website",
        "go",
    ] {
        for offset in [0, 5] {
            let one = answer(&serial, q, offset);
            assert!(one.0 > 7, "{q}: {} matches", one.0);
            assert_eq!(one, answer(&parallel, q, offset), "{q} at offset {offset}");
        }
    }
}
