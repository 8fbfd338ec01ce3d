//! Alerts for supervisors: the events that need a person to look, each acted
//! on in place and marked handled. An alert is its event: its id is the
//! event's sequence number, so every node and every tab agrees on it.

use super::action::{ActionStatus, ActionView};
use super::event::{Event, EventKind};
use super::ids::{CaseId, QueueId, UserId};
use serde::{Deserialize, Serialize};

/// How far back the alert list reaches.
pub const ALERT_WINDOW_MS: i64 = 24 * 3_600_000;

named_enum!(
    /// What an alert is about.
    AlertKind { SlaWarning => "sla_warning", SlaBreached => "sla_breached", Sentiment => "sentiment", Escalation => "escalation", Approval => "approval" }
);

impl AlertKind {
    /// Words for people.
    pub fn words(self) -> &'static str {
        match self {
            AlertKind::SlaWarning => "SLA at 80 %",
            AlertKind::SlaBreached => "SLA breached",
            AlertKind::Sentiment => "Negative sentiment",
            AlertKind::Escalation => "Escalated",
            AlertKind::Approval => "Approval requested",
        }
    }

    /// The stored event kinds alerts come from.
    pub const EVENT_KINDS: [&'static str; 5] = [
        "sla_warning",
        "sla_breached",
        "sentiment_alert",
        "case_escalated",
        "action_updated",
    ];
}

/// Who marked an alert handled, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handled {
    pub by: UserId,
    pub by_name: String,
    pub at: i64,
}

/// One alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// The event's sequence number.
    pub seq: i64,
    pub at: i64,
    pub kind: AlertKind,
    pub case_id: CaseId,
    pub subject: String,
    pub queue_id: QueueId,
    pub queue_name: String,
    pub assignee_id: Option<UserId>,
    pub assignee_name: Option<String>,
    /// One line on what happened.
    pub detail: String,
    /// The request, for approvals (decided in place).
    pub action: Option<ActionView>,
    pub handled: Option<Handled>,
}

impl Alert {
    /// The alert an event raises, if it raises one.
    pub fn of(event: &Event) -> Option<Alert> {
        let (kind, detail, action) = match &event.kind {
            EventKind::SlaWarning { clock, .. } => (
                AlertKind::SlaWarning,
                format!("80 % of the {} time is used.", clock.words()),
                None,
            ),
            EventKind::SlaBreached { clock, .. } => (
                AlertKind::SlaBreached,
                format!("The {} target has passed.", clock.words()),
                None,
            ),
            EventKind::SentimentAlert { .. } => (
                AlertKind::Sentiment,
                "The customer's recent messages read negative.".to_string(),
                None,
            ),
            EventKind::CaseEscalated {
                case,
                reason,
                by_name,
            } => (
                AlertKind::Escalation,
                format!("{by_name} escalated it to {}: {reason}", case.queue_name),
                None,
            ),
            EventKind::ActionUpdated { action, .. }
                if action.status == ActionStatus::PendingApproval =>
            {
                (
                    AlertKind::Approval,
                    format!("{} asks: {}", action.requested_by_name, action.summary),
                    Some(action.clone()),
                )
            }
            _ => return None,
        };
        let (case_id, subject, queue_id, queue_name, assignee_id, assignee_name) =
            match (event.kind.case(), &event.kind) {
                (Some(c), _) => (
                    c.id,
                    c.subject.clone(),
                    c.queue_id,
                    c.queue_name.clone(),
                    c.assignee_id,
                    c.assignee_name.clone(),
                ),
                (None, EventKind::ActionUpdated { queue_id, action }) => (
                    action.case_id,
                    action.case_subject.clone(),
                    *queue_id,
                    String::new(),
                    Some(action.requested_by),
                    Some(action.requested_by_name.clone()),
                ),
                _ => return None,
            };
        Some(Alert {
            seq: event.seq,
            at: event.at,
            kind,
            case_id,
            subject,
            queue_id,
            queue_name,
            assignee_id,
            assignee_name,
            detail,
            action,
            handled: None,
        })
    }
}

/// The alert list, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alerts {
    pub items: Vec<Alert>,
    pub as_of: i64,
}

impl Alerts {
    /// Applies a live event: a new alert goes on top, a mark changes its alert.
    pub fn apply(&mut self, event: &Event) {
        if let EventKind::AlertHandled { seq, handled } = &event.kind {
            if let Some(a) = self.items.iter_mut().find(|a| a.seq == *seq) {
                a.handled = handled.clone();
            }
        } else if let EventKind::ActionUpdated { action, .. } = &event.kind {
            // A decided request: its alert shows the decision.
            for a in self.items.iter_mut() {
                if a.action.as_ref().is_some_and(|x| x.id == action.id) {
                    a.action = Some(action.clone());
                }
            }
            self.push(event);
        } else {
            self.push(event);
        }
    }

    fn push(&mut self, event: &Event) {
        if self.items.iter().any(|a| a.seq == event.seq) {
            return;
        }
        if let Some(a) = Alert::of(event) {
            self.items.insert(0, a);
        }
    }

    /// Alerts nobody has handled yet.
    pub fn open(&self) -> usize {
        self.items.iter().filter(|a| a.handled.is_none()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CaseSummary;
    use crate::engine::sla::ClockKind;

    fn ev(seq: i64, kind: EventKind) -> Event {
        Event { seq, at: 5, kind }
    }

    #[test]
    fn alerts_come_from_the_events_that_need_a_person() {
        let case = CaseSummary::sample(4);
        let w = Alert::of(&ev(
            9,
            EventKind::SlaWarning {
                case: case.clone(),
                clock: ClockKind::FirstResponse,
            },
        ))
        .unwrap();
        assert_eq!(
            (w.seq, w.kind, w.case_id),
            (9, AlertKind::SlaWarning, CaseId(4))
        );
        assert!(w.detail.contains("80 %"), "{}", w.detail);
        assert!(Alert::of(&ev(10, EventKind::CaseUpdated { case })).is_none());
    }

    #[test]
    fn the_list_takes_new_alerts_on_top_once_and_marks_them() {
        let mut list = Alerts {
            items: Vec::new(),
            as_of: 0,
        };
        let sentiment = ev(
            3,
            EventKind::SentimentAlert {
                case: CaseSummary::sample(1),
            },
        );
        list.apply(&sentiment);
        list.apply(&sentiment);
        list.apply(&ev(
            4,
            EventKind::SlaBreached {
                case: CaseSummary::sample(2),
                clock: ClockKind::Resolution,
            },
        ));
        assert_eq!(list.items.iter().map(|a| a.seq).collect::<Vec<_>>(), [4, 3]);
        assert_eq!(list.open(), 2);
        list.apply(&ev(
            5,
            EventKind::AlertHandled {
                seq: 3,
                handled: Some(Handled {
                    by: UserId(1),
                    by_name: "Priya".into(),
                    at: 6,
                }),
            },
        ));
        assert_eq!(list.open(), 1);
        assert_eq!(list.items[1].handled.as_ref().unwrap().by_name, "Priya");
    }
}
