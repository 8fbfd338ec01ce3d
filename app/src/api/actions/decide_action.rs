//! A supervisor's decision on a request above an agent's authority.

use crate::domain::ActionView;
use crate::error::AppError;
use leptos::prelude::*;

/// Approves (the action executes once) or denies (with a reason) a pending
/// request. Supervisors and admins only, and never their own request.
#[server(endpoint = "decide_action")]
pub async fn decide_action(
    action_id: i64,
    approve: bool,
    #[server(default)] reason: String,
) -> Result<ActionView, AppError> {
    use crate::api::caller::{finish, require_role, state};
    use crate::domain::Role;

    finish(
        async {
            let caller = require_role(&[Role::Supervisor, Role::Admin]).await?;
            let state = state()?;
            let (action, events) = state
                .storage
                .decide_action(action_id, approve, &reason, caller.editor())
                .await?;
            state.hub.committed(&events);
            Ok(action)
        }
        .await,
    )
}
