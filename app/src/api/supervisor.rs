//! The supervisor console: the live board, supervisors' changes to agents, and
//! alerts. Supervisors and admins only; every change is audited.

mod change_agent;
mod get_board;
mod get_report;
mod list_alerts;
mod mark_alert;

pub use change_agent::{change_agent, ChangeAgent};
pub use get_board::{get_board, GetBoard};
pub use get_report::{get_report, GetReport};
pub use list_alerts::{list_alerts, ListAlerts};
pub use mark_alert::{mark_alert, MarkAlert};

/// Sets a user's presence; an agent's change is told live to them and to the
/// board.
#[cfg(feature = "ssr")]
pub(crate) async fn apply_presence(
    state: &crate::state::AppState,
    user: crate::domain::UserId,
    role: crate::domain::Role,
    presence: crate::domain::Presence,
) -> Result<(), crate::error::AppError> {
    if role == crate::domain::Role::Agent {
        let change = crate::domain::board::AgentChange {
            presence: Some(presence),
            routing_paused: None,
        };
        let events = state.storage.change_agent(user, change).await?;
        state.hub.committed(&events);
    } else {
        state.storage.set_presence(user, presence).await?;
    }
    Ok(())
}
