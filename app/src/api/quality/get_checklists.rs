//! Every queue's checklist, for admins.

use crate::domain::quality::QueueChecklist;
use crate::error::AppError;
use leptos::prelude::*;

/// Each queue with its quality checklist. Admins only.
#[server(endpoint = "get_checklists")]
pub async fn get_checklists() -> Result<Vec<QueueChecklist>, AppError> {
    use crate::api::admin::require_admin;
    use crate::api::caller::{finish, state};

    finish(
        async {
            require_admin().await?;
            Ok(state()?.storage.checklists().await?)
        }
        .await,
    )
}
