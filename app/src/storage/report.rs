//! The supervisor's metrics for a range, read from an hourly rollup: rows of
//! sums and counts per UTC hour of creation, queue and channel, so that the
//! whole range's means are exact, not means of means, and a report reads a
//! few thousand rows whatever the number of cases.
//!
//! Triggers (migration `report_rollup`) mark every case whose figures a write
//! changed. [`Storage::refresh_report`] takes marks, recomputes those cases'
//! rows (`report_cases`, from the view `report_case_facts`) and then the
//! hours they fall in from `report_cases`; a report does it for its own range
//! first, the scheduler for the rest, so every report is as exact as reading
//! the cases. Marks are taken in the transaction that writes the rows: on
//! PostgreSQL a writer that marked a case holds the mark's row lock until it
//! commits, so the refresh sees its change or the mark survives.

use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::report::{Compliance, Count, Point, Report, ReportQuery, Share, HOUR_MS};
use crate::domain::Priority;

/// Most marked cases recomputed in one transaction (the SQLite writer is held
/// meanwhile).
const CASES_PER_TRANSACTION: i64 = 500;

/// The columns of `report_cases`, as the view `report_case_facts` gives them.
const CASE_COLUMNS: &str = "case_id, hour, queue_id, channel, priority, first_response, \
    resolution, handle, csat, one_reply, escalated, triage_kept, triage_n, handed_off, \
    sla_within, sla_ended";

/// The rollup rows of a report: hours `[$1, $2)`, of queue `$3` and channel
/// `$4` when given.
const IN_RANGE: &str = "r.hour >= $1 AND r.hour < $2 \
    AND ($3 IS NULL OR r.queue_id = $3) AND ($4 IS NULL OR r.channel = $4)";

/// Recomputes hours `[$1, $2)` from the rows of their cases.
const ROLLUP_HOURS: &str = "INSERT INTO report_hours (hour, queue_id, channel, volume, \
    first_response_sum, first_response_n, resolution_sum, resolution_n, handle_sum, handle_n, \
    csat_sum, csat_n, one_reply, escalated, triage_kept, triage_n, handed_off) \
    SELECT hour, queue_id, channel, COUNT(*), \
    CAST(COALESCE(SUM(first_response), 0) AS BIGINT), COUNT(first_response), \
    CAST(COALESCE(SUM(resolution), 0) AS BIGINT), COUNT(resolution), \
    CAST(COALESCE(SUM(handle), 0) AS BIGINT), COUNT(handle), \
    CAST(COALESCE(SUM(csat), 0) AS BIGINT), COUNT(csat), \
    CAST(SUM(one_reply) AS BIGINT), CAST(SUM(escalated) AS BIGINT), \
    CAST(SUM(triage_kept) AS BIGINT), CAST(SUM(triage_n) AS BIGINT), \
    CAST(SUM(handed_off) AS BIGINT) \
    FROM report_cases WHERE hour >= $1 AND hour < $2 GROUP BY hour, queue_id, channel";

/// SLA targets that ended (met, or breached in any round), and those met in time.
const ROLLUP_SLA: &str =
    "INSERT INTO report_sla (hour, queue_id, channel, priority, within, ended) \
    SELECT hour, queue_id, channel, priority, CAST(SUM(sla_within) AS BIGINT), \
    CAST(SUM(sla_ended) AS BIGINT) \
    FROM report_cases WHERE hour >= $1 AND hour < $2 GROUP BY hour, queue_id, channel, priority";

const ROLLUP_BREACHES: &str = "INSERT INTO report_breaches \
    (hour, queue_id, channel, priority, assignee_id, n) \
    SELECT hour, queue_id, channel, priority, assignee_id, CAST(SUM(n) AS BIGINT) \
    FROM report_case_breaches WHERE hour >= $1 AND hour < $2 \
    GROUP BY hour, queue_id, channel, priority, assignee_id";

/// The breaches of the cases chosen by `{cases}`, by priority and assignee at the time.
const CASE_BREACHES: &str = "INSERT INTO report_case_breaches \
    (case_id, hour, queue_id, channel, priority, assignee_id, n) \
    SELECT c.id, c.created_at / 3600000, c.queue_id, c.channel, b.priority, \
    COALESCE(b.assignee_id, 0), COUNT(*) \
    FROM cases c JOIN sla_breaches b ON b.case_id = c.id WHERE {cases} \
    GROUP BY c.id, c.created_at / 3600000, c.queue_id, c.channel, b.priority, COALESCE(b.assignee_id, 0)";

/// Sums and counts of one bucket, as read.
type BucketRow = (
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

/// `sql` as a query with the range's four parameters ([`IN_RANGE`]) bound.
macro_rules! in_range {
    ($sql:expr, $q:expr) => {
        sqlx::query_as($sql)
            .bind($q.from / HOUR_MS)
            .bind($q.to / HOUR_MS)
            .bind($q.queue.map(|x| x.0))
            .bind($q.channel.map(|c| c.as_str()))
    };
}

/// Recomputes hours `[from, to)` of the rollup in `$tx` from `report_cases`.
macro_rules! rollup_hours_on {
    ($tx:expr, $from:expr, $to:expr) => {{
        let (from, to): (i64, i64) = ($from, $to);
        for table in ["report_hours", "report_sla", "report_breaches"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE hour >= $1 AND hour < $2"
            ))
            .bind(from)
            .bind(to)
            .execute(&mut *$tx)
            .await?;
        }
        for sql in [ROLLUP_HOURS, ROLLUP_SLA, ROLLUP_BREACHES] {
            sqlx::query(sql)
                .bind(from)
                .bind(to)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}

/// Runs `$sql` in `$tx` with `{cases}` replaced by a test of `c.id`/`case_id`
/// against the ids bound as `$1`, `$2`, ...
macro_rules! for_cases_on {
    ($tx:expr, $sql:expr, $column:expr, $ids:expr) => {{
        let ids: &[i64] = $ids;
        let list = (1..=ids.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = $sql.replace("{cases}", &format!("{} IN ({list})", $column));
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(*id);
        }
        q.execute(&mut *$tx).await?;
    }};
}

fn mean(sum: i64, n: i64) -> Option<i64> {
    (n > 0).then(|| sum / n)
}

/// Sorted hours as runs of consecutive hours `[from, to)`.
fn runs(hours: &[i64]) -> Vec<(i64, i64)> {
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for &h in hours {
        match runs.last_mut() {
            Some(run) if run.1 == h => run.1 = h + 1,
            _ => runs.push((h, h + 1)),
        }
    }
    runs
}

impl Storage {
    /// Recomputes the marked cases of the rollup whose hour of creation is in
    /// `[from, to)` (hours since the epoch; every marked case when `None`), at
    /// most `limit` of them, a few hundred per transaction, and the hours
    /// they fall in. Returns how many cases it recomputed.
    #[tracing::instrument(skip(self), err)]
    pub async fn refresh_report(
        &self,
        range: Option<(i64, i64)>,
        limit: i64,
    ) -> StorageResult<usize> {
        let (from, to) = range.unwrap_or((i64::MIN, i64::MAX));
        let mut done = 0i64;
        while done < limit {
            let take = (limit - done).min(CASES_PER_TRANSACTION);
            let taken = write!(self, p => {
                let mut tx = p.begin().await?;
                let taken: Vec<(i64, i64)> = sqlx::query_as(
                    "DELETE FROM report_stale WHERE case_id IN (SELECT case_id FROM report_stale \
                     WHERE hour >= $1 AND hour < $2 ORDER BY hour, case_id LIMIT $3) \
                     RETURNING case_id, hour")
                    .bind(from).bind(to).bind(take).fetch_all(&mut *tx).await?;
                let ids: Vec<i64> = taken.iter().map(|t| t.0).collect();
                if !ids.is_empty() {
                    for table in ["report_cases", "report_case_breaches"] {
                        for_cases_on!(tx, format!("DELETE FROM {table} WHERE {{cases}}"), "case_id", &ids);
                    }
                    for_cases_on!(tx, format!(
                        "INSERT INTO report_cases ({CASE_COLUMNS}) \
                         SELECT {CASE_COLUMNS} FROM report_case_facts WHERE {{cases}}"),
                        "case_id", &ids);
                    for_cases_on!(tx, CASE_BREACHES, "c.id", &ids);
                    let mut hours: Vec<i64> = taken.iter().map(|t| t.1).collect();
                    hours.sort_unstable();
                    hours.dedup();
                    for (from, to) in runs(&hours) {
                        rollup_hours_on!(tx, from, to);
                    }
                }
                tx.commit().await?;
                Ok::<_, StorageError>(ids.len() as i64)
            })?;
            done += taken;
            if taken < take {
                break;
            }
        }
        Ok(done as usize)
    }

    /// Throws the rollup away and recomputes it from every case, in one
    /// transaction (after a bulk import, or to check the rollup). Returns the
    /// number of cases.
    #[tracing::instrument(skip(self), err)]
    pub async fn rebuild_report(&self) -> StorageResult<usize> {
        write!(self, p => {
            let mut tx = p.begin().await?;
            for table in ["report_stale", "report_cases", "report_case_breaches"] {
                sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *tx).await?;
            }
            let cases = sqlx::query(&format!(
                "INSERT INTO report_cases ({CASE_COLUMNS}) SELECT {CASE_COLUMNS} FROM report_case_facts"))
                .execute(&mut *tx).await?.rows_affected();
            sqlx::query(&CASE_BREACHES.replace("{cases}", "TRUE")).execute(&mut *tx).await?;
            rollup_hours_on!(tx, i64::MIN, i64::MAX);
            tx.commit().await?;
            Ok::<_, StorageError>(cases as usize)
        })
    }

    /// Every figure of the supervisor's metrics for `q` (already normalised).
    #[tracing::instrument(skip(self), err)]
    pub async fn report(&self, q: &ReportQuery) -> StorageResult<Report> {
        self.refresh_report(Some((q.from / HOUR_MS, q.to / HOUR_MS)), i64::MAX)
            .await?;
        let buckets_sql = format!(
            "SELECT (r.hour - $1) / $5, CAST(SUM(r.volume) AS BIGINT), \
             CAST(SUM(r.first_response_sum) AS BIGINT), CAST(SUM(r.first_response_n) AS BIGINT), \
             CAST(SUM(r.resolution_sum) AS BIGINT), CAST(SUM(r.resolution_n) AS BIGINT), \
             CAST(SUM(r.handle_sum) AS BIGINT), CAST(SUM(r.handle_n) AS BIGINT), \
             CAST(SUM(r.csat_sum) AS BIGINT), CAST(SUM(r.csat_n) AS BIGINT), \
             CAST(SUM(r.one_reply) AS BIGINT), CAST(SUM(r.escalated) AS BIGINT), \
             CAST(SUM(r.triage_kept) AS BIGINT), CAST(SUM(r.triage_n) AS BIGINT) \
             FROM report_hours r WHERE {IN_RANGE} GROUP BY 1 ORDER BY 1"
        );
        let rows: Vec<BucketRow> = read!(self, p => in_range!(&buckets_sql, q)
            .bind(q.bucket.ms() / HOUR_MS).fetch_all(p).await)?;
        let mut points: Vec<Point> = (0..q.points())
            .map(|i| Point {
                start: q.from + i as i64 * q.bucket.ms(),
                ..Default::default()
            })
            .collect();
        // Sums over the range: volume, then sum and count of first response,
        // resolution, handle time and rating, then one-reply solves, escalated
        // cases, triage kept and triaged.
        let mut total = [0i64; 13];
        for row in rows {
            let (b, volume, fr, fr_n, res, res_n, handle, handle_n, csat, csat_n) = (
                row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9,
            );
            if let Some(p) = points.get_mut(b as usize) {
                p.volume = volume;
                p.first_response_ms = mean(fr, fr_n);
                p.resolution_ms = mean(res, res_n);
                p.csat = (csat_n > 0).then(|| csat as f64 / csat_n as f64);
            }
            let sums = [
                volume, fr, fr_n, res, res_n, handle, handle_n, csat, csat_n, row.10, row.11,
                row.12, row.13,
            ];
            for (t, s) in total.iter_mut().zip(sums) {
                *t += s;
            }
        }
        let [volume, fr, fr_n, res, res_n, handle, handle_n, csat, csat_n, one_reply, escalated, kept, triaged] =
            total;

        let by_queue = self
            .counts(
                &format!(
                    "SELECT q.name, CAST(SUM(r.volume) AS BIGINT) FROM report_hours r \
                     JOIN queues q ON q.id = r.queue_id \
                     WHERE {IN_RANGE} GROUP BY q.name ORDER BY 2 DESC, 1"
                ),
                q,
            )
            .await?;
        let by_channel = self
            .counts(
                &format!(
                    "SELECT r.channel, CAST(SUM(r.volume) AS BIGINT) FROM report_hours r \
                     WHERE {IN_RANGE} GROUP BY r.channel ORDER BY 2 DESC, 1"
                ),
                q,
            )
            .await?;
        let breaches_by_priority = self
            .counts(
                &format!(
                    "SELECT r.priority, CAST(SUM(r.n) AS BIGINT) FROM report_breaches r \
                     WHERE {IN_RANGE} GROUP BY r.priority ORDER BY 1"
                ),
                q,
            )
            .await?;
        let breaches_by_agent = self
            .counts(
                &format!(
                    "SELECT COALESCE(u.name, 'Unassigned'), CAST(SUM(r.n) AS BIGINT) \
                     FROM report_breaches r LEFT JOIN users u ON u.id = r.assignee_id \
                     WHERE {IN_RANGE} GROUP BY COALESCE(u.name, 'Unassigned') ORDER BY 2 DESC, 1"
                ),
                q,
            )
            .await?;

        let compliance_sql = format!(
            "SELECT r.priority, CAST(SUM(r.within) AS BIGINT), CAST(SUM(r.ended) AS BIGINT) \
             FROM report_sla r WHERE {IN_RANGE} GROUP BY r.priority"
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

        // Self-service happens before there is a case: the range alone counts,
        // whatever the queue and channel.
        let (deflected,): (i64,) = read!(self, p => sqlx::query_as(
            "SELECT COUNT(*) FROM kb_deflections WHERE at >= $1 AND at < $2")
            .bind(q.from).bind(q.to).fetch_one(p).await)?;
        let (handed_off,): (i64,) = read!(self, p => sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(handed_off), 0) AS BIGINT) FROM report_hours \
             WHERE hour >= $1 AND hour < $2")
            .bind(q.from / HOUR_MS).bind(q.to / HOUR_MS).fetch_one(p).await)?;

        Ok(Report {
            query: q.clone(),
            points,
            volume,
            by_queue,
            by_channel,
            first_response_ms: mean(fr, fr_n),
            resolution_ms: mean(res, res_n),
            handle_ms: mean(handle, handle_n),
            first_contact: Share {
                part: one_reply,
                whole: res_n,
            },
            csat: (csat_n > 0).then(|| csat as f64 / csat_n as f64),
            csat_count: csat_n,
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

    /// Named counts over the rollup rows of `q`.
    async fn counts(&self, sql: &str, q: &ReportQuery) -> StorageResult<Vec<Count>> {
        let rows: Vec<(String, i64)> = read!(self, p => in_range!(sql, q).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(name, count)| Count { name, count })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::runs;

    #[test]
    fn stale_hours_are_recomputed_in_runs_of_consecutive_hours() {
        assert_eq!(runs(&[]), vec![]);
        assert_eq!(runs(&[5]), vec![(5, 6)]);
        assert_eq!(runs(&[1, 2, 3, 7, 9, 10]), vec![(1, 4), (7, 8), (9, 11)]);
    }
}
