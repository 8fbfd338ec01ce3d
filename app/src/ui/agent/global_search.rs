//! Global search on `/`: results as the agent types, grouped (cases, messages,
//! customers, bookings); arrows move, Enter opens the case, Esc closes.

use crate::api::search::search_everything;
use crate::domain::search::{SearchResults, MIN_QUERY_CHARS};
use crate::domain::CaseId;
use leptos::prelude::*;

/// How long typing must pause before a search is sent.
#[cfg(feature = "hydrate")]
const DEBOUNCE_MS: u64 = 120;

/// The top bar's search button and the search dialog it opens (also on `/`).
#[component]
pub fn GlobalSearch() -> impl IntoView {
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let found = LocalResource::new(move || {
        let q = query.get();
        async move {
            if q.trim().chars().count() < MIN_QUERY_CHARS {
                None
            } else {
                Some(search_everything(q).await)
            }
        }
    });
    // A new answer puts the cursor back on its first result.
    Effect::new(move |_| {
        found.track();
        active.set(0);
    });
    let results = move || found.get().flatten().and_then(|r| r.ok());
    let targets = move || results().map(|r| r.targets()).unwrap_or_default();
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if open.get() {
            if let Some(el) = input.get() {
                let _ = el.focus();
                el.select();
            }
        }
    });
    let navigate = leptos_router::hooks::use_navigate();
    let go = Callback::new(move |id: CaseId| {
        open.set(false);
        navigate(&format!("/agent/cases/{}", id.0), Default::default());
    });
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let modified = ev.ctrl_key() || ev.meta_key() || ev.alt_key();
            if ev.key() == "/"
                && !open.get_untracked()
                && !super::keys::typing_in_field(&ev)
                && !modified
            {
                ev.prevent_default();
                open.set(true);
            }
        });
        on_cleanup(move || handle.remove());
    }
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        typed.set(v.clone());
        #[cfg(feature = "hydrate")]
        set_timeout(
            move || {
                if typed.get_untracked() == v {
                    query.set(v);
                }
            },
            std::time::Duration::from_millis(DEBOUNCE_MS),
        );
        #[cfg(not(feature = "hydrate"))]
        query.set(v);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = targets().len();
        match ev.key().as_str() {
            "Escape" => open.set(false),
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1) % n);
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + n - 1) % n);
            }
            "Enter" => {
                ev.prevent_default();
                if let Some(Some(id)) = targets().get(active.get_untracked()) {
                    go.run(*id);
                }
            }
            _ => {}
        }
    };
    view! {
        <button type="button" class="search-button" data-testid="open-search" aria-keyshortcuts="/"
            on:click=move |_| open.set(true)>
            "Search " <kbd>"/"</kbd>
        </button>
        <Show when=move || open.get()>
            <div class="overlay search-overlay" on:click=move |_| open.set(false)>
                <div class="card search-card" role="dialog" aria-modal="true" aria-label="Search"
                    data-testid="search" on:click=|ev| ev.stop_propagation()>
                    <input type="search" node_ref=input role="combobox" aria-expanded="true"
                        aria-controls="search-results" aria-autocomplete="list"
                        aria-activedescendant=move || (!targets().is_empty()).then(|| format!("search-hit-{}", active.get()))
                        aria-label="Search cases, messages, customers and bookings"
                        placeholder="Case number, words, name, email, phone or booking"
                        data-testid="search-input" prop:value=move || typed.get()
                        on:input=on_input on:keydown=on_keydown/>
                    <div data-testid="search-results">
                        <div role="status" class="search-status">
                            {move || match found.get().flatten() {
                                None => Some(view! { <p class="muted small">"Type at least two characters."</p> }.into_any()),
                                Some(Err(e)) => Some(view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any()),
                                Some(Ok(r)) if r.is_empty() => Some(view! {
                                    <p class="muted" data-testid="search-empty">"Nothing found for “" {query.get()} "”."</p>
                                }.into_any()),
                                Some(Ok(_)) => None,
                            }}
                        </div>
                        <div id="search-results" role="listbox" aria-label="Results" hidden=move || targets().is_empty()>
                            {move || results().filter(|r| !r.is_empty()).map(|r| view! { <Groups results=r active go/> })}
                        </div>
                    </div>
                    <p class="muted small">"↑ ↓ to move, Enter to open, Esc to close"</p>
                </div>
            </div>
        </Show>
    }
    .into_any()
}

/// One result line: an option of the list box that opens its case.
fn hit(
    index: usize,
    target: Option<CaseId>,
    active: RwSignal<usize>,
    go: Callback<CaseId>,
    body: AnyView,
) -> impl IntoView {
    let href = target.map(|id| format!("/agent/cases/{}", id.0));
    view! {
        <a role="option" class="search-hit" id=format!("search-hit-{index}") href=href
            aria-selected=move || (active.get() == index).to_string()
            aria-disabled=target.is_none().then_some("true")
            class:active=move || active.get() == index
            on:mouseenter=move |_| active.set(index)
            on:click=move |ev| {
                ev.prevent_default();
                if let Some(id) = target { go.run(id); }
            }>
            {body}
        </a>
    }
}

/// The results under a heading per group, numbered in the order the cursor walks them.
#[component]
fn Groups(results: SearchResults, active: RwSignal<usize>, go: Callback<CaseId>) -> impl IntoView {
    let (c, m, cu, b) = (
        results.cases.is_empty(),
        results.messages.is_empty(),
        results.customers.is_empty(),
        results.bookings.is_empty(),
    );
    let mut index = 0usize;
    let mut next = move || {
        index += 1;
        index - 1
    };
    let cases = results.cases.into_iter().map(|c| {
        let body = view! {
            <strong>"#" {c.id.0} " " {c.subject}</strong>
            <span class="muted small">{c.customer_name} " · " {c.queue_name} " · " {c.status}</span>
        };
        hit(next(), Some(c.id), active, go, body.into_any())
    }).collect_view();
    let messages = results
        .messages
        .into_iter()
        .map(|m| {
            let kind = match m.kind.as_str() {
                "customer_message" => "Customer",
                "internal_note" => "Note",
                "bot_message" => "Bot",
                _ => "Reply",
            };
            let body = view! {
                <strong>"#" {m.case_id.0} " " {m.case_subject}</strong>
                <span class="small">{kind} " · " {m.author_name} ": " {m.snippet}</span>
            };
            hit(next(), Some(m.case_id), active, go, body.into_any())
        })
        .collect_view();
    let customers = results
        .customers
        .into_iter()
        .map(|c| {
            let contact = [c.email.clone(), c.phone.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            let latest = c
                .latest_case
                .map(|id| format!(" · latest case #{}", id.0))
                .unwrap_or_else(|| " · no case".into());
            let body = view! {
                <strong>{c.name}</strong>
                <span class="muted small">{contact}{latest}</span>
            };
            hit(next(), c.latest_case, active, go, body.into_any())
        })
        .collect_view();
    let bookings = results.bookings.into_iter().map(|b| {
        let body = view! {
            <strong>{b.confirmation}</strong>
            <span class="muted small">{b.customer_name} " · " {b.vehicle} " · " {b.status}</span>
        };
        hit(next(), b.latest_case, active, go, body.into_any())
    }).collect_view();
    let group = |label: &'static str, testid: &'static str, items: AnyView, empty: bool| {
        (!empty).then(|| {
            view! {
                <div role="group" aria-label=label data-testid=testid class="search-group">
                    <h3 class="small muted" aria-hidden="true">{label}</h3>
                    {items}
                </div>
            }
        })
    };
    view! {
        {group("Cases", "search-cases", cases.into_any(), c)}
        {group("Messages", "search-messages", messages.into_any(), m)}
        {group("Customers", "search-customers", customers.into_any(), cu)}
        {group("Bookings", "search-bookings", bookings.into_any(), b)}
    }
}
