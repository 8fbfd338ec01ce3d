//! Several nodes on one PostgreSQL: NOTIFY carries only the newest sequence number
//! (a wake-up, coalesced), and each node reads the events themselves from the log.

use app::realtime::Hub;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;

const CHANNEL: &str = "switchboard_events";

/// Spawns the listener and the notifier for a PostgreSQL-backed node.
pub fn spawn(pool: PgPool, hub: Arc<Hub>) {
    tokio::spawn(listen(pool.clone(), hub.clone()));
    tokio::spawn(announce(pool, hub));
}

async fn listen(pool: PgPool, hub: Arc<Hub>) {
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen(CHANNEL).await {
                    tracing::warn!(error = %e, "LISTEN failed");
                } else {
                    // Anything committed while we were not listening.
                    hub.heard(i64::MAX);
                    loop {
                        match listener.recv().await {
                            Ok(n) => hub.heard(n.payload().parse().unwrap_or(i64::MAX)),
                            Err(e) => {
                                tracing::warn!(error = %e, "notification listener lost its connection");
                                break;
                            }
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not connect the notification listener"),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn announce(pool: PgPool, hub: Arc<Hub>) {
    let mut commits = hub.commits();
    while commits.changed().await.is_ok() {
        let seq = *commits.borrow_and_update();
        if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(seq.to_string())
            .execute(&pool)
            .await
        {
            tracing::warn!(error = %e, "NOTIFY failed; other nodes catch up on their next wake-up");
        }
    }
}
