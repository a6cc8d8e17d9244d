//! The search page in real headless Chromium, driven over WebDriver
//! (chromedriver, fantoccini) against the `ideas serve` binary on the
//! embedded corpus: type a query and see ranked hits, tick a facet and see
//! the hits and counts change, reload and go back through the URL, move by
//! keyboard, follow a "similar" link and an idea's page, read it on a phone.
//! Every answer is checked against the library's. Screenshots are saved under
//! `$CARGO_TARGET_TMPDIR/browser/` (`target/tmp/browser/`).
//!
//! Needs Debian's `chromium` and `chromium-driver` (or `CHROMIUM` and
//! `CHROMEDRIVER` naming them). Without them, at build time, the tests are
//! `#[ignore]`d (`cfg(no_browser)`, set by build.rs; `apt-get install chromium chromium-driver`), so the summary counts
//! them as ignored, unless `IDEAS_BROWSER_TEST=require` (set by `.ci/run`,
//! which installs them): then a missing browser fails.

use crate::common;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use ideas::idea::Program;
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
  note: q('#note') && !q('#note').hidden ? q('#note').textContent : null,
  chips: all('.chips .chip').map((b) => b.dataset.chip),
  view: q('#view') ? q('#view').textContent : null,
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
    let r = search::Request::new(q)
        .filters(filters.clone())
        .limit(n)
        .run(common::embedded_index())
        .unwrap();
    (r.hits.iter().map(|h| h.idea.id.clone()).collect(), r.total)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_browser, ignore = "no headless Chromium at build time")]
async fn the_search_page_works_in_headless_chromium() {
    let Some(session) = session().await else {
        return;
    };
    let (c, base, shots) = (&session.c, &session.base, &session.shots);
    let sandbox = &session.sandbox;

    // Open the page: every idea, counted, before any typing.
    c.goto(&format!("{base}/")).await.unwrap();
    let v = until(c, "the first render", READ, |v| v["rendered"] == 1).await;
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
    let v = until(c, "the hits for the query", READ, |v| ids(v) == want).await;
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
    shot(c, shots, "search.png").await;

    // Tick a project: its count was the number of hits it gives; the hits
    // and the year counts change, the other projects keep their counts.
    let before = v;
    let (wasmedge, ticked) = count(&before, "project:WasmEdge");
    assert!(!ticked && wasmedge > 0 && (wasmedge as usize) < total);
    let (konveyor, _) = count(&before, "project:Konveyor");
    let rendered = before["rendered"].as_u64().unwrap();
    click(
        c,
        r#"#facets input[data-dim="project"][data-value="WasmEdge"]"#,
    )
    .await;
    let v = until(c, "the hits of the ticked project", READ, |v| {
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
    shot(c, shots, "search-ticked.png").await;

    // The URL holds it all: a reload shows the same page.
    c.refresh().await.unwrap();
    let again = until(c, "the reloaded page", READ, |v| v["rendered"] == 1).await;
    assert_eq!(ids(&again), want_ticked);
    assert_eq!(again["query"], q);
    assert_eq!(count(&again, "project:WasmEdge"), (wasmedge, true));

    // Keyboard: "/" from anywhere focuses the box, the down arrow the first hit.
    js(c, "document.activeElement.blur()").await;
    press(c, '/').await;
    until(
        c,
        "focus in the box",
        "return document.activeElement.id",
        |v| v == "q",
    )
    .await;
    press(c, Key::Down.into()).await;
    until(c, "focus on the first hit", READ, |v| {
        v["focused"] == "title"
    })
    .await;

    // Back: the query before the tick.
    c.back().await.unwrap();
    let back = until(c, "the page before the tick", READ, |v| ids(v) == want).await;
    assert_eq!(back["search"], "?q=webassembly+plugin");
    assert_eq!(count(&back, "project:WasmEdge"), (wasmedge, false));
    assert_eq!(back["foreign"], json!([]), "requests to other origins");

    // Follow the first hit's "similar" link: the library's similar ideas.
    let first = want[0].clone();
    click(c, "#hits .hit a.similar").await;
    let v = until(c, "the similar page", READ, |v| {
        v["path"] == format!("/similar/{first}") && !ids(v).is_empty()
    })
    .await;
    let ix = common::embedded_index();
    let (_, idea) = ix.find(&first).unwrap().unwrap();
    let like = similar::Request::new(Like::Idea(&idea))
        .limit(20)
        .run(ix)
        .unwrap();
    let want_like: Vec<String> = like.iter().map(|h| h.idea.id.clone()).collect();
    assert_eq!(ids(&v), want_like);
    assert_eq!(v["h1"], format!("Ideas like {}", idea.title));
    shot(c, shots, "similar.png").await;

    // And one of them: the idea's own page.
    click(c, "#hits a.title").await;
    let (_, other) = ix.find(&want_like[0]).unwrap().unwrap();
    let v = until(c, "the idea's page", READ, |v| {
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
    shot(c, shots, "idea.png").await;

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
    until(c, "the linked idea's page", READ, |v| v["rendered"] == 1).await;
    let hrefs = js(c, "return [...document.querySelectorAll('article.idea section:first-of-type a')].map((a) => a.getAttribute('href'))").await;
    assert_eq!(hrefs, json!(want_hrefs), "{id}");

    // A URL may spell a value otherwise: it ticks the facet's own value.
    c.goto(&format!("{base}/?q=webassembly+plugin&project=wasmedge"))
        .await
        .unwrap();
    let v = until(c, "a lower-case project", READ, |v| v["rendered"] == 1).await;
    assert_eq!(ids(&v), want_ticked);
    assert_eq!(count(&v, "project:WasmEdge"), (wasmedge, true));
    assert!(
        v["counts"].get("project:wasmedge").is_none(),
        "{}",
        v["counts"]
    );

    // A query the parser refuses: the API's message, with its column, as a
    // quiet note (it is half-typed, not an error).
    c.goto(&format!("{base}/?q=a+AND+(")).await.unwrap();
    let v = until(c, "the note", READ, |v| v["rendered"] == 1).await;
    assert!(v["error"].is_null(), "{}", v["error"]);
    if let Some(note) = v["note"].as_str() {
        assert!(note.contains("column"), "{note}");
    }

    // A query over a limit (the grammar's refusals are plain words now):
    // the API's message, with its column.
    let deep = "%28".repeat(33);
    c.goto(&format!("{base}/?q={deep}rust")).await.unwrap();
    let v = until(c, "the error", READ, |v| v["error"].is_string()).await;
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
    let v = until(c, "the phone page", READ, |v| v["rendered"] == 1).await;
    assert!(v["overflow"].as_i64().unwrap() <= 0, "{}", v["overflow"]);
    let open = js(c, "return document.querySelector('#facets details').open").await;
    assert_eq!(open, false);
    shot(c, shots, "phone.png").await;
}

/// One page session for the tests below: `ideas serve` on the embedded
/// corpus and a headless Chromium driving it; `None` (after saying so) when
/// there is no browser and it is not required.
struct Session {
    c: Client,
    base: String,
    shots: PathBuf,
    sandbox: common::cli::Sandbox,
    _server: common::cli::Server,
    _driver: Driver,
    _profile: tempfile::TempDir,
}

async fn session() -> Option<Session> {
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
        return None;
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
    Some(Session {
        c,
        base,
        shots,
        sandbox,
        _server: server,
        _driver: driver,
        _profile: profile,
    })
}

/// Runs `script` in the page; its return value.
async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap()
}

/// Opens `path` and waits for its first render.
async fn open(s: &Session, path: &str) -> Value {
    s.c.goto(&format!("{}{path}", s.base)).await.unwrap();
    until(&s.c, path, READ, |v| v["rendered"] == 1).await
}

/// Waits for a render after `after` renders.
async fn rendered_after(c: &Client, what: &str, after: &Value) -> Value {
    let n = after["rendered"].as_u64().unwrap();
    until(c, what, READ, |v| v["rendered"].as_u64() > Some(n)).await
}

/// The seed's ideas, as the CLI gives them in JSON.
fn seed_ideas(sandbox: &common::cli::Sandbox) -> Vec<Value> {
    sandbox.json(&["search", "*", "--limit", "200"])["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["idea"].clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_browser, ignore = "no headless Chromium at build time")]
async fn no_results_show_the_suggestion_as_a_link_and_no_null_or_empty_headings() {
    let Some(s) = session().await else { return };
    let r = search::Request::new("rsut")
        .limit(1)
        .run(common::embedded_index())
        .unwrap();
    assert_eq!(r.total, 0);
    let suggestion = r.suggestion.as_deref().expect("a suggestion for rsut");
    let v = open(&s, "/?q=rsut").await;
    assert_eq!(v["summary"], "No ideas for “rsut”.");
    let view = v["view"].as_str().unwrap();
    assert!(!view.contains("null"), "{view}");
    assert!(
        view.contains(&format!("Did you mean {suggestion}?")),
        "{view}"
    );
    // No facet heading without a box under it.
    let empty = js(&s.c, "return [...document.querySelectorAll('#facets fieldset')].filter((f) => !f.querySelector('input')).map((f) => f.textContent)").await;
    assert_eq!(empty, json!([]));
    shot(&s.c, &s.shots, "no-results.png").await;
    // The suggestion searches it.
    click(&s.c, "#none .suggestion a").await;
    let (want, total) = library_ids(suggestion, &Filters::default(), 20);
    assert!(total > 0);
    let v = until(&s.c, "the suggestion's hits", READ, |v| ids(v) == want).await;
    assert_eq!(v["query"], suggestion);
    assert_eq!(v["search"], format!("?q={suggestion}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_browser, ignore = "no headless Chromium at build time")]
async fn filters_that_empty_the_list_say_so_with_the_totals_without_each() {
    let Some(s) = session().await else { return };
    // A year and a program that each have rust ideas, but not together.
    let q = "rust";
    let years: Vec<u16> = library_years(q);
    let programs = [
        (Program::Lfx, "lfx", "LFX Mentorship"),
        (Program::Gsoc, "gsoc", "Google Summer of Code"),
    ];
    let only = |p: Option<Program>, y: Option<u16>| Filters {
        program: p,
        years: y.map(|y| vec![(y, y)]).unwrap_or_default(),
        ..Filters::default()
    };
    let ((p, program, name), year) = programs
        .into_iter()
        .flat_map(|p| years.iter().map(move |&y| (p, y)))
        .find(|&((p, _, _), y)| {
            library_ids(q, &only(Some(p), Some(y)), 1).1 == 0
                && library_ids(q, &only(Some(p), None), 1).1 > 0
        })
        .expect("a program and a year with rust ideas apart but none together");
    let (_, without_program) = library_ids(q, &only(None, Some(year)), 1);
    let (want, without_year) = library_ids(q, &only(Some(p), None), 20);
    let v = open(&s, &format!("/?q={q}&program={program}&year={year}")).await;
    assert_eq!(v["summary"], format!("No ideas for “{q}”."));
    let view = v["view"].as_str().unwrap();
    assert!(view.contains("nothing is left"), "{view}");
    assert!(
        view.contains(&format!("without program {name}: {without_program} idea")),
        "{view}"
    );
    assert!(
        view.contains(&format!("without year {year}: {without_year} idea")),
        "{view}"
    );
    assert!(view.contains("Clear all filters"), "{view}");
    shot(&s.c, &s.shots, "no-results-filtered.png").await;
    // Each is a link that drops that filter.
    let links =
        s.c.find_all(Locator::Css("#none .relaxed a"))
            .await
            .unwrap();
    let mut dropped = None;
    for l in links {
        if l.text().await.unwrap().starts_with("without year") {
            dropped = Some(l);
        }
    }
    dropped
        .expect("a link without the year")
        .click()
        .await
        .unwrap();
    let v = until(&s.c, "the hits without the year", READ, |v| ids(v) == want).await;
    assert_eq!(v["search"], format!("?q={q}&program={program}"));
}

/// The years the library finds `q` in.
fn library_years(q: &str) -> Vec<u16> {
    let r = search::Request::new(q)
        .limit(1)
        .run(common::embedded_index())
        .unwrap();
    r.facets
        .year
        .iter()
        .map(|c| c.value.parse().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_browser, ignore = "no headless Chromium at build time")]
async fn ticked_filters_are_chips_above_the_hits_that_remove_them() {
    let Some(s) = session().await else { return };
    let q = "webassembly plugin";
    let v = open(&s, "/?q=webassembly+plugin&project=WasmEdge&year=2023").await;
    assert_eq!(v["chips"], json!(["project:WasmEdge", "year:2023"]));
    shot(&s.c, &s.shots, "chips.png").await;
    // The chips come before the hits.
    let before = js(&s.c, "const c = document.querySelector('.chips'), h = document.querySelector('#hits'); return !!(c && h && c.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING)").await;
    assert_eq!(before, true);
    click(&s.c, r#".chips .chip[data-chip="project:WasmEdge"]"#).await;
    let v = rendered_after(&s.c, "the page without the project", &v).await;
    let year = Filters {
        years: vec![(2023, 2023)],
        ..Filters::default()
    };
    assert_eq!(ids(&v), library_ids(q, &year, 20).0);
    assert_eq!(v["search"], "?q=webassembly+plugin&year=2023");
    assert_eq!(v["chips"], json!(["year:2023"]));
    assert!(count(&v, "year:2023").1);
    click(&s.c, ".chips .chip").await;
    let v = rendered_after(&s.c, "the page without filters", &v).await;
    assert_eq!(ids(&v), library_ids(q, &Filters::default(), 20).0);
    assert_eq!(v["chips"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_browser, ignore = "no headless Chromium at build time")]
async fn half_typed_queries_keep_the_results_and_only_real_errors_show_the_error_box() {
    let Some(s) = session().await else { return };
    let v = open(&s, "/?q=rust").await;
    let (want, _) = library_ids("rust", &Filters::default(), 20);
    assert_eq!(ids(&v), want);
    // An opening quote: no error box, the hits stay (or are the words').
    let q = s.c.find(Locator::Id("q")).await.unwrap();
    q.send_keys(" \"").await.unwrap();
    let v = until(&s.c, "the page after the quote", READ, |v| {
        v["query"] == "rust \"" && (v["note"].is_string() || v["error"].is_string())
    })
    .await;
    assert!(v["error"].is_null(), "{}", v["error"]);
    assert!(!ids(&v).is_empty());
    assert!(v["note"].is_string(), "{v}");
    assert!(!v["note"].as_str().unwrap().contains('\\'), "{}", v["note"]);
    shot(&s.c, &s.shots, "half-typed.png").await;
    // A pasted title with a colon, typed into a cleared box.
    q.clear().await.unwrap();
    q.send_keys("Harbor Satellite: Q&A").await.unwrap();
    until(&s.c, "the pasted title", READ, |v| {
        v["query"] == "Harbor Satellite: Q&A"
    })
    .await;
    // Past the typing pause and the answers to each key.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let v = s.c.execute(READ, vec![]).await.unwrap();
    assert!(v["error"].is_null(), "{}", v["error"]);
    assert!(!ids(&v).is_empty(), "{v}");
    // Over the length limit is a real 400: the error box.
    let long = "kubernetes ".repeat(120);
    s.c.goto(&format!("{}/?q={}", s.base, long.trim().replace(' ', "+")))
        .await
        .unwrap();
    let v = until(&s.c, "the error box", READ, |v| v["error"].is_string()).await;
    assert!(
        v["error"].as_str().unwrap().contains("limit"),
        "{}",
        v["error"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_browser, ignore = "no headless Chromium at build time")]
async fn snippets_show_an_ellipsis_only_where_the_text_was_cut() {
    let Some(s) = session().await else { return };
    let q = "webassembly plugin";
    let r = search::Request::new(q)
        .limit(20)
        .run(common::embedded_index())
        .unwrap();
    // Cut before / after: the snippet's place in the text it came from.
    let want: Vec<(bool, bool)> = r
        .hits
        .iter()
        .map(|h| {
            let t = h.snippet.text.trim();
            [&h.idea.description, &h.idea.outcome]
                .into_iter()
                .find_map(|whole| {
                    whole.find(t).map(|at| {
                        (
                            !whole[..at].trim().is_empty(),
                            !whole[at + t.len()..].trim().is_empty(),
                        )
                    })
                })
                .unwrap_or((true, true))
        })
        .collect();
    assert!(
        want.iter().any(|w| !w.0),
        "a snippet from the text's start: {want:?}"
    );
    let v = open(&s, "/?q=webassembly+plugin").await;
    assert_eq!(
        ids(&v),
        r.hits.iter().map(|h| h.idea.id.clone()).collect::<Vec<_>>()
    );
    let got: Vec<(bool, bool)> = serde_json::from_value(
        js(&s.c, "return [...document.querySelectorAll('#hits .snippet')].map((p) => [p.textContent.startsWith('…'), p.textContent.endsWith('…')])").await,
    )
    .unwrap();
    assert_eq!(got, want);
    // One line each, list items joined by ` · ` as the CLI prints them,
    // where a snippet of the API spans lines.
    let lines = r
        .hits
        .iter()
        .filter(|h| h.snippet.text.contains('\n'))
        .count();
    assert!(lines > 0, "no snippet spans lines");
    let flat = js(&s.c, "return [...document.querySelectorAll('#hits .snippet')].every((p) => !/\\n\\s*- /.test(p.textContent))").await;
    assert_eq!(flat, true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_browser, ignore = "no headless Chromium at build time")]
async fn a_hit_found_by_its_skills_marks_the_matched_skill() {
    let Some(s) = session().await else { return };
    // A one-word skill of an idea whose text lacks it: that idea is found by
    // its skills only, so its snippet has no mark.
    let ix = common::embedded_index();
    let (word, id) = seed_ideas(&s.sandbox)
        .iter()
        .flat_map(|i| {
            let text =
                format!("{} {} {}", i["title"], i["description"], i["outcome"]).to_lowercase();
            let id = i["id"].as_str().unwrap().to_string();
            i["skills"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(move |k| {
                    let k = k.as_str().unwrap();
                    (k.len() >= 3
                        && k.chars().all(|c| c.is_ascii_alphabetic())
                        && !text.contains(&k.to_lowercase()))
                    .then(|| (k.to_string(), id.clone()))
                })
                .collect::<Vec<_>>()
        })
        .find(|(k, id)| {
            search::Request::new(k)
                .limit(20)
                .run(ix)
                .unwrap()
                .hits
                .iter()
                .any(|h| &h.idea.id == id && h.snippet.highlights.is_empty())
        })
        .expect("a seed idea found by a skill only");
    let v = open(&s, &format!("/?q={word}")).await;
    assert!(ids(&v).contains(&id), "{id} not in {:?}", ids(&v));
    let marks = s
        .c
        .execute(
            "const id = arguments[0]; const li = [...document.querySelectorAll('#hits .hit')].find((h) => decodeURIComponent(new URL(h.querySelector('a.title').href).pathname) === '/idea/' + id); return li ? [...li.querySelectorAll('mark')].map((m) => [m.closest('.skills') !== null, m.textContent]) : null",
            vec![json!(id)],
        )
        .await
        .unwrap();
    let marks = marks.as_array().expect("the hit");
    assert!(marks.iter().all(|m| m[0] == true), "{id}: {marks:?}");
    assert!(
        marks.iter().any(|m| m[1] == word.as_str()),
        "{id}: {marks:?}"
    );
    shot(&s.c, &s.shots, "skill-mark.png").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_browser, ignore = "no headless Chromium at build time")]
async fn outcome_lists_are_nested_html_lists_keeping_their_links() {
    let Some(s) = session().await else { return };
    let seed = seed_ideas(&s.sandbox);
    let items = |t: &str, nested: bool| {
        t.lines()
            .filter(|l| {
                if nested {
                    l.starts_with("  - ")
                } else {
                    l.trim_start().starts_with("- ")
                }
            })
            .count()
    };
    // An outcome with a nested list, and one with links on its list lines.
    let nested = seed
        .iter()
        .find(|i| items(i["outcome"].as_str().unwrap(), true) > 0)
        .expect("a seed outcome with a nested list");
    // A link of the outcome `t` that starts inside a `- ` list item.
    let in_item = |t: &str, l: &Value| {
        let start = l["start"].as_u64().unwrap() as usize;
        l["field"] == "outcome"
            && t[..start]
                .rsplit('\n')
                .next()
                .unwrap()
                .trim_start()
                .starts_with("- ")
    };
    let with_links = seed
        .iter()
        .find(|i| {
            let t = i["outcome"].as_str().unwrap();
            i["links"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|l| in_item(t, l))
        })
        .expect("a seed outcome with a link in a list item");
    const OUTCOME: &str = "const sec = [...document.querySelectorAll('article.idea section')].find((s) => s.querySelector('h2').textContent === 'Expected outcome');
        return { li: sec.querySelectorAll('li').length, nested: sec.querySelectorAll('li ul li').length,
          dashes: [...sec.querySelectorAll('p, li')].filter((e) => /^\\s*- /.test(e.firstChild && e.firstChild.textContent || '')).length,
          links: [...sec.querySelectorAll('li a')].map((a) => [a.getAttribute('href'), a.textContent]) };";
    for idea in [nested, with_links] {
        let id = idea["id"].as_str().unwrap();
        open(&s, &format!("/idea/{id}")).await;
        let got = js(&s.c, OUTCOME).await;
        let t = idea["outcome"].as_str().unwrap();
        assert_eq!(got["li"], items(t, false), "{id}: {got}");
        assert_eq!(got["nested"], items(t, true), "{id}: {got}");
        assert_eq!(got["dashes"], 0, "{id}: {got}");
        let want: Vec<Value> = idea["links"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|l| in_item(t, l))
            .map(|l| {
                let (a, b) = (
                    l["start"].as_u64().unwrap() as usize,
                    l["end"].as_u64().unwrap() as usize,
                );
                json!([l["url"], &t[a..b]])
            })
            .collect();
        assert_eq!(got["links"], json!(want), "{id}");
    }
    shot(&s.c, &s.shots, "idea-lists.png").await;
}
