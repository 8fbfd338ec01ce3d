//! Helpers for tests against real databases (used by this crate's and the server's tests).

use crate::storage::{Storage, StorageResult};
use std::path::PathBuf;

/// The PostgreSQL server the tests use: `SWITCHBOARD_TEST_PG`, default the local `test` database.
pub fn postgres_admin_url() -> String {
    std::env::var("SWITCHBOARD_TEST_PG")
        .unwrap_or_else(|_| "postgres://root@127.0.0.1:5432/test".into())
}

/// A database made for one test; dropped by [`TestDb::drop_db`].
#[derive(Debug)]
pub struct TestDb {
    pub url: String,
    pg_name: Option<String>,
    dir: Option<PathBuf>,
}

fn unique(prefix: &str) -> String {
    use rand::Rng;
    format!(
        "{prefix}_{}_{:08x}",
        std::process::id(),
        rand::thread_rng().gen::<u32>()
    )
}

impl TestDb {
    /// A fresh SQLite file in a new temporary folder.
    pub fn sqlite() -> Self {
        let dir = std::env::temp_dir().join(unique("switchboard_test"));
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TestDb {
            url: dir.join("switchboard.db").to_string_lossy().into_owned(),
            pg_name: None,
            dir: Some(dir),
        }
    }

    /// The SQLite file at `path`, kept when dropped (benchmarks reuse a big one).
    pub fn sqlite_at(path: &std::path::Path) -> Self {
        TestDb {
            url: path.to_string_lossy().into_owned(),
            pg_name: None,
            dir: None,
        }
    }

    /// A fresh, empty PostgreSQL database. Panics if PostgreSQL is unreachable:
    /// an unreachable database is a failure, never a skip.
    pub async fn postgres() -> Self {
        let admin = postgres_admin_url();
        let name = unique("sb_test");
        let pool = sqlx::PgPool::connect(&admin).await.unwrap_or_else(|e| {
            panic!("PostgreSQL at {admin} is unreachable ({e}); the tests need it")
        });
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("cannot create database {name}: {e}"));
        pool.close().await;
        let base = admin
            .rsplit_once('/')
            .map(|(b, _)| b.to_owned())
            .unwrap_or(admin);
        TestDb {
            url: format!("{base}/{name}"),
            pg_name: Some(name),
            dir: None,
        }
    }

    /// Either backend by name: `sqlite` or `postgres`.
    pub async fn new(backend: &str) -> Self {
        match backend {
            "postgres" => Self::postgres().await,
            _ => Self::sqlite(),
        }
    }

    /// Opens (and migrates) the database.
    pub async fn open(&self) -> StorageResult<Storage> {
        Storage::open(&self.url).await
    }

    /// Removes the database.
    pub async fn drop_db(self) {
        if let Some(name) = &self.pg_name {
            if let Ok(pool) = sqlx::PgPool::connect(&postgres_admin_url()).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&pool)
                    .await;
                pool.close().await;
            }
        }
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// A user as tests act with them: what they may list, and who they are as the
/// author of a change.
#[derive(Debug, Clone)]
pub struct Staff {
    pub id: crate::domain::UserId,
    pub name: String,
    pub email: String,
    pub queues: Vec<crate::domain::QueueId>,
    pub all_queues: bool,
}

impl Staff {
    /// The user with `email`; panics if there is none (a test's own mistake).
    pub async fn load(s: &Storage, email: &str) -> Staff {
        let row = s
            .find_user_by_email(email)
            .await
            .expect("read user")
            .unwrap_or_else(|| panic!("no user {email}"));
        let id = crate::domain::UserId(row.id);
        Staff {
            id,
            queues: s.user_queue_ids(id).await.expect("read queues"),
            all_queues: row.role().sees_all_queues(),
            name: row.name,
            email: row.email,
        }
    }

    /// The user's listing scope.
    pub fn viewer(&self) -> crate::domain::Viewer {
        crate::domain::Viewer {
            id: self.id,
            queues: self.queues.clone(),
            all_queues: self.all_queues,
        }
    }

    /// The user as the author of a change.
    pub fn editor(&self) -> crate::storage::case_edit::Editor<'_> {
        crate::storage::case_edit::Editor {
            id: self.id,
            name: &self.name,
            email: &self.email,
            queues: (!self.all_queues).then_some(self.queues.as_slice()),
        }
    }
}
