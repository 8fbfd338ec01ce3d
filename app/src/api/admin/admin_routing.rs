//! Agents' routing settings and the automation settings, for the admin page.

use crate::domain::config::RoutingAdmin;
use crate::error::AppError;
use leptos::prelude::*;

/// Every agent as routing sees them, and the automation settings.
#[server(endpoint = "admin_routing")]
pub async fn admin_routing() -> Result<RoutingAdmin, AppError> {
    use crate::api::caller::{finish, state};

    finish(
        async {
            super::require_admin().await?;
            let storage = state()?.storage;
            Ok(RoutingAdmin {
                agents: storage.agents_routing().await?,
                automation: *storage.automation().await?,
            })
        }
        .await,
    )
}
