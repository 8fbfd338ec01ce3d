//! The chat widget's page, `/widget`: the document inside the loader's
//! iframe. Its CSP names who may embed it (`frame-ancestors` from
//! `SWITCHBOARD_WIDGET_ORIGINS`) and lets it load only its own bundle.

use app::settings::Settings;
use app::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The widget's styles, inlined so the first paint needs no second request.
const STYLE: &str = include_str!("../../style/widget.css");

/// The `/widget` route.
pub fn routes<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    AppState: axum::extract::FromRef<S>,
{
    Router::new().route("/widget", get(page))
}

/// The sites allowed to embed the widget: this server's own pages and the
/// configured origins.
pub fn frame_ancestors(settings: &Settings) -> String {
    std::iter::once("'self'")
        .chain(settings.widget_origins.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The page's Content-Security-Policy.
pub fn policy(settings: &Settings) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; \
         frame-ancestors {}",
        frame_ancestors(settings)
    )
}

async fn page(State(state): State<AppState>) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"color-scheme\" content=\"light dark\"><title>Chat</title>\
         <link rel=\"modulepreload\" href=\"/widget/widget.js\">\
         <link rel=\"preload\" href=\"/widget/widget_bg.wasm\" as=\"fetch\" crossorigin>\
         <style>{STYLE}</style>\
         <script type=\"module\" src=\"/widget/boot.js\"></script></head><body></body></html>"
    );
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
            (header::CONTENT_SECURITY_POLICY, policy(&state.settings)),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::REFERRER_POLICY, "no-referrer".to_string()),
            (header::CACHE_CONTROL, "no-cache".to_string()),
        ],
        html,
    )
        .into_response()
}
