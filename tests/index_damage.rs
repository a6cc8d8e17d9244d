//! Index files damaged before and under an open index, each file type:
//! the damage is an error answer naming the file, never a signal (SIGBUS
//! from a mapped file cut short), a panic or a silently different answer.
//! And `ideas index --check` on a whole and on a damaged index.
//!
//! Damage under an open index runs in a child process (this binary, the
//! ignored test `child_damages_its_open_index`), so a signal is seen as
//! the child's end, not this test's.

use crate::common;

use assert_cmd::cargo::CommandCargoExt;
use ideas::index::files::Load;
use ideas::index::{IdeaIndex, Reads};
use ideas::search;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// The segment files, each a type tantivy reads differently.
const EXTS: [&str; 6] = ["term", "idx", "pos", "store", "fast", "fieldnorm"];

/// Queries that read postings, positions, stored documents, fast fields and norms.
const QUERIES: [&str; 5] = [
    "kubernetes",
    "rust OR go",
    "\"service mesh\"",
    "title:api",
    "documentation -karmada",
];

/// Every query's whole answer (hits, snippets, scores, facets) as JSON.
fn answers(ix: &IdeaIndex) -> anyhow::Result<String> {
    let mut all = String::new();
    for q in QUERIES {
        let r = search::Request::new(q).limit(50).run(ix)?;
        all += &serde_json::to_string(&r)?;
    }
    Ok(all)
}

/// The embedded corpus indexed in a temporary folder.
fn built() -> TempDir {
    let dir = TempDir::new().unwrap();
    ideas::store::build_embedded(dir.path()).unwrap();
    dir
}

/// A copy of the index folder `from` at `to`.
fn copy(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        match e.file_type().is_dir() {
            true => std::fs::create_dir_all(&dest).unwrap(),
            false => drop(std::fs::copy(e.path(), &dest).unwrap()),
        }
    }
}

/// Flips 8 bytes of the file at `p`, in place, at `at` (0..1) of its body:
/// the footer (its last ~100 bytes) stays intact.
fn garble(p: &Path, at: f64) {
    use std::os::unix::fs::FileExt;
    let len = std::fs::metadata(p).unwrap().len();
    let pos = ((len.saturating_sub(120)) as f64 * at) as u64;
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(p)
        .unwrap();
    let mut b = [0u8; 8];
    f.read_exact_at(&mut b, pos).unwrap();
    f.write_all_at(&b.map(|x| x ^ 0x5a), pos).unwrap();
}

/// How the child opens, then damages, its index (`IDEAS_DAMAGE`:
/// `LOAD:HOW:EXT`, LOAD `whole` or `lazy`, HOW `truncate` or `garble`).
#[test]
#[ignore = "run in a child process by damage_under_an_open_index_is_an_error_answer_or_none"]
fn child_damages_its_open_index() {
    let spec = std::env::var("IDEAS_DAMAGE").expect("IDEAS_DAMAGE");
    let root = PathBuf::from(std::env::var("IDEAS_DAMAGE_DIR").expect("IDEAS_DAMAGE_DIR"));
    let [load, how, ext]: [&str; 3] = spec.split(':').collect::<Vec<_>>().try_into().unwrap();
    let load = match load {
        "whole" => Load::Whole,
        _ => Load::Lazy,
    };
    // Two opens before the damage: one answers before, the other (with
    // nothing in its caches) after.
    let before = answers(&IdeaIndex::open_with(&root, Some(1), Reads::Files(load)).unwrap());
    let before = before.unwrap();
    let ix = IdeaIndex::open_with(&root, Some(1), Reads::Files(load)).unwrap();
    match how {
        "truncate" => common::cut(&common::index_file(&root, ext), 16),
        _ => garble(&common::index_file(&root, ext), 0.5),
    }
    match answers(&ix) {
        Ok(a) if a == before => println!("ANSWER same"),
        Ok(_) => println!("ANSWER different"),
        Err(e) => println!("ANSWER error: {e:#}"),
    }
}

/// Runs the child on a copy of `good` with `spec`: its `ANSWER` line.
fn child(good: &Path, spec: &str) -> String {
    let work = TempDir::new().unwrap();
    copy(good, work.path());
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "index_damage::child_damages_its_open_index",
            "--ignored",
        ])
        .args(["--nocapture", "--test-threads=1"])
        .env("IDEAS_DAMAGE", spec)
        .env("IDEAS_DAMAGE_DIR", work.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.signal(),
        None,
        "{spec}: killed by a signal\n{stderr}"
    );
    assert!(out.status.success(), "{spec}: {stdout}\n{stderr}");
    // libtest prints the test's name on the same line.
    let line = stdout
        .lines()
        .find_map(|l| l.find("ANSWER ").map(|at| &l[at..]));
    line.unwrap_or_else(|| panic!("{spec}: no answer\n{stdout}"))
        .to_string()
}

#[test]
fn damage_under_an_open_index_is_an_error_answer_or_none() {
    let good = built();
    let mut errors = 0;
    for ext in EXTS {
        // Copied at open: neither cut nor garbled bytes reach the answers.
        for how in ["truncate", "garble"] {
            let got = child(good.path(), &format!("whole:{how}:{ext}"));
            assert_eq!(got, "ANSWER same", "whole, {how} .{ext}");
        }
        // Read as needed: a cut is an error naming the file, or unseen.
        let got = child(good.path(), &format!("lazy:truncate:{ext}"));
        eprintln!("lazy, cut .{ext}: {got}");
        if got != "ANSWER same" {
            assert!(got.starts_with("ANSWER error: "), "lazy, cut .{ext}: {got}");
            assert!(got.contains(&format!(".{ext} was cut short")), "{got}");
            errors += 1;
        }
    }
    // Postings, positions and stored documents are read after the open.
    assert_eq!(errors, 3, "cuts seen after the open");
}

#[test]
fn garbled_files_fail_the_open_naming_the_file() {
    let good = built();
    let want = answers(&IdeaIndex::open(good.path()).unwrap()).unwrap();
    for ext in EXTS {
        for k in 0..8 {
            let work = TempDir::new().unwrap();
            copy(good.path(), work.path());
            let damaged = common::index_file(work.path(), ext);
            garble(&damaged, (k as f64 + 0.5) / 8.0);
            let what = format!(".{ext} garbled at {k}/8");
            // What a search opens (Load::Auto: this index is copied whole).
            let err = match IdeaIndex::open(work.path()) {
                Ok(ix) => panic!(
                    "{what}: opened, answers same: {}",
                    answers(&ix).ok() == Some(want.clone())
                ),
                Err(e) => format!("{e:#}"),
            };
            assert!(
                err.contains(&damaged.display().to_string()),
                "{what}: {err}"
            );
            assert!(err.contains("checksum"), "{what}: {err}");
            assert!(
                err.contains("ideas index --rebuild --index"),
                "{what}: {err}"
            );
            // Read lazily, the files copied at open are still checked.
            let lazy = IdeaIndex::open_with(work.path(), Some(1), Reads::Files(Load::Lazy));
            let copied = ["term", "fast", "fieldnorm"].contains(&ext);
            assert_eq!(lazy.is_err(), copied, "{what}, lazy");
        }
    }
}

fn ideas() -> Command {
    let mut c = Command::cargo_bin("ideas").unwrap();
    c.env_remove("IDEAS_INDEX").env("NO_COLOR", "1");
    c
}

/// `ideas index --check --index DIR`: exit code, stdout, stderr.
fn check(dir: &Path) -> (Option<i32>, String, String) {
    let out = ideas()
        .args(["index", "--check", "--index"])
        .arg(dir)
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).to_string();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn index_check_passes_a_whole_index_and_names_each_damaged_file() {
    let good = built();
    let (code, stdout, stderr) = check(good.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("6 files"), "{stdout}");
    assert!(stdout.contains("every checksum matches"), "{stdout}");
    type Damage = fn(&Path);
    let damages: [(&str, Damage); 4] = [
        ("garbled", |p| garble(p, 0.5)),
        ("cut short", |p| common::cut(p, 16)),
        // Shorter than tantivy's footer tail: once a debug-build panic.
        ("cut to 7 bytes", |p| {
            let f = std::fs::OpenOptions::new().write(true).open(p).unwrap();
            f.set_len(7).unwrap();
        }),
        ("missing", |p| std::fs::remove_file(p).unwrap()),
    ];
    for ext in EXTS {
        for (what, damage) in damages {
            let work = TempDir::new().unwrap();
            copy(good.path(), work.path());
            let damaged = common::index_file(work.path(), ext);
            damage(&damaged);
            let (code, _, stderr) = check(work.path());
            assert_eq!(code, Some(2), "{what} .{ext}: {stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
            assert!(
                stderr.contains(&damaged.display().to_string()),
                "{what} .{ext}: {stderr}"
            );
            assert!(stderr.contains("ideas index --rebuild --index"), "{stderr}");
        }
    }
    // Two damaged files: both named.
    let work = TempDir::new().unwrap();
    copy(good.path(), work.path());
    let (a, b) = (
        common::index_file(work.path(), "store"),
        common::index_file(work.path(), "idx"),
    );
    garble(&a, 0.3);
    garble(&b, 0.6);
    let (code, _, stderr) = check(work.path());
    assert_eq!(code, Some(2));
    for p in [a, b] {
        assert!(stderr.contains(&p.display().to_string()), "{stderr}");
    }
}
