//! Adding a timeline entry: the entry, its case's new state, its SLA clocks and
//! its events, written together.
//!
//! Two ways, one set of rules:
//! - [`insert_entry`], statement by statement through sqlx, on either database;
//! - [`insert_entries_sqlite`], the SQLite group-commit writer's path: every
//!   statement sqlx runs on SQLite is a hand-off to its worker thread and back,
//!   and the writer is one serial chain of them. This path takes a batch's
//!   entries together: for each run of entries on distinct cases it reads
//!   every case with all its entry needs in one statement and writes
//!   everything in one fixed script fed with JSON arrays, two round trips per
//!   run however long. It may work out the new entries' ids and the events'
//!   sequence numbers itself because the writer is the only one writing,
//!   inside its transaction.

use super::attachments::{entry_files_on, link_attachments_on};
use super::cases::{
    preview_of, status_after_entry, AddedEntry, CaseRow, EntryRow, NewEntry, CASES_FOR_ENTRIES_SQL,
    ENTRY_COLUMNS, SUMMARY_SELECT,
};
use super::events::{append_events, numbered, stored_rows, StoredEvent, WORKSPACE_ID};
use super::sla::{clocks_after_entry, plan_clocks, ClockRow, ClockStatements, SlaConfig};
use super::{now_ms, StorageError, StorageResult};
use crate::domain::attachment::AttachmentView;
use crate::domain::{
    CaseId, CaseSummary, EntryId, EntryKind, Event, EventKind, QueueId, TimelineEntry, UserId,
};
use crate::engine::mood::{self, Mood, MoodSettings, ROLLING_WINDOW};
use crate::engine::sentiment::{polarity_scores, Scores};
use sqlx::SqliteConnection;
use std::sync::{Arc, LazyLock};

static CASE_SQL: LazyLock<String> = LazyLock::new(|| format!("{SUMMARY_SELECT} WHERE c.id = $1"));

/// The case, locked until the transaction ends (PostgreSQL): entries added
/// to one case at once take turns, so each reads the scores and clocks the
/// one before it wrote. SQLite's single writer takes turns already.
static CASE_FOR_UPDATE_SQL: LazyLock<String> =
    LazyLock::new(|| format!("{SUMMARY_SELECT} WHERE c.id = $1 FOR UPDATE OF c"));

static INSERT_ENTRY_SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO timeline_entries (case_id, kind, author_id, author_name, body, client_id, created_at, \
         sentiment_compound, sentiment_pos, sentiment_neu, sentiment_neg) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (case_id, client_id) DO NOTHING RETURNING {ENTRY_COLUMNS}"
    )
});

static ENTRY_BY_CLIENT_ID_SQL: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {ENTRY_COLUMNS} FROM timeline_entries WHERE case_id = $1 AND client_id = $2")
});

/// The newest scored customer messages of a case.
const RECENT_SCORES_SQL: &str =
    "SELECT sentiment_compound FROM timeline_entries WHERE case_id = $1 \
     AND sentiment_compound IS NOT NULL ORDER BY id DESC LIMIT $2";

const UPDATE_CASE_SQL: &str = "UPDATE cases SET preview = $1, updated_at = $2, status = $3, \
     status_since = CASE WHEN status = $3 THEN status_since ELSE $2 END, \
     reminded_at = CASE WHEN status = $3 THEN reminded_at ELSE NULL END, \
     snoozed_until = CASE WHEN status = $3 THEN snoozed_until ELSE NULL END, \
     sentiment = COALESCE($4, sentiment), sentiment_trend = COALESCE($5, sentiment_trend), \
     sentiment_negative = COALESCE($6, sentiment_negative) WHERE id = $7";

/// The statements that add an entry.
pub(crate) trait EntryStatements: ClockStatements {
    /// The case as it is (locked on PostgreSQL until the transaction ends).
    async fn case_row(&mut self, case: CaseId) -> StorageResult<Option<CaseRow>>;
    /// Inserts the entry; `None` when its client id was seen on the case before.
    async fn insert_entry(
        &mut self,
        new: &NewEntry<'_>,
        now: i64,
        scores: Option<Scores>,
    ) -> StorageResult<Option<EntryRow>>;
    /// The entry a client id made on a case.
    async fn entry_by_client_id(
        &mut self,
        case: CaseId,
        client_id: &str,
    ) -> StorageResult<Option<EntryRow>>;
    /// The newest `n` sentiment scores of the case's customer messages, newest first.
    async fn recent_scores(&mut self, case: CaseId, n: i64) -> StorageResult<Vec<f64>>;
    /// Stores the case's new preview, status and mood.
    async fn update_case(
        &mut self,
        case: &CaseSummary,
        mood: Option<Mood>,
        now: i64,
    ) -> StorageResult<()>;
    /// Links the caller's uploads to the entry; their views.
    async fn link_files(
        &mut self,
        entry: EntryId,
        case: CaseId,
        author: Option<UserId>,
        tokens: &[String],
    ) -> StorageResult<Vec<AttachmentView>>;
    /// The files of an entry.
    async fn entry_files(&mut self, entry: EntryId) -> StorageResult<Vec<AttachmentView>>;
    /// Appends the events.
    async fn append(&mut self, kinds: Vec<EventKind>) -> StorageResult<Vec<Event>>;
}

macro_rules! entry_statements_on_sqlx {
    ($($conn:ty => $case_sql:expr),*) => {$(
        impl EntryStatements for $conn {
            async fn case_row(&mut self, case: CaseId) -> StorageResult<Option<CaseRow>> {
                Ok(sqlx::query_as($case_sql).bind(case.0).fetch_optional(&mut *self).await?)
            }
            async fn insert_entry(
                &mut self,
                new: &NewEntry<'_>,
                now: i64,
                scores: Option<Scores>,
            ) -> StorageResult<Option<EntryRow>> {
                Ok(sqlx::query_as(&INSERT_ENTRY_SQL)
                    .bind(new.case_id.0)
                    .bind(new.kind.as_str())
                    .bind(new.author_id.map(|u| u.0))
                    .bind(new.author_name)
                    .bind(new.body)
                    .bind(new.client_id)
                    .bind(now)
                    .bind(scores.map(|s| s.compound))
                    .bind(scores.map(|s| s.pos))
                    .bind(scores.map(|s| s.neu))
                    .bind(scores.map(|s| s.neg))
                    .fetch_optional(&mut *self)
                    .await?)
            }
            async fn entry_by_client_id(
                &mut self,
                case: CaseId,
                client_id: &str,
            ) -> StorageResult<Option<EntryRow>> {
                Ok(sqlx::query_as(&ENTRY_BY_CLIENT_ID_SQL)
                    .bind(case.0)
                    .bind(client_id)
                    .fetch_optional(&mut *self)
                    .await?)
            }
            async fn recent_scores(&mut self, case: CaseId, n: i64) -> StorageResult<Vec<f64>> {
                let rows: Vec<(f64,)> = sqlx::query_as(RECENT_SCORES_SQL)
                    .bind(case.0)
                    .bind(n)
                    .fetch_all(&mut *self)
                    .await?;
                Ok(rows.into_iter().map(|r| r.0).collect())
            }
            async fn update_case(
                &mut self,
                case: &CaseSummary,
                mood: Option<Mood>,
                now: i64,
            ) -> StorageResult<()> {
                sqlx::query(UPDATE_CASE_SQL)
                    .bind(&case.preview)
                    .bind(now)
                    .bind(case.status.as_str())
                    .bind(mood.map(|m| m.rolling))
                    .bind(mood.map(|m| m.trend.as_str()))
                    .bind(mood.map(|m| m.negative))
                    .bind(case.id.0)
                    .execute(&mut *self)
                    .await?;
                Ok(())
            }
            async fn link_files(
                &mut self,
                entry: EntryId,
                case: CaseId,
                author: Option<UserId>,
                tokens: &[String],
            ) -> StorageResult<Vec<AttachmentView>> {
                Ok(link_attachments_on!(self, entry, case, author, tokens))
            }
            async fn entry_files(&mut self, entry: EntryId) -> StorageResult<Vec<AttachmentView>> {
                Ok(entry_files_on!(self, entry))
            }
            async fn append(&mut self, kinds: Vec<EventKind>) -> StorageResult<Vec<Event>> {
                Ok(append_events!(self, kinds))
            }
        }
    )*};
}
entry_statements_on_sqlx!(
    sqlx::SqliteConnection => CASE_SQL.as_str(),
    sqlx::PgConnection => CASE_FOR_UPDATE_SQL.as_str()
);

/// One entry to add, and what adding it depends on.
#[derive(Clone, Copy)]
pub(crate) struct EntryWrite<'a> {
    pub new: &'a NewEntry<'a>,
    /// When a case's mood counts as negative.
    pub settings: MoodSettings,
    pub now: i64,
    pub sla: &'a SlaConfig,
    /// Tokens of the sender's uploads to link to the entry.
    pub files: &'a [String],
    /// The queues the sender may reach; `None` for every queue.
    pub queues: Option<&'a [QueueId]>,
}

/// Inserts an entry, updates its case, moves its clocks and appends the events,
/// all on `db` inside the caller's transaction. A client id seen before on the
/// case writes nothing and answers with the first entry. With `queues`, a case
/// in none of them writes nothing ([`StorageError::OutOfScope`]).
pub(crate) async fn insert_entry<D: EntryStatements>(
    db: &mut D,
    w: &EntryWrite<'_>,
) -> StorageResult<AddedEntry> {
    let EntryWrite {
        new,
        settings,
        now,
        sla,
        files,
        queues,
    } = *w;
    let scores = (new.kind == EntryKind::CustomerMessage).then(|| polarity_scores(new.body));
    // The case as it was: missing is NotFound, before anything is written.
    let before = db.case_row(new.case_id).await?;
    let mut case = CaseSummary::try_from(before.ok_or(StorageError::NotFound)?)?;
    if out_of_scope(&case, queues) {
        return Err(StorageError::OutOfScope);
    }
    let was_negative = case.mood.is_some_and(|m| m.negative);
    let Some(row) = db.insert_entry(new, now, scores).await? else {
        let cid = new.client_id.unwrap_or_default();
        let row = db
            .entry_by_client_id(new.case_id, cid)
            .await?
            .ok_or(StorageError::NotFound)?;
        let mut entry = TimelineEntry::try_from(row)?;
        entry.attachments = db.entry_files(entry.id).await?;
        return Ok(AddedEntry {
            entry,
            events: Vec::new(),
        });
    };
    let mood = match scores {
        None => None,
        Some(_) => {
            let mut recent = db.recent_scores(new.case_id, ROLLING_WINDOW as i64).await?;
            recent.reverse();
            mood::mood(&recent, &settings)
        }
    };
    after_entry(&mut case, new, now, mood);
    db.update_case(&case, mood, now).await?;
    clocks_after_entry(db, new.case_id, new.kind, case.status, now, sla).await?;
    let mut entry = TimelineEntry::try_from(row)?;
    if !files.is_empty() {
        entry.attachments = db
            .link_files(entry.id, new.case_id, new.author_id, files)
            .await?;
    }
    let kinds = events_of(&entry, case, mood, was_negative);
    let events = db.append(kinds).await?;
    Ok(AddedEntry { entry, events })
}

/// The case after the entry: its status, preview, time and mood.
fn after_entry(case: &mut CaseSummary, new: &NewEntry<'_>, now: i64, mood: Option<Mood>) {
    case.status = status_after_entry(case.status, new.kind);
    case.preview = preview_of(new.body);
    case.updated_at = now;
    case.mood = mood.or(case.mood);
}

/// What an entry announces: itself and its case, and an alert when the case
/// became negative (not on every message while it stays so).
fn events_of(
    entry: &TimelineEntry,
    case: CaseSummary,
    mood: Option<Mood>,
    was_negative: bool,
) -> Vec<EventKind> {
    let mut kinds = vec![
        EventKind::EntryAdded {
            queue_id: case.queue_id,
            entry: entry.clone(),
        },
        EventKind::CaseUpdated { case: case.clone() },
    ];
    if mood.is_some_and(|m| m.negative) && !was_negative {
        kinds.push(EventKind::SentimentAlert { case });
    }
    kinds
}

/// The case is in none of `queues`.
fn out_of_scope(case: &CaseSummary, queues: Option<&[QueueId]>) -> bool {
    queues.is_some_and(|q| !q.contains(&case.queue_id))
}

/// A [`NewEntry`] that owns its text, for handing to the group-commit writer.
#[derive(Clone)]
pub(crate) struct OwnedEntry {
    pub case_id: CaseId,
    pub kind: EntryKind,
    pub author_id: Option<UserId>,
    pub author_name: String,
    pub body: String,
    pub client_id: Option<String>,
    pub files: Vec<String>,
    pub queues: Option<Vec<QueueId>>,
}

impl From<&NewEntry<'_>> for OwnedEntry {
    fn from(n: &NewEntry<'_>) -> Self {
        OwnedEntry {
            case_id: n.case_id,
            kind: n.kind,
            author_id: n.author_id,
            author_name: n.author_name.to_owned(),
            body: n.body.to_owned(),
            client_id: n.client_id.map(str::to_owned),
            files: Vec::new(),
            queues: None,
        }
    }
}

impl OwnedEntry {
    fn borrow(&self) -> NewEntry<'_> {
        NewEntry {
            case_id: self.case_id,
            kind: self.kind,
            author_id: self.author_id,
            author_name: &self.author_name,
            body: &self.body,
            client_id: self.client_id.as_deref(),
        }
    }
}

/// An entry waiting for the SQLite writer, with what adding it depends on.
pub(crate) struct EntryJob {
    pub entry: OwnedEntry,
    pub settings: MoodSettings,
    pub now: i64,
    pub sla: Arc<SlaConfig>,
}

/// Adds the entries of `jobs` on the SQLite writer's connection, inside its
/// transaction, in their order: see [`insert_entries_sqlite`].
pub(crate) async fn add_entries_sqlite(
    c: &mut SqliteConnection,
    jobs: &[&EntryJob],
) -> StorageResult<Vec<StorageResult<AddedEntry>>> {
    let news: Vec<NewEntry<'_>> = jobs.iter().map(|j| j.entry.borrow()).collect();
    let writes: Vec<EntryWrite<'_>> = jobs
        .iter()
        .zip(&news)
        .map(|(j, new)| EntryWrite {
            new,
            settings: j.settings,
            now: j.now,
            sla: &j.sla,
            files: &j.entry.files,
            queues: j.entry.queues.as_deref(),
        })
        .collect();
    insert_entries_sqlite(c, &writes).await
}

/// [`insert_entry`] for many entries at once on the SQLite writer's
/// connection, inside its transaction: for each run of entries on distinct
/// cases, one read of all their cases and one script of writes, whatever
/// their number. Each entry's answer is in its place: an entry refused before
/// anything was written for it (its case missing or out of the sender's
/// queues) is an `Err` there while the others are written. The outer `Err`
/// means something may have been written: the caller rolls back.
pub(crate) async fn insert_entries_sqlite(
    c: &mut SqliteConnection,
    writes: &[EntryWrite<'_>],
) -> StorageResult<Vec<StorageResult<AddedEntry>>> {
    let mut added = Vec::with_capacity(writes.len());
    let mut rest = writes;
    while let Some(first) = rest.first() {
        // An entry with files takes the statement-by-statement way, alone; a
        // second entry on a case starts a new run, which reads the first.
        let n = if first.files.is_empty() {
            let mut cases = std::collections::HashSet::new();
            rest.iter()
                .take_while(|w| w.files.is_empty() && cases.insert(w.new.case_id))
                .count()
        } else {
            0
        };
        if n == 0 {
            added.push(Ok(insert_entry(c, first).await?));
            rest = &rest[1..];
        } else {
            added.extend(insert_run(c, &rest[..n]).await?);
            rest = &rest[n..];
        }
    }
    Ok(added)
}

/// A case as [`CASES_FOR_ENTRIES_SQL`] reads it for one entry.
#[derive(sqlx::FromRow)]
struct CaseForEntry {
    #[sqlx(flatten)]
    case: CaseRow,
    /// The entry's place in the run.
    part: i64,
    /// The case's clock rows, as a JSON array of objects.
    clocks: String,
    /// The entry the client id made on this case before.
    existing_id: Option<i64>,
    /// `[id, compound]` of the newest scored customer messages.
    recent: String,
    last_seq: i64,
    last_entry_id: i64,
}

fn clocks_from_json(json: &str) -> StorageResult<Vec<ClockRow>> {
    let mut rows: Vec<ClockRow> = serde_json::from_str(json)?;
    rows.sort_by(|a, b| a.kind.cmp(&b.kind));
    Ok(rows)
}

/// What a run writes, as the JSON arrays [`WRITE_ENTRIES_SQL`] reads.
#[derive(Default)]
struct RunWrites {
    entries: Vec<EntryValues>,
    cases: Vec<CaseValues>,
    clocks: Vec<ClockValues>,
    refresh: Vec<i64>,
    events: Vec<StoredEvent>,
}

/// `id, case, kind, author, author name, body, client id, created, compound, pos, neu, neg`.
type EntryValues = (
    i64,
    i64,
    &'static str,
    Option<i64>,
    String,
    String,
    Option<String>,
    i64,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);
/// `case, preview, now, status, rolling mood, trend, negative`.
type CaseValues = (
    i64,
    String,
    i64,
    &'static str,
    Option<f64>,
    Option<&'static str>,
    Option<bool>,
);
/// `case, kind, round, policy, target, elapsed, since, met, fired, due, breach`.
type ClockValues = (
    i64,
    String,
    i64,
    i64,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    i64,
    Option<i64>,
    Option<i64>,
);

/// The writes of a run of entries, one fixed script whatever their number
/// (so sqlx prepares it once): `$1` entries, `$2` cases, `$3` clocks, `$4`
/// cases whose due time is worked out again, `$5` the workspace's last
/// sequence number, `$6` the workspace, `$7` the events' time, `$8` events.
const WRITE_ENTRIES_SQL: &str = "\
INSERT INTO timeline_entries (id, case_id, kind, author_id, author_name, body, client_id, created_at, \
 sentiment_compound, sentiment_pos, sentiment_neu, sentiment_neg) \
 SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, \
 value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11 FROM json_each($1);
UPDATE cases SET preview = v.preview, updated_at = v.at, status = v.new_status, \
 status_since = CASE WHEN cases.status = v.new_status THEN cases.status_since ELSE v.at END, \
 reminded_at = CASE WHEN cases.status = v.new_status THEN cases.reminded_at ELSE NULL END, \
 snoozed_until = CASE WHEN cases.status = v.new_status THEN cases.snoozed_until ELSE NULL END, \
 sentiment = COALESCE(v.rolling, cases.sentiment), sentiment_trend = COALESCE(v.trend, cases.sentiment_trend), \
 sentiment_negative = COALESCE(v.negative, cases.sentiment_negative) \
 FROM (SELECT value ->> 0 AS id, value ->> 1 AS preview, value ->> 2 AS at, value ->> 3 AS new_status, \
 value ->> 4 AS rolling, value ->> 5 AS trend, value ->> 6 AS negative FROM json_each($2)) AS v \
 WHERE cases.id = v.id;
INSERT INTO sla_clocks (case_id, kind, round, policy_id, target_ms, elapsed_ms, since, met_at, fired, due_at, breach_at) \
 SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, \
 value ->> 7, value ->> 8, value ->> 9, value ->> 10 FROM json_each($3) WHERE true \
 ON CONFLICT (case_id, kind) DO UPDATE SET round = excluded.round, policy_id = excluded.policy_id, \
 target_ms = excluded.target_ms, elapsed_ms = excluded.elapsed_ms, since = excluded.since, \
 met_at = excluded.met_at, fired = excluded.fired, due_at = excluded.due_at, breach_at = excluded.breach_at;
UPDATE cases SET sla_due_at = (SELECT MIN(breach_at) FROM sla_clocks WHERE case_id = cases.id) \
 WHERE id IN (SELECT value FROM json_each($4));
UPDATE workspaces SET last_seq = $5 WHERE id = $6;
INSERT INTO events (workspace_id, seq, kind, topics, payload, created_at) \
 SELECT $6, value ->> 0, value ->> 1, value ->> 2, value ->> 3, $7 FROM json_each($8)";

/// What became of one entry of a run, before the run's writes.
enum Planned {
    Added(AddedEntry),
    Refused(StorageError),
    /// Its client id was seen on the case before: the first entry answers.
    Retry,
}

/// A run of entries on distinct cases, without files: one read, one script.
async fn insert_run(
    c: &mut SqliteConnection,
    run: &[EntryWrite<'_>],
) -> StorageResult<Vec<StorageResult<AddedEntry>>> {
    let keys: Vec<(i64, Option<&str>, bool)> = run
        .iter()
        .map(|w| {
            let scored = w.new.kind == EntryKind::CustomerMessage;
            (w.new.case_id.0, w.new.client_id, scored)
        })
        .collect();
    // The newest scores before each message; its mood takes the message too.
    let rows: Vec<CaseForEntry> = sqlx::query_as(CASES_FOR_ENTRIES_SQL)
        .bind(serde_json::to_string(&keys)?)
        .bind(ROLLING_WINDOW as i64 - 1)
        .bind(WORKSPACE_ID)
        .fetch_all(&mut *c)
        .await?;
    let (mut last_seq, mut last_id) = match rows.first() {
        Some(r) => (r.last_seq, r.last_entry_id),
        None => (0, 0),
    };
    let mut found: Vec<Option<CaseForEntry>> = run.iter().map(|_| None).collect();
    for row in rows {
        if let Some(slot) = usize::try_from(row.part)
            .ok()
            .and_then(|i| found.get_mut(i))
        {
            *slot = Some(row);
        }
    }
    let at = now_ms();
    let mut writes = RunWrites::default();
    let mut planned = Vec::with_capacity(run.len());
    for (w, found) in run.iter().zip(found) {
        planned.push(match found {
            None => Planned::Refused(StorageError::NotFound),
            Some(f) => plan_entry(w, f, &mut last_id, &mut last_seq, at, &mut writes)?,
        });
    }
    if !writes.entries.is_empty() {
        sqlx::query(WRITE_ENTRIES_SQL)
            .bind(serde_json::to_string(&writes.entries)?)
            .bind(serde_json::to_string(&writes.cases)?)
            .bind(serde_json::to_string(&writes.clocks)?)
            .bind(serde_json::to_string(&writes.refresh)?)
            .bind(last_seq)
            .bind(WORKSPACE_ID)
            .bind(at)
            .bind(serde_json::to_string(&writes.events)?)
            .execute(&mut *c)
            .await?;
    }
    let mut added = Vec::with_capacity(run.len());
    for (w, p) in run.iter().zip(planned) {
        added.push(match p {
            Planned::Added(a) => Ok(a),
            Planned::Refused(e) => Err(e),
            // Writes nothing: reads the first entry and its files.
            Planned::Retry => Ok(insert_entry(c, w).await?),
        });
    }
    Ok(added)
}

/// Works out what one entry writes, from its case as read (`f`), numbering it
/// after `last_id` and its events after `last_seq`; adds its writes to `out`.
fn plan_entry(
    w: &EntryWrite<'_>,
    f: CaseForEntry,
    last_id: &mut i64,
    last_seq: &mut i64,
    at: i64,
    out: &mut RunWrites,
) -> StorageResult<Planned> {
    let (new, now) = (w.new, w.now);
    let mut case = CaseSummary::try_from(f.case)?;
    if out_of_scope(&case, w.queues) {
        return Ok(Planned::Refused(StorageError::OutOfScope));
    }
    if f.existing_id.is_some() {
        return Ok(Planned::Retry);
    }
    let scores = (new.kind == EntryKind::CustomerMessage).then(|| polarity_scores(new.body));
    let was_negative = case.mood.is_some_and(|m| m.negative);
    let mood = match scores {
        None => None,
        Some(s) => {
            let mut recent: Vec<(i64, f64)> = serde_json::from_str(&f.recent)?;
            recent.sort_by_key(|r| r.0);
            let mut oldest_first: Vec<f64> = recent.into_iter().map(|r| r.1).collect();
            oldest_first.push(s.compound);
            mood::mood(&oldest_first, &w.settings)
        }
    };
    after_entry(&mut case, new, now, mood);
    let plan = plan_clocks(
        clocks_from_json(&f.clocks)?,
        new.case_id,
        new.kind,
        case.status,
        now,
        w.sla,
    )?;
    *last_id += 1;
    let entry = TimelineEntry {
        id: EntryId(*last_id),
        case_id: new.case_id,
        kind: new.kind,
        author_id: new.author_id,
        author_name: new.author_name.to_owned(),
        body: new.body.to_owned(),
        client_id: new.client_id.map(str::to_owned),
        created_at: now,
        sentiment: scores,
        attachments: Vec::new(),
    };
    out.entries.push((
        entry.id.0,
        new.case_id.0,
        new.kind.as_str(),
        new.author_id.map(|u| u.0),
        entry.author_name.clone(),
        entry.body.clone(),
        entry.client_id.clone(),
        now,
        scores.map(|s| s.compound),
        scores.map(|s| s.pos),
        scores.map(|s| s.neu),
        scores.map(|s| s.neg),
    ));
    out.cases.push((
        case.id.0,
        case.preview.clone(),
        now,
        case.status.as_str(),
        mood.map(|m| m.rolling),
        mood.map(|m| m.trend.as_str()),
        mood.map(|m| m.negative),
    ));
    for (row, cal) in plan.save {
        let (due, breach) = super::sla::schedule(&row.clock()?, cal, row.fired);
        out.clocks.push((
            row.case_id,
            row.kind,
            row.round,
            row.policy_id,
            row.target_ms,
            row.elapsed_ms,
            row.since,
            row.met_at,
            row.fired,
            due,
            breach,
        ));
    }
    if plan.refresh {
        out.refresh.push(case.id.0);
    }
    let kinds = events_of(&entry, case, mood, was_negative);
    *last_seq += kinds.len() as i64;
    let rows = stored_rows(*last_seq, &kinds)?;
    let events = numbered(&rows, kinds, at);
    out.events.extend(rows);
    Ok(Planned::Added(AddedEntry { entry, events }))
}
