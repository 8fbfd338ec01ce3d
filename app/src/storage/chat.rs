//! A visitor's live chat after the hand-off: what they may read of their
//! case, their messages (written once, however often a flaky network sends
//! them), where their chat stands in the queue, and their rating.

use super::cases::{AddedEntry, NewEntry};
use super::widget::token_hash;
use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::chat::{
    first_name, ChatHours, ChatLine, ChatMessage, ChatState, Conversation, PastChat, Rating,
};
use crate::domain::{CaseId, Channel, EntryKind, Event, Priority, QueueId};
use crate::engine::sla::CustomerTier;

/// How many earlier conversations a verified customer sees.
const HISTORY: i64 = 10;

/// How far back first responses count towards the expected wait.
const WAIT_WINDOW_MS: i64 = 24 * 3_600_000;
/// How many recent first responses the expected wait averages.
const WAIT_SAMPLE: i64 = 50;

/// The visitor behind a token and the chat they are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitorChat {
    pub visitor_id: i64,
    pub case_id: CaseId,
}

fn no_chat() -> StorageError {
    StorageError::Field {
        field: "token",
        reason: "there is no chat yet: ask your question first".into(),
    }
}

impl Storage {
    /// The latest chat the visitor behind `token` opened, if any.
    pub async fn visitor_chat(&self, token: &str) -> StorageResult<Option<VisitorChat>> {
        let row: Option<(i64, Option<i64>)> = read!(self, p => sqlx::query_as(
            "SELECT v.id, (SELECT MAX(h.case_id) FROM visitor_handoffs h WHERE h.visitor_id = v.id) \
             FROM visitors v WHERE v.token_hash = $1")
            .bind(token_hash(token)).fetch_optional(p).await)?;
        Ok(row.and_then(|(visitor_id, case)| {
            case.map(|c| VisitorChat {
                visitor_id,
                case_id: CaseId(c),
            })
        }))
    }

    /// The visitor's current chat as they may see it: their messages and the
    /// agents' replies, never a note; `None` before their first hand-off.
    pub async fn conversation(&self, token: &str) -> StorageResult<Option<Conversation>> {
        let Some(chat) = self.visitor_chat(token).await? else {
            return Ok(None);
        };
        let lines = self
            .case_entries(chat.case_id)
            .await?
            .iter()
            .filter_map(ChatLine::of)
            .collect();
        Ok(Some(Conversation {
            case_id: chat.case_id,
            state: self.chat_state(chat.case_id).await?,
            lines,
        }))
    }

    /// Where a chat stands: waiting (its place among the unassigned open cases
    /// of its queue, oldest first, and the expected wait), with an agent,
    /// solved or closed.
    pub async fn chat_state(&self, case: CaseId) -> StorageResult<ChatState> {
        #[allow(clippy::type_complexity)]
        let (status, queue, created_at, csat, agent, priority, tier): (
            String,
            i64,
            i64,
            Option<i64>,
            Option<String>,
            String,
            String,
        ) = read!(self, p => sqlx::query_as(
                "SELECT c.status, c.queue_id, c.created_at, c.csat, u.name, c.priority, k.tier FROM cases c \
                 JOIN customers k ON k.id = c.customer_id \
                 LEFT JOIN users u ON u.id = c.assignee_id WHERE c.id = $1")
                .bind(case.0).fetch_one(p).await)?;
        match (status.as_str(), agent) {
            ("solved", _) => return Ok(ChatState::Solved { rated: csat }),
            ("closed", _) => return Ok(ChatState::Closed),
            (_, Some(name)) => {
                return Ok(ChatState::WithAgent {
                    name: first_name(&name),
                })
            }
            _ => {}
        }
        let hours = self
            .chat_hours_for(
                Priority::parse(&priority).unwrap_or(Priority::P3),
                CustomerTier::parse(&tier).unwrap_or(CustomerTier::Standard),
                self.now(),
            )
            .await?;
        if !hours.open {
            return Ok(ChatState::Away {
                back_at: hours.back_at,
            });
        }
        let (position,): (i64,) = read!(self, p => sqlx::query_as(
            "SELECT COUNT(*) FROM cases WHERE queue_id = $1 AND status NOT IN ('solved', 'closed') \
             AND assignee_id IS NULL AND (created_at < $2 OR (created_at = $2 AND id <= $3))")
            .bind(queue).bind(created_at).bind(case.0).fetch_one(p).await)?;
        Ok(ChatState::Waiting {
            position,
            wait_ms: self.expected_wait(QueueId(queue), position).await?,
        })
    }

    /// Whether people answer a new chat at `at`: by the calendar of the SLA
    /// policy a new chat falls under (P3, a standard customer); open when no
    /// policy applies.
    pub async fn chat_hours(&self, at: i64) -> StorageResult<ChatHours> {
        self.chat_hours_for(Priority::P3, CustomerTier::Standard, at)
            .await
    }

    /// Chat hours for a chat of `priority` from a customer of `tier`.
    async fn chat_hours_for(
        &self,
        priority: Priority,
        tier: CustomerTier,
        at: i64,
    ) -> StorageResult<ChatHours> {
        let config = self.sla_config().await?;
        Ok(match config.pick(priority, Channel::Chat, tier) {
            Some((_, calendar)) if !calendar.is_open_at(at) => ChatHours {
                open: false,
                back_at: calendar.next_open_at(at),
            },
            _ => ChatHours {
                open: true,
                back_at: None,
            },
        })
    }

    /// The wait at `position` in `queue`: the mean of the queue's recent
    /// first responses, once per round of the agents online in it; `None`
    /// with no one online or nothing recent to go by.
    async fn expected_wait(&self, queue: QueueId, position: i64) -> StorageResult<Option<i64>> {
        let since = self.now() - WAIT_WINDOW_MS;
        let (mean,): (Option<i64>,) = read!(self, p => sqlx::query_as(
            "SELECT CAST(AVG(t.ms) AS BIGINT) FROM (SELECT f.met_at - c.created_at AS ms \
             FROM sla_clocks f JOIN cases c ON c.id = f.case_id \
             WHERE f.kind = 'first_response' AND f.met_at IS NOT NULL AND f.met_at >= $1 AND c.queue_id = $2 \
             ORDER BY f.met_at DESC LIMIT $3) t")
            .bind(since).bind(queue.0).bind(WAIT_SAMPLE).fetch_one(p).await)?;
        let (online,): (i64,) = read!(self, p => sqlx::query_as(
            "SELECT COUNT(*) FROM queue_members m JOIN users u ON u.id = m.user_id \
             WHERE m.queue_id = $1 AND u.presence = 'online' AND u.active = TRUE")
            .bind(queue.0).fetch_one(p).await)?;
        Ok(match (mean, online) {
            (Some(mean), n) if n > 0 => {
                let rounds = (position + n - 1) / n;
                Some(mean.max(0) * rounds)
            }
            _ => None,
        })
    }

    /// Writes a visitor's message into their chat, once per client id (a
    /// resend after a lost answer writes nothing and answers the first
    /// write). A solved chat reopens; a closed one refuses.
    pub async fn visitor_send(&self, m: &ChatMessage) -> StorageResult<AddedEntry> {
        let chat = self.visitor_chat(&m.token).await?.ok_or_else(no_chat)?;
        let (status, customer): (String, String) = read!(self, p => sqlx::query_as(
            "SELECT c.status, cu.name FROM cases c JOIN customers cu ON cu.id = c.customer_id WHERE c.id = $1")
            .bind(chat.case_id.0).fetch_one(p).await)?;
        if status == "closed" {
            return Err(StorageError::Field {
                field: "body",
                reason: "this chat has ended: ask your question again to start a new one".into(),
            });
        }
        let added = self
            .add_entry(&NewEntry {
                case_id: chat.case_id,
                kind: EntryKind::CustomerMessage,
                author_id: None,
                author_name: &customer,
                body: &m.body,
                client_id: Some(&m.client_id),
            })
            .await?;
        write!(self, p => sqlx::query("UPDATE visitors SET last_seen_at = $1 WHERE id = $2")
            .bind(self.now()).bind(chat.visitor_id).execute(p).await.map(|_| ()))?;
        Ok(added)
    }

    /// Records the visitor's rating of their solved chat, once, and tells the
    /// agents on its timeline. Refused before the chat is solved and after it
    /// has been rated; a refusal changes nothing.
    pub async fn rate_chat(&self, r: &Rating) -> StorageResult<Vec<Event>> {
        let chat = self.visitor_chat(&r.token).await?.ok_or_else(no_chat)?;
        let comment = Some(r.comment.as_str()).filter(|c| !c.is_empty());
        let rated = write!(self, p => sqlx::query(
            "UPDATE cases SET csat = $1, csat_comment = $2, csat_at = $3 \
             WHERE id = $4 AND csat IS NULL AND status IN ('solved', 'closed')")
            .bind(r.score).bind(comment).bind(self.now()).bind(chat.case_id.0)
            .execute(p).await.map(|d| d.rows_affected()))?;
        if rated == 0 {
            let (csat,): (Option<i64>,) = read!(self, p => sqlx::query_as(
                "SELECT csat FROM cases WHERE id = $1").bind(chat.case_id.0).fetch_one(p).await)?;
            return Err(StorageError::Field {
                field: "score",
                reason: if csat.is_some() {
                    "you have already rated this chat: thank you".into()
                } else {
                    "you can rate the chat once it is solved".into()
                },
            });
        }
        let body = match comment {
            Some(c) => format!("The customer rated this chat {}/5: “{c}”", r.score),
            None => format!("The customer rated this chat {}/5.", r.score),
        };
        let client_id = format!("csat-{}", chat.case_id);
        let note = self
            .add_entry(&NewEntry {
                case_id: chat.case_id,
                kind: EntryKind::SystemEvent,
                author_id: None,
                author_name: super::widget::WIDGET_AUTHOR,
                body: &body,
                client_id: Some(&client_id),
            })
            .await?;
        Ok(note.events)
    }

    /// The latest conversations of the customer known by the company's user id
    /// `user_id` (only ever asked for a claim whose hash was verified), newest
    /// first, without `except` (the chat on screen): what the customer may see
    /// of each, never a note.
    pub async fn customer_history(
        &self,
        user_id: &str,
        except: Option<CaseId>,
    ) -> StorageResult<Vec<PastChat>> {
        let rows: Vec<(i64, String, i64)> = read!(self, p => sqlx::query_as(
            "SELECT c.id, c.subject, c.created_at FROM customer_identities i \
             JOIN cases c ON c.customer_id = i.customer_id \
             WHERE i.kind = 'external_id' AND i.value = $1 AND c.merged_into IS NULL AND c.id <> $2 \
             ORDER BY c.created_at DESC, c.id DESC LIMIT $3")
            .bind(user_id).bind(except.map_or(0, |c| c.0)).bind(HISTORY).fetch_all(p).await)?;
        let mut past = Vec::with_capacity(rows.len());
        for (id, subject, created_at) in rows {
            let lines = self
                .case_entries(CaseId(id))
                .await?
                .iter()
                .filter_map(ChatLine::of)
                .collect();
            past.push(PastChat {
                case_id: CaseId(id),
                subject,
                created_at,
                lines,
            });
        }
        Ok(past)
    }
}
