//! The admin start page: what can be set, and the latest changes.

use crate::api::admin::admin_changes;
use crate::ui::common::resource::resource;
use crate::ui::common::time::local_time;
use leptos::prelude::*;

/// Links to each setting and the audited changes, newest first.
#[component]
pub fn AdminHome() -> impl IntoView {
    let changes = resource(|| (), |_| admin_changes());
    view! {
        <main class="admin">
            <h1>"Settings"</h1>
            <ul class="admin-links">
                <li><a href="/admin/sla">"SLA policies"</a>" — targets by priority, channel and customer tier"</li>
                <li><a href="/admin/calendars">"Business hours"</a>" — time zones, weekly hours and holidays"</li>
                <li><a href="/admin/triage">"Triage rules"</a>" — what sets queue, priority and tags, with accuracy"</li>
                <li><a href="/admin/routing">"Routing and automation"</a>" — agent capacity, skills, auto-close"</li>
                <li><a href="/admin/templates">"Templates"</a>" — answers with variables"</li>
            </ul>
            <h2>"Recent changes"</h2>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match changes.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No changes yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="grid" data-testid="changes">
                                <thead><tr><th>"When"</th><th>"Who"</th><th>"What"</th><th>"Details"</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|c| view! {
                                        <tr><td>{local_time(c.at)}</td><td>{c.who}</td><td>{c.target}</td><td class="detail">{c.detail}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}
