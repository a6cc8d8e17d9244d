//! `ideas index --check`: every file of the live generation read through
//! and checked against the CRC32 in its tantivy footer, whatever its size,
//! then the generation opened as a search opens it.
//!
//! What a search's open checks depends on the index's size
//! ([`super::files::Load::Auto`]); this checks everything a checksum covers.
//! `meta.json`, `manifest.json` and `CURRENT` have none: they are parsed, so
//! a garbled one is found, but an edit that leaves valid JSON is not.

use super::files::{Files, Load};
use super::{IdeaIndex, Reads, CURRENT};
use crate::error::{Context, Result};
use std::path::{Path, PathBuf};
use tantivy::directory::error::OpenReadError;
use tantivy::directory::Directory;
use tantivy::index::SegmentComponent;
use tantivy::Index;

/// What [`check`] found.
#[derive(Debug)]
pub struct Checked {
    /// The live generation's directory.
    pub dir: PathBuf,
    /// Files whose checksum was checked, and their bytes in all.
    pub files: usize,
    pub bytes: u64,
    /// Each damaged or missing file: its path and what is wrong with it.
    /// Empty when the index is whole.
    pub damaged: Vec<(PathBuf, String)>,
}

/// The segment files tantivy needs, of each segment.
const COMPONENTS: [SegmentComponent; 6] = [
    SegmentComponent::Terms,
    SegmentComponent::Postings,
    SegmentComponent::Positions,
    SegmentComponent::Store,
    SegmentComponent::FastFields,
    SegmentComponent::FieldNorms,
];

/// Checks every file of the live generation under `root` (see the module
/// doc), listing each damaged one rather than stopping at the first; then,
/// if none is, opens the index as a search does (manifest, format, meta).
///
/// Errors: no index at `root`, or one whose `CURRENT` or `meta.json` cannot
/// be read, or that a search cannot open ([`super::Damaged`]).
pub fn check(root: &Path) -> Result<Checked> {
    let current = root.join(CURRENT);
    let name = std::fs::read_to_string(&current)
        .with_context(|| format!("reading {}", current.display()))?;
    let dir = root.join(name.trim());
    let index = Index::open(Files::new(&dir, Load::Lazy))
        .with_context(|| format!("opening index {}", dir.display()))?;
    let files = Files::new(&dir, Load::LazyChecked);
    let mut checked = Checked {
        dir: dir.clone(),
        files: 0,
        bytes: 0,
        damaged: vec![],
    };
    for segment in index.searchable_segment_metas()? {
        let deletes = segment.has_deletes().then_some(SegmentComponent::Delete);
        for component in COMPONENTS.into_iter().chain(deletes) {
            let path = segment.relative_path(component);
            let full = dir.join(&path);
            checked.files += 1;
            checked.bytes += std::fs::metadata(&full).map_or(0, |m| m.len());
            let wrong = match files.get_file_handle(&path) {
                Ok(_) => continue,
                Err(OpenReadError::FileDoesNotExist(_)) => "missing".to_string(),
                Err(OpenReadError::IoError { io_error, .. }) => io_error.to_string(),
                Err(e) => e.to_string(),
            };
            checked.damaged.push((full, wrong));
        }
    }
    if checked.damaged.is_empty() {
        // What a checksum does not cover: manifest, format, meta.json.
        IdeaIndex::open_with(root, Some(1), Reads::Files(Load::Lazy))?;
    }
    Ok(checked)
}
