//! The caller's presence, for the top bar.

use crate::domain::{Presence, UserId};
use crate::error::AppError;
use leptos::prelude::*;

/// Whether the caller is online, away or offline, who they are, and the event
/// sequence it is current as of (a supervisor's change follows live on
/// `agent:{id}`).
#[server(endpoint = "my_presence")]
pub async fn my_presence() -> Result<(Presence, UserId, i64), AppError> {
    use crate::api::caller::{finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            let state = state()?;
            let as_of = state.hub.last_published();
            Ok((
                state.storage.presence_of(caller.id).await?,
                caller.id,
                as_of,
            ))
        }
        .await,
    )
}
