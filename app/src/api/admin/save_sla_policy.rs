//! Saves an SLA policy from the admin form.
// A form posts one argument per field; the generated browser stub takes them all.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Saves a policy (new when `id` is 0). Targets are durations such as `15m`,
/// `4h` or `2d`; empty means the promise is not measured. Answers the id.
#[server(endpoint = "save_sla_policy")]
pub async fn save_sla_policy(
    id: i64,
    name: String,
    priority: String,
    channel: String,
    tier: String,
    first_response: String,
    next_update: String,
    resolution: String,
    calendar_id: i64,
) -> Result<i64, AppError> {
    use super::bad;
    use super::form::{parse_choice, parse_duration};
    use crate::api::caller::{finish, state};
    use crate::domain::{Channel, Priority};
    use crate::engine::sla::{CustomerTier, Policy, Targets};

    finish(
        async {
            let caller = super::require_admin().await?;
            let policy = Policy {
                id,
                name: name.trim().to_string(),
                priority: parse_choice(&priority, Priority::parse)
                    .map_err(|e| bad("priority", e))?,
                channel: parse_choice(&channel, Channel::parse).map_err(|e| bad("channel", e))?,
                tier: parse_choice(&tier, CustomerTier::parse).map_err(|e| bad("tier", e))?,
                targets: Targets {
                    first_response_ms: parse_duration(&first_response)
                        .map_err(|e| bad("first_response", e))?,
                    next_update_ms: parse_duration(&next_update)
                        .map_err(|e| bad("next_update", e))?,
                    resolution_ms: parse_duration(&resolution).map_err(|e| bad("resolution", e))?,
                },
                calendar_id,
            };
            let id = state()?.storage.save_policy(&policy).await?;
            let detail = serde_json::to_string(&Policy { id, ..policy }).unwrap_or_default();
            super::audit_change(&caller, &format!("sla_policy:{id}"), &detail).await?;
            Ok(id)
        }
        .await,
    )
}
