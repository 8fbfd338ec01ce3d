//! Snooze a case until a time: it waits as pending and comes back open then,
//! with a reminder on its timeline.

use crate::api::cases::snooze_case;
use crate::domain::snooze::{parse_snooze_input, snooze_input_value};
use crate::domain::{CaseStatus, CaseSummary};
use crate::error::AppError;
use crate::ui::common::ticker::Ticker;
use crate::ui::common::time::{countdown, local_time};
use leptos::prelude::*;

const HOUR_MS: i64 = 3_600_000;

/// The next 09:00 UTC after `now`.
fn tomorrow_nine(now: i64) -> i64 {
    let day = 24 * HOUR_MS;
    let next = now - now.rem_euclid(day) + 9 * HOUR_MS;
    if next > now {
        next
    } else {
        next + day
    }
}

/// The snooze state of a case and the form that snoozes it.
#[component]
pub fn SnoozeForm(case: RwSignal<CaseSummary>) -> impl IntoView {
    let ticker = Ticker::expect();
    let open = RwSignal::new(false);
    let until = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let send = Action::new_local(move |at: &i64| {
        let (id, at) = (case.with_untracked(|c| c.id), *at);
        async move { snooze_case(id, at).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(updated)) => {
            error.set(None);
            open.set(false);
            case.set(updated);
        }
        Some(Err(AppError::InvalidField { reason, .. })) => error.set(Some(reason)),
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let submit = move |at: Option<i64>| match at {
        Some(at) => {
            send.dispatch(at);
        }
        None => error.set(Some("Choose a date and time.".into())),
    };
    let snoozed =
        move || case.with(|c| c.snoozed_until.filter(|_| c.status == CaseStatus::Pending));
    view! {
        <section class="snooze" data-testid="snooze">
            {move || snoozed().map(|at| view! {
                <p class="snoozed" data-testid="snoozed-until">
                    "Snoozed until " {local_time(at)} " (" {move || countdown(at, ticker.now.get())} ")"
                </p>
            })}
            <button type="button" class="secondary" data-testid="snooze-open" aria-expanded=move || open.get().to_string()
                disabled=move || case.with(|c| !c.status.is_open())
                on:click=move |_| {
                    if until.get_untracked().is_empty() {
                        until.set(snooze_input_value(tomorrow_nine(ticker.now.get_untracked())));
                    }
                    open.update(|o| *o = !*o);
                }>"Snooze…"</button>
            <Show when=move || open.get()>
                <form class="snooze-form" on:submit=move |ev| {
                    ev.prevent_default();
                    submit(parse_snooze_input(&until.get_untracked()));
                }>
                    <label class="field"><span class="field-label">"Until (UTC)"</span>
                        <input type="datetime-local" step="1" data-testid="snooze-until" prop:value=move || until.get()
                            on:input=move |ev| until.set(event_target_value(&ev))/>
                    </label>
                    <span class="field-error" role="alert" data-testid="error-until">{move || error.get()}</span>
                    <div class="actions">
                        <button type="button" class="secondary" on:click=move |_| submit(Some(ticker.now.get_untracked() + HOUR_MS))>"For 1 hour"</button>
                        <button type="button" class="secondary" on:click=move |_| submit(Some(tomorrow_nine(ticker.now.get_untracked())))>"Tomorrow 09:00"</button>
                        <button type="submit" data-testid="snooze-send" disabled=move || send.pending().get()>"Snooze"</button>
                    </div>
                </form>
            </Show>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tomorrow_nine_is_the_next_nine_oclock_utc() {
        // 2026-11-23 09:00 UTC.
        let nine = 1_795_424_400_000;
        assert_eq!(tomorrow_nine(nine - 1), nine);
        assert_eq!(tomorrow_nine(nine), nine + 24 * HOUR_MS);
        assert_eq!(tomorrow_nine(nine + 5 * HOUR_MS), nine + 24 * HOUR_MS);
    }
}
