//! Templates, for the admin page.

use crate::domain::config::TemplatesAdmin;
use crate::error::AppError;
use leptos::prelude::*;

/// Templates matching `search` (name, shortcut or text), the queues, and the
/// variables a template may use.
#[server(endpoint = "admin_templates")]
pub async fn admin_templates(search: String) -> Result<TemplatesAdmin, AppError> {
    use crate::api::caller::{finish, state};
    use crate::engine::template::VARIABLES;

    finish(
        async {
            super::require_admin().await?;
            let storage = state()?.storage;
            Ok(TemplatesAdmin {
                templates: storage.templates(&search, None).await?,
                queues: storage.queues().await?,
                variables: VARIABLES
                    .iter()
                    .map(|(n, d)| (n.to_string(), d.to_string()))
                    .collect(),
            })
        }
        .await,
    )
}
