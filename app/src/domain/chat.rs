//! The customer's side of a live chat: the lines a visitor may see (never an
//! internal note or a system entry), where their chat stands, the frames of
//! the visitor's live connection, and the checked inputs they send.

use super::event::EventKind;
use super::ids::{CaseId, EntryId};
use super::timeline::{EntryKind, TimelineEntry};
use super::widget::{is_token, WidgetError, MAX_MESSAGE_CHARS};
use serde::{Deserialize, Serialize};

/// Longest comment a rating may carry.
pub const MAX_COMMENT_CHARS: usize = 1_000;
/// Longest client id a message may carry (the widget makes 32 hex digits).
pub const MAX_CLIENT_ID_CHARS: usize = 64;

/// Who wrote a line of the chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatAuthor {
    Visitor,
    Agent,
    Bot,
}

/// One line of the chat as the visitor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatLine {
    pub id: EntryId,
    pub author: ChatAuthor,
    /// The agent's first name; empty for the visitor's own lines.
    pub name: String,
    pub body: String,
    /// The id the visitor's browser gave its message: how a queued message
    /// finds itself once sent.
    pub client_id: Option<String>,
    pub at: i64,
}

impl ChatLine {
    /// The line a timeline entry shows the visitor; `None` for internal notes
    /// and system entries, which a customer never sees.
    pub fn of(entry: &TimelineEntry) -> Option<ChatLine> {
        let author = match entry.kind {
            EntryKind::CustomerMessage => ChatAuthor::Visitor,
            EntryKind::AgentReply => ChatAuthor::Agent,
            EntryKind::BotMessage => ChatAuthor::Bot,
            EntryKind::InternalNote | EntryKind::SystemEvent => return None,
        };
        Some(ChatLine {
            id: entry.id,
            author,
            name: match author {
                ChatAuthor::Agent => first_name(&entry.author_name),
                _ => String::new(),
            },
            body: entry.body.clone(),
            client_id: entry.client_id.clone(),
            at: entry.created_at,
        })
    }
}

/// The name a customer is shown for a staff member: their first name.
pub fn first_name(full: &str) -> String {
    full.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Where the visitor's chat stands.
///
/// Externally tagged (`{"waiting":{…}}`, `"closed"`), as is [`VisitorFrame`]:
/// an internally tagged enum is read through serde's buffered `Content`,
/// which cost the widget's bundle tens of kilobytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatState {
    /// No one has taken it yet: `position` in the queue (1 = next) and the
    /// expected wait, when there is a recent first response to go by.
    Waiting { position: i64, wait_ms: Option<i64> },
    /// Outside chat hours and no one has taken it yet: the team is back at
    /// `back_at` (ms since the epoch; `None`: no opening hours ahead).
    Away { back_at: Option<i64> },
    /// An agent has it (their first name).
    WithAgent { name: String },
    /// Solved: the visitor may rate it (once); `rated` is their score.
    Solved { rated: Option<i64> },
    /// Closed for good (merged or closed): a new question opens a new chat.
    Closed,
}

impl ChatState {
    /// No one has taken the chat yet (in the queue, or outside chat hours).
    pub fn is_waiting(&self) -> bool {
        matches!(self, ChatState::Waiting { .. } | ChatState::Away { .. })
    }

    /// The chat takes the visitor's messages: waiting or with an agent.
    pub fn is_open(&self) -> bool {
        self.is_waiting() || matches!(self, ChatState::WithAgent { .. })
    }
}

/// Whether people answer chats now and, if not, when they are back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatHours {
    pub open: bool,
    /// The next opening (ms since the epoch) while closed; `None` when open
    /// or when the calendar has no opening ahead.
    pub back_at: Option<i64>,
}

/// The visitor's current chat, as a reload restores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    pub case_id: CaseId,
    pub state: ChatState,
    pub lines: Vec<ChatLine>,
}

/// An earlier conversation of a verified customer, as they may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastChat {
    pub case_id: CaseId,
    pub subject: String,
    pub created_at: i64,
    pub lines: Vec<ChatLine>,
}

/// What the server pushes on a visitor's live connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitorFrame {
    /// The connection knows the visitor and follows their chat.
    Ready {
        case_id: CaseId,
    },
    /// A line the visitor may see was added.
    Line {
        line: ChatLine,
    },
    /// The chat's state changed.
    State {
        state: ChatState,
    },
    /// An agent is typing (first name).
    Typing {
        name: String,
    },
    /// An agent has the chat open: what the visitor sent so far has been seen.
    Seen,
    Pong,
    /// The connection cannot go on (why, in the visitor's words).
    Refused {
        reason: String,
    },
}

/// What the visitor's browser sends on its live connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum VisitorClientFrame {
    /// The first frame: who this is (never in the address, which servers log).
    Hello {
        token: String,
    },
    Typing,
    Ping,
}

/// Whether an event may change what the visitor of `case` sees, and the line
/// it carries if it is one they may read. Internal notes and everything
/// about other cases carry nothing.
pub fn line_for_visitor(kind: &EventKind, case: CaseId) -> Option<ChatLine> {
    match kind {
        EventKind::EntryAdded { entry, .. } if entry.case_id == case => ChatLine::of(entry),
        _ => None,
    }
}

/// A message the visitor sends into their chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub token: String,
    /// Made in the browser before the first try: a retry of the same message
    /// is recognised and written once.
    pub client_id: String,
    pub body: String,
}

impl ChatMessage {
    /// Trims the message and checks it, naming the field at fault.
    pub fn normalise(mut self) -> Result<Self, WidgetError> {
        let fail = |field, reason: String| Err(WidgetError { field, reason });
        self.body = self.body.trim().to_string();
        if !is_token(&self.token) {
            return fail("token", "the chat could not start: reload the page".into());
        }
        if self.client_id.is_empty()
            || self.client_id.len() > MAX_CLIENT_ID_CHARS
            || !self
                .client_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return fail(
                "client_id",
                "the message could not be sent: reload the page".into(),
            );
        }
        if self.body.is_empty() {
            return fail("body", "write your message first".into());
        }
        if self.body.chars().count() > MAX_MESSAGE_CHARS {
            return fail(
                "body",
                format!("please keep it under {MAX_MESSAGE_CHARS} characters"),
            );
        }
        Ok(self)
    }
}

/// The visitor's rating of a solved chat: 1 to 5, and an optional comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub token: String,
    pub score: i64,
    pub comment: String,
}

impl Rating {
    /// Trims the comment and checks the rating, naming the field at fault.
    pub fn normalise(mut self) -> Result<Self, WidgetError> {
        let fail = |field, reason: String| Err(WidgetError { field, reason });
        self.comment = self.comment.trim().to_string();
        if !is_token(&self.token) {
            return fail("token", "the chat could not start: reload the page".into());
        }
        if !(1..=5).contains(&self.score) {
            return fail("score", "choose from 1 to 5".into());
        }
        if self.comment.chars().count() > MAX_COMMENT_CHARS {
            return fail(
                "comment",
                format!("please keep it under {MAX_COMMENT_CHARS} characters"),
            );
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::QueueId;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn entry(kind: EntryKind, case: i64) -> TimelineEntry {
        TimelineEntry {
            id: EntryId(7),
            case_id: CaseId(case),
            kind,
            author_id: None,
            author_name: "Priya Sharma".into(),
            body: "Hello".into(),
            client_id: Some("c1".into()),
            created_at: 1_000,
            sentiment: None,
            attachments: Vec::new(),
        }
    }

    #[test]
    fn a_visitor_sees_messages_and_replies_but_never_notes_or_system_entries() {
        let reply = ChatLine::of(&entry(EntryKind::AgentReply, 1)).unwrap();
        assert_eq!(
            (reply.author, reply.name.as_str()),
            (ChatAuthor::Agent, "Priya")
        );
        let own = ChatLine::of(&entry(EntryKind::CustomerMessage, 1)).unwrap();
        assert_eq!((own.author, own.name.as_str()), (ChatAuthor::Visitor, ""));
        assert_eq!(own.client_id.as_deref(), Some("c1"));
        assert!(ChatLine::of(&entry(EntryKind::InternalNote, 1)).is_none());
        assert!(ChatLine::of(&entry(EntryKind::SystemEvent, 1)).is_none());
    }

    #[test]
    fn only_lines_of_the_visitors_own_case_reach_them() {
        let added = |kind, case| EventKind::EntryAdded {
            queue_id: QueueId(1),
            entry: entry(kind, case),
        };
        assert!(line_for_visitor(&added(EntryKind::AgentReply, 1), CaseId(1)).is_some());
        assert!(line_for_visitor(&added(EntryKind::AgentReply, 2), CaseId(1)).is_none());
        assert!(line_for_visitor(&added(EntryKind::InternalNote, 1), CaseId(1)).is_none());
    }

    #[test]
    fn a_message_needs_a_token_a_client_id_and_a_body_within_the_limit() {
        let m = |client_id: &str, body: &str| ChatMessage {
            token: TOKEN.into(),
            client_id: client_id.into(),
            body: body.into(),
        };
        assert_eq!(m("abc-1", "  hi  ").normalise().unwrap().body, "hi");
        assert_eq!(m("abc-1", "   ").normalise().unwrap_err().field, "body");
        assert_eq!(m("", "hi").normalise().unwrap_err().field, "client_id");
        assert_eq!(m("a b", "hi").normalise().unwrap_err().field, "client_id");
        let long = "x".repeat(MAX_MESSAGE_CHARS + 1);
        assert_eq!(m("abc", &long).normalise().unwrap_err().field, "body");
        let bad_token = ChatMessage {
            token: "nope".into(),
            ..m("abc", "hi")
        };
        assert_eq!(bad_token.normalise().unwrap_err().field, "token");
    }

    #[test]
    fn a_rating_is_one_to_five_with_a_short_comment() {
        let r = |score, comment: &str| Rating {
            token: TOKEN.into(),
            score,
            comment: comment.into(),
        };
        assert_eq!(r(5, " great ").normalise().unwrap().comment, "great");
        assert_eq!(r(1, "").normalise().unwrap().score, 1);
        assert_eq!(r(0, "").normalise().unwrap_err().field, "score");
        assert_eq!(r(6, "").normalise().unwrap_err().field, "score");
        let long = "x".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(r(3, &long).normalise().unwrap_err().field, "comment");
    }
}
