//! Adding a timeline entry: the entry, its case's new state, its SLA clocks and
//! its events, written together.
//!
//! Two ways, one set of rules:
//! - [`insert_entry`], statement by statement through sqlx, on either database;
//! - [`insert_entry_sqlite`], the SQLite group-commit writer's path: every
//!   statement sqlx runs on SQLite is a hand-off to its worker thread and back
//!   (70–90 µs each on a busy machine), and the writer is one serial chain of
//!   them. This path reads everything the entry needs in one statement and
//!   writes everything in one script: two round trips per entry instead of six.
//!   It may work out the new entry's id and the events' sequence numbers itself
//!   because the writer is the only one writing, inside its transaction.

use super::attachments::{entry_files_on, link_attachments_on};
use super::cases::{
    preview_of, status_after_entry, AddedEntry, CaseRow, EntryRow, NewEntry, CASE_FOR_ENTRY_SQL,
    ENTRY_COLUMNS, SUMMARY_SELECT,
};
use super::events::{append_events, numbered, stored_rows, WORKSPACE_ID};
use super::sla::{clocks_after_entry, ClockStatements, SlaConfig};
use super::sla::{plan_clocks, ClockRow, REFRESH_CASE_DUE_SQL, SAVE_CLOCK_SQL};
use super::{now_ms, StorageError, StorageResult};
use crate::domain::attachment::AttachmentView;
use crate::domain::{
    CaseId, CaseSummary, EntryId, EntryKind, Event, EventKind, QueueId, TimelineEntry, UserId,
};
use crate::engine::mood::{self, Mood, MoodSettings, ROLLING_WINDOW};
use crate::engine::sentiment::{polarity_scores, Scores};
use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, SqliteConnection};
use std::sync::LazyLock;

static CASE_SQL: LazyLock<String> = LazyLock::new(|| format!("{SUMMARY_SELECT} WHERE c.id = $1"));

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
    /// The case as it is.
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
    ($($conn:ty),*) => {$(
        impl EntryStatements for $conn {
            async fn case_row(&mut self, case: CaseId) -> StorageResult<Option<CaseRow>> {
                Ok(sqlx::query_as(&CASE_SQL).bind(case.0).fetch_optional(&mut *self).await?)
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
entry_statements_on_sqlx!(sqlx::SqliteConnection, sqlx::PgConnection);

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

/// A case as [`CASE_FOR_ENTRY_SQL`] reads it.
#[derive(sqlx::FromRow)]
struct CaseForEntry {
    #[sqlx(flatten)]
    case: CaseRow,
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

/// Statements run as one script: each statement's `$N` are renumbered after
/// the values of the statements before it.
#[derive(Default)]
struct Script<'q> {
    sql: String,
    args: SqliteArguments<'q>,
    values: usize,
}

impl<'q> Script<'q> {
    /// Appends `stmt` (numbered `$1`…`$n` on its own) and its `n` values.
    fn push(&mut self, stmt: &str, n: usize) {
        let mut rest = stmt;
        while let Some(at) = rest.find('$') {
            self.sql.push_str(&rest[..at]);
            let digits = rest[at + 1..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len() - at - 1);
            let k: usize = rest[at + 1..at + 1 + digits].parse().unwrap_or(0);
            debug_assert!((1..=n).contains(&k), "${k} out of 1..={n} in {stmt}");
            self.sql.push_str(&format!("${}", self.values + k));
            rest = &rest[at + 1 + digits..];
        }
        self.sql.push_str(rest);
        self.sql.push_str(";\n");
        self.values += n;
    }

    fn bind<T>(&mut self, value: T) -> StorageResult<()>
    where
        T: sqlx::Encode<'q, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + 'q,
    {
        self.args
            .add(value)
            .map_err(|e| StorageError::Other(e.to_string().into()))
    }
}

/// Binds each value to the script, after pushing the statement.
macro_rules! script {
    ($script:expr, $sql:expr; $($value:expr),+ $(,)?) => {{
        let n = [$(stringify!($value)),+].len();
        $script.push($sql, n);
        $($script.bind($value)?;)+
    }};
}

const INSERT_ENTRY_WITH_ID_SQL: &str =
    "INSERT INTO timeline_entries (id, case_id, kind, author_id, \
     author_name, body, client_id, created_at, sentiment_compound, sentiment_pos, sentiment_neu, \
     sentiment_neg) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

const SET_SEQ_SQL: &str = "UPDATE workspaces SET last_seq = $1 WHERE id = $2";

const INSERT_EVENT_SQL: &str =
    "INSERT INTO events (workspace_id, seq, kind, topics, payload, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6)";

/// [`insert_entry`] on the SQLite writer's connection, inside its transaction:
/// one read and one write script. An entry with files, or a client id seen
/// before, takes [`insert_entry`]'s way.
pub(crate) async fn insert_entry_sqlite(
    c: &mut SqliteConnection,
    w: &EntryWrite<'_>,
) -> StorageResult<AddedEntry> {
    let (new, now) = (w.new, w.now);
    if !w.files.is_empty() {
        return insert_entry(c, w).await;
    }
    let scores = (new.kind == EntryKind::CustomerMessage).then(|| polarity_scores(new.body));
    // The newest scores before this message; the mood takes this one too.
    let window = if scores.is_some() {
        ROLLING_WINDOW as i64 - 1
    } else {
        0
    };
    let found: Option<CaseForEntry> = sqlx::query_as(CASE_FOR_ENTRY_SQL)
        .bind(new.case_id.0)
        .bind(new.client_id)
        .bind(window)
        .bind(WORKSPACE_ID)
        .fetch_optional(&mut *c)
        .await?;
    let found = found.ok_or(StorageError::NotFound)?;
    let mut case = CaseSummary::try_from(found.case)?;
    if out_of_scope(&case, w.queues) {
        return Err(StorageError::OutOfScope);
    }
    if found.existing_id.is_some() {
        // A retry: the first entry answers, nothing is written.
        return insert_entry(c, w).await;
    }
    let was_negative = case.mood.is_some_and(|m| m.negative);
    let mood = match scores {
        None => None,
        Some(s) => {
            let mut recent: Vec<(i64, f64)> = serde_json::from_str(&found.recent)?;
            recent.sort_by_key(|r| r.0);
            let mut oldest_first: Vec<f64> = recent.into_iter().map(|r| r.1).collect();
            oldest_first.push(s.compound);
            mood::mood(&oldest_first, &w.settings)
        }
    };
    after_entry(&mut case, new, now, mood);
    let plan = plan_clocks(
        clocks_from_json(&found.clocks)?,
        new.case_id,
        new.kind,
        case.status,
        now,
        w.sla,
    )?;
    let entry = TimelineEntry {
        id: EntryId(found.last_entry_id + 1),
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
    let kinds = events_of(&entry, case.clone(), mood, was_negative);
    let last_seq = found.last_seq + kinds.len() as i64;
    let rows = stored_rows(last_seq, &kinds)?;
    let at = now_ms();

    let mut script = Script::default();
    script!(script, INSERT_ENTRY_WITH_ID_SQL;
        entry.id.0, new.case_id.0, new.kind.as_str(), new.author_id.map(|u| u.0),
        new.author_name, new.body, new.client_id, now,
        scores.map(|s| s.compound), scores.map(|s| s.pos), scores.map(|s| s.neu), scores.map(|s| s.neg));
    script!(script, UPDATE_CASE_SQL;
        case.preview.as_str(), now, case.status.as_str(), mood.map(|m| m.rolling),
        mood.map(|m| m.trend.as_str()), mood.map(|m| m.negative), case.id.0);
    for (row, cal) in &plan.save {
        let (due, breach) = super::sla::schedule(&row.clock()?, cal, row.fired);
        script!(script, SAVE_CLOCK_SQL;
            row.case_id, row.kind.as_str(), row.round, row.policy_id, row.target_ms,
            row.elapsed_ms, row.since, row.met_at, row.fired, due, breach);
    }
    if plan.refresh {
        script!(script, REFRESH_CASE_DUE_SQL; case.id.0);
    }
    script!(script, SET_SEQ_SQL; last_seq, WORKSPACE_ID);
    for (seq, name, topics, payload) in &rows {
        script!(script, INSERT_EVENT_SQL;
            WORKSPACE_ID, *seq, *name, topics.as_str(), payload.as_str(), at);
    }
    // One command to sqlx's worker for the whole script (sqlx 0.8 runs every
    // statement of a query string in turn, with `$N` over all their values).
    sqlx::query_with(&script.sql, script.args)
        .execute(&mut *c)
        .await?;
    Ok(AddedEntry {
        entry,
        events: numbered(&rows, kinds, at),
    })
}
