//! `/agent/reviews`: the QA reviews of the agent's own cases.

use crate::api::reviews::my_reviews;
use crate::ui::common::resource::resource;
use crate::ui::supervisor::qa_page::ReviewView;
use leptos::prelude::*;

#[component]
pub fn ReviewsPage() -> impl IntoView {
    let list = resource(|| (), |_| my_reviews());
    view! {
        <main class="qa">
            <h1>"My reviews"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading reviews…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(l) if l.is_empty() => view! { <p class="muted" data-testid="no-reviews">"No reviews yet."</p> }.into_any(),
                        Ok(l) => view! {
                            <ol class="qa-cases" data-testid="my-reviews">
                                {l.into_iter().map(|r| {
                                    let (id, title) = (r.case_id, format!("#{} {}", r.case_id, r.subject));
                                    view! {
                                        <li class="qa-case" data-case-id=id.0>
                                            <p><a href=format!("/agent/cases/{id}")>{title}</a></p>
                                            <ReviewView review=r/>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}
