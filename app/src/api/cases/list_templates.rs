//! Templates for the composer's picker.

use crate::domain::config::Template;
use crate::domain::CaseId;
use crate::error::AppError;
use leptos::prelude::*;

/// Templates matching `search`; those of the case's queue first.
#[server(endpoint = "list_templates")]
pub async fn list_templates(
    search: String,
    case_id: Option<CaseId>,
) -> Result<Vec<Template>, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            let queue = match case_id {
                Some(id) => Some(case_for(&caller, id).await?.queue_id),
                None => None,
            };
            Ok(state()?.storage.templates(&search, queue).await?)
        }
        .await,
    )
}
