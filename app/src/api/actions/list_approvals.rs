//! The approvals inbox.

use crate::domain::ActionView;
use crate::error::AppError;
use leptos::prelude::*;

/// Requests waiting for a decision, oldest first. Supervisors and admins only.
#[server(endpoint = "list_approvals")]
pub async fn list_approvals() -> Result<Vec<ActionView>, AppError> {
    use crate::api::caller::{finish, require_role, state};
    use crate::domain::Role;

    finish(
        async {
            require_role(&[Role::Supervisor, Role::Admin]).await?;
            Ok(state()?.storage.pending_approvals().await?)
        }
        .await,
    )
}
