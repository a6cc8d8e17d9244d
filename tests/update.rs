//! `ideas update`: a corpus fetched from a git repository (a local one made
//! here from the shared copy of upstream, never the internet) or read from a
//! plain folder becomes what every command searches; a second commit is
//! reported as the ideas it added, changed and removed; a source that
//! cannot be reached fails with exit 2 and leaves the last corpus answering.

use crate::common;

use common::cli::Sandbox;
use common::shared_corpus;
use ideas::corpus;
use ideas::ingest::Meta;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// git in `dir`, configured here only (no global or system config read).
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=ideas tests",
            "-c",
            "user.email=tests@ideas.invalid",
        ])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A git repository holding a copy of `corpus/programs`, one commit.
fn repository(corpus: &Path) -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    for e in walkdir::WalkDir::new(corpus.join("programs")) {
        let e = e.unwrap();
        let to = repo.path().join(e.path().strip_prefix(corpus).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "the shared corpus"]);
    repo
}

/// (program, year) of every idea `ideas parse` reads from `programs`.
fn parsed_years(s: &Sandbox, programs: &Path) -> BTreeSet<(String, u64)> {
    s.run(&["parse", "--jsonl", programs.to_str().unwrap()], 0)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| {
            let p = v["program"].as_str().unwrap().to_string();
            (p, v["year"].as_u64().unwrap())
        })
        .collect()
}

/// (program, year) that `ideas stats --json` counts.
fn stats_years(stats: &Value) -> BTreeSet<(String, u64)> {
    let mut out = BTreeSet::new();
    for p in stats["by_program"].as_array().unwrap() {
        for y in p["years"].as_array().unwrap() {
            let year = y["value"].as_u64().expect("a year is a number");
            out.insert((p["program"].as_str().unwrap().to_string(), year));
        }
    }
    out
}

/// The change lines of `ideas update`'s report (`TERM: +A ~C -R`).
fn change_lines(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter(|l| l.contains(": +") && l.contains(" ~") && l.contains(" -"))
        .collect()
}

/// The JSON record of `ideas show ID`.
fn show(s: &Sandbox, id: &str) -> Value {
    s.json(&["show", id])
}

/// Adds an idea to LFX 2024 term 1 (before the first Antrea idea), edits the
/// second one's outcome and removes the third; returns the three ids.
fn second_commit(repo: &Path) -> [String; 3] {
    let rel = "programs/lfx-mentorship/2024/01-Mar-May/README.md";
    let path = repo.join(rel);
    let mut s = std::fs::read_to_string(&path).unwrap();
    let new = "#### Trace packets across clusters with a new CLI\n\n\
        - Description: An idea the second commit adds.\n\
        - Expected Outcome: A CLI that traces packets.\n\
        - Recommended Skills: Go\n\
        - Mentor(s):\n  - Someone (@someone)\n\n";
    let first = "#### East-west connectivity monitoring tool for Pod network";
    let at = s
        .find(first)
        .expect("the first Antrea idea of LFX 2024 term 1");
    s.insert_str(at, new);
    let edited = "A new command for antctl, the Antrea CLI,";
    assert!(s.contains(edited));
    s = s.replacen(
        edited,
        "A new command for antctl (edited), the Antrea CLI,",
        1,
    );
    let gone = s.find("#### Replace deprecated bincover").unwrap();
    let next = gone + s[gone..].find("\n### ").unwrap() + 1;
    s.replace_range(gone..next, "");
    std::fs::write(&path, s).unwrap();
    git(
        repo,
        &[
            "commit",
            "-q",
            "-a",
            "-m",
            "one idea added, one edited, one removed",
        ],
    );
    let id = |slug: &str| format!("lfx-2024-1/antrea/{slug}");
    [
        id("trace-packets-across-clusters-with-a-new-cli"),
        id("ability-to-install-upgrade-antrea-using-the-cli"),
        id("replace-deprecated-bincover-with-golang-built-in-coverage-profiling-tool"),
    ]
}

#[test]
fn update_from_a_git_repository_then_a_second_commit() {
    let Some(shared) = shared_corpus() else {
        return;
    };
    let repo = repository(&shared);
    let src = repo.path().to_str().unwrap();
    let s = Sandbox::new();

    // A fresh install: the seed answers, and says once how to get the rest.
    let out = s
        .cmd()
        .args(["search", "kubernetes", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("ideas update").count(), 1, "{stderr}");
    serde_json::from_slice::<Value>(&out.stdout).expect("stdout is the JSON alone");
    assert!(s.run(&["stats"], 0).contains("embedded seed"));
    assert_eq!(s.json(&["stats"])["corpus"], "embedded");

    let report = s.run(&["update", "--source", src], 0);
    let head = git(repo.path(), &["rev-parse", "HEAD"]);
    assert!(report.contains(&head[..12]), "{report}");
    assert!(
        change_lines(&report).iter().all(|l| l.ends_with("~0 -0")),
        "{report}"
    );

    // Every program and year of the history, each one `ideas parse` reads.
    let stats = s.json(&["stats"]);
    assert_eq!(stats["corpus"], "upstream");
    assert_eq!(stats["commit"], head.as_str());
    assert_eq!(stats["source"], src);
    let years = stats_years(&stats);
    assert_eq!(years, parsed_years(&s, &shared.join("programs")));
    for y in 2017..=2026 {
        assert!(years.contains(&("gsoc".into(), y)), "GSoC {y}: {years:?}");
    }
    for y in 2020..=2026 {
        assert!(years.contains(&("lfx".into(), y)), "LFX {y}: {years:?}");
    }
    let text = s.run(&["stats"], 0);
    assert!(text.contains(&format!("at commit {head}")), "{text}");

    // The default now: no note, and years the seed does not have.
    let out = s
        .cmd()
        .args(["search", "kubernetes", "--year", "2017"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Sources are paths in the repository, not in the cache.
    let [added, edited, removed] = second_commit(repo.path());
    let idea = show(&s, &edited);
    let path = idea["sources"][0]["path"].as_str().unwrap();
    assert_eq!(path, "programs/lfx-mentorship/2024/01-Mar-May/README.md");
    assert!(
        idea["sources"][0].get("url").is_none(),
        "not a GitHub source"
    );
    show(&s, &removed);

    // The second commit: exactly its change.
    let report = s.run(&["update", "--source", src], 0);
    assert_eq!(
        change_lines(&report),
        ["LFX 2024 term 1: +1 ~1 -1"],
        "{report}"
    );
    let head2 = git(repo.path(), &["rev-parse", "HEAD"]);
    assert_eq!(s.json(&["stats"])["commit"], head2.as_str());
    assert_eq!(
        show(&s, &added)["title"],
        "Trace packets across clusters with a new CLI"
    );
    assert!(show(&s, &edited)["outcome"]
        .as_str()
        .unwrap()
        .contains("(edited)"));
    s.fail(&["show", &removed]);
    // Once more: nothing new.
    let report = s.run(&["update", "--source", src], 0);
    assert!(
        change_lines(&report).is_empty() && report.contains("no change"),
        "{report}"
    );

    // Unreachable sources: exit 2, a clear reason, the last corpus kept.
    let missing = s.fail(&["update", "--source", "/nonexistent/mentoring"]);
    assert!(
        missing.contains("no such folder") && missing.contains("unchanged"),
        "{missing}"
    );
    let url = format!("file://{}/no-such-repository", repo.path().display());
    let unreachable = s.fail(&["update", "--source", &url]);
    assert!(
        unreachable.contains("git clone") && unreachable.contains("unchanged"),
        "{unreachable}"
    );
    assert_eq!(s.json(&["stats"])["commit"], head2.as_str());
    assert_eq!(show(&s, &added)["id"], added.as_str());
}

#[test]
fn update_from_a_plain_folder() {
    let Some(shared) = shared_corpus() else {
        return;
    };
    let s = Sandbox::new();
    let report = s.run(&["update", "--source", shared.to_str().unwrap()], 0);
    assert!(report.contains("commit unknown"), "{report}");
    let stats = s.json(&["stats"]);
    assert_eq!(stats["corpus"], "upstream");
    assert_eq!(stats["commit"], Value::Null);
    let date = stats["date"].as_str().unwrap();
    assert!(
        date.len() == 20 && date.ends_with('Z') && date.as_bytes()[10] == b'T',
        "{date}"
    );
    assert_eq!(
        stats_years(&stats),
        parsed_years(&s, &shared.join("programs"))
    );
    assert!(s.run(&["stats"], 0).contains("unknown commit"));
    // The way out of damage works on it too: checked, rebuilt from the folder.
    let upstream = s.cache().join("ideas/upstream/index");
    assert!(s
        .run(&["index", "--check"], 0)
        .contains(upstream.to_str().unwrap()));
    s.run(&["index", "--rebuild"], 0);
    let again = s.json(&["stats"]);
    assert_eq!(stats_years(&again), stats_years(&stats));
    assert_eq!(
        (&again["documents"], &again["date"]),
        (&stats["documents"], &stats["date"])
    );
    assert_ne!(again["index"], stats["index"], "a new generation");
    let hits = s.json(&["search", "kubernetes", "--limit", "50"]);
    for h in hits["hits"].as_array().unwrap() {
        for src in h["idea"]["sources"].as_array().unwrap() {
            let p = src["path"].as_str().unwrap();
            assert!(p.starts_with("programs/"), "{p}");
        }
    }
}

/// A GitHub source's ideas link to their heading's line at the commit read.
#[test]
fn fetched_ideas_link_to_their_line_upstream() {
    let Some(shared) = shared_corpus() else {
        return;
    };
    let blob = "https://github.com/cncf/mentoring/blob/0123abc";
    let inputs = corpus::discover_fetched(&shared, Some(blob)).unwrap();
    let loaded = corpus::load(&inputs, Meta::default(), &|| {});
    assert!(loaded.ideas.len() > 1000, "{}", loaded.ideas.len());
    for i in &loaded.ideas {
        for src in &i.sources {
            let want = format!("{blob}/{}#L{}", src.path, src.line);
            assert_eq!(src.url.as_deref(), Some(want.as_str()), "{}", i.id);
            let text = std::fs::read_to_string(shared.join(&src.path)).unwrap();
            let line = text.lines().nth(src.line as usize - 1).unwrap();
            assert!(
                !line.trim().is_empty(),
                "{}: line {} is blank",
                i.id,
                src.line
            );
        }
    }
}

/// `ideas index /abs/folder` records paths below the folder, never the
/// indexing machine's absolute paths.
#[test]
fn an_index_of_an_absolute_folder_records_relative_paths() {
    let dir = common::cli::root().join("tests/fixtures/programs");
    let s = Sandbox::indexed(std::slice::from_ref(&dir));
    let hits = s.json(&["search", "kubernetes", "--limit", "100"]);
    let hits = hits["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        for src in h["idea"]["sources"].as_array().unwrap() {
            let p = src["path"].as_str().unwrap();
            assert!(!p.starts_with('/') && dir.join(p).is_file(), "{p}");
        }
    }
}
