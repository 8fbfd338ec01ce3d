//! The caller's presence, for the top bar.

use crate::domain::Presence;
use crate::error::AppError;
use leptos::prelude::*;

/// Whether the caller is online, away or offline.
#[server(endpoint = "my_presence")]
pub async fn my_presence() -> Result<Presence, AppError> {
    use crate::api::caller::{finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            Ok(state()?.storage.presence_of(caller.id).await?)
        }
        .await,
    )
}
