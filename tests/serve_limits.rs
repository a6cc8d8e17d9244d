//! `ideas serve` under hostile clients and a changing index (issue 15, F2,
//! F4, F7, F14/F15): half-sent and idle connections are closed, more
//! sockets than the open-files limit do not keep a new client out, the
//! search line answers 503 past its bound with few threads, a rebuild is
//! seen by the next request, and `Host` is checked.
//!
//! The binary runs on a free loopback port, with short timeouts passed by
//! its hidden flags. Socket read timeouts below only turn a hang into a
//! failure; no assertion is on elapsed time.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tempfile::TempDir;

/// Longest wait for any answer: past it, the server is taken to hang.
const HANG: Duration = Duration::from_secs(10);

struct Server {
    child: Child,
    addr: String,
    _cache: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ideas [--index DIR] serve --addr 127.0.0.1:0 ARGS` with `env` (the
/// hidden tuning is read from `IDEAS_SERVE_*`, which an older binary
/// ignores) and its own cache folder; `files` sets its open-files limit
/// (soft and hard) first.
fn serve(index: Option<&Path>, args: &[&str], env: &[(&str, &str)], files: Option<u64>) -> Server {
    let cache = TempDir::new().unwrap();
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("ideas"));
    c.env("XDG_CACHE_HOME", cache.path())
        .env("NO_COLOR", "1")
        .env_remove("IDEAS_INDEX")
        .envs(env.iter().copied());
    if let Some(dir) = index {
        c.arg("--index").arg(dir);
    }
    c.args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped());
    if let Some(n) = files {
        use std::os::unix::process::CommandExt;
        // SAFETY: setrlimit is async-signal-safe, as pre_exec requires.
        unsafe {
            c.pre_exec(move || {
                let r = libc::rlimit {
                    rlim_cur: n,
                    rlim_max: n,
                };
                match libc::setrlimit(libc::RLIMIT_NOFILE, &r) {
                    0 => Ok(()),
                    _ => Err(std::io::Error::last_os_error()),
                }
            });
        }
    }
    let mut child = c.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("ideas serve printed {line:?}"))
        .to_string();
    Server {
        child,
        addr,
        _cache: cache,
    }
}

impl Server {
    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(HANG)).unwrap();
        s
    }

    /// `GET path` with `Host: host` on a new connection: status, head, body.
    fn get_as(&self, host: &str, path: &str) -> (u16, String, String) {
        let mut s = self.connect();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        s.read_to_string(&mut reply)
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        split(&reply)
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        self.get_as(&self.addr.clone(), path)
    }

    fn json(&self, path: &str) -> serde_json::Value {
        let (status, _, body) = self.get(path);
        assert_eq!(status, 200, "{path}: {body}");
        serde_json::from_str(&body).unwrap()
    }

    /// A line of `/proc/PID/status` (`Threads`, `VmRSS`...), as a number.
    fn status(&self, key: &str) -> u64 {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        s.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}:")))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap()
    }
}

/// Status, head and body of one HTTP/1.1 answer.
fn split(reply: &str) -> (u16, String, String) {
    let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((reply, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {reply:?}"));
    (status, head.to_ascii_lowercase(), body.to_string())
}

/// Reads until the server closes `s`: true if it did before [`HANG`].
fn closed_by_server(s: &mut TcpStream) -> bool {
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false, // WouldBlock/TimedOut: still open
        }
    }
}

#[test]
fn half_sent_heads_and_idle_keep_alive_sockets_are_closed() {
    let server = serve(None, &[], &[("IDEAS_SERVE_HEADER_TIMEOUT", "1")], None);
    // Slowloris: a request head that never ends.
    let mut slow = server.connect();
    write!(
        slow,
        "GET /healthz HTTP/1.1\r\nHost: {}\r\nX-a: ",
        server.addr
    )
    .unwrap();
    // A socket that never sends anything.
    let mut silent = server.connect();
    // Keep-alive: one answer, then nothing.
    let mut kept = server.connect();
    write!(
        kept,
        "GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut b = [0u8; 1];
        kept.read_exact(&mut b).unwrap();
        head.push(b[0]);
    }
    let head = String::from_utf8(head).unwrap().to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let mut body = vec![0u8; len];
    kept.read_exact(&mut body).unwrap();

    assert!(closed_by_server(&mut slow), "a half-sent head stays open");
    assert!(closed_by_server(&mut silent), "a silent socket stays open");
    assert!(
        closed_by_server(&mut kept),
        "an idle keep-alive socket stays open"
    );
    // The server itself is fine.
    assert_eq!(server.get("/healthz").0, 200);
}

#[test]
fn more_sockets_than_the_open_files_limit_do_not_keep_a_new_client_out() {
    // 64 files: about 20 go to the process and its index. The header
    // timeout is longer than HANG, so only the connection cap can let the
    // new client in.
    let server = serve(None, &[], &[("IDEAS_SERVE_HEADER_TIMEOUT", "60")], Some(64));
    let hoard: Vec<TcpStream> = (0..100).map(|_| server.connect()).collect();
    // Each hoarded socket is accepted (or waits in the backlog) before the
    // new client's, in order.
    let (status, _, body) = server.get("/healthz");
    assert_eq!(status, 200, "{body}");
    drop(hoard);
}

#[test]
fn the_soft_open_files_limit_is_raised_to_the_hard_one() {
    let cache = TempDir::new().unwrap();
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("ideas"));
    c.env("XDG_CACHE_HOME", cache.path())
        .env_remove("IDEAS_INDEX")
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped());
    use std::os::unix::process::CommandExt;
    // SAFETY: setrlimit is async-signal-safe, as pre_exec requires.
    unsafe {
        c.pre_exec(|| {
            let mut r: libc::rlimit = std::mem::zeroed();
            libc::getrlimit(libc::RLIMIT_NOFILE, &mut r);
            r.rlim_max = r.rlim_max.min(4096);
            r.rlim_cur = 256.min(r.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &r);
            Ok(())
        });
    }
    let mut child = c.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let files = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap();
    let nums: Vec<u64> = files
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(nums[0], nums[1], "soft limit not raised: {files}");
    assert!(nums[0] > 256, "{files}");
}

/// Sends `n` requests for `path` at once, each on its own connection, and
/// returns their answers (status, head, body).
fn burst(server: &Server, path: &str, n: usize) -> Vec<(u16, String, String)> {
    let mut conns: Vec<TcpStream> = (0..n).map(|_| server.connect()).collect();
    for c in &mut conns {
        write!(
            c,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        )
        .unwrap();
    }
    conns
        .iter_mut()
        .map(|c| {
            let mut reply = String::new();
            c.read_to_string(&mut reply).unwrap();
            split(&reply)
        })
        .collect()
}

const HEAVY: &str = "/api/search?q=kubernetes%20operator%20plugin%20webassembly%20rust%20ebpf%20observability%20security&limit=100";

#[test]
fn past_the_search_line_the_answer_is_503_with_retry_after_and_threads_stay_few() {
    let server = serve(
        None,
        &[],
        &[
            ("IDEAS_SERVE_MAX_SEARCHES", "1"),
            ("IDEAS_SERVE_SEARCH_QUEUE", "0"),
        ],
        None,
    );
    let answers = burst(&server, HEAVY, 48);
    let busy: Vec<_> = answers.iter().filter(|a| a.0 == 503).collect();
    for (status, head, body) in &answers {
        assert!(*status == 200 || *status == 503, "{status}: {body}");
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        if *status == 503 {
            assert!(head.contains("\r\nretry-after: 1"), "{head}");
            assert!(v["error"]["message"].as_str().unwrap().contains("busy"));
        }
    }
    assert!(!busy.is_empty(), "48 searches at once, one place: no 503");
    assert!(busy.len() < answers.len(), "every search refused");
    // Unbounded, tokio starts a blocking thread per search in flight (and
    // keeps it 10 s); bounded: the workers, one search and the reload
    // spares.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let threads = server.status("Threads");
    assert!(threads <= cores + 1 + 4 + 3, "{threads} threads");
    // /healthz is outside the line.
    assert_eq!(server.json("/healthz")["status"], "ok");
}

/// The generation `CURRENT` names under `dir`.
fn current(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("CURRENT"))
        .unwrap()
        .trim()
        .to_string()
}

/// Runs an `ideas` command to success.
fn succeed(c: &mut Command) {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn index(dir: &Path, paths: &[PathBuf]) {
    succeed(
        Command::new(assert_cmd::cargo::cargo_bin("ideas"))
            .arg("index")
            .arg("--index")
            .arg(dir)
            .args(paths),
    );
}

/// Mappings of `pid` of files under `dir` that were deleted.
fn deleted_maps(pid: u32, dir: &Path) -> Vec<String> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    let dir = dir.canonicalize().unwrap().display().to_string();
    maps.lines()
        .filter(|l| l.contains(&dir) && l.ends_with("(deleted)"))
        .map(String::from)
        .collect()
}

#[test]
fn a_rebuild_under_a_running_server_is_seen_by_the_next_request() {
    let fixtures = common::cli::root().join("tests/fixtures/programs");
    let ix = TempDir::new().unwrap();
    index(ix.path(), &[fixtures.join("summerofcode/2018.md")]);
    let first = current(ix.path());
    // A poll longer than the test: only the request itself may reload.
    let server = serve(
        Some(ix.path()),
        &[],
        &[("IDEAS_SERVE_RELOAD_POLL", "3600")],
        None,
    );
    let before = server.json("/healthz")["documents"].as_u64().unwrap();
    let stats = server.json("/api/stats");
    assert_eq!(stats["index"], first.as_str());

    index(ix.path(), std::slice::from_ref(&fixtures));
    let second = current(ix.path());
    assert_ne!(first, second);
    let after = server.json("/healthz")["documents"].as_u64().unwrap();
    assert!(
        after > before,
        "{before} ideas before, {after} after the rebuild"
    );
    let stats = server.json("/api/stats");
    assert_eq!(stats["index"], second.as_str());
    assert_eq!(stats["documents"], after);
    let (_, _, body) = server.get("/api/search?q=kubernetes&limit=0");
    let total = serde_json::from_str::<serde_json::Value>(&body).unwrap()["total"].clone();
    let cli = Command::new(assert_cmd::cargo::cargo_bin("ideas"))
        .arg("--index")
        .arg(ix.path())
        .args(["search", "kubernetes", "--json", "--limit", "0"])
        .output()
        .unwrap();
    let cli: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(total, cli["total"], "the API and the CLI agree");
    // The old generation's files are deleted, and no longer mapped.
    assert!(!ix.path().join(&first).exists());
    assert_eq!(
        deleted_maps(server.child.id(), ix.path()),
        Vec::<String>::new()
    );
}

#[test]
fn an_idle_server_lets_go_of_a_deleted_generation() {
    let fixtures = common::cli::root().join("tests/fixtures/programs");
    let ix = TempDir::new().unwrap();
    index(ix.path(), &[fixtures.join("summerofcode/2018.md")]);
    let server = serve(
        Some(ix.path()),
        &[],
        &[("IDEAS_SERVE_RELOAD_POLL", "0.2")],
        None,
    );
    assert_eq!(server.json("/healthz")["status"], "ok");
    index(ix.path(), &[fixtures]);
    // No request: the poll must reopen. Wait for it (HANG at most).
    let pid = server.child.id();
    let start = std::time::Instant::now();
    while !deleted_maps(pid, ix.path()).is_empty() && start.elapsed() < HANG {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(deleted_maps(pid, ix.path()), Vec::<String>::new());
}

#[test]
fn a_foreign_host_is_refused_as_json_unless_public() {
    let server = serve(None, &[], &[], None);
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    for host in [
        "evil.example:".to_string() + &port,
        "localhost".into(),
        format!("127.0.0.1:{}", port.parse::<u16>().unwrap() ^ 1),
    ] {
        let (status, head, body) = server.get_as(&host, "/api/stats");
        assert_eq!(status, 421, "{host}: {body}");
        assert!(head.contains("content-type: application/json"), "{head}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(v["error"]["message"].as_str().unwrap().contains("--public"));
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(server.get_as(&host, "/healthz").0, 200, "{host}");
    }
    // No absolute path in the stats: the generation's name.
    let stats = server.json("/api/stats");
    let index = stats["index"].as_str().unwrap();
    assert!(index.starts_with("gen-") && !index.contains('/'), "{index}");

    let public = serve(None, &["--public"], &[], None);
    assert_eq!(public.get_as("evil.example", "/healthz").0, 200);
}

/// A server started on the seed with no `--index` answers from the whole
/// history once `ideas update` has indexed it, with no restart.
#[test]
fn a_default_server_moves_to_the_history_once_it_is_fetched() {
    let Some(shared) = common::shared_corpus() else {
        return;
    };
    let cache = TempDir::new().unwrap();
    let home = cache.path().to_str().unwrap();
    // A poll longer than the test: the request itself must move.
    let server = serve(
        None,
        &[],
        &[
            ("XDG_CACHE_HOME", home),
            ("IDEAS_SERVE_RELOAD_POLL", "3600"),
        ],
        None,
    );
    assert_eq!(server.json("/healthz")["documents"], 150);
    assert_eq!(server.json("/api/stats")["corpus"], "embedded");
    succeed(
        Command::new(assert_cmd::cargo::cargo_bin("ideas"))
            .env("XDG_CACHE_HOME", home)
            .env_remove("IDEAS_INDEX")
            .args(["update", "--source"])
            .arg(&shared),
    );
    let after = server.json("/healthz")["documents"].as_u64().unwrap();
    assert!(after > 1000, "{after} ideas after the update");
    assert_eq!(server.json("/api/stats")["corpus"], "upstream");
}
