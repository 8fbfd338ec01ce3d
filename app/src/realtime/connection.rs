//! One client connection: subscriptions checked per topic, resume by sequence,
//! heartbeats, and a bounded buffer (a client that falls too far behind is dropped).

use super::hub::{Hub, Published, Relayed};
use crate::domain::activity::{Activity, Doing};
use crate::domain::{CaseId, ClientFrame, ServerFrame, Topic, UserId};
use futures::{Sink, SinkExt, Stream, StreamExt};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::time::Instant;

/// Most live events sent in one write.
const MAX_BURST: usize = 64;

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

    /// The person behind the connection, named in the activity others see;
    /// `None` for connections that may not announce activity.
    fn person(&self) -> Option<(UserId, String)> {
        None
    }
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
        Timing {
            heartbeat: Duration::from_secs(20),
            idle_timeout: Duration::from_secs(60),
            send_timeout: Duration::from_secs(10),
        }
    }
}

struct Conn<'a, O> {
    out: &'a mut O,
    subs: HashSet<Topic>,
    cursor: i64,
    timing: Timing,
    person: Option<(UserId, String)>,
    /// Cases this connection said it is on: it leaves them when it ends.
    on_cases: HashSet<CaseId>,
}

impl<O> Conn<'_, O>
where
    O: Sink<Outbound> + Unpin,
{
    async fn send(&mut self, msg: Outbound) -> Result<(), Ended> {
        self.write([msg]).await
    }

    /// Queues `frames` on the socket and flushes once. Usually the socket
    /// takes them at once: only a write that has to wait arms the send
    /// timeout (a timer per socket per write is measurable when a thousand
    /// sockets get the same event), and one that waits past it ends the
    /// connection as too slow.
    async fn write(&mut self, frames: impl IntoIterator<Item = Outbound>) -> Result<(), Ended> {
        let out = &mut *self.out;
        let mut write = std::pin::pin!(async move {
            for frame in frames {
                out.feed(frame).await.map_err(|_| Ended::SendFailed)?;
            }
            out.flush().await.map_err(|_| Ended::SendFailed)
        });
        match futures::poll!(&mut write) {
            std::task::Poll::Ready(r) => r,
            std::task::Poll::Pending => {
                match tokio::time::timeout(self.timing.send_timeout, write).await {
                    Ok(r) => r,
                    Err(_) => Err(Ended::TooSlow),
                }
            }
        }
    }

    async fn frame(&mut self, frame: &ServerFrame) -> Result<(), Ended> {
        let text = serde_json::to_string(frame).map_err(|e| Ended::Malformed(e.to_string()))?;
        self.send(Outbound::Text(text.into())).await
    }

    fn wants(&self, p: &Published) -> bool {
        p.topics.iter().any(|t| self.subs.contains(t))
    }

    /// Someone's activity, sent on if this connection is on that case and is
    /// not that person.
    async fn relayed(&mut self, r: &Relayed) -> Result<(), Ended> {
        let own = self.person.as_ref().map(|p| p.0) == Some(r.activity.user_id);
        if !own && self.subs.contains(&Topic::Case(r.activity.case_id)) {
            self.send(Outbound::Text(r.frame.clone())).await?;
        }
        Ok(())
    }

    /// Announces this connection's person on a case it is subscribed to.
    async fn announce(&mut self, hub: &Hub, case_id: CaseId, doing: Doing) -> Result<(), Ended> {
        let topic = Topic::Case(case_id);
        let Some((user_id, name)) = self.person.clone() else {
            return self
                .frame(&ServerFrame::Denied {
                    topic: topic.to_string(),
                    reason: "this connection cannot announce activity".into(),
                })
                .await;
        };
        if !self.subs.contains(&topic) {
            return self
                .frame(&ServerFrame::Denied {
                    topic: topic.to_string(),
                    reason: "subscribe to the case first".into(),
                })
                .await;
        }
        if doing == Doing::Left {
            self.on_cases.remove(&case_id);
        } else {
            self.on_cases.insert(case_id);
        }
        hub.activity(Activity {
            case_id,
            user_id,
            name,
            doing,
        });
        Ok(())
    }

    /// Tells the others on each case this connection was on that it has gone.
    fn leave_all(&mut self, hub: &Hub) {
        if let Some((user_id, name)) = &self.person {
            for case_id in self.on_cases.drain() {
                hub.activity(Activity {
                    case_id,
                    user_id: *user_id,
                    name: name.clone(),
                    doing: Doing::Left,
                });
            }
        }
    }

    /// Sends the wanted events of a burst (what the hub released together,
    /// e.g. a reply's entry and its case) as one write.
    async fn live(&mut self, burst: &[Arc<Published>]) -> Result<(), Ended> {
        let mut frames = Vec::with_capacity(burst.len());
        for p in burst {
            tracing::trace!(seq = p.event.seq, cursor = self.cursor, subs = ?self.subs, "live event");
            if p.event.seq <= self.cursor {
                continue;
            }
            self.cursor = p.event.seq;
            if self.wants(p) {
                frames.push(Outbound::Text(p.frame.clone()));
            }
        }
        if frames.is_empty() {
            return Ok(());
        }
        self.write(frames).await
    }

    /// Replays events after `last_seq` up to the cursor, on every subscription or only `only`.
    async fn replay(&mut self, hub: &Hub, last_seq: i64, only: Option<Topic>) -> Result<(), Ended> {
        if last_seq >= self.cursor {
            if last_seq > self.cursor {
                // The client saw events this server never had (e.g. a restored database).
                return self
                    .frame(&ServerFrame::Reset {
                        last_seq: self.cursor,
                    })
                    .await;
            }
            return Ok(());
        }
        let oldest = hub.log().oldest_seq().await.ok().flatten();
        let pruned =
            oldest.is_some_and(|o| o > last_seq + 1) || (oldest.is_none() && self.cursor > 0);
        if pruned || last_seq < 0 || self.cursor - last_seq > MAX_REPLAY {
            return self
                .frame(&ServerFrame::Reset {
                    last_seq: self.cursor,
                })
                .await;
        }
        let mut after = last_seq;
        while after < self.cursor {
            let batch = match hub.log().events_after(after, 1000).await {
                Ok(b) if !b.is_empty() => b,
                _ => {
                    return self
                        .frame(&ServerFrame::Reset {
                            last_seq: self.cursor,
                        })
                        .await
                }
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

    async fn handle(
        &mut self,
        hub: &Hub,
        access: &dyn TopicAccess,
        text: &str,
    ) -> Result<(), Ended> {
        let frame: ClientFrame =
            serde_json::from_str(text).map_err(|e| Ended::Malformed(e.to_string()))?;
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
                    if let Topic::Case(id) = t {
                        if self.on_cases.contains(&id) {
                            self.announce(hub, id, Doing::Left).await?;
                        }
                    }
                    self.subs.remove(&t);
                }
                self.frame(&ServerFrame::Unsubscribed { topic }).await
            }
            ClientFrame::Resume { last_seq } => self.replay(hub, last_seq, None).await,
            ClientFrame::Activity { case_id, doing } => self.announce(hub, case_id, doing).await,
        }
    }
}

/// Runs one connection to its end. Sends `hello` first; closes on a malformed frame,
/// on silence past the idle timeout, and when the client falls too far behind.
pub async fn run_connection<I, O>(
    hub: Arc<Hub>,
    access: &dyn TopicAccess,
    mut incoming: I,
    mut outgoing: O,
    timing: Timing,
) -> Ended
where
    I: Stream<Item = Inbound> + Unpin,
    O: Sink<Outbound> + Unpin,
{
    let (mut rx, cursor) = hub.attach();
    let mut activity = hub.watch_activity();
    let mut conn = Conn {
        out: &mut outgoing,
        subs: HashSet::new(),
        cursor,
        timing,
        person: access.person(),
        on_cases: HashSet::new(),
    };
    let ended = async {
        conn.frame(&ServerFrame::Hello { last_seq: cursor }).await?;
        let mut heartbeat =
            tokio::time::interval_at(Instant::now() + timing.heartbeat, timing.heartbeat);
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
                    Ok(p) => {
                        // Whatever else the hub released meanwhile goes in the same write.
                        let mut burst = vec![p];
                        while burst.len() < MAX_BURST {
                            match rx.try_recv() {
                                Ok(p) => burst.push(p),
                                Err(TryRecvError::Empty) => break,
                                Err(TryRecvError::Lagged(_)) => return Err(Ended::TooSlow),
                                Err(TryRecvError::Closed) => return Err(Ended::HubClosed),
                            }
                        }
                        conn.live(&burst).await?
                    }
                    Err(RecvError::Lagged(_)) => return Err(Ended::TooSlow),
                    Err(RecvError::Closed) => return Err(Ended::HubClosed),
                },
                act = activity.recv() => match act {
                    Ok(r) => conn.relayed(&r).await?,
                    // Ephemeral: skipped activity is repeated by its sender soon.
                    Err(RecvError::Lagged(_)) => {}
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
    conn.leave_all(&hub);
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
            outgoing.send(Outbound::Close {
                code,
                reason: reason.into(),
            }),
        )
        .await;
    }
    ended
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseId, EntryId, EntryKind, Event, EventKind, QueueId, TimelineEntry};
    use crate::realtime::hub::EventLog;
    use crate::storage::StorageError;
    use futures::channel::mpsc;
    use std::sync::Mutex;

    /// The event log, in memory.
    #[derive(Default)]
    struct MemLog(Mutex<Vec<Event>>);

    #[async_trait::async_trait]
    impl EventLog for MemLog {
        async fn events_after(&self, after: i64, limit: i64) -> Result<Vec<Event>, StorageError> {
            let log = self.0.lock().unwrap();
            Ok(log
                .iter()
                .filter(|e| e.seq > after)
                .take(limit as usize)
                .cloned()
                .collect())
        }
        async fn oldest_seq(&self) -> Result<Option<i64>, StorageError> {
            Ok(self.0.lock().unwrap().first().map(|e| e.seq))
        }
    }

    /// Allows every topic but queue 99.
    struct NotQueue99;

    #[async_trait::async_trait]
    impl TopicAccess for NotQueue99 {
        async fn check(&self, topic: Topic) -> Result<(), String> {
            if topic == Topic::Queue(QueueId(99)) {
                Err("not allowed".into())
            } else {
                Ok(())
            }
        }
    }

    fn entry(seq: i64, case: i64) -> Event {
        let entry = TimelineEntry {
            id: EntryId(seq),
            case_id: CaseId(case),
            kind: EntryKind::AgentReply,
            author_id: None,
            author_name: "A".into(),
            body: format!("m{seq}"),
            client_id: None,
            created_at: 0,
            sentiment: None,
            attachments: Vec::new(),
        };
        Event {
            seq,
            at: 0,
            kind: EventKind::EntryAdded {
                queue_id: QueueId(1),
                entry,
            },
        }
    }

    /// Commits `seqs` (on `case`) to the log and the hub, as a writer would.
    fn commit(log: &MemLog, hub: &Hub, seqs: impl IntoIterator<Item = i64>, case: i64) {
        let events: Vec<Event> = seqs.into_iter().map(|s| entry(s, case)).collect();
        log.0.lock().unwrap().extend(events.iter().cloned());
        hub.committed(&events);
    }

    /// A signed-in person (allowed what [`NotQueue99`] allows).
    struct Person(UserId, &'static str);

    #[async_trait::async_trait]
    impl TopicAccess for Person {
        async fn check(&self, topic: Topic) -> Result<(), String> {
            NotQueue99.check(topic).await
        }
        fn person(&self) -> Option<(UserId, String)> {
            Some((self.0, self.1.into()))
        }
    }

    fn connect_as(hub: Arc<Hub>, user: i64, name: &'static str) -> Harness {
        let (to_server, incoming) = mpsc::unbounded();
        let (outgoing, from_server) = mpsc::unbounded();
        let done = tokio::spawn(async move {
            let access = Person(UserId(user), name);
            run_connection(hub, &access, incoming, outgoing, Timing::default()).await
        });
        Harness {
            to_server,
            from_server,
            done,
        }
    }

    struct Harness {
        to_server: mpsc::UnboundedSender<Inbound>,
        from_server: mpsc::UnboundedReceiver<Outbound>,
        done: tokio::task::JoinHandle<Ended>,
    }

    fn connect(hub: Arc<Hub>, timing: Timing) -> Harness {
        let (to_server, incoming) = mpsc::unbounded();
        let (outgoing, from_server) = mpsc::unbounded();
        let done = tokio::spawn(async move {
            run_connection(hub, &NotQueue99, incoming, outgoing, timing).await
        });
        Harness {
            to_server,
            from_server,
            done,
        }
    }

    impl Harness {
        fn send(&self, frame: serde_json::Value) {
            self.to_server
                .unbounded_send(Inbound::Text(frame.to_string()))
                .unwrap();
        }

        async fn frame(&mut self) -> ServerFrame {
            loop {
                let out = tokio::time::timeout(Duration::from_secs(2), self.from_server.next())
                    .await
                    .expect("a frame")
                    .expect("open");
                match out {
                    Outbound::Text(t) => return serde_json::from_str(&t).unwrap(),
                    Outbound::Ping => continue,
                    Outbound::Close { code, reason } => panic!("closed {code} {reason}"),
                }
            }
        }

        async fn event_seqs(&mut self, n: usize) -> Vec<i64> {
            let mut out = Vec::new();
            for _ in 0..n {
                match self.frame().await {
                    ServerFrame::Event(e) => out.push(e.seq),
                    other => panic!("expected an event, got {other:?}"),
                }
            }
            out
        }
    }

    fn setup() -> (Arc<MemLog>, Arc<Hub>) {
        let log = Arc::new(MemLog::default());
        let hub = Hub::new(log.clone(), 0);
        (log, hub)
    }

    #[tokio::test]
    async fn a_subscriber_gets_only_its_topics_live_in_order() {
        let (log, hub) = setup();
        let mut c = connect(hub.clone(), Timing::default());
        assert_eq!(c.frame().await, ServerFrame::Hello { last_seq: 0 });
        c.send(serde_json::json!({"t": "subscribe", "topic": "case:1"}));
        assert_eq!(
            c.frame().await,
            ServerFrame::Subscribed {
                topic: "case:1".into()
            }
        );
        c.send(serde_json::json!({"t": "subscribe", "topic": "queue:99"}));
        assert!(matches!(c.frame().await, ServerFrame::Denied { .. }));
        commit(&log, &hub, [1, 2], 1);
        commit(&log, &hub, [3], 2);
        commit(&log, &hub, [4], 1);
        assert_eq!(c.event_seqs(3).await, vec![1, 2, 4]);
    }

    /// A sink to the test that counts its flushes (each one a write to the socket).
    struct Flushes {
        inner: mpsc::UnboundedSender<Outbound>,
        count: Arc<std::sync::atomic::AtomicUsize>,
    }

    impl Sink<Outbound> for Flushes {
        type Error = mpsc::SendError;
        fn poll_ready(
            mut self: std::pin::Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Result<(), Self::Error>> {
            std::pin::Pin::new(&mut self.inner).poll_ready(cx)
        }
        fn start_send(
            mut self: std::pin::Pin<&mut Self>,
            item: Outbound,
        ) -> Result<(), Self::Error> {
            std::pin::Pin::new(&mut self.inner).start_send(item)
        }
        fn poll_flush(
            mut self: std::pin::Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Result<(), Self::Error>> {
            self.count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            std::pin::Pin::new(&mut self.inner).poll_flush(cx)
        }
        fn poll_close(
            mut self: std::pin::Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Result<(), Self::Error>> {
            std::pin::Pin::new(&mut self.inner).poll_close(cx)
        }
    }

    #[tokio::test]
    async fn events_released_together_leave_in_one_write_in_order() {
        let (log, hub) = setup();
        let (to_server, incoming) = mpsc::unbounded();
        let (inner, from_server) = mpsc::unbounded();
        let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let outgoing = Flushes {
            inner,
            count: count.clone(),
        };
        let hub2 = hub.clone();
        let done = tokio::spawn(async move {
            run_connection(hub2, &NotQueue99, incoming, outgoing, Timing::default()).await
        });
        let mut c = Harness {
            to_server,
            from_server,
            done,
        };
        c.frame().await;
        c.send(serde_json::json!({"t": "subscribe", "topic": "case:1"}));
        c.frame().await;
        let before = count.load(std::sync::atomic::Ordering::SeqCst);
        // A reply's events (and one on a case this socket does not follow).
        commit(&log, &hub, [1, 2, 3], 1);
        commit(&log, &hub, [4], 2);
        commit(&log, &hub, [5], 1);
        assert_eq!(c.event_seqs(4).await, vec![1, 2, 3, 5]);
        assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst) - before, 1);
    }

    #[tokio::test]
    async fn out_of_order_commits_are_published_in_sequence_order() {
        let (log, hub) = setup();
        let mut c = connect(hub.clone(), Timing::default());
        c.frame().await;
        c.send(serde_json::json!({"t": "subscribe", "topic": "case:1"}));
        c.frame().await;
        let (e1, e2) = (entry(1, 1), entry(2, 1));
        log.0.lock().unwrap().extend([e1.clone(), e2.clone()]);
        hub.committed(&[e2]);
        hub.committed(&[e1]);
        assert_eq!(c.event_seqs(2).await, vec![1, 2]);
    }

    #[tokio::test]
    async fn subscribing_since_a_sequence_replays_exactly_what_was_missed_then_goes_live() {
        let (log, hub) = setup();
        commit(&log, &hub, 1..=30, 1);
        commit(&log, &hub, [31], 2);
        let mut c = connect(hub.clone(), Timing::default());
        assert_eq!(c.frame().await, ServerFrame::Hello { last_seq: 31 });
        c.send(serde_json::json!({"t": "subscribe", "topic": "case:1", "since": 10}));
        assert_eq!(
            c.frame().await,
            ServerFrame::Subscribed {
                topic: "case:1".into()
            }
        );
        assert_eq!(c.event_seqs(20).await, (11..=30).collect::<Vec<_>>());
        commit(&log, &hub, [32], 1);
        assert_eq!(c.event_seqs(1).await, vec![32]);
        c.send(serde_json::json!({"t": "ping"}));
        assert_eq!(c.frame().await, ServerFrame::Pong);
    }

    #[tokio::test]
    async fn resuming_from_before_the_stored_history_asks_for_a_reset() {
        let log = Arc::new(MemLog::default());
        // Events 1..=5 were pruned; the log starts at 6.
        log.0.lock().unwrap().extend((6..=8).map(|s| entry(s, 1)));
        let hub = Hub::new(log.clone(), 8);
        let mut c = connect(hub.clone(), Timing::default());
        c.frame().await;
        c.send(serde_json::json!({"t": "subscribe", "topic": "case:1"}));
        c.frame().await;
        c.send(serde_json::json!({"t": "resume", "last_seq": 2}));
        assert_eq!(c.frame().await, ServerFrame::Reset { last_seq: 8 });
        c.send(serde_json::json!({"t": "resume", "last_seq": 6}));
        assert_eq!(c.event_seqs(2).await, vec![7, 8]);
    }

    #[tokio::test]
    async fn a_malformed_frame_ends_the_connection() {
        let (_log, hub) = setup();
        let mut c = connect(hub, Timing::default());
        c.frame().await;
        c.to_server
            .unbounded_send(Inbound::Text("{nope".into()))
            .unwrap();
        assert!(matches!(c.done.await.unwrap(), Ended::Malformed(_)));
        let last = c.from_server.next().await;
        assert!(
            matches!(last, Some(Outbound::Close { code: 1007, .. })),
            "{last:?}"
        );
    }

    #[tokio::test]
    async fn a_client_that_stops_reading_is_dropped_instead_of_buffering() {
        let (log, hub) = setup();
        let (to_server, incoming) = mpsc::unbounded::<Inbound>();
        // A socket whose buffer holds one frame and is never read.
        let (outgoing, _never_read) = mpsc::channel::<Outbound>(0);
        let timing = Timing {
            send_timeout: Duration::from_millis(100),
            ..Timing::default()
        };
        let h = hub.clone();
        let done = tokio::spawn(async move {
            run_connection(h, &NotQueue99, incoming, outgoing, timing).await
        });
        to_server
            .unbounded_send(Inbound::Text(
                r#"{"t":"subscribe","topic":"case:1"}"#.into(),
            ))
            .unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
        commit(&log, &hub, 1..=50, 1);
        let ended = tokio::time::timeout(Duration::from_secs(5), done)
            .await
            .expect("dropped in time")
            .unwrap();
        assert_eq!(ended, Ended::TooSlow);
    }

    #[tokio::test]
    async fn activity_reaches_the_others_on_the_case_and_leaving_is_announced() {
        let (_log, hub) = setup();
        let mut leo = connect_as(hub.clone(), 2, "Leo");
        let mut maya = connect_as(hub.clone(), 1, "Maya");
        let mut ken = connect_as(hub.clone(), 3, "Ken");
        let mut anonymous = connect(hub.clone(), Timing::default());
        for (c, topic) in [
            (&mut leo, "case:7"),
            (&mut maya, "case:7"),
            (&mut ken, "case:8"),
            (&mut anonymous, "case:7"),
        ] {
            c.frame().await;
            c.send(serde_json::json!({"t": "subscribe", "topic": topic}));
            assert!(matches!(c.frame().await, ServerFrame::Subscribed { .. }));
        }
        let typing = serde_json::json!({"t": "activity", "case_id": 7, "doing": "typing"});
        // Not on the case, or nobody to name: refused, relayed to no one.
        ken.send(typing.clone());
        assert!(
            matches!(ken.frame().await, ServerFrame::Denied { topic, .. } if topic == "case:7")
        );
        anonymous.send(typing.clone());
        assert!(matches!(
            anonymous.frame().await,
            ServerFrame::Denied { .. }
        ));

        leo.send(typing);
        let heard = Activity {
            case_id: CaseId(7),
            user_id: UserId(2),
            name: "Leo".into(),
            doing: Doing::Typing,
        };
        assert_eq!(maya.frame().await, ServerFrame::Activity(heard.clone()));
        assert_eq!(
            anonymous.frame().await,
            ServerFrame::Activity(heard.clone())
        );
        // Leo does not hear himself and Ken (another case) hears nothing: their
        // next frame is the answer to a ping.
        for c in [&mut leo, &mut ken] {
            c.send(serde_json::json!({"t": "ping"}));
            assert_eq!(c.frame().await, ServerFrame::Pong);
        }
        // Leo's socket ends: the others on the case hear that he left.
        leo.to_server.unbounded_send(Inbound::Close).unwrap();
        let left = ServerFrame::Activity(Activity {
            doing: Doing::Left,
            ..heard
        });
        assert_eq!(maya.frame().await, left);
        assert_eq!(anonymous.frame().await, left);
        // Unsubscribing from a case one announced leaves it too.
        maya.send(serde_json::json!({"t": "activity", "case_id": 7, "doing": "viewing"}));
        assert!(
            matches!(anonymous.frame().await, ServerFrame::Activity(a) if a.doing == Doing::Viewing)
        );
        maya.send(serde_json::json!({"t": "unsubscribe", "topic": "case:7"}));
        assert!(
            matches!(anonymous.frame().await, ServerFrame::Activity(a) if a.doing == Doing::Left && a.name == "Maya")
        );
    }
}
