//! Hostile input to `ideas index`: one folder holding a real idea list and
//! every kind of bad file at once. Good files are indexed, each bad one is
//! named with its reason, nothing hangs, and memory stays bounded.

use crate::common;

use assert_cmd::cargo::CommandCargoExt;
use common::cli::{data, hit_ids};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use tempfile::TempDir;

/// The real LFX 2024 term 1 list (data/), copied under an upstream-style path.
const REAL: &str = "lfx-mentorship/2024/01-Mar-May/project_ideas.md";

fn ideas() -> Command {
    let mut c = Command::cargo_bin("ideas").unwrap();
    c.env_remove("IDEAS_INDEX").env("NO_COLOR", "1");
    c
}

/// Writes the hostile folder; returns the files expected to be skipped, with
/// a word of their reason.
fn hostile(root: &Path) -> Vec<(&'static str, &'static str)> {
    let w = |rel: &str, bytes: &[u8]| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    let real = std::fs::read(data().join(REAL)).unwrap();
    w(REAL, &real);
    let head = "# Ideas\n\n## Hostile\n\n";
    // 100 MB: the real list over and over.
    let mut huge = Vec::with_capacity(101 << 20);
    while huge.len() < 100 << 20 {
        huge.extend_from_slice(&real);
    }
    w("big/huge.md", &huge);
    drop(huge);
    let nested: String = (0..8)
        .map(|i| format!("{}- level {i} of the nested list\n", "  ".repeat(i + 1)))
        .collect();
    w(
        "nested.md",
        format!("{head}### Nested lists idea\n\n- Description: eight levels down, a quokka\n{nested}  - quokka\n").as_bytes(),
    );
    w(
        "long-line.md",
        format!(
            // The description is cut at the 64 KiB field cap: the word
            // searched for is before it.
            "{head}### A one megabyte line\n\n- Description: narwhal {}\n",
            "filler ".repeat(150_000)
        )
        .as_bytes(),
    );
    w(
        "nul.md",
        format!("{head}### NUL idea\n\n- Description: a\0b\n").as_bytes(),
    );
    w(
        "crlf-bom.md",
        format!("\u{feff}{head}### Windows line endings idea\n\n- Description: the axolotl list\n")
            .replace('\n', "\r\n")
            .as_bytes(),
    );
    let mut bad = format!("{head}### Bad ").into_bytes();
    bad.extend_from_slice(b"\xff\xfe idea\n\n- Description: x\n");
    w("bad-utf8.md", &bad);
    w(
        "no-bodies.md",
        format!("{head}### Empty one\n\n### Empty two\n\n### Empty three\n").as_bytes(),
    );
    let many: String = (0..100_000)
        .map(|i| format!("### Heading {i}\n\n"))
        .collect();
    w("headings.md", format!("{head}{many}").as_bytes());
    for i in 0..10_000 {
        w(
            &format!("many/f{i:05}.md"),
            format!(
                "# Ideas\n\n## Tiny{}\n\n### Small file idea {i}\n\n- Description: pangolin {i}\n",
                i % 50
            )
            .as_bytes(),
        );
    }
    std::os::unix::fs::symlink(".", root.join("loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.md", root.join("dangling.md")).unwrap();
    let fifo = root.join("fifo.md");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    w(
        "unreadable.md",
        format!("{head}### Secret idea\n\n- Description: hidden\n").as_bytes(),
    );
    std::fs::set_permissions(
        root.join("unreadable.md"),
        std::os::unix::fs::PermissionsExt::from_mode(0o000),
    )
    .unwrap();
    vec![
        ("big/huge.md", "over the 32 MiB limit"),
        ("nul.md", "binary file (NUL byte on line 7)"),
        ("bad-utf8.md", "not UTF-8 text"),
        ("dangling.md", "symbolic link"),
        ("fifo.md", "not a regular file"),
        ("unreadable.md", "permission denied"),
    ]
}

/// Runs `cmd` to completion; its exit code, stdout, stderr and peak
/// resident memory (ru_maxrss of wait4(2)) in KiB.
#[expect(
    clippy::zombie_processes,
    reason = "wait4 reaps the child: Child::wait would not give ru_maxrss"
)]
fn run_measured(cmd: &mut Command) -> (i32, String, String, i64) {
    let out_file = tempfile::NamedTempFile::new().unwrap();
    let err_file = tempfile::NamedTempFile::new().unwrap();
    let child = cmd
        .stdout(Stdio::from(out_file.reopen().unwrap()))
        .stderr(Stdio::from(err_file.reopen().unwrap()))
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: plain wait4 on our own child, with valid out-pointers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    assert!(libc::WIFEXITED(status), "ideas died: status {status}");
    (
        libc::WEXITSTATUS(status),
        std::fs::read_to_string(out_file.path()).unwrap(),
        std::fs::read_to_string(err_file.path()).unwrap(),
        usage.ru_maxrss,
    )
}

#[test]
fn a_folder_of_hostile_files_indexes_the_good_ones_and_names_the_bad() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path().join("in");
    let skipped = hostile(&root);
    let ix = tmp.path().join("ix");
    let mut cmd = ideas();
    cmd.arg("index").arg(&root).arg("--index").arg(&ix).args([
        "--program",
        "lfx",
        "--year",
        "2024",
        "--term",
        "1",
    ]);
    // Root reads any file: drop the capabilities that let it, so a mode 000
    // file is as unreadable as it is to anyone else (without setpriv, root
    // reads it, and it is a good file).
    let root_user = unsafe { libc::geteuid() } == 0;
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    let mut skipped = skipped;
    let mut good_odd = 3;
    if root_user && !setpriv {
        skipped.retain(|(f, _)| *f != "unreadable.md");
        good_odd += 1;
    }
    if root_user && setpriv {
        let mut c = Command::new("setpriv");
        c.args([
            "--bounding-set=-dac_override,-dac_read_search",
            "--inh-caps=-dac_override,-dac_read_search",
            "--",
        ])
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .env_remove("IDEAS_INDEX");
        cmd = c;
    }
    let (code, out, err, max_rss_kib) = run_measured(&mut cmd);
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for (file, reason) in &skipped {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("skipped {}", root.join(file).display())))
            .unwrap_or_else(|| panic!("{file} not named as skipped:\n{out}"));
        assert!(line.contains(reason), "{line}");
    }
    let no_ideas = format!("warning {}: no ideas", root.join("no-bodies.md").display());
    assert!(out.contains(&no_ideas), "{out}");
    let capped = format!(
        "warning {}:7: description of idea 'A one megabyte line' is over the 64 KiB field limit",
        root.join("long-line.md").display()
    );
    assert!(out.contains(&capped), "{out}");
    let headings = format!("warning {}: no ideas", root.join("headings.md").display());
    assert!(out.contains(&headings), "{out}");
    assert!(
        !out.contains("loop/"),
        "a symlink loop is not followed: {out}"
    );
    // Files read: the real list, 10,000 small ones, and the odd good ones.
    let summary = out.lines().last().unwrap();
    assert!(
        summary.contains(&format!("{} skipped", skipped.len())),
        "{summary}"
    );
    // Bounded: the 100 MB file is never read whole (it was ~1 GB when it was).
    eprintln!("peak RSS {} MiB", max_rss_kib / 1024);
    assert!(max_rss_kib < 400 << 10, "peak RSS {max_rss_kib} KiB");

    let search = |q: &str| -> Value {
        let out = ideas()
            .args(["search", q, "--json", "--limit", "3", "--index"])
            .arg(&ix)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let found = |q: &str, id_part: &str| {
        let ids = hit_ids(&search(q));
        assert!(ids.iter().any(|i| i.contains(id_part)), "{q}: {ids:?}");
    };
    found("quokka", "nested-lists-idea");
    found("\"level 7 of the nested list\"", "nested-lists-idea");
    found("narwhal", "a-one-megabyte-line");
    found("axolotl", "windows-line-endings-idea");
    found("pangolin 9999", "small-file-idea-9999");
    // The real list is all there, with the 10,000 small files and the three odd ones.
    let real = ideas()
        .arg("parse")
        .arg(data().join(REAL))
        .output()
        .unwrap();
    let n: u64 = String::from_utf8_lossy(&real.stdout)
        .lines()
        .last()
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert_eq!(
        search("*")["total"].as_u64().unwrap(),
        n + 10_000 + good_odd
    );
}

#[test]
fn a_named_file_over_the_size_limit_is_an_error_unless_raised() {
    let tmp = TempDir::new().unwrap();
    let f = tmp
        .path()
        .join("lfx-mentorship/2024/01-Mar-May/project_ideas.md");
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    let real = std::fs::read(data().join(REAL)).unwrap();
    let twice = [real.as_slice(), real.as_slice(), real.as_slice()].concat();
    std::fs::write(&f, &twice).unwrap();
    let ix = tmp.path().join("ix");
    let run = |extra: &[&str]| {
        ideas()
            .arg("index")
            .arg(&f)
            .arg("--index")
            .arg(&ix)
            .args(extra)
            .output()
            .unwrap()
    };
    // 0 MiB: even this small list is over.
    let out = run(&["--max-filesize", "0"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("over the 0 MiB limit") && err.contains("--max-filesize"),
        "{err}"
    );
    assert!(!ix.join("CURRENT").exists());
    let out = run(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A named pipe given by name is refused, not read (which would block).
    let fifo = tmp.path().join("pipe.md");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let out = ideas()
        .arg("index")
        .arg(&fifo)
        .arg("--index")
        .arg(&ix)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
}
