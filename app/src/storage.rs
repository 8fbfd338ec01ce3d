//! Persistence: SQLite (embedded default) or PostgreSQL behind one interface.
//!
//! Both backends run the same SQL text (`$N` placeholders work in both), so each
//! query is written once and dispatched by the `read!`/`write!` macros. Where the
//! dialects differ (the schema), each backend has its own migrations folder.
//! SQLite writes go through a single-connection pool: writers queue in-process
//! instead of failing with `SQLITE_BUSY`; the hot writes (timeline entries) are
//! group-committed by [`batch::Batcher`].

use crate::engine::mood::MoodSettings;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub mod actions;
mod add_entry;
pub mod admin;
pub mod attachments;
pub mod audit;
pub mod automation;
pub mod batch;
pub mod board;
pub mod case_edit;
pub mod cases;
pub mod chat;
pub mod customers;
pub mod events;
pub mod inbox;
pub mod intake;
pub mod kb;
pub mod merge;
pub mod metrics;
pub mod quality;
pub mod report;
pub mod reviews;
pub mod search;
pub mod seed;
pub mod sessions;
pub mod sla;
pub mod snooze;
pub mod templates;
pub mod trees;
pub mod users;
pub mod widget;

/// Runs `$body` with `$p` bound to a pool that may read.
macro_rules! read {
    ($storage:expr, $p:ident => $body:expr) => {
        match &$storage.backend {
            $crate::storage::Backend::Sqlite { read: $p, .. } => $body,
            $crate::storage::Backend::Postgres($p) => $body,
        }
    };
}

/// Runs `$body` with `$p` bound to the pool that writes.
macro_rules! write {
    ($storage:expr, $p:ident => $body:expr) => {
        match &$storage.backend {
            $crate::storage::Backend::Sqlite { write: $p, .. } => $body,
            $crate::storage::Backend::Postgres($p) => $body,
        }
    };
}
pub(crate) use {read, write};

/// What went wrong in storage. Causes are logged by the caller, never sent to clients.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("not found")]
    NotFound,
    /// Refused input: the reason is for the person who sent it.
    #[error("{0}")]
    Invalid(String),
    /// Refused input, with the form field at fault.
    #[error("{field}: {reason}")]
    Field { field: &'static str, reason: String },
    #[error("conflict: {0}")]
    Conflict(String),
    /// The caller acted on a value someone else changed meanwhile; the reason
    /// says what it is now.
    #[error("stale: {0}")]
    Stale(String),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The case is in a queue the caller may not reach; callers answer it as
    /// not found (nothing leaked) and audit the attempt.
    #[error("case of a queue out of scope")]
    OutOfScope,
    #[error("storage failure: {0}")]
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl From<sqlx::Error> for StorageError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StorageError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StorageError::Unavailable(e.to_string())
            }
            sqlx::Error::Database(db) => {
                let msg = db.message().to_ascii_lowercase();
                if msg.contains("locked") || msg.contains("busy") {
                    StorageError::Unavailable(e.to_string())
                } else if db.is_unique_violation() {
                    StorageError::Conflict(e.to_string())
                } else {
                    StorageError::Other(Box::new(e))
                }
            }
            _ => StorageError::Other(Box::new(e)),
        }
    }
}

impl From<serde_json::Error> for StorageError {
    fn from(e: serde_json::Error) -> Self {
        StorageError::Other(Box::new(e))
    }
}

/// Result of a storage call.
pub type StorageResult<T> = Result<T, StorageError>;

/// The pools of one backend.
#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite {
        read: SqlitePool,
        write: SqlitePool,
        batch: batch::Batcher,
    },
    Postgres(PgPool),
}

/// The one storage interface used by server functions, the hub and the jobs.
#[derive(Clone, Debug)]
pub struct Storage {
    pub(crate) backend: Backend,
    /// When a case's sentiment counts as negative.
    pub(crate) mood: MoodSettings,
    /// Where "now" comes from: the system clock, or a clock tests move.
    pub(crate) time: TimeSource,
    /// Configuration read often and changed rarely.
    pub(crate) caches: Arc<Caches>,
}

/// Where storage reads the time.
#[derive(Clone, Debug, Default)]
pub struct TimeSource {
    /// A clock that stands still until moved.
    manual: Option<Arc<AtomicI64>>,
    /// The system clock moved forward by this much.
    offset: Option<Arc<AtomicI64>>,
}

impl TimeSource {
    /// The system clock.
    pub fn system() -> Self {
        TimeSource::default()
    }

    /// A clock that stands at `at` (Unix ms) until moved: for tests.
    pub fn manual(at: i64) -> Self {
        TimeSource {
            manual: Some(Arc::new(AtomicI64::new(at))),
            offset: None,
        }
    }

    /// The system clock, which tests may move forward (browser tests of
    /// deadlines: `SWITCHBOARD_TEST_CLOCK`).
    pub fn movable() -> Self {
        TimeSource {
            manual: None,
            offset: Some(Arc::new(AtomicI64::new(0))),
        }
    }

    /// Whether tests may move this clock.
    pub fn is_movable(&self) -> bool {
        self.manual.is_some() || self.offset.is_some()
    }

    /// The current instant in Unix milliseconds.
    pub fn now(&self) -> i64 {
        match (&self.manual, &self.offset) {
            (Some(at), _) => at.load(Ordering::SeqCst),
            (None, Some(off)) => now_ms() + off.load(Ordering::SeqCst),
            (None, None) => now_ms(),
        }
    }

    /// Moves a manual clock to `at` (no effect on the system clock).
    pub fn set(&self, at: i64) {
        if let Some(t) = &self.manual {
            t.store(at, Ordering::SeqCst);
        } else if let Some(off) = &self.offset {
            off.store(at - now_ms(), Ordering::SeqCst);
        }
    }

    /// Moves a manual or movable clock forward by `ms`.
    pub fn advance(&self, ms: i64) {
        if let Some(t) = self.manual.as_ref().or(self.offset.as_ref()) {
            t.fetch_add(ms, Ordering::SeqCst);
        }
    }
}

/// How long cached configuration is trusted before it is read again (another
/// node may have changed it; this node's own saves clear it at once).
const CACHE_TTL: Duration = Duration::from_secs(2);

/// One cached value with its age.
#[derive(Debug)]
pub(crate) struct Cached<T>(Mutex<Option<(Instant, Arc<T>)>>);

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Cached(Mutex::new(None))
    }
}

impl<T> Cached<T> {
    pub(crate) fn get(&self) -> Option<Arc<T>> {
        let guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        guard
            .as_ref()
            .filter(|(at, _)| at.elapsed() < CACHE_TTL)
            .map(|(_, v)| v.clone())
    }

    pub(crate) fn put(&self, v: Arc<T>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), v));
    }

    pub(crate) fn clear(&self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// The storage's configuration caches.
#[derive(Debug, Default)]
pub(crate) struct Caches {
    pub sla: Cached<sla::SlaConfig>,
    pub triage: Cached<crate::engine::triage::Triage>,
    pub automation: Cached<crate::engine::automation::Automation>,
    /// The knowledge-base search index, checked against the stored revision.
    pub kb: kb::KbSlot,
}

impl Storage {
    /// Opens (creating if needed) the SQLite file and migrates it.
    pub async fn open_sqlite(path: &Path) -> StorageResult<Self> {
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: an acknowledged write survives power loss, not just a crash.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        // A local file cannot go stale: skip the ping sqlx would send (a thread
        // round trip) before every acquire.
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(
                opts.clone()
                    .thread_name(|_| batch::WRITE_CONNECTION_THREAD.to_owned()),
            )
            .await?;
        sqlx::migrate!("migrations/sqlite")
            .run(&write)
            .await
            .map_err(migrate_error)?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts.read_only(true))
            .await?;
        Ok(Storage {
            backend: Backend::Sqlite {
                read,
                batch: batch::Batcher::start(write.clone()),
                write,
            },
            mood: MoodSettings::default(),
            time: TimeSource::system(),
            caches: Arc::default(),
        })
    }

    /// Connects to PostgreSQL and migrates it.
    pub async fn open_postgres(url: &str) -> StorageResult<Self> {
        let opts = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await?;
        sqlx::migrate!("migrations/postgres")
            .run(&pool)
            .await
            .map_err(migrate_error)?;
        Ok(Storage {
            backend: Backend::Postgres(pool),
            mood: MoodSettings::default(),
            time: TimeSource::system(),
            caches: Arc::default(),
        })
    }

    /// Opens whichever backend the URL names: `postgres://…` or a SQLite file path.
    pub async fn open(database_url: &str) -> StorageResult<Self> {
        if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
            Self::open_postgres(database_url).await
        } else {
            let path = database_url
                .strip_prefix("sqlite://")
                .unwrap_or(database_url);
            Self::open_sqlite(Path::new(path)).await
        }
    }

    /// The same storage with other negative-sentiment settings.
    pub fn with_mood(mut self, mood: MoodSettings) -> Self {
        self.mood = mood;
        self
    }

    /// The same storage reading the time from `time`.
    pub fn with_time(mut self, time: TimeSource) -> Self {
        self.time = time;
        self
    }

    /// The current instant as storage sees it (Unix ms).
    pub fn now(&self) -> i64 {
        self.time.now()
    }

    /// The time source (tests move a manual one).
    pub fn time(&self) -> &TimeSource {
        &self.time
    }

    /// Which backend this is, for logs.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite { .. } => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// The PostgreSQL pool, when on PostgreSQL (for LISTEN/NOTIFY).
    pub fn postgres_pool(&self) -> Option<&PgPool> {
        match &self.backend {
            Backend::Postgres(p) => Some(p),
            Backend::Sqlite { .. } => None,
        }
    }

    /// How many group commits the SQLite writer made, and of how many writes.
    pub fn batch_stats(&self) -> Option<batch::BatchStats> {
        match &self.backend {
            Backend::Sqlite { batch, .. } => Some(batch.stats()),
            Backend::Postgres(_) => None,
        }
    }

    /// `PRAGMA integrity_check` on SQLite; `ok` on PostgreSQL.
    pub async fn integrity_check(&self) -> StorageResult<String> {
        match &self.backend {
            Backend::Sqlite { write, .. } => {
                let (r,): (String,) = sqlx::query_as("PRAGMA integrity_check")
                    .fetch_one(write)
                    .await?;
                Ok(r)
            }
            Backend::Postgres(_) => Ok("ok".into()),
        }
    }

    /// Rows in one of the product's tables (for tests, health and the admin screen).
    pub async fn count_rows(&self, table: &str) -> StorageResult<i64> {
        const TABLES: &[&str] = &[
            "users",
            "queues",
            "queue_members",
            "customers",
            "customer_identities",
            "bookings",
            "payments",
            "cases",
            "case_tags",
            "timeline_entries",
            "events",
            "audit_log",
            "sessions",
        ];
        let table = TABLES
            .iter()
            .find(|t| **t == table)
            .ok_or_else(|| StorageError::Other(format!("unknown table {table:?}").into()))?;
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let (n,): (i64,) = read!(self, p => sqlx::query_as(&sql).fetch_one(p).await)?;
        Ok(n)
    }

    /// A SQLite `PRAGMA` value as the writer connection sees it (`None` on PostgreSQL).
    pub async fn sqlite_pragma(&self, name: &str) -> StorageResult<Option<String>> {
        match &self.backend {
            Backend::Sqlite { write, .. } => {
                if !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                    return Err(StorageError::Other(
                        format!("not a pragma name: {name:?}").into(),
                    ));
                }
                use sqlx::Row;
                let row = sqlx::query(&format!("PRAGMA {name}"))
                    .fetch_one(write)
                    .await?;
                let value = row
                    .try_get::<String, _>(0)
                    .or_else(|_| row.try_get::<i64, _>(0).map(|n| n.to_string()))?;
                Ok(Some(value))
            }
            Backend::Postgres(_) => Ok(None),
        }
    }

    /// Closes every pool, flushing SQLite's WAL.
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite { read, write, .. } => {
                read.close().await;
                write.close().await;
            }
            Backend::Postgres(p) => p.close().await,
        }
    }
}

fn migrate_error(e: sqlx::migrate::MigrateError) -> StorageError {
    StorageError::Other(Box::new(e))
}

/// Current time in Unix milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
