//! The live case table of the inbox: rows updated in place, a keyboard cursor
//! (j/k, o, x, a, e), selection and bulk changes.

use super::inbox_page::{Counts, Go};
use super::listing::Listing;
use super::sla_countdown::SlaCountdown;
use crate::api::cases::{bulk_update, update_case};
use crate::domain::{CaseEdit, CaseId, CaseStatus, Inbox, InboxQuery, Me, Viewer};
use crate::ui::common::live::Live;
use crate::ui::common::ticker::Ticker;
use crate::ui::common::MoodChip;
use leptos::prelude::*;
use std::collections::BTreeSet;

/// The selection and the bulk bar's state.
#[derive(Clone, Copy)]
struct Selection(RwSignal<BTreeSet<CaseId>>);

#[component]
pub fn CaseTable(
    inbox: Inbox,
    me: Me,
    query: InboxQuery,
    /// How many cases were asked for ("Show more" asks for more).
    rows: u32,
    /// Agents to assign the selected cases to.
    dir: crate::domain::Directory,
) -> impl IntoView {
    let live = Live::expect();
    let ticker = Ticker::expect();
    ticker.sync(inbox.now);
    let counts = expect_context::<Counts>();
    let go = expect_context::<Go>();
    let pending_counts = StoredValue::new(false);
    let viewer = Viewer {
        id: me.id,
        queues: me.queue_ids.clone(),
        all_queues: me.role.sees_all_queues(),
    };
    let more = inbox.more;
    let more_link = format!(
        "/agent{}&rows={}",
        query.to_query_string(),
        crate::domain::inbox::more_rows(rows)
    );
    let listing = RwSignal::new(Listing::new(inbox.cases));
    let cursor = RwSignal::new(0usize);
    let selected = Selection(RwSignal::new(BTreeSet::new()));
    let message = RwSignal::new(None::<(bool, String)>);
    let topics: Vec<String> = if me.role.sees_all_queues() {
        vec!["supervisor".into()]
    } else {
        me.queue_ids.iter().map(|q| format!("queue:{q}")).collect()
    };
    let q = StoredValue::new(query.clone());
    let v = StoredValue::new(viewer);
    for topic in topics {
        live.subscribe(topic, inbox.as_of, move |ev| {
            if let Some(case) = ev.kind.case() {
                let now = ticker.now.get_untracked();
                listing.update(|l| q.with_value(|q| v.with_value(|v| l.apply(case, q, v, now))));
                counts.refresh_soon(pending_counts);
            }
        });
    }
    let cursor_id =
        Memo::new(move |_| listing.with(|l| l.rows.get(cursor.get()).map(|r| r.case.id)));
    let edit_one = Action::new_local(move |(id, edit, seen): &(CaseId, CaseEdit, CaseEdit)| {
        let (id, edit, seen) = (*id, edit.clone(), seen.clone());
        async move { update_case(id, edit, Some(seen)).await }
    });
    Effect::new(move |_| match edit_one.value().get() {
        Some(Ok(case)) => message.set(Some((true, format!("Case #{} updated.", case.id)))),
        Some(Err(e)) => message.set(Some((false, e.to_string()))),
        None => {}
    });
    let act_on_cursor =
        move |make: &dyn Fn(&crate::domain::CaseSummary) -> (CaseEdit, CaseEdit)| {
            let row = listing
                .with_untracked(|l| l.rows.get(cursor.get_untracked()).map(|r| r.case.clone()));
            if let Some(case) = row {
                let (edit, seen) = make(&case);
                edit_one.dispatch((case.id, edit, seen));
            }
        };
    #[cfg(feature = "hydrate")]
    {
        let me_id = me.id;
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if super::keys::typing_in_field(&ev) || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let len = listing.with_untracked(|l| l.rows.len());
            match ev.key().as_str() {
                "j" | "ArrowDown" if len > 0 => cursor.update(|c| *c = (*c + 1).min(len - 1)),
                "k" | "ArrowUp" => cursor.update(|c| *c = c.saturating_sub(1)),
                "Enter" if super::keys::on_control(&ev) => return,
                "o" | "Enter" => {
                    if let Some(id) = cursor_id.get_untracked() {
                        go.to(&format!("/agent/cases/{id}"));
                    }
                }
                "x" => {
                    if let Some(id) = cursor_id.get_untracked() {
                        selected.0.update(|s| {
                            if !s.remove(&id) {
                                s.insert(id);
                            }
                        });
                    }
                }
                "a" => act_on_cursor(&|c| {
                    (
                        CaseEdit::Assignee(Some(me_id)),
                        CaseEdit::Assignee(c.assignee_id),
                    )
                }),
                "e" => act_on_cursor(&|c| {
                    (
                        CaseEdit::Status(CaseStatus::Solved),
                        CaseEdit::Status(c.status),
                    )
                }),
                _ => return,
            }
            ev.prevent_default();
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (go, act_on_cursor);
    // Set once the browser has taken over the table (keys and live updates work).
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let waiting =
        move || listing.with(|l| (l.incoming.len(), l.rows.iter().filter(|r| r.gone).count()));
    view! {
        <BulkBar selected me_id=me.id message agents=dir.agents/>
        <p class="status-line" role="status" data-testid="table-message"
            class:error=move || message.get().is_some_and(|m| !m.0)>
            {move || message.get().map(|m| m.1)}
        </p>
        {move || {
            let (new, gone) = waiting();
            (new + gone > 0).then(|| {
                let text = match (new, gone) {
                    (n, 0) => format!("Show {n} new case{}", if n == 1 { "" } else { "s" }),
                    (0, g) => format!("Tidy: hide {g} case{} that left this view", if g == 1 { "" } else { "s" }),
                    (n, g) => format!("Show {n} new, hide {g} that left this view"),
                };
                view! {
                    <button class="secondary new-cases" data-testid="show-new"
                        on:click=move |_| q.with_value(|q| listing.update(|l| l.tidy(q)))>{text}</button>
                }
            })
        }}
        <p class="count" data-testid="case-count">{move || {
            let n = listing.with(|l| l.rows.iter().filter(|r| !r.gone).count());
            format!("{n} case{}", if n == 1 { "" } else { "s" })
        }}</p>
        <table class="cases" data-testid="inbox" data-ready=move || ready.get().to_string()>
            <thead><tr>
                <th><span class="sr-only">"Select"</span></th>
                <th>"Subject"</th><th>"Customer"</th><th>"Priority"</th><th>"SLA"</th>
                <th>"Mood"</th><th>"Assignee"</th><th>"Last message"</th>
            </tr></thead>
            <tbody>
                <For each=move || listing.get().rows key=|r| (r.case.id, r.version) let:row>
                    {
                        let c = row.case;
                        let id = c.id;
                        view! {
                            <tr data-case-id=id.0 data-customer-id=c.customer_id.0 class:gone=row.gone
                                class:cursor=move || cursor_id.get() == Some(id)
                                aria-selected=move || (cursor_id.get() == Some(id)).to_string()
                                on:click=move |_| {
                                    if let Some(i) = listing.with_untracked(|l| l.rows.iter().position(|r| r.case.id == id)) {
                                        cursor.set(i);
                                    }
                                }>
                                <td><input type="checkbox" aria-label=format!("Select case {id}")
                                    prop:checked=move || selected.0.with(|s| s.contains(&id))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.0.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                                    }/></td>
                                <td class="subject">
                                    <a href=format!("/agent/cases/{id}")>{c.subject.clone()}</a>
                                    <span class="case-no">{format!(" #{id}")}</span>
                                    {row.gone.then(|| view! { <span class="gone-note">" · left this view"</span> })}
                                    {c.duplicate_of.map(|d| view! { <span class="chip" title="Likely a duplicate">{format!("dup of #{d}")}</span> })}
                                    {c.tags.iter().map(|t| view! { <span class="chip tag">{t.clone()}</span> }).collect_view()}
                                </td>
                                <td>{c.customer_name.clone()}<br/><span class="muted small">{c.channel.as_str()}" · "<span data-testid="row-queue">{c.queue_name.clone()}</span></span></td>
                                <td><span class=format!("prio prio-{}", c.priority)>{c.priority.as_str()}</span><br/><span class="muted small">{c.status.as_str().replace('_', " ")}</span>
                                    {c.snoozed_until.filter(|_| c.status == crate::domain::CaseStatus::Pending).map(|at| view! {
                                        <br/><span class="muted small snoozed-row" title=format!("Snoozed until {}", crate::ui::common::time::local_time(at))>"snoozed"</span>
                                    })}</td>
                                <td><SlaCountdown due=c.sla_due_at state=c.sla/></td>
                                <td><MoodChip mood=c.mood /></td>
                                <td>{c.assignee_name.clone().unwrap_or_else(|| "—".into())}</td>
                                <td class="preview">{c.preview.clone()}</td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
        {move || listing.with(|l| l.rows.is_empty()).then(|| view! { <p class="muted empty">"No cases in this view."</p> })}
        {(more && rows < crate::domain::inbox::INBOX_MAX_ROWS).then(|| view! {
            <p class="show-more">
                <a class="button secondary" href=more_link.clone() data-testid="show-more"
                    on:click=move |ev| {
                        ev.prevent_default();
                        go.stay(&more_link);
                    }>"Show more cases"</a>
            </p>
        })}
        {(more && rows >= crate::domain::inbox::INBOX_MAX_ROWS).then(|| view! {
            <p class="muted show-more" data-testid="more-than-shown">
                {format!("Showing the first {} cases. Narrow the view with a filter to see the rest.",
                    crate::domain::inbox::INBOX_MAX_ROWS)}
            </p>
        })}
    }
    .into_any()
}

/// Changes for the selected cases: assign, status, tag.
#[component]
fn BulkBar(
    selected: Selection,
    me_id: crate::domain::UserId,
    message: RwSignal<Option<(bool, String)>>,
    agents: Vec<crate::domain::inbox::AgentRef>,
) -> impl IntoView {
    let run = Action::new_local(move |edit: &CaseEdit| {
        let ids: Vec<CaseId> = selected.0.get_untracked().into_iter().collect();
        let edit = edit.clone();
        async move { bulk_update(ids, edit).await }
    });
    Effect::new(move |_| match run.value().get() {
        Some(Ok(out)) => {
            let mut text = format!(
                "Changed {} case{}.",
                out.changed.len(),
                if out.changed.len() == 1 { "" } else { "s" }
            );
            for (id, why) in &out.refused {
                text.push_str(&format!(" #{id} not changed: {why}"));
            }
            message.set(Some((out.refused.is_empty(), text)));
            selected
                .0
                .update(|s| s.retain(|id| !out.changed.contains(id)));
        }
        Some(Err(e)) => message.set(Some((false, e.to_string()))),
        None => {}
    });
    let tag = RwSignal::new(String::new());
    view! {
        <Show when=move || !selected.0.with(BTreeSet::is_empty)>
            <div class="bulk-bar" role="toolbar" aria-label="Change selected cases" data-testid="bulk-bar">
                <strong>{move || format!("{} selected", selected.0.with(BTreeSet::len))}</strong>
                <button on:click=move |_| { run.dispatch(CaseEdit::Assignee(Some(me_id))); }>"Assign to me"</button>
                <label>"Assign to "
                    <select data-testid="bulk-assign" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Ok(id) = v.parse::<i64>() {
                            run.dispatch(CaseEdit::Assignee(Some(crate::domain::UserId(id))));
                        }
                    }>
                        <option value="">"Choose an agent…"</option>
                        {agents.iter().map(|a| view! {
                            <option value=a.id.0.to_string()>{format!("{} ({})", a.name, a.presence.as_str())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>"Status "
                    <select data-testid="bulk-status" on:change=move |ev| {
                        if let Some(s) = CaseStatus::parse(&event_target_value(&ev)) {
                            run.dispatch(CaseEdit::Status(s));
                        }
                    }>
                        <option value="">"Set status…"</option>
                        <option value="open">"open"</option>
                        <option value="pending">"pending"</option>
                        <option value="on_hold">"on hold"</option>
                        <option value="solved">"solved"</option>
                    </select>
                </label>
                <form class="inline-form" on:submit=move |ev| {
                    ev.prevent_default();
                    let t = tag.get_untracked();
                    let ids: Vec<CaseId> = selected.0.get_untracked().into_iter().collect();
                    if !t.trim().is_empty() && !ids.is_empty() {
                        run.dispatch(CaseEdit::AddTag(t));
                    }
                }>
                    <input type="text" placeholder="tag" aria-label="Tag to add" data-testid="bulk-tag"
                        on:input=move |ev| tag.set(event_target_value(&ev))/>
                    <button type="submit" class="secondary">"Add tag"</button>
                </form>
                <button class="link" on:click=move |_| selected.0.set(BTreeSet::new())>"Clear"</button>
            </div>
        </Show>
    }
    .into_any()
}
