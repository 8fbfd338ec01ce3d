//! The approvals inbox for supervisors: every request above an agent's
//! authority, live, decided in place.

use super::agent_layout::MeResource;
use super::quick_actions::{upsert_action, ActionItem};
use crate::api::actions::list_approvals;
use crate::domain::{ActionStatus, ActionView, EventKind};
use crate::ui::common::live::Live;
use crate::ui::common::resource::resource;
use leptos::prelude::*;

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let live = Live::expect();
    let list = resource(move || live.resets.get(), |_| list_approvals());
    let me = expect_context::<MeResource>();
    let me = resource(|| (), move |_| async move { me.get().await.ok() });
    view! {
        <main class="approvals">
            <h1>"Approvals"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading approvals…"</p> }>
                {move || Suspend::new(async move {
                    match (list.await, me.await) {
                        (Ok(a), me) => view! { <ApprovalList items=a.pending as_of=a.as_of me/> }.into_any(),
                        (Err(e), _) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn ApprovalList(
    items: Vec<ActionView>,
    as_of: i64,
    me: Option<crate::domain::Me>,
) -> impl IntoView {
    let items = RwSignal::new(items);
    Live::expect().subscribe("supervisor".into(), as_of, move |ev| {
        if let EventKind::ActionUpdated { action, .. } = &ev.kind {
            items.update(|l| upsert_action(l, action.clone()));
        }
    });
    let on_decided = Callback::new(move |a: ActionView| items.update(|l| upsert_action(l, a)));
    let waiting = move || {
        items.with(|l| {
            l.iter()
                .filter(|a| a.status == ActionStatus::PendingApproval)
                .count()
        })
    };
    view! {
        <p data-testid="approvals-waiting" aria-live="polite">
            {move || match waiting() { 0 => "Nothing waits for a decision.".to_string(), 1 => "1 request waits for a decision.".into(), n => format!("{n} requests wait for a decision.") }}
        </p>
        <ol class="actions approvals-list" data-testid="approvals">
            <For each=move || items.get() key=|a| (a.id, a.status.as_str()) let:a>
                <ActionItem action=a me=me.clone() on_decided with_case=true/>
            </For>
        </ol>
    }
    .into_any()
}
