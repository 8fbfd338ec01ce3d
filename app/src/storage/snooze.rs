//! Snoozing: a case set aside as pending until a time (its clocks paused, the
//! pending reminders and auto-solve held off), and the scheduler's job that
//! brings it back open when the time comes, exactly once across nodes.

use super::audit::{audit_on, AuditEntry};
use super::automation::AutomationReport;
use super::case_edit::{case_for_editor_on, Editor};
use super::cases::{CaseRow, SUMMARY_SELECT};
use super::events::append_events;
use super::sla::{clocks_after_entry_on, system_entry_on};
use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::snooze::check_snooze;
use crate::domain::{CaseId, CaseStatus, CaseSummary, EntryKind, Event, EventKind};
use crate::ui::common::time::local_time;

impl Storage {
    /// Snoozes a case until `until`: pending now, open again then. Refused
    /// (nothing changed) for a time not ahead, or a solved or closed case.
    // Refusals are the person's mistakes, not failures: logged at info.
    #[tracing::instrument(skip(self, by), err(level = "info"))]
    pub async fn snooze_case(
        &self,
        case: CaseId,
        until: i64,
        by: Editor<'_>,
    ) -> StorageResult<(CaseSummary, Vec<Event>)> {
        let now = self.now();
        check_snooze(until, now).map_err(|reason| StorageError::Field {
            field: "until",
            reason,
        })?;
        let sla = self.sla_config().await?;
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        write!(self, p => {
            let mut tx = p.begin().await?;
            let before = case_for_editor_on!(tx, &summary_sql, case, by);
            if !before.status.is_open() {
                return Err(StorageError::Field {
                    field: "until",
                    reason: format!("The case is {}: reopen it before snoozing.", before.status.as_str()),
                });
            }
            sqlx::query(
                "UPDATE cases SET status = 'pending', snoozed_until = $1, updated_at = $2, reminded_at = NULL, \
                 status_since = CASE WHEN status = 'pending' THEN status_since ELSE $2 END WHERE id = $3")
                .bind(until).bind(now).bind(case.0).execute(&mut *tx).await?;
            clocks_after_entry_on!(tx, case, EntryKind::SystemEvent, CaseStatus::Pending, now, &sla);
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(case.0).fetch_one(&mut *tx).await?;
            let after = CaseSummary::try_from(row)?;
            let when = local_time(until);
            let note = format!("{} snoozed the case until {when}: it waits as pending and comes back open then.", by.name);
            let target = format!("case:{case}");
            audit_on!(tx, &AuditEntry {
                actor: Some(by.id),
                actor_label: by.email,
                action: "case_snoozed",
                target: &target,
                detail: &format!("until {when}"),
                client_addr: "",
            }, now);
            let kinds = vec![
                system_entry_on!(tx, &after, note, now),
                EventKind::CaseUpdated { case: after.clone() },
            ];
            let events = append_events!(tx, kinds);
            tx.commit().await?;
            Ok((after, events))
        })
    }

    /// Brings back open every snoozed case whose time has come (found through
    /// the partial index `cases_snoozed_until`), each claimed with a
    /// compare-and-set so that two nodes wake it once.
    pub(crate) async fn wake_snoozed(
        &self,
        now: i64,
        limit: i64,
        report: &mut AutomationReport,
    ) -> StorageResult<()> {
        let due: Vec<(i64,)> = read!(self, p => sqlx::query_as(
            "SELECT id FROM cases WHERE snoozed_until IS NOT NULL AND snoozed_until <= $1 \
             ORDER BY snoozed_until LIMIT $2")
            .bind(now).bind(limit).fetch_all(p).await)?;
        for (id,) in due {
            let events = self.wake_one(CaseId(id), now).await?;
            if !events.is_empty() {
                report.woken.push(CaseId(id));
                report.events.extend(events);
            }
        }
        Ok(())
    }

    async fn wake_one(&self, case: CaseId, now: i64) -> StorageResult<Vec<Event>> {
        let sla = self.sla_config().await?;
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        write!(self, p => {
            let mut tx = p.begin().await?;
            let claimed = sqlx::query(
                "UPDATE cases SET status = 'open', snoozed_until = NULL, status_since = $1, updated_at = $1, \
                 reminded_at = NULL WHERE id = $2 AND status = 'pending' AND snoozed_until <= $1")
                .bind(now).bind(case.0).execute(&mut *tx).await?.rows_affected();
            if claimed != 1 {
                // Another node woke it, or its status changed meanwhile (which
                // clears the snooze; this only tidies a leftover).
                sqlx::query("UPDATE cases SET snoozed_until = NULL WHERE id = $1 AND status <> 'pending' AND snoozed_until <= $2")
                    .bind(case.0).bind(now).execute(&mut *tx).await?;
                tx.commit().await?;
                return Ok::<_, StorageError>(Vec::new());
            }
            clocks_after_entry_on!(tx, case, EntryKind::SystemEvent, CaseStatus::Open, now, &sla);
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(case.0).fetch_one(&mut *tx).await?;
            let after = CaseSummary::try_from(row)?;
            let whom = after
                .assignee_name
                .as_deref()
                .map(|n| format!("Reminder for {n}: "))
                .unwrap_or_default();
            let note = format!("{whom}the snooze ended and the case is open again.");
            let kinds = vec![
                system_entry_on!(tx, &after, note, now),
                EventKind::CaseUpdated { case: after },
            ];
            let events = append_events!(tx, kinds);
            tx.commit().await?;
            Ok(events)
        })
    }
}
