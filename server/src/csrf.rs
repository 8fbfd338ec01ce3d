//! Refuses state-changing requests that a browser sent from another site.
//! Leptos does not do this for server functions, so it is a layer over everything.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether the request is a cross-site browser request that must be refused.
pub fn is_cross_site(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        // No Origin and no Sec-Fetch-Site: not a modern browser (curl, an API client).
        None => false,
        Some(origin) => !origin_matches_host(origin, headers),
    }
}

/// Whether `origin` (`scheme://host[:port]`) names the host the request was sent to.
pub fn origin_matches_host(origin: &str, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    origin.split_once("://").is_some_and(|(scheme, rest)| {
        matches!(scheme, "http" | "https") && rest.eq_ignore_ascii_case(host)
    })
}

/// Middleware: 403 for cross-site state changes.
pub async fn reject_cross_site(req: Request<Body>, next: Next) -> Response {
    if is_cross_site(req.method(), req.headers()) {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
        let body = serde_json::to_string(&app::error::AppError::CrossSite).unwrap_or_default();
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn a_post_from_another_site_is_refused() {
        let h = headers(&[("host", "desk.example"), ("origin", "https://evil.example")]);
        assert!(is_cross_site(&Method::POST, &h));
        let h = headers(&[("host", "desk.example"), ("sec-fetch-site", "cross-site")]);
        assert!(is_cross_site(&Method::POST, &h));
        let h = headers(&[("host", "desk.example"), ("origin", "null")]);
        assert!(is_cross_site(&Method::POST, &h));
    }

    #[test]
    fn same_origin_posts_and_reads_pass() {
        let h = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
        ]);
        assert!(!is_cross_site(&Method::POST, &h));
        let h = headers(&[
            ("host", "desk.example"),
            ("sec-fetch-site", "same-origin"),
            ("origin", "https://desk.example"),
        ]);
        assert!(!is_cross_site(&Method::POST, &h));
        let h = headers(&[("host", "desk.example"), ("origin", "https://evil.example")]);
        assert!(!is_cross_site(&Method::GET, &h));
        assert!(!is_cross_site(
            &Method::POST,
            &headers(&[("host", "desk.example")])
        ));
    }
}
