//! SLA policies: targets by priority, channel and customer tier, in a calendar.

use super::{enum_options, Choice, Field, FormStatus};
use crate::api::admin::form::format_duration;
use crate::api::admin::{admin_sla, SaveSlaPolicy};
use crate::domain::config::SlaAdmin;
use crate::domain::{Channel, Priority};
use crate::engine::sla::{CustomerTier, Policy, Targets};
use crate::error::AppError;
use crate::ui::common::resource::resource;
use leptos::form::ActionForm;
use leptos::prelude::*;

fn target(ms: Option<i64>) -> String {
    ms.map(format_duration).unwrap_or_default()
}

/// The policy table and the form for the chosen (or a new) policy.
#[component]
pub fn SlaPage() -> impl IntoView {
    let save = ServerAction::<SaveSlaPolicy>::new();
    let saved = RwSignal::new(0usize);
    let chosen = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            chosen.set(Some(id));
            saved.update(|n| *n += 1);
        }
    });
    let data = resource(move || saved.get(), |_| admin_sla());
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let ok = Signal::derive(move || matches!(save.value().get(), Some(Ok(_))));
    view! {
        <main class="admin">
            <h1>"SLA policies"</h1>
            <p class="muted">"The most specific policy that matches a case applies; between equals, the one listed first. Targets count business time in the policy's calendar."</p>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <div class="admin-body"><PolicyTable data=d.clone() chosen/> <PolicyForm data=d chosen save error ok/></div> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn PolicyTable(data: SlaAdmin, chosen: RwSignal<Option<i64>>) -> impl IntoView {
    let cal_name = |id: i64| {
        data.calendars
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| format!("#{id}"), |c| c.name.clone())
    };
    view! {
        <table class="grid" data-testid="policies">
            <thead><tr>
                <th>"Policy"</th><th>"Priority"</th><th>"Channel"</th><th>"Tier"</th>
                <th>"First response"</th><th>"Next update"</th><th>"Resolution"</th><th>"Hours"</th><th></th>
            </tr></thead>
            <tbody>
                {data.policies.iter().map(|p| {
                    let id = p.id;
                    view! {
                        <tr data-policy=id>
                            <td>{p.name.clone()}</td>
                            <td>{p.priority.map_or("any", |x| x.as_str())}</td>
                            <td>{p.channel.map_or("any", |x| x.as_str())}</td>
                            <td>{p.tier.map_or("any", |x| x.as_str())}</td>
                            <td class="first-response">{target(p.targets.first_response_ms)}</td>
                            <td>{target(p.targets.next_update_ms)}</td>
                            <td>{target(p.targets.resolution_ms)}</td>
                            <td>{cal_name(p.calendar_id)}</td>
                            <td><button type="button" class="link" on:click=move |_| chosen.set(Some(id))>"Edit"</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <button type="button" class="secondary" on:click=move |_| chosen.set(Some(0))>"New policy"</button>
    }
}

#[component]
fn PolicyForm(
    data: SlaAdmin,
    chosen: RwSignal<Option<i64>>,
    save: ServerAction<SaveSlaPolicy>,
    error: Signal<Option<AppError>>,
    ok: Signal<bool>,
) -> impl IntoView {
    move || {
        let id = chosen.get()?;
        let p = data
            .policies
            .iter()
            .find(|p| p.id == id)
            .cloned()
            .unwrap_or(Policy {
                id: 0,
                name: String::new(),
                priority: None,
                channel: None,
                tier: None,
                targets: Targets::default(),
                calendar_id: data.calendars.first().map_or(1, |c| c.id),
            });
        let calendars: Vec<(String, String)> = data
            .calendars
            .iter()
            .map(|c| (c.id.to_string(), c.name.clone()))
            .collect();
        Some(view! {
            <ActionForm action=save attr:class="card admin-form" attr:data-testid="policy-form">
                <h2>{if p.id == 0 { "New policy".to_string() } else { format!("Edit “{}”", p.name) }}</h2>
                <input type="hidden" name="id" value=p.id/>
                <Field label="Name" field="name" error>
                    <input name="name" value=p.name.clone()/>
                </Field>
                <div class="row">
                    <Field label="Priority" field="priority" error>
                        <Choice name="priority" empty="Any" options=enum_options(Priority::ALL, Priority::as_str)
                            selected=p.priority.map(|x| x.as_str().to_string()).unwrap_or_default()/>
                    </Field>
                    <Field label="Channel" field="channel" error>
                        <Choice name="channel" empty="Any" options=enum_options(Channel::ALL, Channel::as_str)
                            selected=p.channel.map(|x| x.as_str().to_string()).unwrap_or_default()/>
                    </Field>
                    <Field label="Customer tier" field="tier" error>
                        <Choice name="tier" empty="Any" options=enum_options(CustomerTier::ALL, CustomerTier::as_str)
                            selected=p.tier.map(|x| x.as_str().to_string()).unwrap_or_default()/>
                    </Field>
                </div>
                <div class="row">
                    <Field label="First response" field="first_response" error hint="e.g. 15m, 4h, 2d; empty: not measured">
                        <input name="first_response" value=target(p.targets.first_response_ms)/>
                    </Field>
                    <Field label="Next update" field="next_update" error hint="between replies while the customer waits">
                        <input name="next_update" value=target(p.targets.next_update_ms)/>
                    </Field>
                    <Field label="Resolution" field="resolution" error>
                        <input name="resolution" value=target(p.targets.resolution_ms)/>
                    </Field>
                </div>
                <Field label="Business hours" field="calendar" error>
                    <select name="calendar_id">
                        {calendars.into_iter().map(|(v, t)| {
                            let on = v == p.calendar_id.to_string();
                            view! { <option value=v selected=on>{t}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <div class="actions">
                    <button type="submit" disabled=move || save.pending().get()>"Save policy"</button>
                    <button type="button" class="link" on:click=move |_| chosen.set(None)>"Close"</button>
                </div>
                <FormStatus error saved=ok/>
            </ActionForm>
        })
    }
}
