//! A server function that fails before its body runs (arguments that do not
//! parse) answers with Leptos's default 500. This layer gives every `/api/`
//! error the status its [`AppError`] code stands for, so a malformed request
//! is a 422, never a server fault.

use app::error::AppError;
use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// Largest error body read back (errors are a code and a sentence).
const MAX_ERROR_BYTES: usize = 16 * 1024;

/// Re-reads a 500 from a server function and answers with the error's own status.
pub async fn error_status(req: Request<Body>, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let resp = next.run(req).await;
    if !is_api || resp.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let bytes = match to_bytes(body, MAX_ERROR_BYTES).await {
        Ok(b) => b,
        Err(_) => return Response::from_parts(parts, Body::empty()),
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(err.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
