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
            let state = state()?;
            // Signed out is offline: after the grace period their open chats are re-routed.
            crate::api::supervisor::apply_presence(
                &state,
                caller.id,
                caller.role,
                crate::domain::Presence::Offline,
            )
            .await?;
            state.storage.audit(&entry).await?;
            Ok(())
        }
        .await,
    )
}
