//! Puts committed events back in sequence order before they are published.
//!
//! Writers report their events after commit, and two writers may report out of
//! order; events from another node arrive only through the database. The
//! sequencer releases events strictly in order and says when it is waiting on a gap.

use crate::domain::Event;
use std::collections::BTreeMap;

/// In-order release of events by sequence number.
#[derive(Debug)]
pub struct Sequencer {
    next: i64,
    pending: BTreeMap<i64, Event>,
}

impl Sequencer {
    /// Starts after `last_published`.
    pub fn new(last_published: i64) -> Self {
        Sequencer {
            next: last_published + 1,
            pending: BTreeMap::new(),
        }
    }

    /// The newest sequence released so far.
    pub fn last_released(&self) -> i64 {
        self.next - 1
    }

    /// Whether events are held back waiting for an earlier one.
    pub fn has_gap(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Offers an event; returns every event now releasable, in order. Events already
    /// released are ignored, so the same event may be offered twice.
    pub fn offer(&mut self, event: Event) -> Vec<Event> {
        if event.seq >= self.next {
            self.pending.insert(event.seq, event);
        }
        let mut out = Vec::new();
        while let Some(e) = self.pending.remove(&self.next) {
            self.next += 1;
            out.push(e);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EventKind;

    fn ev(seq: i64) -> Event {
        let case = crate::domain::CaseSummary {
            status: crate::domain::CaseStatus::New,
            subject: String::new(),
            ..crate::domain::CaseSummary::sample(seq)
        };
        Event {
            seq,
            at: 0,
            kind: EventKind::CaseCreated { case },
        }
    }

    fn seqs(v: Vec<Event>) -> Vec<i64> {
        v.into_iter().map(|e| e.seq).collect()
    }

    #[test]
    fn in_order_events_are_released_at_once() {
        let mut s = Sequencer::new(0);
        assert_eq!(seqs(s.offer(ev(1))), vec![1]);
        assert_eq!(seqs(s.offer(ev(2))), vec![2]);
        assert!(!s.has_gap());
        assert_eq!(s.last_released(), 2);
    }

    #[test]
    fn a_later_event_waits_for_the_gap_then_both_go_in_order() {
        let mut s = Sequencer::new(10);
        assert!(s.offer(ev(12)).is_empty());
        assert!(s.has_gap());
        assert_eq!(seqs(s.offer(ev(11))), vec![11, 12]);
        assert!(!s.has_gap());
    }

    #[test]
    fn duplicates_and_old_events_are_ignored() {
        let mut s = Sequencer::new(5);
        assert!(s.offer(ev(3)).is_empty());
        assert_eq!(seqs(s.offer(ev(6))), vec![6]);
        assert!(s.offer(ev(6)).is_empty());
        assert!(!s.has_gap());
    }
}
