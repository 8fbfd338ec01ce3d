//! Automation in storage: the settings, and the scheduler's pass that closes
//! solved cases, reminds and solves pending ones, and returns the open chats of
//! agents who went away to their queue.
//!
//! Every job finds its cases through an index (`cases_solved_since`,
//! `cases_pending_since`, agents by presence) and claims each case with a
//! compare-and-set in the transaction that acts on it, so the pass may run on
//! every node at once and each case is acted on exactly once.

use std::sync::Arc;

use super::cases::{CaseRow, SUMMARY_SELECT};
use super::events::append_events;
use super::sla::{clocks_after_entry_on, route_on, system_entry_on};
use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::{CaseId, CaseStatus, CaseSummary, EntryKind, Event, EventKind};
use crate::engine::automation::Automation;

/// What one automation pass did.
#[derive(Debug, Default)]
pub struct AutomationReport {
    pub closed: Vec<CaseId>,
    pub reminded: Vec<CaseId>,
    pub solved: Vec<CaseId>,
    pub rerouted: Vec<CaseId>,
    /// Snoozed cases whose time came: open again.
    pub woken: Vec<CaseId>,
    /// Committed events, for the hub.
    pub events: Vec<Event>,
}

impl AutomationReport {
    /// Cases acted on.
    pub fn acted(&self) -> usize {
        self.closed.len()
            + self.reminded.len()
            + self.solved.len()
            + self.rerouted.len()
            + self.woken.len()
    }
}

/// Whole hours (or minutes, under two hours) of a duration, for notes.
pub fn duration_words(ms: i64) -> String {
    let minutes = ms / 60_000;
    if minutes < 120 {
        format!("{minutes} minutes")
    } else if minutes % (24 * 60) == 0 && minutes >= 48 * 60 {
        format!("{} days", minutes / (24 * 60))
    } else {
        format!("{} hours", minutes / 60)
    }
}

impl Storage {
    /// The automation settings (cached for a moment; saving them clears the cache).
    pub async fn automation(&self) -> StorageResult<Arc<Automation>> {
        if let Some(a) = self.caches.automation.get() {
            return Ok(a);
        }
        let row: Option<(i64, i64, i64, i64, i64)> = read!(self, p => sqlx::query_as(
            "SELECT close_solved_after_ms, pending_remind_after_ms, pending_solve_after_ms, duplicate_window_ms, \
             reroute_grace_ms FROM automation_settings WHERE id = 1").fetch_optional(p).await)?;
        let a = Arc::new(match row {
            Some((close, remind, solve, dup, grace)) => Automation {
                close_solved_after_ms: close,
                pending_remind_after_ms: remind,
                pending_solve_after_ms: solve,
                duplicate_window_ms: dup,
                reroute_grace_ms: grace,
            },
            None => Automation::default(),
        });
        self.caches.automation.put(a.clone());
        Ok(a)
    }

    /// Saves the automation settings; refused (nothing saved) unless valid.
    pub async fn save_automation(&self, a: &Automation) -> StorageResult<()> {
        a.validate().map_err(|e| StorageError::Field {
            field: e.field,
            reason: e.reason,
        })?;
        write!(self, p => sqlx::query(
            "UPDATE automation_settings SET close_solved_after_ms = $1, pending_remind_after_ms = $2, \
             pending_solve_after_ms = $3, duplicate_window_ms = $4, reroute_grace_ms = $5 WHERE id = 1")
            .bind(a.close_solved_after_ms).bind(a.pending_remind_after_ms).bind(a.pending_solve_after_ms)
            .bind(a.duplicate_window_ms).bind(a.reroute_grace_ms).execute(p).await.map(|_| ()))?;
        self.caches.automation.clear();
        Ok(())
    }

    /// One automation pass at `now`, at most `limit` cases per job.
    pub async fn automation_pass(&self, now: i64, limit: i64) -> StorageResult<AutomationReport> {
        let a = self.automation().await?;
        let mut report = AutomationReport::default();
        self.close_solved(now, &a, limit, &mut report).await?;
        self.solve_pending(now, &a, limit, &mut report).await?;
        self.remind_pending(now, &a, limit, &mut report).await?;
        self.reroute_away(now, &a, limit, &mut report).await?;
        self.wake_snoozed(now, limit, &mut report).await?;
        Ok(report)
    }

    async fn close_solved(
        &self,
        now: i64,
        a: &Automation,
        limit: i64,
        report: &mut AutomationReport,
    ) -> StorageResult<()> {
        let note = format!(
            "Closed automatically {} after it was solved.",
            duration_words(a.close_solved_after_ms)
        );
        let cutoff = now - a.close_solved_after_ms;
        let (from, to) = (CaseStatus::Solved, CaseStatus::Closed);
        report.closed = self
            .move_stale(from, to, cutoff, now, limit, &note, &mut report.events)
            .await?;
        Ok(())
    }

    async fn solve_pending(
        &self,
        now: i64,
        a: &Automation,
        limit: i64,
        report: &mut AutomationReport,
    ) -> StorageResult<()> {
        let note = format!(
            "Solved automatically: no reply from the customer for {}.",
            duration_words(a.pending_solve_after_ms)
        );
        let cutoff = now - a.pending_solve_after_ms;
        let (from, to) = (CaseStatus::Pending, CaseStatus::Solved);
        report.solved = self
            .move_stale(from, to, cutoff, now, limit, &note, &mut report.events)
            .await?;
        Ok(())
    }

    /// Moves the cases in `from` since `cutoff` or earlier (found through the
    /// status's partial index on `status_since`) to `to`; answers the cases
    /// moved and adds their events to `events`.
    #[allow(clippy::too_many_arguments)]
    async fn move_stale(
        &self,
        from: CaseStatus,
        to: CaseStatus,
        cutoff: i64,
        now: i64,
        limit: i64,
        note: &str,
        events: &mut Vec<Event>,
    ) -> StorageResult<Vec<CaseId>> {
        // The status is written into the SQL, not bound: only a literal lets
        // SQLite use the partial index `cases_<status>_since`.
        let sql = format!(
            "SELECT id FROM cases WHERE status = '{}' AND status_since <= $1 AND snoozed_until IS NULL \
             ORDER BY status_since LIMIT $2",
            from.as_str()
        );
        let due: Vec<(i64,)> = read!(self, p => sqlx::query_as(&sql)
            .bind(cutoff).bind(limit).fetch_all(p).await)?;
        let mut moved = Vec::new();
        for (id,) in due {
            let committed = self.claim_status(id, from, to, cutoff, now, note).await?;
            if !committed.is_empty() {
                moved.push(CaseId(id));
                events.extend(committed);
            }
        }
        Ok(moved)
    }

    /// Moves a case from `from` to `to` if it is still in `from` since `cutoff`
    /// or earlier, with a timeline note and the clocks following; evaluates to
    /// the events (none when another pass got there first).
    async fn claim_status(
        &self,
        id: i64,
        from: CaseStatus,
        to: CaseStatus,
        cutoff: i64,
        now: i64,
        note: &str,
    ) -> StorageResult<Vec<Event>> {
        let sla = self.sla_config().await?;
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        write!(self, p => {
            let mut tx = p.begin().await?;
            let claimed = sqlx::query(
                "UPDATE cases SET status = $1, status_since = $2, updated_at = $2, reminded_at = NULL \
                 WHERE id = $3 AND status = $4 AND status_since <= $5 AND snoozed_until IS NULL")
                .bind(to.as_str()).bind(now).bind(id).bind(from.as_str()).bind(cutoff)
                .execute(&mut *tx).await?.rows_affected();
            if claimed != 1 {
                tx.commit().await?;
                return Ok(Vec::new());
            }
            clocks_after_entry_on!(tx, CaseId(id), EntryKind::SystemEvent, to, now, &sla);
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(id).fetch_one(&mut *tx).await?;
            let case = CaseSummary::try_from(row)?;
            let kinds = vec![
                system_entry_on!(tx, &case, note.to_string(), now),
                EventKind::CaseUpdated { case },
            ];
            let events = append_events!(tx, kinds);
            tx.commit().await?;
            Ok::<_, StorageError>(events)
        })
    }

    async fn remind_pending(
        &self,
        now: i64,
        a: &Automation,
        limit: i64,
        report: &mut AutomationReport,
    ) -> StorageResult<()> {
        let cutoff = now - a.pending_remind_after_ms;
        let due: Vec<(i64,)> = read!(self, p => sqlx::query_as(
            "SELECT id FROM cases WHERE status = 'pending' AND status_since <= $1 AND reminded_at IS NULL \
             AND snoozed_until IS NULL ORDER BY status_since LIMIT $2")
            .bind(cutoff).bind(limit).fetch_all(p).await)?;
        let left = duration_words(a.pending_solve_after_ms - a.pending_remind_after_ms);
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        for (id,) in due {
            let events = write!(self, p => {
                let mut tx = p.begin().await?;
                let claimed = sqlx::query(
                    "UPDATE cases SET reminded_at = $1, updated_at = $1 WHERE id = $2 AND status = 'pending' \
                     AND reminded_at IS NULL AND status_since <= $3 AND snoozed_until IS NULL")
                    .bind(now).bind(id).bind(cutoff).execute(&mut *tx).await?.rows_affected();
                if claimed != 1 {
                    tx.commit().await?;
                    Ok::<_, StorageError>(Vec::new())
                } else {
                    let row: CaseRow = sqlx::query_as(&summary_sql).bind(id).fetch_one(&mut *tx).await?;
                    let case = CaseSummary::try_from(row)?;
                    let first = crate::engine::template::first_name(&case.customer_name).to_string();
                    let body = format!(
                        "Hi {first}, we are still waiting for your reply about \u{201c}{}\u{201d}. \
                         If we do not hear from you within {left}, we will mark this case as solved; \
                         you can reopen it at any time by replying.",
                        case.subject
                    );
                    let (entry_id,): (i64,) = sqlx::query_as(
                        "INSERT INTO timeline_entries (case_id, kind, author_id, author_name, body, client_id, created_at) \
                         VALUES ($1, 'bot_message', NULL, 'Switchboard', $2, NULL, $3) RETURNING id")
                        .bind(id).bind(&body).bind(now).fetch_one(&mut *tx).await?;
                    let entry = crate::domain::TimelineEntry {
                        id: crate::domain::EntryId(entry_id),
                        case_id: case.id,
                        kind: EntryKind::BotMessage,
                        author_id: None,
                        author_name: "Switchboard".into(),
                        body,
                        client_id: None,
                        created_at: now,
                        sentiment: None,
                        attachments: Vec::new(),
                    };
                    let kinds = vec![EventKind::EntryAdded { queue_id: case.queue_id, entry }];
                    let events = append_events!(tx, kinds);
                    tx.commit().await?;
                    Ok(events)
                }
            })?;
            if !events.is_empty() {
                report.reminded.push(CaseId(id));
                report.events.extend(events);
            }
        }
        Ok(())
    }

    /// Open chats of agents away or offline for longer than the grace period go
    /// back to their queue and are routed again (to an online agent, if any).
    async fn reroute_away(
        &self,
        now: i64,
        a: &Automation,
        limit: i64,
        report: &mut AutomationReport,
    ) -> StorageResult<()> {
        let cutoff = now - a.reroute_grace_ms;
        // Agents first (a handful), then each one's open chats through the
        // partial index `cases_open_chats_by_assignee`: never a scan of cases.
        let away: Vec<(i64, String, String)> = read!(self, p => sqlx::query_as(
            "SELECT id, name, presence FROM users WHERE presence <> 'online' \
             AND presence_since IS NOT NULL AND presence_since <= $1 ORDER BY id")
            .bind(cutoff).fetch_all(p).await)?;
        let mut due: Vec<(i64, i64, String, String)> = Vec::new();
        for (agent, name, presence) in away {
            let left = limit - due.len() as i64;
            if left <= 0 {
                break;
            }
            let chats: Vec<(i64,)> = read!(self, p => sqlx::query_as(
                "SELECT id FROM cases WHERE assignee_id = $1 AND channel = 'chat' \
                 AND status IN ('new', 'open') ORDER BY id LIMIT $2")
                .bind(agent).bind(left).fetch_all(p).await)?;
            due.extend(
                chats
                    .into_iter()
                    .map(|(id,)| (id, agent, name.clone(), presence.clone())),
            );
        }
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        for (id, agent, name, presence) in due {
            let note = format!(
                "Returned to the queue: {name} has been {presence} for over {}.",
                duration_words(a.reroute_grace_ms)
            );
            let events = write!(self, p => {
                let mut tx = p.begin().await?;
                let claimed = sqlx::query(
                    "UPDATE cases SET assignee_id = NULL, updated_at = $1 WHERE id = $2 AND assignee_id = $3 \
                     AND status IN ('new', 'open') AND EXISTS (SELECT 1 FROM users u WHERE u.id = $3 \
                     AND u.presence <> 'online' AND u.presence_since <= $4)")
                    .bind(now).bind(id).bind(agent).bind(cutoff).execute(&mut *tx).await?.rows_affected();
                if claimed != 1 {
                    tx.commit().await?;
                    Ok::<_, StorageError>(Vec::new())
                } else {
                    let row: CaseRow = sqlx::query_as(&summary_sql).bind(id).fetch_one(&mut *tx).await?;
                    let mut case = CaseSummary::try_from(row)?;
                    let mut kinds = vec![system_entry_on!(tx, &case, note, now)];
                    let (lang,): (String,) = sqlx::query_as("SELECT language FROM customers WHERE id = $1")
                        .bind(case.customer_id.0).fetch_one(&mut *tx).await?;
                    if let Some((to, to_name)) = route_on!(tx, &case, Some(lang), now) {
                        case.assignee_id = Some(to);
                        case.assignee_name = Some(to_name.clone());
                        kinds.push(system_entry_on!(tx, &case, format!("Assigned to {to_name}."), now));
                    }
                    kinds.push(EventKind::CaseUpdated { case });
                    let events = append_events!(tx, kinds);
                    tx.commit().await?;
                    Ok(events)
                }
            })?;
            if !events.is_empty() {
                report.rerouted.push(CaseId(id));
                report.events.extend(events);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::duration_words;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_words(5 * 60_000), "5 minutes");
        assert_eq!(duration_words(24 * 3_600_000), "24 hours");
        assert_eq!(duration_words(72 * 3_600_000), "3 days");
        assert_eq!(duration_words(4 * 24 * 3_600_000), "4 days");
        assert_eq!(duration_words(30 * 3_600_000), "30 hours");
    }
}
