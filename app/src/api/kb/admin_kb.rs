//! The knowledge base for the admin page.

use crate::domain::kb::KbAdmin;
use crate::error::AppError;
use leptos::prelude::*;

/// Every article with its figures, and the searches that found nothing.
#[server(endpoint = "admin_kb")]
pub async fn admin_kb() -> Result<KbAdmin, AppError> {
    use crate::api::caller::{finish, state};
    /// How many content gaps the admin page lists.
    const GAPS_SHOWN: i64 = 50;

    finish(
        async {
            crate::api::admin::require_admin().await?;
            let storage = state()?.storage;
            Ok(KbAdmin {
                articles: storage.kb_articles().await?,
                gaps: storage.content_gaps(GAPS_SHOWN).await?,
            })
        }
        .await,
    )
}
