//! Triage rules in storage, and the intake that turns a customer's first
//! message into a case: triaged, clocked and routed in one transaction.

use std::sync::Arc;

use super::cases::{CaseRow, SUMMARY_SELECT};
use super::events::append_events;
use super::sla::{clocks_after_entry_on, route_on, start_clocks_on, system_entry_on};
use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::{
    CaseId, CaseSummary, Channel, CustomerId, EntryKind, Event, EventKind, Priority, QueueId, Tier,
    TimelineEntry, UserId,
};
use crate::engine::sla::CustomerTier;
use crate::engine::triage::{accuracy, Actions, Conditions, Decision, Message, RuleSpec, Triage};

/// A rule with how often it was applied and corrected.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleStats {
    pub rule: RuleSpec,
    pub position: i64,
    pub applied: i64,
    pub corrected: i64,
    /// Kept ÷ applied, in per cent; `None` before it was applied.
    pub accuracy: Option<f64>,
}

/// A customer's first message, as it arrives from the widget, email or an agent
/// logging a call.
#[derive(Debug, Clone)]
pub struct Intake<'a> {
    pub customer_id: CustomerId,
    pub channel: Channel,
    pub subject: &'a str,
    pub message: &'a str,
    pub client_id: Option<&'a str>,
    /// Where the case goes when no rule names a queue.
    pub default_queue: QueueId,
}

/// What intake did.
#[derive(Debug, Clone)]
pub struct Opened {
    pub case: CaseSummary,
    pub decision: Decision,
    pub events: Vec<Event>,
}

type RuleRow = (i64, i64, String, bool, String, String, i64, i64);

fn rule_of(row: &RuleRow) -> StorageResult<RuleSpec> {
    let (id, _, name, enabled, conditions, actions, _, _) = row;
    Ok(RuleSpec {
        id: *id,
        name: name.clone(),
        enabled: *enabled,
        conditions: serde_json::from_str::<Conditions>(conditions)?,
        actions: serde_json::from_str::<Actions>(actions)?,
    })
}

impl Storage {
    /// Every triage rule in order, with its accuracy.
    pub async fn triage_rules(&self) -> StorageResult<Vec<RuleStats>> {
        let rows: Vec<RuleRow> = read!(self, p => sqlx::query_as(
            "SELECT id, position, name, enabled, conditions, actions, applied, corrected FROM triage_rules \
             ORDER BY position, id").fetch_all(p).await)?;
        rows.iter()
            .map(|r| {
                Ok(RuleStats {
                    rule: rule_of(r)?,
                    position: r.1,
                    applied: r.6,
                    corrected: r.7,
                    accuracy: accuracy(r.6 as u64, r.7 as u64),
                })
            })
            .collect()
    }

    /// Overall triage accuracy: kept ÷ applied over all rules, with the counts.
    pub async fn triage_accuracy(&self) -> StorageResult<(i64, i64, Option<f64>)> {
        let (a, c): (i64, i64) = read!(self, p => sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(applied), 0) AS BIGINT), CAST(COALESCE(SUM(corrected), 0) AS BIGINT) FROM triage_rules").fetch_one(p).await)?;
        Ok((a, c, accuracy(a as u64, c as u64)))
    }

    /// The compiled rule set (cached for a moment; saving a rule clears it).
    pub async fn triage(&self) -> StorageResult<Arc<Triage>> {
        if let Some(t) = self.caches.triage.get() {
            return Ok(t);
        }
        let specs: Vec<RuleSpec> = self
            .triage_rules()
            .await?
            .into_iter()
            .map(|s| s.rule)
            .collect();
        let triage = Triage::compile(&specs)
            .map_err(|(id, e)| StorageError::Other(format!("triage rule {id}: {e}").into()))?;
        let triage = Arc::new(triage);
        self.caches.triage.put(triage.clone());
        Ok(triage)
    }

    /// Saves a rule at `position` (new when `rule.id` is 0); a bad rule is refused
    /// with its field and reason and nothing is saved.
    pub async fn save_triage_rule(&self, rule: &RuleSpec, position: i64) -> StorageResult<i64> {
        rule.validate()
            .map_err(|e| StorageError::Invalid(e.to_string()))?;
        let conditions = serde_json::to_string(&rule.conditions)?;
        let actions = serde_json::to_string(&rule.actions)?;
        let name = rule.name.trim();
        let id = write!(self, p => if rule.id == 0 {
            sqlx::query_as::<_, (i64,)>(
                "INSERT INTO triage_rules (position, name, enabled, conditions, actions) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(position).bind(name).bind(rule.enabled).bind(&conditions).bind(&actions)
                .fetch_one(p).await.map(|r| r.0)
        } else {
            sqlx::query("UPDATE triage_rules SET position = $1, name = $2, enabled = $3, conditions = $4, actions = $5 WHERE id = $6")
                .bind(position).bind(name).bind(rule.enabled).bind(&conditions).bind(&actions).bind(rule.id)
                .execute(p).await.and_then(|r| if r.rows_affected() == 1 { Ok(rule.id) } else { Err(sqlx::Error::RowNotFound) })
        })?;
        self.caches.triage.clear();
        Ok(id)
    }

    /// Opens a case from a customer's first message: triage picks queue,
    /// priority, tier and tags; the message is stored with its sentiment; the SLA
    /// clocks start; an eligible agent is assigned if one is free. All in one
    /// transaction, then the events are returned for the hub.
    #[tracing::instrument(skip(self, intake), fields(customer = %intake.customer_id), err)]
    pub async fn open_case(&self, intake: &Intake<'_>) -> StorageResult<Opened> {
        let subject = intake.subject.trim();
        if subject.is_empty() || subject.chars().count() > 200 {
            return Err(StorageError::Invalid(
                "the subject must be 1 to 200 characters".into(),
            ));
        }
        let now = self.now();
        let sla = self.sla_config().await?;
        let triage = self.triage().await?;
        let (tier, language): (String, String) = read!(self, p => sqlx::query_as(
            "SELECT tier, language FROM customers WHERE id = $1").bind(intake.customer_id.0).fetch_optional(p).await)?
            .ok_or(StorageError::NotFound)?;
        let customer_tier = CustomerTier::parse(&tier).unwrap_or(CustomerTier::Standard);
        let text = format!("{subject}\n{}", intake.message);
        let decision = triage.classify(&Message {
            text: &text,
            channel: intake.channel,
            customer_tier,
            language: &language,
        });
        let queue = decision.queue.map_or(intake.default_queue, |(q, _)| q);
        let priority = decision.priority.map_or(Priority::P3, |(p, _)| p);
        let case_tier = decision.tier.map_or(Tier::T1, |(t, _)| t);
        let scores = crate::engine::sentiment::polarity_scores(intake.message);
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        let preview: String = intake
            .message
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(140)
            .collect();
        let (case, events) = write!(self, p => {
            let mut tx = p.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO cases (subject, customer_id, channel, status, priority, tier, queue_id, preview, \
                 created_at, updated_at) VALUES ($1, $2, $3, 'new', $4, $5, $6, $7, $8, $8) RETURNING id")
                .bind(subject).bind(intake.customer_id.0).bind(intake.channel.as_str()).bind(priority.as_str())
                .bind(case_tier.as_str()).bind(queue.0).bind(&preview).bind(now)
                .fetch_one(&mut *tx).await?;
            let case_id = CaseId(id);
            for tag in &decision.tags {
                sqlx::query("INSERT INTO case_tags (case_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(id).bind(tag).execute(&mut *tx).await?;
            }
            if !decision.matched.is_empty() {
                sqlx::query("INSERT INTO case_triage (case_id, queue_rule, priority_rule) VALUES ($1, $2, $3)")
                    .bind(id).bind(decision.queue.map(|(_, r)| r)).bind(decision.priority.map(|(_, r)| r))
                    .execute(&mut *tx).await?;
                for rule in &decision.matched {
                    sqlx::query("UPDATE triage_rules SET applied = applied + 1 WHERE id = $1")
                        .bind(rule).execute(&mut *tx).await?;
                }
            }
            let (entry_id,): (i64,) = sqlx::query_as(
                "INSERT INTO timeline_entries (case_id, kind, author_id, author_name, body, client_id, created_at, \
                 sentiment_compound, sentiment_pos, sentiment_neu, sentiment_neg) \
                 SELECT $1, 'customer_message', NULL, cu.name, $2, $3, $4, $5, $6, $7, $8 FROM customers cu WHERE cu.id = $9 \
                 RETURNING id")
                .bind(id).bind(intake.message).bind(intake.client_id).bind(now)
                .bind(scores.compound).bind(scores.pos).bind(scores.neu).bind(scores.neg).bind(intake.customer_id.0)
                .fetch_one(&mut *tx).await?;
            if let Some((policy, cal)) = sla.pick(priority, intake.channel, customer_tier) {
                start_clocks_on!(tx, case_id, policy, cal, now);
            }
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(id).fetch_one(&mut *tx).await?;
            let mut case = CaseSummary::try_from(row)?;
            let message = TimelineEntry {
                id: crate::domain::EntryId(entry_id),
                case_id,
                kind: EntryKind::CustomerMessage,
                author_id: None,
                author_name: case.customer_name.clone(),
                body: intake.message.to_string(),
                client_id: intake.client_id.map(str::to_string),
                created_at: now,
                sentiment: Some(scores),
            };
            let mut kinds = vec![EventKind::EntryAdded { queue_id: case.queue_id, entry: message }];
            if !decision.matched.is_empty() {
                let note = format!("Triaged to {}, {}{}.", case.queue_name, case.priority,
                    if decision.tags.is_empty() { String::new() } else { format!(", tagged {}", decision.tags.join(", ")) });
                kinds.push(system_entry_on!(tx, &case, note, now));
            }
            if let Some((agent, name)) = route_on!(tx, &case, Some(language.clone()), now) {
                case.assignee_id = Some(agent);
                case.assignee_name = Some(name.clone());
                kinds.push(system_entry_on!(tx, &case, format!("Assigned to {name}."), now));
            }
            kinds.insert(0, EventKind::CaseCreated { case: case.clone() });
            let events = append_events!(tx, kinds);
            tx.commit().await?;
            Ok::<_, StorageError>((case, events))
        })?;
        Ok(Opened {
            case,
            decision,
            events,
        })
    }

    /// Moves a case to another queue and/or priority on an agent's word. A change
    /// of what a triage rule set counts once as that rule's correction.
    pub async fn reclassify_case(
        &self,
        case: CaseId,
        queue: Option<QueueId>,
        priority: Option<Priority>,
    ) -> StorageResult<(CaseSummary, Vec<Event>)> {
        let now = self.now();
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        write!(self, p => {
            let mut tx = p.begin().await?;
            let row: Option<CaseRow> = sqlx::query_as(&summary_sql).bind(case.0).fetch_optional(&mut *tx).await?;
            let before = CaseSummary::try_from(row.ok_or(StorageError::NotFound)?)?;
            let rules: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
                "SELECT queue_rule, priority_rule FROM case_triage WHERE case_id = $1")
                .bind(case.0).fetch_optional(&mut *tx).await?;
            let (queue_rule, priority_rule) = rules.unwrap_or((None, None));
            let queue_changed = queue.is_some_and(|q| q != before.queue_id);
            let priority_changed = priority.is_some_and(|p| p != before.priority);
            if !queue_changed && !priority_changed {
                tx.commit().await?;
                return Ok((before, Vec::new()));
            }
            sqlx::query("UPDATE cases SET queue_id = $1, priority = $2, updated_at = $3 WHERE id = $4")
                .bind(queue.unwrap_or(before.queue_id).0).bind(priority.unwrap_or(before.priority).as_str())
                .bind(now).bind(case.0).execute(&mut *tx).await?;
            for (changed, rule, column) in [(queue_changed, queue_rule, "queue_rule"), (priority_changed, priority_rule, "priority_rule")] {
                if let (true, Some(rule)) = (changed, rule) {
                    sqlx::query("UPDATE triage_rules SET corrected = corrected + 1 WHERE id = $1")
                        .bind(rule).execute(&mut *tx).await?;
                    sqlx::query(&format!("UPDATE case_triage SET {column} = NULL WHERE case_id = $1"))
                        .bind(case.0).execute(&mut *tx).await?;
                }
            }
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(case.0).fetch_one(&mut *tx).await?;
            let after = CaseSummary::try_from(row)?;
            let events = append_events!(tx, vec![EventKind::CaseUpdated { case: after.clone() }]);
            tx.commit().await?;
            Ok((after, events))
        })
    }

    /// Sets an agent's presence (routing only assigns to online agents).
    pub async fn set_presence(
        &self,
        user: UserId,
        presence: crate::domain::Presence,
    ) -> StorageResult<()> {
        let n = write!(self, p => sqlx::query("UPDATE users SET presence = $1 WHERE id = $2")
            .bind(presence.as_str()).bind(user.0).execute(p).await.map(|r| r.rows_affected()))?;
        if n == 1 {
            Ok(())
        } else {
            Err(StorageError::NotFound)
        }
    }
}

impl Storage {
    /// Sets a case's status; its SLA clocks follow (pause while pending, stop
    /// when solved, run otherwise).
    pub async fn set_case_status(
        &self,
        case: CaseId,
        status: crate::domain::CaseStatus,
    ) -> StorageResult<(CaseSummary, Vec<Event>)> {
        let now = self.now();
        let sla = self.sla_config().await?;
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        write!(self, p => {
            let mut tx = p.begin().await?;
            let n = sqlx::query("UPDATE cases SET status = $1, updated_at = $2 WHERE id = $3")
                .bind(status.as_str()).bind(now).bind(case.0).execute(&mut *tx).await?.rows_affected();
            if n != 1 {
                return Err(StorageError::NotFound);
            }
            clocks_after_entry_on!(tx, case, EntryKind::SystemEvent, status, now, &sla);
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(case.0).fetch_one(&mut *tx).await?;
            let after = CaseSummary::try_from(row)?;
            let events = append_events!(tx, vec![EventKind::CaseUpdated { case: after.clone() }]);
            tx.commit().await?;
            Ok((after, events))
        })
    }
}
