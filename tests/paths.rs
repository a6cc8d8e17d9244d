//! Paths that are not UTF-8, on the command line and on disk: taken as
//! paths (clap `PathBuf`, `args_os`), shown lossily in messages, never a
//! panic.

use assert_cmd::cargo::CommandCargoExt;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::process::Command;
use tempfile::TempDir;

fn ideas() -> Command {
    let mut c = Command::cargo_bin("ideas").unwrap();
    c.env_remove("IDEAS_INDEX").env("NO_COLOR", "1");
    c
}

/// A small LFX list with one idea.
const LIST: &str = "\
# LFX Mentorship 2025 Term 3

## Karmada

### Multi-cluster failover for stateful workloads

- Description: Move stateful workloads between member clusters on failure.
- Expected Outcome: A failover controller.
- Recommended Skills: Go, Kubernetes
- Mentor(s): Jane Doe (@jdoe)
- Upstream Issue: https://github.com/karmada-io/karmada/issues/1
";

#[test]
fn a_missing_non_utf8_path_is_an_error_naming_it_lossily() {
    let work = TempDir::new().unwrap();
    let out = ideas()
        .current_dir(work.path())
        .args(["index", "--index", "ix", "--program", "lfx"])
        .args(["--year", "2025", "--term", "3"])
        .arg(OsStr::from_bytes(b"x\xff.md"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("x\u{FFFD}.md"), "{stderr}");
}

#[test]
fn a_non_utf8_file_and_index_folder_are_indexed_and_searched() {
    let work = TempDir::new().unwrap();
    let list = work.path().join(OsStr::from_bytes(b"ideas-\xff.md"));
    std::fs::write(&list, LIST).unwrap();
    let ix = work.path().join(OsStr::from_bytes(b"ix-\xfe"));
    let out = ideas()
        .args(["index", "--program", "lfx", "--year", "2025", "--term", "3"])
        .arg(&list)
        .arg("--index")
        .arg(&ix)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let out = ideas()
        .args(["search", "failover", "--json", "--index"])
        .arg(&ix)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 1, "{v}");
    // A search of a missing folder of that name: exit 2, named lossily.
    let out = ideas()
        .args(["search", "failover", "--index"])
        .arg(work.path().join(OsStr::from_bytes(b"none-\xfe")))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("none-\u{FFFD}"), "{stderr}");
}
