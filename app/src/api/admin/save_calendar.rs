//! Saves a business-hours calendar from the admin form.
// A form posts one argument per field; the generated browser stub takes them all.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Saves a calendar (new when `id` is 0): an IANA time zone, 24/7 or working
/// hours per weekday (`08:00-12:00, 13:00-18:00`), and holidays (YYYY-MM-DD).
/// A calendar with no working hours is refused unless it is 24/7. Answers the id.
#[server(endpoint = "save_calendar")]
pub async fn save_calendar(
    id: i64,
    name: String,
    tz: String,
    always_open: Option<String>,
    hours_mon: String,
    hours_tue: String,
    hours_wed: String,
    hours_thu: String,
    hours_fri: String,
    hours_sat: String,
    hours_sun: String,
    holidays: String,
) -> Result<i64, AppError> {
    use super::bad;
    use super::form::{parse_dates, parse_spans};
    use crate::api::caller::{finish, state};
    use crate::engine::calendar::CalendarSpec;

    finish(
        async {
            let caller = super::require_admin().await?;
            let days = [
                ("hours_mon", &hours_mon),
                ("hours_tue", &hours_tue),
                ("hours_wed", &hours_wed),
                ("hours_thu", &hours_thu),
                ("hours_fri", &hours_fri),
                ("hours_sat", &hours_sat),
                ("hours_sun", &hours_sun),
            ];
            let mut week: [Vec<crate::engine::calendar::Span>; 7] = Default::default();
            for (i, (field, text)) in days.into_iter().enumerate() {
                week[i] = parse_spans(text).map_err(|e| bad(field, e))?;
            }
            let spec = CalendarSpec {
                tz: tz.trim().to_string(),
                always_open: always_open.is_some(),
                week,
                holidays: parse_dates(&holidays).map_err(|e| bad("holidays", e))?,
            };
            let storage = state()?.storage;
            let id = storage
                .save_calendar((id != 0).then_some(id), &name, &spec)
                .await?;
            let detail = serde_json::to_string(&spec).unwrap_or_default();
            super::audit_change(&caller, &format!("calendar:{id}"), &detail).await?;
            Ok(id)
        }
        .await,
    )
}
