//! Cases: status, priority, channel, tier and the views the surfaces show.

use super::ids::{CaseId, CustomerId, QueueId, UserId};
use super::timeline::TimelineEntry;
use crate::engine::mood::Mood;
use serde::{Deserialize, Serialize};

named_enum!(
    /// Life cycle: new → open → pending (on the customer) → on_hold → solved → closed.
    CaseStatus { New => "new", Open => "open", Pending => "pending", OnHold => "on_hold", Solved => "solved", Closed => "closed" }
);
named_enum!(
    /// P1 is the most urgent.
    Priority { P1 => "P1", P2 => "P2", P3 => "P3", P4 => "P4" }
);
named_enum!(
    /// Where the case came from.
    Channel { Chat => "chat", Email => "email", Phone => "phone", Web => "web", Social => "social" }
);
named_enum!(
    /// Support tier handling the case.
    Tier { T1 => "T1", T2 => "T2", T3 => "T3" }
);

impl CaseStatus {
    /// Whether the case still needs work (shown in open views).
    pub fn is_open(self) -> bool {
        !matches!(self, CaseStatus::Solved | CaseStatus::Closed)
    }
}

/// A case as listed in an inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: CaseId,
    pub subject: String,
    pub status: CaseStatus,
    pub priority: Priority,
    pub channel: Channel,
    pub tier: Tier,
    pub queue_id: QueueId,
    pub queue_name: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub assignee_id: Option<UserId>,
    pub assignee_name: Option<String>,
    pub preview: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The customer's mood so far; `None` before their first scored message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mood: Option<Mood>,
    /// The open case of the same customer this one likely repeats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<CaseId>,
    /// Sorted, normalised tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// When the earliest running SLA clock breaches; `None` when none runs.
    #[serde(default)]
    pub sla_due_at: Option<i64>,
    /// How far the most advanced unmet SLA clock has got; `None` without clocks.
    #[serde(default)]
    pub sla: Option<super::inbox::SlaState>,
    /// When a snoozed (pending) case comes back open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snoozed_until: Option<i64>,
    /// The case this one was merged into (it is closed, its timeline moved there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<CaseId>,
}

/// A case with its whole timeline, as the case page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseDetail {
    pub case: CaseSummary,
    pub entries: Vec<TimelineEntry>,
    /// The SLA clocks, for the countdowns beside the properties.
    pub clocks: Vec<ClockView>,
    /// The server's clock when reading (Unix ms), so countdowns agree with it.
    pub now: i64,
    /// The event sequence the data is current as of; live updates resume from here.
    pub as_of: i64,
    /// Quick actions taken or requested on the case, oldest first.
    #[serde(default)]
    pub actions: Vec<super::action::ActionView>,
    /// The queue's quality checklist with this case's ticks.
    #[serde(default)]
    pub checklist: Vec<super::quality::CaseCheck>,
}

/// One SLA clock as the case view shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockView {
    pub kind: crate::engine::sla::ClockKind,
    pub target_ms: i64,
    /// Business time used so far (up to `since` when running).
    pub elapsed_ms: i64,
    /// When the clock last started running; `None` while paused or stopped.
    pub since: Option<i64>,
    /// When the promise was kept; `None` while it still runs.
    pub met_at: Option<i64>,
    /// When it breaches if it keeps running.
    pub breach_at: Option<i64>,
}

/// An inbox listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub cases: Vec<CaseSummary>,
    /// Cases per view.
    pub counts: super::inbox::InboxCounts,
    /// The server's clock when listing (Unix ms), so countdowns agree with it.
    pub now: i64,
    /// The event sequence the listing is current as of; live updates resume from here.
    pub as_of: i64,
    /// The view holds more cases than were listed.
    #[serde(default)]
    pub more: bool,
}

#[cfg(test)]
impl CaseSummary {
    /// An open P3 chat case of the Bookings queue (id 1), unassigned, created at
    /// `id` ms, for unit tests; override what a test is about.
    pub fn sample(id: i64) -> Self {
        CaseSummary {
            id: CaseId(id),
            subject: format!("case {id}"),
            status: CaseStatus::Open,
            priority: Priority::P3,
            channel: Channel::Chat,
            tier: Tier::T1,
            queue_id: QueueId(1),
            queue_name: "Bookings".into(),
            customer_id: CustomerId(1),
            customer_name: "Ana".into(),
            assignee_id: None,
            assignee_name: None,
            preview: String::new(),
            created_at: id,
            updated_at: 1_000,
            mood: None,
            duplicate_of: None,
            tags: Vec::new(),
            sla_due_at: None,
            sla: None,
            snoozed_until: None,
            merged_into: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_enum_value_round_trips_through_its_stored_name() {
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse(s.as_str()), Some(*s));
        }
        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.as_str()), Some(*p));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Some(*c));
        }
        assert_eq!(
            serde_json::to_string(&CaseStatus::OnHold).unwrap(),
            "\"on_hold\""
        );
        assert_eq!(Tier::parse("T4"), None);
    }

    #[test]
    fn solved_and_closed_cases_are_not_open() {
        assert!(CaseStatus::Pending.is_open());
        assert!(!CaseStatus::Solved.is_open());
        assert!(!CaseStatus::Closed.is_open());
    }
}
