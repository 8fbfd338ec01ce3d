//! The hub: releases committed events in sequence order to every connection on
//! this node, and fills gaps (including events committed on other nodes) from the log.

use super::sequencer::Sequencer;
use crate::domain::activity::Activity;
use crate::domain::{Event, ServerFrame, Topic};
use crate::storage::{Storage, StorageError};
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, watch, Notify};

/// How many events a connection may fall behind before it is dropped as too slow.
pub const CHANNEL_CAPACITY: usize = 4096;

/// Where the hub reads events it did not see committed (gaps, other nodes, replays).
#[async_trait::async_trait]
pub trait EventLog: Send + Sync + 'static {
    /// Events after `after`, oldest first, at most `limit`.
    async fn events_after(&self, after: i64, limit: i64) -> Result<Vec<Event>, StorageError>;
    /// The oldest event still stored, if any.
    async fn oldest_seq(&self) -> Result<Option<i64>, StorageError>;
}

#[async_trait::async_trait]
impl EventLog for Storage {
    async fn events_after(&self, after: i64, limit: i64) -> Result<Vec<Event>, StorageError> {
        Storage::events_after(self, after, limit).await
    }
    async fn oldest_seq(&self) -> Result<Option<i64>, StorageError> {
        Storage::oldest_seq(self).await
    }
}

/// An event ready to send: its topics and its frame, serialised once for every socket.
#[derive(Debug)]
pub struct Published {
    pub event: Event,
    pub topics: Vec<Topic>,
    pub frame: Arc<str>,
}

impl Published {
    fn new(event: Event) -> Self {
        let topics = event.kind.topics();
        let frame = serde_json::to_string(&ServerFrame::Event(event.clone())).unwrap_or_default();
        Published {
            event,
            topics,
            frame: frame.into(),
        }
    }
}

/// Someone's activity on a case, ready to send: serialised once for every socket.
#[derive(Debug)]
pub struct Relayed {
    pub activity: Activity,
    pub frame: Arc<str>,
}

/// How much activity may queue for a socket before the oldest is skipped (it is
/// ephemeral: the next "viewing" or "typing" repeats it).
const ACTIVITY_CAPACITY: usize = 1024;

/// The per-node hub. Cheap to share behind an `Arc`.
pub struct Hub {
    log: Arc<dyn EventLog>,
    sequencer: Mutex<Sequencer>,
    tx: broadcast::Sender<Arc<Published>>,
    gap: Notify,
    committed: watch::Sender<i64>,
    /// Activity for this node's sockets.
    activity: broadcast::Sender<Arc<Relayed>>,
    /// Activity of this node's sockets, for other nodes (see the server's cluster bridge).
    outgoing: broadcast::Sender<Activity>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("last_published", &self.last_published())
            .finish()
    }
}

impl Hub {
    /// A hub whose history starts after `last_seq`. Spawn [`Hub::run_gap_filler`] beside it.
    pub fn new(log: Arc<dyn EventLog>, last_seq: i64) -> Arc<Self> {
        let (tx, _) = broadcast::channel(CHANNEL_CAPACITY);
        let (committed, _) = watch::channel(last_seq);
        let (activity, _) = broadcast::channel(ACTIVITY_CAPACITY);
        let (outgoing, _) = broadcast::channel(ACTIVITY_CAPACITY);
        Arc::new(Hub {
            log,
            sequencer: Mutex::new(Sequencer::new(last_seq)),
            tx,
            gap: Notify::new(),
            committed,
            activity,
            outgoing,
        })
    }

    /// Relays activity of a socket on this node: to this node's sockets and to other nodes.
    pub fn activity(&self, a: Activity) {
        // No receivers is fine: a single node, or nobody else connected.
        let _ = self.outgoing.send(a.clone());
        self.activity_from_peer(a);
    }

    /// Relays activity another node heard, to this node's sockets only.
    pub fn activity_from_peer(&self, a: Activity) {
        let frame = serde_json::to_string(&ServerFrame::Activity(a.clone())).unwrap_or_default();
        let _ = self.activity.send(Arc::new(Relayed {
            activity: a,
            frame: frame.into(),
        }));
    }

    /// Activity on this node, for a socket to filter by its subscriptions.
    pub fn watch_activity(&self) -> broadcast::Receiver<Arc<Relayed>> {
        self.activity.subscribe()
    }

    /// Activity of this node's sockets, for telling other nodes.
    pub fn outgoing_activity(&self) -> broadcast::Receiver<Activity> {
        self.outgoing.subscribe()
    }

    /// The newest sequence number published on this node.
    pub fn last_published(&self) -> i64 {
        self.sequencer
            .lock()
            .map(|s| s.last_released())
            .unwrap_or(0)
    }

    /// The event log behind the hub, for replays.
    pub fn log(&self) -> &Arc<dyn EventLog> {
        &self.log
    }

    /// Joins the live stream. The cursor is the last event published before joining:
    /// everything after it arrives on the receiver.
    pub fn attach(&self) -> (broadcast::Receiver<Arc<Published>>, i64) {
        let guard = self.sequencer.lock().unwrap_or_else(|e| e.into_inner());
        (self.tx.subscribe(), guard.last_released())
    }

    /// How many sockets are attached on this node.
    pub fn connections(&self) -> usize {
        self.tx.receiver_count()
    }

    /// Reports events this node has just committed.
    pub fn committed(&self, events: &[Event]) {
        let Some(newest) = events.iter().map(|e| e.seq).max() else {
            return;
        };
        self.offer(events.iter().cloned());
        self.committed.send_if_modified(|s| {
            let newer = newest > *s;
            *s = (*s).max(newest);
            newer
        });
    }

    /// Another node says it committed up to `seq`: fetch what we have not seen.
    pub fn heard(&self, seq: i64) {
        if seq > self.last_published() {
            self.gap.notify_one();
        }
    }

    /// The newest sequence this node committed, for telling other nodes.
    pub fn commits(&self) -> watch::Receiver<i64> {
        self.committed.subscribe()
    }

    fn offer(&self, events: impl Iterator<Item = Event>) {
        let mut seq = self.sequencer.lock().unwrap_or_else(|e| e.into_inner());
        for e in events {
            for ready in seq.offer(e) {
                tracing::debug!(
                    seq = ready.seq,
                    sockets = self.tx.receiver_count(),
                    "publishing"
                );
                // No receivers is fine: nobody is listening on this node.
                let _ = self.tx.send(Arc::new(Published::new(ready)));
            }
        }
        if seq.has_gap() {
            self.gap.notify_one();
        }
    }

    /// Fills gaps from the log until the hub is dropped elsewhere; run it as a task.
    pub async fn run_gap_filler(self: Arc<Self>) {
        loop {
            self.gap.notified().await;
            if let Err(e) = self.fill_from_log().await {
                tracing::warn!(error = %e, "hub could not read the event log; retrying");
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                self.gap.notify_one();
            }
        }
    }

    /// Reads and publishes everything after the last published event.
    pub async fn fill_from_log(&self) -> Result<(), StorageError> {
        loop {
            let after = self.last_published();
            let batch = self.log.events_after(after, 1000).await?;
            let full = batch.len() == 1000;
            self.offer(batch.into_iter());
            if !full {
                return Ok(());
            }
        }
    }
}
