//! The browser's live connection: one WebSocket per tab, subscriptions by topic,
//! reconnect with backoff, resume from the last sequence seen, connection state.

use crate::domain::activity::{Activity, Doing};
use crate::domain::{CaseId, Event};
#[cfg(feature = "hydrate")]
use crate::domain::{ClientFrame, ServerFrame};
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::rc::Rc;

/// What the connection is doing, for the badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnStatus {
    Connecting,
    Live,
    /// Waiting this many seconds before the next attempt.
    Retrying(u32),
}

type Handler = Rc<dyn Fn(&Event)>;
type ActivityHandler = Rc<dyn Fn(&Activity)>;

struct Subscription {
    topic: String,
    /// Events at or below this sequence were already reflected in the view.
    seen: i64,
    handler: Handler,
}

/// The bookkeeping of subscriptions, free of any socket so it is unit-testable.
#[derive(Default)]
pub struct Registry {
    next_id: u64,
    subs: BTreeMap<u64, Subscription>,
    /// Who wants the activity of others on which case.
    activity: BTreeMap<u64, (CaseId, ActivityHandler)>,
    /// The newest sequence the connection has seen.
    pub last_seq: Option<i64>,
    #[cfg(feature = "hydrate")]
    outbox: Option<futures::channel::mpsc::UnboundedSender<String>>,
}

impl Registry {
    /// Adds a handler for `topic`, whose view is current as of `as_of`.
    pub fn add(&mut self, topic: String, as_of: i64, handler: Handler) -> u64 {
        self.next_id += 1;
        self.subs.insert(
            self.next_id,
            Subscription {
                topic,
                seen: as_of,
                handler,
            },
        );
        self.next_id
    }

    /// Removes a handler; returns its topic if no other handler wants it.
    pub fn remove(&mut self, id: u64) -> Option<String> {
        let sub = self.subs.remove(&id)?;
        (!self.subs.values().any(|s| s.topic == sub.topic)).then_some(sub.topic)
    }

    /// Adds a handler for the activity of others on `case`.
    pub fn add_activity(&mut self, case: CaseId, handler: ActivityHandler) -> u64 {
        self.next_id += 1;
        self.activity.insert(self.next_id, (case, handler));
        self.next_id
    }

    /// Removes an activity handler.
    pub fn remove_activity(&mut self, id: u64) {
        self.activity.remove(&id);
    }

    /// The handlers of the case an activity is on.
    pub fn route_activity(&self, a: &Activity) -> Vec<ActivityHandler> {
        self.activity
            .values()
            .filter(|(case, _)| *case == a.case_id)
            .map(|(_, h)| h.clone())
            .collect()
    }

    /// The distinct topics wanted.
    pub fn topics(&self) -> Vec<String> {
        let mut t: Vec<String> = self.subs.values().map(|s| s.topic.clone()).collect();
        t.sort();
        t.dedup();
        t
    }

    /// Each topic with the oldest sequence any of its views has seen: a (re)connection
    /// subscribes with it as `since` and receives exactly what the views missed.
    pub fn topics_since(&self) -> Vec<(String, i64)> {
        let mut out: BTreeMap<String, i64> = BTreeMap::new();
        for s in self.subs.values() {
            let e = out.entry(s.topic.clone()).or_insert(s.seen);
            *e = (*e).min(s.seen);
        }
        out.into_iter().collect()
    }

    /// The handlers an event should reach (each at most once per sequence, in order).
    pub fn route(&mut self, event: &Event) -> Vec<Handler> {
        self.last_seq = Some(self.last_seq.map_or(event.seq, |s| s.max(event.seq)));
        let topics: Vec<String> = event
            .kind
            .topics()
            .iter()
            .map(ToString::to_string)
            .collect();
        let mut out = Vec::new();
        for sub in self.subs.values_mut() {
            if event.seq > sub.seen && topics.contains(&sub.topic) {
                sub.seen = event.seq;
                out.push(sub.handler.clone());
            }
        }
        out
    }
}

/// Handle to the tab's live connection, provided as context.
#[derive(Clone, Copy)]
pub struct Live {
    pub status: RwSignal<ConnStatus>,
    /// Bumped when the server says the view is too old to patch: reload data.
    pub resets: RwSignal<u64>,
    /// Browser only: the server renders on many threads and never connects.
    #[cfg(feature = "hydrate")]
    registry: StoredValue<Registry, LocalStorage>,
}

impl Live {
    /// Creates the connection handle and, in the browser, starts connecting.
    pub fn provide() {
        let live = Live {
            status: RwSignal::new(ConnStatus::Connecting),
            resets: RwSignal::new(0),
            #[cfg(feature = "hydrate")]
            registry: StoredValue::new_local(Registry::default()),
        };
        provide_context(live);
        #[cfg(feature = "hydrate")]
        Effect::new(move |started: Option<()>| {
            if started.is_none() {
                leptos::task::spawn_local(socket::run(live));
            }
        });
    }

    /// The handle provided by [`Live::provide`].
    pub fn expect() -> Live {
        expect_context::<Live>()
    }

    /// Calls `handler` for every event on `topic` newer than `as_of`, until the
    /// calling component is dropped.
    pub fn subscribe(&self, topic: String, as_of: i64, handler: impl Fn(&Event) + 'static) {
        #[cfg(not(feature = "hydrate"))]
        let _ = (topic, as_of, handler);
        #[cfg(feature = "hydrate")]
        self.subscribe_in_browser(topic, as_of, handler);
    }

    #[cfg(feature = "hydrate")]
    fn subscribe_in_browser(&self, topic: String, as_of: i64, handler: impl Fn(&Event) + 'static) {
        let id = self
            .registry
            .try_update_value(|r| r.add(topic.clone(), as_of, Rc::new(handler)));
        self.send(&ClientFrame::Subscribe {
            topic,
            since: Some(as_of),
        });
        let registry = self.registry;
        let live = *self;
        on_cleanup(move || {
            if let Some(Some(topic)) = id.and_then(|id| registry.try_update_value(|r| r.remove(id)))
            {
                live.send(&ClientFrame::Unsubscribe { topic });
            }
        });
    }

    /// Calls `handler` with what others do on `case` (viewing, typing, leaving)
    /// until the calling component is dropped. Needs a subscription to the case.
    pub fn on_activity(&self, case: CaseId, handler: impl Fn(&Activity) + 'static) {
        #[cfg(not(feature = "hydrate"))]
        let _ = (case, handler);
        #[cfg(feature = "hydrate")]
        {
            let registry = self.registry;
            let id = registry.try_update_value(|r| r.add_activity(case, Rc::new(handler)));
            on_cleanup(move || {
                if let Some(id) = id {
                    registry.try_update_value(|r| r.remove_activity(id));
                }
            });
        }
    }

    /// Tells the others on `case` what this person is doing; dropped while
    /// disconnected (the next announcement repeats it).
    pub fn announce(&self, case: CaseId, doing: Doing) {
        #[cfg(not(feature = "hydrate"))]
        let _ = (case, doing);
        #[cfg(feature = "hydrate")]
        self.send(&ClientFrame::Activity {
            case_id: case,
            doing,
        });
    }

    #[cfg(feature = "hydrate")]
    fn send(&self, frame: &ClientFrame) {
        if let Ok(text) = serde_json::to_string(frame) {
            self.registry.with_value(|r| {
                if let Some(tx) = &r.outbox {
                    let _ = tx.unbounded_send(text);
                }
            });
        }
    }

    /// Applies one frame from the server.
    #[cfg(feature = "hydrate")]
    fn receive(&self, frame: ServerFrame) {
        match frame {
            ServerFrame::Event(event) => {
                let handlers = self
                    .registry
                    .try_update_value(|r| r.route(&event))
                    .unwrap_or_default();
                for h in handlers {
                    h(&event);
                }
            }
            ServerFrame::Activity(a) => {
                let handlers = self
                    .registry
                    .try_with_value(|r| r.route_activity(&a))
                    .unwrap_or_default();
                for h in handlers {
                    h(&a);
                }
            }
            ServerFrame::Reset { last_seq } => {
                self.registry.update_value(|r| {
                    r.last_seq = Some(last_seq);
                    for s in r.subs.values_mut() {
                        s.seen = s.seen.max(last_seq);
                    }
                });
                self.resets.update(|n| *n += 1);
            }
            _ => {}
        }
    }
}

#[cfg(feature = "hydrate")]
mod socket {
    //! The WebSocket loop: connect, subscribe, resume, heartbeat, back off.

    use super::{ConnStatus, Live};
    use crate::domain::{ClientFrame, ServerFrame};
    use futures::{SinkExt, StreamExt};
    use gloo_net::websocket::{futures::WebSocket, Message};
    use gloo_timers::future::TimeoutFuture;
    use leptos::prelude::*;

    const PING_EVERY_MS: u32 = 25_000;
    const SILENCE_LIMIT_MS: f64 = 60_000.0;

    fn url() -> Option<String> {
        let loc = web_sys::window()?.location();
        let scheme = if loc.protocol().ok()? == "https:" {
            "wss"
        } else {
            "ws"
        };
        Some(format!("{scheme}://{}/ws", loc.host().ok()?))
    }

    pub async fn run(live: Live) {
        let mut attempt: u32 = 0;
        loop {
            live.status.set(ConnStatus::Connecting);
            if let Some(Ok(ws)) = url().map(|u| WebSocket::open(&u)) {
                if session(live, ws).await {
                    attempt = 0;
                }
            }
            live.registry.update_value(|r| r.outbox = None);
            attempt = attempt.saturating_add(1);
            let secs = 2u32.saturating_pow(attempt.min(4)).min(15);
            for left in (1..=secs).rev() {
                live.status.set(ConnStatus::Retrying(left));
                TimeoutFuture::new(1_000).await;
            }
        }
    }

    /// One connection; returns whether it got as far as `hello`.
    async fn session(live: Live, ws: WebSocket) -> bool {
        let (mut write, read) = ws.split();
        let mut read = read.fuse();
        let (tx, mut outbox) = futures::channel::mpsc::unbounded::<String>();
        let mut greeted = false;
        let mut last_heard = js_sys::Date::now();
        loop {
            let tick = TimeoutFuture::new(PING_EVERY_MS);
            futures::select! {
                msg = read.next() => {
                    let Some(Ok(Message::Text(text))) = msg else { return greeted };
                    last_heard = js_sys::Date::now();
                    // Read as bytes, as server functions' answers are: one copy of
                    // the deserialising code (see `resource`).
                    let frame = match serde_json::from_slice::<ServerFrame>(text.as_bytes()) {
                        Ok(f) => f,
                        Err(e) => { leptos::logging::log!("live: bad frame {e}"); continue }
                    };
                    if let ServerFrame::Hello { last_seq } = frame {
                        greeted = true;
                        // Open the outbox and take the snapshot together: a view that subscribes
                        // from now on goes through the outbox, never into a gap between the two.
                        let topics = live.registry.try_update_value(|r| {
                            r.last_seq = Some(r.last_seq.unwrap_or(last_seq));
                            r.outbox = Some(tx.clone());
                            r.topics_since()
                        }).unwrap_or_default();
                        for (topic, since) in topics {
                            let f = ClientFrame::Subscribe { topic, since: Some(since) };
                            if let Ok(t) = serde_json::to_string(&f) {
                                if write.send(Message::Text(t)).await.is_err() { return greeted; }
                            }
                        }
                        live.status.set(ConnStatus::Live);
                    } else {
                        live.receive(frame);
                    }
                }
                out = outbox.next() => {
                    if let Some(text) = out {
                        if write.send(Message::Text(text)).await.is_err() { return greeted; }
                    }
                }
                _ = futures::FutureExt::fuse(tick) => {
                    if js_sys::Date::now() - last_heard > SILENCE_LIMIT_MS { return greeted; }
                    if let Ok(t) = serde_json::to_string(&ClientFrame::Ping) {
                        if write.send(Message::Text(t)).await.is_err() { return greeted; }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseId, EntryId, EntryKind, EventKind, QueueId, TimelineEntry};
    use std::cell::RefCell;

    fn entry_event(seq: i64, case: i64) -> Event {
        let entry = TimelineEntry {
            id: EntryId(seq),
            case_id: CaseId(case),
            kind: EntryKind::AgentReply,
            author_id: None,
            author_name: String::new(),
            body: String::new(),
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

    #[test]
    fn a_handler_gets_each_event_of_its_topic_once_and_only_newer_than_its_view() {
        let got = Rc::new(RefCell::new(Vec::new()));
        let mut r = Registry::default();
        let g = got.clone();
        r.add(
            "case:7".into(),
            10,
            Rc::new(move |e: &Event| g.borrow_mut().push(e.seq)),
        );
        for seq in [9, 10, 11, 11, 12] {
            for h in r.route(&entry_event(seq, 7)) {
                h(&entry_event(seq, 7));
            }
        }
        assert!(r.route(&entry_event(13, 8)).is_empty());
        assert_eq!(*got.borrow(), vec![11, 12]);
        assert_eq!(r.last_seq, Some(13));
    }

    #[test]
    fn a_topic_resumes_from_its_oldest_view_and_is_dropped_with_its_last_handler() {
        let mut r = Registry::default();
        let a = r.add("queue:1".into(), 40, Rc::new(|_: &Event| {}));
        let b = r.add("queue:1".into(), 35, Rc::new(|_: &Event| {}));
        r.add("case:2".into(), 50, Rc::new(|_: &Event| {}));
        assert_eq!(
            r.topics_since(),
            vec![("case:2".to_string(), 50), ("queue:1".to_string(), 35)]
        );
        r.remove(r.next_id);
        assert_eq!(r.topics(), vec!["queue:1".to_string()]);
        assert_eq!(r.remove(a), None);
        assert_eq!(r.remove(b), Some("queue:1".into()));
        assert!(r.topics().is_empty());
    }

    #[test]
    fn activity_goes_to_the_handlers_of_its_case() {
        let got = Rc::new(RefCell::new(Vec::new()));
        let mut r = Registry::default();
        let g = got.clone();
        let id = r.add_activity(
            CaseId(7),
            Rc::new(move |a: &Activity| g.borrow_mut().push(a.name.clone())),
        );
        let on = |case: i64| Activity {
            case_id: CaseId(case),
            user_id: crate::domain::UserId(2),
            name: format!("on {case}"),
            doing: Doing::Viewing,
        };
        for h in r.route_activity(&on(7)) {
            h(&on(7));
        }
        assert!(r.route_activity(&on(8)).is_empty());
        r.remove_activity(id);
        assert!(r.route_activity(&on(7)).is_empty());
        assert_eq!(*got.borrow(), vec!["on 7".to_string()]);
    }
}
