//! The caller's inbox: open cases of their queues (all queues for supervisors).

use crate::domain::Inbox;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
/// Most cases one inbox page lists.
pub const INBOX_LIMIT: i64 = 200;

/// Open cases the caller may work, most recently updated first.
#[server(endpoint = "list_inbox")]
pub async fn list_inbox() -> Result<Inbox, AppError> {
    use crate::api::caller::{finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            let state = state()?;
            // Read the cursor first: events after it may or may not be in the listing,
            // and replaying them is harmless because updates are applied by id.
            let as_of = state.hub.last_published();
            let cases = state
                .storage
                .list_open_cases(caller.scope(), INBOX_LIMIT)
                .await?;
            Ok(Inbox { cases, as_of })
        }
        .await,
    )
}
