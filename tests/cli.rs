//! End-to-end tests of the `ideas` binary on the embedded corpus (the five
//! real seed lists in data/) and on bad input.

mod common;

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
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = s.run(&["completions", shell], 0);
        for word in ["search", "similar", "max-filesize", "rebuild"] {
            assert!(script.contains(word), "{shell}: no {word}");
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
    for word in ["ideas\\-search", "rebuild", "max\\-filesize", "Exit status"] {
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
    let from_json: Vec<(String, u64)> = counts
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["value"].as_str().unwrap().to_string(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect();
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
    for (q, top, says) in [
        (
            "Move2Kube: WASM Transformers",
            Some("lfx-2023-3/konveyor/move2kube-wasm-transformers"),
            "'Move2Kube:' is not a field (fields: title,",
        ),
        (
            "Harbor Satellite: Q&A",
            Some("lfx-2025-3/harbor/harbor-satellite-q-a-and-docs"),
            "'Satellite:' is not a field",
        ),
        (
            "\"harbor satellite",
            None,
            "the \" at column 1 is not closed",
        ),
        (
            "https://github.com/kubeedge/kubeedge/issues/4946",
            None,
            "a URL is not query syntax",
        ),
    ] {
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
    for q in [
        "title:rust",
        "\"reference docs\"",
        "kubernetes -wasm",
        "rust AND go",
        "outcome:*",
    ] {
        let (code, _, err) = run_full(&s, &["search", q, "-n", "1"]);
        assert_eq!(code, Some(0), "{q}: {err}");
        assert!(!err.contains("plain words"), "{q}: {err}");
        assert!(s.json(&["search", q]).get("note").is_none(), "{q}");
    }
    let title = s.json(&["search", "title:rust"]);
    assert!(hit_ids(&title).iter().count() > 0);
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
