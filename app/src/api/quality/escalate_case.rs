//! Escalates a case with a reason.

use crate::domain::quality::Escalation;
use crate::domain::CaseSummary;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Moves a case the caller works to another queue and/or tier, with the
/// reason on the timeline; supervisors are told.
#[server(endpoint = "escalate_case", input = Json)]
pub async fn escalate_case(escalation: Escalation) -> Result<CaseSummary, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            case_for(&caller, escalation.case_id).await?;
            let state = state()?;
            let (case, events) = state
                .storage
                .escalate_case(&escalation, caller.editor())
                .await?;
            state.hub.committed(&events);
            Ok(case)
        }
        .await,
    )
}
