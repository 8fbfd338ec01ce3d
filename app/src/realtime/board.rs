//! The board feed: each node keeps the supervisor board's tally in memory,
//! loaded once from storage and then moved by every event the hub publishes
//! (this node's and, through the gap filler, every other node's).

use super::hub::Hub;
use crate::domain::board::{BoardTally, QueueCounts};
use crate::domain::{QueueId, UserId};
use crate::storage::Storage;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// The tally and how far into the event stream it is.
#[derive(Debug)]
pub struct BoardFeed {
    tally: Mutex<BoardTally>,
    applied: watch::Sender<i64>,
}

impl Default for BoardFeed {
    fn default() -> Self {
        BoardFeed {
            tally: Mutex::new(BoardTally::default()),
            applied: watch::channel(-1).0,
        }
    }
}

impl BoardFeed {
    /// Follows `hub` for as long as the process lives; run it as a task.
    pub async fn run(self: Arc<Self>, hub: Arc<Hub>, storage: Storage) {
        loop {
            let (mut rx, cursor) = hub.attach();
            match storage.open_board_cases().await {
                Ok(cases) => {
                    *self.tally.lock().unwrap_or_else(|e| e.into_inner()) = BoardTally::of(cases);
                    self.applied.send_replace(cursor);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "board could not read the open cases; retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    continue;
                }
            }
            // Events after the cursor replay onto the snapshot: each sets a case
            // to the state it left it in, so the tally ends where storage is.
            loop {
                match rx.recv().await {
                    Ok(p) => {
                        if let Some(case) = p.event.kind.case() {
                            self.tally
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .apply(case);
                        }
                        self.applied.send_replace(p.event.seq);
                    }
                    Err(broadcast::error::RecvError::Lagged(n)) => {
                        tracing::warn!(skipped = n, "board fell behind; reloading");
                        break;
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                }
            }
        }
    }

    /// Waits (at most `limit`) until the tally has applied event `seq`;
    /// whether it has.
    pub async fn caught_up(&self, seq: i64, limit: Duration) -> bool {
        let mut rx = self.applied.subscribe();
        tokio::time::timeout(limit, rx.wait_for(|applied| *applied >= seq))
            .await
            .is_ok_and(|r| r.is_ok())
    }

    /// The last event applied (-1 before the first load).
    pub fn applied(&self) -> i64 {
        *self.applied.borrow()
    }

    /// Each queue's figures and each agent's load, read under one lock.
    pub fn read(&self, queues: &[QueueId], agents: &[UserId]) -> (Vec<QueueCounts>, Vec<i64>) {
        let t = self.tally.lock().unwrap_or_else(|e| e.into_inner());
        (
            queues.iter().map(|q| t.counts(*q)).collect(),
            agents.iter().map(|a| t.load(*a)).collect(),
        )
    }
}
