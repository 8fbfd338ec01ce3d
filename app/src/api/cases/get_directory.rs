//! Queues and agents, for the workspace's filters, assignment and moves.

use crate::domain::Directory;
use crate::error::AppError;
use leptos::prelude::*;

/// Every queue and every active agent with their queues and presence.
#[server(endpoint = "get_directory")]
pub async fn get_directory() -> Result<Directory, AppError> {
    use crate::api::caller::{finish, require_caller, state};

    finish(
        async {
            require_caller().await?;
            Ok(state()?.storage.directory().await?)
        }
        .await,
    )
}
