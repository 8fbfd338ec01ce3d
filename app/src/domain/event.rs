//! Typed real-time events, the topics they are published on, and the WebSocket frames.

use super::action::ActionView;
use super::activity::{Activity, Doing};
use super::case::CaseSummary;
use super::ids::{CaseId, QueueId, UserId};
use super::quality::CaseCheck;
use super::timeline::TimelineEntry;
use crate::engine::sla::ClockKind;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Largest WebSocket frame either side accepts.
pub const MAX_FRAME_BYTES: usize = 64 * 1024;

/// Something a client may subscribe to; permission is checked on every subscribe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    Case(CaseId),
    Queue(QueueId),
    Agent(UserId),
    Supervisor,
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Topic::Case(id) => write!(f, "case:{id}"),
            Topic::Queue(id) => write!(f, "queue:{id}"),
            Topic::Agent(id) => write!(f, "agent:{id}"),
            Topic::Supervisor => f.write_str("supervisor"),
        }
    }
}

impl std::str::FromStr for Topic {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("unknown topic {s:?}");
        if s == "supervisor" {
            return Ok(Topic::Supervisor);
        }
        let (kind, id) = s.split_once(':').ok_or_else(bad)?;
        let id: i64 = id.parse().map_err(|_| bad())?;
        match kind {
            "case" => Ok(Topic::Case(CaseId(id))),
            "queue" => Ok(Topic::Queue(QueueId(id))),
            "agent" => Ok(Topic::Agent(UserId(id))),
            _ => Err(bad()),
        }
    }
}

/// What happened. Durable kinds are stored with a sequence number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    CaseCreated {
        case: CaseSummary,
    },
    CaseUpdated {
        case: CaseSummary,
    },
    EntryAdded {
        queue_id: QueueId,
        entry: TimelineEntry,
    },
    /// The case moved to another queue; also told to the queue it left.
    CaseMoved {
        case: CaseSummary,
        from: QueueId,
    },
    /// The customer's recent messages crossed the negative-sentiment threshold.
    SentimentAlert {
        case: CaseSummary,
    },
    /// An SLA clock used 80 % of its target (the case's priority was raised).
    SlaWarning {
        case: CaseSummary,
        clock: ClockKind,
    },
    /// An SLA clock passed its target.
    SlaBreached {
        case: CaseSummary,
        clock: ClockKind,
    },
    /// An item of the case's quality checklist was ticked or unticked.
    ChecklistUpdated {
        case_id: super::ids::CaseId,
        queue_id: QueueId,
        checks: Vec<CaseCheck>,
    },
    /// An agent escalated the case to another queue or tier.
    CaseEscalated {
        case: CaseSummary,
        reason: String,
        by_name: String,
    },
    /// A quick action was requested, executed, approved or denied.
    ActionUpdated {
        queue_id: QueueId,
        action: ActionView,
    },
    /// `case` was merged into case `into`: its timeline moved there, it is closed.
    CaseMerged {
        case: CaseSummary,
        into: CaseId,
    },
    /// An agent's presence or routing changed (by them or a supervisor).
    AgentUpdated {
        agent_id: UserId,
        name: String,
        presence: super::user::Presence,
        routing_paused: bool,
    },
    /// A supervisor marked the alert of event `seq` handled (or not any more).
    AlertHandled {
        seq: i64,
        handled: Option<super::alert::Handled>,
    },
}

impl EventKind {
    /// The case as this event left it, for events that carry one.
    pub fn case(&self) -> Option<&CaseSummary> {
        match self {
            EventKind::CaseCreated { case }
            | EventKind::CaseUpdated { case }
            | EventKind::CaseMoved { case, .. }
            | EventKind::SentimentAlert { case }
            | EventKind::SlaWarning { case, .. }
            | EventKind::SlaBreached { case, .. }
            | EventKind::CaseEscalated { case, .. }
            | EventKind::CaseMerged { case, .. } => Some(case),
            EventKind::EntryAdded { .. }
            | EventKind::ActionUpdated { .. }
            | EventKind::ChecklistUpdated { .. }
            | EventKind::AgentUpdated { .. }
            | EventKind::AlertHandled { .. } => None,
        }
    }

    /// The topics this event is delivered on.
    pub fn topics(&self) -> Vec<Topic> {
        let mut topics = match self {
            EventKind::SentimentAlert { case }
            | EventKind::SlaWarning { case, .. }
            | EventKind::SlaBreached { case, .. }
            | EventKind::CaseEscalated { case, .. } => {
                vec![
                    Topic::Case(case.id),
                    Topic::Queue(case.queue_id),
                    Topic::Supervisor,
                ]
            }
            EventKind::CaseCreated { case } | EventKind::CaseUpdated { case } => {
                let mut t = vec![
                    Topic::Case(case.id),
                    Topic::Queue(case.queue_id),
                    Topic::Supervisor,
                ];
                t.extend(case.assignee_id.map(Topic::Agent));
                t
            }
            EventKind::CaseMoved { case, from } => {
                let mut t = vec![
                    Topic::Case(case.id),
                    Topic::Queue(case.queue_id),
                    Topic::Queue(*from),
                    Topic::Supervisor,
                ];
                t.extend(case.assignee_id.map(Topic::Agent));
                t
            }
            EventKind::ChecklistUpdated { case_id, .. } => vec![Topic::Case(*case_id)],
            EventKind::CaseMerged { case, into } => {
                let mut t = vec![
                    Topic::Case(case.id),
                    Topic::Case(*into),
                    Topic::Queue(case.queue_id),
                    Topic::Supervisor,
                ];
                t.extend(case.assignee_id.map(Topic::Agent));
                t
            }
            EventKind::ActionUpdated {
                queue_id: _,
                action,
            } => {
                vec![
                    Topic::Case(action.case_id),
                    Topic::Agent(action.requested_by),
                    Topic::Supervisor,
                ]
            }
            EventKind::AgentUpdated { agent_id, .. } => {
                vec![Topic::Agent(*agent_id), Topic::Supervisor]
            }
            EventKind::AlertHandled { .. } => vec![Topic::Supervisor],
            EventKind::EntryAdded { queue_id, entry } => {
                vec![
                    Topic::Case(entry.case_id),
                    Topic::Queue(*queue_id),
                    Topic::Supervisor,
                ]
            }
        };
        topics.sort();
        topics.dedup();
        topics
    }

    /// Stable name of the kind, stored beside the payload.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::CaseCreated { .. } => "case_created",
            EventKind::CaseUpdated { .. } => "case_updated",
            EventKind::EntryAdded { .. } => "entry_added",
            EventKind::CaseMoved { .. } => "case_moved",
            EventKind::SentimentAlert { .. } => "sentiment_alert",
            EventKind::SlaWarning { .. } => "sla_warning",
            EventKind::SlaBreached { .. } => "sla_breached",
            EventKind::ActionUpdated { .. } => "action_updated",
            EventKind::ChecklistUpdated { .. } => "checklist_updated",
            EventKind::CaseEscalated { .. } => "case_escalated",
            EventKind::CaseMerged { .. } => "case_merged",
            EventKind::AgentUpdated { .. } => "agent_updated",
            EventKind::AlertHandled { .. } => "alert_handled",
        }
    }
}

/// A stored event with its per-workspace sequence number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub seq: i64,
    /// Unix milliseconds.
    pub at: i64,
    pub kind: EventKind,
}

/// Browser → server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Subscribe; with `since`, first replay that topic's events after `since`.
    Subscribe {
        topic: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<i64>,
    },
    Unsubscribe {
        topic: String,
    },
    /// Replay everything after `last_seq` on the current subscriptions.
    Resume {
        last_seq: i64,
    },
    /// What the person is doing on a case they are subscribed to; relayed to
    /// the others on the case, never stored.
    Activity {
        case_id: CaseId,
        doing: Doing,
    },
    Ping,
}

/// Server → browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
// A frame lives only while it is encoded or decoded; boxing the event would cost
// an allocation per frame for nothing.
#[allow(clippy::large_enum_variant)]
pub enum ServerFrame {
    /// First frame: the newest sequence at connection time.
    Hello {
        last_seq: i64,
    },
    Event(Event),
    /// The client is too far behind: reload its views, then continue from `last_seq`.
    Reset {
        last_seq: i64,
    },
    Subscribed {
        topic: String,
    },
    Unsubscribed {
        topic: String,
    },
    Denied {
        topic: String,
        reason: String,
    },
    Pong,
    Error {
        message: String,
    },
    /// Someone else's activity on a case this client is subscribed to (ephemeral).
    Activity(Activity),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EntryId, EntryKind, Priority};

    fn summary(assignee: Option<UserId>) -> CaseSummary {
        CaseSummary {
            subject: "Charged twice".into(),
            priority: Priority::P2,
            queue_id: QueueId(2),
            queue_name: "Billing".into(),
            assignee_id: assignee,
            created_at: 0,
            updated_at: 0,
            ..CaseSummary::sample(7)
        }
    }

    #[test]
    fn topics_print_and_parse_back() {
        for t in [
            Topic::Case(CaseId(3)),
            Topic::Queue(QueueId(4)),
            Topic::Agent(UserId(5)),
            Topic::Supervisor,
        ] {
            assert_eq!(t.to_string().parse::<Topic>().unwrap(), t);
        }
        assert!("case:abc".parse::<Topic>().is_err());
        assert!("visitor".parse::<Topic>().is_err());
        assert!("team:1".parse::<Topic>().is_err());
    }

    #[test]
    fn a_case_update_goes_to_its_case_queue_assignee_and_supervisors() {
        let t = EventKind::CaseUpdated {
            case: summary(Some(UserId(9))),
        }
        .topics();
        assert_eq!(
            t,
            vec![
                Topic::Case(CaseId(7)),
                Topic::Queue(QueueId(2)),
                Topic::Agent(UserId(9)),
                Topic::Supervisor
            ]
        );
        let t = EventKind::CaseCreated {
            case: summary(None),
        }
        .topics();
        assert!(!t.iter().any(|t| matches!(t, Topic::Agent(_))));
    }

    #[test]
    fn frames_have_a_stable_json_shape() {
        let f: ClientFrame = serde_json::from_str(r#"{"t":"resume","last_seq":12}"#).unwrap();
        assert_eq!(f, ClientFrame::Resume { last_seq: 12 });
        let entry = TimelineEntry {
            id: EntryId(1),
            case_id: CaseId(7),
            kind: EntryKind::AgentReply,
            author_id: None,
            author_name: "Bo".into(),
            body: "Hi".into(),
            client_id: None,
            created_at: 5,
            sentiment: None,
            attachments: Vec::new(),
        };
        let ev = ServerFrame::Event(Event {
            seq: 3,
            at: 5,
            kind: EventKind::EntryAdded {
                queue_id: QueueId(2),
                entry,
            },
        });
        let json = serde_json::to_value(&ev).unwrap();
        assert_eq!(json["t"], "event");
        assert_eq!(json["seq"], 3);
        assert_eq!(json["kind"]["type"], "entry_added");
        assert_eq!(serde_json::from_value::<ServerFrame>(json).unwrap(), ev);
        let f: ClientFrame =
            serde_json::from_str(r#"{"t":"activity","case_id":4,"doing":"typing"}"#).unwrap();
        assert_eq!(
            f,
            ClientFrame::Activity {
                case_id: CaseId(4),
                doing: Doing::Typing
            }
        );
        let a = ServerFrame::Activity(Activity {
            case_id: CaseId(4),
            user_id: UserId(2),
            name: "Leo".into(),
            doing: Doing::Viewing,
        });
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["t"], "activity");
        assert_eq!(json["name"], "Leo");
        assert_eq!(serde_json::from_value::<ServerFrame>(json).unwrap(), a);
    }
}
