//! One case with its timeline.

use crate::domain::{CaseDetail, CaseId};
use crate::error::AppError;
use leptos::prelude::*;

/// The case and its timeline, if the caller may see it.
#[server(endpoint = "get_case")]
pub async fn get_case(id: CaseId) -> Result<CaseDetail, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            let state = state()?;
            let as_of = state.hub.last_published();
            let case = case_for(&caller, id).await?;
            let entries = state.storage.case_entries(id).await?;
            let clocks = state
                .storage
                .case_clocks(id)
                .await?
                .into_iter()
                .map(|(c, breach_at)| crate::domain::ClockView {
                    kind: c.kind,
                    target_ms: c.target_ms,
                    elapsed_ms: c.elapsed_ms,
                    since: c.since,
                    met_at: c.met_at,
                    breach_at,
                })
                .collect();
            Ok(CaseDetail {
                case,
                entries,
                clocks,
                now: state.storage.now(),
                as_of,
                actions: state.storage.case_actions(id).await?,
                checklist: state.storage.case_checklist(id).await?,
            })
        }
        .await,
    )
}
