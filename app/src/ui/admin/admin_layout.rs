//! The frame around the admin pages: admins only.

use crate::api::auth::{current_user, Logout};
use crate::domain::Role;
use crate::error::AppError;
use crate::ui::common::resource::resource;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};

/// The admin navigation; sends others to sign in or says the pages are for admins
/// (the pages' server functions refuse them too).
///
/// The pages render beside (not inside) the suspense that waits for the user, as
/// in the agent layout: nested inside it they would be built twice on the server
/// and their resources would not match when the browser hydrates.
#[component]
pub fn AdminLayout() -> impl IntoView {
    let me = resource(|| (), |_| current_user());
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
            <a class="brand" href="/admin">"Switchboard admin"</a>
            <nav class="admin-nav">
                <A href="/admin/sla">"SLA policies"</A>
                <A href="/admin/calendars">"Business hours"</A>
                <A href="/admin/triage">"Triage rules"</A>
                <A href="/admin/routing">"Routing"</A>
                <A href="/admin/templates">"Templates"</A>
                <A href="/admin/checklists">"Checklists"</A>
                <A href="/admin/kb">"Knowledge base"</A>
                <a href="/agent/trees">"Decision trees"</a>
                <a href="/agent">"Workspace"</a>
            </nav>
            <span class="spacer"></span>
            <button class="link" on:click=move |_| { logout.dispatch(Logout {}); }>"Sign out"</button>
        </header>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) if me.role == Role::Admin => ().into_any(),
                    Ok(Some(_)) => view! {
                        <p class="error banner" role="alert" data-testid="not-admin">
                            "Only administrators can change these settings."
                        </p>
                    }.into_any(),
                    Ok(None) | Err(AppError::Unauthenticated) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
        <Outlet/>
    }
}
