//! Fires a quick action from a case.

use crate::domain::{ActionRequest, ActionView, CaseId};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Runs `request` on a booking of the case's customer: executed at once within
/// the caller's authority, otherwise waiting for a supervisor. A retry with the
/// same client id returns the first action.
#[server(endpoint = "request_action", input = Json)]
pub async fn request_action(
    case_id: CaseId,
    request: ActionRequest,
) -> Result<ActionView, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};
    use crate::domain::ClientId;

    finish(
        async {
            let caller = require_caller().await?;
            ClientId::parse(&request.client_id).map_err(|e| AppError::Invalid(e.to_string()))?;
            case_for(&caller, case_id).await?;
            let state = state()?;
            let (action, events) = state
                .storage
                .request_action(case_id, &request, caller.editor())
                .await?;
            state.hub.committed(&events);
            Ok(action)
        }
        .await,
    )
}
