//! Projects and skills as people name them (`schema/projects.json`,
//! `schema/skills.json`), over the whole upstream corpus.

use crate::common;

use common::cli::{facet_counts, Sandbox};
use ideas::idea::project_key;
use ideas::ingest::names;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The whole corpus, indexed once, or `None` (skipped) without it.
fn corpus() -> Option<&'static Sandbox> {
    static S: OnceLock<Option<Sandbox>> = OnceLock::new();
    S.get_or_init(|| {
        let dir = common::shared_corpus()?;
        Some(Sandbox::indexed(&[dir.join("programs")]))
    })
    .as_ref()
}

fn total(s: &Sandbox, args: &[&str]) -> u64 {
    let mut a = vec!["search", "*", "--limit", "0"];
    a.extend(args);
    s.json(&a)["total"].as_u64().unwrap()
}

#[test]
fn every_alias_group_is_one_facet_row() {
    let Some(s) = corpus() else { return };
    let rows = facet_counts(&s.json(&["facets", "--by", "project"]));
    let mut by_project: HashMap<String, Vec<&str>> = HashMap::new();
    for (value, _) in &rows {
        let canonical = names::project(value).map_or(value.as_str(), |r| r.name);
        by_project
            .entry(project_key(canonical))
            .or_default()
            .push(value);
    }
    for (key, values) in &by_project {
        assert_eq!(values.len(), 1, "{key}: {values:?}");
    }
    // Each row that the data file knows is its canonical name.
    for (value, _) in &rows {
        if let Some(r) = names::project(value) {
            assert_eq!(value, r.name);
        }
    }
    for name in [
        "Open Policy Agent (OPA)",
        "The Update Framework (TUF)",
        "Volcano",
    ] {
        assert!(rows.iter().any(|(v, _)| v == name), "{name}: {rows:?}");
    }
}

#[test]
fn a_joint_idea_counts_under_each_of_its_projects() {
    let Some(s) = corpus() else { return };
    let rows = facet_counts(&s.json(&["facets", "--by", "project"]));
    // No heading naming several projects is a facet row of its own.
    for (value, _) in &rows {
        assert!(
            names::joint(value).is_none(),
            "joint heading as a row: {value}"
        );
    }
    // LFX 2019's `Jaeger & Linkerd` and GSoC 2019's `Linkerd and Envoy`.
    let titles = |project: &str| -> Vec<String> {
        let r = s.json(&[
            "search",
            "*",
            "--project",
            project,
            "--year",
            "2019",
            "--limit",
            "100",
        ]);
        r["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["idea"]["title"].as_str().unwrap().to_string())
            .collect()
    };
    let tracing = "Distributed Tracing support for Linkerd".to_string();
    let bench = "Benchmarks for Linkerd and Envoy".to_string();
    assert!(titles("jaeger").contains(&tracing));
    assert!(titles("Linkerd").contains(&tracing) && titles("Linkerd").contains(&bench));
    assert!(titles("envoy").contains(&bench));
    let r = s.json(&["search", "*", "--project", "kuma", "--limit", "100"]);
    let joint: Vec<_> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["idea"]["joint"].is_array())
        .map(|h| h["idea"]["joint"].clone())
        .collect();
    assert_eq!(
        joint,
        [serde_json::json!([
            "Open Service Mesh",
            "Kuma",
            "Service Mesh Interface (SMI)"
        ])]
    );
    // Rolled up, not rows of their own.
    for part in [
        "Kubernetes Gateway API",
        "Cluster API Provider GCP",
        "CRI - Container Runtime Interface",
    ] {
        assert!(!rows.iter().any(|(v, _)| v == part), "{part} is a row");
    }
}

#[test]
fn a_project_alias_filters_as_its_name() {
    let Some(s) = corpus() else { return };
    let opa = total(s, &["--project", "opa"]);
    assert!(opa > 0);
    assert_eq!(opa, total(s, &["--project", "Open Policy Agent (OPA)"]));
    assert_eq!(opa, total(s, &["--project", "OPEN POLICY AGENT"]));
    let tuf = total(s, &["--project", "TUF"]);
    assert_eq!(tuf, total(s, &["--project", "the update framework"]));
    // A sub-project rolls up: Volcano counts it, and its name is searchable.
    let volcano = s.json(&["search", "kthena", "--project", "volcano", "--limit", "50"]);
    assert!(volcano["hits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["idea"]["group"]
            .as_str()
            .unwrap_or_default()
            .contains("Kthena")));
    // The heading's own spelling finds the ideas filed under the canonical name.
    let text = s.json(&["search", "project:TUF", "--limit", "0"]);
    assert_eq!(text["total"].as_u64().unwrap(), tuf);
}

#[test]
fn an_unknown_project_is_a_usage_error_that_suggests() {
    let Some(s) = corpus() else { return };
    let err = s.fail(&["search", "policy", "--project", "Open Polcy Agent"]);
    assert!(
        err.contains("unknown project \"Open Polcy Agent\""),
        "{err}"
    );
    assert!(
        err.contains("did you mean Open Policy Agent (OPA)"),
        "{err}"
    );
    let err = s.fail(&["facets", "--by", "year", "--project", "kubeedg"]);
    assert!(err.contains("did you mean KubeEdge"), "{err}");
}

#[test]
fn a_skill_alias_filters_as_its_skill() {
    let Some(s) = corpus() else { return };
    for (alias, name) in [
        ("k8s", "kubernetes"),
        ("golang", "Go"),
        ("wasm", "WebAssembly"),
    ] {
        let n = total(s, &["--skill", alias]);
        assert!(n > 0, "{alias}");
        assert_eq!(n, total(s, &["--skill", name]), "{alias} vs {name}");
    }
}

#[test]
fn skill_facets_are_clean_display_names() {
    let Some(s) = corpus() else { return };
    let rows = facet_counts(&s.json(&["facets", "--by", "skill"]));
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (value, _) in &rows {
        // Words outside brackets (`concepts (SBOM, SPDX)` is a list).
        let outside = value
            .split('(')
            .map(|p| p.split_once(')').map_or(p, |(_, r)| r));
        let words: usize = outside.map(|p| p.split_whitespace().count()).sum();
        assert!(words <= 5, "a sentence: {value}");
        assert!(
            !value.starts_with('(') && !value.ends_with(['.', ',', ';', ':']),
            "{value}"
        );
        if let Some(display) = names::skill(value) {
            assert_eq!(value, display, "an alias row");
            assert!(seen.insert(display, value).is_none(), "{display} twice");
        }
    }
    for name in ["Go", "Kubernetes", "WebAssembly", "TypeScript"] {
        assert!(rows.iter().any(|(v, _)| v == name), "{name}");
    }
    assert!(!rows
        .iter()
        .any(|(v, _)| ["golang", "k8s", "wasm", "go"].contains(&v.as_str())));
}

#[test]
fn cleaning_is_idempotent_on_every_corpus_idea() {
    let Some(dir) = common::shared_corpus() else {
        return;
    };
    let mut distinct = std::collections::HashSet::new();
    for e in walkdir::WalkDir::new(dir.join("programs")) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let rel = e.path().strip_prefix(&dir).unwrap().to_string_lossy();
        let bytes = std::fs::read(e.path()).unwrap();
        let Ok(parsed) = ideas::ingest::parse(&bytes, &rel, Default::default()) else {
            continue;
        };
        for i in parsed.ideas {
            assert_eq!(names::clean_skills(&i.skills), i.skills, "{}", i.id);
            if let Some(r) = names::project(&i.project) {
                assert_eq!(i.project, r.name, "{}", i.id);
            }
            distinct.extend(i.skills.iter().map(|s| s.to_lowercase()));
        }
    }
    assert!(distinct.contains("go") && !distinct.contains("golang"));
}

#[test]
fn the_skill_table_fits_a_screen() {
    let Some(s) = corpus() else { return };
    let table = s.run(&["facets", "--by", "skill"], 0);
    assert!(table.lines().count() > 100);
    for line in table.lines() {
        assert!(line.chars().count() <= 40 + 2 + 5, "{line}");
    }
}
