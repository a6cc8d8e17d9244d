//! Input files: the embedded default corpus (`data/`, compiled into the
//! binary) and files or folders named on the command line, read and parsed
//! in parallel (rayon).

use crate::idea::{self, Idea};
use crate::ingest::{self, Meta, Warning};
use anyhow::{bail, Result};
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
}

#[derive(Debug, Clone)]
pub enum InputSource {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

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
            });
        }
        stack.extend(dir.dirs());
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Hex digest (xxh3-64) of the embedded corpus and the index schema: an index
/// built from the embedded corpus is stale when this changes.
pub fn fingerprint() -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(crate::index::schema::FIELDS_JSON.as_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(&crate::index::analyzer::VERSION.to_le_bytes());
    for input in embedded() {
        if let InputSource::Embedded(bytes) = input.source {
            h.update(input.path.as_bytes());
            h.update(&(bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
    }
    format!("{:016x}", h.digest())
}

/// Expands command-line paths: files as given, folders walked for `*.md`.
///
/// Errors: a path that does not exist, or a folder holding no markdown.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut out = vec![];
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| anyhow::anyhow!("{}: {}", p.display(), io_reason(&e)))?;
        if meta.is_dir() {
            let before = out.len();
            for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => bail!(
                        "{}: {}",
                        e.path().unwrap_or(p).display(),
                        e.io_error().map(io_reason).unwrap_or_else(|| e.to_string())
                    ),
                };
                if entry.file_type().is_file() && is_markdown(entry.path()) {
                    out.push(Input {
                        path: entry.path().display().to_string(),
                        source: InputSource::Disk(entry.into_path()),
                        explicit: false,
                    });
                }
            }
            if out.len() == before {
                bail!("{}: no markdown files (*.md) in this folder", p.display());
            }
        } else {
            out.push(Input {
                path: p.display().to_string(),
                source: InputSource::Disk(p.clone()),
                explicit: true,
            });
        }
    }
    Ok(out)
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

/// Reads and parses inputs in parallel; `hints` fill program/year/term that
/// neither a file's path nor its title gives. `on_file` is called once per file
/// as it is done (for progress bars).
pub fn load(inputs: &[Input], hints: Meta, on_file: &(dyn Fn() + Sync)) -> Loaded {
    let parsed: Vec<(FileReport, Vec<Idea>, u64)> = inputs
        .par_iter()
        .map(|input| {
            let bytes: std::borrow::Cow<[u8]> = match &input.source {
                InputSource::Embedded(b) => (*b).into(),
                InputSource::Disk(p) => match std::fs::read(p) {
                    Ok(b) => b.into(),
                    Err(e) => {
                        on_file();
                        let report = FileReport {
                            path: input.path.clone(),
                            explicit: input.explicit,
                            ideas: 0,
                            warnings: vec![],
                            error: Some(io_reason(&e)),
                        };
                        return (report, vec![], 0);
                    }
                },
            };
            let result = ingest::parse(&bytes, &input.path, hints);
            on_file();
            let mut report = FileReport {
                path: input.path.clone(),
                explicit: input.explicit,
                ideas: 0,
                warnings: vec![],
                error: None,
            };
            match result {
                Ok(p) => {
                    report.ideas = p.ideas.len();
                    report.warnings = p.warnings;
                    (report, p.ideas, bytes.len() as u64)
                }
                Err(e) => {
                    report.error = Some(e.to_string());
                    (report, vec![], bytes.len() as u64)
                }
            }
        })
        .collect();
    let mut loaded = Loaded::default();
    let mut all = vec![];
    for (report, ideas, bytes) in parsed {
        loaded.files.push(report);
        all.extend(ideas);
        loaded.bytes += bytes;
    }
    loaded.ideas = idea::dedupe(all);
    idea::unify_project_names(&mut loaded.ideas);
    loaded
}
