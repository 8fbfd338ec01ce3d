//! Snoozes a case until a time.

use crate::domain::{CaseId, CaseSummary};
use crate::error::AppError;
use leptos::prelude::*;

/// Sets a case the caller works aside as pending until `until` (Unix ms); it
/// comes back open then, with a reminder on its timeline. A time not ahead (or
/// more than 90 days ahead) is refused at the `until` field.
#[server(endpoint = "snooze_case")]
pub async fn snooze_case(case_id: CaseId, until: i64) -> Result<CaseSummary, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            case_for(&caller, case_id).await?;
            let state = state()?;
            let (case, events) = state
                .storage
                .snooze_case(case_id, until, caller.editor())
                .await?;
            state.hub.committed(&events);
            Ok(case)
        }
        .await,
    )
}
