//! The caller's inbox: one view with its filters and sort, and counts per view.

use crate::domain::{Inbox, InboxQuery};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The cases of `query`'s view the caller may work, in its order, with counts:
/// the first `rows` of them (one page when absent, at most 1,000).
/// A queue view of a queue the caller is not in lists nothing.
#[server(endpoint = "list_inbox", input = Json)]
pub async fn list_inbox(
    #[server(default)] query: InboxQuery,
    #[server(default)] rows: Option<u32>,
) -> Result<Inbox, AppError> {
    use crate::api::caller::{finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            let rows = crate::domain::inbox::inbox_rows(rows).map_err(AppError::Invalid)?;
            let state = state()?;
            // Read the cursor first: events after it may or may not be in the listing,
            // and replaying them is harmless because updates are applied by id.
            let as_of = state.hub.last_published();
            let now = state.storage.now();
            let viewer = caller.viewer();
            // One more than asked says whether there are more.
            let mut cases = state
                .storage
                .list_inbox(&viewer, &query, now, i64::from(rows) + 1)
                .await?;
            let more = cases.len() > rows as usize;
            cases.truncate(rows as usize);
            let counts = state.storage.inbox_counts(&viewer, now).await?;
            Ok(Inbox {
                cases,
                counts,
                now,
                as_of,
                more,
            })
        }
        .await,
    )
}
