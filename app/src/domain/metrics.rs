//! An agent's own numbers for today (UTC, like every time the workspace shows).

use serde::{Deserialize, Serialize};

const DAY_MS: i64 = 86_400_000;

/// Today's figures for one agent. Each counts the cases assigned to the agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PersonalMetrics {
    /// Start of the day counted (Unix ms, 00:00 UTC).
    pub since: i64,
    /// Cases solved today.
    pub handled: i64,
    /// Cases whose first response was sent today.
    pub first_responses: i64,
    /// Mean time from a case's creation to its first response, for those.
    pub first_response_ms: Option<i64>,
    /// Mean time from the first response to the solve, over today's handled cases.
    pub handle_ms: Option<i64>,
    /// Mean satisfaction (1 to 5) of today's handled cases that were rated.
    pub csat_average: Option<f64>,
    pub csat_count: i64,
    /// Handled cases that never breached an SLA target.
    pub sla_met: i64,
}

impl PersonalMetrics {
    /// Share of today's handled cases within every SLA target, in per cent.
    pub fn sla_compliance(&self) -> Option<f64> {
        (self.handled > 0).then(|| 100.0 * self.sla_met as f64 / self.handled as f64)
    }
}

/// 00:00 UTC of the day holding `now`.
pub fn start_of_day(now: i64) -> i64 {
    now - now.rem_euclid(DAY_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_starts_at_midnight_utc_and_compliance_is_a_share() {
        // 2026-11-23 09:00 UTC.
        assert_eq!(start_of_day(1_795_424_400_000), 1_795_392_000_000);
        assert_eq!(start_of_day(1_795_392_000_000), 1_795_392_000_000);
        let m = PersonalMetrics {
            handled: 4,
            sla_met: 3,
            ..Default::default()
        };
        assert_eq!(m.sla_compliance(), Some(75.0));
        assert_eq!(PersonalMetrics::default().sla_compliance(), None);
    }
}
