//! The help centre's "Was this helpful?" buttons as a plain HTML form, so
//! they work without WebAssembly: `POST /help/{slug}/feedback` counts the
//! vote on a published article and sends the reader back to it with thanks.

use app::api::caller::resolve_client_addr;
use app::state::AppState;
use app::storage::kb::ArticleFigure;
use app::storage::StorageError;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use serde::Deserialize;
use std::net::SocketAddr;

/// The feedback route.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: axum::extract::FromRef<S>,
{
    Router::new().route("/help/{slug}/feedback", post(feedback))
}

/// The form: `helpful=yes` or `helpful=no`.
#[derive(Debug, Deserialize)]
pub struct Feedback {
    helpful: String,
}

fn page(status: StatusCode, text: String) -> Response {
    (status, text).into_response()
}

async fn feedback(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(form): Form<Feedback>,
) -> Response {
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let addr = resolve_client_addr(peer.ip(), forwarded, &state.settings.trusted_proxies);
    if let Err(secs) = state.public_limiter.check(addr) {
        return page(
            StatusCode::TOO_MANY_REQUESTS,
            format!("Too many requests: please wait {secs} seconds and try again."),
        );
    }
    let figure = match form.helpful.as_str() {
        "yes" => ArticleFigure::Helpful,
        "no" => ArticleFigure::NotHelpful,
        _ => {
            return page(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Say whether the article helped: yes or no.".into(),
            )
        }
    };
    match state.storage.count_article_at(&slug, figure).await {
        Ok(()) => {}
        Err(StorageError::NotFound) => {
            return page(StatusCode::NOT_FOUND, "There is no such article.".into())
        }
        Err(e) => {
            tracing::error!(error = %e, "help feedback");
            return page(StatusCode::SERVICE_UNAVAILABLE, "Please try again.".into());
        }
    }
    let answer = if figure == ArticleFigure::Helpful {
        "yes"
    } else {
        "no"
    };
    // The update matched `slug` exactly: it is a stored address, safe to send back.
    Redirect::to(&format!("/help/{slug}?feedback={answer}#feedback")).into_response()
}
