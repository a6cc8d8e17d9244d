//! Every input the fuzzers ever crashed on, kept under
//! `tests/fixtures/fuzz/<target>/` and checked as the fuzz target checks it.

use crate::common::fuzz_checks;
use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn ingest_crashes_stay_fixed() {
    let kept = inputs("ingest");
    assert!(!kept.is_empty());
    for (name, data) in kept {
        eprintln!("{name}");
        fuzz_checks::check_ingest(&data);
    }
}

#[test]
fn query_crashes_stay_fixed() {
    let ix = ideas::store::embedded_in_memory().unwrap();
    for (name, data) in inputs("query") {
        eprintln!("{name}");
        fuzz_checks::check_query(&ix, &data);
    }
}

#[test]
fn a_wordless_heading_is_never_a_project() {
    let list = "# Term 01 - 2024 March - May\n\n### Linkerd\n\n#### Benchmarks\n\n- Description: a\n\n# \n\n#### Conformance testing\n\n- Description: b\n";
    let parsed = ideas::ingest::parse(
        list.as_bytes(),
        fuzz_checks::INGEST_PATHS[0],
        ideas::ingest::Meta::default(),
    )
    .unwrap();
    let projects: Vec<&str> = parsed.ideas.iter().map(|i| i.project.as_str()).collect();
    assert_eq!(projects, ["Linkerd", "Linkerd"], "{:?}", parsed.warnings);
}
