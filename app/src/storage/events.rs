//! The durable event log: a gapless per-workspace sequence, written in the same
//! transaction as the change each event describes.

use super::{read, Storage, StorageError, StorageResult};
use crate::domain::{Event, EventKind};

/// The only workspace for now; the column exists so more can follow.
pub const WORKSPACE_ID: i64 = 1;

/// Appends events inside an open transaction (`$tx`, either backend) and evaluates
/// to the stored `Vec<Event>`. Bumping `workspaces.last_seq` row-locks it, so
/// sequence numbers are handed out in commit order without gaps.
macro_rules! append_events {
    ($tx:expr, $kinds:expr) => {{
        let kinds: Vec<$crate::domain::EventKind> = $kinds;
        let (last,): (i64,) = sqlx::query_as($crate::storage::events::TAKE_SEQ_SQL)
            .bind(kinds.len() as i64)
            .bind($crate::storage::events::WORKSPACE_ID)
            .fetch_one(&mut *$tx)
            .await?;
        let at = $crate::storage::now_ms();
        let rows = $crate::storage::events::stored_rows(last, &kinds)?;
        // One statement for all of them: each statement is a round trip.
        let mut insert = sqlx::QueryBuilder::new(
            "INSERT INTO events (workspace_id, seq, kind, topics, payload, created_at) ",
        );
        insert.push_values(&rows, |mut b, (seq, name, topics, payload)| {
            b.push_bind($crate::storage::events::WORKSPACE_ID)
                .push_bind(*seq)
                .push_bind(*name)
                .push_bind(topics.as_str())
                .push_bind(payload.as_str())
                .push_bind(at);
        });
        insert.build().execute(&mut *$tx).await?;
        $crate::storage::events::numbered(&rows, kinds, at)
    }};
}
pub(crate) use append_events;

/// Takes `$1` sequence numbers of workspace `$2`; returns the last one taken.
pub(crate) const TAKE_SEQ_SQL: &str =
    "UPDATE workspaces SET last_seq = last_seq + $1 WHERE id = $2 RETURNING last_seq";

/// One event as stored: its sequence number, kind, topics and payload.
pub(crate) type StoredEvent = (i64, &'static str, String, String);

/// The stored rows of `kinds`, numbered up to `last`.
pub(crate) fn stored_rows(last: i64, kinds: &[EventKind]) -> Result<Vec<StoredEvent>, sqlx::Error> {
    let n = kinds.len() as i64;
    kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let (topics, payload) = encode(kind)?;
            Ok((last - n + 1 + i as i64, kind.name(), topics, payload))
        })
        .collect()
}

/// The events `rows` stored, as the hub sends them.
pub(crate) fn numbered(rows: &[StoredEvent], kinds: Vec<EventKind>, at: i64) -> Vec<Event> {
    rows.iter()
        .zip(kinds)
        .map(|((seq, ..), kind)| Event {
            seq: *seq,
            at,
            kind,
        })
        .collect()
}

/// The stored form of an event: its topics (for people reading the table) and payload.
pub fn encode(kind: &EventKind) -> Result<(String, String), sqlx::Error> {
    let topics = kind
        .topics()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    let payload = serde_json::to_string(kind).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    Ok((topics, payload))
}

#[derive(sqlx::FromRow)]
struct EventRow {
    seq: i64,
    payload: String,
    created_at: i64,
}

impl Storage {
    /// Events with a sequence number above `after`, oldest first, at most `limit`.
    #[tracing::instrument(skip(self), err)]
    pub async fn events_after(&self, after: i64, limit: i64) -> StorageResult<Vec<Event>> {
        let sql = "SELECT seq, payload, created_at FROM events WHERE workspace_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";
        let rows: Vec<EventRow> = read!(self, p => sqlx::query_as(sql).bind(WORKSPACE_ID).bind(after).bind(limit).fetch_all(p).await)?;
        rows.into_iter()
            .map(|r| {
                let kind: EventKind = serde_json::from_str(&r.payload)?;
                Ok(Event {
                    seq: r.seq,
                    at: r.created_at,
                    kind,
                })
            })
            .collect::<Result<_, StorageError>>()
    }

    /// The newest sequence number handed out.
    #[tracing::instrument(skip(self), err)]
    pub async fn last_seq(&self) -> StorageResult<i64> {
        let sql = "SELECT last_seq FROM workspaces WHERE id = $1";
        let (n,): (i64,) =
            read!(self, p => sqlx::query_as(sql).bind(WORKSPACE_ID).fetch_one(p).await)?;
        Ok(n)
    }

    /// The oldest sequence number still stored (events before it were pruned), if any.
    #[tracing::instrument(skip(self), err)]
    pub async fn oldest_seq(&self) -> StorageResult<Option<i64>> {
        let sql = "SELECT MIN(seq) FROM events WHERE workspace_id = $1";
        let (n,): (Option<i64>,) =
            read!(self, p => sqlx::query_as(sql).bind(WORKSPACE_ID).fetch_one(p).await)?;
        Ok(n)
    }
}
