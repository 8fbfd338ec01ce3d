//! The workspace's listings: a view with filters and a sort, counts per view,
//! and the directory of queues and agents. The SQL mirrors
//! [`InboxQuery::matches`] and [`InboxQuery::compare`]; the storage suite
//! checks that the two agree.

use super::cases::{CaseRow, SLA_LEVEL_SQL, SUMMARY_COLUMNS, SUMMARY_JOINS, SUMMARY_SELECT};
use super::Backend;
use super::{read, Storage, StorageResult};
use crate::domain::config::QueueRef;
use crate::domain::inbox::{AgentRef, MoodFilter, POSITIVE_AT, RECENTLY_SOLVED_MS};
use crate::domain::{
    CaseSummary, Directory, InboxCounts, InboxQuery, InboxSort, InboxView, Presence, QueueId,
    SlaState, UserId, Viewer,
};

/// A bound value of a built query.
#[derive(Debug, Clone)]
enum Arg {
    Int(i64),
    Text(String),
    Real(f64),
}

/// SQL text with its arguments, numbered as they are added.
#[derive(Debug, Default)]
struct Built {
    conditions: Vec<String>,
    args: Vec<Arg>,
}

impl Built {
    /// Adds an argument; returns its placeholder.
    fn arg(&mut self, a: Arg) -> String {
        self.args.push(a);
        format!("${}", self.args.len())
    }

    fn and(&mut self, condition: String) {
        self.conditions.push(condition);
    }

    fn where_clause(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }
}

const OPEN: &str = "c.status NOT IN ('solved', 'closed')";
const DONE: &str = "c.status IN ('solved', 'closed')";

/// The viewer's queues, as a condition on `c.queue_id`. The unary `+` keeps
/// the planner from answering it through the queue index and then sorting
/// every open case of those queues: the listing walks the index of its order
/// and checks the queue of each case it meets.
fn scope(b: &mut Built, viewer: &Viewer) {
    if !viewer.all_queues {
        let me = b.arg(Arg::Int(viewer.id.0));
        b.and(format!(
            "+c.queue_id IN (SELECT queue_id FROM queue_members WHERE user_id = {me})"
        ));
    }
}

/// How a listing with a tag filter finds its cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagPlan {
    /// [`TagPlan::Walk`] for the agent's own cases (they are few), else
    /// [`TagPlan::FromTag`].
    Auto,
    /// Walks the tag's open rows of each queue in the listing's order
    /// (`case_tags_open_by_due`, `_by_priority`, `_by_created`: the rows carry
    /// the case's sort keys), checks each case, and stops at the limit.
    FromTag,
    /// Walks the index of the listing's order and checks each case's tags.
    Walk,
}

fn build(query: &InboxQuery, viewer: &Viewer, now: i64, from_tag: bool) -> Built {
    let mut b = Built::default();
    // Read from a tag, the listing must not walk a queue's index instead.
    let queue_column = if from_tag {
        "+c.queue_id"
    } else {
        "c.queue_id"
    };
    scope(&mut b, viewer);
    match query.view {
        InboxView::Mine => {
            b.and(OPEN.into());
            let me = b.arg(Arg::Int(viewer.id.0));
            b.and(format!("c.assignee_id = {me}"));
        }
        InboxView::Unassigned => {
            b.and(OPEN.into());
            b.and("c.assignee_id IS NULL".into());
        }
        InboxView::Queue(q) => {
            b.and(OPEN.into());
            let q = b.arg(Arg::Int(q.0));
            b.and(format!("{queue_column} = {q}"));
        }
        InboxView::AllOpen => b.and(OPEN.into()),
        InboxView::RecentlySolved => {
            b.and(DONE.into());
            let since = b.arg(Arg::Int(now - RECENTLY_SOLVED_MS));
            b.and(format!("c.updated_at >= {since}"));
        }
    }
    let f = &query.filter;
    let text = [
        ("c.status", f.status.map(|s| s.as_str())),
        ("c.priority", f.priority.map(|p| p.as_str())),
        ("c.channel", f.channel.map(|c| c.as_str())),
    ];
    for (column, value) in text {
        if let Some(v) = value {
            let p = b.arg(Arg::Text(v.into()));
            b.and(format!("{column} = {p}"));
        }
    }
    if let Some(q) = f.queue {
        let p = b.arg(Arg::Int(q.0));
        b.and(format!("{queue_column} = {p}"));
    }
    if let Some(tag) = &f.tag {
        let p = b.arg(Arg::Text(tag.clone()));
        if from_tag {
            // The tag's open rows in the listing's one queue, walked in the
            // listing's order; the other conditions still apply to each case.
            b.and(format!("t.tag = {p} AND t.case_open"));
            if let Some(q) = f.queue {
                let q = b.arg(Arg::Int(q.0));
                b.and(format!("t.queue_id = {q}"));
            }
        } else {
            b.and(format!(
                "EXISTS (SELECT 1 FROM case_tags t WHERE t.case_id = c.id AND t.tag = {p})"
            ));
        }
    }
    match f.sla {
        None => {}
        Some(SlaState::OnTrack) => b.and(format!("COALESCE({SLA_LEVEL_SQL}, 0) = 0")),
        Some(s) => {
            let p = b.arg(Arg::Int(s.level()));
            b.and(format!("{SLA_LEVEL_SQL} >= {p}"));
        }
    }
    match f.mood {
        None => {}
        Some(MoodFilter::Negative) => b.and("c.sentiment_negative = TRUE".into()),
        Some(MoodFilter::Worsening) => {
            b.and("c.sentiment IS NOT NULL AND c.sentiment_trend = 'worsening'".into())
        }
        Some(MoodFilter::Positive) => {
            let p = b.arg(Arg::Real(POSITIVE_AT));
            b.and(format!("c.sentiment >= {p}"));
        }
        Some(MoodFilter::Unscored) => b.and("c.sentiment IS NULL".into()),
    }
    b
}

/// The order of a sort, written exactly as the open-case indexes are built
/// (`cases_open_by_due`, `cases_open_by_priority_due`, `cases_open_by_created`, `cases_open_by_assignee_due`),
/// so a listing walks an index and stops at its limit. A missing due time is
/// the largest BIGINT: last, as [`InboxQuery::compare`] puts it.
///
/// Read from a tag, the same order on the tag's copies of the keys, as the
/// `case_tags_open_by_*` indexes are built.
fn order_by(query: &InboxQuery, from_tag: bool) -> String {
    const DUE: &str = "COALESCE(c.sla_due_at, 9223372036854775807)";
    let terms: &[(&str, &str)] = match (query.by_solved(), query.sort, from_tag) {
        // `cases_done_by_queue_updated` (SQLite appends the id) and `cases_done_by_updated`.
        (true, _, _) => &[("c.updated_at", " DESC"), ("c.id", " DESC")],
        (false, InboxSort::SlaDue, false) => &[(DUE, ""), ("c.id", "")],
        (false, InboxSort::Newest, false) => &[("c.created_at", " DESC"), ("c.id", " DESC")],
        (false, InboxSort::Priority, false) => &[("c.priority", ""), (DUE, ""), ("c.id", "")],
        (false, InboxSort::SlaDue, true) => &[("t.due_key", ""), ("t.case_id", "")],
        (false, InboxSort::Newest, true) => &[("t.created_at", " DESC"), ("t.case_id", " DESC")],
        (false, InboxSort::Priority, true) => {
            &[("t.priority", ""), ("t.due_key", ""), ("t.case_id", "")]
        }
    };
    let terms: Vec<String> = terms
        .iter()
        .map(|(term, dir)| format!("{term}{dir}"))
        .collect();
    format!(" ORDER BY {}", terms.join(", "))
}

/// Where a case stands in a listing's order: what a walk of one queue reads
/// before the walks are merged.
#[derive(Debug, sqlx::FromRow)]
struct Place {
    id: i64,
    due_key: i64,
    priority: String,
    created_at: i64,
    updated_at: i64,
}

impl Place {
    /// The listing's order, as [`order_by`] writes it and
    /// [`InboxQuery::compare`] defines it.
    fn order(&self, other: &Place, query: &InboxQuery) -> std::cmp::Ordering {
        let (a, b) = (self, other);
        if query.by_solved() {
            return (b.updated_at, b.id).cmp(&(a.updated_at, a.id));
        }
        match query.sort {
            InboxSort::SlaDue => (a.due_key, a.id).cmp(&(b.due_key, b.id)),
            InboxSort::Newest => (b.created_at, b.id).cmp(&(a.created_at, a.id)),
            InboxSort::Priority => {
                (&a.priority, a.due_key, a.id).cmp(&(&b.priority, b.due_key, b.id))
            }
        }
    }
}

/// Binds the built arguments in order onto `$q`.
macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::Int(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.clone()),
                Arg::Real(v) => q.bind(*v),
            };
        }
        q
    }};
}

impl Storage {
    /// The cases of one listing, at most `limit`, in the query's order.
    #[tracing::instrument(skip(self, viewer), err)]
    pub async fn list_inbox(
        &self,
        viewer: &Viewer,
        query: &InboxQuery,
        now: i64,
        limit: i64,
    ) -> StorageResult<Vec<CaseSummary>> {
        self.list_inbox_planned(viewer, query, now, limit, TagPlan::Auto)
            .await
    }

    /// [`Storage::list_inbox`] with the way a tag filter is answered chosen
    /// by the caller: the storage suite checks that every plan lists the same.
    pub async fn list_inbox_planned(
        &self,
        viewer: &Viewer,
        query: &InboxQuery,
        now: i64,
        limit: i64,
        plan: TagPlan,
    ) -> StorageResult<Vec<CaseSummary>> {
        let from_tag = match (&query.filter.tag, plan) {
            (None, _) | (_, TagPlan::Walk) => false,
            // Solved cases have no open tag rows.
            _ if query.view == InboxView::RecentlySolved => false,
            (Some(_), TagPlan::FromTag) => true,
            (Some(_), TagPlan::Auto) => query.view != InboxView::Mine,
        };
        // A listing over several queues: one walk per queue (each down an
        // index that starts with the queue and stops at `limit`), merged in
        // the view's order. The first `limit` of the whole listing are among
        // the first `limit` of each queue. An agent's listing splits always,
        // a tag's rows are indexed per queue so a tag's listing splits too.
        // "Mine" walks the agent's own cases, whatever their queue.
        let single = query.filter.queue.is_some()
            || matches!(query.view, InboxView::Queue(_) | InboxView::Mine);
        let queues = if single {
            Vec::new()
        } else if !viewer.all_queues {
            viewer.queues.clone()
        } else if from_tag {
            self.queue_ids().await?
        } else {
            Vec::new()
        };
        if !queues.is_empty() {
            // Each walk reads only the cases' places in the order; the whole
            // rows are read for the first `limit` of the merged walks.
            let mut places = Vec::new();
            for q in queues {
                let mut one = query.clone();
                one.filter.queue = Some(q);
                places.extend(self.places(viewer, &one, now, limit, from_tag).await?);
            }
            places.sort_by(|a, b| a.order(b, query));
            places.truncate(limit.max(0) as usize);
            let mut cases = self.summaries(places.iter().map(|p| p.id)).await?;
            // A case changed between the two reads may have left the view.
            cases.retain(|c| query.matches(c, viewer, now));
            cases.sort_by(|a, b| query.compare(a, b));
            return Ok(cases);
        }
        let mut one = query.clone();
        if let (true, InboxView::Queue(q)) = (from_tag, query.view) {
            one.filter.queue = one.filter.queue.or(Some(q));
        }
        self.list_view(viewer, &one, now, limit, from_tag).await
    }

    /// Every queue's id.
    async fn queue_ids(&self) -> StorageResult<Vec<QueueId>> {
        let ids: Vec<(i64,)> = read!(self, p => sqlx::query_as("SELECT id FROM queues ORDER BY id").fetch_all(p).await)?;
        Ok(ids.into_iter().map(|(id,)| QueueId(id)).collect())
    }

    /// One listing as a single query; read from a tag, `query` names its one queue.
    async fn list_view(
        &self,
        viewer: &Viewer,
        query: &InboxQuery,
        now: i64,
        limit: i64,
        from_tag: bool,
    ) -> StorageResult<Vec<CaseSummary>> {
        let (sql, args) = self.listing_sql(
            viewer,
            query,
            (now, limit, from_tag),
            (SUMMARY_COLUMNS, SUMMARY_JOINS),
        );
        let rows: Vec<CaseRow> =
            read!(self, p => bind_all!(sqlx::query_as(&sql), &args).fetch_all(p).await)?;
        rows.into_iter().map(CaseSummary::try_from).collect()
    }

    /// The places in the listing's order of [`Storage::list_view`]'s cases.
    async fn places(
        &self,
        viewer: &Viewer,
        query: &InboxQuery,
        now: i64,
        limit: i64,
        from_tag: bool,
    ) -> StorageResult<Vec<Place>> {
        let columns = if from_tag {
            "SELECT t.case_id AS id, t.due_key, t.priority, t.created_at, c.updated_at"
        } else {
            "SELECT c.id, COALESCE(c.sla_due_at, 9223372036854775807) AS due_key, c.priority, \
             c.created_at, c.updated_at"
        };
        let (sql, args) = self.listing_sql(viewer, query, (now, limit, from_tag), (columns, ""));
        Ok(read!(self, p => bind_all!(sqlx::query_as(&sql), &args).fetch_all(p).await)?)
    }

    /// The summaries of `ids`, in no particular order.
    async fn summaries(&self, ids: impl Iterator<Item = i64>) -> StorageResult<Vec<CaseSummary>> {
        let mut b = Built::default();
        let list: Vec<String> = ids.map(|id| b.arg(Arg::Int(id))).collect();
        if list.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("{SUMMARY_SELECT} WHERE c.id IN ({})", list.join(", "));
        let rows: Vec<CaseRow> =
            read!(self, p => bind_all!(sqlx::query_as(&sql), &b.args).fetch_all(p).await)?;
        rows.into_iter().map(CaseSummary::try_from).collect()
    }

    /// A listing's SQL selecting `columns` (with their `joins`), and its
    /// arguments. Read from a tag, SQLite's `CROSS JOIN` keeps the tag's rows
    /// the outer loop, so the walk follows their index; PostgreSQL plans it
    /// from the limit.
    fn listing_sql(
        &self,
        viewer: &Viewer,
        query: &InboxQuery,
        (now, limit, from_tag): (i64, i64, bool),
        (columns, joins): (&str, &str),
    ) -> (String, Vec<Arg>) {
        let mut b = build(query, viewer, now, from_tag);
        let where_clause = b.where_clause();
        let limit = b.arg(Arg::Int(limit));
        let order = order_by(query, from_tag);
        let from = match (from_tag, &self.backend) {
            (false, _) => "cases c",
            (true, Backend::Sqlite { .. }) => "case_tags t CROSS JOIN cases c ON c.id = t.case_id",
            (true, Backend::Postgres(_)) => "case_tags t JOIN cases c ON c.id = t.case_id",
        };
        let sql = format!("{columns} FROM {from}{joins}{where_clause}{order} LIMIT {limit}");
        (sql, b.args)
    }

    /// Cases per view for `viewer`.
    #[tracing::instrument(skip(self, viewer), err)]
    pub async fn inbox_counts(&self, viewer: &Viewer, now: i64) -> StorageResult<InboxCounts> {
        // Open cases come from the counters the `open_counts` triggers keep
        // (a row per queue and assignee, 0 for none), never from the cases.
        let rows: Vec<(i64, i64, i64, i64)> = read!(self, p => sqlx::query_as(
            "SELECT queue_id, CAST(SUM(CASE WHEN assignee_id = $1 THEN n ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN assignee_id = 0 THEN n ELSE 0 END) AS BIGINT), CAST(SUM(n) AS BIGINT) \
             FROM open_counts WHERE ($2 OR queue_id IN (SELECT queue_id FROM queue_members WHERE user_id = $1)) \
             GROUP BY queue_id HAVING SUM(n) > 0 ORDER BY queue_id")
            .bind(viewer.id.0).bind(viewer.all_queues).fetch_all(p).await)?;
        // Recently solved: counted on the index `cases_done_by_queue_updated`
        // alone, queue by queue for an agent (the scope written plainly here,
        // so the planner uses that index).
        let mut done = Built::default();
        if !viewer.all_queues {
            let me = done.arg(Arg::Int(viewer.id.0));
            done.and(format!(
                "c.queue_id IN (SELECT queue_id FROM queue_members WHERE user_id = {me})"
            ));
        }
        done.and(DONE.into());
        let since = done.arg(Arg::Int(now - RECENTLY_SOLVED_MS));
        done.and(format!("c.updated_at >= {since}"));
        let sql = format!("SELECT COUNT(*) FROM cases c{}", done.where_clause());
        let (recently_solved,): (i64,) =
            read!(self, p => bind_all!(sqlx::query_as(&sql), &done.args).fetch_one(p).await)?;
        Ok(InboxCounts {
            mine: rows.iter().map(|r| r.1).sum(),
            unassigned: rows.iter().map(|r| r.2).sum(),
            all_open: rows.iter().map(|r| r.3).sum(),
            recently_solved,
            queues: rows.iter().map(|r| (QueueId(r.0), r.3)).collect(),
        })
    }

    /// Every queue and every active agent with their queues and presence.
    #[tracing::instrument(skip(self), err)]
    pub async fn directory(&self) -> StorageResult<Directory> {
        let queues: Vec<(i64, String)> = read!(self, p => sqlx::query_as(
            "SELECT id, name FROM queues ORDER BY name").fetch_all(p).await)?;
        let agents: Vec<(i64, String, String)> = read!(self, p => sqlx::query_as(
            "SELECT id, name, presence FROM users WHERE active AND role = 'agent' ORDER BY name").fetch_all(p).await)?;
        let members: Vec<(i64, i64)> = read!(self, p => sqlx::query_as(
            "SELECT user_id, queue_id FROM queue_members ORDER BY user_id, queue_id").fetch_all(p).await)?;
        Ok(Directory {
            queues: queues
                .into_iter()
                .map(|(id, name)| QueueRef {
                    id: QueueId(id),
                    name,
                })
                .collect(),
            agents: agents
                .into_iter()
                .map(|(id, name, presence)| AgentRef {
                    id: UserId(id),
                    name,
                    presence: Presence::parse(&presence).unwrap_or(Presence::Offline),
                    queues: members
                        .iter()
                        .filter(|(u, _)| *u == id)
                        .map(|(_, q)| QueueId(*q))
                        .collect(),
                })
                .collect(),
        })
    }
}
