//! QA reviews: each agent's weekly sample of solved cases, and the reviews.

use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::review::{pick, sample_size, Review, ReviewDraft, Sample, SampleCase, Scores};
use crate::domain::{CaseId, UserId};

const WEEK_MS: i64 = 7 * 86_400_000;

fn field(field: &'static str, reason: impl Into<String>) -> StorageError {
    StorageError::Field {
        field,
        reason: reason.into(),
    }
}

type ReviewRow = (
    i64,
    i64,
    String,
    i64,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    String,
    i64,
);

const REVIEW_SELECT: &str =
    "SELECT r.id, r.case_id, c.subject, r.agent_id, a.name, r.reviewer_name, \
     r.accuracy, r.tone, r.process, r.efficiency, r.comment, r.created_at \
     FROM qa_reviews r JOIN cases c ON c.id = r.case_id JOIN users a ON a.id = r.agent_id";

fn review(r: ReviewRow) -> Review {
    let score = |s: i64| s.clamp(0, 5) as u8;
    Review {
        id: r.0,
        case_id: CaseId(r.1),
        subject: r.2,
        agent_id: UserId(r.3),
        agent_name: r.4,
        reviewer_name: r.5,
        scores: Scores {
            accuracy: score(r.6),
            tone: score(r.7),
            process: score(r.8),
            efficiency: score(r.9),
        },
        comment: r.10,
        created_at: r.11,
    }
}

impl Storage {
    /// `agent`'s sample for the week starting `week` (a Monday): `asked`
    /// cases (kept within 5 to 10) of those they solved that week, with the
    /// reviews written so far.
    pub async fn qa_sample(&self, agent: UserId, week: i64, asked: u32) -> StorageResult<Sample> {
        let solved_at = "COALESCE(r.met_at, c.updated_at)";
        let sql = format!(
            "SELECT c.id, c.subject, cu.name, {solved_at}, q.id FROM cases c \
             JOIN customers cu ON cu.id = c.customer_id \
             LEFT JOIN sla_clocks r ON r.case_id = c.id AND r.kind = 'resolution' \
             LEFT JOIN qa_reviews q ON q.case_id = c.id \
             WHERE c.assignee_id = $1 AND c.status IN ('solved', 'closed') AND c.merged_into IS NULL \
             AND {solved_at} >= $2 AND {solved_at} < $3"
        );
        let rows: Vec<(i64, String, String, i64, Option<i64>)> = read!(self, p => sqlx::query_as(&sql)
            .bind(agent.0).bind(week).bind(week + WEEK_MS).fetch_all(p).await)?;
        let candidates: Vec<(CaseId, bool)> = rows
            .iter()
            .map(|(id, .., review)| (CaseId(*id), review.is_some()))
            .collect();
        let picked = pick(&candidates, agent, week, sample_size(asked) as usize);
        let reviews = self.reviews(Some(agent), 500).await?;
        let cases = picked
            .iter()
            .filter_map(|id| rows.iter().find(|r| r.0 == id.0))
            .map(|(id, subject, customer, solved_at, _)| SampleCase {
                case_id: CaseId(*id),
                subject: subject.clone(),
                customer_name: customer.clone(),
                solved_at: *solved_at,
                review: reviews.iter().find(|r| r.case_id.0 == *id).cloned(),
            })
            .collect();
        Ok(Sample {
            agent_id: agent,
            week,
            solved: rows.len() as i64,
            cases,
        })
    }

    /// Saves a review by `reviewer` of a solved case; one review per case.
    /// Refused with the field at fault.
    pub async fn save_review(
        &self,
        reviewer: UserId,
        reviewer_name: &str,
        draft: ReviewDraft,
    ) -> StorageResult<Review> {
        let d = draft.normalise().map_err(|(f, why)| field(f, why))?;
        let now = self.now();
        let id = write!(self, p => {
            let mut tx = p.begin().await?;
            let case: Option<(String, Option<i64>)> = sqlx::query_as(
                "SELECT status, assignee_id FROM cases WHERE id = $1")
                .bind(d.case_id.0).fetch_optional(&mut *tx).await?;
            let (status, assignee) = case.ok_or(StorageError::NotFound)?;
            let agent = match (status.as_str(), assignee) {
                ("solved" | "closed", Some(a)) => a,
                _ => return Err(field("case", "Only solved cases with an agent are reviewed.")),
            };
            let s = d.scores;
            let row: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO qa_reviews (case_id, agent_id, reviewer_id, reviewer_name, accuracy, tone, \
                 process, efficiency, comment, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (case_id) DO NOTHING RETURNING id")
                .bind(d.case_id.0).bind(agent).bind(reviewer.0).bind(reviewer_name)
                .bind(i64::from(s.accuracy)).bind(i64::from(s.tone)).bind(i64::from(s.process))
                .bind(i64::from(s.efficiency)).bind(&d.comment).bind(now)
                .fetch_optional(&mut *tx).await?;
            let (id,) = row.ok_or_else(|| field("case", "This case has a review already."))?;
            tx.commit().await?;
            Ok::<_, StorageError>(id)
        })?;
        let sql = format!("{REVIEW_SELECT} WHERE r.id = $1");
        let row: ReviewRow = read!(self, p => sqlx::query_as(&sql).bind(id).fetch_one(p).await)?;
        Ok(review(row))
    }

    /// Reviews, newest first: of one agent, or (`None`) of everyone.
    pub async fn reviews(&self, agent: Option<UserId>, limit: i64) -> StorageResult<Vec<Review>> {
        let sql = format!(
            "{REVIEW_SELECT} WHERE ($1 OR r.agent_id = $2) ORDER BY r.created_at DESC, r.id DESC LIMIT $3"
        );
        let rows: Vec<ReviewRow> = read!(self, p => sqlx::query_as(&sql)
            .bind(agent.is_none()).bind(agent.map_or(0, |a| a.0)).bind(limit).fetch_all(p).await)?;
        Ok(rows.into_iter().map(review).collect())
    }
}
