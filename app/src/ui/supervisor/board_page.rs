//! `/supervisor`: every queue and agent, live. The board re-reads its figures
//! when an event changes a case or an agent (asking the server for the board
//! as of that event), so it is never polled and never drifts.

use super::agents_table::AgentsTable;
use super::alerts_panel::AlertsPanel;
use super::queues_table::QueuesTable;
use super::staffing_panel::StaffingPanel;
use crate::api::supervisor::{get_board, list_alerts};
use crate::domain::board::Board;
use crate::domain::EventKind;
use crate::error::AppError;
use crate::ui::agent::agent_layout::MeResource;
use crate::ui::common::live::Live;
use crate::ui::common::resource::resource;
use crate::ui::common::ticker::Ticker;
use leptos::prelude::*;

#[component]
pub fn BoardPage() -> impl IntoView {
    let live = Live::expect();
    let board = resource(move || live.resets.get(), |_| get_board(None));
    let alerts = resource(move || live.resets.get(), |_| list_alerts());
    let me = expect_context::<MeResource>();
    let me = resource(|| (), move |_| async move { me.get().await.ok() });
    view! {
        <main class="board">
            <h1>"Queues"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading the board…"</p> }>
                {move || Suspend::new(async move {
                    match (board.await, alerts.await, me.await) {
                        (Ok(b), Ok(a), me) => view! { <LiveBoard board=b alerts=a me/> }.into_any(),
                        (Err(AppError::Forbidden), ..) | (_, Err(AppError::Forbidden), _) => view! {
                            <p class="error" role="alert" data-testid="board-forbidden">"The board is for supervisors and admins."</p>
                        }.into_any(),
                        (Err(e), ..) | (_, Err(e), _) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

/// The board once loaded: follows the `supervisor` topic.
#[component]
fn LiveBoard(
    board: Board,
    alerts: crate::domain::alert::Alerts,
    me: Option<crate::domain::Me>,
) -> impl IntoView {
    let ticker = Ticker::expect();
    ticker.sync(board.now);
    // Both lists follow from the older position (a repeated event is harmless).
    let as_of = board.as_of.min(alerts.as_of);
    let board = RwSignal::new(board);
    let alerts = RwSignal::new(alerts);
    // One refresh at a time; events meanwhile ask for one more afterwards.
    let again = StoredValue::new(None::<i64>);
    let refresh = Action::new(move |after: &i64| get_board(Some(*after)));
    Effect::new(move |_| {
        if let Some(Ok(b)) = refresh.value().get() {
            board.set(b);
        }
        if !refresh.pending().get() {
            if let Some(seq) = again.get_value() {
                again.set_value(None);
                refresh.dispatch(seq);
            }
        }
    });
    Live::expect().subscribe("supervisor".into(), as_of, move |ev| {
        if let Some(new) = crate::domain::alert::Alert::of(ev) {
            if alerts.with_untracked(|l| l.items.iter().all(|a| a.seq != new.seq)) {
                super::notify::alert(&new);
            }
        }
        alerts.update(|a| a.apply(ev));
        let moves_board =
            ev.kind.case().is_some() || matches!(ev.kind, EventKind::AgentUpdated { .. });
        if moves_board {
            if refresh.pending().get_untracked() {
                again.set_value(Some(ev.seq));
            } else {
                refresh.dispatch(ev.seq);
            }
        }
    });
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <div class="board-grid" data-testid="board" data-ready=move || ready.get().to_string()
            data-as-of=move || board.with(|b| b.as_of)>
            <section class="board-queues" aria-labelledby="queues-h">
                <h2 id="queues-h" class="visually-hidden">"Queues"</h2>
                <QueuesTable board/>
            </section>
            <section class="board-alerts" aria-labelledby="alerts-h">
                <h2 id="alerts-h">"Alerts"</h2>
                <AlertsPanel alerts board me/>
            </section>
            <section class="board-agents" aria-labelledby="agents-h">
                <h2 id="agents-h">"Agents"</h2>
                <AgentsTable board/>
            </section>
            <section class="board-staffing" aria-labelledby="staffing-h">
                <h2 id="staffing-h">"Staffing forecast"</h2>
                <StaffingPanel board/>
            </section>
        </div>
    }
    .into_any()
}
