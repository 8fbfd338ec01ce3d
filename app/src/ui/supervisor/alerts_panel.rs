//! Alerts acted on in place: open the case, give it to an agent, decide an
//! approval, and mark the alert handled. New alerts arrive live on top.

use crate::api::cases::update_case;
use crate::api::supervisor::mark_alert;
use crate::domain::alert::{Alert, AlertKind, Alerts};
use crate::domain::board::Board;
use crate::domain::{CaseEdit, Me, Presence, UserId};
use crate::ui::agent::quick_actions::ActionItem;
use crate::ui::common::time::local_time;
use leptos::prelude::*;

#[component]
pub fn AlertsPanel(
    alerts: RwSignal<Alerts>,
    board: RwSignal<Board>,
    me: Option<Me>,
) -> impl IntoView {
    let show_handled = RwSignal::new(false);
    // Read once the browser runs: the choice is kept per browser.
    let notify_on = RwSignal::new(false);
    let blocked = RwSignal::new(false);
    Effect::new(move |_| {
        notify_on.set(super::notify::enabled());
        blocked.set(super::notify::blocked());
    });
    let shown = move || {
        alerts.with(|a| {
            a.items
                .iter()
                .filter(|x| show_handled.get() || x.handled.is_none())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <p class="muted" data-testid="alerts-open" aria-live="polite">
            {move || match alerts.with(Alerts::open) { 0 => "No open alerts.".to_string(), 1 => "1 open alert.".into(), n => format!("{n} open alerts.") }}
        </p>
        <label class="check small"><input type="checkbox" data-testid="alerts-notify" prop:checked=move || notify_on.get()
            on:change=move |ev| {
                let on = event_target_checked(&ev);
                super::notify::set_enabled(on);
                notify_on.set(on);
                blocked.set(super::notify::blocked());
            }/>" Sound and browser notification"</label>
        {move || (notify_on.get() && blocked.get()).then(|| view! { <span class="muted small">" (blocked by the browser: sound only)"</span> })}
        <label class="check small"><input type="checkbox" data-testid="alerts-show-handled"
            on:change=move |ev| show_handled.set(event_target_checked(&ev))/>" Show handled"</label>
        <ol class="alerts" data-testid="alerts">
            <For each=shown key=|a| (a.seq, format!("{:?}{:?}", a.handled, a.action.as_ref().map(|x| x.status))) let:a>
                <AlertItem alert=a board me=me.clone()/>
            </For>
        </ol>
    }
}

#[component]
fn AlertItem(alert: Alert, board: RwSignal<Board>, me: Option<Me>) -> impl IntoView {
    let seq = alert.seq;
    let case_id = alert.case_id;
    let handled = alert.handled.clone();
    let is_handled = handled.is_some();
    let message = RwSignal::new(None::<(bool, String)>);
    let mark = Action::new(move |h: &bool| {
        let h = *h;
        async move { mark_alert(seq, h).await }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = mark.value().get() {
            message.set(Some((false, e.to_string())));
        }
    });
    let assign = Action::new(move |agent: &UserId| {
        let agent = *agent;
        async move { update_case(case_id, CaseEdit::Assignee(Some(agent)), None).await }
    });
    Effect::new(move |_| match assign.value().get() {
        Some(Ok(c)) => message.set(Some((
            true,
            format!("Assigned to {}.", c.assignee_name.unwrap_or_default()),
        ))),
        Some(Err(e)) => message.set(Some((false, e.to_string()))),
        None => {}
    });
    let queue = alert.queue_id;
    let agents = move || {
        board.with(|b| {
            b.agents
                .iter()
                .filter(|a| a.queues.contains(&queue))
                .map(|a| {
                    (
                        a.id,
                        format!(
                            "{} ({}, {}/{})",
                            a.name,
                            a.presence.as_str(),
                            a.load,
                            a.capacity
                        ),
                        a.presence == Presence::Online,
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let kind_class = format!("alert alert-{}", alert.kind.as_str());
    let is_approval = alert.kind == AlertKind::Approval;
    view! {
        <li class=kind_class class:handled=is_handled data-testid="alert" data-kind=alert.kind.as_str() data-case-id=case_id.0 data-seq=seq>
            <p>
                <strong>{alert.kind.words()}</strong>" · "
                <a href=format!("/agent/cases/{case_id}") data-testid="alert-open">{format!("#{case_id} {}", alert.subject)}</a>
                <span class="muted small">{format!(" · {} · {}", alert.queue_name, local_time(alert.at))}</span>
            </p>
            <p class="small">{alert.detail.clone()}
                {alert.assignee_name.clone().map(|n| view! { <span class="muted">{format!(" With {n}.")}</span> })}
            </p>
            {alert.action.clone().filter(|_| is_approval).map(|a| view! {
                <ol class="actions"><ActionItem action=a me=me.clone() on_decided=Callback::new(|_| {})/></ol>
            })}
            <div class="alert-acts">
                {(!is_approval).then(|| view! {
                    <label class="small">"Give to "
                        <select data-testid="alert-assign" on:change=move |ev| {
                            if let Ok(id) = event_target_value(&ev).parse::<i64>() {
                                assign.dispatch(UserId(id));
                            }
                        }>
                            <option value="">"an agent…"</option>
                            {move || agents().into_iter().map(|(id, label, online)| view! {
                                <option value=id.0.to_string() disabled=!online>{label}</option>
                            }).collect_view()}
                        </select>
                    </label>
                })}
                {match handled {
                    Some(h) => view! {
                        <span class="muted small" data-testid="alert-handled">{format!("Handled by {} at {}", h.by_name, local_time(h.at))}</span>
                        <button class="link" on:click=move |_| { mark.dispatch(false); }>"Reopen"</button>
                    }.into_any(),
                    None => view! {
                        <button class="secondary" data-testid="alert-mark" on:click=move |_| { mark.dispatch(true); }>"Mark handled"</button>
                    }.into_any(),
                }}
            </div>
            <p class="status-line small" role="status" class:error=move || message.get().is_some_and(|m| !m.0)>
                {move || message.get().map(|m| m.1)}
            </p>
        </li>
    }
}
