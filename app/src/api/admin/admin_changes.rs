//! The latest admin changes, from the audit log.

use crate::domain::config::AdminChange;
use crate::error::AppError;
use leptos::prelude::*;

/// The 20 newest admin changes, newest first.
#[server(endpoint = "admin_changes")]
pub async fn admin_changes() -> Result<Vec<AdminChange>, AppError> {
    use crate::api::caller::{finish, state};

    finish(
        async {
            super::require_admin().await?;
            let rows = state()?
                .storage
                .recent_audit_of(super::CHANGE_ACTION, 20)
                .await?;
            Ok(rows
                .into_iter()
                .map(|r| AdminChange {
                    at: r.at,
                    who: r.actor_label,
                    target: r.target,
                    detail: r.detail,
                })
                .collect())
        }
        .await,
    )
}
