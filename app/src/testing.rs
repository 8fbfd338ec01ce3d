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
