//! A reply or internal note on a case, acknowledged only after commit.

use crate::domain::{CaseId, TimelineEntry};
use crate::error::AppError;
use leptos::prelude::*;

/// Adds a reply (or, with `note`, an internal note). Retrying with the same
/// `client_id` returns the first entry and writes nothing twice. `attachments`
/// holds the comma-separated tokens of files the caller uploaded to this case
/// for this message.
#[server(endpoint = "post_reply")]
pub async fn post_reply(
    case_id: CaseId,
    body: String,
    client_id: String,
    note: bool,
    #[server(default)] attachments: String,
) -> Result<TimelineEntry, AppError> {
    use crate::api::caller::{deny_case, finish, require_caller, state};
    use crate::domain::attachment::MAX_ATTACHMENTS;
    use crate::domain::{ClientId, EntryKind, MessageBody};
    use crate::storage::attachments::is_token;
    use crate::storage::cases::NewEntry;
    use crate::storage::StorageError;

    finish(
        async {
            let caller = require_caller().await?;
            let body = MessageBody::parse(&body).map_err(|e| AppError::Invalid(e.to_string()))?;
            let client_id =
                ClientId::parse(&client_id).map_err(|e| AppError::Invalid(e.to_string()))?;
            let files: Vec<String> = attachments
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
            if files.len() > MAX_ATTACHMENTS {
                return Err(AppError::InvalidField {
                    field: "attachments".into(),
                    reason: format!("A message can carry at most {MAX_ATTACHMENTS} files."),
                });
            }
            if !files.iter().all(|t| is_token(t)) {
                return Err(AppError::Invalid("Bad attachment reference.".into()));
            }
            let state = state()?;
            // Whether the caller may reach the case is checked in the write,
            // on the case as it is then.
            let added = state
                .storage
                .add_entry_with_files(
                    &NewEntry {
                        case_id,
                        kind: if note {
                            EntryKind::InternalNote
                        } else {
                            EntryKind::AgentReply
                        },
                        author_id: Some(caller.id),
                        author_name: &caller.name,
                        body: body.as_str(),
                        client_id: Some(client_id.as_str()),
                    },
                    &files,
                    caller.queue_limit(),
                )
                .await;
            let added = match added {
                Err(StorageError::OutOfScope) => return Err(deny_case(&caller, case_id).await),
                other => other?,
            };
            state.hub.committed(&added.events);
            Ok(added.entry)
        }
        .await,
    )
}
