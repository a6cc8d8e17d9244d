//! The ingest pipeline against hand-written fixtures in `tests/fixtures/`:
//! plausible upstream files of the cncf/mentoring family in the styles the
//! five real seeds in `data/` do not show (heading depths, SIG groups, linked
//! titles, subtitles, bold and colon-less labels, blockquoted descriptions,
//! an accepted-projects README repeating its term's ideas, a stub README).
//! Every expectation below was read off the markdown by hand.

use crate::common;

use ideas::idea::{self, Idea, Program};

const LFX_2021_2_IDEAS: &str = "programs/lfx-mentorship/2021/02-Jun-Aug/project_ideas.md";
const LFX_2021_2_README: &str = "programs/lfx-mentorship/2021/02-Jun-Aug/README.md";
const LFX_2022_1: &str = "programs/lfx-mentorship/2022/01-Mar-May/project_ideas.md";
const LFX_2022_2_STUB: &str = "programs/lfx-mentorship/2022/02-Jun-Aug/README.md";
const LFX_2026_3: &str = "programs/lfx-mentorship/2026/03-Sep-Nov/README.md";
const GSOC_2018: &str = "programs/summerofcode/2018.md";
const GSOC_2022: &str = "programs/summerofcode/2022.md";

const ALL: [&str; 7] = [
    LFX_2021_2_IDEAS,
    LFX_2021_2_README,
    LFX_2022_1,
    LFX_2022_2_STUB,
    LFX_2026_3,
    GSOC_2018,
    GSOC_2022,
];

// ---------------------------------------------------------------- helpers

/// Parses a fixture, recording the path relative to `tests/fixtures/`.
fn load(rel: &str) -> Vec<Idea> {
    common::load_from("tests/fixtures", rel)
}

/// One expected idea: heading line, id, project, group, title.
type Row = (
    u32,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

/// Checks that `rel` yields exactly `rows`, in order, all of the given term.
fn assert_outline(rel: &str, program: Program, year: u16, term: Option<u8>, rows: &[Row]) {
    let ideas = load(rel);
    let got: Vec<(u32, &str, &str, Option<&str>, &str)> = ideas
        .iter()
        .map(|i| {
            let line = i.sources.first().map_or(0, |s| s.line);
            (
                line,
                i.id.as_str(),
                i.project.as_str(),
                i.group.as_deref(),
                i.title.as_str(),
            )
        })
        .collect();
    assert_eq!(got, rows, "{rel}: (line, id, project, group, title)");
    for i in &ideas {
        assert_eq!(
            (i.program, i.year, i.term),
            (program, year, term),
            "{}",
            i.id
        );
        assert_eq!(i.sources.len(), 1, "{}", i.id);
        assert_eq!(i.sources[0].path, rel, "{}", i.id);
    }
}

use common::by_id;

/// The fields of one idea as a careful reader takes them from the markdown.
#[derive(Default)]
struct Want {
    description: &'static str,
    outcome: &'static str,
    skills: &'static [&'static str],
    mentors: &'static [&'static str],
    issues: &'static [&'static str],
    lfx_url: Option<&'static str>,
    size: Option<&'static str>,
}

/// Loads `rel`, finds `id` and compares every field of [`Want`], reporting all differences.
fn assert_fields(rel: &str, id: &str, w: Want) {
    let ideas = load(rel);
    let i = by_id(&ideas, id);
    let mut bad = vec![];
    let mut cmp = |name: &str, got: String, want: String| {
        if got != want {
            bad.push(format!("{name}:\n    got:  {got:?}\n    want: {want:?}"));
        }
    };
    cmp("description", i.description.clone(), w.description.into());
    cmp("outcome", i.outcome.clone(), w.outcome.into());
    cmp(
        "skills",
        format!("{:?}", i.skills),
        format!("{:?}", w.skills),
    );
    cmp(
        "mentors",
        format!("{:?}", i.mentors),
        format!("{:?}", w.mentors),
    );
    cmp(
        "upstream_issues",
        format!("{:?}", i.upstream_issues),
        format!("{:?}", w.issues),
    );
    cmp(
        "lfx_url",
        format!("{:?}", i.lfx_url),
        format!("{:?}", w.lfx_url),
    );
    cmp("size", format!("{:?}", i.size), format!("{:?}", w.size));
    assert!(bad.is_empty(), "{rel}: {id}\n  {}", bad.join("\n  "));
}

// ---------------------------------------------------------------- every fixture

/// Document furniture, templates and the headings inside a blockquoted
/// description are never ideas nor projects.
#[test]
#[rustfmt::skip]
fn no_furniture_becomes_an_idea_or_project() {
    const NOT: &[&str] = &[
        "Template", "CNCF Project Name", "Mentorship project Title", "Project Name",
        "Project Title", "Table of Contents", "Timeline", "Project instructions",
        "How to propose a project", "Application instructions", "FAQ", "Accepted projects",
        "Proposed Project ideas", "Project Ideas", "Description", "Expected outcomes",
        "Related issues", "Contact",
    ];
    for rel in ALL {
        for i in load(rel) {
            for bad in NOT {
                assert!(!i.title.eq_ignore_ascii_case(bad), "{rel}: idea titled {bad:?} ({})", i.id);
                assert!(!i.project.eq_ignore_ascii_case(bad), "{rel}: {} has project {bad:?}", i.id);
                assert!(i.group.as_deref() != Some(bad), "{rel}: {} has group {bad:?}", i.id);
            }
            assert!(!i.mentors.iter().any(|m| m.contains("Mentor Name")), "{rel}: {}", i.id);
        }
    }
}

#[test]
fn stub_readme_with_timeline_instructions_templates_and_faq_has_no_ideas() {
    let ideas = load(LFX_2022_2_STUB);
    let ids: Vec<&str> = ideas.iter().map(|i| i.id.as_str()).collect();
    assert!(
        ids.is_empty(),
        "{LFX_2022_2_STUB}: expected no ideas, got {ids:#?}"
    );
}

// ---------------------------------------------------------------- LFX 2021 term 2: `##` project, `###` idea

#[test]
#[rustfmt::skip]
fn lfx_2021_term2_project_ideas_outline() {
    assert_outline(LFX_2021_2_IDEAS, Program::Lfx, 2021, Some(2), &[
        (10, "lfx-2021-2/kubernetes/policy-reports-for-pod-security-standards", "Kubernetes", None, "Policy Reports for Pod Security Standards"),
        (20, "lfx-2021-2/kubernetes/kubernetes-dashboard-support-for-ephemeral-containers", "Kubernetes", None, "Kubernetes Dashboard: support for ephemeral containers"),
        (37, "lfx-2021-2/jaeger/instrument-the-hotrod-demo-with-opentelemetry", "Jaeger", None, "Instrument the HotROD demo with OpenTelemetry"),
        (45, "lfx-2021-2/jaeger/trace-quality-metrics-in-the-jaeger-ui", "Jaeger", None, "Trace quality metrics in the Jaeger UI"),
        (55, "lfx-2021-2/thanos/thanos-per-tenant-limits-in-receive", "Thanos", None, "Thanos: per-tenant limits in Receive"),
        (67, "lfx-2021-2/coredns/dns-over-quic-server-plugin", "CoreDNS", None, "DNS-over-QUIC server plugin"),
        (77, "lfx-2021-2/falco/falco-rules-for-ephemeral-containers-in-the-kubernetes-audit-log", "Falco", None, "Falco rules for ephemeral containers in the Kubernetes audit log"),
    ]);
}

/// A subtitle line between heading and bullets; `* **Label:** value` bullets.
#[test]
fn lfx_2021_term2_subtitle_and_bold_labels() {
    assert_fields(LFX_2021_2_IDEAS, "lfx-2021-2/kubernetes/policy-reports-for-pod-security-standards", Want {
        description: "The Policy Working Group has defined a PolicyReport custom resource that policy engines use to publish their results. This project builds an adapter that checks running workloads against the Pod Security Standards and writes the results as policy reports, so that cluster operators can see violations before they turn on Pod Security admission.",
        outcome: "An adapter, installable with a Helm chart, that writes one PolicyReport per namespace and one ClusterPolicyReport for cluster-scoped resources.",
        skills: &["Go", "Kubernetes", "CRDs"],
        mentors: &["Dana Whitfield (@dwhitfield, dana.whitfield@example.com)", "Arjun Mehta (@arjunm, arjun.mehta@example.com)"],
        issues: &["https://github.com/kubernetes-sigs/wg-policy-prototypes/issues/71"],
        ..Want::default()
    });
    // A lead paragraph above the bullets is not the description when a Description is given.
    let ideas = load(LFX_2021_2_IDEAS);
    let thanos = by_id(
        &ideas,
        "lfx-2021-2/thanos/thanos-per-tenant-limits-in-receive",
    );
    assert_eq!(thanos.description, "Add configurable per-tenant limits (series, samples per second, request size) to Thanos Receive, enforced before data is written to the TSDB.");
}

/// A description of two paragraphs in one item; nested outcome and mentor lists.
#[test]
fn lfx_2021_term2_paragraphs_and_nested_lists() {
    assert_fields(LFX_2021_2_IDEAS, "lfx-2021-2/kubernetes/kubernetes-dashboard-support-for-ephemeral-containers", Want {
        description: "Ephemeral containers let users debug a running Pod without restarting it, but the Dashboard can neither create them nor attach to them.\n\
                      The mentee will add a \"Debug\" action to the Pod detail page that starts an ephemeral container from a chosen image and opens a terminal into it.",
        outcome: "- A \"Debug\" action on the Pod detail page\n- Terminal support for ephemeral containers\n- End-to-end tests with Cypress",
        skills: &["Angular", "TypeScript", "Go"],
        mentors: &["Kasia Nowak (@knowak, kasia.nowak@example.com)", "Hiroshi Tanabe (@htanabe, hiroshi.tanabe@example.com)"],
        issues: &["https://github.com/kubernetes/dashboard/issues/5760"],
        ..Want::default()
    });
}

/// `**Description**:` with the colon outside the bold.
#[test]
fn lfx_2021_term2_colon_outside_bold() {
    assert_fields(LFX_2021_2_IDEAS, "lfx-2021-2/jaeger/instrument-the-hotrod-demo-with-opentelemetry", Want {
        description: "HotROD is the demo application that ships with Jaeger. It is instrumented with the OpenTracing API, which is deprecated in favour of OpenTelemetry. This project migrates HotROD to the OpenTelemetry Go SDK and keeps the demo walkthrough working.",
        outcome: "HotROD emits its traces through the OpenTelemetry SDK, and the walkthrough in the Jaeger documentation is updated to match.",
        skills: &["Go", "distributed tracing"],
        mentors: &["Oleg Sorokin (@osorokin, oleg.sorokin@example.com)"],
        issues: &["https://github.com/jaegertracing/jaeger/issues/2859"],
        ..Want::default()
    });
}

/// `* Mentors` and `* Upstream Issues` without a colon, values as nested items.
#[test]
fn lfx_2021_term2_labels_without_colon() {
    assert_fields(LFX_2021_2_IDEAS, "lfx-2021-2/falco/falco-rules-for-ephemeral-containers-in-the-kubernetes-audit-log", Want {
        description: "Falco ships rules for the Kubernetes audit log. None of them cover ephemeral containers, which an attacker can use to get a shell in a running Pod. Write and test rules that detect their creation and the commands run in them.",
        outcome: "A new set of rules in k8s_audit_rules.yaml, with test cases in falco-testing.",
        skills: &["YAML", "Kubernetes audit logs", "Linux"],
        mentors: &["Giulia Ferri (@gferri, giulia.ferri@example.com)", "Noah Adeyemi (@nadeyemi, noah.adeyemi@example.com)"],
        issues: &["https://github.com/falcosecurity/falco/issues/1622", "https://github.com/falcosecurity/falco/issues/1634"],
        ..Want::default()
    });
}

#[test]
#[rustfmt::skip]
fn lfx_2021_term2_readme_outline() {
    assert_outline(LFX_2021_2_README, Program::Lfx, 2021, Some(2), &[
        (33, "lfx-2021-2/kubernetes/policy-reports-for-pod-security-standards", "Kubernetes", None, "Policy Reports for Pod Security Standards"),
        (42, "lfx-2021-2/kubernetes/kubernetes-dashboard-support-for-ephemeral-containers", "Kubernetes", None, "Kubernetes Dashboard - Support for Ephemeral Containers"),
        (55, "lfx-2021-2/jaeger/instrument-the-hotrod-demo-with-opentelemetry", "Jaeger", None, "Instrument the HotROD demo with OpenTelemetry"),
        (66, "lfx-2021-2/falco/falco-rules-for-ephemeral-containers-in-the-kubernetes-audit-log", "Falco", None, "Falco rules for ephemeral containers in the Kubernetes audit log"),
        (77, "lfx-2021-2/vitess/vtadmin-schema-diff-view", "Vitess", None, "VTAdmin: schema diff view"),
    ]);
}

/// The proposals file and the accepted-projects README of one term: the
/// accepted ideas are one record each, keeping both sources, with the LFX
/// URL that only the README gives.
#[test]
#[rustfmt::skip]
fn lfx_2021_term2_both_files_merge_into_one_record_per_idea() {
    let mut all = load(LFX_2021_2_IDEAS);
    all.extend(load(LFX_2021_2_README));
    let merged = idea::dedupe(all);
    let got: Vec<(&str, Vec<(&str, u32)>)> = merged
        .iter()
        .map(|i| (i.id.as_str(), i.sources.iter().map(|s| (s.path.as_str(), s.line)).collect()))
        .collect();
    let (p, r) = (LFX_2021_2_IDEAS, LFX_2021_2_README);
    assert_eq!(got, vec![
        ("lfx-2021-2/kubernetes/policy-reports-for-pod-security-standards", vec![(p, 10), (r, 33)]),
        ("lfx-2021-2/kubernetes/kubernetes-dashboard-support-for-ephemeral-containers", vec![(p, 20), (r, 42)]),
        ("lfx-2021-2/jaeger/instrument-the-hotrod-demo-with-opentelemetry", vec![(p, 37), (r, 55)]),
        ("lfx-2021-2/jaeger/trace-quality-metrics-in-the-jaeger-ui", vec![(p, 45)]),
        ("lfx-2021-2/thanos/thanos-per-tenant-limits-in-receive", vec![(p, 55)]),
        ("lfx-2021-2/coredns/dns-over-quic-server-plugin", vec![(p, 67)]),
        ("lfx-2021-2/falco/falco-rules-for-ephemeral-containers-in-the-kubernetes-audit-log", vec![(p, 77), (r, 66)]),
        ("lfx-2021-2/vitess/vtadmin-schema-diff-view", vec![(r, 77)]),
    ]);
    let lfx = |id: &str| by_id(&merged, id).lfx_url.clone();
    let base = "https://mentorship.lfx.linuxfoundation.org/project/";
    assert_eq!(lfx("lfx-2021-2/kubernetes/policy-reports-for-pod-security-standards"), Some(format!("{base}0d34b5c6-5b0c-4a6e-9f3c-2b1f6a0b4e11")));
    assert_eq!(lfx("lfx-2021-2/falco/falco-rules-for-ephemeral-containers-in-the-kubernetes-audit-log"), Some(format!("{base}5e9b0d4c-2a61-4f7e-b3c8-90d1e6a2f4b7")));
    assert_eq!(lfx("lfx-2021-2/coredns/dns-over-quic-server-plugin"), None);
    // The first-read file's fields stand: both Falco issues, the listed outcome.
    let falco = by_id(&merged, "lfx-2021-2/falco/falco-rules-for-ephemeral-containers-in-the-kubernetes-audit-log");
    assert_eq!(falco.upstream_issues.len(), 2);
    let dash = by_id(&merged, "lfx-2021-2/kubernetes/kubernetes-dashboard-support-for-ephemeral-containers");
    assert_eq!(dash.title, "Kubernetes Dashboard: support for ephemeral containers");
    assert!(dash.outcome.starts_with("- A \"Debug\" action"), "{:?}", dash.outcome);
}

// ---------------------------------------------------------------- GSoC 2018: SIG groups, `-<TAB>` bullets

#[test]
#[rustfmt::skip]
fn gsoc_2018_outline_keeps_sig_groups() {
    assert_outline(GSOC_2018, Program::Gsoc, 2018, None, &[
        (17, "gsoc-2018/kubernetes/snapshot-support-for-the-csi-hostpath-driver", "Kubernetes", Some("SIG Storage"), "Snapshot support for the CSI hostpath driver"),
        (24, "gsoc-2018/kubernetes/volume-expansion-for-flexvolume-plugins", "Kubernetes", Some("SIG Storage"), "Volume expansion for FlexVolume plugins"),
        (33, "gsoc-2018/kubernetes/container-checkpointing-in-the-kubelet", "Kubernetes", Some("SIG Node"), "Container checkpointing in the kubelet"),
        (46, "gsoc-2018/kubernetes/kubeadm-join-additional-control-plane-nodes", "Kubernetes", Some("SIG Cluster Lifecycle"), "kubeadm: join additional control-plane nodes"),
        (55, "gsoc-2018/prometheus/autocompletion-in-the-expression-browser", "Prometheus", None, "Autocompletion in the expression browser"),
        (62, "gsoc-2018/prometheus/remote-read-in-client-golang", "Prometheus", None, "Remote read in client_golang"),
        (71, "gsoc-2018/envoy/lua-filter-access-to-dynamic-metadata", "Envoy", None, "Lua filter: access to dynamic metadata"),
    ]);
}

#[test]
fn gsoc_2018_tab_bullets_and_inline_code() {
    assert_fields(GSOC_2018, "gsoc-2018/kubernetes/snapshot-support-for-the-csi-hostpath-driver", Want {
        description: "The CSI hostpath driver is the reference driver used in Kubernetes end-to-end tests. It does not implement CreateSnapshot and DeleteSnapshot, so the new snapshot feature cannot be tested without a cloud provider. Implement both calls, backed by tarballs of the volume directory.",
        skills: &["Go", "Kubernetes", "CSI"],
        mentors: &["Elena Petrova (@epetrova)", "Samuel Okafor (@sokafor)"],
        issues: &["https://github.com/kubernetes-csi/drivers/issues/41"],
        ..Want::default()
    });
    // `Issue: a , b` on one line.
    assert_fields(GSOC_2018, "gsoc-2018/kubernetes/volume-expansion-for-flexvolume-plugins", Want {
        description: "Kubernetes can expand persistent volumes for several in-tree plugins, but FlexVolume drivers have no way to take part. Design and implement an expandvolume call in the FlexVolume interface, then wire it into the expand controller.",
        skills: &["Go", "Kubernetes", "Linux storage"],
        mentors: &["Rahul Iyer (@riyer)"],
        issues: &["https://github.com/kubernetes/kubernetes/issues/58786", "https://github.com/kubernetes/features/issues/304"],
        ..Want::default()
    });
}

/// A tab-indented continuation line and tab-indented nested skills.
#[test]
fn gsoc_2018_continuation_and_nested_skills() {
    assert_fields(GSOC_2018, "gsoc-2018/kubernetes/container-checkpointing-in-the-kubelet", Want {
        description: "Checkpoint/Restore In Userspace (CRIU) can save a running container to disk and restore it later. This project adds an experimental kubelet API that checkpoints a container through the container runtime, as a first step towards Pod migration.",
        skills: &["Go", "Linux containers", "CRIU"], // `(nice to have)`: a mark, not the skill
        mentors: &["Anna Berg (@aberg)", "Victor Lindahl (@vlindahl)"],
        issues: &["https://github.com/kubernetes/kubernetes/issues/3949"],
        ..Want::default()
    });
}

// ---------------------------------------------------------------- LFX 2026 term 3: `####` project, `######` linked title

#[test]
#[rustfmt::skip]
fn lfx_2026_term3_outline_linked_titles_and_groups() {
    assert_outline(LFX_2026_3, Program::Lfx, 2026, Some(3), &[
        (29, "lfx-2026-3/argo/argo-workflows-artifact-garbage-collection-for-azure-blob-storage", "Argo", None, "Argo Workflows: artifact garbage collection for Azure Blob Storage"),
        (41, "lfx-2026-3/argo/argo-cd-server-side-diff-in-the-ui", "Argo", None, "Argo CD: server-side diff in the UI"),
        (62, "lfx-2026-3/kubernetes/kubelet-contextual-logging-in-the-device-manager", "Kubernetes", Some("SIG Node"), "Kubelet: contextual logging in the device manager"),
        (76, "lfx-2026-3/kubernetes/kube-scheduler-simulator-scenario-based-benchmarks", "Kubernetes", Some("SIG Scheduling"), "kube-scheduler-simulator: scenario-based benchmarks"),
        (90, "lfx-2026-3/opentelemetry/opentelemetry-collector-opamp-based-remote-configuration", "OpenTelemetry", None, "OpenTelemetry Collector: OpAMP-based remote configuration"),
        (104, "lfx-2026-3/cilium/hubble-flow-export-to-opentelemetry-logs", "Cilium", None, "Hubble: flow export to OpenTelemetry logs"),
    ]);
}

/// The title's link is the LFX URL; the `CNCF - Project: Title (2026 Term 3)`
/// line under it is not the description.
#[test]
fn lfx_2026_term3_linked_title_and_cncf_line() {
    assert_fields(LFX_2026_3, "lfx-2026-3/argo/argo-workflows-artifact-garbage-collection-for-azure-blob-storage", Want {
        description: "Argo Workflows deletes output artifacts when a workflow is deleted, but only for S3 and GCS. This project adds artifact garbage collection for Azure Blob Storage, including the workload-identity setup it needs.",
        outcome: "Artifact GC works for Azure Blob Storage and is covered by the end-to-end test suite.",
        skills: &["Go", "Kubernetes", "Azure SDK for Go"],
        mentors: &["Mira Lindqvist (@miralind, mira.lindqvist@example.com)", "Tomás Herrera (@therrera, tomas.herrera@example.com)"],
        issues: &["https://github.com/argoproj/argo-workflows/issues/10893"],
        lfx_url: Some("https://mentorship.lfx.linuxfoundation.org/project/3c6a1f0e-8d4b-4f2a-9b57-0e1d2c3b4a59"),
        ..Want::default()
    });
    for i in load(LFX_2026_3) {
        assert!(
            i.lfx_url.as_deref().is_some_and(
                |u| u.starts_with("https://mentorship.lfx.linuxfoundation.org/project/")
            ),
            "{}: {:?}",
            i.id,
            i.lfx_url
        );
        assert!(
            !i.description.contains("(2026 Term 3)"),
            "{}: {:?}",
            i.id,
            i.description
        );
    }
}

/// A two-line description item, `Expected Outcome(s):` as a list, several issue URLs as items.
#[test]
fn lfx_2026_term3_nested_outcome_and_several_issues() {
    assert_fields(LFX_2026_3, "lfx-2026-3/argo/argo-cd-server-side-diff-in-the-ui", Want {
        description: "Argo CD can compute diffs on the server with Kubernetes server-side apply, which avoids false positives from mutating webhooks. The UI still renders the client-side diff. The mentee will switch the UI's diff view to the server-side result and show which fields were changed by webhooks.",
        outcome: "- Diff view in the UI backed by server-side diff\n- Webhook-mutated fields marked in the diff\n- Documentation of the new behaviour",
        skills: &["TypeScript", "React", "Go"],
        mentors: &["Oskar Brandt (@obrandt, oskar.brandt@example.com)"],
        issues: &["https://github.com/argoproj/argo-cd/issues/17568", "https://github.com/argoproj/argo-cd/issues/18294"],
        lfx_url: Some("https://mentorship.lfx.linuxfoundation.org/project/8b2d4e6f-1a3c-4e5b-9d7f-2c4e6a8b0d13"),
        ..Want::default()
    });
}

// ---------------------------------------------------------------- LFX 2022 term 1: blockquoted descriptions

#[test]
#[rustfmt::skip]
fn lfx_2022_term1_outline() {
    assert_outline(LFX_2022_1, Program::Lfx, 2022, Some(1), &[
        (24, "lfx-2022-1/kyverno/test-generate-rules-with-the-kyverno-cli", "Kyverno", None, "Test generate rules with the Kyverno CLI"),
        (38, "lfx-2022-1/kyverno/policy-exceptions-for-pod-security-rules", "Kyverno", None, "Policy exceptions for Pod Security rules"),
        (60, "lfx-2022-1/chaos-mesh/chaos-mesh-dashboard-workflow-editor-improvements", "Chaos Mesh", None, "Chaos Mesh dashboard: workflow editor improvements"),
        (71, "lfx-2022-1/openebs/mayastor-nvme-of-volume-metrics", "OpenEBS", None, "Mayastor: NVMe-oF volume metrics"),
        (90, "lfx-2022-1/meshery/meshery-adapter-for-open-service-mesh", "Meshery", None, "Meshery: adapter for Open Service Mesh"),
    ]);
}

/// `- Description:` whose value is a blockquote with `## Description` and `## Expected outcomes`.
#[test]
fn lfx_2022_term1_blockquote_in_item_splits_description_and_outcome() {
    assert_fields(LFX_2022_1, "lfx-2022-1/kyverno/test-generate-rules-with-the-kyverno-cli", Want {
        description: "The kyverno test command checks validate and mutate rules against sample resources, but skips generate rules. Users who rely on generate rules to bootstrap namespaces have no way to test them in CI.",
        outcome: "kyverno test reports a pass or fail result for every generate rule, and the documentation shows how to write such tests.",
        skills: &["Go", "Kubernetes"],
        mentors: &["Meera Pillai (@mpillai, meera.pillai@example.com)", "Felix Wagner (@fwagner, felix.wagner@example.com)"],
        issues: &["https://github.com/kyverno/kyverno/issues/2931"],
        ..Want::default()
    });
}

/// `**Description:**` paragraph, then a top-level blockquote of two paragraphs
/// and an outcome list; the other labels as bold paragraphs.
#[test]

fn lfx_2022_term1_top_level_blockquote_with_outcome_list() {
    assert_fields(LFX_2022_1, "lfx-2022-1/kyverno/policy-exceptions-for-pod-security-rules", Want {
        description: "Kyverno's Pod Security rules apply to every workload. Platform teams need a way to exempt one Pod, container or image from a single control without turning off the whole policy.\n\
                      An exception should be a resource of its own, so that it can be reviewed and audited separately.",
        outcome: "- A PolicyException custom resource\n- Support for exceptions in validate.podSecurity rules\n- Documentation and Kyverno CLI support",
        skills: &["Go", "Kubernetes", "Pod Security Standards"],
        mentors: &["Meera Pillai (@mpillai, meera.pillai@example.com)", "Rafael Costa (@rcosta, rafael.costa@example.com)"],
        issues: &["https://github.com/kyverno/kyverno/issues/3122"],
        ..Want::default()
    });
}

/// A blockquote with a third inner section, `## Related issues`; issue links as nested items.
#[test]
fn lfx_2022_term1_blockquote_related_issues_and_linked_issues() {
    assert_fields(LFX_2022_1, "lfx-2022-1/openebs/mayastor-nvme-of-volume-metrics", Want {
        description: "Mayastor exposes volumes over NVMe-oF but publishes no per-volume I/O statistics.",
        outcome: "A Prometheus exporter for per-volume IOPS, throughput and latency, and a Grafana dashboard that shows them.",
        skills: &["Rust", "Prometheus", "Grafana"],
        mentors: &["Irene Novak (@inovak, irene.novak@example.com)", "Tobias Lund (@tlund, tobias.lund@example.com)"],
        issues: &["https://github.com/openebs/mayastor/issues/1023"],
        ..Want::default()
    });
    let ideas = load(LFX_2022_1);
    let meshery = by_id(
        &ideas,
        "lfx-2022-1/meshery/meshery-adapter-for-open-service-mesh",
    );
    assert_eq!(
        meshery.upstream_issues,
        vec![
            "https://github.com/meshery/meshery/issues/4012".to_string(),
            "https://github.com/meshery/meshery-osm/issues/88".to_string(),
        ]
    );
}

// ---------------------------------------------------------------- GSoC 2022: bold paragraph labels, sizes

#[test]
#[rustfmt::skip]
fn gsoc_2022_outline() {
    assert_outline(GSOC_2022, Program::Gsoc, 2022, None, &[
        (24, "gsoc-2022/opentelemetry/collector-receiver-for-systemd-journal", "OpenTelemetry", Some("Collector"), "Collector: receiver for systemd journal"),
        (54, "gsoc-2022/opentelemetry/java-agent-instrumentation-for-apache-pulsar", "OpenTelemetry", Some("Java"), "Java agent: instrumentation for Apache Pulsar"),
        (78, "gsoc-2022/wasmedge/wasi-socket-support-for-the-python-interpreter", "WasmEdge", None, "WASI socket support for the Python interpreter"),
        (87, "gsoc-2022/wasmedge/rust-sdk-for-the-wasmedge-plugin-api", "WasmEdge", None, "Rust SDK for the WasmEdge plugin API"),
        (105, "gsoc-2022/thanos/query-sharding-for-promql-aggregations", "Thanos", None, "Query sharding for PromQL aggregations"),
    ]);
}

/// Labels as bold paragraphs (`**Description**`, `**Potential Mentors**`, no
/// colon) whose values are the following paragraphs or top-level lists.
#[test]

fn gsoc_2022_bold_paragraph_labels_with_lists() {
    assert_fields(GSOC_2022, "gsoc-2022/opentelemetry/collector-receiver-for-systemd-journal", Want {
        description: "The Collector can tail log files, but on most Linux servers the interesting logs live in the systemd journal. This project adds a journald receiver that reads journal entries, maps their fields to the OpenTelemetry log data model, and keeps its position across restarts.\n\
                      The receiver must work both on hosts and in a DaemonSet that mounts the host journal.",
        outcome: "- A journald receiver in opentelemetry-collector-contrib\n- Checkpointing of the journal cursor\n- Documentation and an example DaemonSet",
        skills: &["Go", "systemd", "OpenTelemetry Collector"],
        mentors: &["Carmen Vidal (@cvidal, carmen.vidal@example.com)", "Pieter de Vries (@pdevries, pieter.devries@example.com)"],
        issues: &["https://github.com/open-telemetry/opentelemetry-collector-contrib/issues/2332", "https://github.com/open-telemetry/opentelemetry-collector-contrib/issues/6784"],
        size: Some("large (~350 hour projects)"),
        ..Want::default()
    });
    assert_fields(GSOC_2022, "gsoc-2022/opentelemetry/java-agent-instrumentation-for-apache-pulsar", Want {
        description: "Add automatic instrumentation of the Apache Pulsar Java client to the OpenTelemetry Java agent: producer and consumer spans with context propagation through message properties.",
        outcome: "Pulsar producer and consumer spans in the Java agent, with tests against a Pulsar test container.",
        skills: &["Java", "ByteBuddy", "Apache Pulsar"],
        mentors: &["Ravi Shankar (@rshankar, ravi.shankar@example.com)"],
        issues: &["https://github.com/open-telemetry/opentelemetry-java-instrumentation/issues/5214"],
        size: Some("medium (~175 hour projects)"),
        ..Want::default()
    });
}

/// `Technologies`, `Expected project size`, `Mentors:` inline, two bare issue URLs on one line.
#[test]
fn gsoc_2022_technologies_size_and_inline_values() {
    assert_fields(GSOC_2022, "gsoc-2022/wasmedge/wasi-socket-support-for-the-python-interpreter", Want {
        description: "WasmEdge runs a Python interpreter compiled to WebAssembly, but Python programs cannot open network connections because the socket module is not wired to WasmEdge's socket API.",
        outcome: "A patched CPython build for WasmEdge whose socket module supports TCP clients and servers, and an example HTTP server.",
        skills: &["C", "Python", "WebAssembly"],
        mentors: &["Hana Sato (@hsato, hana.sato@example.com)", "Lucas Moreau (@lmoreau, lucas.moreau@example.com)"],
        issues: &["https://github.com/WasmEdge/WasmEdge/issues/1186", "https://github.com/WasmEdge/wasmedge_wasi_socket/issues/24"],
        size: Some("large (~350 hour projects)"),
        ..Want::default()
    });
    // `Potential Mentors:` inline; `Relevant Issues:` as two markdown links.
    assert_fields(GSOC_2022, "gsoc-2022/thanos/query-sharding-for-promql-aggregations", Want {
        description: "Thanos Query evaluates a PromQL expression in one process. Many aggregations (sum by, count by) can be split by their grouping labels and evaluated in parallel on several queriers.",
        outcome: "Query sharding for aggregations in Query Frontend, with benchmarks that show the gain on high-cardinality queries.",
        skills: &["Go", "PromQL"],
        mentors: &["Viktor Hale (@vhale, viktor.hale@example.com)"],
        issues: &["https://github.com/thanos-io/thanos/issues/4748", "https://github.com/thanos-io/thanos/issues/5067"],
        size: Some("large (~350 hour projects)"),
        ..Want::default()
    });
}

/// Every value a nested list: outcome, `Technologies`, `Mentors`.
#[test]
fn gsoc_2022_nested_list_values() {
    assert_fields(GSOC_2022, "gsoc-2022/wasmedge/rust-sdk-for-the-wasmedge-plugin-api", Want {
        description: "WasmEdge plugins are written in C or C++. A Rust SDK would let plugin authors write safe Rust and share code with the host SDK.",
        outcome: "- A wasmedge-plugin-sdk crate with safe wrappers for module and function registration\n- One existing plugin ported to it as an example",
        skills: &["Rust", "C FFI", "WebAssembly"],
        mentors: &["Hana Sato (@hsato, hana.sato@example.com)", "Omar Farouk (@ofarouk, omar.farouk@example.com)"],
        issues: &["https://github.com/WasmEdge/WasmEdge/issues/1307"],
        size: Some("medium (~175 hour projects)"),
        ..Want::default()
    });
}
