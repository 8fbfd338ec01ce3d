//! Changes one property of a case inline, refusing to overwrite a colleague.

use crate::domain::{CaseEdit, CaseId, CaseSummary};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Applies `edit` to a case the caller may work. `seen` is the value the
/// caller's screen showed; if the case has another one now, the answer is a
/// conflict naming it, and nothing changes.
#[server(endpoint = "update_case", input = Json)]
pub async fn update_case(
    case_id: CaseId,
    edit: CaseEdit,
    #[server(default)] seen: Option<CaseEdit>,
) -> Result<CaseSummary, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            case_for(&caller, case_id).await?;
            let state = state()?;
            let (case, events) = state
                .storage
                .edit_case(case_id, &edit, seen.as_ref(), caller.editor())
                .await?;
            state.hub.committed(&events);
            Ok(case)
        }
        .await,
    )
}
