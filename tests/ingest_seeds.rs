//! The ingest pipeline against the five real idea lists in `data/` (see
//! `data/SOURCES.md`). Counts and field values below were read off the
//! markdown by hand, not copied from parser output.

use crate::common;

use ideas::idea::{self, Idea, Program};
use ideas::ingest::{self, Meta};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

const LFX_2023_3: &str = "lfx-mentorship/2023/03-Sep-Nov/README.md";
const LFX_2024_1: &str = "lfx-mentorship/2024/01-Mar-May/project_ideas.md";
const LFX_2025_3: &str = "lfx-mentorship/2025/03-Sep-Nov/project_ideas.md";
const GSOC_2019: &str = "summerofcode/2019.md";
const GSOC_2025: &str = "summerofcode/2025.md";

/// Each seed with what its path says and its hand-counted number of ideas.
struct Seed {
    path: &'static str,
    program: Program,
    year: u16,
    term: Option<u8>,
    ideas: usize,
}

const SEEDS: [Seed; 5] = [
    Seed {
        path: LFX_2023_3,
        program: Program::Lfx,
        year: 2023,
        term: Some(3),
        ideas: 43,
    },
    Seed {
        path: LFX_2024_1,
        program: Program::Lfx,
        year: 2024,
        term: Some(1),
        ideas: 29,
    },
    Seed {
        path: LFX_2025_3,
        program: Program::Lfx,
        year: 2025,
        term: Some(3),
        ideas: 18,
    },
    Seed {
        path: GSOC_2019,
        program: Program::Gsoc,
        year: 2019,
        term: None,
        ideas: 37,
    },
    Seed {
        path: GSOC_2025,
        program: Program::Gsoc,
        year: 2025,
        term: None,
        ideas: 23,
    },
];

// ---------------------------------------------------------------- helpers

fn read_seed(rel: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Parses a seed with the path relative to `data/`, as the embedded corpus does.
fn load(rel: &str) -> Vec<Idea> {
    common::load_from("data", rel)
}

use common::{by_id, by_title, listing};

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Number of ideas per project.
fn per_project(ideas: &[Idea]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for i in ideas {
        *m.entry(i.project.clone()).or_insert(0) += 1;
    }
    m
}

fn counts(v: &[(&str, usize)]) -> BTreeMap<String, usize> {
    v.iter().map(|(p, n)| (p.to_string(), *n)).collect()
}

fn schema() -> serde_json::Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/idea.schema.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("schema/idea.schema.json is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema())
        .expect("schema/idea.schema.json compiles as draft 2020-12")
}

fn schema_errors(v: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
    v.iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

// ---------------------------------------------------------------- every seed

#[test]
fn each_seed_yields_its_hand_counted_ideas() {
    let mut wrong = vec![];
    for seed in &SEEDS {
        let ideas = load(seed.path);
        if ideas.len() != seed.ideas {
            wrong.push(format!(
                "{}: {} ideas, expected {}:\n{}",
                seed.path,
                ideas.len(),
                seed.ideas,
                listing(&ideas)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn every_idea_carries_its_term_and_nonempty_text() {
    for seed in &SEEDS {
        let prefix = match seed.term {
            Some(t) => format!("{}-{}-{}/", seed.program.key(), seed.year, t),
            None => format!("{}-{}/", seed.program.key(), seed.year),
        };
        for i in load(seed.path) {
            let at = format!("{} ({})", i.id, seed.path);
            assert_eq!(i.program, seed.program, "{at}");
            assert_eq!(i.year, seed.year, "{at}");
            assert_eq!(i.term, seed.term, "{at}");
            assert!(
                i.id.starts_with(&prefix),
                "{at}: id should start with {prefix}"
            );
            assert!(!i.project.trim().is_empty(), "{at}: empty project");
            assert!(!i.title.trim().is_empty(), "{at}: empty title");
            assert!(!i.description.trim().is_empty(), "{at}: empty description");
            // A sub-project heading (`Knative Functions`) keeps its sub-name
            // as the group; no other seed has a group.
            let part = ideas::ingest::names::project_spellings(&i.project)
                .iter()
                .any(|h| {
                    ideas::ingest::names::project(h).and_then(|r| r.part) == i.group.as_deref()
                });
            assert!(
                i.group.is_none() || part,
                "{at}: no seed has headings between project and idea"
            );
            assert_eq!(i.sources.len(), 1, "{at}");
            assert_eq!(i.sources[0].path, seed.path, "{at}");
        }
    }
}

#[test]
fn ids_are_unique_per_file() {
    for seed in &SEEDS {
        let ideas = load(seed.path);
        let mut seen = HashSet::new();
        for i in &ideas {
            assert!(
                seen.insert(i.id.as_str()),
                "{}: id {} appears twice",
                seed.path,
                i.id
            );
        }
    }
}

/// The source line of every idea is the line of a markdown heading whose text is the title.
#[test]
fn source_line_is_the_idea_heading() {
    for seed in &SEEDS {
        let text = String::from_utf8(read_seed(seed.path)).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        for i in load(seed.path) {
            let n = i.sources[0].line as usize;
            assert!(
                n >= 1 && n <= lines.len(),
                "{}: line {n} out of range",
                i.id
            );
            let line = lines[n - 1];
            assert!(
                line.starts_with('#'),
                "{} ({}): line {n} is not a heading: {line:?}",
                i.id,
                seed.path
            );
            let heading = line
                .trim_start_matches('#')
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(
                heading.trim_end_matches(':').trim(),
                i.title,
                "{} ({}): line {n}",
                i.id,
                seed.path
            );
        }
    }
}

/// Fenced templates, tables of contents, timelines and other document
/// furniture are not ideas, nor projects.
#[test]
fn no_template_toc_or_timeline_headings_become_ideas() {
    const NOT_IDEAS: &[&str] = &[
        "Mentorship project Title",
        "Project Title",
        "CNCF Project Name",
        "Template",
        "Table of Contents",
        "Timeline",
        "Project Instructions",
        "Application instructions",
        "Accepted projects",
        "Proposed Project ideas",
        "Project Ideas",
        "Ideas",
        "Organization Admins",
        "Communication",
        "Current Year",
        "Students",
        "Mentors",
        "Term 03 - 2023 September - November",
        "CNCF + Summer of Code",
    ];
    for seed in &SEEDS {
        for i in load(seed.path) {
            for bad in NOT_IDEAS {
                assert!(
                    !i.title.eq_ignore_ascii_case(bad),
                    "{}: idea titled {:?} ({})",
                    seed.path,
                    i.title,
                    i.id
                );
                assert!(
                    !i.project.eq_ignore_ascii_case(bad),
                    "{}: idea {} has project {:?}",
                    seed.path,
                    i.id,
                    i.project
                );
            }
            assert!(
                !i.description.contains("Mentor Name (@mentor_github"),
                "{}: {} holds template text",
                seed.path,
                i.id
            );
            assert!(
                !i.mentors
                    .iter()
                    .any(|m| m.contains("Mentor Name") || m.contains("Jane Doe")),
                "{}: {} has template mentors",
                seed.path,
                i.id
            );
        }
    }
}

/// `LFX URL:` is filled in the accepted-projects list and empty in proposal
/// lists; only GSoC lists have `Expected project size:`.
#[test]
fn lfx_url_and_size_where_the_lists_give_them() {
    for seed in &SEEDS {
        for i in load(seed.path) {
            match seed.path {
                LFX_2023_3 => {
                    assert!(
                        i.lfx_url.as_deref().is_some_and(|u| u
                            .starts_with("https://mentorship.lfx.linuxfoundation.org/project/")),
                        "{}: lfx_url {:?}",
                        i.id,
                        i.lfx_url
                    )
                }
                _ => assert_eq!(i.lfx_url, None, "{} ({})", i.id, seed.path),
            }
            match seed.path {
                GSOC_2025 => assert!(
                    i.size.is_some(),
                    "{}: every GSoC 2025 idea gives a size",
                    i.id
                ),
                _ => assert_eq!(i.size, None, "{} ({})", i.id, seed.path),
            }
        }
    }
}

// ---------------------------------------------------------------- LFX 2023 term 3

#[test]
fn lfx_2023_term3_projects() {
    let ideas = load(LFX_2023_3);
    let expected = counts(&[
        ("Carvel", 1),
        ("CRI-O", 2),
        ("Istio", 2),
        ("Jaeger", 3),
        ("Karmada", 2),
        ("Konveyor", 4),
        ("KubeArmor", 2),
        ("KubeEdge", 3),
        ("Kubernetes", 1),
        ("Kubescape", 2),
        ("KubeVela", 1),
        ("Kyverno", 3),
        ("LitmusChaos", 2),
        ("Meshery", 3),
        ("Thanos", 2),
        ("Vitess", 1),
        ("OpenKruise", 1),
        ("Volcano", 4),
        ("WasmEdge", 4),
    ]);
    assert_eq!(per_project(&ideas), expected);
}

#[test]
fn lfx_2023_term3_keink_idea() {
    let ideas = load(LFX_2023_3);
    let i = by_id(
        &ideas,
        "lfx-2023-3/kubeedge/support-latest-version-in-keink-and-run-demo-on-keink",
    );
    assert_eq!(i.program, Program::Lfx);
    assert_eq!(i.year, 2023);
    assert_eq!(i.term, Some(3));
    assert_eq!(i.project, "KubeEdge");
    assert_eq!(i.group, None);
    assert_eq!(
        i.title,
        "Support latest version in keink and run demo on keink"
    );
    // Two source lines of one list item, joined.
    assert_eq!(
        i.description,
        "keink (KubeEdge IN kind) is a project for running local KubeEdge clusters using Docker container \"nodes\", \
         so developers can install a multi-node edge cluster in one node. \
         Now we need to support the latest version installation in keink."
    );
    assert_eq!(
        i.outcome,
        "keink can install the latest version of KubeEdge and developers can quickly use keink to run kubeedge, \
         and then develop applications on KubeEdge."
    );
    assert_eq!(i.skills, strings(&["Kubernetes", "KubeEdge", "Go"]));
    assert_eq!(
        i.mentors,
        strings(&["Fisher Xu (@fisherxu, fisherxu1@gmail.com)"])
    );
    assert_eq!(
        i.upstream_issues,
        strings(&["https://github.com/kubeedge/keink/issues/8"])
    );
    assert_eq!(i.lfx_url.as_deref(), Some("https://mentorship.lfx.linuxfoundation.org/project/8c7c6769-edea-4ecd-8fb4-53aa1dacb070"));
    assert_eq!(i.size, None);
    assert_eq!(i.sources.len(), 1);
    assert_eq!(i.sources[0].path, LFX_2023_3);
    assert_eq!(
        i.sources[0].line, 350,
        "line of `#### Support latest version in keink and run demo on keink`"
    );
}

#[test]
fn lfx_2023_term3_karmada_api_doc_idea() {
    let ideas = load(LFX_2023_3);
    let i = by_id(
        &ideas,
        "lfx-2023-3/karmada/add-karmada-api-documentation-on-the-website",
    );
    assert_eq!(i.project, "Karmada");
    assert_eq!(i.title, "Add Karmada API documentation on the website");
    // The markdown link keeps its text, loses its target.
    assert_eq!(
        i.description,
        "Add the Karmada API documentation on the website,and complete the script for automatic document generation."
    );
    // Nested items whose text has a colon are outcome lines, not new fields.
    assert_eq!(
        i.outcome,
        "- Technical Documentation: design description and analysis\n\
         - Script Complete: automatic document generation\n\
         - Maintaining Documentation: add maintaining document on the website"
    );
    assert_eq!(i.skills, strings(&["Go", "Cloud Native"]));
    assert_eq!(
        i.mentors,
        strings(&[
            "Zhen Chang (@XiShanYongYe-Chang, changzhen5@huawei.com)",
            "Hongcai Ren(@RainbowMango, qdurenhongcai@gmail.com)"
        ])
    );
    assert_eq!(
        i.upstream_issues,
        strings(&["https://github.com/karmada-io/karmada/issues/3843"])
    );
    assert_eq!(i.lfx_url.as_deref(), Some("https://mentorship.lfx.linuxfoundation.org/project/54940f04-54b8-41ee-94bf-153f977b31e7"));
    assert_eq!(i.sources[0].line, 221);
}

#[test]
fn lfx_2023_term3_field_variants() {
    let ideas = load(LFX_2023_3);

    // `- Upstream Issue: a, b` on one line: two issues.
    let thanos = by_title(&ideas, "Implement fan-out query observability in Thanos");
    assert_eq!(thanos.project, "Thanos");
    assert_eq!(
        thanos.upstream_issues,
        strings(&[
            "https://github.com/thanos-io/thanos/issues/6517",
            "https://github.com/thanos-community/promql-engine/issues/106"
        ])
    );
    // `- Description:` with its text on the following lines.
    assert!(
        thanos
            .description
            .starts_with("In the previous mentorship sessions we added the foundation"),
        "{:?}",
        thanos.description
    );
    assert!(
        thanos
            .description
            .ends_with("we would like to visualize it in the Query UI."),
        "{:?}",
        thanos.description
    );
    assert_eq!(
        thanos.skills,
        strings(&[
            "Go",
            "React.js with TypeScript",
            // `Git + GitHub`, `Any Prometheus/PromQL/Thanos understanding is a plus`
            "Git",
            "GitHub",
            "Prometheus",
            "PromQL",
            "Thanos"
        ])
    );

    // `- Upstream Issue:` whose value is a nested item.
    let konveyor = by_title(
        &ideas,
        "Extend use-case of detecting deprecated Kubernetes API usage",
    );
    assert_eq!(
        konveyor.upstream_issues,
        strings(&["https://github.com/konveyor/operator/issues/251"])
    );
    assert_eq!(konveyor.mentors.len(), 3);

    // Mentors written as continuation lines of `- Mentor(s):`, no bullets; `Recommend Skills`.
    let npu = by_title(&ideas, "Support NPU accelerator scheduling in Volcano");
    assert_eq!(
        npu.mentors,
        strings(&[
            "william wang(@william-wang, wang.platform@gmail.com)",
            "wang yang(@wangyang0616, wangyang8126@gmail.com)"
        ])
    );
    assert_eq!(npu.skills, strings(&["Go", "Kubernetes", "Volcano"]));
    assert_eq!(
        npu.outcome,
        "- design doc and feature user guide\n- implement NPU topology scheduling\n- implement job controller enhancement\n- vitrualized NPU resource scheduling"
    );

    // One inline mentor whose handle and email sit in parentheses: one person.
    let jobflow = by_title(&ideas, "Add user guidance for jobflow");
    assert_eq!(
        jobflow.mentors,
        strings(&["Thor Wu (@Thor-wl, 13164644535@163.com)"])
    );

    // Issue given as a markdown link.
    let vela = by_title(
        &ideas,
        "Support auto generation of multiple languages SDK from CUE II",
    );
    assert_eq!(
        vela.upstream_issues,
        strings(&["https://github.com/kubevela/kubevela/issues/5365"])
    );

    // Heading immediately followed by the list (no blank line).
    let litmus = by_title(
        &ideas,
        "Improve litmusctl UX and codebase and add new functionalities to litmusctl",
    );
    assert_eq!(litmus.project, "LitmusChaos");
    assert_eq!(
        litmus.upstream_issues,
        strings(&["https://github.com/litmuschaos/litmus/issues/4101"])
    );

    // A description of two paragraphs with a bullet list between them.
    let yolo = by_title(&ideas, "Create a Rust crate for YOLO model");
    assert!(
        yolo.description
            .starts_with("With WASI-NN plugins, WasmEdge is well-suited"),
        "{:?}",
        yolo.description
    );
    assert!(
        yolo.description
            .contains("The mediapipe-rs project provides a Rust SDK"),
        "{:?}",
        yolo.description
    );
    assert!(
        yolo.description.ends_with(
            "we would like to build a Rust SDK to support applications on the YOLO models."
        ),
        "{:?}",
        yolo.description
    );
    assert_eq!(
        yolo.skills,
        strings(&["OpenCV", "Rust", "TensorFlow", "PyTorch", "WebAssembly"])
    );

    // `- Mentor(s):` with the list separated by a blank line from the skills.
    let vitess = by_title(
        &ideas,
        "Continue the migration to React and enhance existing frontend UI",
    );
    assert_eq!(
        vitess.mentors,
        strings(&["Florent Poinsard @fouioui florent@planetscale.com"])
    );
    assert_eq!(
        vitess.upstream_issues,
        strings(&["https://github.com/vitessio/arewefastyet/issues/415"])
    );
}

// ---------------------------------------------------------------- LFX 2024 term 1

#[test]
fn lfx_2024_term1_projects() {
    let ideas = load(LFX_2024_1);
    let expected = counts(&[
        // `Knative Eventing`, a sub-project (schema/projects.json)
        ("Knative", 1),
        ("Konveyor", 3),
        ("Kubearmor", 3),
        ("KubeEdge", 4),
        ("KubeVela", 1),
        ("Kyverno", 4),
        ("K8sGPT", 1),
        ("LitmusChaos", 3),
        ("OpenTelemetry", 1),
        ("Prometheus", 1),
        ("Vitess", 1),
        ("Volcano", 2),
        ("WasmEdge", 4),
    ]);
    assert_eq!(per_project(&ideas), expected);
}

#[test]
fn lfx_2024_term1_field_variants() {
    let ideas = load(LFX_2024_1);

    // `- Issue:` with three nested URLs; mentors written as links.
    let prom = by_id(
        &ideas,
        "lfx-2024-1/prometheus/client-golang-ci-cd-improvements",
    );
    assert_eq!(prom.title, "Client_golang CI/CD improvements");
    assert_eq!(
        prom.upstream_issues,
        strings(&[
            "https://github.com/prometheus/client_golang/issues/1434",
            "https://github.com/prometheus/client_golang/issues/1435",
            "https://github.com/prometheus/client_golang/issues/1436",
        ])
    );
    assert_eq!(
        prom.mentors,
        strings(&[
            "Arthur Sens (arthursens2005@gmail.com)",
            "Kemal Akkoyun (kakkoyun@gmail.com)"
        ])
    );
    assert!(
        prom.description
            .contains("\n- Golang version upgrades requires autogenerating go files"),
        "{:?}",
        prom.description
    );
    assert_eq!(prom.outcome, "");
    assert_eq!(prom.lfx_url, None, "`- LFX URL: ` is empty");
    assert_eq!(prom.sources[0].line, 306);

    // Lazy continuation lines (at column 0) belong to the description.
    let dash = by_title(
        &ideas,
        "Dashboards for application behavior and KubeArmor state",
    );
    assert_eq!(dash.project, "Kubearmor");
    assert_eq!(
        dash.description,
        "For showing an application's behaviour, we'd like to have a Kibana/Grafana dashboard. We have existing integrations for \
         visualizing alerts with Elastic/Loki and we can use them for creating these. \
         We want to leverage the above for creating a plugin which will allow users to see an application's behavior based on visibility logs sent by KubeArmor."
    );
    assert_eq!(
        dash.skills,
        strings(&["Grafana", "JavaScript", "Go", "Kubernetes", "Linux"])
    );
    assert_eq!(dash.mentors.len(), 4);

    // An inline value followed by nested skill items; the inline one, "One
    // (or more!) of the missing languages supported by OpenTelemetry", is a
    // sentence, not a skill (dropped, see schema/skills.json).
    let otel = by_title(&ideas, "One Logging Bridge per Language");
    assert_eq!(
        otel.skills,
        strings(&["C++", "Erlang", "Go", "JavaScript", "PHP", "Ruby", "Swift"])
    );

    // Title with a trailing period and a colon inside.
    let m2k = by_id(
        &ideas,
        "lfx-2024-1/konveyor/move2kube-exploratory-approaches-to-artifact-manipulation",
    );
    assert_eq!(m2k.skills, strings(&["Go", "program analysis"]));
    assert_eq!(
        m2k.upstream_issues,
        strings(&["https://github.com/konveyor/move2kube/issues/1130"])
    );

    // Trailing space in the heading.
    let api = by_title(&ideas, "Auto Generate KubeEdge API Document");
    assert_eq!(
        api.id,
        "lfx-2024-1/kubeedge/auto-generate-kubeedge-api-document"
    );
    assert_eq!(api.skills, strings(&["Go", "Kubernetes", "Swagger"]));

    // `- Issue:` label (no "Upstream").
    let gpt = by_title(&ideas, "Enhance K8sGPT's analyzers Unit Test Coverage");
    assert_eq!(
        gpt.id,
        "lfx-2024-1/k8sgpt/enhance-k8sgpts-analyzers-unit-test-coverage"
    );
    assert_eq!(
        gpt.upstream_issues,
        strings(&["https://github.com/k8sgpt-ai/k8sgpt/issues/889"])
    );
}

// ---------------------------------------------------------------- LFX 2025 term 3

#[test]
fn lfx_2025_term3_projects() {
    let ideas = load(LFX_2025_3);
    let expected = counts(&[
        ("Karmada", 4),
        ("Harbor", 4),
        ("KubeEdge", 5),
        ("Kubernetes", 1),
        ("WasmEdge", 4),
    ]);
    assert_eq!(per_project(&ideas), expected);
}

/// The four Karmada ideas sit at the wrong heading levels (one under a stray
/// `### Jaeger`, one nested under another idea): all are Karmada's.
#[test]
fn lfx_2025_term3_misplaced_ideas_belong_to_karmada() {
    let ideas = load(LFX_2025_3);
    let cases = [
        (
            "lfx-2025-3/karmada/support-tfjob-and-pytorchjob-in-karmada-via-default-resource-interpreters",
            "Support TFJob and PyTorchJob in Karmada via Default Resource Interpreters",
            23,
            "Implement default resource interpreters for TFJob and PyTorchJob workloads in Karmada.",
            "https://github.com/karmada-io/karmada/issues/6586",
        ),
        (
            "lfx-2025-3/karmada/support-trainjob-and-sparkapplication-in-karmada-via-default-resource-interpreters",
            "Support TrainJob and SparkApplication in Karmada via Default Resource Interpreters",
            33,
            "Develop default resource interpreters for TrainJob and SparkApplication workloads in Karmada.",
            "https://github.com/karmada-io/karmada/issues/6587",
        ),
        (
            "lfx-2025-3/karmada/support-raycluster-and-rayjob-in-karmada-via-default-resource-interpreters",
            "Support RayCluster and RayJob in Karmada via Default Resource Interpreters",
            145,
            "Implement default resource interpreters for RayCluster and RayJob workloads in Karmada.",
            "https://github.com/karmada-io/karmada/issues/6588",
        ),
        (
            "lfx-2025-3/karmada/support-volcano-job-and-notebook-in-karmada-via-default-resource-interpreters",
            "Support Volcano Job and Notebook in Karmada via Default Resource Interpreters",
            155,
            "Implement default resource interpreters for Volcano Job and Notebook workloads in Karmada.",
            "https://github.com/karmada-io/karmada/issues/6589",
        ),
    ];
    for (id, title, line, description, issue) in cases {
        let i = by_id(&ideas, id);
        assert_eq!(i.project, "Karmada", "{id}");
        assert_eq!(i.group, None, "{id}");
        assert_eq!(i.title, title, "{id}");
        assert_eq!(i.sources[0].line, line, "{id}");
        assert_eq!(i.description, description, "{id}");
        assert_eq!(i.upstream_issues, strings(&[issue]), "{id}");
        assert!(
            i.mentors
                .iter()
                .any(|m| m == "Hongcai Ren (@RainbowMango, qdurenhongcai@gmail.com)"),
            "{id}: {:?}",
            i.mentors
        );
        assert_eq!(
            i.mentors.len(),
            2,
            "{id}: `- Mentors` without a colon, two nested names: {:?}",
            i.mentors
        );
    }
    let tf = by_id(&ideas, cases[0].0);
    assert_eq!(
        tf.mentors,
        strings(&[
            "Yiheng Ci (@lfbear, lfbear@gmail.com)",
            "Hongcai Ren (@RainbowMango, qdurenhongcai@gmail.com)"
        ])
    );
    assert_eq!(
        tf.skills,
        strings(&["Go", "Lua", "Karmada", "TFJob Job and PyTorchJob workloads"])
    );
}

/// `### Support TrainJob ...` (line 33) is empty; its body sits under the
/// stray `### Jaeger` heading (line 134). Jaeger has no idea in this file.
#[test]
fn lfx_2025_term3_trainjob_reads_the_body_under_stray_jaeger() {
    let ideas = load(LFX_2025_3);
    let t = by_title(
        &ideas,
        "Support TrainJob and SparkApplication in Karmada via Default Resource Interpreters",
    );
    assert_eq!(t.project, "Karmada");
    assert_eq!(t.description, "Develop default resource interpreters for TrainJob and SparkApplication workloads in Karmada.");
    assert_eq!(
        t.outcome,
        "The task involves implementing interpreter logic, validating scheduling/propagation, and documenting the process of running these workloads on Karmada. \
         Share the practice and integration details with the Kubeflow and Spark communities."
    );
    assert_eq!(
        t.skills,
        strings(&[
            "Go",
            "Lua",
            "Karmada",
            "TrainJob Job and SparkApplication workloads"
        ])
    );
    assert_eq!(
        t.mentors,
        strings(&[
            "Zhuang Zhang (@zhzhuang-zju, m17799853869@163.com)",
            "Hongcai Ren (@RainbowMango, qdurenhongcai@gmail.com)"
        ])
    );
    assert_eq!(t.sources[0].line, 33);
    assert!(
        ideas
            .iter()
            .all(|i| i.project != "Jaeger" && i.title != "Jaeger"),
        "no Jaeger idea:\n{}",
        listing(&ideas)
    );
    // The Harbor idea just above the stray heading keeps its own body.
    let eventing = by_title(
        &ideas,
        "Harbor Satellite: Implementing a Eventing System for Satellite",
    );
    assert_eq!(eventing.project, "Harbor");
    assert_eq!(
        eventing.upstream_issues,
        strings(&["https://github.com/goharbor/harbor/issues/21986"])
    );
    assert!(
        !eventing.description.contains("TrainJob"),
        "{:?}",
        eventing.description
    );
}

#[test]
fn lfx_2025_term3_field_variants() {
    let ideas = load(LFX_2025_3);

    // `* **Upstream Issue:**` with the URL in a nested `- Upstream Issue: ...` item; `*` bullets.
    let bob = by_title(
        &ideas,
        "Extend Harbor's Pluggable Scanner API for Runtime Behavior Profiles",
    );
    assert_eq!(
        bob.id,
        "lfx-2025-3/harbor/extend-harbors-pluggable-scanner-api-for-runtime-behavior-profiles"
    );
    assert_eq!(
        bob.upstream_issues,
        strings(&["https://github.com/goharbor/pluggable-scanner-spec/issues/22"])
    );
    assert_eq!(
        bob.mentors,
        strings(&[
            "Vadim Bauer (@vad1mo, vb@container-registry.com)",
            "Prasanth Baskar (@bupd, bupdprasanth@gmail.com)"
        ])
    );
    assert_eq!(
        bob.skills,
        strings(&[
            "Go",
            "REST API Design",
            "Kubernetes",
            "Containers and OCI Image/Distribution Specifications",
            // `Familiarity with ...`: the lead-in is not the skill.
            "software supply chain security concepts (SBOM, SPDX)",
        ])
    );
    assert!(
        bob.outcome
            .starts_with("- Propose and document the minimally necessary modifications"),
        "{:?}",
        bob.outcome
    );
    assert_eq!(bob.outcome.lines().count(), 5, "{:?}", bob.outcome);

    // `- Recommended Skills ` with no colon, then nested items.
    let qa = by_title(&ideas, "Harbor Satellite: Q&A and Docs");
    assert_eq!(
        qa.skills,
        strings(&[
            "Go",
            "GitHub Actions",
            "Dagger",
            "Testing",
            "Q&A",
            "Good writing and communication"
        ])
    );
    assert_eq!(
        qa.upstream_issues,
        strings(&["https://github.com/goharbor/harbor/issues/21959"])
    );

    // Heading with a trailing space.
    let amd = by_title(&ideas, "Deep integration of KubeEdge with AMD edge nodes");
    assert_eq!(amd.project, "KubeEdge");
    assert_eq!(
        amd.upstream_issues,
        strings(&["https://github.com/kubeedge/kubeedge/issues/6429"])
    );
    assert_eq!(
        amd.skills,
        strings(&[
            "Go",
            "Kubernetes",
            "KubeEdge",
            "Linux",
            "Hardware Integration",
            "AI/ML"
        ])
    );

    // A description indented as a code block inside its list item.
    let nexus = by_title(&ideas, "Support the Responses API in Llama Nexus");
    assert!(
        nexus
            .description
            .starts_with("The llama nexus project is an API proxy"),
        "{:?}",
        nexus.description
    );
    assert!(
        nexus.description.contains("Browser use (optional)"),
        "{:?}",
        nexus.description
    );
    assert_eq!(
        nexus.upstream_issues,
        strings(&["https://github.com/WasmEdge/WasmEdge/issues/4286"])
    );

    // Four mentors, one per item.
    let docs = by_title(&ideas, "Improve Kubernetes Reference Docs Generator");
    assert_eq!(docs.mentors.len(), 4);
    assert_eq!(
        docs.skills,
        strings(&[
            "Go",
            "Bash",
            "Python",
            // "Patience when faced with undocumented failure modes": a
            // sentence (over 5 words), dropped.
            "Technical writing"
        ])
    );
}

// ---------------------------------------------------------------- GSoC 2019

#[test]
fn gsoc_2019_projects() {
    let ideas = load(GSOC_2019);
    let expected = counts(&[
        ("Kubernetes", 8),
        ("Prometheus", 2),
        ("Open Policy Agent (OPA)", 3),
        ("CoreDNS", 3),
        ("TiKV", 4),
        ("Rook", 6),
        ("Linkerd & Envoy", 1),
        ("Virtual Kubelet", 1),
        ("Linkerd", 5),
        ("rkt", 2),
        ("containerd", 2),
    ]);
    assert_eq!(per_project(&ideas), expected);
}

#[test]
fn gsoc_2019_rook_idea_with_several_issue_urls() {
    let ideas = load(GSOC_2019);
    let i = by_id(
        &ideas,
        "gsoc-2019/rook/storage-provider-features-and-enhancements",
    );
    assert_eq!(i.program, Program::Gsoc);
    assert_eq!(i.year, 2019);
    assert_eq!(i.term, None);
    assert_eq!(i.project, "Rook");
    assert_eq!(i.sources[0].line, 221);
    assert_eq!(
        i.upstream_issues,
        strings(&[
            "https://github.com/rook/rook/issues/1809",
            "https://github.com/rook/rook/issues/2062",
            "https://github.com/rook/rook/issues/2283",
            "https://github.com/rook/rook/issues/2531",
            "https://github.com/rook/rook/issues/1804",
        ])
    );
    // Inline `[A](url) and [B](url)`: two people, link text only.
    assert_eq!(i.mentors, strings(&["Jared Watts", "Rohan Gupta"]));
    assert_eq!(
        i.skills,
        strings(&["Kubernetes", "Go", "storage concepts and systems"])
    );
    assert_eq!(
        i.description,
        "Rook supports many storage providers to integrate them into Kubernetes and provide their storage services to pods and workloads. \
         This project will enable you to become familiar with many of Rook's supported storage systems and bring multiple enhancements through the full software development life-cycle. \
         Along with the mentor for this project, you will learn about the storage systems supported by Rook, choose the highest impact features to benefit the community, then design and implement the features to be included in a future official release. \
         Some examples include:\n\
         - Support a \"secure\" mode in the CockroachDB operator to include certificates and SSL in all network communication\n\
         - Add a dynamic provisioner to the Network File System (NFS) operator to provision NFS storage for client pods on demand"
    );
    assert_eq!(i.outcome, "");
    assert_eq!(i.lfx_url, None);
    assert_eq!(i.size, None);

    let ci = by_title(
        &ideas,
        "Expand coverage and scope of Rook's continuous integration (CI) system",
    );
    assert_eq!(
        ci.upstream_issues,
        strings(&[
            "https://github.com/rook/rook/issues/1901",
            "https://github.com/rook/rook/issues/1315",
            "https://github.com/rook/rook/issues/1841",
            "https://github.com/rook/rook/issues/1218",
        ])
    );
    let portable = by_title(&ideas, "Dynamic provisioning for portable workloads");
    assert_eq!(
        portable.upstream_issues,
        strings(&[
            "https://github.com/rook/rook/issues/1705",
            "https://github.com/rook/rook/issues/1704"
        ])
    );
}

#[test]
fn gsoc_2019_inline_mentors_are_split_into_people() {
    let ideas = load(GSOC_2019);
    let upgrade = by_title(
        &ideas,
        "Upgrade Rook to a more advanced operator/controller framework",
    );
    assert_eq!(
        upgrade.mentors,
        strings(&["Jared Watts", "Yannis Zarkadas"])
    );
    assert_eq!(
        upgrade.upstream_issues,
        strings(&["https://github.com/rook/rook/issues/1981"])
    );

    let sass = by_title(
        &ideas,
        "Streamline and simplify SASS for the Kubernetes website",
    );
    assert_eq!(
        sass.mentors,
        strings(&[
            "Zach Corleissen (@zacharysarah)",
            "Luc Perkins (@lucperkins)"
        ])
    );

    let opa = by_title(&ideas, "Interactive website detailing OPA integrations");
    assert_eq!(opa.project, "Open Policy Agent (OPA)");
    assert_eq!(
        opa.mentors,
        strings(&[
            "Tim Hinrichs (@timothyhinrichs)",
            "Torin Sandall (@tsandall)"
        ])
    );

    // `* Mentors:` in a `*` list whose fields come in another order.
    let vk = by_id(
        &ideas,
        "gsoc-2019/virtual-kubelet/conformance-testing-for-virtual-kubelet",
    );
    assert_eq!(
        vk.mentors,
        strings(&["Ria Bhatia (rbitia)", "Brian Goff (cpuguy83)"])
    );
    assert_eq!(
        vk.upstream_issues,
        strings(&["https://github.com/virtual-kubelet/virtual-kubelet/issues/81"])
    );
    assert_eq!(vk.skills, strings(&["Go"]));

    let single = by_title(&ideas, "Benchmarks for TSDB");
    assert_eq!(
        single.mentors,
        strings(&["Krasi Georgiev (@krasi-georgiev)"])
    );
}

#[test]
fn gsoc_2019_tab_bullets_and_bare_urls() {
    let ideas = load(GSOC_2019);
    // `-<TAB>Description:` items; two bare URLs separated by ` , `.
    let batch = by_id(
        &ideas,
        "gsoc-2019/kubernetes/integrate-kube-batch-with-pytorch-operator-mxnet-operator",
    );
    assert_eq!(batch.sources[0].line, 50);
    assert!(
        batch
            .description
            .starts_with("kube-batch is a batch scheduler for kubernetes"),
        "{:?}",
        batch.description
    );
    assert_eq!(batch.skills, strings(&["Go", "Kubernetes", "Kubeflow"]));
    assert_eq!(batch.mentors, strings(&["Klaus Ma (@k82cn)"]));
    assert_eq!(
        batch.upstream_issues,
        strings(&[
            "https://github.com/kubeflow/mxnet-operator/issues/16",
            "https://github.com/kubeflow/pytorch-operator/issues/129"
        ])
    );

    // A bare URL followed by prose.
    let prombench = by_title(&ideas, "Continue the work on Prombench");
    assert_eq!(
        prombench.upstream_issues,
        strings(&["https://github.com/prometheus/prombench/issues"])
    );

    // Two URLs joined by `and`.
    let mesh = by_title(&ideas, "Benchmarks for Linkerd and Envoy");
    // A heading naming two projects: a joint idea, counted under each.
    assert_eq!(mesh.project, "Linkerd & Envoy");
    assert_eq!(mesh.joint, strings(&["Linkerd", "Envoy"]));
    assert_eq!(
        mesh.upstream_issues,
        strings(&[
            "https://github.com/envoyproxy/envoy/issues/5536",
            "https://discourse.linkerd.io/t/linkerd-performance/146"
        ])
    );

    // No issue field at all.
    let block = by_title(&ideas, "Support source-IP based query block/allow");
    assert_eq!(block.project, "CoreDNS");
    assert!(block.upstream_issues.is_empty());

    // Description wrapped over several source lines.
    let auto = by_title(&ideas, "Auto-Update");
    assert_eq!(auto.project, "Linkerd");
    assert_eq!(
        auto.description,
        "Linkerd has frequent updates and keeping up with the weekly edge releases can be difficult. \
         This project involves building an Kubernetes operator that can observe the version-check API, auto-update the control plane \
         and replace the Linkerd data plane proxies with the correct version."
    );
    assert_eq!(
        auto.upstream_issues,
        strings(&["https://github.com/linkerd/linkerd2/issues/1903"])
    );
}

// ---------------------------------------------------------------- GSoC 2025

#[test]
fn gsoc_2025_projects() {
    let ideas = load(GSOC_2025);
    let expected = counts(&[
        ("etcd", 1),
        ("Harbor", 1),
        ("Jaeger", 1),
        ("KCL", 1),
        // `Knative Functions`, a sub-project (schema/projects.json)
        ("Knative", 1),
        ("Konveyor", 1),
        ("KubeArmor", 1),
        ("KubeBuilder", 1),
        ("KubeStellar", 1),
        ("Kubewarden", 2),
        ("Lima", 1),
        ("LitmusChaos", 1),
        ("Meshery", 3),
        ("Open Cluster Management", 1),
        ("ORAS", 1),
        ("The Update Framework (TUF)", 1),
        ("Vitess", 1),
        ("WasmEdge", 3),
    ]);
    assert_eq!(per_project(&ideas), expected);
}

#[test]
fn gsoc_2025_harbor_idea_with_size() {
    let ideas = load(GSOC_2025);
    let i = by_id(&ideas, "gsoc-2025/harbor/enhance-harbor-satellite-for-artifact-replication-from-remote-registry-to-edge");
    assert_eq!(i.program, Program::Gsoc);
    assert_eq!(i.year, 2025);
    assert_eq!(i.term, None);
    assert_eq!(i.project, "Harbor");
    assert_eq!(
        i.title,
        "Enhance Harbor Satellite for Artifact Replication from Remote Registry to Edge"
    );
    assert_eq!(i.size.as_deref(), Some("medium (~175 hour projects)"));
    assert_eq!(
        i.skills,
        strings(&["Go", "OCI-Registries", "Distribution-spec"])
    );
    assert_eq!(
        i.mentors,
        strings(&[
            "Vadim Bauer (@vad1mo, vb@container-registry.com) - primary",
            "Orlin Vasilev (@OrlinVasilev, orlin@orlix.org)",
            "Prasanth Baskar (@bupd, bupdprasanth@gmail.com)",
        ])
    );
    assert_eq!(
        i.upstream_issues,
        strings(&["https://github.com/goharbor/harbor/issues/21605"])
    );
    assert!(
        i.description.starts_with(
            "The Harbor Satellite project aims to enable decentralized artifact replication"
        ),
        "{:?}",
        i.description
    );
    assert_eq!(i.outcome.lines().count(), 4, "{:?}", i.outcome);
    assert_eq!(i.lfx_url, None);
    assert_eq!(i.sources[0].line, 101);
}

#[test]
fn gsoc_2025_size_variants() {
    let ideas = load(GSOC_2025);
    let size = |title: &str| by_title(&ideas, title).size.clone();
    assert_eq!(size("etcd cache").as_deref(), Some("small"));
    assert_eq!(size("Dynamic AI Agent Callbacks").as_deref(), Some("Large"));
    assert_eq!(
        size("Improve KubeArmor Observability Spectrum").as_deref(),
        Some("175 hrs")
    );
    // `**Large** (~350 hour projects)`: bold markup dropped.
    assert_eq!(
        size("Automating Operator Maintenance: Driving Better Results with Less Overhead")
            .as_deref(),
        Some("Large (~350 hour projects)")
    );
    // ` - Expected Project Size:` indented by one space after a nested skills list.
    assert_eq!(
        size("Automating Benchmarking of KubeStellar Data-Plane").as_deref(),
        Some("Large (~350 hours)")
    );
    assert_eq!(
        size("Elevate our .NET SDK into a first class citizen").as_deref(),
        Some("medium")
    );
    // `Expected project size: # Large (~350 hours)`: the template's comment marker dropped.
    assert_eq!(
        size("Extend usage of Konveyor AI to detect and update deprecated Kubernetes API usage in golang applications").as_deref(),
        Some("Large (~350 hours)")
    );
}

#[test]
fn gsoc_2025_field_variants() {
    let ideas = load(GSOC_2025);

    // Inline mentors with handles and emails in parentheses: two people.
    let opa = by_title(&ideas, "Distributed client-side inference (policy evaluation) with WebAssembly (WASM) and OPA in Meshery");
    assert_eq!(
        opa.mentors,
        strings(&[
            "Lee Calcote (@leecalcote, leecalcote@gmail.com)",
            "James Horton (@hortison, james.horton2337@gmail.com)"
        ])
    );
    assert_eq!(
        opa.upstream_issues,
        strings(&["https://github.com/meshery/meshery/issues/13555"])
    );

    // `-Description:` with no space (a paragraph, not a list item), after a `Current Behavior` line.
    let widgets = by_title(
        &ideas,
        "Extensibility of Meshery Dashboard: Enhance meshery dashboard with extensible widgets",
    );
    assert_eq!(widgets.project, "Meshery");
    assert!(
        widgets.description.starts_with("All dashboard widgets in Meshery UI are currently defined and bundled directly within the UI"),
        "{:?}",
        widgets.description
    );
    assert_eq!(
        widgets.upstream_issues,
        strings(&["https://github.com/meshery/meshery/issues/14084"])
    );
    assert_eq!(widgets.size.as_deref(), Some("large (~350 hour project)"));

    // Labels without a colon (`- Expected Outcome`, `- Recommended Skills`, `- Mentor(s)`), issue as a link.
    let kb = by_title(
        &ideas,
        "Automating Operator Maintenance: Driving Better Results with Less Overhead",
    );
    assert_eq!(kb.project, "KubeBuilder");
    assert_eq!(
        kb.skills,
        strings(&[
            "Go",
            "GitHub Actions",
            "Software Automation",
            "CI/CD",
            "Git",
            "IA"
        ])
    );
    assert_eq!(kb.mentors.len(), 3);
    assert_eq!(
        kb.upstream_issues,
        strings(&["https://github.com/kubernetes-sigs/kubebuilder/pull/4302"])
    );
    assert!(
        kb.description
            .starts_with("Code-generation tools like Kubebuilder and Operator-SDK"),
        "{:?}",
        kb.description
    );
    assert!(
        kb.outcome
            .contains("Conduct research on 3-Way Merge & Advanced Merge Options in Git"),
        "{:?}",
        kb.outcome
    );

    // Description of several paragraphs with a bullet list.
    let ocm = by_title(
        &ideas,
        "Privacy-preserving and efficient AI model training across multi-cluster",
    );
    assert_eq!(ocm.project, "Open Cluster Management");
    assert!(
        ocm.description
            .contains("This project integrates Federated Learning (FL) into OCM"),
        "{:?}",
        ocm.description
    );
    assert_eq!(
        ocm.upstream_issues,
        strings(&["https://github.com/open-cluster-management-io/ocm/issues/825"])
    );
    assert_eq!(ocm.size.as_deref(), Some("large (~350 hour projects)"));

    let vitess = by_title(&ideas, "Enhancements for FAQ Chatbot for Vitess");
    assert!(
        vitess
            .description
            .contains("- Content filtering for chatbot safety and response validation"),
        "{:?}",
        vitess.description
    );
    assert_eq!(
        vitess.mentors,
        strings(&[
            "Rohit Nayak (@rohit-nayak-ps, rohit@planetscale.com)",
            "Manan Gupta (@GuptaManan100, manan@planetscale.com)"
        ])
    );
}

// ---------------------------------------------------------------- schema

#[test]
fn schema_is_valid_draft_2020_12() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    if let Err(e) = jsonschema::meta::validate(&s) {
        panic!("schema/idea.schema.json is not a valid JSON Schema: {e}");
    }
    for (name, prop) in s["properties"].as_object().expect("properties") {
        assert!(
            prop["description"].as_str().is_some_and(|d| d.len() > 20),
            "property {name} needs a description"
        );
    }
}

/// The schema names exactly the fields serde writes: all of them when every
/// optional field is set, and requires exactly those written when none is.
#[test]
fn schema_matches_the_serde_form() {
    let s = schema();
    let mut full = load(LFX_2023_3).into_iter().next().expect("an idea");
    full.group = Some("SIG Storage".into());
    full.joint = vec!["Linkerd".into(), "Envoy".into()];
    full.links = vec![ideas::idea::Link {
        field: ideas::idea::TextField::Description,
        start: 0,
        end: 4,
        url: "https://example.com/".into(),
    }];
    full.size = Some("medium (~175 hour projects)".into());
    full.lfx_url = Some("https://mentorship.lfx.linuxfoundation.org/project/x".into());
    let full_keys: HashSet<String> = serde_json::to_value(&full)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let props: HashSet<String> = s["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(props, full_keys);

    let mut bare = full.clone();
    bare.group = None;
    bare.joint = vec![];
    bare.links = vec![];
    bare.size = None;
    bare.lfx_url = None;
    let bare_keys: HashSet<String> = serde_json::to_value(&bare)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let required: HashSet<String> = s["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(required, bare_keys);

    let v = validator();
    assert!(schema_errors(&v, &serde_json::to_value(&full).unwrap()).is_empty());
    assert!(schema_errors(&v, &serde_json::to_value(&bare).unwrap()).is_empty());
}

#[test]
fn every_parsed_record_validates_against_the_schema() {
    let v = validator();
    let mut failures = vec![];
    let mut checked = 0;
    for seed in &SEEDS {
        for i in load(seed.path) {
            let value = serde_json::to_value(&i).expect("serialises");
            for e in schema_errors(&v, &value) {
                failures.push(format!("{} ({}): {e}", i.id, seed.path));
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} schema violation(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn schema_rejects_malformed_records() {
    let v = validator();
    let good = serde_json::to_value(load(GSOC_2019).into_iter().next().expect("an idea")).unwrap();
    assert!(schema_errors(&v, &good).is_empty());
    let bad = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut x = good.clone();
        f(&mut x);
        !schema_errors(&v, &x).is_empty()
    };
    assert!(
        bad(&|x| x["program"] = "outreachy".into()),
        "unknown program"
    );
    assert!(bad(&|x| x["term"] = 4.into()), "term out of range");
    assert!(bad(&|x| x["term"] = "3".into()), "term as a string");
    assert!(bad(&|x| x["year"] = "2019".into()), "year as a string");
    assert!(
        bad(&|x| x["id"] = "gsoc-2019/rook".into()),
        "id without title slug"
    );
    assert!(
        bad(&|x| x["id"] = "lfx-2019-4/rook/x".into()),
        "id with term 4"
    );
    assert!(bad(&|x| x["sources"] = serde_json::json!([])), "no sources");
    assert!(
        bad(&|x| x["sources"] = serde_json::json!([{"path": "a.md", "line": 0}])),
        "line 0"
    );
    assert!(
        bad(&|x| x["group"] = serde_json::Value::Null),
        "group is omitted, never null"
    );
    assert!(bad(&|x| x["extra"] = 1.into()), "additional property");
    assert!(
        bad(&|x| {
            x.as_object_mut().unwrap().remove("outcome");
        }),
        "missing outcome"
    );
}

/// Markdown links in a description and an outcome keep their targets, as
/// byte spans over the link text (read off LFX 2023 term 3, line 239).
#[test]
fn links_in_description_and_outcome_keep_their_targets() {
    let ideas = load(LFX_2023_3);
    let i = by_title(
        &ideas,
        "Extend use-case of detecting deprecated Kubernetes API usage",
    );
    let spans: Vec<(&str, &str, &str)> = i
        .links
        .iter()
        .map(|l| {
            let text = match l.field {
                idea::TextField::Description => &i.description,
                idea::TextField::Outcome => &i.outcome,
            };
            let field = if l.field == idea::TextField::Outcome {
                "outcome"
            } else {
                "description"
            };
            (
                field,
                &text[l.start as usize..l.end as usize],
                l.url.as_str(),
            )
        })
        .collect();
    let k = "https://github.com/konveyor";
    assert_eq!(
        spans,
        [
            ("description", "Konveyor", "https://www.konveyor.io/"),
            (
                "description",
                "unified experience",
                &*format!("{k}/enhancements/tree/master/enhancements/unified_experience")
            ),
            (
                "description",
                "deprecated and removed Kubernetes APIs",
                "https://kubernetes.io/docs/reference/using-api/deprecation-guide/"
            ),
            (
                "description",
                "Analyzer Rules",
                &*format!("{k}/analyzer-lsp/blob/main/docs/rules.md")
            ),
            (
                "description",
                "Rulesets repository",
                &*format!("{k}/rulesets")
            ),
            (
                "description",
                "sample rule",
                &*format!("{k}/analyzer-lsp/blob/main/rule-example.yaml#L42-L45")
            ),
            (
                "description",
                "demo of analyzer-lsp",
                &*format!("{k}/analyzer-lsp/tree/main#quick-demo")
            ),
            (
                "outcome",
                "Rules",
                &*format!("{k}/analyzer-lsp/blob/main/docs/rules.md")
            ),
            ("outcome", "konveyor/rulesets", &*format!("{k}/rulesets")),
        ]
    );
}

/// A bare URL is a link over itself; a link to a non-web scheme is text only;
/// a link text written twice links its own place, not the first mention.
#[test]
fn bare_urls_are_links_and_other_schemes_are_not() {
    let md = "# LFX 2024 term 1\n\n### Foo\n\n#### Bar\n\n- Description: Foo and [Foo](https://foo.dev/) docs, [run](javascript:alert(1)), see https://x.io/a.\n";
    let ideas = ingest::parse(md.as_bytes(), "x.md", Meta::default())
        .unwrap()
        .ideas;
    let i = &ideas[0];
    assert_eq!(i.description, "Foo and Foo docs, run, see https://x.io/a.");
    let got: Vec<(u32, u32, &str)> = i
        .links
        .iter()
        .map(|l| (l.start, l.end, l.url.as_str()))
        .collect();
    assert_eq!(
        got,
        [(8, 11, "https://foo.dev/"), (27, 41, "https://x.io/a")]
    );
}
