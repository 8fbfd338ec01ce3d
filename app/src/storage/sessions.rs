//! Server-side session records (the cookie holds only the id).

use super::{now_ms, read, write, Storage, StorageResult};
use crate::domain::UserId;

/// A stored session.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub data: String,
    pub expires_at: i64,
}

impl Storage {
    /// Inserts or replaces a session.
    #[tracing::instrument(skip_all, err)]
    pub async fn save_session(
        &self,
        id: &str,
        user: Option<UserId>,
        data: &str,
        expires_at: i64,
    ) -> StorageResult<()> {
        let sql = "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) \
                   ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, \
                   expires_at = excluded.expires_at";
        write!(self, p => sqlx::query(sql).bind(id).bind(user.map(|u| u.0)).bind(data).bind(expires_at).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Inserts a new session; `false` if the id is taken (the caller picks another).
    #[tracing::instrument(skip_all, err)]
    pub async fn create_session(
        &self,
        id: &str,
        user: Option<UserId>,
        data: &str,
        expires_at: i64,
    ) -> StorageResult<bool> {
        let sql = "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING";
        let n = write!(self, p => sqlx::query(sql).bind(id).bind(user.map(|u| u.0)).bind(data).bind(expires_at).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Loads a session that has not expired.
    #[tracing::instrument(skip_all, err)]
    pub async fn load_session(&self, id: &str) -> StorageResult<Option<SessionRow>> {
        let sql = "SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2";
        Ok(
            read!(self, p => sqlx::query_as::<_, SessionRow>(sql).bind(id).bind(now_ms()).fetch_optional(p).await)?,
        )
    }

    /// Deletes one session.
    #[tracing::instrument(skip_all, err)]
    pub async fn delete_session(&self, id: &str) -> StorageResult<()> {
        write!(self, p => sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Deletes expired sessions; returns how many.
    #[tracing::instrument(skip_all, err)]
    pub async fn delete_expired_sessions(&self) -> StorageResult<u64> {
        let r = write!(self, p => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now_ms()).execute(p).await.map(|r| r.rows_affected()))?;
        Ok(r)
    }

    /// How many live sessions a user has (for tests and the admin screen).
    #[tracing::instrument(skip(self), err)]
    pub async fn count_user_sessions(&self, user: UserId) -> StorageResult<i64> {
        let sql = "SELECT COUNT(*) FROM sessions WHERE user_id = $1 AND expires_at > $2";
        let (n,): (i64,) =
            read!(self, p => sqlx::query_as(sql).bind(user.0).bind(now_ms()).fetch_one(p).await)?;
        Ok(n)
    }
}
