//! The frame around every agent page: who is signed in, the connection, sign-out.

use super::global_search::GlobalSearch;
use super::keys::ShortcutHelp;
use super::presence_picker::PresencePicker;
use super::tabs::{TabBar, Tabs};
use crate::api::auth::{current_user, Logout};
use crate::domain::Me;
use crate::error::AppError;
use crate::ui::common::live::Live;
use crate::ui::common::resource::{resource, Res};
use crate::ui::common::ticker::Ticker;
use crate::ui::common::ConnectionBadge;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};

/// The signed-in user, loaded once per page and shared with the pages as context.
#[derive(Clone, Copy)]
pub struct MeResource(pub Res<Result<Option<Me>, AppError>>);

impl MeResource {
    /// The signed-in user; `Unauthenticated` when nobody is.
    pub async fn get(self) -> Result<Me, AppError> {
        self.0.await?.ok_or(AppError::Unauthenticated)
    }
}

/// Redirects to the sign-in page when nobody is signed in, and holds the live connection.
///
/// The pages render beside (not inside) the suspense that waits for the user: a
/// page nested inside it would be built twice on the server, and its data
/// resources with it.
#[component]
pub fn AgentLayout() -> impl IntoView {
    let me = MeResource(resource(|| (), |_| current_user()));
    provide_context(me);
    Live::provide();
    Ticker::provide();
    Tabs::provide();
    let location = leptos_router::hooks::use_location();
    let current = Signal::derive(move || {
        location.pathname.with(|p| {
            p.strip_prefix("/agent/cases/")
                .and_then(|s| s.parse::<i64>().ok())
                .map(crate::domain::CaseId)
        })
    });
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if logout.value().get().is_some() {
            #[cfg(feature = "hydrate")]
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href("/login");
            }
        }
    });
    view! {
        <header class="topbar">
            <a class="brand" href="/agent">"Switchboard"</a>
            <nav><a href="/agent">"Inbox"</a>" "<a href="/agent/reviews" data-testid="nav-reviews">"My reviews"</a></nav>
            <GlobalSearch/>
            <span class="muted small hint">"Press ? for shortcuts"</span>
            <span class="spacer"></span>
            <PresencePicker/>
            <ConnectionBadge/>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match me.get().await {
                        Ok(me) => view! {
                            {matches!(me.role, crate::domain::Role::Supervisor | crate::domain::Role::Admin)
                                .then(|| view! {
                                    <a href="/supervisor" data-testid="nav-board">"Board"</a>
                                    <a href="/supervisor/metrics" data-testid="nav-metrics">"Metrics"</a>
                                    <a href="/supervisor/qa" data-testid="nav-qa">"QA"</a>
                                    <a href="/agent/approvals" data-testid="nav-approvals">"Approvals"</a>
                                    <a href="/agent/trees" data-testid="nav-trees">"Decision trees"</a>
                                })}
                            {(me.role == crate::domain::Role::Admin).then(|| view! { <a href="/admin">"Admin"</a> })}
                            <span class="me" data-testid="me">{me.name}</span>
                        }.into_any(),
                        Err(AppError::Unauthenticated) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(e) => view! { <span class="error" role="alert">{e.to_string()}</span> }.into_any(),
                    }
                })}
            </Suspense>
            <button class="link" on:click=move |_| { logout.dispatch(Logout {}); }>"Sign out"</button>
        </header>
        <TabBar current/>
        <ShortcutHelp/>
        <Outlet/>
    }
}
