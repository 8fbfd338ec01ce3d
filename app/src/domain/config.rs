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

/// A named business-hours calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedCalendar {
    pub id: i64,
    pub name: String,
    pub spec: crate::engine::calendar::CalendarSpec,
}

/// What the SLA admin page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaAdmin {
    pub policies: Vec<crate::engine::sla::Policy>,
    pub calendars: Vec<NamedCalendar>,
}

/// A triage rule with how it has done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleView {
    pub rule: crate::engine::triage::RuleSpec,
    pub position: i64,
    pub applied: i64,
    pub corrected: i64,
    /// Kept ÷ applied in per cent; `None` before it was applied.
    pub accuracy: Option<f64>,
}

/// Overall triage accuracy: rules applied, corrected by agents, kept ÷ applied.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TriageAccuracy {
    pub applied: i64,
    pub corrected: i64,
    pub percent: Option<f64>,
}

/// What the triage admin page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriageAdmin {
    pub rules: Vec<RuleView>,
    pub overall: TriageAccuracy,
    pub queues: Vec<QueueRef>,
}

/// What the routing admin page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingAdmin {
    pub agents: Vec<AgentRouting>,
    pub automation: crate::engine::automation::Automation,
}

/// What the templates admin page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatesAdmin {
    pub templates: Vec<Template>,
    pub queues: Vec<QueueRef>,
    /// Every variable a template may use, with its meaning.
    pub variables: Vec<(String, String)>,
}

/// One audited admin change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminChange {
    pub at: i64,
    pub who: String,
    pub target: String,
    pub detail: String,
}
