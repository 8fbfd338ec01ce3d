//! Group commit for SQLite. With `synchronous=FULL` every commit waits for the disk,
//! so one commit per reply caps throughput at the disk's flush rate. Instead, one
//! writer task takes every queued write, runs each in its own savepoint inside a
//! single transaction and commits once: one flush acknowledges the whole batch.
//! A write that fails rolls back only its savepoint; a failed commit fails them all.
//! Nobody is answered before the commit that holds their write.

use super::{StorageError, StorageResult};
use futures::future::BoxFuture;
use sqlx::{Acquire, SqliteConnection, SqlitePool};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Most writes in one transaction.
pub const MAX_BATCH: usize = 256;
/// Writes waiting for the writer before callers wait to enqueue.
const QUEUE: usize = 4096;

/// Called once the batch's fate is known: `Ok` when committed.
type Finish = Box<dyn FnOnce(Result<(), &StorageError>) + Send>;
/// One queued write: runs on the writer's connection, says whether it succeeded.
type Job =
    Box<dyn for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, (bool, Finish)> + Send>;

/// How much grouping happened, for tests and benchmarks.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchStats {
    pub batches: u64,
    pub writes: u64,
}

#[derive(Debug, Default)]
struct Counters {
    batches: AtomicU64,
    writes: AtomicU64,
}

/// Handle to the writer task; cheap to clone.
#[derive(Clone)]
pub struct Batcher {
    tx: mpsc::Sender<Job>,
    counters: Arc<Counters>,
}

impl std::fmt::Debug for Batcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batcher")
            .field("stats", &self.stats())
            .finish()
    }
}

impl Batcher {
    /// Starts the writer task on `pool` (the single-connection SQLite write pool).
    pub fn start(pool: SqlitePool) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        let counters = Arc::new(Counters::default());
        tokio::spawn(run(pool, rx, counters.clone()));
        Batcher { tx, counters }
    }

    /// Batches and writes so far.
    pub fn stats(&self) -> BatchStats {
        BatchStats {
            batches: self.counters.batches.load(Ordering::Relaxed),
            writes: self.counters.writes.load(Ordering::Relaxed),
        }
    }

    /// Runs `write` in the next batch and returns its result once that batch committed.
    pub async fn write<T, F>(&self, write: F) -> StorageResult<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, StorageResult<T>>
            + Send
            + 'static,
    {
        let (reply, answer) = oneshot::channel::<StorageResult<T>>();
        let job: Job = Box::new(move |conn| {
            Box::pin(async move {
                let result = write(conn).await;
                let ok = result.is_ok();
                let finish: Finish = Box::new(move |committed| {
                    let outcome = match committed {
                        Ok(()) => result,
                        Err(e) => result.and(Err(StorageError::Unavailable(e.to_string()))),
                    };
                    let _ = reply.send(outcome);
                });
                (ok, finish)
            })
        });
        self.tx
            .send(job)
            .await
            .map_err(|_| StorageError::Unavailable("the database writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| StorageError::Unavailable("the write was not committed".into()))?
    }
}

async fn run(pool: SqlitePool, mut rx: mpsc::Receiver<Job>, counters: Arc<Counters>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let n = jobs.len() as u64;
        let mut finishers = Vec::with_capacity(jobs.len());
        let outcome = write_batch(&pool, &mut jobs, &mut finishers).await;
        if let Err(e) = &outcome {
            tracing::warn!(error = %e, writes = n, "batch did not commit");
        }
        // Jobs never reached (the batch failed first) were dropped with their reply
        // senders: their callers hear that nothing was committed.
        for finish in finishers {
            finish(outcome.as_ref().map(|_| ()));
        }
        counters.batches.fetch_add(1, Ordering::Relaxed);
        counters.writes.fetch_add(n, Ordering::Relaxed);
    }
}

async fn write_batch(
    pool: &SqlitePool,
    jobs: &mut Vec<Job>,
    finishers: &mut Vec<Finish>,
) -> StorageResult<()> {
    let mut tx = pool.begin().await?;
    for job in jobs.drain(..) {
        let mut savepoint = Acquire::begin(&mut tx).await?;
        let (ok, finish) = job(&mut savepoint).await;
        finishers.push(finish);
        if ok {
            savepoint.commit().await?;
        } else {
            savepoint.rollback().await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
