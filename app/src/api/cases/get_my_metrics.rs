//! The signed-in agent's figures for today.

use crate::domain::metrics::PersonalMetrics;
use crate::error::AppError;
use leptos::prelude::*;

/// Today's handled cases, first response and handle times, CSAT and SLA
/// compliance of the caller's own cases.
#[server(endpoint = "get_my_metrics")]
pub async fn get_my_metrics() -> Result<PersonalMetrics, AppError> {
    use crate::api::caller::{finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            Ok(state()?.storage.personal_metrics(caller.id).await?)
        }
        .await,
    )
}
