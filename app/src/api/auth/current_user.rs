//! Who is signed in, if anyone.

use crate::domain::Me;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user, or `None`.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    use crate::api::caller::{caller_from_session, finish, state};

    finish(
        async {
            let state = state()?;
            let Ok(session) = leptos_axum::extract::<tower_sessions::Session>().await else {
                return Ok(None);
            };
            Ok(caller_from_session(&state, &session).await?.map(|c| c.me()))
        }
        .await,
    )
}
