//! Two layers over every route: the `Host` check (a DNS-rebinding
//! defence) and JSON bodies for the errors axum and hyper answer themselves.

use super::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

/// The `Host` values a loopback server answers: `localhost`, `127.0.0.1`,
/// `[::1]` and the listen address itself, each with the port (and without
/// it on port 80), lower case.
///
/// A page on another site can point its own name at 127.0.0.1 (DNS
/// rebinding) and then read the API as same-origin; its requests still
/// carry that name as `Host`, so they are refused.
pub fn loopback_hosts(local: SocketAddr) -> Vec<String> {
    let port = local.port();
    let mut names = vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "[::1]".to_string(),
    ];
    let own = match local {
        SocketAddr::V4(a) => a.ip().to_string(),
        SocketAddr::V6(a) => format!("[{}]", a.ip()),
    };
    if !names.contains(&own) {
        names.push(own);
    }
    let mut hosts: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
    if port == 80 {
        hosts.extend(names);
    }
    hosts
}

/// Refuses a request whose `Host` (or, without one, URI authority) is not
/// one of `hosts`: 421 Misdirected Request, as JSON.
pub async fn check_host(
    State(hosts): State<Arc<Vec<String>>>,
    req: Request,
    next: Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()));
    match host {
        Some(h) if hosts.contains(&h.to_ascii_lowercase()) => next.run(req).await,
        h => ApiError {
            status: StatusCode::MISDIRECTED_REQUEST,
            message: format!(
                "Host {} is not this server's name ({}); pass --public to answer any Host",
                h.map_or("(none)".into(), |h| format!("'{h}'")),
                hosts.join(", ")
            ),
            retry_after: None,
        }
        .into_response(),
    }
}

/// `405`: which methods the API takes.
pub async fn method_not_allowed(method: Method) -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: format!("method {method} not allowed: the API answers GET (and HEAD)"),
        retry_after: None,
    }
}

/// Longest plain-text error body read back to be put in JSON.
const TEXT_LIMIT: usize = 16 << 10;

/// Rewrites an error that is neither JSON nor the page (HTML) as the API's
/// JSON error, keeping its status and headers: axum's own rejections (a
/// path that is not UTF-8, ...) answer in plain text.
pub async fn json_errors(res: Response) -> Response {
    let status = res.status();
    let kind = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .unwrap_or("");
    if !(status.is_client_error() || status.is_server_error())
        || kind.starts_with("application/json")
        || kind.starts_with("text/html")
    {
        return res;
    }
    let (parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, TEXT_LIMIT)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = match text.is_empty() {
        true => status.canonical_reason().unwrap_or("error").to_string(),
        false => text,
    };
    let mut out = ApiError {
        status,
        message,
        retry_after: None,
    }
    .into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_with_the_port() {
        let hosts = loopback_hosts("127.0.0.1:7700".parse().unwrap());
        assert_eq!(
            hosts,
            ["localhost:7700", "127.0.0.1:7700", "[::1]:7700"].map(String::from)
        );
        let hosts = loopback_hosts("127.0.0.2:80".parse().unwrap());
        assert!(hosts.contains(&"127.0.0.2:80".into()) && hosts.contains(&"localhost".into()));
    }
}
