//! `ideas serve`: a JSON API over one open index, axum on tokio, and the
//! search page that uses it ([`page`]). The API's routes, parameters and
//! bodies are described in `schema/openapi.json`; every answer comes from
//! the same functions as the CLI's.
//!
//! Errors are JSON, `{"error": {"status": 400, "message": "..."}}`: 400 for
//! a bad parameter or query (with the query column), 404 for an unknown id
//! or route, 405 for a method other than GET/HEAD, 421 for a `Host` that is
//! not the server's ([`guard`]), 503 with `Retry-After` when the search line
//! is full ([`limits`]), 500 otherwise. No body names a filesystem path.
//!
//! The server reopens the index when a build swaps its `CURRENT` ([`live`]),
//! and bounds its connections and their timeouts ([`http`]).

use crate::error::{Context, Error, Result};
use crate::facets;
use crate::idea::{Idea, Program, Status};
use crate::index::IdeaIndex;
use crate::query::MatchingStrategy;
use crate::search::{self, Filters};
use crate::similar::{self, Like};
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub mod guard;
pub mod http;
pub mod limits;
pub mod live;
mod page;

pub use limits::Searches;
pub use live::Live;

/// Longest query text accepted, in characters.
pub(crate) const MAX_QUERY_CHARS: usize = 1_000;
/// Most hits in one page (`limit`).
pub(crate) const MAX_LIMIT: usize = 100;
/// Deepest page start (`offset`): past it, a client should narrow the query.
pub(crate) const MAX_OFFSET: usize = 10_000;

/// An API error: its HTTP status and a message for people.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    /// Seconds for `Retry-After` (with 503).
    pub retry_after: Option<u64>,
}

impl ApiError {
    fn bad(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            retry_after: None,
        }
    }

    fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
            retry_after: None,
        }
    }

    fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: message.into(),
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": {"status": self.status.as_u16(), "message": self.message}
        });
        let mut r = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        r
    }
}

/// A name not in the index is 404; the client's other errors (query text,
/// input: [`Error::is_user`]) are 400; the index's or the machine's are 500.
fn classify(e: Error) -> ApiError {
    ApiError {
        status: match e.root() {
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            e if e.is_user() => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        },
        message: format!("{e:#}"),
        retry_after: None,
    }
}

/// What every handler shares: the live index and the search line.
pub struct App {
    pub live: Arc<Live>,
    pub searches: Searches,
}

impl App {
    /// Runs `f` over the current index (reopened if `CURRENT` moved) on
    /// the blocking pool, once the search line lets it (else 503). Paths
    /// under the index folder in an error are given relative to it.
    async fn with_index<T: Send + 'static>(
        &self,
        f: impl FnOnce(&IdeaIndex) -> std::result::Result<T, ApiError> + Send + 'static,
    ) -> std::result::Result<T, ApiError> {
        let place = self.searches.admit()?;
        let live = self.live.clone();
        self.searches
            .run(place, move || {
                let ix = live.fresh();
                f(&ix).map_err(|mut e| {
                    if let Some(root) = live.root() {
                        e.message = e.message.replace(&root.display().to_string(), "<index>");
                    }
                    e
                })
            })
            .await
    }
}

type Shared = Arc<App>;
type ApiResult<T> = std::result::Result<Json<T>, ApiError>;

/// Query parameters, read with serde_html_form: a repeated key
/// (`project=A&project=B`) fills a list, and a value of the wrong type is a
/// JSON 400 like every other error (axum's `Query` answers in plain text).
pub(crate) struct Params<T>(pub T);

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
pub(crate) struct FilterParams {
    #[serde(default)]
    pub project: Vec<String>,
    /// One year or several (any of them).
    #[serde(default)]
    pub year: Vec<String>,
    /// `2023..2025`, `2024..` or `..2023`.
    pub years: Option<String>,
    /// `lfx` or `gsoc`.
    pub program: Option<String>,
    /// `accepted` or `proposed`.
    pub status: Option<String>,
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

/// The years of the repeated `year` parameter, each value empty (no
/// filter, as a form sends an unset field) or four-digit years joined by
/// commas: the schema's pattern, kept exactly so that what it refuses is
/// refused here too.
fn years_listed(values: &[String]) -> std::result::Result<Vec<u16>, ApiError> {
    let mut years = Vec::new();
    for v in values.iter().filter(|v| !v.is_empty()) {
        for y in v.split(',') {
            if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ApiError::bad(format!(
                    "year: '{y}' is not a year (four digits, commas between)"
                )));
            }
            // Four ASCII digits: at most 9999, always a u16.
            years.push(y.parse().unwrap_or_default());
        }
    }
    Ok(years)
}

/// `years` with every run of digits past 65535 read as 65535: the schema
/// allows any digits, and a bound past the last year (`u16`) leaves every
/// year in. The CLI keeps such a bound a usage error.
fn clamp_years(r: &str) -> String {
    let mut out = String::with_capacity(r.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if !digits.is_empty() {
            let big = digits.trim_start_matches('0').len() > 5
                || digits.parse::<u32>().is_ok_and(|n| n > u32::from(u16::MAX));
            out.push_str(if big { "65535" } else { digits });
            digits.clear();
        }
    };
    for c in r.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

/// The years of `year` that fall in the inclusive `range`, each as a
/// one-year range; none in it gives the year 0, which no idea has (an
/// empty list would mean no filter).
fn within(year: &[u16], range: (u16, u16)) -> Vec<(u16, u16)> {
    let kept: Vec<(u16, u16)> = year
        .iter()
        .filter(|y| (range.0..=range.1).contains(y))
        .map(|&y| (y, y))
        .collect();
    match kept.is_empty() {
        true => vec![(0, 0)],
        false => kept,
    }
}

impl FilterParams {
    fn filters(&self) -> std::result::Result<Filters, ApiError> {
        let year = years_listed(&self.year)?;
        let years = match (
            self.years
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty()),
            year.is_empty(),
        ) {
            (Some(r), only_range) => {
                let range = crate::query::filter::parse_years(&clamp_years(r))
                    .map_err(|e| ApiError::bad(format!("years: {e}")))?;
                match only_range {
                    true => vec![range],
                    // Both given: filters combine with AND, as every other pair.
                    false => within(&year, range),
                }
            }
            (None, _) => year.iter().map(|&y| (y, y)).collect(),
        };
        let program = match &self.program {
            None => None,
            Some(p) => Some(
                Program::parse(p)
                    .ok_or_else(|| ApiError::bad(format!("program: '{p}' is not lfx or gsoc")))?,
            ),
        };
        let status = status_param(self.status.as_deref())?;
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
            status,
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
pub(crate) struct SearchParams {
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

/// `GET /api/search`: the body of `ideas search --json`.
async fn api_search(
    State(app): State<Shared>,
    Params(p): Params<SearchParams>,
    Params(f): Params<FilterParams>,
) -> ApiResult<serde_json::Value> {
    check_query(&p.q)?;
    check_page(p.limit, p.offset)?;
    let filters = f.filters()?;
    app.with_index(move |ix| {
        let r = search::Request::new(&p.q)
            .filters(filters.clone())
            .limit(p.limit)
            .offset(p.offset)
            .run(ix)
            .map_err(classify)?;
        let doc = crate::search::Page {
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
pub(crate) struct SimilarParams {
    #[serde(default = "ten")]
    pub limit: usize,
    /// Only ideas from years before this one: any integer (the schema's),
    /// so 0 or less leaves none and past 65535 leaves all. Read as text so
    /// that an empty `before=` is refused, as the schema's integer says.
    pub before: Option<String>,
    /// `accepted` or `proposed`.
    pub status: Option<String>,
}

/// `status=` as a [`Status`]; 400 for anything but `accepted`/`proposed`.
fn status_param(status: Option<&str>) -> std::result::Result<Option<Status>, ApiError> {
    status
        .map(|s| {
            Status::parse(s)
                .ok_or_else(|| ApiError::bad(format!("status: '{s}' is not accepted or proposed")))
        })
        .transpose()
}

/// `before` as the years [`similar::Request`] takes (`u16`); 400 for text
/// that is not a whole number (the empty string included).
fn before_year(before: Option<&str>) -> std::result::Result<Option<u16>, ApiError> {
    let Some(text) = before else { return Ok(None) };
    let b: i64 = text
        .trim()
        .parse()
        .map_err(|_| ApiError::bad(format!("before: '{text}' is not a whole number")))?;
    Ok(u16::try_from(b.max(0)).ok())
}

fn find(ix: &IdeaIndex, id: &str) -> std::result::Result<Idea, ApiError> {
    ix.get(id).map_err(classify)
}

/// `GET /api/similar/{id}`: the body of `ideas similar ID --json`.
async fn api_similar(
    State(app): State<Shared>,
    Path(id): Path<String>,
    Params(p): Params<SimilarParams>,
) -> ApiResult<Vec<similar::SimilarHit>> {
    check_page(p.limit, 0)?;
    let before = before_year(p.before.as_deref())?;
    let status = status_param(p.status.as_deref())?;
    app.with_index(move |ix| {
        let idea = find(ix, &id)?;
        similar::Request::new(Like::Idea(&idea))
            .limit(p.limit)
            .before(before)
            .status(status)
            .run(ix)
            .map_err(classify)
    })
    .await
    .map(Json)
}

/// `GET /api/ideas/{id}`: one idea record (`schema/idea.schema.json`).
async fn api_idea(State(app): State<Shared>, Path(id): Path<String>) -> ApiResult<Idea> {
    app.with_index(move |ix| find(ix, &id)).await.map(Json)
}

#[derive(Debug, Deserialize)]
pub(crate) struct FacetParams {
    #[serde(default = "project")]
    pub by: String,
    #[serde(default)]
    pub q: String,
    /// `any` (default, as `ideas facets`): every idea a search for `q`
    /// ranks, so counts add up to its `total`; `all`: ideas with every
    /// word, its `every_word`.
    #[serde(default, rename = "match")]
    pub matching: Option<String>,
}

fn project() -> String {
    "project".into()
}

/// `GET /api/facets`: the body of `ideas facets --json`.
async fn api_facets(
    State(app): State<Shared>,
    Params(p): Params<FacetParams>,
    Params(f): Params<FilterParams>,
) -> ApiResult<facets::Answer> {
    check_query(&p.q)?;
    let filters = f.filters()?;
    let by = facets::By::parse(&p.by).map_err(|e| ApiError::bad(format!("{e:#}")))?;
    let matching = match p.matching.as_deref() {
        Some("all") => MatchingStrategy::All,
        None | Some("any") => MatchingStrategy::Tiered,
        Some(m) => return Err(ApiError::bad(format!("match: '{m}' is not all or any"))),
    };
    app.with_index(move |ix| facets::answer(ix, &p.q, &filters, by, matching).map_err(classify))
        .await
        .map(Json)
}

/// `GET /api/stats`: the body of `ideas stats --json`, except that `index`
/// is the generation's name (`gen-<unix-ms>-<pid>`), not its path.
async fn api_stats(State(app): State<Shared>) -> ApiResult<crate::facets::Stats> {
    app.with_index(move |ix| {
        let mut s = facets::stats(ix).map_err(classify)?;
        s.index = live::generation(ix);
        // A local source's path is the serving machine's: its name only.
        if let Some(src) = s.source.as_mut().filter(|s| s.starts_with('/')) {
            *src = src.rsplit('/').next().unwrap_or_default().to_string();
        }
        Ok(s)
    })
    .await
    .map(Json)
}

/// `GET /healthz`: `{"status": "ok", "documents": N}`, outside the search
/// line, so it answers while searches queue.
async fn healthz(State(app): State<Shared>) -> Json<serde_json::Value> {
    let ix = match app.live.moved() {
        None => app.live.current(),
        Some(_) => {
            let live = app.live.clone();
            tokio::task::spawn_blocking(move || live.fresh())
                .await
                .unwrap_or_else(|_| app.live.current())
        }
    };
    Json(serde_json::json!({"status": "ok", "documents": ix.num_docs()}))
}

async fn no_route() -> ApiError {
    ApiError::not_found("no such route (the API is described in schema/openapi.json)")
}

/// The API's and the page's routes over `ix`, never reopened, with the
/// default search line ([`Limits::default`]).
pub fn router(ix: Arc<IdeaIndex>) -> Router {
    let l = Limits::default();
    app_router(Arc::new(App {
        live: Arc::new(Live::fixed(ix)),
        searches: Searches::new(l.max_searches, l.search_queue),
    }))
}

/// The API's and the page's routes over `app`; every error body is JSON
/// (the page's 404 excepted, which is its HTML shell).
pub fn app_router(app: Arc<App>) -> Router {
    Router::new()
        .merge(page::routes())
        .route("/healthz", get(healthz))
        .route("/api/search", get(api_search))
        .route("/api/similar/{*id}", get(api_similar))
        .route("/api/ideas/{*id}", get(api_idea))
        .route("/api/facets", get(api_facets))
        .route("/api/stats", get(api_stats))
        .fallback(no_route)
        .method_not_allowed_fallback(guard::method_not_allowed)
        .layer(axum::middleware::map_response(guard::json_errors))
        .with_state(app)
}

/// How many searches run and wait ([`Searches`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Searches at once (the blocking pool has this many threads, and a few
    /// for reloads).
    pub max_searches: usize,
    /// Searches waiting for a turn; past them, 503.
    pub search_queue: usize,
}

impl Default for Limits {
    /// One search per core; 64 waiting.
    fn default() -> Limits {
        Limits {
            max_searches: std::thread::available_parallelism().map_or(2, |n| n.get()),
            search_queue: 64,
        }
    }
}

/// How a server listens and paces itself (`ideas serve`'s flags).
#[derive(Debug, Clone)]
pub struct Options {
    /// Address to listen on (port 0: any free port).
    pub addr: std::net::SocketAddr,
    /// Serve on an address other machines can reach, with any Host header.
    pub public: bool,
    /// Seconds a connection may take to send a request head.
    pub header_timeout: f64,
    /// Most open connections (`None`: below the open-files limit).
    pub max_connections: Option<u64>,
    /// Searches at once (0: one per core).
    pub max_searches: usize,
    /// Searches waiting for a turn; past them the answer is 503.
    pub search_queue: usize,
    /// Seconds between looks at the index's `CURRENT` on an idle server.
    pub reload_poll: f64,
}

/// Serves [`app_router`] on `a.addr` until Ctrl-C, printing `listening on
/// http://ADDR` (with the real port when `addr` asks for port 0) first.
/// Raises the open-files limit first ([`http::raise_open_files`]). `then`:
/// an index folder to move to once it holds an index ([`Live::watching_for`]).
///
/// Errors: `addr` is not a loopback address and `public` is false (the API
/// has no authentication), or it cannot be bound.
pub fn run(ix: IdeaIndex, then: Option<PathBuf>, a: &Options) -> Result<()> {
    let addr = a.addr;
    if !addr.ip().is_loopback() && !a.public {
        return Err(Error::input(format!("{addr} is reachable from other machines, and the API has no authentication: pass --public to serve there anyway")));
    }
    let files = http::raise_open_files();
    let net = http::Net {
        header_timeout: Duration::from_secs_f64(a.header_timeout),
        max_connections: a
            .max_connections
            .map_or_else(|| http::open_files_limit(files), |n| n as usize),
    };
    let limits = match a.max_searches {
        0 => Limits::default().max_searches,
        n => n,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(limits + 4)
        .build()
        .context("starting the server runtime")?;
    let live = Arc::new(match then {
        Some(then) => Live::watching_for(ix, then),
        None => Live::watching(ix),
    });
    let app = Arc::new(App {
        live: live.clone(),
        searches: Searches::new(limits, a.search_queue),
    });
    let poll = Duration::from_secs_f64(a.reload_poll);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        let local = listener.local_addr().context("reading the bound address")?;
        let mut routes = app_router(app);
        if !a.public {
            let hosts = Arc::new(guard::loopback_hosts(local));
            routes = routes.layer(axum::middleware::from_fn_with_state(
                hosts,
                guard::check_host,
            ));
        }
        tokio::spawn(live.poll(poll));
        println!("listening on http://{local}");
        http::serve(listener, routes, net, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
        Ok(())
    })
}
