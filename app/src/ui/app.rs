//! The document shell and the router.

use super::admin::{
    AdminHome, AdminLayout, ArticlesPage, CalendarsPage, ChecklistsPage, RoutingPage, SlaPage,
    TemplatesPage, TriagePage,
};
use super::agent::{AgentLayout, ApprovalsPage, CasePage, InboxPage, ReviewsPage, TreesPage};
use super::common::{LoginPage, NotFound};
use super::help::{HelpArticlePage, HelpHome, HelpLayout};
use super::supervisor::{BoardPage, MetricsPage, QaPage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document the server renders around the app. Help-centre pages
/// go without the hydration scripts: customers reading an answer never
/// download the workspace's WebAssembly.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let interactive = !use_context::<axum::http::request::Parts>()
        .is_some_and(|p| super::help::is_help_path(p.uri.path()));
    #[cfg(not(feature = "ssr"))]
    let interactive = true;
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                {interactive.then(|| view! {
                    <AutoReload options=options.clone()/>
                    <HydrationScripts options/>
                })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The whole application: routes for every surface. Signed-in pages render
/// `Async` so that a missing session can still answer with a redirect status.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="switchboard" href="/pkg/switchboard.css"/>
        <Title text="Switchboard"/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/agent"/> }/>
                <Route path=path!("/login") view=LoginPage/>
                <ParentRoute path=path!("/help") view=HelpLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=HelpHome/>
                    <Route path=path!(":slug") view=HelpArticlePage/>
                </ParentRoute>
                <ParentRoute path=path!("/agent") view=AgentLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=InboxPage/>
                    <Route path=path!("cases/:id") view=CasePage/>
                    <Route path=path!("approvals") view=ApprovalsPage/>
                    <Route path=path!("trees") view=TreesPage/>
                    <Route path=path!("reviews") view=ReviewsPage/>
                </ParentRoute>
                <ParentRoute path=path!("/supervisor") view=AgentLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=BoardPage/>
                    <Route path=path!("qa") view=QaPage/>
                    <Route path=path!("metrics") view=MetricsPage/>
                </ParentRoute>
                <ParentRoute path=path!("/admin") view=AdminLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=AdminHome/>
                    <Route path=path!("sla") view=SlaPage/>
                    <Route path=path!("calendars") view=CalendarsPage/>
                    <Route path=path!("triage") view=TriagePage/>
                    <Route path=path!("routing") view=RoutingPage/>
                    <Route path=path!("templates") view=TemplatesPage/>
                    <Route path=path!("checklists") view=ChecklistsPage/>
                    <Route path=path!("kb") view=ArticlesPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
