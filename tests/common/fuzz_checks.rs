// The properties the cargo-fuzz targets assert (fuzz/fuzz_targets/*.rs),
// included there and in tests/fuzz_regressions.rs, so that a kept crash
// input is checked exactly as the fuzzer checked it.

/// Paths that give program, year and term in each upstream style, and one
/// that gives none (the parse must then fail cleanly). The first byte of a
/// fuzz input picks one.
pub const INGEST_PATHS: [&str; 4] = [
    "programs/lfx-mentorship/2024/01-Mar-May/project_ideas.md",
    "programs/summerofcode/2025.md",
    "programs/lfx-mentorship/2021/02-Jun-Aug/README.md",
    "notes.md",
];

/// Parses `data[1..]` under the path `data[0]` picks: records or an error,
/// never a panic; every record has a title, a project and a source line
/// inside the file.
pub fn check_ingest(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let path = INGEST_PATHS[pick as usize % INGEST_PATHS.len()];
    if let Ok(parsed) = ideas::ingest::parse(bytes, path, ideas::ingest::Meta::default()) {
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        for idea in &parsed.ideas {
            assert!(!idea.title.trim().is_empty(), "empty title: {}", idea.id);
            assert!(
                !idea.project.trim().is_empty(),
                "empty project: {}",
                idea.id
            );
            for s in &idea.sources {
                let line = s.line as usize;
                assert!(line >= 1 && line <= lines, "line {line} of {lines}");
            }
        }
    }
}

/// Searches `data` (if UTF-8) in `ix`: hits or an error, never a panic.
pub fn check_query(ix: &ideas::index::IdeaIndex, data: &[u8]) {
    let Ok(q) = std::str::from_utf8(data) else {
        return;
    };
    let filters = ideas::search::Filters::default();
    if let Ok(r) = ideas::search::Request::new(q)
        .filters(filters.clone())
        .run(ix)
    {
        assert!(r.hits.len() <= 10 && r.every_word <= r.total);
    }
}
