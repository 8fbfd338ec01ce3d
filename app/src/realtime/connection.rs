//! One client connection: subscriptions checked per topic, resume by sequence,
//! heartbeats, and a bounded buffer (a client that falls too far behind is dropped).

use super::hub::{Hub, Published};
use crate::domain::{ClientFrame, ServerFrame, Topic};
use futures::{Sink, SinkExt, Stream, StreamExt};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

/// Furthest back a client may resume; further than this it gets a `reset`.
pub const MAX_REPLAY: i64 = 10_000;

/// What arrived from the client, already stripped of transport details.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    Text(String),
    /// Any sign of life that is not a text frame (pong, ping).
    Alive,
    Close,
    /// Binary, oversized or undecodable: the connection is closed.
    Invalid(String),
}

/// What to send to the client.
#[derive(Debug, Clone, PartialEq)]
pub enum Outbound {
    Text(Arc<str>),
    Ping,
    Close { code: u16, reason: String },
}

/// Why the connection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    ClientClosed,
    Malformed(String),
    TooSlow,
    TimedOut,
    SendFailed,
    HubClosed,
}

/// Decides whether this connection's caller may subscribe to a topic.
#[async_trait::async_trait]
pub trait TopicAccess: Send + Sync {
    /// `Err(reason)` refuses the subscription.
    async fn check(&self, topic: Topic) -> Result<(), String>;
}

/// Timing of a connection.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub heartbeat: Duration,
    pub idle_timeout: Duration,
    pub send_timeout: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing { heartbeat: Duration::from_secs(20), idle_timeout: Duration::from_secs(60), send_timeout: Duration::from_secs(10) }
    }
}

struct Conn<'a, O> {
    out: &'a mut O,
    subs: HashSet<Topic>,
    cursor: i64,
    timing: Timing,
}

impl<O> Conn<'_, O>
where
    O: Sink<Outbound> + Unpin,
{
    async fn send(&mut self, msg: Outbound) -> Result<(), Ended> {
        match tokio::time::timeout(self.timing.send_timeout, self.out.send(msg)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(Ended::SendFailed),
            Err(_) => Err(Ended::TooSlow),
        }
    }

    async fn frame(&mut self, frame: &ServerFrame) -> Result<(), Ended> {
        let text = serde_json::to_string(frame).map_err(|e| Ended::Malformed(e.to_string()))?;
        self.send(Outbound::Text(text.into())).await
    }

    fn wants(&self, p: &Published) -> bool {
        p.topics.iter().any(|t| self.subs.contains(t))
    }

    async fn live(&mut self, p: &Published) -> Result<(), Ended> {
        if p.event.seq <= self.cursor {
            return Ok(());
        }
        self.cursor = p.event.seq;
        if self.wants(p) {
            self.send(Outbound::Text(p.frame.clone())).await?;
        }
        Ok(())
    }

    /// Replays events after `last_seq` up to the cursor, on every subscription or only `only`.
    async fn replay(&mut self, hub: &Hub, last_seq: i64, only: Option<Topic>) -> Result<(), Ended> {
        if last_seq >= self.cursor {
            if last_seq > self.cursor {
                // The client saw events this server never had (e.g. a restored database).
                return self.frame(&ServerFrame::Reset { last_seq: self.cursor }).await;
            }
            return Ok(());
        }
        let oldest = hub.log().oldest_seq().await.ok().flatten();
        let pruned = oldest.is_some_and(|o| o > last_seq + 1) || (oldest.is_none() && self.cursor > 0);
        if pruned || last_seq < 0 || self.cursor - last_seq > MAX_REPLAY {
            return self.frame(&ServerFrame::Reset { last_seq: self.cursor }).await;
        }
        let mut after = last_seq;
        while after < self.cursor {
            let batch = match hub.log().events_after(after, 1000).await {
                Ok(b) if !b.is_empty() => b,
                _ => return self.frame(&ServerFrame::Reset { last_seq: self.cursor }).await,
            };
            for event in batch {
                if event.seq > self.cursor {
                    return Ok(());
                }
                after = event.seq;
                let topics = event.kind.topics();
                let wanted = match only {
                    Some(t) => topics.contains(&t),
                    None => topics.iter().any(|t| self.subs.contains(t)),
                };
                if wanted {
                    self.frame(&ServerFrame::Event(event)).await?;
                }
            }
        }
        Ok(())
    }

    async fn handle(&mut self, hub: &Hub, access: &dyn TopicAccess, text: &str) -> Result<(), Ended> {
        let frame: ClientFrame = serde_json::from_str(text).map_err(|e| Ended::Malformed(e.to_string()))?;
        match frame {
            ClientFrame::Ping => self.frame(&ServerFrame::Pong).await,
            ClientFrame::Subscribe { topic, since } => {
                let parsed = topic.parse::<Topic>();
                let t = match parsed {
                    Err(reason) => return self.frame(&ServerFrame::Denied { topic, reason }).await,
                    Ok(t) => t,
                };
                if let Err(reason) = access.check(t).await {
                    return self.frame(&ServerFrame::Denied { topic, reason }).await;
                }
                self.subs.insert(t);
                self.frame(&ServerFrame::Subscribed { topic }).await?;
                match since {
                    Some(since) => self.replay(hub, since, Some(t)).await,
                    None => Ok(()),
                }
            }
            ClientFrame::Unsubscribe { topic } => {
                if let Ok(t) = topic.parse::<Topic>() {
                    self.subs.remove(&t);
                }
                self.frame(&ServerFrame::Unsubscribed { topic }).await
            }
            ClientFrame::Resume { last_seq } => self.replay(hub, last_seq, None).await,
        }
    }
}

/// Runs one connection to its end. Sends `hello` first; closes on a malformed frame,
/// on silence past the idle timeout, and when the client falls too far behind.
pub async fn run_connection<I, O>(hub: Arc<Hub>, access: &dyn TopicAccess, mut incoming: I, mut outgoing: O, timing: Timing) -> Ended
where
    I: Stream<Item = Inbound> + Unpin,
    O: Sink<Outbound> + Unpin,
{
    let (mut rx, cursor) = hub.attach();
    let mut conn = Conn { out: &mut outgoing, subs: HashSet::new(), cursor, timing };
    let ended = async {
        conn.frame(&ServerFrame::Hello { last_seq: cursor }).await?;
        let mut heartbeat = tokio::time::interval_at(Instant::now() + timing.heartbeat, timing.heartbeat);
        let mut last_heard = Instant::now();
        loop {
            tokio::select! {
                msg = incoming.next() => {
                    last_heard = Instant::now();
                    match msg {
                        None | Some(Inbound::Close) => return Err(Ended::ClientClosed),
                        Some(Inbound::Alive) => {}
                        Some(Inbound::Invalid(why)) => return Err(Ended::Malformed(why)),
                        Some(Inbound::Text(text)) => conn.handle(&hub, access, &text).await?,
                    }
                }
                ev = rx.recv() => match ev {
                    Ok(p) => conn.live(&p).await?,
                    Err(RecvError::Lagged(_)) => return Err(Ended::TooSlow),
                    Err(RecvError::Closed) => return Err(Ended::HubClosed),
                },
                _ = heartbeat.tick() => {
                    if last_heard.elapsed() > timing.idle_timeout {
                        return Err(Ended::TimedOut);
                    }
                    conn.send(Outbound::Ping).await?;
                }
            }
        }
    }
    .await;
    let ended: Ended = match ended {
        Ok(()) => Ended::ClientClosed,
        Err(e) => e,
    };
    let (code, reason) = match &ended {
        Ended::Malformed(_) => (1007, "malformed frame"),
        Ended::TooSlow => (1008, "too slow; reconnect and resume"),
        Ended::TimedOut => (1001, "idle"),
        _ => (1000, "bye"),
    };
    if !matches!(ended, Ended::SendFailed | Ended::ClientClosed) {
        let _ = tokio::time::timeout(
            Duration::from_secs(1),
            outgoing.send(Outbound::Close { code, reason: reason.into() }),
        )
        .await;
    }
    ended
}
