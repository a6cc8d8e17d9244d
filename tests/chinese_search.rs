//! End-to-end search over Chinese and mixed Chinese/English ideas living in
//! one index with the English ones: `ideas index tests/fixtures/chinese data`
//! (10 fixture ideas from KubeEdge, Volcano and Karmada + the 150 real ideas).

use crate::common;

use common::cli::{data, hit_ids, root, Sandbox};
use serde_json::Value;
use std::path::PathBuf;

// Fixture ids (from `ideas parse --jsonl tests/fixtures/chinese`).
const GPU_EDGE: &str = "lfx-2025-2/kubeedge/edge-node-gpu-resource-management-in-kubeedge";
const LLM_BENCH: &str = "lfx-2025-2/kubeedge/云边协同的大模型推理基准测试";
const DOCS_I18N: &str = "lfx-2025-2/kubeedge/边缘设备管理框架的文档国际化";
const TOPOLOGY: &str = "lfx-2025-2/volcano/面向ai训练任务的网络拓扑感知调度";
const FAILOVER: &str = "lfx-2025-2/karmada/多集群应用的故障迁移优化";
const EBPF: &str = "lfx-2025-2/karmada/multi-cluster-network-observability-with-ebpf-in-karmada";
const QUEUE: &str = "gsoc-2026/volcano/批量作业的队列公平调度增强";
const VGPU_LLM: &str =
    "gsoc-2026/volcano/volcano-gpu-sharing-and-topology-aware-scheduling-for-llm-inference";
const SEARCH_VIEW: &str = "gsoc-2026/karmada/多集群资源的统一视图与搜索";
const DASHBOARD_I18N: &str = "gsoc-2026/karmada/karmada-dashboard-internationalization";

const FIXTURES: [&str; 10] = [
    GPU_EDGE,
    LLM_BENCH,
    DOCS_I18N,
    TOPOLOGY,
    FAILOVER,
    EBPF,
    QUEUE,
    VGPU_LLM,
    SEARCH_VIEW,
    DASHBOARD_I18N,
];

/// The Chinese fixtures and the 150 English ideas of data/ in one index.
fn mixed() -> Sandbox {
    let s = Sandbox::indexed(&[fixtures(), data()]);
    let stats = s.json(&["stats"]);
    assert_eq!(stats["documents"], 160, "{stats}");
    s
}

/// The 150 English ideas of data/ alone.
fn english() -> Sandbox {
    Sandbox::indexed(&[data()])
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/chinese")
}

/// Searches as a user would.
trait Search {
    /// `ideas search QUERY --limit N --json`.
    fn search(&self, q: &str, limit: usize) -> Value;
    /// Ids of the top `limit` hits for `q`.
    fn ids(&self, q: &str, limit: usize) -> Vec<String> {
        hit_ids(&self.search(q, limit))
    }
}

impl Search for Sandbox {
    fn search(&self, q: &str, limit: usize) -> Value {
        self.json(&["search", q, "--limit", &limit.to_string()])
    }
}

fn is_fixture(id: &str) -> bool {
    FIXTURES.contains(&id)
}

fn has_han(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'))
}

#[test]
fn the_fixture_ids_are_the_parsed_ones() {
    let s = mixed();
    let jsonl = s.run(&["parse", fixtures().to_str().unwrap(), "--jsonl"], 0);
    let mut parsed: Vec<String> = jsonl
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    parsed.sort();
    let mut want: Vec<&str> = FIXTURES.to_vec();
    want.sort();
    assert_eq!(parsed, want);
    for id in FIXTURES {
        assert_eq!(s.json(&["show", id])["id"], id);
    }
}

#[test]
fn chinese_queries_find_the_chinese_ideas_first() {
    let s = mixed();
    let cases: &[(&str, &[&str])] = &[
        // Both LLM-inference ideas (one in Chinese, one with an English title), in that order.
        ("大模型推理", &[LLM_BENCH, VGPU_LLM]),
        ("故障迁移", &[FAILOVER]),
        ("文档国际化", &[DOCS_I18N]),
        ("队列公平调度", &[QUEUE]),
        ("多集群 搜索", &[SEARCH_VIEW]),
        ("网络拓扑感知调度", &[TOPOLOGY]),
        ("云边协同", &[LLM_BENCH]),
        ("边缘节点", &[GPU_EDGE]),
    ];
    for (q, want) in cases {
        let ids = s.ids(q, 5);
        assert!(
            ids.len() >= want.len() && ids[..want.len()] == want[..],
            "query {q}: top hits should be {want:?}, got {ids:?}"
        );
    }
}

#[test]
fn a_chinese_query_matching_one_idea_finds_only_it() {
    let s = mixed();
    let v = s.search("故障迁移", 10);
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(hit_ids(&v), [FAILOVER]);
    assert_eq!(v["hits"][0]["matched"], "all");
    // Three ideas hold 多集群; only the search view also has 搜索.
    let v = s.search("+多集群 +搜索", 10);
    assert_eq!(hit_ids(&v), [SEARCH_VIEW]);
}

#[test]
fn ideas_with_every_chinese_word_come_first() {
    let s = mixed();
    let v = s.search("队列公平调度", 20);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits[0]["idea"]["id"], QUEUE);
    assert_eq!(hits[0]["matched"], "all");
    // The rest hold only 调度 (or its synonyms scheduling/scheduler).
    assert!(hits[1..].iter().all(|h| h["matched"] == "some"), "{v}");
}

#[test]
fn quoted_chinese_phrases_match() {
    let s = mixed();
    for (q, want) in [
        ("\"大模型推理\"", vec![LLM_BENCH, VGPU_LLM]),
        ("\"故障迁移\"", vec![FAILOVER]),
        ("\"GPU资源管理\"", vec![GPU_EDGE]),
        ("\"网络拓扑感知调度\"", vec![TOPOLOGY]),
    ] {
        assert_eq!(s.ids(q, 10), want, "query {q}");
    }
    assert_eq!(s.ids("title:大模型", 10), [LLM_BENCH]);
    let mut titled = s.ids("title:调度", 10);
    titled.sort();
    assert_eq!(titled, [QUEUE, TOPOLOGY]);
}

#[test]
fn mixed_chinese_and_english_queries() {
    let s = mixed();
    for (q, want) in [
        ("GPU 资源管理", GPU_EDGE),
        ("eBPF 网络流量", EBPF),
        // Han glued to English, as the fixture's description has it.
        ("基于KubeEdge", GPU_EDGE),
        ("基于eBPF", EBPF),
        ("Volcano 队列", QUEUE),
        ("Karmada 故障", FAILOVER),
        ("GPU资源", GPU_EDGE),
    ] {
        let v = s.search(q, 5);
        let ids = hit_ids(&v);
        assert_eq!(
            ids.first().map(String::as_str),
            Some(want),
            "query {q}: got {ids:?}"
        );
        assert_eq!(v["hits"][0]["matched"], "all", "query {q}");
    }
    // 基准测试 also reaches English benchmark ideas: the fixture need only be near the top.
    let ids = s.ids("KubeEdge 基准测试", 3);
    assert!(ids.iter().any(|i| i == LLM_BENCH), "{ids:?}");
}

#[test]
fn full_width_punctuation_separates_words() {
    let s = mixed();
    assert_eq!(s.ids("故障，迁移", 10), [FAILOVER]);
    assert_eq!(s.ids("故障、迁移。", 10), [FAILOVER]);
}

#[test]
fn english_synonyms_find_chinese_ideas() {
    let s = mixed();
    // `国际化` is in the i18n group: the Chinese docs-translation idea is found
    // beside the English-titled dashboard one.
    let ids = s.ids("internationalization", 10);
    assert!(ids.contains(&DOCS_I18N.to_string()), "{ids:?}");
    assert!(ids.contains(&DASHBOARD_I18N.to_string()), "{ids:?}");
    let ids = s.ids("i18n", 10);
    assert!(ids.contains(&DOCS_I18N.to_string()), "{ids:?}");

    // `多集群`: both Chinese-titled Karmada ideas, beside English multi-cluster ones.
    let ids = s.ids("multi-cluster", 10);
    for want in [FAILOVER, SEARCH_VIEW] {
        assert!(ids.contains(&want.to_string()), "{want} not in {ids:?}");
    }
    assert!(
        ids.iter()
            .any(|id| id
                == "lfx-2024-1/volcano/volcano-supports-multi-cluster-ai-workloads-scheduling"),
        "{ids:?}"
    );

    // `推理`, `大模型`: the Chinese-titled benchmark idea is the best LLM/inference match.
    assert_eq!(s.ids("inference", 5)[0], LLM_BENCH);
    assert_eq!(s.ids("llm", 5)[0], LLM_BENCH);
    // `基准测试` (as one indexed word of the title) for `benchmark`.
    assert!(s.ids("benchmark", 10).contains(&LLM_BENCH.to_string()));
    // `文档` for `documentation`.
    assert_eq!(s.ids("documentation", 5)[0], DOCS_I18N);
}

#[test]
fn chinese_synonyms_find_english_ideas() {
    let s = mixed();
    // 调度 = scheduling/scheduler: the English Volcano scheduling ideas of data/.
    let ids = s.ids("调度", 20);
    for want in [
        "lfx-2023-3/volcano/support-npu-accelerator-scheduling-in-volcano",
        "lfx-2024-1/volcano/volcano-supports-multi-cluster-ai-workloads-scheduling",
        TOPOLOGY,
        QUEUE,
    ] {
        assert!(ids.contains(&want.to_string()), "{want} not in {ids:?}");
    }
    assert!(
        ids.iter().filter(|id| !is_fixture(id)).count() >= 3,
        "{ids:?}"
    );
    // 推理 = inference: an English-only idea from data/.
    let ids = s.ids("推理", 10);
    assert!(
        ids.iter().any(|id| id
            .starts_with("gsoc-2025/meshery/distributed-client-side-inference-policy-evaluation")),
        "{ids:?}"
    );
    // 文档 = docs/documentation: English documentation ideas.
    let ids = s.ids("文档", 10);
    assert_eq!(ids[0], DOCS_I18N);
    assert!(
        ids.iter()
            .any(|id| id == "lfx-2025-3/kubernetes/improve-kubernetes-reference-docs-generator"),
        "{ids:?}"
    );
    // 国际化 = i18n/internationalization: the English-titled dashboard idea.
    let ids = s.ids("国际化", 10);
    assert!(ids.contains(&DASHBOARD_I18N.to_string()), "{ids:?}");
}

/// Synonym entries that jieba's precise mode cuts into several words.
#[test]
fn multi_word_chinese_synonyms_find_english_ideas() {
    let s = mixed();
    for (q, want) in [
        (
            "多集群",
            "lfx-2024-1/volcano/volcano-supports-multi-cluster-ai-workloads-scheduling",
        ),
        ("基准测试", "gsoc-2019/prometheus/benchmarks-for-tsdb"),
        (
            "大模型",
            "gsoc-2025/vitess/enhancements-for-faq-chatbot-for-vitess",
        ),
        (
            "可观测性",
            "lfx-2023-3/thanos/implement-fan-out-query-observability-in-thanos",
        ),
    ] {
        let v = s.search(q, 50);
        let ids = hit_ids(&v);
        assert!(
            ids.contains(&want.to_string()),
            "query {q} should find {want} through its synonyms; got {ids:?}"
        );
    }
    // Every hit of a one-word synonym query holds that word or a synonym.
    let v = s.search("基准测试", 50);
    assert!(
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["matched"] == "all"),
        "{v}"
    );
}

/// Hit ids in rank order, hits of equal tier and score (whose order is not
/// defined: see `equal_scores_rank_the_same_in_every_build`) sorted by id.
/// Scores within `tolerance` (relative) are equal. Ten more documents move
/// every IDF: a near-tie (`create-a-ffmpeg-plugin` / `move2kube-wasm-transformers` on
/// `webassembly plugin`, 0.03% apart once `WASM` reads as `WebAssembly`)
/// may turn over without any Chinese text taking part.
/// At most `n` ids, cut between groups: a tie that crosses the cut has no
/// order to compare.
fn ranked(v: &Value, keep: impl Fn(&str) -> bool, n: usize, tolerance: f64) -> Vec<String> {
    let hits: Vec<(String, String, f64)> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["idea"]["id"].as_str().unwrap().to_string(),
                h["matched"].to_string(),
                h["score"].as_f64().unwrap(),
            )
        })
        .filter(|(id, _, _)| keep(id))
        .collect();
    let mut out = vec![];
    let mut i = 0;
    while i < hits.len() {
        let mut j = i + 1;
        while j < hits.len()
            && hits[j].1 == hits[i].1
            && (hits[j].2 - hits[i].2).abs() <= tolerance * hits[i].2.abs().max(1.0)
        {
            j += 1;
        }
        let mut group: Vec<String> = hits[i..j].iter().map(|h| h.0.clone()).collect();
        group.sort();
        if out.len() + group.len() > n {
            break;
        }
        out.extend(group);
        i = j;
    }
    out
}

/// English queries rank the English ideas as an index without the Chinese ones does.
#[test]
fn english_ranking_is_unchanged_by_chinese_neighbours() {
    let mixed = mixed();
    let english = english();
    for q in [
        "webassembly plugin",
        "rust",
        "chaos engineering",
        "kubernetes",
    ] {
        let top = |s: &Sandbox| -> Vec<String> {
            let mut ids = ranked(&s.search(q, 20), |_| true, usize::MAX, 1e-2);
            ids.truncate(5);
            ids
        };
        let with = top(&mixed);
        assert_eq!(with.len(), 5, "query {q}: {with:?}");
        assert!(!with.iter().any(|id| is_fixture(id)), "{with:?}");
        assert_eq!(with, top(&english), "query {q}: top 5 differ");
    }
    // Queries that also find fixture ideas keep the English ideas' order.
    for q in [
        "edge",
        "scheduling",
        "documentation",
        "multi-cluster",
        "gpu",
        "llm inference",
        "observability",
        "testing",
    ] {
        let mut with = ranked(&mixed.search(q, 40), |id| !is_fixture(id), usize::MAX, 1e-4);
        with.truncate(8);
        let mut without = ranked(&english.search(q, 30), |_| true, usize::MAX, 1e-4);
        without.truncate(8);
        // Ideas tied in the English index across the cut have no order to
        // keep: compare up to that tie when the lists differ after it.
        let before_tie = ranked(&english.search(q, 30), |_| true, 8, 1e-4).len();
        if with != without {
            with.truncate(before_tie);
            without.truncate(before_tie);
        }
        assert_eq!(with, without, "query {q}: English order differs");
    }
}

/// The same idea lists indexed twice give the same ranking, ties included.
#[test]
fn equal_scores_rank_the_same_in_every_build() {
    let builds: Vec<Sandbox> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..12).map(|_| scope.spawn(english)).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for q in ["llm inference", "rust"] {
        let first = builds[0].ids(q, 10);
        for b in &builds[1..] {
            assert_eq!(b.ids(q, 10), first, "query {q}");
        }
    }
}

#[test]
fn snippet_highlights_fall_on_chinese_words() {
    let s = mixed();
    // Query, top hit, words its snippet must mark (those in the snippet window).
    let cases: &[(&str, &str, &[&str])] = &[
        ("故障迁移", FAILOVER, &["故障", "迁移"]),
        ("大模型推理", LLM_BENCH, &["模型", "推理"]),
        ("队列公平调度", QUEUE, &["队列"]),
        (
            "网络拓扑感知调度",
            TOPOLOGY,
            &["网络", "拓扑", "感知", "调度"],
        ),
        ("GPU 资源管理", GPU_EDGE, &["GPU", "资源", "管理"]),
        ("eBPF 网络流量", EBPF, &["eBPF", "网络", "流量"]),
        ("基于KubeEdge", GPU_EDGE, &["基于", "KubeEdge"]),
    ];
    for &(q, id, want) in cases {
        let v = s.search(q, 1);
        let hit = &v["hits"][0];
        assert_eq!(hit["idea"]["id"], id, "query {q}");
        let text = hit["snippet"]["text"].as_str().unwrap();
        let ranges = hit["snippet"]["highlights"].as_array().unwrap();
        assert!(!ranges.is_empty(), "query {q}: no highlights in {text}");
        let query_chars: Vec<char> = q.to_lowercase().chars().collect();
        let mut marked = vec![];
        for r in ranges {
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            assert!(a < b && b <= text.len(), "query {q}: range {a}..{b}");
            assert!(
                text.is_char_boundary(a) && text.is_char_boundary(b),
                "query {q}: {a}..{b} splits a character of {text:?}"
            );
            let word = &text[a..b];
            // Every highlight is a word of the query: made of its characters.
            assert!(
                word.to_lowercase()
                    .chars()
                    .all(|c| query_chars.contains(&c)),
                "query {q}: highlight {word:?} is not from the query"
            );
            marked.push(word);
        }
        assert!(
            marked.iter().any(|w| has_han(w)),
            "query {q}: no Chinese word highlighted in {text:?}: {marked:?}"
        );
        for w in want {
            assert!(
                marked.iter().any(|m| m.contains(w)),
                "query {q}: {w} not highlighted in {text:?} (marked {marked:?})"
            );
        }
    }
}

#[test]
fn snippet_highlights_in_text_output_mark_chinese_words() {
    let s = mixed();
    let out = s.run(&["search", "故障迁移", "--limit", "1"], 0);
    assert!(out.starts_with(" 1. 多集群应用的故障迁移优化"), "{out}");
    assert!(out.contains(FAILOVER), "{out}");
    assert!(out.contains("**故障**"), "{out}");
    assert!(out.contains("**迁移**"), "{out}");
    assert!(out.contains("by project: Karmada 1"), "{out}");
}

#[test]
fn a_han_query_matching_nothing_exits_1() {
    let s = mixed();
    for q in ["量子计算机", "量子", "区块链 共识"] {
        let out = s.run(&["search", q, "--json"], 1);
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["total"], 0, "query {q}");
        assert!(v["hits"].as_array().unwrap().is_empty(), "query {q}");
        let out = s.run(&["search", q], 1);
        assert!(out.contains(q) || out.is_empty(), "{out}");
    }
}

/// Queries of punctuation alone (full-width or ASCII) must not crash.
#[test]
fn a_punctuation_only_query_does_not_panic() {
    let s = mixed();
    for q in ["，。", "、", "。", "！？", "…", "「」", "!!"] {
        let out = s.cmd().args(["search", q]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "query {q:?}: {stderr}");
        assert!(out.status.code().is_some(), "query {q:?} killed");
        assert!(!stderr.contains("panicked"), "query {q:?}: {stderr}");
    }
}

/// Punctuation alone is no query error: it finds nothing (or everything).
#[test]
fn a_punctuation_only_query_is_not_an_error() {
    let s = mixed();
    for q in ["，。", "、", "!!"] {
        let out = s.cmd().args(["search", q]).output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "query {q:?}: exit {:?}, stderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn similar_to_a_chinese_idea_matches_chinese_terms() {
    let s = mixed();
    let v = s.json(&["similar", LLM_BENCH, "--limit", "5"]);
    let hits = v.as_array().unwrap();
    assert!(!hits.is_empty(), "{v}");
    assert!(
        hits.iter().all(|h| h["idea"]["id"] != LLM_BENCH),
        "the idea itself is not its own neighbour: {v}"
    );
    // The other LLM-inference idea is the closest.
    assert_eq!(hits[0]["idea"]["id"], VGPU_LLM, "{v}");
    for h in hits {
        let matched: Vec<&str> = h["matched"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert!(!matched.is_empty(), "{h}");
        if h["idea"]["id"] == VGPU_LLM {
            assert!(matched.contains(&"推理"), "{matched:?}");
        }
    }
    assert!(
        hits.iter().any(|h| h["matched"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| has_han(t.as_str().unwrap()))),
        "some matched term should be Chinese: {v}"
    );
}

#[test]
fn ids_with_han_characters_work_as_arguments() {
    let s = mixed();
    let v = s.json(&["show", LLM_BENCH]);
    assert_eq!(v["id"], LLM_BENCH);
    assert_eq!(v["title"], "云边协同的大模型推理基准测试");
    assert_eq!(v["project"], "KubeEdge");
    let out = s.run(&["show", FAILOVER], 0);
    assert!(out.starts_with("多集群应用的故障迁移优化\n"), "{out}");
    assert!(out.contains(&format!("id:       {FAILOVER}")), "{out}");
    // An id of mixed ASCII and Han (lowercased ASCII part).
    assert_eq!(
        s.json(&["show", TOPOLOGY])["title"],
        "面向AI训练任务的网络拓扑感知调度"
    );
    // A Han id that is not in the index is not found.
    let out = s
        .cmd()
        .args(["show", "lfx-2025-2/karmada/不存在的想法"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert_ne!(out.status.code(), Some(101));
}
