//! The quick actions taken or requested on a case.

use crate::domain::{ActionView, CaseId};
use crate::error::AppError;
use leptos::prelude::*;

/// The actions on a case the caller may see, oldest first.
#[server(endpoint = "get_case_actions")]
pub async fn get_case_actions(case_id: CaseId) -> Result<Vec<ActionView>, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            case_for(&caller, case_id).await?;
            Ok(state()?.storage.case_actions(case_id).await?)
        }
        .await,
    )
}
