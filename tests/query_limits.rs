//! Issue 15, the query's part: what a client can type is answered as a
//! search or a client error naming where and why, never an abort or a 500.
//! F1 deep nesting, F5 `field:*`, F9 words the analyzer drops and
//! `field:[* TO *]`, F15 the internal `order` field; through the library,
//! the API's router and the binary.

use crate::common;

use axum::http::StatusCode;
use common::cli::Sandbox;
use ideas::error::{Error, QueryError};
use ideas::idea::Idea;
use ideas::index::IdeaIndex;
use ideas::query::limits;
use ideas::search::{self, Results};
use serde_json::Value;
use std::sync::{Arc, OnceLock};

fn ix() -> Arc<IdeaIndex> {
    static IX: OnceLock<Arc<IdeaIndex>> = OnceLock::new();
    IX.get_or_init(|| Arc::new(ideas::store::embedded_in_memory().unwrap()))
        .clone()
}

/// The stack of a tokio blocking-pool thread, where `ideas serve` searches.
const SERVE_STACK: usize = 2 << 20;

/// `search(q)` on a thread with `ideas serve`'s stack: an overflow aborts
/// the test binary, as it aborted the server.
fn search_on_serve_stack(q: &str) -> ideas::error::Result<Results> {
    let q = q.to_string();
    std::thread::Builder::new()
        .stack_size(SERVE_STACK)
        .spawn(move || search::Request::new(&q).run(&ix()))
        .unwrap()
        .join()
        .unwrap()
}

fn search(q: &str) -> Results {
    search::Request::new(q)
        .limit(10_000)
        .run(&ix())
        .unwrap_or_else(|e| panic!("{q:?}: {e:#}"))
}

fn query_error(q: &str) -> QueryError {
    match search::Request::new(q).run(&ix()) {
        Ok(r) => panic!("{q:?} should fail, found {}", r.total),
        Err(Error::Query(e)) => e,
        Err(e) => panic!("{q:?}: not a QueryError: {e:#}"),
    }
}

/// `GET uri` through the API's router: status and JSON body.
fn get(uri: &str) -> (StatusCode, Value) {
    common::api::get(ix(), uri)
}

fn message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap_or_default()
}

/// The F1 request: 732 `(` then `rust`, 736 characters.
fn f1_query() -> String {
    "(".repeat(732) + "rust"
}

#[test]
fn f1_deep_nesting_is_refused_before_it_is_parsed() {
    let err = search_on_serve_stack(&f1_query()).expect_err("732 '(' should be refused");
    assert_eq!(
        match &err {
            Error::Query(e) => Some(e),
            _ => None,
        },
        Some(&QueryError::Limit {
            column: limits::MAX_DEPTH + 1,
            what: format!("parentheses nested {} deep", limits::MAX_DEPTH + 1),
            limit: limits::MAX_DEPTH,
        })
    );
    let balanced = format!("{}rust{}", "(".repeat(40), ")".repeat(40));
    let msg = query_error(&balanced).to_string();
    assert!(
        msg.contains("column 33: parentheses nested 33 deep, the limit is 32"),
        "{msg}"
    );
}

#[test]
fn f1_the_api_answers_400_naming_the_limit() {
    let q = "%28".repeat(732) + "rust";
    for route in ["search", "facets"] {
        let (status, body) = get(&format!("/api/{route}?q={q}"));
        assert_eq!(status, StatusCode::BAD_REQUEST, "/api/{route}: {body}");
        assert!(message(&body).contains("the limit is 32"), "{body}");
    }
}

#[test]
fn f1_the_cli_exits_2_naming_the_limit() {
    let s = Sandbox::new();
    let q = "(".repeat(3000) + "rust";
    let err = s.fail(&["search", &q]);
    assert!(err.contains("the limit is 1000"), "{err}");
    let q = format!("{}rust{}", "(".repeat(40), ")".repeat(40));
    let err = s.fail(&["search", &q]);
    assert!(err.contains("nested 33 deep, the limit is 32"), "{err}");
}

/// The worst the limits let through still parses, builds and runs on the
/// server's stack: the most groups, as nesting a quoted `)` cannot close
/// (`(")"` ...) and as `NOT` inside groups at the deepest nesting.
#[test]
fn queries_at_the_limits_run_on_the_serve_stack() {
    // Unbalanced to the grammar, so searched as plain words, with a note.
    let quoted = "(a \")\" ".repeat(limits::MAX_GROUPS);
    let plain = search_on_serve_stack(&quoted).unwrap();
    assert!(plain.note.is_some_and(|n| n.contains("column")));
    let n = limits::MAX_GROUPS / 2;
    let nested = format!("go {}rust{}", "(wasm NOT ".repeat(n), ")".repeat(n));
    assert!(search_on_serve_stack(&nested).is_ok());
    let over = format!("go {}NOT rust{}", "(wasm NOT ".repeat(n), ")".repeat(n));
    let msg = query_error(&over).to_string();
    assert!(
        msg.contains("groups ('(' and NOT), the limit is 64"),
        "{msg}"
    );
}

/// All ideas of the embedded index.
fn ideas() -> Vec<Idea> {
    search("*").hits.into_iter().map(|h| h.idea).collect()
}

#[test]
fn f5_field_star_matches_the_ideas_with_a_value_in_the_field() {
    let all = ideas();
    let has = |f: fn(&Idea) -> bool| all.iter().filter(|i| f(i)).count();
    let cases: &[(&str, usize)] = &[
        ("title", has(|i| !i.title.is_empty())),
        ("skills", has(|i| !i.skills.is_empty())),
        ("id", all.len()),
        ("body", all.len()),
        ("outcome", has(|i| !i.outcome.is_empty())),
        ("mentors", has(|i| !i.mentors.is_empty())),
        ("term", has(|i| i.term.is_some())),
    ];
    for (field, want) in cases {
        for q in [format!("{field}:*"), format!("{field}:[* TO *]")] {
            assert_eq!(search(&q).total, *want, "{q}");
        }
    }
    // Not every idea has an outcome: `-outcome:*` takes those that have one away.
    let without = all.len() - has(|i| !i.outcome.is_empty());
    assert!(without > 0);
    assert_eq!(search("* -outcome:*").total, without);
    let rust = search("rust");
    let with = search("rust AND outcome:*");
    let rust_outcome = rust
        .hits
        .iter()
        .filter(|h| !h.idea.outcome.is_empty())
        .count();
    assert_eq!(with.total, rust_outcome);
    for field in ["title", "skills", "id", "body"] {
        for route in ["search", "facets"] {
            let (status, body) = get(&format!("/api/{route}?q={field}:*"));
            assert_eq!(status, StatusCode::OK, "/api/{route}?q={field}:*: {body}");
        }
    }
}

#[test]
fn f9_a_word_the_analyzer_drops_matches_nothing() {
    let hash = "3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2";
    assert_eq!(hash.len(), 41);
    assert_eq!(search(hash).total, 0);
    assert_eq!(search(&format!("title:{hash}")).total, 0);
    // Beside a known word it is one more word in no idea.
    let with = search(&format!("rust {hash}"));
    assert_eq!(with.total, search("rust").total);
    assert_eq!(with.every_word, 0);
    let (status, body) = get(&format!("/api/search?q={hash}"));
    assert_eq!((status, body["total"].as_u64()), (StatusCode::OK, Some(0)));
    Sandbox::new().run(&["search", hash], 1);
}

#[test]
fn f15_order_is_not_a_queryable_field() {
    // Searched as plain words, the note naming `order:` as no field and
    // listing the fields there are, `order` not among them.
    for q in ["order:1", "order:*", "order:[1 TO 5]", "rust order:(1 2)"] {
        let note = search(q).note.unwrap_or_else(|| panic!("{q}: no note"));
        assert!(note.contains("'order:' is not a field"), "{q}: {note}");
        let listed = note.split("(fields: ").nth(1).unwrap_or_default();
        assert!(
            listed.contains("title") && !listed.contains("order"),
            "{note}"
        );
    }
    for q in ["year:abc", "nosuchfield:x"] {
        let note = search(q).note.unwrap_or_default();
        assert!(!note.is_empty() && !note.contains("order"), "{q}: {note}");
    }
    let (status, body) = get("/api/search?q=order:1");
    assert_eq!(status, StatusCode::OK, "{body}");
    let note = body["note"].as_str().unwrap_or_default();
    assert!(note.contains("'order:' is not a field"), "{body}");
}
