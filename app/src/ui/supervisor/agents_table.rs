//! Every agent: presence and routing (changed in place), load against
//! capacity, and today's handled cases, handle time and satisfaction.

use crate::api::supervisor::change_agent;
use crate::domain::board::Board;
use crate::domain::{Presence, UserId};
use crate::ui::common::time::span;
use leptos::prelude::*;

#[component]
pub fn AgentsTable(board: RwSignal<Board>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let change = Action::new(
        move |(agent, presence, paused): &(UserId, Option<Presence>, Option<bool>)| {
            let (agent, presence, paused) = (*agent, *presence, *paused);
            async move { change_agent(agent, presence, paused).await }
        },
    );
    Effect::new(move |_| match change.value().get() {
        Some(Err(e)) => error.set(Some(e.to_string())),
        Some(Ok(())) => error.set(None),
        None => {}
    });
    let queue_names = move |ids: &[crate::domain::QueueId]| {
        board.with(|b| {
            b.queues
                .iter()
                .filter(|q| ids.contains(&q.id))
                .map(|q| q.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    view! {
        <p class="field-error" role="alert" data-testid="agents-error">{move || error.get()}</p>
        <table class="board-table" data-testid="agents">
            <thead>
                <tr>
                    <th scope="col">"Agent"</th>
                    <th scope="col">"Presence"</th>
                    <th scope="col" title="A paused agent is routed no new cases">"Routing"</th>
                    <th scope="col" title="Open cases (new, open, on hold) against capacity">"Load"</th>
                    <th scope="col" title="Cases solved today (UTC)">"Handled today"</th>
                    <th scope="col" title="Mean time from first response to solve, today">"Handle time"</th>
                    <th scope="col" title="Mean satisfaction (1 to 5) of today's rated cases">"CSAT"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || board.get().agents key=|a| format!("{:?}", a) let:a>
                    {
                        let id = a.id;
                        let presence = a.presence;
                        let paused = a.routing_paused;
                        view! {
                            <tr data-agent-id=id.0>
                                <th scope="row">{a.name.clone()}<br/><span class="muted small">{queue_names(&a.queues)}</span></th>
                                <td>
                                    <select data-testid=format!("agent-{id}-presence") data-presence=presence.as_str()
                                        aria-label=format!("Presence of {}", a.name)
                                        on:change=move |ev| {
                                            if let Some(p) = Presence::parse(&event_target_value(&ev)) {
                                                change.dispatch((id, Some(p), None));
                                            }
                                        }>
                                        {Presence::ALL.iter().map(|p| view! {
                                            <option value=p.as_str() selected=*p == presence>{p.as_str()}</option>
                                        }).collect_view()}
                                    </select>
                                </td>
                                <td>
                                    <label class="check">
                                        <input type="checkbox" data-testid=format!("agent-{id}-paused") checked=paused
                                            on:change=move |ev| {
                                                change.dispatch((id, None, Some(event_target_checked(&ev))));
                                            }/>
                                        " paused"
                                    </label>
                                </td>
                                <td data-testid=format!("agent-{id}-load")>{format!("{} / {}", a.load, a.capacity)}</td>
                                <td data-testid=format!("agent-{id}-handled")>{a.handled_today}</td>
                                <td>{a.handle_ms.map_or_else(|| "—".to_string(), span)}</td>
                                <td>{a.csat.map_or_else(|| "—".to_string(), |c| format!("{c:.1}"))}</td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
    }
}
