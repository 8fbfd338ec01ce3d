//! Saves a tree from the editor or an import.

use crate::domain::tree::DecisionTree;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Saves `tree` (new when `id` is `None`) and returns its id. Supervisors and
/// admins only; a tree with problems is refused with every problem, one per
/// line, and nothing changes.
#[server(endpoint = "save_tree", input = Json)]
pub async fn save_tree(
    #[server(default)] id: Option<i64>,
    tree: DecisionTree,
) -> Result<i64, AppError> {
    use crate::api::caller::{finish, require_role, state};
    use crate::domain::Role;
    use crate::storage::audit::AuditEntry;

    finish(
        async {
            let caller = require_role(&[Role::Supervisor, Role::Admin]).await?;
            let state = state()?;
            let saved = state.storage.save_tree(id, &tree, caller.editor()).await?;
            let target = format!("decision_tree:{saved}");
            state
                .storage
                .audit(&AuditEntry {
                    actor: Some(caller.id),
                    actor_label: &caller.email,
                    action: "tree_saved",
                    target: &target,
                    detail: &tree.name,
                    client_addr: "",
                })
                .await?;
            Ok(saved)
        }
        .await,
    )
}
