//! Merging a case into another of the same customer: the timeline moves to
//! the case kept, the merged case is closed with a link to it, in one
//! transaction with its timeline notes, audit entry and events.

use super::audit::{audit_on, AuditEntry};
use super::case_edit::{case_for_editor_on, Editor};
use super::cases::{CaseRow, SUMMARY_SELECT};
use super::events::append_events;
use super::sla::{clocks_after_entry_on, system_entry_on};
use super::{write, Storage, StorageError, StorageResult};
use crate::domain::merge::merge_refusal;
use crate::domain::{CaseId, CaseStatus, CaseSummary, EntryKind, Event, EventKind};

impl Storage {
    /// Merges `source` into `target`: every timeline entry of `source` moves to
    /// `target`, `source` is closed with `merged_into` set. Refused at the
    /// `into` field (nothing changed) by [`merge_refusal`]; a case outside the
    /// editor's queues is not found.
    // Refusals are the person's mistakes, not failures: logged at info.
    #[tracing::instrument(skip(self, by), err(level = "info"))]
    pub async fn merge_cases(
        &self,
        source: CaseId,
        target: CaseId,
        by: Editor<'_>,
    ) -> StorageResult<(CaseSummary, Vec<Event>)> {
        let now = self.now();
        let sla = self.sla_config().await?;
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        write!(self, p => {
            let mut tx = p.begin().await?;
            let mut cases = Vec::new();
            for id in [source, target] {
                cases.push(case_for_editor_on!(tx, &summary_sql, id, by));
            }
            let (from, into) = (&cases[0], &cases[1]);
            if let Some(reason) = merge_refusal(from, into) {
                return Err(StorageError::Field { field: "into", reason });
            }
            // A client id is unique per case: the few that would collide lose it
            // (retries of those old messages are long over).
            sqlx::query(
                "UPDATE timeline_entries SET client_id = NULL WHERE case_id = $1 AND client_id IN \
                 (SELECT client_id FROM timeline_entries WHERE case_id = $2 AND client_id IS NOT NULL)")
                .bind(source.0).bind(target.0).execute(&mut *tx).await?;
            let moved = sqlx::query("UPDATE timeline_entries SET case_id = $1 WHERE case_id = $2")
                .bind(target.0).bind(source.0).execute(&mut *tx).await?.rows_affected();
            sqlx::query(
                "UPDATE cases SET status = 'closed', merged_into = $1, updated_at = $2, snoozed_until = NULL, \
                 reminded_at = NULL, status_since = CASE WHEN status = 'closed' THEN status_since ELSE $2 END \
                 WHERE id = $3")
                .bind(target.0).bind(now).bind(source.0).execute(&mut *tx).await?;
            clocks_after_entry_on!(tx, source, EntryKind::SystemEvent, CaseStatus::Closed, now, &sla);
            sqlx::query("UPDATE cases SET updated_at = $1 WHERE id = $2")
                .bind(now).bind(target.0).execute(&mut *tx).await?;
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(source.0).fetch_one(&mut *tx).await?;
            let merged = CaseSummary::try_from(row)?;
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(target.0).fetch_one(&mut *tx).await?;
            let kept = CaseSummary::try_from(row)?;
            let target_note = format!(
                "{} merged #{source} \u{201c}{}\u{201d} into this case: its {moved} timeline entries now appear here in time order.",
                by.name, merged.subject
            );
            let source_note = format!("{} merged this case into #{target}; its conversation continues there.", by.name);
            let audit_target = format!("case:{source}");
            audit_on!(tx, &AuditEntry {
                actor: Some(by.id),
                actor_label: by.email,
                action: "case_merged",
                target: &audit_target,
                detail: &format!("into case:{target}"),
                client_addr: "",
            }, now);
            let kinds = vec![
                system_entry_on!(tx, &kept, target_note, now),
                system_entry_on!(tx, &merged, source_note, now),
                EventKind::CaseUpdated { case: kept },
                EventKind::CaseMerged { case: merged.clone(), into: target },
            ];
            let events = append_events!(tx, kinds);
            tx.commit().await?;
            Ok((merged, events))
        })
    }
}
