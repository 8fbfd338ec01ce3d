//! The caller's inbox: one view with its filters and sort, and counts per view.

use crate::domain::{Inbox, InboxQuery};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
/// Most cases one inbox page lists.
pub const INBOX_LIMIT: i64 = 200;

/// The cases of `query`'s view the caller may work, in its order, with counts.
/// A queue view of a queue the caller is not in lists nothing.
#[server(endpoint = "list_inbox", input = Json)]
pub async fn list_inbox(#[server(default)] query: InboxQuery) -> Result<Inbox, AppError> {
    use crate::api::caller::{finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            let state = state()?;
            // Read the cursor first: events after it may or may not be in the listing,
            // and replaying them is harmless because updates are applied by id.
            let as_of = state.hub.last_published();
            let now = state.storage.now();
            let viewer = caller.viewer();
            let cases = state
                .storage
                .list_inbox(&viewer, &query, now, INBOX_LIMIT)
                .await?;
            let counts = state.storage.inbox_counts(&viewer, now).await?;
            Ok(Inbox {
                cases,
                counts,
                now,
                as_of,
            })
        }
        .await,
    )
}
