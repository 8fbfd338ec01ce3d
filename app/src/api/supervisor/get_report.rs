//! The metrics page's figures for a chosen range.

use crate::domain::report::{Bucket, Report};
use crate::error::AppError;
use leptos::prelude::*;

/// Every metric for cases created in the last `days` whole days (UTC, today
/// included), or else in `[from, to)` (Unix ms), by hour or day, for one
/// queue and one channel or all. Supervisors and admins only. A backwards
/// range, more than a year, or more than 31 days by the hour is refused with
/// the field at fault.
#[server(endpoint = "get_report")]
pub async fn get_report(
    days: Option<i64>,
    from: Option<i64>,
    to: Option<i64>,
    bucket: Bucket,
    queue: Option<i64>,
    channel: Option<String>,
) -> Result<Report, AppError> {
    use crate::api::admin::bad;
    use crate::api::caller::{finish, require_role, state};
    use crate::domain::report::ReportQuery;
    use crate::domain::{Channel, QueueId, Role};

    finish(
        async {
            require_role(&[Role::Supervisor, Role::Admin]).await?;
            let channel = match channel.as_deref().filter(|c| !c.is_empty()) {
                None => None,
                Some(c) => {
                    Some(Channel::parse(c).ok_or_else(|| bad("channel", "no such channel"))?)
                }
            };
            let state = state()?;
            let (from, to) = match (days, from, to) {
                (Some(d), _, _) if !(1..=crate::domain::report::MAX_DAYS).contains(&d) => {
                    return Err(bad("days", "choose 1 to 366 days"))
                }
                (Some(d), _, _) => {
                    let q = ReportQuery::last_days(state.storage.now(), d);
                    (q.from, q.to)
                }
                (None, Some(from), Some(to)) => (from, to),
                (None, None, _) => return Err(bad("from", "choose when the range starts")),
                (None, _, None) => return Err(bad("to", "choose when the range ends")),
            };
            let query = ReportQuery {
                from,
                to,
                bucket,
                queue: queue.map(QueueId),
                channel,
            }
            .normalise()
            .map_err(|e| bad(e.field, e.reason))?;
            Ok(state.storage.report(&query).await?)
        }
        .await,
    )
}
