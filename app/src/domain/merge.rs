//! Merging a case into another: which merges make sense, checked in the
//! browser's review step and again on the server.

use super::case::{CaseStatus, CaseSummary};

/// Why `source` cannot be merged into `target`, if it cannot; the words are for the agent.
pub fn merge_refusal(source: &CaseSummary, target: &CaseSummary) -> Option<String> {
    if source.id == target.id {
        return Some("A case cannot be merged into itself.".into());
    }
    if let Some(into) = source.merged_into {
        return Some(format!("This case was already merged into #{into}."));
    }
    if let Some(into) = target.merged_into {
        return Some(format!(
            "#{} was merged into #{into}: merge into #{into} instead.",
            target.id
        ));
    }
    if target.status == CaseStatus::Closed {
        return Some(format!("#{} is closed: choose an open case.", target.id));
    }
    if source.customer_id != target.customer_id {
        return Some(format!(
            "#{} is a case of {}, not of {}: only cases of the same customer can be merged.",
            target.id, target.customer_name, source.customer_name
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseId, CustomerId};

    #[test]
    fn only_an_open_case_of_the_same_customer_can_take_a_merge() {
        let a = CaseSummary::sample(1);
        let b = CaseSummary::sample(2);
        assert_eq!(merge_refusal(&a, &b), None);
        assert!(merge_refusal(&a, &a).unwrap().contains("itself"));
        let other = CaseSummary {
            customer_id: CustomerId(9),
            customer_name: "Bo".into(),
            ..CaseSummary::sample(3)
        };
        assert!(merge_refusal(&a, &other).unwrap().contains("same customer"));
        let closed = CaseSummary {
            status: CaseStatus::Closed,
            ..CaseSummary::sample(4)
        };
        assert!(merge_refusal(&a, &closed).unwrap().contains("closed"));
        let gone = CaseSummary {
            merged_into: Some(CaseId(7)),
            ..CaseSummary::sample(5)
        };
        assert!(merge_refusal(&a, &gone)
            .unwrap()
            .contains("merge into #7 instead"));
        assert!(merge_refusal(&gone, &b)
            .unwrap()
            .contains("already merged into #7"));
    }
}
