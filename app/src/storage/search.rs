//! Global search over what the viewer may see: cases by number and subject,
//! messages, replies and notes by their words, customers by name, email or
//! phone, bookings by the start of their confirmation number.
//!
//! The word indexes differ per backend (FTS5 tables on SQLite, GIN expression
//! indexes on PostgreSQL; see the `search` migrations), so each group has one
//! query per backend; both take the same words, prefix-matched, all required,
//! newest first.

use super::{Backend, Storage, StorageResult};
use crate::domain::search::{
    snippet, BookingHit, CaseHit, CustomerHit, MessageHit, SearchQuery, SearchResults, GROUP_LIMIT,
};
use crate::domain::{CaseId, CustomerId, EntryId, Viewer};

/// The viewer's queues as a condition on `c.queue_id` (`$1`: sees every queue, `$2`: the viewer).
const SCOPE: &str = "($1 OR c.queue_id IN (SELECT queue_id FROM queue_members WHERE user_id = $2))";

/// The newest case of customer `cu` the viewer may open.
const LATEST_CASE: &str = "(SELECT MAX(c.id) FROM cases c WHERE c.customer_id = cu.id AND \
     ($1 OR c.queue_id IN (SELECT queue_id FROM queue_members WHERE user_id = $2)))";

/// The timeline kinds search looks into (system events are not words people wrote).
const WORDY_KINDS: &str = "('customer_message', 'agent_reply', 'internal_note', 'bot_message')";

/// PostgreSQL: the words of a text column, exactly as its index is built.
fn pg_words(expr: &str) -> String {
    format!("to_tsvector('simple', regexp_replace({expr}, '[^[:alnum:]]+', ' ', 'g'))")
}

/// The words of the search as each backend's full-text syntax wants them: all
/// required, each a prefix. Terms hold letters and digits only, so nothing
/// needs escaping.
fn fts_query(backend: &Backend, terms: &[String]) -> String {
    match backend {
        Backend::Sqlite { .. } => terms
            .iter()
            .map(|t| format!("\"{t}\"*"))
            .collect::<Vec<_>>()
            .join(" "),
        Backend::Postgres(_) => terms
            .iter()
            .map(|t| format!("{t}:*"))
            .collect::<Vec<_>>()
            .join(" & "),
    }
}

type CaseHitRow = (i64, String, String, String, String);
type MessageRow = (i64, i64, String, String, String, String, i64);
type CustomerRow = (i64, String, Option<String>, Option<String>, Option<i64>);
type BookingRow = (i64, String, String, String, String, Option<i64>);

const CASE_HIT_SELECT: &str = "SELECT c.id, c.subject, c.status, cu.name, q.name FROM cases c \
     JOIN customers cu ON cu.id = c.customer_id JOIN queues q ON q.id = c.queue_id";

impl Storage {
    /// Everything `query` finds that `viewer` may see, at most
    /// [`GROUP_LIMIT`] per group, newest first.
    #[tracing::instrument(skip(self, viewer), err)]
    pub async fn search(
        &self,
        viewer: &Viewer,
        query: &SearchQuery,
    ) -> StorageResult<SearchResults> {
        let mut cases = Vec::new();
        if let Some(id) = query.case_number {
            cases.extend(self.case_by_number(viewer, id).await?);
        }
        let mut messages = Vec::new();
        let mut customers = Vec::new();
        if !query.terms.is_empty() {
            let fts = fts_query(&self.backend, &query.terms);
            for hit in self.cases_by_subject(viewer, &fts).await? {
                if cases.len() < GROUP_LIMIT && !cases.iter().any(|c: &CaseHit| c.id == hit.id) {
                    cases.push(hit);
                }
            }
            messages = self.messages_by_words(viewer, &fts, &query.terms).await?;
            customers = self.customers_by_words(viewer, &fts).await?;
        }
        let bookings = match &query.confirmation {
            Some(prefix) => self.bookings_by_confirmation(viewer, prefix).await?,
            None => Vec::new(),
        };
        Ok(SearchResults {
            cases,
            messages,
            customers,
            bookings,
        })
    }

    /// Runs one group's query: `$1` and `$2` the viewer's scope, `$3` what to
    /// match, `$4` the most rows.
    async fn scoped<T>(
        &self,
        sql: &str,
        viewer: &Viewer,
        text: &str,
        limit: i64,
    ) -> StorageResult<Vec<T>>
    where
        T: Send
            + Unpin
            + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
    {
        Ok(super::read!(self, p => sqlx::query_as(sql)
            .bind(viewer.all_queues).bind(viewer.id.0).bind(text).bind(limit)
            .fetch_all(p).await)?)
    }

    async fn case_by_number(&self, viewer: &Viewer, id: CaseId) -> StorageResult<Option<CaseHit>> {
        let sql = format!("{CASE_HIT_SELECT} WHERE {SCOPE} AND c.id = $3");
        let row: Option<CaseHitRow> = super::read!(self, p => sqlx::query_as(&sql)
            .bind(viewer.all_queues).bind(viewer.id.0).bind(id.0).fetch_optional(p).await)?;
        Ok(row.map(case_hit))
    }

    async fn cases_by_subject(&self, viewer: &Viewer, fts: &str) -> StorageResult<Vec<CaseHit>> {
        let limit = GROUP_LIMIT as i64;
        let sql = match &self.backend {
            Backend::Sqlite { .. } => format!(
                "SELECT c.id, c.subject, c.status, cu.name, q.name FROM cases_fts \
                 JOIN cases c ON c.id = cases_fts.rowid JOIN customers cu ON cu.id = c.customer_id \
                 JOIN queues q ON q.id = c.queue_id WHERE cases_fts MATCH $3 AND {SCOPE} \
                 ORDER BY cases_fts.rowid DESC LIMIT $4"
            ),
            Backend::Postgres(_) => format!(
                "{CASE_HIT_SELECT} WHERE {} @@ to_tsquery('simple', $3) AND {SCOPE} \
                 ORDER BY c.id DESC LIMIT $4",
                pg_words("c.subject")
            ),
        };
        let rows: Vec<CaseHitRow> = self.scoped(&sql, viewer, fts, limit).await?;
        Ok(rows.into_iter().map(case_hit).collect())
    }

    /// The newest matching entry of each case, newest first.
    async fn messages_by_words(
        &self,
        viewer: &Viewer,
        fts: &str,
        terms: &[String],
    ) -> StorageResult<Vec<MessageHit>> {
        // Several hits on one case are listed once: read a few more than shown.
        let limit = (GROUP_LIMIT * 4) as i64;
        let columns = "e.id, e.case_id, c.subject, e.kind, e.author_name, e.body, e.created_at";
        let sql = match &self.backend {
            Backend::Sqlite { .. } => format!(
                "SELECT {columns} FROM entries_fts JOIN timeline_entries e ON e.id = entries_fts.rowid \
                 JOIN cases c ON c.id = e.case_id WHERE entries_fts MATCH $3 AND e.kind IN {WORDY_KINDS} \
                 AND {SCOPE} ORDER BY entries_fts.rowid DESC LIMIT $4"
            ),
            Backend::Postgres(_) => format!(
                "SELECT {columns} FROM timeline_entries e JOIN cases c ON c.id = e.case_id \
                 WHERE {} @@ to_tsquery('simple', $3) AND e.kind IN {WORDY_KINDS} AND {SCOPE} \
                 ORDER BY e.id DESC LIMIT $4",
                pg_words("e.body")
            ),
        };
        let rows: Vec<MessageRow> = self.scoped(&sql, viewer, fts, limit).await?;
        let mut hits: Vec<MessageHit> = Vec::new();
        for (id, case_id, subject, kind, author_name, body, at) in rows {
            if hits.len() == GROUP_LIMIT {
                break;
            }
            if hits.iter().any(|h| h.case_id.0 == case_id) {
                continue;
            }
            hits.push(MessageHit {
                entry_id: EntryId(id),
                case_id: CaseId(case_id),
                case_subject: subject,
                kind,
                author_name,
                snippet: snippet(&body, terms),
                at,
            });
        }
        Ok(hits)
    }

    /// Customers with a case the viewer may open (any customer for those who see every queue).
    async fn customers_by_words(
        &self,
        viewer: &Viewer,
        fts: &str,
    ) -> StorageResult<Vec<CustomerHit>> {
        let limit = GROUP_LIMIT as i64;
        let select = format!("SELECT cu.id, cu.name, cu.email, cu.phone, {LATEST_CASE}");
        let visible = "($1 OR EXISTS (SELECT 1 FROM cases c WHERE c.customer_id = cu.id AND \
             c.queue_id IN (SELECT queue_id FROM queue_members WHERE user_id = $2)))";
        let sql = match &self.backend {
            Backend::Sqlite { .. } => format!(
                "{select} FROM customers_fts JOIN customers cu ON cu.id = customers_fts.rowid \
                 WHERE customers_fts MATCH $3 AND {visible} ORDER BY cu.name, cu.id LIMIT $4"
            ),
            Backend::Postgres(_) => {
                let words = pg_words(
                    "cu.name || ' ' || COALESCE(cu.email, '') || ' ' || COALESCE(cu.phone, '') || ' ' \
                     || regexp_replace(COALESCE(cu.phone, ''), '[^0-9]+', '', 'g')",
                );
                format!(
                    "{select} FROM customers cu WHERE {words} @@ to_tsquery('simple', $3) AND {visible} \
                     ORDER BY cu.name, cu.id LIMIT $4"
                )
            }
        };
        let rows: Vec<CustomerRow> = self.scoped(&sql, viewer, fts, limit).await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, email, phone, latest)| CustomerHit {
                id: CustomerId(id),
                name,
                email,
                phone,
                latest_case: latest.map(CaseId),
            })
            .collect())
    }

    /// Bookings whose confirmation starts with `prefix` (letters, digits and
    /// dashes only: no pattern character can reach the query).
    async fn bookings_by_confirmation(
        &self,
        viewer: &Viewer,
        prefix: &str,
    ) -> StorageResult<Vec<BookingHit>> {
        debug_assert!(prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        let (op, pattern) = match &self.backend {
            // GLOB is case-sensitive, like the unique index it walks.
            Backend::Sqlite { .. } => ("GLOB", format!("{prefix}*")),
            Backend::Postgres(_) => ("LIKE", format!("{prefix}%")),
        };
        let sql = format!(
            "SELECT b.id, b.confirmation, b.vehicle, b.status, cu.name, {LATEST_CASE} FROM bookings b \
             JOIN customers cu ON cu.id = b.customer_id WHERE b.confirmation {op} $3 \
             AND ($1 OR EXISTS (SELECT 1 FROM cases c WHERE c.customer_id = cu.id AND \
             c.queue_id IN (SELECT queue_id FROM queue_members WHERE user_id = $2))) \
             ORDER BY b.confirmation LIMIT $4"
        );
        let rows: Vec<BookingRow> = self
            .scoped(&sql, viewer, &pattern, GROUP_LIMIT as i64)
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, confirmation, vehicle, status, customer_name, latest)| BookingHit {
                    id,
                    confirmation,
                    vehicle,
                    status,
                    customer_name,
                    latest_case: latest.map(CaseId),
                },
            )
            .collect())
    }
}

fn case_hit((id, subject, status, customer_name, queue_name): CaseHitRow) -> CaseHit {
    CaseHit {
        id: CaseId(id),
        subject,
        status,
        customer_name,
        queue_name,
    }
}
