//! A template filled in for a case, for the composer.

use crate::domain::config::RenderedTemplate;
use crate::domain::CaseId;
use crate::error::AppError;
use leptos::prelude::*;

/// The template `id` with the case's, customer's, booking's and caller's values.
#[server(endpoint = "render_template")]
pub async fn render_template(id: i64, case_id: CaseId) -> Result<RenderedTemplate, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            case_for(&caller, case_id).await?;
            Ok(state()?
                .storage
                .render_template(id, case_id, &caller.name)
                .await?)
        }
        .await,
    )
}
