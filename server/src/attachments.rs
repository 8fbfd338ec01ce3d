//! Files on messages over plain HTTP (a server function would carry them as
//! text): `POST /api/cases/{id}/attachments` stores an upload of the caller's
//! case, `GET /attachments/{token}` serves it to those who may see the case,
//! with headers that keep a browser from running or sniffing it.

use app::api::caller::{caller_from_session, Caller};
use app::domain::attachment::{check_upload, clean_filename, too_large, MAX_ATTACHMENT_BYTES};
use app::domain::CaseId;
use app::error::AppError;
use app::state::AppState;
use app::storage::attachments::is_token;
use app::storage::audit::AuditEntry;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tower_sessions::Session;

/// The upload route with a body limit of its own (the rest of the API keeps
/// the small one), and the download route.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: axum::extract::FromRef<S>,
{
    // Room for the file and nothing much else: a larger body is a 413 before
    // it is read to the end.
    let limit = MAX_ATTACHMENT_BYTES + 1;
    Router::new()
        .route(
            "/api/cases/{id}/attachments",
            post(upload).layer(DefaultBodyLimit::max(limit)),
        )
        .route("/attachments/{token}", get(download))
}

fn error(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(e)).into_response()
}

async fn signed_in(state: &AppState, session: &Session) -> Result<Caller, Response> {
    match caller_from_session(state, session).await {
        Ok(Some(c)) => Ok(c),
        Ok(None) => Err(error(AppError::Unauthenticated)),
        Err(e) => Err(error(e)),
    }
}

/// Whether `caller` works the queue of `case`; a denial is audited.
async fn may_see(state: &AppState, caller: &Caller, case: CaseId) -> Result<(), Response> {
    let queue = state
        .storage
        .case_queue(case)
        .await
        .map_err(|e| error(e.into()))?;
    if queue.is_some_and(|q| caller.may_see_queue(q)) {
        return Ok(());
    }
    let target = format!("case:{case}");
    let entry = AuditEntry {
        actor: Some(caller.id),
        actor_label: &caller.email,
        action: "permission_denied",
        target: &target,
        detail: "attachment",
        client_addr: "",
    };
    if let Err(e) = state.storage.audit(&entry).await {
        tracing::error!(error = %e, "could not audit a denial");
    }
    Err(error(AppError::NotFound))
}

/// Stores the body as a file of case `id`; the sender's name for it comes in
/// `X-Filename` (percent-encoded). Answers 201 with the file as the timeline
/// will show it.
async fn upload(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let caller = match signed_in(&state, &session).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let case = CaseId(id);
    if let Err(r) = may_see(&state, &caller, case).await {
        return r;
    }
    let Ok(bytes) = body else {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            Json(AppError::Invalid(too_large())),
        )
            .into_response();
    };
    let content_type = match check_upload(&bytes) {
        Ok(t) => t,
        Err(reason) if bytes.len() > MAX_ATTACHMENT_BYTES => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                Json(AppError::Invalid(reason)),
            )
                .into_response()
        }
        Err(reason) => {
            return error(AppError::InvalidField {
                field: "attachments".into(),
                reason,
            })
        }
    };
    let sent_name = headers
        .get("x-filename")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .unwrap_or_default();
    let filename = clean_filename(&sent_name, content_type);
    match state
        .storage
        .save_attachment(case, caller.id, &filename, content_type, &bytes)
        .await
    {
        Ok(view) => (StatusCode::CREATED, Json(view)).into_response(),
        Err(e) => error(e.into()),
    }
}

/// Serves a file to those who may see its case (before it is on a message,
/// only to its uploader).
async fn download(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> Response {
    let caller = match signed_in(&state, &session).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !is_token(&token) {
        return error(AppError::NotFound);
    }
    let file = match state.storage.attachment(&token).await {
        Ok(Some(f)) => f,
        Ok(None) => return error(AppError::NotFound),
        Err(e) => return error(e.into()),
    };
    if let Err(r) = may_see(&state, &caller, file.case_id).await {
        return r;
    }
    if !file.linked && file.uploaded_by != Some(caller.id) {
        return error(AppError::NotFound);
    }
    let disposition = if file.view.is_image() {
        "inline"
    } else {
        "attachment"
    };
    let ascii: String = file
        .view
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let value = format!(
        "{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encode(&file.view.filename)
    );
    let mut response = Response::new(Body::from(file.data));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&file.view.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&value) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'; sandbox"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    response
}

/// RFC 3986 unreserved characters stay, every other byte becomes `%XX`.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Reverses `encodeURIComponent`; bytes that are not UTF-8 become U+FFFD.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_survive_percent_encoding_both_ways() {
        let name = "Schäden am Auto (1).pdf";
        assert_eq!(percent_decode(&percent_encode(name)), name);
        assert_eq!(percent_encode("a b\"c"), "a%20b%22c");
        assert_eq!(percent_decode("%E2%82%AC%zz%4"), "€%zz%4");
    }
}
