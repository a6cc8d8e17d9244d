//! The whole upstream corpus (`../shared/corpus/cncf-mentoring`, 56 files):
//! how many ideas each file holds, what the projects are, which ideas are
//! accepted, and agreement with the LFX export of 2026 term 3.
//!
//! How the counts below were made, by reading the files rather than by
//! running the parser: each file's idea sections were listed from its
//! headings and its `Mentor(s)`-style label lines (every idea of the family
//! names its mentors), then the lines that are no idea were struck by
//! looking at each: the fenced `Template` of the proposal files, the
//! `Sample` / `Prometheus (sample)` example, the `Mentors verify ...` /
//! `Mentorship duration ...` lines of the timelines. What remains is one
//! idea per heading, except where a comment says otherwise. Where parser
//! and count disagreed, the parser was fixed (wrapper headings, samples,
//! bullet groups, tables of projects, `Mentors(s)`-style labels).

use crate::common;

use ideas::idea::{self, Idea, Status};
use ideas::ingest::{self, names, Meta};
use std::collections::BTreeSet;
use std::path::Path;

/// Ideas per file, as counted by reading it (see the module comment).
const COUNTS: &[(&str, usize)] = &[
    // No idea sections: the 4 rows of the `Completed Projects` table.
    ("lfx-mentorship/2019/README.md", 4),
    // The 7 rows of its table; they sum up project_ideas.md's ideas (one
    // row names up to 4 of them) and fold into them when both are read.
    ("lfx-mentorship/2020/q1/README.md", 7),
    ("lfx-mentorship/2020/q1/project_ideas.md", 17),
    // Timeline and links to the other two files only.
    ("lfx-mentorship/2020/q2/README.md", 0),
    // 33 mentor lines: the template's and the sample's are none.
    ("lfx-mentorship/2020/q2/project_ideas.md", 31),
    ("lfx-mentorship/2020/q2/selected_projects.md", 21),
    ("lfx-mentorship/2020/q3-q4/README.md", 0),
    ("lfx-mentorship/2020/q3-q4/project_ideas.md", 23),
    ("lfx-mentorship/2020/q3-q4/selected_projects.md", 23),
    ("lfx-mentorship/2021/01-Spring/README.md", 38),
    ("lfx-mentorship/2021/01-Spring/project_ideas.md", 40),
    ("lfx-mentorship/2021/02-Summer/README.md", 20),
    ("lfx-mentorship/2021/02-Summer/project_ideas.md", 22),
    ("lfx-mentorship/2021/03-Fall/README.md", 34),
    ("lfx-mentorship/2021/03-Fall/project_ideas.md", 34),
    ("lfx-mentorship/2022/01-Spring/README.md", 41),
    ("lfx-mentorship/2022/01-Spring/project_ideas.md", 42),
    ("lfx-mentorship/2022/02-Summer/README.md", 31),
    // Template and sample only, from here on every project_ideas.md: the
    // proposals were moved into README.md once accepted.
    ("lfx-mentorship/2022/02-Summer/project_ideas.md", 0),
    ("lfx-mentorship/2022/03-Sept-Nov/README.md", 29),
    ("lfx-mentorship/2022/03-Sept-Nov/project_ideas.md", 0),
    ("lfx-mentorship/2023/01-Mar-May/README.md", 65),
    ("lfx-mentorship/2023/01-Mar-May/project_ideas.md", 0),
    ("lfx-mentorship/2023/02-Jun-Aug/README.md", 38),
    ("lfx-mentorship/2023/02-Jun-Aug/project_ideas.md", 0),
    ("lfx-mentorship/2023/03-Sep-Nov/README.md", 43),
    ("lfx-mentorship/2023/03-Sep-Nov/project_ideas.md", 0),
    ("lfx-mentorship/2024/01-Mar-May/README.md", 56),
    ("lfx-mentorship/2024/01-Mar-May/project_ideas.md", 0),
    ("lfx-mentorship/2024/02-Jun-Aug/README.md", 48),
    ("lfx-mentorship/2024/02-Jun-Aug/project_ideas.md", 0),
    ("lfx-mentorship/2024/03-Sep-Nov/README.md", 49),
    ("lfx-mentorship/2024/03-Sep-Nov/project_ideas.md", 0),
    ("lfx-mentorship/2025/01-Mar-May/README.md", 67),
    ("lfx-mentorship/2025/01-Mar-May/project_ideas.md", 0),
    ("lfx-mentorship/2025/02-Jun-Aug/README.md", 57),
    ("lfx-mentorship/2025/02-Jun-Aug/project_ideas.md", 0),
    // 64 mentor lines less the timeline's one, plus 2 Kmesh ideas that name
    // no mentor.
    ("lfx-mentorship/2025/03-Sep-Nov/README.md", 65),
    ("lfx-mentorship/2025/03-Sep-Nov/project_ideas.md", 0),
    ("lfx-mentorship/2026/01-Mar-May/README.md", 72),
    ("lfx-mentorship/2026/01-Mar-May/project_ideas.md", 0),
    ("lfx-mentorship/2026/02-Jun-Aug/README.md", 65),
    ("lfx-mentorship/2026/02-Jun-Aug/project_ideas.md", 0),
    ("lfx-mentorship/2026/03-Sep-Nov/README.md", 59),
    // "Project proposals have moved" (to GitHub issues): no idea at all.
    ("lfx-mentorship/2026/03-Sep-Nov/project_ideas.md", 0),
    // gRPC's section holds 8 ideas as bullet groups (3 + 2 + 1 + 1 + 1).
    ("summerofcode/2017.md", 32),
    ("summerofcode/2018.md", 34),
    ("summerofcode/2019.md", 56),
    // `Prometheus (sample):` is the example of the format.
    ("summerofcode/2020.md", 51),
    ("summerofcode/2021.md", 30),
    ("summerofcode/2022.md", 54),
    ("summerofcode/2023.md", 46),
    ("summerofcode/2024.md", 19),
    ("summerofcode/2025.md", 23),
    ("summerofcode/2026.md", 14),
];

/// The export's programs, by reading it: `_count` and the `programs` list.
const EXPORT: &str = "lfx-mentorship/2026/03-Sep-Nov/lfx-export.json";
const EXPORT_PROGRAMS: usize = 59;

fn parse(root: &Path, rel: &str) -> Vec<Idea> {
    let bytes = std::fs::read(root.join("programs").join(rel)).unwrap();
    ingest::parse(&bytes, rel, Meta::default())
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .ideas
}

/// Every idea of the corpus, read as `ideas index` reads it: one batch,
/// deduplicated.
fn all(root: &Path) -> Vec<Idea> {
    idea::dedupe(
        COUNTS
            .iter()
            .flat_map(|(rel, _)| parse(root, rel))
            .collect(),
    )
}

fn files(dir: &Path, out: &mut BTreeSet<String>, root: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out, root);
        } else {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy();
            out.insert(rel.replace('\\', "/"));
        }
    }
}

#[test]
fn every_file_yields_the_ideas_it_holds() {
    let Some(root) = common::shared_corpus() else {
        return;
    };
    let programs = root.join("programs");
    let mut on_disk = BTreeSet::new();
    files(&programs, &mut on_disk, &programs);
    let mut listed: BTreeSet<String> = COUNTS.iter().map(|(r, _)| r.to_string()).collect();
    listed.insert(EXPORT.into());
    assert_eq!(on_disk, listed, "the corpus's files and the table differ");
    assert_eq!(on_disk.len(), 56);
    let wrong: Vec<String> = COUNTS
        .iter()
        .filter_map(|&(rel, n)| {
            let got = parse(&root, rel).len();
            (got != n).then(|| format!("{rel}: {got} ideas, {n} in the file"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn wrappers_samples_and_titles_are_no_projects() {
    let Some(root) = common::shared_corpus() else {
        return;
    };
    let ideas = all(&root);
    for i in &ideas {
        let p = i.project.to_lowercase();
        assert!(
            !p.contains("proposal") && !p.contains("sample") && !p.contains("fall'2021"),
            "{} has the project '{}'",
            i.id,
            i.project
        );
        assert!(!i.title.to_lowercase().contains("(sample)"), "{}", i.id);
    }
    let count = |term: &str, project: &str| {
        ideas
            .iter()
            .filter(|i| i.term_key() == term && i.project == project)
            .count()
    };
    // GSoC 2024: `### Proposals` / `#### Falco` / `##### title`.
    assert_eq!(count("gsoc-2024", "Falco"), 1);
    assert_eq!(count("gsoc-2024", "in-toto"), 2);
    assert_eq!(count("gsoc-2024", "WasmEdge"), 3);
    // `#### Meshery` among `### KubeEdge`'s ideas (LFX 2023 term 1).
    assert_eq!(count("lfx-2023-1", "Meshery"), 2);
    // The idea right under `# Q3 - Fall'2021` follows KubeVela's.
    let hcl = ideas
        .iter()
        .find(|i| i.title.starts_with("Support remote Terraform HCL") && i.year == 2021)
        .unwrap();
    assert_eq!(hcl.project, "KubeVela");
    // SIG and provider headings stay groups of their project.
    let capa = ideas
        .iter()
        .find(|i| i.title == "Reimagining how we handle AWS account preparation")
        .unwrap();
    assert_eq!(capa.project, "Kubernetes");
    assert_eq!(
        capa.group.as_deref(),
        Some("Cluster API Provider AWS (CAPA)")
    );
    assert_eq!(count("gsoc-2017", "gRPC"), 8);
}

#[test]
fn table_rows_are_ideas_and_summaries_fold() {
    let Some(root) = common::shared_corpus() else {
        return;
    };
    let rows = parse(&root, "lfx-mentorship/2019/README.md");
    let pairs: Vec<(&str, &str)> = rows
        .iter()
        .map(|i| (i.project.as_str(), i.title.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            (
                "Kubernetes",
                "Integrating kube-batch with pytorch-operator/mxnet-operator"
            ),
            ("Kubernetes", "CSI Driver for Azure Disk"),
            ("CoreDNS", "Support Google Cloud DNS backend"),
            (
                "Jaeger & Linkerd",
                "Distributed Tracing support for Linkerd"
            ),
        ]
    );
    assert_eq!(rows[3].mentors, ["Juraci Paixão", "Thomas Grampelberg"]);
    assert!(rows.iter().all(|i| i.status == Status::Accepted));
    // LFX 2020 term 1: the README's 7 rows name 12 of project_ideas.md's 17
    // ideas (Fluentd 2, Kubernetes 2, Prometheus 1, Cortex 1, OpenTelemetry
    // 4, Thanos 2): 17 ideas, 12 accepted, none counted twice.
    let term: Vec<Idea> = all(&root)
        .into_iter()
        .filter(|i| i.term_key() == "lfx-2020-1")
        .collect();
    assert_eq!(term.len(), 17);
    let accepted = term.iter().filter(|i| i.status == Status::Accepted).count();
    assert_eq!(accepted, 12);
    assert!(term
        .iter()
        .filter(|i| i.status == Status::Accepted)
        .all(|i| i.sources.len() == 2));
}

#[test]
fn status_is_accepted_when_any_source_is_an_accepted_list() {
    let Some(root) = common::shared_corpus() else {
        return;
    };
    for i in all(&root) {
        let accepted_source = i
            .sources
            .iter()
            .any(|s| !s.path.contains("project_ideas") && s.path.starts_with("lfx"));
        let want = if accepted_source {
            Status::Accepted
        } else {
            Status::Proposed
        };
        assert_eq!(i.status, want, "{}: {:?}", i.id, i.sources);
        if i.program == idea::Program::Gsoc {
            assert_eq!(i.status, Status::Proposed, "{}", i.id);
        }
    }
}

/// Lowercase letters and digits only.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[test]
fn the_lfx_export_of_2026_term_3_is_all_in_the_parsed_term() {
    let Some(root) = common::shared_corpus() else {
        return;
    };
    let text = std::fs::read_to_string(root.join("programs").join(EXPORT)).unwrap();
    let export: serde_json::Value = serde_json::from_str(&text).unwrap();
    let programs = export["programs"].as_array().unwrap();
    assert_eq!(programs.len(), EXPORT_PROGRAMS);
    assert_eq!(export["_count"], EXPORT_PROGRAMS);
    let term: Vec<Idea> = all(&root)
        .into_iter()
        .filter(|i| i.term_key() == "lfx-2026-3")
        .collect();
    let (mut exact, mut fuzzy, mut missing) = (0, 0, vec![]);
    for p in programs {
        // The export names a project as its LFX page does (`WasmEdge
        // Runtime`): compared by canonical name (schema/projects.json).
        let project = p["cncf_project"].as_str().unwrap();
        let project = names::project(project).map_or(project, |r| r.name);
        let title = p["program_name_short"].as_str().unwrap();
        let same_project: Vec<&Idea> = term
            .iter()
            .filter(|i| squash(&i.project) == squash(project))
            .collect();
        if same_project.iter().any(|i| i.title == title) {
            exact += 1;
        } else if same_project
            .iter()
            .any(|i| squash(&i.title) == squash(title))
        {
            fuzzy += 1;
        } else {
            missing.push(format!("{project}: {title}"));
        }
    }
    eprintln!(
        "lfx-export 2026 term 3: {} programs, {exact} matched exactly, {fuzzy} by case/punctuation, {} missing",
        programs.len(),
        missing.len()
    );
    assert!(missing.is_empty(), "not parsed:\n{}", missing.join("\n"));
    assert_eq!(term.len(), EXPORT_PROGRAMS, "the term holds other ideas");
}
