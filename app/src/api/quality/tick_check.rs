//! Ticks an item of a case's quality checklist.

use crate::domain::quality::CaseCheck;
use crate::domain::CaseId;
use crate::error::AppError;
use leptos::prelude::*;

/// Ticks (or unticks) `item_id` on a case the caller may work; returns the
/// checklist as it is now.
#[server(endpoint = "tick_check")]
pub async fn tick_check(
    case_id: CaseId,
    item_id: i64,
    checked: bool,
) -> Result<Vec<CaseCheck>, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            case_for(&caller, case_id).await?;
            let state = state()?;
            let (list, events) = state
                .storage
                .set_check(case_id, item_id, checked, caller.editor())
                .await?;
            state.hub.committed(&events);
            Ok(list)
        }
        .await,
    )
}
