//! One change applied to many selected cases.

use crate::domain::{BulkOutcome, CaseEdit, CaseId};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Applies `edit` to each case the caller may work; each case stands alone, so
/// one refusal (another queue, a bad value) leaves the others changed.
#[server(endpoint = "bulk_update", input = Json)]
pub async fn bulk_update(case_ids: Vec<CaseId>, edit: CaseEdit) -> Result<BulkOutcome, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};
    use crate::domain::edit::MAX_BULK;

    finish(
        async {
            let caller = require_caller().await?;
            if case_ids.is_empty() {
                return Err(AppError::Invalid("Select at least one case.".into()));
            }
            if case_ids.len() > MAX_BULK {
                return Err(AppError::Invalid(format!(
                    "At most {MAX_BULK} cases can be changed at once."
                )));
            }
            let state = state()?;
            let mut outcome = BulkOutcome {
                changed: Vec::new(),
                refused: Vec::new(),
            };
            for id in case_ids {
                let result = match case_for(&caller, id).await {
                    Ok(_) => state
                        .storage
                        .edit_case(id, &edit, None, caller.editor())
                        .await
                        .map_err(AppError::from),
                    Err(e) => Err(e),
                };
                match result {
                    Ok((_, events)) => {
                        state.hub.committed(&events);
                        outcome.changed.push(id);
                    }
                    Err(e @ (AppError::Unavailable | AppError::Internal)) => return Err(e),
                    Err(e) => outcome.refused.push((id, e.to_string())),
                }
            }
            Ok(outcome)
        }
        .await,
    )
}
