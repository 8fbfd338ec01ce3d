//! Chat-widget visitors and their hand-off to a person.
//!
//! A visitor is known by a token made in their browser; only its SHA-256 is
//! stored, so a database leak gives no one a visitor's conversation. A
//! visitor who has not proved who they are gets a customer record of their
//! own: typing someone's email merges them into nothing.

use super::cases::NewEntry;
use super::intake::Intake;
use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::widget::{HandedOff, Handoff, IdentityClaim};
use crate::domain::{CaseId, Channel, CustomerId, EntryKind, Event, QueueId};
use sha2::{Digest, Sha256};

/// The stored form of a visitor token.
pub fn token_hash(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// The author of what the widget writes on a case.
pub const WIDGET_AUTHOR: &str = "Chat widget";

/// What a hand-off did.
#[derive(Debug, Clone)]
pub struct HandoffOutcome {
    pub handed_off: HandedOff,
    /// Empty when this was a retry of a hand-off already made.
    pub events: Vec<Event>,
}

impl Storage {
    /// The visitor and customer a token stands for.
    async fn visitor_of(&self, token: &str) -> StorageResult<Option<(i64, CustomerId)>> {
        let row: Option<(i64, i64)> = read!(self, p => sqlx::query_as(
            "SELECT id, customer_id FROM visitors WHERE token_hash = $1")
            .bind(token_hash(token)).fetch_optional(p).await)?;
        Ok(row.map(|(v, c)| (v, CustomerId(c))))
    }

    /// What is stored of every visitor's token, oldest first (their hashes).
    pub async fn visitor_token_hashes(&self) -> StorageResult<Vec<String>> {
        let rows: Vec<(String,)> = read!(self, p => sqlx::query_as(
            "SELECT token_hash FROM visitors ORDER BY id").fetch_all(p).await)?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Opens a chat case for a visitor who asked for a person (the hand-off
    /// must have been through [`Handoff::normalise`]): the question is the
    /// customer's first message, triaged and routed like any. A `verified`
    /// visitor (their identity claim carried a valid hash) is their company
    /// customer; anyone else gets a customer of their own. An internal
    /// note carries the page, the articles shown and the bot conversation. A
    /// retry with the same token answers the same case and writes nothing,
    /// while that case is open; once it is solved, a new question opens a new chat.
    #[tracing::instrument(skip(self, h), err)]
    pub async fn hand_off(&self, h: &Handoff, verified: bool) -> StorageResult<HandoffOutcome> {
        let now = self.now();
        let (visitor, customer) = match self.visitor_of(&h.token).await? {
            Some(v) => v,
            None => {
                let customer = match h.identity.as_ref().filter(|_| verified) {
                    Some(who) => self.verified_customer(who, &h.language).await?,
                    None => {
                        let name = if h.name.is_empty() {
                            "Website visitor"
                        } else {
                            h.name.as_str()
                        };
                        self.create_customer(&super::customers::NewCustomer {
                            name,
                            email: None,
                            phone: None,
                            tier: "standard",
                            language: &h.language,
                        })
                        .await?
                    }
                };
                let hash = token_hash(&h.token);
                let inserted: StorageResult<(i64,)> = write!(self, p => sqlx::query_as(
                    "INSERT INTO visitors (token_hash, customer_id, verified, language, created_at, last_seen_at) \
                     VALUES ($1, $2, $3, $4, $5, $5) RETURNING id")
                    .bind(&hash).bind(customer.0).bind(verified).bind(&h.language).bind(now)
                    .fetch_one(p).await.map_err(StorageError::from));
                match inserted {
                    Ok((id,)) => (id, customer),
                    // Two tabs sent the same hand-off at once: use the one that won.
                    Err(StorageError::Conflict(_)) => self
                        .visitor_of(&h.token)
                        .await?
                        .ok_or(StorageError::NotFound)?,
                    Err(e) => return Err(e),
                }
            }
        };
        let existing: Option<(i64,)> = read!(self, p => sqlx::query_as(
            "SELECT h.case_id FROM visitor_handoffs h JOIN cases c ON c.id = h.case_id \
             WHERE h.visitor_id = $1 AND c.status NOT IN ('solved', 'closed') ORDER BY h.case_id DESC LIMIT 1")
            .bind(visitor).fetch_optional(p).await)?;
        if let Some((case,)) = existing {
            return Ok(HandoffOutcome {
                handed_off: HandedOff {
                    case_id: CaseId(case),
                },
                events: Vec::new(),
            });
        }
        let (first_queue,): (i64,) =
            read!(self, p => sqlx::query_as("SELECT MIN(id) FROM queues").fetch_one(p).await)?;
        // Entry ids derived from the token's hash: retries write nothing twice,
        // and no part of the secret reaches the timeline.
        let key = &token_hash(&h.token)[..16];
        let (message_id, note_id) = (format!("handoff-{key}"), format!("handoff-note-{key}"));
        let opened = self
            .open_case(&Intake {
                customer_id: customer,
                channel: Channel::Chat,
                subject: &h.subject(),
                message: &h.question,
                client_id: Some(&message_id),
                default_queue: QueueId(first_queue),
            })
            .await?;
        let case = opened.case.id;
        write!(self, p => sqlx::query("INSERT INTO visitor_handoffs (visitor_id, case_id) VALUES ($1, $2)")
            .bind(visitor).bind(case.0).execute(p).await.map(|_| ()))?;
        let mut events = opened.events;
        let context = self.handoff_context(h, verified).await?;
        let note = self
            .add_entry(&NewEntry {
                case_id: case,
                kind: EntryKind::InternalNote,
                author_id: None,
                author_name: WIDGET_AUTHOR,
                body: &context,
                client_id: Some(&note_id),
            })
            .await?;
        events.extend(note.events);
        Ok(HandoffOutcome {
            handed_off: HandedOff { case_id: case },
            events,
        })
    }

    /// The customer a verified visitor is: known by the company's user id,
    /// else by their email, else new (and known by both from now on).
    async fn verified_customer(
        &self,
        who: &IdentityClaim,
        language: &str,
    ) -> StorageResult<CustomerId> {
        let by = |kind: &'static str, value: String| async move {
            let row: Option<(i64,)> = read!(self, p => sqlx::query_as(
                "SELECT customer_id FROM customer_identities WHERE kind = $1 AND value = $2")
                .bind(kind).bind(&value).fetch_optional(p).await)?;
            Ok::<_, StorageError>(row.map(|r| CustomerId(r.0)))
        };
        let known = match by("external_id", who.user_id.clone()).await? {
            Some(c) => return Ok(c),
            None if who.email.is_empty() => None,
            None => by("email", who.email.clone()).await?,
        };
        let customer = match known {
            Some(c) => c,
            None => {
                let name = if who.name.is_empty() {
                    "Website visitor"
                } else {
                    who.name.as_str()
                };
                self.create_customer(&super::customers::NewCustomer {
                    name,
                    email: Some(who.email.as_str()).filter(|e| !e.is_empty()),
                    phone: None,
                    tier: "standard",
                    language,
                })
                .await?
            }
        };
        let linked = write!(self, p => sqlx::query(
            "INSERT INTO customer_identities (customer_id, kind, value) VALUES ($1, 'external_id', $2) \
             ON CONFLICT (kind, value) DO NOTHING")
            .bind(customer.0).bind(&who.user_id).execute(p).await.map(|_| ()));
        linked?;
        Ok(customer)
    }

    /// The note that tells the agent what the visitor already saw and said.
    async fn handoff_context(&self, h: &Handoff, verified: bool) -> StorageResult<String> {
        let mut lines = vec!["Handed off from the chat widget.".to_string()];
        if !self.chat_hours(self.now()).await?.open {
            lines.push(format!(
                "Left outside chat hours: if they have gone, reply by email to {}.",
                if h.email.is_empty() {
                    "(no address given)"
                } else {
                    h.email.as_str()
                }
            ));
        }
        if !h.page_url.is_empty() {
            lines.push(format!("Page: {}", h.page_url));
        }
        if !h.articles_seen.is_empty() {
            let mut titles = Vec::new();
            for id in &h.articles_seen {
                let t: Option<(String,)> = read!(self, p => sqlx::query_as(
                    "SELECT title FROM kb_articles WHERE id = $1").bind(id).fetch_optional(p).await)?;
                titles.extend(t.map(|t| format!("“{}”", t.0)));
            }
            if !titles.is_empty() {
                lines.push(format!("Articles shown: {}", titles.join(", ")));
            }
        }
        if let Some(who) = &h.identity {
            if verified {
                lines.push(format!(
                    "Signed in on the company's site as {} (verified).",
                    who.user_id
                ));
            } else {
                lines.push(format!(
                    "Claimed to be {} {} (NOT verified: no valid user_hash; treated as an anonymous visitor).",
                    who.user_id, who.email
                ));
            }
        }
        if !h.name.is_empty() || !h.email.is_empty() {
            lines.push(format!(
                "Gave (not verified): {}{}{}",
                h.name,
                if h.name.is_empty() || h.email.is_empty() {
                    ""
                } else {
                    " · "
                },
                h.email
            ));
        }
        lines.push(format!("Language: {}", h.language));
        if !h.transcript.is_empty() {
            lines.push(String::new());
            lines.push("Before asking for a person:".into());
            for l in &h.transcript {
                let who = if l.from_visitor { "Visitor" } else { "Widget" };
                lines.push(format!("{who}: {}", l.text));
            }
        }
        let text = lines.join("\n");
        Ok(text
            .chars()
            .take(crate::domain::timeline::MAX_BODY_CHARS)
            .collect())
    }
}
