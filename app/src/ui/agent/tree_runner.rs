//! Running a decision tree beside a case: the trees suggested for the case's
//! queue and tags, one node at a time with back and restart, each step
//! recorded on the timeline; an outcome puts its template into the composer
//! and prepares its quick action. The editor's preview uses the same runner
//! without a case.

use crate::api::trees::tree_step;
use crate::domain::tree::{suggest, NodeKind, Run, StoredTree, TreeLibrary};
use crate::domain::{ActionKind, CaseId, CaseSummary};
use crate::ui::common::resource::Res;
use leptos::prelude::*;

/// What the case page's panels tell each other: text for the composer, a
/// quick action for the customer panel to prepare.
#[derive(Clone, Copy)]
pub struct CaseBus {
    pub insert: RwSignal<Option<String>>,
    pub prepare: RwSignal<Option<ActionKind>>,
}

impl CaseBus {
    pub fn provide() -> CaseBus {
        let bus = CaseBus {
            insert: RwSignal::new(None),
            prepare: RwSignal::new(None),
        };
        provide_context(bus);
        bus
    }
}

/// The trees panel of a case. The library is loaded by the case page, outside
/// the suspense that waits for the case: a resource created in here would be
/// numbered differently on the server and in the browser, which then read
/// another resource's data for it and hydrated the wrong branch.
#[component]
pub fn TreePanel(
    case: RwSignal<CaseSummary>,
    library: Res<Result<TreeLibrary, crate::error::AppError>>,
) -> impl IntoView {
    let case_id = case.get_untracked().id;
    view! {
        <section class="trees" aria-label="Decision trees" data-testid="trees">
            <h3>"Decision trees"</h3>
            <Suspense fallback=|| view! { <p class="loading">"Loading trees…"</p> }>
                {move || Suspend::new(async move {
                    match library.await {
                        Ok(lib) => view! { <TreeChooser trees=lib.trees case case_id/> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn TreeChooser(
    trees: Vec<StoredTree>,
    case: RwSignal<CaseSummary>,
    case_id: CaseId,
) -> impl IntoView {
    let trees = StoredValue::new(trees);
    let running = RwSignal::new(None::<i64>);
    let suggested = Memo::new(move |_| {
        let (queue, tags) = case.with(|c| (c.queue_name.clone(), c.tags.clone()));
        trees.with_value(|all| {
            let plain: Vec<_> = all.iter().map(|t| t.tree.clone()).collect();
            suggest(&plain, &queue, &tags)
                .into_iter()
                .filter_map(|s| {
                    all.iter()
                        .find(|t| t.tree.slug == s.slug)
                        .map(|t| (t.id, t.tree.name.clone()))
                })
                .collect::<Vec<_>>()
        })
    });
    let others = move || {
        let shown = suggested.get();
        trees.with_value(|all| {
            all.iter()
                .filter(|t| !shown.iter().any(|(id, _)| *id == t.id))
                .map(|t| (t.id, t.tree.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || running.get().is_none()>
            <ul class="tree-suggestions" data-testid="tree-suggestions">
                {move || suggested.get().into_iter().map(|(id, name)| view! {
                    <li><button type="button" class="secondary" data-tree=name.clone()
                        on:click=move |_| running.set(Some(id))>{format!("Run “{name}”")}</button></li>
                }).collect_view()}
            </ul>
            <Show when=move || suggested.with(|s| s.is_empty())>
                <p class="muted small">"No tree is suggested for this case."</p>
            </Show>
            <label class="field small">
                <span class="field-label">"Another tree"</span>
                <select data-testid="tree-other" on:change=move |ev| running.set(event_target_value(&ev).parse().ok())>
                    <option value="">"Choose…"</option>
                    {others().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
            </label>
        </Show>
        {move || running.get().and_then(|id| trees.with_value(|all| all.iter().find(|t| t.id == id).cloned())).map(|t| view! {
            <TreeRunner start=t trees=trees.get_value() case_id=Some(case_id) on_close=Callback::new(move |_| running.set(None))/>
        })}
    }
    .into_any()
}

/// Runs `start`; with a case, each step is recorded and outcomes act on the
/// case, without one (the editor's preview) nothing is sent anywhere.
#[component]
pub fn TreeRunner(
    start: StoredTree,
    /// Every tree, for links to sub-flows.
    trees: Vec<StoredTree>,
    case_id: Option<CaseId>,
    on_close: Callback<()>,
) -> impl IntoView {
    let trees = StoredValue::new(trees);
    let current = RwSignal::new(start.clone());
    let run = RwSignal::new(Run::start(&start.tree));
    // Trees left through a link, to come back to with "Back".
    let stack = RwSignal::new(Vec::<(StoredTree, Run)>::new());
    let error = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<String>);
    let bus = use_context::<CaseBus>();
    let record = Action::new_local(move |(tree, node, answer): &(i64, String, String)| {
        let (tree, node, answer) = (*tree, node.clone(), answer.clone());
        async move {
            match case_id {
                Some(case) => tree_step(case, tree, node, answer).await.map(Some),
                None => Ok(None),
            }
        }
    });
    Effect::new(move |_| match record.value().get() {
        Some(Ok(Some(step))) => {
            error.set(None);
            let mut said = Vec::new();
            if let (Some(t), Some(bus)) = (step.template, bus) {
                bus.insert.set(Some(t.text));
                said.push("The template is in the composer: edit it before sending.".to_string());
            }
            if let (Some(kind), Some(bus)) = (step.action, bus) {
                bus.prepare.set(Some(kind));
                said.push(format!(
                    "“{}” is prepared beside the customer's booking: check and confirm it.",
                    kind.label()
                ));
            }
            if !said.is_empty() {
                note.set(Some(said.join(" ")));
            }
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        _ => {}
    });
    let node = Memo::new(move |_| current.with(|t| run.with(|r| r.node(&t.tree).cloned())));
    // Reaching an outcome records it once (and fills the composer).
    Effect::new(move |prev: Option<Option<String>>| {
        let at = node
            .get()
            .filter(|n| matches!(n.kind, NodeKind::Outcome { .. }))
            .map(|n| n.id);
        if at.is_some() && at != prev.flatten() {
            let tree = current.with_untracked(|t| t.id);
            record.dispatch((tree, at.clone().unwrap_or_default(), "reached".into()));
        }
        at
    });
    let choose = move |answer: String| {
        let Some(n) = node.get_untracked() else {
            return;
        };
        let tree_id = current.with_untracked(|t| t.id);
        if let NodeKind::Link { tree: to, .. } = &n.kind {
            let Some(next) =
                trees.with_value(|all| all.iter().find(|t| &t.tree.slug == to).cloned())
            else {
                return error.set(Some(format!("The sub-flow {to:?} is missing.")));
            };
            record.dispatch((tree_id, n.id.clone(), "follow".into()));
            stack.update(|s| s.push((current.get_untracked(), run.get_untracked())));
            run.set(Run::start(&next.tree));
            current.set(next);
            return;
        }
        let moved =
            current.with_untracked(|t| run.try_update(|r| r.choose(&t.tree, &answer)).flatten());
        if moved.is_some() {
            note.set(None);
            record.dispatch((tree_id, n.id.clone(), answer));
        }
    };
    let back = move |_| {
        note.set(None);
        let went = run.try_update(|r| r.back()).unwrap_or(false);
        if !went {
            if let Some((tree, r)) = stack.try_update(|s| s.pop()).flatten() {
                current.set(tree);
                run.set(r);
            }
        }
    };
    let restart = move |_| {
        note.set(None);
        if let Some((first, _)) = stack.with_untracked(|s| s.first().cloned()) {
            current.set(first);
        }
        stack.set(Vec::new());
        run.set(current.with_untracked(|t| Run::start(&t.tree)));
    };
    let at_start = move || run.with(|r| r.path.is_empty()) && stack.with(|s| s.is_empty());
    view! {
        <div class="tree-runner" data-testid="tree-runner" data-node=move || node.get().map(|n| n.id).unwrap_or_default()>
            <p class="tree-name"><strong data-testid="tree-name">{move || current.with(|t| t.tree.name.clone())}</strong></p>
            <ol class="tree-path small muted" data-testid="tree-path">
                {move || run.get().path.into_iter().map(|(_, a)| view! { <li>{a}</li> }).collect_view()}
            </ol>
            {move || node.get().map(|n| {
                let text = n.kind.text().to_owned();
                let controls = match &n.kind {
                    NodeKind::Question { answers, .. } => answers.iter().map(|a| {
                        let label = a.label.clone();
                        view! { <button type="button" class="answer" on:click=move |_| choose(label.clone())>{a.label.clone()}</button> }
                    }).collect_view().into_any(),
                    NodeKind::Step { .. } => view! {
                        <button type="button" class="answer" on:click=move |_| choose("done".into())>"Done"</button>
                    }.into_any(),
                    NodeKind::Link { tree, .. } => {
                        let name = trees.with_value(|all| all.iter().find(|t| &t.tree.slug == tree).map(|t| t.tree.name.clone())).unwrap_or_else(|| tree.clone());
                        view! { <button type="button" class="answer" on:click=move |_| choose(String::new())>{format!("Continue in “{name}”")}</button> }.into_any()
                    }
                    NodeKind::Outcome { template, action, .. } => view! {
                        <p class="small">
                            {template.clone().map(|t| format!("Template: {t}. "))}
                            {action.map(|a| format!("Action: {}.", a.label()))}
                        </p>
                    }.into_any(),
                };
                view! {
                    <div class=format!("tree-node tree-{}", n.kind.type_name())>
                        <p class="tree-text" data-testid="tree-text">{text}</p>
                        <div class="tree-answers" data-testid="tree-answers">{controls}</div>
                    </div>
                }
            })}
            <p class="tree-note small" aria-live="polite" data-testid="tree-note">{move || note.get()}</p>
            <p class="field-error" role="alert">{move || error.get()}</p>
            <div class="row">
                <button type="button" class="secondary" data-testid="tree-back" disabled=at_start on:click=back>"Back"</button>
                <button type="button" class="secondary" data-testid="tree-restart" on:click=restart>"Restart"</button>
                <button type="button" class="link" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
        </div>
    }
    .into_any()
}
