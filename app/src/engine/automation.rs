//! Automation settings: when solved cases close, when pending cases are
//! reminded and solved, how long a likely duplicate is looked for, and how long
//! an agent may be away before their chats go back to the queue. Plain data the
//! admin edits; the scheduler and intake read it.

use serde::{Deserialize, Serialize};

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// The automation settings of a workspace (all durations in milliseconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Automation {
    /// A solved case closes (no longer reopens) after this long.
    pub close_solved_after_ms: i64,
    /// A pending case with no customer reply gets one reminder after this long.
    pub pending_remind_after_ms: i64,
    /// ... and is solved after this long.
    pub pending_solve_after_ms: i64,
    /// A new case of the same customer with a similar subject within this long
    /// of an open one is flagged as a likely duplicate of it.
    pub duplicate_window_ms: i64,
    /// An agent away or offline for this long has their open chats re-routed.
    pub reroute_grace_ms: i64,
}

impl Default for Automation {
    fn default() -> Self {
        Automation {
            close_solved_after_ms: 4 * DAY_MS,
            pending_remind_after_ms: 48 * HOUR_MS,
            pending_solve_after_ms: 72 * HOUR_MS,
            duplicate_window_ms: 24 * HOUR_MS,
            reroute_grace_ms: 5 * MINUTE_MS,
        }
    }
}

/// Why automation settings were refused: the form field and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct AutomationError {
    pub field: &'static str,
    pub reason: String,
}

impl Automation {
    /// Every duration between one minute and a year; the reminder before the solve.
    pub fn validate(&self) -> Result<(), AutomationError> {
        let fields = [
            ("close_solved_after", self.close_solved_after_ms),
            ("pending_remind_after", self.pending_remind_after_ms),
            ("pending_solve_after", self.pending_solve_after_ms),
            ("duplicate_window", self.duplicate_window_ms),
            ("reroute_grace", self.reroute_grace_ms),
        ];
        for (field, ms) in fields {
            if ms < MINUTE_MS {
                return Err(AutomationError {
                    field,
                    reason: "must be at least one minute".into(),
                });
            }
            if ms > 366 * DAY_MS {
                return Err(AutomationError {
                    field,
                    reason: "must be at most a year".into(),
                });
            }
        }
        if self.pending_remind_after_ms >= self.pending_solve_after_ms {
            return Err(AutomationError {
                field: "pending_remind_after",
                reason: "the reminder must come before the automatic solve".into(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_playbook_and_are_valid() {
        let a = Automation::default();
        assert_eq!(a.close_solved_after_ms, 345_600_000);
        assert_eq!(a.pending_remind_after_ms, 172_800_000);
        assert_eq!(a.pending_solve_after_ms, 259_200_000);
        assert_eq!(a.duplicate_window_ms, 86_400_000);
        assert!(a.validate().is_ok());
    }

    #[test]
    fn bad_durations_are_refused_with_their_field() {
        let a = Automation {
            reroute_grace_ms: 0,
            ..Automation::default()
        };
        assert_eq!(a.validate().unwrap_err().field, "reroute_grace");
        let a = Automation {
            pending_remind_after_ms: 80 * HOUR_MS,
            ..Automation::default()
        };
        let e = a.validate().unwrap_err();
        assert_eq!(e.field, "pending_remind_after");
        assert!(e.reason.contains("before"));
        let a = Automation {
            close_solved_after_ms: 400 * DAY_MS,
            ..Automation::default()
        };
        assert_eq!(a.validate().unwrap_err().field, "close_solved_after");
    }
}
