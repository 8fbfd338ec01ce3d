//! A change to one property of a case, as an agent makes it inline or in bulk,
//! with the value they last saw so a colleague's change is never overwritten.

use super::case::{CaseStatus, CaseSummary, Priority, Tier};
use super::ids::{QueueId, UserId};
use serde::{Deserialize, Serialize};

/// One property and its new value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum CaseEdit {
    Status(CaseStatus),
    Priority(Priority),
    Queue(QueueId),
    Assignee(Option<UserId>),
    Tier(Tier),
    Tags(Vec<String>),
    /// Adds one tag, keeping the others (bulk tagging).
    AddTag(String),
}

impl CaseEdit {
    /// The same property with the value `case` has now.
    pub fn current(&self, case: &CaseSummary) -> CaseEdit {
        match self {
            CaseEdit::Status(_) => CaseEdit::Status(case.status),
            CaseEdit::Priority(_) => CaseEdit::Priority(case.priority),
            CaseEdit::Queue(_) => CaseEdit::Queue(case.queue_id),
            CaseEdit::Assignee(_) => CaseEdit::Assignee(case.assignee_id),
            CaseEdit::Tier(_) => CaseEdit::Tier(case.tier),
            CaseEdit::Tags(_) | CaseEdit::AddTag(_) => CaseEdit::Tags(case.tags.clone()),
        }
    }

    /// The property's name, as forms and errors call it.
    pub fn field(&self) -> &'static str {
        match self {
            CaseEdit::Status(_) => "status",
            CaseEdit::Priority(_) => "priority",
            CaseEdit::Queue(_) => "queue",
            CaseEdit::Assignee(_) => "assignee",
            CaseEdit::Tier(_) => "tier",
            CaseEdit::Tags(_) | CaseEdit::AddTag(_) => "tags",
        }
    }

    /// The value `case` has for this edit's property, in words.
    pub fn words_in(&self, case: &CaseSummary) -> String {
        match self {
            CaseEdit::Status(_) => case.status.as_str().replace('_', " "),
            CaseEdit::Priority(_) => case.priority.to_string(),
            CaseEdit::Queue(_) => case.queue_name.clone(),
            CaseEdit::Assignee(_) => case
                .assignee_name
                .clone()
                .unwrap_or_else(|| "nobody".into()),
            CaseEdit::Tier(_) => case.tier.to_string(),
            CaseEdit::Tags(_) | CaseEdit::AddTag(_) if case.tags.is_empty() => "none".into(),
            CaseEdit::Tags(_) | CaseEdit::AddTag(_) => case.tags.join(", "),
        }
    }

    /// Whether `case` already has this value (the edit would change nothing).
    pub fn is_noop(&self, case: &CaseSummary) -> bool {
        match self {
            CaseEdit::AddTag(tag) => case.tags.contains(tag),
            _ => self.current(case) == *self,
        }
    }
}

/// Refuses edits no agent may make by hand: back to "new", or "closed" (cases
/// close by themselves a few days after they are solved).
pub fn check_status(to: CaseStatus) -> Result<(), String> {
    match to {
        CaseStatus::New => Err("A case cannot go back to new.".into()),
        CaseStatus::Closed => Err(
            "Cases close by themselves a few days after they are solved; solve it instead.".into(),
        ),
        _ => Ok(()),
    }
}

/// The timeline's words for a change, e.g. "priority P3 → P1".
pub fn describe_change(edit: &CaseEdit, before: &CaseSummary, after: &CaseSummary) -> String {
    format!(
        "{} {} → {}",
        edit.field(),
        edit.words_in(before),
        edit.words_in(after)
    )
}

/// How many cases one bulk change may touch.
pub const MAX_BULK: usize = 200;

/// What a bulk change did to each case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub changed: Vec<super::ids::CaseId>,
    /// Cases left as they were, each with the reason.
    pub refused: Vec<(super::ids::CaseId, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Channel;

    fn case() -> CaseSummary {
        CaseSummary {
            subject: "s".into(),
            channel: Channel::Email,
            queue_id: QueueId(2),
            queue_name: "Billing".into(),
            assignee_id: Some(UserId(4)),
            assignee_name: Some("Bo".into()),
            created_at: 0,
            updated_at: 0,
            tags: vec!["refund".into()],
            ..CaseSummary::sample(1)
        }
    }

    #[test]
    fn an_edit_knows_the_current_value_of_its_field() {
        let c = case();
        assert_eq!(
            CaseEdit::Priority(Priority::P1).current(&c),
            CaseEdit::Priority(Priority::P3)
        );
        assert_eq!(
            CaseEdit::Assignee(None).current(&c),
            CaseEdit::Assignee(Some(UserId(4)))
        );
        assert!(CaseEdit::Tags(vec!["refund".into()]).is_noop(&c));
        assert!(!CaseEdit::Queue(QueueId(3)).is_noop(&c));
        assert!(CaseEdit::AddTag("refund".into()).is_noop(&c));
        assert!(!CaseEdit::AddTag("vip".into()).is_noop(&c));
        assert_eq!(CaseEdit::Tier(Tier::T2).field(), "tier");
    }

    #[test]
    fn edits_travel_as_field_and_value() {
        let json = serde_json::to_string(&CaseEdit::Assignee(Some(UserId(9)))).unwrap();
        assert_eq!(json, r#"{"field":"assignee","value":9}"#);
        let back: CaseEdit =
            serde_json::from_str(r#"{"field":"status","value":"pending"}"#).unwrap();
        assert_eq!(back, CaseEdit::Status(CaseStatus::Pending));
    }

    #[test]
    fn agents_cannot_reopen_as_new_or_close_by_hand() {
        assert!(check_status(CaseStatus::New).is_err());
        assert!(check_status(CaseStatus::Closed).is_err());
        assert!(check_status(CaseStatus::Solved).is_ok());
        let before = case();
        let after = CaseSummary {
            tags: Vec::new(),
            assignee_id: None,
            assignee_name: None,
            ..case()
        };
        let tags = CaseEdit::Tags(Vec::new());
        assert_eq!(
            describe_change(&tags, &before, &after),
            "tags refund → none"
        );
        let who = CaseEdit::Assignee(None);
        assert_eq!(
            describe_change(&who, &before, &after),
            "assignee Bo → nobody"
        );
    }
}
