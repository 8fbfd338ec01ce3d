//! The supervisor console: the live queue board, agents, alerts and staffing.

pub mod agents_table;
pub mod alerts_panel;
pub mod board_page;
pub mod chart;
pub mod metrics_page;
pub mod notify;
pub mod qa_page;
pub mod queues_table;
pub mod staffing_panel;

pub use board_page::BoardPage;
pub use metrics_page::MetricsPage;
pub use qa_page::QaPage;

use crate::ui::common::resource::resource;
use leptos::prelude::*;

/// Shows `children` to supervisors and admins; anyone else reads `message`
/// (in a `<main class=…>` with `data-testid=…`).
#[component]
pub fn SupervisorsOnly(
    class: &'static str,
    testid: &'static str,
    message: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let me = expect_context::<crate::ui::agent::agent_layout::MeResource>();
    let me = resource(|| (), move |_| async move { me.get().await.ok() });
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match me.await {
                        Some(m) if m.role.sees_all_queues() => children().into_any(),
                        _ => view! {
                            <main class=class><p class="error" role="alert" data-testid=testid>{message}</p></main>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
