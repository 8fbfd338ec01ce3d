//! A supervisor marks an alert handled, or not any more.

use crate::error::AppError;
use leptos::prelude::*;

/// Marks the alert of event `seq` handled (or, with `handled` false, open
/// again); every board follows live. Audited.
#[server(endpoint = "mark_alert")]
pub async fn mark_alert(seq: i64, handled: bool) -> Result<(), AppError> {
    use crate::api::caller::{finish, require_role, state};
    use crate::domain::Role;
    use crate::storage::audit::AuditEntry;

    finish(
        async {
            let caller = require_role(&[Role::Supervisor, Role::Admin]).await?;
            let state = state()?;
            let by = handled.then_some((caller.id, caller.name.as_str()));
            let events = state.storage.mark_alert(seq, by).await?;
            state.hub.committed(&events);
            state
                .storage
                .audit(&AuditEntry {
                    actor: Some(caller.id),
                    actor_label: &caller.email,
                    action: if handled {
                        "alert_handled"
                    } else {
                        "alert_reopened"
                    },
                    target: &format!("event:{seq}"),
                    detail: "",
                    client_addr: "",
                })
                .await?;
            Ok(())
        }
        .await,
    )
}
