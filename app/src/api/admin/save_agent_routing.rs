//! Saves one agent's routing settings from the admin form.

use crate::domain::UserId;
use crate::error::AppError;
use leptos::prelude::*;

/// Capacity (open cases at once), skills and languages (comma-separated), and
/// whether routing to the agent is paused.
#[server(endpoint = "save_agent_routing")]
pub async fn save_agent_routing(
    id: UserId,
    capacity: String,
    skills: String,
    languages: String,
    paused: Option<String>,
) -> Result<(), AppError> {
    use crate::api::caller::{finish, state};

    finish(
        async {
            let caller = super::require_admin().await?;
            let capacity: i64 = capacity
                .trim()
                .parse()
                .map_err(|_| super::bad("capacity", "a whole number of open cases"))?;
            state()?
                .storage
                .save_agent_routing(id, capacity, &skills, &languages, paused.is_some())
                .await?;
            let detail = format!(
                "capacity {capacity}; skills {}; languages {}; paused {}",
                skills.trim(),
                languages.trim(),
                paused.is_some()
            );
            super::audit_change(&caller, &format!("agent_routing:{id}"), &detail).await
        }
        .await,
    )
}
