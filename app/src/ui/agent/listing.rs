//! The rows of an inbox under live updates, free of any DOM so it is unit-tested:
//! a changed case is updated where it is (never moved under the pointer or the
//! keyboard cursor), a case that left the view is dimmed until the person asks
//! for a tidy list, and new cases wait behind a "new cases" button.

use crate::domain::{CaseId, CaseSummary, InboxQuery, Viewer};

/// One listed case.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub case: CaseSummary,
    /// The case no longer belongs in this view (shown dimmed until tidied).
    pub gone: bool,
    /// Bumped on every change, so the view re-renders just this row.
    pub version: u64,
}

/// A live listing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Listing {
    pub rows: Vec<Row>,
    /// Cases that joined the view since it was shown, newest last.
    pub incoming: Vec<CaseSummary>,
}

impl Listing {
    /// A listing of cases as the server sent them (already in order).
    pub fn new(cases: Vec<CaseSummary>) -> Self {
        Listing {
            rows: cases
                .into_iter()
                .map(|case| Row {
                    case,
                    gone: false,
                    version: 0,
                })
                .collect(),
            incoming: Vec::new(),
        }
    }

    /// Takes the newest state of a case.
    pub fn apply(&mut self, case: &CaseSummary, query: &InboxQuery, viewer: &Viewer, now: i64) {
        let belongs = query.matches(case, viewer, now);
        if let Some(row) = self.rows.iter_mut().find(|r| r.case.id == case.id) {
            row.case = case.clone();
            row.gone = !belongs;
            row.version += 1;
            return;
        }
        let waiting = self.incoming.iter().position(|c| c.id == case.id);
        match (waiting, belongs) {
            (Some(i), true) => self.incoming[i] = case.clone(),
            (Some(i), false) => {
                self.incoming.remove(i);
            }
            (None, true) => self.incoming.push(case.clone()),
            (None, false) => {}
        }
    }

    /// Shows the waiting cases and drops the dimmed ones, in the query's order.
    pub fn tidy(&mut self, query: &InboxQuery) {
        let mut cases: Vec<CaseSummary> = self
            .rows
            .drain(..)
            .filter(|r| !r.gone)
            .map(|r| r.case)
            .chain(self.incoming.drain(..))
            .collect();
        cases.sort_by(|a, b| query.compare(a, b));
        self.rows = cases
            .into_iter()
            .map(|case| Row {
                case,
                gone: false,
                version: 0,
            })
            .collect();
    }

    /// The ids of the rows, in order.
    pub fn ids(&self) -> Vec<CaseId> {
        self.rows.iter().map(|r| r.case.id).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{InboxView, QueueId, UserId};

    fn case(id: i64, due: i64) -> CaseSummary {
        CaseSummary {
            subject: format!("c{id}"),
            updated_at: 0,
            sla_due_at: Some(due),
            ..CaseSummary::sample(id)
        }
    }

    fn viewer() -> Viewer {
        Viewer {
            id: UserId(5),
            queues: vec![QueueId(1)],
            all_queues: false,
        }
    }

    fn unassigned() -> InboxQuery {
        InboxQuery {
            view: InboxView::Unassigned,
            ..InboxQuery::default()
        }
    }

    #[test]
    fn a_changed_case_stays_in_its_place_even_if_its_order_changed() {
        let q = unassigned();
        let mut l = Listing::new(vec![case(1, 10), case(2, 20), case(3, 30)]);
        let mut urgent = case(3, 1);
        urgent.subject = "now urgent".into();
        l.apply(&urgent, &q, &viewer(), 0);
        assert_eq!(l.ids(), vec![CaseId(1), CaseId(2), CaseId(3)]);
        assert_eq!(l.rows[2].case.subject, "now urgent");
    }

    #[test]
    fn a_case_that_leaves_the_view_is_dimmed_in_place_until_tidied() {
        let q = unassigned();
        let mut l = Listing::new(vec![case(1, 10), case(2, 20)]);
        let mut taken = case(1, 10);
        taken.assignee_id = Some(UserId(9));
        l.apply(&taken, &q, &viewer(), 0);
        assert_eq!(l.ids(), vec![CaseId(1), CaseId(2)]);
        assert!(l.rows[0].gone);
        l.tidy(&q);
        assert_eq!(l.ids(), vec![CaseId(2)]);
    }

    #[test]
    fn new_cases_wait_then_join_in_order() {
        let q = unassigned();
        let mut l = Listing::new(vec![case(1, 10), case(2, 30)]);
        l.apply(&case(7, 20), &q, &viewer(), 0);
        assert_eq!(l.ids(), vec![CaseId(1), CaseId(2)], "rows do not move");
        assert_eq!(l.incoming.len(), 1);
        // A waiting case taken meanwhile no longer waits.
        let mut other = case(8, 5);
        l.apply(&other, &q, &viewer(), 0);
        other.assignee_id = Some(UserId(9));
        l.apply(&other, &q, &viewer(), 0);
        assert_eq!(l.incoming.len(), 1);
        // A case of another queue never arrives.
        let mut elsewhere = case(9, 1);
        elsewhere.queue_id = QueueId(4);
        l.apply(&elsewhere, &q, &viewer(), 0);
        l.tidy(&q);
        assert_eq!(l.ids(), vec![CaseId(1), CaseId(7), CaseId(2)]);
        assert!(l.incoming.is_empty());
    }
}
