//! Shows the live connection's state, so nobody mistakes a stale screen for a quiet one.

use super::live::{ConnStatus, Live};
use leptos::prelude::*;

/// "Live", "Connecting…", "Reconnecting in 4 s", in words and colour.
#[component]
pub fn ConnectionBadge() -> impl IntoView {
    let live = Live::expect();
    let text = move || match live.status.get() {
        ConnStatus::Connecting => "Connecting…".to_owned(),
        ConnStatus::Live => "Live".to_owned(),
        ConnStatus::Retrying(secs) => format!("Offline, retrying in {secs} s"),
    };
    let class = move || match live.status.get() {
        ConnStatus::Live => "badge badge-live",
        ConnStatus::Connecting => "badge badge-wait",
        ConnStatus::Retrying(_) => "badge badge-down",
    };
    view! { <span class=class data-testid="connection" role="status">{text}</span> }
}
