//! Triage rules in storage, and the intake that turns a customer's first
//! message into a case: triaged, clocked and routed in one transaction.

use std::sync::Arc;

use super::cases::{store_tags_on, CaseRow, SUMMARY_SELECT};
use super::events::append_events;
use super::sla::{
    clocks_after_entry_on, refresh_case_due_on, retarget_on, route_on, start_clocks_on,
    system_entry_on,
};
use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::{
    CaseId, CaseSummary, Channel, CustomerId, EntryKind, Event, EventKind, Priority, QueueId, Tier,
    TimelineEntry, UserId,
};
use crate::engine::similar::likely_duplicate;
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

/// The timeline note of what triage decided.
fn triage_note(case: &CaseSummary, tags: &[String]) -> String {
    let tagged = if tags.is_empty() {
        String::new()
    } else {
        format!(", tagged {}", tags.join(", "))
    };
    format!("Triaged to {}, {}{tagged}.", case.queue_name, case.priority)
}

/// Counts an agent's change of the queue or priority a triage rule chose as
/// that rule's correction, once (the case forgets the rule), on `$c`.
macro_rules! correct_triage_on {
    ($c:expr, $case:expr, $queue_changed:expr, $priority_changed:expr) => {{
        let case: $crate::domain::CaseId = $case;
        let rules: Option<(Option<i64>, Option<i64>)> =
            sqlx::query_as("SELECT queue_rule, priority_rule FROM case_triage WHERE case_id = $1")
                .bind(case.0)
                .fetch_optional(&mut *$c)
                .await?;
        let (queue_rule, priority_rule) = rules.unwrap_or((None, None));
        for (changed, rule, column) in [
            ($queue_changed, queue_rule, "queue_rule"),
            ($priority_changed, priority_rule, "priority_rule"),
        ] {
            if let (true, Some(rule)) = (changed, rule) {
                sqlx::query("UPDATE triage_rules SET corrected = corrected + 1 WHERE id = $1")
                    .bind(rule)
                    .execute(&mut *$c)
                    .await?;
                sqlx::query(&format!(
                    "UPDATE case_triage SET {column} = NULL, corrected = TRUE WHERE case_id = $1"
                ))
                .bind(case.0)
                .execute(&mut *$c)
                .await?;
            }
        }
    }};
}
pub(crate) use correct_triage_on;

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
        rule.validate().map_err(|e| StorageError::Field {
            field: e.field,
            reason: e.reason,
        })?;
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
    /// clocks start; an open case of the same customer with a similar subject
    /// within the duplicate window is linked as the likely original; an eligible
    /// agent is assigned if one is free. All in one transaction, then the events
    /// are returned for the hub. A case opened with a subject only (an empty
    /// message) is triaged on its subject now and again on its first customer
    /// message.
    #[tracing::instrument(skip(self, intake), fields(customer = %intake.customer_id), err)]
    pub async fn open_case(&self, intake: &Intake<'_>) -> StorageResult<Opened> {
        let subject = intake.subject.trim();
        if subject.is_empty() || subject.chars().count() > 200 {
            return Err(StorageError::Invalid(
                "the subject must be 1 to 200 characters".into(),
            ));
        }
        let message = intake.message.trim();
        if message.chars().count() > crate::domain::timeline::MAX_BODY_CHARS {
            return Err(StorageError::Invalid(format!(
                "the message is longer than {} characters",
                crate::domain::timeline::MAX_BODY_CHARS
            )));
        }
        let has_message = !message.is_empty();
        let now = self.now();
        let sla = self.sla_config().await?;
        let triage = self.triage().await?;
        let automation = self.automation().await?;
        let (tier, language): (String, String) = read!(self, p => sqlx::query_as(
            "SELECT tier, language FROM customers WHERE id = $1").bind(intake.customer_id.0).fetch_optional(p).await)?
            .ok_or(StorageError::NotFound)?;
        let customer_tier = CustomerTier::parse(&tier).unwrap_or(CustomerTier::Standard);
        let text = format!("{subject}\n{message}");
        let decision = triage.classify(&Message {
            text: &text,
            channel: intake.channel,
            customer_tier,
            language: &language,
        });
        let queue = decision.queue.map_or(intake.default_queue, |(q, _)| q);
        let priority = decision.priority.map_or(Priority::P3, |(p, _)| p);
        let case_tier = decision.tier.map_or(Tier::T1, |(t, _)| t);
        let scores = has_message.then(|| crate::engine::sentiment::polarity_scores(message));
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        let preview: String = message
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(140)
            .collect();
        let (case, events) = write!(self, p => {
            let mut tx = p.begin().await?;
            let recent: Vec<(i64, String)> = sqlx::query_as(
                "SELECT id, subject FROM cases WHERE customer_id = $1 AND status NOT IN ('solved', 'closed') \
                 AND created_at >= $2 ORDER BY id DESC LIMIT 50")
                .bind(intake.customer_id.0).bind(now - automation.duplicate_window_ms)
                .fetch_all(&mut *tx).await?;
            let original = recent.iter().find(|(_, s)| likely_duplicate(s, subject)).map(|(id, _)| *id);
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO cases (subject, customer_id, channel, status, priority, tier, queue_id, preview, \
                 created_at, updated_at, status_since, duplicate_of) \
                 VALUES ($1, $2, $3, 'new', $4, $5, $6, $7, $8, $8, $8, $9) RETURNING id")
                .bind(subject).bind(intake.customer_id.0).bind(intake.channel.as_str()).bind(priority.as_str())
                .bind(case_tier.as_str()).bind(queue.0).bind(&preview).bind(now).bind(original)
                .fetch_one(&mut *tx).await?;
            let case_id = CaseId(id);
            for tag in &decision.tags {
                sqlx::query("INSERT INTO case_tags (case_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(id).bind(tag).execute(&mut *tx).await?;
            }
            store_tags_on!(tx, id);
            sqlx::query("INSERT INTO case_triage (case_id, queue_rule, priority_rule, message_triaged, ruled) VALUES ($1, $2, $3, $4, $5)")
                .bind(id).bind(decision.queue.map(|(_, r)| r)).bind(decision.priority.map(|(_, r)| r)).bind(has_message)
                .bind(decision.queue.is_some() || decision.priority.is_some())
                .execute(&mut *tx).await?;
            for rule in &decision.matched {
                sqlx::query("UPDATE triage_rules SET applied = applied + 1 WHERE id = $1")
                    .bind(rule).execute(&mut *tx).await?;
            }
            let first_message = match scores {
                None => None,
                Some(scores) => {
                    let (entry_id,): (i64,) = sqlx::query_as(
                        "INSERT INTO timeline_entries (case_id, kind, author_id, author_name, body, client_id, created_at, \
                         sentiment_compound, sentiment_pos, sentiment_neu, sentiment_neg) \
                         SELECT $1, 'customer_message', NULL, cu.name, $2, $3, $4, $5, $6, $7, $8 FROM customers cu WHERE cu.id = $9 \
                         RETURNING id")
                        .bind(id).bind(message).bind(intake.client_id).bind(now)
                        .bind(scores.compound).bind(scores.pos).bind(scores.neu).bind(scores.neg).bind(intake.customer_id.0)
                        .fetch_one(&mut *tx).await?;
                    Some((entry_id, scores))
                }
            };
            if let Some((policy, cal)) = sla.pick(priority, intake.channel, customer_tier) {
                start_clocks_on!(tx, case_id, policy, cal, now);
            }
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(id).fetch_one(&mut *tx).await?;
            let mut case = CaseSummary::try_from(row)?;
            let mut kinds = Vec::new();
            if let Some((entry_id, scores)) = first_message {
                kinds.push(EventKind::EntryAdded { queue_id: case.queue_id, entry: TimelineEntry {
                    id: crate::domain::EntryId(entry_id),
                    case_id,
                    kind: EntryKind::CustomerMessage,
                    author_id: None,
                    author_name: case.customer_name.clone(),
                    body: message.to_string(),
                    client_id: intake.client_id.map(str::to_string),
                    created_at: now,
                    sentiment: Some(scores),
                    attachments: Vec::new(),
                }});
            }
            if !decision.matched.is_empty() {
                kinds.push(system_entry_on!(tx, &case, triage_note(&case, &decision.tags), now));
            }
            if let Some(original) = original {
                kinds.push(system_entry_on!(tx, &case,
                    format!("Likely a duplicate of case #{original}: same customer, similar subject."), now));
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

    /// Triage on the first customer message of a case opened with a subject
    /// only: the rules see the subject and the message; what they decide is
    /// applied (a new queue returns the case to routing, a new priority
    /// retargets the clocks). Does nothing for any other case or message.
    pub(crate) async fn triage_first_message(
        &self,
        case: CaseId,
        message: &str,
    ) -> StorageResult<Vec<Event>> {
        let pending: Option<(i64,)> = read!(self, p => sqlx::query_as(
            "SELECT case_id FROM case_triage WHERE case_id = $1 AND NOT message_triaged")
            .bind(case.0).fetch_optional(p).await)?;
        if pending.is_none() {
            return Ok(Vec::new());
        }
        let now = self.now();
        let sla = self.sla_config().await?;
        let triage = self.triage().await?;
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        write!(self, p => {
            let mut tx = p.begin().await?;
            // Claim the re-triage: exactly once, even with two nodes.
            let claimed = sqlx::query("UPDATE case_triage SET message_triaged = TRUE WHERE case_id = $1 AND NOT message_triaged")
                .bind(case.0).execute(&mut *tx).await?.rows_affected();
            if claimed != 1 {
                tx.commit().await?;
                return Ok(Vec::new());
            }
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(case.0).fetch_one(&mut *tx).await?;
            let mut summary = CaseSummary::try_from(row)?;
            let (tier, language): (String, String) = sqlx::query_as("SELECT tier, language FROM customers WHERE id = $1")
                .bind(summary.customer_id.0).fetch_one(&mut *tx).await?;
            let customer_tier = CustomerTier::parse(&tier).unwrap_or(CustomerTier::Standard);
            let text = format!("{}\n{message}", summary.subject);
            let decision = triage.classify(&Message {
                text: &text,
                channel: summary.channel,
                customer_tier,
                language: &language,
            });
            if decision.matched.is_empty() {
                tx.commit().await?;
                return Ok(Vec::new());
            }
            for rule in &decision.matched {
                sqlx::query("UPDATE triage_rules SET applied = applied + 1 WHERE id = $1")
                    .bind(rule).execute(&mut *tx).await?;
            }
            let new_queue = decision.queue.map(|(q, _)| q).filter(|q| *q != summary.queue_id);
            let new_priority = decision.priority.map(|(p, _)| p).filter(|p| *p != summary.priority);
            let new_tier = decision.tier.map(|(t, _)| t).unwrap_or(summary.tier);
            sqlx::query(
                "UPDATE case_triage SET queue_rule = COALESCE($1, queue_rule), priority_rule = COALESCE($2, priority_rule) \
                 WHERE case_id = $3")
                .bind(decision.queue.map(|(_, r)| r)).bind(decision.priority.map(|(_, r)| r)).bind(case.0)
                .execute(&mut *tx).await?;
            for tag in &decision.tags {
                sqlx::query("INSERT INTO case_tags (case_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(case.0).bind(tag).execute(&mut *tx).await?;
            }
            store_tags_on!(tx, case.0);
            // A new queue: the assignee may not work it, so the case is routed afresh.
            sqlx::query(
                "UPDATE cases SET queue_id = $1, priority = $2, tier = $3, updated_at = $4, \
                 assignee_id = CASE WHEN $5 THEN NULL ELSE assignee_id END WHERE id = $6")
                .bind(new_queue.unwrap_or(summary.queue_id).0)
                .bind(new_priority.unwrap_or(summary.priority).as_str())
                .bind(new_tier.as_str()).bind(now).bind(new_queue.is_some()).bind(case.0)
                .execute(&mut *tx).await?;
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(case.0).fetch_one(&mut *tx).await?;
            summary = CaseSummary::try_from(row)?;
            if new_priority.is_some() {
                retarget_on!(tx, &summary, sla, now);
                refresh_case_due_on!(tx, case.0);
            }
            let mut kinds = vec![system_entry_on!(tx, &summary, triage_note(&summary, &decision.tags), now)];
            if new_queue.is_some() {
                if let Some((agent, name)) = route_on!(tx, &summary, Some(language.clone()), now) {
                    summary.assignee_id = Some(agent);
                    summary.assignee_name = Some(name.clone());
                    kinds.push(system_entry_on!(tx, &summary, format!("Assigned to {name}."), now));
                }
            }
            kinds.push(EventKind::CaseUpdated { case: summary });
            let events = append_events!(tx, kinds);
            tx.commit().await?;
            Ok(events)
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
            let queue_changed = queue.is_some_and(|q| q != before.queue_id);
            let priority_changed = priority.is_some_and(|p| p != before.priority);
            if !queue_changed && !priority_changed {
                tx.commit().await?;
                return Ok((before, Vec::new()));
            }
            sqlx::query("UPDATE cases SET queue_id = $1, priority = $2, updated_at = $3 WHERE id = $4")
                .bind(queue.unwrap_or(before.queue_id).0).bind(priority.unwrap_or(before.priority).as_str())
                .bind(now).bind(case.0).execute(&mut *tx).await?;
            correct_triage_on!(tx, case, queue_changed, priority_changed);
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(case.0).fetch_one(&mut *tx).await?;
            let after = CaseSummary::try_from(row)?;
            let events = append_events!(tx, vec![EventKind::CaseUpdated { case: after.clone() }]);
            tx.commit().await?;
            Ok((after, events))
        })
    }

    /// Routes an unassigned open case to an eligible agent, if one is free;
    /// evaluates to the committed events (none when nobody took it). Safe to
    /// call from several nodes at once: an agent never goes over capacity and a
    /// case never gets two assignees.
    pub async fn route_case(&self, case: CaseId) -> StorageResult<Vec<Event>> {
        let now = self.now();
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        write!(self, p => {
            let mut tx = p.begin().await?;
            let row: Option<CaseRow> = sqlx::query_as(&summary_sql).bind(case.0).fetch_optional(&mut *tx).await?;
            let mut summary = CaseSummary::try_from(row.ok_or(StorageError::NotFound)?)?;
            if summary.assignee_id.is_some() || !summary.status.is_open() {
                tx.commit().await?;
                return Ok(Vec::new());
            }
            let (language,): (String,) = sqlx::query_as("SELECT language FROM customers WHERE id = $1")
                .bind(summary.customer_id.0).fetch_one(&mut *tx).await?;
            let Some((agent, name)) = route_on!(tx, &summary, Some(language), now) else {
                tx.commit().await?;
                return Ok(Vec::new());
            };
            summary.assignee_id = Some(agent);
            summary.assignee_name = Some(name.clone());
            summary.updated_at = now;
            let kinds = vec![
                system_entry_on!(tx, &summary, format!("Assigned to {name}."), now),
                EventKind::CaseUpdated { case: summary },
            ];
            let events = append_events!(tx, kinds);
            tx.commit().await?;
            Ok(events)
        })
    }

    /// A user's presence.
    pub async fn presence_of(&self, user: UserId) -> StorageResult<crate::domain::Presence> {
        let row: Option<(String,)> = read!(self, p => sqlx::query_as("SELECT presence FROM users WHERE id = $1")
            .bind(user.0).fetch_optional(p).await)?;
        let (presence,) = row.ok_or(StorageError::NotFound)?;
        crate::domain::Presence::parse(&presence)
            .ok_or_else(|| StorageError::Other(format!("bad presence {presence:?}").into()))
    }

    /// Sets an agent's presence (routing only assigns to online agents; a
    /// change is timed, for re-routing the chats of agents who stay away).
    pub async fn set_presence(
        &self,
        user: UserId,
        presence: crate::domain::Presence,
    ) -> StorageResult<()> {
        let now = self.now();
        let n = write!(self, p => sqlx::query(
            "UPDATE users SET presence = $1, \
             presence_since = CASE WHEN presence = $1 THEN presence_since ELSE $2 END WHERE id = $3")
            .bind(presence.as_str()).bind(now).bind(user.0).execute(p).await.map(|r| r.rows_affected()))?;
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
            let n = sqlx::query(
                "UPDATE cases SET status = $1, updated_at = $2, \
                 status_since = CASE WHEN status = $1 THEN status_since ELSE $2 END, \
                 reminded_at = CASE WHEN status = $1 THEN reminded_at ELSE NULL END, \
                 snoozed_until = CASE WHEN status = $1 THEN snoozed_until ELSE NULL END WHERE id = $3")
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
