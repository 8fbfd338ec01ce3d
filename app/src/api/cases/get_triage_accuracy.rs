//! Overall triage accuracy, shown in the workspace.

use crate::domain::config::TriageAccuracy;
use crate::error::AppError;
use leptos::prelude::*;

/// Rules applied, corrected by agents, and kept ÷ applied.
#[server(endpoint = "get_triage_accuracy")]
pub async fn get_triage_accuracy() -> Result<TriageAccuracy, AppError> {
    use crate::api::caller::{finish, require_caller, state};

    finish(
        async {
            require_caller().await?;
            let (applied, corrected, percent) = state()?.storage.triage_accuracy().await?;
            Ok(TriageAccuracy {
                applied,
                corrected,
                percent,
            })
        }
        .await,
    )
}
