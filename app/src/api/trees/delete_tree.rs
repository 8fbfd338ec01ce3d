//! Deletes a tree.

use crate::error::AppError;
use leptos::prelude::*;

/// Deletes a tree that no other tree links to. Supervisors and admins only.
#[server(endpoint = "delete_tree")]
pub async fn delete_tree(id: i64) -> Result<(), AppError> {
    use crate::api::caller::{finish, require_role, state};
    use crate::domain::Role;
    use crate::storage::audit::AuditEntry;

    finish(
        async {
            let caller = require_role(&[Role::Supervisor, Role::Admin]).await?;
            let state = state()?;
            state.storage.delete_tree(id).await?;
            let target = format!("decision_tree:{id}");
            state
                .storage
                .audit(&AuditEntry {
                    actor: Some(caller.id),
                    actor_label: &caller.email,
                    action: "tree_deleted",
                    target: &target,
                    detail: "",
                    client_addr: "",
                })
                .await?;
            Ok(())
        }
        .await,
    )
}
