//! Several nodes on one PostgreSQL: NOTIFY carries only the newest sequence number
//! (a wake-up, coalesced), and each node reads the events themselves from the log.
//! Ephemeral activity (who is viewing or typing on a case) is never stored: it
//! travels in the notification itself, a few dozen bytes, tagged with the
//! sending node so that node ignores its own echo.

use app::domain::activity::Activity;
use app::realtime::Hub;
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;

const CHANNEL: &str = "switchboard_events";
const ACTIVITY: &str = "switchboard_activity";

/// Spawns the listener and the notifiers for a PostgreSQL-backed node.
pub fn spawn(pool: PgPool, hub: Arc<Hub>) {
    let node: u64 = rand::random();
    tokio::spawn(listen(pool.clone(), hub.clone(), node));
    tokio::spawn(announce_activity(pool.clone(), hub.clone(), node));
    tokio::spawn(announce(pool, hub));
}

/// Activity another node relayed: `<node>|<json>`; `None` for this node's own or a bad payload.
fn peer_activity(payload: &str, node: u64) -> Option<Activity> {
    let (from, json) = payload.split_once('|')?;
    if from.parse::<u64>().ok()? == node {
        return None;
    }
    serde_json::from_str(json).ok()
}

async fn listen(pool: PgPool, hub: Arc<Hub>, node: u64) {
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen_all([CHANNEL, ACTIVITY]).await {
                    tracing::warn!(error = %e, "LISTEN failed");
                } else {
                    // Anything committed while we were not listening.
                    hub.heard(i64::MAX);
                    loop {
                        match listener.recv().await {
                            Ok(n) if n.channel() == ACTIVITY => {
                                if let Some(a) = peer_activity(n.payload(), node) {
                                    hub.activity_from_peer(a);
                                }
                            }
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

async fn announce_activity(pool: PgPool, hub: Arc<Hub>, node: u64) {
    use tokio::sync::broadcast::error::RecvError;
    let mut outgoing = hub.outgoing_activity();
    loop {
        let a = match outgoing.recv().await {
            Ok(a) => a,
            // Ephemeral: what was skipped is repeated by its sender soon.
            Err(RecvError::Lagged(_)) => continue,
            Err(RecvError::Closed) => return,
        };
        let Ok(json) = serde_json::to_string(&a) else {
            continue;
        };
        if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)")
            .bind(ACTIVITY)
            .bind(format!("{node}|{json}"))
            .execute(&pool)
            .await
        {
            tracing::debug!(error = %e, "activity NOTIFY failed; the next one repeats it");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::activity::Doing;
    use app::domain::{CaseId, UserId};

    #[test]
    fn a_node_ignores_its_own_activity_and_bad_payloads() {
        let a = Activity {
            case_id: CaseId(3),
            user_id: UserId(2),
            name: "Leo".into(),
            doing: Doing::Typing,
        };
        let payload = format!("17|{}", serde_json::to_string(&a).unwrap());
        assert_eq!(peer_activity(&payload, 17), None);
        assert_eq!(peer_activity(&payload, 18), Some(a));
        assert_eq!(peer_activity("nonsense", 18), None);
        assert_eq!(peer_activity("x|{}", 18), None);
    }
}
