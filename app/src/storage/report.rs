//! The supervisor's metrics for a range: a handful of grouped reads over the
//! cases created in it (the index on `cases.created_at` bounds each), summed
//! per bucket so that the whole range's means are exact, not means of means.

use super::{read, Storage, StorageResult};
use crate::domain::report::{Compliance, Count, Point, Report, ReportQuery, Share};
use crate::domain::Priority;

/// The cases of a report: created in `[$1, $2)`, of queue `$3` and channel
/// `$4` when given.
const IN_RANGE: &str = "c.created_at >= $1 AND c.created_at < $2 \
    AND ($3 IS NULL OR c.queue_id = $3) AND ($4 IS NULL OR c.channel = $4)";

/// Sums and counts of one bucket, as read.
type BucketRow = (
    i64,
    i64,
    Option<i64>,
    i64,
    Option<i64>,
    i64,
    Option<i64>,
    i64,
    Option<i64>,
    i64,
);

/// `sql` as a query with the range's four parameters ([`IN_RANGE`]) bound.
macro_rules! in_range {
    ($sql:expr, $q:expr) => {
        sqlx::query_as($sql)
            .bind($q.from)
            .bind($q.to)
            .bind($q.queue.map(|x| x.0))
            .bind($q.channel.map(|c| c.as_str()))
    };
}

fn mean(sum: Option<i64>, n: i64) -> Option<i64> {
    sum.filter(|_| n > 0).map(|s| s / n)
}

impl Storage {
    /// Every figure of the supervisor's metrics for `q` (already normalised).
    #[tracing::instrument(skip(self), err)]
    pub async fn report(&self, q: &ReportQuery) -> StorageResult<Report> {
        let buckets_sql = format!(
            "SELECT (c.created_at - $1) / $5, COUNT(*), \
             CAST(SUM(f.met_at - c.created_at) AS BIGINT), COUNT(f.met_at), \
             CAST(SUM(r.met_at - c.created_at) AS BIGINT), COUNT(r.met_at), \
             CAST(SUM(r.met_at - f.met_at) AS BIGINT), COUNT(r.met_at - f.met_at), \
             CAST(SUM(c.csat) AS BIGINT), COUNT(c.csat) \
             FROM cases c \
             LEFT JOIN sla_clocks f ON f.case_id = c.id AND f.kind = 'first_response' \
             LEFT JOIN sla_clocks r ON r.case_id = c.id AND r.kind = 'resolution' \
             WHERE {IN_RANGE} GROUP BY 1 ORDER BY 1"
        );
        let rows: Vec<BucketRow> =
            read!(self, p => in_range!(&buckets_sql, q).bind(q.bucket.ms()).fetch_all(p).await)?;
        let mut points: Vec<Point> = (0..q.points())
            .map(|i| Point {
                start: q.from + i as i64 * q.bucket.ms(),
                ..Default::default()
            })
            .collect();
        let mut totals = [0i64; 9];
        let mut sums = [None::<i64>; 4];
        for (b, volume, fr, fr_n, res, res_n, handle, handle_n, csat, csat_n) in rows {
            if let Some(p) = points.get_mut(b as usize) {
                p.volume = volume;
                p.first_response_ms = mean(fr, fr_n);
                p.resolution_ms = mean(res, res_n);
                p.csat = csat
                    .filter(|_| csat_n > 0)
                    .map(|s| s as f64 / csat_n as f64);
            }
            totals[0] += volume;
            for (i, (s, n)) in [(fr, fr_n), (res, res_n), (handle, handle_n), (csat, csat_n)]
                .into_iter()
                .enumerate()
            {
                if let Some(s) = s {
                    sums[i] = Some(sums[i].unwrap_or(0) + s);
                }
                totals[1 + i] += n;
            }
        }

        let by_queue = self
            .counts(
                &format!(
                    "SELECT q.name, COUNT(*) FROM cases c JOIN queues q ON q.id = c.queue_id \
                 WHERE {IN_RANGE} GROUP BY q.name ORDER BY 2 DESC, 1"
                ),
                q,
            )
            .await?;
        let by_channel = self
            .counts(&format!(
                "SELECT c.channel, COUNT(*) FROM cases c WHERE {IN_RANGE} GROUP BY c.channel ORDER BY 2 DESC, 1"
            ), q)
            .await?;
        let breaches_by_priority = self
            .counts(
                &format!(
                "SELECT b.priority, COUNT(*) FROM sla_breaches b JOIN cases c ON c.id = b.case_id \
                 WHERE {IN_RANGE} GROUP BY b.priority ORDER BY 1"
            ),
                q,
            )
            .await?;
        let breaches_by_agent = self
            .counts(
                &format!(
                    "SELECT COALESCE(u.name, 'Unassigned'), COUNT(*) FROM sla_breaches b \
                 JOIN cases c ON c.id = b.case_id LEFT JOIN users u ON u.id = b.assignee_id \
                 WHERE {IN_RANGE} GROUP BY COALESCE(u.name, 'Unassigned') ORDER BY 2 DESC, 1"
                ),
                q,
            )
            .await?;

        // Solved cases and those of them answered with one agent reply.
        let fcr_sql = format!(
            "SELECT COUNT(*), COUNT(CASE WHEN (SELECT COUNT(*) FROM timeline_entries e \
               WHERE e.case_id = c.id AND e.kind = 'agent_reply') = 1 THEN 1 END) \
             FROM cases c JOIN sla_clocks r ON r.case_id = c.id AND r.kind = 'resolution' \
             WHERE r.met_at IS NOT NULL AND {IN_RANGE}"
        );
        let (solved, one_reply): (i64, i64) =
            read!(self, p => in_range!(&fcr_sql, q).fetch_one(p).await)?;

        // Each SLA target that ended: met in time, or breached (in any round).
        let compliance_sql = format!(
            "SELECT c.priority, \
             COUNT(CASE WHEN k.met_at IS NOT NULL AND b.case_id IS NULL THEN 1 END), \
             COUNT(CASE WHEN k.met_at IS NOT NULL OR b.case_id IS NOT NULL THEN 1 END) \
             FROM cases c JOIN sla_clocks k ON k.case_id = c.id \
             LEFT JOIN (SELECT DISTINCT case_id, kind FROM sla_breaches) b \
               ON b.case_id = k.case_id AND b.kind = k.kind \
             WHERE {IN_RANGE} GROUP BY c.priority"
        );
        let rows: Vec<(String, i64, i64)> =
            read!(self, p => in_range!(&compliance_sql, q).fetch_all(p).await)?;
        let compliance = Priority::ALL
            .iter()
            .map(|&priority| {
                let (part, whole) = rows
                    .iter()
                    .find(|r| r.0 == priority.as_str())
                    .map_or((0, 0), |r| (r.1, r.2));
                Compliance {
                    priority,
                    within: Share { part, whole },
                    goal: Compliance::goal_for(priority),
                }
            })
            .collect();

        let escalated_sql = format!(
            "SELECT COUNT(DISTINCT e.case_id) FROM case_escalations e JOIN cases c ON c.id = e.case_id \
             WHERE {IN_RANGE}"
        );
        let (escalated,): (i64,) =
            read!(self, p => in_range!(&escalated_sql, q).fetch_one(p).await)?;

        let triage_sql = format!(
            "SELECT COUNT(CASE WHEN NOT t.corrected THEN 1 END), COUNT(*) FROM case_triage t \
             JOIN cases c ON c.id = t.case_id WHERE t.ruled AND {IN_RANGE}"
        );
        let (kept, triaged): (i64, i64) =
            read!(self, p => in_range!(&triage_sql, q).fetch_one(p).await)?;

        // Self-service happens before there is a case: the range alone counts.
        let (deflected,): (i64,) = read!(self, p => sqlx::query_as(
            "SELECT COUNT(*) FROM kb_deflections WHERE at >= $1 AND at < $2")
            .bind(q.from).bind(q.to).fetch_one(p).await)?;
        let (handed_off,): (i64,) = read!(self, p => sqlx::query_as(
            "SELECT COUNT(*) FROM visitor_handoffs h JOIN cases c ON c.id = h.case_id \
             WHERE c.created_at >= $1 AND c.created_at < $2")
            .bind(q.from).bind(q.to).fetch_one(p).await)?;

        let volume = totals[0];
        Ok(Report {
            query: q.clone(),
            points,
            volume,
            by_queue,
            by_channel,
            first_response_ms: mean(sums[0], totals[1]),
            resolution_ms: mean(sums[1], totals[2]),
            handle_ms: mean(sums[2], totals[3]),
            first_contact: Share {
                part: one_reply,
                whole: solved,
            },
            csat: sums[3]
                .filter(|_| totals[4] > 0)
                .map(|s| s as f64 / totals[4] as f64),
            csat_count: totals[4],
            compliance,
            breaches_by_priority,
            breaches_by_agent,
            escalation: Share {
                part: escalated,
                whole: volume,
            },
            deflection: Share {
                part: deflected,
                whole: deflected + handed_off,
            },
            triage: Share {
                part: kept,
                whole: triaged,
            },
        })
    }

    /// Named counts over the cases of `q`.
    async fn counts(&self, sql: &str, q: &ReportQuery) -> StorageResult<Vec<Count>> {
        let rows: Vec<(String, i64)> = read!(self, p => in_range!(sql, q).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(name, count)| Count { name, count })
            .collect())
    }
}
