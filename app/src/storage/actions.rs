//! Quick actions on a customer's bookings and their approvals. A request is
//! checked against the booking as it is inside the transaction, executed at
//! once when the agent's authority covers the money it gives away, and
//! otherwise kept for a supervisor. The booking row is locked while an action
//! runs, and an approval claims the request with a conditional update, so two
//! clicks, two supervisors or two nodes never execute one action twice.

use super::audit::{audit_on, AuditEntry};
use super::case_edit::Editor;
use super::cases::{CaseRow, SUMMARY_SELECT};
use super::events::append_events;
use super::sla::system_entry_on;
use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::action::{
    denial_reason, plan, ActionError, ActionRequest, ActionStatus, ActionView, BookingFacts,
};
use crate::domain::customer::format_money;
use crate::domain::{ActionKind, CaseId, CaseSummary, Event, EventKind, UserId};

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: i64,
    case_id: i64,
    case_subject: String,
    customer_name: String,
    booking_id: i64,
    confirmation: String,
    kind: String,
    params: String,
    summary: String,
    amount_cents: i64,
    currency: String,
    status: String,
    requested_by: i64,
    requested_by_name: String,
    requested_at: i64,
    decided_by: Option<i64>,
    decided_by_name: Option<String>,
    decided_at: Option<i64>,
    note: Option<String>,
}

impl TryFrom<ActionRow> for ActionView {
    type Error = StorageError;
    fn try_from(r: ActionRow) -> Result<Self, StorageError> {
        let bad =
            |what: &str| StorageError::Invalid(format!("stored action {} has a bad {what}", r.id));
        Ok(ActionView {
            id: r.id,
            case_id: CaseId(r.case_id),
            case_subject: r.case_subject.clone(),
            customer_name: r.customer_name.clone(),
            booking_id: r.booking_id,
            confirmation: r.confirmation.clone(),
            kind: ActionKind::parse(&r.kind).ok_or_else(|| bad("kind"))?,
            params: serde_json::from_str(&r.params).map_err(|_| bad("params"))?,
            summary: r.summary.clone(),
            amount_cents: r.amount_cents,
            currency: r.currency.clone(),
            status: ActionStatus::parse(&r.status).ok_or_else(|| bad("status"))?,
            requested_by: UserId(r.requested_by),
            requested_by_name: r.requested_by_name,
            requested_at: r.requested_at,
            decided_by_name: r.decided_by_name,
            decided_at: r.decided_at,
            note: r.note,
        })
    }
}

const ACTION_SELECT: &str = "SELECT a.id, a.case_id, c.subject AS case_subject, cu.name AS customer_name, \
    a.booking_id, b.confirmation, a.kind, a.params, a.summary, a.amount_cents, b.currency, a.status, \
    a.requested_by, a.requested_by_name, a.requested_at, a.decided_by, a.decided_by_name, a.decided_at, a.note \
    FROM case_actions a JOIN cases c ON c.id = a.case_id JOIN customers cu ON cu.id = c.customer_id \
    JOIN bookings b ON b.id = a.booking_id";

/// The booking's facts, read after locking its row (a no-op update takes the
/// row lock on PostgreSQL; SQLite has one writer anyway).
macro_rules! booking_facts_on {
    ($tx:expr, $booking:expr) => {{
        let booking: i64 = $booking;
        sqlx::query("UPDATE bookings SET id = id WHERE id = $1")
            .bind(booking)
            .execute(&mut *$tx)
            .await?;
        let row: Option<(String, String, i64, i64, i64, String, i64, i64)> = sqlx::query_as(
            "SELECT b.confirmation, b.status, b.pickup_at, b.return_at, b.amount_cents, b.currency, \
             CAST(COALESCE((SELECT SUM(CASE p.kind WHEN 'charge' THEN p.amount_cents WHEN 'refund' THEN -p.amount_cents ELSE 0 END) \
                 FROM payments p WHERE p.booking_id = b.id AND p.status = 'settled'), 0) AS BIGINT), \
             CAST((SELECT COUNT(*) FROM case_actions a WHERE a.booking_id = b.id AND a.kind = 'apply_discount' \
                 AND a.status = 'executed') AS BIGINT) \
             FROM bookings b WHERE b.id = $1",
        )
        .bind(booking)
        .fetch_optional(&mut *$tx)
        .await?;
        row.map(|r| BookingFacts {
            confirmation: r.0,
            status: r.1,
            pickup_at: r.2,
            return_at: r.3,
            amount_cents: r.4,
            currency: r.5,
            refundable_cents: r.6.max(0),
            discounted: r.7 > 0,
        })
    }};
}

/// Applies a plan's effect to the booking.
macro_rules! execute_on {
    ($tx:expr, $booking:expr, $plan:expr, $now:expr) => {{
        let plan: &crate::domain::action::Plan = $plan;
        let e = &plan.effect;
        sqlx::query(
            "UPDATE bookings SET status = COALESCE($1, status), pickup_at = COALESCE($2, pickup_at), \
             return_at = COALESCE($3, return_at), amount_cents = COALESCE($4, amount_cents) WHERE id = $5",
        )
        .bind(e.status)
        .bind(e.dates.map(|d| d.0))
        .bind(e.dates.map(|d| d.1))
        .bind(e.amount_cents)
        .bind($booking)
        .execute(&mut *$tx)
        .await?;
        if let Some((kind, cents)) = e.payment {
            sqlx::query(
                "INSERT INTO payments (booking_id, kind, amount_cents, status, created_at, note) \
                 VALUES ($1, $2, $3, 'settled', $4, $5)",
            )
            .bind($booking)
            .bind(kind.as_str())
            .bind(cents)
            .bind($now)
            .bind(&plan.summary)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

fn field_error(e: ActionError) -> StorageError {
    StorageError::Field {
        field: e.field,
        reason: e.reason,
    }
}

fn sentence(s: &str) -> String {
    let mut t = s.trim_end_matches('.').to_owned();
    t.push('.');
    t
}

impl Storage {
    /// Asks for a quick action on a case. A retry with the same client id
    /// returns the first action and changes nothing.
    #[tracing::instrument(skip(self, req, by), fields(kind = req.params.kind().as_str()), err)]
    pub async fn request_action(
        &self,
        case: CaseId,
        req: &ActionRequest,
        by: Editor<'_>,
    ) -> StorageResult<(ActionView, Vec<Event>)> {
        match self.request_action_once(case, req, by).await {
            // Two copies of one request raced; the other one won.
            Err(StorageError::Conflict(_)) => {
                match self.action_by_client_id(case, &req.client_id).await? {
                    Some(v) => Ok((v, Vec::new())),
                    None => Err(StorageError::Conflict("action".into())),
                }
            }
            other => other,
        }
    }

    async fn request_action_once(
        &self,
        case: CaseId,
        req: &ActionRequest,
        by: Editor<'_>,
    ) -> StorageResult<(ActionView, Vec<Event>)> {
        let now = self.now();
        let params =
            serde_json::to_string(&req.params).map_err(|e| StorageError::Other(Box::new(e)))?;
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        let view_sql = format!("{ACTION_SELECT} WHERE a.id = $1");
        write!(self, p => {
            let mut tx = p.begin().await?;
            let existing: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM case_actions WHERE case_id = $1 AND client_id = $2")
                .bind(case.0).bind(&req.client_id).fetch_optional(&mut *tx).await?;
            if let Some((id,)) = existing {
                let row: ActionRow = sqlx::query_as(&view_sql).bind(id).fetch_one(&mut *tx).await?;
                tx.commit().await?;
                return Ok((ActionView::try_from(row)?, Vec::new()));
            }
            let row: Option<CaseRow> = sqlx::query_as(&summary_sql).bind(case.0).fetch_optional(&mut *tx).await?;
            let summary = CaseSummary::try_from(row.ok_or(StorageError::NotFound)?)?;
            if by.queues.is_some_and(|q| !q.contains(&summary.queue_id)) {
                return Err(StorageError::NotFound);
            }
            let owner: Option<(i64,)> = sqlx::query_as("SELECT customer_id FROM bookings WHERE id = $1")
                .bind(req.booking_id).fetch_optional(&mut *tx).await?;
            if owner.map(|o| o.0) != Some(summary.customer_id.0) {
                return Err(StorageError::Field {
                    field: "booking",
                    reason: "That booking is not one of this customer's.".into(),
                });
            }
            let facts = booking_facts_on!(tx, req.booking_id).ok_or(StorageError::NotFound)?;
            let planned = plan(&req.params, &facts, now).map_err(field_error)?;
            let (authority,): (i64,) = sqlx::query_as("SELECT authority_limit_cents FROM users WHERE id = $1")
                .bind(by.id.0).fetch_one(&mut *tx).await?;
            let needs_approval = planned.amount_cents > authority;
            let status = if needs_approval { ActionStatus::PendingApproval } else { ActionStatus::Executed };
            if !needs_approval {
                execute_on!(tx, req.booking_id, &planned, now);
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO case_actions (case_id, booking_id, kind, params, summary, amount_cents, status, \
                 requested_by, requested_by_name, requested_at, client_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
                .bind(case.0).bind(req.booking_id).bind(req.params.kind().as_str()).bind(&params)
                .bind(&planned.summary).bind(planned.amount_cents).bind(status.as_str())
                .bind(by.id.0).bind(by.name).bind(now).bind(&req.client_id)
                .fetch_one(&mut *tx).await?;
            let words = if needs_approval {
                format!(
                    "{} asked a supervisor to approve: {} ({} is above their authority of {}).",
                    by.name, planned.summary.trim_end_matches('.'),
                    format_money(planned.amount_cents, &facts.currency), format_money(authority, &facts.currency))
            } else {
                format!("{} did: {}", by.name, sentence(&planned.summary))
            };
            let entry = system_entry_on!(tx, &summary, words, now);
            let target = format!("case:{case}");
            audit_on!(tx, &AuditEntry {
                actor: Some(by.id),
                actor_label: by.email,
                action: if needs_approval { "action_requested" } else { "action_executed" },
                target: &target,
                detail: &format!("action {id}: {}", planned.summary),
                client_addr: "",
            }, now);
            let row: ActionRow = sqlx::query_as(&view_sql).bind(id).fetch_one(&mut *tx).await?;
            let view = ActionView::try_from(row)?;
            let events = append_events!(tx, vec![
                entry,
                EventKind::ActionUpdated { queue_id: summary.queue_id, action: view.clone() },
            ]);
            tx.commit().await?;
            Ok((view, events))
        })
    }

    /// Approves (and executes) or denies a pending request. Nobody decides
    /// their own request. Deciding again the same way returns the decision;
    /// anything else on a decided request is refused as stale.
    #[tracing::instrument(skip(self, reason, by), err)]
    pub async fn decide_action(
        &self,
        action: i64,
        approve: bool,
        reason: &str,
        by: Editor<'_>,
    ) -> StorageResult<(ActionView, Vec<Event>)> {
        let now = self.now();
        let reason = if approve {
            None
        } else {
            Some(denial_reason(reason).map_err(field_error)?)
        };
        let view_sql = format!("{ACTION_SELECT} WHERE a.id = $1");
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        write!(self, p => {
            let mut tx = p.begin().await?;
            let row: Option<ActionRow> = sqlx::query_as(&view_sql).bind(action).fetch_optional(&mut *tx).await?;
            let row = row.ok_or(StorageError::NotFound)?;
            let decided_by = row.decided_by;
            let before = ActionView::try_from(row)?;
            if before.requested_by == by.id {
                return Err(StorageError::Invalid("You cannot decide your own request; another supervisor must.".into()));
            }
            if before.status != ActionStatus::PendingApproval {
                let same = decided_by == Some(by.id.0)
                    && (before.status == ActionStatus::Denied) != approve;
                if same {
                    tx.commit().await?;
                    return Ok((before, Vec::new()));
                }
                return Err(StorageError::Stale(format!(
                    "This request is already {}.", before.state_words())));
            }
            let claimed = sqlx::query(
                "UPDATE case_actions SET status = $1, decided_by = $2, decided_by_name = $3, decided_at = $4, note = $5 \
                 WHERE id = $6 AND status = 'pending_approval'")
                .bind(if approve { ActionStatus::Executed.as_str() } else { ActionStatus::Denied.as_str() })
                .bind(by.id.0).bind(by.name).bind(now).bind(reason.as_deref()).bind(action)
                .execute(&mut *tx).await?;
            if claimed.rows_affected() != 1 {
                return Err(StorageError::Stale("Someone decided this request meanwhile; reload to see it.".into()));
            }
            let words = if approve {
                let facts = booking_facts_on!(tx, before.booking_id).ok_or(StorageError::NotFound)?;
                match plan(&before.params, &facts, now) {
                    Ok(planned) => {
                        execute_on!(tx, before.booking_id, &planned, now);
                        format!("{} approved {}'s request and it was done: {}", by.name, before.requested_by_name, sentence(&planned.summary))
                    }
                    Err(e) => {
                        sqlx::query("UPDATE case_actions SET status = 'failed', note = $1 WHERE id = $2")
                            .bind(&e.reason).bind(action).execute(&mut *tx).await?;
                        format!("{} approved {}'s request, but it could not be done: {}", by.name, before.requested_by_name, e.reason)
                    }
                }
            } else {
                format!("{} denied {}'s request to {}: {}", by.name, before.requested_by_name,
                    before.summary.trim_end_matches('.'), sentence(reason.as_deref().unwrap_or("")))
            };
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(before.case_id.0).fetch_one(&mut *tx).await?;
            let summary = CaseSummary::try_from(row)?;
            let entry = system_entry_on!(tx, &summary, words, now);
            let target = format!("case:{}", before.case_id);
            audit_on!(tx, &AuditEntry {
                actor: Some(by.id),
                actor_label: by.email,
                action: if approve { "action_approved" } else { "action_denied" },
                target: &target,
                detail: &format!("action {action}: {}{}", before.summary,
                    reason.as_deref().map(|r| format!(" (reason: {r})")).unwrap_or_default()),
                client_addr: "",
            }, now);
            let row: ActionRow = sqlx::query_as(&view_sql).bind(action).fetch_one(&mut *tx).await?;
            let view = ActionView::try_from(row)?;
            let events = append_events!(tx, vec![
                entry,
                EventKind::ActionUpdated { queue_id: summary.queue_id, action: view.clone() },
            ]);
            tx.commit().await?;
            Ok((view, events))
        })
    }

    /// The actions on a case, oldest first.
    pub async fn case_actions(&self, case: CaseId) -> StorageResult<Vec<ActionView>> {
        let sql = format!("{ACTION_SELECT} WHERE a.case_id = $1 ORDER BY a.id");
        let rows: Vec<ActionRow> =
            read!(self, p => sqlx::query_as(&sql).bind(case.0).fetch_all(p).await)?;
        rows.into_iter().map(ActionView::try_from).collect()
    }

    /// Requests waiting for a supervisor, oldest first.
    pub async fn pending_approvals(&self) -> StorageResult<Vec<ActionView>> {
        let sql = format!(
            "{ACTION_SELECT} WHERE a.status = 'pending_approval' ORDER BY a.requested_at, a.id"
        );
        let rows: Vec<ActionRow> = read!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?;
        rows.into_iter().map(ActionView::try_from).collect()
    }

    /// One action.
    pub async fn action(&self, id: i64) -> StorageResult<ActionView> {
        let sql = format!("{ACTION_SELECT} WHERE a.id = $1");
        let row: Option<ActionRow> =
            read!(self, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
        ActionView::try_from(row.ok_or(StorageError::NotFound)?)
    }

    async fn action_by_client_id(
        &self,
        case: CaseId,
        client_id: &str,
    ) -> StorageResult<Option<ActionView>> {
        let sql = format!("{ACTION_SELECT} WHERE a.case_id = $1 AND a.client_id = $2");
        let row: Option<ActionRow> = read!(self, p => sqlx::query_as(&sql).bind(case.0).bind(client_id).fetch_optional(p).await)?;
        row.map(ActionView::try_from).transpose()
    }
}
