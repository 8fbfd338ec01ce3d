//! Merges a case into another case of the same customer.

use crate::domain::{CaseId, CaseSummary};
use crate::error::AppError;
use leptos::prelude::*;

/// Moves the timeline of `case_id` into case `into` and closes `case_id` with
/// a link to it. Both must be cases the caller works; a refusal (itself, an
/// other customer's case, a closed or merged case) comes at the `into` field.
#[server(endpoint = "merge_case")]
pub async fn merge_case(case_id: CaseId, into: CaseId) -> Result<CaseSummary, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            case_for(&caller, case_id).await?;
            case_for(&caller, into).await.map_err(|e| match e {
                AppError::NotFound => AppError::InvalidField {
                    field: "into".into(),
                    reason: format!("There is no case #{into} you can work."),
                },
                other => other,
            })?;
            let state = state()?;
            let (case, events) = state
                .storage
                .merge_cases(case_id, into, caller.editor())
                .await?;
            state.hub.committed(&events);
            Ok(case)
        }
        .await,
    )
}
