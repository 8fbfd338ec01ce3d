//! One row per queue: waiting, in progress, the longest wait ticking, SLA at
//! 50 % / 80 % / breached, negative sentiment, agents and load, expected wait.

use crate::domain::board::{Board, BoardQueue};
use crate::domain::staffing::StaffingInput;
use crate::ui::common::ticker::Ticker;
use crate::ui::common::time::span;
use leptos::prelude::*;

/// Default handle time when a queue has solved nothing this week.
pub const DEFAULT_HANDLE_SECS: f64 = 300.0;

/// The Erlang C input of a queue from its figures.
pub fn queue_input(q: &BoardQueue) -> StaffingInput {
    StaffingInput {
        arrivals_per_hour: q.arrivals_last_hour as f64,
        handle_secs: q
            .handle_ms
            .map_or(DEFAULT_HANDLE_SECS, |ms| (ms as f64 / 1000.0).max(1.0)),
        ..StaffingInput::default()
    }
}

/// Expected wait for a new customer with the agents online now.
fn expected_wait(q: &BoardQueue) -> String {
    let p = queue_input(q).predict(q.online.max(0) as u32);
    if q.online == 0 {
        "nobody online".into()
    } else if p.asa_secs.is_infinite() {
        "growing".into()
    } else {
        span((p.asa_secs * 1000.0) as i64)
    }
}

#[component]
pub fn QueuesTable(board: RwSignal<Board>) -> impl IntoView {
    let ticker = Ticker::expect();
    view! {
        <table class="board-table" data-testid="queues">
            <thead>
                <tr>
                    <th scope="col">"Queue"</th>
                    <th scope="col" title="Open cases nobody has taken">"Waiting"</th>
                    <th scope="col" title="Open cases with an agent">"In progress"</th>
                    <th scope="col" title="How long the longest-waiting unassigned case has waited">"Longest wait"</th>
                    <th scope="col" title="Cases past half of an SLA target, not breached">"≥ 50 %"</th>
                    <th scope="col" title="Cases past 80 % of an SLA target, not breached">"≥ 80 %"</th>
                    <th scope="col" title="Cases past an SLA target">"Breached"</th>
                    <th scope="col" title="Cases whose customer's recent messages read negative">"Negative"</th>
                    <th scope="col" title="Members online / away">"Agents"</th>
                    <th scope="col" title="Open cases of online members against the capacity of those routed to">"Load"</th>
                    <th scope="col" title="Erlang C average speed of answer with the agents online, from the last hour's arrivals">"Expected wait"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || board.get().queues key=|q| (q.id, format!("{:?}", q)) let:q>
                    {
                        let id = q.id;
                        let k = q.counts.clone();
                        let oldest = k.oldest_waiting_since;
                        let cell = move |name: &str| format!("queue-{id}-{name}");
                        view! {
                            <tr data-queue-id=id.0>
                                <th scope="row"><a href=format!("/agent?view=queue-{id}&sort=sla_due") data-testid=cell("open")>{q.name.clone()}</a></th>
                                <td data-testid=cell("waiting")>{k.waiting}</td>
                                <td data-testid=cell("in-progress")>{k.in_progress}</td>
                                <td data-testid=cell("longest")>{move || oldest.map_or_else(|| "—".to_string(), |at| span(ticker.now.get() - at))}</td>
                                <td data-testid=cell("half") class:warn={k.half > 0}>{k.half}</td>
                                <td data-testid=cell("warning") class:warn={k.warning > 0}>{k.warning}</td>
                                <td data-testid=cell("breached") class:bad={k.breached > 0}>{k.breached}</td>
                                <td data-testid=cell("negative")>{k.negative}</td>
                                <td data-testid=cell("agents")>{format!("{} online · {} away", q.online, q.away)}</td>
                                <td data-testid=cell("load")>{format!("{} / {}", q.load, q.capacity)}</td>
                                <td data-testid=cell("expected")>{expected_wait(&q)}</td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
    }
}
