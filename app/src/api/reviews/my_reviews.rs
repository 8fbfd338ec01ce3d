//! The caller's own QA reviews.

use crate::domain::review::Review;
use crate::error::AppError;
use leptos::prelude::*;

/// Reviews of the caller's cases, newest first.
#[server(endpoint = "my_reviews")]
pub async fn my_reviews() -> Result<Vec<Review>, AppError> {
    use crate::api::caller::{finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            Ok(state()?.storage.reviews(Some(caller.id), 100).await?)
        }
        .await,
    )
}
