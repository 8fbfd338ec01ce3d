//! Users and their roles.

use super::ids::{QueueId, UserId};
use serde::{Deserialize, Serialize};

named_enum!(
    /// What a user is allowed to do, broadly; finer scope comes from queue membership.
    Role { Agent => "agent", Supervisor => "supervisor", Admin => "admin" }
);

named_enum!(
    /// Whether an agent takes new cases: only online agents are routed to.
    Presence { Online => "online", Away => "away", Offline => "offline" }
);

impl Role {
    /// Supervisors and admins see every queue.
    pub fn sees_all_queues(self) -> bool {
        matches!(self, Role::Supervisor | Role::Admin)
    }
}

/// The signed-in user as the browser sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub queue_ids: Vec<QueueId>,
    /// Most money (cents) the user may give away without a supervisor's approval.
    #[serde(default)]
    pub authority_limit_cents: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip_and_unknown_names_are_rejected() {
        for r in [Role::Agent, Role::Supervisor, Role::Admin] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(!Role::Agent.sees_all_queues());
        assert!(Role::Supervisor.sees_all_queues());
    }
}
