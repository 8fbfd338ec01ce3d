//! An agent's change to one property of a case: checked against the value the
//! agent last saw (a colleague's change is never silently overwritten), applied
//! with its consequences (clocks, routing, triage corrections), written to the
//! timeline and the audit log, and announced, all in one transaction.

use super::audit::{audit_on, AuditEntry};
use super::cases::{store_tags_on, CaseRow, SUMMARY_SELECT};
use super::events::append_events;
use super::intake::correct_triage_on;
use super::quality::unticked_on;
use super::sla::{
    clocks_after_entry_on, refresh_case_due_on, retarget_on, route_on, system_entry_on,
};
use super::{write, Storage, StorageError, StorageResult};
use crate::domain::edit::{check_status, describe_change};
use crate::domain::inbox::{normalise_tag, normalise_tags, MAX_TAGS};
use crate::domain::quality::unticked_reason;
use crate::domain::{CaseEdit, CaseId, CaseSummary, EntryKind, Event, EventKind, QueueId, UserId};

/// Reads case `$id` (with `$sql`, the summary query) on `$c` for editor `$by`:
/// a case outside their queues is not found. Checked inside the transaction
/// that changes it: the case may have moved since the caller's check.
macro_rules! case_for_editor_on {
    ($c:expr, $sql:expr, $id:expr, $by:expr) => {{
        let id: $crate::domain::CaseId = $id;
        let row: Option<$crate::storage::cases::CaseRow> = sqlx::query_as($sql)
            .bind(id.0)
            .fetch_optional(&mut *$c)
            .await?;
        let case = $crate::domain::CaseSummary::try_from(
            row.ok_or($crate::storage::StorageError::NotFound)?,
        )?;
        if $by
            .queues
            .is_some_and(|q: &[$crate::domain::QueueId]| !q.contains(&case.queue_id))
        {
            return Err($crate::storage::StorageError::NotFound);
        }
        case
    }};
}
pub(crate) use case_for_editor_on;

/// Who makes a change.
#[derive(Debug, Clone, Copy)]
pub struct Editor<'a> {
    pub id: UserId,
    pub name: &'a str,
    pub email: &'a str,
    /// The queues the editor works; `None` for supervisors and admins (all).
    pub queues: Option<&'a [QueueId]>,
}

impl Storage {
    /// Applies `edit` to a case. With `seen`, the edit is refused as stale when
    /// the property no longer has the value the editor saw. An edit that
    /// changes nothing writes nothing.
    #[tracing::instrument(skip(self, by), fields(field = edit.field()), err)]
    pub async fn edit_case(
        &self,
        case: CaseId,
        edit: &CaseEdit,
        seen: Option<&CaseEdit>,
        by: Editor<'_>,
    ) -> StorageResult<(CaseSummary, Vec<Event>)> {
        let now = self.now();
        let sla = self.sla_config().await?;
        let edit = &match edit {
            CaseEdit::Tags(tags) => {
                CaseEdit::Tags(normalise_tags(tags).map_err(|reason| StorageError::Field {
                    field: "tags",
                    reason,
                })?)
            }
            CaseEdit::AddTag(tag) => {
                CaseEdit::AddTag(normalise_tag(tag).map_err(|reason| StorageError::Field {
                    field: "tags",
                    reason,
                })?)
            }
            CaseEdit::Status(to) => {
                check_status(*to).map_err(|reason| StorageError::Field {
                    field: "status",
                    reason,
                })?;
                edit.clone()
            }
            other => other.clone(),
        };
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        write!(self, p => {
            let mut tx = p.begin().await?;
            let before = case_for_editor_on!(tx, &summary_sql, case, by);
            if let Some(seen) = seen.filter(|s| s.field() == edit.field()) {
                if seen.current(&before) != *seen {
                    return Err(StorageError::Stale(format!(
                        "Someone changed the {} to {} meanwhile; your change was not saved.",
                        edit.field(), edit.words_in(&before))));
                }
            }
            if edit.is_noop(&before) {
                tx.commit().await?;
                return Ok((before, Vec::new()));
            }
            match edit {
                CaseEdit::Status(to) => {
                    if *to == crate::domain::CaseStatus::Solved {
                        let left = unticked_on!(tx, case.0);
                        if let Some(reason) = unticked_reason(&left) {
                            return Err(StorageError::Field { field: "status", reason });
                        }
                    }
                    sqlx::query(
                        "UPDATE cases SET status = $1, updated_at = $2, \
                         status_since = CASE WHEN status = $1 THEN status_since ELSE $2 END, \
                         reminded_at = CASE WHEN status = $1 THEN reminded_at ELSE NULL END, \
                         snoozed_until = CASE WHEN status = $1 THEN snoozed_until ELSE NULL END WHERE id = $3")
                        .bind(to.as_str()).bind(now).bind(case.0).execute(&mut *tx).await?;
                    clocks_after_entry_on!(tx, case, EntryKind::SystemEvent, *to, now, &sla);
                }
                CaseEdit::Priority(to) => {
                    sqlx::query("UPDATE cases SET priority = $1, updated_at = $2 WHERE id = $3")
                        .bind(to.as_str()).bind(now).bind(case.0).execute(&mut *tx).await?;
                    correct_triage_on!(tx, case, false, true);
                    let moved = CaseSummary { priority: *to, ..before.clone() };
                    retarget_on!(tx, &moved, sla, now);
                    refresh_case_due_on!(tx, case.0);
                }
                CaseEdit::Queue(to) => {
                    let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM queues WHERE id = $1")
                        .bind(to.0).fetch_optional(&mut *tx).await?;
                    if exists.is_none() {
                        return Err(StorageError::Field { field: "queue", reason: "There is no such queue.".into() });
                    }
                    // The assignee stays only if they work the new queue.
                    sqlx::query(
                        "UPDATE cases SET queue_id = $1, updated_at = $2, assignee_id = CASE WHEN EXISTS \
                         (SELECT 1 FROM queue_members m WHERE m.queue_id = $1 AND m.user_id = cases.assignee_id) \
                         THEN assignee_id ELSE NULL END WHERE id = $3")
                        .bind(to.0).bind(now).bind(case.0).execute(&mut *tx).await?;
                    correct_triage_on!(tx, case, true, false);
                }
                CaseEdit::Assignee(to) => {
                    if let Some(agent) = to {
                        let member: Option<(String,)> = sqlx::query_as(
                            "SELECT u.name FROM users u JOIN queue_members m ON m.user_id = u.id \
                             WHERE u.id = $1 AND u.active AND m.queue_id = $2")
                            .bind(agent.0).bind(before.queue_id.0).fetch_optional(&mut *tx).await?;
                        if member.is_none() {
                            return Err(StorageError::Field {
                                field: "assignee",
                                reason: format!("Only an active member of the {} queue can take this case.", before.queue_name),
                            });
                        }
                    }
                    sqlx::query("UPDATE cases SET assignee_id = $1, updated_at = $2 WHERE id = $3")
                        .bind(to.map(|u| u.0)).bind(now).bind(case.0).execute(&mut *tx).await?;
                }
                CaseEdit::Tier(to) => {
                    sqlx::query("UPDATE cases SET tier = $1, updated_at = $2 WHERE id = $3")
                        .bind(to.as_str()).bind(now).bind(case.0).execute(&mut *tx).await?;
                }
                CaseEdit::AddTag(tag) => {
                    if before.tags.len() >= MAX_TAGS {
                        return Err(StorageError::Field { field: "tags", reason: format!("A case has at most {MAX_TAGS} tags.") });
                    }
                    sqlx::query("INSERT INTO case_tags (case_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                        .bind(case.0).bind(tag).execute(&mut *tx).await?;
                    store_tags_on!(tx, case.0);
                    sqlx::query("UPDATE cases SET updated_at = $1 WHERE id = $2")
                        .bind(now).bind(case.0).execute(&mut *tx).await?;
                }
                CaseEdit::Tags(to) => {
                    sqlx::query("DELETE FROM case_tags WHERE case_id = $1").bind(case.0).execute(&mut *tx).await?;
                    for tag in to {
                        sqlx::query("INSERT INTO case_tags (case_id, tag) VALUES ($1, $2)")
                            .bind(case.0).bind(tag).execute(&mut *tx).await?;
                    }
                    store_tags_on!(tx, case.0);
                    sqlx::query("UPDATE cases SET updated_at = $1 WHERE id = $2")
                        .bind(now).bind(case.0).execute(&mut *tx).await?;
                }
            }
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(case.0).fetch_one(&mut *tx).await?;
            let mut after = CaseSummary::try_from(row)?;
            let change = describe_change(edit, &before, &after);
            let mut kinds = vec![system_entry_on!(tx, &after, format!("{} changed {change}.", by.name), now)];
            // A case moved to a queue whose agents did not have it is routed afresh.
            if matches!(edit, CaseEdit::Queue(_)) && after.assignee_id.is_none() && after.status.is_open() {
                let (language,): (String,) = sqlx::query_as("SELECT language FROM customers WHERE id = $1")
                    .bind(after.customer_id.0).fetch_one(&mut *tx).await?;
                if let Some((_, name)) = route_on!(tx, &after, Some(language), now) {
                    let row: CaseRow = sqlx::query_as(&summary_sql).bind(case.0).fetch_one(&mut *tx).await?;
                    after = CaseSummary::try_from(row)?;
                    kinds.push(system_entry_on!(tx, &after, format!("Assigned to {name}."), now));
                }
            }
            let target = format!("case:{case}");
            audit_on!(tx, &AuditEntry {
                actor: Some(by.id),
                actor_label: by.email,
                action: "case_edited",
                target: &target,
                detail: &change,
                client_addr: "",
            }, now);
            kinds.push(match edit {
                CaseEdit::Queue(_) => EventKind::CaseMoved { case: after.clone(), from: before.queue_id },
                _ => EventKind::CaseUpdated { case: after.clone() },
            });
            let events = append_events!(tx, kinds);
            tx.commit().await?;
            Ok((after, events))
        })
    }
}
