//! Running the `ideas` binary end to end in a sandbox: its own cache folder
//! (so the embedded corpus is indexed afresh) and, optionally, its own index.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

pub struct Sandbox {
    cache: TempDir,
    /// Set by [`Sandbox::indexed`]: every command uses it (`IDEAS_INDEX`).
    index: Option<TempDir>,
}

impl Sandbox {
    /// The embedded corpus, indexed on first use in a fresh cache folder.
    pub fn new() -> Sandbox {
        Sandbox {
            cache: TempDir::new().unwrap(),
            index: None,
        }
    }

    /// An index of `paths` (`ideas index PATHS...`) that every command then uses.
    pub fn indexed(paths: &[PathBuf]) -> Sandbox {
        let s = Sandbox {
            index: Some(TempDir::new().unwrap()),
            ..Sandbox::new()
        };
        let mut args = vec!["index"];
        args.extend(paths.iter().map(|p| p.to_str().unwrap()));
        s.run(&args, 0);
        s
    }

    /// The cache folder (`XDG_CACHE_HOME`): the embedded index is under `ideas/index`.
    pub fn cache(&self) -> &Path {
        self.cache.path()
    }

    /// `ideas` with the sandbox's environment; add the arguments.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("ideas"));
        c.env("XDG_CACHE_HOME", self.cache.path())
            .env("NO_COLOR", "1");
        match &self.index {
            Some(dir) => c.env("IDEAS_INDEX", dir.path()),
            None => c.env_remove("IDEAS_INDEX"),
        };
        c
    }

    /// `ideas serve ARGS` started, and the first line it
    /// printed on stdout.
    pub fn spawn_serve(&self, args: &[&str]) -> (std::process::Child, String) {
        let mut child = self
            .std_cmd()
            .arg("serve")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        (child, line)
    }

    /// `ideas serve` on a free loopback port, with the sandbox's environment,
    /// until the returned [`Server`] is dropped.
    pub fn serve(&self) -> Server {
        let (mut child, line) = self.spawn_serve(&["--addr", "127.0.0.1:0"]);
        let addr = match line.trim().strip_prefix("listening on http://") {
            Some(a) => a.to_string(),
            None => {
                let _ = child.kill();
                panic!("ideas serve printed {line:?}, not its address");
            }
        };
        Server { child, addr }
    }

    /// Runs `ideas ARGS`, expecting exit `code` and no panic; returns stdout.
    pub fn run(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(code),
            "ideas {args:?}\nstdout: {}\nstderr: {stderr}",
            String::from_utf8_lossy(&out.stdout),
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `ideas ARGS`, expecting exit 2 and a one-line error on stderr; returns it.
    pub fn fail(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "ideas {args:?} should fail with 2; stderr: {stderr}"
        );
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "one-line error expected, got: {stderr}"
        );
        assert!(stderr.starts_with("ideas: "), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }

    /// `ideas ARGS --json`, expecting exit 0.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(&self.run(&a, 0)).unwrap()
    }
}

/// The crate's root folder.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The embedded corpus's source folder, `data/`.
pub fn data() -> PathBuf {
    root().join("data")
}

/// Ids of the hits of a `search --json` answer, in rank order.
pub fn hit_ids(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["idea"]["id"].as_str().unwrap().to_string())
        .collect()
}

/// `(value, count)` of a facet answer (`facets --json`, `/api/facets`), in its order.
pub fn facet_counts(v: &Value) -> Vec<(String, u64)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                // A year's value is a number.
                match &c["value"] {
                    Value::Number(n) => n.to_string(),
                    v => v.as_str().unwrap().into(),
                },
                c["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A running `ideas serve` (see [`Sandbox::serve`]), stopped on drop.
pub struct Server {
    child: std::process::Child,
    /// `127.0.0.1:PORT`, as the server printed it.
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
