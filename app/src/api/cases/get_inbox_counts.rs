//! Cases per inbox view, refreshed as live events arrive.

use crate::domain::InboxCounts;
use crate::error::AppError;
use leptos::prelude::*;

/// How many cases each of the caller's views holds now.
#[server(endpoint = "get_inbox_counts")]
pub async fn get_inbox_counts() -> Result<InboxCounts, AppError> {
    use crate::api::caller::{finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            let state = state()?;
            let now = state.storage.now();
            Ok(state.storage.inbox_counts(&caller.viewer(), now).await?)
        }
        .await,
    )
}
