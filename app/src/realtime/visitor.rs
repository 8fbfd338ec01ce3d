//! A chat-widget visitor's live connection: known by the token in its first
//! frame, it follows the visitor's own chat only and carries nothing but
//! what a customer may see (their chat's lines, its state, an agent typing
//! or reading). The agents' events never reach it as they are.

use super::connection::{Ended, Inbound, Outbound, Timing};
use super::hub::{Hub, Published};
use crate::domain::activity::{Activity, Doing};
use crate::domain::chat::{
    first_name, line_for_visitor, ChatState, VisitorClientFrame, VisitorFrame,
};
use crate::domain::{CaseId, EventKind, QueueId, Topic, UserId};
use crate::storage::Storage;
use futures::{Sink, SinkExt, Stream, StreamExt};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

/// The id a visitor's activity carries: negative, so it is never a staff member's.
pub fn visitor_user(visitor_id: i64) -> UserId {
    UserId(-visitor_id)
}

struct Visitor<'a, O> {
    out: &'a mut O,
    timing: Timing,
    case: CaseId,
    queue: QueueId,
    /// The state last sent.
    state: ChatState,
}

impl<O: Sink<Outbound> + Unpin> Visitor<'_, O> {
    async fn send(&mut self, frame: &VisitorFrame) -> Result<(), Ended> {
        let text = serde_json::to_string(frame).map_err(|e| Ended::Malformed(e.to_string()))?;
        match tokio::time::timeout(
            self.timing.send_timeout,
            self.out.send(Outbound::Text(text.into())),
        )
        .await
        {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(Ended::SendFailed),
            Err(_) => Err(Ended::TooSlow),
        }
    }

    /// Sends the chat's state if it changed.
    async fn refresh(&mut self, storage: &Storage) -> Result<(), Ended> {
        let state = match storage.chat_state(self.case).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "could not read a chat's state");
                return Ok(());
            }
        };
        if state != self.state {
            self.state = state.clone();
            self.send(&VisitorFrame::State { state }).await?;
        }
        Ok(())
    }

    /// An event: a line of this chat goes out as a line; anything about this
    /// chat, or about its queue while the visitor waits in it, may move its state.
    async fn event(&mut self, storage: &Storage, p: &Published) -> Result<(), Ended> {
        let mine = p.topics.contains(&Topic::Case(self.case));
        if mine {
            if let Some(line) = line_for_visitor(&p.event.kind, self.case) {
                self.send(&VisitorFrame::Line { line }).await?;
            }
        }
        if let Some(case) = p.event.kind.case().filter(|c| c.id == self.case) {
            self.queue = case.queue_id;
        }
        // A case opened after this one never moves it in the queue; one that
        // leaves the queue's waiting cases (taken, solved, moved) may.
        let queue_moved = self.state.is_waiting()
            && !matches!(p.event.kind, EventKind::CaseCreated { .. })
            && p.topics.contains(&Topic::Queue(self.queue));
        let moves_state = p.event.kind.case().is_some() && (mine || queue_moved);
        if moves_state {
            self.refresh(storage).await?;
        }
        Ok(())
    }
}

/// Runs a visitor's connection to its end. The first frame must be `hello`
/// with the token of a visitor who has a chat; anything else is refused and
/// closed. Then: `ready`, the chat's state, and from there its lines and
/// changes as they happen; the visitor's `typing` reaches the agents on the case.
pub async fn run_visitor<I, O>(
    hub: Arc<Hub>,
    storage: Storage,
    mut incoming: I,
    mut outgoing: O,
    timing: Timing,
) -> Ended
where
    I: Stream<Item = Inbound> + Unpin,
    O: Sink<Outbound> + Unpin,
{
    let ended = serve(&hub, &storage, &mut incoming, &mut outgoing, timing).await;
    let (code, reason) = match &ended {
        Ended::Malformed(_) => (1007, "malformed frame"),
        Ended::TooSlow => (1008, "too slow; reconnect"),
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

async fn serve<I, O>(
    hub: &Hub,
    storage: &Storage,
    incoming: &mut I,
    outgoing: &mut O,
    timing: Timing,
) -> Ended
where
    I: Stream<Item = Inbound> + Unpin,
    O: Sink<Outbound> + Unpin,
{
    // Attached before anything is read, so nothing committed meanwhile is missed.
    let (mut rx, mut cursor) = hub.attach();
    let mut activity = hub.watch_activity();
    let first = match tokio::time::timeout(timing.idle_timeout, incoming.next()).await {
        Err(_) => return Ended::TimedOut,
        Ok(None | Some(Inbound::Close)) => return Ended::ClientClosed,
        Ok(Some(Inbound::Text(t))) => t,
        Ok(Some(Inbound::Alive)) => return Ended::Malformed("say hello first".into()),
        Ok(Some(Inbound::Invalid(why))) => return Ended::Malformed(why),
    };
    let token = match serde_json::from_str(&first) {
        Ok(VisitorClientFrame::Hello { token }) if crate::domain::widget::is_token(&token) => token,
        _ => return Ended::Malformed("the first frame must be hello with a visitor token".into()),
    };
    let refuse = |reason: &str| VisitorFrame::Refused {
        reason: reason.into(),
    };
    let mut v = Visitor {
        out: outgoing,
        timing,
        case: CaseId(0),
        queue: QueueId(0),
        state: ChatState::Closed,
    };
    let found = match storage.visitor_chat(&token).await {
        Ok(Some(chat)) => match storage.get_case(chat.case_id).await {
            Ok(case) => Some((chat, case)),
            Err(e) => {
                tracing::warn!(error = %e, "could not read a visitor's case");
                None
            }
        },
        Ok(None) => {
            let _ = v
                .send(&refuse("there is no chat yet: ask your question first"))
                .await;
            return Ended::ClientClosed;
        }
        Err(e) => {
            tracing::warn!(error = %e, "could not find a visitor");
            None
        }
    };
    let Some((chat, case)) = found else {
        let _ = v
            .send(&refuse("the chat is unavailable: try again in a moment"))
            .await;
        return Ended::ClientClosed;
    };
    v.case = chat.case_id;
    v.queue = case.queue_id;
    let me = visitor_user(chat.visitor_id);
    let name = case.customer_name;
    let ended: Result<(), Ended> = async {
        v.send(&VisitorFrame::Ready { case_id: v.case }).await?;
        v.state = match storage.chat_state(v.case).await {
            Ok(s) => s,
            Err(_) => return Err(Ended::HubClosed),
        };
        v.send(&VisitorFrame::State { state: v.state.clone() }).await?;
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
                        Some(Inbound::Text(text)) => match serde_json::from_str(&text) {
                            Ok(VisitorClientFrame::Ping) => v.send(&VisitorFrame::Pong).await?,
                            Ok(VisitorClientFrame::Typing) => hub.activity(Activity {
                                case_id: v.case,
                                user_id: me,
                                name: name.clone(),
                                doing: Doing::Typing,
                            }),
                            Ok(VisitorClientFrame::Hello { .. }) => {}
                            Err(e) => return Err(Ended::Malformed(e.to_string())),
                        },
                    }
                }
                ev = rx.recv() => match ev {
                    Ok(p) => {
                        if p.event.seq > cursor {
                            cursor = p.event.seq;
                            v.event(storage, &p).await?;
                        }
                    }
                    Err(RecvError::Lagged(_)) => return Err(Ended::TooSlow),
                    Err(RecvError::Closed) => return Err(Ended::HubClosed),
                },
                act = activity.recv() => match act {
                    Ok(r) if r.activity.case_id == v.case && r.activity.user_id.0 > 0 => {
                        match r.activity.doing {
                            Doing::Typing => v.send(&VisitorFrame::Typing { name: first_name(&r.activity.name) }).await?,
                            Doing::Viewing => v.send(&VisitorFrame::Seen).await?,
                            Doing::Left => {}
                        }
                    }
                    Ok(_) | Err(RecvError::Lagged(_)) => {}
                    Err(RecvError::Closed) => return Err(Ended::HubClosed),
                },
                _ = heartbeat.tick() => {
                    if last_heard.elapsed() > timing.idle_timeout {
                        return Err(Ended::TimedOut);
                    }
                    match tokio::time::timeout(timing.send_timeout, v.out.send(Outbound::Ping)).await {
                        Ok(Ok(())) => {}
                        Ok(Err(_)) => return Err(Ended::SendFailed),
                        Err(_) => return Err(Ended::TooSlow),
                    }
                }
            }
        }
    }
    .await;
    match ended {
        Ok(()) => Ended::ClientClosed,
        Err(e) => e,
    }
}
