//! `ideas update`: fetch the idea lists of `cncf/mentoring` (every program
//! and year since 2017) and index them as the corpus every command searches
//! by default.
//!
//! Fetching runs the `git` binary (`std::process::Command`), not a git
//! library such as `gix`: `git` is on every developer's and CI machine, a
//! shallow clone or fetch is one command, and a git crate with HTTPS
//! transport adds hundreds of crates to a build that runs on 2 cores within
//! CI's 90 minutes. Without `git` on the PATH, `update` says so; a plain
//! folder (`--source DIR`) needs no git at all.
//!
//! Layout, under the user cache folder (`$XDG_CACHE_HOME/ideas` on Linux),
//! beside the embedded corpus's `index/`:
//! ```text
//! upstream/checkout/   shallow clone (depth 1) of the source
//! upstream/index/      its index (generations and CURRENT, as any index)
//! ```
//! The index is rebuilt as a new generation beside the live one and swapped
//! in only when whole, so a failed fetch or build leaves the last good
//! corpus answering.

use crate::idea::Idea;
use crate::index::{IdeaIndex, Manifest};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The default source: the upstream repository.
pub(crate) const UPSTREAM: &str = "https://github.com/cncf/mentoring";

/// Why a corpus could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// A local `--source` path that does not exist.
    #[error("{0}: no such folder or git repository")]
    NotFound(String),
    /// No `git` binary to run.
    #[error("cannot run git ({0}): install git, or pass --source DIR with a folder of idea lists")]
    NoGit(String),
    /// git ran and failed (unreachable host, no such repository, ...).
    #[error("git {action} {source_url} failed: {message}")]
    Git {
        action: &'static str,
        source_url: String,
        message: String,
    },
    /// Reading the fetched folder failed.
    #[error("{path}: {message}")]
    Io { path: String, message: String },
}

/// Where a corpus is fetched from (`--source`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A git URL, or a local git repository (its absolute path).
    Git(String),
    /// A plain folder of idea lists (not a git repository): read in place.
    Folder(PathBuf),
}

impl Source {
    /// Reads `--source`: none is [`UPSTREAM`]; an existing folder is a
    /// local repository if it has `.git`, else a plain folder; anything
    /// with `://` (or `user@host:path`) is a git URL.
    ///
    /// Errors: [`FetchError::NotFound`] for a local path that is not there.
    pub fn parse(arg: Option<&str>) -> Result<Source, FetchError> {
        let Some(s) = arg else {
            return Ok(Source::Git(UPSTREAM.into()));
        };
        let path = Path::new(s);
        if path.is_dir() {
            let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            return Ok(match abs.join(".git").exists() {
                true => Source::Git(abs.display().to_string()),
                false => Source::Folder(abs),
            });
        }
        let scp_like = s.contains('@') && s.contains(':') && !s.starts_with('/');
        match s.contains("://") || scp_like {
            true => Ok(Source::Git(s.into())),
            false => Err(FetchError::NotFound(s.into())),
        }
    }

    /// The source as recorded in the manifest and shown by `ideas stats`.
    pub fn label(&self) -> String {
        match self {
            Source::Git(u) => u.clone(),
            Source::Folder(p) => p.display().to_string(),
        }
    }

    /// The blob URL base of ideas read at `commit`
    /// (`https://github.com/OWNER/REPO/blob/COMMIT`), for a GitHub source.
    pub fn blob(&self, commit: &str) -> Option<String> {
        let Source::Git(url) = self else { return None };
        let repo = url
            .strip_prefix("https://github.com/")?
            .trim_end_matches('/')
            .trim_end_matches(".git");
        (repo.split('/').count() == 2).then(|| format!("https://github.com/{repo}/blob/{commit}"))
    }
}

/// A corpus on disk, ready to index.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The folder holding `programs/`.
    pub root: PathBuf,
    /// The commit read (`None` for a plain folder).
    pub commit: Option<String>,
    /// The commit's date (RFC 3339), or a folder's newest file mtime.
    pub date: String,
}

/// The folders of a fetched corpus, below the user cache folder.
#[derive(Debug, Clone)]
pub struct Places {
    pub checkout: PathBuf,
    pub index: PathBuf,
}

impl Places {
    /// `CACHE/upstream/checkout` and `CACHE/upstream/index`, `CACHE` being
    /// the folder that holds the embedded corpus's `index/`.
    pub fn under(cache: &Path) -> Places {
        Places {
            checkout: cache.join("upstream").join("checkout"),
            index: cache.join("upstream").join("index"),
        }
    }
}

/// Runs git with `args`; its stdout, trimmed.
fn git(
    action: &'static str,
    source: &str,
    dir: Option<&Path>,
    args: &[&str],
) -> Result<String, FetchError> {
    let mut c = Command::new("git");
    if let Some(d) = dir {
        c.arg("-C").arg(d);
    }
    // Never ask for a password (a private or missing repository over
    // HTTPS prompts otherwise); give up on a stalled transfer.
    c.args([
        "-c",
        "http.lowSpeedLimit=1000",
        "-c",
        "http.lowSpeedTime=60",
    ])
    .args(args)
    .env("GIT_TERMINAL_PROMPT", "0")
    .env("GIT_ASKPASS", "")
    .stdin(std::process::Stdio::null());
    let out = c.output().map_err(|e| FetchError::NoGit(e.to_string()))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let message = err
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("warning:") && !l.starts_with("hint:"))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(FetchError::Git {
            action,
            source_url: source.into(),
            message: match message.is_empty() {
                true => format!("exit {}", out.status),
                false => message,
            },
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Brings `checkout` to the newest commit of `url`'s default branch: a
/// shallow fetch into a checkout of the same origin, else a new shallow
/// clone beside it that then replaces it. A failure leaves the old
/// checkout as it was.
pub fn fetch_git(url: &str, checkout: &Path) -> Result<Fetched, FetchError> {
    let io = |path: &Path, e: std::io::Error| FetchError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    // A local repository is cloned through git's transport (not hard
    // links), so that --depth holds.
    let local = Path::new(url).is_absolute();
    let same_origin = checkout.join(".git").exists()
        && git(
            "config",
            url,
            Some(checkout),
            &["config", "--get", "remote.origin.url"],
        )
        .is_ok_and(|o| o == url);
    if same_origin {
        git(
            "fetch",
            url,
            Some(checkout),
            &["fetch", "--quiet", "--depth", "1", "origin", "HEAD"],
        )?;
        git(
            "checkout",
            url,
            Some(checkout),
            &["reset", "--quiet", "--hard", "FETCH_HEAD"],
        )?;
    } else {
        let parent = checkout.parent().unwrap_or(checkout);
        std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        let fresh = parent.join(format!("checkout.new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&fresh);
        let fresh_s = fresh.display().to_string();
        let mut args = vec!["clone", "--quiet", "--depth", "1"];
        if local {
            args.push("--no-local");
        }
        args.extend(["--", url, &fresh_s]);
        if let Err(e) = git("clone", url, None, &args) {
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(e);
        }
        if checkout.exists() {
            std::fs::remove_dir_all(checkout).map_err(|e| io(checkout, e))?;
        }
        std::fs::rename(&fresh, checkout).map_err(|e| io(checkout, e))?;
    }
    let commit = git("rev-parse", url, Some(checkout), &["rev-parse", "HEAD"])?;
    let date = git("log", url, Some(checkout), &["log", "-1", "--format=%cI"])?;
    Ok(Fetched {
        root: checkout.to_path_buf(),
        commit: Some(commit),
        date,
    })
}

/// A plain folder as a corpus: read in place; its date is the newest
/// modification time of its markdown files (now, if none can be read).
pub fn folder(dir: &Path) -> Fetched {
    let newest = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .max()
        .unwrap_or_else(std::time::SystemTime::now);
    let secs = newest
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Fetched {
        root: dir.to_path_buf(),
        commit: None,
        date: rfc3339(secs),
    }
}

/// `secs` since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339, UTC),
/// by the `time` crate tantivy builds with and re-exports.
pub(crate) fn rfc3339(secs: u64) -> String {
    use tantivy::time::{format_description::well_known::Rfc3339, OffsetDateTime};
    i64::try_from(secs)
        .ok()
        .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "an unknown date".into())
}

/// The manifest of an index of a fetched corpus.
pub fn manifest(source: &Source, fetched: &Fetched) -> Manifest {
    Manifest {
        source: Some(source.label()),
        commit: fetched.commit.clone(),
        date: Some(fetched.date.clone()),
        ..Manifest::new("upstream")
    }
}

/// Every idea stored in `ix`, in no order.
pub fn all_ideas(ix: &IdeaIndex) -> crate::error::Result<Vec<Idea>> {
    let searcher = ix.reader.searcher();
    let docs = searcher.search(
        &tantivy::query::AllQuery,
        &tantivy::collector::DocSetCollector,
    )?;
    docs.into_iter().map(|a| ix.idea(&searcher, a)).collect()
}

/// What an update changed in one term: ideas added, changed (same id,
/// other content; a move to another line is no change) and removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TermChange {
    /// `LFX 2026 term 3`, `GSoC 2019`.
    pub term: String,
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

/// The changes from `old` to `new`, one entry per term with any, in term
/// order (program, year, term).
pub fn diff(old: &[Idea], new: &[Idea]) -> Vec<TermChange> {
    // Content without where it was read: line numbers shift when an idea
    // above is added or removed.
    let content = |i: &Idea| {
        let mut c = i.clone();
        c.sources.clear();
        c
    };
    let key = |i: &Idea| (i.program, i.year, i.term);
    let old: BTreeMap<&str, &Idea> = old.iter().map(|i| (i.id.as_str(), i)).collect();
    let new: BTreeMap<&str, &Idea> = new.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut terms: BTreeMap<_, TermChange> = BTreeMap::new();
    let ids: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    for id in ids {
        let (idea, kind) = match (old.get(id), new.get(id)) {
            (None, Some(n)) => (n, 0),
            (Some(o), None) => (o, 2),
            (Some(o), Some(n)) if content(o) != content(n) => (n, 1),
            _ => continue,
        };
        let t = terms.entry(key(idea)).or_insert_with(|| TermChange {
            term: idea.term_label(),
            ..TermChange::default()
        });
        [&mut t.added, &mut t.changed, &mut t.removed][kind].push(id.into());
    }
    terms.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_785_888_000), "2026-08-05T00:00:00Z");
        assert_eq!(rfc3339(951_782_400 + 3661), "2000-02-29T01:01:01Z");
    }

    #[test]
    fn github_blob_links() {
        let s = Source::parse(None).unwrap();
        assert_eq!(
            s.blob("abc").as_deref(),
            Some("https://github.com/cncf/mentoring/blob/abc")
        );
        let s = Source::Git("https://github.com/me/mentoring.git".into());
        assert_eq!(
            s.blob("c").as_deref(),
            Some("https://github.com/me/mentoring/blob/c")
        );
        assert_eq!(Source::Git("file:///x/y".into()).blob("c"), None);
        assert_eq!(Source::Folder("/x".into()).blob("c"), None);
    }

    #[test]
    fn sources() {
        assert!(matches!(
            Source::parse(Some("/nonexistent/x")),
            Err(FetchError::NotFound(_))
        ));
        assert!(matches!(
            Source::parse(Some("file:///nonexistent")),
            Ok(Source::Git(_))
        ));
        assert!(matches!(
            Source::parse(Some("git@github.com:cncf/mentoring.git")),
            Ok(Source::Git(_))
        ));
    }
}
