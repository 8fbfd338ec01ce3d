//! A supervisor saves a QA review.

use crate::domain::review::{Review, ReviewDraft};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Saves `draft` (one review per solved case; scores 1 to 5, a comment when a
/// score is 2 or lower). Supervisors and admins only; audited.
#[server(endpoint = "save_review", input = Json)]
pub async fn save_review(draft: ReviewDraft) -> Result<Review, AppError> {
    use crate::api::caller::{finish, require_role, state};
    use crate::domain::Role;
    use crate::storage::audit::AuditEntry;

    finish(
        async {
            let caller = require_role(&[Role::Supervisor, Role::Admin]).await?;
            let state = state()?;
            let review = state
                .storage
                .save_review(caller.id, &caller.name, draft)
                .await?;
            state
                .storage
                .audit(&AuditEntry {
                    actor: Some(caller.id),
                    actor_label: &caller.email,
                    action: "qa_review_saved",
                    target: &format!("case:{}", review.case_id),
                    detail: &format!("average {:.2}", review.scores.average()),
                    client_addr: "",
                })
                .await?;
            Ok(review)
        }
        .await,
    )
}
