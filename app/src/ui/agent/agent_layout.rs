//! The frame around every agent page: who is signed in, the connection, sign-out.

use crate::api::auth::{current_user, Logout};
use crate::domain::Me;
use crate::ui::common::ConnectionBadge;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};

/// Requires a signed-in user (else redirects to the sign-in page) and provides `Me`.
#[component]
pub fn AgentLayout() -> impl IntoView {
    let me = Resource::new(|| (), |_| current_user());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => view! { <Workspace me/> }.into_any(),
                    Ok(None) | Err(crate::error::AppError::Unauthenticated) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! { <main class="centered"><p class="error" role="alert">{e.to_string()}</p></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Workspace(me: Me) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if logout.value().get().is_some() {
            #[cfg(feature = "hydrate")]
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href("/login");
            }
        }
    });
    let name = me.name.clone();
    provide_context(me);
    view! {
        <header class="topbar">
            <a class="brand" href="/agent">"Switchboard"</a>
            <nav><a href="/agent">"Inbox"</a></nav>
            <span class="spacer"></span>
            <ConnectionBadge/>
            <span class="me" data-testid="me">{name}</span>
            <button class="link" on:click=move |_| { logout.dispatch(Logout {}); }>"Sign out"</button>
        </header>
        <Outlet/>
    }
}
