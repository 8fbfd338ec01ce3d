//! Who may subscribe to what: the caller's scope, checked on every subscribe.

use super::connection::TopicAccess;
use crate::api::caller::Caller;
use crate::domain::Topic;
use crate::storage::audit::AuditEntry;
use crate::storage::Storage;

/// A signed-in staff member's subscription rights.
pub struct CallerAccess {
    pub caller: Caller,
    pub storage: Storage,
    pub client_addr: String,
}

impl CallerAccess {
    async fn allowed(&self, topic: Topic) -> Result<bool, String> {
        let c = &self.caller;
        Ok(match topic {
            Topic::Supervisor => c.role.sees_all_queues(),
            Topic::Queue(q) => c.may_see_queue(q),
            Topic::Agent(u) => u == c.id || c.role.sees_all_queues(),
            Topic::Case(id) => match self.storage.case_queue(id).await {
                Ok(Some(q)) => c.may_see_queue(q),
                Ok(None) => false,
                Err(e) => {
                    tracing::error!(error = %e, "could not check a subscription");
                    return Err("try again later".into());
                }
            },
        })
    }
}

#[async_trait::async_trait]
impl TopicAccess for CallerAccess {
    async fn check(&self, topic: Topic) -> Result<(), String> {
        if self.allowed(topic).await? {
            return Ok(());
        }
        let target = topic.to_string();
        let entry = AuditEntry {
            actor: Some(self.caller.id),
            actor_label: &self.caller.email,
            action: "permission_denied",
            target: &target,
            detail: "subscribe",
            client_addr: &self.client_addr,
        };
        if let Err(e) = self.storage.audit(&entry).await {
            tracing::error!(error = %e, "could not audit a denial");
        }
        Err("not allowed".into())
    }

    fn person(&self) -> Option<(crate::domain::UserId, String)> {
        Some((self.caller.id, self.caller.name.clone()))
    }
}
