//! The live chat after the hand-off: the conversation with the agent, each
//! message's delivery (sending, sent, seen, queued while offline, failed
//! with a retry), the queue position, the agent typing, and the rating once
//! the case is solved. Messages wait in the browser's storage until the
//! server has them, so a dropped network or a reload loses none, and their
//! client ids make every resend harmless.

use super::browser::{local_time, now_ms, on_online, online, random_hex_of, visitor_token};
use super::call::{call, read_json, Json};
use super::piece::{split_entries, until_loaded, RETRY_EVERY};
use super::socket::{connect, Ask, Socket};
use super::Words;
use crate::api::widget::{WidgetConversation, WidgetRate, WidgetSend};
use crate::domain::chat::{
    ChatAuthor, ChatLine, ChatMessage, ChatState, Conversation, Rating, VisitorFrame,
};
use crate::domain::{CaseId, EntryId};
use crate::error::AppError;
use crate::ui::common::local;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where the visitor's unsent messages wait: `[client id, text]`, in order.
const OUTBOX: &str = "switchboard.outbox";
/// How long "typing" shows after the agent's last keystroke was announced.
const TYPING_SHOWN_MS: u64 = 6_000;
/// "Typing" goes to the agent at most this often.
const TYPING_EVERY_MS: f64 = 2_000.0;

/// How far one of the visitor's messages has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sending,
    /// Offline: it goes by itself when the browser is back online.
    Queued,
    /// It did not go through (the retry sends it again, once).
    Failed,
    /// Refused for good, with the reason.
    Refused(String),
    Sent,
    /// An agent has had the chat open since it arrived.
    Seen,
}

/// One line of the chat on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: Option<EntryId>,
    pub client_id: Option<String>,
    pub author: ChatAuthor,
    pub name: String,
    pub body: String,
    pub delivery: Delivery,
}

/// The chat's lines: what the visitor typed (known by client id until the
/// server answers) merged with what the server says, each line once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatLog {
    pub items: Vec<Item>,
}

impl ChatLog {
    /// A message the visitor typed, not yet on the server.
    pub fn typed(&mut self, client_id: &str, body: &str, delivery: Delivery) {
        if self.own(client_id).is_none() {
            self.items.push(Item {
                id: None,
                client_id: Some(client_id.to_string()),
                author: ChatAuthor::Visitor,
                name: String::new(),
                body: body.to_string(),
                delivery,
            });
        }
    }

    fn own(&mut self, client_id: &str) -> Option<&mut Item> {
        self.items
            .iter_mut()
            .find(|i| i.author == ChatAuthor::Visitor && i.client_id.as_deref() == Some(client_id))
    }

    /// A line the server has: it settles the typed message it came from, or
    /// is added once.
    pub fn merge(&mut self, line: ChatLine) {
        if self.items.iter().any(|i| i.id == Some(line.id)) {
            return;
        }
        if line.author == ChatAuthor::Visitor {
            if let Some(cid) = line.client_id.as_deref() {
                if let Some(item) = self.own(cid) {
                    item.id = Some(line.id);
                    if item.delivery != Delivery::Seen {
                        item.delivery = Delivery::Sent;
                    }
                    return;
                }
            }
        }
        self.items.push(Item {
            id: Some(line.id),
            client_id: line.client_id,
            author: line.author,
            name: line.name,
            body: line.body,
            delivery: Delivery::Sent,
        });
    }

    /// Sets the delivery of a typed message the server does not have yet.
    pub fn mark(&mut self, client_id: &str, delivery: Delivery) {
        if let Some(item) = self.own(client_id).filter(|i| i.id.is_none()) {
            item.delivery = delivery;
        }
    }

    /// An agent has the chat open: every message the server has is seen.
    pub fn seen(&mut self) {
        for i in &mut self.items {
            if i.author == ChatAuthor::Visitor && i.delivery == Delivery::Sent {
                i.delivery = Delivery::Seen;
            }
        }
    }
}

/// Forgets messages waiting for a chat that is over (or was never opened).
pub fn forget_outbox() {
    local::set(OUTBOX, "");
}

/// The waiting messages, read with the browser's JSON parser (the widget's
/// first pieces carry no serde reading code).
fn outbox() -> Vec<(String, String)> {
    let Some(rows) = local::get(OUTBOX)
        .and_then(|t| read_json(&t))
        .and_then(|v| v.items())
    else {
        return Vec::new();
    };
    rows.iter()
        .filter_map(|row| {
            let pair = row.items()?;
            Some((pair.first()?.text()?, pair.get(1)?.text()?))
        })
        .collect()
}

fn set_outbox(v: &[(String, String)]) {
    let text = if v.is_empty() {
        String::new()
    } else {
        Json::stringify_pairs(v)
    };
    local::set(OUTBOX, &text);
}

/// The live chat's state, shared by the widget's views.
#[derive(Clone, Copy)]
pub struct Chat {
    pub log: RwSignal<ChatLog>,
    pub state: RwSignal<Option<ChatState>>,
    /// The agent typing now, and which announcement showed it.
    pub typing: RwSignal<Option<(String, u64)>>,
    typing_seq: StoredValue<u64>,
    flushing: StoredValue<bool>,
    socket: StoredValue<Option<Socket>, LocalStorage>,
    last_typing: StoredValue<f64>,
    /// The hand-off's own question, already on screen above the chat.
    hide_handoff: StoredValue<bool>,
}

impl Chat {
    pub fn new() -> Self {
        Chat {
            log: RwSignal::new(ChatLog::default()),
            state: RwSignal::new(None),
            typing: RwSignal::new(None),
            typing_seq: StoredValue::new(0),
            flushing: StoredValue::new(false),
            socket: StoredValue::new_local(None),
            last_typing: StoredValue::new(f64::MIN),
            hide_handoff: StoredValue::new(false),
        }
    }

    /// Whether the visitor is in a chat that takes messages.
    pub fn open(&self) -> bool {
        self.state
            .with(|s| s.as_ref().is_some_and(ChatState::is_open))
    }

    /// Comes back to the visitor's chat, from `widget_conversation`'s answer
    /// (a reload, or another page of the host's site): its case, or `None`
    /// when there is none to go on with.
    pub async fn restore(self, body: String) -> Option<CaseId> {
        until_loaded(|| restore_piece(self, body.clone())).await
    }

    fn restore_now(self, body: &str) -> Option<CaseId> {
        match serde_json::from_str::<Option<Conversation>>(body) {
            Ok(Some(c))
                if !matches!(
                    c.state,
                    ChatState::Closed | ChatState::Solved { rated: Some(_) }
                ) =>
            {
                let case = c.case_id;
                self.load(c);
                self.start_now();
                Some(case)
            }
            // Nothing to go on with: what waited was for nothing.
            _ => {
                forget_outbox();
                None
            }
        }
    }

    /// Shows a chat read back from the server (a reload), with the messages
    /// still waiting in this browser after it.
    fn load(&self, c: Conversation) {
        let mut log = ChatLog::default();
        for line in c.lines {
            log.merge(line);
        }
        for (cid, body) in outbox() {
            log.typed(&cid, &body, Delivery::Queued);
        }
        self.log.set(log);
        self.state.set(Some(c.state));
    }

    /// The visitor has just handed off from this page: their question is on
    /// screen already.
    pub fn handed_off(&self) {
        self.hide_handoff.set_value(true);
        self.log.set(ChatLog::default());
    }

    /// Whether a line is shown (the hand-off's question is not, twice).
    pub fn shows(&self, item: &Item) -> bool {
        !(self.hide_handoff.get_value()
            && item
                .client_id
                .as_deref()
                .is_some_and(|c| c.starts_with("handoff-")))
    }

    /// Starts following the chat live (or follows the visitor's new chat).
    /// The live part of the chat (its connection, sending and view) is its
    /// own piece of the widget's WebAssembly, fetched when a chat starts:
    /// a visitor whom an answer helps never downloads it.
    /// While that piece cannot be fetched (offline), this tries again.
    pub fn start(self) {
        spawn_local(until_loaded(move || go_live(self)));
    }

    fn start_now(self) {
        if let Some(s) = self.socket.get_value() {
            s.ask(Ask::Reconnect);
            return;
        }
        let socket = connect(visitor_token(), move |f| self.frame(f));
        self.socket.set_value(Some(socket));
        on_online(move || self.flush());
    }

    /// Ends the chat on screen: the next question starts again with answers.
    pub fn reset(&self) {
        self.state.set(None);
        self.log.set(ChatLog::default());
        self.hide_handoff.set_value(false);
    }

    fn frame(self, f: VisitorFrame) {
        match f {
            // (Re)connected: catch up on anything missed, then send what waits.
            VisitorFrame::Ready { .. } => spawn_local(async move {
                if let Ok(Some(c)) = call(WidgetConversation {
                    token: visitor_token(),
                })
                .await
                {
                    self.log.update(|l| {
                        for line in c.lines {
                            l.merge(line);
                        }
                    });
                    self.state.set(Some(c.state));
                }
                self.flush();
            }),
            VisitorFrame::Line { line } => {
                if line.author == ChatAuthor::Agent {
                    self.typing.set(None);
                }
                self.log.update(|l| l.merge(line));
            }
            VisitorFrame::State { state } => self.state.set(Some(state)),
            VisitorFrame::Typing { name } => {
                let seq = self.typing_seq.get_value() + 1;
                self.typing_seq.set_value(seq);
                self.typing.set(Some((name, seq)));
                set_timeout(
                    move || {
                        if self.typing.with_untracked(|t| t.as_ref().map(|t| t.1)) == Some(seq) {
                            self.typing.set(None);
                        }
                    },
                    std::time::Duration::from_millis(TYPING_SHOWN_MS),
                );
            }
            VisitorFrame::Seen => self.log.update(ChatLog::seen),
            VisitorFrame::Pong => {}
            VisitorFrame::Refused { reason } => leptos::logging::log!("widget: {reason}"),
        }
    }

    /// The visitor sends a message: kept in the browser until the server has it.
    pub fn send(self, body: String) {
        let cid = random_hex_of(16);
        let mut waiting = outbox();
        waiting.push((cid.clone(), body.clone()));
        set_outbox(&waiting);
        self.log.update(|l| l.typed(&cid, &body, Delivery::Sending));
        self.flush();
    }

    /// Sends every waiting message, in order, one at a time; stops at the
    /// first that cannot go now (offline: queued; else failed, with a retry).
    pub fn flush(self) {
        spawn_local(async move {
            if send_waiting(self).await.is_err() {
                self.held_back();
            }
        });
    }

    /// The messages wait (the browser is offline, or the sending code could
    /// not be fetched): each says so, and they are tried again by themselves.
    fn held_back(self) {
        let d = if online() {
            Delivery::Failed
        } else {
            Delivery::Queued
        };
        self.log.update(|l| {
            for (c, _) in outbox() {
                l.mark(&c, d.clone());
            }
        });
        set_timeout(move || self.flush(), RETRY_EVERY);
    }

    fn flush_now(self) {
        if self.flushing.get_value() {
            return;
        }
        self.flushing.set_value(true);
        spawn_local(async move {
            while let Some((cid, body)) = outbox().into_iter().next() {
                self.log.update(|l| l.mark(&cid, Delivery::Sending));
                let message = ChatMessage {
                    token: visitor_token(),
                    client_id: cid.clone(),
                    body,
                };
                let sent = call(WidgetSend { message }).await;
                let permanent = matches!(
                    sent,
                    Ok(_) | Err(AppError::InvalidField { .. } | AppError::Invalid(_))
                );
                if permanent {
                    let mut waiting = outbox();
                    waiting.retain(|(c, _)| *c != cid);
                    set_outbox(&waiting);
                }
                match sent {
                    Ok(line) => self.log.update(|l| l.merge(line)),
                    Err(AppError::InvalidField { reason, .. } | AppError::Invalid(reason)) => {
                        self.log.update(|l| l.mark(&cid, Delivery::Refused(reason)));
                    }
                    // Tried again by itself too, whatever else brings it back.
                    Err(_) => {
                        self.held_back();
                        break;
                    }
                }
            }
            self.flushing.set_value(false);
        });
    }

    /// The visitor is typing: the agent hears of it at most every 2 s.
    pub fn typed(&self) {
        let now = now_ms();
        if now - self.last_typing.get_value() < TYPING_EVERY_MS {
            return;
        }
        self.last_typing.set_value(now);
        if let Some(s) = self.socket.get_value() {
            s.ask(Ask::Typing);
        }
    }
}

// The live chat's entry points: with what only they reach (the connection,
// sending, reading a chat back, the chat's view and rating) they are the
// split-off piece `widget_chat`, fetched when a chat starts or comes back.
split_entries!(widget_chat {
    fn go_live(chat: Chat) -> () {
        chat.start_now();
        Ok(())
    }

    fn send_waiting(chat: Chat) -> () {
        chat.flush_now();
        Ok(())
    }

    fn restore_piece(chat: Chat, body: String) -> Option<CaseId> {
        Ok(chat.restore_now(&body))
    }

    fn chat_piece(chat: Chat, words: &'static Words, on_again: Callback<()>) -> AnyView {
        Ok(view! { <ChatView chat words on_again/> }.into_any())
    }
});

/// The chat's view, once its piece of the WebAssembly is there.
pub async fn chat_view(chat: Chat, words: &'static Words, on_again: Callback<()>) -> AnyView {
    until_loaded(|| chat_piece(chat, words, on_again)).await
}

/// Where the chat stands, in the visitor's words.
fn state_text(w: &Words, s: &ChatState) -> Option<String> {
    match s {
        ChatState::Waiting { position, wait_ms } => {
            let mut t = w.queue_position.replace("{n}", &position.to_string());
            if let Some(ms) = wait_ms {
                let minutes = ((ms + 59_999) / 60_000).max(1);
                t.push(' ');
                t.push_str(&w.minutes.replace("{m}", &minutes.to_string()));
            }
            Some(t)
        }
        ChatState::Away { back_at: Some(at) } => {
            Some(w.away_until.replace("{when}", &local_time(*at, w.locale)))
        }
        ChatState::Away { back_at: None } => Some(w.away.to_string()),
        ChatState::WithAgent { name } => Some(w.joined.replace("{name}", name)),
        ChatState::Solved { .. } => None,
        ChatState::Closed => Some(w.chat_ended.to_string()),
    }
}

fn delivery_text(w: &Words, d: &Delivery) -> String {
    match d {
        Delivery::Sending => w.sending.to_string(),
        Delivery::Queued => w.queued.to_string(),
        Delivery::Failed => w.not_sent.to_string(),
        Delivery::Refused(why) => format!("{} {why}", w.not_sent),
        Delivery::Sent => String::new(),
        Delivery::Seen => w.seen.to_string(),
    }
}

fn delivery_name(d: &Delivery) -> &'static str {
    match d {
        Delivery::Sending => "sending",
        Delivery::Queued => "queued",
        Delivery::Failed => "failed",
        Delivery::Refused(_) => "refused",
        Delivery::Sent => "sent",
        Delivery::Seen => "seen",
    }
}

/// The chat's lines, its state, the agent typing and, once solved, the rating.
#[component]
fn ChatView(chat: Chat, words: &'static Words, on_again: Callback<()>) -> impl IntoView {
    let w = words;
    view! {
        {move || chat.log.get().items.into_iter().filter(|i| chat.shows(i)).map(|i| {
            let delivery = delivery_text(w, &i.delivery);
            let failed = i.delivery == Delivery::Failed;
            match i.author {
                ChatAuthor::Visitor => view! {
                    <li class="visitor" data-testid="chat-line" data-delivery=delivery_name(&i.delivery)>
                        {i.body}
                        {(!delivery.is_empty()).then(|| view! { <span class="delivery">{delivery}</span> })}
                        {failed.then(|| view! {
                            <button type="button" class="link retry" on:click=move |_| chat.flush()>{w.retry}</button>
                        })}
                    </li>
                }.into_any(),
                _ => view! {
                    <li class="bot agent" data-testid="chat-line">
                        {(!i.name.is_empty()).then(|| view! { <span class="who">{i.name.clone()}</span> })}
                        {i.body}
                    </li>
                }.into_any(),
            }
        }).collect_view()}
        {move || chat.typing.get().map(|(name, _)| view! {
            <li class="bot pending" data-testid="agent-typing">{w.typing.replace("{name}", &name)}</li>
        })}
        {move || chat.state.get().and_then(|s| state_text(w, &s)).map(|t| view! {
            <li class="bot status" role="status" data-testid="chat-state">{t}</li>
        })}
        {move || match chat.state.get() {
            Some(ChatState::Solved { rated: None }) => Some(view! { <RateChat chat words=w/> }.into_any()),
            Some(ChatState::Solved { rated: Some(_) } | ChatState::Closed) => Some(view! {
                <li class="bot" data-testid="chat-over">
                    {matches!(chat.state.get_untracked(), Some(ChatState::Solved { .. })).then_some(w.rate_thanks)}" "
                    <button type="button" class="link" on:click=move |_| on_again.run(())>{w.ask_again}</button>
                </li>
            }.into_any()),
            _ => None,
        }}
    }
}

/// "How did we do?": 1 to 5 and an optional comment, sent once.
#[component]
fn RateChat(chat: Chat, words: &'static Words) -> impl IntoView {
    let w = words;
    let score = RwSignal::new(None::<i64>);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(s) = score.get_untracked() else {
            error.set(Some(w.rate_question.to_string()));
            return;
        };
        busy.set(true);
        let rating = Rating {
            token: visitor_token(),
            score: s,
            comment: comment.get_untracked(),
        };
        spawn_local(async move {
            match call(WidgetRate { rating }).await {
                Ok(()) => chat.state.set(Some(ChatState::Solved { rated: Some(s) })),
                Err(AppError::InvalidField { reason, .. }) => error.set(Some(reason)),
                Err(_) => error.set(Some(w.failed.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <li class="bot rate" data-testid="rate">
            <p>{w.solved_chat}</p>
            <form on:submit=submit>
                <fieldset>
                    <legend>{w.rate_question}</legend>
                    {(1..=5).map(|n| view! {
                        <label class="star">
                            <input type="radio" name="score" value=n.to_string()
                                on:change=move |_| { score.set(Some(n)); error.set(None); }/>
                            {n.to_string()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <label for="rate-comment">{w.rate_comment}</label>
                <textarea id="rate-comment" maxlength="1000" rows="2"
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                {move || error.get().map(|e| view! { <p class="failed" role="alert">{e}</p> })}
                <button type="submit" disabled=move || busy.get()>{w.rate_send}</button>
            </form>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: i64, author: ChatAuthor, cid: Option<&str>, body: &str) -> ChatLine {
        ChatLine {
            id: EntryId(id),
            author,
            name: String::new(),
            body: body.into(),
            client_id: cid.map(str::to_string),
            at: 0,
        }
    }

    #[test]
    fn a_typed_message_is_settled_by_its_server_line_and_shown_once() {
        let mut log = ChatLog::default();
        log.typed("a1", "hello", Delivery::Sending);
        log.typed("a1", "hello", Delivery::Sending);
        assert_eq!(log.items.len(), 1);
        log.merge(line(10, ChatAuthor::Visitor, Some("a1"), "hello"));
        // The live frame and the catch-up both bring it: still once.
        log.merge(line(10, ChatAuthor::Visitor, Some("a1"), "hello"));
        assert_eq!(log.items.len(), 1);
        assert_eq!(log.items[0].delivery, Delivery::Sent);
        assert_eq!(log.items[0].id, Some(EntryId(10)));
    }

    #[test]
    fn queued_messages_keep_their_order_and_are_marked_until_sent() {
        let mut log = ChatLog::default();
        for (cid, body) in [("a", "one"), ("b", "two"), ("c", "three")] {
            log.typed(cid, body, Delivery::Queued);
        }
        log.merge(line(
            5,
            ChatAuthor::Agent,
            Some("a"),
            "an agent's line with the same id",
        ));
        log.merge(line(6, ChatAuthor::Visitor, Some("b"), "two"));
        log.mark("b", Delivery::Failed);
        log.mark("c", Delivery::Failed);
        let shown: Vec<(&str, &Delivery)> = log
            .items
            .iter()
            .map(|i| (i.body.as_str(), &i.delivery))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("one", &Delivery::Queued),
                ("two", &Delivery::Sent),
                ("three", &Delivery::Failed),
                ("an agent's line with the same id", &Delivery::Sent),
            ]
        );
    }

    #[test]
    fn seen_marks_only_the_visitors_sent_messages() {
        let mut log = ChatLog::default();
        log.merge(line(1, ChatAuthor::Visitor, Some("a"), "hi"));
        log.typed("b", "later", Delivery::Queued);
        log.merge(line(2, ChatAuthor::Agent, None, "hello"));
        log.seen();
        let d: Vec<&Delivery> = log.items.iter().map(|i| &i.delivery).collect();
        assert_eq!(d, vec![&Delivery::Seen, &Delivery::Queued, &Delivery::Sent]);
    }
}
