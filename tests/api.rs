//! The JSON API (`ideas serve`, src/serve/) in process: every route of
//! schema/openapi.json answers, bodies validate against its schemas, errors
//! are JSON with the right status, and limits hold. Then the binary itself,
//! on a free port.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use ideas::index::IdeaIndex;
use ideas::search::{self, Filters};
use serde_json::Value;
use std::io::{Read, Write};
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

fn ix() -> Arc<IdeaIndex> {
    static IX: OnceLock<Arc<IdeaIndex>> = OnceLock::new();
    IX.get_or_init(|| Arc::new(ideas::store::embedded_in_memory().unwrap()))
        .clone()
}

fn openapi() -> Value {
    let path = common::cli::root().join("schema/openapi.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// `GET uri` through the router: status, headers and body.
fn fetch(uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    common::api::fetch(ix(), uri)
}

/// `GET uri` through the router: status and JSON body.
fn get(uri: &str) -> (StatusCode, Value) {
    common::api::get(ix(), uri)
}

/// Validates `body` against `#/components/schemas/NAME` of the OpenAPI document.
fn check(name: &str, body: &Value) {
    let doc = openapi();
    let schema = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/components/schemas/{name}"),
        "components": doc["components"],
    });
    let v = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = v
        .iter_errors(body)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:?}");
}

const ID: &str = "lfx-2023-3/wasmedge/create-a-ffmpeg-plugin";

#[test]
fn every_route_answers_as_the_openapi_document_says() {
    let doc = openapi();
    let cases: &[(&str, &str, &str)] = &[
        ("/healthz", "/healthz", "Health"),
        (
            "/api/search",
            "/api/search?q=webassembly%20plugin&limit=3",
            "SearchResponse",
        ),
        (
            "/api/search",
            "/api/search?q=webasembly&program=lfx&years=2023..2025",
            "SearchResponse",
        ),
        (
            "/api/similar/{id}",
            &format!("/api/similar/{ID}?limit=3"),
            "SimilarResponse",
        ),
        ("/api/ideas/{id}", &format!("/api/ideas/{ID}"), "Idea"),
        (
            "/api/facets",
            "/api/facets?by=year&q=rust",
            "FacetsResponse",
        ),
        (
            "/api/facets",
            "/api/facets?by=project,year&program=gsoc",
            "FacetsResponse",
        ),
        ("/api/stats", "/api/stats", "Stats"),
    ];
    let mut covered = std::collections::BTreeSet::new();
    for (path, uri, schema) in cases {
        assert!(doc["paths"][path].is_object(), "{path} not in openapi.json");
        let (status, body) = get(uri);
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        check(schema, &body);
        covered.insert(path.to_string());
    }
    let declared: std::collections::BTreeSet<String> =
        doc["paths"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(covered, declared, "every declared route is exercised");
}

#[test]
fn api_answers_equal_the_library_s() {
    let (_, body) = get("/api/search?q=kubernetes%20operator&limit=5&offset=2&skill=Go");
    let filters = Filters {
        skills: vec!["Go".into()],
        ..Filters::default()
    };
    let r = search::Request::new("kubernetes operator")
        .filters(filters.clone())
        .limit(5)
        .offset(2)
        .run(&ix())
        .unwrap();
    let ids: Vec<&str> = body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["idea"]["id"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = r.hits.iter().map(|h| h.idea.id.as_str()).collect();
    assert_eq!(ids, want);
    assert_eq!(body["total"], r.total);
    assert_eq!(body["every_word"], r.every_word);
}

/// The counts of `/api/facets?by=DIM` for `query`, as `value → count`.
fn facet_counts(query: &str) -> Vec<(String, u64)> {
    let (status, body) = get(&format!("/api/facets?{query}"));
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    common::cli::facet_counts(&body)
}

#[test]
fn status_is_a_facet_and_a_filter() {
    let by_status = facet_counts("by=status");
    let n = |v: &str| {
        by_status
            .iter()
            .find(|(s, _)| s == v)
            .map_or(0, |(_, n)| *n)
    };
    let all: u64 = facet_counts("by=program").iter().map(|(_, n)| n).sum();
    // The embedded corpus has both LFX accepted lists and GSoC proposals.
    assert!(n("accepted") > 0 && n("proposed") > 0, "{by_status:?}");
    assert_eq!(n("accepted") + n("proposed"), all);
    // Every GSoC idea is a proposal.
    assert_eq!(
        facet_counts("by=status&program=gsoc"),
        facet_counts("by=program&program=gsoc")
            .into_iter()
            .map(|(_, c)| ("proposed".to_string(), c))
            .collect::<Vec<_>>()
    );
    let (status, body) = get("/api/search?q=kubernetes&status=accepted&limit=50");
    assert_eq!(status, StatusCode::OK, "{body}");
    let hits = body["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["idea"]["status"] == "accepted"));
    let (status, body) = get(&format!("/api/similar/{ID}?status=proposed&limit=20"));
    assert_eq!(status, StatusCode::OK, "{body}");
    let similar = body.as_array().unwrap();
    assert!(!similar.is_empty());
    assert!(
        similar.iter().all(|h| h["idea"]["status"] == "proposed"),
        "{body}"
    );
}

#[test]
fn years_in_a_list_and_facet_counts_that_add_up_to_the_search() {
    // `year=2019,2025`: any of them, as the library's two one-year ranges.
    let (_, body) = get("/api/search?q=operator&year=2019,2025&limit=50");
    let filters = Filters {
        years: vec![(2019, 2019), (2025, 2025)],
        ..Filters::default()
    };
    let r = search::Request::new("operator")
        .filters(filters.clone())
        .limit(50)
        .run(&ix())
        .unwrap();
    assert_eq!(body["total"], r.total);
    let years = facet_counts("by=year&q=operator&match=any");
    let in_list: u64 = years
        .iter()
        .filter(|(y, _)| y == "2019" || y == "2025")
        .map(|(_, n)| n)
        .sum();
    assert!(in_list > 0 && years.len() > 2, "{years:?}");
    assert_eq!(r.total as u64, in_list);
    for h in body["hits"].as_array().unwrap() {
        let y = h["idea"]["year"].as_u64().unwrap();
        assert!(y == 2019 || y == 2025, "{y}");
    }

    // A list is the parameter repeated; a value is one whole project name,
    // comma included, so `WasmEdge,Karmada` names no project.
    let (_, both) = get("/api/search?q=plugin&project=WasmEdge&project=Karmada&limit=0");
    let two = Filters {
        projects: vec!["WasmEdge".into(), "Karmada".into()],
        ..Filters::default()
    };
    let r = search::Request::new("plugin")
        .filters(two.clone())
        .limit(0)
        .run(&ix())
        .unwrap();
    assert!(r.total > 0);
    assert_eq!(both["total"], r.total);
    // ... and a name no idea has matches nothing (a filter over the facet's
    // values, as the schema allows any string; the CLI refuses it instead).
    let (status, comma) = get("/api/search?q=plugin&project=WasmEdge,Karmada&limit=0");
    assert_eq!((status, comma["total"].as_u64()), (StatusCode::OK, Some(0)));
    let (status, none) = get("/api/facets?by=year&project=Kubernets");
    assert_eq!(status, StatusCode::OK, "{none}");
    // An alias is its project, in any case.
    let (_, alias) = get("/api/search?q=*&project=wasmedge%20runtime&limit=0");
    let (_, name) = get("/api/search?q=*&project=WasmEdge&limit=0");
    assert!(name["total"].as_u64().unwrap() > 0);
    assert_eq!(alias["total"], name["total"]);
    let (_, years) = get("/api/search?q=operator&year=2019&year=2025&limit=0");
    assert_eq!(years["total"], body["total"]);

    // year and years together both apply: the listed years inside the range.
    let (_, y2025) = get("/api/search?q=operator&year=2025&limit=0");
    assert!(y2025["total"].as_u64().unwrap() > 0);
    let (_, inside) = get("/api/search?q=operator&year=2019,2025&years=2024..2025&limit=0");
    assert_eq!(inside["total"], y2025["total"]);
    let (status, outside) = get("/api/search?q=operator&year=2019&years=2024..&limit=0");
    assert_eq!(
        (status, outside["total"].as_u64()),
        (StatusCode::OK, Some(0))
    );
    // A bound past the last year a u16 holds leaves every year in.
    let (_, all) = get("/api/search?q=operator&limit=0");
    let (status, wide) = get("/api/search?q=operator&years=..923362&limit=0");
    assert_eq!((status, &wide["total"]), (StatusCode::OK, &all["total"]));
    let (status, late) = get("/api/search?q=operator&years=923362..&limit=0");
    assert_eq!((status, late["total"].as_u64()), (StatusCode::OK, Some(0)));

    // match=any, the default as the search's, counts what the search ranks
    // (its total); match=all the ideas with every word (its every_word). An
    // idea of the seed has one project.
    let (_, s) = get("/api/search?q=webassembly%20plugin&limit=0");
    let sum = |c: Vec<(String, u64)>| c.iter().map(|(_, n)| n).sum::<u64>();
    let any = sum(facet_counts("by=project&q=webassembly%20plugin&match=any"));
    let default = sum(facet_counts("by=project&q=webassembly%20plugin"));
    let all = sum(facet_counts("by=project&q=webassembly%20plugin&match=all"));
    assert_eq!(s["total"], any);
    assert_eq!(default, any);
    assert_eq!(s["every_word"], all);
    assert!(all < any, "{all} {any}");
}

#[test]
fn the_search_page_is_served_from_the_binary() {
    let page = common::cli::root().join("src/serve/page");
    let (status, headers, body) = fetch("/");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
    assert_eq!(body, std::fs::read(page.join("index.html")).unwrap());
    for (uri, file, kind) in [
        ("/assets/app.js", "app.js", "text/javascript; charset=utf-8"),
        ("/assets/style.css", "style.css", "text/css; charset=utf-8"),
    ] {
        let (status, headers, body) = fetch(uri);
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(headers["content-type"], kind, "{uri}");
        assert_eq!(body, std::fs::read(page.join(file)).unwrap(), "{uri}");
    }
    // An idea's page and its similar ideas: the shell, 404 for an unknown id.
    let id = search::Request::new("rust")
        .limit(1)
        .run(&ix())
        .unwrap()
        .hits[0]
        .idea
        .id
        .clone();
    for view in ["idea", "similar"] {
        let (status, headers, _) = fetch(&format!("/{view}/{id}"));
        assert_eq!(status, StatusCode::OK, "{view}/{id}");
        assert_eq!(headers["content-type"], "text/html; charset=utf-8");
        let (status, _, body) = fetch(&format!("/{view}/lfx-2024-1/nothing/here"));
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(String::from_utf8(body).unwrap().contains("/assets/app.js"));
    }
}

#[test]
fn errors_are_json_with_the_right_status() {
    let long = "a".repeat(1001);
    let cases: Vec<(String, StatusCode, &str)> = vec![
        (
            format!("/api/search?q={}rust", "(".repeat(33)),
            StatusCode::BAD_REQUEST,
            "query over a limit at column 33",
        ),
        (
            format!("/api/search?q={long}"),
            StatusCode::BAD_REQUEST,
            "over the limit of 1000",
        ),
        (
            "/api/search?q=x&limit=101".into(),
            StatusCode::BAD_REQUEST,
            "limit: at most 100",
        ),
        (
            "/api/search?q=x&offset=10001".into(),
            StatusCode::BAD_REQUEST,
            "offset: at most 10000",
        ),
        (
            "/api/search?q=x&years=2025..2020".into(),
            StatusCode::BAD_REQUEST,
            "years:",
        ),
        (
            "/api/search?q=x&year=20x5".into(),
            StatusCode::BAD_REQUEST,
            "not a year",
        ),
        (
            "/api/search?q=x&term=4".into(),
            StatusCode::BAD_REQUEST,
            "term",
        ),
        (
            "/api/search?q=x&program=ospp".into(),
            StatusCode::BAD_REQUEST,
            "program",
        ),
        (
            "/api/search?q=x&status=selected".into(),
            StatusCode::BAD_REQUEST,
            "status",
        ),
        (
            "/api/search?q=x&limit=-1".into(),
            StatusCode::BAD_REQUEST,
            "query string: ",
        ),
        (
            "/api/similar/x?limit=2.5".into(),
            StatusCode::BAD_REQUEST,
            "query string: ",
        ),
        (
            "/api/similar/x?before=".into(),
            StatusCode::BAD_REQUEST,
            "before: '' is not a whole number",
        ),
        (
            "/api/facets?by=colour".into(),
            StatusCode::BAD_REQUEST,
            "unknown facet 'colour'",
        ),
        (
            "/api/facets?by=project,program".into(),
            StatusCode::BAD_REQUEST,
            "by takes one of",
        ),
        (
            "/api/ideas/no/such/id".into(),
            StatusCode::NOT_FOUND,
            "no idea with id 'no/such/id'",
        ),
        (
            "/api/similar/no/such/id".into(),
            StatusCode::NOT_FOUND,
            "no idea",
        ),
        (
            "/api/nothing".into(),
            StatusCode::NOT_FOUND,
            "no such route",
        ),
        (
            "/api/facets?q=rust&match=some".into(),
            StatusCode::BAD_REQUEST,
            "match: 'some' is not all or any",
        ),
        (
            "/api/search?year=2019,twenty".into(),
            StatusCode::BAD_REQUEST,
            "year: 'twenty' is not a year",
        ),
    ];
    for (uri, status, says) in &cases {
        let (got, _, bytes) = fetch(uri);
        assert_eq!(got, *status, "{uri}: {}", String::from_utf8_lossy(&bytes));
        let body: Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("{uri}: not JSON: {}", String::from_utf8_lossy(&bytes)));
        check("Error", &body);
        assert!(
            body["error"]["message"].as_str().unwrap().contains(says),
            "{uri}: {body}"
        );
    }
}

#[test]
fn the_binary_serves_on_a_free_loopback_port_and_refuses_other_addresses() {
    let s = common::cli::Sandbox::new();
    let out = s
        .cmd()
        .args(["serve", "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--public"));

    let server = s.serve();
    let addr = &server.addr;
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    write!(
        conn,
        "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    conn.read_to_string(&mut reply).unwrap();
    drop(server);
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("\"documents\":150"), "{reply}");
}

/// `req` through `app`'s router: status, headers and JSON body.
fn send(
    app: Arc<ideas::serve::App>,
    req: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let res = ideas::serve::app_router(app).oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        let bytes = axum::body::to_bytes(body, 64 << 20).await.unwrap();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
        (parts.status, parts.headers, body)
    })
}

fn app(running: usize, waiting: usize) -> Arc<ideas::serve::App> {
    Arc::new(ideas::serve::App {
        live: Arc::new(ideas::serve::Live::fixed(ix())),
        searches: ideas::serve::Searches::new(running, waiting),
    })
}

#[test]
fn a_full_search_line_answers_503_with_retry_after_and_healthz_still_answers() {
    let app = app(1, 0);
    let held = app.searches.admit().unwrap();
    let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    for uri in [
        "/api/search?q=rust",
        "/api/stats",
        &format!("/api/ideas/{ID}"),
    ] {
        let (status, headers, body) = send(app.clone(), get(uri));
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{uri}: {body}");
        assert_eq!(headers["retry-after"], "1", "{uri}");
        check("Error", &body);
    }
    let (status, _, body) = send(app.clone(), get("/healthz"));
    assert_eq!(status, StatusCode::OK, "{body}");
    drop(held);
    let (status, _, body) = send(app.clone(), get("/api/search?q=rust"));
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[test]
fn other_methods_and_axum_s_own_rejections_answer_json() {
    let app = app(2, 4);
    let (status, headers, body) = send(
        app.clone(),
        Request::post("/api/search?q=rust")
            .body(Body::from("x"))
            .unwrap(),
    );
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");
    assert!(headers["allow"].to_str().unwrap().contains("GET"));
    check("Error", &body);
    assert!(body["error"]["message"].as_str().unwrap().contains("POST"));
    // A path that is not UTF-8 once decoded: axum's rejection, in JSON.
    for uri in ["/api/ideas/%FF", "/api/similar/a%FFb"] {
        let (status, _, body) = send(app.clone(), Request::get(uri).body(Body::empty()).unwrap());
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        check("Error", &body);
    }
}

#[test]
fn before_takes_any_integer_as_the_schema_says() {
    let doc = openapi();
    let params = doc["paths"]["/api/similar/{id}"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let before = params.iter().find(|p| p["name"] == "before").unwrap();
    let (lo, hi) = (
        before["schema"]["minimum"].as_i64().unwrap(),
        before["schema"]["maximum"].as_i64().unwrap(),
    );
    let ids = |q: &str| -> Vec<String> {
        let (status, body) = get(&format!("/api/similar/{ID}?limit=100{q}"));
        assert_eq!(status, StatusCode::OK, "{q}: {body}");
        check("SimilarResponse", &body);
        body.as_array()
            .unwrap()
            .iter()
            .map(|h| h["idea"]["id"].as_str().unwrap().to_string())
            .collect()
    };
    let all = ids("");
    assert!(!all.is_empty());
    for b in [lo, -9_999_999_999, -1, 0] {
        assert_eq!(ids(&format!("&before={b}")), Vec::<String>::new(), "{b}");
    }
    for b in [hi, 99_999_999_999, 65_536] {
        assert_eq!(ids(&format!("&before={b}")), all, "{b}");
    }
    let (status, _) = get(&format!("/api/similar/{ID}?before={hi}0"));
    assert_eq!(status, StatusCode::BAD_REQUEST, "past the schema's maximum");
}

#[test]
fn an_empty_filtered_search_answers_the_totals_without_each_filter() {
    let q = "/api/search?q=operator&project=volcano&year=2019&limit=0";
    let (status, body) = get(q);
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total"], 0, "{body}");
    check("SearchResponse", &body);
    let total = |uri: &str| get(uri).1["total"].as_u64().unwrap();
    let want = serde_json::json!([
        {"filter": "project", "value": "volcano",
         "total": total("/api/search?q=operator&year=2019&limit=0")},
        {"filter": "year", "value": "2019",
         "total": total("/api/search?q=operator&project=volcano&limit=0")},
    ]);
    assert_eq!(body["relaxed_filters"], want);
    assert!(want[0]["total"].as_u64().unwrap() > 0, "{want}");
    // Absent when something matched, and when no filter was given.
    let (_, hit) = get("/api/search?q=operator&year=2019&limit=0");
    assert!(hit.get("relaxed_filters").is_none(), "{hit}");
    let (_, none) = get("/api/search?q=qqqqzzzzxx&limit=0");
    assert!(none.get("relaxed_filters").is_none(), "{none}");
}

/// Issue 17, item 2: text the grammar refuses (an unknown `field:`, an
/// unclosed quote or parenthesis, a URL) is searched as plain words, 200
/// with a `note` the schema declares; real syntax has no note; the limits
/// stay a 400.
#[test]
fn refused_query_text_is_searched_as_plain_words_with_a_note() {
    let enc = |q: &str| {
        q.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    for &(q, top, says) in common::REFUSED_QUERIES {
        let (status, body) = get(&format!("/api/search?q={}&limit=3", enc(q)));
        assert_eq!(status, StatusCode::OK, "{q}: {body}");
        check("SearchResponse", &body);
        let note = body["note"]
            .as_str()
            .unwrap_or_else(|| panic!("{q}: {body}"));
        assert!(note.starts_with("searched as plain words: "), "{q}: {note}");
        assert!(note.contains(says), "{q}: {note}");
        assert!(!note.contains('\n'), "{note}");
        if let Some(top) = top {
            assert_eq!(body["hits"][0]["idea"]["id"], top, "{q}");
        }
        let (status, counts) = get(&format!("/api/facets?q={}", enc(q)));
        assert_eq!(status, StatusCode::OK, "{q}: {counts}");
    }
    // The plain words of a title find it as its words would.
    let (_, plain) = get("/api/search?q=Move2Kube%20WASM%20Transformers&limit=3");
    let (_, colon) = get("/api/search?q=Move2Kube%3A%20WASM%20Transformers&limit=3");
    assert_eq!(plain["total"], colon["total"]);
    assert_eq!(plain["hits"], colon["hits"]);
    for q in common::REAL_SYNTAX {
        let (status, body) = get(&format!("/api/search?q={}&limit=1", enc(q)));
        assert_eq!(status, StatusCode::OK, "{q}: {body}");
        assert!(body.get("note").is_none(), "{q}: {body}");
    }
    let (_, title) = get("/api/search?q=title%3Arust&limit=0");
    let (_, rust) = get("/api/search?q=rust&limit=0");
    assert!(
        title["total"].as_u64() < rust["total"].as_u64(),
        "title: is a field still"
    );
    let (status, body) = get(&format!("/api/search?q={}rust", "%28".repeat(33)));
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}
