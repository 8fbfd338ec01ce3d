//! The 404 page.

use leptos::prelude::*;

/// Shown for any unknown path, with a 404 status.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <main class="centered">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <p><a href="/agent">"Go to your inbox"</a></p>
        </main>
    }
}
