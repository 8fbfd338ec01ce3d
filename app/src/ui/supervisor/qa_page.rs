//! `/supervisor/qa`: each agent's weekly sample of solved cases, scored on
//! accuracy, tone, process and efficiency with comments.

use super::SupervisorsOnly;
use crate::api::cases::get_directory;
use crate::api::reviews::{qa_sample, save_review};
use crate::domain::inbox::Directory;
use crate::domain::review::{
    Review, ReviewDraft, Sample, SampleCase, Scores, SAMPLE_MAX, SAMPLE_MIN,
};
use crate::domain::UserId;
use crate::error::AppError;
use crate::ui::common::resource::{resource, Res};
use crate::ui::common::time::local_time;
use leptos::prelude::*;

/// The page, for supervisors and admins only.
#[component]
pub fn QaPage() -> impl IntoView {
    // The page's resources are made here, before anything waits. Made inside
    // `SupervisorsOnly` (after its check resolves) they would be made later
    // in the browser than on the server whenever live events came in
    // meanwhile, pick up another resource's data and break hydration.
    let directory = resource(|| (), |_| get_directory());
    let agent = RwSignal::new(None::<UserId>);
    let weeks_back = RwSignal::new(0u32);
    let size = RwSignal::new(SAMPLE_MIN);
    let sample = resource(
        move || (agent.get(), weeks_back.get(), size.get()),
        |(agent, back, size)| async move {
            match agent {
                Some(a) => qa_sample(a, back, size).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <SupervisorsOnly class="qa" testid="qa-forbidden" message="QA reviews are for supervisors and admins.">
            <QaReviews directory agent weeks_back size sample/>
        </SupervisorsOnly>
    }
}

#[component]
fn QaReviews(
    directory: Res<Result<Directory, AppError>>,
    agent: RwSignal<Option<UserId>>,
    weeks_back: RwSignal<u32>,
    size: RwSignal<u32>,
    sample: Res<Result<Option<Sample>, AppError>>,
) -> impl IntoView {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <main class="qa" data-testid="qa" data-ready=move || ready.get().to_string()>
            <h1>"QA reviews"</h1>
            <p class="muted">"Each week, score a sample of every agent's solved cases (5 to 10). The sample is the same for every supervisor; the agent reads the reviews under "<em>"My reviews"</em>"."</p>
            <div class="row qa-pick">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match directory.await {
                            Ok(dir) => view! {
                                <label>"Agent "
                                    <select data-testid="qa-agent" on:change=move |ev| agent.set(event_target_value(&ev).parse::<i64>().ok().map(UserId))>
                                        <option value="">"Choose an agent…"</option>
                                        {dir.agents.into_iter().map(|a| view! { <option value=a.id.0.to_string()>{a.name}</option> }).collect_view()}
                                    </select>
                                </label>
                            }.into_any(),
                            Err(AppError::Forbidden) => view! { <p class="error" role="alert">"QA reviews are for supervisors and admins."</p> }.into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Suspense>
                <label>"Week "
                    <select data-testid="qa-week" on:change=move |ev| weeks_back.set(event_target_value(&ev).parse().unwrap_or(0))>
                        <option value="0">"This week"</option>
                        <option value="1">"Last week"</option>
                        <option value="2">"Two weeks ago"</option>
                    </select>
                </label>
                <label>"Sample size "
                    <input type="number" data-testid="qa-size" min=SAMPLE_MIN max=SAMPLE_MAX prop:value=move || size.get().to_string()
                        on:change=move |ev| size.set(event_target_value(&ev).parse::<u32>().unwrap_or(SAMPLE_MIN).clamp(SAMPLE_MIN, SAMPLE_MAX))/>
                </label>
            </div>
            <Transition fallback=|| view! { <p class="loading">"Loading the sample…"</p> }>
                {move || Suspend::new(async move {
                    match sample.await {
                        Ok(None) => view! { <p class="muted">"Choose an agent to see their sample."</p> }.into_any(),
                        Ok(Some(s)) => {
                            let reviewed = s.cases.iter().filter(|c| c.review.is_some()).count();
                            view! {
                                <p data-testid="qa-summary">{format!("{} solved that week; {} sampled, {} reviewed.", s.solved, s.cases.len(), reviewed)}</p>
                                <ol class="qa-cases">
                                    {s.cases.into_iter().map(|c| view! { <QaCase case=c/> }).collect_view()}
                                </ol>
                            }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

/// Scores as words: "accuracy 4 · tone 5 · process 3 · efficiency 4 (average 4.0)".
pub fn score_line(s: &Scores) -> String {
    let parts: Vec<String> = s.named().iter().map(|(n, v)| format!("{n} {v}")).collect();
    format!("{} (average {:.1})", parts.join(" · "), s.average())
}

/// One review, read-only.
#[component]
pub fn ReviewView(review: Review) -> impl IntoView {
    view! {
        <div class="review" data-testid="review">
            <p><strong data-testid="review-scores">{score_line(&review.scores)}</strong></p>
            {(!review.comment.is_empty()).then(|| view! { <p class="review-comment">{review.comment.clone()}</p> })}
            <p class="muted small">{format!("Reviewed by {} on {}", review.reviewer_name, local_time(review.created_at))}</p>
        </div>
    }
}

#[component]
fn QaCase(case: SampleCase) -> impl IntoView {
    let id = case.case_id;
    let saved = RwSignal::new(case.review.clone());
    let scores = [(); 4].map(|_| RwSignal::new(0u8));
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<(String, String)>);
    let save = Action::new(move |d: &ReviewDraft| {
        let d = d.clone();
        async move { save_review(d).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(r)) => {
            error.set(None);
            saved.set(Some(r));
        }
        Some(Err(AppError::InvalidField { field, reason })) => error.set(Some((field, reason))),
        Some(Err(e)) => error.set(Some((String::new(), e.to_string()))),
        None => {}
    });
    let err_for =
        move |f: &'static str| move || error.get().filter(|(x, _)| x == f).map(|(_, r)| r);
    let names = ["accuracy", "tone", "process", "efficiency"];
    view! {
        <li class="qa-case" data-testid="qa-case" data-case-id=id.0>
            <p><a href=format!("/agent/cases/{id}")>{format!("#{id} {}", case.subject)}</a>
                <span class="muted small">{format!(" · {} · solved {}", case.customer_name, local_time(case.solved_at))}</span></p>
            {move || match saved.get() {
                Some(r) => view! { <ReviewView review=r/> }.into_any(),
                None => view! {
                    <form class="qa-form" on:submit=move |ev| {
                        ev.prevent_default();
                        let [a, t, p, e] = scores.map(|s| s.get_untracked());
                        save.dispatch(ReviewDraft {
                            case_id: id,
                            scores: Scores { accuracy: a, tone: t, process: p, efficiency: e },
                            comment: comment.get_untracked(),
                        });
                    }>
                        {names.into_iter().zip(scores).map(|(name, sig)| view! {
                            <label class="field">{name}" "
                                <select data-testid=format!("qa-{name}") aria-label=format!("{name} score")
                                    on:change=move |ev| sig.set(event_target_value(&ev).parse().unwrap_or(0))>
                                    <option value="0">"–"</option>
                                    {(1..=5).map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                                </select>
                                <span class="field-error" role="alert">{err_for(name)}</span>
                            </label>
                        }).collect_view()}
                        <label class="field wide">"Comment "
                            <textarea data-testid="qa-comment" rows="2" on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                            <span class="field-error" role="alert">{err_for("comment")}</span>
                        </label>
                        <span class="field-error" role="alert">{move || error.get().filter(|(f, _)| !names.contains(&f.as_str()) && f != "comment").map(|(_, r)| r)}</span>
                        <button type="submit" data-testid="qa-save">"Save review"</button>
                    </form>
                }.into_any(),
            }}
        </li>
    }
}
