//! The figures behind an agent's personal metrics panel, read from the SLA
//! clocks (first response and resolution keep when they were met), the
//! breaches and the ratings.

use super::{read, Storage, StorageResult};
use crate::domain::metrics::{start_of_day, PersonalMetrics};
use crate::domain::UserId;

impl Storage {
    /// Today's figures for `agent` (see [`PersonalMetrics`] for each definition).
    pub async fn personal_metrics(&self, agent: UserId) -> StorageResult<PersonalMetrics> {
        let since = start_of_day(self.now());
        let handled_sql = "SELECT COUNT(*), CAST(AVG(r.met_at - f.met_at) AS BIGINT), \
            CAST(COUNT(*) - COUNT(b.case_id) AS BIGINT), \
            AVG(CAST(c.csat AS DOUBLE PRECISION)), COUNT(c.csat) \
            FROM cases c JOIN sla_clocks r ON r.case_id = c.id AND r.kind = 'resolution' \
            LEFT JOIN sla_clocks f ON f.case_id = c.id AND f.kind = 'first_response' \
            LEFT JOIN (SELECT DISTINCT case_id FROM sla_breaches) b ON b.case_id = c.id \
            WHERE c.assignee_id = $1 AND c.status IN ('solved', 'closed') AND r.met_at >= $2";
        let (handled, handle_ms, sla_met, csat_average, csat_count): (
            i64,
            Option<i64>,
            i64,
            Option<f64>,
            i64,
        ) = read!(self, p => sqlx::query_as(handled_sql).bind(agent.0).bind(since).fetch_one(p).await)?;
        let first_sql =
            "SELECT COUNT(*), CAST(AVG(f.met_at - c.created_at) AS BIGINT) FROM cases c \
            JOIN sla_clocks f ON f.case_id = c.id AND f.kind = 'first_response' \
            WHERE c.assignee_id = $1 AND f.met_at >= $2";
        let (first_responses, first_response_ms): (i64, Option<i64>) = read!(self, p => sqlx::query_as(first_sql).bind(agent.0).bind(since).fetch_one(p).await)?;
        Ok(PersonalMetrics {
            since,
            handled,
            first_responses,
            first_response_ms,
            handle_ms,
            csat_average,
            csat_count,
            sla_met,
        })
    }
}
