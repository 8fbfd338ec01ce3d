//! The composer's template picker: search as you type, the case's queue first,
//! and the chosen template filled in with the case's values.

use crate::api::cases::{list_templates, render_template};
use crate::domain::CaseId;
use leptos::prelude::*;

/// A search box and the matching templates; picking one hands its filled-in text
/// to `on_pick` and closes the picker.
#[component]
pub fn TemplatePicker(
    case_id: CaseId,
    open: RwSignal<bool>,
    on_pick: Callback<String>,
) -> impl IntoView {
    let search = RwSignal::new(String::new());
    // Local: it loads only in the browser, once the picker opens. A resource
    // sent with the page, created inside the case view (which waits for the
    // case), is numbered differently on the server and in the browser.
    let found = LocalResource::new(move || {
        let (is_open, s) = (open.get(), search.get());
        async move {
            if is_open {
                list_templates(s, Some(case_id)).await
            } else {
                Ok(Vec::new())
            }
        }
    });
    let error = RwSignal::new(None::<String>);
    let pick = Action::new_local(move |id: &i64| {
        let id = *id;
        async move { render_template(id, case_id).await }
    });
    Effect::new(move |_| match pick.value().get() {
        Some(Ok(t)) => {
            error.set(if t.missing.is_empty() {
                None
            } else {
                Some(format!(
                    "No value for {}: fill it in before sending.",
                    t.missing.join(", ")
                ))
            });
            on_pick.run(t.text);
            open.set(false);
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if open.get() {
            if let Some(el) = input.get() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <p class="field-error" role="alert" data-testid="template-error">{move || error.get()}</p>
        <Show when=move || open.get()>
            <div class="picker" role="dialog" aria-label="Insert a template" data-testid="template-picker"
                on:keydown=move |ev| if ev.key() == "Escape" { open.set(false); }>
                <input type="search" node_ref=input placeholder="Search templates" aria-label="Search templates"
                    data-testid="template-search" on:input=move |ev| search.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            let first = found.get().and_then(|r| r.ok()).and_then(|l| l.first().map(|t| t.id));
                            if let Some(id) = first { pick.dispatch(id); }
                        }
                    }/>
                <Transition fallback=|| ()>
                    <ul class="picker-list">
                        {move || found.get().map(|r| match r {
                            Ok(list) if list.is_empty() => view! { <li class="muted">"No template matches."</li> }.into_any(),
                            Ok(list) => list.into_iter().take(12).map(|t| {
                                let id = t.id;
                                let preview: String = t.body.chars().take(90).collect();
                                view! {
                                    <li><button type="button" class="picker-item" data-template=t.name.clone()
                                        on:click=move |_| { pick.dispatch(id); }>
                                        <strong>{t.name.clone()}</strong>
                                        <span class="muted small">{preview}</span>
                                    </button></li>
                                }
                            }).collect_view().into_any(),
                            Err(e) => view! { <li class="error">{e.to_string()}</li> }.into_any(),
                        })}
                    </ul>
                </Transition>
            </div>
        </Show>
    }
    .into_any()
}
