//! The append-only audit log.

use super::{now_ms, read, write, Storage, StorageResult};
use crate::domain::UserId;

/// One thing to record.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub actor: Option<UserId>,
    /// Who acted, in words (an email for a failed sign-in, "system" for jobs).
    pub actor_label: &'a str,
    /// Stable action name, such as `login_failed` or `permission_denied`.
    pub action: &'a str,
    pub target: &'a str,
    pub detail: &'a str,
    pub client_addr: &'a str,
}

/// A stored audit entry.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub client_addr: String,
}

/// Appends an [`AuditEntry`] on the open transaction `$c`, so it commits (or
/// not) with the change it records.
macro_rules! audit_on {
    ($c:expr, $entry:expr, $now:expr) => {{
        let entry: &$crate::storage::audit::AuditEntry<'_> = $entry;
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor_label, action, target, detail, client_addr) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind($now)
        .bind(entry.actor.map(|u| u.0))
        .bind(entry.actor_label)
        .bind(entry.action)
        .bind(entry.target)
        .bind(entry.detail)
        .bind(entry.client_addr)
        .execute(&mut *$c)
        .await?;
    }};
}
pub(crate) use audit_on;

impl Storage {
    /// Appends to the audit log.
    #[tracing::instrument(skip_all, fields(action = entry.action), err)]
    pub async fn audit(&self, entry: &AuditEntry<'_>) -> StorageResult<()> {
        let sql = "INSERT INTO audit_log (at, actor_id, actor_label, action, target, detail, client_addr) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7)";
        write!(self, p => sqlx::query(sql)
            .bind(now_ms()).bind(entry.actor.map(|u| u.0)).bind(entry.actor_label).bind(entry.action)
            .bind(entry.target).bind(entry.detail).bind(entry.client_addr)
            .execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// The newest audit entries, newest first.
    #[tracing::instrument(skip(self), err)]
    pub async fn recent_audit(&self, limit: i64) -> StorageResult<Vec<AuditRow>> {
        let sql = "SELECT id, at, actor_id, actor_label, action, target, detail, client_addr \
                   FROM audit_log ORDER BY id DESC LIMIT $1";
        Ok(read!(self, p => sqlx::query_as::<_, AuditRow>(sql).bind(limit).fetch_all(p).await)?)
    }

    /// The newest audit entries of one action, newest first.
    pub async fn recent_audit_of(&self, action: &str, limit: i64) -> StorageResult<Vec<AuditRow>> {
        let sql = "SELECT id, at, actor_id, actor_label, action, target, detail, client_addr \
                   FROM audit_log WHERE action = $1 ORDER BY id DESC LIMIT $2";
        Ok(
            read!(self, p => sqlx::query_as::<_, AuditRow>(sql).bind(action).bind(limit).fetch_all(p).await)?,
        )
    }
}
