//! Browser tests of deadlines move the server's clock: with
//! `SWITCHBOARD_TEST_CLOCK=1` the server reads a movable system clock and
//! answers `POST /test/clock` with `{"advance_ms": N}` by moving it forward
//! and running an SLA pass at once. Without that setting the route does not
//! exist.

use crate::ServerState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;

/// The environment setting that makes the clock movable.
pub const ENV: &str = "SWITCHBOARD_TEST_CLOCK";

/// Whether `ENV` asks for a movable clock.
pub fn wanted() -> bool {
    std::env::var(ENV).is_ok_and(|v| v == "1")
}

#[derive(Deserialize)]
struct Advance {
    advance_ms: i64,
}

async fn advance(
    State(state): State<ServerState>,
    Json(body): Json<Advance>,
) -> Result<String, (StatusCode, String)> {
    if !(0..=30 * 86_400_000).contains(&body.advance_ms) {
        return Err((
            StatusCode::BAD_REQUEST,
            "advance_ms must be from 0 to 30 days".into(),
        ));
    }
    state.app.storage.time().advance(body.advance_ms);
    let report = crate::scheduler::run_once(&state.app)
        .await
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(format!("fired {}", report.fired.len()))
}

/// The route, when the storage's clock is movable; nothing otherwise.
pub fn routes(movable: bool) -> Router<ServerState> {
    if movable {
        Router::new().route("/test/clock", post(advance))
    } else {
        Router::new()
    }
}
