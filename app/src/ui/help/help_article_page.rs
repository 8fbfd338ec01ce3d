//! One help-centre article, with "Was this helpful?" as a plain form.

use super::help_home::HelpError;
use crate::api::kb::help_page;
use crate::domain::kb::HelpArticle;
use crate::ui::common::resource::resource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/help/{slug}`.
#[component]
pub fn HelpArticlePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = resource(
        move || params.read().get("slug").unwrap_or_default(),
        help_page,
    );
    let feedback = move || query.read().get("feedback");
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(a) => view! { <Article article=a feedback=feedback()/> }.into_any(),
                    Err(e) => view! { <HelpError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Article(article: HelpArticle, feedback: Option<String>) -> impl IntoView {
    let c = article.content;
    let action = format!("/help/{}/feedback", c.slug);
    view! {
        <Title text=format!("{} · Help centre", c.title)/>
        <article class="help-article" data-testid="help-article">
            <p class="help-crumbs"><a href="/help">"Help centre"</a>" › "{c.category.clone()}</p>
            <h1>{c.title.clone()}</h1>
            <p class="help-summary lead">{c.summary}</p>
            {(!c.applies_to.is_empty()).then(|| view! { <p class="help-applies"><strong>"Applies to: "</strong>{c.applies_to}</p> })}
            <h2>"What to do"</h2>
            <ol class="help-steps" data-testid="help-steps">
                {c.steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
            </ol>
            {(!c.troubleshooting.is_empty()).then(|| view! {
                <h2>"If that did not work"</h2>
                <p class="help-troubleshooting">{c.troubleshooting}</p>
            })}
            {(!article.related.is_empty()).then(|| view! {
                <h2>"Related articles"</h2>
                <ul class="help-related" data-testid="help-related">
                    {article.related.into_iter().map(|(slug, title)| view! {
                        <li><a href=format!("/help/{slug}")>{title}</a></li>
                    }).collect_view()}
                </ul>
            })}
            <section id="feedback" class="help-feedback" data-testid="help-feedback">
                {match feedback {
                    Some(answer) => view! {
                        <p role="status">{if answer == "yes" {
                            "Thank you: glad it helped."
                        } else {
                            "Thank you: we will improve this article. Our team is one message away in the chat."
                        }}</p>
                    }.into_any(),
                    None => view! {
                        <form method="post" action=action>
                            <span id="helpful-label">"Was this article helpful?"</span>
                            <button type="submit" name="helpful" value="yes" aria-describedby="helpful-label">"Yes"</button>
                            <button type="submit" name="helpful" value="no" class="secondary" aria-describedby="helpful-label">"No"</button>
                        </form>
                    }.into_any(),
                }}
            </section>
        </article>
    }
}
