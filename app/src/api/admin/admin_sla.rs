//! SLA policies and calendars, for the admin page.

use crate::domain::config::SlaAdmin;
use crate::error::AppError;
use leptos::prelude::*;

/// Every SLA policy and calendar.
#[server(endpoint = "admin_sla")]
pub async fn admin_sla() -> Result<SlaAdmin, AppError> {
    use crate::api::caller::{finish, state};
    use crate::domain::config::NamedCalendar;

    finish(
        async {
            super::require_admin().await?;
            let storage = state()?.storage;
            let config = storage.sla_config().await?;
            let calendars = storage
                .calendars()
                .await?
                .into_iter()
                .map(|(id, name, spec)| NamedCalendar { id, name, spec })
                .collect();
            Ok(SlaAdmin {
                policies: config.policies.clone(),
                calendars,
            })
        }
        .await,
    )
}
