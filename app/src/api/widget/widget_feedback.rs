//! "Did this solve it?" in the widget.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Public: a visitor says whether an article answered them. Yes counts a
/// deflection (they did not need a person) and a helpful vote; no counts a
/// not-helpful vote.
// JSON in as well as out: the widget's bundle then needs no form encoder.
#[server(endpoint = "widget_feedback", input = Json)]
pub async fn widget_feedback(article: i64, solved: bool) -> Result<(), AppError> {
    use crate::api::caller::{finish, state};
    use crate::storage::kb::ArticleFigure;

    finish(
        async {
            crate::api::kb::limit_public().await?;
            let storage = state()?.storage;
            let figure = if solved {
                ArticleFigure::Solved
            } else {
                ArticleFigure::NotHelpful
            };
            storage.count_article(article, figure).await?;
            Ok(())
        }
        .await,
    )
}
