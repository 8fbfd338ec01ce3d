//! Saves a triage rule from the admin form.
// A form posts one argument per field; the generated browser stub takes them all.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// Saves a rule (new when `id` is 0) at `position` (lower runs first).
/// Phrases, channels, tiers, languages and tags are separated by commas or new
/// lines; the pattern is a regular expression. Answers the id.
#[server(endpoint = "save_triage_rule")]
pub async fn save_triage_rule(
    id: i64,
    position: String,
    name: String,
    enabled: Option<String>,
    phrases: String,
    phrase_mode: String,
    pattern: String,
    channels: String,
    customer_tiers: String,
    languages: String,
    queue: String,
    priority: String,
    tier: String,
    tags: String,
) -> Result<i64, AppError> {
    use super::bad;
    use super::form::{parse_choice, parse_list};
    use crate::api::caller::{finish, state};
    use crate::domain::{Channel, Priority, QueueId, Tier};
    use crate::engine::sla::CustomerTier;
    use crate::engine::triage::{Actions, Conditions, PhraseMode, RuleSpec};

    fn each<T>(
        field: &str,
        s: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Vec<T>, AppError> {
        parse_list(s)
            .iter()
            .map(|x| {
                parse(&x.to_lowercase())
                    .ok_or_else(|| bad(field, format!("{x:?} is not one of the choices")))
            })
            .collect()
    }

    finish(
        async {
            let caller = super::require_admin().await?;
            let position: i64 = position
                .trim()
                .parse()
                .map_err(|_| bad("position", "a whole number; lower runs first"))?;
            let queue = parse_choice(&queue, |q| q.parse::<i64>().ok().map(QueueId))
                .map_err(|e| bad("queue", e))?;
            let storage = state()?.storage;
            if let Some(q) = queue {
                if !storage.queues().await?.iter().any(|x| x.id == q) {
                    return Err(bad("queue", "no such queue"));
                }
            }
            let rule = RuleSpec {
                id,
                name: name.trim().to_string(),
                enabled: enabled.is_some(),
                conditions: Conditions {
                    phrases: parse_list(&phrases),
                    phrase_mode: if phrase_mode == "all" {
                        PhraseMode::All
                    } else {
                        PhraseMode::Any
                    },
                    pattern: Some(pattern.trim().to_string()).filter(|p| !p.is_empty()),
                    channels: each("channels", &channels, Channel::parse)?,
                    customer_tiers: each("customer_tiers", &customer_tiers, CustomerTier::parse)?,
                    languages: parse_list(&languages)
                        .into_iter()
                        .map(|l| l.to_lowercase())
                        .collect(),
                },
                actions: Actions {
                    queue,
                    priority: parse_choice(&priority, Priority::parse)
                        .map_err(|e| bad("priority", e))?,
                    tier: parse_choice(&tier, Tier::parse).map_err(|e| bad("tier", e))?,
                    tags: parse_list(&tags),
                },
            };
            let id = storage.save_triage_rule(&rule, position).await?;
            let detail = serde_json::to_string(&RuleSpec { id, ..rule }).unwrap_or_default();
            super::audit_change(&caller, &format!("triage_rule:{id}"), &detail).await?;
            Ok(id)
        }
        .await,
    )
}
