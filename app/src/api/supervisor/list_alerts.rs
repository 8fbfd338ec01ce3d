//! The alerts of the last day.

use crate::domain::alert::Alerts;
use crate::error::AppError;
use leptos::prelude::*;

/// The newest alerts (SLA 80 % and breaches, negative sentiment, escalations,
/// approval requests) of the last 24 hours, newest first.
#[server(endpoint = "list_alerts")]
pub async fn list_alerts() -> Result<Alerts, AppError> {
    use crate::api::caller::{finish, require_role, state};
    use crate::domain::Role;

    finish(
        async {
            require_role(&[Role::Supervisor, Role::Admin]).await?;
            let state = state()?;
            // Read the position first: anything newer arrives live (and twice is harmless).
            let as_of = state.hub.last_published();
            // Events are stamped by the system clock.
            let items = state.storage.alerts(crate::storage::now_ms(), 100).await?;
            Ok(Alerts { items, as_of })
        }
        .await,
    )
}
