//! Triage rules in order, with how often agents kept what each decided.

use super::{enum_options, percent, Choice, Field, FieldError, FormStatus};
use crate::api::admin::{admin_triage, SaveTriageRule};
use crate::domain::config::{RuleView, TriageAdmin};
use crate::domain::{Priority, Tier};
use crate::engine::triage::{Actions, Conditions, PhraseMode, RuleSpec};
use crate::error::AppError;
use crate::ui::common::resource::resource;
use leptos::form::ActionForm;
use leptos::prelude::*;

fn conditions(c: &Conditions) -> String {
    let mut parts = Vec::new();
    if !c.phrases.is_empty() {
        let join = if c.phrase_mode == PhraseMode::All {
            " and "
        } else {
            " or "
        };
        parts.push(
            c.phrases
                .iter()
                .map(|p| format!("“{p}”"))
                .collect::<Vec<_>>()
                .join(join),
        );
    }
    if let Some(p) = &c.pattern {
        parts.push(format!("matches /{p}/"));
    }
    if !c.channels.is_empty() {
        let list: Vec<&str> = c.channels.iter().map(|x| x.as_str()).collect();
        parts.push(format!("channel {}", list.join("/")));
    }
    if !c.customer_tiers.is_empty() {
        let list: Vec<&str> = c.customer_tiers.iter().map(|x| x.as_str()).collect();
        parts.push(format!("tier {}", list.join("/")));
    }
    if !c.languages.is_empty() {
        parts.push(format!("language {}", c.languages.join("/")));
    }
    parts.join("; ")
}

fn actions(a: &Actions, data: &TriageAdmin) -> String {
    let mut parts = Vec::new();
    if let Some(q) = a.queue {
        let name = data
            .queues
            .iter()
            .find(|x| x.id == q)
            .map_or_else(|| q.to_string(), |x| x.name.clone());
        parts.push(format!("→ {name}"));
    }
    if let Some(p) = a.priority {
        parts.push(p.as_str().to_string());
    }
    if let Some(t) = a.tier {
        parts.push(t.as_str().to_string());
    }
    if !a.tags.is_empty() {
        parts.push(format!("tags {}", a.tags.join(", ")));
    }
    parts.join(", ")
}

/// The rules with their accuracy, and the form for the chosen (or a new) rule.
#[component]
pub fn TriagePage() -> impl IntoView {
    let save = ServerAction::<SaveTriageRule>::new();
    let saved = RwSignal::new(0usize);
    let chosen = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            chosen.set(Some(id));
            saved.update(|n| *n += 1);
        }
    });
    let data = resource(move || saved.get(), |_| admin_triage());
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let ok = Signal::derive(move || matches!(save.value().get(), Some(Ok(_))));
    view! {
        <main class="admin">
            <h1>"Triage rules"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <div class="admin-body">
                            <p class="accuracy" data-testid="overall-accuracy">
                                "Overall accuracy: " <strong>{percent(d.overall.percent)}</strong>
                                {format!(" ({} applied, {} corrected by agents; the playbook targets 85 % or more)", d.overall.applied, d.overall.corrected)}
                            </p>
                            <p class="muted">"Rules run in order on a new case and on its first customer message; for each of queue, priority and tier, the first matching rule that sets it wins. An agent changing what a rule set counts as a correction."</p>
                            <table class="grid" data-testid="rules">
                                <thead><tr><th>"#"</th><th>"Rule"</th><th>"When"</th><th>"Then"</th><th>"Applied"</th><th>"Corrected"</th><th>"Accuracy"</th><th></th></tr></thead>
                                <tbody>
                                    {d.rules.iter().map(|r| {
                                        let id = r.rule.id;
                                        view! {
                                            <tr data-rule=id class:disabled=!r.rule.enabled>
                                                <td>{r.position}</td>
                                                <td>{r.rule.name.clone()}{(!r.rule.enabled).then_some(" (off)")}</td>
                                                <td>{conditions(&r.rule.conditions)}</td>
                                                <td>{actions(&r.rule.actions, &d)}</td>
                                                <td>{r.applied}</td>
                                                <td>{r.corrected}</td>
                                                <td class="rule-accuracy">{percent(r.accuracy)}</td>
                                                <td><button type="button" class="link" on:click=move |_| chosen.set(Some(id))>"Edit"</button></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <button type="button" class="secondary" on:click=move |_| chosen.set(Some(0))>"New rule"</button>
                            <RuleForm data=d chosen save error ok/>
                        </div> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn RuleForm(
    data: TriageAdmin,
    chosen: RwSignal<Option<i64>>,
    save: ServerAction<SaveTriageRule>,
    error: Signal<Option<AppError>>,
    ok: Signal<bool>,
) -> impl IntoView {
    move || {
        let id = chosen.get()?;
        let next = data.rules.iter().map(|r| r.position).max().unwrap_or(0) + 10;
        let r = data
            .rules
            .iter()
            .find(|r| r.rule.id == id)
            .cloned()
            .unwrap_or(RuleView {
                rule: RuleSpec {
                    id: 0,
                    name: String::new(),
                    enabled: true,
                    conditions: Conditions::default(),
                    actions: Actions::default(),
                },
                position: next,
                applied: 0,
                corrected: 0,
                accuracy: None,
            });
        let c = r.rule.conditions.clone();
        let a = r.rule.actions.clone();
        let queues: Vec<(String, String)> = data
            .queues
            .iter()
            .map(|q| (q.id.to_string(), q.name.clone()))
            .collect();
        let list = |v: Vec<&str>| v.join(", ");
        let phrases = c.phrases.join(", ");
        let mode = c.phrase_mode;
        let pattern = c.pattern.clone().unwrap_or_default();
        let channels = list(c.channels.iter().map(|x| x.as_str()).collect());
        let tiers = list(c.customer_tiers.iter().map(|x| x.as_str()).collect());
        let languages = c.languages.join(", ");
        let queue = a.queue.map(|q| q.to_string()).unwrap_or_default();
        let priority = a
            .priority
            .map(|x| x.as_str().to_string())
            .unwrap_or_default();
        let tier = a.tier.map(|x| x.as_str().to_string()).unwrap_or_default();
        let tags = a.tags.join(", ");
        let (rule_id, rule_name, enabled, position) =
            (r.rule.id, r.rule.name.clone(), r.rule.enabled, r.position);
        Some(view! {
            <ActionForm action=save attr:class="card admin-form" attr:data-testid="rule-form">
                <h2>{if rule_id == 0 { "New rule".to_string() } else { format!("Edit “{rule_name}”") }}</h2>
                <input type="hidden" name="id" value=rule_id/>
                <div class="row">
                    <Field label="Name" field="name" error>
                        <input name="name" value=rule_name.clone()/>
                    </Field>
                    <Field label="Order" field="position" error hint="lower runs first">
                        <input name="position" value=position inputmode="numeric"/>
                    </Field>
                    <label class="check">
                        <input type="checkbox" name="enabled" checked=enabled/>" Enabled"
                    </label>
                </div>
                <fieldset>
                    <legend>"When"</legend>
                    <Field label="Words or phrases" field="phrases" error hint="separated by commas; whole words, any case">
                        <textarea name="phrases" rows="2">{phrases}</textarea>
                    </Field>
                    <Field label="Match" field="phrase_mode" error>
                        <select name="phrase_mode">
                            <option value="any" selected=mode == PhraseMode::Any>"any of them"</option>
                            <option value="all" selected=mode == PhraseMode::All>"all of them"</option>
                        </select>
                    </Field>
                    <Field label="Regular expression" field="pattern" error hint="optional; case-insensitive, size-limited">
                        <input name="pattern" value=pattern/>
                    </Field>
                    <div class="row">
                        <Field label="Channels" field="channels" error hint="e.g. chat, email; empty: any">
                            <input name="channels" value=channels/>
                        </Field>
                        <Field label="Customer tiers" field="customer_tiers" error hint="standard, enterprise; empty: any">
                            <input name="customer_tiers" value=tiers/>
                        </Field>
                        <Field label="Languages" field="languages" error hint="e.g. en, de; empty: any">
                            <input name="languages" value=languages/>
                        </Field>
                    </div>
                    <FieldError field="conditions" error/>
                </fieldset>
                <fieldset>
                    <legend>"Then"</legend>
                    <div class="row">
                        <Field label="Queue" field="queue" error>
                            <Choice name="queue" empty="No change" options=queues selected=queue/>
                        </Field>
                        <Field label="Priority" field="priority" error>
                            <Choice name="priority" empty="No change" options=enum_options(Priority::ALL, Priority::as_str)
                                selected=priority/>
                        </Field>
                        <Field label="Tier" field="tier" error>
                            <Choice name="tier" empty="No change" options=enum_options(Tier::ALL, Tier::as_str)
                                selected=tier/>
                        </Field>
                    </div>
                    <Field label="Tags" field="tags" error hint="separated by commas">
                        <input name="tags" value=tags/>
                    </Field>
                    <FieldError field="actions" error/>
                </fieldset>
                <div class="actions">
                    <button type="submit" disabled=move || save.pending().get()>"Save rule"</button>
                    <button type="button" class="link" on:click=move |_| chosen.set(None)>"Close"</button>
                </div>
                <FormStatus error saved=ok/>
            </ActionForm>
        })
    }
}
