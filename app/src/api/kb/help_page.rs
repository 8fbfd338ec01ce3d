//! One help-centre article.

use crate::domain::kb::HelpArticle;
use crate::error::AppError;
use leptos::prelude::*;

/// Public: the published article at `slug`, counting the view; `NotFound`
/// for a draft, an archived article or no article.
#[server(endpoint = "help_page")]
pub async fn help_page(slug: String) -> Result<HelpArticle, AppError> {
    use crate::api::caller::{finish, state};
    use crate::storage::kb::ArticleFigure;

    finish(
        async {
            super::limit_public().await?;
            let storage = state()?.storage;
            let article = storage
                .help_article(slug.trim())
                .await?
                .ok_or(AppError::NotFound)?;
            storage
                .count_article(article.id, ArticleFigure::View)
                .await?;
            Ok(article)
        }
        .await,
    )
}
