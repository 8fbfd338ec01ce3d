//! Workspace configuration as the admin pages and the agent workspace see it.

use serde::{Deserialize, Serialize};

use super::{Presence, QueueId, UserId};

/// A response template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: i64,
    pub name: String,
    /// Typed after `/` in the composer to insert it.
    pub shortcut: Option<String>,
    pub body: String,
    /// Offered first on cases of this queue; `None` = every queue.
    pub queue_id: Option<QueueId>,
    pub updated_at: i64,
}

/// A template filled in for a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderedTemplate {
    pub text: String,
    /// Variables with no value for this case, left in the text for the agent.
    pub missing: Vec<String>,
}

/// A queue, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRef {
    pub id: QueueId,
    pub name: String,
}

/// How routing sees an agent, as the admin edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRouting {
    pub id: UserId,
    pub name: String,
    pub presence: Presence,
    pub routing_paused: bool,
    pub capacity: i64,
    /// Comma-separated, lower case.
    pub skills: String,
    /// ISO 639-1 codes, comma-separated.
    pub languages: String,
    pub queues: Vec<String>,
    /// Open cases assigned now.
    pub load: i64,
}
