//! The supervisor board: per-queue figures kept up to date one event at a time.
//!
//! [`BoardTally`] holds every open case in a few fields and the per-queue
//! counts beside them. Applying a case as an event left it subtracts what the
//! case counted before and adds what it counts now, so a change costs the same
//! whether 10 or 100,000 cases are open; nothing is recounted.

use super::case::{CaseStatus, CaseSummary};
use super::ids::{CaseId, QueueId, UserId};
use super::inbox::SlaState;
use super::user::Presence;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// What the board needs of an open case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenCase {
    pub id: CaseId,
    pub queue: QueueId,
    pub assignee: Option<UserId>,
    pub status: CaseStatus,
    pub created_at: i64,
    pub sla: Option<SlaState>,
    pub negative: bool,
}

impl OpenCase {
    /// The case as the board counts it; `None` once it is solved or closed.
    pub fn of(case: &CaseSummary) -> Option<OpenCase> {
        case.status.is_open().then(|| OpenCase {
            id: case.id,
            queue: case.queue_id,
            assignee: case.assignee_id,
            status: case.status,
            created_at: case.created_at,
            sla: case.sla,
            negative: case.mood.is_some_and(|m| m.negative),
        })
    }

    /// Waiting for an agent: nobody has it and it is not parked on the customer.
    pub fn waiting(&self) -> bool {
        self.assignee.is_none() && matches!(self.status, CaseStatus::New | CaseStatus::Open)
    }

    /// Counts against its agent's capacity (as routing counts it).
    fn loads(&self) -> Option<UserId> {
        self.assignee.filter(|_| {
            matches!(
                self.status,
                CaseStatus::New | CaseStatus::Open | CaseStatus::OnHold
            )
        })
    }
}

/// One queue's live figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueueCounts {
    /// Open cases nobody has taken.
    pub waiting: i64,
    /// Open cases with an agent.
    pub in_progress: i64,
    /// Cases past 50 % of an SLA target (including those past 80 %), not breached.
    pub half: i64,
    /// Cases past 80 % of an SLA target, not breached.
    pub warning: i64,
    pub breached: i64,
    /// Cases whose customer's recent messages read negative.
    pub negative: i64,
    /// When the longest-waiting unassigned case came in (Unix ms).
    pub oldest_waiting_since: Option<i64>,
}

#[derive(Debug, Default)]
struct Tally {
    counts: QueueCounts,
    waiting_since: BTreeSet<(i64, CaseId)>,
}

impl Tally {
    fn add(&mut self, c: &OpenCase, sign: i64) {
        let k = &mut self.counts;
        if c.waiting() {
            k.waiting += sign;
            if sign > 0 {
                self.waiting_since.insert((c.created_at, c.id));
            } else {
                self.waiting_since.remove(&(c.created_at, c.id));
            }
        } else if c.assignee.is_some() {
            k.in_progress += sign;
        }
        match c.sla {
            Some(SlaState::Half) => k.half += sign,
            Some(SlaState::Warning) => {
                k.half += sign;
                k.warning += sign;
            }
            Some(SlaState::Breached) => k.breached += sign,
            Some(SlaState::OnTrack) | None => {}
        }
        if c.negative {
            k.negative += sign;
        }
        k.oldest_waiting_since = self.waiting_since.first().map(|(at, _)| *at);
    }
}

/// Every open case and the figures per queue and per agent.
#[derive(Debug, Default)]
pub struct BoardTally {
    cases: HashMap<CaseId, OpenCase>,
    queues: HashMap<QueueId, Tally>,
    load: HashMap<UserId, i64>,
}

impl BoardTally {
    /// A tally of `cases` (those still open).
    pub fn of(cases: impl IntoIterator<Item = OpenCase>) -> Self {
        let mut t = BoardTally::default();
        for c in cases {
            t.put(Some(c), c.id);
        }
        t
    }

    /// Applies a case as an event left it.
    pub fn apply(&mut self, case: &CaseSummary) {
        self.put(OpenCase::of(case), case.id);
    }

    fn put(&mut self, now: Option<OpenCase>, id: CaseId) {
        let before = match now {
            Some(c) => self.cases.insert(id, c),
            None => self.cases.remove(&id),
        };
        if before == now {
            return;
        }
        if let Some(b) = before {
            self.count(&b, -1);
        }
        if let Some(c) = now {
            self.count(&c, 1);
        }
    }

    fn count(&mut self, c: &OpenCase, sign: i64) {
        self.queues.entry(c.queue).or_default().add(c, sign);
        if let Some(agent) = c.loads() {
            *self.load.entry(agent).or_default() += sign;
        }
    }

    /// A queue's figures (zero for a queue without open cases).
    pub fn counts(&self, queue: QueueId) -> QueueCounts {
        self.queues
            .get(&queue)
            .map(|t| t.counts.clone())
            .unwrap_or_default()
    }

    /// Open cases counting against `agent`'s capacity.
    pub fn load(&self, agent: UserId) -> i64 {
        self.load.get(&agent).copied().unwrap_or(0)
    }

    /// How many cases are open.
    pub fn open(&self) -> usize {
        self.cases.len()
    }
}

/// A queue on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardQueue {
    pub id: QueueId,
    pub name: String,
    pub counts: QueueCounts,
    /// Members online (routed to unless paused), away.
    pub online: i64,
    pub away: i64,
    /// Open cases of the online members against their capacity.
    pub load: i64,
    pub capacity: i64,
    /// Cases created in the queue during the last hour.
    pub arrivals_last_hour: i64,
    /// Mean handle time (first response to solve) over the last 7 days, if any.
    pub handle_ms: Option<i64>,
}

/// An agent on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardAgent {
    pub id: UserId,
    pub name: String,
    pub presence: Presence,
    pub routing_paused: bool,
    pub capacity: i64,
    pub load: i64,
    pub queues: Vec<QueueId>,
    /// Solved today (UTC).
    pub handled_today: i64,
    /// Mean handle time of today's solved cases.
    pub handle_ms: Option<i64>,
    /// Mean satisfaction (1 to 5) of today's rated cases.
    pub csat: Option<f64>,
}

/// The whole board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub queues: Vec<BoardQueue>,
    pub agents: Vec<BoardAgent>,
    /// The server's clock (Unix ms), so waits tick from the same instant.
    pub now: i64,
    /// The event sequence the board is current as of.
    pub as_of: i64,
}

/// A supervisor's change to an agent; `None` leaves that part as it is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AgentChange {
    pub presence: Option<Presence>,
    pub routing_paused: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::mood::{Mood, Trend};

    fn case(id: i64, queue: i64, assignee: Option<i64>, created: i64) -> CaseSummary {
        CaseSummary {
            queue_id: QueueId(queue),
            assignee_id: assignee.map(UserId),
            created_at: created,
            status: CaseStatus::Open,
            sla: None,
            mood: None,
            ..CaseSummary::sample(id)
        }
    }

    #[test]
    fn a_case_moves_between_figures_as_events_change_it() {
        let mut t = BoardTally::default();
        t.apply(&case(1, 1, None, 100));
        t.apply(&case(2, 1, None, 50));
        let k = t.counts(QueueId(1));
        assert_eq!((k.waiting, k.in_progress), (2, 0));
        assert_eq!(k.oldest_waiting_since, Some(50));

        // Taken: the oldest waiting is now case 1.
        t.apply(&case(2, 1, Some(7), 50));
        let k = t.counts(QueueId(1));
        assert_eq!((k.waiting, k.in_progress), (1, 1));
        assert_eq!(k.oldest_waiting_since, Some(100));
        assert_eq!(t.load(UserId(7)), 1);

        // Past 80 % and negative, then breached.
        let mut c = case(2, 1, Some(7), 50);
        c.sla = Some(SlaState::Warning);
        c.mood = Some(Mood {
            rolling: -0.8,
            trend: Trend::Worsening,
            negative: true,
        });
        t.apply(&c);
        let k = t.counts(QueueId(1));
        assert_eq!((k.half, k.warning, k.breached, k.negative), (1, 1, 0, 1));
        c.sla = Some(SlaState::Breached);
        t.apply(&c);
        let k = t.counts(QueueId(1));
        assert_eq!((k.half, k.warning, k.breached, k.negative), (0, 0, 1, 1));

        // The same event twice changes nothing.
        t.apply(&c);
        assert_eq!(t.counts(QueueId(1)), k);

        // Moved to queue 2, then solved.
        c.queue_id = QueueId(2);
        t.apply(&c);
        assert_eq!(t.counts(QueueId(1)).in_progress, 0);
        assert_eq!(t.counts(QueueId(2)).in_progress, 1);
        c.status = CaseStatus::Solved;
        t.apply(&c);
        assert_eq!(t.counts(QueueId(2)), QueueCounts::default());
        assert_eq!(t.load(UserId(7)), 0);
        assert_eq!(t.open(), 1);
    }

    #[test]
    fn pending_cases_neither_wait_nor_load_their_agent() {
        let mut c = case(3, 1, None, 10);
        c.status = CaseStatus::Pending;
        let mut t = BoardTally::default();
        t.apply(&c);
        assert_eq!(t.counts(QueueId(1)).waiting, 0);
        c.assignee_id = Some(UserId(4));
        t.apply(&c);
        assert_eq!(t.counts(QueueId(1)).in_progress, 1);
        assert_eq!(t.load(UserId(4)), 0);
        c.status = CaseStatus::OnHold;
        t.apply(&c);
        assert_eq!(t.load(UserId(4)), 1);
    }

    #[test]
    fn a_tally_built_at_once_equals_one_built_event_by_event() {
        let cases: Vec<CaseSummary> = (0..50)
            .map(|i| {
                let mut c = case(i, i % 3, (i % 4 != 0).then_some(i % 5), 1000 - i);
                c.sla =
                    SlaState::parse(["on_track", "half", "warning", "breached"][(i % 4) as usize]);
                c
            })
            .collect();
        let whole = BoardTally::of(cases.iter().filter_map(OpenCase::of));
        let mut stepwise = BoardTally::default();
        for c in &cases {
            stepwise.apply(&case(c.id.0, 9, None, 0));
            stepwise.apply(c);
        }
        for q in 0..3 {
            assert_eq!(whole.counts(QueueId(q)), stepwise.counts(QueueId(q)));
        }
        assert_eq!(stepwise.counts(QueueId(9)), QueueCounts::default());
        let k = whole.counts(QueueId(0));
        assert_eq!(k.waiting + k.in_progress, 17);
    }
}
