//! Routing: each agent's capacity, skills, languages and pause; and the
//! automation (auto-close, pending reminders, duplicates, re-routing grace).

use super::{Field, FormStatus};
use crate::api::admin::form::format_duration;
use crate::api::admin::{admin_routing, SaveAgentRouting, SaveAutomation};
use crate::domain::config::AgentRouting;
use crate::engine::automation::Automation;
use crate::ui::common::resource::resource;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// One form per agent and the automation form.
#[component]
pub fn RoutingPage() -> impl IntoView {
    let data = resource(|| (), |_| admin_routing());
    view! {
        <main class="admin">
            <h1>"Routing and automation"</h1>
            <p class="muted">"New cases go to an online, unpaused member of the case's queue who has the skills and language and is below capacity: the least loaded first, then whoever waited longest."</p>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <div class="admin-body">
                            <table class="grid" data-testid="agents">
                                <thead><tr><th>"Agent"</th><th>"Presence"</th><th>"Queues"</th><th>"Load"</th><th>"Settings"</th></tr></thead>
                                <tbody>
                                    {d.agents.into_iter().map(|a| view! { <AgentRow agent=a/> }).collect_view()}
                                </tbody>
                            </table>
                            <AutomationForm current=d.automation/>
                        </div> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn AgentRow(agent: AgentRouting) -> impl IntoView {
    let save = ServerAction::<SaveAgentRouting>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let ok = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    view! {
        <tr data-agent=agent.id.0>
            <td>{agent.name.clone()}</td>
            <td>{agent.presence.as_str()}</td>
            <td>{agent.queues.join(", ")}</td>
            <td>{format!("{} / {}", agent.load, agent.capacity)}</td>
            <td>
                <ActionForm action=save attr:class="inline-form">
                    <input type="hidden" name="id" value=agent.id.0/>
                    <Field label="Capacity" field="capacity" error>
                        <input name="capacity" value=agent.capacity inputmode="numeric" size="3"/>
                    </Field>
                    <Field label="Skills" field="skills" error>
                        <input name="skills" value=agent.skills.clone()/>
                    </Field>
                    <Field label="Languages" field="languages" error>
                        <input name="languages" value=agent.languages.clone() size="8"/>
                    </Field>
                    <label class="check"><input type="checkbox" name="paused" checked=agent.routing_paused/>" Paused"</label>
                    <button type="submit" disabled=move || save.pending().get()>"Save"</button>
                    <FormStatus error saved=ok/>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn AutomationForm(current: Automation) -> impl IntoView {
    let save = ServerAction::<SaveAutomation>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let ok = Signal::derive(move || matches!(save.value().get(), Some(Ok(()))));
    view! {
        <ActionForm action=save attr:class="card admin-form" attr:data-testid="automation-form">
            <h2>"Automation"</h2>
            <div class="row">
                <Field label="Close solved cases after" field="close_solved_after" error hint="they can no longer be reopened">
                    <input name="close_solved_after" value=format_duration(current.close_solved_after_ms)/>
                </Field>
                <Field label="Remind pending customers after" field="pending_remind_after" error>
                    <input name="pending_remind_after" value=format_duration(current.pending_remind_after_ms)/>
                </Field>
                <Field label="Solve pending cases after" field="pending_solve_after" error hint="with no reply from the customer">
                    <input name="pending_solve_after" value=format_duration(current.pending_solve_after_ms)/>
                </Field>
            </div>
            <div class="row">
                <Field label="Look for duplicates within" field="duplicate_window" error hint="same customer, similar subject">
                    <input name="duplicate_window" value=format_duration(current.duplicate_window_ms)/>
                </Field>
                <Field label="Re-route chats of agents away for" field="reroute_grace" error>
                    <input name="reroute_grace" value=format_duration(current.reroute_grace_ms)/>
                </Field>
            </div>
            <div class="actions">
                <button type="submit" disabled=move || save.pending().get()>"Save automation"</button>
            </div>
            <FormStatus error saved=ok/>
        </ActionForm>
    }
}
