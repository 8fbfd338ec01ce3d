//! What the supervisor board reads beyond its live tally (queues, agents and
//! today's figures), the supervisor's changes to an agent, and the alerts.

use super::events::{append_events, WORKSPACE_ID};
use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::alert::{Alert, AlertKind, Handled, ALERT_WINDOW_MS};
use crate::domain::board::{AgentChange, BoardAgent, OpenCase};
use crate::domain::metrics::start_of_day;
use crate::domain::{CaseId, CaseStatus, Event, EventKind, Presence, QueueId, SlaState, UserId};

const HOUR_MS: i64 = 3_600_000;
/// How far back a queue's mean handle time looks.
const HANDLE_WINDOW_MS: i64 = 7 * 24 * HOUR_MS;

/// A queue's figures read from storage (the tally holds the rest).
#[derive(Debug, Clone, PartialEq)]
pub struct QueueFacts {
    pub id: QueueId,
    pub name: String,
    pub arrivals_last_hour: i64,
    pub handle_ms: Option<i64>,
}

/// Mean handle time: from the first response to the solve, over cases solved
/// since `$2` (as the agent's own metrics count it), grouped by `$1`.
macro_rules! handled_sql {
    ($group:literal) => {
        concat!(
            "SELECT c.",
            $group,
            ", COUNT(*), CAST(AVG(r.met_at - f.met_at) AS BIGINT), \
             AVG(CAST(c.csat AS DOUBLE PRECISION)) \
             FROM cases c JOIN sla_clocks r ON r.case_id = c.id AND r.kind = 'resolution' \
             LEFT JOIN sla_clocks f ON f.case_id = c.id AND f.kind = 'first_response' \
             WHERE c.",
            $group,
            " IS NOT NULL AND c.status IN ('solved', 'closed') AND r.met_at >= $1 GROUP BY c.",
            $group
        )
    };
}

type Handling = (i64, i64, Option<i64>, Option<f64>);

impl Storage {
    /// Every open case as the board counts it.
    pub async fn open_board_cases(&self) -> StorageResult<Vec<OpenCase>> {
        type Row = (
            i64,
            i64,
            Option<i64>,
            String,
            i64,
            Option<i64>,
            Option<f64>,
            bool,
        );
        let sql = format!(
            "SELECT c.id, c.queue_id, c.assignee_id, c.status, c.created_at, {}, c.sentiment, \
             c.sentiment_negative FROM cases c WHERE c.status NOT IN ('solved', 'closed')",
            super::cases::SLA_LEVEL_SQL
        );
        let rows: Vec<Row> = read!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?;
        rows.into_iter()
            .map(
                |(id, queue, assignee, status, created_at, level, sentiment, negative)| {
                    Ok(OpenCase {
                        id: CaseId(id),
                        queue: QueueId(queue),
                        assignee: assignee.map(UserId),
                        status: CaseStatus::parse(&status).ok_or_else(|| {
                            StorageError::Other(format!("case {id}: bad status {status:?}").into())
                        })?,
                        created_at,
                        sla: level.map(SlaState::from_level),
                        negative: sentiment.is_some() && negative,
                    })
                },
            )
            .collect()
    }

    /// Every queue with its arrivals in the hour before `now` and its mean
    /// handle time over the week before.
    pub async fn board_queues(&self, now: i64) -> StorageResult<Vec<QueueFacts>> {
        let queues = self.queues().await?;
        let arrivals: Vec<(i64, i64)> = read!(self, p => sqlx::query_as(
            "SELECT queue_id, COUNT(*) FROM cases WHERE created_at >= $1 AND created_at <= $2 GROUP BY queue_id")
            .bind(now - HOUR_MS).bind(now).fetch_all(p).await)?;
        let handling: Vec<Handling> = read!(self, p => sqlx::query_as(handled_sql!("queue_id"))
            .bind(now - HANDLE_WINDOW_MS).fetch_all(p).await)?;
        Ok(queues
            .into_iter()
            .map(|q| QueueFacts {
                arrivals_last_hour: arrivals
                    .iter()
                    .find(|(id, _)| *id == q.id.0)
                    .map_or(0, |(_, n)| *n),
                handle_ms: handling
                    .iter()
                    .find(|(id, ..)| *id == q.id.0)
                    .and_then(|(_, _, ms, _)| *ms),
                id: q.id,
                name: q.name,
            })
            .collect())
    }

    /// Every active agent with today's figures (the load comes from the tally).
    pub async fn board_agents(&self, now: i64) -> StorageResult<Vec<BoardAgent>> {
        let rows: Vec<(i64, String, String, bool, i64)> = read!(self, p => sqlx::query_as(
            "SELECT id, name, presence, routing_paused, capacity FROM users \
             WHERE active AND role = 'agent' ORDER BY name").fetch_all(p).await)?;
        let members: Vec<(i64, i64)> = read!(self, p => sqlx::query_as(
            "SELECT user_id, queue_id FROM queue_members ORDER BY queue_id").fetch_all(p).await)?;
        let today: Vec<Handling> = read!(self, p => sqlx::query_as(handled_sql!("assignee_id"))
            .bind(start_of_day(now)).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, name, presence, routing_paused, capacity)| {
                let mine = today.iter().find(|(a, ..)| *a == id);
                BoardAgent {
                    id: UserId(id),
                    name,
                    presence: Presence::parse(&presence).unwrap_or(Presence::Offline),
                    routing_paused,
                    capacity,
                    load: 0,
                    queues: members
                        .iter()
                        .filter(|(u, _)| *u == id)
                        .map(|(_, q)| QueueId(*q))
                        .collect(),
                    handled_today: mine.map_or(0, |m| m.1),
                    handle_ms: mine.and_then(|m| m.2),
                    csat: mine.and_then(|m| m.3),
                }
            })
            .collect())
    }

    /// Changes an agent's presence and routing; evaluates to the event that
    /// tells the agent and every supervisor. Refuses anyone but an active agent.
    pub async fn change_agent(
        &self,
        agent: UserId,
        change: AgentChange,
    ) -> StorageResult<Vec<Event>> {
        let now = self.now();
        write!(self, p => {
            let mut tx = p.begin().await?;
            let row: Option<(String, String, bool)> = sqlx::query_as(
                "SELECT name, presence, routing_paused FROM users WHERE id = $1 AND active AND role = 'agent'")
                .bind(agent.0).fetch_optional(&mut *tx).await?;
            let (name, before, paused_before) = row.ok_or(StorageError::NotFound)?;
            let presence = change
                .presence
                .or_else(|| Presence::parse(&before))
                .unwrap_or(Presence::Offline);
            let routing_paused = change.routing_paused.unwrap_or(paused_before);
            sqlx::query(
                "UPDATE users SET presence = $1, routing_paused = $2, \
                 presence_since = CASE WHEN presence = $1 THEN presence_since ELSE $3 END WHERE id = $4")
                .bind(presence.as_str()).bind(routing_paused).bind(now).bind(agent.0)
                .execute(&mut *tx).await?;
            let events = append_events!(tx, vec![EventKind::AgentUpdated {
                agent_id: agent,
                name,
                presence,
                routing_paused,
            }]);
            tx.commit().await?;
            Ok(events)
        })
    }

    /// Alerts of the day before `now`, newest first, at most `limit`.
    pub async fn alerts(&self, now: i64, limit: i64) -> StorageResult<Vec<Alert>> {
        type Row = (i64, String, i64, Option<i64>, Option<String>, Option<i64>);
        let kinds = AlertKind::EVENT_KINDS;
        let rows: Vec<Row> = read!(self, p => sqlx::query_as(
            "SELECT e.seq, e.payload, e.created_at, m.handled_by, m.handled_by_name, m.handled_at \
             FROM events e LEFT JOIN alert_marks m ON m.seq = e.seq \
             WHERE e.workspace_id = $8 AND e.kind IN ($1, $2, $3, $4, $5) AND e.created_at >= $6 \
             ORDER BY e.seq DESC LIMIT $7")
            .bind(kinds[0]).bind(kinds[1]).bind(kinds[2]).bind(kinds[3]).bind(kinds[4])
            .bind(now - ALERT_WINDOW_MS).bind(limit).bind(WORKSPACE_ID).fetch_all(p).await)?;
        let mut out = Vec::with_capacity(rows.len());
        for (seq, payload, at, by, by_name, handled_at) in rows {
            let kind: EventKind = serde_json::from_str(&payload)?;
            if let Some(mut alert) = Alert::of(&Event { seq, at, kind }) {
                alert.handled =
                    by.zip(by_name)
                        .zip(handled_at)
                        .map(|((by, by_name), at)| Handled {
                            by: UserId(by),
                            by_name,
                            at,
                        });
                out.push(alert);
            }
        }
        Ok(out)
    }

    /// Marks the alert of event `seq` handled by `by` (or, with `None`, not
    /// handled); evaluates to the event telling every supervisor. An event
    /// that raised no alert is not found.
    pub async fn mark_alert(
        &self,
        seq: i64,
        by: Option<(UserId, &str)>,
    ) -> StorageResult<Vec<Event>> {
        let now = self.now();
        write!(self, p => {
            let mut tx = p.begin().await?;
            let row: Option<(String, i64)> = sqlx::query_as(
                "SELECT payload, created_at FROM events WHERE workspace_id = $2 AND seq = $1")
                .bind(seq).bind(WORKSPACE_ID).fetch_optional(&mut *tx).await?;
            let (payload, at) = row.ok_or(StorageError::NotFound)?;
            let kind: EventKind = serde_json::from_str(&payload)?;
            if Alert::of(&Event { seq, at, kind }).is_none() {
                return Err(StorageError::NotFound);
            }
            sqlx::query("DELETE FROM alert_marks WHERE seq = $1").bind(seq).execute(&mut *tx).await?;
            let handled = match by {
                Some((id, name)) => {
                    sqlx::query(
                        "INSERT INTO alert_marks (seq, handled_by, handled_by_name, handled_at) VALUES ($1, $2, $3, $4)")
                        .bind(seq).bind(id.0).bind(name).bind(now).execute(&mut *tx).await?;
                    Some(Handled { by: id, by_name: name.to_string(), at: now })
                }
                None => None,
            };
            let events = append_events!(tx, vec![EventKind::AlertHandled { seq, handled }]);
            tx.commit().await?;
            Ok(events)
        })
    }
}
