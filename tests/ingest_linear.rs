//! Parsing time grows linearly with the input on the shapes that were
//! quadratic (issue 15, F3): many URLs on one line, many inline links, many
//! skills, many project headings, many ideas with no project heading. Each
//! shape is parsed at n and 2n items in the same test, alternately, and the
//! ratio of the medians must stay under 3 (linear is about 2, quadratic
//! about 4 once the scans dominate). Absolute speed is in benches/ingest.rs.

use crate::common::shapes::shape;
use ideas::idea::Program;
use ideas::ingest::{self, Meta};
use std::sync::Mutex;

/// One timing at a time: the test harness runs tests in parallel, and two
/// parses at once would still share caches and memory bandwidth.
static TIMING: Mutex<()> = Mutex::new(());

fn hints() -> Meta {
    Meta {
        program: Some(Program::Lfx),
        year: Some(2024),
        term: Some(1),
    }
}

/// CPU seconds this thread has run (`CLOCK_THREAD_CPUTIME_ID`): the parse
/// runs on the calling thread, and the other tests of the binary, running
/// beside it on the same cores, take none of it (wall time would count the
/// times they hold the core).
fn thread_cpu_secs() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid out-pointer; this clock exists on Linux.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime: {}", std::io::Error::last_os_error());
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// CPU seconds of one parse of `text` on this thread.
fn parse_time(text: &str) -> f64 {
    let start = thread_cpu_secs();
    let parsed = ingest::parse(text.as_bytes(), "x.md", hints()).unwrap();
    std::hint::black_box(parsed);
    thread_cpu_secs() - start
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// time(2n) / time(n), medians of 5 alternating runs.
fn ratio(name: &str, n: usize) -> f64 {
    let (small, big) = (shape(name, n), shape(name, 2 * n));
    let (mut a, mut b) = (vec![], vec![]);
    for _ in 0..5 {
        a.push(parse_time(&small));
        b.push(parse_time(&big));
    }
    let (a, b) = (median(a), median(b));
    eprintln!(
        "{name}: n={n} {:.1} ms, 2n {:.1} ms, ratio {:.2}",
        a * 1e3,
        b * 1e3,
        b / a
    );
    b / a
}

fn assert_linear(name: &str, n: usize) {
    let _one = TIMING.lock().unwrap_or_else(|e| e.into_inner());
    // One retry: the machine is shared and a run can be slowed at random.
    let r = ratio(name, n);
    if r >= 3.0 {
        let again = ratio(name, n);
        assert!(
            again < 3.0,
            "{name}: time(2n)/time(n) = {r:.2}, then {again:.2}"
        );
    }
}

#[test]
fn many_urls_on_one_line_parse_in_linear_time() {
    assert_linear("urls on one line", 8_000);
}

#[test]
fn many_inline_links_parse_in_linear_time() {
    assert_linear("inline links", 8_000);
}

#[test]
fn many_skills_parse_in_linear_time() {
    assert_linear("skills", 8_000);
}

#[test]
fn many_project_headings_parse_in_linear_time() {
    assert_linear("project headings", 8_000);
}

#[test]
fn many_ideas_with_no_project_parse_in_linear_time() {
    assert_linear("ideas with no project", 2_000);
}

#[test]
fn the_shapes_still_parse_to_what_they_hold() {
    let parse = |s: &str| ingest::parse(shape(s, 300).as_bytes(), "x.md", hints()).unwrap();
    let p = parse("urls on one line");
    assert_eq!(p.ideas[0].upstream_issues.len(), 300);
    assert_eq!(p.ideas[0].upstream_issues[299], "https://x.io/299");
    let p = parse("inline links");
    assert_eq!(p.ideas[0].upstream_issues.len(), 300);
    let p = parse("skills");
    assert_eq!(p.ideas[0].skills.len(), 300);
    assert_eq!(p.ideas[0].skills[7], "s7");
    let p = parse("project headings");
    assert_eq!(p.ideas.len(), 300);
    assert_eq!(p.ideas[299].project, "Kube299");
    let p = parse("ideas with no project");
    assert!(p.ideas.is_empty());
    assert_eq!(p.warnings.len(), 300, "{:?}", &p.warnings[..3]);
}
