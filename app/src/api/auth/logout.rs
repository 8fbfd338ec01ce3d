//! Signs the caller out: the session record is deleted, the cookie cleared.

use crate::error::AppError;
use leptos::prelude::*;

/// Ends the current session.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::api::caller::{finish, require_caller, state};
    use crate::storage::audit::AuditEntry;

    finish(
        async {
            let caller = require_caller().await?;
            let session: tower_sessions::Session = leptos_axum::extract()
                .await
                .map_err(|_| AppError::Internal)?;
            session.flush().await.map_err(|_| AppError::Unavailable)?;
            let entry = AuditEntry {
                actor: Some(caller.id),
                actor_label: &caller.email,
                action: "logout",
                target: "session",
                detail: "",
                client_addr: "",
            };
            let storage = &state()?.storage;
            // Signed out is offline: after the grace period their open chats are re-routed.
            storage
                .set_presence(caller.id, crate::domain::Presence::Offline)
                .await?;
            storage.audit(&entry).await?;
            Ok(())
        }
        .await,
    )
}
