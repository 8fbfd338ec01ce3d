//! Templates: answers with variables, searchable, previewed as typed.

use std::collections::BTreeMap;

use super::{Choice, Field, FormStatus};
use crate::api::admin::{admin_templates, DeleteTemplate, SaveTemplate};
use crate::domain::config::{Template, TemplatesAdmin};
use crate::engine::template;
use crate::error::AppError;
use crate::ui::common::resource::resource;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Example values for the preview.
fn sample() -> BTreeMap<&'static str, String> {
    [
        ("customer.first_name", "Ana"),
        ("customer.name", "Ana Silva"),
        ("customer.email", "ana@example.com"),
        ("customer.tier", "standard"),
        ("case.id", "1042"),
        ("case.subject", "Charged twice"),
        ("case.priority", "P2"),
        ("case.queue", "Billing"),
        ("agent.name", "Maya Okafor"),
        ("agent.first_name", "Maya"),
        ("booking.confirmation", "SB-204811"),
        ("booking.vehicle", "VW Golf"),
        ("booking.pickup", "3 December 2026, Lisbon Airport"),
        ("booking.return", "10 December 2026, Porto"),
        ("booking.amount", "312.40 EUR"),
        ("company.name", "Switchboard Rentals"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect()
}

/// The list with search, and the form with a live preview.
#[component]
pub fn TemplatesPage() -> impl IntoView {
    let save = ServerAction::<SaveTemplate>::new();
    let delete = ServerAction::<DeleteTemplate>::new();
    let saved = RwSignal::new(0usize);
    let chosen = RwSignal::new(None::<i64>);
    let search = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            chosen.set(Some(id));
            saved.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            chosen.set(None);
            saved.update(|n| *n += 1);
        }
    });
    let data = resource(
        move || (saved.get(), search.get()),
        |(_, q)| admin_templates(q),
    );
    let error = Signal::derive(move || {
        save.value()
            .get()
            .and_then(Result::err)
            .or_else(|| delete.value().get().and_then(Result::err))
    });
    let ok = Signal::derive(move || matches!(save.value().get(), Some(Ok(_))));
    view! {
        <main class="admin">
            <h1>"Templates"</h1>
            <div class="toolbar">
                <input type="search" placeholder="Search name, shortcut or text" aria-label="Search templates"
                    data-testid="template-search"
                    on:input=move |ev| search.set(event_target_value(&ev))/>
                <button type="button" class="secondary" on:click=move |_| chosen.set(Some(0))>"New template"</button>
            </div>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <div class="admin-body">
                            <p class="count">{format!("{} templates", d.templates.len())}</p>
                            <table class="grid" data-testid="templates">
                                <thead><tr><th>"Name"</th><th>"Shortcut"</th><th>"Queue"</th><th>"Text"</th><th></th></tr></thead>
                                <tbody>
                                    {d.templates.iter().map(|t| {
                                        let id = t.id;
                                        let queue = t.queue_id.and_then(|q| d.queues.iter().find(|x| x.id == q)).map_or("All", |q| q.name.as_str()).to_string();
                                        let first_line: String = t.body.lines().find(|l| !l.trim().is_empty()).unwrap_or("").chars().take(80).collect();
                                        view! {
                                            <tr data-template=id>
                                                <td>{t.name.clone()}</td>
                                                <td>{t.shortcut.clone().map(|s| format!("/{s}"))}</td>
                                                <td>{queue}</td>
                                                <td class="detail">{first_line}</td>
                                                <td><button type="button" class="link" on:click=move |_| chosen.set(Some(id))>"Edit"</button></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <TemplateForm data=d chosen save delete error ok/>
                        </div> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn TemplateForm(
    data: TemplatesAdmin,
    chosen: RwSignal<Option<i64>>,
    save: ServerAction<SaveTemplate>,
    delete: ServerAction<DeleteTemplate>,
    error: Signal<Option<AppError>>,
    ok: Signal<bool>,
) -> impl IntoView {
    move || {
        let id = chosen.get()?;
        let t = data
            .templates
            .iter()
            .find(|t| t.id == id)
            .cloned()
            .unwrap_or(Template {
                id: 0,
                name: String::new(),
                shortcut: None,
                body: String::new(),
                queue_id: None,
                updated_at: 0,
            });
        let body = RwSignal::new(t.body.clone());
        let preview = move || match template::render(&body.get(), &sample()) {
            Ok(r) => view! { <pre class="preview" data-testid="preview">{r.text}</pre> }.into_any(),
            Err(e) => view! { <p class="error" data-testid="preview-error">{e.to_string()}</p> }
                .into_any(),
        };
        let queues: Vec<(String, String)> = data
            .queues
            .iter()
            .map(|q| (q.id.to_string(), q.name.clone()))
            .collect();
        let variables = data.variables.clone();
        let existing = t.id;
        Some(view! {
            <ActionForm action=save attr:class="card admin-form" attr:data-testid="template-form">
                <h2>{if t.id == 0 { "New template".to_string() } else { format!("Edit “{}”", t.name) }}</h2>
                <input type="hidden" name="id" value=t.id/>
                <div class="row">
                    <Field label="Name" field="name" error>
                        <input name="name" value=t.name.clone()/>
                    </Field>
                    <Field label="Shortcut" field="shortcut" error hint="typed after / in the composer">
                        <input name="shortcut" value=t.shortcut.clone().unwrap_or_default()/>
                    </Field>
                    <Field label="Queue" field="queue" error>
                        <Choice name="queue" empty="All queues" options=queues selected=t.queue_id.map(|q| q.to_string()).unwrap_or_default()/>
                    </Field>
                </div>
                <div class="row">
                    <Field label="Text" field="body" error hint="variables in double braces, e.g. {{customer.first_name}}">
                        <textarea name="body" rows="10" on:input=move |ev| body.set(event_target_value(&ev))>{t.body.clone()}</textarea>
                    </Field>
                    <div class="preview-box">
                        <span class="field-label">"Preview"</span>
                        {preview}
                    </div>
                </div>
                <details>
                    <summary>"Variables"</summary>
                    <dl class="variables">
                        {variables.into_iter().map(|(n, d)| view! { <dt><code>{format!("{{{{{n}}}}}")}</code></dt><dd>{d}</dd> }).collect_view()}
                    </dl>
                </details>
                <div class="actions">
                    <button type="submit" disabled=move || save.pending().get()>"Save template"</button>
                    {(existing != 0).then(|| view! {
                        <button type="button" class="danger" on:click=move |_| { delete.dispatch(DeleteTemplate { id: existing }); }>"Delete"</button>
                    })}
                    <button type="button" class="link" on:click=move |_| chosen.set(None)>"Close"</button>
                </div>
                <FormStatus error saved=ok/>
            </ActionForm>
        })
    }
}
