//! Fingerprints the embedded corpus (`data/`) and the index schema
//! (`schema/fields.json`) at compile time, so that a query never re-reads or
//! re-hashes the corpus to know whether its cached index is current
//! (`ideas::corpus::fingerprint`).

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=data");
    println!("cargo:rerun-if-changed=schema/fields.json");
    // Ingest reads these (src/ingest/names.rs): a change re-indexes the corpus.
    println!("cargo:rerun-if-changed=schema/projects.json");
    println!("cargo:rerun-if-changed=schema/skills.json");
    let mut files: Vec<_> = walkdir::WalkDir::new("data")
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.push(Path::new("schema/fields.json").to_path_buf());
    files.push(Path::new("schema/projects.json").to_path_buf());
    files.push(Path::new("schema/skills.json").to_path_buf());
    files.sort();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for path in files {
        let bytes = std::fs::read(&path).expect("reading the embedded corpus");
        let name = path.to_string_lossy().replace('\\', "/");
        h.update(name.as_bytes());
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    println!("cargo:rustc-env=IDEAS_DATA_XXH3={:016x}", h.digest());
    browser_cfg();
    // A position-dependent `ideas` binary: a PIE carries ~37k relocations
    // that the loader applies on every start, touching ~200 pages of
    // .data.rel.ro. A search is one short process, so this is a quarter of
    // its page faults (benches/compare.py; README, Speed). Bins only: proc
    // macros and tests keep the default.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu")
    {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// `cfg(no_browser)` when tests/browser.rs has no headless Chromium to
/// drive: its tests are then `#[ignore]`d, so `cargo test` says "ignored"
/// in its summary rather than a bare `ok`. `IDEAS_BROWSER_TEST=require`
/// (.ci/run) keeps them on, to fail. The tools are found as the test finds
/// them (`CHROMIUM`, `CHROMEDRIVER`, else Debian's paths).
fn browser_cfg() {
    println!("cargo:rustc-check-cfg=cfg(no_browser)");
    for var in ["CHROMIUM", "CHROMEDRIVER", "IDEAS_BROWSER_TEST"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let mut missing = false;
    for (var, default) in [
        ("CHROMIUM", "/usr/bin/chromium"),
        ("CHROMEDRIVER", "/usr/bin/chromedriver"),
    ] {
        let tool = std::env::var_os(var).map_or_else(|| default.into(), std::path::PathBuf::from);
        // Its folder, not the file: a path that does not exist would rerun
        // this script on every build; the folder changes when it is installed.
        // Never `/`: cargo walks a watched folder whole, every build.
        if let Some(dir) = tool.parent().filter(|d| d.is_dir() && d.parent().is_some()) {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        missing |= !tool.is_file();
    }
    if missing && std::env::var("IDEAS_BROWSER_TEST").as_deref() != Ok("require") {
        println!("cargo:rustc-cfg=no_browser");
    }
}
