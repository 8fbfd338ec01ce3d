//! Cases, messages, customers and bookings matching what the agent typed.

use crate::domain::search::SearchResults;
use crate::error::AppError;
use leptos::prelude::*;

/// What `text` finds among the cases of the caller's queues and their customers.
/// Too short, too long or wordless text is a 422 with the reason.
#[server(endpoint = "search")]
pub async fn search_everything(text: String) -> Result<SearchResults, AppError> {
    use crate::api::caller::{finish, require_caller, state};
    use crate::domain::search::SearchQuery;

    finish(
        async {
            let caller = require_caller().await?;
            let query = SearchQuery::parse(&text).map_err(AppError::Invalid)?;
            Ok(state()?.storage.search(&caller.viewer(), &query).await?)
        }
        .await,
    )
}
