//! The quality checklist a queue asks for before a case is solved, and
//! escalations to another queue or tier with their reason.

use super::case::Tier;
use super::ids::{CaseId, QueueId};
use serde::{Deserialize, Serialize};

/// Most items on one queue's checklist.
pub const MAX_CHECK_ITEMS: usize = 12;
/// Longest checklist item, in characters.
pub const MAX_CHECK_CHARS: usize = 200;
/// Longest escalation reason, in characters.
pub const MAX_REASON_CHARS: usize = 1_000;

/// One checklist item on a case: ticked or not, and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseCheck {
    pub item_id: i64,
    pub text: String,
    pub checked_by_name: Option<String>,
    pub checked_at: Option<i64>,
}

/// A queue's checklist, for the admin page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueChecklist {
    pub queue_id: QueueId,
    pub queue_name: String,
    pub items: Vec<String>,
}

/// The items an admin typed, one per line: trimmed, blank lines dropped.
pub fn checklist_items(raw: &str) -> Result<Vec<String>, String> {
    let items: Vec<String> = raw
        .lines()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    if items.len() > MAX_CHECK_ITEMS {
        return Err(format!(
            "A checklist has at most {MAX_CHECK_ITEMS} items ({} given).",
            items.len()
        ));
    }
    if let Some(long) = items.iter().find(|i| i.chars().count() > MAX_CHECK_CHARS) {
        return Err(format!(
            "“{}…” is longer than {MAX_CHECK_CHARS} characters.",
            long.chars().take(30).collect::<String>()
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    if let Some(dup) = items.iter().find(|i| !seen.insert(i.to_lowercase())) {
        return Err(format!("“{dup}” is on the list twice."));
    }
    Ok(items)
}

/// Why a case cannot be solved yet, naming the unticked items.
pub fn unticked_reason(unticked: &[String]) -> Option<String> {
    (!unticked.is_empty()).then(|| {
        format!(
            "Tick the quality checklist before solving: {}.",
            unticked.join("; ")
        )
    })
}

/// An agent's request to escalate a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub case_id: CaseId,
    /// The queue to move to; `None` keeps the queue.
    pub queue_id: Option<QueueId>,
    /// The tier to move to; `None` keeps the tier.
    pub tier: Option<Tier>,
    pub reason: String,
}

/// The reason of an escalation: trimmed, 3 to [`MAX_REASON_CHARS`] characters.
pub fn escalation_reason(raw: &str) -> Result<String, String> {
    let t = raw.trim();
    let n = t.chars().count();
    if n < 3 {
        return Err("Say why the case is escalated (at least 3 characters).".into());
    }
    if n > MAX_REASON_CHARS {
        return Err(format!(
            "The reason is too long ({n} characters; at most {MAX_REASON_CHARS})."
        ));
    }
    Ok(t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checklists_are_read_one_item_per_line() {
        assert_eq!(
            checklist_items("  Verified identity \n\n Gave the case number\n"),
            Ok(vec![
                "Verified identity".to_string(),
                "Gave the case number".to_string()
            ])
        );
        assert!(checklist_items("a\nA").unwrap_err().contains("twice"));
        assert!(checklist_items(&"x\n".repeat(0)).unwrap().is_empty());
        let many: String = (0..13).map(|i| format!("item {i}\n")).collect();
        assert!(checklist_items(&many).unwrap_err().contains("at most 12"));
        assert!(checklist_items(&"y".repeat(201))
            .unwrap_err()
            .contains("longer than 200"));
    }

    #[test]
    fn solving_names_what_is_left_and_escalating_needs_a_reason() {
        assert_eq!(unticked_reason(&[]), None);
        assert_eq!(
            unticked_reason(&["Verified identity".into(), "Sent the link".into()]).as_deref(),
            Some("Tick the quality checklist before solving: Verified identity; Sent the link.")
        );
        assert!(escalation_reason(" no").is_err());
        assert_eq!(
            escalation_reason("  Needs legal review "),
            Ok("Needs legal review".into())
        );
        assert!(escalation_reason(&"z".repeat(1_001)).is_err());
    }
}
