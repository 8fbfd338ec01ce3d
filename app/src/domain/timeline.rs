//! Timeline entries and the validated inputs that create them.

use super::ids::{CaseId, EntryId, UserId};
use crate::engine::sentiment::Scores;
use serde::{Deserialize, Serialize};

/// Longest message body accepted, in characters.
pub const MAX_BODY_CHARS: usize = 10_000;

named_enum!(
    /// What kind of entry; internal notes are never shown to the customer.
    EntryKind {
        CustomerMessage => "customer_message", AgentReply => "agent_reply", BotMessage => "bot_message",
        InternalNote => "internal_note", SystemEvent => "system_event",
    }
);

impl EntryKind {
    /// Whether a customer may ever see an entry of this kind.
    pub fn visible_to_customer(self) -> bool {
        !matches!(self, EntryKind::InternalNote | EntryKind::SystemEvent)
    }
}

/// One entry on a case's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub id: EntryId,
    pub case_id: CaseId,
    pub kind: EntryKind,
    pub author_id: Option<UserId>,
    pub author_name: String,
    pub body: String,
    pub client_id: Option<String>,
    pub created_at: i64,
    /// VADER scores of a customer message; `None` for every other kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<Scores>,
    /// Files sent with the message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<super::attachment::AttachmentView>,
}

/// Why a piece of user input was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("The message is empty.")]
    Empty,
    #[error("The message is too long ({0} characters; at most {MAX_BODY_CHARS}).")]
    TooLong(usize),
    #[error("The client id must be 8 to 64 letters, digits, '-' or '_'.")]
    BadClientId,
}

/// A message body: trimmed, line endings normalised, not empty, not too long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageBody(String);

impl MessageBody {
    /// Validates and normalises raw input.
    pub fn parse(raw: &str) -> Result<Self, InputError> {
        let text = raw.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim();
        if text.is_empty() {
            return Err(InputError::Empty);
        }
        let chars = text.chars().count();
        if chars > MAX_BODY_CHARS {
            return Err(InputError::TooLong(chars));
        }
        Ok(MessageBody(text.to_owned()))
    }

    /// The validated text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The sender's id for a message, which makes retries idempotent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    /// Validates a client-chosen id.
    pub fn parse(raw: &str) -> Result<Self, InputError> {
        let ok = (8..=64).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(ClientId(raw.to_owned()))
        } else {
            Err(InputError::BadClientId)
        }
    }

    /// The validated id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_trimmed_and_line_endings_normalised() {
        let b = MessageBody::parse("  hello\r\nthere \r").unwrap();
        assert_eq!(b.as_str(), "hello\nthere");
    }

    #[test]
    fn empty_and_over_long_bodies_are_refused() {
        assert_eq!(MessageBody::parse(" \n\t "), Err(InputError::Empty));
        let long = "é".repeat(MAX_BODY_CHARS + 1);
        assert_eq!(
            MessageBody::parse(&long),
            Err(InputError::TooLong(MAX_BODY_CHARS + 1))
        );
        assert!(MessageBody::parse(&"é".repeat(MAX_BODY_CHARS)).is_ok());
    }

    #[test]
    fn client_ids_must_be_short_and_plain() {
        assert!(ClientId::parse("0b8e3c1a-77f2-4c55-9d8e-1f2a3b4c5d6e").is_ok());
        assert_eq!(ClientId::parse("short"), Err(InputError::BadClientId));
        assert_eq!(
            ClientId::parse("has space in it"),
            Err(InputError::BadClientId)
        );
        assert_eq!(
            ClientId::parse(&"a".repeat(65)),
            Err(InputError::BadClientId)
        );
    }

    #[test]
    fn notes_and_system_events_are_never_for_customers() {
        assert!(!EntryKind::InternalNote.visible_to_customer());
        assert!(!EntryKind::SystemEvent.visible_to_customer());
        assert!(EntryKind::AgentReply.visible_to_customer());
        assert_eq!(
            EntryKind::parse("internal_note"),
            Some(EntryKind::InternalNote)
        );
    }
}
