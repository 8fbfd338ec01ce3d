//! Knowledge base: every article with how it is doing, an editor that checks
//! each field and previews the article as customers will read it, and the
//! searches that found nothing (what to write next).

use super::{Field, FormStatus};
use crate::api::kb::{admin_kb, SaveArticle};
use crate::domain::kb::{
    Article, ArticleContent, ArticleStatus, ContentGap, CATEGORIES, MAX_STEPS,
};
use crate::error::AppError;
use crate::ui::common::resource::resource;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Helpful votes as a share of all votes.
fn helpful_share(a: &Article) -> String {
    let votes = a.stats.helpful + a.stats.not_helpful;
    if votes == 0 {
        "—".into()
    } else {
        format!(
            "{:.0} % of {votes}",
            100.0 * a.stats.helpful as f64 / votes as f64
        )
    }
}

/// The list, the editor and the content gaps.
#[component]
pub fn ArticlesPage() -> impl IntoView {
    let save = ServerAction::<SaveArticle>::new();
    let saved = RwSignal::new(0usize);
    let chosen = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            chosen.set(Some(id));
            saved.update(|n| *n += 1);
        }
    });
    let data = resource(move || saved.get(), |_| admin_kb());
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let ok = Signal::derive(move || matches!(save.value().get(), Some(Ok(_))));
    view! {
        <main class="admin">
            <h1>"Knowledge base"</h1>
            <div class="toolbar">
                <button type="button" class="secondary" on:click=move |_| chosen.set(Some(0))>"New article"</button>
                <a href="/help" target="_blank" rel="noopener">"Open the help centre"</a>
            </div>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <div class="admin-body">
                            <ArticleTable articles=d.articles.clone() chosen/>
                            <ArticleForm articles=d.articles chosen save error ok/>
                            <Gaps gaps=d.gaps/>
                        </div> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn ArticleTable(articles: Vec<Article>, chosen: RwSignal<Option<i64>>) -> impl IntoView {
    view! {
        <p class="count">{format!("{} articles", articles.len())}</p>
        <table class="grid" data-testid="articles">
            <thead><tr>
                <th>"Title"</th><th>"Section"</th><th>"Status"</th><th>"Owner"</th>
                <th class="num">"Views"</th><th>"Helpful"</th><th class="num">"Deflections"</th><th></th>
            </tr></thead>
            <tbody>
                {articles.into_iter().map(|a| {
                    let id = a.id;
                    let share = helpful_share(&a);
                    view! {
                        <tr data-article=a.content.slug.clone()>
                            <td>{a.content.title.clone()}</td>
                            <td>{a.content.category.clone()}</td>
                            <td><span class=format!("status status-{}", a.status.as_str())>{a.status.as_str()}</span></td>
                            <td>{a.owner_name.clone().unwrap_or_default()}</td>
                            <td class="num" data-testid="views">{a.stats.views}</td>
                            <td data-testid="helpful">{share}</td>
                            <td class="num" data-testid="deflections">{a.stats.deflections}</td>
                            <td><button type="button" class="link" on:click=move |_| chosen.set(Some(id))>"Edit"</button></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Gaps(gaps: Vec<ContentGap>) -> impl IntoView {
    view! {
        <section class="card" data-testid="content-gaps">
            <h2>"Searches that found nothing"</h2>
            {if gaps.is_empty() {
                view! { <p class="hint">"None yet: every search found an article."</p> }.into_any()
            } else {
                view! {
                    <table class="grid">
                        <thead><tr><th>"Search"</th><th class="num">"Times"</th><th>"Last"</th></tr></thead>
                        <tbody>
                            {gaps.into_iter().map(|g| view! {
                                <tr>
                                    <td>{g.query}</td>
                                    <td class="num">{g.searches}</td>
                                    <td>{crate::ui::common::time::local_time(g.last_at)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ArticleForm(
    articles: Vec<Article>,
    chosen: RwSignal<Option<i64>>,
    save: ServerAction<SaveArticle>,
    error: Signal<Option<AppError>>,
    ok: Signal<bool>,
) -> impl IntoView {
    move || {
        let id = chosen.get()?;
        let existing = articles.iter().find(|a| a.id == id).cloned();
        let (c, status) = existing.map_or_else(
            || {
                (
                    ArticleContent {
                        category: CATEGORIES[0].to_string(),
                        ..Default::default()
                    },
                    ArticleStatus::Draft,
                )
            },
            |a| (a.content, a.status),
        );
        let title = RwSignal::new(c.title.clone());
        let summary = RwSignal::new(c.summary.clone());
        let steps = RwSignal::new(c.steps.join("\n"));
        let trouble = RwSignal::new(c.troubleshooting.clone());
        let step_count = move || {
            steps
                .read()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .count()
        };
        let view_link = format!("/help/{}", c.slug);
        let heading = if id == 0 {
            "New article".to_string()
        } else {
            format!("Edit “{}”", c.title)
        };
        Some(view! {
            <ActionForm action=save attr:class="card admin-form" attr:data-testid="article-form">
                <h2>{heading}</h2>
                <input type="hidden" name="id" value=id/>
                <div class="row">
                    <Field label="Title" field="title" error hint="the question in the customer's words">
                        <input name="title" value=c.title.clone() on:input=move |ev| title.set(event_target_value(&ev))/>
                    </Field>
                    <Field label="Address" field="slug" error hint="/help/…; left empty, it is made from the question">
                        <input name="slug" value=c.slug.clone()/>
                    </Field>
                </div>
                <Field label="Summary" field="summary" error hint="the answer in one line">
                    <input name="summary" value=c.summary.clone() on:input=move |ev| summary.set(event_target_value(&ev))/>
                </Field>
                <div class="row">
                    <Field label="Section" field="category" error>
                        <select name="category">
                            {CATEGORIES.iter().map(|cat| view! { <option value=*cat selected=*cat == c.category>{*cat}</option> }).collect_view()}
                        </select>
                    </Field>
                    <Field label="Applies to" field="applies_to" error hint="who or what it is for">
                        <input name="applies_to" value=c.applies_to.clone()/>
                    </Field>
                    <Field label="Status" field="status" error>
                        <select name="status">
                            {ArticleStatus::ALL.iter().map(|s| view! { <option value=s.as_str() selected=*s == status>{s.as_str()}</option> }).collect_view()}
                        </select>
                    </Field>
                </div>
                <div class="row">
                    <Field label="Steps" field="steps" error hint="one per line, at most 7">
                        <textarea name="steps" rows="8" on:input=move |ev| steps.set(event_target_value(&ev))>{c.steps.join("\n")}</textarea>
                        <small class=move || { if step_count() > MAX_STEPS { "hint over" } else { "hint" } } data-testid="step-count">
                            {move || format!("{} of {MAX_STEPS} steps", step_count())}
                        </small>
                    </Field>
                    <div class="preview-box">
                        <span class="field-label">"Preview"</span>
                        <div class="help-article preview" data-testid="article-preview">
                            <h3>{move || title.get()}</h3>
                            <p class="help-summary">{move || summary.get()}</p>
                            <ol class="help-steps">
                                {move || steps.get().lines().filter(|l| !l.trim().is_empty()).map(|l| view! { <li>{l.trim().to_string()}</li> }).collect_view()}
                            </ol>
                            <p class="help-troubleshooting">{move || trouble.get()}</p>
                        </div>
                    </div>
                </div>
                <Field label="Troubleshooting" field="troubleshooting" error hint="what to do when the answer did not work">
                    <textarea name="troubleshooting" rows="3" on:input=move |ev| trouble.set(event_target_value(&ev))>{c.troubleshooting.clone()}</textarea>
                </Field>
                <Field label="Related articles" field="related" error hint="their addresses, separated by commas">
                    <input name="related" value=c.related.join(", ")/>
                </Field>
                <div class="actions">
                    <button type="submit" disabled=move || save.pending().get()>"Save article"</button>
                    {(id != 0).then(|| view! { <a href=view_link target="_blank" rel="noopener">"View in the help centre"</a> })}
                    <button type="button" class="link" on:click=move |_| chosen.set(None)>"Close"</button>
                </div>
                <FormStatus error saved=ok/>
            </ActionForm>
        })
    }
}
