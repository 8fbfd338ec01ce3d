//! A ticking SLA countdown with its state in words, readable without colour.

use crate::domain::SlaState;
use crate::ui::common::ticker::Ticker;
use crate::ui::common::time::countdown;
use leptos::prelude::*;

/// "in 1 h 05 min", or "overdue 3 min", with the state ("≥ 80 % used").
#[component]
pub fn SlaCountdown(due: Option<i64>, state: Option<SlaState>) -> impl IntoView {
    let ticker = Ticker::expect();
    let class = match state {
        Some(SlaState::Breached) => "sla sla-breached",
        Some(SlaState::Warning) => "sla sla-warning",
        Some(SlaState::Half) => "sla sla-half",
        _ => "sla",
    };
    match due {
        None => view! { <span class="sla sla-none" data-testid="sla">"—"</span> }.into_any(),
        Some(due) => view! {
            <span class=class data-testid="sla" data-due=due
                title=state.map(|s| s.words()).unwrap_or("On track")>
                {move || countdown(due, ticker.now.get())}
                {state.filter(|s| *s != SlaState::OnTrack).map(|s| view! { <span class="sla-state">{format!(" · {}", s.words())}</span> })}
            </span>
        }.into_any(),
    }
}
