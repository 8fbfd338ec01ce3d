//! Group commit for SQLite. With `synchronous=FULL` every commit waits for the disk,
//! so one commit per reply caps throughput at the disk's flush rate. Instead, one
//! writer task takes every queued write, runs them inside a single transaction
//! and commits once: one flush acknowledges the whole batch. A write that fails
//! changes nothing and the others still commit; a failed commit fails them all.
//! Nobody is answered before the commit that holds their write.

use super::add_entry::{add_entries_sqlite, EntryJob};
use super::cases::AddedEntry;
use super::{StorageError, StorageResult};
use futures::future::BoxFuture;
use sqlx::{Acquire, SqliteConnection, SqlitePool};
use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// The name of the write connection's thread (sqlx runs each SQLite
/// connection on a thread of its own), so that the writer can find it.
pub const WRITE_CONNECTION_THREAD: &str = "sqlite-write-io";

/// Most writes in one transaction.
pub const MAX_BATCH: usize = 256;
/// Writes waiting for the writer before callers wait to enqueue.
const QUEUE: usize = 4096;

/// A write's result, type-erased while it waits in the batch.
type Outcome = StorageResult<Box<dyn Any + Send>>;
/// One write. It may run twice: optimistically with the whole batch, and again in
/// its own savepoint if another write of the batch failed.
type Run = Box<dyn for<'c> Fn(&'c mut SqliteConnection) -> BoxFuture<'c, Outcome> + Send + Sync>;
/// Hands the caller its result once the batch's fate is known.
type Respond = Box<dyn FnOnce(Outcome) + Send + Sync>;

struct Job {
    run: Run,
    respond: Respond,
    /// An entry, which a batch adds together with the entries next to it
    /// (see [`add_entries_sqlite`]); `run` adds it alone.
    entry: Option<Arc<EntryJob>>,
}

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
    /// Starts the writer on `pool` (the single-connection SQLite write pool), on a
    /// thread of its own: its chain of statement round trips then never waits in
    /// line behind request handlers on the shared workers.
    pub fn start(pool: SqlitePool) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        let counters = Arc::new(Counters::default());
        let writer = run(pool, rx, counters.clone());
        let dedicated = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .and_then(|rt| {
                std::thread::Builder::new()
                    .name("sqlite-writer".into())
                    .spawn(move || rt.block_on(writer))
            });
        if let Err(e) = dedicated {
            tracing::error!(error = %e, "no writer thread; the database cannot take writes");
        }
        Batcher { tx, counters }
    }

    /// Batches and writes so far.
    pub fn stats(&self) -> BatchStats {
        BatchStats {
            batches: self.counters.batches.load(Ordering::Relaxed),
            writes: self.counters.writes.load(Ordering::Relaxed),
        }
    }

    /// Runs `write` in the next batch and returns its result once that batch
    /// committed. `write` may be called twice (see [`write_batch`]); it must only
    /// touch the database through the connection it is given.
    pub async fn write<T, F>(&self, write: F) -> StorageResult<T>
    where
        T: Send + 'static,
        F: for<'c> Fn(&'c mut SqliteConnection) -> BoxFuture<'c, StorageResult<T>>
            + Send
            + Sync
            + 'static,
    {
        self.submit(write, None).await
    }

    /// Adds an entry in the next batch, together with the entries queued next
    /// to it; its result once that batch committed.
    pub(crate) async fn add_entry(&self, job: EntryJob) -> StorageResult<AddedEntry> {
        let job = Arc::new(job);
        let alone = job.clone();
        self.submit(
            move |c| {
                let job = alone.clone();
                Box::pin(async move {
                    add_entries_sqlite(c, &[&job])
                        .await?
                        .pop()
                        .unwrap_or_else(|| Err(StorageError::Other("no entry was added".into())))
                })
            },
            Some(job),
        )
        .await
    }

    async fn submit<T, F>(&self, write: F, entry: Option<Arc<EntryJob>>) -> StorageResult<T>
    where
        T: Send + 'static,
        F: for<'c> Fn(&'c mut SqliteConnection) -> BoxFuture<'c, StorageResult<T>>
            + Send
            + Sync
            + 'static,
    {
        let (reply, answer) = oneshot::channel::<StorageResult<T>>();
        let run: Run = Box::new(move |conn| {
            let fut = write(conn);
            Box::pin(async move { fut.await.map(|v| Box::new(v) as Box<dyn Any + Send>) })
        });
        let respond: Respond = Box::new(move |outcome| {
            let typed = outcome.and_then(|b| {
                b.downcast::<T>()
                    .map(|v| *v)
                    .map_err(|_| StorageError::Other("batch result of the wrong type".into()))
            });
            let _ = reply.send(typed);
        });
        self.tx
            .send(Job {
                run,
                respond,
                entry,
            })
            .await
            .map_err(|_| StorageError::Unavailable("the database writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| StorageError::Unavailable("the write was not committed".into()))?
    }
}

async fn run(pool: SqlitePool, mut rx: mpsc::Receiver<Job>, counters: Arc<Counters>) {
    keep_together();
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let n = jobs.len() as u64;
        let outcomes = write_batch(&pool, &jobs).await;
        if outcomes
            .iter()
            .any(|o| matches!(o, Err(StorageError::Unavailable(_))))
        {
            // The connection (and its thread) may have been replaced.
            keep_together();
        }
        for (job, outcome) in jobs.drain(..).zip(outcomes) {
            (job.respond)(outcome);
        }
        counters.batches.fetch_add(1, Ordering::Relaxed);
        counters.writes.fetch_add(n, Ordering::Relaxed);
    }
}

/// Puts this thread (the writer) and the write connection's thread on one
/// core. Every statement is a hand-off between the two; across cores each
/// hand-off wakes the other core (70–90 µs on this machine kind's virtual
/// CPUs), on one core it is a plain switch between two threads. Only where
/// there are several cores to choose from, and only a hint: on failure the
/// threads stay where the system puts them.
#[cfg(target_os = "linux")]
fn keep_together() {
    use nix::sched::{sched_getaffinity, sched_setaffinity, CpuSet};
    use nix::unistd::Pid;
    let this = Pid::from_raw(0);
    let Ok(allowed) = sched_getaffinity(this) else {
        return;
    };
    let cpus: Vec<usize> = (0..CpuSet::count())
        .filter(|c| allowed.is_set(*c).unwrap_or(false))
        .collect();
    let (Some(&cpu), true) = (cpus.last(), cpus.len() > 1) else {
        return;
    };
    let mut one = CpuSet::new();
    if one.set(cpu).is_err() {
        return;
    }
    let mut threads = Vec::new();
    if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
        for task in tasks.flatten() {
            let name = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            let tid = task
                .file_name()
                .to_str()
                .and_then(|t| t.parse::<i32>().ok());
            if let (WRITE_CONNECTION_THREAD, Some(tid)) = (name.trim(), tid) {
                threads.push(Pid::from_raw(tid));
            }
        }
    }
    if threads.is_empty() {
        return;
    }
    threads.push(this);
    let pinned = threads
        .iter()
        .filter(|t| sched_setaffinity(**t, &one).is_ok())
        .count();
    tracing::debug!(
        cpu,
        pinned,
        "the SQLite writer and its connection's thread share a core"
    );
}

#[cfg(not(target_os = "linux"))]
fn keep_together() {}

fn not_committed(e: &StorageError) -> StorageError {
    StorageError::Unavailable(format!("the batch did not commit: {e}"))
}

/// Writes a batch, one outcome per job. First all jobs run in one plain
/// transaction (the common case: nothing fails, two statements fewer per write).
/// If any fails, that transaction is rolled back and the batch runs again with
/// each job in its own savepoint, so a failed write changes nothing and the
/// others still commit.
async fn write_batch(pool: &SqlitePool, jobs: &[Job]) -> Vec<Outcome> {
    match optimistic(pool, jobs).await {
        Ok(Some(outcomes)) => outcomes,
        Ok(None) => match isolated(pool, jobs).await {
            Ok(outcomes) => outcomes,
            Err(e) => jobs.iter().map(|_| Err(not_committed(&e))).collect(),
        },
        Err(e) => {
            tracing::warn!(error = %e, writes = jobs.len(), "batch did not commit");
            jobs.iter().map(|_| Err(not_committed(&e))).collect()
        }
    }
}

/// All jobs in one transaction; `None` (rolled back) when one of them failed.
/// Entries next to each other are added together, in two statements however
/// many they are: an entry refused before anything was written for it (its
/// case missing, or out of the sender's queues) fails alone.
async fn optimistic(pool: &SqlitePool, jobs: &[Job]) -> StorageResult<Option<Vec<Outcome>>> {
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(jobs.len());
    let mut rest = jobs;
    while let Some(job) = rest.first() {
        let entries: Vec<&EntryJob> = rest.iter().map_while(|j| j.entry.as_deref()).collect();
        if entries.is_empty() {
            let outcome = (job.run)(&mut tx).await;
            if outcome.is_err() {
                tx.rollback().await?;
                return Ok(None);
            }
            outcomes.push(outcome);
            rest = &rest[1..];
            continue;
        }
        let Ok(added) = add_entries_sqlite(&mut tx, &entries).await else {
            tx.rollback().await?;
            return Ok(None);
        };
        outcomes.extend(
            added
                .into_iter()
                .map(|a| a.map(|v| Box::new(v) as Box<dyn Any + Send>)),
        );
        rest = &rest[entries.len()..];
    }
    tx.commit().await?;
    Ok(Some(outcomes))
}

/// Each job in its own savepoint of one transaction.
async fn isolated(pool: &SqlitePool, jobs: &[Job]) -> StorageResult<Vec<Outcome>> {
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(jobs.len());
    for job in jobs {
        let mut savepoint = Acquire::begin(&mut tx).await?;
        let outcome = (job.run)(&mut savepoint).await;
        if outcome.is_ok() {
            savepoint.commit().await?;
        } else {
            savepoint.rollback().await?;
        }
        outcomes.push(outcome);
    }
    tx.commit().await?;
    Ok(outcomes)
}
