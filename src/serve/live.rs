//! The index a server answers from, reopened when a build swaps `CURRENT`.
//!
//! A build writes a new generation and renames `CURRENT` over the old one,
//! then deletes the old generation's folder. A server that opened the index
//! once would answer from the deleted files (still mapped) until restarted.
//! Here every request looks at `CURRENT` (one `stat`: a build renames a new
//! file over it, so its inode changes; it is read only then) and, when it
//! names another generation, opens that one and swaps the
//! `Arc`: requests in flight keep the old index until they finish, and its
//! files are unmapped when the last of them drops it. A poll (see
//! [`Live::poll`]) does the same on an idle server. A server answering
//! from the embedded seed by default moves to the fetched corpus's index
//! the same way once `ideas update` makes one ([`Live::watching_for`]).

use crate::index::IdeaIndex;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// After a generation fails to open, it is tried again only this much later
/// (or once `CURRENT` names another): not on every request.
const RETRY: Duration = Duration::from_secs(5);

/// The live index: the open generation and the folder whose `CURRENT`
/// names the next one.
pub struct Live {
    /// The index folder, `None` for an index that cannot change (in memory).
    root: RwLock<Option<PathBuf>>,
    /// The folder to move to once it holds an index (see [`Live::watching_for`]).
    then: Option<PathBuf>,
    now: RwLock<Arc<IdeaIndex>>,
    /// Held while a generation opens; the generation that last failed to
    /// open, and when.
    reload: Mutex<Option<(String, Instant)>>,
    /// `CURRENT`'s inode and mtime (ns) when it last named the open
    /// generation: while they hold, it is not read again.
    seen: Mutex<Option<(u64, i64, i64)>>,
}

/// The generation folder's name (`gen-<unix-ms>-<pid>`), empty in memory.
pub fn generation(ix: &IdeaIndex) -> String {
    ix.dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl Live {
    /// An index that is never reopened (in memory, or for tests).
    pub fn fixed(ix: Arc<IdeaIndex>) -> Live {
        Live {
            root: RwLock::new(None),
            then: None,
            now: RwLock::new(ix),
            reload: Mutex::new(None),
            seen: Mutex::new(None),
        }
    }

    /// `ix`, reopened when the `CURRENT` of its index folder (the parent of
    /// its generation) changes.
    pub fn watching(ix: IdeaIndex) -> Live {
        let root = ix
            .dir
            .parent()
            .filter(|r| r.join("CURRENT").is_file())
            .map(Path::to_path_buf);
        Live {
            root: RwLock::new(root),
            then: None,
            now: RwLock::new(Arc::new(ix)),
            reload: Mutex::new(None),
            seen: Mutex::new(None),
        }
    }

    /// [`Live::watching`], and once the index folder `then` has a
    /// `CURRENT`, its index instead (then watched as any): the default
    /// server on the seed moves to the history `ideas update` fetched.
    pub fn watching_for(ix: IdeaIndex, then: PathBuf) -> Live {
        let mut live = Live::watching(ix);
        if live.root().as_deref() != Some(then.as_path()) {
            live.then = Some(then);
        }
        live
    }

    /// The index folder, if the index can change.
    pub fn root(&self) -> Option<PathBuf> {
        self.root.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// [`Live::then`] when it has an index and is not yet the root.
    fn upgrade(&self) -> Option<&Path> {
        let then = self.then.as_deref()?;
        let moved = self.root().as_deref() != Some(then);
        (moved && then.join("CURRENT").is_file()).then_some(then)
    }

    /// The open generation, without looking at `CURRENT`.
    pub fn current(&self) -> Arc<IdeaIndex> {
        self.now.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The generation `CURRENT` names, when it is not the open one.
    pub fn moved(&self) -> Option<String> {
        if let Some(then) = self.upgrade() {
            let name = std::fs::read_to_string(then.join("CURRENT")).ok()?;
            return Some(name.trim().to_string());
        }
        let path = self.root()?.join("CURRENT");
        let m = std::fs::metadata(&path).ok()?;
        let key = Some((m.ino(), m.mtime(), m.mtime_nsec()));
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if *seen == key {
            return None;
        }
        let name = std::fs::read_to_string(&path).ok()?;
        let name = name.trim();
        if name == generation(&self.current()) {
            *seen = key;
            return None;
        }
        Some(name.to_string())
    }

    /// The generation `CURRENT` names, opened first if it is not the open
    /// one. Blocking (it may open an index): call it off the async workers.
    /// If another request is opening it, or it fails to open (the error is
    /// printed on stderr), the open generation is returned.
    pub fn fresh(&self) -> Arc<IdeaIndex> {
        let Some(name) = self.moved() else {
            return self.current();
        };
        let Some(root) = self
            .upgrade()
            .map(Path::to_path_buf)
            .or_else(|| self.root())
        else {
            return self.current();
        };
        let Ok(mut failed) = self.reload.try_lock() else {
            return self.current();
        };
        if self.moved().is_none() {
            return self.current();
        }
        if matches!(&*failed, Some((n, at)) if *n == name && at.elapsed() < RETRY) {
            return self.current();
        }
        match IdeaIndex::open(&root) {
            Ok(ix) => {
                let ix = Arc::new(ix);
                *self.root.write().unwrap_or_else(|p| p.into_inner()) = Some(root);
                *self.seen.lock().unwrap_or_else(|p| p.into_inner()) = None;
                eprintln!(
                    "ideas serve: now answering from {} ({} ideas)",
                    generation(&ix),
                    ix.num_docs()
                );
                *self.now.write().unwrap_or_else(|p| p.into_inner()) = ix.clone();
                *failed = None;
                ix
            }
            Err(e) => {
                eprintln!("ideas serve: warning: still answering from the previous index: {e:#}");
                *failed = Some((name, Instant::now()));
                self.current()
            }
        }
    }

    /// Calls [`Live::fresh`] every `every`, so an idle server lets go of a
    /// deleted generation's files too. Runs until the runtime stops.
    pub async fn poll(self: Arc<Self>, every: Duration) {
        if self.root().is_none() && self.then.is_none() {
            return;
        }
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if self.moved().is_some() {
                let me = self.clone();
                let _ = tokio::task::spawn_blocking(move || drop(me.fresh())).await;
            }
        }
    }
}
