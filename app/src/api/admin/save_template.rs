//! Saves a response template from the admin form.

use crate::error::AppError;
use leptos::prelude::*;

/// Saves a template (new when `id` is 0); an unknown variable is refused with
/// the list of known ones. Answers the id.
#[server(endpoint = "save_template")]
pub async fn save_template(
    id: i64,
    name: String,
    shortcut: String,
    queue: String,
    body: String,
) -> Result<i64, AppError> {
    use super::form::parse_choice;
    use crate::api::caller::{finish, state};
    use crate::domain::config::Template;
    use crate::domain::QueueId;

    finish(
        async {
            let caller = super::require_admin().await?;
            let template = Template {
                id,
                name: name.trim().to_string(),
                shortcut: Some(shortcut.trim().to_string()).filter(|s| !s.is_empty()),
                body: body.replace("\r\n", "\n"),
                queue_id: parse_choice(&queue, |q| q.parse::<i64>().ok().map(QueueId))
                    .map_err(|e| super::bad("queue", e))?,
                updated_at: 0,
            };
            let id = state()?.storage.save_template(&template).await?;
            super::audit_change(&caller, &format!("template:{id}"), &template.name).await?;
            Ok(id)
        }
        .await,
    )
}
