//! What one idea may hold (issue 15): each field capped at 64 KiB with a
//! warning at the line of the cut (F7), only http(s) URLs as upstream issues
//! and LFX URL (F13), and two ideas of one title under one project in one
//! file kept apart, with the warning at the second one's line (F10).

use ideas::idea::{self, Program};
use ideas::ingest::{self, Meta, Parsed};

/// The field cap of `ingest::limits::FIELD_CAP`, written out so that the
/// test says the documented figure.
const CAP: usize = 64 << 10;

fn parse(md: &str) -> Parsed {
    parse_at(md, "x.md")
}

fn parse_at(md: &str, path: &str) -> Parsed {
    let hints = Meta {
        program: Some(Program::Lfx),
        year: Some(2024),
        term: Some(1),
    };
    ingest::parse(md.as_bytes(), path, hints).unwrap()
}

/// 1-based line of the first line of `md` holding `needle`.
fn line_of(md: &str, needle: &str) -> u32 {
    md.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1
}

#[test]
fn a_big_description_is_cut_at_the_cap_with_a_warning_at_the_line_of_the_cut() {
    // 40 lines of 3,000 bytes (`é` is two bytes, so an odd cut would split
    // one): the cap falls inside line 22 of the description.
    let para: Vec<String> = (0..40)
        .map(|i| format!("line{i:02} {}", "é".repeat(1_494)))
        .collect();
    let md = format!(
        "# Ideas\n\n## Kubeflow\n\n### Big idea\n\nDescription: {}\n\nExpected outcome: small\n\n- Skills: Go\n",
        para.join("\n")
    );
    let p = parse(&md);
    let idea = &p.ideas[0];
    assert!(idea.description.len() <= CAP, "{}", idea.description.len());
    assert!(idea.description.len() > CAP - 8);
    assert!(idea.description.starts_with("line00 éé"));
    assert!(idea.description.ends_with('é'));
    // The fields after it are whole.
    assert_eq!(idea.outcome, "small");
    assert_eq!(idea.skills, ["Go"]);
    let cut: Vec<_> = p
        .warnings
        .iter()
        .filter(|w| w.message.contains("64 KiB field limit"))
        .collect();
    assert_eq!(cut.len(), 1, "{:?}", p.warnings);
    // Line 22 of the description: 3,002 bytes a line with its newline.
    let at = idea.description.len() / 3_002;
    assert_eq!(cut[0].line, line_of(&md, &format!("line{at:02} ")));
    assert!(
        cut[0].message.contains("description of idea 'Big idea'"),
        "{}",
        cut[0].message
    );
}

#[test]
fn long_lists_and_titles_are_capped_too() {
    let skills: Vec<String> = (0..20_000).map(|i| format!("skill{i}")).collect();
    let md = format!(
        "# Ideas\n\n## Kubeflow\n\n### {}\n\n- Description: d\n- Skills: {}\n",
        "word ".repeat(20_000),
        skills.join(", ")
    );
    let p = parse(&md);
    let idea = &p.ideas[0];
    assert!(idea.title.len() <= CAP);
    let bytes: usize = idea.skills.iter().map(String::len).sum();
    assert!(bytes <= CAP && bytes > CAP - 16, "{bytes}");
    assert_eq!(idea.skills[..2], ["skill0", "skill1"]);
    let lines: Vec<(u32, &str)> = p
        .warnings
        .iter()
        .filter(|w| w.message.contains("field limit"))
        .map(|w| (w.line, w.message.split(' ').next().unwrap()))
        .collect();
    assert_eq!(lines, [(5, "title"), (8, "skills")], "{:?}", p.warnings);
}

#[test]
fn the_cap_warning_names_the_file_and_line_in_ideas_index() {
    let tmp = tempfile::TempDir::new().unwrap();
    let f = tmp.path().join("big.md");
    let md = format!(
        "# Ideas\n\n## Kubeflow\n\n### Big idea\n\n- Description: {} narwhal\n",
        "filler ".repeat(20_000)
    );
    std::fs::write(&f, &md).unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("ideas"))
        .env_remove("IDEAS_INDEX")
        .env("NO_COLOR", "1")
        .arg("index")
        .arg(&f)
        .arg("--index")
        .arg(tmp.path().join("ix"))
        .args(["--program", "lfx", "--year", "2024", "--term", "1"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let want = format!(
        "warning {}:7: description of idea 'Big idea' is over the 64 KiB field limit",
        f.display()
    );
    assert!(stdout.contains(&want), "{stdout}");
}

#[test]
fn only_http_urls_are_upstream_issues_and_lfx_urls() {
    let md = "# Ideas\n\n## Kubeflow\n\n\
        ### [Linked idea](javascript:alert('lfx'))\n\n\
        - Description: d\n\
        - LFX URL: [apply](data:text/html,<script>alert(1)</script>) https://mentorship.lfx.linuxfoundation.org/project/1\n\
        - Upstream Issue: [a](javascript:alert(1)) [b](https://github.com/kubeflow/x/issues/1)\n  \
          [c](file:///etc/passwd) [d](../issues/2) [e](HTTP://example.com/3)\n\n\
        ### Other idea\n\n\
        - Description: e\n\
        - LFX URL: [x](vbscript:msgbox)\n";
    let p = parse(md);
    let linked = &p.ideas[0];
    assert_eq!(
        linked.upstream_issues,
        [
            "https://github.com/kubeflow/x/issues/1",
            "HTTP://example.com/3"
        ]
    );
    assert_eq!(
        linked.lfx_url.as_deref(),
        Some("https://mentorship.lfx.linuxfoundation.org/project/1")
    );
    assert_eq!(p.ideas[1].lfx_url, None);
    let dropped: Vec<(u32, &str)> = p
        .warnings
        .iter()
        .filter(|w| w.message.contains("not http(s) URLs"))
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    let at = |s| line_of(md, s);
    assert_eq!(
        dropped.iter().map(|d| d.0).collect::<Vec<_>>(),
        [
            at("### [Linked"),
            at("- LFX URL: [apply]"),
            at("- Upstream"),
            at("[x](vbscript")
        ],
        "{dropped:?}"
    );
    // Three of the upstream links, named by the first.
    let issues = dropped[2].1;
    assert!(
        issues.starts_with("3 link(s) in the upstream issues"),
        "{issues}"
    );
    assert!(issues.contains("\"javascript:alert(1)\""), "{issues}");
}

#[test]
fn two_ideas_of_one_title_in_one_project_of_one_file_are_two_records() {
    let md = "# Ideas\n\n## Kubeflow\n\n\
        ### Better docs\n\n\
        - Description: rewrite the pipelines guide\n\
        - Skills: Markdown\n\n\
        ## Volcano\n\n\
        ### Better docs\n\n\
        - Description: the scheduler reference\n\n\
        ## Kubeflow\n\n\
        ### Better docs\n\n\
        - Description: translate the notebook docs\n\
        - Skills: Chinese, Hugo\n\n\
        ### Better docs\n\n\
        - Description: rewrite the pipelines guide\n";
    let p = parse(md);
    let got: Vec<(&str, &str, &[String])> = p
        .ideas
        .iter()
        .map(|i| (i.id.as_str(), i.description.as_str(), i.skills.as_slice()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "lfx-2024-1/kubeflow/better-docs",
                "rewrite the pipelines guide",
                &["Markdown".to_string()][..]
            ),
            (
                "lfx-2024-1/volcano/better-docs",
                "the scheduler reference",
                &[][..]
            ),
            (
                "lfx-2024-1/kubeflow/better-docs--2",
                "translate the notebook docs",
                &["Chinese".to_string(), "Hugo".to_string()][..]
            ),
        ]
    );
    // The last one repeats the first: one record, read at both lines.
    let lines = |i: usize| {
        p.ideas[i]
            .sources
            .iter()
            .map(|s| s.line)
            .collect::<Vec<_>>()
    };
    assert_eq!(lines(0), [5, 23]);
    let notes: Vec<(u32, &str)> = p
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert_eq!(notes[0].0, 18);
    assert!(
        notes[0].1.contains("title of the idea of line 5"),
        "{}",
        notes[0].1
    );
    assert!(notes[0].1.contains("lfx-2024-1/kubeflow/better-docs--2"));
    assert_eq!(notes[1].0, 23);
    assert!(
        notes[1].1.contains("repeats the idea of line 5"),
        "{}",
        notes[1].1
    );
}

#[test]
fn a_repeated_title_kept_apart_still_merges_with_the_accepted_list() {
    // The accepted list of the term names the first idea once: merged with
    // it, while the second stays its own record.
    let ideas_md = "# Ideas\n\n## Kubeflow\n\n### Better docs\n\n- Description: one\n\n### Better docs\n\n- Description: two\n";
    let accepted =
        "# Accepted\n\n## Kubeflow\n\n### Better docs\n\n- Description: one\n- Mentors: Ann\n";
    let mut all = parse(ideas_md).ideas;
    all.extend(parse_at(accepted, "README.md").ideas);
    let merged = idea::dedupe(all);
    assert_eq!(merged.len(), 2);
    assert_eq!(merged[0].mentors, ["Ann"]);
    assert_eq!(merged[0].sources.len(), 2);
    assert_eq!(merged[1].description, "two");
}
