//! Quality checklists: per queue, the items an agent ticks before solving.

use super::{Field, FormStatus};
use crate::api::quality::{get_checklists, SaveChecklist};
use crate::domain::quality::QueueChecklist;
use crate::ui::common::resource::resource;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ChecklistsPage() -> impl IntoView {
    let data = resource(|| (), |_| get_checklists());
    view! {
        <main class="admin">
            <h1>"Quality checklists"</h1>
            <p class="muted">"One item per line. An agent ticks every item of the case's queue before the case can be solved; an empty list asks for nothing."</p>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => list.into_iter().map(|q| view! { <ChecklistForm q/> }).collect_view().into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn ChecklistForm(q: QueueChecklist) -> impl IntoView {
    let save = ServerAction::<SaveChecklist>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = Signal::derive(move || matches!(save.value().get(), Some(Ok(_))));
    let rows = (q.items.len() + 2).to_string();
    view! {
        <section class="admin-card" data-testid="checklist-queue" data-queue=q.queue_name.clone()>
            <h2>{q.queue_name.clone()}</h2>
            <ActionForm action=save>
                <input type="hidden" name="queue_id" value=q.queue_id.0/>
                <Field label="Items" field="items" error>
                    <textarea name="items" rows=rows>{q.items.join("\n")}</textarea>
                </Field>
                <button type="submit">"Save checklist"</button>
                <FormStatus error saved/>
            </ActionForm>
        </section>
    }
}
