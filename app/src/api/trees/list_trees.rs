//! The tree library.

use crate::domain::tree::TreeLibrary;
use crate::error::AppError;
use leptos::prelude::*;

/// Every decision tree and the template names outcomes may use; any staff.
#[server(endpoint = "list_trees")]
pub async fn list_trees() -> Result<TreeLibrary, AppError> {
    use crate::api::caller::{finish, require_caller, state};

    finish(
        async {
            require_caller().await?;
            Ok(state()?.storage.tree_library().await?)
        }
        .await,
    )
}
