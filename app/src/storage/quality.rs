//! Quality checklists (per queue, ticked per case, required before solving)
//! and escalations with their reason.

use super::audit::{audit_on, AuditEntry};
use super::case_edit::Editor;
use super::cases::{CaseRow, SUMMARY_SELECT};
use super::events::append_events;
use super::sla::system_entry_on;
use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::quality::{escalation_reason, CaseCheck, Escalation, QueueChecklist};
use crate::domain::{CaseEdit, CaseId, CaseSummary, Event, EventKind, QueueId};

type CheckRow = (i64, String, Option<String>, Option<i64>);

const CHECKS_SQL: &str =
    "SELECT i.id, i.text, k.checked_by_name, k.checked_at FROM checklist_items i \
    JOIN cases c ON c.queue_id = i.queue_id AND c.id = $1 \
    LEFT JOIN case_checks k ON k.item_id = i.id AND k.case_id = c.id ORDER BY i.position, i.id";

fn checks(rows: Vec<CheckRow>) -> Vec<CaseCheck> {
    rows.into_iter()
        .map(|(item_id, text, checked_by_name, checked_at)| CaseCheck {
            item_id,
            text,
            checked_by_name,
            checked_at,
        })
        .collect()
}

/// The items of the case's checklist not ticked yet, in order.
macro_rules! unticked_on {
    ($tx:expr, $case:expr) => {{
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT i.text FROM checklist_items i JOIN cases c ON c.queue_id = i.queue_id AND c.id = $1 \
             WHERE NOT EXISTS (SELECT 1 FROM case_checks k WHERE k.item_id = i.id AND k.case_id = c.id) \
             ORDER BY i.position, i.id",
        )
        .bind($case)
        .fetch_all(&mut *$tx)
        .await?;
        rows.into_iter().map(|r| r.0).collect::<Vec<String>>()
    }};
}
pub(crate) use unticked_on;

impl Storage {
    /// The case's queue checklist with the case's ticks.
    pub async fn case_checklist(&self, case: CaseId) -> StorageResult<Vec<CaseCheck>> {
        let rows: Vec<CheckRow> =
            read!(self, p => sqlx::query_as(CHECKS_SQL).bind(case.0).fetch_all(p).await)?;
        Ok(checks(rows))
    }

    /// Ticks (or unticks) an item of the case's checklist.
    pub async fn set_check(
        &self,
        case: CaseId,
        item: i64,
        checked: bool,
        by: Editor<'_>,
    ) -> StorageResult<(Vec<CaseCheck>, Vec<Event>)> {
        let now = self.now();
        write!(self, p => {
            let mut tx = p.begin().await?;
            let row: Option<(i64,)> = sqlx::query_as(
                "SELECT c.queue_id FROM cases c JOIN checklist_items i ON i.queue_id = c.queue_id \
                 WHERE c.id = $1 AND i.id = $2")
                .bind(case.0).bind(item).fetch_optional(&mut *tx).await?;
            let queue = QueueId(row.ok_or(StorageError::NotFound)?.0);
            if by.queues.is_some_and(|q| !q.contains(&queue)) {
                return Err(StorageError::NotFound);
            }
            if checked {
                sqlx::query("INSERT INTO case_checks (case_id, item_id, checked_by, checked_by_name, checked_at) \
                    VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
                    .bind(case.0).bind(item).bind(by.id.0).bind(by.name).bind(now).execute(&mut *tx).await?;
            } else {
                sqlx::query("DELETE FROM case_checks WHERE case_id = $1 AND item_id = $2")
                    .bind(case.0).bind(item).execute(&mut *tx).await?;
            }
            let rows: Vec<CheckRow> = sqlx::query_as(CHECKS_SQL).bind(case.0).fetch_all(&mut *tx).await?;
            let list = checks(rows);
            let events = append_events!(tx, vec![EventKind::ChecklistUpdated { case_id: case, queue_id: queue, checks: list.clone() }]);
            tx.commit().await?;
            Ok((list, events))
        })
    }

    /// Every queue's checklist, by queue name.
    pub async fn checklists(&self) -> StorageResult<Vec<QueueChecklist>> {
        let queues: Vec<(i64, String)> = read!(self, p => sqlx::query_as("SELECT id, name FROM queues ORDER BY id")
            .fetch_all(p).await)?;
        let items: Vec<(i64, String)> = read!(self, p => sqlx::query_as(
            "SELECT queue_id, text FROM checklist_items ORDER BY queue_id, position, id").fetch_all(p).await)?;
        Ok(queues
            .into_iter()
            .map(|(id, name)| QueueChecklist {
                queue_id: QueueId(id),
                queue_name: name,
                items: items
                    .iter()
                    .filter(|i| i.0 == id)
                    .map(|i| i.1.clone())
                    .collect(),
            })
            .collect())
    }

    /// Replaces a queue's checklist. Items kept (same text) keep their ticks.
    pub async fn save_checklist(&self, queue: QueueId, items: &[String]) -> StorageResult<()> {
        write!(self, p => {
            let mut tx = p.begin().await?;
            let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM queues WHERE id = $1")
                .bind(queue.0).fetch_optional(&mut *tx).await?;
            if exists.is_none() {
                return Err(StorageError::NotFound);
            }
            let old: Vec<(i64, String)> = sqlx::query_as("SELECT id, text FROM checklist_items WHERE queue_id = $1")
                .bind(queue.0).fetch_all(&mut *tx).await?;
            for (id, text) in &old {
                if !items.contains(text) {
                    sqlx::query("DELETE FROM checklist_items WHERE id = $1").bind(id).execute(&mut *tx).await?;
                }
            }
            for (position, text) in items.iter().enumerate() {
                match old.iter().find(|(_, t)| t == text) {
                    Some((id, _)) => {
                        sqlx::query("UPDATE checklist_items SET position = $1 WHERE id = $2")
                            .bind(position as i64).bind(id).execute(&mut *tx).await?;
                    }
                    None => {
                        sqlx::query("INSERT INTO checklist_items (queue_id, position, text) VALUES ($1, $2, $3)")
                            .bind(queue.0).bind(position as i64).bind(text).execute(&mut *tx).await?;
                    }
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Escalates a case to another queue and/or a higher tier with a reason:
    /// the property changes as `edit_case` makes them (routing, clocks,
    /// timeline), then the escalation itself, which supervisors are told of.
    pub async fn escalate_case(
        &self,
        esc: &Escalation,
        by: Editor<'_>,
    ) -> StorageResult<(CaseSummary, Vec<Event>)> {
        let reason = escalation_reason(&esc.reason).map_err(|reason| StorageError::Field {
            field: "reason",
            reason,
        })?;
        let before = self.get_case(esc.case_id).await?;
        if by.queues.is_some_and(|q| !q.contains(&before.queue_id)) {
            return Err(StorageError::NotFound);
        }
        let to_queue = esc.queue_id.unwrap_or(before.queue_id);
        let to_tier = esc.tier.unwrap_or(before.tier);
        if to_queue == before.queue_id && to_tier == before.tier {
            return Err(StorageError::Field {
                field: "queue",
                reason: "Choose another queue or another tier to escalate to.".into(),
            });
        }
        if !before.status.is_open() {
            return Err(StorageError::Field {
                field: "queue",
                reason: "Only an open case can be escalated; reopen it first.".into(),
            });
        }
        let mut events = Vec::new();
        let mut after = before.clone();
        if to_tier != before.tier {
            let (c, e) = self
                .edit_case(
                    esc.case_id,
                    &CaseEdit::Tier(to_tier),
                    Some(&CaseEdit::Tier(before.tier)),
                    by,
                )
                .await?;
            after = c;
            events.extend(e);
        }
        if to_queue != before.queue_id {
            // The agent may not work the new queue: the move is theirs to make.
            let (c, e) = self
                .edit_case(
                    esc.case_id,
                    &CaseEdit::Queue(to_queue),
                    Some(&CaseEdit::Queue(before.queue_id)),
                    by,
                )
                .await?;
            after = c;
            events.extend(e);
        }
        let now = self.now();
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        let more = write!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("INSERT INTO case_escalations (case_id, from_queue_id, to_queue_id, from_tier, to_tier, reason, by_id, by_name, at) \
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(esc.case_id.0).bind(before.queue_id.0).bind(after.queue_id.0)
                .bind(before.tier.as_str()).bind(after.tier.as_str()).bind(&reason)
                .bind(by.id.0).bind(by.name).bind(now).execute(&mut *tx).await?;
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(esc.case_id.0).fetch_one(&mut *tx).await?;
            let current = CaseSummary::try_from(row)?;
            let words = format!("{} escalated the case to {}, {}: {}", by.name, current.queue_name, current.tier, reason);
            let entry = system_entry_on!(tx, &current, words, now);
            let target = format!("case:{}", esc.case_id);
            audit_on!(tx, &AuditEntry {
                actor: Some(by.id),
                actor_label: by.email,
                action: "case_escalated",
                target: &target,
                detail: &reason,
                client_addr: "",
            }, now);
            let events = append_events!(tx, vec![entry, EventKind::CaseEscalated {
                case: current.clone(), reason: reason.clone(), by_name: by.name.to_string() }]);
            tx.commit().await?;
            Ok::<_, StorageError>((current, events))
        })?;
        events.extend(more.1);
        Ok((more.0, events))
    }

    /// How many times a case was escalated.
    pub async fn escalation_count(&self, case: CaseId) -> StorageResult<i64> {
        let (n,): (i64,) = read!(self, p => sqlx::query_as("SELECT COUNT(*) FROM case_escalations WHERE case_id = $1")
            .bind(case.0).fetch_one(p).await)?;
        Ok(n)
    }
}
