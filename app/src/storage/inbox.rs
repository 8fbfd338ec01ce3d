//! The workspace's listings: a view with filters and a sort, counts per view,
//! and the directory of queues and agents. The SQL mirrors
//! [`InboxQuery::matches`] and [`InboxQuery::compare`]; the storage suite
//! checks that the two agree.

use super::cases::{CaseRow, SLA_LEVEL_SQL, SUMMARY_SELECT};
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
    /// Counts the tag's open cases in the listing's queues and takes
    /// [`TagPlan::FromTag`] below [`TAG_FIRST_BELOW`], [`TagPlan::Walk`] above.
    Auto,
    /// Reads the tag's cases and sorts them (few cases have the tag).
    FromTag,
    /// Walks the index of the listing's order and checks each case's tags
    /// (many have it: the walk meets enough of them soon).
    Walk,
}

/// Below this many open cases with the tag, a listing reads them from the tag.
/// Above it the walk meets one in every `open cases / TAG_FIRST_BELOW` cases.
///
/// Measured at 1,000,000 cases (700,000 open, BENCHMARKS.md): reading from
/// the tag costs about 9 µs a case (they lie anywhere in the table), the walk
/// about 5 µs a case it passes, `200 × open / N` of them. The two meet near
/// 9,000, at about 80 ms: a tag that common is still slow (next step: the
/// tag's rows carrying the listing's order, walked in it).
pub const TAG_FIRST_BELOW: i64 = 9_000;

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
            // The open cases with the tag in the listing's queues, a range of
            // `case_tags_open_by_tag_queue`; the listing's other conditions
            // still apply to each.
            let queues = listing_queues(viewer, query);
            let in_queues = if queues.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = queues.iter().map(|q| b.arg(Arg::Int(q.0))).collect();
                format!(" AND t.queue_id IN ({})", list.join(", "))
            };
            b.and(format!(
                "c.id IN (SELECT t.case_id FROM case_tags t WHERE t.tag = {p} AND t.case_open{in_queues})"
            ));
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
/// Read from a tag, the few cases are sorted instead: each term is written so
/// that no index matches it (`+ 0`, `|| ''`), or the planner would walk the
/// whole index of the order and check each case against the tag's list.
fn order_by(query: &InboxQuery, from_tag: bool) -> String {
    const DUE: &str = "COALESCE(c.sla_due_at, 9223372036854775807)";
    let terms: &[(&str, &str)] = if query.by_solved() {
        // `cases_done_by_queue_updated` (SQLite appends the id) and `cases_done_by_updated`.
        &[("c.updated_at", " DESC"), ("c.id", " DESC")]
    } else {
        match query.sort {
            InboxSort::SlaDue => &[(DUE, ""), ("c.id", "")],
            InboxSort::Newest => &[("c.created_at", " DESC"), ("c.id", " DESC")],
            InboxSort::Priority => &[("c.priority", ""), (DUE, ""), ("c.id", "")],
        }
    };
    let terms: Vec<String> = terms
        .iter()
        .map(|(term, dir)| match (from_tag, *term) {
            (false, _) => format!("{term}{dir}"),
            (true, "c.priority") => format!("{term} || ''{dir}"),
            (true, _) => format!("{term} + 0{dir}"),
        })
        .collect();
    format!(" ORDER BY {}", terms.join(", "))
}

/// The queues a listing can show: the one it names, or the viewer's (none: every queue).
fn listing_queues(viewer: &Viewer, query: &InboxQuery) -> Vec<QueueId> {
    match (query.view, query.filter.queue) {
        (_, Some(q)) | (InboxView::Queue(q), None) => vec![q],
        _ if viewer.all_queues => Vec::new(),
        _ => viewer.queues.clone(),
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
        // An agent's listing over several queues: one walk per queue (each
        // down an index that starts with the queue and stops at `limit`),
        // merged in the view's order. The first `limit` of the whole listing
        // are among the first `limit` of each queue.
        let split = !viewer.all_queues
            && viewer.queues.len() > 1
            && query.filter.queue.is_none()
            && !matches!(query.view, InboxView::Queue(_));
        if split {
            let mut all = Vec::new();
            for q in &viewer.queues {
                let mut one = query.clone();
                one.filter.queue = Some(*q);
                all.extend(self.list_view(viewer, &one, now, limit, plan).await?);
            }
            all.sort_by(|a, b| query.compare(a, b));
            all.truncate(limit.max(0) as usize);
            return Ok(all);
        }
        self.list_view(viewer, query, now, limit, plan).await
    }

    /// One listing as a single query.
    async fn list_view(
        &self,
        viewer: &Viewer,
        query: &InboxQuery,
        now: i64,
        limit: i64,
        plan: TagPlan,
    ) -> StorageResult<Vec<CaseSummary>> {
        let from_tag = match (&query.filter.tag, plan) {
            // Solved cases are not in the tag's open range.
            (None, _) | (_, TagPlan::Walk) => false,
            _ if query.view == InboxView::RecentlySolved => false,
            (Some(_), TagPlan::FromTag) => true,
            (Some(tag), TagPlan::Auto) => {
                self.open_with_tag(tag, &listing_queues(viewer, query), TAG_FIRST_BELOW)
                    .await?
                    < TAG_FIRST_BELOW
            }
        };
        let mut b = build(query, viewer, now, from_tag);
        let where_clause = b.where_clause();
        let limit = b.arg(Arg::Int(limit));
        let sql = format!(
            "{SUMMARY_SELECT}{where_clause}{} LIMIT {limit}",
            order_by(query, from_tag)
        );
        let rows: Vec<CaseRow> =
            read!(self, p => bind_all!(sqlx::query_as(&sql), &b.args).fetch_all(p).await)?;
        rows.into_iter().map(CaseSummary::try_from).collect()
    }

    /// Open cases with `tag` in `queues` (every queue when empty), counted up
    /// to `cap`: what chooses the plan of a tag filter.
    pub async fn open_with_tag(
        &self,
        tag: &str,
        queues: &[QueueId],
        cap: i64,
    ) -> StorageResult<i64> {
        let mut b = Built::default();
        let p = b.arg(Arg::Text(tag.into()));
        b.and(format!("tag = {p}"));
        b.and("case_open".into());
        if !queues.is_empty() {
            let list: Vec<String> = queues.iter().map(|q| b.arg(Arg::Int(q.0))).collect();
            b.and(format!("queue_id IN ({})", list.join(", ")));
        }
        let cap = b.arg(Arg::Int(cap));
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM case_tags{} LIMIT {cap}) capped",
            b.where_clause()
        );
        let (n,): (i64,) =
            read!(self, p => bind_all!(sqlx::query_as(&sql), &b.args).fetch_one(p).await)?;
        Ok(n)
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
