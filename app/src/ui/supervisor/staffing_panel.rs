//! Erlang C per queue: agents needed for the service-level goal, and what the
//! agents online now achieve. The inputs start from the queue's last hour and
//! week and may be changed; the forecast is computed in the browser.

use super::queues_table::queue_input;
use crate::domain::board::Board;
use crate::domain::staffing::StaffingInput;
use crate::ui::common::time::span;
use leptos::prelude::*;

#[component]
pub fn StaffingPanel(board: RwSignal<Board>) -> impl IntoView {
    let queues = move || {
        board.with(|b| {
            b.queues
                .iter()
                .map(|q| (q.id, q.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <p class="muted small">"Erlang C: from the arrival rate, the average handle time and a goal (default 80 % answered within 30 s)."</p>
        <div class="staffing" data-testid="staffing">
            <For each=queues key=|q| q.0 let:q>
                <QueueStaffing board id=q.0 name=q.1/>
            </For>
        </div>
    }
}

#[component]
fn QueueStaffing(
    board: RwSignal<Board>,
    id: crate::domain::QueueId,
    name: String,
) -> impl IntoView {
    let from_board = move || {
        board.with(|b| {
            b.queues
                .iter()
                .find(|q| q.id == id)
                .map(|q| (queue_input(q), q.online))
        })
    };
    // What the supervisor typed; `None` follows the live figures.
    let arrivals = RwSignal::new(None::<String>);
    let handle = RwSignal::new(None::<String>);
    let target = RwSignal::new("30".to_string());
    let goal = RwSignal::new("80".to_string());
    let result = move || {
        let (live, online) = from_board()?;
        let num = |s: Option<String>, d: f64| {
            s.map_or(Ok(d), |s| {
                s.trim()
                    .parse::<f64>()
                    .map_err(|_| format!("{s:?} is not a number."))
            })
        };
        let input = (|| {
            StaffingInput {
                arrivals_per_hour: num(arrivals.get(), live.arrivals_per_hour)?,
                handle_secs: num(handle.get(), live.handle_secs)?,
                target_secs: num(Some(target.get()), 30.0)?,
                service_goal: num(Some(goal.get()), 80.0)? / 100.0,
            }
            .check()
        })();
        Some(input.map(|i| (i.forecast(online.max(0) as u32), online)))
    };
    let value = move |s: RwSignal<Option<String>>, live: fn(&StaffingInput) -> f64| {
        move || {
            s.get().unwrap_or_else(|| {
                from_board()
                    .map(|(i, _)| format!("{:.0}", live(&i)))
                    .unwrap_or_default()
            })
        }
    };
    let cell = move |n: &str| format!("staffing-{id}-{n}");
    view! {
        <fieldset class="staffing-queue">
            <legend>{name}</legend>
            <label>"Arrivals per hour "<input type="number" min="0" step="any" data-testid=cell("arrivals")
                prop:value=value(arrivals, |i| i.arrivals_per_hour) on:input=move |ev| arrivals.set(Some(event_target_value(&ev)))/></label>
            <label>"Handle time (s) "<input type="number" min="1" step="any" data-testid=cell("handle")
                prop:value=value(handle, |i| i.handle_secs) on:input=move |ev| handle.set(Some(event_target_value(&ev)))/></label>
            <label>"Answer within (s) "<input type="number" min="0" step="any" data-testid=cell("target")
                prop:value=move || target.get() on:input=move |ev| target.set(event_target_value(&ev))/></label>
            <label>"Goal (%) "<input type="number" min="1" max="99.9" step="any" data-testid=cell("goal")
                prop:value=move || goal.get() on:input=move |ev| goal.set(event_target_value(&ev))/></label>
            <p data-testid=cell("result") role="status">
                {move || match result() {
                    None => view! { <span></span> }.into_any(),
                    Some(Err(e)) => view! { <span class="error">{e}</span> }.into_any(),
                    Some(Ok((f, online))) => view! {
                        <span data-testid=cell("needed")>{format!("{} {} needed", f.needed, if f.needed == 1 { "agent" } else { "agents" })}</span>
                        {format!(" · with {online} online: {:.1} % answered in time, average wait {}",
                            f.now.service_level * 100.0,
                            if f.now.asa_secs.is_finite() { span((f.now.asa_secs * 1000.0) as i64) } else { "growing without end".into() })}
                        {f.understaffed.then(|| view! { <strong class="bad" data-testid=cell("understaffed")>" Understaffed"</strong> })}
                    }.into_any(),
                }}
            </p>
        </fieldset>
    }
}
