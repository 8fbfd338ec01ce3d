//! SLA clocks in storage, and the scheduler's pass over due clocks.
//!
//! Each case has up to three clocks (first response, next update, resolution),
//! one row each in `sla_clocks`. A running clock stores when its next unfired
//! threshold (50 %, 80 %, breach) will be reached (`due_at`, indexed): a scheduler
//! pass reads only the rows due by now, never all cases. Firing is a
//! compare-and-set on the row's `fired` bits inside the transaction that applies
//! the threshold's effect, so each threshold of each clock round fires exactly
//! once, across restarts and with several nodes on one PostgreSQL.

use std::collections::HashMap;
use std::sync::Arc;

use super::cases::{CaseRow, SUMMARY_SELECT};
use super::events::append_events;
use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::{
    CaseId, CaseStatus, CaseSummary, Channel, Event, EventKind, Presence, Priority, UserId,
};
use crate::engine::calendar::{Calendar, CalendarSpec};
use crate::engine::routing::Candidate;
use crate::engine::sla::{self, Clock, ClockKind, CustomerTier, Policy, Targets, Threshold};

/// Policies and their calendars, as the clocks need them.
#[derive(Debug, Clone, Default)]
pub struct SlaConfig {
    pub policies: Vec<Policy>,
    pub calendars: HashMap<i64, Calendar>,
}

impl SlaConfig {
    /// The policy for a case and the calendar it counts in.
    pub fn pick(
        &self,
        priority: Priority,
        channel: Channel,
        tier: CustomerTier,
    ) -> Option<(&Policy, &Calendar)> {
        let p = sla::pick_policy(&self.policies, priority, channel, tier)?;
        Some((p, self.calendars.get(&p.calendar_id)?))
    }

    /// A policy by id with its calendar.
    pub fn policy(&self, id: i64) -> Option<(&Policy, &Calendar)> {
        let p = self.policies.iter().find(|p| p.id == id)?;
        Some((p, self.calendars.get(&p.calendar_id)?))
    }
}

/// The bit of a threshold in `sla_clocks.fired`.
fn bit(t: Threshold) -> i64 {
    match t {
        Threshold::Half => 1,
        Threshold::Warning => 2,
        Threshold::Breach => 4,
    }
}

fn fired_list(bits: i64) -> Vec<Threshold> {
    Threshold::ALL
        .iter()
        .copied()
        .filter(|t| bits & bit(*t) != 0)
        .collect()
}

/// When a clock's next unfired threshold is reached and when it breaches; both
/// `None` unless it runs.
pub(crate) fn schedule(clock: &Clock, cal: &Calendar, fired: i64) -> (Option<i64>, Option<i64>) {
    if !clock.is_running() {
        return (None, None);
    }
    let next = Threshold::ALL
        .iter()
        .copied()
        .find(|t| fired & bit(*t) == 0)
        .and_then(|t| clock.threshold_at(cal, t.percent()));
    (next, clock.due_at(cal))
}

/// One stored clock.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub(crate) struct ClockRow {
    pub case_id: i64,
    pub kind: String,
    pub round: i64,
    pub policy_id: i64,
    pub target_ms: i64,
    pub elapsed_ms: i64,
    pub since: Option<i64>,
    pub met_at: Option<i64>,
    pub fired: i64,
    pub due_at: Option<i64>,
}

pub(crate) const CLOCK_COLUMNS: &str =
    "case_id, kind, round, policy_id, target_ms, elapsed_ms, since, met_at, fired, due_at";

/// A case's clock rows, in the order of their kinds.
pub(crate) static CLOCKS_OF_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("SELECT {CLOCK_COLUMNS} FROM sla_clocks WHERE case_id = $1 ORDER BY kind")
});

/// Stores one clock row (insert or update).
pub(crate) const SAVE_CLOCK_SQL: &str =
    "INSERT INTO sla_clocks (case_id, kind, round, policy_id, target_ms, elapsed_ms, since, met_at, fired, due_at, breach_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
     ON CONFLICT (case_id, kind) DO UPDATE SET round = excluded.round, policy_id = excluded.policy_id, \
     target_ms = excluded.target_ms, elapsed_ms = excluded.elapsed_ms, since = excluded.since, \
     met_at = excluded.met_at, fired = excluded.fired, due_at = excluded.due_at, breach_at = excluded.breach_at";

/// Sets a case's SLA due time to its earliest predicted breach.
pub(crate) const REFRESH_CASE_DUE_SQL: &str =
    "UPDATE cases SET sla_due_at = (SELECT MIN(breach_at) FROM sla_clocks WHERE case_id = $1) WHERE id = $1";

impl ClockRow {
    pub fn kind(&self) -> StorageResult<ClockKind> {
        ClockKind::parse(&self.kind).ok_or_else(|| {
            StorageError::Other(
                format!("case {}: bad clock kind {:?}", self.case_id, self.kind).into(),
            )
        })
    }

    pub fn clock(&self) -> StorageResult<Clock> {
        Ok(Clock {
            kind: self.kind()?,
            target_ms: self.target_ms,
            elapsed_ms: self.elapsed_ms,
            since: self.since,
            met_at: self.met_at,
        })
    }

    /// A fresh row for a clock started now under `policy`.
    pub fn started(
        case: CaseId,
        policy: &Policy,
        kind: ClockKind,
        target_ms: i64,
        round: i64,
        now: i64,
    ) -> ClockRow {
        let c = Clock::start(kind, target_ms, now);
        ClockRow {
            case_id: case.0,
            kind: kind.as_str().to_string(),
            round,
            policy_id: policy.id,
            target_ms: c.target_ms,
            elapsed_ms: c.elapsed_ms,
            since: c.since,
            met_at: c.met_at,
            fired: 0,
            due_at: None,
        }
    }

    /// Copies a clock's state back into the row.
    pub fn set_clock(&mut self, c: &Clock) {
        self.target_ms = c.target_ms;
        self.elapsed_ms = c.elapsed_ms;
        self.since = c.since;
        self.met_at = c.met_at;
    }
}

/// Upserts a clock row (its `due_at` and `breach_at` computed) on `$c`.
macro_rules! save_clock_on {
    ($c:expr, $row:expr, $cal:expr) => {{
        let row: &$crate::storage::sla::ClockRow = $row;
        let clock = row.clock()?;
        let (due, breach) = $crate::storage::sla::schedule(&clock, $cal, row.fired);
        sqlx::query($crate::storage::sla::SAVE_CLOCK_SQL)
            .bind(row.case_id)
            .bind(&row.kind)
            .bind(row.round)
            .bind(row.policy_id)
            .bind(row.target_ms)
            .bind(row.elapsed_ms)
            .bind(row.since)
            .bind(row.met_at)
            .bind(row.fired)
            .bind(due)
            .bind(breach)
            .execute(&mut *$c)
            .await?;
    }};
}
pub(crate) use save_clock_on;

/// Sets `cases.sla_due_at` to the case's earliest predicted breach on `$c`.
macro_rules! refresh_case_due_on {
    ($c:expr, $case:expr) => {{
        sqlx::query($crate::storage::sla::REFRESH_CASE_DUE_SQL)
            .bind($case)
            .execute(&mut *$c)
            .await?;
    }};
}
pub(crate) use refresh_case_due_on;

/// The clock rows of a case, read on `$c`.
macro_rules! clocks_of_on {
    ($c:expr, $case:expr) => {{
        let rows: Vec<$crate::storage::sla::ClockRow> =
            sqlx::query_as(&$crate::storage::sla::CLOCKS_OF_SQL)
                .bind($case)
                .fetch_all(&mut *$c)
                .await?;
        rows
    }};
}
pub(crate) use clocks_of_on;

/// Starts the first-response and resolution clocks of a new case on `$c`.
macro_rules! start_clocks_on {
    ($c:expr, $case:expr, $policy:expr, $cal:expr, $now:expr) => {{
        let policy: &$crate::engine::sla::Policy = $policy;
        for kind in [
            $crate::engine::sla::ClockKind::FirstResponse,
            $crate::engine::sla::ClockKind::Resolution,
        ] {
            if let Some(target) = policy.targets.get(kind) {
                let row =
                    $crate::storage::sla::ClockRow::started($case, policy, kind, target, 1, $now);
                $crate::storage::sla::save_clock_on!($c, &row, $cal);
            }
        }
        $crate::storage::sla::refresh_case_due_on!($c, $case.0);
    }};
}
pub(crate) use start_clocks_on;

/// The statements that move a case's clocks, on either database.
pub(crate) trait ClockStatements {
    /// The clock rows of a case.
    async fn clocks_of(&mut self, case: i64) -> StorageResult<Vec<ClockRow>>;
    /// Stores a clock row and its next due and breach times.
    async fn save_clock(&mut self, row: &ClockRow, cal: &Calendar) -> StorageResult<()>;
    /// Sets `cases.sla_due_at` to the case's earliest predicted breach.
    async fn refresh_case_due(&mut self, case: i64) -> StorageResult<()>;
}

macro_rules! clock_statements_on_sqlx {
    ($($conn:ty),*) => {$(
        impl ClockStatements for $conn {
            async fn clocks_of(&mut self, case: i64) -> StorageResult<Vec<ClockRow>> {
                Ok(clocks_of_on!(self, case))
            }
            async fn save_clock(&mut self, row: &ClockRow, cal: &Calendar) -> StorageResult<()> {
                save_clock_on!(self, row, cal);
                Ok(())
            }
            async fn refresh_case_due(&mut self, case: i64) -> StorageResult<()> {
                refresh_case_due_on!(self, case);
                Ok(())
            }
        }
    )*};
}
clock_statements_on_sqlx!(sqlx::SqliteConnection, sqlx::PgConnection);

/// What an entry does to a case's clocks: the rows to store (each with its
/// calendar) and whether the case's due time must be worked out again.
pub(crate) struct ClockPlan<'a> {
    pub save: Vec<(ClockRow, &'a Calendar)>,
    pub refresh: bool,
}

/// Moves a case's clocks (`rows`) after an entry of `kind` left the case in
/// `status`: an agent reply meets the first-response and next-update promises;
/// a customer message after an agent's reply starts a next-update round; then
/// every clock follows the status (runs, pauses while pending, stops when solved).
pub(crate) fn plan_clocks<'a>(
    mut rows: Vec<ClockRow>,
    case: CaseId,
    kind: crate::domain::EntryKind,
    status: CaseStatus,
    now: i64,
    config: &'a SlaConfig,
) -> StorageResult<ClockPlan<'a>> {
    use crate::domain::EntryKind;
    let mut changed = false;
    if kind == EntryKind::CustomerMessage {
        let first_met = rows
            .iter()
            .any(|r| r.kind == ClockKind::FirstResponse.as_str() && r.met_at.is_some());
        let waiting = rows
            .iter()
            .any(|r| r.kind == ClockKind::NextUpdate.as_str() && r.met_at.is_none());
        let policy_id = rows.first().map(|r| r.policy_id);
        if let (true, false, Some((policy, _))) = (
            first_met,
            waiting,
            policy_id.and_then(|id| config.policy(id)),
        ) {
            if let Some(target) = policy.targets.next_update_ms {
                let round = rows
                    .iter()
                    .find(|r| r.kind == ClockKind::NextUpdate.as_str())
                    .map_or(1, |r| r.round + 1);
                rows.retain(|r| r.kind != ClockKind::NextUpdate.as_str());
                rows.push(ClockRow::started(
                    case,
                    policy,
                    ClockKind::NextUpdate,
                    target,
                    round,
                    now,
                ));
                changed = true;
            }
        }
    }
    let mut save = Vec::new();
    for mut row in rows {
        let Some((_, cal)) = config.policy(row.policy_id) else {
            continue;
        };
        let mut clock = row.clock()?;
        let before = clock;
        if kind == EntryKind::AgentReply
            && matches!(clock.kind, ClockKind::FirstResponse | ClockKind::NextUpdate)
        {
            clock.stop(cal, now);
        }
        clock.follow_status(cal, status, now);
        let dirty = clock != before || row.due_at.is_none() && clock.is_running();
        if dirty {
            row.set_clock(&clock);
        }
        if dirty || (changed && row.kind == ClockKind::NextUpdate.as_str()) {
            save.push((row, cal));
        }
    }
    let refresh = changed || !save.is_empty();
    Ok(ClockPlan { save, refresh })
}

/// [`plan_clocks`] on the clocks of `case`, stored on `db`.
pub(crate) async fn clocks_after_entry<D: ClockStatements>(
    db: &mut D,
    case: CaseId,
    kind: crate::domain::EntryKind,
    status: CaseStatus,
    now: i64,
    config: &SlaConfig,
) -> StorageResult<()> {
    let rows = db.clocks_of(case.0).await?;
    let plan = plan_clocks(rows, case, kind, status, now, config)?;
    for (row, cal) in &plan.save {
        db.save_clock(row, cal).await?;
    }
    if plan.refresh {
        db.refresh_case_due(case.0).await?;
    }
    Ok(())
}

/// [`clocks_after_entry`] on `$c` (a connection or a transaction), inside a
/// function returning a [`StorageResult`].
macro_rules! clocks_after_entry_on {
    ($c:expr, $case:expr, $kind:expr, $status:expr, $now:expr, $config:expr) => {
        $crate::storage::sla::clocks_after_entry(&mut *$c, $case, $kind, $status, $now, $config)
            .await?
    };
}
pub(crate) use clocks_after_entry_on;

/// A threshold that fired in a pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    pub case_id: CaseId,
    pub kind: ClockKind,
    pub threshold: Threshold,
}

/// What one scheduler pass did.
#[derive(Debug, Default)]
pub struct PassReport {
    /// Clocks that were due.
    pub due: usize,
    pub fired: Vec<Fired>,
    /// Committed events, for the hub.
    pub events: Vec<Event>,
}

/// The next priority up (P1 stays P1).
pub fn bumped(p: Priority) -> Priority {
    match p {
        Priority::P1 | Priority::P2 => Priority::P1,
        Priority::P3 => Priority::P2,
        Priority::P4 => Priority::P3,
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CandidateRow {
    pub(crate) id: i64,
    pub(crate) name: String,
    presence: String,
    routing_paused: bool,
    skills: String,
    languages: String,
    capacity: i64,
    last_assigned_at: i64,
    load: i64,
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(|x| x.trim().to_lowercase())
        .filter(|x| !x.is_empty())
        .collect()
}

/// Routes an unassigned case to an eligible agent on `$c`: candidates are the
/// queue's active agents with their open-case load; the engine chooses; the
/// agent's row is locked (a no-op update) and their load counted again before
/// the case is taken, so routers racing on two nodes never exceed capacity, and
/// the case is only taken while still unassigned. Evaluates to the agent, if any.
macro_rules! route_on {
    ($c:expr, $case:expr, $language:expr, $now:expr) => {{
        let case: &$crate::domain::CaseSummary = $case;
        let rows: Vec<$crate::storage::sla::CandidateRow> = sqlx::query_as(
            "SELECT u.id, u.name, u.presence, u.routing_paused, u.skills, u.languages, u.capacity, u.last_assigned_at, \
             (SELECT COUNT(*) FROM cases c WHERE c.assignee_id = u.id AND c.status IN ('new', 'open', 'on_hold')) AS load \
             FROM users u JOIN queue_members m ON m.user_id = u.id \
             WHERE m.queue_id = $1 AND u.active AND u.role = 'agent' ORDER BY u.id",
        )
        .bind(case.queue_id.0)
        .fetch_all(&mut *$c)
        .await?;
        let mut candidates: Vec<$crate::engine::routing::Candidate> =
            rows.iter().map(|r| $crate::storage::sla::candidate(r, case.queue_id)).collect();
        let lang: Option<String> = $language;
        let mut chosen: Option<($crate::domain::UserId, String)> = None;
        while let Some(id) = $crate::engine::routing::choose(
            &candidates,
            &$crate::engine::routing::Need { queue: case.queue_id, skills: &[], language: lang.as_deref() },
        ) {
            // Lock the agent, then count their open cases afresh.
            sqlx::query("UPDATE users SET last_assigned_at = last_assigned_at WHERE id = $1")
                .bind(id.0)
                .execute(&mut *$c)
                .await?;
            let (load, capacity): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM cases WHERE assignee_id = $1 AND status IN ('new', 'open', 'on_hold')), \
                 capacity FROM users WHERE id = $1",
            )
            .bind(id.0)
            .fetch_one(&mut *$c)
            .await?;
            if load < capacity {
                let taken = sqlx::query(
                    "UPDATE cases SET assignee_id = $1, updated_at = $2 WHERE id = $3 AND assignee_id IS NULL",
                )
                .bind(id.0)
                .bind($now)
                .bind(case.id.0)
                .execute(&mut *$c)
                .await?
                .rows_affected();
                if taken == 1 {
                    sqlx::query("UPDATE users SET last_assigned_at = $1 WHERE id = $2")
                        .bind($now)
                        .bind(id.0)
                        .execute(&mut *$c)
                        .await?;
                    let name = rows.iter().find(|r| r.id == id.0).map(|r| r.name.clone()).unwrap_or_default();
                    chosen = Some((id, name));
                }
                break;
            }
            candidates.retain(|c| c.id != id);
        }
        chosen
    }};
}
pub(crate) use route_on;

/// An agent row as routing sees them (selected per queue, so a member of `queue`).
pub(crate) fn candidate(r: &CandidateRow, queue: crate::domain::QueueId) -> Candidate {
    Candidate {
        id: UserId(r.id),
        presence: Presence::parse(&r.presence).unwrap_or(Presence::Offline),
        paused: r.routing_paused,
        queues: vec![queue],
        skills: split_list(&r.skills),
        languages: split_list(&r.languages),
        capacity: u32::try_from(r.capacity).unwrap_or(0),
        load: u32::try_from(r.load).unwrap_or(u32::MAX),
        last_assigned_at: r.last_assigned_at,
    }
}

/// Adds a system entry to a case's timeline on `$c`; evaluates to the entry event.
macro_rules! system_entry_on {
    ($c:expr, $case:expr, $body:expr, $now:expr) => {{
        let case: &$crate::domain::CaseSummary = $case;
        let body: String = $body;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO timeline_entries (case_id, kind, author_id, author_name, body, client_id, created_at) \
             VALUES ($1, 'system_event', NULL, 'Switchboard', $2, NULL, $3) RETURNING id",
        )
        .bind(case.id.0)
        .bind(&body)
        .bind($now)
        .fetch_one(&mut *$c)
        .await?;
        $crate::domain::EventKind::EntryAdded {
            queue_id: case.queue_id,
            entry: $crate::domain::TimelineEntry {
                id: $crate::domain::EntryId(id),
                case_id: case.id,
                kind: $crate::domain::EntryKind::SystemEvent,
                author_id: None,
                author_name: "Switchboard".into(),
                body,
                client_id: None,
                created_at: $now,
                sentiment: None,
                attachments: Vec::new(),
            },
        }
    }};
}
pub(crate) use system_entry_on;

fn clock_words(kind: ClockKind) -> &'static str {
    kind.words()
}

/// After a priority change: every unstopped clock of the case takes the target
/// of the case's new policy (time used and thresholds fired are kept).
macro_rules! retarget_on {
    ($c:expr, $case:expr, $config:expr, $now:expr) => {{
        let case: &$crate::domain::CaseSummary = $case;
        let (tier,): (String,) = sqlx::query_as("SELECT tier FROM customers WHERE id = $1")
            .bind(case.customer_id.0)
            .fetch_one(&mut *$c)
            .await?;
        let tier = $crate::engine::sla::CustomerTier::parse(&tier)
            .unwrap_or($crate::engine::sla::CustomerTier::Standard);
        if let Some((policy, cal)) = $config.pick(case.priority, case.channel, tier) {
            for mut r in $crate::storage::sla::clocks_of_on!($c, case.id.0) {
                if r.met_at.is_some() {
                    continue;
                }
                let kind = r.kind()?;
                if let Some(target) = policy.targets.get(kind) {
                    let mut clock = r.clock()?;
                    // Bank the time used so far in the old calendar, then go on in the new one.
                    if let Some((_, old_cal)) = $config.policy(r.policy_id) {
                        clock.pause(old_cal, $now);
                        clock.resume($now);
                    }
                    clock.retarget(target);
                    r.set_clock(&clock);
                    r.policy_id = policy.id;
                    $crate::storage::sla::save_clock_on!($c, &r, cal);
                }
            }
        }
    }};
}
pub(crate) use retarget_on;

/// Fires the due thresholds of one clock on `$c`; evaluates to (fired, events).
macro_rules! fire_on {
    ($c:expr, $case_id:expr, $kind:expr, $now:expr, $config:expr) => {{
        let config: &SlaConfig = $config;
        let now: i64 = $now;
        let sql = format!("SELECT {CLOCK_COLUMNS} FROM sla_clocks WHERE case_id = $1 AND kind = $2");
        let row: Option<ClockRow> = sqlx::query_as(&sql).bind($case_id).bind($kind).fetch_optional(&mut *$c).await?;
        let mut fired_out: Vec<Fired> = Vec::new();
        let mut kinds: Vec<EventKind> = Vec::new();
        'fire: {
            let Some(mut row) = row else { break 'fire };
            if row.due_at.is_none_or(|d| d > now) {
                break 'fire; // another pass or node got here first, or the clock moved
            }
            let Some((_, cal)) = config.policy(row.policy_id) else {
                sqlx::query("UPDATE sla_clocks SET due_at = NULL WHERE case_id = $1 AND kind = $2")
                    .bind($case_id).bind($kind).execute(&mut *$c).await?;
                break 'fire;
            };
            let clock = row.clock()?;
            let new = sla::due_thresholds(&clock, cal, now, &fired_list(row.fired));
            let old_bits = row.fired;
            let new_bits = new.iter().fold(old_bits, |b, t| b | bit(*t));
            let (due, breach) = schedule(&clock, cal, new_bits);
            let claimed = sqlx::query(
                "UPDATE sla_clocks SET fired = $1, due_at = $2, breach_at = $3 \
                 WHERE case_id = $4 AND kind = $5 AND round = $6 AND fired = $7")
                .bind(new_bits).bind(due).bind(breach).bind($case_id).bind($kind).bind(row.round).bind(old_bits)
                .execute(&mut *$c).await?.rows_affected();
            if claimed != 1 || new.is_empty() {
                break 'fire;
            }
            row.fired = new_bits;
            let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
            let case_row: CaseRow = sqlx::query_as(&summary_sql).bind($case_id).fetch_one(&mut *$c).await?;
            let mut case = CaseSummary::try_from(case_row)?;
            let kind = clock.kind;
            let words = clock_words(kind);
            let mut changed = false;
            for t in new {
                fired_out.push(Fired { case_id: case.id, kind, threshold: t });
                match t {
                    Threshold::Half => {
                        // The board counts cases past half their time: tell it.
                        changed |= case.status.is_open();
                        if case.assignee_id.is_none() && case.status.is_open() {
                            let (lang,): (String,) = sqlx::query_as("SELECT language FROM customers WHERE id = $1")
                                .bind(case.customer_id.0).fetch_one(&mut *$c).await?;
                            if let Some((agent, name)) = route_on!($c, &case, Some(lang), now) {
                                case.assignee_id = Some(agent);
                                case.assignee_name = Some(name.clone());
                                changed = true;
                                kinds.push(system_entry_on!($c, &case,
                                    format!("Assigned to {name}: half the {words} time is used."), now));
                            }
                        }
                    }
                    Threshold::Warning => {
                        let before = case.priority;
                        let after = bumped(before);
                        let mut note = format!("SLA warning: 80 % of the {words} time is used.");
                        if after != before && case.status.is_open() {
                            sqlx::query("UPDATE cases SET priority = $1, updated_at = $2 WHERE id = $3")
                                .bind(after.as_str()).bind(now).bind(case.id.0).execute(&mut *$c).await?;
                            case.priority = after;
                            changed = true;
                            note.push_str(&format!(" Priority raised from {before} to {after}."));
                            retarget_on!($c, &case, config, now);
                        }
                        kinds.push(system_entry_on!($c, &case, note, now));
                        kinds.push(EventKind::SlaWarning { case: case.clone(), clock: kind });
                    }
                    Threshold::Breach => {
                        sqlx::query(
                            "INSERT INTO sla_breaches (case_id, kind, round, priority, assignee_id, breached_at) \
                             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                            .bind(case.id.0).bind(kind.as_str()).bind(row.round).bind(case.priority.as_str())
                            .bind(case.assignee_id.map(|u| u.0)).bind(now).execute(&mut *$c).await?;
                        kinds.push(system_entry_on!($c, &case, format!("SLA breached: the {words} target has passed."), now));
                        kinds.push(EventKind::SlaBreached { case: case.clone(), clock: kind });
                    }
                }
            }
            refresh_case_due_on!($c, case.id.0);
            if changed {
                case.updated_at = now;
                kinds.push(EventKind::CaseUpdated { case: case.clone() });
            }
        }
        let events = if kinds.is_empty() { Vec::new() } else { append_events!($c, kinds) };
        Ok::<_, StorageError>((fired_out, events))
    }};
}

/// Whether a case status keeps clocks running (re-exported for callers).
pub fn running_in(status: CaseStatus) -> bool {
    sla::clocks_running_in(status)
}

impl Storage {
    /// Policies and calendars (cached for a moment; saving them clears the cache).
    pub async fn sla_config(&self) -> StorageResult<Arc<SlaConfig>> {
        if let Some(c) = self.caches.sla.get() {
            return Ok(c);
        }
        let cals: Vec<(i64, String)> =
            read!(self, p => sqlx::query_as("SELECT id, spec FROM calendars").fetch_all(p).await)?;
        let mut calendars = HashMap::new();
        for (id, spec) in cals {
            let spec: CalendarSpec = serde_json::from_str(&spec)?;
            let cal = Calendar::new(spec)
                .map_err(|e| StorageError::Other(format!("calendar {id}: {e}").into()))?;
            calendars.insert(id, cal);
        }
        #[allow(clippy::type_complexity)]
        let rows: Vec<(
            i64,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            i64,
        )> = read!(self, p => sqlx::query_as(
                "SELECT id, name, priority, channel, customer_tier, first_response_ms, next_update_ms, resolution_ms, calendar_id \
                 FROM sla_policies ORDER BY id").fetch_all(p).await)?;
        let policies = rows
            .into_iter()
            .map(
                |(id, name, priority, channel, tier, fr, nu, res, calendar_id)| Policy {
                    id,
                    name,
                    priority: priority.as_deref().and_then(Priority::parse),
                    channel: channel.as_deref().and_then(Channel::parse),
                    tier: tier.as_deref().and_then(CustomerTier::parse),
                    targets: Targets {
                        first_response_ms: fr,
                        next_update_ms: nu,
                        resolution_ms: res,
                    },
                    calendar_id,
                },
            )
            .collect();
        let config = Arc::new(SlaConfig {
            policies,
            calendars,
        });
        self.caches.sla.put(config.clone());
        Ok(config)
    }

    /// Saves a calendar (new when `id` is `None`); refused unless valid.
    pub async fn save_calendar(
        &self,
        id: Option<i64>,
        name: &str,
        spec: &CalendarSpec,
    ) -> StorageResult<i64> {
        if name.trim().is_empty() {
            return Err(StorageError::Field {
                field: "name",
                reason: "the calendar needs a name".into(),
            });
        }
        Calendar::new(spec.clone()).map_err(|e| StorageError::Field {
            field: e.field(),
            reason: e.to_string(),
        })?;
        let json = serde_json::to_string(spec)?;
        let id = write!(self, p => match id {
            None => sqlx::query_as::<_, (i64,)>("INSERT INTO calendars (name, spec) VALUES ($1, $2) RETURNING id")
                .bind(name.trim()).bind(&json).fetch_one(p).await.map(|r| r.0),
            Some(id) => sqlx::query("UPDATE calendars SET name = $1, spec = $2 WHERE id = $3")
                .bind(name.trim()).bind(&json).bind(id).execute(p).await
                .and_then(|r| if r.rows_affected() == 1 { Ok(id) } else { Err(sqlx::Error::RowNotFound) }),
        })?;
        self.caches.sla.clear();
        Ok(id)
    }

    /// Saves an SLA policy (new when `policy.id` is 0); refused unless valid.
    pub async fn save_policy(&self, policy: &Policy) -> StorageResult<i64> {
        policy.validate().map_err(|e| StorageError::Field {
            field: e.field(),
            reason: e.to_string(),
        })?;
        if !self
            .sla_config()
            .await?
            .calendars
            .contains_key(&policy.calendar_id)
        {
            return Err(StorageError::Field {
                field: "calendar",
                reason: "no such calendar".into(),
            });
        }
        let t = &policy.targets;
        let id = write!(self, p => if policy.id == 0 {
            sqlx::query_as::<_, (i64,)>(
                "INSERT INTO sla_policies (name, priority, channel, customer_tier, first_response_ms, next_update_ms, \
                 resolution_ms, calendar_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                .bind(policy.name.trim()).bind(policy.priority.map(|x| x.as_str())).bind(policy.channel.map(|x| x.as_str()))
                .bind(policy.tier.map(|x| x.as_str())).bind(t.first_response_ms).bind(t.next_update_ms)
                .bind(t.resolution_ms).bind(policy.calendar_id).fetch_one(p).await.map(|r| r.0)
        } else {
            sqlx::query(
                "UPDATE sla_policies SET name = $1, priority = $2, channel = $3, customer_tier = $4, first_response_ms = $5, \
                 next_update_ms = $6, resolution_ms = $7, calendar_id = $8 WHERE id = $9")
                .bind(policy.name.trim()).bind(policy.priority.map(|x| x.as_str())).bind(policy.channel.map(|x| x.as_str()))
                .bind(policy.tier.map(|x| x.as_str())).bind(t.first_response_ms).bind(t.next_update_ms)
                .bind(t.resolution_ms).bind(policy.calendar_id).bind(policy.id).execute(p).await
                .and_then(|r| if r.rows_affected() == 1 { Ok(policy.id) } else { Err(sqlx::Error::RowNotFound) })
        })?;
        self.caches.sla.clear();
        Ok(id)
    }

    /// The SLA clocks of a case: (kind, clock, breach instant if running).
    pub async fn case_clocks(&self, case: CaseId) -> StorageResult<Vec<(Clock, Option<i64>)>> {
        type Row = (String, i64, i64, Option<i64>, Option<i64>, Option<i64>);
        let rows: Vec<Row> = read!(self, p => sqlx::query_as(
            "SELECT kind, target_ms, elapsed_ms, since, met_at, breach_at FROM sla_clocks WHERE case_id = $1 ORDER BY kind")
            .bind(case.0).fetch_all(p).await)?;
        rows.into_iter()
            .map(|(kind, target_ms, elapsed_ms, since, met_at, breach_at)| {
                let kind = ClockKind::parse(&kind).ok_or_else(|| {
                    StorageError::Other(format!("bad clock kind {kind:?}").into())
                })?;
                Ok((
                    Clock {
                        kind,
                        target_ms,
                        elapsed_ms,
                        since,
                        met_at,
                    },
                    breach_at,
                ))
            })
            .collect()
    }

    /// Starts the SLA clocks, as of `now`, of open cases that have none (the
    /// demo company's cases are seeded without them): a case an agent already
    /// answered has its first response met, a pending one starts paused. Chats
    /// are left out: their one-minute promise would breach for every seeded chat
    /// a minute after start. Answers how many cases got clocks.
    pub async fn start_missing_clocks(&self, now: i64) -> StorageResult<usize> {
        let sla = self.sla_config().await?;
        let rows: Vec<(i64, String, String, String, String, bool)> = read!(self, p => sqlx::query_as(
            "SELECT c.id, c.priority, c.channel, c.status, cu.tier, \
             EXISTS (SELECT 1 FROM timeline_entries e WHERE e.case_id = c.id AND e.kind = 'agent_reply') \
             FROM cases c JOIN customers cu ON cu.id = c.customer_id \
             WHERE c.status NOT IN ('solved', 'closed') AND c.channel <> 'chat' \
             AND NOT EXISTS (SELECT 1 FROM sla_clocks k WHERE k.case_id = c.id)")
            .fetch_all(p).await)?;
        let mut started = 0;
        write!(self, p => {
            let mut tx = p.begin().await?;
            for (id, priority, channel, status, tier, answered) in &rows {
                let (Some(priority), Some(channel), Some(status)) =
                    (Priority::parse(priority), Channel::parse(channel), CaseStatus::parse(status))
                else {
                    continue;
                };
                let tier = CustomerTier::parse(tier).unwrap_or(CustomerTier::Standard);
                if let Some((policy, cal)) = sla.pick(priority, channel, tier) {
                    let case = CaseId(*id);
                    start_clocks_on!(tx, case, policy, cal, now);
                    let kind = if *answered {
                        crate::domain::EntryKind::AgentReply
                    } else {
                        crate::domain::EntryKind::SystemEvent
                    };
                    clocks_after_entry_on!(tx, case, kind, status, now, &sla);
                    started += 1;
                }
            }
            tx.commit().await?;
            Ok::<_, StorageError>(())
        })?;
        Ok(started)
    }

    /// The earliest instant any clock is next due (for the scheduler's sleep).
    pub async fn next_sla_due(&self) -> StorageResult<Option<i64>> {
        let (at,): (Option<i64>,) = read!(self, p => sqlx::query_as(
            "SELECT MIN(due_at) FROM sla_clocks WHERE due_at IS NOT NULL").fetch_one(p).await)?;
        Ok(at)
    }

    /// One scheduler pass at `now`: fires every threshold due, at most `limit` clocks.
    pub async fn sla_pass(&self, now: i64, limit: i64) -> StorageResult<PassReport> {
        let due: Vec<(i64, String)> = read!(self, p => sqlx::query_as(
            "SELECT case_id, kind FROM sla_clocks WHERE due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at LIMIT $2")
            .bind(now).bind(limit).fetch_all(p).await)?;
        let mut report = PassReport {
            due: due.len(),
            ..PassReport::default()
        };
        if due.is_empty() {
            return Ok(report);
        }
        let config = self.sla_config().await?;
        for (case_id, kind) in due {
            let (fired, events) = write!(self, p => {
                let mut tx = p.begin().await?;
                let out = fire_on!(tx, case_id, &kind, now, &config)?;
                tx.commit().await?;
                Ok::<_, StorageError>(out)
            })?;
            report.fired.extend(fired);
            report.events.extend(events);
        }
        Ok(report)
    }
}
