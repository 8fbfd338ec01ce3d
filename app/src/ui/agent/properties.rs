//! A case's properties, editable inline, with its SLA clocks beside them. Each
//! change carries the value the agent saw: a colleague's newer change is shown
//! as a conflict next to the field, never overwritten.

use super::sla_countdown::SlaCountdown;
use crate::api::cases::update_case;
use crate::domain::{
    CaseEdit, CaseStatus, CaseSummary, ClockView, Directory, Priority, Tier, UserId,
};
use crate::ui::common::ticker::Ticker;
use crate::ui::common::time::{countdown, span};
use leptos::prelude::*;

/// One property row: label, control, and the error of its last change.
#[component]
fn Prop(
    label: &'static str,
    field: &'static str,
    errors: RwSignal<Option<(String, String)>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="prop" class:invalid=move || errors.with(|e| e.as_ref().is_some_and(|(f, _)| f == field))>
            <span class="field-label">{label}</span>
            {children()}
            <span class="field-error" role="alert" data-testid=format!("error-{field}")>
                {move || errors.with(|e| e.as_ref().filter(|(f, _)| f == field).map(|(_, m)| m.clone()))}
            </span>
        </div>
    }
}

/// The properties of `case` (kept live by the case page).
#[component]
pub fn Properties(
    case: RwSignal<CaseSummary>,
    clocks: Vec<ClockView>,
    dir: Directory,
) -> impl IntoView {
    let errors = RwSignal::new(None::<(String, String)>);
    let save = Action::new_local(move |(edit, seen): &(CaseEdit, CaseEdit)| {
        let (edit, seen) = (edit.clone(), seen.clone());
        let id = case.get_untracked().id;
        async move {
            let field = edit.field().to_string();
            update_case(id, edit, Some(seen))
                .await
                .map_err(|e| (field, e))
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(updated)) => {
            errors.set(None);
            case.set(updated);
        }
        Some(Err((field, e))) => errors.set(Some((field, e.to_string()))),
        None => {}
    });
    let change = move |edit: CaseEdit| {
        let seen = edit.current(&case.get_untracked());
        save.dispatch((edit, seen));
    };
    let opt = move |value: String, label: String, is: Signal<bool>| {
        view! { <option value=value selected=move || is.get()>{label}</option> }
    };
    // "new" and "closed" are shown when the case has them, never offered.
    let fixed = |s: CaseStatus| matches!(s, CaseStatus::New | CaseStatus::Closed);
    let statuses = [
        CaseStatus::New,
        CaseStatus::Open,
        CaseStatus::Pending,
        CaseStatus::OnHold,
        CaseStatus::Solved,
        CaseStatus::Closed,
    ];
    let dir = StoredValue::new(dir);
    let tags_text = RwSignal::new(String::new());
    // Only a change of the tags themselves (not any live update) resets the box.
    let tags = Memo::new(move |_| case.with(|c| c.tags.join(", ")));
    Effect::new(move |_| tags_text.set(tags.get()));
    view! {
        <section class="properties" aria-label="Case properties" data-testid="properties">
            <Prop label="Status" field="status" errors>
                <select data-testid="prop-status" aria-label="Status" prop:value=move || { errors.track(); case.with(|c| c.status.as_str().to_string()) } on:change=move |ev| {
                    if let Some(s) = CaseStatus::parse(&event_target_value(&ev)) { change(CaseEdit::Status(s)); }
                }>
                    {statuses.into_iter().map(|s| view! {
                        <option value=s.as_str() disabled=fixed(s) selected=move || case.with(|c| c.status == s)>
                            {s.as_str().replace('_', " ")}
                        </option>
                    }).collect_view()}
                </select>
            </Prop>
            <Prop label="Priority" field="priority" errors>
                <select data-testid="prop-priority" aria-label="Priority" prop:value=move || { errors.track(); case.with(|c| c.priority.as_str().to_string()) } on:change=move |ev| {
                    if let Some(p) = Priority::parse(&event_target_value(&ev)) { change(CaseEdit::Priority(p)); }
                }>
                    {Priority::ALL.iter().map(|p| { let p = *p; opt(p.as_str().into(), p.to_string(),
                        Signal::derive(move || case.with(|c| c.priority == p))) }).collect_view()}
                </select>
            </Prop>
            <Prop label="Queue" field="queue" errors>
                <select data-testid="prop-queue" aria-label="Queue" prop:value=move || { errors.track(); case.with(|c| c.queue_id.to_string()) } on:change=move |ev| {
                    if let Ok(q) = event_target_value(&ev).parse() { change(CaseEdit::Queue(q)); }
                }>
                    {dir.with_value(|d| d.queues.clone()).into_iter().map(|q| { let id = q.id; opt(id.to_string(), q.name,
                        Signal::derive(move || case.with(|c| c.queue_id == id))) }).collect_view()}
                </select>
            </Prop>
            <Prop label="Assignee" field="assignee" errors>
                <select data-testid="prop-assignee" aria-label="Assignee" prop:value=move || { errors.track(); case.with(|c| c.assignee_id.map(|u| u.to_string()).unwrap_or_default()) } on:change=move |ev| {
                    let v = event_target_value(&ev);
                    change(CaseEdit::Assignee(v.parse::<i64>().ok().map(UserId)));
                }>
                    {move || {
                        let queue = case.with(|c| c.queue_id);
                        let mut options = vec![opt(String::new(), "Nobody".into(), Signal::derive(move || case.with(|c| c.assignee_id.is_none())))];
                        options.extend(dir.with_value(|d| d.agents.clone()).into_iter().filter(|a| a.queues.contains(&queue)).map(|a| {
                            let id = a.id;
                            opt(id.to_string(), format!("{} ({})", a.name, a.presence), Signal::derive(move || case.with(|c| c.assignee_id == Some(id))))
                        }));
                        options.collect_view()
                    }}
                </select>
            </Prop>
            <Prop label="Support tier" field="tier" errors>
                <select data-testid="prop-tier" aria-label="Support tier" prop:value=move || { errors.track(); case.with(|c| c.tier.as_str().to_string()) } on:change=move |ev| {
                    if let Some(t) = Tier::parse(&event_target_value(&ev)) { change(CaseEdit::Tier(t)); }
                }>
                    {Tier::ALL.iter().map(|t| { let t = *t; opt(t.as_str().into(), t.to_string(),
                        Signal::derive(move || case.with(|c| c.tier == t))) }).collect_view()}
                </select>
            </Prop>
            <Prop label="Tags" field="tags" errors>
                <form class="tags-form" on:submit=move |ev| {
                    ev.prevent_default();
                    let tags: Vec<String> = tags_text.get_untracked().split(',').map(str::trim)
                        .filter(|t| !t.is_empty()).map(str::to_owned).collect();
                    change(CaseEdit::Tags(tags));
                }>
                    <input type="text" data-testid="prop-tags" aria-label="Tags, separated by commas"
                        prop:value=move || tags_text.get()
                        on:input=move |ev| tags_text.set(event_target_value(&ev))/>
                    <button type="submit" class="secondary">"Save tags"</button>
                </form>
            </Prop>
            <Clocks clocks case/>
        </section>
    }
    .into_any()
}

/// The case's SLA clocks: met, paused with the time left, or counting down.
#[component]
fn Clocks(clocks: Vec<ClockView>, case: RwSignal<CaseSummary>) -> impl IntoView {
    let ticker = Ticker::expect();
    // The list is as loaded; the status tells whether a running clock still runs.
    // The ticker outlives the case view (a Transition keeps the old view on
    // screen while the next case loads): the case may be gone at a tick.
    let runs = move || {
        case.try_with(|c| crate::engine::sla::clocks_running_in(c.status))
            .unwrap_or(false)
    };
    view! {
        <div class="clocks" data-testid="clocks">
            <span class="field-label">"SLA"</span>
            <p class="clock-summary">{move || view! { <SlaCountdown due=case.with(|c| c.sla_due_at) state=case.with(|c| c.sla)/> }}</p>
            <ul>
                {clocks.into_iter().map(|c| {
                    let what = c.kind.words();
                    let state = match (c.met_at, c.since, c.breach_at) {
                        (Some(_), _, _) => view! { <span class="ok">"met"</span> }.into_any(),
                        (None, Some(_), Some(due)) => view! { <span>{move || if runs() {
                            countdown(due, ticker.now.get())
                        } else {
                            "paused or stopped by the status".to_string()
                        }}</span> }.into_any(),
                        _ => view! { <span class="muted">{format!("paused, {} left", span((c.target_ms - c.elapsed_ms).max(0)))}</span> }.into_any(),
                    };
                    view! { <li data-clock=c.kind.as_str()><span class="clock-kind">{what}</span>" "{state}</li> }
                }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}
