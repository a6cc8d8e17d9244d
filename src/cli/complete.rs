//! Shell completion of values from the index: project names for
//! `--project`, idea ids for `show` and `similar`.
//!
//! Dynamic completion (clap_complete's `CompleteEnv`, feature
//! `unstable-dynamic`) rather than names written into the script when
//! `ideas completions SHELL` runs: the shell asks the binary at each TAB, so
//! the values are those of the index a search would read (the seed, then
//! every idea once `ideas update` ran) without generating the script again,
//! and the 1,300+ ids need not sit in every shell's startup file. The cost is
//! one process per TAB (an index open, a few milliseconds) and an interface
//! clap marks unstable, pinned by Cargo.lock; the script re-sources it each
//! time it is generated.
//!
//! A completer cannot see the other words of the line, so `--index DIR`
//! typed before it is not read: `IDEAS_INDEX`, else the default index.
//! Nothing opens (no index yet and none can be built): no candidates.

use clap_complete::engine::CompletionCandidate;
use ideas::facets::{self, Dim};
use ideas::idea::project_key;
use ideas::index::IdeaIndex;
use std::collections::BTreeSet;
use std::ffi::OsStr;

/// The variable that makes `ideas` answer a shell's completion request
/// (`IDEAS_COMPLETE=bash ideas -- WORDS...`) instead of running: clap's
/// default, `COMPLETE`, is a name other tools may leave set.
pub const VAR: &str = "IDEAS_COMPLETE";

/// The index the command being completed would search (as the commands
/// open it: `IDEAS_INDEX`, else the fetched corpus's, else the seed's, built
/// on first use), without a word on stderr, which the shell would show
/// mid-line: an index that does not open gives no candidates.
fn index() -> Option<IdeaIndex> {
    use ideas::store::{build_embedded, default_index_dir, embedded_index_dir, embedded_is_fresh};
    if let Some(dir) = std::env::var_os("IDEAS_INDEX").filter(|d| !d.is_empty()) {
        return IdeaIndex::open(std::path::Path::new(&dir)).ok();
    }
    if let Some(ix) = default_index_dir()
        .ok()
        .and_then(|d| IdeaIndex::open(&d).ok())
    {
        return Some(ix);
    }
    let dir = embedded_index_dir().ok()?;
    if !embedded_is_fresh(&dir) {
        build_embedded(&dir).ok()?;
    }
    IdeaIndex::open(&dir).ok()
}

/// A project name as one shell word: runs of anything but letters, digits,
/// `-`, `.` and `_` become `-` (`TAG Network` -> `TAG-Network`), which the
/// filter reads as the same project (it ignores case, spaces and
/// punctuation), where a space or a parenthesis would need shell quoting.
fn shell_word(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '.' | '_') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// `--project` values: the index's project names whose folded key starts
/// with what is typed (`kub` -> Kubernetes, KubeEdge, ...), as shell words,
/// each with its name and idea count as help.
pub fn projects(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = project_key(&current.to_string_lossy());
    let Some(ix) = index() else { return vec![] };
    let Ok(counts) = facets::count(&ix, &tantivy::query::AllQuery, Dim::Project) else {
        return vec![];
    };
    counts
        .into_iter()
        .filter(|c| project_key(&c.value).starts_with(&typed))
        .map(|c| {
            let ideas = if c.count == 1 { "idea" } else { "ideas" };
            let help = format!("{}, {} {ideas}", c.value, c.count);
            CompletionCandidate::new(shell_word(&c.value)).help(Some(help.into()))
        })
        .collect()
}

/// Idea ids starting with what is typed (ids are lowercase, so is the
/// typed prefix), read from the `id` field's term dictionary, in order.
pub fn ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy().to_lowercase();
    let Some(ix) = index() else { return vec![] };
    let searcher = ix.reader.searcher();
    let mut out = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(ix.fields.id) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().range().ge(typed.as_bytes()).into_stream() else {
            continue;
        };
        while stream.advance() {
            let Ok(id) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if !id.starts_with(&typed) {
                break;
            }
            out.insert(id.to_string());
        }
    }
    out.into_iter().map(CompletionCandidate::new).collect()
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn project_names_become_one_shell_word() {
        assert_eq!(shell_word("Kubernetes"), "Kubernetes");
        assert_eq!(shell_word("TAG Network"), "TAG-Network");
        assert_eq!(
            shell_word("The Update Framework (TUF)"),
            "The-Update-Framework-TUF"
        );
    }
}
