//! The help centre's front page: a search's results, or every article by section.

use crate::api::kb::help_index;
use crate::domain::kb::{ArticleHit, HelpResults};
use crate::error::AppError;
use crate::ui::common::resource::resource;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/help` and `/help?q=…`.
#[component]
pub fn HelpHome() -> impl IntoView {
    let query = use_query_map();
    let data = resource(
        move || query.read().get("q").unwrap_or_default(),
        help_index,
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! {
                        {page.results.map(|r| view! { <Results results=r/> })}
                        <h1 class="help-title">"How can we help?"</h1>
                        <div class="help-sections" data-testid="help-sections">
                            {page.sections.into_iter().filter(|(_, a)| !a.is_empty()).map(|(name, articles)| view! {
                                <section class="help-section">
                                    <h2>{name}</h2>
                                    <ul>{articles.into_iter().map(|a| view! { <li><ArticleLink hit=a/></li> }).collect_view()}</ul>
                                </section>
                            }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(e) => view! { <HelpError error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Results(results: HelpResults) -> impl IntoView {
    let q = results.query.clone();
    view! {
        <section class="help-results" data-testid="help-results" aria-live="polite">
            <h1>{format!("Results for “{q}”")}</h1>
            {if results.hits.is_empty() {
                view! {
                    <p data-testid="help-no-results">
                        "No article answers that yet. Try other words, or ask us in the chat: we have noted the question."
                    </p>
                }.into_any()
            } else {
                view! {
                    <ol class="help-hits">
                        {results.hits.into_iter().map(|h| view! {
                            <li><ArticleLink hit=h.clone()/><p class="help-summary">{h.summary}</p></li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ArticleLink(hit: ArticleHit) -> impl IntoView {
    view! { <a href=format!("/help/{}", hit.slug)>{hit.title}</a> }
}

/// A failed help-centre read, in words for a customer, with its HTTP status
/// (a missing article is a 404, too many requests a 429).
#[component]
pub(super) fn HelpError(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(
            axum::http::StatusCode::from_u16(error.status())
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    let text = match error {
        AppError::NotFound => {
            "There is no article at this address. It may have moved: try searching.".to_string()
        }
        e => e.to_string(),
    };
    view! { <p class="error" role="alert">{text}</p> }
}
