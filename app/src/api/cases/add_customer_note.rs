//! A note about the customer of a case, for colleagues (never for the customer).

use crate::domain::customer::CustomerNote;
use crate::domain::CaseId;
use crate::error::AppError;
use leptos::prelude::*;

/// Adds a note about the customer of a case the caller may see. Retrying with
/// the same `client_id` writes it once.
#[server(endpoint = "add_customer_note")]
pub async fn add_customer_note(
    case_id: CaseId,
    body: String,
    client_id: String,
) -> Result<CustomerNote, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};
    use crate::domain::customer::MAX_NOTE_CHARS;
    use crate::domain::ClientId;

    finish(
        async {
            let caller = require_caller().await?;
            let body = body.trim();
            if body.is_empty() {
                return Err(AppError::InvalidField {
                    field: "note".into(),
                    reason: "The note is empty.".into(),
                });
            }
            let chars = body.chars().count();
            if chars > MAX_NOTE_CHARS {
                return Err(AppError::InvalidField {
                    field: "note".into(),
                    reason: format!(
                        "The note is too long ({chars} characters; at most {MAX_NOTE_CHARS})."
                    ),
                });
            }
            let client_id =
                ClientId::parse(&client_id).map_err(|e| AppError::Invalid(e.to_string()))?;
            let case = case_for(&caller, case_id).await?;
            Ok(state()?
                .storage
                .add_customer_note(
                    case.customer_id,
                    caller.id,
                    &caller.name,
                    body,
                    client_id.as_str(),
                )
                .await?)
        }
        .await,
    )
}
