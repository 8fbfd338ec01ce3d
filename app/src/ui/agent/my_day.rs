//! The agent's own figures for today, above the inbox, refreshed every minute.

use crate::api::cases::get_my_metrics;
use crate::domain::metrics::PersonalMetrics;
use crate::ui::common::live::Live;
use crate::ui::common::resource::resource;
use crate::ui::common::ticker::Ticker;
use crate::ui::common::time::span;
use leptos::prelude::*;

/// One figure with its definition on hover.
fn figure(
    label: &'static str,
    value: String,
    definition: &'static str,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="figure" title=definition>
            <dt>{label}</dt>
            <dd data-testid=testid>{value}</dd>
        </div>
    }
}

fn figures(m: PersonalMetrics) -> impl IntoView {
    let dash = || "—".to_string();
    view! {
        <dl class="my-day" aria-label="My day" data-testid="my-day">
            {figure("Handled today", m.handled.to_string(), "Cases assigned to you that you solved since 00:00 UTC.", "my-handled")}
            {figure("First response", m.first_response_ms.map(span).unwrap_or_else(dash),
                "Mean time from a case's creation to its first response, over your cases first answered today.", "my-frt")}
            {figure("Handle time", m.handle_ms.map(span).unwrap_or_else(dash),
                "Mean time from the first response to the solve, over the cases you handled today.", "my-handle")}
            {figure("CSAT", m.csat_average.map(|a| format!("{a:.1} / 5 ({})", m.csat_count)).unwrap_or_else(dash),
                "Mean customer rating (1 to 5) of the cases you handled today that were rated.", "my-csat")}
            {figure("SLA", m.sla_compliance().map(|p| format!("{p:.0} %")).unwrap_or_else(dash),
                "Share of the cases you handled today that met every SLA target.", "my-sla")}
        </dl>
    }
}

#[component]
pub fn MyDay() -> impl IntoView {
    let live = Live::expect();
    let ticker = Ticker::expect();
    let minute = Memo::new(move |_| ticker.now.get() / 60_000);
    let metrics = resource(
        move || (live.resets.get(), minute.get()),
        |_| get_my_metrics(),
    );
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move { metrics.await.ok().map(figures) })}
        </Transition>
    }
}
