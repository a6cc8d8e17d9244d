//! `ideas serve`: a JSON API over one open index, axum on tokio, and the
//! search page that uses it ([`page`]). The API's routes, parameters and
//! bodies are described in `schema/openapi.json`; every answer comes from
//! the same functions as the CLI's.
//!
//! Errors are JSON, `{"error": {"status": 400, "message": "..."}}`: 400 for
//! a bad parameter or query (with the query column), 404 for an unknown id
//! or route, 500 otherwise.

use crate::facets;
use crate::idea::{Idea, Program};
use crate::index::IdeaIndex;
use crate::output::SearchJson;
use crate::query::Matching;
use crate::search::{self, Filters};
use crate::similar::{self, Like};
use anyhow::{bail, Context, Result};
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::Arc;

mod page;

/// Longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Most hits in one page (`limit`).
pub const MAX_LIMIT: usize = 100;
/// Deepest page start (`offset`): past it, a client should narrow the query.
pub const MAX_OFFSET: usize = 10_000;

/// An API error: its HTTP status and a message for people.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    fn bad(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": {"status": self.status.as_u16(), "message": self.message}
        });
        (self.status, Json(body)).into_response()
    }
}

/// Query errors (syntax, unknown field) are the client's; the rest are ours.
fn classify(e: anyhow::Error) -> ApiError {
    let client = e.chain().any(|c| c.is::<crate::query::QueryError>());
    ApiError {
        status: match client {
            true => StatusCode::BAD_REQUEST,
            false => StatusCode::INTERNAL_SERVER_ERROR,
        },
        message: format!("{e:#}"),
    }
}

type Shared = Arc<IdeaIndex>;
type ApiResult<T> = std::result::Result<Json<T>, ApiError>;

/// Query parameters, read with serde_html_form: a repeated key
/// (`project=A&project=B`) fills a list, and a value of the wrong type is a
/// JSON 400 like every other error (axum's `Query` answers in plain text).
pub struct Params<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> std::result::Result<Self, ApiError> {
        serde_html_form::from_str(parts.uri.query().unwrap_or(""))
            .map(Params)
            .map_err(|e| ApiError::bad(format!("query string: {e}")))
    }
}

/// Filter parameters shared by `/api/search` and `/api/facets`. A list is
/// the parameter repeated (`project=Karmada&project=Volcano`): project
/// names may hold commas. Years may also be comma-separated (`2019,2025`).
#[derive(Debug, Default, Deserialize)]
pub struct FilterParams {
    #[serde(default)]
    pub project: Vec<String>,
    /// One year or several (any of them).
    #[serde(default)]
    pub year: Vec<String>,
    /// `2023..2025`, `2024..` or `..2023`.
    pub years: Option<String>,
    /// `lfx` or `gsoc`.
    pub program: Option<String>,
    // Text, not u8: the error then says what a term is.
    pub term: Option<String>,
    #[serde(default)]
    pub skill: Vec<String>,
}

/// The non-empty values of a repeated parameter.
fn present(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(String::from)
        .collect()
}

impl FilterParams {
    fn filters(&self) -> std::result::Result<Filters, ApiError> {
        let year: Vec<String> = self
            .year
            .iter()
            .flat_map(|y| y.split(','))
            .map(String::from)
            .collect();
        let year = present(&year);
        let years = match (
            self.years
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty()),
            year.is_empty(),
        ) {
            (Some(_), false) => return Err(ApiError::bad("give year or years, not both")),
            (Some(r), true) => {
                vec![crate::cli::parse_years(r).map_err(|e| ApiError::bad(format!("years: {e}")))?]
            }
            (None, _) => year
                .iter()
                .map(|y| match y.parse::<u16>() {
                    Ok(y) => Ok((y, y)),
                    Err(_) => Err(ApiError::bad(format!("year: '{y}' is not a year"))),
                })
                .collect::<std::result::Result<_, _>>()?,
        };
        let program = match &self.program {
            None => None,
            Some(p) => Some(
                Program::parse(p)
                    .ok_or_else(|| ApiError::bad(format!("program: '{p}' is not lfx or gsoc")))?,
            ),
        };
        let term = match &self.term {
            None => None,
            Some(t) => match t.parse::<u8>() {
                Ok(t @ 1..=3) => Some(t),
                _ => {
                    return Err(ApiError::bad(format!(
                        "term: '{t}' is not an LFX term (1, 2 or 3)"
                    )))
                }
            },
        };
        Ok(Filters {
            projects: present(&self.project),
            years,
            program,
            term,
            skills: present(&self.skill),
        })
    }
}

fn check_query(q: &str) -> std::result::Result<(), ApiError> {
    match q.chars().count() {
        n if n > MAX_QUERY_CHARS => Err(ApiError::bad(format!(
            "q: {n} characters, over the limit of {MAX_QUERY_CHARS}"
        ))),
        _ => Ok(()),
    }
}

fn check_page(limit: usize, offset: usize) -> std::result::Result<(), ApiError> {
    if limit > MAX_LIMIT {
        return Err(ApiError::bad(format!("limit: at most {MAX_LIMIT}")));
    }
    if offset > MAX_OFFSET {
        return Err(ApiError::bad(format!("offset: at most {MAX_OFFSET}")));
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    #[serde(default = "ten")]
    pub limit: usize,
    #[serde(default)]
    pub offset: usize,
}

fn ten() -> usize {
    10
}

/// Runs `f` on the blocking pool: searches are CPU work on mmap'd files.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> std::result::Result<T, ApiError> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| ApiError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        message: e.to_string(),
    })?
}

/// `GET /api/search`: the body of `ideas search --json`.
async fn api_search(
    State(ix): State<Shared>,
    Params(p): Params<SearchParams>,
    Params(f): Params<FilterParams>,
) -> ApiResult<serde_json::Value> {
    check_query(&p.q)?;
    check_page(p.limit, p.offset)?;
    let filters = f.filters()?;
    blocking(move || {
        let r = search::search(&ix, &p.q, &filters, p.limit, p.offset).map_err(classify)?;
        let doc = SearchJson {
            query: &p.q,
            limit: p.limit,
            offset: p.offset,
            results: &r,
        };
        serde_json::to_value(doc).map_err(|e| classify(e.into()))
    })
    .await
    .map(Json)
}

#[derive(Debug, Deserialize)]
pub struct SimilarParams {
    #[serde(default = "ten")]
    pub limit: usize,
    /// Only ideas from years before this one.
    pub before: Option<u16>,
}

fn find(ix: &IdeaIndex, id: &str) -> std::result::Result<Idea, ApiError> {
    ix.find(id)
        .map_err(classify)?
        .map(|(_, idea)| idea)
        .ok_or_else(|| ApiError::not_found(format!("no idea with id '{id}'")))
}

/// `GET /api/similar/{id}`: the body of `ideas similar ID --json`.
async fn api_similar(
    State(ix): State<Shared>,
    Path(id): Path<String>,
    Params(p): Params<SimilarParams>,
) -> ApiResult<Vec<similar::SimilarHit>> {
    check_page(p.limit, 0)?;
    blocking(move || {
        let idea = find(&ix, &id)?;
        similar::similar(&ix, Like::Idea(&idea), p.limit, p.before).map_err(classify)
    })
    .await
    .map(Json)
}

/// `GET /api/ideas/{id}`: one idea record (`schema/idea.schema.json`).
async fn api_idea(State(ix): State<Shared>, Path(id): Path<String>) -> ApiResult<Idea> {
    blocking(move || find(&ix, &id)).await.map(Json)
}

#[derive(Debug, Deserialize)]
pub struct FacetParams {
    #[serde(default = "project")]
    pub by: String,
    #[serde(default)]
    pub q: String,
    /// `all` (default): ideas with every word; `any`: every idea a search
    /// for `q` ranks, so counts add up to its `total`.
    #[serde(default, rename = "match")]
    pub matching: Option<String>,
}

fn project() -> String {
    "project".into()
}

/// `GET /api/facets`: the body of `ideas facets --json`.
async fn api_facets(
    State(ix): State<Shared>,
    Params(p): Params<FacetParams>,
    Params(f): Params<FilterParams>,
) -> ApiResult<facets::Answer> {
    check_query(&p.q)?;
    let filters = f.filters()?;
    let by = facets::By::parse(&p.by).map_err(|e| ApiError::bad(format!("{e:#}")))?;
    let matching = match p.matching.as_deref() {
        None | Some("all") => Matching::All,
        Some("any") => Matching::Tiered,
        Some(m) => return Err(ApiError::bad(format!("match: '{m}' is not all or any"))),
    };
    blocking(move || facets::answer(&ix, &p.q, &filters, by, matching).map_err(classify))
        .await
        .map(Json)
}

/// `GET /api/stats`: the body of `ideas stats --json`.
async fn api_stats(State(ix): State<Shared>) -> ApiResult<crate::output::Stats> {
    blocking(move || facets::stats(&ix).map_err(classify))
        .await
        .map(Json)
}

/// `GET /healthz`: `{"status": "ok", "documents": N}`.
async fn healthz(State(ix): State<Shared>) -> Json<serde_json::Value> {
    Json(serde_json::json!({"status": "ok", "documents": ix.num_docs()}))
}

async fn no_route() -> ApiError {
    ApiError::not_found("no such route (the API is described in schema/openapi.json)")
}

/// The API's and the page's routes over `ix`.
pub fn router(ix: Arc<IdeaIndex>) -> Router {
    Router::new()
        .merge(page::routes())
        .route("/healthz", get(healthz))
        .route("/api/search", get(api_search))
        .route("/api/similar/{*id}", get(api_similar))
        .route("/api/ideas/{*id}", get(api_idea))
        .route("/api/facets", get(api_facets))
        .route("/api/stats", get(api_stats))
        .fallback(no_route)
        .with_state(ix)
}

/// Serves [`router`] on `addr` until Ctrl-C, printing `listening on
/// http://ADDR` (with the real port when `addr` asks for port 0) first.
///
/// Errors: `addr` is not a loopback address and `public` is false (the API
/// has no authentication), or it cannot be bound.
pub fn run(ix: IdeaIndex, addr: SocketAddr, public: bool) -> Result<()> {
    if !addr.ip().is_loopback() && !public {
        bail!("{addr} is reachable from other machines, and the API has no authentication: pass --public to serve there anyway");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        let local = listener.local_addr()?;
        println!("listening on http://{local}");
        axum::serve(listener, router(Arc::new(ix)))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("serving")
    })
}
