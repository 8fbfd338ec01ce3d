//! tower-sessions store over our storage, so sessions live in the same database
//! (and can all be ended for a user on password change or deactivation).

use app::auth::SESSION_USER_KEY;
use app::domain::UserId;
use app::storage::Storage;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};
use tower_sessions::SessionStore;

/// Sessions in the `sessions` table.
#[derive(Clone, Debug)]
pub struct DbSessionStore {
    storage: Storage,
}

impl DbSessionStore {
    /// A store over `storage`.
    pub fn new(storage: Storage) -> Self {
        DbSessionStore { storage }
    }
}

fn backend(e: impl std::fmt::Display) -> Error {
    Error::Backend(e.to_string())
}

/// The stored form of a record: its user (for ending all of a user's sessions), data and expiry.
fn stored(record: &Record) -> Result<(Option<UserId>, String, i64)> {
    let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
    let user = record
        .data
        .get(SESSION_USER_KEY)
        .and_then(|v| v.as_i64())
        .map(UserId);
    Ok((user, data, record.expiry_date.unix_timestamp() * 1000))
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        let (user, data, expires) = stored(record)?;
        // A colliding id (vanishingly rare) gets a fresh one rather than overwriting.
        while !self
            .storage
            .create_session(&record.id.to_string(), user, &data, expires)
            .await
            .map_err(backend)?
        {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let (user, data, expires) = stored(record)?;
        self.storage
            .save_session(&record.id.to_string(), user, &data, expires)
            .await
            .map_err(backend)
    }

    async fn load(&self, session_id: &Id) -> Result<Option<Record>> {
        let Some(row) = self
            .storage
            .load_session(&session_id.to_string())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&row.data).map_err(|e| Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at / 1000)
            .map_err(|e| Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, session_id: &Id) -> Result<()> {
        self.storage
            .delete_session(&session_id.to_string())
            .await
            .map_err(backend)
    }
}
