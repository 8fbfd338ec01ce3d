//! The knowledge-base answers the widget shows for a question.

use crate::domain::kb::ArticleHit;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Public: the best published articles for `question` (a question that finds
/// nothing is logged as a content gap).
// JSON in as well as out: the widget's bundle then needs no form encoder.
#[server(endpoint = "widget_answers", input = Json)]
pub async fn widget_answers(question: String) -> Result<Vec<ArticleHit>, AppError> {
    use crate::api::caller::{finish, state};
    use crate::domain::widget::MAX_MESSAGE_CHARS;
    /// How many answers the widget shows.
    const ANSWERS: usize = 3;

    finish(
        async {
            crate::api::kb::limit_public().await?;
            let question = question.trim();
            if question.is_empty() {
                return Err(crate::api::admin::bad(
                    "question",
                    "write your question first",
                ));
            }
            if question.chars().count() > MAX_MESSAGE_CHARS {
                return Err(crate::api::admin::bad(
                    "question",
                    format!("please keep it under {MAX_MESSAGE_CHARS} characters"),
                ));
            }
            Ok(state()?.storage.search_articles(question, ANSWERS).await?)
        }
        .await,
    )
}
