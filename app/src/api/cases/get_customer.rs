//! The unified customer view beside a case.

use crate::domain::customer::CustomerView;
use crate::domain::CaseId;
use crate::error::AppError;
use leptos::prelude::*;

/// The customer of a case the caller may see: profile, identities, stats,
/// every case, bookings with payments, and notes.
#[server(endpoint = "get_customer")]
pub async fn get_customer(case_id: CaseId) -> Result<CustomerView, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};

    finish(
        async {
            let caller = require_caller().await?;
            let case = case_for(&caller, case_id).await?;
            Ok(state()?
                .storage
                .customer_view(case.customer_id, &caller.viewer())
                .await?)
        }
        .await,
    )
}
