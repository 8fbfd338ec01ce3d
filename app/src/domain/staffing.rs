//! Staffing by Erlang C: how many agents a queue needs to answer a share of
//! its customers within a target time, and what the agents on hand achieve.
//!
//! Traffic `A` (Erlangs) is arrivals per second × average handle time. With
//! `N` agents the chance a customer waits is Erlang C,
//! `C(N, A) = N·B / (N − A·(1 − B))` where `B` is Erlang B, computed by the
//! stable recurrence `B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1))`. Then the
//! service level within `T` seconds is `1 − C·e^(−(N−A)·T/AHT)` and the
//! average speed of answer `C·AHT / (N − A)`. With `N ≤ A` the queue grows
//! without end: nobody is answered in time.

use serde::{Deserialize, Serialize};

/// Most agents the forecast will consider.
pub const MAX_AGENTS: u32 = 1000;

/// Probability that a customer waits, with `agents` for `traffic` Erlangs.
/// 1 when the agents cannot keep up.
pub fn erlang_c(agents: u32, traffic: f64) -> f64 {
    let n = f64::from(agents);
    if traffic <= 0.0 {
        return 0.0;
    }
    if n <= traffic {
        return 1.0;
    }
    let mut b = 1.0;
    for k in 1..=agents {
        b = traffic * b / (f64::from(k) + traffic * b);
    }
    n * b / (n - traffic * (1.0 - b))
}

/// What a queue asks of the forecast.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StaffingInput {
    /// Customers arriving per hour.
    pub arrivals_per_hour: f64,
    /// Average handle time in seconds.
    pub handle_secs: f64,
    /// Answered within this many seconds…
    pub target_secs: f64,
    /// …for this share of customers (0 to 1).
    pub service_goal: f64,
}

impl Default for StaffingInput {
    /// 80 % answered within 30 s.
    fn default() -> Self {
        StaffingInput {
            arrivals_per_hour: 0.0,
            handle_secs: 300.0,
            target_secs: 30.0,
            service_goal: 0.8,
        }
    }
}

/// What a number of agents achieves.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub agents: u32,
    /// Probability of waiting at all.
    pub wait_chance: f64,
    /// Share answered within the target (0 to 1).
    pub service_level: f64,
    /// Average speed of answer in seconds; infinite when the agents cannot keep up.
    pub asa_secs: f64,
    /// Share of the agents' time spent handling (0 to 1).
    pub occupancy: f64,
}

/// The forecast for a queue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// Fewest agents that meet the goal.
    pub needed: u32,
    /// What the agents on hand achieve.
    pub now: Prediction,
    /// Fewer agents on hand than needed.
    pub understaffed: bool,
}

impl StaffingInput {
    /// The input checked: every figure finite, non-negative and sensible.
    pub fn check(self) -> Result<Self, String> {
        let finite = |x: f64| x.is_finite() && x >= 0.0;
        if !finite(self.arrivals_per_hour) || self.arrivals_per_hour > 1_000_000.0 {
            return Err("Arrivals per hour must be a number from 0 to 1,000,000.".into());
        }
        if !finite(self.handle_secs) || !(1.0..=86_400.0).contains(&self.handle_secs) {
            return Err("Handle time must be from 1 second to 24 hours.".into());
        }
        if !finite(self.target_secs) || self.target_secs > 86_400.0 {
            return Err("The answer target must be from 0 seconds to 24 hours.".into());
        }
        if !finite(self.service_goal) || !(0.01..=0.999).contains(&self.service_goal) {
            return Err("The service-level goal must be from 1 % to 99.9 %.".into());
        }
        Ok(self)
    }

    /// Traffic in Erlangs.
    pub fn traffic(&self) -> f64 {
        self.arrivals_per_hour / 3600.0 * self.handle_secs
    }

    /// What `agents` achieve.
    pub fn predict(&self, agents: u32) -> Prediction {
        let a = self.traffic();
        let n = f64::from(agents);
        let c = erlang_c(agents, a);
        let (service_level, asa_secs) = if a <= 0.0 {
            (1.0, 0.0)
        } else if n <= a {
            (0.0, f64::INFINITY)
        } else {
            (
                (1.0 - c * (-(n - a) * self.target_secs / self.handle_secs).exp()).clamp(0.0, 1.0),
                c * self.handle_secs / (n - a),
            )
        };
        Prediction {
            agents,
            wait_chance: c,
            service_level,
            asa_secs,
            occupancy: if n > 0.0 { (a / n).min(1.0) } else { 1.0 },
        }
    }

    /// The forecast with `on_hand` agents.
    pub fn forecast(&self, on_hand: u32) -> Forecast {
        let a = self.traffic();
        let mut needed = if a <= 0.0 { 0 } else { a.floor() as u32 + 1 };
        while needed < MAX_AGENTS && self.predict(needed).service_level < self.service_goal {
            needed += 1;
        }
        Forecast {
            needed,
            now: self.predict(on_hand),
            understaffed: on_hand < needed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn erlang_c_matches_exact_and_published_values() {
        // Exact: C(2, 1) = 1/3, C(3, 2) = 4/9.
        assert!(close(erlang_c(2, 1.0), 1.0 / 3.0, 1e-12));
        assert!(close(erlang_c(3, 2.0), 4.0 / 9.0, 1e-12));
        // Published Erlang C table for 10 Erlangs.
        for (n, p) in [
            (11, 0.6821),
            (12, 0.4494),
            (13, 0.2853),
            (14, 0.1741),
            (15, 0.1020),
        ] {
            let c = erlang_c(n, 10.0);
            assert!(close(c, p, 0.00005), "C({n}, 10) = {c}, table {p}");
        }
        assert_eq!(erlang_c(10, 10.0), 1.0);
        assert_eq!(erlang_c(3, 0.0), 0.0);
    }

    #[test]
    fn the_textbook_call_centres_are_staffed_as_published() {
        // 360 calls an hour, 4 minutes each: 24 Erlangs; 80 % in 20 s needs 29
        // agents (84.0 %), 28 reach 76.1 %.
        let input = StaffingInput {
            arrivals_per_hour: 360.0,
            handle_secs: 240.0,
            target_secs: 20.0,
            service_goal: 0.8,
        };
        assert!(close(input.traffic(), 24.0, 1e-12));
        let f = input.forecast(28);
        assert_eq!(f.needed, 29);
        assert!(f.understaffed);
        assert!(f.now.service_level < 0.8);
        assert!(close(f.now.service_level, 0.7613, 0.0005));
        assert!(close(input.predict(29).service_level, 0.8403, 0.0005));
        // The published worked example: 100 calls in 30 minutes, 3 minutes each
        // (10 Erlangs), 80 % in 20 s. 14 agents: waits 17.4 %, service level
        // 88.8 %, average speed of answer 7.8 s; 13 agents reach 79.6 %.
        let ten = StaffingInput {
            arrivals_per_hour: 200.0,
            handle_secs: 180.0,
            target_secs: 20.0,
            service_goal: 0.8,
        };
        assert!(close(ten.predict(13).service_level, 0.7956, 0.0005));
        assert!(close(ten.predict(14).service_level, 0.8884, 0.0005));
        assert!(close(ten.predict(14).wait_chance, 0.1741, 0.00005));
        assert!(close(ten.predict(14).asa_secs, 7.836, 0.001));
        assert_eq!(ten.forecast(14).needed, 14);
        assert!(!ten.forecast(14).understaffed);
    }

    #[test]
    fn too_few_agents_answer_nobody_in_time_and_no_traffic_needs_nobody() {
        let input = StaffingInput {
            arrivals_per_hour: 60.0,
            handle_secs: 600.0,
            ..StaffingInput::default()
        };
        let p = input.predict(10);
        assert_eq!(p.service_level, 0.0);
        assert!(p.asa_secs.is_infinite());
        let idle = StaffingInput::default().forecast(0);
        assert_eq!(idle.needed, 0);
        assert!(!idle.understaffed);
    }

    #[test]
    fn bad_inputs_are_refused_with_words() {
        let ok = StaffingInput::default();
        assert!(ok.check().is_ok());
        for bad in [
            StaffingInput {
                arrivals_per_hour: -1.0,
                ..ok
            },
            StaffingInput {
                handle_secs: 0.0,
                ..ok
            },
            StaffingInput {
                target_secs: f64::NAN,
                ..ok
            },
            StaffingInput {
                service_goal: 1.0,
                ..ok
            },
        ] {
            assert!(bad.check().is_err(), "{bad:?}");
        }
    }
}
