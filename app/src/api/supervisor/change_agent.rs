//! A supervisor sets an agent's presence or pauses routing to them.

use crate::domain::{Presence, UserId};
use crate::error::AppError;
use leptos::prelude::*;

/// Changes `agent`'s presence and/or routing pause; the agent's top bar and
/// every board follow live. Only active agents can be changed. Audited.
#[server(endpoint = "change_agent")]
pub async fn change_agent(
    agent: UserId,
    presence: Option<Presence>,
    routing_paused: Option<bool>,
) -> Result<(), AppError> {
    use crate::api::caller::{finish, require_role, state};
    use crate::domain::board::AgentChange;
    use crate::domain::Role;
    use crate::storage::audit::AuditEntry;

    finish(
        async {
            let caller = require_role(&[Role::Supervisor, Role::Admin]).await?;
            if presence.is_none() && routing_paused.is_none() {
                return Err(AppError::Invalid(
                    "Say what to change: presence or routing.".into(),
                ));
            }
            let state = state()?;
            let events = state
                .storage
                .change_agent(
                    agent,
                    AgentChange {
                        presence,
                        routing_paused,
                    },
                )
                .await?;
            state.hub.committed(&events);
            let detail = [
                presence.map(|p| format!("presence {p}")),
                routing_paused.map(|r| format!("routing {}", if r { "paused" } else { "on" })),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            state
                .storage
                .audit(&AuditEntry {
                    actor: Some(caller.id),
                    actor_label: &caller.email,
                    action: "agent_changed",
                    target: &format!("user:{agent}"),
                    detail: &detail,
                    client_addr: "",
                })
                .await?;
            Ok(())
        }
        .await,
    )
}
