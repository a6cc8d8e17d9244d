//! Where the indexes live: the user cache folder, the embedded seed's index
//! in it, and the one every command opens with no `--index` (the fetched
//! history's once `ideas update` made it). Above index and update, below
//! the commands and shell completion that both open it.

use crate::error::{Error, Result};
use crate::index;
use std::path::PathBuf;

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
