//! Saves a knowledge-base article from the admin editor.
// One argument per form field: the form posts them flat.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Saves an article (new when `id` is 0): steps one per line, related
/// articles by address separated by commas or lines. A bad field is refused
/// by name and nothing is saved. Answers the id.
#[server(endpoint = "save_article")]
pub async fn save_article(
    id: i64,
    slug: String,
    title: String,
    summary: String,
    category: String,
    applies_to: String,
    steps: String,
    troubleshooting: String,
    related: String,
    status: String,
) -> Result<i64, AppError> {
    use crate::api::admin::{audit_change, bad, form::parse_list};
    use crate::api::caller::{finish, state};
    use crate::domain::kb::{ArticleContent, ArticleStatus};

    finish(
        async {
            let caller = crate::api::admin::require_admin().await?;
            let status = ArticleStatus::parse(status.trim())
                .ok_or_else(|| bad("status", "choose draft, published or archived"))?;
            let content = ArticleContent {
                slug,
                title,
                summary,
                category,
                applies_to,
                steps: steps.lines().map(str::to_string).collect(),
                troubleshooting,
                related: parse_list(&related),
            }
            .normalise()
            .map_err(|e| bad(e.field, e.reason))?;
            let id = state()?
                .storage
                .save_article((id != 0).then_some(id), &content, status, Some(caller.id))
                .await?;
            audit_change(
                &caller,
                &format!("kb_article:{id}"),
                &format!("{} ({})", content.title, status.as_str()),
            )
            .await?;
            Ok(id)
        }
        .await,
    )
}
