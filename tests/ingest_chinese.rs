//! The ingest pipeline against idea lists written in Chinese and in mixed
//! Chinese/English, as the OSPP (开源之夏, Open Source Promotion Plan) lists of
//! KubeEdge, Volcano and Karmada are: Chinese headings, Chinese labels with
//! full-width colons (`- 项目描述：...`), English labels over Chinese text,
//! Chinese enumeration commas (`Go、Kubernetes`, `王芳、赵磊`), soft-wrapped
//! Chinese paragraphs and labels that carry no field (`项目难度`, `导师联系邮箱`).
//! Fixtures are in `tests/fixtures/chinese/`; every expectation below was read
//! off the markdown by hand.

use crate::common;

use ideas::idea::{self, Idea, Program};
use ideas::ingest::{self, Meta};
use std::collections::HashSet;

const LFX_2025_2: &str = "chinese/lfx-mentorship/2025/02-Jun-Aug/project_ideas.md";
const GSOC_2026: &str = "chinese/summerofcode/2026.md";
const ALL: [&str; 2] = [LFX_2025_2, GSOC_2026];

// ---------------------------------------------------------------- helpers

/// Parses a fixture, recording the path relative to `tests/fixtures/`.
fn load(rel: &str) -> Vec<Idea> {
    common::load_from("tests/fixtures", rel)
}

use common::by_id;

/// One expected idea: heading line, id, project, title.
type Row = (u32, &'static str, &'static str, &'static str);

/// Checks that `rel` yields exactly `rows`, in order, all of the given term and with no group.
fn assert_outline(rel: &str, program: Program, year: u16, term: Option<u8>, rows: &[Row]) {
    let ideas = load(rel);
    let got: Vec<(u32, &str, &str, &str)> = ideas
        .iter()
        .map(|i| {
            let line = i.sources.first().map_or(0, |s| s.line);
            (line, i.id.as_str(), i.project.as_str(), i.title.as_str())
        })
        .collect();
    assert_eq!(got, rows, "{rel}: (line, id, project, title)");
    for i in &ideas {
        assert_eq!(
            (i.program, i.year, i.term),
            (program, year, term),
            "{}",
            i.id
        );
        assert_eq!(i.group, None, "{}", i.id);
        assert_eq!(i.sources.len(), 1, "{}", i.id);
        assert_eq!(i.sources[0].path, rel, "{}", i.id);
    }
}

/// The fields of one idea as a careful reader takes them from the markdown.
#[derive(Default)]
struct Want {
    description: &'static str,
    outcome: &'static str,
    skills: &'static [&'static str],
    mentors: &'static [&'static str],
    issues: &'static [&'static str],
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
    cmp("lfx_url", format!("{:?}", i.lfx_url), "None".into());
    cmp("size", format!("{:?}", i.size), format!("{:?}", w.size));
    assert!(bad.is_empty(), "{rel}: {id}\n  {}", bad.join("\n  "));
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Written wholly in Chinese: no Latin letters in the title, Chinese description and outcome.
fn wholly_chinese(i: &Idea) -> bool {
    !i.title.chars().any(|c| c.is_ascii_alphabetic())
        && has_cjk(&i.title)
        && has_cjk(&i.description)
        && has_cjk(&i.outcome)
}

// ---------------------------------------------------------------- both fixtures

#[test]
fn ten_ideas_five_wholly_chinese_five_mixed() {
    let all: Vec<Idea> = ALL.iter().flat_map(|rel| load(rel)).collect();
    assert_eq!(all.len(), 10, "{}", common::listing(&all));
    let chinese: Vec<&str> = all
        .iter()
        .filter(|i| wholly_chinese(i))
        .map(|i| i.title.as_str())
        .collect();
    assert_eq!(
        chinese,
        [
            "云边协同的大模型推理基准测试",
            "边缘设备管理框架的文档国际化",
            "多集群应用的故障迁移优化",
            "批量作业的队列公平调度增强",
            "多集群资源的统一视图与搜索",
        ]
    );
    // The others mix: Latin in the title or English labels, Chinese in the text.
    for i in all.iter().filter(|i| !wholly_chinese(i)) {
        assert!(has_cjk(&i.description), "{}: {:?}", i.id, i.description);
        assert!(
            i.description.chars().any(|c| c.is_ascii_alphabetic()),
            "{}: {:?}",
            i.id,
            i.description
        );
    }
}

/// Ids of Chinese titles keep the Chinese characters (slugs take letters of
/// any script), so no id is empty or falls back to `idea-line-N`; all are unique.
#[test]
fn ids_are_non_empty_unique_and_keep_chinese_titles() {
    let mut seen = HashSet::new();
    for rel in ALL {
        for i in load(rel) {
            let slug = i.id.rsplit('/').next().unwrap_or_default();
            assert!(!slug.is_empty(), "{rel}: empty title slug in {:?}", i.id);
            assert!(!slug.starts_with("idea-line-"), "{rel}: {}", i.id);
            assert_eq!(slug, idea::slug(&i.title), "{rel}: {}", i.id);
            if has_cjk(&i.title) {
                assert!(has_cjk(slug), "{rel}: {}", i.id);
            }
            assert!(seen.insert(i.id.clone()), "{rel}: duplicate id {}", i.id);
        }
    }
    assert_eq!(seen.len(), 10);
}

/// Labels that carry no field (`项目难度：进阶`, `导师联系邮箱：...`) end the
/// field before them: their values land nowhere.
#[test]
fn labels_without_a_field_are_dropped() {
    for rel in ALL {
        for i in load(rel) {
            let text = format!(
                "{} {} {:?} {:?} {:?}",
                i.description, i.outcome, i.skills, i.mentors, i.upstream_issues
            );
            for bad in [
                "项目难度",
                "导师联系邮箱",
                "进阶",
                "基础",
                "zhangsan@",
                "wangfang@",
                "sunqiang@",
            ] {
                assert!(!text.contains(bad), "{rel}: {} holds {bad:?}: {text}", i.id);
            }
        }
    }
}

/// The Chinese container (`## 项目列表`), template (`## 模板`) and document
/// title are neither projects nor ideas.
#[test]
fn chinese_furniture_is_not_a_project_or_idea() {
    for rel in ALL {
        for i in load(rel) {
            for bad in [
                "项目列表",
                "模板",
                "项目标题",
                "CNCF 项目名称",
                "Template",
                "Proposed Project ideas",
            ] {
                assert_ne!(i.title, bad, "{rel}: {}", i.id);
                assert_ne!(i.project, bad, "{rel}: {}", i.id);
            }
            assert!(
                ["KubeEdge", "Volcano", "Karmada"].contains(&i.project.as_str()),
                "{rel}: {}",
                i.id
            );
        }
    }
}

// ---------------------------------------------------------------- LFX 2025 term 2

#[test]
#[rustfmt::skip]
fn lfx_2025_term2_outline() {
    assert_outline(LFX_2025_2, Program::Lfx, 2025, Some(2), &[
        (27, "lfx-2025-2/kubeedge/edge-node-gpu-resource-management-in-kubeedge", "KubeEdge", "Edge Node GPU Resource Management in KubeEdge"),
        (40, "lfx-2025-2/kubeedge/云边协同的大模型推理基准测试", "KubeEdge", "云边协同的大模型推理基准测试"),
        (53, "lfx-2025-2/kubeedge/边缘设备管理框架的文档国际化", "KubeEdge", "边缘设备管理框架的文档国际化"),
        (68, "lfx-2025-2/volcano/面向ai训练任务的网络拓扑感知调度", "Volcano", "面向AI训练任务的网络拓扑感知调度"),
        (78, "lfx-2025-2/karmada/多集群应用的故障迁移优化", "Karmada", "多集群应用的故障迁移优化"),
        (93, "lfx-2025-2/karmada/multi-cluster-network-observability-with-ebpf-in-karmada", "Karmada", "Multi-cluster Network Observability with eBPF in Karmada"),
    ]);
}

/// English title and labels, Chinese description with English words inside
/// Chinese sentences; a Chinese mentor name among English ones.
#[test]
fn lfx_2025_term2_english_labels_chinese_text() {
    assert_fields(LFX_2025_2, "lfx-2025-2/kubeedge/edge-node-gpu-resource-management-in-kubeedge", Want {
        description: "基于KubeEdge实现边缘节点的GPU资源管理。目前EdgeCore无法上报边缘节点上的GPU设备信息，云端调度器也无法感知边缘GPU的使用情况。本项目需要在EdgeCore中集成NVIDIA device plugin，并通过CloudCore将GPU容量与分配情况同步到Kubernetes节点状态中。",
        outcome: "- EdgeCore支持上报GPU型号、显存容量和使用率\n- 云端可以按GPU资源调度边缘AI推理负载\n- 提供端到端测试与中英文使用文档",
        skills: &["Go", "Kubernetes", "KubeEdge", "GPU device plugin"],
        mentors: &["Wang Lei (@wanglei-edge, wanglei@example.com)", "李娜 (@lina-ke, lina@example.com)"],
        issues: &["https://github.com/kubeedge/kubeedge/issues/5621"],
        ..Want::default()
    });
    // Inline mentors `Name (@h, e), 刘洋 (@h, e)`: two people.
    assert_fields(LFX_2025_2, "lfx-2025-2/volcano/面向ai训练任务的网络拓扑感知调度", Want {
        description: "大规模LLM训练任务对节点间的网络带宽非常敏感，跨交换机的Pod放置会显著降低训练效率。本项目需要在Volcano调度器中实现网络拓扑感知的调度插件，使同一个作业的Pod尽量调度到同一个HyperNode内。",
        outcome: "一个可配置的网络拓扑感知调度插件，以及在模拟拓扑上的性能对比报告。",
        skills: &["Go", "Kubernetes scheduler", "RDMA"],
        mentors: &["Chen Hao (@chenhao-vc, chenhao@example.com)", "刘洋 (@liuyang-vc, liuyang@example.com)"],
        issues: &["https://github.com/volcano-sh/volcano/issues/3876"],
        ..Want::default()
    });
    assert_fields(LFX_2025_2, "lfx-2025-2/karmada/multi-cluster-network-observability-with-ebpf-in-karmada", Want {
        description: "在多集群场景下，跨集群服务之间的调用链路很难观测。本项目基于eBPF采集成员集群之间的网络流量，并在Karmada控制面汇总展示跨集群的调用拓扑和时延。",
        outcome: "一个基于eBPF的流量采集组件，以及在Karmada Dashboard中展示的跨集群调用拓扑。",
        skills: &["Go", "eBPF", "Kubernetes", "Prometheus"],
        mentors: &["Hongcai Ren (@RainbowMango, renhongcai@example.com)"],
        issues: &["https://github.com/karmada-io/karmada/issues/6102"],
        ..Want::default()
    });
}

/// OSPP labels with full-width colons: `项目描述：`, `项目产出要求：` over a
/// list, `项目技术要求：` split on `、`, the repository URL right after `：`;
/// `项目难度` and `导师联系邮箱` between the fields are dropped.
#[test]
fn lfx_2025_term2_ospp_labels_with_full_width_colons() {
    assert_fields(LFX_2025_2, "lfx-2025-2/kubeedge/云边协同的大模型推理基准测试", Want {
        description: "Ianvs是KubeEdge SIG AI的分布式协同人工智能基准测试项目。随着大模型越来越多地部署在边缘侧，社区需要一套评测云边协同推理效果的基准。本项目将在Ianvs中新增大模型推理的测试用例与评价指标。",
        outcome: "- 新增云边协同大模型推理的基准测试用例\n- 实现时延、吞吐量和准确率三类评价指标\n- 提交完整的使用文档和示例",
        skills: &["Python", "PyTorch", "大模型推理", "KubeEdge"],
        mentors: &["张三"],
        issues: &["https://github.com/kubeedge/ianvs"],
        ..Want::default()
    });
}

/// Bold OSPP labels (`**项目描述**：`), mentors `王芳、赵磊`, skills and
/// repository as nested lists.
#[test]
fn lfx_2025_term2_bold_ospp_labels_and_nested_lists() {
    assert_fields(LFX_2025_2, "lfx-2025-2/kubeedge/边缘设备管理框架的文档国际化", Want {
        description: "KubeEdge的设备管理框架（DMI）文档目前只有英文版本，中文用户上手困难。本项目需要梳理设备管理相关文档的结构，完成中文翻译，并建立中英文文档同步更新的机制。",
        outcome: "完成设备管理框架全部文档的中文翻译，并在官网上线中英文切换。",
        skills: &["熟悉Markdown与Hugo", "良好的中英文读写能力"],
        mentors: &["王芳", "赵磊"],
        issues: &["https://github.com/kubeedge/website"],
        ..Want::default()
    });
}

/// A description soft-wrapped over three lines joins without spaces between
/// Chinese characters; skills split on the full-width comma `，`.
#[test]
fn lfx_2025_term2_soft_wrapped_chinese_description() {
    assert_fields(LFX_2025_2, "lfx-2025-2/karmada/多集群应用的故障迁移优化", Want {
        description: "Karmada在成员集群故障时会把应用迁移到其他健康集群，但目前的迁移没有考虑有状态应用的数据，也无法限制同时迁移的应用数量。本项目需要设计有状态应用的故障迁移流程，并支持按优先级分批迁移。",
        outcome: "- 完成有状态应用故障迁移的设计文档\n- 实现按优先级分批迁移的控制器逻辑\n- 补充单元测试与端到端测试",
        skills: &["Go", "Kubernetes", "多集群"],
        mentors: &["孙强", "周婷"],
        issues: &["https://github.com/karmada-io/karmada"],
        ..Want::default()
    });
}

// ---------------------------------------------------------------- GSoC 2026

#[test]
#[rustfmt::skip]
fn gsoc_2026_outline() {
    assert_outline(GSOC_2026, Program::Gsoc, 2026, None, &[
        (24, "gsoc-2026/volcano/批量作业的队列公平调度增强", "Volcano", "批量作业的队列公平调度增强"),
        (51, "gsoc-2026/volcano/volcano-gpu-sharing-and-topology-aware-scheduling-for-llm-inference", "Volcano", "Volcano: GPU Sharing and Topology-aware Scheduling for LLM Inference"),
        (72, "gsoc-2026/karmada/多集群资源的统一视图与搜索", "Karmada", "多集群资源的统一视图与搜索"),
        (81, "gsoc-2026/karmada/karmada-dashboard-internationalization", "Karmada", "Karmada Dashboard Internationalization"),
    ]);
}

/// Bold Chinese labels on their own line (`**项目描述**`) with the value in
/// the paragraphs below; `**推荐技能**：Go、Kubernetes`; `**项目规模**`.
#[test]
fn gsoc_2026_bold_chinese_labels_on_their_own_line() {
    assert_fields(GSOC_2026, "gsoc-2026/volcano/批量作业的队列公平调度增强", Want {
        description: "Volcano的队列之间可以相互借用空闲资源，但当前的回收策略只看队列权重，没有考虑作业已经运行的时间，长作业经常被反复驱逐。\n本项目需要为队列资源回收引入公平性度量，并在capacity插件中实现新的回收策略。",
        outcome: "- 设计并实现基于运行时长的资源回收策略\n- 新增调度器的单元测试与端到端测试",
        skills: &["Go", "Kubernetes", "调度算法"],
        mentors: &["陈晨 (@chenchen-vc, chenchen@example.com)", "黄磊 (@huanglei-vc, huanglei@example.com)"],
        issues: &["https://github.com/volcano-sh/volcano/issues/3912"],
        size: Some("中等（约175小时）"),
    });
}

/// English bold labels over Chinese text; `**Mentor(s)**: 刘洋，王磊` is two people.
#[test]
fn gsoc_2026_english_labels_chinese_mentor_names() {
    assert_fields(GSOC_2026, "gsoc-2026/volcano/volcano-gpu-sharing-and-topology-aware-scheduling-for-llm-inference", Want {
        description: "大模型推理服务通常只需要GPU的一部分算力和显存，独占整卡会造成严重浪费。本项目需要在Volcano中支持vGPU切分，并结合NVLink拓扑为LLM推理实例选择合适的GPU组合。",
        outcome: "- Volcano device plugin支持按显存切分GPU\n- 调度器根据NVLink拓扑选择GPU组合",
        skills: &["Go", "CUDA", "Kubernetes device plugin"],
        mentors: &["刘洋", "王磊"],
        issues: &["https://github.com/volcano-sh/volcano/issues/3940"],
        size: Some("large (~350 hour projects)"),
    });
}

/// Chinese labels with ASCII colons (`- 描述: ...`, `- 相关issue: ...`).
#[test]
fn gsoc_2026_chinese_labels_with_ascii_colons() {
    assert_fields(GSOC_2026, "gsoc-2026/karmada/多集群资源的统一视图与搜索", Want {
        description: "Karmada的资源分散在控制面和各个成员集群中，用户需要逐个集群查询。本项目需要增强karmada-search组件，提供跨集群的资源统一视图和按标签、字段的搜索能力。",
        outcome: "支持跨集群分页查询的检索接口，以及对应的karmadactl命令。",
        skills: &["Go", "Kubernetes API", "OpenSearch"],
        mentors: &["任洪彩"],
        issues: &["https://github.com/karmada-io/karmada/issues/6240"],
        size: Some("大型（约350小时）"),
    });
}

/// English title, Chinese labels with full-width colons; `技能：TypeScript，React`.
#[test]
fn gsoc_2026_english_title_chinese_labels() {
    assert_fields(GSOC_2026, "gsoc-2026/karmada/karmada-dashboard-internationalization", Want {
        description: "Karmada Dashboard目前的界面文案硬编码在前端代码中，只支持中文。本项目需要引入i18next，抽取全部界面文案，并提供英文翻译和语言切换功能。",
        outcome: "Dashboard支持中英文切换，新增文案有自动化的缺失翻译检查。",
        skills: &["TypeScript", "React", "i18next"],
        mentors: &["周杰", "吴敏"],
        issues: &["https://github.com/karmada-io/dashboard/issues/118"],
        size: Some("中等（约175小时）"),
    });
}

// ---------------------------------------------------------------- inline inputs

const PATH: &str = "lfx-mentorship/2025/02-Jun-Aug/project_ideas.md";

fn parse(md: &str) -> Vec<Idea> {
    ingest::parse(md.as_bytes(), PATH, Meta::default())
        .expect("parses")
        .ideas
}

/// Chinese list separators and brackets in skills and mentors never panic
/// (a `、` or `，` used to split at a byte inside the character).
#[test]
fn chinese_separators_never_panic() {
    let md = "## 项目列表\n\n### KubeEdge\n\n#### 边缘自治\n\n\
              - 项目描述：断网时边缘节点继续运行。\n\
              - 项目技术要求：Go、Kubernetes；eBPF，（熟悉Linux、网络）。\n\
              - 项目社区导师：张三、李四，王五\n\
              - 导师：、，；\n";
    let ideas = parse(md);
    assert_eq!(ideas.len(), 1);
    let i = &ideas[0];
    assert_eq!(i.id, "lfx-2025-2/kubeedge/边缘自治");
    assert_eq!(
        i.skills,
        ["Go", "Kubernetes", "eBPF", "（熟悉Linux、网络）"]
    );
    assert_eq!(i.mentors, ["张三", "李四", "王五"]);
}

/// An unfenced Chinese template (every field empty; `项目难度` filled with
/// its choices) is not an idea, and neither is a heading with only labels
/// that carry no field.
#[test]
fn chinese_template_and_fieldless_labels_are_not_ideas() {
    let md = "## 项目列表\n\n### 项目模板\n\n\
              - 项目描述：\n- 项目难度：基础/进阶\n- 项目社区导师：\n- 项目产出要求：\n\n\
              ### Volcano\n\n#### 只有难度和邮箱\n\n\
              - 项目难度：进阶\n- 导师联系邮箱：a@example.com\n";
    assert!(parse(md).is_empty(), "{}", common::listing(&parse(md)));
}
