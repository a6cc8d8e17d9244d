//! The API's router called in process, without a socket: for the suites
//! that check answers rather than the server (tests/api.rs,
//! tests/query_limits.rs).

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use ideas::index::IdeaIndex;
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

/// `GET uri` through [`ideas::serve::router`] on `ix`: status, headers and
/// body (at most 64 MiB).
pub fn fetch(ix: Arc<IdeaIndex>, uri: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let req = Request::get(uri).body(Body::empty()).unwrap();
        let res = ideas::serve::router(ix).oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        let bytes = axum::body::to_bytes(body, 64 << 20).await.unwrap();
        (parts.status, parts.headers, bytes.to_vec())
    })
}

/// `GET uri` as [`fetch`] does: status and the body as JSON (panics if it
/// is not JSON).
pub fn get(ix: Arc<IdeaIndex>, uri: &str) -> (StatusCode, Value) {
    let (status, _, bytes) = fetch(ix, uri);
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("{uri}: not JSON: {}", String::from_utf8_lossy(&bytes)));
    (status, body)
}
