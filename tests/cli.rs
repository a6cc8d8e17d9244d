//! End-to-end tests of the `ideas` binary on the embedded corpus (the five
//! real seed lists in data/) and on bad input.

use crate::common;

use common::cli::{data, facet_counts, hit_ids, Sandbox};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tempfile::TempDir;

#[test]
fn readme_search_prints_ranked_hits_with_snippets_and_facets() {
    let s = Sandbox::new();
    let out = s.run(&["search", "webassembly plugin"], 0);
    assert!(out.starts_with(" 1. "), "{out}");
    assert!(
        out.contains("WasmEdge · LFX 2023 term 3 · lfx-2023-3/wasmedge/"),
        "{out}"
    );
    assert!(
        out.contains("**plugin**"),
        "matched words are marked: {out}"
    );
    assert!(out.contains("by project: WasmEdge"), "{out}");
    assert!(out.contains("by year:"), "{out}");
}

#[test]
fn top_hits_people_agree_with() {
    let s = Sandbox::new();
    let cases: &[(&str, &str)] = &[
        (
            "keink",
            "support-latest-version-in-keink-and-run-demo-on-keink",
        ),
        ("rocksdb", "gsoc-2019/tikv/"),
        (
            "elasticsearch 8",
            "lfx-2023-3/jaeger/build-official-support-in-jaeger-for-elasticsearch-8",
        ),
        ("resource interpreter karmada", "lfx-2025-3/karmada/"),
        ("\"reference docs\"", "reference-doc"),
        (
            "kubewarden javascript policies",
            "gsoc-2025/kubewarden/allow-policies-to-be-written-using-javascript",
        ),
        (
            "ebpf dns visibility",
            "lfx-2023-3/kubearmor/implement-dns-visibility-with-kubearmor-ii",
        ),
        (
            "merkle",
            "gsoc-2025/the-update-framework-tuf/snapshot-merkle-trees",
        ),
    ];
    for (q, want) in cases {
        let v = s.json(&["search", q, "--limit", "3"]);
        let ids = hit_ids(&v);
        assert!(
            ids.first().is_some_and(|id| id.contains(want)),
            "query {q}: top hit should contain {want}, got {ids:?}"
        );
    }
}

#[test]
fn filters_narrow_hits_and_counts() {
    let s = Sandbox::new();
    let v = s.json(&[
        "search",
        "kubernetes",
        "--program",
        "gsoc",
        "--limit",
        "100",
    ]);
    assert!(v["total"].as_u64().unwrap() > 0);
    assert!(v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["idea"]["program"] == "gsoc"));
    let v = s.json(&["search", "*", "--years", "2023..2024", "--limit", "200"]);
    assert_eq!(v["total"], 43 + 29);
    let v = s.json(&[
        "search",
        "edge",
        "--project",
        "kubeedge",
        "--year",
        "2025",
        "--limit",
        "50",
    ]);
    assert!(v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["idea"]["project"] == "KubeEdge" && h["idea"]["year"] == 2025));
    assert_eq!(v["facets"]["project"].as_array().unwrap().len(), 1);
    let v = s.json(&["search", "*", "--skill", "rust", "--limit", "100"]);
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.len() >= 8, "{}", hits.len());
    assert!(hits
        .iter()
        .all(|h| h["idea"]["skills"].as_array().unwrap().iter().any(|k| k
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("rust"))));
    let v = s.json(&[
        "search",
        "*",
        "--program",
        "lfx",
        "--term",
        "1",
        "--limit",
        "100",
    ]);
    assert_eq!(v["total"], 29);
}

#[test]
fn facet_counts_equal_counts_over_parsed_ideas() {
    let s = Sandbox::new();
    let jsonl = s.run(&["parse", data().to_str().unwrap(), "--jsonl"], 0);
    let ideas: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(ideas.len(), 150);
    let mut by_project: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_year: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    for i in &ideas {
        *by_status
            .entry(i["status"].as_str().unwrap().to_string())
            .or_default() += 1;
        // A joint idea (`Linkerd & Envoy`) counts under each of its projects.
        let projects = match i["joint"].as_array() {
            Some(joint) => joint.iter().map(|p| p.as_str().unwrap()).collect(),
            None => vec![i["project"].as_str().unwrap()],
        };
        for p in projects {
            *by_project.entry(p.to_string()).or_default() += 1;
        }
        *by_year.entry(i["year"].to_string()).or_default() += 1;
    }
    let as_map = |v: Value| -> BTreeMap<String, u64> { facet_counts(&v).into_iter().collect() };
    assert_eq!(as_map(s.json(&["facets", "--by", "project"])), by_project);
    assert_eq!(as_map(s.json(&["facets", "--by", "year"])), by_year);
    assert_eq!(as_map(s.json(&["facets", "--by", "status"])), by_status);
    assert_eq!(by_status.len(), 2, "{by_status:?}");
    let accepted = s.json(&["facets", "--by", "status", "--status", "accepted"]);
    assert_eq!(
        facet_counts(&accepted),
        [("accepted".to_string(), by_status["accepted"])]
    );
    // The project x year table adds up to the same per-project totals.
    let table = s.json(&["facets", "--by", "project,year"]);
    for row in table.as_array().unwrap() {
        let sum: u64 = row["years"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["count"].as_u64().unwrap())
            .sum();
        assert_eq!(sum, by_project[row["project"].as_str().unwrap()]);
        assert_eq!(row["total"].as_u64().unwrap(), sum);
    }
    // Facets with a query count only the matches, and agree with search's counts.
    let search = s.json(&["search", "wasm", "--limit", "0"]);
    let facets = s.json(&["facets", "--by", "project", "wasm"]);
    assert_eq!(search["facets"]["project"], facets);
}

#[test]
fn similar_finds_the_same_idea_in_another_term() {
    let s = Sandbox::new();
    let pairs = [
        ("lfx-2023-3/kubeedge/support-latest-version-in-keink-and-run-demo-on-keink", "lfx-2024-1/kubeedge/support-latest-version-in-keink-and-run-demo-on-keink"),
        ("lfx-2023-3/konveyor/move2kube-advanced-resources-support-argocd-tekton-stateful-set-etc", "lfx-2024-1/konveyor/move2kube-advanced-resources-support-and-enhance-other-move2kube-components"),
    ];
    for (from, twin) in pairs {
        let v = s.json(&["similar", from, "--limit", "5"]);
        let ids: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["idea"]["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.first(), Some(&twin), "similar to {from}: {ids:?}");
        assert!(!ids.contains(&from), "never the idea itself");
    }
    // --before keeps only earlier years.
    let v = s.json(&[
        "similar",
        "lfx-2024-1/kubeedge/support-latest-version-in-keink-and-run-demo-on-keink",
        "--before",
        "2024",
    ]);
    let hits = v.as_array().unwrap();
    assert_eq!(
        hits[0]["idea"]["id"],
        "lfx-2023-3/kubeedge/support-latest-version-in-keink-and-run-demo-on-keink"
    );
    assert!(hits
        .iter()
        .all(|h| h["idea"]["year"].as_u64().unwrap() < 2024));
    let v = s.json(&[
        "similar",
        "--text",
        "run a local kubeedge cluster in kind with docker",
    ]);
    assert!(
        v[0]["idea"]["id"].as_str().unwrap().contains("keink"),
        "{v}"
    );
}

#[test]
fn show_and_stats() {
    let s = Sandbox::new();
    let out = s.run(
        &[
            "show",
            "lfx-2023-3/karmada/add-karmada-api-documentation-on-the-website",
        ],
        0,
    );
    assert!(
        out.contains("issue:    https://github.com/karmada-io/karmada/issues/3843"),
        "{out}"
    );
    assert!(
        out.contains("source:   lfx-mentorship/2023/03-Sep-Nov/README.md:"),
        "{out}"
    );
    let v = s.json(&["stats"]);
    assert_eq!(v["documents"], 150);
    assert!(v["bytes_on_disk"].as_u64().unwrap() > 0);
    let lfx = v["by_program"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["program"] == "lfx")
        .unwrap()
        .clone();
    assert_eq!(lfx["documents"], 90);
}

#[test]
fn nothing_found_exits_1_and_bad_queries_exit_2() {
    let s = Sandbox::new();
    s.run(&["search", "zzzqqqxx"], 1);
    let e = s.fail(&["search", &format!("{}rust", "(".repeat(33))]);
    assert!(e.contains("query over a limit at column 33"), "{e}");
    let e = s.fail(&["show", "no/such/id"]);
    assert!(e.contains("no idea with id 'no/such/id'"), "{e}");
    s.fail(&["similar", "no/such/id"]);
}

#[test]
fn same_idea_twice_in_one_term_is_one_document() {
    let s = Sandbox::new();
    let corpus = TempDir::new().unwrap();
    let term = corpus.path().join("lfx-mentorship/2024/01-Mar-May");
    std::fs::create_dir_all(&term).unwrap();
    let seed =
        std::fs::read(data().join("lfx-mentorship/2024/01-Mar-May/project_ideas.md")).unwrap();
    std::fs::write(term.join("project_ideas.md"), &seed).unwrap();
    std::fs::write(term.join("README.md"), &seed).unwrap();
    let ix = corpus.path().join("ix");
    let out = s.run(
        &[
            "index",
            corpus.path().to_str().unwrap(),
            "--index",
            ix.to_str().unwrap(),
        ],
        0,
    );
    assert!(out.contains("29 ideas indexed"), "{out}");
    let v = s.json(&[
        "show",
        "lfx-2024-1/kubeedge/support-latest-version-in-keink-and-run-demo-on-keink",
        "--index",
        ix.to_str().unwrap(),
    ]);
    assert_eq!(v["sources"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_input_is_a_one_line_error_and_keeps_the_old_index() {
    let s = Sandbox::new();
    let tmp = TempDir::new().unwrap();
    let ix = tmp.path().join("ix");
    let ixs = ix.to_str().unwrap();
    let seed = data().join("summerofcode/2019.md");
    s.run(&["index", seed.to_str().unwrap(), "--index", ixs], 0);
    let before = s.json(&["search", "rocksdb", "--index", ixs]);

    let empty_dir = tmp.path().join("nomd");
    std::fs::create_dir(&empty_dir).unwrap();
    std::fs::write(empty_dir.join("notes.txt"), "hello").unwrap();
    let gsoc = tmp.path().join("summerofcode");
    std::fs::create_dir(&gsoc).unwrap();
    std::fs::write(
        gsoc.join("2020.md"),
        b"# Ideas\n\n### Proj\n\n#### Idea \xff\xfe\n- Description: x\n",
    )
    .unwrap();
    std::fs::write(gsoc.join("2021.md"), b"").unwrap();
    std::fs::write(
        gsoc.join("2022.md"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00binary",
    )
    .unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (tmp.path().join("missing.md"), "no such file or folder"),
        (empty_dir.clone(), "no markdown files"),
        (
            gsoc.join("2020.md"),
            "not UTF-8 text (invalid byte on line 5)",
        ),
        (gsoc.join("2021.md"), "file is empty"),
        (gsoc.join("2022.md"), "binary file"),
    ];
    for (path, reason) in cases {
        let p = path.to_str().unwrap();
        let e = s.fail(&["index", p, "--index", ixs]);
        assert!(e.contains(reason) && e.contains(p), "{p}: {e}");
        assert_eq!(
            s.json(&["search", "rocksdb", "--index", ixs]),
            before,
            "index still usable after {p}"
        );
        let e = s.fail(&["parse", p]);
        assert!(e.contains(reason), "{p}: {e}");
    }
}

#[test]
fn embedded_index_is_reused_and_rebuilt_when_the_corpus_changes() {
    let s = Sandbox::new();
    let root = s.cache().join("ideas/index");
    let current = || std::fs::read_to_string(root.join("CURRENT")).unwrap();
    s.run(&["search", "keink"], 0);
    let first = current();
    s.run(&["search", "keink"], 0);
    assert_eq!(current(), first, "second run reuses the index");
    // An index built from another version of the corpus is stale.
    let manifest = root.join(&first).join("manifest.json");
    let stale = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("\"fingerprint\": \"", "\"fingerprint\": \"old");
    std::fs::write(&manifest, stale).unwrap();
    s.run(&["search", "keink"], 0);
    assert_ne!(current(), first, "stale index rebuilt");
    assert!(!root.join(&first).exists(), "old generation removed");
}

#[test]
fn paging_past_the_end_and_huge_limits_are_fine() {
    let s = Sandbox::new();
    let v = s.json(&["search", "kubernetes", "--limit", "2", "--offset", "1"]);
    let all = s.json(&["search", "kubernetes", "--limit", "3"]);
    assert_eq!(hit_ids(&v), hit_ids(&all)[1..3].to_vec());
    assert_eq!(v["hits"][0]["rank"], 2);
    let v = s.json(&[
        "search",
        "kubernetes",
        "--offset",
        "18446744073709551615",
        "--limit",
        "18446744073709551615",
    ]);
    assert!(v["total"].as_u64().unwrap() > 0);
    assert_eq!(v["hits"].as_array().unwrap().len(), 0);
}

#[test]
fn out_of_range_flags_are_usage_errors_naming_the_flag() {
    let s = Sandbox::new();
    let cases: &[(&[&str], &str)] = &[
        (&["--limit", "99999999999999999999"], "--limit"),
        (&["--offset=-1"], "--offset"),
        (&["--years", "2030..2020"], "2030 is after 2020"),
        (&["--years", "99999"], "not a year"),
        (&["--term", "9"], "--term"),
        (&["--program", "ospp"], "--program"),
    ];
    for (flags, says) in cases {
        let mut args = vec!["search", "rust"];
        args.extend_from_slice(flags);
        let out = s.cmd().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(says),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // Large but valid bounds are answers, not errors.
    s.run(&["search", "rust", "--limit", "18446744073709551615"], 0);
    s.run(&["search", "rust", "--offset", "18446744073709551615"], 0);
}

#[test]
fn color_is_auto_always_or_never_and_auto_honours_no_color() {
    let s = Sandbox::new(); // NO_COLOR=1, stdout a pipe
    let args = ["search", "webassembly plugin", "--limit", "1"];
    let with = |extra: &[&str]| {
        let mut a = extra.to_vec();
        a.extend_from_slice(&args);
        s.run(&a, 0)
    };
    assert!(!with(&[]).contains('\x1b'));
    let always = with(&["--color", "always"]);
    assert!(always.contains("\x1b[1m"), "{always}");
    assert!(!with(&["--color=never"]).contains('\x1b'));
    // auto and no NO_COLOR: still plain, stdout is not a terminal.
    let out = s.cmd().env_remove("NO_COLOR").args(args).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
    let e = s
        .cmd()
        .args(["--color", "sometimes", "search", "x"])
        .output()
        .unwrap();
    assert_eq!(e.status.code(), Some(2));
}

#[test]
fn completions_and_the_man_page_come_from_the_flag_definitions() {
    let s = Sandbox::new();
    // Each shell's script calls the binary back; the flags come from it.
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = s.run(&["completions", shell], 0);
        assert!(
            script.contains("IDEAS_COMPLETE") && script.contains("ideas"),
            "{shell}: {script}"
        );
        for (words, word) in [
            (&["ideas", "se"][..], "search"),
            (&["ideas", "si"], "similar"),
            (&["ideas", "index", "--max"], "--max-filesize"),
            (&["ideas", "index", "--re"], "--rebuild"),
        ] {
            assert!(
                complete(&s, shell, words).contains(word),
                "{shell}: no {word}"
            );
        }
    }
    let tmp = TempDir::new().unwrap();
    let bash = tmp.path().join("ideas.bash");
    std::fs::write(&bash, s.run(&["completions", "bash"], 0)).unwrap();
    let ok = std::process::Command::new("bash")
        .arg("-n")
        .arg(&bash)
        .status();
    assert!(ok.map(|s| s.success()).unwrap_or(true), "bash -n failed");
    let man = s.run(&["man"], 0);
    assert!(man.contains(".TH ideas"), "{}", &man[..200.min(man.len())]);
    for word in ["IDEAS SEARCH", "rebuild", "max\\-filesize", "Exit status"] {
        assert!(man.contains(word), "man page without {word}");
    }
}

#[test]
fn formats_for_programs_carry_the_same_records_as_json() {
    let s = Sandbox::new();
    let q = ["search", "webassembly plugin", "--limit", "7"];
    let json = s.json(&q);
    let ids = hit_ids(&json);
    let with = |f: &str| {
        let mut a = q.to_vec();
        a.extend(["--format", f]);
        s.run(&a, 0)
    };
    // CSV: a header, then one row per hit, read back by a CSV parser.
    let csv = with("csv");
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..4], ["rank", "score", "matched", "id"]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let csv_ids: Vec<&str> = rows.iter().map(|r| &r[3]).collect();
    assert_eq!(csv_ids, ids);
    assert!(rows.iter().all(|r| r.len() == header.len()));
    // JSON Lines: one hit per line.
    let jsonl = with("jsonl");
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let line_ids: Vec<&str> = lines
        .iter()
        .map(|h| h["idea"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(line_ids, ids);
    // Facets: the same counts as JSON, as CSV rows.
    let counts = s.json(&["facets", "--by", "year"]);
    let csv = s.run(&["facets", "--by", "year", "--format", "csv"], 0);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let from_csv: Vec<(String, u64)> = r
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].parse().unwrap())
        })
        .collect();
    let from_json = facet_counts(&counts);
    assert_eq!(from_csv, from_json);
    // --json is --format json; both at once is a usage error.
    assert_eq!(
        with("json"),
        s.run(
            &["search", "webassembly plugin", "--limit", "7", "--json"],
            0
        )
    );
    let out = s
        .cmd()
        .args(["search", "x", "--json", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The other list commands' CSV and JSON Lines: `similar` (one row per
/// hit), `show` (one row) and the project x year table (one row per cell),
/// each the records of its JSON, under the columns programs read.
#[test]
fn similar_show_and_the_project_year_table_print_their_json_as_csv_and_jsonl() {
    let s = Sandbox::new();
    let id = &hit_ids(&s.json(&["search", "webassembly plugin", "--limit", "1"]))[0];
    let with = |args: &[&str], f: &str| {
        let mut a = args.to_vec();
        a.extend(["--format", f]);
        s.run(&a, 0)
    };
    let csv = |args: &[&str]| {
        let text = with(args, "csv");
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert!(rows.iter().all(|r| r.len() == header.len()), "{text}");
        (header, rows)
    };
    let jsonl = |args: &[&str]| -> Vec<Value> {
        let text = with(args, "jsonl");
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let idea = [
        "id", "title", "project", "program", "year", "term", "skills",
    ];

    let similar = ["similar", id.as_str(), "--limit", "4"];
    let hits = s.json(&similar);
    let hits = hits.as_array().unwrap();
    assert!(hits.len() > 1, "{hits:?}");
    let (header, rows) = csv(&similar);
    assert_eq!(
        header,
        [&["rank", "score", "matched_terms"][..], &idea].concat()
    );
    for (row, hit) in rows.iter().zip(hits) {
        assert_eq!(row[0], hit["rank"].to_string());
        assert_eq!(row[3], hit["idea"]["id"].as_str().unwrap());
        let terms: Vec<&str> = hit["matched"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(row[2], terms.join("; "));
    }
    assert_eq!(rows.len(), hits.len());
    assert_eq!(&jsonl(&similar), hits);

    let show = ["show", id.as_str()];
    let full = s.json(&show);
    let (header, rows) = csv(&show);
    let rest = ["mentors", "description", "outcome", "upstream_issues"];
    assert_eq!(header, [&idea[..], &rest].concat());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], *id);
    assert_eq!(rows[0][8], full["description"].as_str().unwrap());
    assert_eq!(jsonl(&show), [full]);

    let table = ["facets", "--by", "project,year"];
    let cells: Vec<(String, String, u64)> = s
        .json(&table)
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            let project = p["project"].as_str().unwrap().to_string();
            p["years"].as_array().unwrap().iter().map(move |y| {
                let year = y["value"].to_string();
                (project.clone(), year, y["count"].as_u64().unwrap())
            })
        })
        .collect();
    assert!(cells.len() > 5, "{cells:?}");
    let (header, rows) = csv(&table);
    assert_eq!(header, ["project", "year", "count"]);
    let from_csv: Vec<(String, String, u64)> = rows
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].parse().unwrap()))
        .collect();
    assert_eq!(from_csv, cells);
    let from_jsonl: Vec<(String, String, u64)> = jsonl(&table)
        .iter()
        .map(|c| {
            let project = c["project"].as_str().unwrap().to_string();
            (project, c["year"].to_string(), c["count"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(from_jsonl, cells);
}

#[test]
fn text_fits_the_width_columns_gives_and_pipes_get_whole_lines() {
    let s = Sandbox::new();
    let args = ["search", "webassembly plugin", "--limit", "3"];
    let piped = s.run(&args, 0);
    let out = s.cmd().env("COLUMNS", "60").args(args).output().unwrap();
    let narrow = String::from_utf8(out.stdout).unwrap();
    assert!(
        narrow.lines().count() > piped.lines().count() + 3,
        "{narrow}"
    );
    // Every line fits, but one word longer than the width (an idea id).
    for line in narrow.lines().filter(|l| l.trim().contains(' ')) {
        assert!(
            line.chars().count() <= 60,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    // Same words, only the line breaks differ (a count never split).
    let words = |t: &str| {
        t.replace('\u{a0}', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(words(&narrow), words(&piped));
    assert!(narrow.contains("Kubewarden\u{a0}2") || !piped.contains("Kubewarden 2"));
}

#[test]
fn every_example_in_the_help_runs() {
    let s = Sandbox::new();
    let mut ran = 0;
    for cmd in ["search", "similar", "facets"] {
        let help = s.run(&[cmd, "--help"], 0);
        for line in help
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("ideas "))
        {
            let line = line.split(" > ").next().unwrap();
            // The help's own shell quoting, read back by a shell.
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("exec \"$IDEAS\" {}", &line["ideas ".len()..]))
                .env("IDEAS", assert_cmd::cargo::cargo_bin("ideas"))
                .env("XDG_CACHE_HOME", s.cache())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(matches!(out.status.code(), Some(0 | 1)), "{line}: {stderr}");
            ran += 1;
        }
    }
    assert!(ran >= 10, "{ran} examples");
}

#[test]
fn year_repeats_for_any_of_several_years() {
    let s = Sandbox::new();
    let total = |args: &[&str]| -> u64 {
        let mut a = vec!["search", "operator", "--limit", "0"];
        a.extend(args);
        s.json(&a)["total"].as_u64().unwrap()
    };
    let (y2019, y2025) = (total(&["--year", "2019"]), total(&["--year", "2025"]));
    assert!(y2019 > 0 && y2025 > 0);
    assert_eq!(total(&["--year", "2019", "--year", "2025"]), y2019 + y2025);
}

#[test]
fn empty_ideas_index_is_unset_and_searches_the_default_corpus() {
    let s = Sandbox::new();
    let unset = s.json(&["search", "rust", "--limit", "3"]);
    let out = s
        .cmd()
        .env("IDEAS_INDEX", "")
        .args(["search", "rust", "--limit", "3", "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let empty: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hit_ids(&empty), hit_ids(&unset));
    assert!(!hit_ids(&empty).is_empty());
}

/// `ideas serve ARGS` in the sandbox's cache: its first stdout line, and
/// its exit code if it ended within a few seconds (else it is killed).
fn serve_first_line(s: &Sandbox, args: &[&str]) -> (String, Option<i32>) {
    let (mut child, line) = s.spawn_serve(args);
    let code = (0..50).find_map(|_| {
        std::thread::sleep(std::time::Duration::from_millis(20));
        child.try_wait().unwrap().map(|st| st.code())
    });
    if code.is_none() {
        child.kill().unwrap();
        child.wait().unwrap();
    }
    (line, code.flatten())
}

#[test]
fn serve_addr_takes_a_host_name_that_resolves_to_loopback() {
    let s = Sandbox::new();
    let (line, code) = serve_first_line(&s, &["--addr", "localhost:0"]);
    assert_eq!(code, None, "serve --addr localhost:0 ended: {line}");
    let addr = line.trim().strip_prefix("listening on http://").unwrap();
    let addr: std::net::SocketAddr = addr.parse().unwrap();
    assert!(addr.ip().is_loopback() && addr.port() != 0, "{line}");
    // A name that does not resolve is a usage error naming it.
    let out = s
        .cmd()
        .args(["serve", "--addr", "no-such-host.invalid:7700"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-host.invalid"));
}

#[test]
fn eval_runs_outside_the_checkout_on_the_embedded_judged_set() {
    let s = Sandbox::new();
    let elsewhere = TempDir::new().unwrap();
    let out = s
        .cmd()
        .current_dir(elsewhere.path())
        .args(["eval", "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The embedded set is the checkout's: every file, in the same order.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let on_disk = ideas::eval::load_queries(&root.join("tests/relevance/queries")).unwrap();
    let asked: Vec<&str> = report["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["q"].as_str().unwrap())
        .collect();
    let judged: Vec<&str> = on_disk.iter().map(|j| j.q.as_str()).collect();
    assert_eq!(asked, judged);
    let mut files: Vec<String> = std::fs::read_dir(root.join("tests/relevance/queries"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let embedded: Vec<&str> = ideas::eval::EMBEDDED_QUERIES
        .iter()
        .map(|(p, _)| p.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(embedded, files, "a judgment file is not embedded");
    for (path, text) in ideas::eval::EMBEDDED_QUERIES
        .iter()
        .chain([&ideas::eval::EMBEDDED_PAIRS])
    {
        assert_eq!(std::fs::read_to_string(root.join(path)).unwrap(), *text);
    }
    let pairs = ideas::eval::load_pairs(&root.join("tests/relevance/similar_pairs.json")).unwrap();
    assert_eq!(report["pairs"].as_u64(), Some(pairs.pairs.len() as u64));
    assert!(report["variants"][0]["mean"]["ndcg"].as_f64().unwrap() > 0.5);
    // Once `ideas update` made another corpus the default (here one list of
    // the seed), the embedded judgments still score the seed's index.
    let upstream = TempDir::new().unwrap();
    let list = upstream.path().join("programs/summerofcode");
    std::fs::create_dir_all(&list).unwrap();
    std::fs::copy(root.join("data/summerofcode/2019.md"), list.join("2019.md")).unwrap();
    s.run(
        &["update", "--source", upstream.path().to_str().unwrap()],
        0,
    );
    assert!(s.json(&["stats"])["documents"].as_u64().unwrap() < 100);
    let again = s
        .cmd()
        .current_dir(elsewhere.path())
        .args(["eval", "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(0), "after update: {stderr}");
    let again: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["variants"][0]["mean"], report["variants"][0]["mean"]);
    // Explicit files are still read, and a missing one is an error.
    let e = s
        .cmd()
        .current_dir(elsewhere.path())
        .args(["eval", "--queries", "nowhere.json"])
        .output()
        .unwrap();
    assert_eq!(e.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&e.stderr).contains("nowhere.json"));
}

#[test]
fn index_and_color_are_not_offered_by_man_and_completions() {
    let s = Sandbox::new();
    // The generator left the user binary for crates/ideas-synth.
    let e = s.cmd().args(["generate", "--help"]).output().unwrap();
    assert_eq!(
        e.status.code(),
        Some(2),
        "ideas generate is still a command"
    );
    for sub in ["man", "completions"] {
        let help = s.run(&[sub, "--help"], 0);
        assert!(
            !help.contains("--index") && !help.contains("--color"),
            "ideas {sub} --help: {help}"
        );
        let e = s.cmd().args([sub, "--index", "x"]).output().unwrap();
        assert_eq!(e.status.code(), Some(2), "ideas {sub} --index x");
        let offered = complete(&s, "fish", &["ideas", sub, "--"]);
        assert!(
            !offered.contains("--index") && !offered.contains("--color"),
            "{sub}: {offered}"
        );
    }
    // Where they mean something, they still are, before or after the command.
    let help = s.run(&["search", "--help"], 0);
    assert!(help.contains("--index") && help.contains("--color"));
    assert!(complete(&s, "fish", &["ideas", "search", "--"]).contains("--index"));
    s.run(&["--color", "never", "search", "rust", "--limit", "1"], 0);
    // IDEAS_INDEX set for other commands does not break these.
    let man = s
        .cmd()
        .env("IDEAS_INDEX", "/nowhere")
        .arg("man")
        .output()
        .unwrap();
    assert_eq!(man.status.code(), Some(0));
    let man = String::from_utf8(man.stdout).unwrap();
    let section = &man[man.find(".SH \"IDEAS MAN\"").unwrap()..];
    assert!(!section.contains("index"), "{section}");
}

/// What `IDEAS_COMPLETE=SHELL ideas -- WORDS` answers (the protocol the script of
/// `ideas completions SHELL` speaks), for the last word of `words`.
fn complete(s: &Sandbox, shell: &str, words: &[&str]) -> String {
    let out = s
        .cmd()
        .env("IDEAS_COMPLETE", shell)
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .arg("--")
        .args(words)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn project_and_id_completion_offers_the_index_names() {
    let s = Sandbox::new();
    // The projects of the index whose names start with "kub", as facets count them.
    // (Compared folded: a name with spaces is offered as one shell word.)
    let fold = |p: &str| ideas::idea::project_key(p);
    let facets = s.json(&["facets", "--by", "project"]);
    let kub: Vec<String> = facet_counts(&facets)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| fold(p).starts_with("kub"))
        .collect();
    assert!(kub.iter().any(|p| p == "Kubernetes"), "{kub:?}");
    for sub in ["search", "facets"] {
        let offered = complete(&s, "fish", &["ideas", sub, "--project", "Kub"]);
        assert!(
            offered.lines().any(|l| l.starts_with("Kubernetes\t")),
            "{offered}"
        );
        let mut got: Vec<String> = offered
            .lines()
            .map(|l| fold(l.split('\t').next().unwrap()))
            .collect();
        let mut want: Vec<String> = kub.iter().map(|p| fold(p)).collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "ideas {sub} --project Kub<TAB>");
        assert!(!offered.contains(".md"), "file names: {offered}");
    }
    // Every id offered for a prefix is one `show` opens, and all of them are.
    let tikv = s.json(&["search", "tikv", "--project", "tikv", "--limit", "100"]);
    let mut want: Vec<String> = hit_ids(&tikv)
        .into_iter()
        .filter(|id| id.starts_with("gsoc-2019/tikv/"))
        .collect();
    want.sort();
    assert!(!want.is_empty());
    let offered = complete(&s, "fish", &["ideas", "show", "gsoc-2019/tikv/"]);
    let got: Vec<String> = offered.lines().map(String::from).collect();
    assert_eq!(got, want);
    let similar = complete(&s, "fish", &["ideas", "similar", "gsoc-2019/tikv/"]);
    assert_eq!(similar.lines().count(), want.len());

    // The script `ideas completions bash` prints, sourced in bash, asks the
    // binary on PATH and fills COMPREPLY.
    let Ok(bash) = std::process::Command::new("bash").arg("--version").output() else {
        eprintln!("skipped the bash part: no bash");
        return;
    };
    assert!(bash.status.success());
    let script = s.run(&["completions", "bash"], 0);
    let bin = assert_cmd::cargo::cargo_bin("ideas");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "{script}\nCOMP_WORDS=(ideas search --project Kub); COMP_CWORD=3; COMP_TYPE=9; \
             _clap_complete_ideas ideas Kub --project; printf '%s\\n' \"${{COMPREPLY[@]}}\""
        ))
        .env("PATH", path)
        .env("XDG_CACHE_HOME", s.cache())
        .env_remove("IDEAS_INDEX")
        .output()
        .unwrap();
    let replies = String::from_utf8_lossy(&out.stdout);
    assert!(
        replies.lines().any(|l| l == "Kubernetes"),
        "bash COMPREPLY: {replies:?} stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn man_page_keeps_examples_verbatim_refers_to_no_missing_page_and_has_query_syntax() {
    let s = Sandbox::new();
    let man = s.run(&["man"], 0);
    // No `ideas-search(1)`: ideas man writes one page, this one.
    assert!(
        !man.contains("ideas\\-search(1)"),
        "refers to ideas-search(1)"
    );
    assert!(!man.contains("(1)\n"), "refers to another page");
    for entry in [
        "\"reference docs\"",
        "title:api",
        "outcome:*",
        "kubeed*",
        "AND",
        "Typos",
    ] {
        let at = man
            .find(".SH \"QUERY SYNTAX\"")
            .expect("no QUERY SYNTAX section");
        let section = &man[at..at + man[at..].find("\n.SH ").unwrap()];
        assert!(section.contains(entry), "QUERY SYNTAX without {entry}");
    }
    // Rendered, the examples keep their lines and inner spaces.
    let Ok(groff) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-P-cbou", "-rLL=100n"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("skipped the rendering part: no groff");
        return;
    };
    let mut groff = groff;
    std::io::Write::write_all(&mut groff.stdin.take().unwrap(), man.as_bytes()).unwrap();
    let text = String::from_utf8_lossy(&groff.wait_with_output().unwrap().stdout).into_owned();
    let help = s.run(&["--help"], 0);
    let examples: Vec<&str> = help
        .lines()
        .filter(|l| l.trim_start().starts_with("ideas "))
        .collect();
    assert!(examples.len() >= 5);
    for line in examples {
        assert!(
            text.lines()
                .any(|l| l.trim_end().ends_with(line.trim_end())),
            "man page reflowed {line:?}"
        );
    }
}

#[test]
fn readme_install_step_names_the_toolchain_cargo_toml_requires() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    // Still first: the two commands of a fresh clone.
    let first: Vec<&str> = readme.lines().skip(2).take(4).collect();
    assert_eq!(first[0], "```sh");
    assert!(first[1].starts_with("cargo run --release --locked -- search \"webassembly plugin\""));
    assert!(first[2].starts_with("cargo test --locked "));
    assert_eq!(first[3], "```");
    assert!(
        readme.contains("\ncargo install --path . --locked"),
        "no install step"
    );
    let msrv = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("Cargo.toml sets no rust-version")
        .trim_matches('"');
    assert!(
        readme.contains(&format!("Rust {msrv} or newer")),
        "README does not say Rust {msrv}"
    );
    assert!(readme.contains("C compiler"));
    // The binary it installs is stripped (101.8 MB with symbols).
    let release = &manifest[manifest
        .find("[profile.release]")
        .expect("no release profile")..];
    let release = release[1..].split("\n[").next().unwrap();
    assert!(
        release
            .lines()
            .any(|l| l == "strip = true" || l == "strip = \"debuginfo\""),
        "{release}"
    );
}

/// The whole corpus, indexed once for this test binary, or `None` (skipped) without it.
fn whole_corpus() -> Option<&'static Sandbox> {
    static S: std::sync::OnceLock<Option<Sandbox>> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        let dir = common::shared_corpus()?;
        Some(Sandbox::indexed(&[dir.join("programs")]))
    })
    .as_ref()
}

/// A year of a facet answer, a number or (before) a string.
fn year_of(v: &Value) -> u64 {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_else(|| panic!("{v} is not a year"))
}

#[test]
fn unknown_filter_values_are_errors_naming_the_values_that_exist() {
    let Some(s) = whole_corpus() else { return };
    let years: Vec<u64> = s
        .json(&["facets", "--by", "year"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| year_of(&c["value"]))
        .collect();
    let (first, last) = (years.iter().min().unwrap(), years.iter().max().unwrap());
    let past = last + 4;
    let err = s.fail(&["search", "operator", "--year", &past.to_string()]);
    assert!(
        err.contains(&format!("no year {past}; years are {first}-{last}")),
        "{err}"
    );
    let err = s.fail(&["search", "operator", "--years", &format!("{past}..")]);
    assert!(err.contains(&format!("years are {first}-{last}")), "{err}");
    // GSoC has no terms: the combination is an error, not an empty list.
    let err = s.fail(&["search", "operator", "--program", "gsoc", "--term", "1"]);
    assert!(err.contains("no term 1 in GSoC"), "{err}");
    let err = s.fail(&["facets", "--by", "year", "--program", "gsoc", "--term", "2"]);
    assert!(err.contains("no term 2 in GSoC"), "{err}");
    // A misspelt skill names the nearest skills.
    let err = s.fail(&["search", "operator", "--skill", "rsut"]);
    assert!(
        err.contains("no skill \"rsut\"; did you mean Rust"),
        "{err}"
    );
    let err = s.fail(&["search", "operator", "--skill", "qqqqzzzz"]);
    assert!(err.contains("no skill \"qqqqzzzz\""), "{err}");
    // --program and --status in any case.
    let total = |args: &[&str]| -> u64 {
        let mut a = vec!["search", "operator", "--limit", "0"];
        a.extend(args);
        s.json(&a)["total"].as_u64().unwrap()
    };
    let lfx = total(&["--program", "lfx"]);
    assert!(lfx > 0);
    assert_eq!(total(&["--program", "LFX"]), lfx);
    assert_eq!(
        total(&["--status", "Accepted"]),
        total(&["--status", "accepted"])
    );
    // Values that exist still pass, in any spelling of the skill.
    assert_eq!(total(&["--skill", "golang"]), total(&["--skill", "Go"]));
    assert!(total(&["--skill", "Go"]) > 0);
}

#[test]
fn an_empty_result_names_each_filter_with_the_count_without_it() {
    let Some(s) = whole_corpus() else { return };
    let total = |args: &[&str]| -> u64 {
        let mut a = vec!["search", "operator", "--limit", "0"];
        a.extend(args);
        s.json(&a)["total"].as_u64().unwrap()
    };
    let (without_year, without_project) =
        (total(&["--project", "volcano"]), total(&["--year", "2019"]));
    assert!(without_year > 0 && without_project > 0);
    let args = [
        "search",
        "operator",
        "--project",
        "volcano",
        "--year",
        "2019",
    ];
    let out = s.run(&args, 1);
    assert!(out.contains("No idea matches"), "{out}");
    assert!(
        out.contains(&format!("without --project volcano: {without_project}")),
        "{out}"
    );
    assert!(
        out.contains(&format!("without --year 2019: {without_year}")),
        "{out}"
    );
    let mut a = args.to_vec();
    a.push("--json");
    let v: Value = serde_json::from_str(&s.run(&a, 1)).unwrap();
    let relaxed: Vec<(String, u64)> = v["relaxed_filters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["filter"].as_str().unwrap().into(),
                r["total"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        relaxed,
        [
            ("project".into(), without_project),
            ("year".into(), without_year)
        ]
    );
    // Facets that count nothing say the same.
    let facets = s.run(
        &[
            "facets",
            "operator",
            "--by",
            "year",
            "--project",
            "volcano",
            "--year",
            "2019",
        ],
        1,
    );
    assert!(
        facets.contains(&format!(
            "No idea matches; without --project volcano: {without_project} ideas, without --year 2019: {without_year}."
        )),
        "{facets}"
    );
    // Not there when something matched, nor without filters.
    assert!(s
        .json(&["search", "operator", "--year", "2019"])
        .get("relaxed_filters")
        .is_none());
    let none = s
        .cmd()
        .args(["search", "qqqqzzzzxx", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&none.stdout).unwrap();
    assert!(v.get("relaxed_filters").is_none(), "{v}");
}

#[test]
fn show_finds_an_id_in_any_case_and_a_miss_names_the_nearest_ids() {
    let s = Sandbox::new();
    let id = "lfx-2023-3/wasmedge/create-a-ffmpeg-plugin";
    let exact = s.json(&["show", id]);
    assert_eq!(s.json(&["show", &id.to_uppercase()]), exact);
    assert_eq!(
        s.json(&[
            "similar",
            "LFX-2023-3/WasmEdge/Create-A-FFmpeg-Plugin",
            "-n",
            "3"
        ]),
        s.json(&["similar", id, "-n", "3"])
    );
    // A typo, and a word of the id: both suggest it.
    for miss in ["lfx-2023-3/wasmedge/create-a-ffmpeg-plugn", "ffmpeg-plugin"] {
        let e = s.fail(&["show", miss]);
        assert!(e.contains(&format!("no idea with id '{miss}'")), "{e}");
        assert!(e.contains(&format!("did you mean {id}")), "{e}");
    }
    let e = s.fail(&["show", "zzzzqqqqzzzzqqqq"]);
    assert!(!e.contains("did you mean"), "{e}");
}

#[test]
fn counts_are_singular_for_one_and_the_warnings_summary_counts_what_was_printed() {
    let s = Sandbox::new();
    // One idea, one file.
    let one = "id:\"lfx-2023-3/wasmedge/create-a-ffmpeg-plugin\"";
    let out = s.run(&["search", one, "-n", "1"], 0);
    // (Echoed between quotes it does not hold.)
    assert!(out.contains(&format!("1 idea matches '{one}'")), "{out}");
    let many = s.run(&["search", "plugin", "-n", "0"], 0);
    assert!(many.contains(" ideas match \"plugin\""), "{many}");
    let file = data().join("summerofcode/2019.md");
    let out = s.run(&["parse", file.to_str().unwrap()], 0);
    let last = out.lines().last().unwrap();
    assert!(last.ends_with(" in 1 file"), "{last}");
    // An empty file named on the command line: said once, on stderr.
    let dir = TempDir::new().unwrap();
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "").unwrap();
    let out = s
        .cmd()
        .args(["parse", empty.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_eq!(
        (stdout + &stderr).matches("file is empty").count(),
        1,
        "{stderr}"
    );
    // The index summary counts the warning lines it printed (whole corpus).
    let Some(corpus) = common::shared_corpus() else {
        return;
    };
    let ix = TempDir::new().unwrap();
    let programs = corpus.join("programs");
    let out = s.run(
        &[
            "index",
            programs.to_str().unwrap(),
            "--index",
            ix.path().to_str().unwrap(),
        ],
        0,
    );
    let printed = out.lines().filter(|l| l.starts_with("warning ")).count();
    assert!(printed > 0, "{out}");
    let summary = out.lines().last().unwrap();
    assert!(
        summary.contains(&format!(", {printed} warnings;")),
        "{printed} printed: {summary}"
    );
}

/// `ideas ARGS` with `COLUMNS=columns`: stdout, after exit 0.
fn at_width(s: &Sandbox, columns: usize, args: &[&str]) -> String {
    let out = s
        .cmd()
        .env("COLUMNS", columns.to_string())
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_table_fits_columns_and_the_pivot_has_a_totals_row() {
    let Some(s) = whole_corpus() else { return };
    for args in [
        &["facets", "--by", "project,year"][..],
        &["facets", "--by", "skill"],
        &["facets", "--by", "project"],
        &["facets", "--by", "year"],
        &["facets", "--by", "program"],
        &["facets", "--by", "status"],
        &["stats"],
    ] {
        for columns in [80, 100] {
            let out = at_width(s, columns, args);
            assert!(out.lines().count() > 1, "{args:?}: {out}");
            for line in out.lines() {
                let n = line.chars().count();
                assert!(n <= columns, "{args:?} at {columns}: {n} columns: {line}");
            }
        }
    }
    // Stats of a fetched corpus, whose source line is the longest.
    let fetched = Sandbox::new();
    let dir = common::shared_corpus().unwrap();
    fetched.run(&["update", "--source", dir.to_str().unwrap()], 0);
    let out = at_width(&fetched, 80, &["stats"]);
    assert!(out.contains("(upstream)"), "{out}");
    for line in out.lines().filter(|l| l.trim().contains(' ')) {
        assert!(line.chars().count() <= 80, "stats: {line}");
    }
    // Project names too long for the first column are cut with `…`, and a
    // name is never wrapped onto a line of its own.
    let pivot = at_width(s, 80, &["facets", "--by", "project,year"]);
    let rows = s.json(&["facets", "--by", "project,year"]);
    let rows = rows.as_array().unwrap();
    let lines: Vec<&str> = pivot.lines().collect();
    assert_eq!(
        lines.len(),
        rows.len() + 2,
        "header, a line per project, totals"
    );
    let mut cut = 0;
    for (row, line) in rows.iter().zip(&lines[1..]) {
        let name = row["project"].as_str().unwrap();
        let total = row["total"].as_u64().unwrap();
        assert!(line.ends_with(&format!(" {total}")), "{line}");
        if !line.starts_with(name) {
            let shown = line.split('…').next().unwrap();
            assert!(name.starts_with(shown.trim_end()), "{name}: {line}");
            cut += 1;
        }
    }
    assert!(cut > 0, "some name is longer than the column: {pivot}");
    // The totals row: each year's ideas (as --by year counts them), then all.
    let years = s.json(&["facets", "--by", "year"]);
    let mut years: Vec<(u64, u64)> = years
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (year_of(&c["value"]), c["count"].as_u64().unwrap()))
        .collect();
    years.sort();
    let all: u64 = years.iter().map(|y| y.1).sum();
    let want: Vec<String> = years
        .iter()
        .map(|y| y.1.to_string())
        .chain([all.to_string()])
        .collect();
    let last = lines.last().unwrap();
    assert!(last.starts_with("all projects"), "{last}");
    let got: Vec<&str> = last["all projects".len()..].split_whitespace().collect();
    assert_eq!(got, want, "{last}");
    let total = s.json(&["search", "*", "--limit", "0"])["total"]
        .as_u64()
        .unwrap();
    assert_eq!(all, total);
    let header: Vec<String> = lines[0]
        .split_whitespace()
        .skip(1)
        .map(String::from)
        .collect();
    let want: Vec<String> = years
        .iter()
        .map(|y| y.0.to_string())
        .chain(["total".to_string()])
        .collect();
    assert_eq!(header, want);
}

#[test]
fn snippets_start_at_a_sentence_and_hits_show_their_skills_with_the_matched_ones_marked() {
    let s = Sandbox::new();
    let out = s.run(&["search", "webassembly plugin", "--limit", "5"], 0);
    // The README's hit started `guide.   - A Rust SDK...`.
    assert!(!out.contains("guide.   - "), "{out}");
    assert!(out.contains("…A Rust SDK for **Wasm**"), "{out}");
    assert!(
        out.contains("skills: C, C++, ffmpeg, Rust, **WebAssembly**"),
        "{out}"
    );
    // No snippet starts with list debris or spaces.
    let v = s.json(&["search", "webassembly plugin", "--limit", "30"]);
    let mut cut = (0, 0);
    for h in v["hits"].as_array().unwrap() {
        let snippet = &h["snippet"];
        let text = snippet["text"].as_str().unwrap();
        assert!(!text.starts_with(['-', '*', ' ', '\n']), "{text:?}");
        // A slice of the description or outcome, cut where it says.
        let field = [&h["idea"]["description"], &h["idea"]["outcome"]]
            .into_iter()
            .map(|f| f.as_str().unwrap())
            .find(|f| f.contains(text))
            .unwrap_or_else(|| panic!("{text:?} is in neither field"));
        let at = field.find(text).unwrap();
        let before = field[..at].trim_start_matches(|c: char| c.is_whitespace() || c == '-');
        assert_eq!(
            snippet["cut_start"] == true,
            !before.trim().is_empty(),
            "{text:?}"
        );
        assert_eq!(
            snippet["cut_end"] == true,
            !field[at + text.len()..].trim().is_empty(),
            "{text:?}"
        );
        cut.0 += (snippet["cut_start"] == true) as usize;
        cut.1 += (snippet["cut_end"] == false) as usize;
        // Matched skills are among the idea's.
        for m in h["skills_matched"].as_array().unwrap() {
            assert!(h["idea"]["skills"].as_array().unwrap().contains(m), "{h}");
        }
    }
    assert!(cut.0 > 0 && cut.1 > 0, "{cut:?}");
    // `…` where the text was cut and only there, in the text output: a
    // hit is a block of lines, its snippet last (piped: one line).
    let text = s.run(&["search", "webassembly plugin", "--limit", "30"], 0);
    let blocks: Vec<&str> = text.split("\n\n").collect();
    let hits = v["hits"].as_array().unwrap();
    for (h, block) in hits.iter().zip(&blocks) {
        let line = block.lines().last().unwrap();
        let snippet = &h["snippet"];
        assert_eq!(
            line.starts_with("    …"),
            snippet["cut_start"] == true,
            "{line}"
        );
        assert_eq!(line.ends_with('…'), snippet["cut_end"] == true, "{line}");
    }
}

/// `ideas ARGS` in `s`: exit code, stdout, stderr.
fn run_full(s: &Sandbox, args: &[&str]) -> (Option<i32>, String, String) {
    let out = s.cmd().args(args).output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

/// Issue 17, item 1: `ideas search kubernetes operator` is the query
/// "kubernetes operator", as `facets` takes its words.
#[test]
fn several_query_arguments_are_one_query() {
    let s = Sandbox::new();
    let joined = s.json(&["search", "kubernetes operator", "-n", "5"]);
    let words = s.json(&["search", "kubernetes", "operator", "-n", "5"]);
    assert!(joined["total"].as_u64().unwrap() > 0);
    assert_eq!(words["query"], "kubernetes operator");
    assert_eq!(words["total"], joined["total"]);
    assert_eq!(hit_ids(&words), hit_ids(&joined));
    let out = s.run(&["search", "kubernetes", "operator", "-n", "1"], 0);
    assert!(out.contains("match \"kubernetes operator\""), "{out}");
    let joined = s.json(&["facets", "kubernetes operator", "--by", "year"]);
    let words = s.json(&["facets", "--by", "year", "kubernetes", "operator"]);
    assert!(!facet_counts(&joined).is_empty());
    assert_eq!(words, joined);
}

/// Issue 17, item 2: a pasted title or URL, an unclosed quote, is searched
/// as plain words with a one-line note on stderr (and `note` in --json),
/// exit 0; real syntax keeps working, without a note.
#[test]
fn refused_query_text_is_searched_as_plain_words_with_a_note_on_stderr() {
    let s = Sandbox::new();
    for &(q, top, says) in common::REFUSED_QUERIES {
        let (code, out, err) = run_full(&s, &["search", q, "-n", "1"]);
        assert!(matches!(code, Some(0 | 1)), "{q}: {code:?} {err}");
        let notes: Vec<&str> = err
            .lines()
            .filter(|l| l.starts_with("ideas: note: searched as plain words: "))
            .collect();
        assert_eq!(notes.len(), 1, "{q}: {err}");
        assert!(notes[0].contains(says), "{q}: {err}");
        assert!(!err.contains("error"), "{q}: {err}");
        if let Some(top) = top {
            assert!(out.contains(top), "{q}: {out}");
            let v = s.json(&["search", q, "-n", "1"]);
            assert_eq!(hit_ids(&v), [top]);
            assert!(v["note"].as_str().unwrap().contains(says), "{v}");
        }
    }
    let (code, _, err) = run_full(&s, &["facets", "Move2Kube: WASM", "--by", "year"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("ideas: note: searched as plain words"),
        "{err}"
    );
    // Real syntax: no note, and it still means what it says.
    for &q in common::REAL_SYNTAX {
        let (code, _, err) = run_full(&s, &["search", q, "-n", "1"]);
        assert_eq!(code, Some(0), "{q}: {err}");
        assert!(!err.contains("plain words"), "{q}: {err}");
        assert!(s.json(&["search", q]).get("note").is_none(), "{q}");
    }
    let title = s.json(&["search", "title:rust"]);
    assert!(!hit_ids(&title).is_empty());
    for h in title["hits"].as_array().unwrap() {
        let t = h["idea"]["title"].as_str().unwrap().to_lowercase();
        assert!(t.contains("rust"), "{t}");
    }
}

/// Issue 17, item 6: `word*` is a prefix of the words as written:
/// `kubeed*` finds the KubeEdge ideas, not the stem `kube` (Move2Kube,
/// kube-batch).
#[test]
fn prefix_star_matches_words_as_written() {
    let s = Sandbox::new();
    let prefix = s.json(&["search", "kubeed*", "-n", "100"]);
    let word = s.json(&["search", "kubeedge", "-n", "100"]);
    assert!(word["total"].as_u64().unwrap() > 0);
    assert_eq!(prefix["total"], word["total"]);
    let mut a = hit_ids(&prefix);
    let mut b = hit_ids(&word);
    a.sort();
    b.sort();
    assert_eq!(a, b);
    // The ideas the stem `kube` finds without KubeEdge are not among them.
    let kube = s.json(&["search", "kube", "-n", "100"]);
    let kube_only: Vec<String> = hit_ids(&kube)
        .into_iter()
        .filter(|id| !b.contains(id))
        .collect();
    assert!(!kube_only.is_empty(), "{kube}");
    assert!(kube_only.iter().all(|id| !a.contains(id)), "{kube_only:?}");
    // A prefix of a field, and one that stands for many words, stay bounded.
    let title = s.json(&["search", "title:kubeed*", "-n", "100"]);
    for h in title["hits"].as_array().unwrap() {
        let t = h["idea"]["title"].as_str().unwrap().to_lowercase();
        assert!(t.contains("kubeed"), "{t}");
    }
    assert!(title["total"].as_u64() > Some(0));
    let many = vec!["k*"; 100].join(" ");
    let wide = s.json(&["search", &many, "-n", "1"]);
    assert!(wide["total"].as_u64() > word["total"].as_u64());
    s.run(&["search", "zzqqx*"], 1);
}

/// Issue 17, item 7: `ideas facets QUERY` counts what `ideas search QUERY`
/// reports (its total and its facets) by default, and `--match all` the
/// ideas with every word, on the whole corpus.
#[test]
fn facets_count_what_search_reports() {
    let Some(dir) = common::shared_corpus() else {
        return;
    };
    let s = Sandbox::indexed(&[dir]);
    let sum = |v: &Value| facet_counts(v).iter().map(|(_, n)| n).sum::<u64>();
    for q in ["kubernetes operator", "webassembly plugin", "rust"] {
        let found = s.json(&["search", q, "-n", "0"]);
        let total = found["total"].as_u64().unwrap();
        let every = found["every_word"].as_u64().unwrap();
        assert!(total > 0, "{q}");
        // An idea has one program and one year.
        let program = s.json(&["facets", q, "--by", "program"]);
        assert_eq!(sum(&program), total, "{q}");
        let any = s.json(&["facets", q, "--by", "program", "--match", "any"]);
        assert_eq!(any, program, "{q}");
        let year = s.json(&["facets", q, "--by", "year"]);
        assert_eq!(year, found["facets"]["year"], "{q}");
        let project = s.json(&["facets", q, "--by", "project"]);
        assert_eq!(project, found["facets"]["project"], "{q}");
        let all = s.json(&["facets", q, "--by", "program", "--match", "all"]);
        assert_eq!(sum(&all), every, "{q}");
        if q.contains(' ') {
            assert!(every < total, "{q}: {every} {total}");
        }
    }
    s.run(&["facets", "rust", "--match", "some"], 2);
}

/// Issue 17, item 9: the query is echoed between quotes it does not hold:
/// `'"k8s"'`, never `""k8s""`.
#[test]
fn query_echo_never_doubles_quotes() {
    let s = Sandbox::new();
    let out = s.run(&["search", "\"k8s\"", "-n", "1"], 0);
    assert!(out.contains("match '\"k8s\"' ("), "{out}");
    assert!(!out.contains("\"\"k8s\"\""), "{out}");
    let out = s.run(&["search", "\"zzqqx wwvvk\""], 1);
    assert!(out.contains("No idea matches '\"zzqqx wwvvk\"'."), "{out}");
    let out = s.run(&["search", "rust", "-n", "1"], 0);
    assert!(out.contains("match \"rust\" ("), "{out}");
}

/// Issue 17, item 9: `ideas similar` with no argument says to give an id or `--text`.
#[test]
fn similar_without_an_argument_mentions_text() {
    let s = Sandbox::new();
    let e = s.fail(&["similar"]);
    assert!(e.contains("--text"), "{e}");
    assert!(e.contains("ideas similar ID"), "{e}");
}

/// Issue 17, item 9: facet JSON gives a year as a number (it was a string),
/// on the CLI and in the project x year table; names stay strings.
#[test]
fn facet_json_gives_years_as_numbers() {
    let s = Sandbox::new();
    let years = s.json(&["facets", "--by", "year"]);
    let years = years.as_array().unwrap();
    assert!(years.len() >= 3, "{years:?}");
    for c in years {
        let y = c["value"].as_u64().unwrap_or_else(|| panic!("{c}"));
        assert!((2017..=2030).contains(&y), "{c}");
    }
    let table = s.json(&["facets", "--by", "project,year"]);
    let row = &table.as_array().unwrap()[0];
    assert!(row["project"].is_string(), "{row}");
    assert!(row["years"][0]["value"].is_u64(), "{row}");
    let projects = s.json(&["facets", "--by", "project"]);
    assert!(projects[0]["value"].is_string(), "{projects}");
    let stats = s.json(&["stats"]);
    assert!(
        stats["by_program"][0]["years"][0]["value"].is_u64(),
        "{stats}"
    );
    let hits = s.json(&["search", "rust", "--limit", "0"]);
    assert!(hits["facets"]["year"][0]["value"].is_u64(), "{hits}");
}

#[test]
fn every_command_s_help_prints_each_entry_with_its_text() {
    // `--help` prints each argument with its text, not the bare entry.
    let s = Sandbox::new();
    for (sub, entry) in [
        ("show", "<ID>"),
        ("stats", "--json"),
        ("eval", "--json"),
        ("similar", "--limit <LIMIT>"),
    ] {
        let help = s.run(&[sub, "--help"], 0);
        let line = help
            .lines()
            .find(|l| l.trim_start().trim_start_matches("-n, ").starts_with(entry))
            .unwrap_or_else(|| panic!("ideas {sub} --help lists no {entry}: {help}"));
        assert!(
            line.trim().len() > entry.len() + 4,
            "ideas {sub} --help: {entry} has no help: {line:?}"
        );
    }
}
