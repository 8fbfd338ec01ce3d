//! The agent's own presence in the top bar: online agents are routed new
//! cases; away or offline, their open chats go back to the queue after a
//! grace period.

use crate::api::presence::{my_presence, set_my_presence};
use crate::domain::{EventKind, Presence};
use crate::ui::common::live::Live;
use crate::ui::common::resource::resource;
use leptos::prelude::*;

/// A select of the caller's presence, saved on change; a supervisor's change
/// shows live.
#[component]
pub fn PresencePicker() -> impl IntoView {
    let current = RwSignal::new(None::<Presence>);
    let error = RwSignal::new(None::<String>);
    let live = Live::expect();
    let load = resource(move || live.resets.get(), |_| my_presence());
    let save = Action::new(move |p: &Presence| {
        let p = *p;
        async move { set_my_presence(p).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(p)) => {
            error.set(None);
            current.set(Some(p));
        }
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let label = |p: Presence| match p {
        Presence::Online => "Online",
        Presence::Away => "Away",
        Presence::Offline => "Offline",
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let loaded = load.await.ok();
                if let Some((_, me, as_of)) = loaded {
                    current.set(None);
                    live.subscribe(format!("agent:{me}"), as_of, move |ev| {
                        if let EventKind::AgentUpdated { agent_id, presence, .. } = &ev.kind {
                            if *agent_id == me {
                                current.set(Some(*presence));
                            }
                        }
                    });
                }
                let loaded = loaded.map(|(p, ..)| p);
                let shown = move || current.get().or(loaded);
                view! {
                    <label class="presence" data-presence=move || shown().map(|p| p.as_str()).unwrap_or("")>
                        <span class="visually-hidden">"Your presence"</span>
                        <select data-testid="presence" aria-label="Your presence"
                            prop:value=move || shown().map(|p| p.as_str()).unwrap_or("")
                            on:change=move |ev| {
                                if let Some(p) = Presence::parse(&event_target_value(&ev)) {
                                    save.dispatch(p);
                                }
                            }>
                            {Presence::ALL.iter().map(|p| view! {
                                <option value=p.as_str() selected=move || shown() == Some(*p)>{label(*p)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <span class="field-error" role="alert">{move || error.get()}</span>
                }
            })}
        </Suspense>
    }
    .into_any()
}
