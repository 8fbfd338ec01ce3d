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
use leptos_router::{path, Lazy, LazyRoute, SsrMode};

/// Pages whose code is left out of the main bundle: built with `cargo leptos
/// --split`, each is a chunk of its own that the browser loads when the page is
/// first shown. The inbox is the agent's first page: the case view, the
/// approvals and the supervisor's board come when first opened. The help
/// centre's pages are rendered on the server only: their chunks are never
/// fetched, and the agent's bundle no longer carries them.
macro_rules! lazy_pages {
    ($($lazy:ident => $page:ident),* $(,)?) => {$(
        struct $lazy;

        #[cfg(not(feature = "widget"))]
        #[leptos_router::lazy_route]
        impl LazyRoute for $lazy {
            fn data() -> Self {
                $lazy
            }

            fn view(this: Self) -> AnyView {
                let $lazy = this;
                view! { <$page/> }.into_any()
            }
        }

        // The widget's bundle never shows these pages: without the split's
        // exported entry points, its build leaves their code out.
        #[cfg(feature = "widget")]
        impl LazyRoute for $lazy {
            fn data() -> Self {
                $lazy
            }

            async fn view(this: Self) -> AnyView {
                let $lazy = this;
                view! { <$page/> }.into_any()
            }
        }
    )*};
}

lazy_pages!(
    LazyAdminHome => AdminHome,
    LazySla => SlaPage,
    LazyCalendars => CalendarsPage,
    LazyTriage => TriagePage,
    LazyRouting => RoutingPage,
    LazyTemplates => TemplatesPage,
    LazyChecklists => ChecklistsPage,
    LazyArticles => ArticlesPage,
    LazyQa => QaPage,
    LazyMetrics => MetricsPage,
    LazyTrees => TreesPage,
    LazyReviews => ReviewsPage,
    LazyCase => CasePage,
    LazyApprovals => ApprovalsPage,
    LazyBoard => BoardPage,
    LazyHelpHome => HelpHome,
    LazyHelpArticle => HelpArticlePage,
);

/// Fetches the case view's split-off code ahead of the first case the agent
/// opens (the inbox calls it once it is idle); a no-op once loaded.
#[cfg(feature = "hydrate")]
pub async fn preload_case_view() {
    <LazyCase as LazyRoute>::preload().await;
}

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
                    <Route path=path!("") view={Lazy::<LazyHelpHome>::new()}/>
                    <Route path=path!(":slug") view={Lazy::<LazyHelpArticle>::new()}/>
                </ParentRoute>
                <ParentRoute path=path!("/agent") view=AgentLayout ssr=SsrMode::Async>
                    <Route path=path!("") view=InboxPage/>
                    <Route path=path!("cases/:id") view={Lazy::<LazyCase>::new()}/>
                    <Route path=path!("approvals") view={Lazy::<LazyApprovals>::new()}/>
                    <Route path=path!("trees") view={Lazy::<LazyTrees>::new()}/>
                    <Route path=path!("reviews") view={Lazy::<LazyReviews>::new()}/>
                </ParentRoute>
                <ParentRoute path=path!("/supervisor") view=AgentLayout ssr=SsrMode::Async>
                    <Route path=path!("") view={Lazy::<LazyBoard>::new()}/>
                    <Route path=path!("qa") view={Lazy::<LazyQa>::new()}/>
                    <Route path=path!("metrics") view={Lazy::<LazyMetrics>::new()}/>
                </ParentRoute>
                <ParentRoute path=path!("/admin") view=AdminLayout ssr=SsrMode::Async>
                    <Route path=path!("") view={Lazy::<LazyAdminHome>::new()}/>
                    <Route path=path!("sla") view={Lazy::<LazySla>::new()}/>
                    <Route path=path!("calendars") view={Lazy::<LazyCalendars>::new()}/>
                    <Route path=path!("triage") view={Lazy::<LazyTriage>::new()}/>
                    <Route path=path!("routing") view={Lazy::<LazyRouting>::new()}/>
                    <Route path=path!("templates") view={Lazy::<LazyTemplates>::new()}/>
                    <Route path=path!("checklists") view={Lazy::<LazyChecklists>::new()}/>
                    <Route path=path!("kb") view={Lazy::<LazyArticles>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
