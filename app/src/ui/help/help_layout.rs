//! The frame of every help-centre page: the company, a search box, the page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_query_map;

/// Header with the search form (a plain GET form: it works without scripts).
#[component]
pub fn HelpLayout() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    view! {
        <Title text="Help centre · Switchboard Rentals"/>
        <div class="help">
            <header class="help-header">
                <a class="help-brand" href="/help">"Switchboard Rentals · Help centre"</a>
                <form class="help-search" method="get" action="/help" role="search">
                    <label for="help-q" class="visually-hidden">"Search the help centre"</label>
                    <input id="help-q" type="search" name="q" value=q maxlength="200"
                        placeholder="Ask a question, e.g. how do I change my booking?"
                        data-testid="help-search"/>
                    <button type="submit">"Search"</button>
                </form>
            </header>
            <main class="help-main">
                <Outlet/>
            </main>
        </div>
    }
}
