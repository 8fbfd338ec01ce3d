//! Saves the automation settings from the admin form.

use crate::error::AppError;
use leptos::prelude::*;

/// Durations such as `4d`, `48h` or `5m`.
#[server(endpoint = "save_automation")]
pub async fn save_automation(
    close_solved_after: String,
    pending_remind_after: String,
    pending_solve_after: String,
    duplicate_window: String,
    reroute_grace: String,
) -> Result<(), AppError> {
    use super::bad;
    use super::form::parse_duration;
    use crate::api::caller::{finish, state};
    use crate::engine::automation::Automation;

    fn required(field: &str, s: &str) -> Result<i64, AppError> {
        parse_duration(s)
            .map_err(|e| bad(field, e))?
            .ok_or_else(|| bad(field, "required"))
    }

    finish(
        async {
            let caller = super::require_admin().await?;
            let a = Automation {
                close_solved_after_ms: required("close_solved_after", &close_solved_after)?,
                pending_remind_after_ms: required("pending_remind_after", &pending_remind_after)?,
                pending_solve_after_ms: required("pending_solve_after", &pending_solve_after)?,
                duplicate_window_ms: required("duplicate_window", &duplicate_window)?,
                reroute_grace_ms: required("reroute_grace", &reroute_grace)?,
            };
            state()?.storage.save_automation(&a).await?;
            let detail = serde_json::to_string(&a).unwrap_or_default();
            super::audit_change(&caller, "automation", &detail).await
        }
        .await,
    )
}
