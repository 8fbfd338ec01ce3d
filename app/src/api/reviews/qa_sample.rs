//! An agent's weekly QA sample.

use crate::domain::review::Sample;
use crate::domain::UserId;
use crate::error::AppError;
use leptos::prelude::*;

/// `size` (5 to 10) of the cases `agent` solved in this week (`weeks_back`
/// 0) or an earlier one (up to 52 back), the same sample for every
/// supervisor, with the reviews written so far. Supervisors and admins only.
#[server(endpoint = "qa_sample")]
pub async fn qa_sample(agent: UserId, weeks_back: u32, size: u32) -> Result<Sample, AppError> {
    use crate::api::caller::{finish, require_role, state};
    use crate::domain::review::week_start;
    use crate::domain::Role;

    finish(
        async {
            require_role(&[Role::Supervisor, Role::Admin]).await?;
            let state = state()?;
            if weeks_back > 52 {
                return Err(AppError::InvalidField {
                    field: "week".into(),
                    reason: "At most 52 weeks back.".into(),
                });
            }
            let week = week_start(state.storage.now() - i64::from(weeks_back) * 7 * 86_400_000);
            Ok(state.storage.qa_sample(agent, week, size).await?)
        }
        .await,
    )
}
