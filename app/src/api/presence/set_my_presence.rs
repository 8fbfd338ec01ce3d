//! The caller sets their own presence.

use crate::domain::Presence;
use crate::error::AppError;
use leptos::prelude::*;

/// Sets the caller's presence: only online agents are routed new cases, and
/// the open chats of one away or offline past the grace period return to
/// their queue. Audited.
#[server(endpoint = "set_my_presence")]
pub async fn set_my_presence(presence: Presence) -> Result<Presence, AppError> {
    use crate::api::caller::{finish, require_caller, state};
    use crate::storage::audit::AuditEntry;

    finish(
        async {
            let caller = require_caller().await?;
            let state = state()?;
            crate::api::supervisor::apply_presence(&state, caller.id, caller.role, presence)
                .await?;
            state
                .storage
                .audit(&AuditEntry {
                    actor: Some(caller.id),
                    actor_label: &caller.email,
                    action: "presence_set",
                    target: &format!("user:{}", caller.id),
                    detail: presence.as_str(),
                    client_addr: "",
                })
                .await?;
            Ok(presence)
        }
        .await,
    )
}
