//! The approvals inbox.

use crate::domain::action::Approvals;
use crate::error::AppError;
use leptos::prelude::*;

/// Requests waiting for a decision, oldest first. Supervisors and admins only.
#[server(endpoint = "list_approvals")]
pub async fn list_approvals() -> Result<Approvals, AppError> {
    use crate::api::caller::{finish, require_role, state};
    use crate::domain::Role;

    finish(
        async {
            require_role(&[Role::Supervisor, Role::Admin]).await?;
            let state = state()?;
            let as_of = state.hub.last_published();
            Ok(Approvals {
                pending: state.storage.pending_approvals().await?,
                as_of,
            })
        }
        .await,
    )
}
