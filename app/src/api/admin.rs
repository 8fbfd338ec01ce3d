//! Admin pages: SLA policies, calendars, triage rules, routing and automation,
//! templates. Admins only; every change is checked (a bad field is refused with
//! its name and nothing is saved), audited, and in effect at once.

pub mod form;

mod admin_changes;
mod admin_routing;
mod admin_sla;
mod admin_templates;
mod admin_triage;
mod delete_template;
mod save_agent_routing;
mod save_automation;
mod save_calendar;
mod save_sla_policy;
mod save_template;
mod save_triage_rule;

pub use admin_changes::{admin_changes, AdminChanges};
pub use admin_routing::{admin_routing, AdminRouting};
pub use admin_sla::{admin_sla, AdminSla};
pub use admin_templates::{admin_templates, AdminTemplates};
pub use admin_triage::{admin_triage, AdminTriage};
pub use delete_template::{delete_template, DeleteTemplate};
pub use save_agent_routing::{save_agent_routing, SaveAgentRouting};
pub use save_automation::{save_automation, SaveAutomation};
pub use save_calendar::{save_calendar, SaveCalendar};
pub use save_sla_policy::{save_sla_policy, SaveSlaPolicy};
pub use save_template::{save_template, SaveTemplate};
pub use save_triage_rule::{save_triage_rule, SaveTriageRule};

/// The audit action of every admin change.
pub const CHANGE_ACTION: &str = "admin_change";

/// The signed-in admin, or `Forbidden` (audited).
#[cfg(feature = "ssr")]
pub(crate) async fn require_admin() -> Result<crate::api::caller::Caller, crate::error::AppError> {
    crate::api::caller::require_role(&[crate::domain::Role::Admin]).await
}

/// A refused field.
pub fn bad(field: &str, reason: impl Into<String>) -> crate::error::AppError {
    crate::error::AppError::InvalidField {
        field: field.to_string(),
        reason: reason.into(),
    }
}

/// Records an admin change: what (`target`, such as `sla_policy:3`) and how.
#[cfg(feature = "ssr")]
pub(crate) async fn audit_change(
    caller: &crate::api::caller::Caller,
    target: &str,
    detail: &str,
) -> Result<(), crate::error::AppError> {
    let state = crate::api::caller::state()?;
    let addr = crate::api::caller::client_addr()
        .await
        .map(|a| a.to_string())
        .unwrap_or_default();
    state
        .storage
        .audit(&crate::storage::audit::AuditEntry {
            actor: Some(caller.id),
            actor_label: &caller.email,
            action: CHANGE_ACTION,
            target,
            detail,
            client_addr: &addr,
        })
        .await?;
    tracing::info!(target, detail, "admin change");
    Ok(())
}
