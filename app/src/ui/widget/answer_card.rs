//! One knowledge-base answer inside the conversation: title, summary, the
//! steps on request, and "Did this solve it?".

use super::Words;
use crate::domain::kb::ArticleHit;
use leptos::prelude::*;

/// The card; `answered` is the visitor's yes/no once given.
#[component]
pub fn AnswerCard(
    hit: ArticleHit,
    words: &'static Words,
    answered: RwSignal<Option<bool>>,
    on_answer: Callback<(i64, bool)>,
) -> impl IntoView {
    let id = hit.id;
    let steps = hit.steps.clone();
    view! {
        <article class="answer" data-testid="answer" data-article=hit.slug.clone()>
            <h3>{hit.title.clone()}</h3>
            <p class="summary">{hit.summary.clone()}</p>
            <details>
                <summary>{words.show_steps}</summary>
                <ol>{steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
                <a href=format!("/help/{}", hit.slug) target="_blank" rel="noopener">{words.read_article}</a>
            </details>
            {move || match answered.get() {
                None => view! {
                    <div class="solved" role="group" aria-label=words.solved_question>
                        <span>{words.solved_question}</span>
                        <button type="button" on:click=move |_| on_answer.run((id, true))>{words.yes}</button>
                        <button type="button" class="secondary" on:click=move |_| on_answer.run((id, false))>{words.no}</button>
                    </div>
                }.into_any(),
                Some(true) => view! { <p class="bot" role="status">{words.glad}</p> }.into_any(),
                Some(false) => view! { <p class="bot" role="status">{words.sorry}</p> }.into_any(),
            }}
        </article>
    }
}
