//! Users, their queues, and password changes.

use super::{now_ms, read, write, Storage, StorageResult};
use crate::domain::{QueueId, Role, UserId};

/// A user as stored, with the password hash (never sent to a browser).
#[derive(Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
    pub active: bool,
    /// Most money (cents) the user may give away without approval.
    pub authority_limit_cents: i64,
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("password_hash", &"<redacted>")
            .finish()
    }
}

impl UserRow {
    /// The role, defaulting to the least privileged if storage holds something odd.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Agent)
    }
}

/// A new user to insert.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub skills: &'a str,
    pub languages: &'a str,
    pub capacity: i64,
    pub authority_limit_cents: i64,
}

const USER_COLUMNS: &str = "id, email, name, role, password_hash, active, authority_limit_cents";

/// A user with one of their queues (`None`: they have none), a row of
/// [`Storage::session_user`].
#[derive(sqlx::FromRow)]
struct UserQueueRow {
    #[sqlx(flatten)]
    user: UserRow,
    queue_id: Option<i64>,
}

impl Storage {
    /// Looks a user up by email, case-insensitively.
    #[tracing::instrument(skip(self), err)]
    pub async fn find_user_by_email(&self, email: &str) -> StorageResult<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE lower(email) = lower($1)");
        Ok(
            read!(self, p => sqlx::query_as::<_, UserRow>(&sql).bind(email).fetch_optional(p).await)?,
        )
    }

    /// Loads a user by id.
    #[tracing::instrument(skip(self), err)]
    pub async fn get_user(&self, id: UserId) -> StorageResult<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        Ok(read!(self, p => sqlx::query_as::<_, UserRow>(&sql).bind(id.0).fetch_optional(p).await)?)
    }

    /// The queues a user is a member of.
    #[tracing::instrument(skip(self), err)]
    pub async fn user_queue_ids(&self, id: UserId) -> StorageResult<Vec<QueueId>> {
        let sql = "SELECT queue_id FROM queue_members WHERE user_id = $1 ORDER BY queue_id";
        let rows: Vec<(i64,)> =
            read!(self, p => sqlx::query_as(sql).bind(id.0).fetch_all(p).await)?;
        Ok(rows.into_iter().map(|(q,)| QueueId(q)).collect())
    }

    /// The user signed in to a live session, with their queues, in one read
    /// (every request asks it): `None` when the session is unknown, expired
    /// or signed in to no one. Whether the user is still active is the
    /// caller's to check.
    #[tracing::instrument(skip_all, err)]
    pub async fn session_user(
        &self,
        session: &str,
    ) -> StorageResult<Option<(UserRow, Vec<QueueId>)>> {
        let sql = "SELECT u.id, u.email, u.name, u.role, u.password_hash, u.active, \
                   u.authority_limit_cents, m.queue_id \
                   FROM sessions s JOIN users u ON u.id = s.user_id \
                   LEFT JOIN queue_members m ON m.user_id = u.id \
                   WHERE s.id = $1 AND s.expires_at > $2 ORDER BY m.queue_id";
        let rows: Vec<UserQueueRow> = read!(self, p => sqlx::query_as(sql)
            .bind(session).bind(now_ms()).fetch_all(p).await)?;
        let queues = rows
            .iter()
            .filter_map(|r| r.queue_id.map(QueueId))
            .collect();
        Ok(rows.into_iter().next().map(|r| (r.user, queues)))
    }

    /// Inserts a user and returns its id.
    #[tracing::instrument(skip(self, user), fields(email = user.email), err)]
    pub async fn insert_user(&self, user: &NewUser<'_>) -> StorageResult<UserId> {
        let sql = "INSERT INTO users (email, name, role, password_hash, skills, languages, capacity, \
                   authority_limit_cents, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
        let (id,): (i64,) = write!(self, p => sqlx::query_as(sql)
            .bind(user.email).bind(user.name).bind(user.role.as_str()).bind(user.password_hash)
            .bind(user.skills).bind(user.languages).bind(user.capacity).bind(user.authority_limit_cents)
            .bind(now_ms())
            .fetch_one(p).await)?;
        Ok(UserId(id))
    }

    /// Adds a user to a queue.
    #[tracing::instrument(skip(self), err)]
    pub async fn add_queue_member(&self, queue: QueueId, user: UserId) -> StorageResult<()> {
        let sql =
            "INSERT INTO queue_members (queue_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        write!(self, p => sqlx::query(sql).bind(queue.0).bind(user.0).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Sets a new password hash and ends every session of the user, in one transaction.
    #[tracing::instrument(skip(self, password_hash), err)]
    pub async fn set_password(&self, id: UserId, password_hash: &str) -> StorageResult<()> {
        write!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(password_hash).bind(id.0).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
            tx.commit().await
        })?;
        Ok(())
    }

    /// Deactivates a user and ends every session of theirs, in one transaction.
    #[tracing::instrument(skip(self), err)]
    pub async fn deactivate_user(&self, id: UserId) -> StorageResult<()> {
        write!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("UPDATE users SET active = $1, presence = 'offline' WHERE id = $2")
                .bind(false).bind(id.0).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id.0).execute(&mut *tx).await?;
            tx.commit().await
        })?;
        Ok(())
    }
}
