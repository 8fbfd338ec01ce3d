//! Cases and their timelines.

use super::add_entry::{insert_entry, EntryJob, EntryWrite, OwnedEntry};
use super::events::append_events;
use super::sla::start_clocks_on;
use super::{read, write, Backend, Storage, StorageError, StorageResult};
use crate::domain::{
    CaseId, CaseStatus, CaseSummary, Channel, CustomerId, EntryId, EntryKind, Event, EventKind,
    Priority, QueueId, SlaState, Tier, TimelineEntry, UserId,
};
use crate::engine::mood::{Mood, Trend};
use crate::engine::sentiment::Scores;
use crate::engine::sla::CustomerTier;

/// How far the most advanced unmet clock of case `c` has got: 0 on track, 1 half,
/// 2 warning, 3 breached; NULL without clocks.
macro_rules! sla_level_sql {
    () => {
        "CAST((SELECT MAX(CASE WHEN k.fired & 4 <> 0 THEN 3 WHEN k.fired & 2 <> 0 THEN 2 \
         WHEN k.fired & 1 <> 0 THEN 1 ELSE 0 END) FROM sla_clocks k WHERE k.case_id = c.id AND k.met_at IS NULL) AS BIGINT)"
    };
}

/// See [`sla_level_sql`].
pub(crate) const SLA_LEVEL_SQL: &str = sla_level_sql!();

/// The columns of a [`CaseRow`], over `cases c` and [`SUMMARY_JOINS`].
macro_rules! summary_columns {
    () => {
        concat!(
            "SELECT c.id, c.subject, c.status, c.priority, c.channel, c.tier, c.queue_id, \
            q.name AS queue_name, c.customer_id, cu.name AS customer_name, c.assignee_id, u.name AS assignee_name, \
            c.preview, c.created_at, c.updated_at, c.sentiment, c.sentiment_trend, c.sentiment_negative, c.duplicate_of, \
            c.tags, c.sla_due_at, c.snoozed_until, c.merged_into, ",
            sla_level_sql!(),
            " AS sla_level"
        )
    };
}

/// What a [`CaseRow`] joins to `cases c`.
macro_rules! summary_joins {
    () => {
        " JOIN queues q ON q.id = c.queue_id JOIN customers cu ON cu.id = c.customer_id \
        LEFT JOIN users u ON u.id = c.assignee_id"
    };
}

/// See [`summary_columns`].
pub(crate) const SUMMARY_COLUMNS: &str = summary_columns!();
/// See [`summary_joins`].
pub(crate) const SUMMARY_JOINS: &str = summary_joins!();
/// A [`CaseRow`] of each case; a `WHERE` on `c` follows.
pub(crate) const SUMMARY_SELECT: &str =
    concat!(summary_columns!(), " FROM cases c", summary_joins!());

/// Each case entries are added to, with what adding an entry needs, in one
/// read (the SQLite writer's path, [`super::add_entry`]). `$1` is a JSON array
/// of `[case, client id, wants scores]`, one per entry on distinct cases;
/// `part` is the entry's place in it, and a missing case has no row. `$2` is
/// how many recent sentiment scores, `$3` the workspace.
pub(crate) const CASES_FOR_ENTRIES_SQL: &str = concat!(
    summary_columns!(),
    ", j.key AS part, (SELECT json_group_array(json_object('case_id', k.case_id, 'kind', k.kind, 'round', k.round, \
     'policy_id', k.policy_id, 'target_ms', k.target_ms, 'elapsed_ms', k.elapsed_ms, 'since', k.since, \
     'met_at', k.met_at, 'fired', k.fired, 'due_at', k.due_at)) FROM sla_clocks k WHERE k.case_id = c.id) AS clocks, \
     (SELECT e.id FROM timeline_entries e WHERE e.case_id = c.id AND e.client_id = j.value ->> 1) AS existing_id, \
     (SELECT json_group_array(json_array(r.id, r.sentiment_compound)) FROM (SELECT id, sentiment_compound \
     FROM timeline_entries WHERE j.value ->> 2 AND case_id = c.id AND sentiment_compound IS NOT NULL \
     ORDER BY id DESC LIMIT $2) r) AS recent, \
     (SELECT w.last_seq FROM workspaces w WHERE w.id = $3) AS last_seq, \
     (SELECT COALESCE(MAX(t.id), 0) FROM timeline_entries t) AS last_entry_id",
    " FROM json_each($1) j JOIN cases c ON c.id = j.value ->> 0",
    summary_joins!()
);

pub(crate) const ENTRY_COLUMNS: &str =
    "id, case_id, kind, author_id, author_name, body, client_id, created_at, \
    sentiment_compound, sentiment_pos, sentiment_neu, sentiment_neg";

/// Longest inbox preview of the last message, in characters.
const PREVIEW_CHARS: usize = 140;

#[derive(sqlx::FromRow)]
pub(crate) struct CaseRow {
    id: i64,
    subject: String,
    status: String,
    priority: String,
    channel: String,
    tier: String,
    queue_id: i64,
    queue_name: String,
    customer_id: i64,
    customer_name: String,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
    preview: String,
    created_at: i64,
    updated_at: i64,
    sentiment: Option<f64>,
    sentiment_trend: Option<String>,
    sentiment_negative: bool,
    duplicate_of: Option<i64>,
    tags: String,
    sla_due_at: Option<i64>,
    snoozed_until: Option<i64>,
    merged_into: Option<i64>,
    sla_level: Option<i64>,
}

/// Splits the stored, comma-joined tags.
pub(crate) fn split_tags(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

impl TryFrom<CaseRow> for CaseSummary {
    type Error = StorageError;
    fn try_from(r: CaseRow) -> Result<Self, Self::Error> {
        let bad = |what: &str, v: &str| {
            StorageError::Other(format!("case {}: bad {what} {v:?}", r.id).into())
        };
        Ok(CaseSummary {
            id: CaseId(r.id),
            status: CaseStatus::parse(&r.status).ok_or_else(|| bad("status", &r.status))?,
            priority: Priority::parse(&r.priority).ok_or_else(|| bad("priority", &r.priority))?,
            channel: Channel::parse(&r.channel).ok_or_else(|| bad("channel", &r.channel))?,
            tier: Tier::parse(&r.tier).ok_or_else(|| bad("tier", &r.tier))?,
            subject: r.subject,
            queue_id: QueueId(r.queue_id),
            queue_name: r.queue_name,
            customer_id: CustomerId(r.customer_id),
            customer_name: r.customer_name,
            assignee_id: r.assignee_id.map(UserId),
            assignee_name: r.assignee_name,
            preview: r.preview,
            created_at: r.created_at,
            updated_at: r.updated_at,
            mood: r.sentiment.map(|rolling| Mood {
                rolling,
                trend: r
                    .sentiment_trend
                    .as_deref()
                    .and_then(Trend::parse)
                    .unwrap_or(Trend::Steady),
                negative: r.sentiment_negative,
            }),
            duplicate_of: r.duplicate_of.map(CaseId),
            tags: split_tags(&r.tags),
            sla_due_at: r.sla_due_at,
            sla: r.sla_level.map(SlaState::from_level),
            snoozed_until: r.snoozed_until,
            merged_into: r.merged_into.map(CaseId),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    id: i64,
    case_id: i64,
    kind: String,
    author_id: Option<i64>,
    author_name: String,
    body: String,
    client_id: Option<String>,
    created_at: i64,
    sentiment_compound: Option<f64>,
    sentiment_pos: Option<f64>,
    sentiment_neu: Option<f64>,
    sentiment_neg: Option<f64>,
}

impl TryFrom<EntryRow> for TimelineEntry {
    type Error = StorageError;
    fn try_from(r: EntryRow) -> Result<Self, Self::Error> {
        Ok(TimelineEntry {
            id: EntryId(r.id),
            case_id: CaseId(r.case_id),
            kind: EntryKind::parse(&r.kind).ok_or_else(|| {
                StorageError::Other(format!("entry {}: bad kind {:?}", r.id, r.kind).into())
            })?,
            author_id: r.author_id.map(UserId),
            author_name: r.author_name,
            body: r.body,
            client_id: r.client_id,
            created_at: r.created_at,
            sentiment: r.sentiment_compound.map(|compound| Scores {
                compound,
                pos: r.sentiment_pos.unwrap_or(0.0),
                neu: r.sentiment_neu.unwrap_or(0.0),
                neg: r.sentiment_neg.unwrap_or(0.0),
            }),
            attachments: Vec::new(),
        })
    }
}

/// Whose cases a listing covers.
#[derive(Debug, Clone, Copy)]
pub struct CaseScope {
    pub user: UserId,
    /// Supervisors and admins see every queue; agents only their own.
    pub all_queues: bool,
}

/// A new timeline entry.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub case_id: CaseId,
    pub kind: EntryKind,
    pub author_id: Option<UserId>,
    pub author_name: &'a str,
    pub body: &'a str,
    pub client_id: Option<&'a str>,
}

/// What adding an entry did.
#[derive(Debug, Clone)]
pub struct AddedEntry {
    pub entry: TimelineEntry,
    /// Empty when the client id had been seen before (a retry): nothing was written.
    pub events: Vec<Event>,
}

/// A new case.
#[derive(Debug, Clone)]
pub struct NewCase<'a> {
    pub subject: &'a str,
    pub customer_id: CustomerId,
    pub channel: Channel,
    pub priority: Priority,
    pub queue_id: QueueId,
    pub assignee_id: Option<UserId>,
}

/// Status after an entry of `kind` arrives on a case in `status`.
pub fn status_after_entry(status: CaseStatus, kind: EntryKind) -> CaseStatus {
    match (status, kind) {
        (CaseStatus::New, EntryKind::AgentReply) => CaseStatus::Open,
        (CaseStatus::Pending | CaseStatus::Solved, EntryKind::CustomerMessage) => CaseStatus::Open,
        (s, _) => s,
    }
}

pub(crate) fn preview_of(body: &str) -> String {
    let one_line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line.chars().take(PREVIEW_CHARS).collect()
}

/// Copies a case's tags from `case_tags` onto its row (sorted, comma-joined), on `$c`.
macro_rules! store_tags_on {
    ($c:expr, $case:expr) => {{
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT tag FROM case_tags WHERE case_id = $1 ORDER BY tag")
                .bind($case)
                .fetch_all(&mut *$c)
                .await?;
        // Sorted here, by bytes, as `normalise_tags` sorts: never by a database collation.
        let mut tags: Vec<String> = rows.into_iter().map(|(t,)| t).collect();
        tags.sort();
        let joined = tags.join(",");
        sqlx::query("UPDATE cases SET tags = $1 WHERE id = $2")
            .bind(joined)
            .bind($case)
            .execute(&mut *$c)
            .await?;
    }};
}
pub(crate) use store_tags_on;

impl Storage {
    /// Open cases the scope may see, most recently updated first.
    #[tracing::instrument(skip(self), err)]
    pub async fn list_open_cases(
        &self,
        scope: CaseScope,
        limit: i64,
    ) -> StorageResult<Vec<CaseSummary>> {
        let sql = format!(
            "{SUMMARY_SELECT} WHERE c.status NOT IN ('solved', 'closed') \
             AND ($1 OR c.queue_id IN (SELECT queue_id FROM queue_members WHERE user_id = $2)) \
             ORDER BY c.updated_at DESC, c.id DESC LIMIT $3"
        );
        let rows: Vec<CaseRow> = read!(self, p => sqlx::query_as(&sql)
            .bind(scope.all_queues).bind(scope.user.0).bind(limit).fetch_all(p).await)?;
        rows.into_iter().map(CaseSummary::try_from).collect()
    }

    /// One case's summary.
    #[tracing::instrument(skip(self), err)]
    pub async fn get_case(&self, id: CaseId) -> StorageResult<CaseSummary> {
        let sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        let row: Option<CaseRow> =
            read!(self, p => sqlx::query_as(&sql).bind(id.0).fetch_optional(p).await)?;
        row.ok_or(StorageError::NotFound)?.try_into()
    }

    /// The queue a case is in, for permission checks.
    #[tracing::instrument(skip(self), err)]
    pub async fn case_queue(&self, id: CaseId) -> StorageResult<Option<QueueId>> {
        let row: Option<(i64,)> = read!(self, p => sqlx::query_as("SELECT queue_id FROM cases WHERE id = $1").bind(id.0).fetch_optional(p).await)?;
        Ok(row.map(|(q,)| QueueId(q)))
    }

    /// A case's timeline, oldest first.
    #[tracing::instrument(skip(self), err)]
    pub async fn case_entries(&self, id: CaseId) -> StorageResult<Vec<TimelineEntry>> {
        let sql =
            format!("SELECT {ENTRY_COLUMNS} FROM timeline_entries WHERE case_id = $1 ORDER BY id");
        let rows: Vec<EntryRow> =
            read!(self, p => sqlx::query_as(&sql).bind(id.0).fetch_all(p).await)?;
        let mut entries = rows
            .into_iter()
            .map(TimelineEntry::try_from)
            .collect::<StorageResult<Vec<_>>>()?;
        for (entry, file) in self.case_files(id).await? {
            if let Some(e) = entries.iter_mut().find(|e| e.id == entry) {
                e.attachments.push(file);
            }
        }
        Ok(entries)
    }

    /// Adds an entry, updates the case and appends the events, in one transaction.
    /// A retry with the same client id returns the first entry and writes nothing.
    /// On SQLite the write joins the next group commit.
    pub async fn add_entry(&self, new: &NewEntry<'_>) -> StorageResult<AddedEntry> {
        self.add_entry_with_files(new, &[], None).await
    }

    /// [`Storage::add_entry`] with files uploaded before (their tokens): they
    /// are linked to the entry in its transaction, or nothing is written. With
    /// `queues`, a case in none of them is [`StorageError::OutOfScope`] and
    /// nothing is written.
    #[tracing::instrument(skip(self, new, files), fields(case = %new.case_id, kind = new.kind.as_str(), files = files.len()), err(level = "info"))]
    pub async fn add_entry_with_files(
        &self,
        new: &NewEntry<'_>,
        files: &[String],
        queues: Option<&[QueueId]>,
    ) -> StorageResult<AddedEntry> {
        let settings = self.mood;
        let sla = self.sla_config().await?;
        let now = self.now();
        let mut added = match &self.backend {
            Backend::Sqlite { batch, .. } => {
                batch
                    .add_entry(EntryJob {
                        entry: OwnedEntry {
                            files: files.to_vec(),
                            queues: queues.map(<[QueueId]>::to_vec),
                            ..OwnedEntry::from(new)
                        },
                        settings,
                        now,
                        sla,
                    })
                    .await?
            }
            Backend::Postgres(p) => {
                let mut tx = p.begin().await?;
                let added = insert_entry(
                    &mut *tx,
                    &EntryWrite {
                        new,
                        settings,
                        now,
                        sla: &sla,
                        files,
                        queues,
                    },
                )
                .await?;
                tx.commit().await?;
                added
            }
        };
        // The first customer message of a case opened with a subject only is
        // triaged now. The message is committed already: a failure here is logged,
        // never reported as a lost message.
        if new.kind == EntryKind::CustomerMessage && !added.events.is_empty() {
            match self.triage_first_message(new.case_id, new.body).await {
                Ok(events) => added.events.extend(events),
                Err(e) => {
                    tracing::warn!(error = %e, case = %new.case_id, "triage of the first message failed")
                }
            }
        }
        Ok(added)
    }

    /// Creates a case and announces it, in one transaction.
    #[tracing::instrument(skip(self, new), fields(queue = %new.queue_id), err)]
    pub async fn create_case(&self, new: &NewCase<'_>) -> StorageResult<(CaseSummary, Vec<Event>)> {
        let now = self.now();
        let sla = self.sla_config().await?;
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        write!(self, p => {
            let mut tx = p.begin().await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO cases (subject, customer_id, channel, status, priority, tier, queue_id, assignee_id, \
                 created_at, updated_at, status_since) VALUES ($1, $2, $3, 'new', $4, 'T1', $5, $6, $7, $7, $7) RETURNING id")
                .bind(new.subject).bind(new.customer_id.0).bind(new.channel.as_str()).bind(new.priority.as_str())
                .bind(new.queue_id.0).bind(new.assignee_id.map(|u| u.0)).bind(now)
                .fetch_one(&mut *tx).await?;
            let (tier,): (String,) = sqlx::query_as("SELECT tier FROM customers WHERE id = $1")
                .bind(new.customer_id.0).fetch_one(&mut *tx).await?;
            let tier = CustomerTier::parse(&tier).unwrap_or(CustomerTier::Standard);
            if let Some((policy, cal)) = sla.pick(new.priority, new.channel, tier) {
                start_clocks_on!(tx, CaseId(id), policy, cal, now);
            }
            let row: CaseRow = sqlx::query_as(&summary_sql).bind(id).fetch_one(&mut *tx).await?;
            let case = CaseSummary::try_from(row)?;
            let events = append_events!(tx, vec![EventKind::CaseCreated { case: case.clone() }]);
            tx.commit().await?;
            Ok((case, events))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agent_reply_opens_a_new_case_and_a_customer_message_reopens_a_pending_one() {
        assert_eq!(
            status_after_entry(CaseStatus::New, EntryKind::AgentReply),
            CaseStatus::Open
        );
        assert_eq!(
            status_after_entry(CaseStatus::Pending, EntryKind::CustomerMessage),
            CaseStatus::Open
        );
        assert_eq!(
            status_after_entry(CaseStatus::Pending, EntryKind::InternalNote),
            CaseStatus::Pending
        );
        assert_eq!(
            status_after_entry(CaseStatus::OnHold, EntryKind::AgentReply),
            CaseStatus::OnHold
        );
    }

    #[test]
    fn previews_are_one_line_and_short() {
        let p = preview_of("Hello\n\nthere   friend");
        assert_eq!(p, "Hello there friend");
        assert_eq!(preview_of(&"x".repeat(500)).chars().count(), PREVIEW_CHARS);
    }
}
