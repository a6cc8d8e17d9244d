//! The search page: one HTML shell, a script and a style sheet, compiled
//! into the binary (`include_str!`), so `ideas serve` needs no files beside
//! it. The shell answers `/`, `/idea/{id}` and `/similar/{id}`; the script
//! picks the view from the path and asks the JSON API for everything else.

use super::Shared;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

const SHELL: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/style.css");

/// Same origin only: the page makes no request to another host (links to
/// upstream issues are followed by the user, not fetched).
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            // Assets change with the binary, which has no version in the URL.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

fn shell(status: StatusCode) -> Response {
    let mut r = (status, asset("text/html; charset=utf-8", SHELL)).into_response();
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    r
}

async fn search_page() -> Response {
    shell(StatusCode::OK)
}

/// `/idea/{id}` and `/similar/{id}`: the shell, with 404 for an unknown id
/// (the script then shows the API's message).
async fn idea_page(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    let known = app
        .with_index(move |ix| Ok(matches!(ix.find(&id), Ok(Some(_)))))
        .await;
    match known {
        Ok(true) => shell(StatusCode::OK),
        Ok(false) => shell(StatusCode::NOT_FOUND),
        Err(e) => e.into_response(),
    }
}

/// The page's routes, to be merged into the API's router.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(search_page))
        .route("/idea/{*id}", get(idea_page))
        .route("/similar/{*id}", get(idea_page))
        .route(
            "/assets/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/assets/style.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE) }),
        )
}
