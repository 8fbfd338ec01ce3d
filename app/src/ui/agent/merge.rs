//! Merge this case into another case of the same customer: choose the case,
//! review what will happen, confirm. The conversation moves there and this
//! case is closed with a link.

use crate::api::cases::{get_case, merge_case};
use crate::domain::merge::merge_refusal;
use crate::domain::{CaseId, CaseSummary};
use crate::error::AppError;
use leptos::prelude::*;

/// The "Merge…" control of the case page.
#[component]
pub fn MergeForm(case: RwSignal<CaseSummary>) -> impl IntoView {
    let open = RwSignal::new(false);
    let number = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // The case chosen, once read back for the review step.
    let target = RwSignal::new(None::<CaseSummary>);
    let review = Action::new_local(move |id: &CaseId| {
        let id = *id;
        async move { get_case(id).await.map(|d| d.case) }
    });
    Effect::new(move |_| match review.value().get() {
        Some(Ok(t)) => match case.with_untracked(|c| merge_refusal(c, &t)) {
            Some(reason) => error.set(Some(reason)),
            None => {
                error.set(None);
                target.set(Some(t));
            }
        },
        Some(Err(AppError::NotFound)) => error.set(Some(format!(
            "There is no case #{} you can work.",
            number.get_untracked().trim().trim_start_matches('#')
        ))),
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let merge = Action::new_local(move |into: &CaseId| {
        let (id, into) = (case.with_untracked(|c| c.id), *into);
        async move { merge_case(id, into).await }
    });
    Effect::new(move |_| match merge.value().get() {
        Some(Ok(merged)) => {
            error.set(None);
            target.set(None);
            open.set(false);
            case.set(merged);
        }
        Some(Err(AppError::InvalidField { reason, .. })) => error.set(Some(reason)),
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let check = move || {
        target.set(None);
        match number
            .get_untracked()
            .trim()
            .trim_start_matches('#')
            .parse::<i64>()
        {
            Ok(n) if n > 0 => {
                review.dispatch(CaseId(n));
            }
            _ => error.set(Some(
                "Type the number of the case to keep, e.g. 1234.".into(),
            )),
        }
    };
    view! {
        <section class="merge" data-testid="merge">
            <button type="button" class="secondary" data-testid="merge-open" aria-expanded=move || open.get().to_string()
                disabled=move || case.with(|c| c.merged_into.is_some() || !c.status.is_open())
                on:click=move |_| open.update(|o| *o = !*o)>"Merge…"</button>
            <Show when=move || open.get()>
                <form class="merge-form" on:submit=move |ev| { ev.prevent_default(); check(); }>
                    <label class="field"><span class="field-label">"Merge into case #"</span>
                        <input type="text" inputmode="numeric" data-testid="merge-into" prop:value=move || number.get()
                            on:input=move |ev| { number.set(event_target_value(&ev)); target.set(None); }/>
                    </label>
                    <span class="field-error" role="alert" data-testid="error-into">{move || error.get()}</span>
                    {move || match target.get() {
                        None => view! {
                            <button type="submit" class="secondary" data-testid="merge-review" disabled=move || review.pending().get()>"Review"</button>
                        }.into_any(),
                        Some(t) => {
                            let into = t.id;
                            let this = case.with_untracked(|c| (c.id, c.subject.clone()));
                            view! {
                                <p class="review" data-testid="merge-summary">
                                    {format!("Merge #{} \u{201c}{}\u{201d} into #{} \u{201c}{}\u{201d}? Its conversation moves there and this case is closed with a link.", this.0, this.1, t.id, t.subject)}
                                </p>
                                <div class="actions">
                                    <button type="button" data-testid="merge-confirm" disabled=move || merge.pending().get()
                                        on:click=move |_| { merge.dispatch(into); }>"Merge"</button>
                                    <button type="button" class="secondary" on:click=move |_| target.set(None)>"Cancel"</button>
                                </div>
                            }.into_any()
                        }
                    }}
                </form>
            </Show>
        </section>
    }
    .into_any()
}
