//! The search page in real headless Chromium, driven over WebDriver
//! (chromedriver, fantoccini) against the `ideas serve` binary on the
//! embedded corpus: type a query and see ranked hits, tick a facet and see
//! the hits and counts change, reload and go back through the URL, move by
//! keyboard, follow a "similar" link and an idea's page, read it on a phone.
//! Every answer is checked against the library's. Screenshots are saved under
//! `$CARGO_TARGET_TMPDIR/browser/` (`target/tmp/browser/`).
//!
//! Needs Debian's `chromium` and `chromium-driver` (or `CHROMIUM` and
//! `CHROMEDRIVER` naming them). Without them the test says it is skipped,
//! unless `IDEAS_BROWSER_TEST=require` (set by `.ci/run`, which installs them).

mod common;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use ideas::search::{self, Filters};
use ideas::similar::{self, Like};
use serde_json::{json, Value};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Flags for Chromium in this sandbox (root, no GPU, no network beyond
/// loopback: the background-networking ones stop its calls home).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
];

const WAIT: Duration = Duration::from_secs(20);

fn tool(var: &str, default: &str) -> Option<PathBuf> {
    let p = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
    p.is_file().then_some(p)
}

/// chromedriver on a free port in a process group of its own; on drop the
/// whole group (the driver and the browsers it started) is killed, so a
/// failed test leaves no Chromium behind.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(bin: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(bin)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", bin.display()));
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < WAIT,
                "chromedriver never listened on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SAFETY: killpg has no memory effects; the group is the driver's own.
        unsafe { libc::killpg(self.child.id() as libc::pid_t, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

/// Evaluates `js` (a function body) until `done` accepts its value; panics
/// naming `what` and the last value after [`WAIT`]. An error counts as not
/// yet: during a navigation the page may have no script context.
async fn until(c: &Client, what: &str, js: &str, done: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let v = match c.execute(js, vec![]).await {
            Ok(v) => v,
            Err(e) => json!({ "webdriver error": e.to_string() }),
        };
        if done(&v) {
            return v;
        }
        assert!(start.elapsed() < WAIT, "waited for {what}; last: {v}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The page's state in one read: path and query string, the summary line,
/// the hits' ids and projects, facet counts (`dim:value` → count, ticked),
/// the chart's label, and renders done.
const READ: &str = r#"
const q = (s) => document.querySelector(s);
const all = (s) => [...document.querySelectorAll(s)];
return {
  path: decodeURIComponent(location.pathname), search: location.search,
  summary: q('#summary') ? q('#summary').textContent : null,
  h1: q('h1') ? q('h1').textContent : null,
  ids: all('#hits a.title').map((a) => decodeURIComponent(new URL(a.href).pathname).replace(/^\/idea\//, '')),
  projects: all('#hits .project').map((e) => e.textContent),
  marks: all('#hits mark').map((e) => e.textContent),
  counts: Object.fromEntries(all('#facets input').map((i) =>
    [i.dataset.dim + ':' + i.dataset.value, [+i.closest('label').querySelector('.count').textContent, i.checked]])),
  chart: q('#chart svg') ? q('#chart svg').getAttribute('aria-label') : null,
  error: q('#error').hidden ? null : q('#error').textContent,
  rendered: +(document.body.dataset.rendered || 0),
  query: q('#q').value,
  focused: document.activeElement ? document.activeElement.className : null,
  foreign: performance.getEntriesByType('resource').map((e) => e.name)
    .filter((u) => !u.startsWith(location.origin + '/')),
  overflow: document.documentElement.scrollWidth - innerWidth,
};"#;

fn ids(v: &Value) -> Vec<String> {
    serde_json::from_value(v["ids"].clone()).unwrap_or_default()
}

fn count(v: &Value, key: &str) -> (u64, bool) {
    let c = &v["counts"][key];
    assert!(c.is_array(), "no facet box {key}: {}", v["counts"]);
    (c[0].as_u64().unwrap(), c[1].as_bool().unwrap())
}

fn year_counts(v: &Value) -> Vec<(String, u64)> {
    let mut ys: Vec<(String, u64)> = v["counts"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.starts_with("year:"))
        .map(|(k, c)| (k.clone(), c[0].as_u64().unwrap()))
        .collect();
    ys.sort();
    ys
}

async fn shot(c: &Client, dir: &Path, name: &str) {
    let png = c.screenshot().await.unwrap();
    let path = dir.join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}

/// Clicks the first element matching `css`, as a user would (WebDriver
/// refuses one that is hidden or covered).
async fn click(c: &Client, css: &str) {
    let e = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    e.click()
        .await
        .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
}

/// Presses and releases `key` wherever the focus is.
async fn press(c: &Client, key: char) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys).await.unwrap();
}

/// The library's top `n` ids for `q` with `filters`: what the page must show.
fn library_ids(q: &str, filters: &Filters, n: usize) -> (Vec<String>, usize) {
    let r = search::search(common::embedded_index(), q, filters, n, 0).unwrap();
    (r.hits.iter().map(|h| h.idea.id.clone()).collect(), r.total)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_page_works_in_headless_chromium() {
    let (Some(driver_bin), Some(chromium)) = (
        tool("CHROMEDRIVER", "/usr/bin/chromedriver"),
        tool("CHROMIUM", "/usr/bin/chromium"),
    ) else {
        assert_ne!(
            std::env::var("IDEAS_BROWSER_TEST").as_deref(),
            Ok("require"),
            "IDEAS_BROWSER_TEST=require, but chromium or chromedriver is missing"
        );
        eprintln!("skipped: no /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        return;
    };
    let sandbox = common::cli::Sandbox::new();
    let server = sandbox.serve();
    let base = format!("http://{}", server.addr);
    let profile = tempfile::tempdir().unwrap();
    let driver = Driver::start(&driver_bin);
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    let caps = json!({"goog:chromeOptions": {"binary": chromium, "args": args}});
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps.as_object().unwrap().clone())
        .connect(&driver.url)
        .await
        .expect("a WebDriver session in headless Chromium");
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&shots).unwrap();

    // Open the page: every idea, counted, before any typing.
    c.goto(&format!("{base}/")).await.unwrap();
    let v = until(&c, "the first render", READ, |v| v["rendered"] == 1).await;
    assert_eq!(v["summary"], "150 ideas (showing 1–20).");

    // Type a query: the hits are the library's, in its order, with marks.
    let q = "webassembly plugin";
    let (want, total) = library_ids(q, &Filters::default(), 20);
    c.find(Locator::Id("q"))
        .await
        .unwrap()
        .send_keys(q)
        .await
        .unwrap();
    let v = until(&c, "the hits for the query", READ, |v| ids(v) == want).await;
    assert_eq!(v["search"], "?q=webassembly+plugin");
    assert!(
        v["summary"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{total} ideas for “{q}”")),
        "{}",
        v["summary"]
    );
    let marks: Vec<String> = serde_json::from_value(v["marks"].clone()).unwrap();
    assert!(marks.len() >= 5, "{marks:?}");
    for m in &marks {
        let m = m.to_lowercase();
        assert!(
            m.contains("plugin") || m.contains("wasm") || m.contains("webassembly"),
            "{m}"
        );
    }
    shot(&c, &shots, "search.png").await;

    // Tick a project: its count was the number of hits it gives; the hits
    // and the year counts change, the other projects keep their counts.
    let before = v;
    let (wasmedge, ticked) = count(&before, "project:WasmEdge");
    assert!(!ticked && wasmedge > 0 && (wasmedge as usize) < total);
    let (konveyor, _) = count(&before, "project:Konveyor");
    let rendered = before["rendered"].as_u64().unwrap();
    click(
        &c,
        r#"#facets input[data-dim="project"][data-value="WasmEdge"]"#,
    )
    .await;
    let v = until(&c, "the hits of the ticked project", READ, |v| {
        v["rendered"].as_u64() > Some(rendered)
            && v["search"]
                .as_str()
                .unwrap_or("")
                .contains("project=WasmEdge")
    })
    .await;
    let only = Filters {
        projects: vec!["WasmEdge".into()],
        ..Filters::default()
    };
    let (want_ticked, total_ticked) = library_ids(q, &only, 20);
    assert_eq!(total_ticked, wasmedge as usize);
    assert_eq!(ids(&v), want_ticked);
    assert!(v["summary"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{wasmedge} ideas")));
    assert!(v["projects"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p == "WasmEdge"));
    assert_eq!(count(&v, "project:WasmEdge"), (wasmedge, true));
    assert_eq!(count(&v, "project:Konveyor"), (konveyor, false));
    let years = year_counts(&v);
    assert_ne!(years, year_counts(&before));
    assert_eq!(years.iter().map(|y| y.1).sum::<u64>(), wasmedge);
    assert_ne!(v["chart"], before["chart"]);
    shot(&c, &shots, "search-ticked.png").await;

    // The URL holds it all: a reload shows the same page.
    c.refresh().await.unwrap();
    let again = until(&c, "the reloaded page", READ, |v| v["rendered"] == 1).await;
    assert_eq!(ids(&again), want_ticked);
    assert_eq!(again["query"], q);
    assert_eq!(count(&again, "project:WasmEdge"), (wasmedge, true));

    // Keyboard: "/" from anywhere focuses the box, the down arrow the first hit.
    c.execute("document.activeElement.blur()", vec![])
        .await
        .unwrap();
    press(&c, '/').await;
    until(
        &c,
        "focus in the box",
        "return document.activeElement.id",
        |v| v == "q",
    )
    .await;
    press(&c, Key::Down.into()).await;
    until(&c, "focus on the first hit", READ, |v| {
        v["focused"] == "title"
    })
    .await;

    // Back: the query before the tick.
    c.back().await.unwrap();
    let back = until(&c, "the page before the tick", READ, |v| ids(v) == want).await;
    assert_eq!(back["search"], "?q=webassembly+plugin");
    assert_eq!(count(&back, "project:WasmEdge"), (wasmedge, false));
    assert_eq!(back["foreign"], json!([]), "requests to other origins");

    // Follow the first hit's "similar" link: the library's similar ideas.
    let first = want[0].clone();
    click(&c, "#hits .hit a.similar").await;
    let v = until(&c, "the similar page", READ, |v| {
        v["path"] == format!("/similar/{first}") && !ids(v).is_empty()
    })
    .await;
    let ix = common::embedded_index();
    let (_, idea) = ix.find(&first).unwrap().unwrap();
    let like = similar::similar(ix, Like::Idea(&idea), 20, None).unwrap();
    let want_like: Vec<String> = like.iter().map(|h| h.idea.id.clone()).collect();
    assert_eq!(ids(&v), want_like);
    assert_eq!(v["h1"], format!("Ideas like {}", idea.title));
    shot(&c, &shots, "similar.png").await;

    // And one of them: the idea's own page.
    click(&c, "#hits a.title").await;
    let (_, other) = ix.find(&want_like[0]).unwrap().unwrap();
    let v = until(&c, "the idea's page", READ, |v| {
        v["h1"] == other.title.as_str()
    })
    .await;
    assert_eq!(v["path"], format!("/idea/{}", other.id));
    let text = c
        .find(Locator::Css("article.idea"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("Description") && text.contains("Similar ideas"),
        "{text}"
    );
    assert!(text.contains(&other.sources[0].path), "{text}");
    assert_eq!(v["foreign"], json!([]), "requests to other origins");
    shot(&c, &shots, "idea.png").await;

    // An idea whose description holds links: each is an <a> to its target.
    let linked = sandbox.json(&["search", "*", "--limit", "200"])["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["idea"].clone())
        .find(|i| i["links"].as_array().is_some_and(|l| l.len() >= 2))
        .expect("a seed idea with two links");
    let want_hrefs: Vec<&str> = linked["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["field"] == "description")
        .map(|l| l["url"].as_str().unwrap())
        .collect();
    let id = linked["id"].as_str().unwrap();
    c.goto(&format!("{base}/idea/{id}")).await.unwrap();
    until(&c, "the linked idea's page", READ, |v| v["rendered"] == 1).await;
    let hrefs = c
        .execute(
            "return [...document.querySelectorAll('article.idea section:first-of-type p a')].map((a) => a.getAttribute('href'))",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(hrefs, json!(want_hrefs), "{id}");

    // A URL may spell a value otherwise: it ticks the facet's own value.
    c.goto(&format!("{base}/?q=webassembly+plugin&project=wasmedge"))
        .await
        .unwrap();
    let v = until(&c, "a lower-case project", READ, |v| v["rendered"] == 1).await;
    assert_eq!(ids(&v), want_ticked);
    assert_eq!(count(&v, "project:WasmEdge"), (wasmedge, true));
    assert!(
        v["counts"].get("project:wasmedge").is_none(),
        "{}",
        v["counts"]
    );

    // A query over a limit (the grammar's refusals are plain words now):
    // the API's message, with its column.
    let deep = "%28".repeat(33);
    c.goto(&format!("{base}/?q={deep}rust")).await.unwrap();
    let v = until(&c, "the error", READ, |v| v["error"].is_string()).await;
    assert!(
        v["error"].as_str().unwrap().contains("column"),
        "{}",
        v["error"]
    );

    // A phone: no sideways scrolling, filters folded above the hits.
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{base}/?q=operator&year=2023"))
        .await
        .unwrap();
    let v = until(&c, "the phone page", READ, |v| v["rendered"] == 1).await;
    assert!(v["overflow"].as_i64().unwrap() <= 0, "{}", v["overflow"]);
    let open = c
        .execute(
            "return document.querySelector('#facets details').open",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(open, false);
    shot(&c, &shots, "phone.png").await;

    c.close().await.unwrap();
}
