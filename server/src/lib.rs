//! The Switchboard server: router, WebSocket route, middleware and background jobs.
#![forbid(unsafe_code)]

pub mod api_status;
pub mod attachments;
pub mod cli;
pub mod cluster;
pub mod csrf;
pub mod demo_site;
pub mod help;
pub mod scheduler;
pub mod session_store;
pub mod site;
pub mod test_clock;
pub mod widget;
pub mod ws;

use app::engine::sentiment;
use app::realtime::Hub;
use app::settings::Settings;
use app::state::{AddrLimiter, AppState, LoginLimiter};
use app::storage::{Storage, TimeSource};
use axum::extract::FromRef;
use axum::handler::Handler;
use axum::http::header;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::Arc;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Largest request body accepted (larger answers 413).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Router state: the Leptos options plus the application state.
#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos_options: LeptosOptions,
    pub app: AppState,
}

/// Opens storage, seeds the demo on an empty database, and starts the hub and
/// the SLA scheduler.
pub async fn prepare(settings: Settings) -> anyhow::Result<AppState> {
    let time = if test_clock::wanted() {
        tracing::warn!(
            "{}=1: the clock may be moved by POST /test/clock",
            test_clock::ENV
        );
        TimeSource::movable()
    } else {
        TimeSource::system()
    };
    prepare_with_time(settings, time).await
}

/// [`prepare`] with another time source (tests move a manual clock).
pub async fn prepare_with_time(settings: Settings, time: TimeSource) -> anyhow::Result<AppState> {
    let url = settings.database();
    if settings.database_url.is_none() {
        std::fs::create_dir_all(&settings.data_dir)?;
    }
    let storage = Storage::open(&url)
        .await?
        .with_mood(settings.mood)
        .with_time(time);
    if settings.seed_demo && storage.is_empty().await? {
        let hash = tokio::task::spawn_blocking(|| {
            app::auth::hash_password(app::storage::seed::DEMO_PASSWORD)
        })
        .await?
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
        storage
            .seed_demo(Default::default(), &hash, storage.now())
            .await?;
        let clocks = storage.start_missing_clocks(storage.now()).await?;
        tracing::info!(clocks, "seeded the demo company");
    }
    let hub = Hub::new(Arc::new(storage.clone()), storage.last_seq().await?);
    tokio::spawn(hub.clone().run_gap_filler());
    if let Some(pool) = storage.postgres_pool() {
        cluster::spawn(pool.clone(), hub.clone());
    }
    let board = Arc::new(app::realtime::BoardFeed::default());
    tokio::spawn(board.clone().run(hub.clone(), storage.clone()));
    spawn_session_sweeper(storage.clone());
    let (per_account, per_addr) = settings.login_per_minute;
    let public_limiter = Arc::new(AddrLimiter::new(settings.public_per_minute));
    let state = AppState {
        storage,
        hub,
        board,
        settings: Arc::new(settings),
        login_limiter: Arc::new(LoginLimiter::new(per_account, per_addr)),
        public_limiter,
    };
    scheduler::spawn(state.clone());
    Ok(state)
}

fn spawn_session_sweeper(storage: Storage) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = storage.delete_expired_sessions().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    });
}

/// The whole HTTP application.
pub fn router(app_state: AppState, leptos_options: LeptosOptions) -> Router {
    let routes = generate_route_list(app::App);
    let sessions = SessionManagerLayer::new(session_store::DbSessionStore::new(
        app_state.storage.clone(),
    ))
    .with_name("switchboard_session")
    .with_http_only(true)
    .with_same_site(SameSite::Lax)
    .with_secure(app_state.settings.secure_cookies)
    .with_expiry(Expiry::OnInactivity(time::Duration::days(7)));
    let state = ServerState {
        leptos_options: leptos_options.clone(),
        app: app_state.clone(),
    };
    let ctx_state = app_state.clone();
    let context = move || provide_context(ctx_state.clone());
    Router::new()
        .route("/ws", get(ws::ws_handler))
        .route("/widget/ws", get(ws::visitor_ws_handler))
        .route("/healthz", get(|| async { "ok" }))
        .route(
            sentiment::WORD_LEXICON_PATH,
            get(|| async { lexicon(sentiment::WORD_LEXICON) }),
        )
        .route(
            sentiment::EMOJI_LEXICON_PATH,
            get(|| async { lexicon(sentiment::EMOJI_LEXICON) }),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(
            leptos_axum::file_and_error_handler_with_context::<ServerState, _>(context, app::shell)
                .layer(static_compression()),
        )
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            MAX_BODY_BYTES,
        ))
        // Uploads carry their own, larger limit: merged after the small one.
        .merge(attachments::routes())
        .merge(help::routes())
        .merge(widget::routes())
        .merge(test_clock::routes(app_state.storage.time().is_movable()))
        .layer(axum::middleware::from_fn(api_status::error_status))
        .layer(axum::middleware::from_fn(csrf::reject_cross_site))
        .layer(sessions)
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// A sentiment lexicon for the browser's scoring of drafts (public data: the
/// VADER lexicons), cached for a day.
fn lexicon(text: &'static str) -> impl axum::response::IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        text,
    )
}

/// Compression of the site's files (the WebAssembly, JS and CSS bundles, the
/// widget's): brotli or gzip as the browser accepts, at a level that compresses
/// the 2.9 MB agent bundle in tens of milliseconds (brotli's default, 11, takes
/// seconds). Browsers revalidate these files with `If-Modified-Since` and get a
/// 304 without compressing again.
fn static_compression() -> tower_http::compression::CompressionLayer {
    tower_http::compression::CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(tower_http::CompressionLevel::Precise(5))
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Live frames are small and must leave at once: without TCP_NODELAY, Nagle
    // holds a socket's next push until the client acknowledged its last one.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
