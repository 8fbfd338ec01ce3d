//! Deletes a response template.

use crate::error::AppError;
use leptos::prelude::*;

/// Deletes the template `id`.
#[server(endpoint = "delete_template")]
pub async fn delete_template(id: i64) -> Result<(), AppError> {
    use crate::api::caller::{finish, state};

    finish(
        async {
            let caller = super::require_admin().await?;
            let storage = state()?.storage;
            let name = storage.template(id).await?.name;
            storage.delete_template(id).await?;
            super::audit_change(
                &caller,
                &format!("template:{id}"),
                &format!("deleted {name}"),
            )
            .await
        }
        .await,
    )
}
