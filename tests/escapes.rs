//! Terminal escapes in idea text and file names are shown, never obeyed
//! (issue 15, F12). `tests/fixtures/escapes/trap.md` carries OSC 8
//! hyperlinks, CSI colours, BEL, CR and a C1 CSI in a title, project,
//! description, outcome, skills, mentors and a template heading (a
//! warning); it is indexed here under a file name with escapes in it too.

use crate::common;

use common::cli::{root, Sandbox};
use std::path::{Path, PathBuf};
use std::process::Output;

/// The fixture's file name once copied: an OSC 8 link, BEL and a CSI colour.
const NAME: &str = "trap\x1b]8;;https:evil.example\x07name\x1b[31m.md";
const META: [&str; 6] = ["--program", "lfx", "--year", "2026", "--term", "3"];

/// A folder holding the fixture under [`NAME`].
fn hostile_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/escapes/trap.md");
    let file = dir.path().join(NAME);
    std::fs::copy(fixture, &file).unwrap();
    (dir, file)
}

/// Bytes a terminal would obey: C0 but `\n` and `\t`, DEL, and C1 in UTF-8.
fn obeyed(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.char_indices()
        .filter(|(_, c)| c.is_control() && *c != '\n' && *c != '\t')
        .map(|(i, c)| {
            let from = text[..i].char_indices().rev().nth(30).map_or(0, |(j, _)| j);
            format!("{c:?} after {:?}", &text[from..i])
        })
        .collect()
}

/// Asserts `out` exited with one of `codes`, with nothing a terminal would
/// obey on stdout or stderr; returns stdout.
fn clean(what: &str, out: Output, codes: &[i32]) -> String {
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        codes.contains(&code),
        "{what}: exit {code}\n{stdout}\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    for (stream, bytes) in [("stdout", &stdout), ("stderr", &stderr)] {
        let bad = obeyed(bytes.as_bytes());
        assert!(
            bad.is_empty(),
            "{what}: control characters on {stream}: {bad:#?}"
        );
    }
    stdout
}

fn run(s: &Sandbox, what: &str, args: &[&str], code: i32) -> String {
    clean(what, s.cmd().args(args).output().unwrap(), &[code])
}

/// The fixture indexed under its hostile name, and the trap idea's id.
fn indexed() -> (tempfile::TempDir, Sandbox, String) {
    let (dir, file) = hostile_dir();
    let s = Sandbox::new();
    let ix = dir.path().join("ix");
    let ix = ix.to_str().unwrap();
    let mut args = vec!["--index", ix, "index"];
    args.extend(META);
    args.push(file.to_str().unwrap());
    let report = run(&s, "index", &args, 0);
    // The warning names the file and the heading, escaped but whole.
    assert!(
        report.contains("trap\\x1b]8;;https:evil.example\\x07name\\x1b[31m.md:"),
        "{report}"
    );
    assert!(
        report.contains("heading 'Template \\x1b[31mheading\\x1b[0m\\x07' is a template"),
        "{report}"
    );
    let json = run(
        &s,
        "search --json",
        &["--index", ix, "search", "trap", "--json"],
        0,
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let hits = v["hits"].as_array().unwrap();
    let trap = hits
        .iter()
        .find(|h| h["idea"]["title"].as_str().unwrap().contains("Terminal"))
        .unwrap_or_else(|| panic!("no trap idea in {json}"));
    let id = trap["idea"]["id"].as_str().unwrap().to_string();
    (dir, s, id)
}

fn index_arg(dir: &Path) -> String {
    dir.join("ix").to_str().unwrap().to_string()
}

#[test]
fn parse_shows_file_names_and_warnings_escaped() {
    let (dir, file) = hostile_dir();
    let s = Sandbox::new();
    let mut args = vec!["parse"];
    args.extend(META);
    args.push(file.to_str().unwrap());
    let out = run(&s, "parse", &args, 0);
    assert!(out.contains("name\\x1b[31m.md: 2 ideas"), "{out}");
    assert!(out.contains("Template \\x1b[31mheading"), "{out}");
    // A file that cannot be read: the error on stderr names it, escaped.
    let missing = dir.path().join("gone\x1b]0;pwned\x07.md");
    let out = s.cmd().arg("parse").arg(&missing).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    clean("parse missing", out, &[2]);
    assert!(stderr.contains("gone\\x1b]0;pwned\\x07.md"), "{stderr}");
}

#[test]
fn search_show_and_facets_print_idea_text_escaped() {
    let (dir, s, id) = indexed();
    let ix = index_arg(dir.path());
    let hits = run(&s, "search", &["--index", &ix, "search", "trap"], 0);
    assert!(hits.contains("Escapia \\x1b[31mRed\\x1b[0m"), "{hits}");
    // Colour on: our own escapes only, around text with its escapes shown.
    let coloured = s
        .cmd()
        .args(["--color", "always", "--index", &ix, "search", "trap"])
        .output()
        .unwrap();
    let text = String::from_utf8(coloured.stdout).unwrap();
    assert!(text.contains("\\x1b[31m"), "{text}");
    let ours: Vec<&str> = text.split('\x1b').skip(1).collect();
    assert!(!ours.is_empty(), "{text}");
    for seq in ours {
        // anstyle's SGR codes: `[` digits/`;` `m`; never OSC, BEL or others.
        let end = seq.find('m').unwrap_or_else(|| panic!("{seq:?} in {text}"));
        assert!(
            seq.starts_with('[') && seq[1..end].bytes().all(|b| b.is_ascii_digit() || b == b';'),
            "{seq:?} in {text}"
        );
    }
    assert!(!text.contains('\x07'), "{text}");

    let show = run(&s, "show", &["--index", &ix, "show", &id], 0);
    for shown in [
        "rings the bell\\x07",                // description: BEL
        "clears \\u{9b}2J",                   // description: C1 CSI
        "somewhere\\x1b]8;;\\x1b\\",          // description: OSC 8 closed by ST
        "\\x1b[31mCrimson\\x1b[0mskill\\x07", // skills
        "Mallory \\x1b[31mMentor",            // mentors
        "outcome \\x1b[31mstays",             // outcome
        "name\\x1b[31m.md:",                  // source file name
    ] {
        assert!(show.contains(shown), "{shown:?} not in\n{show}");
    }
    run(
        &s,
        "facets",
        &["--index", &ix, "facets", "--by", "project"],
        0,
    );
    let similar = s.cmd().args(["--index", &ix, "similar", &id]).output();
    clean("similar", similar.unwrap(), &[0, 1]);
    let none = run(
        &s,
        "search none",
        &["--index", &ix, "search", "zz\x1bzz\x07"],
        1,
    );
    assert!(none.contains("zz\\x1bzz\\x07"), "{none}");
}

#[test]
fn json_keeps_the_text_and_escapes_c1() {
    let (dir, s, id) = indexed();
    let ix = index_arg(dir.path());
    let json = run(
        &s,
        "show --json",
        &["--index", &ix, "show", &id, "--json"],
        0,
    );
    assert!(json.contains("\\u009b2J"), "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let description = v["description"].as_str().unwrap();
    assert!(
        description.contains("bell\x07 and paints \x1b[31mcrimson"),
        "{description}"
    );
    assert!(description.contains("clears \u{9b}2J"), "{description}");
    let lines = run(
        &s,
        "search jsonl",
        &["--index", &ix, "search", "trap", "--format", "jsonl"],
        0,
    );
    for line in lines.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
}

#[test]
fn csv_cells_are_escaped_and_never_formulas() {
    let (dir, s, id) = indexed();
    let ix = index_arg(dir.path());
    let cells = |args: &[&str]| -> Vec<csv::StringRecord> {
        let out = run(&s, &format!("{args:?}"), args, 0);
        let mut r = csv::Reader::from_reader(out.as_bytes());
        r.records().map(Result::unwrap).collect()
    };
    let show = cells(&["--index", &ix, "show", &id, "--format", "csv"]);
    let row = show[0].iter().collect::<Vec<_>>().join(" | ");
    assert!(row.contains("Escapia \\x1b[31mRed"), "{row}");
    assert!(row.contains("clears \\u{9b}2J"), "{row}");

    let hits = cells(&["--index", &ix, "search", "formula", "--format", "csv"]);
    let formula = hits
        .iter()
        .find(|r| r[4].contains("HYPERLINK"))
        .unwrap_or_else(|| panic!("no formula idea in {hits:?}"));
    assert!(
        formula[4].starts_with("'=HYPERLINK("),
        "title {:?}",
        &formula[4]
    );
    assert!(formula[9].starts_with("'+Rust"), "skills {:?}", &formula[9]);
    for r in &hits {
        for cell in r.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t']),
                "cell a spreadsheet would evaluate: {cell:?}"
            );
        }
    }
    let ideas = cells(&[
        "--index", &ix, "facets", "--by", "project", "--format", "csv",
    ]);
    assert!(
        ideas
            .iter()
            .any(|r| &r[0] == "Escapia \\x1b[31mRed\\x1b[0m"),
        "{ideas:?}"
    );
}
