//! The inbox: open cases of the agent's queues, updated live in place.

use super::agent_layout::MeResource;
use crate::api::cases::{get_triage_accuracy, list_inbox};
use crate::domain::{CaseSummary, Event, Inbox, Me};
use crate::ui::common::live::Live;
use crate::ui::common::MoodChip;
use leptos::prelude::*;

/// Lists cases; reloads when the live connection says the view is too old.
#[component]
pub fn InboxPage() -> impl IntoView {
    let live = Live::expect();
    let me = expect_context::<MeResource>();
    let inbox = Resource::new(move || live.resets.get(), |_| list_inbox());
    let accuracy = Resource::new(|| (), |_| get_triage_accuracy());
    view! {
        <main class="inbox">
            <h1>"Inbox"</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    accuracy.await.ok().map(|a| view! {
                        <p class="muted accuracy" data-testid="triage-accuracy"
                            title="Kept ÷ applied: how often agents left the queue and priority triage chose">
                            {format!("Triage accuracy {} ({} applied, {} corrected)",
                                crate::ui::admin::percent(a.percent), a.applied, a.corrected)}
                        </p>
                    })
                })}
            </Suspense>
            <Transition fallback=|| view! { <p class="loading">"Loading cases…"</p> }>
                {move || Suspend::new(async move {
                    match (inbox.await, me.get().await) {
                        (Ok(inbox), Ok(me)) => view! { <CaseTable inbox me/> }.into_any(),
                        (Err(e), _) | (_, Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

/// Applies a live event to the listed cases: updates in place (the row does not
/// move under the pointer), adds new cases on top, drops cases no longer open.
pub fn apply_event(cases: &mut Vec<CaseSummary>, event: &Event) {
    let Some(case) = event.kind.case() else {
        return;
    };
    match cases.iter().position(|c| c.id == case.id) {
        Some(i) if !case.status.is_open() => {
            cases.remove(i);
        }
        Some(i) => cases[i] = case.clone(),
        None if case.status.is_open() => cases.insert(0, case.clone()),
        None => {}
    }
}

#[component]
fn CaseTable(inbox: Inbox, me: Me) -> impl IntoView {
    let live = Live::expect();
    let cases = RwSignal::new(inbox.cases);
    let topics: Vec<String> = if me.role.sees_all_queues() {
        vec!["supervisor".into()]
    } else {
        me.queue_ids.iter().map(|q| format!("queue:{q}")).collect()
    };
    for topic in topics {
        live.subscribe(topic, inbox.as_of, move |ev| {
            cases.update(|c| apply_event(c, ev))
        });
    }
    view! {
        <p class="count" data-testid="case-count">{move || format!("{} open cases", cases.with(Vec::len))}</p>
        <table class="cases" data-testid="inbox">
            <thead><tr><th>"Subject"</th><th>"Customer"</th><th>"Queue"</th><th>"Priority"</th><th>"Status"</th><th>"Mood"</th><th>"Assignee"</th><th>"Last message"</th></tr></thead>
            <tbody>
                <For each=move || cases.get() key=|c| (c.id, c.updated_at, c.status) let:c>
                    <tr data-case-id=c.id.0>
                        <td><a href=format!("/agent/cases/{}", c.id)>{c.subject.clone()}</a></td>
                        <td>{c.customer_name.clone()}</td>
                        <td>{c.queue_name.clone()}</td>
                        <td><span class=format!("prio prio-{}", c.priority)>{c.priority.as_str()}</span></td>
                        <td>{c.status.as_str().replace('_', " ")}</td>
                        <td><MoodChip mood=c.mood /></td>
                        <td>{c.assignee_name.clone().unwrap_or_else(|| "—".into())}</td>
                        <td class="preview">{c.preview.clone()}</td>
                    </tr>
                </For>
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EventKind;
    use crate::domain::{CaseId, CaseStatus, Channel, CustomerId, Priority, QueueId, Tier};

    fn case(id: i64, status: CaseStatus, subject: &str) -> CaseSummary {
        CaseSummary {
            id: CaseId(id),
            subject: subject.into(),
            status,
            priority: Priority::P3,
            channel: Channel::Chat,
            tier: Tier::T1,
            queue_id: QueueId(1),
            queue_name: "Bookings".into(),
            customer_id: CustomerId(1),
            customer_name: "Ana".into(),
            assignee_id: None,
            assignee_name: None,
            preview: String::new(),
            created_at: 0,
            updated_at: 0,
            mood: None,
            duplicate_of: None,
        }
    }

    fn updated(c: CaseSummary) -> Event {
        Event {
            seq: 1,
            at: 0,
            kind: EventKind::CaseUpdated { case: c },
        }
    }

    #[test]
    fn an_update_changes_the_row_in_place_and_keeps_the_order() {
        let mut list = vec![
            case(1, CaseStatus::Open, "a"),
            case(2, CaseStatus::Open, "b"),
            case(3, CaseStatus::New, "c"),
        ];
        apply_event(&mut list, &updated(case(2, CaseStatus::Pending, "b2")));
        let ids: Vec<i64> = list.iter().map(|c| c.id.0).collect();
        assert_eq!(ids, vec![1, 2, 3]);
        assert_eq!(list[1].subject, "b2");
    }

    #[test]
    fn new_cases_go_on_top_and_solved_ones_leave() {
        let mut list = vec![case(1, CaseStatus::Open, "a")];
        apply_event(
            &mut list,
            &Event {
                seq: 2,
                at: 0,
                kind: EventKind::CaseCreated {
                    case: case(9, CaseStatus::New, "n"),
                },
            },
        );
        assert_eq!(list[0].id, CaseId(9));
        apply_event(&mut list, &updated(case(1, CaseStatus::Solved, "a")));
        assert_eq!(list.len(), 1);
        apply_event(&mut list, &updated(case(5, CaseStatus::Closed, "x")));
        assert_eq!(list.len(), 1);
    }
}
