//! The decision-tree editor (supervisors and admins): the library, a form for
//! the tree's fields, nodes, answers and outcomes with its problems listed as
//! it is edited, a preview that runs it, and import/export as JSON.

use super::tree_runner::TreeRunner;
use crate::api::trees::{delete_tree, list_trees, save_tree};
use crate::domain::tree::{
    validate, Answer, DecisionTree, Node, NodeKind, StoredTree, TreeLibrary,
};
use crate::domain::{ActionKind, Role};
use crate::ui::common::resource::resource;
use leptos::prelude::*;

fn blank() -> DecisionTree {
    DecisionTree {
        slug: "new-tree".into(),
        name: "New tree".into(),
        description: String::new(),
        queues: Vec::new(),
        tags: Vec::new(),
        start: "start".into(),
        nodes: vec![Node {
            id: "start".into(),
            kind: NodeKind::Question {
                text: String::new(),
                answers: Vec::new(),
            },
        }],
    }
}

/// A node of `kind` keeping what it can of `old` (its text, its first target).
pub fn convert(old: &NodeKind, kind: &str) -> NodeKind {
    let text = old.text().to_owned();
    let first = old
        .targets()
        .first()
        .map(|s| s.to_string())
        .unwrap_or_default();
    match kind {
        "question" => NodeKind::Question {
            text,
            answers: match old {
                NodeKind::Question { answers, .. } => answers.clone(),
                _ => Vec::new(),
            },
        },
        "step" => NodeKind::Step { text, next: first },
        "link" => NodeKind::Link {
            text,
            tree: String::new(),
        },
        _ => NodeKind::Outcome {
            text,
            template: None,
            action: None,
        },
    }
}

/// An id not used by any node yet: "node-1", "node-2", …
pub fn fresh_id(tree: &DecisionTree) -> String {
    (1..)
        .map(|i| format!("node-{i}"))
        .find(|id| !tree.nodes.iter().any(|n| &n.id == id))
        .unwrap_or_default()
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(|x| x.trim().to_owned())
        .filter(|x| !x.is_empty())
        .collect()
}

#[component]
pub fn TreesPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let library = resource(move || version.get(), |_| list_trees());
    let me = expect_context::<super::agent_layout::MeResource>();
    view! {
        <main class="trees-page">
            <h1>"Decision trees"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading trees…"</p> }>
                {move || Suspend::new(async move {
                    let may_edit = me.get().await.is_ok_and(|m| matches!(m.role, Role::Supervisor | Role::Admin));
                    match library.await {
                        Ok(_) if !may_edit => view! {
                            <p class="error banner" role="alert" data-testid="trees-not-allowed">
                                "Only supervisors and admins edit decision trees. Run them from a case."
                            </p>
                        }.into_any(),
                        Ok(lib) => view! { <TreeLibraryView lib version/> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn TreeLibraryView(lib: TreeLibrary, version: RwSignal<u32>) -> impl IntoView {
    let lib = StoredValue::new(lib);
    // (stored id, draft) of the tree being edited.
    let editing = RwSignal::new(None::<(Option<i64>, DecisionTree)>);
    let import_text = RwSignal::new(String::new());
    let import_error = RwSignal::new(None::<String>);
    let remove = Action::new_local(move |id: &i64| delete_tree(*id));
    let list_error = RwSignal::new(None::<String>);
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => version.update(|v| *v += 1),
        Some(Err(e)) => list_error.set(Some(e.to_string())),
        None => {}
    });
    view! {
        <Show when=move || editing.with(|e| e.is_none())>
            <ul class="tree-list" data-testid="tree-list">
                {lib.with_value(|l| l.trees.clone()).into_iter().map(|t| {
                    let id = t.id;
                    let tree = t.tree.clone();
                    let json = serde_json::to_string_pretty(&t.tree).unwrap_or_default();
                    let href = format!("data:application/json;charset=utf-8,{}", js_escape(&json));
                    view! {
                        <li data-tree=t.tree.slug.clone()>
                            <strong>{t.tree.name.clone()}</strong>
                            <span class="muted small">{format!(" · {} nodes · {} · updated by {}", t.tree.nodes.len(), t.tree.queues.join(", "), t.updated_by)}</span>
                            <div class="row">
                                <button type="button" class="secondary" data-testid="tree-edit" on:click=move |_| editing.set(Some((Some(id), tree.clone())))>"Edit"</button>
                                <a class="button secondary" href=href download=format!("{}.json", t.tree.slug) data-testid="tree-export">"Export JSON"</a>
                                <button type="button" class="link" on:click=move |_| { remove.dispatch(id); }>"Delete"</button>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="field-error" role="alert">{move || list_error.get()}</p>
            <div class="row">
                <button type="button" data-testid="tree-new" on:click=move |_| editing.set(Some((None, blank())))>"New tree"</button>
            </div>
            <h2>"Import"</h2>
            <textarea aria-label="Tree JSON to import" data-testid="tree-import" rows="6"
                placeholder="Paste a tree exported as JSON (see docs/decision-trees.md)"
                on:input=move |ev| import_text.set(event_target_value(&ev))></textarea>
            <p class="field-error" role="alert" data-testid="tree-import-error">{move || import_error.get()}</p>
            <button type="button" class="secondary" data-testid="tree-import-load" on:click=move |_| {
                match serde_json::from_str::<DecisionTree>(&import_text.get_untracked()) {
                    Ok(t) => {
                        import_error.set(None);
                        let existing = lib.with_value(|l| l.trees.iter().find(|x| x.tree.slug == t.slug).map(|x| x.id));
                        editing.set(Some((existing, t)));
                    }
                    Err(e) => import_error.set(Some(format!("This is not a tree: {e}."))),
                }
            }>"Load into the editor"</button>
        </Show>
        {move || editing.get().map(|(id, tree)| view! {
            <TreeEditor id tree lib=lib.get_value() on_done=Callback::new(move |saved: bool| {
                editing.set(None);
                if saved { version.update(|v| *v += 1); }
            })/>
        })}
    }
    .into_any()
}

/// Percent-encodes text for a `data:` URL.
fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[component]
fn TreeEditor(
    id: Option<i64>,
    tree: DecisionTree,
    lib: TreeLibrary,
    on_done: Callback<bool>,
) -> impl IntoView {
    let draft = RwSignal::new(tree);
    let lib = StoredValue::new(lib);
    let problems = Memo::new(move |_| {
        draft.with(|t| {
            let (known, templates) = lib.with_value(|l| l.known(&t.slug, id));
            validate(t, &known, &templates)
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
        })
    });
    let save = Action::new_local(move |t: &DecisionTree| {
        let t = t.clone();
        async move { save_tree(id, t).await }
    });
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => on_done.run(true),
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let preview = RwSignal::new(false);
    let node_count = Memo::new(move |_| draft.with(|t| t.nodes.len()));
    let ids = Memo::new(move |_| {
        draft.with(|t| t.nodes.iter().map(|n| n.id.clone()).collect::<Vec<_>>())
    });
    let text_field = move |label: &'static str,
                           testid: &'static str,
                           get: fn(&DecisionTree) -> String,
                           set: fn(&mut DecisionTree, String)| {
        view! {
            <label class="field">
                <span class="field-label">{label}</span>
                <input type="text" data-testid=testid prop:value=move || draft.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|t| set(t, v)); }/>
            </label>
        }
    };
    view! {
        <section class="tree-editor" data-testid="tree-editor" aria-label="Tree editor">
            <h2>{move || draft.with(|t| format!("Editing “{}”", t.name))}</h2>
            <div class="tree-fields">
                {text_field("Name", "tree-name-input", |t| t.name.clone(), |t, v| t.name = v)}
                {text_field("Short name (for links)", "tree-slug", |t| t.slug.clone(), |t, v| t.slug = v)}
                {text_field("Description", "tree-description", |t| t.description.clone(), |t, v| t.description = v)}
                {text_field("Suggested for queues (comma-separated)", "tree-queues", |t| t.queues.join(", "), |t, v| t.queues = split_list(&v))}
                {text_field("Suggested for tags (comma-separated)", "tree-tags", |t| t.tags.join(", "), |t, v| t.tags = split_list(&v))}
                <label class="field">
                    <span class="field-label">"Start node"</span>
                    <select data-testid="tree-start" on:change=move |ev| { let v = event_target_value(&ev); draft.update(|t| t.start = v); }>
                        {move || ids.get().into_iter().map(|i| {
                            let sel = draft.with_untracked(|t| t.start == i);
                            view! { <option value=i.clone() selected=sel>{i.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <h3>"Nodes"</h3>
            <ol class="tree-nodes">
                <For each=move || 0..node_count.get() key=|i| *i let:i>
                    <NodeEditor i draft ids lib/>
                </For>
            </ol>
            <button type="button" class="secondary" data-testid="tree-add-node" on:click=move |_| draft.update(|t| {
                let id = fresh_id(t);
                t.nodes.push(Node { id, kind: NodeKind::Step { text: String::new(), next: String::new() } });
            })>"Add node"</button>
            <h3>"Problems"</h3>
            <ul class="tree-problems" data-testid="tree-problems" aria-live="polite">
                {move || problems.get().into_iter().map(|p| view! { <li class="field-error">{p}</li> }).collect_view()}
            </ul>
            <Show when=move || problems.with(|p| p.is_empty())>
                <p class="ok" data-testid="tree-sound">"No problems: every node is reachable and every answer leads somewhere."</p>
            </Show>
            <p class="field-error" role="alert" data-testid="tree-save-error">{move || error.get()}</p>
            <div class="row">
                <button type="button" data-testid="tree-save" disabled=move || save.pending().get()
                    on:click=move |_| { error.set(None); save.dispatch(draft.get_untracked()); }>"Save tree"</button>
                <button type="button" class="secondary" data-testid="tree-preview"
                    disabled=move || !problems.with(|p| p.is_empty())
                    on:click=move |_| preview.update(|p| *p = !*p)>"Preview"</button>
                <button type="button" class="link" on:click=move |_| on_done.run(false)>"Cancel"</button>
            </div>
            {move || preview.get().then(|| {
                let mut trees = lib.with_value(|l| l.trees.clone());
                let start = StoredTree { id: id.unwrap_or(0), tree: draft.get(), updated_at: 0, updated_by: String::new() };
                trees.retain(|t| t.tree.slug != start.tree.slug);
                trees.push(start.clone());
                view! { <div class="tree-preview" data-testid="tree-preview-pane"><TreeRunner start trees case_id=None on_close=Callback::new(move |_| preview.set(false))/></div> }
            })}
        </section>
    }
    .into_any()
}

/// One node of the draft, edited in place.
#[component]
fn NodeEditor(
    i: usize,
    draft: RwSignal<DecisionTree>,
    ids: Memo<Vec<String>>,
    lib: StoredValue<TreeLibrary>,
) -> impl IntoView {
    let kind = Memo::new(move |_| {
        draft.with(|t| t.nodes.get(i).map(|n| n.kind.type_name()).unwrap_or("step"))
    });
    let with_node = move |f: &dyn Fn(&mut Node)| {
        draft.update(|t| {
            if let Some(n) = t.nodes.get_mut(i) {
                f(n)
            }
        })
    };
    let text = move || {
        draft.with(|t| {
            t.nodes
                .get(i)
                .map(|n| n.kind.text().to_owned())
                .unwrap_or_default()
        })
    };
    let target_select = move |current: String, on_pick: Callback<String>, testid: String| {
        view! {
            <select data-testid=testid aria-label="Leads to" on:change=move |ev| on_pick.run(event_target_value(&ev))>
                <option value="" selected=current.is_empty()>"Leads to…"</option>
                {ids.get_untracked().into_iter().map(|x| {
                    let sel = x == current;
                    view! { <option value=x.clone() selected=sel>{x.clone()}</option> }
                }).collect_view()}
            </select>
        }
    };
    view! {
        <li class="tree-node-edit" data-testid="tree-node" data-index=i>
            <div class="row">
                <label class="field">
                    <span class="field-label">"Id"</span>
                    <input type="text" data-testid="node-id" prop:value=move || draft.with(|t| t.nodes.get(i).map(|n| n.id.clone()).unwrap_or_default())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            draft.update(|t| {
                                let Some(old) = t.nodes.get(i).map(|n| n.id.clone()) else { return };
                                // Renaming keeps every reference to the node.
                                for n in t.nodes.iter_mut() {
                                    match &mut n.kind {
                                        NodeKind::Question { answers, .. } => answers.iter_mut().filter(|a| a.next == old).for_each(|a| a.next = v.clone()),
                                        NodeKind::Step { next, .. } if *next == old => *next = v.clone(),
                                        _ => {}
                                    }
                                }
                                if t.start == old { t.start = v.clone(); }
                                t.nodes[i].id = v;
                            });
                        }/>
                </label>
                <label class="field">
                    <span class="field-label">"Kind"</span>
                    <select data-testid="node-kind" on:change=move |ev| {
                        let k = event_target_value(&ev);
                        with_node(&|n| n.kind = convert(&n.kind, &k));
                    }>
                        {["question", "step", "link", "outcome"].into_iter().map(|k| view! {
                            <option value=k selected=move || kind.get() == k>{k}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="link" data-testid="node-remove" on:click=move |_| draft.update(|t| { if i < t.nodes.len() { t.nodes.remove(i); } })>"Remove node"</button>
            </div>
            <label class="field">
                <span class="field-label">{move || match kind.get() { "question" => "Question", "step" => "Instruction", "link" => "Why continue there", _ => "What to do" }}</span>
                <textarea rows="2" data-testid="node-text" prop:value=text on:input=move |ev| {
                    let v = event_target_value(&ev);
                    with_node(&|n| match &mut n.kind {
                        NodeKind::Question { text, .. } | NodeKind::Step { text, .. } | NodeKind::Link { text, .. } | NodeKind::Outcome { text, .. } => *text = v.clone(),
                    });
                }></textarea>
            </label>
            {move || match kind.get() {
                "question" => {
                    let count = Memo::new(move |_| draft.with(|t| match t.nodes.get(i).map(|n| &n.kind) { Some(NodeKind::Question { answers, .. }) => answers.len(), _ => 0 }));
                    view! {
                        <ul class="answers-edit">
                            <For each=move || 0..count.get() key=|j| *j let:j>
                                {
                                    let answer = move || draft.with(|t| match t.nodes.get(i).map(|n| &n.kind) { Some(NodeKind::Question { answers, .. }) => answers.get(j).cloned(), _ => None });
                                    let edit = move |f: &dyn Fn(&mut Answer)| with_node(&|n| if let NodeKind::Question { answers, .. } = &mut n.kind { if let Some(a) = answers.get_mut(j) { f(a) } });
                                    view! {
                                        <li class="row">
                                            <input type="text" aria-label="Answer" data-testid="answer-label" prop:value=move || answer().map(|a| a.label).unwrap_or_default()
                                                on:input=move |ev| { let v = event_target_value(&ev); edit(&|a| a.label = v.clone()); }/>
                                            {move || { let cur = answer().map(|a| a.next).unwrap_or_default(); target_select(cur, Callback::new(move |v: String| edit(&|a| a.next = v.clone())), "answer-next".into()) }}
                                            <button type="button" class="link" on:click=move |_| with_node(&|n| if let NodeKind::Question { answers, .. } = &mut n.kind { if j < answers.len() { answers.remove(j); } })>"Remove"</button>
                                        </li>
                                    }
                                }
                            </For>
                        </ul>
                        <button type="button" class="secondary small" data-testid="answer-add" on:click=move |_| with_node(&|n| if let NodeKind::Question { answers, .. } = &mut n.kind {
                            answers.push(Answer { label: String::new(), next: String::new() });
                        })>"Add answer"</button>
                    }.into_any()
                }
                "step" => view! {
                    {move || {
                        let cur = draft.with(|t| match t.nodes.get(i).map(|n| &n.kind) { Some(NodeKind::Step { next, .. }) => next.clone(), _ => String::new() });
                        target_select(cur, Callback::new(move |v: String| with_node(&|n| if let NodeKind::Step { next, .. } = &mut n.kind { *next = v.clone() })), "step-next".into())
                    }}
                }.into_any(),
                "link" => {
                    let cur = draft.with_untracked(|t| match t.nodes.get(i).map(|n| &n.kind) { Some(NodeKind::Link { tree, .. }) => tree.clone(), _ => String::new() });
                    view! {
                        <select data-testid="link-tree" aria-label="Continue in tree" on:change=move |ev| { let v = event_target_value(&ev); with_node(&|n| if let NodeKind::Link { tree, .. } = &mut n.kind { *tree = v.clone() }); }>
                            <option value="">"Continue in…"</option>
                            {lib.with_value(|l| l.trees.iter().map(|t| (t.tree.slug.clone(), t.tree.name.clone())).collect::<Vec<_>>()).into_iter().map(|(slug, name)| {
                                let sel = slug == cur;
                                view! { <option value=slug selected=sel>{name}</option> }
                            }).collect_view()}
                        </select>
                    }.into_any()
                }
                _ => {
                    let (cur_t, cur_a) = draft.with_untracked(|t| match t.nodes.get(i).map(|n| &n.kind) { Some(NodeKind::Outcome { template, action, .. }) => (template.clone(), *action), _ => (None, None) });
                    view! {
                        <label class="field"><span class="field-label">"Template"</span>
                        <select data-testid="outcome-template" on:change=move |ev| { let v = event_target_value(&ev); with_node(&|n| if let NodeKind::Outcome { template, .. } = &mut n.kind { *template = (!v.is_empty()).then(|| v.clone()) }); }>
                            <option value="">"None"</option>
                            {lib.with_value(|l| l.templates.clone()).into_iter().map(|name| {
                                let sel = cur_t.as_deref() == Some(name.as_str());
                                view! { <option value=name.clone() selected=sel>{name.clone()}</option> }
                            }).collect_view()}
                        </select></label>
                        <label class="field"><span class="field-label">"Quick action"</span>
                        <select data-testid="outcome-action" on:change=move |ev| { let v = event_target_value(&ev); with_node(&|n| if let NodeKind::Outcome { action, .. } = &mut n.kind { *action = ActionKind::parse(&v) }); }>
                            <option value="">"None"</option>
                            {ActionKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=cur_a == Some(*k)>{k.label()}</option> }).collect_view()}
                        </select></label>
                    }.into_any()
                }
            }}
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changing_a_kind_keeps_the_text_and_the_first_target() {
        let step = NodeKind::Step {
            text: "Check the photos".into(),
            next: "b".into(),
        };
        match convert(&step, "question") {
            NodeKind::Question { text, answers } => {
                assert_eq!(text, "Check the photos");
                assert!(answers.is_empty());
            }
            other => panic!("{other:?}"),
        }
        let q = NodeKind::Question {
            text: "Paid twice?".into(),
            answers: vec![Answer {
                label: "Yes".into(),
                next: "refund".into(),
            }],
        };
        assert_eq!(
            convert(&q, "step"),
            NodeKind::Step {
                text: "Paid twice?".into(),
                next: "refund".into()
            }
        );
        let mut t = blank();
        assert_eq!(fresh_id(&t), "node-1");
        t.nodes.push(Node {
            id: "node-1".into(),
            kind: step,
        });
        assert_eq!(fresh_id(&t), "node-2");
        assert_eq!(split_list(" a, ,b ,"), vec!["a", "b"]);
        assert_eq!(js_escape("a b/é"), "a%20b%2F%C3%A9");
    }
}
