//! The inbox: views with counts, filters and sort (kept in the URL), and the
//! live case table.

use super::agent_layout::MeResource;
use super::case_table::CaseTable;
use crate::api::cases::{get_directory, get_inbox_counts, get_triage_accuracy, list_inbox};
use crate::domain::inbox::{MoodFilter, INBOX_PAGE};
use crate::domain::{
    CaseStatus, Channel, Directory, InboxCounts, InboxQuery, InboxSort, InboxView, Priority,
    SlaState,
};
use crate::ui::common::live::Live;
use crate::ui::common::resource::resource;
use leptos::prelude::*;
#[cfg(feature = "hydrate")]
use leptos_router::hooks::use_navigate;
use leptos_router::hooks::use_query_map;

/// Counts per view, shared by the view list and the table (which refreshes them).
#[derive(Clone, Copy)]
pub struct Counts(pub RwSignal<Option<InboxCounts>>);

impl Counts {
    /// Asks the server for fresh counts, at most about once a second.
    pub fn refresh_soon(self, pending: StoredValue<bool>) {
        if pending.get_value() {
            return;
        }
        pending.set_value(true);
        let counts = self.0;
        set_timeout(
            move || {
                pending.set_value(false);
                leptos::task::spawn_local(async move {
                    if let Ok(c) = get_inbox_counts().await {
                        counts.set(Some(c));
                    }
                });
            },
            std::time::Duration::from_millis(800),
        );
    }
}

/// How long after the inbox comes alive its browser fetches the case view's code.
#[cfg(feature = "hydrate")]
const CASE_VIEW_PREFETCH_MS: u64 = 1_500;

/// Lists cases; reloads when the query changes or the live connection says
/// the view is too old.
#[component]
pub fn InboxPage() -> impl IntoView {
    let live = Live::expect();
    let me = expect_context::<MeResource>();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| InboxQuery::from_params(|k| p.get(k))));
    // How many cases to list ("Show more" raises it); a bad number is refused by the server.
    let rows = Memo::new(move |_| {
        params.with(|p| p.get("rows").map(|r| r.trim().parse::<u32>().unwrap_or(0)))
    });
    let inbox = resource(
        move || (query.get(), rows.get(), live.resets.get()),
        |(q, rows, _)| list_inbox(q, rows),
    );
    let directory = resource(|| (), |_| get_directory());
    let accuracy = resource(|| (), |_| get_triage_accuracy());
    let counts = Counts(RwSignal::new(None));
    provide_context(counts);
    // Counts appear once the browser runs (the server renders the view names only),
    // from the listing and then from live refreshes.
    Effect::new(move |_| {
        if let Some(Ok(i)) = inbox.get() {
            counts.0.set(Some(i.counts));
        }
    });
    provide_context(Go::new());
    // The case view is split off the first download (see `ui::app`): fetch it
    // while the agent reads the inbox, so the first case opens at once.
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        set_timeout(
            || leptos::task::spawn_local(crate::ui::app::preload_case_view()),
            std::time::Duration::from_millis(CASE_VIEW_PREFETCH_MS),
        );
    });
    view! {
        <main class="inbox">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let dir = directory.await.unwrap_or_default();
                    view! { <ViewNav query counts dir/> }
                })}
            </Suspense>
            <section class="inbox-main">
                <super::my_day::MyDay/>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let dir = directory.await.unwrap_or_default();
                        let acc = accuracy.await.ok();
                        view! {
                            <Filters query dir/>
                            {acc.map(|a| view! {
                                <p class="muted accuracy" data-testid="triage-accuracy"
                                    title="Kept ÷ applied: how often agents left the queue and priority triage chose">
                                    {format!("Triage accuracy {} ({} applied, {} corrected)",
                                        crate::ui::admin::percent(a.percent), a.applied, a.corrected)}
                                </p>
                            })}
                        }
                    })}
                </Suspense>
                <Transition fallback=|| view! { <p class="loading">"Loading cases…"</p> }>
                    {move || Suspend::new(async move {
                        match (inbox.await, me.get().await) {
                            (Ok(inbox), Ok(me)) => {
                                let dir = directory.await.unwrap_or_default();
                                let rows = rows.get_untracked().unwrap_or(INBOX_PAGE);
                                view! { <CaseTable inbox me query=query.get_untracked() rows dir/> }.into_any()
                            }
                            (Err(e), _) | (_, Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </main>
    }
}

/// Goes to the inbox with another query (client-side navigation), from any
/// handler. Only the browser navigates; the server renders on many threads and
/// must not hold the router's (thread-bound) navigate function.
#[derive(Clone, Copy)]
pub struct Go {
    #[cfg(feature = "hydrate")]
    navigate: StoredValue<NavigateFn, LocalStorage>,
}

/// Goes to a URL; the flag says whether to scroll to the top.
#[cfg(feature = "hydrate")]
type NavigateFn = Box<dyn Fn(&str, bool)>;

impl Go {
    fn new() -> Go {
        #[cfg(feature = "hydrate")]
        {
            let navigate = use_navigate();
            Go {
                navigate: StoredValue::new_local(Box::new(move |url: &str, scroll: bool| {
                    let options = leptos_router::NavigateOptions {
                        scroll,
                        ..Default::default()
                    };
                    navigate(url, options)
                })),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        Go {}
    }

    /// Shows the inbox with `q`.
    pub fn inbox(self, q: &InboxQuery) {
        self.to(&format!("/agent{}", q.to_query_string()));
    }

    /// Goes to a path of the app.
    pub fn to(self, url: &str) {
        self.go(url, true);
    }

    /// Goes to a path of the app and keeps the scroll position ("Show more").
    pub fn stay(self, url: &str) {
        self.go(url, false);
    }

    fn go(self, url: &str, scroll: bool) {
        #[cfg(feature = "hydrate")]
        self.navigate.with_value(|f| f(url, scroll));
        #[cfg(not(feature = "hydrate"))]
        let _ = (url, scroll);
    }
}

/// The list of views with their counts.
#[component]
fn ViewNav(query: Memo<InboxQuery>, counts: Counts, dir: Directory) -> impl IntoView {
    let link = move |view: InboxView| {
        let q = InboxQuery {
            view,
            ..query.get()
        };
        format!("/agent{}", q.to_query_string())
    };
    let count_of = move |view: InboxView| {
        counts.0.with(|c| {
            c.as_ref().map(|c| match view {
                InboxView::Mine => c.mine,
                InboxView::Unassigned => c.unassigned,
                InboxView::AllOpen => c.all_open,
                InboxView::RecentlySolved => c.recently_solved,
                InboxView::Queue(q) => c.queues.iter().find(|(id, _)| *id == q).map_or(0, |x| x.1),
            })
        })
    };
    let item = move |view: InboxView, label: String| {
        view! {
            <li>
                <a href=move || link(view) data-view=view.key()
                    aria-current=move || (query.get().view == view).then_some("page")>
                    <span>{label}</span>
                    <span class="view-count" data-testid=format!("count-{}", view.key())>
                        {move || count_of(view).map(|n| n.to_string()).unwrap_or_default()}
                    </span>
                </a>
            </li>
        }
    };
    let queues = move || {
        let visible: Vec<_> = counts.0.with(|c| {
            c.as_ref()
                .map(|c| c.queues.iter().map(|(q, _)| *q).collect())
                .unwrap_or_default()
        });
        dir.queues
            .iter()
            .filter(|q| visible.contains(&q.id))
            .map(|q| item(InboxView::Queue(q.id), q.name.clone()))
            .collect_view()
    };
    view! {
        <nav class="views" aria-label="Inbox views">
            <ul>
                {item(InboxView::Mine, "Mine".into())}
                {item(InboxView::Unassigned, "Unassigned".into())}
                {item(InboxView::AllOpen, "All open".into())}
                {item(InboxView::RecentlySolved, "Recently solved".into())}
            </ul>
            <h2>"Queues"</h2>
            <ul>{queues}</ul>
        </nav>
    }
    .into_any()
}

/// A filter select: "any" or one of `options` (value, label).
#[component]
fn FilterSelect(
    label: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    current: Signal<Option<String>>,
    set: Callback<Option<String>>,
) -> impl IntoView {
    view! {
        <label class="filter">
            <span class="field-label">{label}</span>
            <select name=name data-testid=format!("filter-{name}")
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set.run((!v.is_empty()).then_some(v));
                }>
                <option value="" selected=move || current.get().is_none()>"Any"</option>
                {options.into_iter().map(|(value, text)| {
                    let v = value.clone();
                    view! { <option value=value selected=move || current.get().as_deref() == Some(v.as_str())>{text}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

fn named<T: Copy>(
    all: &[T],
    name: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (name(*v).to_string(), label(*v)))
        .collect()
}

/// Filters and sort of the current view.
#[component]
fn Filters(query: Memo<InboxQuery>, dir: Directory) -> impl IntoView {
    let go = expect_context::<Go>();
    let change = move |edit: fn(&mut InboxQuery, Option<String>)| {
        Callback::new(move |v: Option<String>| {
            let mut q = query.get_untracked();
            edit(&mut q, v);
            go.inbox(&q);
        })
    };
    let pick =
        move |get: fn(&InboxQuery) -> Option<String>| Signal::derive(move || get(&query.get()));
    let statuses = named(
        CaseStatus::ALL,
        |s| s.as_str(),
        |s| s.as_str().replace('_', " "),
    );
    let priorities = named(Priority::ALL, |p| p.as_str(), |p| p.to_string());
    let channels = named(Channel::ALL, |c| c.as_str(), |c| c.to_string());
    let slas = named(SlaState::ALL, |s| s.as_str(), |s| s.words().to_string());
    let moods = named(MoodFilter::ALL, |m| m.as_str(), |m| m.as_str().to_string());
    let queues: Vec<(String, String)> = dir
        .queues
        .iter()
        .map(|q| (q.id.to_string(), q.name.clone()))
        .collect();
    let sorts = vec![
        ("sla_due".to_string(), "SLA due".to_string()),
        ("newest".to_string(), "Newest".to_string()),
        ("priority".to_string(), "Priority".to_string()),
    ];
    view! {
        <div class="filters" role="group" aria-label="Filters">
            <FilterSelect label="Status" name="status" options=statuses
                current=pick(|q| q.filter.status.map(|s| s.as_str().into()))
                set=change(|q, v| q.filter.status = v.and_then(|v| CaseStatus::parse(&v)))/>
            <FilterSelect label="Priority" name="priority" options=priorities
                current=pick(|q| q.filter.priority.map(|s| s.as_str().into()))
                set=change(|q, v| q.filter.priority = v.and_then(|v| Priority::parse(&v)))/>
            <FilterSelect label="Queue" name="queue" options=queues
                current=pick(|q| q.filter.queue.map(|s| s.to_string()))
                set=change(|q, v| q.filter.queue = v.and_then(|v| v.parse().ok()))/>
            <FilterSelect label="Channel" name="channel" options=channels
                current=pick(|q| q.filter.channel.map(|s| s.as_str().into()))
                set=change(|q, v| q.filter.channel = v.and_then(|v| Channel::parse(&v)))/>
            <FilterSelect label="SLA" name="sla" options=slas
                current=pick(|q| q.filter.sla.map(|s| s.as_str().into()))
                set=change(|q, v| q.filter.sla = v.and_then(|v| SlaState::parse(&v)))/>
            <FilterSelect label="Sentiment" name="mood" options=moods
                current=pick(|q| q.filter.mood.map(|s| s.as_str().into()))
                set=change(|q, v| q.filter.mood = v.and_then(|v| MoodFilter::parse(&v)))/>
            <label class="filter">
                <span class="field-label">"Tag"</span>
                <input type="search" name="tag" data-testid="filter-tag" placeholder="any"
                    prop:value=move || query.get().filter.tag.unwrap_or_default()
                    on:change=move |ev| {
                        let mut q = query.get_untracked();
                        q.filter.tag = crate::domain::inbox::normalise_tag(&event_target_value(&ev)).ok();
                        go.inbox(&q);
                    }/>
            </label>
            <label class="filter">
                <span class="field-label">"Sort"</span>
                <select name="sort" data-testid="sort" on:change=move |ev| {
                    let mut q = query.get_untracked();
                    q.sort = InboxSort::parse(&event_target_value(&ev)).unwrap_or(InboxSort::SlaDue);
                    go.inbox(&q);
                }>
                    {sorts.into_iter().map(|(value, text)| {
                        let v = value.clone();
                        view! { <option value=value selected=move || query.get().sort.as_str() == v>{text}</option> }
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
    .into_any()
}
