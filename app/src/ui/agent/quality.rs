//! The quality checklist beside a case (ticked live by anyone on the case)
//! and escalation to another queue or tier with a reason.

use crate::api::quality::{escalate_case, tick_check};
use crate::domain::quality::{CaseCheck, Escalation};
use crate::domain::{CaseId, CaseSummary, Directory, QueueId, Tier};
use crate::error::AppError;
use leptos::prelude::*;

/// The case's checklist; solving waits until every item is ticked.
#[component]
pub fn Checklist(case_id: CaseId, checks: RwSignal<Vec<CaseCheck>>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let tick = Action::new_local(move |(item, on): &(i64, bool)| {
        let (item, on) = (*item, *on);
        async move { tick_check(case_id, item, on).await }
    });
    Effect::new(move |_| match tick.value().get() {
        Some(Ok(list)) => {
            error.set(None);
            checks.set(list);
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let left = move || checks.with(|c| c.iter().filter(|k| k.checked_by_name.is_none()).count());
    view! {
        <Show when=move || checks.with(|c| !c.is_empty())>
            <section class="checklist" aria-label="Quality checklist" data-testid="checklist">
                <h3>"Before solving"</h3>
                <ul>
                    <For each=move || checks.get() key=|k| (k.item_id, k.checked_by_name.clone()) let:k>
                        {
                            let id = k.item_id;
                            let on = k.checked_by_name.is_some();
                            view! {
                                <li>
                                    <label>
                                        <input type="checkbox" prop:checked=on data-testid="check-item"
                                            on:change=move |ev| { tick.dispatch((id, event_target_checked(&ev))); }/>
                                        " " {k.text.clone()}
                                    </label>
                                    {k.checked_by_name.map(|n| view! { <span class="muted small">{format!(" ✔ {n}")}</span> })}
                                </li>
                            }
                        }
                    </For>
                </ul>
                <p class="small" data-testid="checklist-left">
                    {move || match left() { 0 => "All ticked: the case can be solved.".to_string(), 1 => "1 item left before solving.".into(), n => format!("{n} items left before solving.") }}
                </p>
                <p class="field-error" role="alert">{move || error.get()}</p>
            </section>
        </Show>
    }
}

/// "Escalate…": another queue and/or tier, and why.
#[component]
pub fn EscalateForm(case: RwSignal<CaseSummary>, dir: Directory) -> impl IntoView {
    let open = RwSignal::new(false);
    let queue = RwSignal::new(String::new());
    let tier = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(String, String)>);
    let send = Action::new_local(move |esc: &Escalation| {
        let esc = esc.clone();
        async move { escalate_case(esc).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(updated)) => {
            error.set(None);
            open.set(false);
            reason.set(String::new());
            case.set(updated);
        }
        Some(Err(AppError::InvalidField { field, reason })) => error.set(Some((field, reason))),
        Some(Err(e)) => error.set(Some(("reason".into(), e.to_string()))),
        None => {}
    });
    let err = move |field: &'static str| {
        move || {
            error.with(|e| {
                e.as_ref()
                    .filter(|(f, _)| f == field)
                    .map(|(_, m)| m.clone())
            })
        }
    };
    let queues = dir.queues;
    view! {
        <section class="escalate" data-testid="escalate">
            <button type="button" class="secondary" data-testid="escalate-open" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"Escalate…"</button>
            <Show when=move || open.get()>
                <form class="escalate-form" on:submit=move |ev| {
                    ev.prevent_default();
                    send.dispatch(Escalation {
                        case_id: case.with_untracked(|c| c.id),
                        queue_id: queue.get_untracked().parse::<i64>().ok().map(QueueId),
                        tier: Tier::parse(&tier.get_untracked()),
                        reason: reason.get_untracked(),
                    });
                }>
                    <label class="field"><span class="field-label">"To queue"</span>
                        <select data-testid="escalate-queue" on:change=move |ev| queue.set(event_target_value(&ev))>
                            <option value="">"Keep the queue"</option>
                            {queues.clone().into_iter().map(|q| view! { <option value=q.id.to_string()>{q.name}</option> }).collect_view()}
                        </select>
                    </label>
                    <span class="field-error" role="alert" data-testid="escalate-error-queue">{err("queue")}</span>
                    <label class="field"><span class="field-label">"To tier"</span>
                        <select data-testid="escalate-tier" on:change=move |ev| tier.set(event_target_value(&ev))>
                            <option value="">"Keep the tier"</option>
                            {Tier::ALL.iter().map(|t| view! { <option value=t.as_str()>{t.as_str()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field"><span class="field-label">"Why"</span>
                        <textarea rows="2" data-testid="escalate-reason" on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </label>
                    <span class="field-error" role="alert" data-testid="escalate-error-reason">{err("reason")}</span>
                    <button type="submit" data-testid="escalate-send" disabled=move || send.pending().get()>"Escalate"</button>
                </form>
            </Show>
        </section>
    }
    .into_any()
}
