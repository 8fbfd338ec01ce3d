//! One case: header, timeline (live) and the composer.

use super::attach::EntryFiles;
use super::colleagues::{CasePresence, Colleagues};
use super::composer::Composer;
use super::customer_panel::CustomerPanel;
use super::merge::MergeForm;
use super::properties::Properties;
use super::quality::{Checklist, EscalateForm};
use super::quick_actions::{upsert_action, CaseActions};
use super::snooze::SnoozeForm;
use super::tabs::Tabs;
use super::tree_runner::{CaseBus, TreePanel};
use crate::api::cases::{get_case, get_customer, get_directory};
use crate::domain::{ActionStatus, CaseDetail, CaseId, EntryKind, EventKind, TimelineEntry};
use crate::ui::common::live::Live;
use crate::ui::common::mood_chip::ScoreMarker;
use crate::ui::common::resource::{resource, Res};
use crate::ui::common::MoodChip;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Loads the case named in the path.
#[component]
pub fn CasePage() -> impl IntoView {
    let live = Live::expect();
    let params = use_params_map();
    // `try_with`: a live reset may re-run the resource's source as the route goes.
    let id = move || {
        params
            .try_with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).map(CaseId))
            .flatten()
    };
    let detail = resource(
        move || (id(), live.resets.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_case(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    let directory = resource(|| (), |_| get_directory());
    // Every resource of the case view is created here, outside the suspense that
    // waits for the case: created inside it, a resource is numbered differently
    // on the server and in the browser, which then hydrates another's data.
    let library = resource(|| (), |_| crate::api::trees::list_trees());
    // Bumped when an action changed the customer's records, to reload them.
    let records = RwSignal::new(0u32);
    let customer = resource(
        move || (id(), records.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_customer(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    let me = expect_context::<super::agent_layout::MeResource>();
    let me = resource(|| (), move |_| async move { me.get().await.ok() });
    let side = CaseSide {
        library,
        customer,
        me,
        records,
    };
    view! {
        <main class="case">
            <Transition fallback=|| view! { <p class="loading">"Loading case…"</p> }>
                {move || Suspend::new(async move {
                    match (detail.await, directory.await) {
                        (Ok(d), Ok(dir)) => view! { <CaseView detail=d dir side/> }.into_any(),
                        (Err(e), _) | (_, Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

/// The hover text of the case gauge: the newest customer scores, newest first.
pub fn recent_scores(entries: &[TimelineEntry]) -> String {
    let recent: Vec<String> = entries
        .iter()
        .rev()
        .filter_map(|e| e.sentiment)
        .take(5)
        .map(|s| format!("{:+.2}", s.compound).replace('-', "−"))
        .collect();
    if recent.is_empty() {
        "No scored customer message yet".into()
    } else {
        format!(
            "Recent customer messages: {} (newest first)",
            recent.join(", ")
        )
    }
}

/// Adds an entry unless it is already there (live echo of our own reply, or a replay).
pub fn merge_entry(entries: &mut Vec<TimelineEntry>, entry: TimelineEntry) {
    if !entries.iter().any(|e| e.id == entry.id) {
        let at = entries
            .iter()
            .position(|e| e.id > entry.id)
            .unwrap_or(entries.len());
        entries.insert(at, entry);
    }
}

/// What the side panels of a case load, created by the page.
#[derive(Clone, Copy)]
struct CaseSide {
    library: Res<Result<crate::domain::tree::TreeLibrary, crate::error::AppError>>,
    customer: Res<Result<crate::domain::customer::CustomerView, crate::error::AppError>>,
    me: Res<Option<crate::domain::Me>>,
    records: RwSignal<u32>,
}

#[component]
fn CaseView(detail: CaseDetail, dir: crate::domain::Directory, side: CaseSide) -> impl IntoView {
    let CaseSide {
        library,
        customer,
        me,
        records,
    } = side;
    let live = Live::expect();
    // The tab strip changes after this view is hydrated, never while the
    // browser's DOM is being matched with the server's.
    let (tabs, tab, subject) = (Tabs::expect(), detail.case.id, detail.case.subject.clone());
    Effect::new(move |_| tabs.open(tab, subject.clone()));
    crate::ui::common::ticker::Ticker::expect().sync(detail.now);
    let clocks = detail.clocks;
    CaseBus::provide();
    let case = RwSignal::new(detail.case);
    let entries = RwSignal::new(detail.entries);
    let actions = RwSignal::new(detail.actions);
    let checks = RwSignal::new(detail.checklist);
    // A case that moves to another queue takes that queue's checklist.
    let reload_checklist = move |id: CaseId| {
        leptos::task::spawn_local(async move {
            if let Ok(d) = get_case(id).await {
                checks.set(d.checklist);
            }
        });
    };
    let case_id = case.get_untracked().id;
    let presence = CasePresence::provide(case_id);
    // Changes only when the link does: a live update of the case never
    // replaces the link under the pointer.
    let merged_into = Memo::new(move |_| case.with(|c| c.merged_into));
    // Another case merged into this one: its entries moved here, read them.
    let reload_entries = move || {
        leptos::task::spawn_local(async move {
            if let Ok(d) = get_case(case_id).await {
                entries.set(d.entries);
            }
        });
    };
    live.subscribe(format!("case:{case_id}"), detail.as_of, move |ev| {
        match (&ev.kind, ev.kind.case()) {
            (EventKind::CaseMerged { into, .. }, _) if *into == case_id => reload_entries(),
            // This case was merged away: its entries left, read what is left.
            (EventKind::CaseMerged { case: merged, .. }, _) => {
                case.set(merged.clone());
                reload_entries();
            }
            (EventKind::EntryAdded { entry, .. }, _) => {
                entries.update(|list| merge_entry(list, entry.clone()))
            }
            (EventKind::ChecklistUpdated { checks: list, .. }, _) => checks.set(list.clone()),
            (EventKind::ActionUpdated { action, .. }, _) => {
                if action.status == ActionStatus::Executed
                    && !actions.with_untracked(|l| {
                        l.iter()
                            .any(|a| a.id == action.id && a.status == action.status)
                    })
                {
                    records.update(|n| *n += 1);
                }
                actions.update(|list| upsert_action(list, action.clone()));
            }
            (_, Some(c)) => {
                if case.with_untracked(|now| now.queue_id != c.queue_id) {
                    reload_checklist(c.id);
                }
                case.set(c.clone())
            }
            (_, None) => {}
        }
    });
    let on_sent =
        Callback::new(move |entry: TimelineEntry| entries.update(|list| merge_entry(list, entry)));
    view! {
        <div class="case-layout">
        <div class="case-main">
        <header class="case-head">
            <h1 data-testid="case-subject">{move || case.with(|c| c.subject.clone())}</h1>
            <p class="meta">
                {move || case.with(|c| format!("#{} · {} · {} · {} · {}", c.id, c.customer_name, c.queue_name, c.priority, c.status.as_str().replace('_', " ")))}
            </p>
            <span data-testid="case-mood" title=move || recent_scores(&entries.get())>
                {move || view! { <MoodChip mood=case.with(|c| c.mood) /> }}
            </span>
            <Colleagues presence/>
            {move || merged_into.get().map(|into| view! {
                <p class="merged" role="status" data-testid="merged-into">
                    "Merged into " <a href=format!("/agent/cases/{into}")>{format!("#{into}")}</a>
                    ": the conversation continues there."
                </p>
            })}
        </header>
        <ol class="timeline" data-testid="timeline">
            <For each=move || entries.get() key=|e| e.id let:e>
                <li class=format!("entry entry-{}", e.kind.as_str()) data-entry-id=e.id.0>
                    <div class="entry-head">
                        <strong>{e.author_name.clone()}</strong>
                        {e.sentiment.map(|scores| view! { <ScoreMarker scores/> })}
                        {(e.kind == EntryKind::InternalNote).then(|| view! { <span class="tag-note">"Internal note"</span> })}
                    </div>
                    <p class="entry-body">{e.body.clone()}</p>
                    <EntryFiles files=e.attachments.clone()/>
                </li>
            </For>
        </ol>
        <Composer case_id on_sent/>
        </div>
        <div class="case-side">
            <Properties case clocks dir=dir.clone()/>
            <EscalateForm case dir/>
            <SnoozeForm case/>
            <MergeForm case/>
            <Checklist case_id checks/>
            <TreePanel case library/>
            <CaseActions actions me/>
            <CustomerPanel case_id customer me records actions/>
        </div>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EntryId;

    fn entry(id: i64) -> TimelineEntry {
        TimelineEntry {
            id: EntryId(id),
            case_id: CaseId(1),
            kind: EntryKind::AgentReply,
            author_id: None,
            author_name: String::new(),
            body: String::new(),
            client_id: None,
            created_at: 0,
            sentiment: None,
            attachments: Vec::new(),
        }
    }

    #[test]
    fn entries_are_merged_once_and_kept_in_order() {
        let mut list = vec![entry(1), entry(3)];
        merge_entry(&mut list, entry(3));
        merge_entry(&mut list, entry(2));
        merge_entry(&mut list, entry(4));
        let ids: Vec<i64> = list.iter().map(|e| e.id.0).collect();
        assert_eq!(ids, vec![1, 2, 3, 4]);
    }
}
