//! Faults injected into the `ideas` binary's index: builds killed with
//! SIGKILL at many points, searches during a rebuild, two rebuilds at once,
//! and damaged index files. The index must keep answering (old or new, never
//! an error), and the damage must get a message with a way out.

use crate::common;

use assert_cmd::cargo::CommandCargoExt;
use common::cli::{data, hit_ids, Sandbox};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const QUERIES: [&str; 3] = ["kubernetes", "webassembly plugin", "documentation"];

fn ideas() -> Command {
    let mut c = Command::cargo_bin("ideas").unwrap();
    c.env_remove("IDEAS_INDEX").env("NO_COLOR", "1");
    c
}

/// What searching `index` answers: per query, the match count and top ids.
/// Panics (with stderr) unless every search exits 0.
fn answers(index: &Path) -> Vec<(u64, Vec<String>)> {
    QUERIES
        .iter()
        .map(|q| {
            let out = ideas()
                .args(["search", q, "--limit", "5", "--json", "--index"])
                .arg(index)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "search {q}: {stderr}");
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            (v["total"].as_u64().unwrap(), hit_ids(&v))
        })
        .collect()
}

/// Runs `c` to the end: its exit code and stderr, which never reports a panic.
fn run(c: &mut Command) -> (Option<i32>, String) {
    let out = c.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("panicked"), "{c:?}: {stderr}");
    (out.status.code(), stderr)
}

/// `ideas index PATH --index DIR`, not run yet.
fn index_cmd(path: &Path, dir: &Path) -> Command {
    let mut c = ideas();
    c.arg("index").arg(path).arg("--index").arg(dir);
    c
}

/// `ideas index PATH --index DIR`, exit 0 expected.
fn index(path: &Path, dir: &Path) {
    let (code, stderr) = run(&mut index_cmd(path, dir));
    assert_eq!(code, Some(0), "index {}: {stderr}", path.display());
}

/// `ideas index --rebuild --index DIR` from `cwd`, exit 0 expected.
fn rebuild(dir: &Path, cwd: &Path) {
    let mut c = ideas();
    c.current_dir(cwd)
        .args(["index", "--rebuild", "--index"])
        .arg(dir);
    let (code, stderr) = run(&mut c);
    assert_eq!(code, Some(0), "rebuild {}: {stderr}", dir.display());
}

fn spawn_index(path: &Path, dir: &Path, extra: &[&str]) -> Child {
    ideas()
        .args(["index"])
        .arg(path)
        .arg("--index")
        .arg(dir)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Entries of an index directory other than `CURRENT`, `LOCK` and the live
/// generation: what a killed build left behind.
fn leftovers(dir: &Path) -> Vec<String> {
    let live = std::fs::read_to_string(dir.join("CURRENT")).unwrap_or_default();
    let mut left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "CURRENT" && n != "LOCK" && *n != live.trim())
        .collect();
    left.sort();
    left
}

/// A synthetic corpus (`ideas_synth`, seed 3) large enough that a debug
/// build takes about a second: many points to kill it at.
fn generated(ideas_n: usize) -> TempDir {
    let dir = TempDir::new().unwrap();
    let spec = ideas_synth::Spec {
        ideas: ideas_n,
        seed: 3,
    };
    ideas_synth::generate(spec, dir.path()).unwrap();
    dir
}

#[test]
fn builds_killed_at_50_points_leave_the_old_index_answering_and_the_next_build_cleans_up() {
    let big = generated(1000);
    let work = TempDir::new().unwrap();
    // The answers of each corpus, and how long a whole build of the big one takes.
    let new_dir = work.path().join("new");
    // The fastest of three builds: other tests load the machine at times.
    let full = (0..3)
        .map(|_| {
            let started = Instant::now();
            index(big.path(), &new_dir);
            started.elapsed()
        })
        .min()
        .unwrap();
    let new = answers(&new_dir);
    let dir = work.path().join("ix");
    index(&data(), &dir);
    let old = answers(&dir);
    assert_ne!(old, new);

    let runs = 50;
    let (mut kept_old, mut swapped, mut left_behind) = (0, 0, 0);
    for i in 0..runs {
        // Kill points spread over the whole build and a little past it.
        let delay = full.mul_f64(1.15 * i as f64 / runs as f64);
        let mut child = spawn_index(big.path(), &dir, &[]);
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let got = answers(&dir);
        if got == old {
            kept_old += 1;
        } else {
            assert_eq!(
                got, new,
                "run {i}: killed after {delay:?}, answers are neither index's"
            );
            swapped += 1;
        }
        left_behind += !leftovers(&dir).is_empty() as usize;
        // The next build needs no manual cleanup, and cleans up.
        index(&data(), &dir);
        assert_eq!(answers(&dir), old, "run {i}");
        assert_eq!(leftovers(&dir), Vec::<String>::new(), "run {i}");
    }
    eprintln!(
        "{runs} kills over {full:?}: {kept_old} kept the old index, {swapped} after the swap, {left_behind} left files behind"
    );
    assert!(
        kept_old >= 10,
        "{kept_old} of {runs} killed before the swap"
    );
    assert!(swapped > 0, "no kill came after the swap");
    assert!(left_behind > 0, "no kill left a partial generation behind");
}

#[test]
fn searches_during_rebuilds_answer_from_the_old_or_the_new_index() {
    let big = generated(800);
    let work = TempDir::new().unwrap();
    let new_dir = work.path().join("new");
    index(big.path(), &new_dir);
    let new = answers(&new_dir);
    let dir = work.path().join("ix");
    index(&data(), &dir);
    let old = answers(&dir);

    let done = std::sync::atomic::AtomicBool::new(false);
    let (seen_old, seen_new) = std::thread::scope(|s| {
        let searcher = s.spawn(|| {
            let (mut o, mut n) = (0, 0);
            // Each query is its own process: a swap may fall between two.
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                for (i, got) in answers(&dir).into_iter().enumerate() {
                    if got == old[i] {
                        o += 1;
                    } else {
                        assert_eq!(got, new[i], "{}: an answer from neither index", QUERIES[i]);
                        n += 1;
                    }
                }
            }
            (o, n)
        });
        for round in 0..4 {
            let from: PathBuf = if round % 2 == 0 {
                big.path().into()
            } else {
                data()
            };
            index(&from, &dir);
        }
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        searcher.join().unwrap()
    });
    eprintln!("{seen_old} answers from the old index, {seen_new} from the new");
    assert!(seen_old + seen_new > 0);
    assert_eq!(answers(&dir), old);
}

#[test]
fn a_second_rebuild_names_the_holder_or_waits_with_wait() {
    let big = generated(1500);
    let work = TempDir::new().unwrap();
    let dir = work.path().join("ix");
    index(&data(), &dir);
    let old = answers(&dir);

    let mut first = spawn_index(big.path(), &dir, &[]);
    // Until the first process holds the lock and has said so in LOCK.
    let pid = first.id().to_string();
    let waited = Instant::now();
    while !std::fs::read_to_string(dir.join("LOCK"))
        .unwrap_or_default()
        .starts_with(&format!("{pid} "))
    {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "the first build never locked"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let (code, stderr) = run(&mut index_cmd(&data(), &dir));
    assert_eq!(code, Some(2), "{stderr}");
    let holder = format!("being written by process {} (", first.id());
    assert!(stderr.contains(&holder), "{stderr}");
    assert!(stderr.contains("--wait"), "{stderr}");
    assert!(
        first.try_wait().unwrap().is_none(),
        "the first build ended too soon for this test"
    );

    // With --wait, the second runs after the first and its index is the last word.
    let second = spawn_index(&data(), &dir, &["--wait"]);
    assert!(first.wait().unwrap().success());
    let out = second.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(answers(&dir), old);
    assert_eq!(leftovers(&dir), Vec::<String>::new());
}

/// The live generation's folder of the index in `dir`.
fn live(dir: &Path) -> PathBuf {
    dir.join(std::fs::read_to_string(dir.join("CURRENT")).unwrap().trim())
}

/// Damage done to a copy of a good index: each must fail searches with the
/// way out, and `ideas index --rebuild` must repair it.
#[test]
fn damaged_indexes_say_how_to_rebuild_and_rebuild_repairs_them() {
    let work = TempDir::new().unwrap();
    let good = work.path().join("good");
    index(&data(), &good);
    let want = answers(&good);
    type Damage = Box<dyn Fn(&Path)>;
    let mut damages: Vec<(String, Damage)> = vec![];
    for ext in ["term", "idx", "pos", "store", "fast", "fieldnorm"] {
        damages.push((
            format!("truncated .{ext}"),
            Box::new(move |d: &Path| common::cut(&common::index_file(d, ext), 2)),
        ));
        damages.push((
            format!("deleted .{ext}"),
            Box::new(move |d: &Path| std::fs::remove_file(common::index_file(d, ext)).unwrap()),
        ));
    }
    damages.push((
        "missing meta.json".into(),
        Box::new(|d: &Path| std::fs::remove_file(live(d).join("meta.json")).unwrap()),
    ));
    damages.push((
        "garbled meta.json".into(),
        Box::new(|d: &Path| std::fs::write(live(d).join("meta.json"), "{\"segm").unwrap()),
    ));
    damages.push((
        "another format".into(),
        Box::new(|d: &Path| {
            let p = live(d).join("manifest.json");
            let mut m: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            m["format"] = "s1-a1-t6".into();
            std::fs::write(&p, m.to_string()).unwrap();
        }),
    ));
    damages.push((
        "an older version (no format)".into(),
        Box::new(|d: &Path| {
            let p = live(d).join("manifest.json");
            let mut m: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            m.as_object_mut().unwrap().remove("format");
            std::fs::write(&p, m.to_string()).unwrap();
        }),
    ));
    damages.push((
        "CURRENT missing".into(),
        Box::new(|d: &Path| std::fs::remove_file(d.join("CURRENT")).unwrap()),
    ));
    damages.push((
        "CURRENT naming nothing".into(),
        Box::new(|d: &Path| std::fs::write(d.join("CURRENT"), "gen-0-0").unwrap()),
    ));
    for (what, damage) in &damages {
        let dir = work.path().join(what.replace(' ', "-"));
        index(&data(), &dir);
        damage(&dir);
        let (code, stderr) = run(ideas().args(["search", "kubernetes", "--index"]).arg(&dir));
        assert_eq!(code, Some(2), "{what}: {stderr}");
        let way_out = format!("ideas index --rebuild --index {}", dir.display());
        assert!(stderr.contains(&way_out), "{what}: {stderr}");
        rebuild(&dir, &std::env::current_dir().unwrap());
        assert_eq!(answers(&dir), want, "{what}: after --rebuild");
    }
}

#[test]
fn the_embedded_index_repairs_itself_or_falls_back_to_memory() {
    let s = Sandbox::new();
    let want = hit_ids(&s.json(&["search", "kubernetes"]));
    let root = s.cache().join("ideas/index");
    let gen = root.join(
        std::fs::read_to_string(root.join("CURRENT"))
            .unwrap()
            .trim(),
    );
    let term = std::fs::read_dir(&gen)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "term"))
        .unwrap();
    std::fs::write(&term, b"not a term dictionary").unwrap();
    let out = s
        .cmd()
        .args(["search", "kubernetes", "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains("rebuilding it"),
        "{stderr}"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hit_ids(&v), want);
    // Repaired: no warning the next time (only the seed's note).
    let out = s.cmd().args(["search", "kubernetes"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end(), ideas::corpus::SEED_NOTE, "{stderr}");

    // A cache folder that cannot be a folder: searched in memory, with a warning.
    let blocked = TempDir::new().unwrap();
    let file = blocked.path().join("cache");
    std::fs::write(&file, "a file, not a folder").unwrap();
    searched_in_memory(&s, &file, &want);
}

/// With its cache folder at `cache`, which cannot be written, the sandbox's
/// search answers as before from an in-memory index, with a warning.
fn searched_in_memory(s: &Sandbox, cache: &Path, want: &[String]) {
    let out = s
        .cmd()
        .env("XDG_CACHE_HOME", cache)
        .args(["search", "kubernetes", "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("in-memory index"), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hit_ids(&v), want);
}

/// A size-limited tmpfs, unmounted on drop; `None` where this process may
/// not mount (not root, or no mount namespace rights).
struct SmallDisk {
    dir: TempDir,
}

impl SmallDisk {
    /// `options` as for mount(8), e.g. `size=2m` or `ro`.
    fn mount(options: &str) -> Option<SmallDisk> {
        let dir = TempDir::new().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk { dir })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_fails_the_build_and_keeps_the_old_index() {
    // Room for the embedded corpus's index (~320 KB), not for 3,000 ideas.
    let Some(disk) = SmallDisk::mount("size=2m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let dir = disk.dir.path().join("ix");
    index(&data(), &dir);
    let old = answers(&dir);
    let big = generated(3000);
    let (code, stderr) = run(&mut index_cmd(big.path(), &dir));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("the old index, if any, is unchanged"),
        "{stderr}"
    );
    assert_eq!(answers(&dir), old);
    assert_eq!(
        leftovers(&dir),
        Vec::<String>::new(),
        "the failed generation is removed"
    );

    // The embedded corpus with its cache on the full disk: in memory, with a warning.
    let s = Sandbox::new();
    let want = hit_ids(&s.json(&["search", "kubernetes"]));
    let filler = disk.dir.path().join("filler");
    // Fills what is left (the write fails when the disk is full).
    let _ = std::fs::write(&filler, vec![0u8; 2 << 20]);
    searched_in_memory(&s, &disk.dir.path().join("cache"), &want);
}

#[test]
fn a_read_only_folder_is_an_error_for_an_index_and_memory_for_the_cache() {
    let Some(disk) = SmallDisk::mount("ro") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let dir = disk.dir.path().join("ix");
    let (code, stderr) = run(&mut index_cmd(&data(), &dir));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("Read-only file system"), "{stderr}");
    assert!(stderr.contains(&dir.display().to_string()), "{stderr}");

    let s = Sandbox::new();
    let want = hit_ids(&s.json(&["search", "kubernetes"]));
    searched_in_memory(&s, disk.dir.path(), &want);
}

#[test]
fn first_searches_at_once_share_one_build_of_the_embedded_index() {
    let s = Sandbox::new();
    let children: Vec<_> = (0..4)
        .map(|_| {
            ideas()
                .env("XDG_CACHE_HOME", s.cache())
                .args(["search", "kubernetes", "--json"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut answers = vec![];
    for c in children {
        let out = c.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert_eq!(stderr.trim_end(), ideas::corpus::SEED_NOTE, "{stderr}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        answers.push(hit_ids(&v));
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(
        leftovers(&s.cache().join("ideas/index")),
        Vec::<String>::new()
    );
}

#[test]
fn a_failed_build_over_a_lost_current_keeps_the_generations_rebuild_needs() {
    let work = TempDir::new().unwrap();
    let dir = work.path().join("ix");
    // Built from a relative path, rebuilt below from another folder.
    let mut c = index_cmd(Path::new("data"), &dir);
    let (code, stderr) = run(c.current_dir(data().parent().unwrap()));
    assert_eq!(code, Some(0), "{stderr}");
    let want = answers(&dir);
    std::fs::create_dir(dir.join("gen-docs")).unwrap(); // not ours: never touched
    std::fs::write(dir.join("CURRENT"), "gen-0-0").unwrap();
    let bad = work.path().join("bad.md");
    std::fs::write(&bad, b"\xff\xfe not text").unwrap();
    assert_eq!(run(&mut index_cmd(&bad, &dir)).0, Some(2));
    rebuild(&dir, work.path());
    assert_eq!(answers(&dir), want);
    assert!(dir.join("gen-docs").is_dir());
}

/// A copy of the live generation of `dir` under a new generation name, as a
/// build killed after writing its manifest but before swapping `CURRENT`
/// leaves it: complete, and named by nothing.
fn complete_unswapped(dir: &Path, n: u64) -> String {
    let name = format!("gen-{}-{}", 1_000 + n, 4_000_000 + n);
    let to = dir.join(&name);
    std::fs::create_dir(&to).unwrap();
    for e in std::fs::read_dir(live(dir)).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
    name
}

#[test]
fn complete_generations_left_before_the_swap_are_removed_by_the_next_build_even_a_failed_one() {
    let work = TempDir::new().unwrap();
    let dir = work.path().join("ix");
    index(&data(), &dir);
    let want = answers(&dir);
    let live_name = std::fs::read_to_string(dir.join("CURRENT")).unwrap();
    let left: Vec<String> = (0..8).map(|n| complete_unswapped(&dir, n)).collect();
    assert_eq!(leftovers(&dir), left);
    // A build that fails (a file named on the command line is not text).
    let bad = work.path().join("bad.md");
    std::fs::write(&bad, b"\xff\xfe not text").unwrap();
    assert_eq!(run(&mut index_cmd(&bad, &dir)).0, Some(2));
    assert_eq!(leftovers(&dir), Vec::<String>::new());
    assert_eq!(
        std::fs::read_to_string(dir.join("CURRENT")).unwrap(),
        live_name
    );
    assert_eq!(answers(&dir), want);
    // And a build that succeeds leaves only its own.
    complete_unswapped(&dir, 9);
    index(&data(), &dir);
    assert_eq!(leftovers(&dir), Vec::<String>::new());
    assert_eq!(answers(&dir), want);
}
