//! Replaces a queue's checklist.

use crate::domain::QueueId;
use crate::error::AppError;
use leptos::prelude::*;

/// Sets a queue's checklist from text, one item per line. Admins only;
/// items kept keep their ticks on open cases.
#[server(endpoint = "save_checklist")]
pub async fn save_checklist(queue_id: QueueId, items: String) -> Result<Vec<String>, AppError> {
    use crate::api::admin::{audit_change, bad, require_admin};
    use crate::api::caller::{finish, state};
    use crate::domain::quality::checklist_items;

    finish(
        async {
            let caller = require_admin().await?;
            let items = checklist_items(&items).map_err(|e| bad("items", e))?;
            state()?.storage.save_checklist(queue_id, &items).await?;
            audit_change(&caller, &format!("checklist:{queue_id}"), &items.join("; ")).await?;
            Ok(items)
        }
        .await,
    )
}
