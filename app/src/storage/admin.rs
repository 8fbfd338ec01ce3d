//! What the admin pages read and write beyond the engine's own tables: the
//! named calendars, the queues, and each agent's routing settings.

use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::config::{AgentRouting, QueueRef};
use crate::domain::{Presence, QueueId, UserId};
use crate::engine::calendar::CalendarSpec;

/// Most open cases an agent may hold at once.
pub const MAX_CAPACITY: i64 = 50;

fn field(field: &'static str, reason: impl Into<String>) -> StorageError {
    StorageError::Field {
        field,
        reason: reason.into(),
    }
}

/// A comma-separated list, trimmed, lower case, without repeats.
pub fn normalise_list(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in s.split(',').map(|x| x.trim().to_lowercase()) {
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

impl Storage {
    /// Every calendar with its name, by id.
    pub async fn calendars(&self) -> StorageResult<Vec<(i64, String, CalendarSpec)>> {
        let rows: Vec<(i64, String, String)> = read!(self, p => sqlx::query_as(
            "SELECT id, name, spec FROM calendars ORDER BY id").fetch_all(p).await)?;
        rows.into_iter()
            .map(|(id, name, spec)| Ok((id, name, serde_json::from_str(&spec)?)))
            .collect()
    }

    /// Every queue, by name.
    pub async fn queues(&self) -> StorageResult<Vec<QueueRef>> {
        let rows: Vec<(i64, String)> = read!(self, p => sqlx::query_as(
            "SELECT id, name FROM queues ORDER BY name").fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| QueueRef {
                id: QueueId(id),
                name,
            })
            .collect())
    }

    /// Every active agent as routing sees them, with their open-case load.
    pub async fn agents_routing(&self) -> StorageResult<Vec<AgentRouting>> {
        type Row = (i64, String, String, bool, i64, String, String, i64);
        let rows: Vec<Row> = read!(self, p => sqlx::query_as(
            "SELECT u.id, u.name, u.presence, u.routing_paused, u.capacity, u.skills, u.languages, \
             (SELECT COUNT(*) FROM cases c WHERE c.assignee_id = u.id AND c.status IN ('new', 'open', 'on_hold')) \
             FROM users u WHERE u.active AND u.role = 'agent' ORDER BY u.name").fetch_all(p).await)?;
        let members: Vec<(i64, String)> = read!(self, p => sqlx::query_as(
            "SELECT m.user_id, q.name FROM queue_members m JOIN queues q ON q.id = m.queue_id ORDER BY q.name")
            .fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(
                |(id, name, presence, routing_paused, capacity, skills, languages, load)| {
                    AgentRouting {
                        id: UserId(id),
                        name,
                        presence: Presence::parse(&presence).unwrap_or(Presence::Offline),
                        routing_paused,
                        capacity,
                        skills,
                        languages,
                        queues: members
                            .iter()
                            .filter(|(u, _)| *u == id)
                            .map(|(_, q)| q.clone())
                            .collect(),
                        load,
                    }
                },
            )
            .collect())
    }

    /// Saves an agent's routing settings; refused with the field at fault.
    pub async fn save_agent_routing(
        &self,
        agent: UserId,
        capacity: i64,
        skills: &str,
        languages: &str,
        paused: bool,
    ) -> StorageResult<()> {
        if !(0..=MAX_CAPACITY).contains(&capacity) {
            return Err(field(
                "capacity",
                format!("between 0 and {MAX_CAPACITY} open cases"),
            ));
        }
        let skills = normalise_list(skills);
        if skills.iter().any(|s| {
            s.len() > 40
                || !s
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == ' ')
        }) {
            return Err(field(
                "skills",
                "skills are words (letters, digits, dashes), separated by commas",
            ));
        }
        let languages = normalise_list(languages);
        if let Some(bad) = languages
            .iter()
            .find(|l| l.len() != 2 || !l.chars().all(|c| c.is_ascii_lowercase()))
        {
            return Err(field(
                "languages",
                format!("{bad:?} is not a two-letter language code such as en or de"),
            ));
        }
        let n = write!(self, p => sqlx::query(
            "UPDATE users SET capacity = $1, skills = $2, languages = $3, routing_paused = $4 \
             WHERE id = $5 AND role = 'agent' AND active")
            .bind(capacity).bind(skills.join(",")).bind(languages.join(",")).bind(paused).bind(agent.0)
            .execute(p).await.map(|r| r.rows_affected()))?;
        if n == 1 {
            Ok(())
        } else {
            Err(StorageError::NotFound)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalise_list;

    #[test]
    fn lists_are_trimmed_lower_case_and_unique() {
        assert_eq!(normalise_list(" EN, de,,en "), vec!["en", "de"]);
        assert!(normalise_list(" , ").is_empty());
    }
}
